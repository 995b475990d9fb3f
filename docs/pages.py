"""Pages of the documentation that are generated from the code, so they cannot drift from it.

- ``generated/indicators.md``: the indicator registry (:data:`socialroi.indicators.REGISTRY`) as a table;
- ``generated/data_model.md``: the tables of a dataset and their columns (:data:`socialroi.schema.TABLES`);
- ``generated/notebooks/*.ipynb``: the notebooks of ``notebooks/`` (executed by myst-nb during the build);
- ``generated/benchmarks.md``: the benchmark and coverage tables of ``benchmarks/results_*.md``.

``docs/conf.py`` calls :func:`write_all` when the build starts; ``tests/test_docs.py`` checks the
tables against the registry and the schema.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).resolve().parent / "generated"

#: Notebooks shown as pages, in this order (the two tutorials first).
NOTEBOOKS = ("00_tutorial_en", "00_tutorial", "00_client_report", "01_engagement", "02_awareness", "03_loyalty", "04_market_share",
             "05_roi")


def _cell(text: object) -> str:
    """A Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|") or "—"


def indicator_rows() -> list[dict[str, str]]:
    """One row per indicator of the registry: id, label, purpose, definition (English), platform."""
    from socialroi.indicators import REGISTRY

    return [{"id": key, "label": ind.label_en, "label_fr": ind.label_fr, "purpose": ind.purpose,
             "numerator": ind.numerator, "denominator": ind.denominator or "—", "aggregation": ind.aggregation,
             "unit": ind.unit, "source": ind.source, "platform": ind.platform or "all"}
            for key, ind in REGISTRY.items()]


def indicators_page() -> str:
    cols = ["id", "label", "label_fr", "purpose", "numerator", "denominator", "aggregation", "unit", "platform",
            "source"]
    heads = ["id", "Indicator", "Indicateur", "Purpose", "Numerator", "Denominator", "Aggregation", "Unit",
             "Platform", "Source"]
    rows = indicator_rows()
    lines = ["# Indicator registry", "",
             "Every indicator socialroi computes, as defined in `socialroi.indicators.REGISTRY` (this page is "
             "generated from it when the documentation is built, so it cannot drift from the code). Every "
             "indicator table carries its definition in `attrs[\"indicator\"]`; "
             "`sr.indicators.describe(id, locale=...)` writes it in one line.", "",
             f"{len(rows)} indicators.", "",
             "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(_cell(("`" + r[c] + "`") if c == "id" else r[c]) for c in cols) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def data_model_page() -> str:
    from socialroi.schema import TABLES

    lines = ["# The data model", "",
             "A dataset is a folder: `dataset.yml` (name, brand, competitors, currency, timezone, locale) and "
             "one file per table below (CSV, Excel or Parquet). `sr.load_dataset(folder)` validates every "
             "table against these definitions (generated from `socialroi.schema.TABLES`) and lists every "
             "problem it finds in one `DataError`; `socialroi import` turns platform exports into such a folder.",
             ""]
    for name, table in TABLES.items():
        lines += [f"## `{name}`", "", _cell(table.description), ""]
        if table.key:
            lines += ["Key: " + ", ".join(f"`{k}`" for k in table.key), ""]
        lines += ["| column | type | required | description |", "|---|---|---|---|"]
        for c in table.columns:
            desc = c.description + (f" (one of {', '.join(c.choices)})" if c.choices else "")
            lines.append(f"| `{c.name}` | {c.type} | {'yes' if c.required else 'no'} | {_cell(desc)} |")
        lines.append("")
    return "\n".join(lines)


def benchmarks_page() -> str:
    lines = ["# Benchmarks and coverage", "",
             "Speed and memory are measured by the scripts of `benchmarks/` (run on demand: `make bench`), "
             "and the coverage of every interval by simulation; their latest results are below, as the "
             "scripts wrote them.", ""]
    for path in sorted((ROOT / "benchmarks").glob("results_*.md")):
        text = path.read_text(encoding="utf-8").strip()
        # each file's own title becomes a section of this page: every heading one level down
        body = ["#" + ln if ln.startswith("#") else ln for ln in text.splitlines()]
        if not body or not body[0].startswith("## "):
            body.insert(0, f"## {path.stem.removeprefix('results_')}")
        lines += body + [""]
    return "\n".join(lines)


#: The API reference: one page per module (title, module, automodule options).
API = (
    ("Data: loading and validation", "socialroi.io", ":members: load_dataset, load_sample, list_samples, read_table, Dataset"),
    ("Data model", "socialroi.schema", ":members: validate, TABLES"),
    ("Indicators", "socialroi.indicators", ""),
    ("Awareness", "socialroi.awareness", ""),
    ("Loyalty", "socialroi.loyalty", ""),
    ("Market share", "socialroi.market_share", ""),
    ("ROI", "socialroi.roi", ""),
    ("Intervals", "socialroi.intervals", ""),
    ("Result objects", "socialroi.results", ""),
    ("Tables in JupyterLab (df.sr)", "socialroi.display", ""),
    ("The explorer (sr.explore)", "socialroi.explorer", ""),
    ("Figures", "socialroi.plots", ":members:\n   :imported-members:"),
    ("Formatting of numbers", "socialroi.formatting", ""),
    ("Tutorial checks", "socialroi.tutorial", ""),
)


def api_pages() -> dict[str, str]:
    """File name → page of the API reference (the index page ``api.md`` lists them)."""
    out = {}
    names = []
    for title, module, options in API:
        name = module.split(".")[-1]
        names.append(f"api_{name}")
        opts = f"\n   {options}" if options else ""
        head = f"{title}: ``{module}``"
        out[f"api_{name}.rst"] = f"{head}\n{'=' * len(head)}\n\n.. automodule:: {module}{opts}\n"
    toc = "\n".join(names)
    out["api.md"] = ("# API reference\n\nFrom the docstrings of the package (numpydoc), one page per module.\n\n"
                     f"```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n")
    return out


def _notebook_for_docs(name: str) -> str:
    """The stored notebook as a page: its title cell shown (reports hide it with ``remove-cell``)."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "markdown" and cell.source.startswith("# ") and "remove-cell" in tags:
            tags.remove("remove-cell")
    return nbformat.writes(nb)


def write_all() -> None:
    """Write every generated page into ``docs/generated`` (replaced whole)."""
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "notebooks").mkdir(parents=True)
    (OUT / "indicators.md").write_text(indicators_page(), encoding="utf-8")
    (OUT / "data_model.md").write_text(data_model_page(), encoding="utf-8")
    (OUT / "benchmarks.md").write_text(benchmarks_page(), encoding="utf-8")
    for name in NOTEBOOKS:
        (OUT / "notebooks" / f"{name}.ipynb").write_text(_notebook_for_docs(name), encoding="utf-8")
    for name, text in api_pages().items():
        (OUT / name).write_text(text, encoding="utf-8")
