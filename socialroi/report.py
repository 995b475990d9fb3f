"""Client reports: results.json, HTML reports without code, the batch index and summary CSV.

Notebooks call one function from here, :func:`write_results`, to write their headline KPIs;
the batch runner (:mod:`socialroi.batch`) calls the others.

Safety rules (issue 7)
----------------------
- Text that comes from data (post texts, brand and client names) is never rendered as HTML:
  every value put into ``index.html`` is escaped; in notebook reports, ``text/plain``, stream and
  error outputs are escaped by nbconvert, and ``text/html`` / ``text/markdown`` outputs are passed
  through an allow-list sanitiser (bleach, a dependency of nbconvert) after ``<script>`` and
  ``<style>`` blocks are removed; scripts, widgets, SVG and other active output types are dropped.
- CSV cells that a spreadsheet would read as a formula (starting with ``= + - @``, tab or carriage
  return) get a leading apostrophe (:func:`neutralise_csv_cell`, after OWASP "CSV injection").
- Files are written to a temporary name in the same folder and moved into place
  (``os.replace``), so a reader never sees half a file.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import json
import math
import numbers
import os
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from .errors import ParameterError

__all__ = [
    "RESULTS_FILE",
    "write_results",
    "read_results",
    "notebook_to_html",
    "write_index",
    "write_summary_csv",
    "neutralise_csv_cell",
    "render_template",
    "TEMPLATES",
    "client_report",
    "ClientReport",
    "CLIENT_SECTIONS",
    "html_to_pdf",
    "find_chromium",
]

RESULTS_FILE = "results.json"

#: Tags whose cells are left out of client reports (papermill's parameter cells, and the usual
#: "hide this cell" tags).
_REMOVED_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "remove_cell", "hide"})

#: First characters that make a spreadsheet evaluate a cell (OWASP CSV injection), including the
#: full-width forms some spreadsheet locales also accept.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

#: Folder of the Jinja2 templates of reports (``index.html``; issue 15's client report next).
TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    """The Jinja2 environment of socialroi's templates: autoescaping on for every template, undefined
    names are errors, and the formatter and the catalogue are at hand (``fmt``, ``text``)."""
    import jinja2

    from . import formatting
    from .catalogue import text

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals.update(fmt=formatting, text=text)
    return env


def render_template(name: str, **context: Any) -> str:
    """Render the template ``name`` of ``socialroi/templates`` with ``context`` (autoescaped HTML).

    Every value is escaped unless it is marked safe; ``fmt`` (:mod:`socialroi.formatting`) and
    ``text`` (:func:`socialroi.catalogue.text`) are available in templates.
    """
    return _environment().get_template(name).render(**context)


# ----------------------------------------------------------------------------------------------
# Atomic writes
# ----------------------------------------------------------------------------------------------

def _atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to a temporary file beside ``path`` and move it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:12]}.tmp"
    # os.open with 0o666 applies the umask, so reports get the usual permissions (mkstemp: 0600)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


# ----------------------------------------------------------------------------------------------
# results.json
# ----------------------------------------------------------------------------------------------

def _result_value(name: str, value: Any) -> float | int | str | None:
    """Convert one KPI value to a JSON number, string or null (or raise ParameterError)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):  # np.float64, np.int64, np.bool_, np.str_ → Python value
        return _result_value(name, value.item())
    if isinstance(value, bool):
        raise ParameterError(
            f"results[{name!r}] is a boolean ({value!r}); results.json holds numbers or strings: "
            "write 1/0 or a word such as 'yes'/'no'"
        )
    if isinstance(value, str):
        return value
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        v = float(value)
        return v if math.isfinite(v) else None
    raise ParameterError(
        f"results[{name!r}] is a {type(value).__name__} ({value!r:.60}); results.json holds "
        "numbers or strings (name → number or string): pass a single number or a text"
    )


