"""Benchmarks of socialroi.loyalty (run on demand; not collected by pytest).

    python benchmarks/bench_loyalty.py [--quick]

1. fit_bgnbd on CDNOW (summary rebuilt from ../shared/reference/cdnow/CDNOW_sample.txt) and on
   1,000,000 synthetic customers, next to lifetimes' BetaGeoFitter on the same data (if the
   ``lifetimes`` package is installed: ``pip install socialroi[bench]``).
2. cohort_retention on 10,000,000 interactions (1,000,000 users, 24 months) next to the same
   query in DuckDB.

Prints a markdown table and writes benchmarks/results_loyalty.md. Times are the best of a few
runs (wall clock) on the machine it runs on; the machine, thread counts and versions are recorded.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

from socialroi import loyalty as L

HERE = Path(__file__).resolve().parent
REFERENCE = Path(os.environ.get("SOCIALROI_REFERENCE", HERE.parent.parent / "shared" / "reference"))


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _simulate_bgnbd(n: int, r: float, alpha: float, a: float, b: float, rng: np.random.Generator) -> pd.DataFrame:
    return L.simulate_bgnbd(n, r=r, alpha=alpha, a=a, b=b, rng=rng)

def _cdnow_summary() -> pd.DataFrame | None:
    path = REFERENCE / "cdnow" / "CDNOW_sample.txt"
    if not path.exists():
        return None
    raw = pd.read_csv(path, sep=r"\s+", header=None, names=["customer", "sample_id", "date", "quantity", "amount"],
                      dtype={"sample_id": str, "date": str})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return L.summarise_events(raw, id_col="sample_id", time_col="date", value_col="amount", unit="W", end="1997-09-30")


def bench_bgnbd(name: str, summary: pd.DataFrame, repeat: int) -> list[dict]:
    rows = []
    t_ours, fit = _best(lambda: L.fit_bgnbd(summary), repeat)
    ours = fit.params[["r", "alpha", "a", "b"]].to_numpy()
    row = {"task": f"fit_bgnbd, {name} ({len(summary):,} ids)", "socialroi_s": t_ours,
           "params": "r={:.4f} α={:.4f} a={:.4f} b={:.4f}".format(*ours)}
    try:
        from lifetimes import BetaGeoFitter
    except ImportError:
        row.update(other="lifetimes not installed", other_s=np.nan, ratio=np.nan, max_param_diff=np.nan)
        return [row]

    def _lt():
        return BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])

    t_lt, bgf = _best(_lt, max(1, repeat if len(summary) < 100_000 else 1))
    theirs = bgf.params_[["r", "alpha", "a", "b"]].to_numpy()
    row.update(other="lifetimes BetaGeoFitter", other_s=t_lt, ratio=t_lt / t_ours,
               max_param_diff=float(np.max(np.abs(ours - theirs))))
    rows.append(row)
    return rows


def bench_cohorts(n: int, n_users: int, repeat: int) -> list[dict]:
    import duckdb

    rng = np.random.default_rng(1)
    pool = np.array([f"user{i:07d}" for i in range(n_users)], dtype=object)
    start = np.datetime64("2023-01-01T00:00:00", "s").astype(np.int64)
    secs = start + rng.integers(0, 730 * 86400, n)
    # users join at random times and are more active near their start (a realistic decay)
    users = pool[np.minimum((rng.pareto(1.2, n) * 1000).astype(np.int64) + rng.integers(0, n_users, n) // 1, n_users - 1)]
    df = pd.DataFrame({"user_id": pd.array(users, dtype="str"),
                       "timestamp": pd.to_datetime(secs, unit="s")})  # naive local wall clock for both engines
    t_ours, ours = _best(lambda: L.cohort_retention(df, freq="MS"), repeat)
    con = duckdb.connect()
    threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
    con.register("t", df)
    sql = """
    WITH ua AS (SELECT DISTINCT user_id, date_trunc('month', "timestamp") AS p FROM t),
         f AS (SELECT user_id, min(p) AS cohort FROM ua GROUP BY user_id),
         sz AS (SELECT cohort, count(*) AS cohort_size FROM f GROUP BY cohort),
         j AS (SELECT f.cohort, datediff('month', f.cohort, ua.p) AS period, count(*) AS users
               FROM ua JOIN f USING (user_id) GROUP BY 1, 2)
    SELECT j.cohort, j.period, sz.cohort_size, j.users, j.users / sz.cohort_size AS retention
    FROM j JOIN sz USING (cohort) ORDER BY 1, 2
    """
    t_duck, duck = _best(lambda: con.execute(sql).df(), repeat)
    con.execute("SET threads = 1")
    t_duck1, _ = _best(lambda: con.execute(sql).df(), repeat)
    nz = ours[ours["users"] > 0].reset_index(drop=True)
    same = (len(nz) == len(duck)
            and (nz["users"].to_numpy() == duck["users"].to_numpy()).all()
            and (nz["period"].to_numpy() == duck["period"].to_numpy()).all()
            and (nz["cohort_size"].to_numpy() == duck["cohort_size"].to_numpy()).all())
    # tz-aware input (the canonical frame) for information
    dft = df.assign(timestamp=df["timestamp"].dt.tz_localize("Europe/Paris", nonexistent="shift_forward", ambiguous="NaT"))
    dft = dft[dft["timestamp"].notna()]
    t_tz, _ = _best(lambda: L.cohort_retention(dft, freq="MS"), 1)
    return [{"task": f"cohort_retention, {n:,} interactions, {n_users:,} users, monthly", "socialroi_s": t_ours,
             "other": f"DuckDB {duckdb.__version__} SQL ({threads} threads)", "other_s": t_duck, "ratio": t_duck / t_ours,
             "params": f"same table as DuckDB: {same}; DuckDB with 1 thread: {t_duck1:.2f} s; "
                       f"socialroi on tz-aware input: {t_tz:.2f} s"}]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller sizes (100k customers, 1M interactions)")
    args = ap.parse_args()
    n_cust, n_int, n_users = (100_000, 1_000_000, 100_000) if args.quick else (1_000_000, 10_000_000, 1_000_000)
    rows: list[dict] = []
    cd = _cdnow_summary()
    if cd is not None:
        rows += bench_bgnbd("CDNOW", cd, repeat=10)
    rng = np.random.default_rng(2026)
    rows += bench_bgnbd("synthetic", _simulate_bgnbd(n_cust, 0.243, 4.414, 0.793, 2.426, rng), repeat=2)
    rows += bench_cohorts(n_int, n_users, repeat=2)
    import lifetimes  # noqa: F401  (versions below)
    lines = [
        "# Loyalty benchmarks",
        "",
        f"`python benchmarks/bench_loyalty.py{' --quick' if args.quick else ''}` on {platform.machine()}, "
        f"{os.cpu_count()} cores (shared), Python {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}. "
        "Best wall-clock time of a few runs. ratio = other / socialroi (above 1: socialroi faster).",
        "",
        "| task | socialroi (s) | compared with | other (s) | ratio | max abs param diff | notes |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(f"| {r['task']} | {r['socialroi_s']:.3f} | {r['other']} | {r['other_s']:.3f} | {r['ratio']:.1f}× | "
                     f"{r.get('max_param_diff', float('nan')):.1e} | {r['params']} |")
    text = "\n".join(lines) + "\n"
    print(text)
    (HERE / "results_loyalty.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
