"""Figures of market-share analyses: share of voice against share of market."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import formatting as fmt
from ..catalogue import text
from ..errors import DataError
from ._base import caption, percent_axis

__all__ = ["plot_sov_som"]


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
