"""Benchmark of socialroi.roi.fit_mmm: 3 years of daily data, 4 channels, 200 bootstrap replicates.

Run on demand (not collected by pytest):

    python benchmarks/bench_roi.py [--repeats 3] [--n-boot 200]

Target: under 30 s on 2 cores (PyMC-Marketing and Robyn take minutes on such data). Writes
benchmarks/results_roi.md with wall and CPU times and the accuracy of the estimates against the
planted truth.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import socialroi
from socialroi import roi

HERE = Path(__file__).resolve().parent


def simulate(seed: int, *, n_days: int = 1096) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Daily revenue with 4 channels of planted ROAS, trend, weekly and yearly seasonality."""
    decays, lams, roas = (0.5, 0.3, 0.7, 0.6), (1.0, 2.0, 0.6, 1.5), (3.0, 1.5, 0.8, 0.0)
    names = ["meta_ads", "google_ads", "influencers", "linkedin_ads"]
    outcomes, spend, planted = roi.simulate_mmm(np.random.default_rng(seed), n_days=n_days, decays=decays,
                                                lams=lams, roas=roas, sigma=0.05, ar=0.3, names=names)
    truth = {n: {"roas": planted[n], "decay": d} for n, d in zip(names, decays, strict=True)}
    return outcomes, spend, truth

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--n-boot", type=int, default=200)
    ap.add_argument("--out", default=str(HERE / "results_roi.md"))
    args = ap.parse_args()

    outcomes, spend, truth = simulate(1)
    walls, cpus = [], []
    res = None
    for _ in range(args.repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = roi.fit_mmm(outcomes, spend, n_boot=args.n_boot, seed=0)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    assert res is not None
    r = res.roi.set_index("channel")
    rows = []
    for name, tr in truth.items():
        rows.append(
            f"| {name} | {tr['roas']:.2f} | {r.loc[name, 'roas']:.2f} "
            f"[{r.loc[name, 'roas_ci_low']:.2f}, {r.loc[name, 'roas_ci_high']:.2f}] | "
            f"{tr['decay']:.2f} | {r.loc[name, 'decay']:.3f} | {r.loc[name, 'p_value']:.3f} |"
        )
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    text = f"""# fit_mmm benchmark

`python benchmarks/bench_roi.py --repeats {args.repeats} --n-boot {args.n_boot}`

Data: {len(outcomes)} days (3 years) of simulated daily revenue, 4 channels (planted ROAS 3, 1.5,
0.8 and 0), trend, weekly and yearly seasonality, AR(1) errors. Fit: default grids
({len(roi.DEFAULT_DECAY_GRID)} decays × {len(roi.DEFAULT_LAM_GRID)} saturation rates per channel),
continuous refinement, {args.n_boot} circular-block bootstrap replicates of the whole procedure
(search included) and the per-channel no-effect test ({args.n_boot} data sets made under the null
per channel, the other channels re-searched on each).

| measure | value |
|---|---|
| wall time, median of {args.repeats} (s) | {np.median(walls):.2f} |
| wall times (s) | {', '.join(f'{w:.2f}' for w in walls)} |
| CPU time, median (s) | {np.median(cpus):.2f} |
| target | < 30 s on 2 cores |
| machine | {platform.processor() or platform.machine()}, {os.cpu_count()} cores, load average {load[0]:.1f} at the end |
| socialroi | {socialroi.__version__}, numpy {np.__version__}, pandas {pd.__version__} |

Estimates of the last run against the planted truth (95 % intervals):

| channel | true ROAS | estimated ROAS [95 % CI] | true decay | estimated decay | p (no effect) |
|---|---|---|---|---|---|
""" + "\n".join(rows) + """

For comparison, PyMC-Marketing (MCMC) and Robyn (Nevergrad, thousands of ridge fits) take
minutes on data of this size; they were not run here (not installed in this environment).
"""
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
