"""Period over period synthesis for the client report (issue 15): it computes, it presents nothing.

One headline indicator per goal, its value this period and in the comparison period, the change
with its 95 % interval and the verdict that interval supports (:func:`headline_changes`); what
worked (formats and platforms compared by rate ratios, the best posts: :func:`what_worked`);
watch-outs (bad-buzz episodes with the positive share before and after, weeks of unusual churn:
:func:`watch_outs`); recommendations derived by explicit rules from those numbers
(:func:`recommendations`); and what the data cannot say (:func:`missing_analyses`).

Intervals follow the unit that varies (spec rule 5): posts for rates over posts, days for daily
series (weeks when the days are autocorrelated); the change of two independent periods is Welch's,
on the log scale for a relative change (:func:`socialroi.intervals.period_change`). A verdict
"clearly up/down" is given only when the whole interval of the change lies on one side of zero
(:func:`socialroi.intervals.change_verdict`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import indicators as _ind
from . import intervals as _iv
from .errors import ParameterError

__all__ = [
    "GOALS",
    "HEADLINES",
    "Periods",
    "comparison_periods",
    "headline_changes",
    "what_worked",
    "watch_outs",
    "recommendations",
    "missing_analyses",
]

#: The goals of the executive summary, in the order shown, and the headline indicator of each.
GOALS = ("engagement", "awareness", "loyalty", "market_share", "return_on_spend")
HEADLINES = {
    "engagement": "engagement_rate",
    "awareness": "mentions_per_day",
    "loyalty": "churn_rate",
    "market_share": "share_of_voice",
    "return_on_spend": "cost_per_engagement",
}
#: The direction that is good news for each headline.
GOOD = {"engagement_rate": "up", "mentions_per_day": "up", "churn_rate": "down", "share_of_voice": "up",
        "cost_per_engagement": "down"}
#: The tables (and columns) each headline needs.
NEEDS = {"engagement_rate": ("posts",), "mentions_per_day": ("mentions",), "churn_rate": ("audience",),
         "share_of_voice": ("mentions",), "cost_per_engagement": ("posts", "posts.spend")}
#: Tables whose absence leaves analyses out, the analyses, in the order shown.
TABLE_ANALYSES = {
    "mentions": ("awareness", "market_share", "bad_buzz"),
    "audience": ("loyalty_churn",),
    "interactions": ("loyalty_community",),
    "spend": ("media_mix",),
    "outcomes": ("media_mix",),
    "market": ("share_of_market",),
    "orders": ("customer_value",),
}


#: A quarter counts as full when the data reaches its last week (posts are not published every day).
_FULL_SLACK_DAYS = 7


@dataclass(frozen=True)
class Periods:
    """This period and the comparison period (inclusive calendar days in the dataset timezone)."""

    current: tuple[pd.Timestamp, pd.Timestamp]
    previous: tuple[pd.Timestamp, pd.Timestamp]
    comparison: str  # "previous", "year" or "custom"


# --------------------------------------------------------------------------------------------
# Days of each table (local calendar days)
# --------------------------------------------------------------------------------------------
def _local_days(values: pd.Series) -> pd.Series:
    """Local calendar day of each timestamp (the dataset's tables hold local times)."""
    v = pd.to_datetime(values)
    if getattr(v.dt, "tz", None) is not None:
        v = v.dt.tz_localize(None)
    return v.dt.normalize()


def _table_days(ds: Any) -> dict[str, pd.Series]:
    out = {}
    if getattr(ds, "posts", None) is not None and len(ds.posts):
        out["posts"] = _local_days(ds.posts["published_at"])
    if getattr(ds, "mentions", None) is not None and len(ds.mentions):
        out["mentions"] = _local_days(ds.mentions["timestamp"])
    if getattr(ds, "audience", None) is not None and len(ds.audience):
        out["audience"] = _local_days(ds.audience["date"])
    return out


def _day(value: Any, what: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{what}={value!r} is not a date (expected 'YYYY-MM-DD' or 'YYYYQn')") from exc
    return (ts.tz_localize(None) if ts.tzinfo is not None else ts).normalize()


def _span(value: Any, what: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``"2025Q4"``, ``"2025-10"`` (a month), or a (start, end) pair → inclusive first and last day."""
    if isinstance(value, str):
        try:
            p = pd.Period(value.strip().upper(), freq="Q" if "Q" in value.upper() else "M")
        except (TypeError, ValueError) as exc:
            raise ParameterError(f"{what}={value!r}: expected a quarter 'YYYYQn', a month 'YYYY-MM' or a "
                                 "(start, end) pair of dates") from exc
        return p.start_time.normalize(), p.end_time.normalize()
    if isinstance(value, (tuple, list)) and len(value) == 2:
        start, end = _day(value[0], what), _day(value[1], what)
        if end < start:
            raise ParameterError(f"{what}={value!r}: the end comes before the start")
        return start, end
    raise ParameterError(f"{what}={value!r}: expected a quarter 'YYYYQn', a month 'YYYY-MM' or a (start, end) pair")


def comparison_periods(ds: Any, *, period: Any = None, comparison: Any = "previous") -> Periods:
    """This period and the one it is compared with.

    Parameters
    ----------
    ds : Dataset
    period : str or (start, end), optional
        ``"2025Q4"``, ``"2025-11"`` or two dates. Default: the last full calendar quarter of the
        data (the latest quarter whose last week the data reaches: posts are not daily).
    comparison : {"previous", "year"} or (start, end)
        "previous" (default): the period of the same length just before; "year": the same period
        a year before (year on year); or two dates.

    Raises
    ------
    ParameterError
        An unreadable period, or no dated table to find the last full quarter in.
    """
    if period is None:
        days = _table_days(ds)
        if not days:
            raise ParameterError("the dataset has no dated table (posts, mentions or audience): give period=")
        last = max(d.max() for d in days.values())
        q = pd.Period(last, freq="Q")
        # posts are sparse: a quarter whose last week the data reaches counts as full
        if last < q.end_time.normalize() - pd.Timedelta(days=_FULL_SLACK_DAYS):
            q = q - 1
        current = (q.start_time.normalize(), q.end_time.normalize())
        quarter = True
    else:
        current = _span(period, "period")
        quarter = isinstance(period, str) and "Q" in period.upper()
    if isinstance(comparison, str) and comparison in ("previous", "year"):
        start, end = current
        if comparison == "year":
            prev = (start - pd.DateOffset(years=1), end - pd.DateOffset(years=1))
        elif quarter or (start.day == 1 and (end + pd.Timedelta(days=1)).day == 1):
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            prev = (start - pd.DateOffset(months=months), start - pd.Timedelta(days=1))
        else:
            length = end - start + pd.Timedelta(days=1)
            prev = (start - length, start - pd.Timedelta(days=1))
        return Periods(current=current, previous=(pd.Timestamp(prev[0]), pd.Timestamp(prev[1])), comparison=comparison)
    if isinstance(comparison, str):
        raise ParameterError(f"comparison={comparison!r}: expected 'previous', 'year' or a (start, end) pair")
    return Periods(current=current, previous=_span(comparison, "comparison"), comparison="custom")


def _period_code(days: pd.Series, periods: Periods) -> np.ndarray:
    """0 in the comparison period, 1 in this period, −1 elsewhere."""
    d = days.to_numpy()
    cur = (d >= periods.current[0].to_datetime64()) & (d <= periods.current[1].to_datetime64())
    prev = (d >= periods.previous[0].to_datetime64()) & (d <= periods.previous[1].to_datetime64())
    return np.where(cur, 1, np.where(prev, 0, -1))


# --------------------------------------------------------------------------------------------
# Headline indicators, period over period
# --------------------------------------------------------------------------------------------
def _own_brand(ds: Any) -> str | None:
    meta = getattr(ds, "meta", {}) or {}
    brand = meta.get("brand") or meta.get("name")
    m = getattr(ds, "mentions", None)
    if m is None or brand is None or "brand" not in m.columns:
        return None
    return str(brand) if (m["brand"].astype(str) == str(brand)).any() else None


def _row(goal: str, indicator: str, pc: _iv.PeriodChange | None, *, basis: str = "", unit: str = "",
         reason: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {"goal": goal, "indicator": indicator, "basis": basis, "good": GOOD[indicator],
                           "reason": reason}
    if pc is None:
        reason = reason or "too_few_units"
        row["reason"] = reason
        nan = float("nan")
        row.update(previous=nan, previous_low=nan, previous_high=nan, current=nan, current_low=nan,
                   current_high=nan, change=nan, change_low=nan, change_high=nan, p_value=nan,
                   relative=indicator != "share_of_voice", n_previous=0, n_current=0, ci_unit=unit,
                   verdict="unknown")
        return row
    ok = bool(np.isfinite(pc.change_low) and np.isfinite(pc.change_high))
    row.update(previous=float(pc.estimate[0]), previous_low=float(pc.low[0]), previous_high=float(pc.high[0]),
               current=float(pc.estimate[1]), current_low=float(pc.low[1]), current_high=float(pc.high[1]),
               change=pc.change, change_low=pc.change_low, change_high=pc.change_high, p_value=pc.p_value,
               relative=pc.relative, n_previous=int(pc.n[0]), n_current=int(pc.n[1]),
               ci_unit=str(pc.unit[1] if pc.n[1] else pc.unit[0]) or unit,
               verdict=str(_iv.change_verdict(pc.change_low, pc.change_high)) if ok else "unknown")
    if not ok and not reason:
        row["reason"] = "too_few_units"
    return row


def _engagement(ds: Any, periods: Periods) -> dict[str, Any]:
    posts = getattr(ds, "posts", None)
    if posts is None or not len(posts):
        return _row("engagement", "engagement_rate", None, reason="missing:posts")
    code = _period_code(_local_days(posts["published_at"]), periods)
    engs = _ind.engagements(posts)
    eng = engs.to_numpy(float)
    components = ",".join(engs.attrs.get("components", []))
    for basis in ("reach", "impressions"):
        if basis not in posts.columns:
            continue
        x = pd.to_numeric(posts[basis], errors="coerce").to_numpy(float)
        use = (code >= 0) & np.isfinite(eng) & np.isfinite(x) & (x > 0)
        if all((use & (code == k)).sum() >= 2 for k in (0, 1)):
            pc = _iv.period_change(eng[use], x[use], code[use])
            return _row("engagement", "engagement_rate", pc, basis=basis, unit="posts") | {"components": components}
    return _row("engagement", "engagement_rate", None, unit="posts", reason="too_few_units")


def _daily(y: np.ndarray, x: np.ndarray, days: pd.Series, periods: Periods, *, relative: bool,
           bounds: tuple[float | None, float | None], scale: Any = 1.0) -> _iv.PeriodChange | None:
    code = _period_code(days, periods)
    keep = code >= 0
    if not all((keep & (code == k)).sum() >= 2 for k in (0, 1)):
        return None
    day = (days.to_numpy()[keep] - np.datetime64("1970-01-01")) // np.timedelta64(1, "D")
    return _iv.period_change(y[keep], x[keep], code[keep], day=day.astype(np.int64), relative=relative,
                             bounds=bounds, scale=scale)


def _mention_days(ds: Any, periods: Periods) -> tuple[pd.Series, np.ndarray, np.ndarray] | None:
    """Every calendar day of both periods with the own brand's mentions and all mentions."""
    brand = _own_brand(ds)
    if brand is None:
        return None
    m = ds.mentions
    days = _local_days(m["timestamp"])
    own = (m["brand"].astype(str) == brand).to_numpy(float)
    frame = pd.DataFrame({"day": days.to_numpy(), "own": own, "all": 1.0}).groupby("day").sum()
    cal = pd.DatetimeIndex(np.concatenate([pd.date_range(*periods.previous, freq="D").to_numpy(),
                                           pd.date_range(*periods.current, freq="D").to_numpy()])).unique()
    # a day outside the data's span is not a day without mentions: only days the table covers count
    first, last = days.min(), days.max()
    cal = cal[(cal >= first) & (cal <= last)]
    frame = frame.reindex(cal, fill_value=0.0)
    return pd.Series(frame.index), frame["own"].to_numpy(float), frame["all"].to_numpy(float)


def _awareness(ds: Any, periods: Periods) -> dict[str, Any]:
    md = _mention_days(ds, periods) if getattr(ds, "mentions", None) is not None else None
    if md is None:
        reason = "missing:mentions" if getattr(ds, "mentions", None) is None else "no_own_brand"
        return _row("awareness", "mentions_per_day", None, unit="days", reason=reason)
    days, own, _ = md
    pc = _daily(own, np.ones(len(own)), days, periods, relative=True, bounds=(0.0, None))
    return _row("awareness", "mentions_per_day", pc, basis="mentions", unit="days")


def _market_share(ds: Any, periods: Periods) -> dict[str, Any]:
    md = _mention_days(ds, periods) if getattr(ds, "mentions", None) is not None else None
    if md is None:
        reason = "missing:mentions" if getattr(ds, "mentions", None) is None else "no_own_brand"
        return _row("market_share", "share_of_voice", None, unit="days", reason=reason)
    days, own, every = md
    pc = _daily(own, every, days, periods, relative=False, bounds=(0.0, 1.0))
    return _row("market_share", "share_of_voice", pc, basis="mentions", unit="days")


def _loyalty(ds: Any, periods: Periods) -> dict[str, Any]:
    a = getattr(ds, "audience", None)
    if a is None or not len(a) or "lost_followers" not in a.columns:
        return _row("loyalty", "churn_rate", None, unit="days",
                    reason="missing:audience" if a is None else "missing:audience.lost_followers")
    lost = pd.to_numeric(a["lost_followers"], errors="coerce").to_numpy(float)
    fol = pd.to_numeric(a["followers"], errors="coerce").to_numpy(float)
    new = pd.to_numeric(a["new_followers"], errors="coerce").to_numpy(float) if "new_followers" in a.columns \
        else np.zeros(len(a))
    # followers are end-of-day counts: the opening of day t is followers_t − new_t + lost_t
    frame = pd.DataFrame({"day": _local_days(a["date"]).to_numpy(), "lost": lost, "open": fol - new + lost})
    frame = frame.dropna().groupby("day").sum()
    days = pd.Series(frame.index)
    code = _period_code(days, periods)
    # the churn of a period is Σ lost / followers at its opening = daily ratio × Σ opening / first opening
    scale = []
    for k in (0, 1):
        sel = frame["open"].to_numpy()[code == k]
        scale.append(sel.sum() / sel[0] if len(sel) and sel[0] > 0 else np.nan)
    pc = _daily(frame["lost"].to_numpy(float), frame["open"].to_numpy(float), days, periods, relative=True,
                bounds=(0.0, None), scale=np.asarray(scale))
    return _row("loyalty", "churn_rate", pc, basis="followers", unit="days")


def _return_on_spend(ds: Any, periods: Periods) -> dict[str, Any]:
    posts = getattr(ds, "posts", None)
    if posts is None or "spend" not in posts.columns:
        return _row("return_on_spend", "cost_per_engagement", None, unit="posts",
                    reason="missing:posts" if posts is None else "missing:posts.spend")
    code = _period_code(_local_days(posts["published_at"]), periods)
    spend = pd.to_numeric(posts["spend"], errors="coerce").to_numpy(float)
    eng = _ind.engagements(posts).to_numpy(float)
    use = (code >= 0) & np.isfinite(spend) & (spend > 0) & np.isfinite(eng)
    if not all((use & (code == k)).sum() >= 2 for k in (0, 1)):
        return _row("return_on_spend", "cost_per_engagement", None, unit="posts", reason="too_few_paid_posts")
    pc = _iv.period_change(spend[use], eng[use], code[use])
    return _row("return_on_spend", "cost_per_engagement", pc, basis="paid_posts", unit="posts")


def headline_changes(ds: Any, periods: Periods) -> pd.DataFrame:
    """One headline indicator per goal, this period against the comparison period.

    Returns
    -------
    DataFrame
        One row per goal (:data:`GOALS` order): ``goal``, ``indicator``, ``basis``, ``previous``,
        ``previous_low``, ``previous_high``, ``current``, ``current_low``, ``current_high`` (each
        period's estimate and 95 % interval), ``change``, ``change_low``, ``change_high`` (relative
        change ``current / previous − 1``, or the difference in points for the share of voice:
        ``relative``), ``p_value``, ``n_previous``, ``n_current``, ``ci_unit`` (posts, days or
        weeks), ``verdict`` ("up", "down", "none" — no clear change —, "unknown" — no interval),
        ``components`` (the engagement components the posts have, for the definition),
        ``good`` (the direction that is good news) and ``reason`` (why a row has no numbers:
        ``missing:<table>``, ``too_few_units``...).

    Notes
    -----
    - engagement: engagement rate Σ engagements / Σ reach (impressions when reach is missing)
      over the period's posts, posts as units;
    - awareness: the own brand's mentions per day, days as units (weeks when autocorrelated);
    - loyalty: churn Σ lost followers / followers at the opening of the period, days as units;
    - market share: share of voice (own mentions / all tracked brands' mentions), days as units,
      change in points;
    - return on spend: cost per engagement of the paid posts, Σ spend / Σ engagements, posts as
      units (lower is better).
    """
    rows = [_engagement(ds, periods), _awareness(ds, periods), _loyalty(ds, periods),
            _market_share(ds, periods), _return_on_spend(ds, periods)]
    out = pd.DataFrame(rows)
    out.attrs["periods"] = {"current": [d.date().isoformat() for d in periods.current],
                            "previous": [d.date().isoformat() for d in periods.previous],
                            "comparison": periods.comparison}
    return out


# --------------------------------------------------------------------------------------------
# What worked, watch-outs, recommendations, what the data cannot say
# --------------------------------------------------------------------------------------------
def _in(days: pd.Series, span: tuple[pd.Timestamp, pd.Timestamp]) -> np.ndarray:
    d = days.to_numpy()
    return (d >= span[0].to_datetime64()) & (d <= span[1].to_datetime64())


#: Posting slots by local hour (left-closed): night 22–6 h, morning 6–12 h, afternoon 12–18 h, evening 18–22 h.
SLOTS = ((6, "night"), (12, "morning"), (18, "afternoon"), (22, "evening"), (24, "night"))


def _time_slot(published_at: pd.Series) -> np.ndarray:
    """Posting slot of each post from its local hour (:data:`SLOTS`)."""
    v = pd.to_datetime(published_at)
    if getattr(v.dt, "tz", None) is not None:
        v = v.dt.tz_localize(None)
    hour = v.dt.hour.to_numpy()
    return np.select([hour < h for h, _ in SLOTS], [name for _, name in SLOTS], default="night")


def what_worked(ds: Any, periods: Periods, *, top: int = 3) -> dict[str, Any]:
    """Formats, platforms and posting times that did better this period (rate ratios with intervals)
    and the best posts.

    Returns a dict: ``formats``, ``platforms`` and ``times`` (:func:`socialroi.indicators.compare_rates`
    tables over this period's posts: formats and posting slots (:data:`SLOTS`, local time) within
    platforms; empty when fewer than two levels),
    ``best_posts`` (the ``top`` posts of this period by engagement rate among those reaching at
    least the period's median reach: ``post_id``, ``platform``, ``post_type``, ``published_at``,
    ``text``, ``engagement_rate``).
    """
    out: dict[str, Any] = {"formats": pd.DataFrame(), "platforms": pd.DataFrame(), "times": pd.DataFrame(),
                           "best_posts": pd.DataFrame()}
    posts = getattr(ds, "posts", None)
    if posts is None or not len(posts):
        return out
    cur = posts[_in(_local_days(posts["published_at"]), periods.current)]
    if len(cur) < 4 or "reach" not in cur.columns:
        return out
    cur = cur.assign(time_slot=_time_slot(cur["published_at"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, by, adjust in (("formats", "post_type", "platform"), ("platforms", "platform", None),
                                ("times", "time_slot", "platform")):
            if by in cur.columns and cur[by].nunique() >= 2:
                adj = adjust if adjust and cur[adjust].nunique() >= 2 else None
                try:
                    out[key] = _ind.compare_rates(cur, by=by, adjust_for=adj)
                except Exception:  # noqa: BLE001 - a comparison the data cannot support is left out
                    out[key] = pd.DataFrame()
    reach = pd.to_numeric(cur["reach"], errors="coerce").to_numpy(float)
    eng = _ind.engagements(cur).to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(reach > 0, eng / reach, np.nan)
    ok = np.isfinite(rate) & (reach >= np.nanmedian(reach))
    cols = [c for c in ("post_id", "platform", "post_type", "published_at", "text") if c in cur.columns]
    best = cur.loc[ok, cols].assign(engagement_rate=rate[ok]).sort_values("engagement_rate", ascending=False)
    out["best_posts"] = best.head(top).reset_index(drop=True)
    return out


def _channels_below(ds: Any, *, n_boot: int) -> pd.DataFrame | None:
    """Channels whose net ROI interval lies below 0 (the media-mix model of :mod:`socialroi.roi`, fitted
    on the whole data with the ROI notebook's defaults, so both reports quote the same intervals)."""
    o, sp = getattr(ds, "outcomes", None), getattr(ds, "spend", None)
    if o is None or sp is None or "revenue" not in o.columns or n_boot <= 0:
        return None
    from . import roi as _roi

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            table = _roi.fit_mmm(o, sp, target="revenue", n_boot=n_boot).roi
        except Exception:  # noqa: BLE001 - a model the data cannot support: nothing claimed
            return None
    below = table[table["roi_ci_high"] < 0]
    return below[["channel", "spend", "roi", "roi_ci_low", "roi_ci_high"]].reset_index(drop=True)


def watch_outs(ds: Any, periods: Periods, *, n_boot: int = 200) -> dict[str, Any]:
    """Bad-buzz episodes of this period (with the positive share before and after), churn spikes, and
    channels whose return lies below break-even.

    Returns a dict: ``channels_below`` (channels whose net return interval from the media-mix
    model lies wholly below break-even, over the whole data: ``channel``, ``spend``, ``roi``,
    ``roi_ci_low``, ``roi_ci_high``; None when the model cannot be fitted — no spend, no revenue),
    ``bad_buzz`` (one row per episode starting in this period: ``start``, ``end``,
    ``observed``, ``expected``, ``before``, ``before_low``, ``before_high``, ``after``,
    ``after_low``, ``after_high``, ``change_low``, ``change_high``, ``verdict``) and
    ``churn_weeks`` (weeks of this period whose churn is more than twice the period's weekly
    median: ``week``, ``lost``, ``ratio``).
    """
    out: dict[str, Any] = {"bad_buzz": pd.DataFrame(), "churn_weeks": pd.DataFrame(),
                           "channels_below": _channels_below(ds, n_boot=n_boot)}
    brand = _own_brand(ds) if getattr(ds, "mentions", None) is not None else None
    if brand is not None:
        from . import awareness as _aw

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                alerts = _aw.detect_bad_buzz(ds.mentions, brand=brand)
            except Exception:  # noqa: BLE001 - too little data for the detector: no episode shown
                alerts = pd.DataFrame()
            rows = []
            for _, a in alerts.iterrows():
                if not (periods.current[0] <= pd.Timestamp(a["start"]) <= periods.current[1]):
                    continue
                try:
                    ba = _aw.positive_share_before_after(ds.mentions, a, brand=brand)
                except Exception:  # noqa: BLE001
                    continue
                phase = ba.set_index("phase")
                share = [c for c in ba.columns if c not in ("phase", "first_day", "last_day", "ci_low", "ci_high",
                                                            "n_days", "ci_unit")][-1]
                ch = ba.attrs.get("change", {})
                rows.append({"start": a["start"], "end": a["end"], "observed": a["observed"],
                             "expected": a["expected"],
                             "before": phase.loc["before", share], "before_low": phase.loc["before", "ci_low"],
                             "before_high": phase.loc["before", "ci_high"], "after": phase.loc["after", share],
                             "after_low": phase.loc["after", "ci_low"], "after_high": phase.loc["after", "ci_high"],
                             "change": ch.get("difference"), "change_low": ch.get("ci_low"),
                             "change_high": ch.get("ci_high"),
                             "verdict": str(_iv.change_verdict(ch.get("ci_low", np.nan), ch.get("ci_high", np.nan)))})
            out["bad_buzz"] = pd.DataFrame(rows)
    a = getattr(ds, "audience", None)
    if a is not None and len(a) and "lost_followers" in a.columns:
        days = _local_days(a["date"])
        sel = _in(days, periods.current)
        if sel.any():
            weekly = pd.Series(pd.to_numeric(a["lost_followers"], errors="coerce").to_numpy(float)[sel],
                               index=days[sel].to_numpy()).groupby(level=0).sum().resample("W-MON", label="left",
                                                                                         closed="left").sum()
            med = float(np.median(weekly)) if len(weekly) else np.nan
            if np.isfinite(med) and med > 0:
                spikes = weekly[weekly > 2 * med]
                out["churn_weeks"] = pd.DataFrame({"week": spikes.index, "lost": spikes.to_numpy(),
                                                   "ratio": spikes.to_numpy() / med})
    return out


def recommendations(headlines: pd.DataFrame, worked: dict[str, Any], watch: dict[str, Any], *,
                    limit: int = 5) -> list[dict[str, Any]]:
    """Recommendations by explicit rules, each citing the number it rests on (none without support).

    Rules, in order (each rule fires only when its interval supports it):

    1. ``more_format``: a format whose rate ratio's whole interval lies above 1 (it did better than
       the reference format within platforms) → post more of it;
    2. ``fewer_format``: a format whose interval lies wholly below 1 → post fewer of it;
    3. ``headline_bad``: a headline clearly moving the wrong way (churn up, engagement down,
       cost per engagement up...) → look into it;
    4. ``headline_good``: a headline clearly moving the right way → keep what drove it;
    5. ``bad_buzz``: a bad-buzz episode after which the positive share is clearly lower → a
       response plan;
    6. ``cut_channel``: a paid channel whose net return interval lies wholly below 0 → reduce or
       rethink it.

    Returns a list of dicts ``{"rule", "subject", "value", "low", "high", ...}``, at most ``limit``.
    """
    recs: list[dict[str, Any]] = []
    fm = worked.get("formats")
    if isinstance(fm, pd.DataFrame) and len(fm):
        f = fm.dropna(subset=["ci_low", "ci_high"])
        for _, r in f[f["ci_low"] > 1].sort_values("rate_ratio", ascending=False).head(1).iterrows():
            ref = fm.loc[fm["ci_low"].isna(), "level"]
            recs.append({"rule": "more_format", "subject": str(r["level"]), "value": float(r["rate_ratio"]),
                         "low": float(r["ci_low"]), "high": float(r["ci_high"]),
                         "reference": str(ref.iloc[0]) if len(ref) else ""})
        for _, r in f[f["ci_high"] < 1].sort_values("rate_ratio").head(1).iterrows():
            ref = fm.loc[fm["ci_low"].isna(), "level"]
            recs.append({"rule": "fewer_format", "subject": str(r["level"]), "value": float(r["rate_ratio"]),
                         "low": float(r["ci_low"]), "high": float(r["ci_high"]),
                         "reference": str(ref.iloc[0]) if len(ref) else ""})
    for _, h in headlines.iterrows():
        if h["verdict"] not in ("up", "down"):
            continue
        rule = "headline_good" if h["verdict"] == h["good"] else "headline_bad"
        recs.append({"rule": rule, "subject": str(h["indicator"]), "value": float(h["change"]),
                     "low": float(h["change_low"]), "high": float(h["change_high"]), "relative": bool(h["relative"]),
                     "verdict": h["verdict"]})
    bb = watch.get("bad_buzz")
    if isinstance(bb, pd.DataFrame) and len(bb):
        for _, b in bb[bb["verdict"] == "down"].head(1).iterrows():
            recs.append({"rule": "bad_buzz", "subject": pd.Timestamp(b["start"]).date().isoformat(),
                         "value": float(b["change"]), "low": float(b["change_low"]), "high": float(b["change_high"])})
    cb = watch.get("channels_below")
    if isinstance(cb, pd.DataFrame) and len(cb):
        for _, c in cb.sort_values("roi").head(1).iterrows():
            recs.append({"rule": "cut_channel", "subject": str(c["channel"]), "value": float(c["roi"]),
                         "low": float(c["roi_ci_low"]), "high": float(c["roi_ci_high"])})
    order = {"headline_bad": 0, "cut_channel": 1, "more_format": 2, "fewer_format": 3, "bad_buzz": 4,
             "headline_good": 5}
    recs.sort(key=lambda r: order[r["rule"]])
    return recs[:limit]


def missing_analyses(ds: Any) -> list[dict[str, Any]]:
    """Tables the dataset lacks and the analyses they would allow: ``{"table", "analyses"}`` per table."""
    out = []
    for table, analyses in TABLE_ANALYSES.items():
        if getattr(ds, table, None) is None:
            out.append({"table": table, "analyses": list(analyses)})
    posts = getattr(ds, "posts", None)
    if posts is not None and "spend" not in posts.columns:
        out.append({"table": "posts.spend", "analyses": ["return_on_spend"]})
    return out
