"""Figures of loyalty analyses: the cohort retention heatmap."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import formatting as fmt
from ..catalogue import text
from ..errors import DataError
from ._base import caption, percent_formatter

__all__ = ["plot_retention"]


def plot_retention(table: pd.DataFrame, *, ax: Any = None, locale: str | None = None, annot: bool = True) -> Any:
    """Heatmap of cohort retention (rows: cohorts, columns: periods since first interaction).

    Parameters
    ----------
    table : DataFrame
        Output of :func:`socialroi.loyalty.cohort_retention` (``cohort``, ``period``, ``retention``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    locale : str, optional
        Labels' language and number format (default: the table's metadata, else English).
    annot : bool
        Write the percentages in the cells (default True; left out above 600 cells).

    Returns
    -------
    matplotlib Axes
        Cohorts are labelled as periods of the locale (``mars 2024``); the definition of retention
        is written under the axes.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    loc = fmt.resolve(locale, table)
    need = {"cohort", "period", "retention"}
    if not need <= set(table.columns):
        raise DataError(f"plot_retention needs the output of cohort_retention (columns {sorted(need)})")
    grid = table.pivot(index="cohort", columns="period", values="retention")
    if ax is None:
        _, ax = plt.subplots(figsize=(min(2 + 0.6 * grid.shape[1], 16), min(1.5 + 0.35 * grid.shape[0], 12)))
    cells = grid.map(lambda v: "" if fmt.is_missing(v) else fmt.percent(v, locale=loc, digits=0))
    sns.heatmap(grid, ax=ax, annot=cells if annot and grid.size <= 600 else False, fmt="", cmap="Blues",
                vmin=0, vmax=1, yticklabels=fmt.period_labels(grid.index, locale=loc),
                cbar_kws={"label": text("loyalty.retention_cbar", loc), "format": percent_formatter(loc, 0)},
                annot_kws={"fontsize": 7})
    ax.set_title(text("loyalty.retention_title", loc))
    ax.set_xlabel(text("loyalty.retention_x", loc))
    ax.set_ylabel(text("loyalty.retention_y", loc))
    return caption(ax, text("loyalty.retention_definition", loc))
