"""Conversion context handed to each family's converter (private).

A converter receives ``ctx`` whose ``src`` frame has one column per recognised field key (raw
cells) and builds canonical rows through ``ctx.count``/``ctx.text``/``ctx.when``..., which also
record which source column went to which canonical column, for the mapping report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import _parse

__all__: list[str] = []


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
    mapping: dict[str, str] = field(default_factory=dict)  # source label -> canonical column
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
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

    def count(self, *keys: str, to: str | None = None) -> pd.Series:
        """Nullable Int64 from the first key present; all missing when none is present."""
        for k in keys:
            if k in self.src.columns:
                self._record((k,), to)
                return pd.Series(_parse.count(self.src[k], file=self.file, column=self.labels[k], decimal=self.decimal), index=self.src.index)
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
                return pd.Series(_parse.number(self.src[k], file=self.file, column=self.labels[k], decimal=self.decimal), index=self.src.index)
        return pd.Series(np.nan, index=self.src.index, dtype="float64")

    def text(self, *keys: str, to: str | None = None) -> pd.Series:
        for k in keys:
            if k in self.src.columns:
                self._record((k,), to)
                return _parse.text(self.src[k]).set_axis(self.src.index)
        return self._missing("string")

    def when(self, key: str, *, to: str | None, order: str = "mdy", reason: str = "", reference: pd.Timestamp | None = None) -> _parse.ParsedWhen:
        self._record((key,), to)
        if self.date_order:
            order, reason = self.date_order, "the date_order argument"
        parsed = _parse.when(self.src[key].reset_index(drop=True), file=self.file, column=self.labels[key], order=order, order_reason=reason, reference=reference if reference is not None else self.snapshot)
        for s in (parsed.naive, parsed.has_time, parsed.aware_utc, parsed.year_missing):
            s.index = self.src.index
        for n in parsed.notes:  # an ambiguous day/month order is a warning: the rule may be wrong
            (self.warnings if "AMBIGUOUS" in n else self.notes).append(n)
        return parsed

    def timestamp(self, parsed: _parse.ParsedWhen, *, source_tz: str | None = None) -> pd.Series:
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
