"""The canonical data model in one place, and ``validate`` that turns raw frames into typed tables.

Every table of ``shared/spec/data-model.md`` is described here once (columns, types, required or
optional, constraints). ``validate(df, table)`` returns a typed copy or raises ``DataError`` whose
``problems`` lists *every* problem found (table, column, first offending rows and values, what was
expected), not only the first.

Types
-----
``str``       text (ids are always text, never numbers)
``int``       non-negative whole count -> nullable ``Int64`` (missing stays missing, never 0)
``float``     number -> ``float64`` (NaN when missing); ``nonneg`` columns must be >= 0
``share``     number in [0, 1]; "4,5 %" -> 0.045
``bool``      true/false, 1/0, yes/no, oui/non, vrai/faux -> nullable ``boolean``
``date``      ISO ``YYYY-MM-DD`` or ``DD/MM/YYYY`` -> naive ``datetime64`` at midnight (a local day)
``datetime``  ISO 8601 with offset (converted) or naive (read in the dataset timezone) -> tz-aware
``sentiment`` positive/neutral/negative (also fr labels) or a score in [-1, 1]

Numbers written the French way are understood: ``1 234,5``, ``1.234,5``, ``4,5 %``; the decimal mark
is detected per column (a value such as ``1,234`` with no other clue follows the file's convention:
decimal comma unless the file is comma-separated).
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import formatting as fmt
from .errors import DataError, ParameterError, describe_rows

__all__ = [
    "Column",
    "Table",
    "TABLES",
    "POST_TYPES",
    "INTERACTION_KINDS",
    "ENGAGEMENT_COMPONENTS",
    "normalise_header",
    "validate",
    "parse_numbers",
    "parse_datetimes",
    "parse_dates",
]

POST_TYPES = ("photo", "video", "reel", "carousel", "link", "text", "story", "live", "other")
INTERACTION_KINDS = ("reaction", "comment", "share", "save", "click", "message", "mention")
ENGAGEMENT_COMPONENTS = ("reactions", "comments", "shares", "saves")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False
    description: str = ""
    nonneg: bool = True
    choices: tuple[str, ...] | None = None  # allowed values (str columns); None = free text


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # unique together
    extra_numeric: bool = False  # outcomes: any extra column must be numeric
    columns_by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns_by_name", {c.name: c for c in self.columns})

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _c(name: str, type_: str, required: bool = False, description: str = "", **kw: Any) -> Column:
    return Column(name, type_, required, description, **kw)


TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "posts",
            "own posts (and competitors' public posts when `brand` says so), one row per post",
            (
                _c("post_id", "str", True, "unique within the platform"),
                _c("platform", "str", True, "facebook, instagram, linkedin, x, youtube, tiktok, ..."),
                _c("published_at", "datetime", True, "publication time"),
                _c("brand", "str", description="whose post; empty = the own brand"),
                _c("post_type", "str", description="photo, video, reel, carousel, link, text, story, live, other"),
                _c("campaign", "str", description="campaign name; empty = none"),
                _c("is_paid", "bool", description="promoted post"),
                _c("impressions", "int", description="times shown"),
                _c("reach", "int", description="unique accounts reached"),
                _c("reactions", "int", description="likes and other reactions"),
                _c("comments", "int", description="comments and replies"),
                _c("shares", "int", description="shares, reposts, retweets"),
                _c("saves", "int", description="saves, bookmarks"),
                _c("clicks", "int", description="link clicks"),
                _c("views", "int", description="Meta 'Views' (repeat views counted)"),
                _c("video_views", "int", description="video views as the platform counts them"),
                _c("spend", "float", description="money spent promoting the post"),
                _c("text", "str", description="post text (data, never HTML or code)"),
            ),
            key=("platform", "post_id"),
        ),
        Table(
            "audience",
            "daily account metrics per platform",
            (
                _c("date", "date", True),
                _c("platform", "str", True),
                _c("followers", "int", description="followers at end of day"),
                _c("new_followers", "int"),
                _c("lost_followers", "int"),
                _c("impressions", "int"),
                _c("reach", "int"),
                _c("profile_visits", "int"),
            ),
            key=("date", "platform"),
        ),
        Table(
            "interactions",
            "one row per interaction by an identified account",
            (
                _c("timestamp", "datetime", True),
                _c("platform", "str", True),
                _c("user_id", "str", True, "pseudonymised at load time"),
                _c("post_id", "str"),
                _c("kind", "str", True, choices=INTERACTION_KINDS),
            ),
        ),
        Table(
            "mentions",
            "social-listening mentions, own brand and competitors",
            (
                _c("timestamp", "datetime", True, "or a `date` column"),
                _c("date", "date"),
                _c("brand", "str", True),
                _c("platform", "str"),
                _c("source", "str"),
                _c("sentiment", "sentiment"),
                _c("reach", "int"),
                _c("mention_id", "str"),
                _c("text", "str"),
            ),
            key=("mention_id",),
        ),
        Table(
            "spend",
            "marketing spend per day and channel",
            (
                _c("date", "date", True),
                _c("channel", "str", True),
                _c("campaign", "str"),
                _c("amount", "float", True),
            ),
        ),
        Table(
            "outcomes",
            "business results per day or week (revenue, orders, leads, ...)",
            (_c("date", "date", True),),
            key=("date",),
            extra_numeric=True,
        ),
        Table(
            "market",
            "market size by brand and period",
            (
                _c("period", "date", True, "start of month or quarter"),
                _c("brand", "str", True),
                _c("sales", "float"),
                _c("market_share", "share"),
            ),
            key=("period", "brand"),
        ),
        Table(
            "orders",
            "customer orders",
            (
                _c("order_id", "str", True),
                _c("customer_id", "str", True),
                _c("ordered_at", "datetime", True),
                _c("amount", "float", True),
                _c("user_id", "str", description="social account of the customer, pseudonymised"),
            ),
            key=("order_id",),
        ),
    ]
}

# from this many rows, columns are converted in threads (the work is mostly in Arrow and numpy kernels,
# which release the GIL): ~30 % faster on an idle 2-core machine, slower on an overloaded one
_PARALLEL_ROWS = 200_000
_LOWER_COLUMNS = {"platform", "post_type", "kind", "channel"}
_ID_COLUMNS = {"post_id", "user_id", "mention_id", "order_id", "customer_id"}

_TRUE = {"true", "1", "yes", "y", "oui", "o", "vrai", "t"}
_FALSE = {"false", "0", "no", "n", "non", "faux", "f"}
_SENTIMENT = {
    "positive": "positive", "positif": "positive", "positif.": "positive", "pos": "positive",
    "+": "positive", "négatif": "negative", "negatif": "negative", "negative": "negative",
    "neg": "negative", "-": "negative", "neutral": "neutral", "neutre": "neutral", "neu": "neutral",
    "mixed": "neutral", "mixte": "neutral", "0": "neutral",
}


def normalise_header(name: Any) -> str:
    """Canonical form of a column header: trimmed, lower case, inner spaces and dashes as ``_``."""
    text = str(name).replace("\ufeff", "").replace("\u00a0", " ").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


# ----------------------------------------------------------------------------------------------
# Parsing helpers (vectorised; each returns values and a mask of the entries that failed)
# ----------------------------------------------------------------------------------------------

def _as_text(values: pd.Series) -> pd.Series:
    """Text view of a column with missing values as NA and surrounding spaces removed."""
    if pd.api.types.is_string_dtype(values.dtype) or values.dtype == object:
        s = values.astype("str") if values.dtype == object else values
        if values.dtype == object:
            s = s.where(values.notna(), None)
        if _blank_free(s):  # nothing to strip (ids, counts, codes): no pass over the values
            return s.replace("", None)
        return s.str.strip().replace("", None)
    return values.astype("str").where(values.notna(), None)


#: every byte that is white space in ASCII (Python's and Arrow's definitions)
_ASCII_BLANKS = tuple(bytes([b]) for b in (9, 10, 11, 12, 13, 28, 29, 30, 31, 32))


def _blank_free(s: pd.Series) -> bool:
    """True when no value of the Arrow-backed text column can hold white space: its data buffer is
    ASCII without a blank byte (checked on the buffer at once; other columns: False)."""
    try:
        arr = pa.array(s, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return False
    for chunk in arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]:
        bufs = chunk.buffers()
        if len(bufs) < 3 or bufs[2] is None:
            continue
        data = bufs[2].to_pybytes()
        if not data.isascii() or any(b in data for b in _ASCII_BLANKS):
            return False
    return True


_THOUSANDS_DOT = r"-?\d{1,3}(?:\.\d{3})+(?:,\d*)?"
_THOUSANDS_COMMA = r"-?\d{1,3}(?:,\d{3})+(?:\.\d*)?"


def _arrow_text(text: pd.Series) -> pa.Array | pa.ChunkedArray:
    """The text column as Arrow strings (missing = null), for vectorised string work (no copy when the
    column is already Arrow-backed; chunks are kept as they are, compute functions take them)."""
    return pa.array(text, type=pa.large_string(), from_pandas=True)


def _np_mask(arr: pa.Array) -> np.ndarray:
    """Arrow boolean array -> numpy bool (null = False)."""
    return np.asarray(arr.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _may_contain(arr: pa.Array | pa.ChunkedArray, needles: Sequence[str]) -> set[str]:
    """The needles that some value of the text array may contain, found by one search of its data
    buffers (every value's bytes are in them; bytes outside the values can only add a needle, never
    miss one). A needle absent here is absent from every value: the per-value pass is skipped."""
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    found: set[str] = set()
    for chunk in chunks:
        bufs = chunk.buffers()
        if len(bufs) < 3 or bufs[2] is None:
            continue
        data = bufs[2].to_pybytes()
        found |= {n for n in needles if n not in found and n.encode("utf-8") in data}
        if len(found) == len(needles):
            break
    return found


def _contains(arr: pa.Array | pa.ChunkedArray, needle: str) -> np.ndarray:
    """Per value: contains ``needle`` (numpy bool; all False at once when no value can contain it)."""
    if not _may_contain(arr, [needle]):
        return np.zeros(len(arr), dtype=bool)
    return _np_mask(pc.match_substring(arr, needle))


# thousands separators: spaces (also non-breaking and narrow non-breaking) and apostrophes
_SPACE_CHARS = (" ", "\u00a0", "\u202f", "\u2009", "\u2007", "'", "\u2019", "\t", "\n", "\r", "\f", "\v")
# what Arrow's string -> float64 cast reads (and pandas' to_numeric reads the same way)
_PLAIN_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"


def _head_casts(arr: pa.Array) -> bool:
    """Whether the first values cast to float64 (a failing cast of a whole column is slow in Arrow)."""
    try:
        pc.cast(arr.slice(0, 1000), pa.float64())
        return True
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False


def _plain_floats(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Plain numbers ("12", "-3.5", "1e3") parsed in Arrow; others NaN. Returns (values, plain mask)."""
    if _head_casts(arr):  # the common case: every value is a plain number (one cast, no regex)
        try:
            values = pc.cast(arr, pa.float64())
            return np.array(values.to_numpy(zero_copy_only=False), dtype="float64"), _np_mask(arr.is_valid())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    plain = pc.match_substring_regex(arr, _PLAIN_NUMBER).fill_null(False)
    values = pc.cast(pc.if_else(plain, arr, pa.scalar(None, arr.type)), pa.float64())
    return np.array(values.to_numpy(zero_copy_only=False), dtype="float64"), _np_mask(plain)


