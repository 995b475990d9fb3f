"""Benchmark of ``socialroi batch`` (issue 7): 1 vs 2 workers against the kernel start-up floor.

Run on demand (not part of the tests)::

    python benchmarks/bench_batch.py            # writes benchmarks/results_batch.md

What it measures
----------------
- ``batch(1)``, ``batch(2)``: wall time of ``socialroi.batch.run()`` on the bundled samples ×
  every analysis notebook (``--force``, a fresh output folder each time), 1 and 2 workers.
- ``floor``: wall time of papermill running an *empty* notebook (a parameters cell only) the same
  number of times, one after the other, in this process: the kernel start-up floor.
- ``compute``: the notebooks' own computation, the sum of papermill's per-cell durations in the
  executed notebooks of the 1-worker batch.
- per-run overhead = (batch(1) − compute) / runs, compared with floor / runs.

Targets (issue 7): batch(1) / batch(2) ≥ 1.6 and overhead per run < 1.5 × floor per run. The
speed-up needs 2 idle cores: the report records the CPU count and the load average so that a
number measured on a busy machine is read as such.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm

import socialroi
from socialroi import batch

HERE = Path(__file__).resolve().parent


def _compute_seconds(out: Path) -> float:
    """Sum of papermill's per-cell durations in the executed notebooks under ``out``."""
    total = 0.0
    for nb_file in out.glob("*/*/*.ipynb"):
        nb = nbformat.read(nb_file, as_version=4)
        for cell in nb.cells:
            d = cell.get("metadata", {}).get("papermill", {}).get("duration")
            if d:
                total += float(d)
    return total


def _floor(n: int, work: Path) -> float:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('data_dir = "."\noutput_dir = "."',
                                          metadata={"tags": ["parameters"]})]
    empty = work / "empty.ipynb"
    nbformat.write(nb, empty)
    t0 = time.perf_counter()
    for i in range(n):
        pm.execute_notebook(str(empty), str(work / f"empty-{i}.ipynb"), kernel_name="python3",
                            parameters={"data_dir": ".", "output_dir": str(work)},
                            progress_bar=False)  # plain papermill: the floor gets no help
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--output", default=str(HERE / "results_batch.md"))
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="socialroi-bench-") as tmp:
        work = Path(tmp)
        load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
        walls: dict[int, float] = {}
        tables = {}
        for w in args.workers:
            out = work / f"out-{w}"
            t0 = time.perf_counter()
            tables[w] = batch.run(None, out=out, workers=w, force=True, progress=False)
            walls[w] = time.perf_counter() - t0
            print(f"batch({w}): {walls[w]:.1f} s, statuses {tables[w]['status'].value_counts().to_dict()}")
        first = args.workers[0]
        n = len(tables[first])
        compute = _compute_seconds(work / f"out-{first}")
        floor = _floor(n, work)
        print(f"floor: {floor:.1f} s for {n} empty notebooks; compute {compute:.1f} s")
        load_after = os.getloadavg() if hasattr(os, "getloadavg") else None

    per_run_floor = floor / n
    overhead = (walls[first] - compute) / n
    lines = [
        "# Batch benchmark (`benchmarks/bench_batch.py`)",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; socialroi {socialroi.__version__}; "
        f"Python {platform.python_version()}; {os.cpu_count()} CPUs; load average before "
        f"{_fmt_load(load_before)}, after {_fmt_load(load_after)}",
        f"- workload: bundled samples × analysis notebooks = {n} runs (`--force`, fresh output folder)",
        "",
        "| measure | seconds | per run |",
        "|---|---:|---:|",
    ]
    for w in args.workers:
        lines.append(f"| batch, {w} worker{'s' if w > 1 else ''} | {walls[w]:.1f} | {walls[w] / n:.2f} |")
    lines += [
        f"| floor: papermill, empty notebook × {n}, sequential | {floor:.1f} | {per_run_floor:.2f} |",
        f"| notebooks' own computation (sum of cell durations, {first} worker) | {compute:.1f} | {compute / n:.2f} |",
        f"| overhead beyond computation ({first} worker) | {walls[first] - compute:.1f} | {overhead:.2f} |",
        "",
    ]
    if 1 in walls and 2 in walls:
        speedup = walls[1] / walls[2]
        lines.append(f"- speed-up 2 workers vs 1: **{speedup:.2f}×** (target ≥ 1.6×: "
                     f"{'met' if speedup >= 1.6 else 'NOT met'})")
    ratio = overhead / per_run_floor
    lines.append(f"- overhead per run / floor per run: **{ratio:.2f}** (target < 1.5: "
                 f"{'met' if ratio < 1.5 else 'NOT met'})")
    lines += [
        "",
        "Overhead per run = (1-worker wall time − the notebooks' own cell time) / runs: kernel start,",
        "papermill, the HTML report, hashing and moving the run folder into place, plus the one-off",
        "start of the worker processes. The speed-up needs idle cores; a high load average means",
        "other processes shared them.",
        "",
    ]
    Path(args.output).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


def _fmt_load(load: tuple[float, float, float] | None) -> str:
    return "n/a" if load is None else " / ".join(f"{x:.1f}" for x in load)


if __name__ == "__main__":
    sys.exit(main())
