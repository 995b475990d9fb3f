"""What notebook 02 (awareness) says around its numbers: a campaign's lift, the trend net of
seasonality, bad-buzz alerts and the positive share after them.

Sentences: catalogue keys ``lift``, ``lift_summary``, ``lift_not``, ``trend``, ``buzz``, ``buzz_after``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import formatting as fmt
from ..catalogue import has, text
from .common import join, pretty, row_basis

__all__ = ["interpret_lift", "interpret_trend", "interpret_bad_buzz"]


def interpret_lift(lift: Any, *, campaign: str, metric: str, locale: str) -> str:
    """Sentence for a ``campaign_lift`` result: the effect per day, in all and relative, each with its
    interval, the verdict, then what the interval covers and what it does not."""
    loc = fmt.resolve(locale)
    name = pretty(metric, locale=loc)
    n = lambda v: fmt.number(v, locale=loc, digits=0 if not fmt.is_missing(v) and abs(float(v)) >= 100 else 1,  # noqa: E731
                             sign=True)
    pc = lambda v: fmt.percent(v, locale=loc, sign=True)  # noqa: E731
    signif = not (fmt.is_missing(lift.ci_low) or fmt.is_missing(lift.ci_high)) and (lift.ci_low > 0 or lift.ci_high < 0)
    method = getattr(lift, "method", "its")
    summary = text("lift_summary", loc, n_post=fmt.integer(lift.n_post, locale=loc),
                   n_pre=fmt.integer(lift.n_pre, locale=loc), metric=name,
                   obs=fmt.number(lift.observed_mean, locale=loc, digits="auto"),
                   cf=fmt.number(lift.counterfactual_mean, locale=loc, digits="auto"),
                   model=text(f"model_{method}", loc) if has(f"model_{method}", loc) else method,
                   abs=n(lift.absolute_effect), abs_lo=n(lift.abs_ci_low), abs_hi=n(lift.abs_ci_high),
                   cum=n(lift.cumulative_effect), rel=pc(lift.relative_effect), rel_lo=pc(lift.ci_low),
                   rel_hi=pc(lift.ci_high), p=fmt.pvalue(lift.p_value, locale=loc),
                   verdict=text("lift_signif" if signif else "lift_not_signif", loc))
    head = text("lift", loc, campaign=campaign, start=fmt.date(lift.start, locale=loc), end=fmt.date(lift.end, locale=loc),
                metric=name, summary=summary)
    covers = text(f"lift_covers_{method}", loc) if has(f"lift_covers_{method}", loc) else text("lift_covers_its", loc)
    return head + "\n" + text("lift_not", loc, rel=fmt.percent(lift.relative_effect, locale=loc),
                              lo=fmt.percent(lift.ci_low, locale=loc), hi=fmt.percent(lift.ci_high, locale=loc),
                              metric=name, covers=covers)


def interpret_trend(table: pd.DataFrame, *, locale: str, metric: str = "mentions") -> str:
    """Sentence for the last period of ``sr.awareness.trend_table``: the change net of seasonality with
    its interval, against the raw change."""
    loc = fmt.resolve(locale)
    if table is None or len(table) < 2:
        return ""
    r = table.iloc[-1]
    lo, hi = r.get("ci_low"), r.get("ci_high")
    verdict = ("trend_up" if not fmt.is_missing(lo) and lo > 0 else
               "trend_down" if not fmt.is_missing(hi) and hi < 0 else "trend_flat")
    sign = lambda v: fmt.number(v, locale=loc, digits=1, sign=True)  # noqa: E731
    return text("trend", loc, period=fmt.period(r["period"], freq="MS", locale=loc),
                days=fmt.integer(r["days"], locale=loc), observed=fmt.integer(r["observed"], locale=loc),
                metric=pretty(metric, locale=loc), change=sign(r["change_adjusted"]), lo=sign(lo), hi=sign(hi),
                raw=sign(r["change"]), verdict=text(verdict, loc))


def interpret_bad_buzz(alerts: pd.DataFrame, *, brand: str, locale: str,
                       before_after: pd.DataFrame | None = None) -> str:
    """Sentence for ``detect_bad_buzz`` (and optionally ``positive_share_before_after``, whose
    ``attrs["change"]`` holds the change after − before and its interval)."""
    loc = fmt.resolve(locale)
    if alerts is None or not len(alerts):
        return text("buzz_none", loc, brand=brand)
    parts = [text("buzz_part", loc, start=fmt.date(r["start"], locale=loc), end=fmt.date(r["end"], locale=loc),
                  obs=fmt.integer(r.get("observed"), locale=loc), exp=fmt.integer(r.get("expected"), locale=loc))
             for _, r in alerts.head(5).iterrows()]
    out = text("buzz", loc, n=fmt.integer(len(alerts), locale=loc), brand=brand, alerts=join(parts, locale=loc))
    if before_after is not None and len(before_after) >= 2 and "positive_share" in before_after.columns:
        b, a = before_after.iloc[0], before_after.iloc[-1]
        change = before_after.attrs.get("change") or {}
        up = not fmt.is_missing(change.get("ci_low")) and float(change["ci_low"]) > 0
        pc = lambda v: fmt.percent(v, locale=loc)  # noqa: E731
        out += "\n" + text("buzz_after", loc, brand=brand, before=pc(b["positive_share"]), after=pc(a["positive_share"]),
                           blo=pc(b.get("ci_low")), bhi=pc(b.get("ci_high")), alo=pc(a.get("ci_low")),
                           ahi=pc(a.get("ci_high")), diff=fmt.points(change.get("difference"), locale=loc, sign=True),
                           dlo=fmt.points(change.get("ci_low"), locale=loc, unit=False),
                           dhi=fmt.points(change.get("ci_high"), locale=loc),
                           bn=row_basis(before_after, b, locale=loc, count="n_days"),
                           an=row_basis(before_after, a, locale=loc, count="n_days"),
                           p=fmt.pvalue(change.get("p_value"), locale=loc),
                           verdict=text("buzz_up" if up else "buzz_flat", loc))
    return out
