"""Market share: share of market, share of voice, excess share of voice (ESOV), competitor benchmark.

Public functions
----------------
- :func:`share_of_market` — each brand's share of the market per period (from ``sales`` or a
  ``market_share`` column of the market table).
- :func:`share_of_voice` — re-export of :func:`socialroi.indicators.share_of_voice` (one definition).
- :func:`esov` — per market period and brand: share of voice, share of market, ESOV = SoV − SoM.
- :func:`plot_sov_som` — SoV against SoM per brand, with the diagonal SoV = SoM.
- :func:`esov_regression` — change in market share regressed on lagged ESOV across brands and
  periods, with a confidence interval for the slope.
- :func:`competitor_benchmark` — engagement per post and per follower of the own brand and of
  competitors (posts with a ``brand`` column).

Wherever ESOV is interpreted: Binet & Field's rule of thumb (+10 points of ESOV ≈ +0.5 point of
market share per year) was established for *advertising* share of voice (share of media spend);
social share of voice (mentions, reach, engagement) is only a proxy for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from . import formatting as fmt
from . import intervals as _iv
from ._common import as_float, get_meta, period_start, require_columns
from .catalogue import text
from .errors import DataError, ParameterError, describe_rows
from .results import Estimate, ResultDisplay, ResultView

__all__ = [
    "BINET_FIELD_NOTE",
    "share_of_market",
    "share_of_voice",
    "esov",
    "own_esov",
    "plot_sov_som",
    "esov_regression",
    "EsovRegression",
    "competitor_benchmark",
]

#: The caveat printed wherever ESOV is interpreted, in English and French (any locale: the
#: catalogue's ``market_share.binet_field``).
BINET_FIELD_NOTE: dict[str, str] = {lang: text("market_share.binet_field", lang) for lang in ("en", "fr")}

_OWN_FALLBACK = "(own brand)"


def share_of_voice(
    mentions: pd.DataFrame,
    *,
    basis: Literal["mentions", "reach", "engagement"] = "mentions",
    by: str = "brand",
    freq: str | None = None,
    locale: str | None = None,
) -> pd.DataFrame:
    """Share of voice per brand and period: :func:`socialroi.indicators.share_of_voice`.

    Kept here so that market-share analyses read in one place; the definition, intervals and
    output columns (``period``, ``brand``, ``n_mentions``, ``numerator``, ``denominator``,
    ``share_of_voice``, ``ci_low``, ``ci_high``) are those of the indicators module.
    """
    from .indicators import share_of_voice as _sov

    return _sov(mentions, basis=basis, by=by, freq=freq, locale=locale)


# --------------------------------------------------------------------------------------------
# Share of market
# --------------------------------------------------------------------------------------------


def _market_periods(market: pd.DataFrame) -> pd.Series:
    return pd.Series(pd.to_datetime(market["period"]).to_numpy(), index=market.index).dt.normalize()


def share_of_market(market: pd.DataFrame, *, freq: str | None = None) -> pd.DataFrame:
    """Each brand's share of the market per period.

    Parameters
    ----------
    market : pandas.DataFrame
        Market table: ``period`` (start of month or quarter), ``brand`` and ``sales`` or
        ``market_share`` (0..1).
    freq : str, optional
        Regroup periods (e.g. "QS" or "YS"): sales are summed first. Shares given without sales
        cannot be regrouped (the sizes of the sub-periods are unknown).

    Returns
    -------
    pandas.DataFrame
        ``period``, ``brand``, (``sales``, ``market_size`` when sales are given) and
        ``share_of_market``. ``attrs["source"]`` is "sales" or "market_share".

    Notes
    -----
    From sales: SoM_b,t = sales_b,t / Σ_j sales_j,t, the market being the brands listed in the
    table for that period (add an "others" row to cover the rest of the market). A period where
    one brand's sales are missing has no known total: its shares are NaN, never computed from the
    brands that happen to be present. Market shares are census figures, shown without interval.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"period": ["2025-01-01"] * 2, "brand": ["A", "B"], "sales": [30.0, 70.0]})
    >>> share_of_market(m)["share_of_market"].tolist()
    [0.3, 0.7]
    """
    require_columns(market, ["period", "brand"], table="market", purpose="share of market")
    has_sales = "sales" in market.columns and pd.Series(as_float(market["sales"])).notna().any()
    if not has_sales and "market_share" not in market.columns:
        raise DataError(
            f"table 'market': a 'sales' or a 'market_share' column is needed for share of market; "
            f"it has {list(market.columns)}"
        )
    period = _market_periods(market)
    if period.isna().any():
        rows = np.flatnonzero(period.isna().to_numpy())
        raise DataError(f"table 'market', column 'period': missing or unreadable dates at {describe_rows(rows)}")
    if freq is not None:
        period = period_start(period, freq)
    brand = market["brand"].astype("string")
    if brand.isna().any():
        rows = np.flatnonzero(brand.isna().to_numpy())
        raise DataError(f"table 'market', column 'brand': missing brand at {describe_rows(rows)}")
    if has_sales:
        sales = as_float(market["sales"])
        neg = np.flatnonzero(sales < 0)
        if len(neg):
            raise DataError(f"table 'market', column 'sales': negative sales at {describe_rows(neg, sales[neg])}")
        df = pd.DataFrame({"period": period.to_numpy(), "brand": brand.to_numpy(), "sales": sales})
        g = df.groupby(["period", "brand"], sort=True)["sales"].sum(min_count=1).reset_index()
        # a period with any missing sales has no known total
        by_period = g.groupby("period")["sales"]
        tot = by_period.transform("sum").where(~g["sales"].isna().groupby(g["period"]).transform("any"))
        g["market_size"] = tot
        g["share_of_market"] = g["sales"] / tot.where(tot > 0)
        g.attrs["source"] = "sales"
        n_unknown = int(g.loc[g["share_of_market"].isna(), "period"].nunique())
        g.attrs["note"] = (
            "shares of the total of the brands listed in the market table"
            + (f"; {n_unknown} period(s) with missing sales have no shares" if n_unknown else "")
        )
        return g
    share = as_float(market["market_share"])
    bad = np.flatnonzero(np.isfinite(share) & ((share < 0) | (share > 1)))
    if len(bad):
        raise DataError(
            f"table 'market', column 'market_share': expected a fraction in [0, 1]; {describe_rows(bad, share[bad])}"
        )
    df = pd.DataFrame({"period": period.to_numpy(), "brand": brand.to_numpy(), "share_of_market": share})
    if df.duplicated(["period", "brand"]).any():
        if freq is not None:
            raise ParameterError(
                f"freq={freq!r}: market shares without sales cannot be regrouped (the sizes of the "
                "sub-periods are unknown); give sales, or use the periods of the table"
            )
        dup = np.flatnonzero(df.duplicated(["period", "brand"]).to_numpy())
        raise DataError(f"table 'market': several rows for the same period and brand at {describe_rows(dup)}")
    total = df.groupby("period")["share_of_market"].transform("sum")
    over = np.flatnonzero((total > 1 + 1e-6).to_numpy())
    if len(over):
        raise DataError(
            f"table 'market', column 'market_share': shares of one period sum to more than 1 at "
            f"{describe_rows(over, total.to_numpy()[over])}"
        )
    out = df.sort_values(["period", "brand"], kind="stable").reset_index(drop=True)
    out.attrs["source"] = "market_share"
    out.attrs["note"] = "shares as given in the market table (of the whole market)"
    return out


# --------------------------------------------------------------------------------------------
# ESOV
# --------------------------------------------------------------------------------------------


def _period_months(starts: pd.DatetimeIndex) -> int | None:
    """Months between consecutive period starts when they are regular month starts, else None."""
    if len(starts) < 2 or not (starts.day == 1).all():
        return None
    months = np.diff(starts.year * 12 + starts.month)
    if len(set(months.tolist())) == 1 and months[0] in (1, 2, 3, 4, 6, 12):
        return int(months[0])
    return None


def _period_edges(starts: pd.DatetimeIndex) -> tuple[np.ndarray, int | None]:
    """Period starts plus the end of the last period (the next start)."""
    k = _period_months(starts)
    if k is not None:
        last_end = starts[-1] + pd.DateOffset(months=k)
    elif len(starts) >= 2:
        step = pd.Series(np.diff(starts)).median()
        last_end = starts[-1] + step
    else:
        raise DataError(
            "table 'market': one period only and it does not say where it ends; give at least two periods"
        )
    edges = np.append(starts.to_numpy(), np.datetime64(last_end, "ns"))
    return edges, k


def esov(
    mentions: pd.DataFrame,
    market: pd.DataFrame,
    *,
    brand: str | None = None,
    basis: Literal["mentions", "reach", "engagement"] = "mentions",
    ci: Literal["days", "wilson"] = "days",
    locale: str | None = None,
) -> pd.DataFrame:
    """Share of voice, share of market and excess share of voice per market period and brand.

    Parameters
    ----------
    mentions : pandas.DataFrame
        Mentions of the own brand and competitors (``timestamp``, ``brand``; ``reach`` or
        engagement columns for the other bases).
    market : pandas.DataFrame
        Market table (``period``, ``brand``, ``sales`` or ``market_share``).
    brand : str, optional
        The own brand (flagged in ``is_own``; default from the metadata, optional).
    basis : {"mentions", "reach", "engagement"}, default "mentions"
        What share of voice shares (see :func:`socialroi.indicators.share_of_voice`).
    ci : {"days", "wilson"}, default "days"
        Interval of the share of voice (see :func:`socialroi.indicators.share_of_voice`): from the
        variation between days (weeks when autocorrelated), or the labelled Wilson option.
    locale : {"en", "fr"}, optional
        Language of the caveat in ``attrs["note"]``.

    Returns
    -------
    pandas.DataFrame
        One row per market period and brand of the market table: ``period``, ``brand``,
        ``is_own``, ``n_mentions``, ``sov`` (with ``sov_ci_low``/``sov_ci_high`` from the variation
        between the period's days, ``sov_n`` days or weeks in ``sov_ci_unit``), ``som``, ``esov``
        = sov − som (with ``esov_ci_low``/``esov_ci_high``: the SoV interval shifted by SoM, a
        census figure). A market brand never seen in the mentions has NaN share of voice (not
        tracked, not zero).

    Notes
    -----
    A mention belongs to the market period p when start_p ≤ its local date < start_{p+1} (the
    last period ends one period length after its start). ESOV_b,p = SoV_b,p − SoM_b,p. SoV is
    shared among the brands of the mentions table, SoM among the brands of the market table:
    when the two lists differ the shares do not refer to the same set (``attrs["warning"]``).
    Binet & Field's rule of thumb (+10 pts ESOV ≈ +0.5 pt share per year) is about advertising
    SoV; social SoV is a proxy.

    References
    ----------
    Binet, L., & Field, P. (2013). *Media in Focus: Marketing Effectiveness in the Digital Era*. IPA.
    Jones, J. P. (1990). Ad spending: maintaining market share. *Harvard Business Review*, 68(1).

    Examples
    --------
    >>> import socialroi as sr
    >>> ds = sr.load_sample("maison-lumiere")
    >>> table = sr.market_share.esov(ds.mentions, ds.market)
    >>> list(table.columns[:5])
    ['period', 'brand', 'is_own', 'n_mentions', 'sov']
    >>> reg = sr.market_share.esov_regression(table)
    >>> "Binet & Field" in reg.summary(locale="en")
    True
    >>> "Binet & Field" in reg.reading(locale="en")
    True
    """
    from .indicators import share_of_voice as _sov

    loc = fmt.resolve(locale, mentions)
    require_columns(mentions, ["timestamp", "brand"], table="mentions", purpose="share of voice")
    som = share_of_market(market)
    starts = pd.DatetimeIndex(sorted(som["period"].unique()))
    edges, _ = _period_edges(starts)
    day = period_start(mentions["timestamp"], "D").to_numpy(dtype="datetime64[ns]")
    pos = np.searchsorted(edges, day, side="right") - 1
    inside = (pos >= 0) & (pos < len(starts)) & ~np.isnat(day)
    n_outside = int((~inside).sum())
    if not inside.any():
        raise DataError(
            f"table 'mentions': no mention falls within the market periods "
            f"({starts[0].date()} to {pd.Timestamp(edges[-1]).date()})"
        )
    m = mentions.iloc[np.flatnonzero(inside)].copy()
    m["market_period"] = starts[pos[inside]]
    sov = _sov(m, basis=basis, by="brand", within="market_period", freq=None, ci=ci)
    ci_attrs = {k: sov.attrs[k] for k in ("ci_method", "ci_method_id", "ci_unit", "autocorrelation") if k in sov.attrs}
    if "n_units" not in sov.columns:
        sov = sov.assign(n_units=sov["n_mentions"], ci_unit="mentions")
    sov = sov.rename(columns={"market_period": "period", "share_of_voice": "sov",
                              "ci_low": "sov_ci_low", "ci_high": "sov_ci_high", "n_units": "sov_n",
                              "ci_unit": "sov_ci_unit"})
    sov["brand"] = sov["brand"].astype("string")
    left = som[["period", "brand", "share_of_market"]].rename(columns={"share_of_market": "som"})
    left["brand"] = left["brand"].astype("string")
    out = left.merge(sov[["period", "brand", "n_mentions", "sov", "sov_ci_low", "sov_ci_high", "sov_n", "sov_ci_unit"]],
                     on=["period", "brand"], how="left")
    # periods without any mention at all: the share of voice is unknown, not 0
    own = get_meta(mentions, "brand", brand, required=False)
    out.insert(2, "is_own", (out["brand"] == own).fillna(False).astype(bool) if own is not None else False)
    out["n_mentions"] = out["n_mentions"].astype("Int64")
    out["esov"] = out["sov"] - out["som"]
    out["esov_ci_low"] = out["sov_ci_low"] - out["som"]
    out["esov_ci_high"] = out["sov_ci_high"] - out["som"]
    out["sov_n"] = out["sov_n"].astype("Int64")
    out = out[["period", "brand", "is_own", "n_mentions", "sov", "sov_ci_low", "sov_ci_high", "sov_n", "sov_ci_unit",
               "som", "esov", "esov_ci_low", "esov_ci_high"]]
    out = out.sort_values(["period", "brand"], kind="stable").reset_index(drop=True)
    mention_brands = set(pd.unique(m["brand"].dropna().astype(str)))
    market_brands = set(left["brand"].dropna().astype(str))
    warn = []
    if mention_brands - market_brands:
        warn.append(f"brands in mentions but not in the market table share the voice: {sorted(mention_brands - market_brands)}")
    if market_brands - mention_brands:
        warn.append(f"market brands never mentioned (share of voice unknown): {sorted(market_brands - mention_brands)}")
    out.attrs = {
        "basis": basis,
        "som_source": som.attrs.get("source"),
        "n_outside": n_outside,
        "note": text("market_share.binet_field", loc),
        "warning": "; ".join(warn),
        "locale": loc,
        "period_months": _period_months(starts),
        **ci_attrs,
    }
    meta = (getattr(mentions, "attrs", None) or {}).get("meta")
    if meta:
        out.attrs["meta"] = meta
    return out


def own_esov(table: pd.DataFrame, *, brand: str | None = None) -> dict[str, float]:
    """The own brand's mean ``sov``, ``som`` and ``esov`` over the periods of :func:`esov`, with intervals.

    Returns a dict: ``sov``, ``som``, ``esov`` (means over the market periods) and
    ``sov_ci_low``/``sov_ci_high``, ``esov_ci_low``/``esov_ci_high``, ``periods``, ``sov_n``
    (days or weeks the period intervals rest on, summed) and ``ci_unit``.

    Notes
    -----
    The mean of the period shares gets its interval from the periods' own intervals (each from
    the variation between its days): :func:`socialroi.intervals.mean_of_estimates`, mean ± z
    √(Σ seᵢ²)/k with seᵢ read from period i's interval, periods being independent samples of days.
    Share of market is a census figure (sales), so the ESOV interval is the SoV interval shifted.
    """
    from .intervals import mean_of_estimates

    if "is_own" in table.columns and brand is None:
        own = table[table["is_own"].astype(bool)]
    else:
        if brand is None:
            raise ParameterError("brand=... is needed when the table has no 'is_own' column")
        own = table[table["brand"].astype(str) == str(brand)]
    out: dict[str, Any] = {k: float(pd.to_numeric(own[k], errors="coerce").mean()) if len(own) else float("nan")
                           for k in ("sov", "som", "esov")}
    for k in ("sov", "esov"):
        if f"{k}_ci_low" in own.columns:
            _, out[f"{k}_ci_low"], out[f"{k}_ci_high"] = mean_of_estimates(
                pd.to_numeric(own[k], errors="coerce"), pd.to_numeric(own[f"{k}_ci_low"], errors="coerce"),
                pd.to_numeric(own[f"{k}_ci_high"], errors="coerce"))
    out["periods"] = int(len(own))
    if "sov_n" in own.columns:
        out["sov_n"] = int(pd.to_numeric(own["sov_n"], errors="coerce").fillna(0).sum())
        units = sorted(set(own["sov_ci_unit"].dropna().astype(str)))
        out["ci_unit"] = units[0] if len(units) == 1 else " or ".join(units)
    return out


def plot_sov_som(
    esov_table: pd.DataFrame,
    *,
    ax: Any = None,
    locale: str | None = None,
) -> Any:
    """Scatter of share of voice against share of market per brand (averages over periods):
    :func:`socialroi.plots.plot_sov_som`.

    Points above the diagonal have a positive ESOV. The Binet & Field caveat is written under the
    chart (advertising SoV rule; social SoV is a proxy).

    Parameters
    ----------
    esov_table : pandas.DataFrame
        Output of :func:`esov`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    from .plots import plot_sov_som as _plot

    require_columns(esov_table, ["brand", "sov", "som"], table="esov table", purpose="the SoV/SoM chart")
    return _plot(esov_table, ax=ax, locale=locale)