def write_results(results: Mapping[str, Any], output_dir: str | os.PathLike[str]) -> Path:
    """Write a notebook's headline KPIs to ``output_dir/results.json`` (atomically).

    This is the one call an analysis notebook makes at its end; the batch runner reads the file
    to build ``index.html`` and ``summary.csv``.

    Parameters
    ----------
    results : mapping of str to number or str
        Headline KPIs, in the order they should be shown, e.g.
        ``{"engagement_rate": 0.041, "engagement_rate_ci_low": 0.038, "best_platform": "instagram"}``.
        numpy scalars are converted to Python numbers; NaN, infinities, ``None`` and ``pd.NA``
        are written as ``null`` (missing); dates and timestamps as ISO text.
    output_dir : path
        Folder to write into (created if needed).

    Returns
    -------
    pathlib.Path
        The path of the written ``results.json``.

    Raises
    ------
    ParameterError
        When ``results`` is not a mapping, a name is not a non-empty string, or a value is not a
        number or a string (a list, a DataFrame, a boolean, ...).

    Examples
    --------
    >>> import tempfile, json
    >>> from socialroi.report import write_results
    >>> folder = tempfile.mkdtemp()
    >>> path = write_results({"engagement_rate": 0.05, "posts": 120}, folder)
    >>> json.loads(path.read_text())
    {'engagement_rate': 0.05, 'posts': 120}
    """
    if not isinstance(results, Mapping):
        raise ParameterError(
            f"results must be a mapping name → number or string, got {type(results).__name__}"
        )
    clean: dict[str, Any] = {}
    for name, value in results.items():
        if not isinstance(name, str) or not name.strip():
            raise ParameterError(f"results names must be non-empty strings, got {name!r}")
        clean[name] = _result_value(name, value)
    text = json.dumps(clean, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    return _atomic_write_text(Path(output_dir) / RESULTS_FILE, text)


def read_results(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a ``results.json`` (a file or the folder holding it); ``{}`` when absent or unreadable."""
    path = Path(path)
    if path.is_dir():
        path = path / RESULTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# ----------------------------------------------------------------------------------------------
# Notebook → HTML (no code, parameters removed, data outputs sanitised)
# ----------------------------------------------------------------------------------------------

_ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
_ALLOWED_ATTRIBUTES = {
    "*": ["class", "title", "style", "align", "valign", "halign"],
    "a": ["href", "title"],
    "img": ["src", "alt", "width", "height"],
    "table": ["border", "cellpadding", "cellspacing"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
    "col": ["span"],
    "colgroup": ["span"],
    "ol": ["start"],
}
_ALLOWED_CSS = frozenset({
    "text-align", "vertical-align", "font-weight", "font-style", "color", "background-color",
    "border", "border-top", "border-bottom", "border-left", "border-right", "padding", "margin",
    "white-space", "width", "max-width", "min-width", "height",
})
_STYLE_BLOCKS = re.compile(r"<style\b.*?</style\s*>", re.IGNORECASE | re.DOTALL)
#: Output types kept in reports as they are (escaped by nbconvert when shown).
_SAFE_OUTPUT_KEYS = frozenset({"text/plain", "image/png", "image/jpeg", "image/gif", "application/json"})
_SANITISED_OUTPUT_KEYS = frozenset({"text/html"})


def _sanitise_html(fragment: str) -> str:
    """Allow-list sanitiser for HTML that may carry data (DataFrame reprs, Markdown outputs).

    ``<style>`` blocks (pandas' table CSS) are removed; any other markup not in the allow-list,
    ``<script>`` included, is escaped, so it shows as text and never runs; attributes are
    allow-listed (no ``on*`` handlers, no ``id``); ``href``/``src`` accept only http(s)/mailto
    links and ``data:image`` sources; inline CSS is restricted to a few layout properties.
    """
    import bleach
    from bleach.css_sanitizer import CSSSanitizer

    text = _STYLE_BLOCKS.sub("", fragment)
    return bleach.clean(
        text,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        protocols={"http", "https", "mailto", "data"},
        css_sanitizer=CSSSanitizer(allowed_css_properties=_ALLOWED_CSS),
        strip=False,
        strip_comments=True,
    )


def _data_image_only(html_text: str) -> str:
    """Drop ``data:`` URLs that are not images (bleach allowed the ``data`` scheme for images)."""
    return re.sub(r"""(href|src)=(["'])data:(?!image/(png|jpeg|gif);base64,)[^"']*\2""",
                  r"\1=\2#\2", html_text, flags=re.IGNORECASE)


def _clean_outputs(nb: Any) -> None:
    """Sanitise code outputs in place (the notebook object is a private copy)."""
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream":
                if output.get("name") == "stderr":  # warnings and logs stay in the executed notebook
                    continue
                kept.append(output)
                continue
            if kind == "error":
                kept.append(output)
                continue
            data = output.get("data", {})
            if "text/markdown" in data:
                # rendered here so that raw HTML inside it (e.g. a brand name) is sanitised too
                md = data.pop("text/markdown")
                if "text/html" not in data:
                    from nbconvert.filters.markdown_mistune import markdown2html_mistune

                    data["text/html"] = markdown2html_mistune("".join(md) if isinstance(md, list) else md)
            for key in list(data):
                if key in _SAFE_OUTPUT_KEYS:
                    continue
                if key in _SANITISED_OUTPUT_KEYS:
                    value = data[key]
                    if isinstance(value, list):
                        value = "".join(value)
                    data[key] = _data_image_only(_sanitise_html(value))
                else:  # javascript, widgets, svg, latex, pdf, vendor types: dropped
                    del data[key]
            if data:
                kept.append(output)
        cell["outputs"] = kept


@functools.lru_cache(maxsize=1)
def _html_exporter() -> Any:
    """The report exporter (built once per process: loading the templates takes ~1 s)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    tags = TagRemovePreprocessor(remove_cell_tags=set(_REMOVED_TAGS), enabled=True)
    exporter.register_preprocessor(tags, enabled=True)
    return exporter


def notebook_to_html(
    nb_path: str | os.PathLike[str],
    html_path: str | os.PathLike[str],
    *,
    title: str | None = None,
) -> Path:
    """Render an executed notebook as a client report: no code, no parameters, safe outputs.

    Parameters
    ----------
    nb_path : path
        The executed notebook (``.ipynb``); it is not modified.
    html_path : path
        Where to write the report (written atomically).
    title : str, optional
        Page title (e.g. ``"Maison Lumière — 01_engagement"``); escaped by the template.
        Default: the notebook's file name.

    Returns
    -------
    pathlib.Path
        ``html_path``.

    Notes
    -----
    nbconvert's ``HTMLExporter`` (lab template) with ``exclude_input``, ``exclude_input_prompt``
    and ``exclude_output_prompt``; cells tagged ``parameters`` or ``injected-parameters`` (and
    ``remove-cell``/``hide``) are removed with ``TagRemovePreprocessor``. Before export, code
    outputs are sanitised: ``text/markdown`` outputs are rendered to HTML, then every
    ``text/html`` output goes through an allow-list sanitiser (style blocks removed; scripts and
    other markup escaped, so data such as ``<script>alert(1)</script>`` shows as text);
    ``stderr`` streams are dropped; active or vector outputs (JavaScript, widgets, SVG, LaTeX)
    are removed; ``text/plain``, streams and tracebacks are escaped by nbconvert. Markdown cells
    are the notebook author's text and are rendered as written.
    """
    import nbformat

    nb_path = Path(nb_path)
    nb = nbformat.read(nb_path, as_version=4)
    _clean_outputs(nb)
    nb.metadata["title"] = title if title is not None else nb_path.stem

    body, _ = _html_exporter().from_notebook_node(nb, resources={"metadata": {"name": nb_path.stem}})
    body = body.replace("</head>", render_template("report_style.html") + "</head>", 1)
    return _atomic_write_text(Path(html_path), body)


# ----------------------------------------------------------------------------------------------
# Batch index and summary
# ----------------------------------------------------------------------------------------------

def neutralise_csv_cell(text: Any) -> Any:
    """Make a CSV cell safe to open in a spreadsheet.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their
    full-width forms) gets a leading apostrophe, so Excel, LibreOffice and Google Sheets show it
    as text instead of evaluating a formula ("CSV injection", OWASP). Numbers and other
    non-text values are returned unchanged (a negative number stays a number).

    >>> neutralise_csv_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_csv_cell("-12 %"), neutralise_csv_cell(-12.0), neutralise_csv_cell("ok")
    ("'-12 %", -12.0, 'ok')
    """
    if isinstance(text, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _records(runs: Any) -> list[dict[str, Any]]:
    if hasattr(runs, "to_dict"):
        return [dict(r) for r in runs.to_dict(orient="records")]
    return [dict(r) for r in runs]


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN
    except (TypeError, ValueError):
        return False


def _kpi_display(key: str, value: Any, low: Any, high: Any, locale: str, currency: Any,
                 target: Any = None, n: Any = None, unit: Any = None) -> tuple[str, str, str]:
    """Label, value and interval of a KPI in the run's locale: a KPI socialroi knows is named and
    formatted as in the reports (``narrative.kpi_text``; the interval says what it rests on, "across
    1,137 posts"); another one keeps its key, its number written in the locale."""
    from . import formatting as fmt
    from .narrative.tables import kpi_text

    if not isinstance(value, bool):
        shown = kpi_text(str(key), value, low=low, high=high, locale=locale, currency=str(currency or "EUR"),
                         target=str(target) if isinstance(target, str) else None,
                         n=n if isinstance(n, (int, float)) and not isinstance(n, bool) else None,
                         unit=unit if isinstance(unit, str) else None)
        if shown is not None:
            return shown
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = fmt.number(value, locale=locale, digits=0 if isinstance(value, int) else "auto")
    else:
        text = fmt.MISSING if _missing(value) else str(value)
    interval = "" if _missing(low) or _missing(high) else fmt.bounds(low, high, kind="auto", locale=locale,
                                                                      digits="auto")
    return str(key), text, interval


def _link(target: Any, base: Path) -> str | None:
    if _missing(target) or not target:
        return None
    target = Path(str(target))
    if not target.is_absolute():
        target = base / target
    rel = os.path.relpath(target, base)
    return quote(Path(rel).as_posix())


#: results.json entries that describe the run rather than measure something (not shown as KPIs
#: in index.html; kept in summary.csv).
_CONTEXT_KEYS = frozenset({"notebook", "dataset", "locale", "currency", "period_start", "period_end",
                           "skipped"})


def _group_kpis(results: Mapping[str, Any]) -> list[tuple[str, Any, Any, Any]]:
    """``(name, value, ci_low, ci_high)`` per KPI: ``X_ci_low``/``X_ci_high`` (and ``X_ci_n``/
    ``X_ci_unit``, what the interval rests on) join ``X``."""
    grouped: list[tuple[str, Any, Any, Any]] = []
    for name, value in results.items():
        for suffix in ("_ci_low", "_ci_high", "_ci_n", "_ci_unit"):
            if name.endswith(suffix) and name[: -len(suffix)] in results:
                break
        else:
            grouped.append((name, value, results.get(f"{name}_ci_low"), results.get(f"{name}_ci_high")))
    return grouped


def _run_results(rec: Mapping[str, Any]) -> dict[str, Any]:
    kpis = rec.get("kpis")
    if isinstance(kpis, Mapping):
        return dict(kpis)
    path = rec.get("results")
    if _missing(path) or not path:
        return {}
    return read_results(path)


def write_index(
    runs: Any,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    locale: str | None = None,
    max_kpis: int = 8,
) -> Path:
    """Write the batch's ``index.html``: one row per client and notebook.

    Parameters
    ----------
    runs : DataFrame or iterable of dict
        The run table (:func:`socialroi.batch.run`): ``client``, ``notebook``, ``status``
        (ok, skipped, failed, interrupted), ``error``, ``cell``, ``report`` (HTML path),
        ``executed`` (notebook path) and ``results`` (results.json path) or ``kpis`` (a dict).
    path : path
        The ``index.html`` to write (atomically). Links are relative to its folder.
    title : str, optional
        Page title (escaped). Default: "socialroi batch report" in the locale.
    locale : {"en", "fr"}, optional
        Language of the labels (default English).
    max_kpis : int, default 8
        Headline KPIs shown per run: the first entries of its ``results.json``, leaving out
        context entries (notebook, dataset, locale, currency, period, skipped; the period is shown
        above the list), numbers before texts, with ``X_ci_low``/``X_ci_high`` shown as
        ``X: value [low, high]``.

    Returns
    -------
    pathlib.Path
        ``path``.

    Notes
    -----
    Every text that can come from data or configuration (client names, notebook names, KPI names
    and values, error messages) is HTML-escaped; links are URL-quoted relative paths.
    """
    from . import formatting as fmt
    from .catalogue import text

    page_loc = fmt.resolve(locale)
    lab = lambda key, loc=page_loc, **kw: text(f"index.{key}", loc, **kw)  # noqa: E731
    path = Path(path)
    base = path.parent
    records = _records(runs)
    rows: list[dict[str, Any]] = []
    for rec in records:
        status = str(rec.get("status") or "")
        row: dict[str, Any] = {"client": str(rec.get("client", "")), "notebook": str(rec.get("notebook", "")),
                               "status_class": status if status in {"ok", "skipped", "failed", "interrupted"} else "",
                               "status_text": lab(status) if status in _STATUSES else status, "error": "",
                               "kpis": [], "period": "", "more": "", "links": [],
                               "no_results": status in {"ok", "skipped"}}
        if status == "failed":
            cell, err = rec.get("cell"), rec.get("error")
            detail = [lab("cell") + " " + fmt.integer(cell, locale=page_loc)] if not _missing(cell) and cell != "" else []
            if not _missing(err) and err:
                detail.append(str(err))
            row["error"] = text("index.detail_sep", page_loc).join(detail)
        results = _run_results(rec) if status in {"ok", "skipped"} else {}
        try:
            loc = fmt.resolve(results.get("locale") or page_loc)
        except ParameterError:
            loc = page_loc
        kpis = [g for g in _group_kpis(results) if g[0] not in _CONTEXT_KEYS]
        kpis.sort(key=lambda g: isinstance(g[1], str))  # numbers first, then texts (stable)
        if results.get("notebook") == "00_client_report":  # the headlines as the client report words them
            from .narrative.client import index_lines

            kpis = []
            for name, value, rest in index_lines(results, locale=loc, currency=str(results.get("currency") or "EUR")):
                row["kpis"].append({"label": lab("kpi", loc, name=name), "value": value, "interval": rest})
        for k, v, low, high in kpis[:max_kpis]:
            name, value, interval = _kpi_display(k, v, low, high, loc, results.get("currency"), results.get("target"),
                                                 results.get(f"{k}_ci_n"), results.get(f"{k}_ci_unit"))
            row["kpis"].append({"label": lab("kpi", loc, name=name), "value": value, "interval": interval})
        if len(kpis) > max_kpis:
            row["more"] = lab("more", loc, n=fmt.integer(len(kpis) - max_kpis, locale=loc))
        if results.get("period_start") or results.get("period_end"):
            start, end = (fmt.date(results.get(k), locale=loc, format="medium") for k in ("period_start", "period_end"))
            row["period"] = lab("period", loc, start=start, end=end)
        report = _link(rec.get("report"), base) if status in {"ok", "skipped"} else None
        if report:
            # the client report (issue 15): its page, PDF and slides first
            folder = Path(str(rec.get("report")))
            folder = (folder if folder.is_absolute() else base / folder).parent
            for kind in ("html", "pdf", "pptx"):
                if (folder / f"report.{kind}").is_file():
                    row["links"].append({"href": _link(folder / f"report.{kind}", base),
                                         "text": text(f"client.link_{kind}", page_loc), "meta": False})
            row["links"].append({"href": report, "text": lab("open"), "meta": bool(row["links"])})
        executed = _link(rec.get("executed"), base)
        if executed and status in {"ok", "skipped", "failed"}:
            row["links"].append({"href": executed, "text": lab("notebook_link"), "meta": True})
        rows.append(row)
    counts: dict[str, int] = {}
    for rec in records:
        counts[str(rec.get("status"))] = counts.get(str(rec.get("status")), 0) + 1
    count_text = ", ".join(f"{fmt.integer(n, locale=page_loc)} {lab(s) if s in _STATUSES else s}"
                           for s, n in counts.items())
    now = _dt.datetime.now().astimezone()
    page = render_template(
        "index.html", lang=page_loc.split("_")[0], title=title or lab("title"),
        labels={k: lab(k) for k in ("generated", "summary", "client", "notebook", "status", "kpis", "report",
                                    "no_results")},
        stamp=fmt.datetime(now, locale=page_loc), rows=rows,
        runs_text=lab("runs_count", n=fmt.integer(len(records), locale=page_loc), counts=count_text),
        summary_link=(base / "summary.csv").exists())
    return _atomic_write_text(path, page)


_STATUSES = ("ok", "skipped", "failed", "interrupted")


def _csv_number_or_text(value: Any) -> str:
    if isinstance(value, str):
        return neutralise_csv_cell(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value):
        return repr(value)  # a number is written as a number (never neutralised)
    return ""  # missing


def write_summary_csv(runs: Any, path: str | os.PathLike[str]) -> Path:
    """Write ``summary.csv``: one row per client, notebook and KPI (long format).

    Parameters
    ----------
    runs : DataFrame or iterable of dict
        The run table (see :func:`write_index`); only runs with status ok or skipped contribute.
    path : path
        The CSV to write (UTF-8 with BOM so spreadsheets read accents; written atomically).

    Returns
    -------
    pathlib.Path
        ``path``. Columns: ``client``, ``notebook``, ``kpi``, ``value``, ``ci_low``, ``ci_high``
        (a KPI ``X`` with entries ``X_ci_low``/``X_ci_high`` in results.json gets its interval on
        the same row; other rows leave them empty).

    Notes
    -----
    Text cells are passed through :func:`neutralise_csv_cell` (client names, KPI names and text
    values); numbers are written as numbers and missing values as empty cells.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["client", "notebook", "kpi", "value", "ci_low", "ci_high"])
    for rec in _records(runs):
        if rec.get("status") not in {"ok", "skipped"}:
            continue
        for kpi, value, low, high in _group_kpis(_run_results(rec)):
            writer.writerow([neutralise_csv_cell(str(rec.get("client", ""))),
                             neutralise_csv_cell(str(rec.get("notebook", ""))),
                             neutralise_csv_cell(str(kpi)), _csv_number_or_text(value),
                             _csv_number_or_text(low), _csv_number_or_text(high)])
    return _atomic_write_text(Path(path), buf.getvalue(), encoding="utf-8-sig")


# ==============================================================================================
# Notebook helpers (texts in fr/en, skip messages) — below this line.
# ==============================================================================================


# ==============================================================================================
# Issue 15: the client report (report.html, report.pdf, report.pptx)
# ==============================================================================================

#: Sections of the client report, in order (``sections=`` keeps a subset).
CLIENT_SECTIONS = ("summary", "worked", "watch", "recs", "limits", "details")
#: The detailed reports linked from the client report in a batch (sibling folders).
DETAIL_NOTEBOOKS = ("01_engagement", "02_awareness", "03_loyalty", "04_market_share", "05_roi")
#: Debian's chromium (``apt-get install chromium``); ``$SOCIALROI_CHROMIUM`` overrides.
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Flags of headless Chromium for printing: no sandbox (containers), no GPU, no network of its own.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                  "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw")


def find_chromium() -> str | None:
    """The headless browser used to print the PDF: ``$SOCIALROI_CHROMIUM``, else the first of
    :data:`CHROMIUM_CANDIDATES` on the PATH; None when there is none."""
    import shutil

    env = os.environ.get("SOCIALROI_CHROMIUM")
    if env:
        return env if Path(env).is_file() else shutil.which(env)
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str], *,
                chromium: str | None = None, timeout: float = 120.0) -> Path:
    """Print an HTML file to PDF with headless Chromium (print CSS, A4 from its ``@page`` rule).

    Written to a temporary file beside ``pdf_path`` and moved into place (never half a PDF); a
    fresh ``--user-data-dir`` per call. Raises ``RuntimeError`` when Chromium is absent (install it:
    ``apt-get install chromium``) or fails.

    Why Chromium rather than WeasyPrint: the browser tests already need it, the PDF is the page the
    browser tests check (same layout engine), and WeasyPrint would add Pango and its fonts.
    """
    import subprocess
    import tempfile

    exe = chromium or find_chromium()
    if not exe:
        raise RuntimeError("no Chromium to print the PDF: install it (Debian: apt-get install chromium)")
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    tmp = pdf_path.parent / f".{pdf_path.name}.{uuid.uuid4().hex[:12]}.tmp.pdf"
    with tempfile.TemporaryDirectory(prefix="socialroi-chromium-") as profile:
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}", html_path.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired as exc:
            tmp.unlink(missing_ok=True)
            raise RuntimeError(f"Chromium did not print {html_path.name} within {timeout} s") from exc
    if proc.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        tail = (proc.stderr or "").strip().splitlines()[-3:]
        raise RuntimeError(f"Chromium failed to print {html_path.name} (exit {proc.returncode}): {' | '.join(tail)}")
    os.replace(tmp, pdf_path)
    return pdf_path


def _chart_png(row: Mapping[str, Any], labels: tuple[str, str], locale: str, currency: str) -> bytes:
    """The headline chart of one goal as PNG bytes (a figure of its own: nothing shown in a notebook)."""
    from matplotlib.figure import Figure

    from .plots.client import plot_period_change

    fig = Figure(figsize=(4.4, 2.7), dpi=120)
    ax = fig.subplots()
    plot_period_change(row, previous_label=labels[0], current_label=labels[1], ax=ax, locale=locale,
                       currency=currency)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


class ClientReport:
    """The client report of one dataset (:func:`client_report`).

    Attributes: ``headlines`` (the executive summary's numbers, :func:`socialroi.synthesis.headline_changes`),
    ``worked``, ``watch``, ``recommendations``, ``missing``, ``periods``, ``view`` (every text shown),
    ``html`` (the page), ``results`` (what ``results.json`` holds), ``files`` (paths written).
    """

    def __init__(self, **kw: Any) -> None:
        self.__dict__.update(kw)

    def _repr_html_(self) -> str:
        """The page in JupyterLab, in an iframe: its CSS and its Content-Security-Policy stay inside."""
        return render_template("client_report_frame.html", page=self.html)

    def __repr__(self) -> str:
        return f"ClientReport({self.view['title']!r}, files={sorted(self.files)})"


def client_report(
    ds: Any,
    *,
    output_dir: str | os.PathLike[str] | None = None,
    period: Any = None,
    comparison: Any = "previous",
    locale: str | None = None,
    currency: str | None = None,
    sections: Any = CLIENT_SECTIONS,
    formats: Any = ("html", "pdf", "pptx"),
    details: Any = None,
) -> ClientReport:
    """The client report: does the social presence pay off, this period against the last?

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (``sr.load_dataset`` / ``sr.load_sample``); any tables may be absent.
    output_dir : path, optional
        Where to write ``report.html``, ``report.pdf``, ``report.pptx`` and ``results.json``
        (each written atomically). None: nothing is written (the object holds the page).
    period, comparison
        As in :func:`socialroi.synthesis.comparison_periods` (default: the last full quarter
        against the one before; ``comparison="year"``: year on year).
    locale, currency : str, optional
        Default: the dataset's.
    sections : sequence of str
        Subset of :data:`CLIENT_SECTIONS` (summary, worked, watch, recs, limits, details).
    formats : sequence of {"html", "pdf", "pptx"}
        Files written to ``output_dir``. "pdf" needs Chromium (:func:`html_to_pdf`): when it is
        absent, the PDF is left out with a warning and ``results["report_pdf"]`` says so.
    details : sequence of str, optional
        Detailed reports of the batch to link (sibling folders ``../01_engagement/01_engagement.html``),
        e.g. ``["01_engagement", "05_roi"]``; the batch passes the client's notebooks. None: no links.

    Returns
    -------
    ClientReport
    """
    import warnings

    from . import formatting as fmt
    from . import synthesis as sy
    from ._version import __version__
    from .narrative.client import client_view, headline_results
    from .slides import write_pptx

    bad = [s for s in sections if s not in CLIENT_SECTIONS]
    if bad:
        raise ParameterError(f"sections={list(sections)!r}: unknown {bad}; expected some of {list(CLIENT_SECTIONS)}")
    bad = [f for f in formats if f not in ("html", "pdf", "pptx")]
    if bad:
        raise ParameterError(f"formats={list(formats)!r}: unknown {bad}; expected some of ['html', 'pdf', 'pptx']")
    meta = getattr(ds, "meta", {}) or {}
    loc = fmt.resolve(locale or meta.get("locale") or "en")
    cur = str(currency or meta.get("currency") or "EUR")
    periods = sy.comparison_periods(ds, period=period, comparison=comparison)
    headlines = sy.headline_changes(ds, periods)
    worked = sy.what_worked(ds, periods)
    watch = sy.watch_outs(ds, periods)
    recs = sy.recommendations(headlines, worked, watch)
    missing = sy.missing_analyses(ds)
    tables = [t for t in ("posts", "audience", "interactions", "mentions", "spend", "outcomes", "market", "orders")
              if getattr(ds, t, None) is not None]
    wanted = [details] if isinstance(details, str) else list(details or [])
    links = {nb: f"../{nb}/{nb}.html" for nb in DETAIL_NOTEBOOKS if nb in wanted}
    view = client_view(name=str(meta.get("name") or "—"), periods=periods, headlines=headlines, worked=worked,
                       watch=watch, recs=recs, missing=missing, tables=tables, locale=loc, currency=cur,
                       details=links, sections=tuple(sections), version=__version__)
    pngs = {r["indicator"]: _chart_png(r, view["chart_labels"], loc, cur) for _, r in headlines.iterrows()
            if r["verdict"] != "unknown"}
    import base64

    charts = {k: None for k in headlines["indicator"]} | {
        k: "data:image/png;base64," + base64.b64encode(v).decode("ascii") for k, v in pngs.items()}
    html = render_template("client_report.html", v=view, charts=charts)
    results: dict[str, Any] = {"notebook": "00_client_report", "dataset": str(meta.get("name") or ""),
                               "locale": loc, "currency": cur,
                               "period_start": periods.current[0].date().isoformat(),
                               "period_end": periods.current[1].date().isoformat(),
                               "comparison_start": periods.previous[0].date().isoformat(),
                               "comparison_end": periods.previous[1].date().isoformat()}
    results |= headline_results(headlines)
    files: dict[str, Path] = {}
    if output_dir is not None:
        out = Path(output_dir)
        out.mkdir(parents=True, exist_ok=True)
        if "html" in formats or "pdf" in formats:
            files["html"] = _atomic_write_text(out / "report.html", html)
        if "pdf" in formats:
            if find_chromium() is None:
                warnings.warn("report.pdf not written: no Chromium (Debian: apt-get install chromium)", stacklevel=2)
                results["report_pdf"] = "not written: Chromium is not installed"
            else:
                files["pdf"] = html_to_pdf(out / "report.html", out / "report.pdf")
        if "pptx" in formats:
            tmp = out / f".report.pptx.{uuid.uuid4().hex[:12]}.tmp"
            try:
                write_pptx(view, pngs, tmp)
                os.replace(tmp, out / "report.pptx")
            finally:
                tmp.unlink(missing_ok=True)
            files["pptx"] = out / "report.pptx"
        write_results(results, out)
    return ClientReport(headlines=headlines, worked=worked, watch=watch, recommendations=recs, missing=missing,
                        periods=periods, view=view, html=html, results=results, files=files)
