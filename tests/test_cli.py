"""Command line: validate prints per table rows and dates, and exits 1 on unusable data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

import socialroi as sr
from socialroi.cli import main


def test_validate_ok_on_a_sample(capsys):
    assert main(["validate", str(sr.io.sample_path("forges-de-l-est"))]) == 0
    out = capsys.readouterr().out
    assert "posts" in out and "241 rows" in out and "2024-01-03 → 2025-12-28" in out
    assert "OK" in out


def test_validate_fails_with_every_problem(tmp_path, capsys):
    folder = tmp_path / "bad"
    shutil.copytree(sr.io.sample_path("forges-de-l-est"), folder)
    posts = (folder / "posts.csv").read_text(encoding="utf-8").splitlines()
    header = posts[0].split(",")
    i_reach = header.index("reach")
    row = posts[1].split(",")
    row[i_reach] = "-5"
    posts[1] = ",".join(row)
    (folder / "posts.csv").write_text("\n".join(posts) + "\n", encoding="utf-8")
    (folder / "spend.csv").write_text("date,channel,amount\n2024-13-45,x,abc\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "posts.csv" in err and "'reach'" in err and "line 2" in err and "-5" in err
    assert "spend.csv" in err and "'date'" in err and "'amount'" in err and "'abc'" in err


def test_console_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "socialroi", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and sr.__version__ in proc.stdout


def test_kpis_prints_the_board(capsys):
    assert main(["kpis", str(sr.io.sample_path("forges-de-l-est")), "--freq", "QS", "--last", "1"]) == 0
    out = capsys.readouterr().out
    assert "engagement_rate" in out and "linkedin" in out and "youtube" in out


def test_import_then_validate_end_to_end(reference_dir, tmp_path, capsys):
    exports = reference_dir / "exports" / "x_twitter"
    out = tmp_path / "client"
    assert main(["import", str(exports), "--out", str(out), "--name", "rOpenSci", "--locale", "en"]) == 0
    printed = capsys.readouterr().out
    assert "x_twitter" in printed or "tweet" in printed.lower()
    assert (out / "import_report.md").is_file()
    assert main(["validate", str(out)]) == 0
    ds = sr.load_dataset(out)
    assert ds.meta["name"] == "rOpenSci" and set(ds.posts["platform"]) == {"x"}


def test_import_of_an_unrecognised_file_fails_clearly(tmp_path, capsys):
    src = tmp_path / "exports"
    src.mkdir()
    (src / "notes.csv").write_text("foo;bar\n1;2\n", encoding="utf-8")
    assert main(["import", str(src), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "notes.csv" in err


def test_import_options_for_year_less_days_and_unknown_files(tmp_path, capsys):
    # issue 17: --end-date / --year give the year of TikTok days; unknown files are skipped unless
    # --fail-on-unrecognised
    src = tmp_path / "exports"
    src.mkdir()
    shutil.copyfile(Path(__file__).parent / "data" / "exports" / "tiktok_studio" / "Overview.csv", src / "Overview.csv")
    (src / "notes.csv").write_text("foo;bar\n1;2\n", encoding="utf-8")
    assert main(["import", str(src), "--out", str(tmp_path / "a")]) == 1
    assert "end_date=" in capsys.readouterr().err
    assert main(["import", str(src), "--out", str(tmp_path / "b"), "--end-date", "2026-01-18"]) == 0
    assert "notes.csv" in capsys.readouterr().out  # skipped, and named in the report
    ds = sr.load_dataset(tmp_path / "b")
    assert ds.audience["date"].max() == pd.Timestamp("2026-01-18") and ds.posts is None
    assert main(["import", str(src), "--out", str(tmp_path / "c"), "--year", "2026", "--fail-on-unrecognised"]) == 1
    assert "notes.csv" in capsys.readouterr().err