# --------------------------------------------------------------------------------------------
# ESOV regression
# --------------------------------------------------------------------------------------------

@dataclass(repr=False)
class EsovRegression(ResultDisplay):
    """Result of :func:`esov_regression` (slope in points of share per point of ESOV, per period).

    ``summary()`` shows the slope, its yearly equivalent and the intercept with their intervals and
    the Binet & Field caveat; ``reading()`` the same in one paragraph; ``plot()`` the brand-periods
    with the fitted line; ``to_frame()`` the estimates as numbers.
    """

    slope: float
    ci_low: float
    ci_high: float
    p_value: float
    intercept: float
    slope_per_year: float | None
    year_ci_low: float | None
    year_ci_high: float | None
    periods_per_year: float | None
    n_obs: int
    n_brands: int
    lag: int
    cov_type: str
    alpha: float
    frame: pd.DataFrame
    rule_of_thumb_per_year: float = 0.05
    params: dict = field(default_factory=dict)
    locale: str = "en"

    _display_name = "EsovRegression"

    def reading(self, *, locale: str | None = None) -> str:
        """Plain-language result with the Binet & Field caveat, in ``locale`` (default: the result's)."""
        loc = fmt.resolve(locale or self.locale)
        s3 = lambda v: fmt.number(v, locale=loc, digits=3, sign=True)  # noqa: E731
        year = ""
        if self.slope_per_year is not None:
            year = text("market_share.regression_year", loc, slope=s3(self.slope_per_year), lo=s3(self.year_ci_low),
                        hi=s3(self.year_ci_high), rule=s3(self.rule_of_thumb_per_year))
        return text("market_share.regression", loc, lag=fmt.integer(self.lag, locale=loc),
                    n_obs=fmt.integer(self.n_obs, locale=loc), n_brands=fmt.integer(self.n_brands, locale=loc),
                    cov=text(f"market_share.cov_{self.cov_type}", loc), slope=s3(self.slope), lo=s3(self.ci_low),
                    hi=s3(self.ci_high), p=fmt.pvalue(self.p_value, locale=loc),
                    level=fmt.percent(1 - self.alpha, locale=loc, digits=0), year=year,
                    note=text("market_share.binet_field", loc))

    def _view(self, locale: str) -> ResultView:
        loc = locale
        w = lambda key, **kw: text(f"view.{key}", loc, **kw)  # noqa: E731
        facts = [(w("method"), w("ols", cov=text(f"market_share.cov_{self.cov_type}", loc))),
                 (w("observations"), w("brand_periods", n=fmt.integer(self.n_obs, locale=loc),
                                       brands=fmt.integer(self.n_brands, locale=loc))),
                 (w("lag"), fmt.count(self.lag, "periods", locale=loc))]
        estimates = [Estimate("slope", w("esov_slope"), self.slope, self.ci_low, self.ci_high, kind="num", digits=3,
                              p_value=self.p_value, sign=True)]
        if self.slope_per_year is not None:
            estimates.append(Estimate("slope_per_year", w("esov_slope_year"), self.slope_per_year, self.year_ci_low,
                                      self.year_ci_high, kind="num", digits=3, sign=True))
        estimates.append(Estimate("intercept", w("intercept"), self.intercept, kind="num", digits=3, sign=True))
        notes = [w("esov_interval", level=fmt.percent(1 - self.alpha, locale=loc, digits=0),
                   rule=fmt.number(self.rule_of_thumb_per_year, locale=loc, digits=3, sign=True)),
                 text("market_share.binet_field", loc), w("esov_association")]
        return ResultView(title=w("esov_title"), facts=facts, estimates=estimates, notes=notes)

    def plot(self, ax: Any = None, *, locale: str | None = None) -> Any:
        """Change in share of market against lagged ESOV, one point per brand-period, with the fitted
        line (:func:`socialroi.plots.plot_esov_regression`); returns the Axes."""
        from .plots import plot_esov_regression

        return plot_esov_regression(self, ax=ax, locale=locale or self._display_locale())