def _floats(arr: pa.Array) -> np.ndarray:
    """Numbers parsed like ``pd.to_numeric(errors="coerce")``: Arrow for plain ones, pandas for the rest."""
    num, plain = _plain_floats(arr)
    rest = ~plain & _np_mask(arr.is_valid())
    if rest.any():  # rare: inf, nan, garbage
        others = pd.Series(arr.filter(pa.array(rest)).to_pylist(), dtype=object)
        num[rest] = pd.to_numeric(others, errors="coerce").astype("float64").to_numpy()
    return num


def parse_numbers(values: pd.Series, *, decimal: str = "auto", default_decimal: str = ",",
                  suffixes: bool = False, percent: str = "fraction") -> tuple[pd.Series, pd.Series]:
    """Parse numbers written the French or English way (the one number parser of socialroi: the
    dataset loader and the export importers both use it).

    Returns ``(numbers as float64, failed mask)``. Missing and empty cells are NaN and not failures.
    Spaces (also non-breaking and narrow non-breaking) and apostrophes are thousands separators;
    ``%`` divides by 100 (``percent="strip"``: the sign is dropped and the number kept, for columns
    that hold percentages by name, such as a click-through rate "(%)"). ``decimal="auto"`` detects
    the decimal mark in the column: a comma followed by digits that cannot be a thousands group
    means decimal comma, a dot likewise means decimal dot; otherwise ``default_decimal`` (the file's
    convention) decides. ``suffixes=True`` also reads ``1.2K`` and ``3M`` (counts copied from a
    platform's screen). The string work is done in Arrow compute (vectorised), which keeps a
    million-row column well under a second.
    """
    if percent not in ("fraction", "strip"):
        raise ParameterError(f"percent must be 'fraction' or 'strip', got {percent!r}")
    if pd.api.types.is_bool_dtype(values.dtype):
        raise ParameterError("boolean column where numbers were expected")
    if pd.api.types.is_numeric_dtype(values.dtype):
        num = pd.to_numeric(values, errors="coerce").astype("float64")
        return num, pd.Series(False, index=values.index)
    text = _as_text(values)
    mult = None
    if suffixes:
        found = text.str.extract(r"^([-+]?[\d.,\s\u00a0\u202f']*\d)\s*([kKmM])$")
        has = found[1].notna().to_numpy(dtype=bool)
        if has.any():
            text = text.where(~has, found[0])
            mult = np.where(has, found[1].str.lower().map({"k": 1e3, "m": 1e6}).fillna(1.0).to_numpy(dtype=float), 1.0)
    num_s, failed = _parse_number_text(text, decimal=decimal, default_decimal=default_decimal, percent=percent)
    if mult is not None:
        num_s = num_s * mult
    return num_s, failed


