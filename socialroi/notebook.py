"""The notebooks' helper: load and subset a dataset, the running :class:`Report`, and showing text
and tables in a notebook.

Everything a notebook needs that is not an analysis nor an interpretation lives here, so notebooks
stay a sequence of calls (no ``def`` or ``class`` in a notebook):

- :func:`load` — a dataset folder, or the name of a bundled sample;
- :func:`subset` — the same dataset restricted to a period and to platforms, with the locale and
  currency chosen for the report written into every table's metadata (so the library's labels
  follow them);
- :class:`Report` — the notebook's running state: which analyses can run (:meth:`Report.ready`
  prints *which* analysis is skipped and *why*), a guard that turns a data problem into a skip
  message (:meth:`Report.guard`), and the ``results`` dictionary handed to ``sr.report.write_results``;
- :func:`say`, :func:`show_table` — a paragraph or a table in the notebook (escaped: data never
  becomes markup); :func:`versions` — the versions table at the end of every notebook;
- :func:`default_campaign`, :func:`default_target`, :func:`default_exposure_metric` — parameters the
  notebooks resolve from the data; :func:`reporting` — the rows of the platforms that report a column;
- :func:`run_in_process` — a notebook's code cells run in this Python process (no kernel), e.g. to
  check quickly that a notebook's logic goes through on a dataset held in memory.

The interpretations are in :mod:`socialroi.narrative`, the texts in :mod:`socialroi.catalogue`.
"""

from __future__ import annotations

import contextlib
import importlib
import platform as _platform
import re
import sys
import textwrap
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import formatting as fmt
from .catalogue import dimension, has
from .catalogue import text as _text
from .errors import DataError, ParameterError
from .narrative.common import import_notes_text, pretty, table_ci_note
from .narrative.tables import format_table

__all__ = ["ANALYSES", "Analysis", "Report", "load", "subset", "say", "show_table", "versions", "default_campaign",
           "default_target", "default_exposure_metric", "reporting", "run_in_process", "InProcessRun"]


@dataclass(frozen=True)
class Analysis:
    """An analysis a notebook runs: the library function it needs and the tables (and columns) it reads.
    Its name in skip messages is the catalogue's ``analysis.<key>``.

    ``tables`` are all needed; ``any_tables``, when given, are alternatives of which at least one
    must hold data (the KPI board reads posts, the audience or mentions, whichever the data has);
    ``any_columns``: table → columns of which at least one must have a value (an engagement rate
    needs some engagement count: a YouTube Studio download without likes has none).
    """

    key: str
    module: str
    function: str
    tables: tuple[str, ...]
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    any_tables: tuple[str, ...] = ()
    any_columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def name(self, locale: str) -> str:
        """The analysis's name in ``locale``."""
        return _text(f"analysis.{self.key}", locale) if has(f"analysis.{self.key}", locale) else self.key

    @property
    def en(self) -> str:
        return self.name("en")

    @property
    def fr(self) -> str:
        return self.name("fr")


def _analyses(*rows: tuple[Any, ...]) -> dict[str, Analysis]:
    return {r[0]: Analysis(*r) for r in rows}


#: Analyses the notebooks run: library function and tables needed.
#: Columns of which an engagement rate needs at least one with a value.
_ENGAGEMENT_COUNTS = {"posts": ("reactions", "comments", "shares", "saves", "platform_engagements")}

