"""Coverage of socialroi's intervals on a longer grid than tests/test_coverage.py (run on demand).

    python benchmarks/bench_coverage.py [--quick]

Posts: Beta-distributed engagement probabilities (mean 5 %, coefficient of variation 0.5 or 1)
and lognormal reach (σ 0.5 or 1), 20 to 200 posts per group; the default interval (between
posts) next to Wilson (each reached account a trial, the former default) and the plain delta
method (the former ``ci="posts"``, Student t on n − 1 without the small-sample corrections).
Daily series: lognormal day effects with AR(1) 0, 0.3, 0.5 over 30, 90 and 365 days, in the
"table" regime (many groups share the autocorrelation test, as a monthly table does) and for
single 30-day series. Comparisons: false-positive rate under the null. Controls: binomial /
Poisson data, width against Wilson's.

Writes benchmarks/results_coverage.md (coverage in %, Monte-Carlo standard error in the header).
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

import socialroi as sr
from socialroi import intervals as iv
from socialroi.intervals import simulate_days, simulate_posts

HERE = Path(__file__).resolve().parent
ind = sr.indicators


def cover(table: pd.DataFrame, truth, lo: str = "ci_low", hi: str = "ci_high") -> float:
    low, high = table[lo].to_numpy(float), table[hi].to_numpy(float)
    return 100 * float(np.mean((low <= truth) & (truth <= high)))


def plain_delta(posts: pd.DataFrame, y: np.ndarray, x: np.ndarray, truth: float) -> float:
    """The former ci="posts": ratio linearisation, n/(n−1) sandwich, Student t on n − 1."""
    g = posts["rep"].to_numpy()
    n = np.bincount(g).astype(float)
    R = np.bincount(g, y) / np.bincount(g, x)
    se = np.sqrt(n / (n - 1) * np.bincount(g, (y - R[g] * x) ** 2)) / np.bincount(g, x)
    t = stats.t.ppf(0.975, n - 1)
    return 100 * float(np.mean((R - t * se <= truth) & (truth <= R + t * se)))


def posts_grid(reps: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, ctrl = [], []
    for cv in (0.5, 1.0):
        for sigma in (0.5, 1.0):
            for n in (20, 40, 100, 200):
                posts, tr = simulate_posts(reps, n, cv=cv, reach_sigma=sigma, seed=1000 + n + int(10 * sigma + 100 * cv))
                e = posts[list(iv.SIM_COMPONENTS)].sum(axis=1).to_numpy(float)
                row = {"CV of post rates": cv, "reach σ": sigma, "posts": n,
                       "engagement rate": cover(ind.engagement_rate(posts, by="rep"), tr["engagement_rate"]),
                       "on impressions": cover(ind.engagement_rate(posts, by="rep", basis="impressions"),
                                               tr["engagement_rate_impressions"]),
                       "mean of ratios": cover(ind.engagement_rate(posts, by="rep", agg="mean"), tr["mean_of_ratios"]),
                       "comments / post": cover(ind.conversation_rate(posts, by="rep"), tr["conversation_rate"]),
                       "virality": cover(ind.virality_rate(posts, by="rep"), tr["virality_rate"]),
                       "CTR": cover(ind.click_through_rate(posts, by="rep"), tr["click_through_rate"]),
                       "frequency": cover(ind.frequency(posts, by="rep"), tr["frequency"]),
                       "cost / engagement": cover(ind.cost_per_engagement(posts, by="rep"), tr["cost_per_engagement"]),
                       "former ci='posts' (ER)": plain_delta(posts, e, posts["reach"].to_numpy(float), tr["engagement_rate"]),
                       "Wilson (ER)": cover(ind.engagement_rate(posts, by="rep", ci="wilson"), tr["engagement_rate"])}
                rows.append(row)
                print(row, flush=True)
    for sigma in (0.5, 1.0):
        for n in (20, 40, 100):
            posts, tr = simulate_posts(reps, n, cv=None, reach_sigma=sigma, seed=2000 + n)
            d = ind.engagement_rate(posts, by="rep")
            w = ind.engagement_rate(posts, by="rep", ci="wilson")
            ratio = (d["ci_high"] - d["ci_low"]) / (w["ci_high"] - w["ci_low"])
            ctrl.append({"data": "binomial posts", "reach σ": sigma, "units": f"{n} posts",
                         "coverage": cover(d, tr["engagement_rate"]), "Wilson coverage": cover(w, tr["engagement_rate"]),
                         "width / Wilson (median)": float(np.median(ratio)), "(mean)": float(np.mean(ratio))})
    return pd.DataFrame(rows), pd.DataFrame(ctrl)


def days_grid(reps: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, ctrl = [], []
    for phi in (0.0, 0.3, 0.5):
        for n_days, k in ((30, 1.0), (90, 0.5), (365, 0.15)):
            r = max(int(reps * k), 100)
            m, a, tr = simulate_days(r, n_days, phi=phi, seed=3000 + n_days + int(100 * phi))
            own = m[m["brand"] == "A"]
            sov = ind.share_of_voice(m, within="rep").query("brand == 'A'")
            churn = ind.churn_rate(a, by="rep", freq=None)
            growth = ind.follower_growth_rate(a, by="rep", freq=None)
            t_churn = n_days * tr["lost_per_day"] / churn["followers_start"].to_numpy()
            row = {"AR(1)": phi, "days": n_days, "replications": r, "unit used": sov.attrs["ci_unit"],
                   "share of voice": cover(sov, tr["share_of_voice"]),
                   "SoV on reach": cover(ind.share_of_voice(m, within="rep", basis="reach").query("brand == 'A'"),
                                         tr["share_of_voice"]),
                   "net sentiment": cover(ind.net_sentiment(own, by="rep"), tr["net_sentiment"]),
                   "positive ratio": cover(ind.net_sentiment(own, by="rep", variant="ratio"), tr["net_sentiment_ratio"]),
                   "churn": cover(churn, t_churn),
                   "follower growth": cover(growth, (n_days - 1) * (tr["new_per_day"] - tr["lost_per_day"])
                                            / growth["followers_start"].to_numpy()),
                   "Wilson (SoV)": cover(ind.share_of_voice(m, within="rep", ci="wilson").query("brand == 'A'"),
                                         tr["share_of_voice"]),
                   "Wilson (churn)": cover(ind.churn_rate(a, by="rep", freq=None, ci="wilson"), t_churn)}
            rows.append(row)
            print(row, flush=True)
        # single 30-day series: the autocorrelation test sees one month only
        r = reps
        m, a, tr = simulate_days(r, 30, phi=phi, seed=4000 + int(100 * phi))
        day = (m["timestamp"].dt.tz_localize(None).dt.normalize() - pd.Timestamp("2025-01-01")).dt.days.to_numpy()
        cell = m["rep"].to_numpy() * 30 + day
        x = np.bincount(cell, minlength=r * 30).reshape(r, 30).astype(float)
        own = (m["brand"] == "A").to_numpy()
        y = np.bincount(cell[own], minlength=r * 30).reshape(r, 30).astype(float)
        lab = m["sentiment"].to_numpy()
        pos = np.bincount(cell[own & (lab == "positive")], minlength=r * 30).reshape(r, 30)
        neg = np.bincount(cell[own & (lab == "negative")], minlength=r * 30).reshape(r, 30)
        zero, dnum = np.zeros(30, dtype=np.int64), np.arange(30) + 20089
        hs, hn = [], []
        for i in range(r):
            res = iv.day_ratio_interval(y[i], x[i], zero, 1, dnum, bounds=(0, 1))
            hs.append(res.low[0] <= tr["share_of_voice"] <= res.high[0])
            res = iv.day_ratio_interval(pos[i] - neg[i], y[i], zero, 1, dnum, bounds=(-1, 1))
            hn.append(res.low[0] <= tr["net_sentiment"] <= res.high[0])
        rows.append({"AR(1)": phi, "days": "30 (single series)", "replications": r, "unit used": "days",
                     "share of voice": 100 * np.mean(hs), "net sentiment": 100 * np.mean(hn)})
    for n_days in (30, 90):
        m, a, tr = simulate_days(reps, n_days, overdispersed=False, seed=5000 + n_days)
        d = ind.share_of_voice(m, within="rep").query("brand == 'A'")
        w = ind.share_of_voice(m, within="rep", ci="wilson").query("brand == 'A'")
        ratio = (d["ci_high"].to_numpy() - d["ci_low"].to_numpy()) / (w["ci_high"].to_numpy() - w["ci_low"].to_numpy())
        ctrl.append({"data": "Poisson days (SoV)", "reach σ": np.nan, "units": f"{n_days} days",
                     "coverage": cover(d, tr["share_of_voice"]), "Wilson coverage": cover(w, tr["share_of_voice"]),
                     "width / Wilson (median)": float(np.median(ratio)), "(mean)": float(np.mean(ratio))})
    return pd.DataFrame(rows), pd.DataFrame(ctrl)


def fpr_grid(reps: int) -> pd.DataFrame:
    rows = []
    for by, levels, n_per in (("post_type", 3, 20), ("post_type", 3, 40), ("post_type", 3, 100), ("weekday", 7, 30)):
        r = reps // 2 if levels == 3 else reps // 5
        posts, _ = simulate_posts(r, levels * n_per, reach_sigma=1.0, seed=6000 + n_per + levels)
        posts[by] = np.tile(np.repeat(np.arange(levels).astype(str), n_per), r)
        rej = []
        for _, p in posts.groupby("rep"):
            rej.extend(ind.compare_rates(p, by=by)["p_value"].dropna() < 0.05)
        rows.append({"comparison": f"compare_rates by {by}, {levels} levels × {n_per} posts (reach σ 1)",
                     "tests": len(rej), "false positives %": 100 * np.mean(rej)})
        print(rows[-1], flush=True)
    for phi in (0.0, 0.3, 0.5):
        r = reps // 2
        m, _, tr = simulate_days(r, 120, phi=phi, seed=7000 + int(100 * phi))
        alert = {"start": pd.Timestamp("2025-04-10"), "end": pd.Timestamp("2025-04-12")}
        days, wil = [], []
        for _, mr in m.groupby("rep"):
            days.append(sr.awareness.positive_share_before_after(mr, alert, brand="A").attrs["change"]["p_value"] < 0.05)
            ch = sr.awareness.positive_share_before_after(mr, alert, brand="A", ci="wilson").attrs["change"]
            wil.append(not (ch["ci_low"] <= 0 <= ch["ci_high"]))
        rows.append({"comparison": f"positive share after − before a bad buzz, 14-day windows, AR(1) {phi}",
                     "tests": r, "false positives %": 100 * np.mean(days), "Wilson/Newcombe %": 100 * np.mean(wil)})
        print(rows[-1], flush=True)
    return pd.DataFrame(rows)


_PARAMS = {"CV of post rates", "reach σ", "AR(1)"}
_RATIOS = {"width / Wilson (median)", "(mean)"}


def _markdown(df: pd.DataFrame) -> str:
    """A markdown table: percentages with one decimal, parameters as given, ratios with two."""
    def cell(col: str, v) -> str:
        if isinstance(v, (float, np.floating)):
            if np.isnan(v):
                return ""
            return f"{v:g}" if col in _PARAMS else f"{v:.2f}" if col in _RATIOS else f"{v:.1f}"
        return str(v)
    head = "| " + " | ".join(map(str, df.columns)) + " |"
    sep = "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(df[c]) else "---" for c in df.columns) + "|"
    body = ["| " + " | ".join(cell(c, v) for c, v in zip(df.columns, row, strict=True)) + " |"
            for row in df.itertuples(index=False)]
    return "\n".join([head, sep, *body])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer replications (a smoke run)")
    args = ap.parse_args()
    reps = 400 if args.quick else 4000
    t0 = time.perf_counter()
    posts, ctrl_p = posts_grid(reps)
    days, ctrl_d = days_grid(reps // 2)
    fpr = fpr_grid(reps // 2)
    ctrl = pd.concat([ctrl_p, ctrl_d], ignore_index=True)
    se = lambda r: 100 * np.sqrt(0.95 * 0.05 / r)  # noqa: E731
    fmt = _markdown
    text = f"""# Coverage of socialroi's 95 % intervals (benchmarks/bench_coverage.py)

Machine: {platform.machine()}, Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__};
run time {time.perf_counter() - t0:.0f} s. Cells are the % of replications whose interval holds the planted truth.
Monte-Carlo standard error of a coverage near 95 %: {se(reps):.2f} point with {reps} replications (posts),
{se(reps // 2):.2f} with {reps // 2} (days; fewer for 90 and 365 days, see the column).
Target (spec rule 5): 92–98 from 40 posts or 30 days up; ≥ 90 at 20 posts with lognormal σ = 1 reach.

## Rates over posts (default: between posts; Beta post rates around 5 %, lognormal reach)

{fmt(posts)}

## Daily series (default: between days, weeks when autocorrelated; lognormal AR(1) day effects)

{fmt(days)}

## Controls without overdispersion (width of the default interval against Wilson's)

{fmt(ctrl)}

## Comparisons under the null (nominal 5 %)

{fmt(fpr)}
"""
    (HERE / "results_coverage.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