def _parse_number_text(text: pd.Series, *, decimal: str, default_decimal: str,
                       percent: str) -> tuple[pd.Series, pd.Series]:
    values = text
    arr = _arrow_text(text)
    present = _np_mask(arr.is_valid())
    comma_file = default_decimal == "," or decimal == ","
    if comma_file and not _head_casts(arr):
        # a French column ("1 234", "3,5"): every value goes through the cleaning below, which leaves
        # plain numbers without a dot as they are, so the regex for plain numbers is not needed
        num, need = np.full(len(arr), np.nan), present.copy()
    else:
        # fast path: plain numbers
        num, plain = _plain_floats(arr)
        need = present & ~plain
        if comma_file:
            # "1.234" may be a thousands group in a decimal-comma file: decide below
            need |= present & _contains(arr, ".")
    if need.any():
        sub = arr if need.all() else arr.filter(pa.array(need))
        # literal replacements of the separators present are much cheaper than a regex replace; which
        # are present is read from the data buffer at once (no pass over the values)
        spaces = _may_contain(sub, _SPACE_CHARS)
        for ch in _SPACE_CHARS:
            if ch in spaces and pc.any(pc.match_substring(sub, ch)).as_py():
                sub = pc.replace_substring(sub, ch, "")
        pct = _np_mask(pc.ends_with(sub, "%")) if _may_contain(sub, ["%"]) else np.zeros(len(sub), dtype=bool)
        if pct.any():
            sub = pc.replace_substring_regex(sub, "%+$", "")
        if decimal == "auto":
            def count(where: np.ndarray, pattern: str, unless: str | None = None) -> int:
                """Whether (1) or not (0) some values among ``where`` match ``pattern`` (and not fully
                ``unless``); only zero or non-zero matters below, so the first 1000 are tried first."""
                if not where.any():
                    return 0
                part = sub.filter(pa.array(where))
                for chunk in (part.slice(0, 1000), part):
                    hit = _np_mask(pc.match_substring_regex(chunk, pattern))
                    if unless is not None and hit.any():
                        hit &= ~_np_mask(pc.match_substring_regex(chunk, f"^(?:{unless})$"))
                    if hit.any():
                        return 1
                return 0

            has_comma, has_dot = _contains(sub, ","), _contains(sub, ".")
            dots, commas = bool(has_dot.any()), bool(has_comma.any())
            both = has_comma & has_dot
            # a comma followed by digits that is not a thousands group -> decimal comma; same for dots;
            # with both marks, the last one is the decimal mark
            last_comma = count(both, r",[^.]*$")
            last_dot = count(both, r"\.[^,]*$")  # the last dot comes after the last comma
            n_comma = count(has_comma & ~both, r",\d", _THOUSANDS_COMMA) + last_comma
            n_dot = count(has_dot & ~both, r"\.\d", _THOUSANDS_DOT) + last_dot
            if n_comma and not n_dot:
                dec = ","
            elif n_dot and not n_comma:
                dec = "."
            else:
                dec = default_decimal
        else:
            dec = decimal
            dots, commas = bool(_contains(sub, ".").any()), bool(_contains(sub, ",").any())
        if dec == ",":
            sub = pc.replace_substring(sub, ".", "") if dots else sub
            sub = pc.replace_substring(sub, ",", ".") if commas else sub
        elif commas:
            sub = pc.replace_substring(sub, ",", "")
        parsed = _floats(sub)
        if percent == "fraction":
            parsed[pct] = parsed[pct] / 100.0
        num[need] = parsed
    num_s = pd.Series(num, index=values.index, dtype="float64")
    failed = pd.Series(present & np.isnan(num), index=values.index)
    return num_s, failed


