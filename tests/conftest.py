"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# ../shared/reference beside the checkout (present in CI; absent in a user's fresh clone).
REFERENCE = Path(os.environ.get("SOCIALROI_REFERENCE", ROOT.parent / "shared" / "reference"))


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261126)


@pytest.fixture
def reference_dir() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE} (set SOCIALROI_REFERENCE)")
    return REFERENCE


@pytest.fixture
def small(tmp_path: Path):
    """The tiny Acme dataset of tests/data/acme (4 posts over a DST change, 4 mentions), loaded from a copy."""
    import shutil

    import socialroi as sr

    for f in (ROOT / "tests" / "data" / "acme").iterdir():
        shutil.copy(f, tmp_path / f.name)
    return sr.load_dataset(tmp_path)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
