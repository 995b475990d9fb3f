"""Benchmark (issue 18): the everyday aggregations and the loader next to their peers, side by side.

Run on demand (not collected by pytest; needs the ``bench`` extra for DuckDB)::

    .venv/bin/python benchmarks/bench_indicators.py [--mentions N] [--posts N] [--interactions N]
                                                    [--csv-rows N] [--repeat R]

Workloads (defaults: the sizes of issue 18), each computed by socialroi and by its peer on the
same in-memory pandas frame (DuckDB scans it in place), in the same process, the two sides
interleaved round by round so they see the same machine load:

1. ``share_of_voice`` and ``net_sentiment`` by brand × month on 10M mentions, with their
   intervals between days (daily brand counts, the linearised variance of the ratio of sums over
   days, the pooled lag-1 autocorrelation test, weeks when autocorrelated). DuckDB computes the
   same statistics in SQL (``benchmarks/_peer.py``: counts per local day, the residual moments,
   the Bell–McCaffrey traces, the lag-1 cross-products by a window function); numpy finishes on
   the few hundred group rows (Student quantiles, which DuckDB lacks). Checked equal cell by cell.
2. ``kpi_table(by="platform", freq="MS", basis="reach")`` on 1M posts: nine rates with their
   between-post intervals; DuckDB computes the same sums of squares and cross-products. Checked
   equal cell by cell.
3. ``cohort_retention`` (monthly, tz-aware timestamps) on 10M interactions / 1M users; DuckDB
   computes the same table and the same Wilson bounds in SQL. Checked equal.
4. ``read_table(path, "posts")`` of a 1M-row French CSV (``;``, decimal commas, non-breaking-space
   thousands, day-first local times, cp1252) into typed, tz-aware columns, next to a raw
   ``pyarrow.csv.read_csv`` of the same file (types inferred, no French rules: the floor).

Times: median of ``--repeat`` rounds, wall clock and CPU time of the process (all threads: DuckDB
and pyarrow use several; socialroi mostly one). Memory: growth of the resident set at the peak
of one call of each side (``VmHWM`` reset before the call; every allocation counted, Arrow and
DuckDB's own included), next to the in-memory size of the input frame (deep; for the loader,
the typed frame it returns). The load average is written before and after. Results:
``benchmarks/results_indicators.md``.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import _measure as M  # noqa: E402
import _peer  # noqa: E402

from socialroi import indicators as ind  # noqa: E402
from socialroi import loyalty as L  # noqa: E402

TZ = "Europe/Paris"
RESULTS = HERE / "results_indicators.md"


# ------------------------------------------------------------------------------------------------
# data
# ------------------------------------------------------------------------------------------------
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


def make_interactions(n: int, n_users: int, rng: np.random.Generator) -> pd.DataFrame:
    """As benchmarks/bench_loyalty.py (users more active near their start), tz-aware as validated data."""
    pool = np.array([f"user{i:07d}" for i in range(n_users)], dtype=object)
    start = np.datetime64("2023-01-01T00:00:00", "s").astype(np.int64)
    secs = start + rng.integers(0, 730 * 86400, n)
    users = pool[np.minimum((rng.pareto(1.2, n) * 1000).astype(np.int64) + rng.integers(0, n_users, n), n_users - 1)]
    return pd.DataFrame({"user_id": pd.array(users, dtype="str"),
                         "timestamp": pd.to_datetime(secs, unit="s", utc=True).tz_convert(TZ)})


COHORT_SQL = f"""
WITH ua AS (SELECT DISTINCT user_id, date_trunc('month', timezone('{TZ}', "timestamp")) AS p FROM t),
     f AS (SELECT user_id, min(p) AS cohort FROM ua GROUP BY user_id),
     sz AS (SELECT cohort, count(*) AS cohort_size FROM f GROUP BY cohort),
     j AS (SELECT f.cohort, datediff('month', f.cohort, ua.p) AS period, count(*) AS users
           FROM ua JOIN f USING (user_id) GROUP BY 1, 2),
     r AS (SELECT j.cohort, j.period, sz.cohort_size, j.users, j.users / sz.cohort_size AS retention
           FROM j JOIN sz USING (cohort)),
     w AS (SELECT *, 1.959963984540054 AS z FROM r)
SELECT cohort, period, cohort_size, users, retention,
       CASE WHEN users = 0 THEN 0 ELSE greatest(0, ((retention + z * z / (2 * cohort_size))
            - z * sqrt(retention * (1 - retention) / cohort_size + z * z / (4 * cohort_size * cohort_size)))
            / (1 + z * z / cohort_size)) END AS ci_low,
       CASE WHEN users = cohort_size THEN 1 ELSE least(1, ((retention + z * z / (2 * cohort_size))
            + z * sqrt(retention * (1 - retention) / cohort_size + z * z / (4 * cohort_size * cohort_size)))
            / (1 + z * z / cohort_size)) END AS ci_high
