"""Coverage of every default interval, by simulation with realistic overdispersion (spec rule 5).

Posts differ from one another (Beta-distributed engagement probabilities around a known mean,
coefficient of variation 1; lognormal reach) and days differ from one another (lognormal day
effects with AR(1) autocorrelation 0.3). For each default interval the share of replications
whose 95 % interval holds the planted truth must lie in [92 %, 98 %] from 40 posts or 30 days up,
and reach 90 % at 20 posts with heavy-tailed reach (lognormal σ = 1). Comparisons keep their
false-positive rate in [3 %, 7 %] under the null. Binomial data without overdispersion must not
get needlessly wide intervals (median width within 25 % of Wilson's).

Monte-Carlo precision: with R replications the standard error of a coverage near 95 % is
√(0.95 × 0.05 / R): 0.49 point at R = 2000, 0.69 at 1000 — the ±3-point band is 4–6 standard
errors wide, so a pass means something, and an interval that went back to counting reach units
as trials (Wilson) fails by 70–90 points (``test_wilson_fails_these_simulations`` shows it).
Everything is seeded; the longer grid (more sizes, AR 0.5, 365 days) is
``benchmarks/bench_coverage.py`` → ``benchmarks/results_coverage.md``.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import socialroi as sr
from socialroi import intervals as iv
from socialroi.intervals import simulate_days, simulate_posts

ind = sr.indicators
LO, HI = 0.92, 0.98      # ±3 points around 95 %, from 40 posts / 30 days up
LO_20 = 0.90             # 20 posts with heavy-tailed reach (lognormal σ = 1)
FPR_LO, FPR_HI = 0.03, 0.07


def _cover(table: pd.DataFrame, truth, lo: str = "ci_low", hi: str = "ci_high") -> float:
    low, high = table[lo].to_numpy(float), table[hi].to_numpy(float)
    return float(np.mean((low <= truth) & (truth <= high)))


# --------------------------------------------------------------------------------------------
# Rates over posts
# --------------------------------------------------------------------------------------------
POST_DESIGNS = {  # (posts per group, lognormal σ of reach): replications
    (20, 1.0): 2000, (40, 0.5): 2000, (40, 1.0): 2000, (200, 1.0): 1000,
}


@pytest.fixture(scope="module")
def post_sims():
    return {d: simulate_posts(reps, d[0], reach_sigma=d[1], seed=13 * d[0] + int(10 * d[1]))
            for d, reps in POST_DESIGNS.items()}


POST_RATES = [  # (function, options, truth key)
    ("engagement_rate", {}, "engagement_rate"),
    ("engagement_rate", {"basis": "impressions"}, "engagement_rate_impressions"),
    ("engagement_rate", {"agg": "mean"}, "mean_of_ratios"),
    ("conversation_rate", {}, "conversation_rate"),
    ("applause_rate", {}, "applause_rate"),
    ("amplification_rate", {}, "amplification_rate"),
    ("virality_rate", {}, "virality_rate"),
    ("click_through_rate", {}, "click_through_rate"),
    ("frequency", {}, "frequency"),
    ("cost_per_engagement", {}, "cost_per_engagement"),
]


def _check(cov: float, n_posts: int, what: str) -> None:
    low = LO_20 if n_posts < 40 else LO
    assert low <= cov <= HI, f"{what}: coverage {cov:.3f} outside [{low}, {HI}]"


@pytest.mark.parametrize("design", list(POST_DESIGNS), ids=lambda d: f"{d[0]}posts-sigma{d[1]}")
@pytest.mark.parametrize("fn,opts,key", POST_RATES, ids=[f"{f}{'-' + '-'.join(o.values()) if o else ''}"
                                                           for f, o, _ in POST_RATES])
def test_post_rate_intervals_cover(post_sims, design, fn, opts, key):
    posts, truth = post_sims[design]
    out = getattr(ind, fn)(posts, by="rep", **opts)
    assert out.attrs["ci_unit"] == "posts" and (out["n_posts"] == design[0]).all()
    _check(_cover(out, truth[key]), design[0], f"{fn} {opts} {design}")


def test_kpi_table_cells_cover(post_sims):
    posts, truth = post_sims[(40, 1.0)]
    board = ind.kpi_table(SimpleNamespace(posts=posts, meta={"locale": "en"}), by="rep", freq=None)
    assert board.attrs["ci_units"]["engagement_rate"] == "posts" and (board["engagement_rate_n"] == 40).all()
    for col, key in (("engagement_rate", "engagement_rate"), ("engagement_rate_impressions", "engagement_rate_impressions"),
                     ("conversation_rate", "conversation_rate"), ("virality_rate", "virality_rate"),
                     ("click_through_rate", "click_through_rate"), ("frequency", "frequency"),
                     ("cost_per_engagement", "cost_per_engagement")):
        _check(_cover(board, truth[key], f"{col}_ci_low", f"{col}_ci_high"), 40, f"kpi_table {col}")


def test_best_posting_times_cells_cover():
    # each of the 168 weekday × hour cells is one replication of 40 posts; 12 grids = 2016 cells
    hits = []
    for k in range(12):
        posts, truth = simulate_posts(168, 40, reach_sigma=1.0, seed=500 + k)
        cell = posts["rep"].to_numpy()
        week = np.tile(np.arange(40), 168)  # a different week for each post of a cell
        posts["published_at"] = (pd.Timestamp("2025-01-06", tz="UTC")
                                 + pd.to_timedelta(week * 7 * 24 + (cell // 24) * 24 + cell % 24, unit="h"))
        grid = ind.best_posting_times(posts)
        assert (grid["n_posts"] == 40).all()
        hits.append((grid["ci_low"] <= truth["engagement_rate"]) & (truth["engagement_rate"] <= grid["ci_high"]))
    _check(float(np.mean(np.concatenate(hits))), 40, "best_posting_times cells")


def test_wilson_fails_these_simulations(post_sims):
    # what the suite protects against: counting each reached account as a trial
    posts, truth = post_sims[(40, 1.0)]
    assert _cover(ind.engagement_rate(posts, by="rep", ci="wilson"), truth["engagement_rate"]) < 0.25
    assert _cover(ind.virality_rate(posts, by="rep", ci="wilson"), truth["virality_rate"]) < 0.5
    assert _cover(ind.conversation_rate(posts, by="rep", ci="poisson"), truth["conversation_rate"]) < LO
    assert _cover(ind.cost_per_engagement(posts, by="rep", ci="poisson"), truth["cost_per_engagement"]) < 0.5
    # and a plain delta-method interval (no small-sample corrections) falls short at 20 posts
    p20, t20 = post_sims[(20, 1.0)]
    e = p20[list(iv.SIM_COMPONENTS)].sum(axis=1).to_numpy(float)
    g = p20["rep"].to_numpy()
    x = p20["reach"].to_numpy(float)
    R = np.bincount(g, e) / np.bincount(g, x)
    resid2 = np.bincount(g, (e - R[g] * x) ** 2)
    se = np.sqrt(20 / 19 * resid2) / np.bincount(g, x)
    from scipy import stats

    t = stats.t.ppf(0.975, 19)
    assert np.mean((R - t * se <= t20["engagement_rate"]) & (t20["engagement_rate"] <= R + t * se)) < LO_20


@pytest.mark.parametrize("design", [(40, 0.5), (40, 1.0), (100, 1.0)], ids=lambda d: f"{d[0]}posts-sigma{d[1]}")
def test_binomial_control_is_not_needlessly_wide(design):
    # no overdispersion: every reached account engages independently with probability 5 %; Wilson
    # is right here, and the between-post interval must stay within 25 % of its width
    posts, truth = simulate_posts(2000, design[0], reach_sigma=design[1], cv=None, seed=77 + design[0])
    d = ind.engagement_rate(posts, by="rep")
    w = ind.engagement_rate(posts, by="rep", ci="wilson")
    ratio = float(np.median((d["ci_high"] - d["ci_low"]) / (w["ci_high"] - w["ci_low"])))
    assert 1.0 <= ratio <= 1.25, ratio
    assert LO <= _cover(d, truth["engagement_rate"]) <= HI


# --------------------------------------------------------------------------------------------
# Daily series
# --------------------------------------------------------------------------------------------
DAY_DESIGNS = {(30, 0.3): 2000, (90, 0.3): 1000, (30, 0.0): 1000}  # (days, AR(1)): replications


@pytest.fixture(scope="module")
def day_sims():
    return {d: simulate_days(reps, d[0], phi=d[1], seed=d[0] + int(100 * d[1])) for d, reps in DAY_DESIGNS.items()}


@pytest.mark.parametrize("design", list(DAY_DESIGNS), ids=lambda d: f"{d[0]}days-ar{d[1]}")
def test_daily_series_intervals_cover(day_sims, design):
    m, a, truth = day_sims[design]
    own = m[m["brand"] == "A"]
    checks = {
        "share_of_voice": (ind.share_of_voice(m, within="rep").query("brand == 'A'"), truth["share_of_voice"]),
        "share_of_voice reach": (ind.share_of_voice(m, within="rep", basis="reach").query("brand == 'A'"),
                                 truth["share_of_voice"]),
        "net_sentiment": (ind.net_sentiment(own, by="rep"), truth["net_sentiment"]),
        "net_sentiment exclude_neutral": (ind.net_sentiment(own, by="rep", variant="exclude_neutral"),
                                          truth["net_sentiment_exclude_neutral"]),
        "net_sentiment ratio": (ind.net_sentiment(own, by="rep", variant="ratio"), truth["net_sentiment_ratio"]),
    }
    churn = ind.churn_rate(a, by="rep", freq=None)
    growth = ind.follower_growth_rate(a, by="rep", freq=None)
    n = design[0]
    checks["churn_rate"] = (churn, n * truth["lost_per_day"] / churn["followers_start"].to_numpy())
    checks["follower_growth_rate"] = (growth, (n - 1) * (truth["new_per_day"] - truth["lost_per_day"])
                                      / growth["followers_start"].to_numpy())
    for name, (table, t) in checks.items():
        assert table.attrs["ci_unit"] in ("days", "weeks", "days or weeks"), name
        cov = _cover(table, t)
        assert LO <= cov <= HI, f"{name} {design}: coverage {cov:.3f}"
    if design[1] > 0:  # the test of day-to-day dependence sees it
        assert checks["share_of_voice"][0].attrs["autocorrelation"]["rho"] > 0.05
    # Wilson (mentions or followers as independent trials) fails here
    sw = ind.share_of_voice(m, within="rep", ci="wilson").query("brand == 'A'")
    assert _cover(sw, truth["share_of_voice"]) < 0.85
    assert _cover(ind.churn_rate(a, by="rep", freq=None, ci="wilson"), checks["churn_rate"][1]) < 0.6


def test_single_month_series_cover(day_sims):
    # one series of 30 days at a time: the autocorrelation test sees only that month (the weak
    # case; a monthly table pools its months). Day units built as share_of_voice builds them:
    # all mentions of the day (x) and the brand's (y); for sentiment, pos − neg (y) over all (x).
    m, _, truth = day_sims[(30, 0.3)]
    reps, days = int(m["rep"].max()) + 1, 30
    day = (m["timestamp"].dt.tz_localize(None).dt.normalize() - pd.Timestamp("2025-01-01")).dt.days.to_numpy()
    cell = m["rep"].to_numpy() * days + day
    size = reps * days
    x = np.bincount(cell, minlength=size).reshape(reps, days).astype(float)
    own = (m["brand"] == "A").to_numpy()
    y = np.bincount(cell[own], minlength=size).reshape(reps, days).astype(float)
    lab = m["sentiment"].to_numpy()
    pos = np.bincount(cell[own & (lab == "positive")], minlength=size).reshape(reps, days)
    neg = np.bincount(cell[own & (lab == "negative")], minlength=size).reshape(reps, days)
    zero, dnum = np.zeros(days, dtype=np.int64), np.arange(days) + 20089
    hits_sov, hits_ns = [], []
    for r in range(reps):
        res = iv.day_ratio_interval(y[r], x[r], zero, 1, dnum, bounds=(0, 1))
        hits_sov.append(res.low[0] <= truth["share_of_voice"] <= res.high[0])
        ns = iv.day_ratio_interval(pos[r] - neg[r], y[r], zero, 1, dnum, bounds=(-1, 1))
        hits_ns.append(ns.low[0] <= truth["net_sentiment"] <= ns.high[0])
    for name, hits in (("share of voice", hits_sov), ("net sentiment", hits_ns)):
        assert LO <= np.mean(hits) <= HI, f"{name}: {np.mean(hits):.3f}"


def test_daily_control_is_not_needlessly_wide():
    # independent Poisson days, no day effects: days as units stay within 25 % of Wilson's width
    m, a, truth = simulate_days(1000, 30, overdispersed=False, seed=5)
    d = ind.share_of_voice(m, within="rep").query("brand == 'A'")
    w = ind.share_of_voice(m, within="rep", ci="wilson").query("brand == 'A'")
    assert float(np.median((d["ci_high"].to_numpy() - d["ci_low"].to_numpy())
                           / (w["ci_high"].to_numpy() - w["ci_low"].to_numpy()))) <= 1.25
    own = m[m["brand"] == "A"]
    d = ind.net_sentiment(own, by="rep", variant="ratio")
    w = ind.net_sentiment(own, by="rep", variant="ratio", ci="wilson")
    assert float(np.median((d["ci_high"] - d["ci_low"]) / (w["ci_high"] - w["ci_low"]))) <= 1.25


# --------------------------------------------------------------------------------------------
# Comparisons under the null: false-positive rates
# --------------------------------------------------------------------------------------------
def test_before_after_change_false_positive_rate():
    # no change in tone around an "alert": the Welch test on days flags it about 5 % of the time
    m, _, truth = simulate_days(1000, 120, phi=0.3, seed=21)
    alert = {"start": pd.Timestamp("2025-04-10"), "end": pd.Timestamp("2025-04-12")}
    flagged, covered = [], []
    for _, mr in m.groupby("rep"):
        out = sr.awareness.positive_share_before_after(mr, alert, brand="A")
        flagged.append(out.attrs["change"]["p_value"] < 0.05)
        covered.append(out["ci_low"].iloc[0] <= truth["positive_share"] <= out["ci_high"].iloc[0])
    assert FPR_LO <= np.mean(flagged) <= FPR_HI, np.mean(flagged)
    assert LO - 0.03 <= np.mean(covered) <= HI  # 14 days per window: below the 30-day bar, still near 95 %


@pytest.mark.parametrize("by,levels,n_per,reps", [("post_type", 3, 40, 600), ("weekday", 7, 30, 260)])
def test_comparisons_false_positive_rate(by, levels, n_per, reps):
    # formats (post_type) and posting days (best times) without any effect, overdispersed posts
    posts, _ = simulate_posts(reps, levels * n_per, reach_sigma=1.0, seed=31 + levels)
    posts[by] = np.tile(np.repeat(np.arange(levels).astype(str), n_per), reps)
    rejected = []
    for _, p in posts.groupby("rep"):
        rejected.extend(ind.compare_rates(p, by=by)["p_value"].dropna() < 0.05)
    assert FPR_LO <= np.mean(rejected) <= FPR_HI, np.mean(rejected)


# --------------------------------------------------------------------------------------------
# Period over period (issue 15): the verdict "clearly up / down" of the client report
# --------------------------------------------------------------------------------------------
def _post_pairs(reps: int, n: int, mult: float, seed: int):
    """Two independent quarters of ``n`` overdispersed posts (Beta rates, cv 1; lognormal reach σ 1),
    the second with its expected engagement rate × ``mult``; one period_change per replication."""
    p0, _ = simulate_posts(reps, n, reach_sigma=1.0, seed=seed)
    p1, _ = simulate_posts(reps, n, reach_sigma=1.0, rate=0.05 * mult, seed=seed + 1)
    cols = list(iv.SIM_COMPONENTS)
    e0, e1 = p0[cols].sum(axis=1).to_numpy(float), p1[cols].sum(axis=1).to_numpy(float)
    r0, r1 = p0["reach"].to_numpy(float), p1["reach"].to_numpy(float)
    period = np.repeat([0, 1], n)
    verdicts, covered = [], []
    for r in range(reps):
        s = slice(r * n, (r + 1) * n)
        pc = iv.period_change(np.r_[e0[s], e1[s]], np.r_[r0[s], r1[s]], period)
        verdicts.append(str(iv.change_verdict(pc.change_low, pc.change_high)))
        covered.append(pc.change_low <= mult - 1 <= pc.change_high)
    return np.array(verdicts), float(np.mean(covered))


@pytest.mark.parametrize("n", [40, 150])
def test_period_change_of_a_post_rate_false_positive_rate(n):
    # no change between the quarters: "clearly up" or "clearly down" about 5 % of the time
    verdicts, covered = _post_pairs(1000, n, 1.0, seed=900 + n)
    assert FPR_LO <= np.mean(verdicts != "none") <= FPR_HI, np.mean(verdicts != "none")
    assert LO <= covered <= HI


def test_period_change_of_a_post_rate_detects_a_planted_change():
    # engagement rate ×1.8 in the second quarter (150 posts each, cv 1 — ×1.6 is found 70 % of the
    # time): "up" most of the time, never "down", and the change's interval covers +80 % ~95 % of the time
    verdicts, covered = _post_pairs(400, 150, 1.8, seed=77)
    assert np.mean(verdicts == "up") >= 0.80, np.mean(verdicts == "up")
    assert np.mean(verdicts == "down") == 0
    assert LO <= covered <= HI


def _day_pairs(reps: int, churn_mult: float, seed: int):
    """Two consecutive quarters (91 + 92 days) of one autocorrelated daily series (AR(1) 0.3); the
    followers lost in the second kept with probability ``churn_mult`` (planted fall of churn)."""
    m, a, _ = simulate_days(reps, 183, phi=0.3, seed=seed)
    rng = np.random.default_rng(seed + 1)
    a = a.copy()
    day_a = (a["date"] - pd.Timestamp("2025-01-01")).dt.days.to_numpy()
    second = day_a >= 91
    lost = a["lost_followers"].to_numpy(np.int64).copy()
    lost[second] = rng.binomial(lost[second], churn_mult)
    opening = a["followers"].to_numpy(float) - a["new_followers"].to_numpy(float) + lost
    own = (m["brand"] == "A").to_numpy(float)
    day_m = ((m["timestamp"] - pd.Timestamp("2025-01-01", tz="UTC")) // pd.Timedelta("1D")).to_numpy()
    out = {"sov": [], "churn": []}
    for r in range(reps):
        sel = (m["rep"] == r).to_numpy()
        y = np.bincount(day_m[sel], weights=own[sel], minlength=183)
        x = np.bincount(day_m[sel], minlength=183).astype(float)
        days = np.arange(183)
        pc = iv.period_change(y, x, (days >= 91).astype(int), day=days, relative=False, bounds=(0.0, 1.0))
        out["sov"].append(str(iv.change_verdict(pc.change_low, pc.change_high)))
        s = (a["rep"] == r).to_numpy()
        pc = iv.period_change(lost[s], opening[s], second[s].astype(int), day=day_a[s])
        out["churn"].append(str(iv.change_verdict(pc.change_low, pc.change_high)))
    return {k: np.array(v) for k, v in out.items()}


def test_period_change_of_daily_series_false_positive_rate():
    # share of voice (difference in points) and churn (relative change) with days as units, two
    # adjacent quarters of one autocorrelated series, nothing changed
    v = _day_pairs(400, 1.0, seed=55)
    for what in ("sov", "churn"):
        assert FPR_LO - 0.01 <= np.mean(v[what] != "none") <= FPR_HI + 0.01, (what, np.mean(v[what] != "none"))


def test_period_change_of_daily_series_detects_a_planted_change():
    v = _day_pairs(200, 0.5, seed=56)  # followers lost halved in the second quarter
    assert np.mean(v["churn"] == "down") >= 0.80, np.mean(v["churn"] == "down")
    assert np.mean(v["churn"] == "up") == 0
