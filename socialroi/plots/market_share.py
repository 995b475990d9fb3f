"""Figures of market-share analyses: share of voice against share of market."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import formatting as fmt
from ..catalogue import text
from ..errors import DataError
from ._base import caption, percent_axis

__all__ = ["plot_sov_som", "plot_esov_regression"]


def plot_sov_som(esov_table: pd.DataFrame, *, ax: Any = None, locale: str | None = None) -> Any:
    """Scatter of share of voice against share of market per brand (each the mean over the periods
    of :func:`socialroi.market_share.esov`, as in ``own_esov``).

    Points above the diagonal have a positive ESOV. The definition of ESOV and the Binet & Field
    caveat (advertising SoV rule; social SoV is a proxy) are written under the chart.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    if not {"brand", "sov", "som"} <= set(esov_table.columns):
        raise DataError(f"the SoV/SoM chart needs the output of esov (columns brand, sov, som); the table has "
                        f"{list(esov_table.columns)}")
    loc = fmt.resolve(locale or esov_table.attrs.get("locale"), esov_table)
    lab = lambda key: text(f"market_share.{key}", loc)  # noqa: E731
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 6))
    cols = {"sov": "mean", "som": "mean"}
    if "is_own" in esov_table.columns:
        cols["is_own"] = "max"
    avg = esov_table.groupby("brand", sort=True).agg(cols)
    top = float(np.nanmax(np.r_[avg["sov"].to_numpy(), avg["som"].to_numpy(), 0.05])) * 1.15
    ax.plot([0, top], [0, top], color="grey", ls="--", lw=1, label=lab("diag"))
    own = avg["is_own"].astype(bool).to_numpy() if "is_own" in avg.columns else np.zeros(len(avg), bool)
    ax.scatter(avg.loc[~own, "som"], avg.loc[~own, "sov"], color="tab:grey", s=50, zorder=3)
    ax.scatter(avg.loc[own, "som"], avg.loc[own, "sov"], color="tab:red", s=70, zorder=4, label=lab("own"))
    for name, row in avg.iterrows():
        ax.annotate(str(name), (row["som"], row["sov"]), xytext=(5, 4), textcoords="offset points", fontsize="small")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel(lab("som"))
    ax.set_ylabel(lab("sov"))
    percent_axis(ax, locale=loc, axis="x")
    percent_axis(ax, locale=loc, axis="y")
    ax.set_title(lab("title"), fontsize="medium", loc="left")
    ax.legend(loc="upper left", fontsize="small")
    return caption(ax, lab("definition") + " " + lab("binet_field"))


def plot_esov_regression(reg: Any, *, ax: Any = None, locale: str | None = None) -> Any:
    """Change in share of market (points) against ESOV ``lag`` periods earlier (points), one dot per
    brand-period, with the fitted line of :func:`socialroi.market_share.esov_regression`; returns
    the Axes."""
    from ._base import new_axes, number_axis

    loc = fmt.resolve(locale or getattr(reg, "locale", None))
    f = reg.frame
    if not {"esov_lag", "d_som"} <= set(f.columns):
        raise DataError("plot_esov_regression needs the result of esov_regression (its frame: esov_lag, d_som)")
    ax = new_axes(ax, (6.5, 4.5))
    ax.scatter(f["esov_lag"], f["d_som"], s=18, alpha=0.6, color="tab:grey")
    xs = np.linspace(float(f["esov_lag"].min()), float(f["esov_lag"].max()), 50)
    ax.plot(xs, reg.intercept + reg.slope * xs, color="tab:red", lw=1.5, label=text("view.fitted", loc))
    ax.axhline(0, color="grey", lw=0.8)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_xlabel(text("view.esov_x", loc))
    ax.set_ylabel(text("view.esov_y", loc))
    ax.set_title(text("view.esov_title", loc), fontsize="medium", loc="left")
    number_axis(ax, locale=loc)
    number_axis(ax, locale=loc, axis="x")
    ax.legend(loc="upper left", fontsize="small")
    return caption(ax, text("market_share.binet_field", loc))
