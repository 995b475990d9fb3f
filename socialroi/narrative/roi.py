"""What notebook 05 (ROI) says around its numbers: the return per channel of the media-mix model and
the value of engagement against the full cost of social activity.

Every number comes from :mod:`socialroi.roi` (``fit_mmm``, ``unit_returns``, ``campaign_roi``);
sentences: catalogue keys ``mmm``, ``mmm_units``, ``value``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import formatting as fmt
from ..catalogue import text
from .common import caption, join, pretty
from .tables import MONEY_TARGETS, format_table

__all__ = ["interpret_mmm", "interpret_value", "mmm_view", "mmm_caption", "is_money"]


def is_money(target: str) -> bool:
    """True when a media-mix target is money (revenue, sales): its ROAS reads as a return."""
    return target in MONEY_TARGETS


def _unit(target: str, loc: str) -> str:
    return pretty(target[:-1] if target.endswith("s") else target, locale=loc)


def interpret_mmm(roi: pd.DataFrame, *, target: str, locale: str, currency: str = "EUR") -> str:
    """Sentence for the ROI table of ``sr.roi.fit_mmm``.

    For a money target (revenue, sales) it gives each channel's ROAS with its interval. For a target
    that is not money (leads, orders...), ROAS is a tiny number of units per currency unit, so it
    gives the units per 1,000 of spend and the cost per unit (``sr.roi.unit_returns``: 1 / ROAS, its
    interval the inverted ROAS interval) instead.
    """
    from ..roi import unit_returns

    loc = fmt.resolve(locale)
    ident = roi["identified"].astype(bool) if "identified" in roi.columns else pd.Series(True, index=roi.index)
    name = pretty(target, locale=loc)
    parts = []
    if is_money(target):
        for _, r in roi[ident].iterrows():
            parts.append(f"{pretty(r['channel'], locale=loc)} ROAS "
                         f"{fmt.interval(r['roas'], r['roas_ci_low'], r['roas_ci_high'], kind='num', locale=loc, digits=2)}")
    else:
        units = unit_returns(roi[ident.to_numpy()], per=1000)
        for _, r in units.iterrows():
            parts.append(text("mmm_unit_part", loc, channel=pretty(r["channel"], locale=loc),
                              per=fmt.interval(r["per_spend"], r["per_spend_ci_low"], r["per_spend_ci_high"], kind="num",
                                               locale=loc, digits=2),
                              target=name, amount=fmt.money(1000, currency=currency, locale=loc), unit=_unit(target, loc),
                              cost=fmt.interval(r["cost_per_unit"], r["cost_per_unit_ci_low"], r["cost_per_unit_ci_high"],
                                                kind="money", currency=currency, locale=loc, digits=2)))
    unid = [pretty(c, locale=loc) for c in roi.loc[~ident, "channel"].astype(str)]
    return text("mmm" if is_money(target) else "mmm_units", loc, target=name, Target=name[:1].upper() + name[1:],
                unit=_unit(target, loc), n=fmt.integer(int(ident.sum()), locale=loc), channels=join(parts, locale=loc),
                unidentified=text("mmm_unid", loc, channels=", ".join(unid)) if unid else "")


def interpret_value(value: float, cost: float, roi: float, *, values: Mapping[str, float], currency: str,
                    locale: str) -> str:
    """Sentence for the economic value of engagement against the social costs (``sr.roi.campaign_roi``)."""
    loc = fmt.resolve(locale)
    vals = ", ".join(f"{pretty(k, locale=loc)} {fmt.money(v, currency=currency, locale=loc, digits=2)}"
                     for k, v in values.items())
    return text("value", loc, values=vals, value=fmt.money(value, currency=currency, locale=loc),
                cost=fmt.money(cost, currency=currency, locale=loc), roi=fmt.percent(roi, locale=loc))


def mmm_view(roi: pd.DataFrame, *, target: str, currency: str = "EUR", locale: str) -> pd.DataFrame:
    """The ROI table of ``sr.roi.fit_mmm`` as a client reads it (text cells, headers in ``locale``).

    For a money target: channel, spend, contribution and ROAS with their intervals. For a target
    that is not money (leads, orders): the units per 1,000 of spend and the cost per unit of
    ``sr.roi.unit_returns`` instead of ROAS.
    """
    from ..roi import unit_returns

    loc = fmt.resolve(locale)
    name = pretty(target, locale=loc)
    contribution = text("col.contribution_of", loc, target=name)
    if is_money(target):
        return format_table(roi, locale=loc, currency=currency, columns=["channel", "spend", "contribution", "roas",
                                                                         "identified"],
                            labels={"contribution": contribution})
    per = unit_returns(roi, per=1000)
    labels = {"contribution": contribution,
              "per_spend": text("per_spend", loc, target=name[:1].upper() + name[1:],
                                amount=fmt.money(1000, currency=currency, locale=loc)),
              "cost_per_unit": text("col.cost_per", loc, unit=_unit(target, loc))}
    return format_table(per, locale=loc, currency=currency,
                        columns=["channel", "spend", "contribution", "per_spend", "cost_per_unit", "identified"],
                        labels=labels)


def mmm_caption(target: str, *, currency: str = "EUR", locale: str) -> str:
    """Caption of the media-mix chart: ROAS and break-even for money, units per 1,000 of spend otherwise."""
    loc = fmt.resolve(locale)
    if is_money(target):
        return caption("mmm", locale=loc)
    name = pretty(target, locale=loc)
    return caption("mmm_units", target=name[:1].upper() + name[1:], amount=fmt.money(1000, currency=currency, locale=loc),
                   locale=loc)


def plot_mmm(mmm: Any, *, target: str, currency: str = "EUR", locale: str, ax: Any = None) -> Any:
    """The channel chart of a media-mix model: ROAS with its break-even line for a money target; for a
    target that is not money (leads), units per 1,000 of spend with their intervals — a break-even
    ROAS of 1 means nothing for leads (:mod:`socialroi.plots.roi`)."""
    from ..plots import plot_roas, plot_unit_returns
    from ..roi import unit_returns

    loc = fmt.resolve(locale)
    if is_money(target):
        return plot_roas(mmm.roi, ax=ax, locale=loc)
    return plot_unit_returns(unit_returns(mmm.roi, per=1000), target=target, currency=currency, per=1000, ax=ax,
                             locale=loc)
