"""The documentation site (issue 16, point 5): its generated pages follow the code, it is built offline
with warnings as errors, and CI builds it (``make docs`` in ``.ci/run``; the build itself is not run
here: it executes every notebook, ~1 min)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import socialroi as sr
from socialroi.indicators import REGISTRY
from socialroi.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]


def _pages():
    spec = importlib.util.spec_from_file_location("docs_pages", ROOT / "docs" / "pages.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_indicator_page_is_the_registry():
    page = _pages().indicators_page()
    rows = [ln for ln in page.splitlines() if ln.startswith("| `")]
    assert [re.match(r"\| `([^`]+)`", r).group(1) for r in rows] == list(REGISTRY)
    for key, ind in REGISTRY.items():
        row = next(r for r in rows if r.startswith(f"| `{key}` |"))
        assert ind.label_en in row and ind.purpose in row
        assert " ".join(ind.numerator.split()).replace("|", "\\|") in row
    assert f"{len(REGISTRY)} indicators." in page


def test_data_model_page_is_the_schema():
    page = _pages().data_model_page()
    for name, table in TABLES.items():
        assert f"## `{name}`" in page
        for col in table.columns:
            assert f"| `{col.name}` | {col.type} | {'yes' if col.required else 'no'} |" in page


def test_every_notebook_benchmark_and_module_has_a_page():
    pages = _pages()
    stored = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert set(pages.NOTEBOOKS) == stored
    bench = pages.benchmarks_page()
    for path in (ROOT / "benchmarks").glob("results_*.md"):
        first_row = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.startswith("|"))
        assert first_row in bench, path.name
    api = pages.api_pages()
    for _, module, _ in pages.API:
        assert f".. automodule:: {module}" in api[f"api_{module.split('.')[-1]}.rst"]
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for name in pages.NOTEBOOKS:
        assert f"generated/notebooks/{name}" in index
    for page in ("getting-started", "generated/data_model", "generated/indicators", "generated/api",
                 "generated/benchmarks"):
        assert page in index


def test_the_build_is_offline_strict_and_in_ci():
    conf = (ROOT / "docs" / "conf.py").read_text(encoding="utf-8")
    assert "intersphinx" not in conf.replace("no intersphinx", "")  # nothing fetched at build time
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^docs:.*\n(\t.*\n)*\t\$\(PY\) -m sphinx -W ", make, flags=re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make docs" in ci.split("make test")[0]
    assert sr.__version__  # the version the site shows
