"""Command line: validate prints per table rows and dates, and exits 1 on unusable data."""

from __future__ import annotations

import shutil
import subprocess
import sys

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