def esov_regression(
    esov_table: pd.DataFrame,
    *,
    lag: int = 1,
    adjust_share: bool = False,
    cov_type: Literal["auto", "cluster", "HC3"] = "auto",
    alpha: float = 0.05,
    locale: str | None = None,
) -> EsovRegression:
    """Regression of the change in market share on lagged ESOV, across brands and periods.

    Parameters
    ----------
    esov_table : pandas.DataFrame
        Output of :func:`esov` (``period``, ``brand``, ``som``, ``esov``), or any frame with those
        columns (shares as fractions).
    lag : int, default 1
        ESOV of period t − lag explains the change of share from t − 1 to t.
    adjust_share : bool, default False
        Add the lagged share of market as a regressor (guards against regression to the mean).
    cov_type : {"auto", "cluster", "HC3"}, default "auto"
        Standard errors clustered by brand (t with G − 1 degrees of freedom) when there are at least
        10 brands ("auto"), else HC3 heteroskedasticity-robust (few clusters make clustered errors
        unreliable).
    alpha : float, default 0.05
    locale : {"en", "fr"}, optional

    Returns
    -------
    EsovRegression
        ``slope`` (points of share per point of ESOV, per period) with ``ci_low``, ``ci_high``,
        ``p_value``; ``slope_per_year`` (slope × periods per year, when the periods are regular
        months or quarters) with its interval; ``frame`` (the regression data); ``summary()``.

    Notes
    -----
    100·(SoM_b,t − SoM_b,t−1) = a + β · 100·ESOV_b,t−lag (+ γ · 100·SoM_b,t−lag) + ε_b,t, by OLS.
    Sustained for a year of k periods, the ESOV effect adds k·β points of share, to compare with
    Binet & Field's +0.5 point per +10 points of ESOV (0.05) — a rule established for advertising
    share of voice, of which social SoV is only a proxy.

    References
    ----------
    Binet, L., & Field, P. (2013). *Media in Focus*. IPA. Cameron, A. C., Gelbach, J. B., &
    Miller, D. L. (2008). Bootstrap-based improvements for inference with clustered errors.
    *Review of Economics and Statistics*, 90(3).
    """
    import statsmodels.api as sm

    require_columns(esov_table, ["period", "brand", "som", "esov"], table="esov table", purpose="the ESOV regression")
    if lag < 1:
        raise ParameterError(f"lag={lag!r} must be at least 1")
    if cov_type not in ("auto", "cluster", "HC3"):
        raise ParameterError(f"cov_type={cov_type!r}: use 'auto', 'cluster' or 'HC3'")
    if not 0 < alpha < 1:
        raise ParameterError(f"alpha={alpha!r} must be between 0 and 1")
    loc = fmt.resolve(locale or esov_table.attrs.get("locale"), esov_table)
    period = pd.to_datetime(esov_table["period"])
    starts = pd.DatetimeIndex(sorted(period.unique()))
    wide_som = pd.DataFrame({"period": period, "brand": esov_table["brand"], "v": as_float(esov_table["som"])}).pivot_table(
        index="period", columns="brand", values="v", aggfunc="first", dropna=False).reindex(starts)
    wide_esov = pd.DataFrame({"period": period, "brand": esov_table["brand"], "v": as_float(esov_table["esov"])}).pivot_table(
        index="period", columns="brand", values="v", aggfunc="first", dropna=False).reindex(starts)
    d_som = (wide_som - wide_som.shift(1)) * 100
    x_esov = wide_esov.shift(lag) * 100
    x_som = wide_som.shift(lag) * 100
    frame = pd.DataFrame({
        "d_som": d_som.stack(future_stack=True),
        "esov_lag": x_esov.stack(future_stack=True),
        "som_lag": x_som.stack(future_stack=True),
    }).reset_index().dropna()
    frame.columns = ["period", "brand", "d_som", "esov_lag", "som_lag"]
    n_brands = int(frame["brand"].nunique())
    k = 3 if adjust_share else 2
    if len(frame) < k + 3:
        raise DataError(
            f"esov table: only {len(frame)} brand-period(s) with a share change and a lagged ESOV; "
            f"at least {k + 3} are needed (more periods or brands)"
        )
    X = np.column_stack([np.ones(len(frame)), frame["esov_lag"].to_numpy()]
                        + ([frame["som_lag"].to_numpy()] if adjust_share else []))
    y = frame["d_som"].to_numpy()
    kind = cov_type if cov_type != "auto" else ("cluster" if n_brands >= 10 else "HC3")
    if kind == "cluster":
        groups = pd.factorize(frame["brand"])[0]
        res = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": True, "df_correction": True})
        df = max(n_brands - 1, 1)
        se = float(res.bse[1])
        tq = stats.t.ppf(1 - alpha / 2, df)
        p = float(2 * stats.t.sf(abs(res.params[1] / se), df))
    else:
        res = sm.OLS(y, X).fit(cov_type="HC3")
        df = len(y) - X.shape[1]
        se = float(res.bse[1])
        tq = stats.t.ppf(1 - alpha / 2, df)
        p = float(2 * stats.t.sf(abs(res.params[1] / se), df))
    slope = float(res.params[1])
    lo, hi = slope - tq * se, slope + tq * se
    months = _period_months(starts) if len(starts) >= 2 else None
    ppy = 12 / months if months else None
    return EsovRegression(
        slope=slope,
        ci_low=float(lo),
        ci_high=float(hi),
        p_value=p,
        intercept=float(res.params[0]),
        slope_per_year=None if ppy is None else slope * ppy,
        year_ci_low=None if ppy is None else lo * ppy,
        year_ci_high=None if ppy is None else hi * ppy,
        periods_per_year=ppy,
        n_obs=len(frame),
        n_brands=n_brands,
        lag=lag,
        cov_type=kind,
        alpha=alpha,
        frame=frame.reset_index(drop=True),
        params={"names": ["intercept", "esov_lag"] + (["som_lag"] if adjust_share else []),
                "values": [float(v) for v in res.params], "df": df},
        locale=loc,
    )