# an offset after a time of day ("14:30Z", "14:30:00+02:00", "14:30:00.5 -0500"); a bare date
# such as 2024-01-01 has no offset even though it ends with "-01"
_TZ_SUFFIX = re.compile(r"\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$")


_D, _M, _H, _MS = r"(?:0[1-9]|[12]\d|3[01])", r"(?:0[1-9]|1[0-2])", r"(?:[01]\d|2[0-3])", r"[0-5]\d"
# zero-padded layouts parsed in Arrow: (regex the whole value must match, strptime format, offset of the day)
_FAST_FORMATS = tuple(
    (f"^{rx}$", fmt, day_at)
    for rx, fmt, day_at in [
        (rf"\d{{4}}-{_M}-{_D}", "%Y-%m-%d", 8),
        (rf"\d{{4}}-{_M}-{_D} {_H}:{_MS}", "%Y-%m-%d %H:%M", 8),
        (rf"\d{{4}}-{_M}-{_D} {_H}:{_MS}:{_MS}", "%Y-%m-%d %H:%M:%S", 8),
        (rf"\d{{4}}-{_M}-{_D}T{_H}:{_MS}", "%Y-%m-%dT%H:%M", 8),
        (rf"\d{{4}}-{_M}-{_D}T{_H}:{_MS}:{_MS}", "%Y-%m-%dT%H:%M:%S", 8),
        (rf"{_D}/{_M}/\d{{4}}", "%d/%m/%Y", 0),
        (rf"{_D}/{_M}/\d{{4}} {_H}:{_MS}", "%d/%m/%Y %H:%M", 0),
        (rf"{_D}/{_M}/\d{{4}} {_H}:{_MS}:{_MS}", "%d/%m/%Y %H:%M:%S", 0),
    ]
)


def _fast_datetimes(text: pd.Series) -> pd.Series | None:
    """Vectorised (Arrow) parse of the column's layout, guessed from its first value.

    Returns naive ``datetime64[us]`` with NaT where a value does not follow that layout or names a
    day that does not exist (Arrow would roll 31/02 over to 03/03: such values are left to the
    general parser, which rejects them); ``None`` when the first value has no fast layout.
    """
    first = text.first_valid_index()
    if first is None:
        return None
    sample = str(text.loc[first])
    layout = next((f for f in _FAST_FORMATS if re.match(f[0], sample)), None)
    if layout is None:
        return None
    rx, fmt, day_at = layout
    arr = _arrow_text(text)
    valid = _np_mask(pc.match_substring_regex(arr, rx))
    got = pc.strptime(arr, format=fmt, unit="s", error_is_null=True)
    # a day that does not exist rolls over to day 1-3 of the next month: check the written day there
    early = np.flatnonzero(valid & _np_mask(pc.less_equal(pc.day(got), 3)))
    if len(early):
        written_day = pc.cast(pc.utf8_slice_codeunits(arr.take(pa.array(early)), day_at, day_at + 2), pa.int64())
        valid[early[~_np_mask(pc.equal(pc.day(got.take(pa.array(early))), written_day))]] = False
    got = pc.if_else(pa.array(valid), got, pa.scalar(None, got.type))
    # (numpy values: a Series built from ``got.to_pandas()`` would be re-aligned on its 0..n-1 labels)
    return pd.Series(got.to_numpy(zero_copy_only=False), index=text.index).astype("datetime64[us]")


def _to_datetime_text(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse naive text timestamps (ISO or DD/MM/YYYY [HH:MM[:SS]]); returns naive values + failed."""
    fast = _fast_datetimes(text)
    if fast is None:
        return _to_datetime_text_general(text)
    todo = text.notna() & fast.isna()
    if todo.any():
        rest, _ = _to_datetime_text_general(text[todo])
        fast = fast.copy()
        fast.loc[todo] = rest.astype(fast.dtype)
    out = _in_range(fast)
    return out, text.notna() & out.isna()


def _to_datetime_text_general(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Any ISO 8601 layout, then day-first layouts, with pandas (slower; for what the fast path left)."""
    try:
        out = pd.to_datetime(text, format="ISO8601", errors="coerce")
    except (ValueError, TypeError):  # offsets mixed with naive values: callers strip/route offsets first
        out = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    need = text.notna() & out.isna()
    if need.any():
        sub = text[need]
        for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d.%m.%Y %H:%M", "%d.%m.%Y",
                    "%d-%m-%Y %H:%M", "%d-%m-%Y"):
            if sub.empty:
                break
            got = pd.to_datetime(sub, format=fmt, errors="coerce")
            ok = got.notna()
            if ok.any():
                out = out.astype(got.dtype) if out.dtype != got.dtype else out
                out.loc[sub.index[ok]] = got[ok]
                sub = sub[~ok]
    out = _in_range(out)
    failed = text.notna() & out.isna()
    return out, failed


