"""socialroi: does a company's social-media presence pay off? Measured honestly.

>>> import socialroi as sr
>>> ds = sr.load_sample("maison-lumiere")
>>> sr.indicators.engagement_rate(ds.posts, by="platform")  # doctest: +SKIP

Domain modules (``intervals``, ``indicators``, ``awareness``, ``loyalty``, ``market_share``, ``roi``) and the
presentation layer (``formatting``, ``catalogue``, ``plots``, ``narrative``, ``notebook``, ``report``), ``batch``
and ``importers`` are imported on first access, so ``import socialroi`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from . import display as _display  # registers the DataFrame accessor df.sr (display only, opt-in)
from ._version import __version__
from .errors import DataError, ParameterError
from .io import Dataset, list_samples, load_dataset, load_sample, read_table
from .schema import TABLES, validate

_SUBMODULES = (
    "awareness",
    "batch",
    "catalogue",
    "cli",
    "formatting",
    "importers",
    "indicators",
    "intervals",
    "io",
    "loyalty",
    "market_share",
    "narrative",
    "notebook",
    "plots",
    "report",
    "roi",
    "samples",
    "schema",
    "tutorial",
)

__all__ = [
    "__version__",
    "DataError",
    "ParameterError",
    "Dataset",
    "TABLES",
    "list_samples",
    "load_dataset",
    "load_sample",
    "read_table",
    "validate",
    "show",
    "explore",
    *_SUBMODULES,
]


def show(frame: Any, **kwargs: Any) -> Any:
    """An indicator table as a styled table (:func:`socialroi.display.show`); same as ``frame.sr.show()``."""
    return _display.show(frame, **kwargs)


def explore(ds: Any, **kwargs: Any) -> Any:
    """The interactive explorer of a dataset (:func:`socialroi.explorer.explore`; needs ``socialroi[explore]``)."""
    from .explorer import explore as _explore

    return _explore(ds, **kwargs)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'socialroi' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
