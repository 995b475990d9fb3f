"""The ``socialroi`` command line.

Subcommands
-----------
``socialroi validate FOLDER``          check a dataset folder, print every problem (exit 1 if unusable)
``socialroi kpis FOLDER``              print the standard KPI board of a dataset
``socialroi sample --out DIR``         regenerate the bundled sample datasets (byte for byte)
``socialroi import EXPORTS --out DIR`` turn platform exports into a dataset folder
``socialroi batch [CONFIG] ...``       run every notebook for every client (HTML reports, summary)
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from . import formatting as fmt
from ._version import __version__
from .errors import DataError, ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["main"]


def _print_problems(exc: DataError) -> None:
    print(f"{len(exc.problems)} problem(s) found:", file=sys.stderr)
    for p in exc.problems:
        print(f"  - {p}", file=sys.stderr)


def _cmd_validate(args: argparse.Namespace) -> int:
    from .io import load_dataset

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = load_dataset(args.folder)
        except DataError as exc:
            print(f"{args.folder}: NOT usable", file=sys.stderr)
            _print_problems(exc)
            return 1
    print(f"{ds.meta['name']} ({args.folder}) — brand {ds.meta['brand']}, {ds.meta['currency']}, "
          f"{ds.meta['timezone']}, locale {ds.meta['locale']}")
    summary = ds.summary()
    width = max(len(t) for t in summary["table"])
    for row in summary.itertuples():
        first = "" if row.first is None else str(row.first)[:10]
        last = "" if row.last is None else str(row.last)[:10]
        rows = fmt.integer(row.rows, locale="en")
        print(f"  {row.table:<{width}}  {rows:>8} rows  {first} → {last}")
    for w in caught:
        print(f"  warning: {w.message}")
    print("OK: the dataset is usable")
    return 0


def _cmd_kpis(args: argparse.Namespace) -> int:
    from . import indicators
    from .io import load_dataset

    try:
        ds = load_dataset(args.folder)
    except DataError as exc:
        _print_problems(exc)
        return 1
    table = indicators.kpi_table(ds, by=args.by, freq=args.freq)
    loc = fmt.resolve(args.locale)
    print(f"{ds.meta['name']}: KPI board by {args.by}, periods {args.freq} (value [95% interval])")
    periods = sorted(table["period"].dropna().unique())[-args.last:] if "period" in table else [None]
    for period in periods:
        sub = table if period is None else table[table["period"] == period]
        print(f"\n== {fmt.period(period, freq=args.freq, locale=loc) if period is not None else 'all'}")
        print(_format_board(sub, by=args.by, locale=loc))
    return 0


def _format_board(sub: pd.DataFrame, *, by: str, locale: str = "en") -> str:
    """KPIs as rows, groups as columns; a value with an interval reads 'v [low, high]' (numbers in ``locale``)."""
    import pandas as pd

    labels = sub[by].astype(str).tolist() if by in sub.columns else ["all"]
    skip = {by, "period"}
    values = [c for c in sub.columns if c not in skip and not c.endswith(("_ci_low", "_ci_high"))]
    rows = {}
    for c in values:
        if not pd.api.types.is_numeric_dtype(sub[c]):
            continue
        cells = []
        lo, hi = f"{c}_ci_low", f"{c}_ci_high"
        for i in range(len(sub)):
            v = sub[c].iloc[i]
            if fmt.is_missing(v):
                cells.append("")
            elif lo in sub.columns and hi in sub.columns:
                cells.append(fmt.interval(v, sub[lo].iloc[i], sub[hi].iloc[i], kind="auto", locale=locale, digits="auto"))
            else:
                cells.append(fmt.number(v, locale=locale, digits="auto"))
        rows[c] = cells
    board = pd.DataFrame(rows, index=labels).T
    return board.to_string()


def _cmd_sample(args: argparse.Namespace) -> int:
    from .samples import generate_samples

    for folder in generate_samples(args.out):
        print(f"wrote {folder}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from . import importers

    try:
        report = importers.import_exports(args.exports, args.out, **_import_options(args))
    except DataError as exc:
        _print_problems(exc)
        return 1
    print(report.to_markdown())
    return 0


def _import_options(args: argparse.Namespace) -> dict[str, object]:
    opts: dict[str, object] = {}
    for key in ("timezone", "name", "brand", "currency", "locale", "date_order", "source_timezone", "end_date",
                "year", "encoding"):
        value = getattr(args, key, None)
        if value is not None:
            opts[key] = value
    if args.competitors is not None:
        opts["competitors"] = [c.strip() for c in args.competitors.split(",") if c.strip()]
    opts["on_unrecognised"] = "raise" if args.fail_on_unrecognised else "skip"
    return opts


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="socialroi", description="Does social media pay off? Measured honestly.")
    parser.add_argument("--version", action="version", version=f"socialroi {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a dataset folder and print every problem found")
    p.add_argument("folder", type=Path)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("kpis", help="print the standard KPI board of a dataset folder")
    p.add_argument("folder", type=Path)
    p.add_argument("--by", default="platform")
    p.add_argument("--freq", default="MS")
    p.add_argument("--last", type=int, default=3, help="number of last periods to show")
    p.add_argument("--locale", default="en", help="how numbers are written: en, fr, fr_CH, de... (default en)")
    p.set_defaults(func=_cmd_kpis)

    p = sub.add_parser("sample", help="regenerate the bundled sample datasets")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=_cmd_sample)

    p = sub.add_parser("import", help="turn platform exports into a dataset folder")
    p.add_argument("exports", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--timezone", default=None, help="dataset timezone (default Europe/Paris)")
    p.add_argument("--source-timezone", default=None, help="timezone of naive timestamps in the exports")
    p.add_argument("--name", default=None, help="client name for dataset.yml (default: the folder name)")
    p.add_argument("--brand", default=None, help="own brand as written in mentions (default: name)")
    p.add_argument("--competitors", default=None, help="comma-separated competitor brands")
    p.add_argument("--currency", default=None)
    p.add_argument("--locale", default=None, choices=["fr", "en"])
    p.add_argument("--date-order", default=None, choices=["dmy", "mdy"],
                   help="day/month order for ambiguous dates (default: decided per file, and reported)")
    p.add_argument("--end-date", default=None,
                   help="days written without a year (TikTok Studio): the last day the export covers, YYYY-MM-DD "
                        "(default: taken from the download itself)")
    p.add_argument("--year", type=int, default=None, help="or the year of that last day")
    p.add_argument("--encoding", default=None, help="encoding of the text exports (default: detected, strictly)")
    p.add_argument("--fail-on-unrecognised", action="store_true",
                   help="a file no family recognises is an error (default: skipped with a warning in the report)")
    p.add_argument("--skip-unrecognised", action="store_true",
                   help="(the default now; kept for old scripts)")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("batch", help="run every notebook for every client", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "batch":
        from . import batch

        return int(batch.main(argv[1:]))
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (DataError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
