"""The client report (issue 15) as a client gets it: report.html, report.pdf, report.pptx and index.html.

One batch (module-scoped, reused by every test): Maison Lumière with the client report and the
engagement notebook (the one detailed report it links) and a post text that is markup, Forges de l'Est and a posts-only
folder with the client report only. Browser tests drive Debian's headless ``chromium`` through
``chromedriver`` (selenium); without them only those tests skip, saying how to install them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import warnings
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

import socialroi as sr
from socialroi import batch, synthesis
from socialroi.narrative.client import headline_texts

ROOT = Path(__file__).resolve().parents[1]
ML = sr.io.sample_path("maison-lumiere")
FE = sr.io.sample_path("forges-de-l-est")
SCRIPT = '<script>alert("x")</script>'
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
INSTALL = "install them with: apt-get install chromium chromium-driver (make test and .ci/run do it when they can)"
needs_browser = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                   reason=f"headless browser tests need chromium and chromedriver: {INSTALL}")
needs_chromium = pytest.mark.skipif(not CHROMIUM, reason=f"the PDF needs chromium: {INSTALL}")


def _ml_with_markup(folder: Path) -> str:
    """A copy of Maison Lumière whose best post of the last quarter has a text that is markup."""
    shutil.copytree(ML, folder)
    ds = sr.load_sample("maison-lumiere")
    periods = synthesis.comparison_periods(ds)
    best = synthesis.what_worked(ds, periods)["best_posts"]["post_id"].iloc[0]
    path = folder / "posts.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("text")
    for r in rows[1:]:
        if r[0] == best:
            r[col] = SCRIPT + " & <b>bold</b>"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return best


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    base = tmp_path_factory.mktemp("client-report")
    data = base / "data"
    _ml_with_markup(data / "ml")
    (data / "posts-only").mkdir(parents=True)
    for f in ("dataset.yml", "posts.csv"):
        shutil.copy(ML / f, data / "posts-only" / f)
    config = {"clients": [
        {"name": "Maison Lumière", "data_dir": str(data / "ml"), "notebooks": ["00_client_report", "01_engagement"]},
        {"name": "Forges de l'Est", "data_dir": str(FE), "notebooks": ["00_client_report"]},
        {"name": "Posts only", "data_dir": str(data / "posts-only"), "notebooks": ["00_client_report"]},
    ]}
    target = base / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = batch.run(config, out=target, workers=2, progress=False)
    failed = table[table["status"] != "ok"]
    assert failed.empty, failed[["client", "notebook", "error"]].to_dict("records")
    return target


CLIENTS = {"maison-lumiere": "fr", "forges-de-l-est": "en", "posts-only": "fr"}


def _folder(out: Path, slug: str) -> Path:
    return out / slug / "00_client_report"


def _results(out: Path, slug: str) -> dict:
    return json.loads((_folder(out, slug) / "results.json").read_text(encoding="utf-8"))


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return _norm(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def _norm(text: str) -> str:
    """Spaces as a reader sees them: no-break and narrow no-break spaces and line breaks are spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def _pptx_texts(path: Path) -> tuple[list[str], str, str]:
    """(slide titles, every text of the slides, every text of the notes)."""
    from pptx import Presentation

    prs = Presentation(str(path))
    titles, texts, notes = [], [], []
    for slide in prs.slides:
        titles.append(slide.shapes.title.text if slide.shapes.title is not None else "")
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts.extend(c.text for row in shape.table.rows for c in row.cells)
        if slide.has_notes_slide:
            notes.append(slide.notes_slide.notes_text_frame.text)
    return titles, _norm(" | ".join(texts)), _norm(" | ".join(notes))


# ---------------------------------------------------------------------------------------------
# Files, planted truths, consistency
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", list(CLIENTS))
def test_every_client_gets_the_three_files_written_whole(out, slug):
    folder = _folder(out, slug)
    for name in ("report.html", "report.pptx", "results.json"):
        assert (folder / name).stat().st_size > 1000 or name == "results.json"
    if CHROMIUM:
        assert (folder / "report.pdf").read_bytes()[:5] == b"%PDF-"
    assert not list(folder.glob(".*tmp*"))  # no temporary file left behind
    html = (folder / "report.html").read_text(encoding="utf-8")
    # self-contained: no script, no external URL, figures as data URIs, a CSP forbidding the network
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    if slug != "posts-only":
        assert html.count('src="data:image/png;base64,') == 5


