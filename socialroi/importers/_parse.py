"""Value parsers shared by the export families (private).

All parsers are vectorised over a pandas Series of raw cells (str, numbers or None) and raise a
``DataError`` naming the file, the column and the first offending rows when a value cannot be read:
nothing is dropped silently.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import DataError, describe_rows

__all__: list[str] = []

NA_MARKERS = {"", "-", "--", "n/a", "na", "none", "null", "nan", "undefined"}
TEXT_NA_MARKERS = {"", "n/a", "na", "null", "undefined"}


def norm_label(label: object) -> str:
    """Header label folded for matching: no accents, lower case, single spaces, plain quotes."""
    if label is None:
        return ""
    return _norm_text(str(label))


@functools.lru_cache(maxsize=1 << 16)
def _norm_text(label: str) -> str:
    text = unicodedata.normalize("NFKD", label.replace("\ufeff", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text


def _as_text(values: pd.Series, markers: set[str] = NA_MARKERS) -> pd.Series:
    """Cells as stripped strings, with the usual blank markers as missing."""
    text = pd.Series(values, dtype="object").astype("string").str.strip()
    return text.mask(text.str.lower().isin(markers))


def text(values: pd.Series) -> pd.Series:
    """Free text / ids: stripped ``string`` values, blank markers missing.

    Workbook readers store whole numbers as ``int``, so numeric ids print without ``.0``.
    """
    return _as_text(values, TEXT_NA_MARKERS)


def _is_str(values: pd.Series) -> pd.Series:
    """Which cells are text (CSV cells always; workbook cells may be numbers)."""
    s = pd.Series(values, dtype="object")
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind in ("string", "empty"):
        return pd.Series(True, index=s.index)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):
        return pd.Series(False, index=s.index)
    return s.map(lambda v: isinstance(v, str), na_action="ignore").fillna(True).astype(bool)


def fold(values: pd.Series) -> pd.Series:
    """Vectorised ``norm_label`` over a Series (accents, case, spaces, curly quotes)."""
    s = pd.Series(values, dtype="object").astype("string")
    s = s.str.normalize("NFKD").str.replace(r"[\u0300-\u036f]", "", regex=True)
    s = s.str.replace("[’‘]", "'", regex=True).str.replace("[“”]", '"', regex=True)
    return s.str.replace(r"\s+", " ", regex=True).str.strip().str.lower()


def number(values: pd.Series, *, file: str, column: str, decimal: str = ".") -> pd.Series:
    """Float Series from cells like ``1777.0``, ``"1,234"``, ``4,5 %``, ``1.2K``, ``-`` (missing)."""
    raw = pd.Series(values, dtype="object")
    direct = pd.to_numeric(raw.where(~_is_str(raw)), errors="coerce")
    t = _as_text(raw)
    t = t.str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace("%", "", regex=False)
    mult = pd.Series(1.0, index=raw.index)
    suffix = t.str.extract(r"^([-+]?[\d.,]+)([kKmM])$")
    has_suffix = suffix[1].notna()
    if has_suffix.any():
        mult = mult.where(~has_suffix, suffix[1].str.lower().map({"k": 1e3, "m": 1e6}))
        t = t.where(~has_suffix, suffix[0])
    if decimal == ",":
        dots = t.str.fullmatch(r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d*)?").fillna(False).astype(bool)
        t = t.where(~dots, t.str.replace(".", "", regex=False)).str.replace(",", ".", regex=False)
    else:
        # a comma is a thousands separator ("1,234") unless it is the only separator of a
        # decimal written the French way ("0,25" where the part after it is not 3 digits)
        french = t.str.fullmatch(r"[-+]?\d+,(\d{1,2}|\d{4,})") & ~has_suffix
        t = t.where(~french.fillna(False), t.str.replace(",", ".", regex=False))
        t = t.str.replace(",", "", regex=False)
    parsed = pd.to_numeric(t, errors="coerce") * mult
    out = direct.where(direct.notna(), parsed)
    bad = out.isna() & t.notna()
    if bad.any():
        idx = list(bad[bad].index)
        raise DataError(
            f"column {column!r}: {describe_rows([i + 1 for i in idx], raw[idx].tolist())} are not numbers",
            file=file,
        )
    return out.astype("float64")


def count(values: pd.Series, *, file: str, column: str, decimal: str = ".") -> pd.Series:
    """Nullable ``Int64`` counts; a blank stays missing (never 0)."""
    x = number(values, file=file, column=column, decimal=decimal)
    frac = x.notna() & (np.abs(x - np.round(x)) > 1e-9)
    if frac.any():
        idx = list(frac[frac].index)
        raise DataError(f"column {column!r}: {describe_rows([i + 1 for i in idx], x[idx].tolist())} are not whole counts", file=file)
    return pd.array(np.round(x), dtype="Int64") if len(x) else pd.array([], dtype="Int64")


# ----------------------------------------------------------------------------- dates
_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan janvier janv enero ene janeiro jan januar jan gennaio gen января январь",
        "february feb fevrier fevr fev febrero feb fevereiro fev februar feb febbraio feb февраля февраль",
        "march mar mars marzo mar marco mar marz mar marzo mar марта март",
        "april apr avril avr abril abr abril abr april apr aprile apr апреля апрель",
        "may mai mayo may maio mai mai mai maggio mag мая май",
        "june jun juin junio jun junho jun juni jun giugno giu июня июнь",
        "july jul juillet juil julio jul julho jul juli jul luglio lug июля июль",
        "august aug aout agosto ago agosto ago august aug agosto ago августа август",
        "september sep sept septembre septiembre sep setembro set september sep settembre set сентября сентябрь",
        "october oct octobre octubre oct outubro out oktober okt ottobre ott октября октябрь",
        "november nov novembre noviembre nov novembro nov november nov novembre nov ноября ноябрь",
        "december dec decembre diciembre dic dezembro dez dezember dez dicembre dic декабря декабрь",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTHS.setdefault(_n, _i)
_VI_NUM = {"mot": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12}
_WEEKDAY_PREFIX = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)


def _fold(s: pd.Series) -> pd.Series:
    return fold(s)


def _month_of(names: pd.Series) -> pd.Series:
    names = pd.Series(names, dtype="string").str.strip(". ")
    n = pd.to_numeric(names.map(_MONTHS), errors="coerce")
    return n.fillna(pd.to_numeric(names.str[:3].map(_MONTHS), errors="coerce"))


def _b(mask: pd.Series) -> pd.Series:
    """Plain numpy-bool mask (missing → False)."""
    return pd.Series(mask).astype("boolean").fillna(False).astype(bool)


class ParsedWhen:
    """Result of ``when``: naive wall-clock values, which had a time of day, offsets and notes."""

    def __init__(self, naive: pd.Series, has_time: pd.Series, aware_utc: pd.Series, notes: list[str], year_missing: pd.Series):
        self.naive = naive
        self.has_time = has_time
        self.aware_utc = aware_utc  # UTC instants for values with an explicit offset, else NaT
        self.notes = notes
        self.year_missing = year_missing


def when(
    values: pd.Series,
    *,
    file: str,
    column: str,
    order: str = "mdy",
    order_reason: str = "",
    reference: pd.Timestamp | None = None,
) -> ParsedWhen:
    """Parse timestamps in any of the formats seen in exports.

    Formats: ISO (``2020-09-22T07:07:36.000``, ``2025-06-13``), explicit offset
    (``2021-11-30 16:00 +0000``), slashed numeric dates with optional time (``01/07/2025 06:30``,
    order decided by the data when a field exceeds 12, else by ``order``), Excel serial numbers
    (``44008``), English month names (``Mon Feb 17 2025``, ``"Tue, Feb 18, 2025"``, ``Aug 28, 2025``),
    year-less localized day-month dates (``28 August``, ``9月13日``, ``18 tháng Tám``) whose year is
    the latest one not after ``reference``.
    """
    raw = pd.Series(values, dtype="object").reset_index(drop=True)
    n = len(raw)
    notes: list[str] = []
    naive = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    has_time = pd.Series(False, index=raw.index)
    aware = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns, UTC]")
    year_missing = pd.Series(False, index=raw.index)
    if n == 0:
        return ParsedWhen(naive, has_time, aware, notes, year_missing)
    txt = _as_text(raw)
    todo = _b(txt.notna())

    # Excel serial day numbers (1900 system)
    num = pd.to_numeric(txt.where(todo), errors="coerce").astype("float64")
    serial = _b(todo & num.between(10000, 80000))
    if serial.any():
        naive[serial] = pd.to_datetime(num[serial], unit="D", origin="1899-12-30").dt.round("s")
        has_time[serial] = (num[serial] % 1).abs() > 1e-9
        notes.append(f"{int(serial.sum())} Excel serial day number(s) converted (1900 date system)")
        todo &= ~serial

    # explicit UTC offsets: 2021-11-30 16:00 +0000 / ISO with Z or +hh:mm
    off = todo & _b(txt.str.contains(r"\d[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$", regex=True))
    if off.any():
        parsed = pd.to_datetime(txt[off].str.replace(r"\s+([+-]\d{2}):?(\d{2})$", r"\1\2", regex=True), utc=True, errors="coerce", format="mixed")
        aware[off] = parsed
        has_time[off] = True
        todo &= ~(off & _b(parsed.reindex(raw.index).notna()))

    # ISO dates (with or without time)
    iso = todo & _b(txt.str.match(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"))
    if iso.any():
        naive[iso] = pd.to_datetime(txt[iso], format="ISO8601", errors="coerce")
        has_time[iso] = txt[iso].str[11:].str.strip("0:. ").str.len() > 0
        todo &= ~iso

    # numeric day/month/year
    parts = txt.where(todo).str.extract(
        r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
    )
    slash = todo & _b(parts[0].notna())
    if slash.any():
        a = pd.to_numeric(parts.loc[slash, 0])
        b = pd.to_numeric(parts.loc[slash, 1])
        if (a > 12).any() and (b > 12).any():
            rows = list(slash[slash].index[:5] + 1)
            raise DataError(f"column {column!r}: mixed day/month orders ({describe_rows(rows, txt[slash].head(5).tolist())})", file=file)
        if (a > 12).any():
            o, why = "dmy", f"day first: a first field exceeds 12 (e.g. {txt[slash][a > 12].iloc[0]!r})"
        elif (b > 12).any():
            o, why = "mdy", f"month first: a second field exceeds 12 (e.g. {txt[slash][b > 12].iloc[0]!r})"
        else:
            o = order
            why = ("month first" if o == "mdy" else "day first") + f" — AMBIGUOUS (no field exceeds 12), resolved by the rule: {order_reason or 'source default'}"
        notes.append(f"day/month order of {column!r}: {why}")
        month, day = (a, b) if o == "mdy" else (b, a)
        year = pd.to_numeric(parts.loc[slash, 2])
        year = year.where(year >= 100, 2000 + year)
        hour = pd.to_numeric(parts.loc[slash, 3]).fillna(0)
        ampm = parts.loc[slash, 6].str.lower().fillna("")
        pm = ((ampm == "pm") & (hour < 12)).fillna(False).astype(bool)
        am12 = ((ampm == "am") & (hour == 12)).fillna(False).astype(bool)
        hour = hour.where(~pm, hour + 12).where(~am12, 0)
        frame = pd.DataFrame(
            {
                "year": year,
                "month": month,
                "day": day,
                "hour": hour,
                "minute": pd.to_numeric(parts.loc[slash, 4]).fillna(0),
                "second": pd.to_numeric(parts.loc[slash, 5]).fillna(0),
            }
        )
        naive[slash] = pd.to_datetime(frame, errors="coerce")
        has_time[slash] = parts.loc[slash, 3].notna()
        todo &= ~slash

    # English (or other) month names, with a year: "Mon Feb 17 2025", "Tue, Feb 18, 2025", "Aug 28, 2025", "17 février 2025"
    folded = _fold(txt.where(todo)) if todo.any() else pd.Series(pd.NA, index=raw.index, dtype="string").str.replace(_WEEKDAY_PREFIX, "", regex=True).str.replace(",", " ", regex=False)
    mdy = folded.str.extract(r"^([^\d\s]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$")
    dmy = folded.str.extract(r"^(\d{1,2})(?:er)?\.?\s+(?:de\s+)?([^\d\s]+)\.?\s+(?:de\s+)?(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$")
    named = (todo & (mdy[0].notna() | dmy[0].notna())).fillna(False).astype(bool)
    if named.any():
        month = _month_of(mdy[1 - 1].where(mdy[0].notna(), dmy[1]))
        day = pd.to_numeric(mdy[1].where(mdy[0].notna(), dmy[0]), errors="coerce")
        year = pd.to_numeric(mdy[2].where(mdy[0].notna(), dmy[2]), errors="coerce")
        hour = pd.to_numeric(mdy[3].where(mdy[0].notna(), dmy[3]), errors="coerce")
        minute = pd.to_numeric(mdy[4].where(mdy[0].notna(), dmy[4]), errors="coerce")
        frame = pd.DataFrame({"year": year, "month": month, "day": day, "hour": hour.fillna(0), "minute": minute.fillna(0)})[named]
        ok = frame[["year", "month", "day"]].notna().all(axis=1)
        naive[ok[ok].index] = pd.to_datetime(frame[ok], errors="coerce")
        has_time[ok[ok].index] = hour[ok[ok].index].notna()
        todo &= ~(named & ok.reindex(raw.index, fill_value=False))

    # year-less day-month (TikTok): "28 August", "August 28", "9月13日", "18 tháng Tám", "8 de setembro"
    if todo.any():
        f = _fold(txt.where(todo))
        cjk = f.str.extract(r"^(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?$")
        vi = f.str.extract(r"^(\d{1,2})\s+thang\s+(.+)$")
        dm = f.str.extract(r"^(\d{1,2})\.?\s+(?:de\s+)?([^\d\s]+)\.?$")
        md = f.str.extract(r"^([^\d\s]+)\.?\s+(\d{1,2})$")
        month = pd.to_numeric(cjk[0], errors="coerce")
        day = pd.to_numeric(cjk[1], errors="coerce")
        vim = pd.to_numeric(vi[1].str.strip(), errors="coerce").fillna(vi[1].str.strip().map(_VI_NUM))
        month = month.fillna(vim)
        day = day.fillna(pd.to_numeric(vi[0], errors="coerce"))
        month = month.fillna(_month_of(dm[1])).fillna(_month_of(md[0]))
        day = day.fillna(pd.to_numeric(dm[0], errors="coerce")).fillna(pd.to_numeric(md[1], errors="coerce"))
        yl = todo & _b(month.notna() & day.notna())
        if yl.any():
            if reference is None or pd.isna(reference):
                raise DataError(f"column {column!r}: dates without a year and no export date to infer it from", file=file)
            ref = pd.Timestamp(reference).tz_localize(None) if pd.Timestamp(reference).tzinfo else pd.Timestamp(reference)
            cand = pd.to_datetime(pd.DataFrame({"year": ref.year, "month": month[yl], "day": day[yl]}), errors="coerce")
            back = pd.to_datetime(pd.DataFrame({"year": ref.year - 1, "month": month[yl], "day": day[yl]}), errors="coerce")
            cand = cand.where(cand <= ref.normalize(), back)
            naive[yl] = cand
            year_missing[yl] = True
            notes.append(f"{int(yl.sum())} date(s) of {column!r} have no year: the latest year not after the export date {ref.date()} was used")
            todo &= ~yl

    # last resort
    if todo.any():
        rest = pd.to_datetime(txt[todo], errors="coerce", format="mixed")
        naive[todo] = rest
        has_time[todo] = (rest.dt.hour + rest.dt.minute + rest.dt.second) > 0
        todo &= _b(rest.reindex(raw.index).isna())
    bad = todo | _b(txt.notna() & naive.isna() & aware.isna())
    if bad.any():
        idx = list(bad[bad].index)
        raise DataError(f"column {column!r}: {describe_rows([i + 1 for i in idx], raw[idx].tolist())} are not dates", file=file)
    return ParsedWhen(naive, has_time, aware, notes, year_missing)


def to_zone(parsed: ParsedWhen, *, source_tz: str | None, timezone: str) -> pd.Series:
    """Tz-aware Series in ``timezone``.

    Values with an explicit offset are converted; naive values with a time of day are read in
    ``source_tz`` (the source's convention) then converted; date-only values keep their calendar
    day, placed at 00:00 in ``timezone`` (the time of day is unknown).
    """
    naive = parsed.naive
    out = pd.Series(pd.NaT, index=naive.index, dtype=f"datetime64[ns, {timezone}]")
    timed = naive.notna() & parsed.has_time
    if timed.any():
        tz = source_tz or timezone
        loc = naive[timed].dt.tz_localize(tz, ambiguous=np.zeros(int(timed.sum()), dtype=bool), nonexistent="shift_forward")
        out[timed] = loc.dt.tz_convert(timezone)
    day = naive.notna() & ~parsed.has_time
    if day.any():
        out[day] = naive[day].dt.normalize().dt.tz_localize(timezone, ambiguous=np.zeros(int(day.sum()), dtype=bool), nonexistent="shift_forward")
    aware = parsed.aware_utc.notna()
    if aware.any():
        out[aware] = parsed.aware_utc[aware].dt.tz_convert(timezone)
    return out


def day(parsed: ParsedWhen, *, timezone: str | None = None) -> pd.Series:
    """Naive midnight calendar days (values with an offset are first put into ``timezone``)."""
    d = parsed.naive.dt.normalize()
    aware = parsed.aware_utc.notna()
    if aware.any():
        d[aware] = parsed.aware_utc[aware].dt.tz_convert(timezone or "UTC").dt.tz_localize(None).dt.normalize()
    return d


def first_present(frame: pd.DataFrame, keys: Sequence[str]) -> str | None:
    for k in keys:
        if k in frame.columns:
            return k
    return None
