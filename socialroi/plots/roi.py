"""Figures of the media-mix model (:func:`socialroi.roi.fit_mmm`): return per channel, units per
spend for targets that are not money, decomposition of the target, response curves."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import formatting as fmt
from ..catalogue import text
from ..errors import ParameterError
from ._base import caption, date_axis, display_name, new_axes, number_axis

__all__ = ["plot_mmm", "plot_roas", "plot_unit_returns", "plot_decomposition", "plot_response", "plot_reallocation"]


def _lab(key: str, loc: str, **kw: Any) -> str:
    return text(f"roi.{key}", loc, **kw)


def plot_roas(roi: pd.DataFrame, *, ax: Any = None, locale: str | None = None) -> Any:
    """ROAS per identified channel (``roi`` table of a media-mix model) with its 95 % interval and the
    break-even line (ROAS = 1); returns the Axes."""
    loc = fmt.resolve(locale, roi)
    ax = new_axes(ax)
    r = roi[roi["identified"].astype(bool)] if "identified" in roi.columns else roi
    ypos = np.arange(len(r))
    err = np.vstack([r["roas"] - r["roas_ci_low"], r["roas_ci_high"] - r["roas"]])
    ax.errorbar(r["roas"], ypos, xerr=np.nan_to_num(err.astype(float)), fmt="o", capsize=4)
    ax.axvline(1.0, color="grey", ls="--", label=_lab("break_even", loc))
    ax.set_yticks(ypos, [display_name(c, locale=loc) for c in r["channel"]])
    number_axis(ax, locale=loc, axis="x")
    ax.set_xlabel(_lab("roas", loc))
    ax.set_ylabel(_lab("channel", loc))
    ax.set_title(_lab("roi_title", loc))
    ax.legend(loc="best")
    return caption(ax, _lab("definition", loc))


def plot_unit_returns(table: pd.DataFrame, *, target: str, currency: str = "EUR", per: float = 1000,
                      ax: Any = None, locale: str | None = None) -> Any:
    """Units of a target that is not money (leads, orders) per ``per`` of spend, per identified
    channel, with 95 % intervals (:func:`socialroi.roi.unit_returns`): a break-even ROAS of 1 means
    nothing for leads. Returns the Axes."""
    from .indicators import plot_rates

    loc = fmt.resolve(locale, table)
    t = table[table["identified"].astype(bool)] if "identified" in table.columns else table
    bars = pd.DataFrame({"channel": t["channel"].to_numpy(), "per_spend": t["per_spend"].to_numpy(),
                         "ci_low": t["per_spend_ci_low"].to_numpy(), "ci_high": t["per_spend_ci_high"].to_numpy()})
    name = display_name(target, locale=loc)
    title = text("per_spend", loc, target=name[:1].upper() + name[1:],
                 amount=fmt.money(per, currency=currency, locale=loc))
    return plot_rates(bars, label="channel", value="per_spend", locale=loc, percent=False, ax=ax,
                      xlabel=text("with_ci", loc, text=title), title=title,
                      caption_text=_lab("definition_units", loc, target=name[:1].upper() + name[1:]))


def plot_decomposition(decomposition: pd.DataFrame, *, channels: list[str], target: str, ax: Any = None,
                       locale: str | None = None) -> Any:
    """Stacked baseline and channel contributions per date with the observed target (the
    ``decomposition()`` table of a media-mix model); returns the Axes."""
    loc = fmt.resolve(locale, decomposition)
    ax = new_axes(ax)
    dec = decomposition
    ax.stackplot(dec["date"], dec["baseline"], *[dec[c] for c in channels],
                 labels=[_lab("baseline", loc), *[display_name(c, locale=loc) for c in channels]], alpha=0.7)
    ax.plot(dec["date"], dec["observed"], color="black", lw=1, label=_lab("observed", loc))
    ax.set_xlabel(_lab("date", loc))
    date_axis(ax, locale=loc)
    number_axis(ax, locale=loc)
    name = display_name(target, locale=loc)
    ax.set_ylabel(name)
    ax.set_title(_lab("decomp_title", loc, target=name))
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_response(curves: dict[str, pd.DataFrame], *, target: str, ax: Any = None, locale: str | None = None) -> Any:
    """Response curve of each channel (``response_curve(channel)`` tables: ``spend``,
    ``contribution``, ``ci_low``, ``ci_high``, ``multiplier``) with its band and the current spend
    (dotted); returns the Axes."""
    loc = fmt.resolve(locale)
    ax = new_axes(ax)
    for name, rc in curves.items():
        line = ax.plot(rc["spend"], rc["contribution"], label=display_name(name, locale=loc))[0]
        ax.fill_between(rc["spend"], rc["ci_low"], rc["ci_high"], alpha=0.2, color=line.get_color())
        cur = rc["spend"].iloc[np.argmin(np.abs(rc["multiplier"] - 1))]
        ax.axvline(cur, color=line.get_color(), ls=":", lw=1)
    number_axis(ax, locale=loc, axis="x")
    number_axis(ax, locale=loc)
    ax.set_xlabel(_lab("spend", loc))
    ax.set_ylabel(_lab("contribution", loc, target=display_name(target, locale=loc)))
    ax.set_title(_lab("response_title", loc))
    ax.legend(loc="best")
    return ax


def plot_mmm(mmm: Any, *, kind: str = "roi", ax: Any = None, locale: str | None = None) -> Any:
    """A chart of a fitted media-mix model (:class:`socialroi.roi.MMMResult`).

    ``kind``: "roi" (ROAS per channel, :func:`plot_roas`), "decomposition"
    (:func:`plot_decomposition`) or "response" (:func:`plot_response`). Returns the Axes.
    """
    loc = fmt.resolve(locale or getattr(mmm, "locale", None))
    if kind == "roi":
        return plot_roas(mmm.roi, ax=ax, locale=loc)
    if kind == "decomposition":
        return plot_decomposition(mmm.decomposition(), channels=list(mmm.channels), target=mmm.target, ax=ax,
                                  locale=loc)
    if kind == "response":
        return plot_response({c: mmm.response_curve(c) for c in mmm.channels}, target=mmm.target, ax=ax, locale=loc)
    raise ParameterError(f"kind={kind!r}: use 'roi', 'decomposition' or 'response'")


def plot_reallocation(table: pd.DataFrame, *, ax: Any = None, locale: str | None = None) -> Any:
    """Current and suggested spend per channel (the ``table`` of
    :meth:`socialroi.roi.MMMResult.reallocate`); returns the Axes."""
    loc = fmt.resolve(locale, table)
    ax = new_axes(ax, (7, 0.5 * max(len(table), 3) + 1.2))
    y = np.arange(len(table))
    h = 0.38
    ax.barh(y + h / 2, table["current_spend"].to_numpy(float), height=h, color="tab:grey", label=text("view.current", loc))
    ax.barh(y - h / 2, table["suggested_spend"].to_numpy(float), height=h, color="tab:blue",
            label=text("view.suggested", loc))
    ax.set_yticks(y, [display_name(c, locale=loc) for c in table["channel"]])
    number_axis(ax, locale=loc, axis="x")
    ax.set_xlabel(_lab("spend", loc))
    ax.set_title(text("view.realloc_title", loc), fontsize="medium", loc="left")
    ax.legend(loc="best", fontsize="small")
    return caption(ax, text("view.realloc_gain", loc))
