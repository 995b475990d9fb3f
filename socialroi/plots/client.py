"""The client report's chart of a headline indicator: this period against the comparison period."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import formatting as fmt
from ..catalogue import text
from ._base import number_axis, percent_axis

__all__ = ["plot_period_change"]

#: Headline indicators shown as proportions (percent axis); the others as numbers.
_PCT = frozenset({"engagement_rate", "churn_rate", "share_of_voice"})


def plot_period_change(row: Any, *, previous_label: str, current_label: str, ax: Any = None,
                       locale: str | None = None, currency: str = "EUR", title: bool = False) -> Any:
    """Two estimates (comparison period, this period) with their 95 % intervals as error bars.

    ``row`` is one row of :func:`socialroi.synthesis.headline_changes` (``indicator``, ``previous``,
    ``previous_low``…``current_high``). The value of each period is written above its bar in the
    locale (through :mod:`socialroi.formatting`); ``title=True`` names the indicator above (the
    report's cards and slides name it already). Returns the Axes.
    """
    import matplotlib.pyplot as plt

    loc = fmt.resolve(locale)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 2.6), dpi=110)
    est = np.array([row["previous"], row["current"]], dtype=float)
    lo = np.array([row["previous_low"], row["current_low"]], dtype=float)
    hi = np.array([row["previous_high"], row["current_high"]], dtype=float)
    err = np.vstack([np.where(np.isfinite(lo), est - lo, 0.0), np.where(np.isfinite(hi), hi - est, 0.0)])
    xs = np.arange(2)
    ax.bar(xs, np.nan_to_num(est), color=["#b9c4d0", "#2f6690"], width=0.55)
    ax.errorbar(xs, np.nan_to_num(est), yerr=np.clip(err, 0, None), fmt="none", ecolor="#222222", capsize=5, lw=1.2)
    ax.set_xticks(xs, [previous_label, current_label])
    kind = "pct" if row["indicator"] in _PCT else ("money" if row["indicator"] == "cost_per_engagement" else "num")
    for x, v, h in zip(xs, est, hi, strict=True):
        if np.isfinite(v):
            ax.annotate(fmt.value(v, kind=kind, locale=loc, digits=2 if kind == "money" else 1, currency=currency),
                        (x, h if np.isfinite(h) else v), textcoords="offset points", xytext=(0, 4), ha="center",
                        fontsize=9)
    if kind == "pct":
        percent_axis(ax, locale=loc, decimals=1 if np.nanmax(np.r_[hi, est, 0]) < 0.2 else 0)
    else:
        number_axis(ax, locale=loc)
    top = np.nanmax(np.r_[hi, est, 0])
    ax.set_ylim(0, top * 1.2 if top > 0 else 1)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(text(f"client.ind_{row['indicator']}", loc), fontsize=10)
    return ax
