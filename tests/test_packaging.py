"""Packaging: pyproject.toml and environment.yml stay in step; version and typing marker ship."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

import socialroi as sr

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
_CONDA_TO_PYPI = {"pyyaml": "pyyaml"}


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"])
    extras = data["project"]["optional-dependencies"]
    reqs += extras["dev"] + extras["dask"]
    return dict(_split(r) for r in reqs)


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict) or dep.startswith(("python", "pip")):
            continue
        name, spec = _split(dep)
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
