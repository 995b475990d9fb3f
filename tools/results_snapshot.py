"""Run the sample batch in both languages (and the tutorial) and store or compare every results.json.

    python tools/results_snapshot.py --write tests/data/results_snapshot.json   # store the numbers
    python tools/results_snapshot.py --compare tests/data/results_snapshot.json # exit 1 on a change

Why: the presentation layer is rewritten without changing a single number (issue 14). The snapshot
holds, per run, the ``results.json`` the notebook wrote: numbers are compared with a relative
tolerance of 1e-9, texts and missing values exactly. ``tests/test_same_numbers.py`` runs the same
batch and compares it with the stored snapshot.

Runs: the client report and the five analysis notebooks of ``socialroi batch`` for both bundled
samples, once in French
and once in English (one batch, four clients), and the tutorial with its solutions on both samples
in both languages (papermill). The output folder is kept (``--out``) so the HTML reports can be read.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ("fr", "en")
REL_TOL = 1e-9
ABS_TOL = 1e-12


def config() -> dict[str, Any]:
    """The bundled samples as four clients: each sample in each language."""
    import socialroi as sr

    clients = []
    for sample in sr.list_samples():
        for loc in LOCALES:
            clients.append({"name": f"{sample} {loc}", "data_dir": str(sr.io.sample_path(sample)),
                            "parameters": {"locale": loc}})
    return {"clients": clients}


def run_all(out: Path, *, workers: int = 2) -> tuple[dict[str, dict[str, Any]], Any]:
    """Run the batch and the tutorials into ``out``; (run id → results, batch run table)."""
    import papermill as pm

    import socialroi as sr

    table = sr.batch.run(config(), out=out / "batch", workers=workers, progress=False, force=True,
                         notebooks=ROOT / "notebooks")
    results: dict[str, dict[str, Any]] = {}
    for rec in table.to_dict(orient="records"):
        key = f"{rec['client']}/{rec['notebook']}"
        if rec["status"] != "ok":
            raise RuntimeError(f"{key} failed: {rec.get('error')}")
        results[key] = sr.report.read_results(rec["results"])
    for sample in sr.list_samples():
        for loc in LOCALES:
            key = f"{sample} {loc}/00_tutorial"
            folder = out / "tutorial" / f"{sample}-{loc}"
            folder.mkdir(parents=True, exist_ok=True)
            name = "00_tutorial" if loc == "fr" else f"00_tutorial_{loc}"  # one notebook per language (issue 16)
            pm.execute_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"), str(folder / f"{name}.ipynb"),
                                parameters={"data_dir": sample, "output_dir": str(folder), "locale": loc,
                                            "solutions": True},
                                kernel_name="python3", progress_bar=False, cwd=str(folder.parent))
            results[key] = sr.report.read_results(folder)
    return results, table


def differences(before: Mapping[str, Mapping[str, Any]], after: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Every difference between two snapshots, in words ([] when the numbers are the same)."""
    out = []
    for run in sorted(set(before) | set(after)):
        if run not in after:
            out.append(f"{run}: missing after")
            continue
        if run not in before:
            out.append(f"{run}: new run")
            continue
        b, a = before[run], after[run]
        for key in list(b) + [k for k in a if k not in b]:
            if key not in a:
                out.append(f"{run}: {key} missing after (was {b[key]!r})")
            elif key not in b:
                out.append(f"{run}: {key} new ({a[key]!r})")
            elif not same(b[key], a[key]):
                out.append(f"{run}: {key} was {b[key]!r}, now {a[key]!r}")
    return out


def same(x: Any, y: Any) -> bool:
    """Equal texts and missing values; numbers equal to 1e-9 relative (or 1e-12 absolute)."""
    if isinstance(x, bool) or isinstance(y, bool) or isinstance(x, str) or isinstance(y, str) or x is None or y is None:
        return x == y
    return math.isclose(float(x), float(y), rel_tol=REL_TOL, abs_tol=ABS_TOL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="store the snapshot in this JSON file")
    group.add_argument("--compare", type=Path, help="compare with this stored snapshot")
    parser.add_argument("--out", type=Path, default=None, help="output folder of the runs (default: a temporary one)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="socialroi-snapshot-"))
    results, _ = run_all(out, workers=args.workers)
    print(f"{len(results)} runs in {out}")
    if args.write:
        args.write.write_text(json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                              encoding="utf-8")
        print(f"wrote {args.write}")
        return 0
    diff = differences(json.loads(args.compare.read_text(encoding="utf-8")), results)
    for line in diff:
        print(line)
    print("same numbers" if not diff else f"{len(diff)} difference(s)")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
