"""The sample batch gives the same numbers as before the presentation layer was rewritten (issue 14),
and its reports write numbers the way their language does.

One run (module fixture, ~1 min on 2 cores): the client report and the five analysis notebooks of
``socialroi batch`` for both bundled samples in French and in English, and the tutorial with its solutions
(``tools/results_snapshot.py``). Every ``results.json`` is compared with the snapshot stored in
``tests/data/results_snapshot.json`` (taken from main before the rewrite): numbers to 1e-9
relative, texts exactly. Every HTML report and every row of ``index.html`` is then read as a
reader sees it (visible text, no CSS or scripts): a French report never shows a "." between
digits, an English one never a decimal ",".
"""

from __future__ import annotations

import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "data" / "results_snapshot.json"

_spec = importlib.util.spec_from_file_location("results_snapshot", ROOT / "tools" / "results_snapshot.py")
snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot)

#: a decimal point between digits (French reports use a comma)
FR_BAD = re.compile(r"\d\.\d")
#: a decimal comma in English: a comma not followed by exactly three digits (1,137 groups thousands)
EN_BAD = re.compile(r"(?<![\d,])0,\d|\d,\d{1,2}(?!\d)|\d,\d{4,}")
#: version numbers (3.11.9, 2.2.3) are not decimals
VERSION = re.compile(r"\d+(?:\.\d+){2,}")


class _Visible(HTMLParser):
    """The text a reader sees: no style, script, code or preformatted blocks."""

    HIDDEN = {"style", "script", "code", "pre"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.depth -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    p = _Visible()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


def decimal_mark_problems(text: str, locale: str) -> list[str]:
    """Places of ``text`` whose decimal mark is not the locale's (the versions table excluded)."""
    cut = text.rfind("Versions")
    text = VERSION.sub(" ", text if cut < 0 else text[:cut])
    pattern = FR_BAD if locale.startswith("fr") else EN_BAD
    return [text[max(0, m.start() - 50): m.end() + 10] for m in pattern.finditer(text)]


def test_the_scanner_finds_wrong_marks():
    # the check must be able to fail: a French "7.1 %" and an English "7,1%" are found, while
    # thousands separators, dates and versions pass
    assert decimal_mark_problems("taux de 7.1 % le 2024-03-01", "fr")
    assert len(decimal_mark_problems("a rate of 7,1% over 1,137 posts", "en")) == 1
    assert decimal_mark_problems("a rate of 7.1% over 1,137 posts on 2024-03-01", "en") == []
    assert decimal_mark_problems("taux de 7,1 % sur 1 137 publications ; pandas 3.1.0", "fr") == []
    assert decimal_mark_problems("ratio 0,50", "en") and decimal_mark_problems("ratio 10,5000", "en")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("same-numbers")
    results, table = snapshot.run_all(out, workers=2)
    return {"results": results, "table": table, "out": out}


@pytest.mark.slow
def test_results_are_the_numbers_of_the_snapshot(batch):
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert snapshot.differences(before, batch["results"]) == []


def test_the_comparison_can_fail():
    before = {"a/01": {"x": 0.1, "y": "mardi 9 h", "z": None}}
    assert snapshot.differences(before, {"a/01": {"x": 0.1 * (1 + 1e-10), "y": "mardi 9 h", "z": None}}) == []
    assert len(snapshot.differences(before, {"a/01": {"x": 0.1 * (1 + 1e-8), "y": "mardi 9 h", "z": None}})) == 1
    assert len(snapshot.differences(before, {"a/01": {"x": 0.1, "y": "mardi 09 h"}})) == 2
    assert snapshot.differences(before, {}) == ["a/01: missing after"]


@pytest.mark.slow
def test_reports_write_numbers_the_way_their_language_does(batch):
    checked = 0
    for rec in batch["table"].to_dict(orient="records"):
        locale = rec["client"].rsplit(" ", 1)[1]
        reports = [Path(rec["report"])]
        if rec["notebook"] == "00_client_report":  # the client report's own page too (issue 15)
            reports.append(Path(rec["report"]).with_name("report.html"))
        for report in reports:
            text = visible_text(report.read_text(encoding="utf-8"))
            assert decimal_mark_problems(text, locale) == [], (rec["client"], rec["notebook"], report.name)
            checked += 1
    # 4 clients (2 samples × 2 languages) × (the client report + 5 analysis notebooks), and the 4
    # client report pages
    assert checked == 28


@pytest.mark.slow
def test_every_row_of_the_index_writes_numbers_in_its_run_language(batch):
    page = (batch["out"] / "batch" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)[1:]
    assert len(rows) == 24  # 4 clients × (the client report + 5 analysis notebooks)
    for row in rows:
        text = visible_text(row)
        locale = text.split()[1]  # the client is "<sample> <locale>"
        assert locale in ("fr", "en")
        assert decimal_mark_problems(text, locale) == [], text[:80]
