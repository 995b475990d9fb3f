"""The interval module: each formula against a hand computation or an independent route.

Coverage under realistic overdispersion is tested in tests/test_coverage.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from socialroi import intervals as iv


def test_equal_exposure_symmetric_data_is_student_t_on_n_minus_1():
    # y = 1..5, x = 1: mean 3, s = 1.5811, se = 0.7071; skewness 0 (no Hall shift) and negative
    # excess kurtosis (df stays n − 1 = 4): 3 ± 2.7764 × 0.7071 = [1.0368, 4.9632]
    r = iv.ratio_interval(np.arange(1.0, 6.0))
    assert r.estimate[0] == pytest.approx(3.0)
    assert r.df[0] == pytest.approx(4.0)
    assert r.se[0] == pytest.approx(np.sqrt(2.5 / 5))
    assert r.low[0] == pytest.approx(3 - stats.t.ppf(0.975, 4) * np.sqrt(0.5), rel=1e-12)
    assert r.high[0] == pytest.approx(3 + stats.t.ppf(0.975, 4) * np.sqrt(0.5), rel=1e-12)
    # a ratio whose x are all equal is the same interval scaled by 1/x
    r2 = iv.ratio_interval(np.arange(1.0, 6.0), np.full(5, 10.0))
    np.testing.assert_allclose([r2.low[0], r2.high[0]], [r.low[0] / 10, r.high[0] / 10], rtol=1e-10)


def test_hc2_variance_of_a_ratio_by_hand():
    # y = (2, 4, 3, 5), x = (100, 110, 90, 120): R = 14/420; e = y − R x; h = x/420;
    # Var(R) = Σ e²/(1 − h) / X²  (HC2 linearisation)
    y, x = np.array([2.0, 4, 3, 5]), np.array([100.0, 110, 90, 120])
    R = 14 / 420
    e = y - R * x
    var = np.sum(e**2 / (1 - x / 420)) / 420**2
    r = iv.ratio_interval(y, x)
    assert r.estimate[0] == pytest.approx(R)
    assert r.se[0] == pytest.approx(np.sqrt(var), rel=1e-12)
    assert r.low[0] < R < r.high[0]


def test_bell_mccaffrey_df_equals_the_matrix_formula(rng):
    # df = tr(AP)² / tr(APAP), P = M V M', M = I − x 1'/X: the sums of _bm_df against n×n matrices
    n = 9
    x = rng.lognormal(3, 1, n)
    v = 0.3 * x + 0.01 * x**2
    X = x.sum()
    a = 1 / (1 - x / X)
    M = np.eye(n) - np.outer(x, np.ones(n)) / X
    P = M @ np.diag(v) @ M.T
    A = np.diag(a)
    want = np.trace(A @ P) ** 2 / np.trace(A @ P @ A @ P)
    got = iv._bm_df(x, v, a, np.zeros(n, dtype=np.int64), 1, np.array([X]))
    assert got[0] == pytest.approx(want, rel=1e-10)
    # equal exposures and variances: n − 1 (Student)
    got_eq = iv._bm_df(np.ones(n), np.ones(n), np.full(n, n / (n - 1)), np.zeros(n, dtype=np.int64), 1,
                       np.array([float(n)]))
    assert got_eq[0] == pytest.approx(n - 1)


def test_hall_transformation_inverse():
    # g(T) = ((1 + γT/3)³ − 1)/γ + γ/(6n) and its inverse
    gamma, n = np.array([1.3]), np.array([25.0])
    u = np.array([0.4])
    t = iv._hall_inverse(u, gamma, n)
    g = ((1 + gamma * t / 3) ** 3 - 1) / gamma + gamma / (6 * n)
    assert g[0] == pytest.approx(u[0], rel=1e-12)
    # right skew: the interval is longer above the estimate
    y = np.array([1.0, 1, 2, 2, 3, 3, 4, 30])
    r = iv.ratio_interval(y)
    assert r.high[0] - r.estimate[0] > r.estimate[0] - r.low[0]


def test_groups_computed_together_equal_groups_computed_apart(rng):
    y = rng.poisson(20, 60).astype(float)
    x = rng.integers(200, 900, 60).astype(float)
    g = np.repeat([0, 1, 2], 20)
    together = iv.ratio_interval(y, x, g, 3)
    for k in range(3):
        alone = iv.ratio_interval(y[g == k], x[g == k])
        np.testing.assert_allclose([together.low[k], together.high[k], together.df[k]],
                                   [alone.low[0], alone.high[0], alone.df[0]], rtol=1e-12)


def test_degenerate_groups_are_nan_not_errors():
    # one unit; no exposure; every unit with the same ratio (no variation to learn from)
    y = np.array([5.0, 0, 0, 2, 4])
    x = np.array([100.0, 0, 0, 100, 200])
    g = np.array([0, 1, 1, 2, 2])
    r = iv.ratio_interval(y, x, g, 4)
    assert np.isnan(r.low[0]) and r.n[0] == 1                     # below 2 units
    assert np.isnan(r.estimate[1]) and np.isnan(r.low[1])          # Σx = 0
    assert r.estimate[2] == pytest.approx(0.02) and np.isnan(r.low[2])  # identical ratios
    assert r.n[3] == 0 and np.isnan(r.estimate[3])                 # empty group


def test_day_interval_detects_autocorrelation_and_switches_to_weeks(rng):
    days = np.arange(20000, 20000 + 120)
    # independent days: no switch
    x = rng.poisson(100, 120).astype(float)
    y = rng.binomial(x.astype(int), 0.3).astype(float)
    r = iv.day_ratio_interval(y, x, np.zeros(120, dtype=np.int64), 1, days)
    assert not r.info["autocorrelated"] and r.unit[0] == "days" and r.n[0] == 120
    # a share that drifts slowly (AR(1), 0.9): weeks, and the test says so
    z = np.zeros(120)
    for t in range(1, 120):
        z[t] = 0.9 * z[t - 1] + rng.normal(0, 0.3)
    y2 = rng.binomial(x.astype(int), 1 / (1 + np.exp(-(-0.85 + z)))).astype(float)
    r2 = iv.day_ratio_interval(y2, x, np.zeros(120, dtype=np.int64), 1, days)
    assert r2.info["autocorrelated"] and r2.info["rho"] > 0.5 and r2.info["p_value"] < 0.01
    assert r2.unit[0] == "weeks" and r2.n[0] in (18, 19)  # 120 days = 17 weeks and 1 day, Monday-based
    assert r2.high[0] - r2.low[0] > r.high[0] - r.low[0]


def test_days_without_any_count_are_not_units():
    y = np.array([1.0, 0, 2, 0, 3])
    x = np.array([4.0, 0, 5, 0, 6])
    r = iv.day_ratio_interval(y, x, np.zeros(5, dtype=np.int64), 1, np.arange(5))
    assert r.n[0] == 3 and r.estimate[0] == pytest.approx(6 / 15)


def test_wilson_and_newcombe_against_published_values():
    lo, hi = iv.wilson(np.array([7, 0, 10]), np.array([40, 10, 10]))
    slo, shi = proportion_confint(np.array([7, 0, 10]), np.array([40, 10, 10]), method="wilson")
    np.testing.assert_allclose(lo, slo, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(hi, shi, rtol=1e-10, atol=1e-14)
    # Newcombe (1998) Table II, example (a): 56/70 − 48/80 = 0.2000, method 10: 0.0524 to 0.3339
    l1, h1 = iv.wilson(48, 80)
    l2, h2 = iv.wilson(56, 70)
    d_lo, d_hi = iv.newcombe_difference(48 / 80, l1, h1, 56 / 70, l2, h2)
    assert float(d_lo) == pytest.approx(0.0524, abs=1e-4) and float(d_hi) == pytest.approx(0.3339, abs=1e-4)


def test_difference_and_mean_of_estimates_by_hand():
    # Welch: se = √(0.01² + 0.02²) = 0.02236; ν = se⁴/(0.01⁴/9 + 0.02⁴/19) = 24.53
    d, lo, hi, p = iv.difference_interval(0.30, 0.01, 9, 0.35, 0.02, 19)
    se = np.sqrt(0.01**2 + 0.02**2)
    nu = se**4 / (0.01**4 / 9 + 0.02**4 / 19)
    assert float(d) == pytest.approx(0.05)
    assert float(hi) == pytest.approx(0.05 + stats.t.ppf(0.975, nu) * se, rel=1e-12)
    assert float(p) == pytest.approx(2 * stats.t.sf(0.05 / se, nu), rel=1e-12)
    # mean of (0.2 [0.1, 0.3], 0.4 [0.3, 0.5]): se_i = 0.1/1.96 each; half = 1.96 √2 (0.1/1.96) / 2
    m, lo, hi = iv.mean_of_estimates([0.2, 0.4], [0.1, 0.3], [0.3, 0.5])
    assert m == pytest.approx(0.3) and hi - m == pytest.approx(0.1 * np.sqrt(2) / 2)
    assert np.isnan(iv.mean_of_estimates([0.2], [np.nan], [0.3])[1])


def test_every_table_names_its_interval_method_and_unit():
    # spec rule 5: the method is named in the table's attrs, with the unit it rests on and the
    # count per row
    import socialroi as sr

    ds = sr.load_sample("maison-lumiere")
    ind = sr.indicators
    tables = {
        "engagement_rate": (ind.engagement_rate(ds.posts, by="platform"), "posts", "n_posts"),
        "conversation_rate": (ind.conversation_rate(ds.posts, by="platform"), "posts", "n_posts"),
        "virality_rate": (ind.virality_rate(ds.posts), "posts", "n_posts"),
        "cost_per_engagement": (ind.cost_per_engagement(ds.posts), "posts", "n_posts"),
        "best_posting_times": (ind.best_posting_times(ds.posts), "posts", "n_posts"),
        "compare_rates": (ind.compare_rates(ds.posts), "posts", "n_posts"),
        "share_of_voice": (ind.share_of_voice(ds.mentions, freq="MS"), None, "n_units"),
        "net_sentiment": (ind.net_sentiment(ds.mentions, freq="MS"), None, "n_units"),
        "churn_rate": (ind.churn_rate(ds.audience), None, "n_units"),
        "follower_growth_rate": (ind.follower_growth_rate(ds.audience), None, "n_units"),
        "cost_per_follower": (ind.cost_per_follower(ds.spend, audience=ds.audience), None, "n_units"),
        "esov": (sr.market_share.esov(ds.mentions, ds.market), None, "sov_n"),
        "cohort_retention": (sr.loyalty.cohort_retention(ds.interactions), "users", "cohort_size"),
        "engager_summary": (sr.loyalty.engager_summary(ds.interactions), "users", "unique_engagers"),
        "competitor_benchmark": (sr.market_share.competitor_benchmark(ds.posts.assign(brand=""), audience=ds.audience),
                                 "posts", "posts"),
    }
    alert = sr.awareness.detect_bad_buzz(ds.mentions).iloc[0]
    tables["positive_share_before_after"] = (sr.awareness.positive_share_before_after(ds.mentions, alert), "days",
                                             "n_days")
    for name, (t, unit, count) in tables.items():
        assert t.attrs.get("ci_method"), name
        assert t.attrs.get("ci_unit") in ({unit} if unit else {"days", "weeks", "days or weeks"}), (name, t.attrs.get("ci_unit"))
        assert count in t.columns, name
    board = ind.kpi_table(ds)
    assert set(board.attrs["ci_units"]) >= {"engagement_rate", "churn_rate", "share_of_voice"}
    assert all(f"{c}_n" in board.columns for c in board.attrs["ci_units"])
