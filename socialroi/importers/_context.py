"""Conversion context handed to each family's converter (private).

A converter receives ``ctx`` whose ``src`` frame has one column per recognised field key (raw
cells) and builds canonical rows through ``ctx.count``/``ctx.text``/``ctx.when``..., which also
record which source column went to which canonical column, for the mapping report, and name the
file line (text files) or sheet row (workbooks) of any value they cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError
from . import _parse

__all__: list[str] = []


@dataclass(frozen=True)
class YearEvidence:
    """What gives the year of dates written without one (TikTok Studio), and how sure it is.

    ``end``: the last day the export can cover (a download date, or ``end_date=``); ``after``: a day
    the export's last day cannot be before (the latest post of Content.csv when the download date
    is unknown); ``source``: the sentence the report and the notebooks show.
    """

    source: str
    end: pd.Timestamp | None = None
    after: pd.Timestamp | None = None
    kind: str = "evidence"  # end_date | year | content | name | video_ids


def no_year_error(file: str, column: str, example: object) -> DataError:
    return DataError(
        f"column {column!r} has days without a year (e.g. {example!r}) and nothing in the download gives "
        "the year (no Content.csv with video links, no download date in the file, folder or zip name). "
        "The file's modification time is no evidence (copying or unzipping changes it), so the year is "
        "not guessed: give it with end_date='YYYY-MM-DD' (the last day the export covers, usually the day "
        "before the download) or year=YYYY (the year of that last day) — from the command line "
        "--end-date / --year",
        file=file,
    )


@dataclass
class Ctx:
    src: pd.DataFrame  # columns = field keys, raw cells
    labels: dict[str, str]  # field key -> source header as written
    file: str
    family: str
    timezone: str
    source_tz: str | None
    snapshot: pd.Timestamp
    preamble: list[list[Any]]
    decimal: str = "."
    french: bool = False
    date_order: str | None = None  # user's choice for ambiguous numeric dates
    rows: list[int] | None = None  # file line (text) or sheet row (workbook) of each src row
    row_word: str = "row"
    years: YearEvidence | None = None  # for dates without a year
    mapping: dict[str, str] = field(default_factory=dict)  # source label -> canonical column
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    assumptions: list[dict[str, Any]] = field(default_factory=list)
    times: dict[str, int] = field(default_factory=lambda: {"timed": 0, "aware": 0, "days": 0})
    dropped_rows: int = 0

    # --------------------------------------------------------------------- access
    def has(self, *keys: str) -> bool:
        return any(k in self.src.columns for k in keys)

    def _record(self, keys: tuple[str, ...], to: str | None) -> None:
        if to is None:
            return
        for k in keys:
            if k in self.src.columns:
                label = self.labels.get(k, k)
                self.mapping[label] = to if label not in self.mapping else self.mapping[label] + ", " + to

    def _missing(self, dtype: str) -> pd.Series:
        return pd.Series(pd.array([pd.NA] * len(self.src), dtype=dtype), index=self.src.index)

    def where(self, positions: list[int], values: list[Any] | None = None) -> str:
        """``lines 12, 14 (values ...)``: the rows at these 0-based positions, as the user finds them."""
        return _parse.where(positions, self.rows, self.row_word, values)

    def count(self, *keys: str, to: str | None = None) -> pd.Series:
        """Nullable Int64 from the first key present; all missing when none is present."""
        for k in keys:
            if k in self.src.columns:
                self._record((k,), to)
                return pd.Series(_parse.count(self.src[k], file=self.file, column=self.labels[k], decimal=self.decimal,
                                              rows=self.rows, word=self.row_word), index=self.src.index)
        return self._missing("Int64")

    def count_sum(self, *keys: str, to: str | None = None) -> pd.Series:
        """Sum of the keys present (missing only when every part is missing)."""
        parts = [self.count(k, to=to) for k in keys if k in self.src.columns]
        if not parts:
            return self._missing("Int64")
        frame = pd.concat(parts, axis=1)
        total = frame.sum(axis=1, min_count=1)
        return total.astype("Int64")

    def number(self, *keys: str, to: str | None = None) -> pd.Series:
        for k in keys:
            if k in self.src.columns:
                self._record((k,), to)
                return pd.Series(_parse.number(self.src[k], file=self.file, column=self.labels[k], decimal=self.decimal,
                                               rows=self.rows, word=self.row_word), index=self.src.index)
        return pd.Series(np.nan, index=self.src.index, dtype="float64")

    def seconds(self, *keys: str, to: str | None = None) -> pd.Series:
        """Durations in seconds from the first key present (``H:MM:SS``, ``M:SS`` or seconds)."""
        for k in keys:
            if k in self.src.columns:
                self._record((k,), to)
                return pd.Series(_parse.seconds(self.src[k], file=self.file, column=self.labels[k], rows=self.rows,
                                                word=self.row_word), index=self.src.index)
        return pd.Series(np.nan, index=self.src.index, dtype="float64")

    def text(self, *keys: str, to: str | None = None) -> pd.Series:
        for k in keys:
            if k in self.src.columns:
                self._record((k,), to)
                return _parse.text(self.src[k]).set_axis(self.src.index)
        return self._missing("string")

    def when(self, key: str, *, to: str | None, order: str = "mdy", reason: str = "", yearless: str = "sequence",
             near: pd.Series | None = None, after: pd.Timestamp | None = None) -> _parse.ParsedWhen:
        """Parse a date/time column. Days written without a year get one from ``self.years``:

        ``yearless="sequence"``: a daily file in date order, its last row on or before the export's
        last day (``years_from_end``; the days must increase, gaps are reported); ``"posts"``: each
        day in the year nearest ``near`` (e.g. the post time in a TikTok video id), else the latest
        year not after the export's end; ``"latest"``: the latest year not after the export's end;
        ``"after"``: the earliest date on or after ``after`` (an as-of date after the latest post).
        """
        self._record((key,), to)
        if self.date_order:
            order, reason = self.date_order, "the date_order argument"
        parsed = _parse.when(self.src[key].reset_index(drop=True), file=self.file, column=self.labels[key], order=order,
                             order_reason=reason, rows=self.rows, word=self.row_word)
        for s in (parsed.naive, parsed.has_time, parsed.aware_utc, parsed.year_missing, parsed.month, parsed.day):
            s.index = self.src.index
        self.times["parsed"] = self.times.get("parsed", 0) + int(parsed.naive.notna().sum() + parsed.year_missing.sum())
        for n in parsed.notes:  # an ambiguous day/month order is a warning: the rule may be wrong
            (self.warnings if "AMBIGUOUS" in n else self.notes).append(n)
        if parsed.year_missing.any():
            self._give_years(parsed, key, yearless=yearless, near=near, after=after)
        return parsed

    def _give_years(self, parsed: _parse.ParsedWhen, key: str, *, yearless: str, near: pd.Series | None,
                    after: pd.Timestamp | None = None) -> None:
        ym = parsed.year_missing
        label = self.labels[key]
        month, day = parsed.month[ym], parsed.day[ym]
        example = self.src[key][ym].iloc[0]
        dates = pd.Series(pd.NaT, index=month.index, dtype="datetime64[ns]")
        how = ""
        if yearless == "posts" and near is not None and near[ym].notna().any():
            dates = _parse.years_near(month, day, near[ym])
            far = (dates - pd.to_datetime(near[ym]).dt.normalize()).abs() > pd.Timedelta(days=2)
            if far.any():
                pos = [int(self.src.index.get_loc(i)) for i in far[far].index[:5]]
                self.warn(f"{int(far.sum())} {label!r} day(s) differ by more than 2 days from the posting time in "
                          f"the video id ({self.where(pos)}): the day of {label!r} was kept")
            how = "the posting time encoded in each video id (TikTok ids start with the Unix time of posting)"
        if yearless == "after" and after is not None:
            dates = _parse.years_after(month, day, after)
            how = f"the first such day on or after {pd.Timestamp(after).date()} (the latest post, dated by its video id)"
        todo = dates.isna()
        if todo.any():
            ev = self.years
            if ev is None:
                raise no_year_error(self.file, label, example)
            if yearless == "sequence":
                if len(self.src) != int(ym.sum()):
                    raise DataError(f"column {label!r}: some days have a year and others not", file=self.file)
                got, problems = _parse.years_from_end(month[todo], day[todo], end=ev.end, after=ev.after)
                if problems:
                    raise DataError(f"column {label!r}: {problems[0]}; the year cannot be settled from "
                                    f"{ev.source}: check the file, or give end_date=", file=self.file)
                days = got.dropna().drop_duplicates()
                steps = days.diff().dropna()
                gaps = steps[steps > pd.Timedelta(days=1)]
                if len(gaps):
                    first = gaps.index[0]
                    self.warn(f"the days of {label!r} are not consecutive: {len(gaps)} gap(s), the first before "
                              f"{got[first].date()} ({self.where([int(self.src.index.get_loc(first))])}); the years "
                              "were still counted back from the last row")
                else:
                    self.note(f"the days of {label!r} are consecutive and increasing ({days.min().date()} to "
                              f"{days.max().date()}), as a download covering days up to its end")
            else:
                if ev.end is None:
                    got = _parse.years_after(month[todo], day[todo], ev.after)
                else:
                    got = _parse.years_latest(month[todo], day[todo], ev.end)
            dates[todo] = got
            how = (how + "; otherwise " if how else "") + ev.source
        parsed.naive[ym] = dates
        parsed.has_time[ym] = False
        self.note(f"{int(ym.sum())} day(s) of {label!r} are written without a year: year from {how}")
        self.assumptions.append({"kind": "year", "column": label, "values": int(ym.sum()), "source": how,
                                 "first": str(dates.min().date()) if dates.notna().any() else None,
                                 "last": str(dates.max().date()) if dates.notna().any() else None})

    def timestamp(self, parsed: _parse.ParsedWhen, *, source_tz: str | None = None) -> pd.Series:
        """Tz-aware values in the dataset timezone; counts what kind of times the column held (with
        a time of day and no offset: read in ``source_tz``; with an offset; days only), for the
        time-zone assumption stated in the report."""
        self.times["timed"] += int((parsed.naive.notna() & parsed.has_time).sum())
        self.times["aware"] += int(parsed.aware_utc.notna().sum())
        self.times["days"] += int((parsed.naive.notna() & ~parsed.has_time).sum())
        return _parse.to_zone(parsed, source_tz=source_tz or self.source_tz, timezone=self.timezone)

    def ignore(self, *keys: str, why: str) -> None:
        for k in keys:
            if k in self.src.columns:
                self.mapping[self.labels[k]] = f"(not used: {why})"

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def note(self, message: str) -> None:
        self.notes.append(message)

    # --------------------------------------------------------------------- output
    def frame(self, platform: str | pd.Series, **cols: Any) -> pd.DataFrame:
        out = pd.DataFrame(index=self.src.index)
        out["platform"] = platform
        for name, values in cols.items():
            out[name] = values
        return out