ANALYSES: dict[str, Analysis] = _analyses(
    ("engagement_rate", "indicators", "engagement_rate", ("posts",), {}, (), _ENGAGEMENT_COUNTS),
    ("compare_rates", "indicators", "compare_rates", ("posts",), {}, (), _ENGAGEMENT_COUNTS),
    ("best_posting_times", "indicators", "best_posting_times", ("posts",), {}, (), _ENGAGEMENT_COUNTS),
    ("kpi_table", "indicators", "kpi_table", (), {}, ("posts", "audience", "mentions")),
    ("native_rates", "indicators", "native_rates", ("posts",)),
    ("share_of_voice", "indicators", "share_of_voice", ("mentions",)),
    ("net_sentiment", "indicators", "net_sentiment", ("mentions",), {"mentions": ("sentiment",)}),
    ("trend", "awareness", "trend_table", ("mentions",)),
    ("exposure_trend", "awareness", "trend_table", ("audience",)),
    ("campaign_lift", "awareness", "campaign_lift", ("audience",)),
    ("mentions_lift", "awareness", "campaign_lift", ("mentions",)),
    ("bad_buzz", "awareness", "detect_bad_buzz", ("mentions",), {"mentions": ("sentiment",)}),
    ("positive_share", "awareness", "positive_share_before_after", ("mentions",), {"mentions": ("sentiment",)}),
    ("audience_loyalty", "loyalty", "audience_loyalty", ("audience",), {"audience": ("followers",)}),
    ("engagers", "loyalty", "engager_summary", ("interactions",)),
    ("cohort_retention", "loyalty", "cohort_retention", ("interactions",)),
    ("rfm", "loyalty", "rfm", ("orders",)),
    ("bgnbd", "loyalty", "fit_bgnbd", ("orders",)),
    ("engaged_customers", "loyalty", "engaged_vs_non_engaged", ("orders", "interactions"), {"orders": ("user_id",)}),
    ("esov", "market_share", "esov", ("mentions", "market")),
    ("esov_regression", "market_share", "esov_regression", ("mentions", "market")),
    ("competitor_benchmark", "market_share", "competitor_benchmark", ("posts",), {"posts": ("brand",)}),
    ("mmm", "roi", "fit_mmm", ("spend", "outcomes")),
    ("economic_value", "indicators", "economic_value", ("posts",)),
    ("campaign_roi", "roi", "campaign_roi", ("posts", "spend")),
)


# --------------------------------------------------------------------------------------------
# Data: load, subset, parameters
# --------------------------------------------------------------------------------------------
def load(data_dir: Any) -> Any:
    """Load a dataset folder (``sr.load_dataset``), or a bundled sample given by its name; a
    ``Dataset`` already loaded is returned as it is (a notebook run in process on data in memory)."""
    from . import io as _io

    if isinstance(data_dir, _io.Dataset):
        return data_dir
    path = Path(data_dir)
    if path.is_dir():
        return _io.load_dataset(path)
    if str(data_dir) in _io.list_samples():
        return _io.load_sample(str(data_dir))
    raise DataError(f"data_dir={str(data_dir)!r}: no such dataset folder (nor a bundled sample: "
                    f"{_io.list_samples()})")


_TIME_COLUMNS = {"posts": "published_at", "interactions": "timestamp", "mentions": "timestamp",
                 "orders": "ordered_at", "audience": "date", "spend": "date", "outcomes": "date",
                 "market": "period"}
_PLATFORM_TABLES = ("posts", "audience", "interactions")


