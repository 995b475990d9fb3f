"""Degenerate data never raises (spec rule 8, issue 19): tiny and degenerate datasets through every
public analysis function.

Hypothesis builds datasets the way real downloads are small and odd: one to six posts on one to
three platforms that each export only their own exposure (LinkedIn and X impressions, TikTok video
views, ...), zero reach or impressions, engagement all zero or partly missing, one post type or
none, every post on one day, one platform, audiences of a few days with a constant or zero
follower count, a handful of mentions, orders, interactions, spend and sales. Every public
function of ``indicators``, ``awareness``, ``loyalty``, ``market_share`` and ``roi`` runs on
them: it returns a result (NaN where nothing can be estimated is a documented skip) or raises a
``DataError`` with a plain reason; any other exception fails the test, and hypothesis shrinks the
dataset to the smallest one that fails.

The examples are few (``max_examples``) so the file runs in well under a minute on CI.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socialroi as sr
from socialroi import awareness, loyalty, market_share, roi
from socialroi import indicators as ind
from socialroi.errors import DataError, ParameterError
from socialroi.io import Dataset

TZ = "Europe/Paris"
OWN, RIVAL = "Own", "Rival"
META = {"name": "Tiny", "brand": OWN, "competitors": [RIVAL], "currency": "EUR", "timezone": TZ, "locale": "en"}
START = pd.Timestamp("2025-03-28", tz=TZ)  # the DST change (30 March) falls inside the generated days
# the exposure each platform's export has (real downloads: X and LinkedIn report impressions,
# TikTok video views, YouTube impressions and views; Meta reach, impressions or "Views")
EXPOSURE = {"facebook": ("reach", "impressions"), "instagram": ("reach", "views"), "linkedin": ("impressions",),
            "x": ("impressions",), "tiktok": ("video_views",), "youtube": ("impressions", "video_views")}
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

def _table(df: pd.DataFrame, name: str) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "reach > impressions" and the like: kept, as in real exports
        out = sr.validate(df, name, timezone=TZ)
    out.attrs["meta"] = dict(META)
    return out


# Hypothesis draws the shape of a dataset (sizes, platforms, the degenerate cases as flags) and a
# seed; the values come from a numpy generator seeded with it. Failing cases still shrink (to fewer
# rows, fewer platforms, simpler flags) and the values look like real counts.
# sizes: one row, a handful (a new page, a one-week download), or enough for some models to be fitted
SIZES = st.sampled_from([24, 1, 2, 3, 5, 40])
SEEDS = st.integers(0, 2**32 - 1)


def _size(draw) -> int:
    return draw(SIZES)


def _day(start_day: int, span: int, rng: np.random.Generator, hour: bool = True) -> str:
    t = START + pd.Timedelta(days=int(start_day + rng.integers(0, max(span, 1))))
    if hour:
        t = t + pd.Timedelta(hours=int(rng.integers(0, 24)), minutes=int(rng.integers(0, 60)))
    return t.isoformat()


@st.composite
def posts_tables(draw) -> pd.DataFrame:
    n = _size(draw)
    plats = draw(st.lists(st.sampled_from(sorted(EXPOSURE)), min_size=1, max_size=3, unique=True))
    engagement = draw(st.sampled_from(["counts", "zero", "some missing", "one level without"]))
    exposure = draw(st.sampled_from(["counts", "zero", "0 to 3", "some zero"]))
    span = draw(st.sampled_from([1, 3, 60]))  # every post on one day, a few days, two months
    types = draw(st.sampled_from(["two", "one", "none"]))
    youtube_counts = draw(st.booleans())  # a Studio table with or without likes/comments/shares
    rng = np.random.default_rng(draw(SEEDS))
    platform = rng.choice(plats, n)
    df = pd.DataFrame({"post_id": [f"p{i}" for i in range(n)], "platform": platform,
                       "published_at": [_day(0, span, rng) for _ in range(n)]})
    if types != "none":
        df["post_type"] = "photo" if types == "one" else rng.choice(["photo", "video"], n)
    for c, top in (("reactions", 60), ("comments", 8), ("shares", 5)):
        v = pd.array(rng.integers(0, top, n), dtype="Int64")
        if engagement == "zero":
            v[:] = 0
        elif engagement == "some missing":
            v[rng.random(n) < 0.3] = pd.NA
        elif engagement == "one level without" and "post_type" in df:
            v[(df["post_type"] == "video").to_numpy()] = 0
        v[(platform == "youtube") & (not youtube_counts)] = pd.NA
        df[c] = v
    for col in ("reach", "impressions", "video_views", "views"):
        has = np.array([col in EXPOSURE[p] for p in platform])
        v = {"counts": rng.integers(1, 5000, n), "zero": np.zeros(n, dtype=int), "0 to 3": rng.integers(0, 4, n),
             "some zero": rng.integers(0, 3000, n) * (rng.random(n) < 0.6)}[exposure]
        df[col] = pd.array(np.where(has, v, 0), dtype="Int64")
        df.loc[~has, col] = pd.NA
    if draw(st.booleans()):
        df["clicks"] = pd.array(rng.integers(0, 10, n), dtype="Int64")
    df["spend"] = np.where(rng.random(n) < 0.5, np.nan, rng.choice([0.0, 5.0, 20.0], n))
    df["platform_engagements"] = pd.array(np.where(rng.random(n) < 0.8, rng.integers(0, 80, n), -1), dtype="Int64")
    df.loc[df["platform_engagements"] < 0, "platform_engagements"] = pd.NA
    yt, li, fb = platform == "youtube", platform == "linkedin", platform == "facebook"
    df["impressions_ctr_pct"] = np.where(yt, rng.uniform(0, 10, n).round(2), np.nan)
    df["watch_time_hours"] = np.where(yt & (rng.random(n) < 0.9), rng.uniform(0, 5, n), np.nan)
    df["follows"] = pd.array(np.where(li & (rng.random(n) < 0.5), rng.integers(0, 3, n), -1), dtype="Int64")
    df.loc[df["follows"] < 0, "follows"] = pd.NA
    df["engaged_users"] = pd.array(np.where(fb, rng.integers(0, 40, n), -1), dtype="Int64")
    df.loc[df["engaged_users"] < 0, "engaged_users"] = pd.NA
    df["brand"] = rng.choice(np.array([None, OWN, RIVAL], dtype=object), n)
    return _table(df, "posts")


@st.composite
def audience_tables(draw) -> pd.DataFrame:
    plats = draw(st.lists(st.sampled_from(["facebook", "linkedin", "x"]), min_size=1, max_size=2, unique=True))
    days = _size(draw)
    followers = draw(st.sampled_from(["moving", "constant", "zero", "x without stock"]))
    rng = np.random.default_rng(draw(SEEDS))
    rows = []
    for p in plats:
        f = int(rng.integers(0, 3000)) if followers != "zero" else 0
        for d in range(days):
            if d and rng.random() < 0.1:
                continue  # a day missing from the export
            new, lost = int(rng.integers(0, 6)), int(rng.integers(0, 4))
            if followers == "moving":
                f = max(f + new - lost, 0)
            rows.append({"date": (START + pd.Timedelta(days=d)).date().isoformat(), "platform": p,
                         "followers": None if followers == "x without stock" and p == "x" else f,
                         "new_followers": new, "lost_followers": lost if rng.random() < 0.9 else None,
                         "impressions": int(rng.integers(0, 500)), "reach": int(rng.integers(0, 200))})
    return _table(pd.DataFrame(rows), "audience")


@st.composite
def mentions_tables(draw) -> pd.DataFrame:
    n = 4 * _size(draw)
    brands = draw(st.sampled_from([[OWN, RIVAL], [OWN], [RIVAL]]))
    span = draw(st.sampled_from([1, 5, 40, 240]))
    sentiment = draw(st.sampled_from(["mixed", "all positive", "none known"]))
    rng = np.random.default_rng(draw(SEEDS))
    labels = {"mixed": ["positive", "neutral", "negative"], "all positive": ["positive"], "none known": [None]}[sentiment]
    df = pd.DataFrame({"timestamp": [_day(0, span, rng) for _ in range(n)], "brand": rng.choice(brands, n),
                       "sentiment": rng.choice(np.array(labels, dtype=object), n),
                       "reach": rng.integers(0, 1000, n), "mention_id": [f"m{i}" for i in range(n)]})
    return _table(df, "mentions")


@st.composite
def interactions_tables(draw) -> pd.DataFrame:
    n = 2 * _size(draw)
    users = draw(st.integers(1, 12))
    span = draw(st.sampled_from([1, 20, 90]))
    rng = np.random.default_rng(draw(SEEDS))
    df = pd.DataFrame({"timestamp": [_day(0, span, rng) for _ in range(n)], "platform": "facebook",
                       "user_id": [f"u{i}" for i in rng.integers(1, users + 1, n)],
                       "kind": rng.choice(["reaction", "comment"], n)})
    return _table(df, "interactions")


@st.composite
def orders_tables(draw) -> pd.DataFrame:
    n = 2 * _size(draw)
    customers = draw(st.integers(1, 12))
    amounts = draw(st.sampled_from(["varied", "zero", "equal"]))
    rng = np.random.default_rng(draw(SEEDS))
    c = rng.integers(1, customers + 1, n)
    df = pd.DataFrame({"order_id": [f"o{i}" for i in range(n)], "customer_id": [f"c{i}" for i in c],
                       "ordered_at": [_day(0, 90, rng) for _ in range(n)],
                       "amount": {"varied": rng.gamma(2.0, 20.0, n).round(2), "zero": np.zeros(n),
                                  "equal": np.full(n, 25.0)}[amounts],
                       "user_id": [f"u{i}" if rng.random() < 0.6 else None for i in c]})
    return _table(df, "orders")


@st.composite
def money_tables(draw) -> tuple[pd.DataFrame, pd.DataFrame]:
    days = 3 * _size(draw)
    channels = draw(st.sampled_from([["meta_ads"], ["meta_ads", "influencers"]]))
    zero = draw(st.sampled_from(["spend", "no spend", "one channel silent"]))
    rng = np.random.default_rng(draw(SEEDS))
    dates = [(START + pd.Timedelta(days=d)).date().isoformat() for d in range(days)]
    spend = pd.DataFrame([{"date": d, "channel": c,
                           "amount": 0.0 if zero == "no spend" or (zero == "one channel silent" and c == channels[-1])
                           else float(rng.gamma(2.0, 50.0))} for d in dates for c in channels])
    outcomes = pd.DataFrame({"date": dates, "revenue": rng.gamma(5.0, 200.0, days).round(2)})
    return _table(spend, "spend"), _table(outcomes, "outcomes")


@st.composite
def market_tables(draw) -> pd.DataFrame:
    periods = draw(st.integers(1, 8))
    brands = draw(st.sampled_from([[OWN, RIVAL], [OWN]]))
    rng = np.random.default_rng(draw(SEEDS))
    rows = [{"period": (pd.Timestamp("2025-03-01") + pd.DateOffset(months=k)).date().isoformat(), "brand": b,
             "sales": float(rng.choice([0.0, 5.0, 120.0, 300.0]))} for k in range(periods) for b in brands]
    return _table(pd.DataFrame(rows), "market")


@st.composite
def datasets(draw) -> Dataset:
    tables: dict[str, pd.DataFrame] = {}
    if draw(st.integers(0, 4)):
        tables["posts"] = draw(posts_tables())
    if draw(st.booleans()):
        tables["audience"] = draw(audience_tables())
    if draw(st.booleans()):
        tables["mentions"] = draw(mentions_tables())
    if draw(st.booleans()):
        tables["interactions"] = draw(interactions_tables())
    if draw(st.booleans()):
        tables["orders"] = draw(orders_tables())
    if draw(st.booleans()):
        tables["spend"], tables["outcomes"] = draw(money_tables())
    if draw(st.booleans()):
        tables["market"] = draw(market_tables())
    return Dataset(meta=dict(META), tables=tables)


def run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn``: a result, or ``None`` for a DataError (a plain reason). Anything else propagates."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = fn(*args, **kwargs)
        except DataError as exc:
            assert str(exc).strip(), f"{fn.__name__}: a DataError without a reason"
            return None
    if isinstance(out, pd.DataFrame):
        # numbers shown to users are finite or NaN, never ±inf
        num = out.select_dtypes("number")
        assert not np.isinf(num.to_numpy(dtype=float, na_value=np.nan)).any(), (fn.__name__, out)
    return out


# ---------------------------------------------------------------------------------------------
# indicators
# ---------------------------------------------------------------------------------------------
@SETTINGS
@given(posts=posts_tables(), audience=st.one_of(st.none(), audience_tables()))
def test_post_indicators_compute_or_say_why(posts, audience):
    for basis in ("auto", "reach", "impressions", "views"):
        for by in (None, "platform", "post_type"):
            for freq in (None, "D"):
                out = run(ind.engagement_rate, posts, basis=basis, by=by, freq=freq)
                if out is not None and basis == "auto":
                    assert out["basis"].notna().all() or out.empty
                    assert out.attrs["n_zero_exposure"] >= 0
        run(ind.engagement_rate, posts, basis="auto", agg="mean", per_post=True)
        run(ind.distribution, posts, basis=basis, by="platform")
        run(ind.best_posting_times, posts, basis=basis)
        for by in ("post_type", "platform"):
            run(ind.compare_rates, posts, by=by, basis=basis, adjust_for="platform")
    run(ind.engagement_rate, posts, basis="followers", audience=audience)
    run(ind.engagements, posts)
    for fn in (ind.conversation_rate, ind.applause_rate, ind.amplification_rate, ind.virality_rate,
               ind.click_through_rate, ind.frequency, ind.cost_per_engagement, ind.cpm, ind.cpc):
        run(fn, posts, by="platform", freq="D")
        run(fn, posts)
    run(ind.amplification_rate, posts, per="followers", audience=audience)
    run(ind.economic_value, posts, values={"comments": 2.0, "shares": 5.0}, by="platform")
    for native in ind.NATIVE_REGISTRY:
        run(ind.native_rate, posts, indicator=native, by="platform", freq="D")
    table = run(ind.native_rates, posts)
    assert table is not None  # never refuses: what it cannot compute is listed in attrs["skipped"]
    assert {s["platform"] for s in table.attrs["skipped"]} | set(table["platform"]) == set(posts["platform"])


@SETTINGS
@given(ds=datasets())
def test_account_indicators_and_the_board(ds):
    for by, freq in (("platform", "MS"), (None, None), ("post_type", "D"), ("platform", None)):
        board = run(ind.kpi_table, ds, by=by, freq=freq)
        if board is not None and ds.posts is not None and "engagement_rate" in board.columns:
            # every rate names its basis ("mixed" where platforms share none and no rate is given)
            assert board.loc[board["engagement_rate"].notna(), "engagement_rate_basis"].isin(
                ["reach", "impressions", "views", "meta_views"]).all()
        if board is not None and ds.posts is None:
            assert (board["posts"] == 0).all()  # a board without posts says so
    if ds.audience is not None:
        for fn in (ind.follower_growth_rate, ind.churn_rate):
            run(fn, ds.audience)
            run(fn, ds.audience, by=None, freq=None)
        run(ind.follower_growth_rate, ds.audience, variant="net_new")
    if ds.mentions is not None:
        for basis in ("mentions", "reach"):
            run(ind.share_of_voice, ds.mentions, basis=basis, freq="D")
        for variant in ("neutral_included", "exclude_neutral", "ratio"):
            run(ind.net_sentiment, ds.mentions, variant=variant, freq="D")
    if ds.spend is not None and ds.audience is not None:
        run(ind.cost_per_follower, ds.spend, audience=ds.audience)
    if ds.spend is not None:
        revenue, spend = ds.outcomes["revenue"], ds.spend.groupby("date")["amount"].sum()
        for value, cost in ((revenue.sum(), spend.sum()), (0.0, 0.0), (revenue.iloc[:1], spend.iloc[:1])):
            r = ind.roi(value, cost)  # a zero cost gives NaN, never inf nor an error
            assert not np.isinf(np.asarray(r, dtype=float)).any()
            assert not np.isinf(np.asarray(ind.roas(value, cost), dtype=float)).any()


# ---------------------------------------------------------------------------------------------
# awareness, loyalty, market share, ROI
# ---------------------------------------------------------------------------------------------
@SETTINGS
@given(ds=datasets())
def test_awareness_analyses(ds):
    for metric in ("mentions", "followers", "impressions", "reach"):
        run(awareness.trend_table, ds, metric=metric, freq="D")
        run(awareness.trend_table, ds, metric=metric, freq="MS")
    m = ds.mentions
    if m is not None:
        run(awareness.detect_bad_buzz, m, brand=OWN)
        run(awareness.negative_mentions_baseline, m, brand=OWN)
        for alert in ({"start": START, "end": START + pd.Timedelta(days=1)},
                      {"start": START + pd.Timedelta(days=3), "end": START + pd.Timedelta(days=3)}):
            run(awareness.positive_share_before_after, m, alert, brand=OWN, window=2)
        daily = m.assign(day=m["timestamp"].dt.tz_convert(TZ).dt.tz_localize(None).dt.normalize()).groupby("day").size()
        daily = daily.asfreq("D", fill_value=0).astype(float)
        run(awareness.decompose, daily)
        if len(daily):
            mid = daily.index[len(daily) // 2]
            for method in ("its", "sts"):
                run(awareness.campaign_lift, daily, start=mid, end=daily.index[-1], method=method)
    if ds.audience is not None:
        s = ds.audience.groupby("date")["new_followers"].sum().astype(float)
        s.index = pd.DatetimeIndex(s.index)
        run(awareness.decompose, s)
        if len(s):
            run(awareness.campaign_lift, s, start=s.index[-1], end=s.index[-1])


@settings(SETTINGS, max_examples=12)  # BG/NBD on a degenerate summary takes seconds (its optimiser polishes)
@given(ds=datasets())
def test_loyalty_analyses(ds):
    if ds.audience is not None:
        run(loyalty.audience_loyalty, ds.audience)
        run(loyalty.audience_loyalty, ds.audience, by=None, freq="D")
        run(loyalty.churn_summary, ds.audience)
    it = ds.interactions
    if it is not None:
        run(loyalty.engager_summary, it)
        table = run(loyalty.cohort_retention, it)
        if table is not None:
            run(loyalty.retention_matrix, table)
            run(loyalty.pooled_retention, table)
            run(loyalty.plot_retention, table)
        seg = run(loyalty.rfm, it)
        if seg is not None:
            run(loyalty.segment_shares, seg)
        summary = run(loyalty.summarise_events, it, id_col="user_id", time_col="timestamp", freq="D")
        if summary is not None:
            fit = run(loyalty.fit_bgnbd, summary)
            if fit is not None:
                run(fit.predict, summary, t=30)
                alive = fit.p_alive(summary["frequency"], summary["recency"], summary["T"])
                assert np.all((alive >= 0) & (alive <= 1))
                fit.expected_purchases(30, frequency=summary["frequency"], recency=summary["recency"], T=summary["T"])
    o = ds.orders
    if o is not None:
        summary = run(loyalty.summarise_events, o, id_col="customer_id", time_col="ordered_at",
                      value_col="amount", freq="D")
        if summary is not None:
            run(loyalty.fit_bgnbd, summary)
            run(loyalty.fit_gamma_gamma, summary)
        run(loyalty.rfm, o, id_col="customer_id", time_col="ordered_at", value_col="amount")
        if it is not None:
            run(loyalty.engaged_vs_non_engaged, o, it)


@SETTINGS
@given(ds=datasets())
def test_market_share_and_roi_analyses(ds):
    if ds.market is not None:
        run(market_share.share_of_market, ds.market)
        run(market_share.share_of_market, ds.market, freq="QS")
    if ds.mentions is not None:
        run(market_share.share_of_voice, ds.mentions, freq="D")
        if ds.market is not None:
            for basis in ("mentions", "reach"):
                table = run(market_share.esov, ds.mentions, ds.market, brand=OWN, basis=basis)
                if table is not None:
                    run(market_share.own_esov, table, brand=OWN)
                    run(market_share.esov_regression, table)
                    run(market_share.plot_sov_som, table)
    if ds.posts is not None:
        run(market_share.competitor_benchmark, ds.posts, audience=ds.audience, brand=OWN)
    if ds.spend is not None:
        mmm = run(roi.fit_mmm, ds.outcomes, ds.spend, n_boot=5, refine=False)
        if mmm is not None:
            for channel in mmm.roi["channel"]:
                run(mmm.response_curve, channel)
            run(mmm.reallocate)
            run(mmm.plot)
        daily = ds.spend.groupby("date")["amount"].sum().to_numpy()
        assert np.isfinite(roi.adstock(daily, decay=0.5)).all()
    run(roi.campaign_roi, 0.0, media_cost=10.0)
    run(roi.campaign_roi, 100.0, media_cost=0.0, staff_cost=5.0, value_low=50.0, value_high=150.0)
    with pytest.raises(ParameterError, match="total cost must be > 0"):  # its inputs are arguments, not data
        roi.campaign_roi(100.0, media_cost=0.0)


# ---------------------------------------------------------------------------------------------
# the cases of issue 19, written out
# ---------------------------------------------------------------------------------------------
def _posts(**cols: Any) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    base = {"post_id": [f"p{i}" for i in range(n)],
            "published_at": [(START + pd.Timedelta(hours=i)).isoformat() for i in range(n)]}
    return _table(pd.DataFrame({**base, **cols}), "posts")


def test_small_facebook_page_with_zero_reach_and_no_engagement():
    """20 posts, reach 0 to 3, no engagement (the page that crashed the engagement notebook)."""
    rng = np.random.default_rng(19)
    posts = _posts(platform=["facebook"] * 20, post_type=rng.choice(["photo", "link"], 20).tolist(),
                   reach=rng.integers(0, 4, 20).tolist(), reactions=[0] * 20, comments=[0] * 20, shares=[0] * 20)
    n_zero = int((posts["reach"] == 0).sum())
    assert n_zero > 0
    er = ind.engagement_rate(posts, basis="auto")
    assert er["engagement_rate"].iloc[0] == 0.0 and er["basis"].iloc[0] == "reach"
    assert er.attrs["n_zero_exposure"] == n_zero and er["n_posts"].iloc[0] == 20 - n_zero
    with pytest.raises(DataError, match="fewer than two levels have any engagement"):
        ind.compare_rates(posts, by="post_type", basis="auto")
    grid = ind.best_posting_times(posts, basis="auto")
    assert len(grid) == 168 and grid["engagement_rate"].dropna().eq(0).all()


def test_a_level_without_engagement_is_listed_not_fitted():
    posts = _posts(platform=["facebook"] * 9, post_type=["photo"] * 3 + ["video"] * 3 + ["link"] * 3,
                   reach=[100, 120, 90, 200, 210, 190, 50, 60, 70], reactions=[5, 7, 4, 20, 18, 25, 0, 0, 0],
                   comments=[1, 0, 1, 2, 3, 1, 0, 0, 0], shares=[0, 1, 0, 2, 1, 3, 0, 0, 0])
    cr = ind.compare_rates(posts, by="post_type").set_index("level")
    assert cr.loc["link", "rate_ratio"] == 0 and np.isnan(cr.loc["link", "ci_low"])
    assert cr.attrs["levels_without_engagement"] == ["link"]
    assert cr.attrs["reference"] in ("photo", "video") and np.isfinite(cr.loc["video" if cr.attrs["reference"] == "photo" else "photo", "ci_high"])
    with pytest.raises(DataError, match="reference level 'link' has no engagement"):
        ind.compare_rates(posts, by="post_type", reference="link")
