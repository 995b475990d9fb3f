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


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