# timestamps pandas can hold in nanoseconds (with a day of margin for time zones); outside = failure
_MIN_TS, _MAX_TS = pd.Timestamp.min + pd.Timedelta(days=1), pd.Timestamp.max - pd.Timedelta(days=1)


def _in_range(values: pd.Series) -> pd.Series:
    """Values outside the nanosecond range (e.g. year -1 or 99999) become NaT, so they are reported."""
    lo, hi = (_MIN_TS, _MAX_TS) if values.dt.tz is None else (_MIN_TS.tz_localize("UTC"), _MAX_TS.tz_localize("UTC"))
    if values.notna().any() and values.min() >= lo and values.max() <= hi:
        return values
    ok = (values >= lo) & (values <= hi)
    return values.where(ok | values.isna())


def parse_datetimes(values: pd.Series, *, timezone: str) -> tuple[pd.Series, pd.Series, dict[str, int]]:
    """Parse timestamps into tz-aware values in ``timezone``.

    Values with an offset (``Z``, ``+02:00``) are converted; naive values are local times in
    ``timezone``. Local times that do not exist (spring-forward gap) are moved forward by the gap;
    ambiguous ones (the repeated autumn hour) are read as the first occurrence (summer time); both
    are counted in the notes so callers can warn. Returns ``(values, failed mask, counts of DST
    adjustments)``.
    """
    notes = {"nonexistent": 0, "ambiguous": 0}
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        ok = pd.Series(False, index=values.index)
        if values.dt.tz is None:
            return _localize(values, timezone, notes), ok, notes
        return values.dt.tz_convert(timezone), ok, notes
    text = _as_text(values)
    arr = _arrow_text(text)
    # an offset needs a "Z", "+" or "-": the regex only runs on values that have one
    signs = _may_contain(arr, ["Z", "+", "-"])  # (none of them: no pass over the values)
    maybe = np.zeros(len(arr), dtype=bool)
    if "Z" in signs:
        maybe |= _np_mask(pc.ends_with(arr, "Z"))
    for sign in ("+", "-"):
        if sign in signs:
            maybe |= _np_mask(pc.match_substring(arr, sign))
    has_tz_np = np.zeros(len(arr), dtype=bool)
    if maybe.any():
        has_tz_np[maybe] = _np_mask(pc.match_substring_regex(arr.filter(pa.array(maybe)), _TZ_SUFFIX.pattern))
    if not has_tz_np.any():  # the usual case: all naive local times
        naive, bad = _to_datetime_text(text)
        local = _localize(naive, timezone, notes)
        return local.astype(f"datetime64[ns, {timezone}]"), bad, notes
    has_tz = pd.Series(has_tz_np, index=text.index)
    result = pd.Series(pd.NaT, index=text.index, dtype=f"datetime64[ns, {timezone}]")
    failed = pd.Series(False, index=text.index)
    if has_tz.any():
        aware = _in_range(pd.to_datetime(text[has_tz], format="ISO8601", utc=True, errors="coerce"))
        result.loc[has_tz] = aware.dt.tz_convert(timezone).astype(result.dtype)
        failed.loc[has_tz] = aware.isna().to_numpy()
    naive_mask = ~has_tz & text.notna()
    if naive_mask.any():
        naive, bad = _to_datetime_text(text[naive_mask])
        local = _localize(naive, timezone, notes)
        result.loc[naive_mask] = local.astype(result.dtype)
        failed.loc[naive_mask] = bad.to_numpy()
    return result, failed, notes


def _localize(naive: pd.Series, timezone: str, notes: dict[str, int]) -> pd.Series:
    # one pass over the column; the few local times in a DST gap or overlap are redone apart
    local = naive.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
    odd = local.isna() & naive.notna()
    if not odd.any():
        return local
    few = naive[odd]
    shifted = few.dt.tz_localize(timezone, ambiguous=np.ones(len(few), dtype=bool), nonexistent="shift_forward")
    dst_false = few.dt.tz_localize(timezone, ambiguous=np.zeros(len(few), dtype=bool), nonexistent="shift_forward")
    ambiguous = shifted.ne(dst_false)  # the repeated autumn hour: read as the first occurrence
    gap = ~ambiguous
    if gap.any():
        # pandas' "shift_forward" gives the first valid instant (03:00); moving forward *by the gap*
        # means reading the wall time with the UTC offset in force just before the gap (02:30+01:00
        # is 03:30+02:00).
        before = few[gap].dt.tz_localize(timezone, ambiguous="NaT", nonexistent="shift_backward")
        offset = before.dt.tz_localize(None) - before.dt.tz_convert("UTC").dt.tz_localize(None)
        moved = (few[gap] - offset).dt.tz_localize("UTC").dt.tz_convert(timezone)
        shifted = shifted.copy()
        shifted.loc[gap] = moved.astype(shifted.dtype)
    notes["ambiguous"] += int(ambiguous.sum())
    notes["nonexistent"] += int(gap.sum())
    local = local.copy()
    local.loc[odd] = shifted.astype(local.dtype)
    return local


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse calendar days (ISO or DD/MM/YYYY) into naive midnight ``datetime64``."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        s = values.dt.tz_localize(None) if values.dt.tz is not None else values
        return s.dt.normalize(), pd.Series(False, index=values.index)
    text = _as_text(values)
    text = text.str.replace(_DATE_OFFSET, r"\1", regex=True)
    out, failed = _to_datetime_text(text)
    return out.dt.normalize(), failed


