"""Figures of loyalty analyses: the cohort retention heatmap."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import formatting as fmt
from ..catalogue import text
from ..errors import DataError
from ._base import caption, percent_formatter

__all__ = ["plot_retention", "plot_expected_purchases", "plot_spend_distribution", "plot_engaged_customers"]


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


def plot_expected_purchases(curve: pd.DataFrame, *, ax: Any = None, locale: str | None = None) -> Any:
    """Expected repeat purchases of a new customer over time with its band
    (:meth:`socialroi.loyalty.BGNBDResult.expected_curve`: ``t``, ``expected``, ``ci_low``, ``ci_high``);
    returns the Axes."""
    from ._base import new_axes, number_axis

    loc = fmt.resolve(locale, curve)
    need = {"t", "expected", "ci_low", "ci_high"}
    if not need <= set(curve.columns):
        raise DataError(f"plot_expected_purchases needs the output of expected_curve (columns {sorted(need)})")
    ax = new_axes(ax, (7, 4))
    ax.plot(curve["t"], curve["expected"], color="tab:blue", lw=1.5)
    if curve["ci_low"].notna().any():
        ax.fill_between(curve["t"], curve["ci_low"].to_numpy(float), curve["ci_high"].to_numpy(float),
                        color="tab:blue", alpha=0.2, lw=0)
    ax.set_xlabel(text("view.bgnbd_t", loc))
    ax.set_ylabel(text("view.bgnbd_expected", loc))
    ax.set_title(text("view.bgnbd_title", loc), fontsize="medium", loc="left")
    number_axis(ax, locale=loc)
    number_axis(ax, locale=loc, axis="x")
    return caption(ax, text("view.bgnbd_covers", loc))


def plot_spend_distribution(fit: Any, *, ax: Any = None, locale: str | None = None) -> Any:
    """Density of the customers' expected spend per transaction under a Gamma-Gamma fit
    (:meth:`socialroi.loyalty.GammaGammaResult.spend_distribution`), the population mean dashed
    when it exists (q > 1); returns the Axes."""
    import numpy as np

    from ._base import new_axes, number_axis

    loc = fmt.resolve(locale or getattr(fit, "locale", None))
    p, q, g = (float(fit.params[k]) for k in ("p", "q", "gamma"))
    scale = p * g
    top = scale / max(q - 1.0, 0.5) * 4 if q > 1 else scale * 8
    x = np.linspace(top / 400, top, 400)
    ax = new_axes(ax, (7, 4))
    ax.plot(x, fit.spend_distribution(x), color="tab:blue")
    if q > 1:
        ax.axvline(scale / (q - 1), color="grey", ls="--", lw=1, label=text("view.gg_mean", loc))
        ax.legend(loc="upper right", fontsize="small")
    ax.set_xlabel(text("view.gg_x", loc))
    ax.set_ylabel(text("view.density", loc))
    ax.set_title(text("view.gg_title", loc), fontsize="medium", loc="left")
    number_axis(ax, locale=loc, axis="x")
    return caption(ax, text("view.gg_covers", loc))


def plot_engaged_customers(groups: pd.DataFrame, *, ax: Any = None, locale: str | None = None) -> Any:
    """Repeat-purchase rate of engaged and non-engaged customers with 95 % intervals (the ``groups``
    table of :func:`socialroi.loyalty.engaged_vs_non_engaged`); returns the Axes."""
    from .indicators import plot_rates

    loc = fmt.resolve(locale, groups)
    bars = pd.DataFrame({
        "group": [text("word.engaged" if bool(v) else "word.not_engaged", loc) for v in groups["engaged"]],
        "repeat_rate": groups["repeat_rate"].to_numpy(float),
        "ci_low": groups["repeat_ci_low"].to_numpy(float), "ci_high": groups["repeat_ci_high"].to_numpy(float)})
    return plot_rates(bars, label="group", value="repeat_rate", locale=loc, ax=ax,
                      xlabel=text("view.repeat_axis", loc), title=text("view.assoc_title", loc),
                      caption_text=text("association_note", loc))
