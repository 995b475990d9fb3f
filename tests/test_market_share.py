"""Tests for socialroi.market_share: SoM, SoV, ESOV (hand-computed), ESOV regression (simulation),
competitor benchmark (hand-computed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from socialroi import indicators
from socialroi.errors import DataError, ParameterError
from socialroi.market_share import (
    BINET_FIELD_NOTE,
    competitor_benchmark,
    esov,
    esov_regression,
    own_esov,
    plot_sov_som,
    share_of_market,
    share_of_voice,
)


def _mentions(rows, tz="Europe/Paris"):
    """rows = [(local time string, brand, sentiment)]"""
    df = pd.DataFrame(rows, columns=["timestamp", "brand", "sentiment"])
    df["timestamp"] = pd.to_datetime(df["timestamp"]).dt.tz_localize(tz)
    df["brand"] = df["brand"].astype("str")
    return df


# --------------------------------------------------------------------------------------------
# share of market
# --------------------------------------------------------------------------------------------


def test_share_of_market_from_sales_by_hand():
    m = pd.DataFrame({
        "period": ["2025-01-01", "2025-01-01", "2025-02-01", "2025-02-01", "2025-03-01", "2025-03-01"],
        "brand": ["A", "B", "A", "B", "A", "B"],
        "sales": [30.0, 70.0, 20.0, 60.0, 50.0, 50.0],
    })
    before = m.copy()
    out = share_of_market(m)
    # Jan: 30/100, 70/100; Feb: 20/80 = .25, 60/80 = .75; Mar: .5, .5
    np.testing.assert_allclose(out["share_of_market"], [0.3, 0.7, 0.25, 0.75, 0.5, 0.5])
    assert out["market_size"].tolist() == [100, 100, 80, 80, 100, 100]
    # shares sum to 1 in each period
    np.testing.assert_allclose(out.groupby("period")["share_of_market"].sum(), 1.0)
    # regrouped to the quarter: A = 100 of 280
    q = share_of_market(m, freq="QS")
    assert q["share_of_market"].tolist() == pytest.approx([100 / 280, 180 / 280])
    # input untouched
    pd.testing.assert_frame_equal(m, before)


def test_share_of_market_missing_sales_is_not_zero():
    m = pd.DataFrame({"period": ["2025-01-01"] * 3 + ["2025-02-01"] * 2, "brand": ["A", "B", "C", "A", "B"],
                      "sales": [10.0, np.nan, 30.0, 10.0, 30.0]})
    out = share_of_market(m)
    jan = out[out["period"] == "2025-01-01"]
    assert jan["share_of_market"].isna().all()  # the total of January is unknown
    assert out.loc[out["period"] == "2025-02-01", "share_of_market"].tolist() == [0.25, 0.75]


def test_share_of_market_from_shares_and_errors():
    m = pd.DataFrame({"period": ["2025-01-01"] * 2, "brand": ["A", "B"], "market_share": [0.2, 0.3]})
    out = share_of_market(m)
    assert out["share_of_market"].tolist() == [0.2, 0.3]  # as given (of the whole market)
    bad = m.assign(market_share=[0.7, 0.6])
    with pytest.raises(DataError, match="sum to more than 1"):
        share_of_market(bad)
    two = pd.concat([m, m.assign(period="2025-02-01")])
    with pytest.raises(ParameterError, match="cannot be regrouped"):
        share_of_market(two, freq="QS")
    with pytest.raises(DataError, match="'sales' or a 'market_share'"):
        share_of_market(m.drop(columns="market_share"))


# --------------------------------------------------------------------------------------------
# share of voice and ESOV
# --------------------------------------------------------------------------------------------


def test_share_of_voice_is_the_indicator():
    m = _mentions([("2025-01-05 10:00", "A", "positive"), ("2025-01-06 10:00", "B", "neutral"),
                   ("2025-01-07 10:00", "A", "negative")])
    pd.testing.assert_frame_equal(share_of_voice(m), indicators.share_of_voice(m))


def test_esov_by_hand():
    # January: A 3 mentions, B 1 -> SoV .75 / .25; February: A 1, B 3 -> .25 / .75.
    # The mention at 2025-01-31 23:30 UTC is 2025-02-01 00:30 in Paris: it belongs to February.
    rows = [("2025-01-03 10:00", "A", "positive"), ("2025-01-10 10:00", "A", "neutral"),
            ("2025-01-20 10:00", "A", "neutral"), ("2025-01-21 10:00", "B", "neutral"),
            ("2025-02-01 00:30", "B", "negative"), ("2025-02-10 10:00", "B", "neutral"),
            ("2025-02-11 10:00", "A", "neutral"), ("2025-02-28 23:00", "B", "neutral"),
            ("2025-03-01 00:10", "A", "neutral")]  # after the last period (Feb): left out
    m = _mentions(rows)
    m.attrs["meta"] = {"brand": "A", "locale": "en"}
    market = pd.DataFrame({"period": ["2025-01-01", "2025-01-01", "2025-02-01", "2025-02-01"],
                           "brand": ["A", "B", "A", "B"], "sales": [40.0, 60.0, 50.0, 50.0]})
    out = esov(m, market)
    assert out["period"].dt.strftime("%Y-%m").tolist() == ["2025-01", "2025-01", "2025-02", "2025-02"]
    np.testing.assert_allclose(out["sov"], [0.75, 0.25, 0.25, 0.75])
    np.testing.assert_allclose(out["som"], [0.4, 0.6, 0.5, 0.5])
    np.testing.assert_allclose(out["esov"], [0.35, -0.35, -0.25, 0.25])
    assert out["n_mentions"].tolist() == [3, 1, 1, 3]
    assert out["is_own"].tolist() == [True, False, True, False]
    assert out.attrs["n_outside"] == 1
    # the SoV interval rests on the period's days (spec rule 5): January has 4 days with a mention,
    # A's daily shares 1, 1, 1, 0 (days as units), shifted by SoM for ESOV
    from socialroi.intervals import ratio_interval

    r = ratio_interval(np.array([1.0, 1, 1, 0]), np.array([1.0, 1, 1, 1]), bounds=(0, 1))
    assert out["sov_ci_low"].iloc[0] == pytest.approx(float(r.low[0]))
    assert out["esov_ci_high"].iloc[0] == pytest.approx(float(r.high[0]) - 0.4)
    assert out["sov_n"].iloc[0] == 4 and out["sov_ci_unit"].iloc[0] == "days"
    # the labelled option ci="wilson": Wilson on 3 of 4 mentions
    lo, hi = indicators.wilson_interval(3, 4)
    w = esov(m, market, ci="wilson")
    assert w["sov_ci_low"].iloc[0] == pytest.approx(float(lo))
    assert w["esov_ci_high"].iloc[0] == pytest.approx(float(hi) - 0.4)
    # the caveat is carried wherever ESOV is shown
    assert "advertising" in out.attrs["note"] and "proxy" in out.attrs["note"]


def test_own_esov_means_and_intervals_by_hand():
    # two periods, 0.2 [0.1, 0.3] and 0.4 [0.3, 0.5]: se = 0.1 / 1.96 each; the mean 0.3 has
    # half-width 1.96 * sqrt(2 * (0.1 / 1.96)**2) / 2 = 0.1 / sqrt(2) = 0.0707107
    t = pd.DataFrame({"brand": ["A", "A", "B"], "is_own": [True, True, False], "sov": [0.2, 0.4, 0.5],
                      "sov_ci_low": [0.1, 0.3, 0.4], "sov_ci_high": [0.3, 0.5, 0.6], "som": [0.1, 0.2, 0.6],
                      "esov": [0.1, 0.2, 0.0], "esov_ci_low": [0.0, 0.1, -0.1], "esov_ci_high": [0.2, 0.3, 0.1],
                      "sov_n": [30, 31, 30], "sov_ci_unit": ["days", "days", "days"]})
    out = own_esov(t)
    assert out["sov"] == pytest.approx(0.3) and out["som"] == pytest.approx(0.15) and out["esov"] == pytest.approx(0.15)
    assert out["sov_ci_low"] == pytest.approx(0.3 - 0.0707107) and out["sov_ci_high"] == pytest.approx(0.3 + 0.0707107)
    assert out["esov_ci_low"] == pytest.approx(0.15 - 0.0707107)
    assert out["sov_n"] == 61 and out["ci_unit"] == "days" and out["periods"] == 2
    assert own_esov(t, brand="B")["sov"] == pytest.approx(0.5)
    assert np.isnan(own_esov(t.assign(sov_ci_low=np.nan))["sov_ci_low"])


def test_esov_quarters_and_untracked_brand():
    rows = [("2025-02-10 10:00", "A", "neutral"), ("2025-03-31 20:00", "B", "neutral"),
            ("2025-05-01 10:00", "A", "neutral")]
    m = _mentions(rows)
    market = pd.DataFrame({"period": ["2025-01-01"] * 3 + ["2025-04-01"] * 3,
                           "brand": ["A", "B", "C"] * 2, "market_share": [0.2, 0.3, 0.1, 0.25, 0.3, 0.1]})
    out = esov(m, market, brand="A", locale="fr")
    q1 = out[out["period"] == "2025-01-01"].set_index("brand")
    # Q1: A 1, B 1 -> .5 each; C is never mentioned: unknown share of voice, not 0
    assert q1.loc["A", "sov"] == 0.5 and q1.loc["B", "sov"] == 0.5 and np.isnan(q1.loc["C", "sov"])
    assert q1.loc["A", "esov"] == pytest.approx(0.3)
    q2 = out[out["period"] == "2025-04-01"].set_index("brand")
    assert q2.loc["A", "sov"] == 1.0 and q2.loc["B", "sov"] == 0.0  # seen elsewhere: 0 here
    assert "C" in out.attrs["warning"]
    assert out.attrs["note"] == BINET_FIELD_NOTE["fr"]


def test_plot_sov_som_returns_axes():
    rows = [("2025-01-03 10:00", "A", "positive"), ("2025-01-10 10:00", "B", "neutral")]
    market = pd.DataFrame({"period": ["2025-01-01", "2025-01-01", "2025-02-01", "2025-02-01"],
                           "brand": ["A", "B", "A", "B"], "sales": [40.0, 60.0, 50.0, 50.0]})
    ax = plot_sov_som(esov(_mentions(rows), market, brand="A"))
    assert ax.get_xlabel() == "Share of market"
    assert len(ax.texts) >= 3  # two brand labels and the caveat


# --------------------------------------------------------------------------------------------
# ESOV regression
# --------------------------------------------------------------------------------------------


def _panel(rng, beta, *, brands=20, periods=24):
    """som_t = som_{t-1} + beta * esov_{t-1} + noise (shares as fractions); esov drawn freely."""
    starts = pd.date_range("2023-01-01", periods=periods, freq="MS")
    esov_v = rng.normal(0, 0.05, size=(periods, brands))
    som = np.empty((periods, brands))
    som[0] = rng.uniform(0.1, 0.3, brands)
    for t in range(1, periods):
        som[t] = som[t - 1] + beta * esov_v[t - 1] + rng.normal(0, 0.002, brands)
    return pd.DataFrame({
        "period": np.repeat(starts, brands),
        "brand": np.tile([f"b{j}" for j in range(brands)], periods),
        "som": som.ravel(),
        "esov": esov_v.ravel(),
    })


def test_esov_regression_recovers_planted_slope(rng):
    reps, beta = 200, 0.02
    covered = 0
    slopes = []
    for _ in range(reps):
        r = esov_regression(_panel(rng, beta))
        covered += r.ci_low <= beta <= r.ci_high
        slopes.append(r.slope)
    # unbiased on average and the 95 % interval covers the truth (binomial tolerance)
    assert np.mean(slopes) == pytest.approx(beta, rel=0.05)
    assert covered / reps >= 0.90
    assert r.cov_type == "cluster" and r.n_brands == 20 and r.n_obs == 20 * 23
    # per year: 12 monthly periods
    assert r.slope_per_year == pytest.approx(12 * r.slope)


def test_esov_regression_no_effect_false_positive_rate(rng):
    reps = 200
    rejected = sum(esov_regression(_panel(rng, 0.0)).p_value < 0.05 for _ in range(reps))
    assert rejected / reps <= 0.10


def test_esov_regression_by_hand_and_caveat():
    # Two brands, three months; Δsom (points) = 2 × lagged ESOV (points) exactly:
    # A: esov 0.01, 0.02 -> som 0.30, 0.32, 0.36; B: esov -0.01, -0.02 -> som 0.70, 0.68, 0.64.
    t = pd.DataFrame({"period": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"] * 2),
                      "brand": ["A"] * 3 + ["B"] * 3,
                      "som": [0.30, 0.32, 0.36, 0.70, 0.68, 0.64],
                      "esov": [0.01, 0.02, 0.0, -0.01, -0.02, 0.0]})
    r = esov_regression(pd.concat([t, t.assign(brand=t["brand"] + "2")]))
    assert r.slope == pytest.approx(2.0)
    assert r.intercept == pytest.approx(0.0, abs=1e-10)
    text = r.summary(locale="en")
    assert "Binet & Field" in text and "advertising" in text and "proxy" in text
    assert "Binet & Field" in r.summary(locale="fr") and "publicitaire" in r.summary(locale="fr")
    with pytest.raises(ParameterError):
        esov_regression(t, lag=0)


# --------------------------------------------------------------------------------------------
# competitor benchmark
# --------------------------------------------------------------------------------------------


def test_competitor_benchmark_by_hand():
    posts = pd.DataFrame({
        "post_id": [str(i) for i in range(5)],
        "platform": ["instagram"] * 5,
        "published_at": pd.date_range("2025-01-01 12:00", periods=5, freq="D", tz="Europe/Paris"),
        "brand": ["", "", "Rival", "Rival", "Rival"],
        "reactions": [8, 15, 20, 40, 30], "comments": [1, 3, 5, 5, 5],
        "shares": [1, 2, 5, 5, 5], "saves": [0, 0, 0, 0, 0],
        "followers": [1000.0, 1000.0, 4000.0, 4000.0, 4000.0],
    })
    posts.attrs["meta"] = {"brand": "Us"}
    out = competitor_benchmark(posts).set_index("brand")
    # engagements: Us 10, 20 -> 15 per post; Rival 30, 50, 40 -> 40 per post
    assert out.loc["Us", "engagement_per_post"] == 15 and out.loc["Rival", "engagement_per_post"] == 40
    assert bool(out.loc["Us", "is_own"]) and out.index[0] == "Us"
    assert out.loc["Rival", "ratio_vs_own"] == pytest.approx(40 / 15)
    # per follower, ratio of sums: 30 / 2000 and 120 / 12000
    assert out.loc["Us", "engagement_per_follower"] == pytest.approx(0.015)
    assert out.loc["Rival", "engagement_per_follower"] == pytest.approx(0.01)
    # t interval of the Rival mean: 40 ± t(0.975, 2) × 10 / √3
    half = stats.t.ppf(0.975, 2) * 10 / np.sqrt(3)
    assert out.loc["Rival", "epp_ci_low"] == pytest.approx(40 - half)
    assert out.loc["Rival", "epp_ci_high"] == pytest.approx(40 + half)
    # ratio estimator for Rival: residuals e - R f = 30-40, 50-40, 40-40 -> Σ = 200;
    # Var = 200 / (3 × 2 × 4000²)
    se = np.sqrt(200 / (3 * 2 * 4000**2))
    assert out.loc["Rival", "epf_ci_high"] == pytest.approx(0.01 + stats.t.ppf(0.975, 2) * se)
    with pytest.raises(DataError, match="'brand' column"):
        competitor_benchmark(posts.drop(columns="brand"))