def test_summary_says_the_planted_verdicts(out):
    # Maison Lumière (fr): engagement, mentions up; churn and cost per engagement down; share of voice
    # no clear change — in words, in the page
    planted = json.loads((ML / "planted.json").read_text(encoding="utf-8"))["period_change"]
    html = (_folder(out, "maison-lumiere") / "report.html").read_text(encoding="utf-8")
    words = {"up": "nettement en hausse", "down": "nettement en baisse", "no clear change": "pas de changement net"}
    for ind, truth in planted.items():
        if isinstance(truth, dict) and "verdict" in truth:
            row = re.search(rf'<tr data-indicator="{ind}">(.*?)</tr>', html, re.S)
            assert row and words[truth["verdict"]] in row.group(1), ind
    fe = (_folder(out, "forges-de-l-est") / "report.html").read_text(encoding="utf-8")
    for ind in ("mentions_per_day", "churn_rate", "share_of_voice"):
        row = re.search(rf'<tr data-indicator="{ind}">(.*?)</tr>', fe, re.S)
        assert row and "no clear change" in row.group(1), ind


def _summary_csv(out: Path) -> dict[tuple[str, str], str]:
    """(client, key) → the cell of summary.csv (``X_ci_low``/``X_ci_high`` sit on X's row)."""
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cells = {}
    for r in rows:
        if r["notebook"] == "00_client_report":
            cells[(r["client"], r["kpi"])] = r["value"]
            cells[(r["client"], r["kpi"] + "_ci_low")] = r["ci_low"]
            cells[(r["client"], r["kpi"] + "_ci_high")] = r["ci_high"]
    return cells