# --------------------------------------------------------------------------------------------
# Competitor benchmark
# --------------------------------------------------------------------------------------------


def competitor_benchmark(
    posts: pd.DataFrame,
    *,
    audience: pd.DataFrame | None = None,
    brand: str | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Engagement per post and per follower of the own brand against competitors.

    Parameters
    ----------
    posts : pandas.DataFrame
        Posts with a ``brand`` column (empty = the own brand) and engagement components; a
        ``followers`` column (followers of the posting account at publication, as competitive
        tools export it) gives the per-follower rate for every brand.
    audience : pandas.DataFrame, optional
        Own audience table: followers on the publication day (same platform) for the own brand's
        posts when ``posts`` has no ``followers`` column.
    brand : str, optional
        Name of the own brand (default: the metadata; "(own brand)" otherwise).
    alpha : float, default 0.05

    Returns
    -------
    pandas.DataFrame
        One row per brand, own brand first: ``brand``, ``is_own``, ``posts``, ``engagements``,
        ``engagement_per_post`` (mean, with ``epp_ci_low``/``epp_ci_high``: t interval),
        ``ratio_vs_own`` (engagement per post relative to the own brand, ``ratio_ci_low``,
        ``ratio_ci_high``, ``p_value``), ``engagement_per_follower`` (Σ engagements / Σ followers
        at publication over the posts with both, with ``epf_ci_low``/``epf_ci_high``) and
        ``posts_with_followers``.

    Notes
    -----
    Engagements = reactions + comments + shares + saves (what the data has; see
    ``sr.indicators.engagements``); posts with a missing component are left out (complete cases,
    ``attrs["n_excluded"]``). Engagement per post and per follower (a ratio estimator
    R = Σe/Σf) take their intervals from the variation between posts
    (:func:`socialroi.intervals.ratio_interval`, as every rate over posts). Ratio of means: log-
    scale delta method, Var(log ȳ) ≈ s²/(n ȳ²). Rival IQ's engagement rate by followers is the
    same quantity per post.
    """
    from .indicators import engagements as _engagements

    require_columns(posts, ["published_at"], table="posts", purpose="the competitor benchmark")
    if "brand" not in posts.columns:
        raise DataError(
            "table 'posts': the competitor benchmark needs a 'brand' column (competitors' public "
            "posts beside the own brand's; empty = own brand)"
        )
    if not 0 < alpha < 1:
        raise ParameterError(f"alpha={alpha!r} must be between 0 and 1")
    own = get_meta(posts, "brand", brand, required=False) or _OWN_FALLBACK
    b = posts["brand"].astype("string").str.strip()
    b = b.mask(b.isna() | (b == ""), own).reset_index(drop=True)
    e = _engagements(posts).to_numpy(dtype=float)
    if "followers" in posts.columns:
        f = as_float(posts["followers"])
        f_source = "posts.followers (at publication)"
    elif audience is not None:
        require_columns(audience, ["date", "platform", "followers"], table="audience", purpose="followers at publication")
        day = period_start(posts["published_at"], "D").to_numpy()
        key = pd.DataFrame({"date": day, "platform": posts["platform"].astype("string").to_numpy()
                            if "platform" in posts.columns else pd.NA})
        aud = pd.DataFrame({
            "date": pd.to_datetime(audience["date"]).to_numpy(),
            "platform": audience["platform"].astype("string").to_numpy(),
            "followers": as_float(audience["followers"]),
        }).groupby(["date", "platform"], as_index=False)["followers"].sum(min_count=1)
        f = key.merge(aud, on=["date", "platform"], how="left")["followers"].to_numpy(dtype=float)
        f = np.where((b == own).to_numpy(), f, np.nan)
        f_source = "audience.followers on the publication day (own brand only)"
    else:
        f = np.full(len(posts), np.nan)
        f_source = "none"
    ok = np.isfinite(e)
    df = pd.DataFrame({"brand": b[ok].to_numpy(), "e": e[ok], "f": f[ok]})
    df["f"] = df["f"].where(df["f"] > 0)
    df["has_f"] = df["f"].notna()
    df["e_f"] = df["e"].where(df["has_f"])
    g = df.groupby("brand", sort=True)
    out = pd.DataFrame({
        "posts": g.size(),
        "engagements": g["e"].sum(),
        "engagement_per_post": g["e"].mean(),
        "sd": g["e"].std(ddof=1),
        "posts_with_followers": g["has_f"].sum(),
        "sum_e_f": g["e_f"].sum(min_count=1),
        "sum_f": g["f"].sum(min_count=1),
    })
    n = out["posts"].to_numpy(dtype=float)
    mean = out["engagement_per_post"].to_numpy()
    sd = out["sd"].to_numpy()
    # between posts (posts as units), one implementation for every rate over posts
    bcode = pd.Index(out.index).get_indexer(df["brand"])
    nb = len(out)
    epp = _iv.ratio_interval(df["e"].to_numpy(float), None, bcode, nb, level=1 - alpha, bounds=(0.0, None))
    out["epp_ci_low"], out["epp_ci_high"] = epp.low, epp.high
    hf = df["has_f"].to_numpy(bool)
    epf = _iv.ratio_interval(df["e"].to_numpy(float)[hf], df["f"].to_numpy(float)[hf], bcode[hf], nb,
                             level=1 - alpha, bounds=(0.0, None))
    R = (out["sum_e_f"] / out["sum_f"]).to_numpy()
    out["engagement_per_follower"] = R
    out["epf_ci_low"], out["epf_ci_high"] = epf.low, epf.high
    with np.errstate(invalid="ignore", divide="ignore"):
        # ratio of mean engagement per post against the own brand (log delta method)
        v_log = (sd / mean) ** 2 / n
        if own in out.index:
            m0, v0 = out.loc[own, "engagement_per_post"], v_log[out.index.get_loc(own)]
        else:
            m0, v0 = np.nan, np.nan
        # the own brand without engagement: every ratio is undefined (NaN, never inf); a brand
        # without engagement: ratio 0, no interval on the log scale
        ratio = mean / m0 if np.isfinite(m0) and m0 > 0 else np.full(len(mean), np.nan)
        lr = np.log(np.where(ratio > 0, ratio, np.nan))
        se_lr = np.sqrt(v_log + v0)
        z = stats.norm.ppf(1 - alpha / 2)
        out["ratio_vs_own"] = ratio
        out["ratio_ci_low"] = np.exp(lr - z * se_lr)
        out["ratio_ci_high"] = np.exp(lr + z * se_lr)
        out["p_value"] = 2 * stats.norm.sf(np.abs(lr / se_lr))
    is_own = out.index == own
    out.loc[is_own, ["ratio_ci_low", "ratio_ci_high", "p_value"]] = np.nan
    out = out.reset_index().rename(columns={"index": "brand"})
    out.insert(1, "is_own", is_own)
    out["posts"] = out["posts"].astype(int)
    out["posts_with_followers"] = out["posts_with_followers"].astype(int)
    out = out.sort_values(["is_own", "engagement_per_post"], ascending=[False, False], kind="stable")
    cols = ["brand", "is_own", "posts", "engagements", "engagement_per_post", "epp_ci_low", "epp_ci_high",
            "ratio_vs_own", "ratio_ci_low", "ratio_ci_high", "p_value", "posts_with_followers",
            "engagement_per_follower", "epf_ci_low", "epf_ci_high"]
    out = out[cols].reset_index(drop=True)
    out.attrs = {"n_excluded": int((~ok).sum()), "followers_source": f_source, "own_brand": own,
                 "ci_method": _iv.METHODS["posts"][0], "ci_unit": "posts", "ci_count": "posts",
                 "engagements": _engagements(posts).attrs.get("definition", "")}
    return out
