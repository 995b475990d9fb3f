"""Packaging: pyproject.toml and environment.yml stay in step; version and typing marker ship."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

import socialroi as sr

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names (with the PyPI extra they stand for)
_CONDA_TO_PYPI = {"pyyaml": "pyyaml", "bleach-with-css": "bleach[css]"}


def _split(req: str) -> tuple[str, str]:
    """("name[extras]", "specifier"): the name normalised, extras kept (bleach[css] is not bleach)."""
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)(\[[A-Za-z0-9_,\- ]+\])?\s*(.*)$", req)
    assert m, req
    name = m.group(1).lower().replace("_", "-") + (m.group(2) or "").replace(" ", "")
    return name, m.group(3).split("#")[0].replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"])
    extras = data["project"]["optional-dependencies"]
    reqs += extras["dev"] + extras["dask"] + extras["explore"] + extras["docs"]
    return dict(_split(r) for r in reqs)


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            continue
        name, spec = _split(dep)
        if name in ("python", "pip"):  # the interpreter and the installer (not python-pptx)
            continue
        out[_CONDA_TO_PYPI.get(name, name)] = spec
    return out


def test_environment_yml_matches_pyproject():
    py, conda = _pyproject_requirements(), _conda_requirements()
    assert sorted(set(py) ^ set(conda)) == [], "packages listed in only one of pyproject.toml / environment.yml"
    differing = {k: (py[k], conda[k]) for k in py if py[k] != conda[k]}
    assert differing == {}, f"lower bounds differ: {differing}"


def test_drift_detector_detects_a_difference(tmp_path, monkeypatch):
    # the comparison above must be able to fail: a missing package shows up in the symmetric difference
    py = _pyproject_requirements()
    conda = dict(_conda_requirements())
    conda.pop("seaborn")
    assert set(py) ^ set(conda) == {"seaborn"}


def test_version_console_script_and_typing_marker():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["scripts"]["socialroi"] == "socialroi.cli:main"
    assert re.fullmatch(r"\d+\.\d+\.\d+", sr.__version__)
    assert (Path(sr.__file__).parent / "py.typed").is_file()


def test_public_names_of_the_api_contract():
    for name in ["load_dataset", "validate", "DataError", "ParameterError", "list_samples", "load_sample", "Dataset"]:
        assert hasattr(sr, name), name
    assert issubclass(sr.DataError, ValueError)


def test_package_data_globs_cover_every_sample_file():
    """Samples must reach a non-editable install: pyproject's package-data globs match every file."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    globs = data["tool"]["setuptools"]["package-data"]["socialroi"]
    pkg = ROOT / "socialroi"
    shipped = {p for g in globs for p in pkg.glob(g) if p.is_file()}
    needed = {p for p in (pkg / "sample_data").glob("*/*") if p.is_file()}
    assert needed and needed <= shipped
    # the text catalogue and the report templates (issue 14) are data files too
    data = {p for d in ("locales", "templates") for p in (pkg / d).iterdir() if p.is_file()}
    assert {p.suffix for p in data} >= {".toml", ".html"} and data <= shipped


def test_every_package_the_code_imports_is_declared():
    # point 14 (issue 17): jupyter_client, pyzmq, traitlets and IPython were imported but not declared
    import ast
    import sys
    from importlib import metadata

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    declared = {_split(r)[0].split("[")[0] for r in data["project"]["dependencies"]}
    optional = {_split(r)[0].split("[")[0] for extra in ("dask", "explore")
                for r in data["project"]["optional-dependencies"][extra]}
    dists = metadata.packages_distributions()
    imported: dict[str, str] = {}
    for path in (ROOT / "socialroi").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            for n in names:
                top = n.split(".")[0]
                if top != "socialroi" and top not in sys.stdlib_module_names:
                    imported.setdefault(top, path.relative_to(ROOT).as_posix())
    missing = {}
    for top, where in sorted(imported.items()):
        names = {d.lower().replace("_", "-") for d in dists.get(top, [top])}
        if not names & (declared | optional):
            missing[top] = (sorted(names), where)
    assert missing == {}, f"imported but not declared in pyproject.toml: {missing}"
    assert {"jupyter-client", "pyzmq", "traitlets", "ipython"} <= declared


def test_build_requirements_read_the_spdx_licence_and_the_linter_is_pinned():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    if isinstance(data["project"].get("license"), str):  # PEP 639 string: setuptools >= 77
        (setuptools,) = [r for r in data["build-system"]["requires"] if r.startswith("setuptools")]
        major = int(re.search(r">=\s*(\d+)", setuptools).group(1))
        assert major >= 77, setuptools
    ruff = [r for r in data["project"]["optional-dependencies"]["dev"] if r.startswith("ruff")]
    assert len(ruff) == 1 and re.fullmatch(r"ruff==\d+\.\d+\.\d+", _split(ruff[0])[0] + _split(ruff[0])[1])
    # the report sanitiser needs bleach's CSS support: the extra is declared on both routes
    assert "bleach[css]" in _pyproject_requirements() and "bleach[css]" in _conda_requirements()