@pytest.mark.parametrize("slug,client", [("maison-lumiere", "Maison Lumière"), ("forges-de-l-est", "Forges de l'Est")])
def test_headline_numbers_are_the_same_in_the_five_outputs(out, slug, client):
    res = _results(out, slug)
    csv_values = _summary_csv(out)
    shown = headline_texts(res, locale=res["locale"], currency=res["currency"])
    assert len(shown) == 5
    folder = _folder(out, slug)
    html = (folder / "report.html").read_text(encoding="utf-8")
    _, slides, _ = _pptx_texts(folder / "report.pptx")
    pdf = _pdf_text(folder / "report.pdf") if CHROMIUM else None
    for ind, s in shown.items():
        # results.json ↔ summary.csv: the same numbers
        for key in (ind, f"{ind}_previous", f"{ind}_change", f"{ind}_change_ci_low", f"{ind}_change_ci_high"):
            v = res[key]
            assert (csv_values[(client, key)] == "" if v is None else float(csv_values[(client, key)]) == v), key
        # results.json ↔ report.html, report.pptx, report.pdf: the same texts
        row = re.search(rf'<tr data-indicator="{ind}">(.*?)</tr>', html, re.S).group(1)
        cells = [_norm(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        assert cells[2:5] == [_norm(s["previous"]), _norm(s["current"]), _norm(s["change"])], ind
        for text in (s["previous"], s["current"], s["change"], s["verdict"]):
            assert _norm(text) in slides, (ind, text)
            if pdf is not None:
                assert _norm(text) in pdf, (ind, text)


def test_markup_in_a_post_text_stays_text(out):
    folder = _folder(out, "maison-lumiere")
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    _, slides, _ = _pptx_texts(folder / "report.pptx")
    assert SCRIPT in slides
    if CHROMIUM:
        assert SCRIPT in _pdf_text(folder / "report.pdf")


def test_posts_only_gets_a_short_report_that_says_what_is_missing(out):
    html = _norm((_folder(out, "posts-only") / "report.html").read_text(encoding="utf-8"))
    assert "Rapport court" in html
    for table in ("mentions.csv", "audience.csv", "spend.csv", "outcomes.csv", "interactions.csv"):
        assert f"Ajouter {table}" in html, table
    assert "la table mentions manque" in html and "la table audience manque" in html
    res = _results(out, "posts-only")
    assert res["engagement_rate_verdict"] == "up" and res["share_of_voice_verdict"] == "unknown"
    assert res["share_of_voice"] is None


def test_slides_hold_the_expected_deck(out):
    titles, texts, notes = _pptx_texts(_folder(out, "maison-lumiere") / "report.pptx")
    assert titles[0].startswith("Notre présence sur les réseaux sociaux est-elle rentable")
    assert titles[1] == "Synthèse"
    assert titles[2:7] == ["Engagement — taux d'engagement", "Notoriété — mentions de la marque par jour",
                           "Fidélisation — attrition des abonnés", "Part de marché — part de voix",
                           "Rendement des dépenses — coût par engagement (publications sponsorisées)"]
    assert titles[7:] == ["Ce qui a marché", "Recommandations"]
    # each goal's definition is in the notes
    for word in ("Taux d'engagement =", "Attrition =", "Part de voix =", "Coût par engagement ="):
        assert word in notes
    # every shape lies on its 16:9 slide
    from pptx import Presentation

    prs = Presentation(str(_folder(out, "maison-lumiere") / "report.pptx"))
    for slide in prs.slides:
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= prs.slide_width, shape.name
            assert 0 <= shape.top and shape.top + shape.height <= prs.slide_height, shape.name


@needs_chromium
def test_pdf_pages_and_summary_on_the_first_page(out):
    from pypdf import PdfReader

    reader = PdfReader(str(_folder(out, "forges-de-l-est") / "report.pdf"))
    assert 3 <= len(reader.pages) <= 8
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3  # A4 in points
    first = _norm(reader.pages[0].extract_text())
    assert "Executive summary" in first and "clearly up" in first and "no clear change" in first


def test_index_links_the_three_files_of_each_client(out):
    index = (out / "index.html").read_text(encoding="utf-8")
    for slug in CLIENTS:
        for f in ("report.html", "report.pptx") + (("report.pdf",) if CHROMIUM else ()):
            assert f'href="{slug}/00_client_report/{f}"' in index, (slug, f)


def test_a_real_data_folder_gets_a_report(tmp_path):
    src = ROOT / "tests" / "data" / "gallery" / "x_legacy_paulapivat"
    folder = tmp_path / "x"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sr.importers.import_exports(src, folder, name="X legacy", brand="X legacy", timezone="Europe/Paris",
                                    locale="en")
        ds = sr.load_dataset(folder)
        rep = sr.report.client_report(ds, output_dir=tmp_path / "out", formats=("html", "pptx"),
                                      period=("2020-01-01", "2020-01-31"))
    assert (tmp_path / "out" / "report.html").is_file() and (tmp_path / "out" / "report.pptx").is_file()
    assert len(rep.headlines) == 5
    assert "mentions.csv" in rep.html


def test_detail_links_point_at_the_batch_folders(out):
    # the client report links ../<notebook>/<notebook>.html: the batch's folder names; the batch
    # links only the detailed reports a client gets
    for nb in sr.report.DETAIL_NOTEBOOKS:
        assert batch.slugify(nb) == nb
    ml = (_folder(out, "maison-lumiere") / "report.html").read_text(encoding="utf-8")
    assert 'href="../01_engagement/01_engagement.html"' in ml
    assert not any(f"../{nb}/" in ml for nb in sr.report.DETAIL_NOTEBOOKS[1:])
    rep = sr.report.client_report(sr.load_sample("forges-de-l-est"), details=sr.report.DETAIL_NOTEBOOKS,
                                  sections=["details"])
    assert all(f'href="../{nb}/{nb}.html"' in rep.html for nb in sr.report.DETAIL_NOTEBOOKS)
    fe = (_folder(out, "forges-de-l-est") / "report.html").read_text(encoding="utf-8")
    assert "../01_engagement/" not in fe


# ---------------------------------------------------------------------------------------------
# In a real headless browser
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(f"headless browser tests need chromium and chromedriver: {INSTALL}")
    import tempfile

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="socialroi-test-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                 f"--user-data-dir={profile}", "--window-size=1280,900"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _pages(out: Path) -> list[Path]:
    return [out / "index.html"] + [_folder(out, slug) / "report.html" for slug in CLIENTS]


def _overflow(driver, width: int, media: str) -> int:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
    return driver.execute_script(
        "const w = document.documentElement.clientWidth;"
        "let worst = document.documentElement.scrollWidth - w;"
        "for (const el of document.querySelectorAll('body *')) {"
        "  const r = el.getBoundingClientRect(); if (r.width > 0) worst = Math.max(worst, r.right - w); }"
        "return Math.round(worst);")


@needs_browser
def test_pages_load_cleanly_in_a_browser(out, browser):
    for page in _pages(out):
        browser.get_log("browser")  # clear
        browser.get(page.as_uri())
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], (page, errors)
        # every image has loaded
        broken = browser.execute_script(
            "return [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)")
        assert broken == [], (page, broken)
        # no request left the page: every resource is the page itself or a data URI
        names = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert all(n.startswith(("data:", "file:")) for n in names), names
        # no script ran or exists (a post text <script> is text)
        assert browser.execute_script("return document.scripts.length") == 0
        # every link resolves to an existing file
        hrefs = browser.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
        for href in hrefs:
            url = urlparse(href)
            assert url.scheme == "file", href
            assert Path(unquote(url.path)).is_file(), (page, href)


@needs_browser
def test_nothing_overflows_the_page_width(out, browser):
    for page in _pages(out):
        browser.get(page.as_uri())
        for width, media in ((1280, "screen"), (794, "print")):  # a desktop screen and the A4 print width
            assert _overflow(browser, width, media) <= 1, (page.name, page.parent.parent.name, width, media)
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@needs_browser
def test_markup_in_a_post_text_is_shown_as_text_in_the_browser(out, browser):
    browser.get((_folder(out, "maison-lumiere") / "report.html").as_uri())
    cells = browser.execute_script("return [...document.querySelectorAll('td.text')].map(td => td.textContent)")
    assert any(SCRIPT in c for c in cells)
    assert browser.execute_script("return document.querySelectorAll('td.text b').length") == 0


# ---------------------------------------------------------------------------------------------
# Tiny and degenerate data: a report or a clear error, never a crash
# ---------------------------------------------------------------------------------------------
def _cut(ds, **tables):
    import dataclasses

    return dataclasses.replace(ds, tables={k: v for k, v in tables.items() if v is not None})


@pytest.mark.parametrize("case", ["three-posts", "one-period-only", "no-own-brand", "one-audience-day",
                                  "no-reach", "no-paid-posts"])
def test_degenerate_data_gets_a_report(case, tmp_path):
    ds = sr.load_sample("maison-lumiere")
    p, m, a = ds.posts, ds.mentions, ds.audience
    late = p[p["published_at"].astype(str) >= "2025-12-20"]
    tables = {
        "three-posts": {"posts": late.head(3)},
        "one-period-only": {"posts": late, "audience": a[a["date"] >= "2025-12-01"]},
        "no-own-brand": {"posts": p, "mentions": m[m["brand"] != "Maison Lumière"]},
        "one-audience-day": {"posts": p, "audience": a[a["date"] == "2025-12-31"]},
        "no-reach": {"posts": p.drop(columns=["reach", "impressions"])},
        "no-paid-posts": {"posts": p.assign(spend=0.0)},
    }[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rep = sr.report.client_report(_cut(ds, **tables), output_dir=tmp_path, formats=("html", "pptx"))
    assert (tmp_path / "report.html").is_file() and (tmp_path / "report.pptx").is_file()
    h = rep.headlines.set_index("indicator")
    # what cannot be measured says why, and gets no verdict
    for ind, r in h.iterrows():
        if r["verdict"] == "unknown":
            assert r["reason"], ind
    if case == "no-own-brand":
        assert h.loc["share_of_voice", "reason"] == "no_own_brand"
    if case == "no-paid-posts":
        assert h.loc["cost_per_engagement", "reason"] == "too_few_paid_posts"


def test_no_dated_table_is_a_clear_error():
    ds = sr.load_sample("maison-lumiere")
    with pytest.raises(sr.ParameterError, match="no dated table"):
        sr.report.client_report(_cut(ds, market=ds.market))


def test_in_a_notebook_the_page_is_shown_in_an_isolated_frame():
    rep = sr.report.client_report(sr.load_sample("forges-de-l-est"), sections=["summary"])
    shown = rep._repr_html_()
    assert shown.startswith("<iframe") and 'sandbox=""' in shown
    assert "<style" not in shown and "&lt;style&gt;" in shown  # the page's CSS stays inside the frame
    assert 'id="worked"' not in rep.html and 'id="summary"' in rep.html  # sections= keeps a subset
