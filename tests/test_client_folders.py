"""Client folders as they come (issue 17, "done when"): a whole TikTok Studio download, a classic
Facebook post-level + video + page export, and a page-only folder each import, then run through a
``make demo``-style batch (every analysis notebook, HTML reports, index) with the import's notes.

The folders are tests/data/exports (synthetic files written from documented layouts, and small real
excerpts under MIT; see tests/data/README.md). Kernel starts dominate the time (about a minute on
2 cores), so one batch serves every assertion.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import socialroi as sr

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "exports"
CLIENTS = {  # name -> (exports folder, posts expected)
    "Maison Test TikTok": ("tiktok_studio", 6),
    "Maison Test Facebook": ("facebook_classic", 11),
    "Forges Test pages": ("page_only", 0),
}
NOTEBOOKS = ["01_engagement", "02_awareness", "03_loyalty", "04_market_share", "05_roi"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    base = tmp_path_factory.mktemp("clients")
    entries = []
    for name, (folder, _) in CLIENTS.items():
        out = base / "datasets" / sr.batch.slugify(name)
        sr.importers.import_exports(DATA / folder, out, name=name, brand=name, locale="en",
                                    timezone="Europe/Paris")
        entries.append({"name": name, "data_dir": str(out)})
    config = {"notebooks_dir": str(ROOT / "notebooks"), "defaults": {"parameters": {"locale": "en"}},
              "clients": entries}
    table = sr.batch.run(config, out=base / "reports", workers=2, progress=False)
    return base, table


@pytest.mark.slow
def test_every_client_and_notebook_runs(demo):
    base, table = demo
    assert len(table) == len(CLIENTS) * len(NOTEBOOKS)
    failed = table[table["status"] != "ok"]
    assert failed.empty, failed[["client", "notebook", "cell", "error"]].to_string()
    assert (base / "reports" / "index.html").is_file() and (base / "reports" / "summary.csv").is_file()
    for name, (_, n_posts) in CLIENTS.items():
        rows = table[table["client"] == name]
        for _, row in rows.iterrows():
            results = json.loads(Path(row["results"]).read_text(encoding="utf-8"))
            assert results["n_posts"] == n_posts, (name, row["notebook"])
            assert Path(row["report"]).is_file()


def _html(table: pd.DataFrame, client: str, notebook: str) -> str:
    row = table[(table["client"] == client) & (table["notebook"] == notebook)].iloc[0]
    return " ".join(Path(row["report"]).read_text(encoding="utf-8").split())


@pytest.mark.slow
def test_reports_carry_the_notes_of_the_import(demo):
    _, table = demo
    # TikTok: the year of the days written without one, and the exposure counts the export has
    tiktok = _html(table, "Maison Test TikTok", "01_engagement")
    assert "written without a year" in tiktok and "Content.csv" in tiktok
    assert "rates on reach cannot be computed for TikTok" in tiktok
    # classic Facebook: the zone its naive times were read in, and why
    facebook = _html(table, "Maison Test Facebook", "03_loyalty")
    assert "Facebook times" in facebook and "America/Los_Angeles" in facebook and "source_timezone=" in facebook
    # page-level exports only: what needs posts says so
    pages = _html(table, "Forges Test pages", "01_engagement")
    assert "no posts — the dataset holds no post-level data" in pages
    assert "the dataset has no posts, and this analysis needs one row per post" in pages
    churn = json.loads(Path(table[(table["client"] == "Forges Test pages")
                                  & (table["notebook"] == "03_loyalty")]["results"].iloc[0]).read_text())
    assert churn["churn_rate"] is not None and 0 <= churn["churn_rate"] < 1