FROM w ORDER BY cohort, period
"""


# ------------------------------------------------------------------------------------------------
# checks: the two sides computed the same thing
# ------------------------------------------------------------------------------------------------
def _maxdiff(a: pd.DataFrame, b: pd.DataFrame, cols: list[str]) -> float:
    worst = 0.0
    for c in cols:
        x, y = a[c].to_numpy(dtype=float), b[c].to_numpy(dtype=float)
        if len(x) != len(y) or not np.array_equal(np.isnan(x), np.isnan(y)):
            return float("inf")
        if len(x):
            d = np.abs(x - y)[~np.isnan(x)]
            worst = max(worst, float(d.max()) if len(d) else 0.0)
    return worst


def check_listening(sr_out: Any, db_out: Any) -> str:
    (sov, ns), (sd, nd) = sr_out, db_out
    d1 = _maxdiff(sov, sd, ["share_of_voice", "ci_low", "ci_high", "n_units"])
    d2 = _maxdiff(ns, nd, ["net_sentiment", "ci_low", "ci_high", "n_units"])
    same_unit = (sov["ci_unit"].to_numpy() == sd["ci_unit"].to_numpy()).all()
    same_test = np.isclose(sov.attrs["autocorrelation"]["z"], sd.attrs["autocorrelation"]["z"], rtol=1e-9)
    return f"max |diff| {max(d1, d2):.1e}, same units {bool(same_unit)}, same autocorrelation test {bool(same_test)}"


def check_kpi(k: pd.DataFrame, kd: pd.DataFrame) -> str:
    cols = [c for c in kd.columns if c not in ("platform", "period") and c in k.columns]
    worst = 0.0
    for c in cols:
        y = kd[c].to_numpy(dtype=float)
        scale = np.nanmax(np.abs(y)) if np.isfinite(y).any() else 1.0
        worst = max(worst, _maxdiff(k[[c]], kd[[c]], [c]) / max(scale, 1e-300))
    return f"{len(cols)} columns, max relative |diff| {worst:.1e}"


def check_cohorts(ours: pd.DataFrame, duck: pd.DataFrame) -> str:
    nz = ours[ours["users"] > 0].reset_index(drop=True)
    same = (len(nz) == len(duck) and (nz["users"].to_numpy() == duck["users"].to_numpy()).all()
            and (nz["period"].to_numpy() == duck["period"].to_numpy()).all()
            and (nz["cohort_size"].to_numpy() == duck["cohort_size"].to_numpy()).all())
    d = _maxdiff(nz, duck, ["retention", "ci_low", "ci_high"]) if same else float("inf")
    return f"same cells {bool(same)}, max |diff| of retention and Wilson bounds {d:.1e}"


# ------------------------------------------------------------------------------------------------
def run(name: str, goal: float, fns: dict[str, Any], frame_size: float, repeat: int, check: Any) -> dict[str, Any]:
    print(f"[{name}] timing ({repeat} rounds), load {M.load_text()}", flush=True)
    r = M.interleaved(fns, repeat)
    note = check(r["socialroi"]["out"], r["peer"]["out"])
    print(f"[{name}] {note}", flush=True)
    for v in r.values():
        v["out"] = None
    mem = {k: M.peak_rss(fn) for k, fn in fns.items()}
    row = {"name": name, "goal": goal, "check": note, "input": frame_size, **{f"mem_{k}": v for k, v in mem.items()}}
    for k, v in r.items():
        row[f"{k}_wall"], row[f"{k}_cpu"], row[f"{k}_runs"] = v["wall_med"], v["cpu_med"], v["wall"]
    print(f"[{name}] socialroi {row['socialroi_wall']:.2f} s wall / {row['socialroi_cpu']:.2f} s CPU, peer "
          f"{row['peer_wall']:.2f} / {row['peer_cpu']:.2f}; peak RSS {mem['socialroi'] / 1e6:.0f} MB "
          f"(input {frame_size / 1e6:.0f} MB)", flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mentions", type=int, default=10_000_000)
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--interactions", type=int, default=10_000_000)
    ap.add_argument("--csv-rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="1234", help="workloads to run, e.g. 12")
    args = ap.parse_args(argv)
    import duckdb
    import pyarrow as pa
    from pyarrow import csv as pacsv

    import socialroi as sr

    load_before = M.load_text()
    rows: list[dict[str, Any]] = []
    con = duckdb.connect()
    con.execute(f"SET TimeZone = '{TZ}'")
    threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]

    if "1" in args.only:
        mentions = make_mentions(args.mentions, np.random.default_rng(1))
        con.register("mentions", mentions)
        rows.append(run(
            f"`share_of_voice` + `net_sentiment` by brand × month, {args.mentions:,} mentions, intervals between days",
            2.0, {"socialroi": lambda: (ind.share_of_voice(mentions, freq="MS"),
                                        ind.net_sentiment(mentions, by="brand", freq="MS")),
                  "peer": lambda: _peer.listening(con)},
            M.frame_bytes(mentions), args.repeat, check_listening))
        con.unregister("mentions")
        del mentions
    if "2" in args.only:
        posts = make_posts(args.posts, np.random.default_rng(1))
        ds = SimpleNamespace(posts=posts, audience=None, mentions=None, spend=None, outcomes=None,
                             meta={"brand": "Maison Lumière", "timezone": TZ, "locale": "en"})
        con.register("posts", posts)
        rows.append(run(
            f"`kpi_table` by platform × month, {args.posts:,} posts, 9 rates with intervals between posts",
            2.0, {"socialroi": lambda: ind.kpi_table(ds, by="platform", freq="MS", basis="reach"),
                  "peer": lambda: _peer.kpi(con)},
            M.frame_bytes(posts), args.repeat, check_kpi))
        con.unregister("posts")
        del posts, ds
    if "3" in args.only:
        log = make_interactions(args.interactions, args.interactions // 10, np.random.default_rng(1))
        con.register("t", log)
        rows.append(run(
            f"`cohort_retention`, monthly, {args.interactions:,} interactions / {args.interactions // 10:,} users, "
            "Wilson bounds", 1.5,
            {"socialroi": lambda: L.cohort_retention(log, freq="MS"), "peer": lambda: con.execute(COHORT_SQL).df()},
            M.frame_bytes(log), args.repeat, check_cohorts))
        con.unregister("t")
        del log
    if "4" in args.only:
        import bench_io

        path = bench_io.make_file(args.csv_rows, "cp1252")

        def read() -> pd.DataFrame:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return sr.read_table(path, "posts", timezone=TZ)

        def raw() -> pa.Table:
            return pacsv.read_csv(path, read_options=pacsv.ReadOptions(encoding="cp1252"),
                                  parse_options=pacsv.ParseOptions(delimiter=";"))

        typed = read()

        def check_read(df: pd.DataFrame, tb: pa.Table) -> str:
            return (f"{len(df):,} rows typed ({df['published_at'].dtype}, impressions {df['impressions'].dtype}, "
                    f"spend {df['spend'].dtype}); pyarrow {tb.num_rows:,} rows, untyped French columns")

        rows.append(run(
            f"load + validate a {args.csv_rows:,}-row French posts CSV ({path.stat().st_size / 1e6:.0f} MB, cp1252)",
            3.0, {"socialroi": read, "peer": raw}, M.frame_bytes(typed), args.repeat, check_read))
        del typed

    load_after = M.load_text()
    peers = {"1": f"DuckDB SQL, same statistics ({threads} threads)", "2": f"DuckDB SQL, same sums ({threads} threads)",
             "3": f"DuckDB SQL, same table ({threads} threads)", "4": "raw `pyarrow.csv.read_csv` (types inferred)"}
    lines = [
        "# socialroi next to its peers (issue 18)",
        "",
        f"`python benchmarks/bench_indicators.py` on {M.machine_line()}. Load average (1 / 5 / 15 min) "
        f"{load_before} before, {load_after} after: the 2 cores were shared with other jobs, so each "
        f"workload runs both sides in the same process, interleaved, {args.repeat} rounds (median); the "
        "ratios are the figures to read, the absolute times move with the load. CPU time is that of the "
        "whole process, all threads (DuckDB and pyarrow use several, socialroi mostly one).",
        "",
        "| workload | socialroi wall (CPU) | peer | peer wall (CPU) | ratio wall (CPU) | goal | peak memory "
        "socialroi / peer / input | memory ÷ input (goal ≤ 3×) |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for key, r in zip([k for k in "1234" if k in args.only], rows, strict=True):
        rw, rc = r["socialroi_wall"] / r["peer_wall"], r["socialroi_cpu"] / r["peer_cpu"]
        mr = r["mem_socialroi"] / r["input"]
        lines.append(
            f"| {r['name']} | {r['socialroi_wall']:.2f} s ({r['socialroi_cpu']:.2f} s) | {peers[key]} | "
            f"{r['peer_wall']:.2f} s ({r['peer_cpu']:.2f} s) | {rw:.2f}× ({rc:.2f}×) | ≤ {r['goal']:g}× — "
            f"{'met' if rw <= r['goal'] else 'NOT met'} | {r['mem_socialroi'] / 1e6:,.0f} / {r['mem_peer'] / 1e6:,.0f} "
            f"/ {r['input'] / 1e6:,.0f} MB | {mr:.2f}× — {'met' if mr <= 3 else 'NOT met'} |")
    lines += ["", "Runs (wall seconds, socialroi | peer) and the check that both sides computed the same thing:", ""]
    for r in rows:
        lines.append(f"- {r['name']}: {', '.join(f'{x:.2f}' for x in r['socialroi_runs'])} | "
                     f"{', '.join(f'{x:.2f}' for x in r['peer_runs'])}; {r['check']}")
    lines += ["", "Memory: growth of the process's resident set at the peak of one call (VmHWM), every "
              "allocation counted; input: in-memory size of the input frame (deep, text included; for the "
              "loader, the typed frame it returns). Peers: `benchmarks/_peer.py` (the interval statistics "
              "in DuckDB SQL) and the SQL above in this script.", ""]
    text = "\n".join(lines)
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