def _day(value: Any, name: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ParameterError(f"{name}={value!r}: expected a date 'YYYY-MM-DD' or None") from None
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def subset(ds: Any, *, start: Any = None, end: Any = None, platforms: Sequence[str] | None = None,
           locale: str | None = None, currency: str | None = None) -> Any:
    """The dataset restricted to ``start``..``end`` (inclusive days) and to ``platforms``.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (``sr.load_dataset``).
    start, end : date-like, optional
        First and last day kept (calendar days in the dataset timezone); None keeps everything.
        Market periods are kept when they start within [start rounded down to its month, end].
    platforms : list of str, optional
        Platforms kept in ``posts``, ``audience`` and ``interactions`` (lower case). Mentions,
        spend, outcomes, market and orders are not split by platform and are kept whole.
    locale, currency : str, optional
        Written into the metadata of the dataset and of every table, so that the library's labels
        and money formats follow the report's choice. ``locale`` is any CLDR locale ("fr", "en",
        "fr_CH", "de"...): numbers follow it, texts fall back to its language, then English.

    Returns
    -------
    Dataset
        A new dataset; ``ds`` and its tables are not modified. ``meta["period"]`` holds
        (start, end) as given.
    """
    from .io import Dataset

    lo, hi = _day(start, "start"), _day(end, "end")
    if lo is not None and hi is not None and hi < lo:
        raise ParameterError(f"end={end!r} is before start={start!r}")
    if platforms is not None:
        if isinstance(platforms, str):
            platforms = [platforms]
        plats = {str(p).strip().lower() for p in platforms}
    meta = dict(ds.meta)
    meta["locale"] = fmt.resolve(locale, ds)
    if currency is not None:
        if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
            raise ParameterError(f"currency={currency!r}: expected an ISO 4217 code such as 'EUR'")
        meta["currency"] = currency.upper()
    tables: dict[str, pd.DataFrame] = {}
    for name, df in ds.tables.items():
        if df is None:
            continue
        keep = np.ones(len(df), dtype=bool)
        col = _TIME_COLUMNS.get(name)
        if col in df.columns and (lo is not None or hi is not None):
            t = df[col]
            if getattr(t.dt, "tz", None) is not None:
                t = t.dt.tz_localize(None)
            if lo is not None:
                first = lo.to_period("M").start_time if name == "market" else lo
                keep &= (t >= first).fillna(False).to_numpy(dtype=bool)
            if hi is not None:
                keep &= (t < hi + pd.Timedelta(days=1)).fillna(False).to_numpy(dtype=bool)
        if platforms is not None and name in _PLATFORM_TABLES and "platform" in df.columns:
            keep &= df["platform"].str.lower().isin(plats).fillna(False).to_numpy(dtype=bool)
        out = df.loc[keep].reset_index(drop=True) if not keep.all() else df.copy()
        out.attrs = {**df.attrs, "meta": {**(df.attrs.get("meta") or {}), "locale": meta["locale"],
                                          "currency": meta["currency"]}}
        tables[name] = out
    meta_out = {**meta, "period": (None if lo is None else str(lo.date()), None if hi is None else str(hi.date())),
                "platforms": None if platforms is None else sorted(plats)}
    return Dataset(meta=meta_out, tables=tables, folder=ds.folder, notes=list(getattr(ds, "notes", []) or []))


def default_campaign(ds: Any, *, campaign: str | None = None, start: Any = None,
                     end: Any = None) -> tuple[str | None, pd.Timestamp | None, pd.Timestamp | None]:
    """Name and window of the campaign to evaluate.

    Explicit ``start``/``end`` win. Otherwise the window runs from the first to the last day of the
    posts tagged ``campaign`` (default: the named campaign whose posts are the most recent).
    Returns (None, None, None) when nothing is known.
    """
    lo, hi = _day(start, "campaign_start"), _day(end, "campaign_end")
    posts = ds.posts
    if posts is not None and "campaign" in posts.columns and (lo is None or hi is None or campaign is None):
        tagged = posts[posts["campaign"].notna() & (posts["campaign"].astype(str).str.strip() != "")]
        if len(tagged):
            t = tagged["published_at"]
            if getattr(t.dt, "tz", None) is not None:
                t = t.dt.tz_localize(None)
            if campaign is None:
                campaign = str(tagged.loc[t.idxmax(), "campaign"])
            sel = tagged["campaign"] == campaign
            if sel.any():
                lo = lo if lo is not None else t[sel].min().normalize()
                hi = hi if hi is not None else t[sel].max().normalize()
    if lo is None or hi is None:
        return campaign, None, None
    return campaign or "—", lo, hi


def default_target(ds: Any, target: str | None = None) -> str | None:
    """Outcome column to explain: ``target`` if given, else "revenue" when present, else the first
    numeric column of ``outcomes`` (None without outcomes)."""
    if target is not None:
        return target
    out = ds.outcomes
    if out is None:
        return None
    if "revenue" in out.columns:
        return "revenue"
    numeric = [c for c in out.columns if c != "date" and pd.api.types.is_numeric_dtype(out[c])]
    return numeric[0] if numeric else None


#: Daily audience counts of exposure, in the order :func:`default_exposure_metric` looks for them.
EXPOSURE_METRICS: tuple[str, ...] = ("reach", "impressions", "video_views")


def default_exposure_metric(ds: Any, metric: str | None = None) -> str | None:
    """The daily audience count whose trend the awareness notebook shows: ``metric`` if given, else
    the first of reach, impressions and video views (a YouTube channel's daily views) that the
    audience table holds; None without any."""
    if metric is not None:
        return metric
    aud = ds.audience
    if aud is None:
        return None
    return next((c for c in EXPOSURE_METRICS if c in aud.columns and aud[c].notna().any()), None)


def reporting(table: pd.DataFrame | None, column: str | None) -> pd.DataFrame | None:
    """The rows of the platforms that report ``column`` (at least one value): a daily total over
    platforms is unknown on a day one of them lacks, so a platform whose export never has the column
    (a YouTube channel has no reach) is left out rather than blanking every day. ``table`` itself
    without a ``platform`` column; None without a table or a column."""
    if table is None or column is None or column not in table.columns:
        return None
    if "platform" not in table.columns:
        return table
    has = table[column].notna().groupby(table["platform"]).any()
    return table[table["platform"].isin(has[has].index)]


# --------------------------------------------------------------------------------------------
# Report: readiness, skips, results
# --------------------------------------------------------------------------------------------
class Report:
    """Running state of a notebook: locale, skip messages and the results dictionary.

    Parameters
    ----------
    ds : Dataset
        The dataset as analysed (usually from :func:`subset`).
    notebook : str
        Notebook name, written into the results.

    Attributes
    ----------
    results : dict
        Headline KPIs, name → number or string (what ``sr.report.write_results`` writes).
    skipped : dict
        Analysis → reason, for every analysis skipped.
    """

    def __init__(self, ds: Any, *, notebook: str) -> None:
        self.ds = ds
        self.notebook = notebook
        self.locale = fmt.resolve(None, ds)
        self.currency = str(ds.meta.get("currency") or "EUR")
        self.skipped: dict[str, str] = {}
        period = ds.meta.get("period") or (None, None)
        self.results: dict[str, Any] = {
            "notebook": notebook,
            "dataset": str(ds.meta.get("name")),
            "locale": self.locale,
            "currency": self.currency,
            "period_start": period[0] or self._bound("min"),
            "period_end": period[1] or self._bound("max"),
        }
        posts = ds.posts
        if posts is not None:
            self.has_data = len(posts) > 0
        else:  # a dataset without posts (listening or page-level data only)
            self.has_data = any(df is not None and len(df) > 0 for df in ds.tables.values())
        self.results["n_posts"] = 0 if posts is None else int(len(posts))

    def _bound(self, how: str) -> str | None:
        """First or last day of the data: of the posts, or of every table when there are no posts."""
        posts = self.ds.posts
        if posts is not None:
            frames = [(posts, "published_at")] if len(posts) else []
        else:
            frames = [(df, _TIME_COLUMNS[name]) for name, df in self.ds.tables.items()
                      if df is not None and len(df) and _TIME_COLUMNS.get(name) in df.columns]
        days = []
        for df, col in frames:
            t = df[col]
            if getattr(t.dt, "tz", None) is not None:
                t = t.dt.tz_localize(None)
            if t.notna().any():
                days.append(getattr(t, how)())
        if not days:
            return None
        return str(getattr(pd.Series(days), how)().date())

    # -- text ------------------------------------------------------------------------------
    def text(self, key: str, **kw: Any) -> str:
        """A message of the catalogue in the report's locale."""
        return _text(key, self.locale, **kw)

    def say(self, text: str) -> None:
        """Show a paragraph: in a notebook, as Markdown prose (every character of the text escaped,
        so data such as brand names never becomes markup); elsewhere printed, wrapped."""
        say(text)

    def table(self, frame: pd.DataFrame, **kw: Any) -> None:
        """Show ``frame`` formatted for the client (``format_table`` in the report's locale and
        currency), without its index; when it shows intervals, say under it what they rest on."""
        shown = format_table(frame, locale=self.locale, currency=self.currency, **kw)
        show_table(shown)
        note = table_ci_note(frame, shown, locale=self.locale)
        if note:
            self.say(note)

    def period_text(self) -> str:
        lo, hi = self.results.get("period_start"), self.results.get("period_end")
        if lo is None and hi is None:
            return self.text("whole_period")
        return self.text("period", start=fmt.date(lo, locale=self.locale), end=fmt.date(hi, locale=self.locale))

    def overview(self) -> pd.DataFrame:
        """Print what the dataset holds for the period, and return ``ds.summary()``."""
        from .schema import TABLES

        ds = self.ds
        loc = self.locale
        if not self.has_data:
            self.say(self.text("no_data" if ds.posts is not None else "no_data_any", period=self.period_text()))
        else:
            present = [t for t in TABLES if ds.tables.get(t) is not None]
            absent = [t for t in TABLES if ds.tables.get(t) is None]
            plats = ds.meta.get("platforms")
            self.say(self.text(
                "overview" if ds.posts is not None else "overview_no_posts", name=ds.meta.get("name"),
                n_posts=fmt.integer(0 if ds.posts is None else len(ds.posts), locale=loc),
                first=fmt.date(self.results["period_start"], locale=loc),
                last=fmt.date(self.results["period_end"], locale=loc),
                platforms=self.text("overview_platforms", platforms=", ".join(pretty(p, locale=loc) for p in plats))
                if plats else "",
                present=", ".join(pretty(p, locale=loc) for p in present),
                absent=self.text("overview_absent", absent=", ".join(pretty(a, locale=loc) for a in absent))
                if absent else ""))
        notes = import_notes_text(getattr(ds, "notes", None) or [], locale=loc)
        if notes:
            self.say(notes)
        return ds.summary()

    def heading(self, key: str, *, level: int = 2) -> None:
        """Show a localised heading (a catalogue key, e.g. "h_er") as Markdown."""
        _markdown("#" * level + " " + _escape_md(self.text(key)))

    def title(self) -> None:
        """Show the notebook's title, the dataset name and the business question."""
        code = self.notebook[:2]
        _markdown(f"# {_escape_md(self.text('title_' + code))}\n\n**{_escape_md(str(self.ds.meta.get('name')))}**"
                  f" — {_escape_md(self.period_text())}\n\n{_escape_md(self.text('q_' + code))}")

    def record(self, name: str, table: pd.DataFrame, *, value: str | None = None, by: str | Sequence[str] | None = None,
               ci: tuple[str, str] = ("ci_low", "ci_high")) -> None:
        """Put a value and its interval in ``results``.

        Without ``by``: ``name``, ``name_ci_low``, ``name_ci_high`` from the first row of ``table``
        (column ``value``, default ``name``), and ``name_ci_n`` / ``name_ci_unit`` — what the
        interval rests on (e.g. 48, "posts") when the table says so; ``None`` when ``table`` has no
        row. With ``by``:
        ``name_<level>`` for each row; ``by`` a list of columns: ``name_<a>_<b>`` (e.g. the rate
        ratio of a format within a platform, ``rate_ratio_linkedin_photo``).
        """
        col = value or name
        unit = (table.attrs or {}).get("ci_unit")
        units = ("posts", "days", "weeks", "users", "customers", "mentions", "followers", "trials", "periods")

        def basis(i: int) -> tuple[Any, Any]:
            # what the interval of row i rests on: (number of units, unit)
            if "n_units" in table.columns and "ci_unit" in table.columns:
                return _plain(table["n_units"].iloc[i]), str(table["ci_unit"].iloc[i])
            if "ci_count" in (table.attrs or {}) and not table.attrs["ci_count"]:
                return None, None  # not one row's count (e.g. a rate ratio rests on two levels)
            for count in ("n_posts", "n_days"):
                if count in table.columns and unit in units:
                    return _plain(table[count].iloc[i]), unit
            return None, None

        def put(key: str, i: int) -> None:
            self.results[key] = _plain(table[col].iloc[i])
            if ci[0] in table.columns and ci[1] in table.columns:
                self.results[f"{key}_ci_low"] = _plain(table[ci[0]].iloc[i])
                self.results[f"{key}_ci_high"] = _plain(table[ci[1]].iloc[i])
                n, u = basis(i)
                if n is not None and not fmt.is_missing(self.results[f"{key}_ci_low"]):
                    self.results[f"{key}_ci_n"], self.results[f"{key}_ci_unit"] = n, u

        if by is None:
            if len(table):
                put(name, 0)
            else:  # nothing to record (e.g. the brand has no mention of its own): no value, not a crash
                self.results[name] = None
        else:
            cols = [by] if isinstance(by, str) else list(by)
            for i in range(len(table)):
                put("_".join([name, *(_key(str(table[c].iloc[i])) for c in cols)]), i)

    def window_ok(self, analysis: str, start: Any, end: Any, series: pd.Series | None = None,
                  *, min_before: int = 28) -> bool:
        """True when the campaign window is known and inside ``series`` with ``min_before`` points before."""
        if start is None or end is None:
            self.skip(analysis, self.text("reason_no_campaign"))
            return False
        if series is not None:
            idx = series.dropna().index
            first, last = (idx.min(), idx.max()) if len(idx) else (None, None)
            before = int((idx < pd.Timestamp(start)).sum()) if len(idx) else 0
            if first is None or pd.Timestamp(end) > last or pd.Timestamp(start) < first or before < min_before:
                day = lambda x: fmt.date(x, locale=self.locale)  # noqa: E731
                self.skip(analysis, self.text("reason_window", start=day(start), end=day(end), first=day(first),
                                              last=day(last)))
                return False
        return True

    def label(self, analysis: str) -> str:
        """Name of an analysis in the report's locale."""
        a = ANALYSES.get(analysis)
        return analysis if a is None else a.name(self.locale)

    def skip(self, analysis: str, reason: str) -> None:
        """Record and print that ``analysis`` is skipped, and why."""
        self.skipped[analysis] = reason
        self.say(self.text("skipped", analysis=self.label(analysis), reason=reason))

    def ready(self, analysis: str, *, columns: Mapping[str, Sequence[str | None]] | None = None,
              after: str | None = None) -> bool:
        """True when ``analysis`` can run: the library has it, and its tables have data.

        ``columns`` adds columns this run needs (table → columns, e.g. the column a parameter
        names: ``{"posts": [compare_by]}``); a column absent or entirely empty is a skip, in the
        report's words. ``after``: an analysis of the notebook whose result this one reads (the
        ESOV regression reads the ESOV table); when that one was skipped, so is this one, saying
        why. Otherwise prints which analysis is skipped and why, records it, and returns False.
        """
        if after is not None and after in self.skipped:
            self.skip(analysis, self.text("reason_after", analysis=self.label(after)))
            return False
        a = ANALYSES.get(analysis)
        if a is None:
            raise ParameterError(f"unknown analysis {analysis!r}; known: {sorted(ANALYSES)}")
        try:
            module = importlib.import_module(f"socialroi.{a.module}")
            available = callable(getattr(module, a.function, None))
        except ImportError:
            available = False
        if not available:
            self.skip(analysis, self.text("reason_missing_fn", module=a.module, function=a.function))
            return False
        for table in a.tables:
            df = self.ds.tables.get(table)
            if df is None:
                self.skip(analysis, self.text("reason_no_posts" if table == "posts" else "reason_table", table=table))
                return False
            if len(df) == 0:
                self.skip(analysis, self.text("reason_empty", table=table, period=self.period_text()))
                return False
        if a.any_tables and not any(self.ds.tables.get(t) is not None and len(self.ds.tables[t]) for t in a.any_tables):
            self.skip(analysis, self.text("reason_any_table", tables=", ".join(a.any_tables), period=self.period_text()))
            return False
        for table, cols in a.columns.items():
            df = self.ds.tables.get(table)
            missing = [c for c in cols if df is not None and c not in df.columns]
            if missing:
                self.skip(analysis, self.text("reason_columns", table=table, columns=", ".join(missing)))
                return False
            if df is not None and all(df[c].isna().all() for c in cols):
                self.skip(analysis, self.text("reason_columns", table=table, columns=", ".join(cols)))
                return False
        for table, cols in a.any_columns.items():
            df = self.ds.tables.get(table)
            if df is not None and not any(c in df.columns and df[c].notna().any() for c in cols):
                self.skip(analysis, self.text("reason_no_values", table=pretty(table, locale=self.locale),
                                              columns=", ".join(pretty(c, locale=self.locale) for c in cols)))
                return False
        for table, cols in (columns or {}).items():
            df = self.ds.tables.get(table)
            if df is None:
                continue
            wanted = [str(c) for c in cols if c is not None]
            missing = [c for c in wanted if c not in df.columns]
            if missing:
                self.skip(analysis, self.text("reason_columns", table=table, columns=", ".join(missing)))
                return False
            empty = [c for c in wanted if df[c].isna().all()]
            if empty:
                self.skip(analysis, self.text("reason_column_empty", table=pretty(table, locale=self.locale),
                                              columns=", ".join(dimension(c, self.locale) for c in empty)))
                return False
        return True

    @contextlib.contextmanager
    def guard(self, analysis: str) -> Iterator[None]:
        """Run a block; a ``DataError``/``ParameterError`` becomes a skip message (the notebook goes on)."""
        try:
            yield
        except DataError as exc:
            self.skip(analysis, self.text("reason_error", error=_short(exc)))
        except ParameterError as exc:
            self.skip(analysis, self.text("reason_param", error=_short(exc)))

    def finish(self) -> dict[str, Any]:
        """The results to write: KPIs plus ``analyses_skipped`` (count) and ``skipped`` (names)."""
        out = dict(self.results)
        out["analyses_skipped"] = len(self.skipped)
        out["skipped"] = ", ".join(self.skipped) if self.skipped else ""
        return out


def _plain(v: Any) -> Any:
    """A value of a table as a plain Python number or text (for results.json)."""
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v)
    if v is pd.NA or v is None:
        return None
    if isinstance(v, (int, str)):
        return v
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