# offset after a time of day, dropped when only the calendar day is wanted
# (a plain pattern string without look-behind, so pandas runs it in Arrow's RE2, vectorised)
_DATE_OFFSET = r"(\d:\d{2})(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"


# ----------------------------------------------------------------------------------------------
# validate
# ----------------------------------------------------------------------------------------------

class _Collector:
    def __init__(self, table: str, file: str | None, row_labels: Any) -> None:
        self.table = table
        self.file = file
        self.row_labels = row_labels  # callable index -> label shown to users
        self.problems: list[str] = []
        self.warnings: list[str] = []

    def where(self) -> str:
        return f"{self.file} (table {self.table!r})" if self.file else f"table {self.table!r}"

    def add(self, column: str | None, mask: pd.Series | None, values: pd.Series | None, expected: str) -> None:
        where = self.where()
        if mask is None:
            self.problems.append(f"{where}: {expected}" if column is None else f"{where}, column {column!r}: {expected}")
            return
        idx = mask[mask].index
        rows = [self.row_labels(i) for i in idx[:5]]
        shown = values.loc[idx[:5]].tolist() if values is not None else None
        text = describe_rows(rows, shown, total=len(idx))
        self.problems.append(f"{where}, column {column!r}: {len(idx)} bad value(s) at {text}; expected {expected}")

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.where()}: {message}")


def validate(
    df: pd.DataFrame,
    table: str,
    *,
    timezone: str = "UTC",
    file: str | None = None,
    first_line: int | None = None,
    line_of: Callable[[int], int] | None = None,
    default_decimal: str = ",",
) -> pd.DataFrame:
    """Return a typed, validated copy of ``df`` as canonical ``table``, or raise ``DataError``.

    Parameters
    ----------
    df : DataFrame
        Raw table (strings as read from a file, or already-typed values).
    table : str
        One of ``TABLES`` (posts, audience, interactions, mentions, spend, outcomes, market, orders).
    timezone : str
        IANA zone in which naive timestamps are read; datetimes come back tz-aware in this zone.
    file : str, optional
        File name used in error messages.
    first_line : int, optional
        File line number of the first data row: problems then cite file lines instead of row labels.
    line_of : callable, optional
        File line of the row at a position (0-based), when rows do not sit one per line after
        ``first_line`` (quoted values holding line breaks, blank lines); wins over ``first_line``.
    default_decimal : {",", "."}
        Decimal mark used when a column gives no clue (``1,234``): the file's convention.

    Returns
    -------
    DataFrame
        Same rows in the same order; header names normalised; known columns typed (see module doc);
        unknown columns kept as they are. ``attrs["warnings"]`` lists what was accepted with a
        warning (e.g. reach > impressions, DST adjustments).

    Raises
    ------
    DataError
        With ``.problems``: every problem found.
    """
    return _validate(df, table, timezone=timezone, file=file, first_line=first_line, line_of=line_of,
                     default_decimal=default_decimal, owned=False)


def _validate(
    df: pd.DataFrame,
    table: str,
    *,
    timezone: str,
    file: str | None,
    first_line: int | None,
    line_of: Callable[[int], int] | None,
    default_decimal: str,
    owned: bool,
) -> pd.DataFrame:
    """``validate``; ``owned``: ``df`` is the caller's own raw frame, which it never uses again (the
    loader's text frame), so its columns are replaced as they are converted instead of copied first:
    the text of a converted column is freed at once, which keeps the peak memory of a large file
    near the size of the typed table."""
    if table not in TABLES:
        raise ParameterError(f"unknown table {table!r}; expected one of {sorted(TABLES)}")
    if not isinstance(df, pd.DataFrame):
        raise ParameterError(f"validate expects a DataFrame, got {type(df).__name__}")
    _check_timezone(timezone)
    spec = TABLES[table]
    found = list(df.columns)  # as written (an owned frame's names are normalised below)
    out = df if owned else df.copy()
    out.attrs = {}
    if not out.index.is_unique:
        out = out.reset_index(drop=True)
    if line_of is not None or first_line is not None:
        index = out.index
        where_is = line_of if line_of is not None else (lambda pos: first_line + pos)

        def row_labels(i: Any) -> Any:  # only called for the few rows shown in a message
            return f"line {where_is(int(index.get_loc(i)))}"
    else:
        def row_labels(i: Any) -> Any:
            return i

    col = _Collector(table, file, row_labels)
    names = [normalise_header(c) for c in out.columns]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        col.add(None, None, None, f"duplicate column name(s) {dupes} after normalising case and spaces")
        raise DataError(col.problems, file=None)
    out.columns = names

    # table-specific column aliases
    if table == "mentions" and "timestamp" not in out.columns and "date" in out.columns:
        out["timestamp"] = out["date"]
    missing = [c for c in spec.required if c not in out.columns]
    if missing:
        extra = " (or `date`)" if table == "mentions" and "timestamp" in missing else ""
        col.add(None, None, None, f"missing required column(s) {missing}{extra}; found {found}")
    if table == "market" and not ({"sales", "market_share"} & set(out.columns)):
        col.add(None, None, None, "needs a `sales` or a `market_share` column")

    jobs = []
    pending: dict[str, pd.Series] = {}  # each column's values, taken (popped) by the job converting it
    for name in out.columns:
        cspec = spec.columns_by_name.get(name)
        if cspec is None:
            if spec.extra_numeric:
                cspec = Column(name, "float", nonneg=False)
            else:
                continue
        jobs.append((name, cspec))
        pending[name] = out[name]

    def convert(job: tuple[str, Column]) -> tuple[str, pd.Series, _Collector]:
        name, cspec = job
        own = _Collector(table, file, row_labels)  # one per column: nothing shared between threads
        return name, _convert(pending.pop(name), cspec, own, timezone=timezone, default_decimal=default_decimal), own

    bad_columns: set[str] = set()

    def take(result: tuple[str, pd.Series, _Collector]) -> None:
        name, values, own = result
        out[name] = values  # (owned: the column's text is released here)
        if own.problems:
            bad_columns.add(name)
        col.problems.extend(own.problems)
        col.warnings.extend(own.warnings)

    # results are taken in column order (messages come in a stable order), each as soon as it is ready
    if len(out) >= _PARALLEL_ROWS and len(jobs) > 1 and (os.cpu_count() or 1) > 1:
        with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1, 4)) as pool:
            for result in pool.map(convert, jobs):
                take(result)
    else:
        for job in jobs:
            take(convert(job))

    if table == "outcomes" and len([c for c in out.columns if c != "date"]) == 0:
        col.add(None, None, None, "needs at least one numeric column besides `date` (revenue, orders, leads, ...)")

    _check_table(out, spec, col, bad_columns=bad_columns)
    if col.problems:
        raise DataError(col.problems)
    if col.warnings:
        for w in col.warnings:
            warnings.warn(w, UserWarning, stacklevel=2)
    out.attrs = {"table": table, "warnings": list(col.warnings)}
    if file:
        out.attrs["file"] = file
    return out


