"""Benchmark of the client report (issue 15): what report.html + report.pdf + report.pptx add to a batch.

Run on demand (not part of the tests), on a quiet machine::

    python benchmarks/bench_client_report.py        # writes benchmarks/results_client_report.md

What it measures
----------------
- ``five``: wall time of ``socialroi.batch.run()`` on the bundled samples × the five analysis
  notebooks (``force=True``, a fresh output folder, 2 workers);
- ``six``: the same with the client report notebook (``00_client_report``: the synthesis, its
  HTML page, the PDF printed by headless Chromium and the PPTX deck);
- each measured ``--repeats`` times, alternating, and the fastest kept (the machine is shared);
- the report runs' own seconds (``status.json``) and the share of them spent printing the PDF.

Target (issue 15): the report step adds less than 30 % to the batch time: (six − five) / five < 0.30.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import socialroi
from socialroi import batch, report

HERE = Path(__file__).resolve().parent
FIVE = ["01_engagement", "02_awareness", "03_loyalty", "04_market_share", "05_roi"]


def _run(notebooks: list[str], out: Path, workers: int) -> tuple[float, Path]:
    config = batch._default_config() | {"defaults": {"notebooks": notebooks}}
    t0 = time.perf_counter()
    table = batch.run(config, out=out, workers=workers, force=True, progress=False)
    wall = time.perf_counter() - t0
    bad = table[table["status"] != "ok"]
    if len(bad):
        raise SystemExit(f"failed runs: {bad[['client', 'notebook', 'error']].to_dict('records')}")
    return wall, out


def _pdf_seconds(out: Path) -> float:
    """Time to print each client's report.html again (the PDF step alone), summed."""
    total = 0.0
    for html in out.glob("*/00_client_report/report.html"):
        t0 = time.perf_counter()
        report.html_to_pdf(html, html.with_name("bench.pdf"))
        total += time.perf_counter() - t0
    return total


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--output", default=str(HERE / "results_client_report.md"))
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--repeats", type=int, default=2)
    args = p.parse_args(argv)
    load_before = os.getloadavg()
    five, six, report_runs, pdf = [], [], 0.0, 0.0
    with tempfile.TemporaryDirectory(prefix="socialroi-bench-") as tmp:
        for r in range(args.repeats):
            w5, _ = _run(FIVE, Path(tmp) / f"five-{r}", args.workers)
            w6, out6 = _run(["00_client_report", *FIVE], Path(tmp) / f"six-{r}", args.workers)
            five.append(w5)
            six.append(w6)
            print(f"repeat {r + 1}: five notebooks {w5:.1f} s, with the client report {w6:.1f} s")
        report_runs = sum(json.loads(s.read_text())["seconds"] for s in out6.glob("*/00_client_report/status.json"))
        pdf = _pdf_seconds(out6)
    load_after = os.getloadavg()
    best5, best6 = min(five), min(six)
    added = (best6 - best5) / best5
    lines = [
        "# Client report benchmark (`benchmarks/bench_client_report.py`)",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; socialroi {socialroi.__version__}; "
        f"Python {platform.python_version()}; {os.cpu_count()} CPUs; load average before "
        f"{' / '.join(f'{x:.1f}' for x in load_before)}, after {' / '.join(f'{x:.1f}' for x in load_after)}",
        f"- workload: the two bundled samples; {args.workers} workers; `force=True`, fresh output folders; "
        f"fastest of {args.repeats} alternating repeats",
        "",
        "| measure | seconds |",
        "|---|---:|",
        f"| batch, five analysis notebooks (10 runs) | {best5:.1f} |",
        f"| batch, the same + the client report (12 runs: HTML, PDF, PPTX) | {best6:.1f} |",
        f"| the two client-report runs' own time (sum, in their workers) | {report_runs:.1f} |",
        f"| of which printing the two PDFs with headless Chromium (measured again, sequential) | {pdf:.1f} |",
        "",
        f"- the report step adds **{100 * added:.0f} %** to the batch time (target < 30 %: "
        f"{'met' if added < 0.30 else 'NOT met'})",
        f"- every repeat: five {', '.join(f'{x:.1f}' for x in five)} s; six {', '.join(f'{x:.1f}' for x in six)} s",
        "",
    ]
    Path(args.output).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