def _key(level: str) -> str:
    out = "".join(c if c.isalnum() else "_" for c in str(level).strip().lower())
    return out.strip("_") or "other"


def _short(exc: Exception, n: int = 300) -> str:
    msg = "; ".join(exc.problems) if getattr(exc, "problems", None) else str(exc)
    msg = " ".join(msg.split())
    return msg if len(msg) <= n else msg[: n - 1] + "…"


# --------------------------------------------------------------------------------------------
# Showing text and tables
# --------------------------------------------------------------------------------------------
def _escape_md(text: str) -> str:
    """Escape text for Markdown (and HTML): data such as brand names must never become markup."""
    import html

    out = html.escape(str(text), quote=False)
    for ch in "\\`*_[]#|":
        out = out.replace(ch, "\\" + ch)
    return out


def _no_block_start(par: str) -> str:
    """Escape what would make a paragraph a Markdown list or quote ("- x", "+ x", "1. x", "> x")."""
    m = re.match(r"^(\d+)([.)])(\s)", par)
    if m:
        return f"{m.group(1)}\\{m.group(2)}{par[len(m.group(1)) + 1:]}"
    return ("\\" + par) if par[:1] in "-+>" else par


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (papermill runs), where Markdown outputs are rendered."""
    ip = sys.modules.get("IPython")
    if ip is None:
        return False
    try:
        shell = ip.get_ipython()
    except AttributeError:  # pragma: no cover
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _markdown(text: str) -> None:
    if not _in_kernel():  # a script, a terminal, a notebook run in process: the text itself
        print(text)
        return
    from IPython.display import Markdown, display

    display(Markdown(text))


def say(text: str) -> None:
    """Show plain text as a paragraph: Markdown prose in a notebook (every character escaped, so
    data such as brand names never becomes markup; one paragraph per line), printed elsewhere."""
    if not text:
        return
    if _in_kernel():
        paras = [_escape_md(p) for p in str(text).split("\n") if p.strip()]
        _markdown("\n\n".join(_no_block_start(p) for p in paras))
    else:
        print("\n".join(textwrap.fill(par, width=100) for par in str(text).split("\n")))


def show_table(table: pd.DataFrame) -> None:
    """Display a table of text without its index (an HTML table in reports; text elsewhere)."""
    if not _in_kernel():
        print(table.to_string(index=False))
        return
    from IPython.display import display

    display(table.style.hide(axis="index"))


def versions(packages: Sequence[str] = ("socialroi", "pandas", "numpy", "scipy", "statsmodels",
                                         "matplotlib", "papermill", "babel", "jinja2")) -> pd.DataFrame:
    """Python, platform and package versions: one row per item (``package``, ``version``)."""
    from importlib import metadata

    rows = [("python", sys.version.split()[0]), ("platform", _platform.platform())]
    for p in packages:
        try:
            v = metadata.version(p)
        except metadata.PackageNotFoundError:
            v = "—"
        rows.append((p, v))
    return pd.DataFrame(rows, columns=["package", "version"])


# --------------------------------------------------------------------------------------------
# A notebook's logic run in this process
# --------------------------------------------------------------------------------------------
@dataclass
class InProcessRun:
    """What :func:`run_in_process` returns: the ``results`` the notebook wrote (``None`` for a
    notebook that writes none), everything it printed (``text``: headings, sentences, tables as
    text, skip messages) and its variables (``namespace``)."""

    results: dict[str, Any] | None
    text: str
    namespace: dict[str, Any]


def run_in_process(notebook: str | Path, *, parameters: Mapping[str, Any] | None = None) -> InProcessRun:
    """Run the code cells of a notebook in this Python process, as papermill would in a kernel.

    The ``parameters`` cell runs first, then ``parameters`` replace its values (papermill's
    injected cell); every other code cell runs in order in one namespace, with matplotlib's
    non-interactive Agg canvas (figures are drawn, then closed after each cell). Markdown and
    tables are printed as text (:func:`say`, :func:`show_table`). An exception in a cell
    propagates (its traceback names the cell: ``01_engagement.ipynb[cell 5]``).

    Why: a kernel takes seconds to start; checking that the notebooks' logic goes through many
    small datasets (``tests/test_client_folders.py`` runs the five analysis notebooks on
    hypothesis-generated degenerate datasets) is fast in process. ``data_dir`` may then be a
    ``Dataset`` held in memory (:func:`load` takes one). The reports clients read are still made
    by papermill (``socialroi batch``).

    Parameters
    ----------
    notebook : str or path
        A ``.ipynb`` file, or the name of a notebook of the notebooks folder (``"01_engagement"``;
        ``socialroi.batch.default_notebooks_dir``).
    parameters : mapping, optional
        Values of the parameters cell (``data_dir``, ``output_dir``, ``locale``...).

    Returns
    -------
    InProcessRun
    """
    import io
    import json

    import matplotlib.pyplot as plt
    import nbformat

    path = Path(notebook)
    if not path.suffix:
        from .batch import default_notebooks_dir

        folder = default_notebooks_dir()
        if folder is None:
            raise ParameterError(f"notebook={str(notebook)!r}: no notebooks folder found; pass the .ipynb path")
        path = folder / f"{notebook}.ipynb"
    if not path.is_file():
        raise ParameterError(f"notebook={str(notebook)!r}: no such notebook ({path})")
    nb = nbformat.read(path, as_version=4)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    started = time.time()
    out = io.StringIO()
    backend = plt.get_backend()
    plt.switch_backend("Agg")
    try:
        with contextlib.redirect_stdout(out):
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                try:
                    exec(compile(cell.source, f"{path.name}[cell {i}]", "exec"), namespace)  # noqa: S102
                finally:
                    plt.close("all")
                if "parameters" in cell.get("metadata", {}).get("tags", []):
                    namespace.update(parameters or {})
    finally:
        if backend.lower() != "agg":
            plt.switch_backend(backend)
    results = None
    output_dir = namespace.get("output_dir")
    written = None if output_dir is None else Path(output_dir) / "results.json"
    if written is not None and written.is_file() and written.stat().st_mtime >= started - 1:  # this run's
        results = json.loads(written.read_text(encoding="utf-8"))
    return InProcessRun(results=results, text=out.getvalue(), namespace=namespace)