def _check_timezone(timezone: str) -> None:
    try:
        pd.Timestamp("2020-01-01").tz_localize(timezone)
    except Exception as exc:
        raise ParameterError(f"unknown timezone {timezone!r} ({exc})") from None


def _convert(values: pd.Series, c: Column, col: _Collector, *, timezone: str, default_decimal: str) -> pd.Series:
    t = c.type
    if t == "str":
        s = _text_column(values, c, col)
        return s
    if t in ("int", "float", "share"):
        if pd.api.types.is_bool_dtype(values.dtype):
            col.add(c.name, values.astype(bool) | ~values.astype(bool), values, "numbers, not true/false")
            return values
        num, failed = parse_numbers(values, default_decimal=default_decimal)
        if failed.any():
            col.add(c.name, failed, values, "a number" + (" (whole, >= 0)" if t == "int" else ""))
        if t == "int":
            frac = num.notna() & (num != np.round(num))
            if frac.any():
                col.add(c.name, frac, values, "a whole number (a count)")
            neg = num < 0
            if neg.any():
                col.add(c.name, neg, values, "a count >= 0")
            inf = np.isinf(num)
            if inf.any():
                col.add(c.name, inf, values, "a finite count")
            huge = ~inf & (num.abs() >= 2**53)
            if huge.any():
                col.add(c.name, huge, values, "a count below 2**53 (larger values cannot be held exactly)")
                inf = inf | huge
            if frac.any() or neg.any() or inf.any() or failed.any():
                return values
            return num.astype("Int64")
        if t == "share":
            # shares written as percentages (45 instead of 0.45) are not guessed: they are errors
            bad = (num < 0) | (num > 1)
            if bad.any():
                col.add(c.name, bad, values, "a share between 0 and 1 (write 45 % or 0.45)")
            return num
        if np.isinf(num).any():
            col.add(c.name, pd.Series(np.isinf(num), index=num.index), values, "a finite number")
        if c.nonneg and c.name in {"amount", "spend", "sales"}:
            neg = num < 0
            if neg.any():
                col.add(c.name, neg, values, "an amount >= 0")
        return num
    if t == "bool":
        if pd.api.types.is_bool_dtype(values.dtype):
            return values.astype("boolean")
        mapped = pd.Series(pd.NA, index=values.index, dtype="boolean")
        if pd.api.types.is_numeric_dtype(values.dtype):
            num = values.astype("float64")
            mapped[(num == 1).to_numpy()] = True
            mapped[(num == 0).to_numpy()] = False
            bad = values.notna() & mapped.isna()
        else:
            text = _as_text(values).str.lower()
            mapped[text.isin(_TRUE).fillna(False).astype(bool)] = True
            mapped[text.isin(_FALSE).fillna(False).astype(bool)] = False
            bad = text.notna() & mapped.isna()
        if bad.any():
            col.add(c.name, bad, values, "true/false (also 1/0, yes/no, oui/non)")
        return mapped
    if t == "date":
        out, failed = parse_dates(values)
        if failed.any():
            col.add(c.name, failed, values, "a date YYYY-MM-DD or DD/MM/YYYY")
        return out
    if t == "datetime":
        out, failed, notes = parse_datetimes(values, timezone=timezone)
        if failed.any():
            col.add(c.name, failed, values, "a timestamp (ISO 8601 such as 2025-03-01T14:30:00+01:00, or DD/MM/YYYY HH:MM)")
        if notes["nonexistent"]:
            col.warn(f"column {c.name!r}: {notes['nonexistent']} local time(s) fall in a daylight-saving gap of "
                     f"{timezone}; moved forward by the gap")
        if notes["ambiguous"]:
            col.warn(f"column {c.name!r}: {notes['ambiguous']} local time(s) fall in the repeated autumn hour of "
                     f"{timezone}; read as the first occurrence (summer time)")
        return out
    if t == "sentiment":
        return _sentiment(values, c, col)
    raise AssertionError(f"unknown type {t}")  # pragma: no cover - schema bug


