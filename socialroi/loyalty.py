"""Loyalty (fidélisation): audience churn, engagers, cohorts, RFM and customer-base models.

Functions
---------
- :func:`audience_loyalty` — follower churn and net growth per platform and period.
- :func:`engager_summary` — unique, repeat, new and core-community engagers per period.
- :func:`cohort_retention`, :func:`retention_matrix`, :func:`plot_retention` — cohorts by first
  interaction and the share of each cohort still active in later periods.
- :func:`rfm` — recency / frequency / monetary quintile scores and named segments.
- :func:`summarise_events` — event log → ``frequency``, ``recency``, ``T``, ``monetary_value``
  (the "buy 'til you die" summary of Fader, Hardie & Lee 2005).
- :func:`fit_bgnbd` — BG/NBD model by maximum likelihood, with P(alive) and expected purchases.
- :func:`fit_gamma_gamma` — Gamma-Gamma model of spend per transaction.
- :func:`engaged_vs_non_engaged` — repeat purchase and spend of customers who engage on social
  media versus those who do not, adjusted by regression (an association, not a causal effect).

Periods are computed on the wall-clock time of the dataset's timezone (tz-aware timestamps are
read in their own zone), so a post at 00:30 in Paris on the 1st of a month belongs to that month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pandas.tseries import offsets
from pandas.tseries.frequencies import to_offset
from scipy import optimize, special

from . import formatting as fmt
from . import intervals as _iv
from ._common import as_float, normalise_freq, require_columns
from .catalogue import text
from .errors import DataError, ParameterError
from .results import Estimate, ResultDisplay, ResultView

__all__ = [
    "simulate_bgnbd",
    "audience_loyalty",
    "churn_summary",
    "engager_summary",
    "cohort_retention",
    "retention_matrix",
    "pooled_retention",
    "retention_summary",
    "plot_retention",
    "rfm",
    "segment_shares",
    "RFM_SEGMENTS",
    "summarise_events",
    "fit_bgnbd",
    "BGNBDResult",
    "BGNBD_UNCERTAINTY",
    "fit_gamma_gamma",
    "GammaGammaResult",
    "engaged_vs_non_engaged",
    "EngagementAssociation",
]

_Z95 = _iv.Z95

#: RFM segment keys, in the order of the grid (labels: catalogue table ``rfm``).
_SEGMENTS = ("champions", "loyal", "potential_loyalists", "new", "promising", "need_attention", "about_to_sleep",
             "at_risk", "cannot_lose", "hibernating")

#: RFM segment keys with their English and French labels (see :func:`rfm`; any other locale: the
#: catalogue ``rfm`` table of its language).
RFM_SEGMENTS: dict[str, dict[str, str]] = {k: {lang: text(f"rfm.{k}", lang) for lang in ("en", "fr")}
                                           for k in _SEGMENTS}

# segment of each (R score, F score) pair, rows R = 1..5, columns F = 1..5
_RF_GRID = np.array(
    [
        ["hibernating", "hibernating", "at_risk", "at_risk", "cannot_lose"],
        ["hibernating", "hibernating", "at_risk", "at_risk", "cannot_lose"],
        ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
        ["promising", "potential_loyalists", "potential_loyalists", "loyal", "loyal"],
        ["new", "potential_loyalists", "potential_loyalists", "champions", "champions"],
    ],
    dtype=object,
)


# ----------------------------------------------------------------------------------------------
# private helpers
# ----------------------------------------------------------------------------------------------

_US_PER_DAY = 86_400_000_000


def _wall_us(values: pd.Series, *, table: str, column: str) -> np.ndarray:
    """Wall-clock time (in the values' own zone) as int64 microseconds since 1970-01-01."""
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if not pd.api.types.is_datetime64_any_dtype(s):
        try:
            s = pd.to_datetime(s)
        except (ValueError, TypeError) as exc:
            raise DataError(f"table {table!r}, column {column!r}: not datetimes ({exc})") from None
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    bad = s.isna().to_numpy()
    if bad.any():
        rows = list(s.index[bad][:5])
        raise DataError(f"table {table!r}, column {column!r}: missing timestamps at rows {rows}; every row needs one")
    return s.to_numpy().astype("datetime64[us]", copy=False).view("i8")


def _to_wall_us(value: Any, tz: Any) -> int:
    """A scalar date/time given by a user (``end=``/``start=``) as wall-clock microseconds."""
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = (ts.tz_convert(tz) if tz is not None else ts).tz_localize(None)
    return int(np.datetime64(ts.to_datetime64(), "us").view("i8"))


def _tz_of(values: pd.Series) -> Any:
    return getattr(getattr(values, "dt", None), "tz", None) if pd.api.types.is_datetime64_any_dtype(values) else None


class _Periods:
    """Integer period ordinals for a pandas offset alias, computed with numpy.

    ``ordinal(us)`` maps wall-clock microseconds to consecutive integers (one per period) and
    ``label(ordinal)`` gives the naive Timestamp at which each period starts — the same labels as
    ``socialroi._common.period_start``.
    """

    def __init__(self, freq: str) -> None:
        alias = normalise_freq(freq)
        try:
            off = to_offset(alias)
        except (ValueError, TypeError) as exc:
            raise ParameterError(f"freq={freq!r} is not a pandas offset alias ({exc})") from None
        self.freq = freq
        self.kind: str
        self.span_us = 0
        self.start = 0
        if off.n != 1:
            if isinstance(off, offsets.Tick):
                self.kind, self.span_us = "tick", int(off.nanos // 1000)
                return
            if isinstance(off, offsets.Day):
                self.kind, self.span_us = "tick", off.n * _US_PER_DAY
                return
            raise ParameterError(f"freq={freq!r}: multiples are only supported for fixed durations (e.g. '2D', '6h')")
        if isinstance(off, offsets.Day):
            self.kind = "day"
        elif isinstance(off, offsets.Week):
            weekday = 6 if off.weekday is None else off.weekday  # weeks end on this day
            self.kind, self.start = "week", (weekday + 1) % 7  # and start on the next
        elif isinstance(off, (offsets.MonthBegin, offsets.MonthEnd)):
            self.kind, self.span_us, self.start = "month", 1, 1
        elif isinstance(off, (offsets.QuarterBegin, offsets.QuarterEnd)):
            m = off.startingMonth
            self.kind, self.span_us = "month", 3
            self.start = m if isinstance(off, offsets.QuarterBegin) else m % 12 + 1
        elif isinstance(off, (offsets.YearBegin, offsets.YearEnd)):
            m = off.month
            self.kind, self.span_us = "month", 12
            self.start = m if isinstance(off, offsets.YearBegin) else m % 12 + 1
        elif isinstance(off, offsets.Tick):
            self.kind, self.span_us = "tick", int(off.nanos // 1000)
        else:
            raise ParameterError(
                f"freq={freq!r} is not supported: use 'D', 'W' (or 'W-MON'...), 'MS', 'QS', 'YS' or a fixed duration such as 'h'"
            )

    def ordinal(self, us: np.ndarray) -> np.ndarray:
        us = np.asarray(us, dtype=np.int64)
        if self.kind == "tick":
            return us // self.span_us
        days = us // _US_PER_DAY
        if self.kind == "day":
            return days
        if self.kind == "week":
            # 1970-01-01 was a Thursday (weekday 3)
            return (days + 3 - self.start) // 7
        if days.size > 100_000:
            # month of each day through a lookup table over the (short) range of days
            lo, hi = int(days.min()), int(days.max())
            if hi - lo < 50_000_000:
                table = np.arange(lo, hi + 1).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
                table = (table - (self.start - 1)) // self.span_us  # the ordinal of each day
                days -= lo  # (in place: one array of the column's length at a time)
                return table[days]
        months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        return (months - (self.start - 1)) // self.span_us

    def label_us(self, ordinal: np.ndarray) -> np.ndarray:
        o = np.asarray(ordinal, dtype=np.int64)
        if self.kind == "tick":
            return o * self.span_us
        if self.kind == "day":
            return o * _US_PER_DAY
        if self.kind == "week":
            return (o * 7 + self.start - 3) * _US_PER_DAY
        months = (o * self.span_us + self.start - 1).astype("datetime64[M]")
        return months.astype("datetime64[us]").view("i8")

    def label(self, ordinal: np.ndarray) -> pd.DatetimeIndex:
        return pd.DatetimeIndex(self.label_us(ordinal).view("datetime64[us]"))


def _unit_us(unit: str) -> int:
    alias = normalise_freq(unit)
    try:
        off = to_offset(alias)
    except (ValueError, TypeError) as exc:
        raise ParameterError(f"unit={unit!r} is not a pandas offset alias ({exc})") from None
    if isinstance(off, offsets.Week):
        return off.n * 7 * _US_PER_DAY
    if isinstance(off, offsets.Day):
        return off.n * _US_PER_DAY
    if isinstance(off, offsets.Tick):
        return int(off.nanos // 1000)
    raise ParameterError(f"unit={unit!r} must be a fixed duration such as 'D', 'W' or 'h' (months differ in length)")


def _wilson(k: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wilson 95 % interval of k of n identified users (users are independent trials here)."""
    return _iv.wilson(k, n)


def _as_list(by: str | list[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _factorize(values: pd.Series, *, table: str, column: str) -> tuple[np.ndarray, pd.Index]:
    codes, uniques = pd.factorize(values, sort=False)
    if (codes < 0).any():
        rows = list(values.index[codes < 0][:5])
        raise DataError(f"table {table!r}, column {column!r}: missing ids at rows {rows}")
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


# ----------------------------------------------------------------------------------------------
# 1. audience loyalty and engagers
# ----------------------------------------------------------------------------------------------


def audience_loyalty(audience: pd.DataFrame, *, by: str | list[str] | None = "platform", freq: str = "MS") -> pd.DataFrame:
    r"""Follower churn and net growth per platform and period.

    Parameters
    ----------
    audience : DataFrame
        The ``audience`` table: ``date``, ``platform``, ``followers`` (end of day) and, when the
        export has them, ``new_followers`` and ``lost_followers``.
    by : str, list of str or None
        Grouping columns (default ``"platform"``; None sums the platforms day by day).
    freq : str
        Period (pandas offset alias, default ``"MS"`` = calendar months).

    Returns
    -------
    DataFrame
        One row per group and period: ``period`` (start date), ``n_days`` (days with data),
        ``followers_start``, ``followers_end``, ``net_growth``, ``follower_growth_rate``; when the
        table has ``lost_followers``: ``lost_followers``, ``churn_rate``, ``churn_ci_low``,
        ``churn_ci_high``; when it also has ``new_followers``: ``new_followers``, ``net_new``
        (Σ new − Σ lost, the platform's own flows, which may differ from ``net_growth``).

    Notes
    -----
    Built on :func:`socialroi.indicators.follower_growth_rate` and
    :func:`socialroi.indicators.churn_rate` so that the numbers are those of the KPI board:

    .. math::

        \text{net growth} = F_{end} - F_{start},\quad
        \text{growth rate} = \frac{F_{end} - F_{start}}{F_{start}},\quad
        \text{churn} = \frac{\sum \text{lost}}{F_{start}}

    ``F_start`` is the end-of-day count of the day just before the period's first observed day when
    the data has it, else that of the first observed day; ``F_end`` the count at the end of the
    last observed day. Days with a missing value in a used column are left out (see the
    indicators' ``attrs``). The churn interval comes from the variation between days (weeks when
    the days are autocorrelated; see :func:`socialroi.indicators.churn_rate`): followers are not
    independent trials, they are lost in bursts. ``attrs["ci_unit"]`` says which unit was used.
    :func:`churn_summary` pools the churn over the platform-periods.
    """
    from . import indicators as ind

    by_cols = _as_list(by)
    require_columns(audience, ["date", "followers", *by_cols], table="audience", purpose="audience loyalty")
    _Periods(freq)  # same freq check as the rest of the module
    keys = [*by_cols, "period"]
    g = ind.follower_growth_rate(audience, by=by, freq=freq)
    out = g[[*keys, "n_days", "followers_start", "followers_end"]].copy()
    out["net_growth"] = out["followers_end"] - out["followers_start"]
    out["follower_growth_rate"] = g["follower_growth_rate"].to_numpy()
    notes = {"follower_growth_rate": "(followers_end - followers_start) / followers_start"}
    if "lost_followers" in audience.columns:
        c = ind.churn_rate(audience, by=by, freq=freq)
        ci_unit = c.attrs.get("ci_unit")
        c = c[[*keys, "numerator", "churn_rate", "ci_low", "ci_high", "n_units", "ci_unit"]].rename(
            columns={"numerator": "lost_followers", "ci_low": "churn_ci_low", "ci_high": "churn_ci_high",
                     "n_units": "churn_n", "ci_unit": "churn_ci_unit"})
        out = out.merge(c, on=keys, how="left")
        notes["churn_rate"] = ("sum(lost_followers) / followers_start (95% CI from the variation between "
                               f"{ci_unit})")
        if "new_followers" in audience.columns:
            n = ind.follower_growth_rate(audience, by=by, freq=freq, variant="net_new")
            n = n[[*keys, "numerator"]].rename(columns={"numerator": "net_new"})
            out = out.merge(n, on=keys, how="left")
            out.insert(out.columns.get_loc("lost_followers"), "new_followers", out["net_new"] + out["lost_followers"])
    out.attrs["definition"] = {**notes, "freq": freq}
    if "lost_followers" in audience.columns:
        out.attrs.update(ci_method=_iv.METHODS["days"][0], ci_unit=ci_unit)
    return out


def churn_summary(audience: pd.DataFrame, *, by: str | list[str] | None = "platform", freq: str = "MS") -> dict[str, Any]:
    r"""Churn pooled over the platform-periods of :func:`audience_loyalty`, with its interval.

    Parameters
    ----------
    audience : DataFrame
        The ``audience`` table with ``lost_followers``.
    by, freq
        As in :func:`audience_loyalty`.

    Returns
    -------
    dict
        ``churn_rate`` (:math:`\sum_p lost_p / \sum_p F_{start,p}` over the platform-periods that
        have a churn rate: the mean churn per period), ``ci_low``, ``ci_high``, ``n_units`` and
        ``ci_unit`` (days or weeks the interval rests on), ``periods`` (platform-periods pooled),
        ``min``, ``max`` (range of the period rates). NaN without lost followers.

    Notes
    -----
    The interval treats the days as units: :math:`y_t` = followers lost on day t and :math:`x_t`
    = followers at its opening, both summed over the platforms (days of different platforms move
    together: a bad buzz hits them all). The daily churn :math:`\sum y_t / \sum x_t` gets its
    interval from :func:`socialroi.intervals.day_ratio_interval` (weeks when the days are
    autocorrelated) and the pooled churn moves with it by :math:`\sum x_t / \sum_p F_{start,p}`.
    """
    from . import indicators as ind

    nan = float("nan")
    empty = {"churn_rate": nan, "ci_low": nan, "ci_high": nan, "n_units": 0, "ci_unit": "days", "periods": 0,
             "min": nan, "max": nan}
    if "lost_followers" not in audience.columns:
        return empty
    t, gkeys, _, a = ind._audience_periods(audience, by=_as_list(by) or None, freq=freq, need=["lost_followers"],
                                           days=True)
    start = t["followers_start"].to_numpy(float)
    ok = start > 0
    if not ok.any():
        return empty
    rates = t["lost_followers"].to_numpy(float)[ok] / start[ok]
    rows = np.flatnonzero(ok)
    a = a[np.isin(a["_g"].to_numpy(), rows)]
    day = a["_day"].to_numpy()
    d0 = int(day.min())
    y = np.bincount(day - d0, weights=a["lost_followers"].to_numpy(float))
    x = np.bincount(day - d0, weights=a["_opening"].to_numpy(float))
    has = np.bincount(day - d0) > 0
    days = np.flatnonzero(has)
    res = _iv.day_ratio_interval(y[days], x[days], np.zeros(len(days), dtype=np.int64), 1, days + d0,
                                 bounds=(0.0, None))
    den = float(start[ok].sum())
    pooled = float(t["lost_followers"].to_numpy(float)[ok].sum() / den)
    f = float(x[days].sum() / den)
    lo = pooled + (float(res.low[0]) - float(res.estimate[0])) * f
    hi = pooled + (float(res.high[0]) - float(res.estimate[0])) * f
    return {"churn_rate": pooled, "ci_low": max(lo, 0.0) if np.isfinite(lo) else nan, "ci_high": hi,
            "n_units": int(res.n[0]) if np.isfinite(lo) else 0, "ci_unit": str(res.unit[0]), "periods": int(ok.sum()),
            "min": float(rates.min()), "max": float(rates.max()), "autocorrelation": res.info}


def engager_summary(
    interactions: pd.DataFrame,
    *,
    freq: str = "MS",
    by: str | list[str] | None = None,
    k: int = 2,
    user_col: str = "user_id",
    time_col: str = "timestamp",
) -> pd.DataFrame:
    """Unique, repeat, new and core-community engagers per period.

    Parameters
    ----------
    interactions : DataFrame
        The ``interactions`` table (one row per interaction of an identified account).
    freq : str
        Period (pandas offset alias, default months).
    by : str, list of str or None
        Optional grouping columns (e.g. ``"platform"``).
    k : int
        A user belongs to the *core community* when active in at least ``k`` distinct periods
        over the whole table (all groups), default 2.
    user_col, time_col : str
        Column names.

    Returns
    -------
    DataFrame
        Per group and ``period``: ``interactions``, ``unique_engagers``, ``new_engagers`` (first
        interaction ever in this period), ``returning_engagers``, ``repeat_engagers`` (more than
        one interaction in the period), ``repeat_share`` (repeat / unique, Wilson CI
        ``repeat_ci_low``/``repeat_ci_high``: each identified user is one independent trial),
        ``core_engagers`` and ``core_share`` (share of the period's interactions made by
        core-community users) with ``core_ci_low``/``core_ci_high``.

    Notes
    -----
    ``core_share = Σ_u c_u / Σ_u n_u`` where ``n_u`` is user u's interactions in the period and
    ``c_u = n_u`` for core users, 0 otherwise. Interactions of one user are not independent, so
    its interval takes the users as units (clusters): the ratio estimator over the m users,
    :func:`socialroi.intervals.ratio_interval` (as over posts), clipped to [0, 1]; when R is 0 or
    1 (no variation between users) the Wilson interval of core users among the m users is used
    instead. ``repeat_share`` is a share of users, one user one trial: Wilson.
    """
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ParameterError(f"k={k!r}: expected a positive integer number of periods")
    by_cols = _as_list(by)
    require_columns(interactions, [user_col, time_col, *by_cols], table="interactions", purpose="engager summary")
    per = _Periods(freq)
    us = _wall_us(interactions[time_col], table="interactions", column=time_col)
    ordv = per.ordinal(us)
    ucode, _ = _factorize(interactions[user_col], table="interactions", column=user_col)
    d = pd.DataFrame({c: interactions[c].to_numpy() for c in by_cols})
    d["_u"], d["_ord"] = ucode, ordv
    # per user: number of distinct active periods and first period (whole table)
    up = pd.DataFrame({"_u": ucode, "_ord": ordv}).drop_duplicates()
    n_periods = np.bincount(up["_u"].to_numpy(), minlength=ucode.max() + 1 if len(ucode) else 0)
    first = up.groupby("_u")["_ord"].min()
    first_arr = np.full(len(n_periods), np.iinfo(np.int64).max)
    first_arr[first.index.to_numpy()] = first.to_numpy()
    gcols = [*by_cols, "_ord"]
    cell = d.groupby([*gcols, "_u"], sort=True, dropna=False).size().rename("n").reset_index()
    u = cell["_u"].to_numpy()
    n = cell["n"].to_numpy().astype(float)
    cell["core"] = n_periods[u] >= k
    cell["new"] = first_arr[u] == cell["_ord"].to_numpy()
    cell["repeat"] = n > 1
    cell["c"] = np.where(cell["core"], n, 0.0)
    g = cell.groupby(gcols, sort=True, dropna=False)
    out = g.agg(
        interactions=("n", "sum"),
        unique_engagers=("n", "size"),
        new_engagers=("new", "sum"),
        repeat_engagers=("repeat", "sum"),
        core_engagers=("core", "sum"),
        core_interactions=("c", "sum"),
    ).reset_index()
    tot = out["interactions"].to_numpy(dtype=float)
    m = out["unique_engagers"].to_numpy(dtype=float)
    R = out["core_interactions"].to_numpy() / tot
    # users as units (clusters): the ratio estimator between users
    res = _iv.ratio_interval(cell["c"].to_numpy(dtype=float), n, g.ngroup().to_numpy(), len(out), bounds=(0.0, 1.0),
                             unit="users")
    lo, hi = res.low, res.high
    wl, wh = _wilson(out["core_engagers"].to_numpy(), m)
    edge = (R == 0) | (R == 1)
    out["returning_engagers"] = out["unique_engagers"] - out["new_engagers"]
    out["repeat_share"] = out["repeat_engagers"] / m
    out["repeat_ci_low"], out["repeat_ci_high"] = _wilson(out["repeat_engagers"].to_numpy(), m)
    out["core_share"] = R
    out["core_ci_low"] = np.where(edge, wl, lo)
    out["core_ci_high"] = np.where(edge, wh, hi)
    out.insert(len(by_cols), "period", per.label(out["_ord"].to_numpy()))
    cols = [*by_cols, "period", "interactions", "unique_engagers", "new_engagers", "returning_engagers",
            "repeat_engagers", "repeat_share", "repeat_ci_low", "repeat_ci_high", "core_engagers",
            "core_share", "core_ci_low", "core_ci_high"]
    out = out[cols]
    for c in ("interactions", "unique_engagers", "new_engagers", "returning_engagers", "repeat_engagers", "core_engagers"):
        out[c] = out[c].astype(np.int64)
    out.attrs["definition"] = {
        "core_share": f"share of interactions made by users active in >= {k} distinct {freq} periods",
        "repeat_share": "users with more than one interaction in the period / unique engagers (Wilson: users "
                        "as independent trials)",
        "core_ci": "between users (users as clusters of interactions)",
        "core_users_total": int((n_periods >= k).sum()),
        "users_total": int(len(n_periods)),
    }
    out.attrs.update(ci_method="core share: " + _iv.METHODS["users"][0] + "; repeat share: " + _iv.METHODS["wilson_users"][0],
                     ci_unit="users")
    return out


# ----------------------------------------------------------------------------------------------
# 2. cohorts
# ----------------------------------------------------------------------------------------------

_DENSE_LIMIT = 200_000_000  # users x periods cells for the bitmap path
_MAX_CELLS = 20_000_000  # cohort x period cells of the output


def cohort_retention(
    interactions: pd.DataFrame,
    *,
    freq: str = "MS",
    user_col: str = "user_id",
    time_col: str = "timestamp",
) -> pd.DataFrame:
    """Cohorts of users by the period of their first interaction, and their retention.

    Parameters
    ----------
    interactions : DataFrame
        Event log with a user id and a timestamp (``interactions`` or ``orders`` with
        ``user_col="customer_id", time_col="ordered_at"``).
    freq : str
        Period (pandas offset alias): ``"MS"`` months (default), ``"W"`` weeks (Monday to
        Sunday), ``"D"`` days, ``"QS"`` quarters...
    user_col, time_col : str
        Column names.

    Returns
    -------
    DataFrame
        Long table, one row per cohort and ``period`` (0, 1, 2... periods since the cohort's
        first period, up to the last period in the data): ``cohort`` (start date of the cohort's
        period), ``period``, ``cohort_size``, ``users`` (cohort members active in that period),
        ``retention`` = users / cohort_size, ``ci_low``, ``ci_high`` (Wilson 95 %: each identified
        user of the cohort is one independent trial — came back or not). Periods where nobody
        returned are listed with 0 users; periods after the end of the data are absent.

    Notes
    -----
    Retention of cohort c at period k is :math:`|\\{u \\in c : u \\text{ active in } c + k\\}| / |c|`
    (classic "N-period" retention: activity in that exact period, not "at or after"). Period 0
    is 1 by construction. The computation is vectorised: user and period codes, a bitmap of
    active (user, period) cells and ``np.bincount``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"user_id": ["a", "a", "b"],
    ...                     "timestamp": pd.to_datetime(["2025-01-05", "2025-02-01", "2025-01-09"])})
    >>> cohort_retention(log)[["cohort", "period", "users", "retention"]]
          cohort  period  users  retention
    0 2025-01-01       0      2        1.0
    1 2025-01-01       1      1        0.5
    """
    require_columns(interactions, [user_col, time_col], table="interactions", purpose="cohort retention")
    per = _Periods(freq)
    cols = ["cohort", "period", "cohort_size", "users", "retention", "ci_low", "ci_high"]
    if len(interactions) == 0:
        return pd.DataFrame({c: [] for c in cols})
    p = per.ordinal(_wall_us(interactions[time_col], table="interactions", column=time_col))
    u, _ = _factorize(interactions[user_col], table="interactions", column=user_col)
    n_users = int(u.max()) + 1
    pmin = int(p.min())
    P = int(p.max()) - pmin + 1
    p -= pmin  # (in place: the peak memory stays a few columns' worth)
    pr = p
    if n_users * P <= _DENSE_LIMIT:
        # bitmap of active (user, period) cells: no sort needed
        active = np.zeros((n_users, P), dtype=bool)
        active[u, pr] = True
        first = active.argmax(axis=1)
        cells = np.flatnonzero(active)
        cu, cp = cells // P, cells % P
    else:
        first = np.full(n_users, P, dtype=np.int64)
        np.minimum.at(first, u, pr)
        cells = np.unique(u * P + pr)
        cu, cp = cells // P, cells % P
    coh = first[cu]
    key = coh * P + (cp - coh)
    size = np.bincount(first, minlength=P)
    # output cells: every existing cohort, periods 0 .. up to the end of the data
    cohorts = np.flatnonzero(size)
    n_out = int(np.sum(P - cohorts))
    if n_out > _MAX_CELLS:
        raise ParameterError(f"freq={freq!r} gives {P} periods and {fmt.integer(n_out, locale='en')} cohort cells: "
                             "use a coarser freq")
    cc = np.repeat(cohorts, P - cohorts)
    kk = np.arange(n_out) - np.repeat(np.cumsum(P - cohorts) - (P - cohorts), P - cohorts)
    if P * P <= _MAX_CELLS:
        n_in = np.bincount(key, minlength=P * P)[cc * P + kk]
    else:
        ukey, cnt = np.unique(key, return_counts=True)
        want = cc * P + kk
        pos = np.minimum(np.searchsorted(ukey, want), len(ukey) - 1)
        n_in = np.where(ukey[pos] == want, cnt[pos], 0)
    sz = size[cc]
    lo, hi = _wilson(n_in, sz)
    out = pd.DataFrame(
        {
            "cohort": per.label(cc + pmin),
            "period": kk.astype(np.int64),
            "cohort_size": sz.astype(np.int64),
            "users": n_in.astype(np.int64),
            "retention": n_in / sz,
            "ci_low": lo,
            "ci_high": hi,
        }
    )
    out.attrs["definition"] = {
        "retention": f"share of the cohort active in the k-th {freq} period after its first (Wilson 95% CI: "
                     "users as independent trials)",
        "freq": freq,
    }
    out.attrs.update(ci_method=_iv.METHODS["wilson_users"][0], ci_unit="users")
    return out


def pooled_retention(table: pd.DataFrame, *, period: int = 1) -> tuple[float, float, float, int]:
    """Retention at ``period`` pooled over the cohorts of :func:`cohort_retention` that reached it.

    Σ users / Σ cohort sizes, with the Wilson 95 % interval of the pooled users (each identified
    user one independent trial). Returns (retention, ci_low, ci_high, cohorts); NaN and 0 when no
    cohort reached ``period``.
    """
    sel = table[table["period"] == period]
    k, n = float(sel["users"].sum()), float(sel["cohort_size"].sum())
    if n <= 0:
        return float("nan"), float("nan"), float("nan"), 0
    lo, hi = _wilson(np.array([k]), np.array([n]))
    return k / n, float(lo[0]), float(hi[0]), int(len(sel))


def retention_summary(table: pd.DataFrame, *, periods: tuple[int, ...] = (1, 3)) -> pd.DataFrame:
    """Retention after each of ``periods`` pooled over the cohorts that reached it, with its interval.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cohort_retention`.
    periods : tuple of int
        Periods since the first interaction (1: the next period).

    Returns
    -------
    DataFrame
        One row per period: ``period``, ``retention`` (Σ users / Σ cohort sizes, as
        :func:`pooled_retention`), ``ci_low``, ``ci_high`` (Wilson 95 %), ``cohorts`` (cohorts
        pooled), ``n_units`` (people the interval rests on: the summed cohort sizes, 0 when no
        cohort reached the period) and ``ci_unit`` ("users"). ``attrs["ci_unit"]`` = "users".
    """
    require_columns(table, ["period", "users", "cohort_size"], table="cohort_retention")
    rows = []
    for k in periods:
        r, lo, hi, cohorts = pooled_retention(table, period=int(k))
        n = int(table.loc[table["period"] == k, "cohort_size"].sum()) if cohorts else 0
        rows.append((int(k), r, lo, hi, cohorts, n, "users"))
    out = pd.DataFrame(rows, columns=["period", "retention", "ci_low", "ci_high", "cohorts", "n_units", "ci_unit"])
    out.attrs.update(ci_method=_iv.METHODS["wilson_users"][0], ci_unit="users")
    return out


def retention_matrix(table: pd.DataFrame, *, value: str = "retention") -> pd.DataFrame:
    """Wide cohort × period grid of a :func:`cohort_retention` table (for heatmaps).

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cohort_retention`.
    value : str
        Column to spread: ``"retention"`` (default), ``"users"``, ``"ci_low"``...

    Returns
    -------
    DataFrame
        Index ``cohort``, columns ``period`` (0, 1, ...), NaN where the period is after the end
        of the data.
    """
    require_columns(table, ["cohort", "period", value], table="cohort_retention")
    return table.pivot(index="cohort", columns="period", values=value)


def plot_retention(table: pd.DataFrame, *, ax: Any = None, locale: str | None = None, annot: bool = True) -> Any:
    """Heatmap of cohort retention (rows: cohorts, columns: periods since first interaction):
    :func:`socialroi.plots.plot_retention`.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cohort_retention`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    locale : str, optional
        Labels' language (default: the table's metadata, else English).
    annot : bool
        Write the percentages in the cells (default True).

    Returns
    -------
    matplotlib Axes
    """
    from .plots import plot_retention as _plot

    require_columns(table, ["cohort", "period", "retention"], table="cohort_retention")
    return _plot(table, ax=ax, locale=locale, annot=annot)


# ----------------------------------------------------------------------------------------------
# 3. RFM
# ----------------------------------------------------------------------------------------------


def _quintile_score(values: np.ndarray, *, higher_is_better: bool = True) -> np.ndarray:
    r = pd.Series(values if higher_is_better else -np.asarray(values, dtype=float)).rank(method="average").to_numpy()
    n = len(r)
    return (np.floor(5 * (r - 0.5) / n) + 1).astype(np.int64)


def rfm(
    data: pd.DataFrame,
    *,
    id_col: str = "user_id",
    time_col: str = "timestamp",
    value_col: str | None = None,
    end: Any = None,
    locale: str | None = None,
) -> pd.DataFrame:
    """Recency-frequency-monetary scores and named segments, per engager or per customer.

    Parameters
    ----------
    data : DataFrame
        An event log: ``interactions`` (default columns) or ``orders`` with
        ``id_col="customer_id", time_col="ordered_at", value_col="amount"``.
    id_col, time_col : str
        Who and when.
    value_col : str, optional
        Money per event; without it there is no monetary score (engagers).
    end : date-like, optional
        Reference date for recency (default: the day of the last event in the data). Events after
        ``end`` are ignored.
    locale : "fr" or "en", optional
        Language of ``segment_label``.

    Returns
    -------
    DataFrame
        One row per id: ``recency`` (days from the day of the last event to ``end``),
        ``frequency`` (number of events), ``monetary`` (sum of ``value_col``, if given),
        ``r_score``, ``f_score``, ``m_score`` (1–5), ``rfm_score`` (e.g. ``"545"``; ``"54"``
        without money), ``segment`` (a key of :data:`RFM_SEGMENTS`) and ``segment_label``.

    Notes
    -----
    Scores are quintiles of the mid-rank: with the average rank :math:`r_i` of the n ids (ties
    share their average rank, so equal values always get the same score),
    :math:`s_i = \\lfloor 5 (r_i - 1/2) / n \\rfloor + 1`. Recency is ranked so that the most recent
    ids score 5. Segments come from the (R, F) grid used by most RFM tools:

    ====  ============  ============  ===============  ================  ================
    R\\F   1             2             3                4                 5
    ====  ============  ============  ===============  ================  ================
    5     new           potential     potential        champions         champions
    4     promising     potential     potential        loyal             loyal
    3     about to      about to      need attention   loyal             loyal
          sleep         sleep
    1–2   hibernating   hibernating   at risk          at risk           cannot lose
    ====  ============  ============  ===============  ================  ================

    References
    ----------
    Hughes, A. M. (1994). *Strategic Database Marketing*. Probus. Fader, P. S., Hardie, B. G. S.,
    & Lee, K. L. (2005). RFM and CLV: using iso-value curves for customer base analysis. *Journal of
    Marketing Research*, 42(4), 415–430.
    """
    loc = fmt.resolve(locale, data)
    cols = [id_col, time_col] + ([value_col] if value_col else [])
    table = "orders" if value_col else "interactions"
    require_columns(data, cols, table=table, purpose="RFM")
    us = _wall_us(data[time_col], table=table, column=time_col)
    day = us // _US_PER_DAY
    if end is not None:
        end_day = _to_wall_us(end, _tz_of(data[time_col])) // _US_PER_DAY
        keep = day <= end_day
    else:
        end_day = int(day.max()) if len(day) else 0
        keep = np.ones(len(day), dtype=bool)
    codes, uniq = _factorize(data[id_col], table=table, column=id_col)
    codes, day = codes[keep], day[keep]
    d = pd.DataFrame({"_c": codes, "_day": day})
    if value_col:
        v = as_float(data[value_col])[keep]
        if np.isnan(v).any():
            rows = list(data.index[keep][np.isnan(v)][:5])
            raise DataError(f"table {table!r}, column {value_col!r}: missing values at rows {rows}")
        d["_v"] = v
    agg: dict[str, tuple[str, str]] = {"last": ("_day", "max"), "frequency": ("_day", "size")}
    if value_col:
        agg["monetary"] = ("_v", "sum")
    g = d.groupby("_c", sort=False).agg(**agg)
    out = pd.DataFrame({id_col: uniq[g.index.to_numpy()]})
    out["recency"] = (end_day - g["last"].to_numpy()).astype(np.int64)
    out["frequency"] = g["frequency"].to_numpy().astype(np.int64)
    out["r_score"] = _quintile_score(out["recency"].to_numpy(), higher_is_better=False)
    out["f_score"] = _quintile_score(out["frequency"].to_numpy())
    score = out["r_score"].astype(str) + out["f_score"].astype(str)
    if value_col:
        out.insert(3, "monetary", g["monetary"].to_numpy())
        out["m_score"] = _quintile_score(out["monetary"].to_numpy())
        score = score + out["m_score"].astype(str)
    out["rfm_score"] = score
    seg = _RF_GRID[out["r_score"].to_numpy() - 1, out["f_score"].to_numpy() - 1]
    out["segment"] = pd.array(seg, dtype="str")
    out["segment_label"] = out["segment"].map({k: text(f"rfm.{k}", loc) for k in _SEGMENTS})
    out = out.sort_values(id_col, kind="stable").reset_index(drop=True)
    out.attrs["definition"] = {
        "scores": "quintiles of the average rank: floor(5 (rank - 1/2) / n) + 1; recency: most recent = 5",
        "end": str(pd.Timestamp(np.datetime64(int(end_day), "D")).date()),
    }
    return out


def segment_shares(segments: pd.DataFrame) -> pd.DataFrame:
    """Ids per RFM segment of :func:`rfm`, largest first, with the share's interval.

    Returns ``segment``, ``segment_label``, ``customers``, ``share`` and ``share_ci_low`` /
    ``share_ci_high``: Wilson 95 % — each identified customer is one independent trial (in the
    segment or not).
    """
    require_columns(segments, ["segment", "segment_label"], table="rfm", purpose="segment shares")
    counts = segments.groupby(["segment", "segment_label"], sort=False, observed=True).size()
    counts = counts.sort_values(ascending=False, kind="stable")
    n = max(int(counts.sum()), 1)
    k = counts.to_numpy()
    lo, hi = _wilson(k, np.full(len(k), n))
    out = pd.DataFrame({"segment": counts.index.get_level_values(0).astype(str),
                        "segment_label": counts.index.get_level_values(1).astype(str),
                        "customers": k.astype(np.int64), "share": k / n, "share_ci_low": lo, "share_ci_high": hi})
    out.attrs.update(ci_method=_iv.METHODS["wilson_users"][0], ci_unit="customers")
    return out


# ----------------------------------------------------------------------------------------------
# 4. BTYD: event summary, BG/NBD, Gamma-Gamma
# ----------------------------------------------------------------------------------------------


def summarise_events(
    events: pd.DataFrame,
    *,
    id_col: str,
    time_col: str,
    value_col: str | None = None,
    freq: str = "D",
    unit: str | None = None,
    end: Any = None,
    start: Any = None,
) -> pd.DataFrame:
    """Event log → ``frequency``, ``recency``, ``T`` (and ``monetary_value``) per id.

    The summary that "buy 'til you die" models (BG/NBD, Pareto/NBD, Gamma-Gamma) need, with the
    semantics of ``lifetimes.utils.summary_data_from_transaction_data``.

    Parameters
    ----------
    events : DataFrame
        One row per event (order, interaction).
    id_col, time_col : str
        Who and when (e.g. ``"customer_id"``, ``"ordered_at"``).
    value_col : str, optional
        Money per event; gives ``monetary_value``.
    freq : str
        Events in the same ``freq`` period merge into one (their values add up). Default ``"D"``:
        same-day purchases count once.
    unit : str, optional
        Unit of ``recency`` and ``T``. Default: counts of ``freq`` periods (period ordinals, as
        lifetimes' ``freq``). A fixed duration such as ``"W"`` gives elapsed time between period
        starts divided by that duration — ``freq="D", unit="W"`` is days / 7, the CDNOW convention
        (lifetimes' ``freq="D", freq_multiplier=7``).
    end : date-like, optional
        End of the observation (calibration) window, inclusive: later events are ignored. Default:
        the last event in the data.
    start : date-like, optional
        Keep only ids whose first event is on or after ``start`` (models need the first event of
        each id to be observed; earlier ids are dropped, not truncated).

    Returns
    -------
    DataFrame
        One row per id (sorted): ``id_col``, ``frequency`` (number of repeat periods = distinct
        periods with an event − 1), ``recency`` (time from the first to the last period with an
        event), ``T`` (time from the first period to ``end``), and with ``value_col``
        ``monetary_value`` (mean value of the repeat periods; 0 when frequency is 0).

    References
    ----------
    Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the easy way:
    an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "amount": [10.0, 5.0, 20.0, 8.0],
    ...     "ordered_at": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-15", "2025-01-08"])})
    >>> summarise_events(orders, id_col="customer_id", time_col="ordered_at", value_col="amount",
    ...                  unit="W", end="2025-01-29")
      customer_id  frequency  recency    T  monetary_value
    0           a          1      2.0  4.0            20.0
    1           b          0      0.0  3.0             0.0
    """
    table = "events"
    cols = [id_col, time_col] + ([value_col] if value_col else [])
    require_columns(events, cols, table=table, purpose="summarise_events")
    per = _Periods(freq)
    unit_us = _unit_us(unit) if unit is not None else None
    tz = _tz_of(events[time_col])
    us = _wall_us(events[time_col], table=table, column=time_col)
    p = per.ordinal(us)
    codes, uniq = _factorize(events[id_col], table=table, column=id_col)
    if value_col:
        v = as_float(events[value_col])
        if np.isnan(v).any():
            rows = list(events.index[np.isnan(v)][:5])
            raise DataError(f"table {table!r}, column {value_col!r}: missing values at rows {rows}; expected numbers")
    else:
        v = np.zeros(len(p))
    if end is not None:
        end_p = int(per.ordinal(np.array([_to_wall_us(end, tz)]))[0])
        keep = p <= end_p
        p, codes, v = p[keep], codes[keep], v[keep]
    else:
        if len(p) == 0:
            raise DataError(f"table {table!r} has no events")
        end_p = int(p.max())
    # collapse events of the same id and period
    d = pd.DataFrame({"_c": codes, "_p": p, "_v": v}).groupby(["_c", "_p"], sort=True)["_v"].sum().reset_index()
    c = d["_c"].to_numpy()
    pp = d["_p"].to_numpy()
    vv = d["_v"].to_numpy()
    first_row = np.r_[True, c[1:] != c[:-1]]
    starts = np.flatnonzero(first_row)
    ends = np.r_[starts[1:], len(c)] - 1
    n_per = ends - starts + 1
    p_first, p_last = pp[starts], pp[ends]
    ids = c[starts]
    if start is not None:
        start_p = int(per.ordinal(np.array([_to_wall_us(start, tz)]))[0])
        ok = p_first >= start_p
        # drop whole ids whose first event is before start
        ids, p_first, p_last, n_per, starts = ids[ok], p_first[ok], p_last[ok], n_per[ok], starts[ok]
        sums = np.add.reduceat(vv, np.flatnonzero(first_row))[ok] if len(vv) else vv
    else:
        sums = np.add.reduceat(vv, starts) if len(vv) else vv
    freq_out = (n_per - 1).astype(np.int64)
    if unit_us is None:
        recency = (p_last - p_first).astype(float)
        T = (end_p - p_first).astype(float)
    else:
        lf, ll = per.label_us(p_first), per.label_us(p_last)
        le = int(per.label_us(np.array([end_p]))[0])
        recency = (ll - lf) / unit_us
        T = (le - lf) / unit_us
    out = pd.DataFrame({id_col: uniq[ids], "frequency": freq_out, "recency": recency, "T": T})
    if value_col:
        first_val = vv[starts]
        with np.errstate(divide="ignore", invalid="ignore"):
            out["monetary_value"] = np.where(freq_out > 0, (sums - first_val) / np.maximum(freq_out, 1), 0.0)
    out = out.sort_values(id_col, kind="stable").reset_index(drop=True)
    out.attrs["summary"] = {"freq": freq, "unit": unit or freq, "end_period": str(per.label(np.array([end_p]))[0])}
    out.attrs["locale"] = fmt.resolve(None, events)  # what the fits made from it show themselves in
    return out


def _check_summary(summary: pd.DataFrame, cols: list[str], *, table: str = "summary") -> list[np.ndarray]:
    require_columns(summary, cols, table=table, purpose="a BTYD model (use summarise_events)")
    arrs = [as_float(summary[c]) for c in cols]
    problems = []
    for c, a in zip(cols, arrs, strict=True):
        bad = ~np.isfinite(a) | (a < 0)
        if bad.any():
            problems.append(f"table {table!r}, column {c!r}: rows {list(summary.index[bad][:5])} have values "
                            f"{list(a[bad][:5])}; expected finite numbers >= 0")
    if problems:
        raise DataError(problems)
    return arrs


@dataclass(frozen=True, repr=False)
class _Fit(ResultDisplay):
    params: pd.Series
    se: pd.Series
    ci: pd.DataFrame
    cov: pd.DataFrame
    loglik: float
    n: int
    converged: bool
    locale: str = "en"

    #: catalogue keys (table ``view``) of the title and of what the intervals cover
    _title_key = ""
    _covers_key = ""
    _n_unit = "customers"

    def params_table(self) -> pd.DataFrame:
        """One row per parameter: ``estimate``, ``se`` (delta method), ``ci_low``, ``ci_high``."""
        return pd.DataFrame({"estimate": self.params, "se": self.se, "ci_low": self.ci["ci_low"],
                             "ci_high": self.ci["ci_high"]})

    def _view(self, locale: str) -> ResultView:
        loc = locale
        w = lambda key, **kw: text(f"view.{key}", loc, **kw)  # noqa: E731
        facts = [(w("method"), w("mle")),
                 (w("observations"), fmt.count(self.n, self._n_unit, locale=loc)),
                 (w("loglik"), fmt.number(self.loglik, locale=loc, digits=2)),
                 (w("converged"), text("word.yes" if self.converged else "word.no", loc))]
        estimates = [Estimate(str(k), str(k), self.params[k], self.ci.loc[k, "ci_low"], self.ci.loc[k, "ci_high"],
                              kind="num", digits=4) for k in self.params.index]
        notes = [w("mle_interval"), w(self._covers_key)]
        if not self.converged:
            notes.append(w("not_converged"))
        return ResultView(title=w(self._title_key), facts=facts, estimates=estimates, notes=notes,
                          level_header=w("parameter"))


def _mle(negll_grad, x0: np.ndarray, names: list[str], n: int) -> tuple[np.ndarray, float, bool, np.ndarray]:
    """Minimise a (mean) negative log-likelihood over log-parameters; Hessian by central differences.

    Returns the log-parameters, the total log-likelihood, convergence and the covariance of the
    log-parameters (inverse of the observed information).
    """
    bounds = [(-30.0, 30.0)] * len(x0)
    opts = {"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9}
    # BFGS on log-parameters first: for 3-4 parameters it avoids the threaded BLAS calls of
    # L-BFGS-B, which are slow on a busy machine; L-BFGS-B (bounded) polishes when needed.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        res = optimize.minimize(negll_grad, x0, jac=True, method="BFGS", options={"maxiter": 1000, "gtol": 1e-9})

    def _gmax(t: np.ndarray) -> float:
        val, g = negll_grad(t)
        return float(np.max(np.abs(g))) if np.isfinite(val) else np.inf

    if not np.all(np.isfinite(res.x)) or np.any(np.abs(res.x) > 30) or _gmax(res.x) > 1e-6:
        # polish: a derivative-free pass, then L-BFGS-B again from there
        start = res.x if np.all(np.isfinite(res.x)) else x0
        start = np.clip(start, -29.0, 29.0)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            nm = optimize.minimize(lambda t: negll_grad(t)[0], start, method="Nelder-Mead",
                                   options={"maxiter": 20000, "xatol": 1e-10, "fatol": 1e-14})
            res2 = optimize.minimize(negll_grad, nm.x, jac=True, method="L-BFGS-B", bounds=bounds, options=opts)
        if np.isfinite(res2.fun) and (not np.isfinite(res.fun) or np.any(np.abs(res.x) > 30) or res2.fun <= res.fun):
            res = res2
    theta = res.x
    converged = bool(np.isfinite(res.fun) and _gmax(theta) < 1e-5 and np.all(np.abs(theta) < 29.0))
    k = len(theta)
    H = np.empty((k, k))
    for j in range(k):
        h = 1e-5 * max(1.0, abs(theta[j]))
        e = np.zeros(k)
        e[j] = h
        H[:, j] = (negll_grad(theta + e)[1] - negll_grad(theta - e)[1]) / (2 * h)
    H = 0.5 * (H + H.T) * n  # information of the total log-likelihood
    try:
        cov = np.linalg.inv(H)
        if np.any(np.diag(cov) <= 0):
            raise np.linalg.LinAlgError
    except np.linalg.LinAlgError:
        cov = np.full((k, k), np.nan)
    return theta, float(-res.fun * n), converged, cov


def _pack(theta: np.ndarray, cov_log: np.ndarray, names: list[str], loglik: float, n: int, conv: bool) -> dict:
    par = np.exp(theta)
    se_log = np.sqrt(np.diag(cov_log))
    J = np.diag(par)
    cov = J @ cov_log @ J
    return {
        "params": pd.Series(par, index=names, name="estimate"),
        "se": pd.Series(par * se_log, index=names, name="se"),
        "ci": pd.DataFrame({"ci_low": np.exp(theta - _Z95 * se_log), "ci_high": np.exp(theta + _Z95 * se_log)}, index=names),
        "cov": pd.DataFrame(cov, index=names, columns=names),
        "loglik": loglik,
        "n": n,
        "converged": conv,
    }


@dataclass(frozen=True, repr=False)
class BGNBDResult(_Fit):
    """A fitted BG/NBD model (Fader, Hardie & Lee 2005).

    Attributes
    ----------
    params : Series
        ``r``, ``alpha`` (gamma heterogeneity of the purchase rate λ: shape, rate), ``a``, ``b``
        (beta heterogeneity of the drop-out probability p after each purchase).
    se, ci, cov : standard errors (delta method), 95 % intervals (on the log scale, so they stay
        positive) and covariance, all from the numerical Hessian of the log-likelihood.
    loglik : float
        Maximised log-likelihood. ``n``: number of ids; ``converged``: optimiser status.

    ``summary()`` shows the parameters with their intervals and what those cover (text, HTML in
    JupyterLab), ``to_frame()`` gives them as numbers, ``plot()`` the expected repeat purchases
    of a new customer over time with their band.
    """

    _display_name = "BGNBDResult"
    _title_key = "bgnbd_title"
    _covers_key = "bgnbd_covers"

    def _p(self) -> tuple[float, float, float, float]:
        r, alpha, a, b = (float(self.params[k]) for k in ("r", "alpha", "a", "b"))
        return r, alpha, a, b

    def p_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Probability that an id is still active given its history.

        :math:`P(\\text{alive} \\mid x, t_x, T) = 1 / \\big(1 + \\delta_{x>0} \\frac{a}{b + x - 1}
        \\big(\\frac{\\alpha + T}{\\alpha + t_x}\\big)^{r + x}\\big)` (Fader, Hardie & Lee 2005, eq. 9).
        """
        r, alpha, a, b = self._p()
        x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_term = np.log(a) - np.log(b + np.maximum(x, 1) - 1) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
        return np.where(x > 0, 1.0 / (1.0 + np.exp(log_term)), 1.0)

    def expected_purchases(self, t: Any, *, frequency: Any = None, recency: Any = None, T: Any = None) -> np.ndarray:
        """Expected number of repeat events in a period of length ``t``.

        Without history: :math:`E[X(t)] = \\frac{a + b - 1}{a - 1}\\big[1 - \\big(\\frac{\\alpha}{\\alpha + t}
        \\big)^r {}_2F_1(r, b; a + b - 1; \\frac{t}{\\alpha + t})\\big]` (eq. 7) for a new id.
        With ``frequency``, ``recency``, ``T``: the conditional expectation of eq. 10,

        .. math::

            E[Y(t) \\mid x, t_x, T] = \\frac{\\frac{a + b + x - 1}{a - 1}\\big[1 - \\big(\\frac{\\alpha + T}
            {\\alpha + T + t}\\big)^{r + x} {}_2F_1(r + x, b + x; a + b + x - 1; \\frac{t}{\\alpha + T + t})\\big]}
            {1 + \\delta_{x>0} \\frac{a}{b + x - 1}\\big(\\frac{\\alpha + T}{\\alpha + t_x}\\big)^{r + x}}
        """
        r, alpha, a, b = self._p()
        t = np.asarray(t, dtype=float)
        if frequency is None and recency is None and T is None:
            hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
            return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)
        if frequency is None or recency is None or T is None:
            raise ParameterError("give all of frequency, recency and T (or none for the unconditional expectation)")
        x, tx, TT = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + TT + t))
        num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + TT) / (alpha + TT + t)) ** (r + x) * hyp)
        return num * self.p_alive(x, tx, TT)

    def predict(self, summary: pd.DataFrame, *, t: float, frequency_col: str = "frequency",
                recency_col: str = "recency", T_col: str = "T") -> pd.DataFrame:
        """Per id of ``summary``: ``p_alive`` and ``expected_purchases`` in the next ``t`` units.

        Returns a copy of ``summary`` with the two columns added (the input is not modified).
        """
        x, tx, TT = _check_summary(summary, [frequency_col, recency_col, T_col])
        out = summary.copy()
        out["p_alive"] = self.p_alive(x, tx, TT)
        out["expected_purchases"] = self.expected_purchases(t, frequency=x, recency=tx, T=TT)
        return out

    def expected_curve(self, horizon: float = 52, *, points: int = 53, draws: int = 200, seed: int = 0,
                       level: float = 0.95) -> pd.DataFrame:
        """Expected repeat events of a new id over time, with the band of the parameters' uncertainty.

        Returns
        -------
        DataFrame
            ``t`` (0 to ``horizon``, in the units of ``T``), ``expected`` (:meth:`expected_purchases`),
            ``ci_low``, ``ci_high``: quantiles over ``draws`` parameter draws on the log scale from the
            fit's covariance (NaN when it is not finite), as in :meth:`forecast_intervals`.
        """
        import dataclasses

        t = np.linspace(0.0, float(horizon), int(points))
        out = pd.DataFrame({"t": t, "expected": np.asarray(self.expected_purchases(t), dtype=float)})
        keys = list(self.params.index)
        theta = self.params.to_numpy(dtype=float)
        cov = np.asarray(self.cov, dtype=float)
        out["ci_low"] = out["ci_high"] = np.nan
        if cov.shape == (len(keys), len(keys)) and np.isfinite(cov).all() and (theta > 0).all():
            rng = np.random.default_rng(seed)
            try:
                logs = rng.multivariate_normal(np.log(theta), cov / np.outer(theta, theta), size=draws,
                                               check_valid="raise")
            except (ValueError, np.linalg.LinAlgError):
                return out
            curves = np.vstack([np.asarray(dataclasses.replace(self, params=pd.Series(row, index=keys))
                                           .expected_purchases(t), dtype=float) for row in np.exp(logs)])
            a = (1 - level) / 2
            out["ci_low"] = np.nanquantile(curves, a, axis=0)
            out["ci_high"] = np.nanquantile(curves, 1 - a, axis=0)
        return out

    def plot(self, ax: Any = None, *, horizon: float = 52, locale: str | None = None) -> Any:
        """Expected repeat purchases of a new customer over ``horizon`` (units of ``T``) with the
        band of the parameters' uncertainty (:meth:`expected_curve`,
        :func:`socialroi.plots.plot_expected_purchases`); returns the Axes."""
        from .plots import plot_expected_purchases

        return plot_expected_purchases(self.expected_curve(horizon), ax=ax, locale=locale or self._display_locale())

    def forecast_intervals(self, summary: pd.DataFrame, *, horizon: float, draws: int = 200, seed: int = 0,
                           level: float = 0.95) -> dict[str, tuple[float, float]]:
        """Intervals of the model's forecasts from the uncertainty of its parameters.

        Parameters
        ----------
        summary : DataFrame
            ``frequency``, ``recency``, ``T`` per id (:func:`summarise_events`).
        horizon : float
            Length of the forecast, in the units of ``T``.
        draws, seed : int
            Parameter draws (reproducible).

        Returns
        -------
        dict
            ``"expected"``: repeat purchases of a new customer over ``horizon``; ``"alive"``: mean
            probability of being active over the ids of ``summary``; each (low, high), NaN when
            the covariance is not finite.

        Notes
        -----
        The parameters are drawn on the log scale from a normal with the fit's covariance
        (``cov`` is that of the parameters; on the log scale it is ``cov / (θ θᵀ)``, the delta
        method of the fit) and the quantiles of the forecasts are kept. What the intervals cover:
        the estimation error of the four parameters. What they do not: the randomness of the
        future purchases themselves (a forecast of one customer is far more uncertain), and the
        risk that the model is wrong (customers who come back after a long silence, seasonality,
        a changing rate) — :data:`BGNBD_UNCERTAINTY`.
        """
        import dataclasses

        keys = list(self.params.index)
        theta = self.params.to_numpy(dtype=float)
        cov = np.asarray(self.cov, dtype=float)
        nan = (float("nan"), float("nan"))
        if cov.shape != (len(keys), len(keys)) or not np.isfinite(cov).all() or (theta <= 0).any():
            return {"expected": nan, "alive": nan}
        rng = np.random.default_rng(seed)
        try:
            logs = rng.multivariate_normal(np.log(theta), cov / np.outer(theta, theta), size=draws, check_valid="raise")
        except (ValueError, np.linalg.LinAlgError):
            return {"expected": nan, "alive": nan}
        x, tx, T = (summary[c] for c in ("frequency", "recency", "T"))
        exp, alive = [], []
        for row in np.exp(logs):  # a loop over parameter draws, not over customers
            f = dataclasses.replace(self, params=pd.Series(row, index=keys))
            exp.append(float(np.asarray(f.expected_purchases(horizon)).ravel()[0]))
            alive.append(float(np.nanmean(np.asarray(f.p_alive(x, tx, T), dtype=float))))
        a = (1 - level) / 2
        q = lambda v: (float(np.nanquantile(v, a)), float(np.nanquantile(v, 1 - a)))  # noqa: E731
        return {"expected": q(exp), "alive": q(alive)}


    def forecast_summary(self, summary: pd.DataFrame, *, horizon: float, draws: int = 200, seed: int = 0,
                         level: float = 0.95) -> dict[str, float]:
        """The model's headline forecasts over ``horizon`` with their intervals (:meth:`forecast_intervals`).

        Returns
        -------
        dict
            ``customers`` (ids of ``summary``), ``horizon``, ``expected`` (repeat purchases of a new
            customer, :meth:`expected_purchases`) with ``expected_ci_low``/``expected_ci_high``, and
            ``alive`` (mean probability of being active over the ids, :meth:`p_alive`) with
            ``alive_ci_low``/``alive_ci_high``.
        """
        x, tx, T = _check_summary(summary, ["frequency", "recency", "T"])
        ci = self.forecast_intervals(summary, horizon=horizon, draws=draws, seed=seed, level=level)
        return {"customers": int(len(summary)), "horizon": float(horizon),
                "expected": float(np.asarray(self.expected_purchases(horizon)).ravel()[0]),
                "expected_ci_low": ci["expected"][0], "expected_ci_high": ci["expected"][1],
                "alive": float(np.nanmean(np.asarray(self.p_alive(x, tx, T), dtype=float))),
                "alive_ci_low": ci["alive"][0], "alive_ci_high": ci["alive"][1]}


#: What the intervals of a BG/NBD forecast (:meth:`BGNBDResult.forecast_intervals`) cover.
BGNBD_UNCERTAINTY = ("covers the estimation error of the model's four parameters; not the randomness of future "
                     "purchases themselves, nor the risk that the model's assumptions are wrong")


def _bgnbd_objective(x: np.ndarray, tx: np.ndarray, T: np.ndarray):
    xu, inv = np.unique(x, return_inverse=True)
    cnt = np.bincount(inv).astype(float)
    pos = x > 0
    xp, txp, Tp, invp = x[pos], tx[pos], T[pos], inv[pos]
    T0 = T[~pos]
    n = len(x)
    xu_pos = xu > 0

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        r, alpha, a, b = np.exp(theta)
        # terms depending on x only (few distinct values)
        A1 = special.gammaln(r + xu) - special.gammaln(r) + r * np.log(alpha)
        A2 = special.gammaln(b + xu) + special.gammaln(a + b) - special.gammaln(b) - special.gammaln(a + b + xu)
        dA1r = special.digamma(r + xu) - special.digamma(r) + np.log(alpha)
        dA2a = special.digamma(a + b) - special.digamma(a + b + xu)
        dA2b = special.digamma(b + xu) + special.digamma(a + b) - special.digamma(b) - special.digamma(a + b + xu)
        bx1 = np.where(xu_pos, b + xu - 1, 1.0)
        # rows with x = 0: only the "still alive at T" term
        lT0 = np.log(alpha + T0)
        s0 = -r * lT0.sum()
        g0r = -lT0.sum()
        g0al = -r * np.sum(1.0 / (alpha + T0))
        # rows with x > 0
        lT, ltx = np.log(alpha + Tp), np.log(alpha + txp)
        rx = r + xp
        A3 = -rx * lT
        A4 = np.log(a) - np.log(bx1[invp]) - rx * ltx
        L = np.logaddexp(A3, A4)
        w4 = np.exp(A4 - L)
        w3 = 1.0 - w4
        ll = float(cnt @ (A1 + A2) + s0 + L.sum())
        gr = cnt @ dA1r + g0r + np.sum(-w3 * lT - w4 * ltx)
        gal = n * r / alpha + g0al + np.sum(-w3 * rx / (alpha + Tp) - w4 * rx / (alpha + txp))
        ga = cnt @ dA2a + w4.sum() / a
        gb = cnt @ dA2b - np.sum(w4 / bx1[invp])
        grad = np.array([gr * r, gal * alpha, ga * a, gb * b])
        return -ll / n, -grad / n

    return f


def fit_bgnbd(
    summary: pd.DataFrame,
    *,
    frequency_col: str = "frequency",
    recency_col: str = "recency",
    T_col: str = "T",
) -> BGNBDResult:
    """Fit the BG/NBD model by maximum likelihood.

    Parameters
    ----------
    summary : DataFrame
        One row per id with ``frequency`` (repeat events x), ``recency`` (t_x) and ``T``, as from
        :func:`summarise_events`.
    frequency_col, recency_col, T_col : str
        Column names.

    Returns
    -------
    BGNBDResult
        ``params`` (r, alpha, a, b), ``se``, ``ci``, ``loglik``, ``params_table()``, ``summary()``, and the methods
        ``p_alive(frequency, recency, T)`` and ``expected_purchases(t, frequency=, recency=, T=)``.

    Notes
    -----
    Each id makes events at rate λ ~ Gamma(r, α) while active and drops out after each event with
    probability p ~ Beta(a, b). The log-likelihood of an id (Fader, Hardie & Lee 2005, eq. 6) is

    .. math::

        \\ell = \\ln\\frac{\\Gamma(r + x)\\alpha^r}{\\Gamma(r)} + \\ln\\frac{B(a, b + x)}{B(a, b)}
        + \\ln\\Big[(\\alpha + T)^{-(r + x)} + \\delta_{x>0}\\frac{a}{b + x - 1}(\\alpha + t_x)^{-(r + x)}\\Big]

    computed in a vectorised way (gamma terms once per distinct x, ``logaddexp`` for the last
    term) with its analytic gradient. The optimiser works on log-parameters (L-BFGS-B, then
    Nelder–Mead and L-BFGS-B again if it did not converge). Standard errors come from the
    central-difference Hessian of the log-likelihood (observed information) and the delta method;
    intervals are exp(log θ ± 1.96 se(log θ)).

    References
    ----------
    Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the easy way:
    an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
    Fader, P. S., Hardie, B. G. S. (2013). Overcoming the BG/NBD model's #NUM! error problem.

    Examples
    --------
    >>> import socialroi as sr
    >>> orders = sr.load_sample("maison-lumiere").orders
    >>> summary = summarise_events(orders, id_col="customer_id", time_col="ordered_at",
    ...                            value_col="amount", unit="W")
    >>> fit = fit_bgnbd(summary)
    >>> fit.converged, list(fit.params_table().columns)
    (True, ['estimate', 'se', 'ci_low', 'ci_high'])
    >>> scored = fit.predict(summary, t=52)  # P(alive) and purchases expected in the next year
    """
    x, tx, T = _check_summary(summary, [frequency_col, recency_col, T_col])
    bad = (tx > T + 1e-9) | (np.abs(x - np.round(x)) > 1e-9) | ((x == 0) & (tx > 0))
    if bad.any():
        rows = list(summary.index[bad][:5])
        raise DataError(f"table 'summary': rows {rows} are inconsistent: expected integer {frequency_col}, "
                        f"{recency_col} <= {T_col}, and {recency_col} = 0 when {frequency_col} = 0")
    if len(x) < 4:
        raise DataError(f"table 'summary' has {len(x)} rows: too few to fit 4 parameters")
    if not np.any(x > 0):
        raise DataError("table 'summary': nobody has a repeat event (frequency > 0); BG/NBD cannot be fitted")
    f = _bgnbd_objective(x, np.minimum(tx, T), T)
    x0 = np.log([1.0, max(float(np.mean(T)), 1e-3), 1.0, 1.0])
    theta, ll, conv, cov = _mle(f, x0, ["r", "alpha", "a", "b"], len(x))
    return BGNBDResult(**_pack(theta, cov, ["r", "alpha", "a", "b"], ll, len(x), conv), locale=fmt.resolve(None, summary))


@dataclass(frozen=True, repr=False)
class GammaGammaResult(_Fit):
    """A fitted Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Colombo & Jiang 1999).

    ``params``: ``p`` (shape of the per-transaction spend), ``q`` and ``gamma`` (shape and rate of
    the heterogeneity of the customers' spend scale ν). ``summary()``, ``to_frame()`` and
    ``plot()`` (the spread of the customers' expected spend per transaction) as for
    :class:`BGNBDResult`.
    """

    _display_name = "GammaGammaResult"
    _title_key = "gg_title"
    _covers_key = "gg_covers"
    _n_unit = "customers"

    def spend_distribution(self, values: Any) -> np.ndarray:
        """Density, over customers, of their expected spend per transaction E[Z | ν] = p / ν at ``values``.

        ν ~ Gamma(q, γ) makes p/ν inverse-gamma with shape q and scale p·γ.
        """
        from scipy import stats as _stats

        p, q, g = (float(self.params[k]) for k in ("p", "q", "gamma"))
        return _stats.invgamma.pdf(np.asarray(values, dtype=float), q, scale=p * g)

    def plot(self, ax: Any = None, *, locale: str | None = None) -> Any:
        """The spread of the customers' expected spend per transaction (:meth:`spend_distribution`)
        with the population mean; returns the Axes (:func:`socialroi.plots.plot_spend_distribution`)."""
        from .plots import plot_spend_distribution

        return plot_spend_distribution(self, ax=ax, locale=locale or self._display_locale())

    def conditional_expected_value(self, frequency: Any, monetary: Any) -> np.ndarray:
        """Expected spend per transaction of an id with ``frequency`` x and mean spend ``monetary``.

        :math:`E[Z \\mid x, \\bar z] = \\frac{q - 1}{p x + q - 1}\\frac{p\\gamma}{q - 1}
        + \\frac{p x}{p x + q - 1}\\bar z` (a weighted mean of the population mean and the id's own
        mean; needs q > 1). With x = 0 it is the population mean pγ/(q − 1).
        """
        p, q, g = (float(self.params[k]) for k in ("p", "q", "gamma"))
        if q <= 1:
            raise ParameterError(f"q = {fmt.number(q, locale='en', digits='auto')} <= 1: the population mean "
                                 "spend is infinite")
        x = np.asarray(frequency, dtype=float)
        m = np.asarray(monetary, dtype=float)
        w = p * x / (p * x + q - 1)
        return (1 - w) * p * g / (q - 1) + w * m


def fit_gamma_gamma(
    summary: pd.DataFrame,
    *,
    frequency_col: str = "frequency",
    monetary_col: str = "monetary_value",
) -> GammaGammaResult:
    """Fit the Gamma-Gamma model of spend per transaction by maximum likelihood.

    Parameters
    ----------
    summary : DataFrame
        From :func:`summarise_events` with ``value_col``: ``frequency`` and ``monetary_value``
        (mean of the repeat transactions). Only ids with ``frequency > 0`` enter the fit.
    frequency_col, monetary_col : str
        Column names.

    Returns
    -------
    GammaGammaResult
        ``params`` (p, q, gamma), ``se``, ``ci``, ``loglik``, ``params_table()``, ``summary()`` and
        ``conditional_expected_value(frequency, monetary)``.

    Notes
    -----
    Transaction values are Gamma(p, ν), ν ~ Gamma(q, γ) across ids; the mean :math:`\\bar z` of
    x transactions has the log-likelihood (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 3)

    .. math::

        \\ell = \\ln\\Gamma(px + q) - \\ln\\Gamma(px) - \\ln\\Gamma(q) + q\\ln\\gamma + (px - 1)\\ln\\bar z
        + px\\ln x - (px + q)\\ln(\\gamma + x\\bar z)

    maximised on log-parameters with its analytic gradient; intervals as in :func:`fit_bgnbd`.
    The model assumes spend is independent of purchase frequency: check the correlation of
    ``frequency`` and ``monetary_value`` among repeat buyers before using it.

    References
    ----------
    Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
    customer base analysis. *Journal of Marketing Research*, 42(4), 415–430. Fader, P. S., &
    Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
    """
    x, m = _check_summary(summary, [frequency_col, monetary_col])
    rep = x > 0
    x, m = x[rep], m[rep]
    if np.any(m <= 0):
        raise DataError(f"table 'summary', column {monetary_col!r}: repeat buyers need a positive mean spend")
    if len(x) < 3:
        raise DataError(f"table 'summary': {len(x)} repeat buyers are too few to fit the Gamma-Gamma model")
    lx, lm = np.log(x), np.log(m)
    n = len(x)

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        p, q, g = np.exp(theta)
        px = p * x
        lgx = np.log(g + x * m)
        ll = np.sum(special.gammaln(px + q) - special.gammaln(px) + (px - 1) * lm + px * lx - (px + q) * lgx) \
            + n * (q * np.log(g) - special.gammaln(q))
        dpq = special.digamma(px + q)
        gp = np.sum(x * (dpq - special.digamma(px) + lm + lx - lgx))
        gq = np.sum(dpq - lgx) + n * (np.log(g) - special.digamma(q))
        gg = n * q / g - np.sum((px + q) / (g + x * m))
        return -ll / n, -np.array([gp * p, gq * q, gg * g]) / n

    x0 = np.log([1.0, 2.0, max(float(np.mean(m)), 1e-6)])
    theta, ll, conv, cov = _mle(f, x0, ["p", "q", "gamma"], n)
    return GammaGammaResult(**_pack(theta, cov, ["p", "q", "gamma"], ll, n, conv), locale=fmt.resolve(None, summary))


# ----------------------------------------------------------------------------------------------
# 5. engaged vs non-engaged customers
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class EngagementAssociation(ResultDisplay):
    """Repeat purchase and spend of engaged vs non-engaged customers.

    Attributes
    ----------
    groups : DataFrame
        Per group (``engaged`` True/False): ``customers``, ``repeat_customers``, ``repeat_rate``
        with Wilson ``repeat_ci_low``/``repeat_ci_high``, ``mean_spend`` and ``mean_orders``.
    effects : DataFrame
        Adjusted comparisons: ``outcome`` ("repeat_purchase": odds ratio from a logistic
        regression; "spend": ratio of mean spend from a Gamma GLM with log link and robust HC1
        errors), ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``covariates``.
    customers : DataFrame
        The per-customer table used in the models.
    text : str
        A plain sentence stating the association (not a causal effect).
    """

    groups: pd.DataFrame
    effects: pd.DataFrame
    customers: pd.DataFrame
    text: str
    locale: str = "en"
    notes: list[str] = field(default_factory=list)

    _display_name = "EngagementAssociation"

    def _view(self, locale: str) -> ResultView:
        loc = locale
        w = lambda key, **kw: text(f"view.{key}", loc, **kw)  # noqa: E731
        g = self.groups
        facts = [(w("observations"), fmt.count(int(pd.to_numeric(g["customers"], errors="coerce").sum()), "customers",
                                               locale=loc))]
        estimates = []
        for row in g.to_dict(orient="records"):
            word = text("word.engaged" if bool(row["engaged"]) else "word.not_engaged", loc)
            estimates.append(Estimate("repeat_rate", w("repeat_rate", group=word), row["repeat_rate"],
                                      row.get("repeat_ci_low"), row.get("repeat_ci_high"), kind="pct", digits=1,
                                      level="engaged" if bool(row["engaged"]) else "not_engaged",
                                      n=row["customers"], unit="customers"))
        for row in self.effects.to_dict(orient="records"):
            key = "odds_ratio" if row["outcome"] == "repeat_purchase" else "spend_ratio"
            estimates.append(Estimate(key, w(key), row["estimate"], row["ci_low"], row["ci_high"], kind="num",
                                      digits=2, p_value=row.get("p_value", float("nan"))))
        notes = [w("assoc_intervals"), text("association_note", loc), *self.notes]
        return ResultView(title=w("assoc_title"), facts=facts, estimates=estimates, notes=notes)

    def plot(self, ax: Any = None, *, locale: str | None = None) -> Any:
        """Repeat-purchase rate of engaged and non-engaged customers with their 95 % intervals
        (:func:`socialroi.plots.plot_engaged_customers`); returns the Axes."""
        from .plots import plot_engaged_customers

        return plot_engaged_customers(self.groups, ax=ax, locale=locale or self._display_locale())


def engaged_vs_non_engaged(
    orders: pd.DataFrame,
    interactions: pd.DataFrame,
    *,
    end: Any = None,
    min_interactions: int = 1,
    unknown: str = "non_engaged",
    locale: str | None = None,
) -> EngagementAssociation:
    """Compare customers who engage on social media with those who do not.

    Parameters
    ----------
    orders : DataFrame
        ``orders`` table with ``order_id``, ``customer_id``, ``ordered_at``, ``amount`` and the
        social ``user_id`` of the customer when known.
    interactions : DataFrame
        ``interactions`` table (``user_id``).
    end : date-like, optional
        End of observation (default: the last order; a date without time means the end of that
        day). Orders and interactions after it are ignored.
    min_interactions : int
        A customer is *engaged* when one of their social accounts has at least this many
        interactions (default 1).
    unknown : {"non_engaged", "drop"}
        Customers without a known ``user_id``: counted as non-engaged (default; their engagement
        is not observed, which dilutes the difference) or left out.
    locale : "fr" or "en", optional
        Language of ``text``.

    Returns
    -------
    EngagementAssociation

    Notes
    -----
    Per customer: ``repeat`` = more than one order; ``spend`` = total amount;
    ``tenure`` = days from the first order to ``end`` (+1); ``first_amount`` = amount of the first
    order. Models (statsmodels):

    - ``logit P(repeat) = β0 + β1 engaged + β2 log(tenure) + β3 log(first_amount)``; the odds
      ratio is exp(β1) with its Wald 95 % interval and p-value;
    - ``log E[spend] = γ0 + γ1 engaged + γ2 log(tenure)`` (Gamma GLM, log link, HC1 errors); the
      spend ratio is exp(γ1).

    The covariates adjust for the time each customer had to buy again and for the size of the
    first basket; they do not make the comparison causal: customers who already like the brand
    both follow it and buy again, and interactions may follow purchases.
    """
    import statsmodels.api as sm

    if unknown not in ("non_engaged", "drop"):
        raise ParameterError(f"unknown={unknown!r}: expected 'non_engaged' or 'drop'")
    if not isinstance(min_interactions, (int, np.integer)) or min_interactions < 1:
        raise ParameterError(f"min_interactions={min_interactions!r}: expected a positive integer")
    loc = fmt.resolve(locale, orders)
    require_columns(orders, ["customer_id", "ordered_at", "amount", "user_id"], table="orders",
                    purpose="engaged vs non-engaged customers (orders need the social user_id)")
    require_columns(interactions, ["user_id", "timestamp"], table="interactions", purpose="engaged vs non-engaged customers")
    tz = _tz_of(orders["ordered_at"])
    ous = _wall_us(orders["ordered_at"], table="orders", column="ordered_at")
    ius = _wall_us(interactions["timestamp"], table="interactions", column="timestamp")
    if end is not None:
        end_us = _to_wall_us(end, tz)
        if pd.Timestamp(end) == pd.Timestamp(end).normalize():  # a date: the whole day counts
            end_us += _US_PER_DAY - 1
    else:
        end_us = int(ous.max())
    amount = as_float(orders["amount"])
    if np.isnan(amount).any():
        rows = list(orders.index[np.isnan(amount)][:5])
        raise DataError(f"table 'orders', column 'amount': missing values at rows {rows}")
    ko = ous <= end_us
    ki = ius <= end_us
    icount = interactions.loc[ki, "user_id"].value_counts()
    engaged_users = icount.index[icount.to_numpy() >= min_interactions]
    o = pd.DataFrame({
        "customer_id": orders["customer_id"].to_numpy()[ko],
        "user_id": orders["user_id"].to_numpy()[ko],
        "_t": ous[ko],
        "amount": amount[ko],
    })
    o["_known"] = o["user_id"].notna()
    o["_eng"] = o["user_id"].isin(engaged_users) & o["_known"]
    o = o.sort_values(["customer_id", "_t"], kind="stable")
    g = o.groupby("customer_id", sort=True)
    cust = pd.DataFrame({
        "orders": g.size(),
        "spend": g["amount"].sum(),
        "first_amount": g["amount"].first(),
        "first_order": g["_t"].min(),
        "known": g["_known"].any(),
        "engaged": g["_eng"].any(),
    })
    cust["repeat"] = cust["orders"] > 1
    cust["tenure"] = (end_us - cust["first_order"]) / _US_PER_DAY + 1.0
    cust = cust.drop(columns="first_order")
    notes = []
    if unknown == "drop":
        n0 = len(cust)
        cust = cust[cust["known"]]
        notes.append(f"{n0 - len(cust)} customers without a known social account left out")
    else:
        notes.append(f"{int((~cust['known']).sum())} customers without a known social account counted as not engaged")
    n_eng = int(cust["engaged"].sum())
    if n_eng == 0 or n_eng == len(cust):
        raise DataError("orders: every customer falls in the same group (engaged or not); nothing to compare")
    # groups
    grp = cust.groupby("engaged").agg(customers=("repeat", "size"), repeat_customers=("repeat", "sum"),
                                       mean_spend=("spend", "mean"), mean_orders=("orders", "mean")).reset_index()
    grp["repeat_rate"] = grp["repeat_customers"] / grp["customers"]
    grp["repeat_ci_low"], grp["repeat_ci_high"] = _wilson(grp["repeat_customers"].to_numpy(), grp["customers"].to_numpy())
    grp = grp[["engaged", "customers", "repeat_customers", "repeat_rate", "repeat_ci_low", "repeat_ci_high",
               "mean_spend", "mean_orders"]]
    rows = []
    eng = cust["engaged"].to_numpy(dtype=float)
    ltn = np.log(cust["tenure"].to_numpy(dtype=float))
    fa = cust["first_amount"].to_numpy(dtype=float)
    # repeat purchase: logistic regression
    X_cols = {"const": np.ones(len(cust)), "engaged": eng, "log_tenure": ltn}
    if np.all(fa > 0):
        X_cols["log_first_amount"] = np.log(fa)
    X = pd.DataFrame(X_cols, index=cust.index)
    y = cust["repeat"].to_numpy(dtype=float)
    try:
        fit = sm.Logit(y, X).fit(disp=0, maxiter=200)
        b, se = float(fit.params["engaged"]), float(fit.bse["engaged"])
        rows.append(("repeat_purchase", "odds_ratio", np.exp(b), np.exp(b - _Z95 * se), np.exp(b + _Z95 * se),
                     float(fit.pvalues["engaged"]), ", ".join(X.columns[2:])))
    except Exception as exc:  # perfect separation, singular matrix
        notes.append(f"logistic regression failed: {exc}")
        rows.append(("repeat_purchase", "odds_ratio", np.nan, np.nan, np.nan, np.nan, ""))
    spend = cust["spend"].to_numpy(dtype=float)
    pos = spend > 0
    if (~pos).any():
        notes.append(f"{int((~pos).sum())} customers with total spend <= 0 left out of the spend model")
    Xs = pd.DataFrame({"const": 1.0, "engaged": eng[pos], "log_tenure": ltn[pos]})
    try:
        gfit = sm.GLM(spend[pos], Xs, family=sm.families.Gamma(sm.families.links.Log())).fit(cov_type="HC1")
        b, se = float(gfit.params["engaged"]), float(gfit.bse["engaged"])
        rows.append(("spend", "spend_ratio", np.exp(b), np.exp(b - _Z95 * se), np.exp(b + _Z95 * se),
                     float(gfit.pvalues["engaged"]), "log_tenure"))
    except Exception as exc:
        notes.append(f"spend model failed: {exc}")
        rows.append(("spend", "spend_ratio", np.nan, np.nan, np.nan, np.nan, ""))
    effects = pd.DataFrame(rows, columns=["outcome", "measure", "estimate", "ci_low", "ci_high", "p_value", "covariates"])
    text = _association_text(grp, effects, loc)
    return EngagementAssociation(groups=grp, effects=effects, customers=cust.reset_index(), text=text, locale=loc, notes=notes)


def _association_text(grp: pd.DataFrame, eff: pd.DataFrame, loc: str) -> str:
    ge = grp.set_index("engaged")
    orr = eff.set_index("outcome").loc["repeat_purchase"]
    sr_ = eff.set_index("outcome").loc["spend"]
    n = lambda v: fmt.number(v, locale=loc, digits=2)  # noqa: E731
    return text("loyalty.association", loc, engaged=fmt.percent(ge.loc[True, "repeat_rate"], locale=loc),
                non_engaged=fmt.percent(ge.loc[False, "repeat_rate"], locale=loc), odds=n(orr.estimate),
                odds_lo=n(orr.ci_low), odds_hi=n(orr.ci_high), odds_p=fmt.pvalue(orr.p_value, locale=loc),
                spend=n(sr_.estimate), spend_lo=n(sr_.ci_low), spend_hi=n(sr_.ci_high),
                spend_p=fmt.pvalue(sr_.p_value, locale=loc))


def simulate_bgnbd(
    n: int,
    *,
    r: float,
    alpha: float,
    a: float,
    b: float,
    rng: np.random.Generator,
    T_range: tuple[float, float] = (20.0, 40.0),
) -> pd.DataFrame:
    """Customers drawn from the BG/NBD process, as a summary (``frequency``, ``recency``, ``T``).

    λ ~ Gamma(r, 1/α) purchases per unit of time, p ~ Beta(a, b) drop-out chance after each
    repeat purchase, T ~ Uniform(T_range). Vectorised: x = min(N(T), D) with N(T) ~ Poisson(λT)
    arrivals and D ~ Geometric(p) purchases before drop-out; given N arrivals in [0, T], the x-th
    falls at T × Beta(x, N − x + 1). Used to check ``fit_bgnbd`` recovers planted parameters.
    """
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    T = rng.uniform(*T_range, n)
    N = rng.poisson(lam * T)
    D = rng.geometric(p)
    x = np.minimum(N, D)
    tx = np.zeros(n)
    pos = x > 0
    tx[pos] = T[pos] * rng.beta(x[pos], N[pos] - x[pos] + 1)
    return pd.DataFrame({"frequency": x, "recency": tx, "T": T})