def _text_column(values: pd.Series, c: Column, col: _Collector) -> pd.Series:
    if pd.api.types.is_float_dtype(values.dtype) and c.name in _ID_COLUMNS:
        frac = values.notna() & (values != np.round(values))
        if frac.any():
            col.add(c.name, frac, values, "an identifier (text), not a decimal number")
            return values
        if (values.abs() > 2**53).any():
            col.add(c.name, values.abs() > 2**53, values,
                    "an identifier stored as text: this number is too long to be exact as a float")
            return values
        values = values.astype("Int64")
    s = _as_text(values).astype("str") if not pd.api.types.is_string_dtype(values.dtype) else _as_text(values)
    s = s.astype("str")
    if c.name in _ID_COLUMNS:
        sci = s.str.fullmatch(r"-?\d(?:[.,]\d+)?[eE]\+?\d+").fillna(False).astype(bool)
        if sci.any():
            col.add(c.name, sci, values,
                    "an identifier as text; this looks like a long id turned into scientific notation by a "
                    "spreadsheet (the digits are lost: re-export with the column as text)")
    if c.name in _LOWER_COLUMNS:
        s = s.str.lower()
    if c.choices is not None:
        bad = s.notna() & ~s.isin(c.choices)
        if bad.any():
            col.add(c.name, bad, values, f"one of {list(c.choices)}")
    return s


def _sentiment(values: pd.Series, c: Column, col: _Collector) -> pd.Series:
    if pd.api.types.is_bool_dtype(values.dtype):
        col.add(c.name, values.notna(), values, "positive, neutral or negative, or a score in [-1, 1] (not true/false)")
        return values
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        num = values.astype("float64")
    else:
        text = _as_text(values)
        lower = text.str.lower()
        labels = lower.map(_SENTIMENT)
        if labels.notna().sum() >= text.notna().sum() * 0.5 or text.notna().sum() == 0:
            bad = text.notna() & labels.isna()
            if bad.any():
                col.add(c.name, bad, values, "positive, neutral or negative (or a score in [-1, 1])")
            return labels.astype("str")
        num, failed = parse_numbers(values, default_decimal=".")
        if failed.any():
            col.add(c.name, failed, values, "positive, neutral or negative, or a score in [-1, 1]")
            return values
    bad = (num < -1) | (num > 1)
    if bad.any():
        col.add(c.name, bad, values, "a sentiment score in [-1, 1]")
    return num


def _unique_rows(values: pd.Series) -> bool:
    """True when the non-missing values of this key column are all distinct (then so is the key)."""
    present = values.dropna()
    if pd.api.types.is_string_dtype(present.dtype):
        try:  # numeric ids: distinct numbers imply distinct texts, and hashing integers is far cheaper
            as_int = pc.cast(_arrow_text(present), pa.uint64())
            if pd.Series(np.asarray(as_int.to_numpy(zero_copy_only=False))).is_unique:
                return True
        except (pa.ArrowException, TypeError, ValueError):
            pass
    return bool(present.is_unique)


def _check_table(out: pd.DataFrame, spec: Table, col: _Collector, *, bad_columns: set[str] = frozenset()) -> None:
    """Checks across rows and columns; columns in ``bad_columns`` (already reported) are not re-checked."""
    key = [k for k in spec.key if k in out.columns]
    if key and len(key) == len(spec.key) and len(out) and not _unique_rows(out[key[-1]]):
        sub = out[key]
        complete = sub.notna().all(axis=1)
        dup = sub[complete].duplicated(keep=False)
        if dup.any():
            dup_full = pd.Series(False, index=out.index)
            dup_full[dup[dup].index] = True
            shown = out.loc[dup_full, key].astype(str).agg("/".join, axis=1)
            col.add("/".join(key), dup_full, shown, f"unique {'+'.join(key)} (duplicates found)")
    for name in spec.required:
        if name in out.columns and name not in bad_columns:
            miss = out[name].isna()
            if miss.any():
                col.add(name, miss, out[name], "a value (required column)")
    if spec.name == "posts" and {"reach", "impressions"} <= set(out.columns) - bad_columns:
        viol = (out["reach"] > out["impressions"]).fillna(False).astype(bool)
        if viol.any():
            col.warn(f"{int(viol.sum())} row(s) have reach > impressions (kept as they are; check the export)")
    if spec.name == "outcomes" and len(out) > 2 and "date" in set(out.columns) - bad_columns:
        d = out["date"].sort_values()
        steps = d.diff().dropna().dt.days.unique()
        if not (len(steps) == 1 and steps[0] in (1, 7)):
            col.add("date", None, None,
                    f"dates must be regular, daily or weekly (found steps of {sorted(int(s) for s in steps)[:5]} days)")
    if spec.name == "market" and {"market_share", "period"} <= set(out.columns) - bad_columns:
        totals = out.groupby("period")["market_share"].sum()
        over = totals[totals > 1 + 1e-6]
        if len(over):
            col.add("market_share", None, None,
                    f"shares of one period sum to more than 1 in {len(over)} period(s), e.g. "
                    f"{over.index[0].date()}: {fmt.number(over.iloc[0], locale='en', digits=3)}")


def required_for(table: str) -> list[str]:
    """Required columns of a table."""
    return TABLES[table].required


def column_names(table: str) -> Sequence[str]:
    return [c.name for c in TABLES[table].columns]
