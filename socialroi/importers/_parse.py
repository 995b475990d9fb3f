"""Value parsers shared by the export families (private).

All parsers are vectorised over a pandas Series of raw cells (str, numbers or None) and raise a
``DataError`` naming the file, the column and the first offending rows when a value cannot be read:
nothing is dropped silently.
"""

from __future__ import annotations

import datetime as _dt
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


def where(positions: Sequence[int], rows: Sequence[int] | None, word: str, values: Sequence[object] | None = None) -> str:
    """``lines 12, 14 (values ...)`` for the 0-based ``positions`` of a column: file lines of a text
    file or sheet rows of a workbook (``rows`` maps position → label; else position + 1)."""
    labels = [rows[i] if rows is not None and i < len(rows) else i + 1 for i in positions]
    return describe_rows(labels, values, word=word)


def number(values: pd.Series, *, file: str, column: str, decimal: str = ".",
           rows: Sequence[int] | None = None, word: str = "row") -> pd.Series:
    """Float Series from cells like ``1777.0``, ``"1,234"``, ``4,5 %``, ``1.2K``, ``-`` (missing).

    Text cells go through socialroi's one number parser (``schema.parse_numbers``: the decimal mark
    decided per column, ``decimal`` being the file's convention when the column gives no clue);
    a percent sign is dropped, not divided (the columns that carry one say "(%)" in their name).
    Workbook cells that are already numbers are kept as they are.
    """
    from ..schema import parse_numbers

    raw = pd.Series(values, dtype="object").reset_index(drop=True)
    is_str = _is_str(raw)
    direct = pd.to_numeric(raw.where(~is_str), errors="coerce").astype("float64")
    t = _as_text(raw.where(is_str, None))
    parsed, failed = parse_numbers(t, decimal="auto", default_decimal=decimal, suffixes=True, percent="strip")
    out = direct.where(direct.notna(), parsed)
    if failed.any():
        idx = list(np.flatnonzero(failed.to_numpy(dtype=bool)))
        raise DataError(f"column {column!r}: {where(idx, rows, word, raw[idx].tolist())} are not numbers", file=file)
    return out.astype("float64")


def count(values: pd.Series, *, file: str, column: str, decimal: str = ".",
          rows: Sequence[int] | None = None, word: str = "row") -> pd.Series:
    """Nullable ``Int64`` counts; a blank stays missing (never 0)."""
    x = number(values, file=file, column=column, decimal=decimal, rows=rows, word=word)
    frac = x.notna() & (np.abs(x - np.round(x)) > 1e-9)
    if frac.any():
        idx = list(np.flatnonzero(frac.to_numpy(dtype=bool)))
        raise DataError(f"column {column!r}: {where(idx, rows, word, x[idx].tolist())} are not whole counts", file=file)
    return pd.array(np.round(x), dtype="Int64") if len(x) else pd.array([], dtype="Int64")


def seconds(values: pd.Series, *, file: str, column: str, rows: Sequence[int] | None = None,
            word: str = "row") -> pd.Series:
    """Durations in seconds (float) from cells like ``0:04:34`` (H:MM:SS), ``4:34`` (M:SS) or a
    plain number of seconds; a blank stays missing. YouTube writes its average view duration so."""
    raw = pd.Series(values, dtype="object").reset_index(drop=True)
    is_str = _is_str(raw)
    direct = pd.to_numeric(raw.where(~is_str), errors="coerce").astype("float64")
    t = _as_text(raw.where(is_str, None)).str.strip()
    parts = t.str.extract(r"^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$")
    clock = (pd.to_numeric(parts[0], errors="coerce").fillna(0) * 3600
             + pd.to_numeric(parts[1], errors="coerce") * 60 + pd.to_numeric(parts[2], errors="coerce"))
    plain = pd.to_numeric(t.where(parts[1].isna()), errors="coerce")
    out = direct.where(direct.notna(), clock.where(clock.notna(), plain)).astype("float64")
    failed = t.notna() & out.isna()
    if failed.any():
        idx = list(np.flatnonzero(failed.to_numpy(dtype=bool)))
        raise DataError(f"column {column!r}: {where(idx, rows, word, raw[idx].tolist())} are not durations "
                        "(H:MM:SS, M:SS or seconds)", file=file)
    return out


# ----------------------------------------------------------------------------- dates
_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan janvier janv enero ene janeiro jan januar jan gennaio gen января январь Ιανουαρίου",
        "february feb fevrier fevr fev febrero feb fevereiro fev februar feb febbraio feb февраля февраль Φεβρουαρίου",
        "march mar mars marzo mar marco mar marz mar marzo mar марта март Μαρτίου",
        "april apr avril avr abril abr abril abr april apr aprile apr апреля апрель Απριλίου",
        "may mai mayo may maio mai mai mai maggio mag мая май Μαΐου",
        "june jun juin junio jun junho jun juni jun giugno giu июня июнь Ιουνίου",
        "july jul juillet juil julio jul julho jul juli jul luglio lug июля июль Ιουλίου",
        "august aug aout agosto ago agosto ago august aug agosto ago августа август Αυγούστου",
        "september sep sept septembre septiembre sep setembro set september sep settembre set сентября сентябрь Σεπτεμβρίου",
        "october oct octobre octubre oct outubro out oktober okt ottobre ott октября октябрь Οκτωβρίου",
        "november nov novembre noviembre nov novembro nov november nov novembre nov ноября ноябрь Νοεμβρίου",
        "december dec decembre diciembre dic dezembro dez dezember dez dicembre dic декабря декабрь Δεκεμβρίου",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTHS.setdefault(_norm_text(_n), _i)  # folded like the cells (accents off: "май" → "маи")
# (Greek: the genitive TikTok writes in a Greek UI, "25 Φεβρουαρίου")
_VI_NUM = {"mot": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12}
# weekday names (folded) that may open a date: English, French, Spanish, Portuguese, Italian
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun"
    "|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim"
    "|lunes|martes|miercoles|jueves|viernes|sabado|domingo|mie|jue|vie|sab|dom"
    "|segunda-feira|terca-feira|quarta-feira|quinta-feira|sexta-feira|seg|ter|qua|qui|sex"
    "|lunedi|martedi|mercoledi|giovedi|venerdi|gio"
)
_WEEKDAY_PREFIX = rf"^(?:{_WEEKDAYS})\.?\s+"
_MDY_NAMED = r"^([^\d\s]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$"
_DMY_NAMED = r"^(\d{1,2})(?:er)?\.?\s+(?:de\s+)?([^\d\s]+?)\.?\s+(?:de\s+)?(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$"


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
    """Result of ``when``: naive wall-clock values, which had a time of day, offsets and notes.

    Values written without a year ("5 January", "1月5日") are left NaT in ``naive``; their month and
    day are in ``month``/``day`` and ``year_missing`` marks them: the caller gives them a year from
    evidence about the export (``years_from_end``, ``years_near``), never from a clock.
    """

    def __init__(self, naive: pd.Series, has_time: pd.Series, aware_utc: pd.Series, notes: list[str],
                 year_missing: pd.Series, month: pd.Series | None = None, day: pd.Series | None = None):
        self.naive = naive
        self.has_time = has_time
        self.aware_utc = aware_utc  # UTC instants for values with an explicit offset, else NaT
        self.notes = notes
        self.year_missing = year_missing
        self.month = month if month is not None else pd.Series(np.nan, index=naive.index)
        self.day = day if day is not None else pd.Series(np.nan, index=naive.index)


def _named(folded: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series, pd.Series]:
    """(month, day, year, hour, minute) of dates written with a month name and a year, NaN where the
    text is not one: "Feb 17 2025", "17 février 2025", "Aug 28, 2025" (commas are spaces here)."""
    mdy = folded.str.extract(_MDY_NAMED)
    dmy = folded.str.extract(_DMY_NAMED)
    use_mdy = mdy[0].notna()
    month = _month_of(mdy[0].where(use_mdy, dmy[1]))
    day = pd.to_numeric(mdy[1].where(use_mdy, dmy[0]), errors="coerce")
    year = pd.to_numeric(mdy[2].where(use_mdy, dmy[2]), errors="coerce")
    hour = pd.to_numeric(mdy[3].where(use_mdy, dmy[3]), errors="coerce")
    minute = pd.to_numeric(mdy[4].where(use_mdy, dmy[4]), errors="coerce")
    return month, day, year, hour, minute


def when(
    values: pd.Series,
    *,
    file: str,
    column: str,
    order: str = "mdy",
    order_reason: str = "",
    rows: Sequence[int] | None = None,
    word: str = "row",
) -> ParsedWhen:
    """Parse timestamps in any of the formats seen in exports.

    Formats: ISO (``2020-09-22T07:07:36.000``, ``2025-06-13``), explicit offset
    (``2021-11-30 16:00 +0000``), slashed numeric dates with optional time (``01/07/2025 06:30``,
    order decided by the data when a field exceeds 12, else by ``order``), Excel serial numbers
    (``44008``), month names with a year, with or without a leading weekday (``Mon Feb 17 2025``,
    ``"Tue, Feb 18, 2025"``, ``Aug 28, 2025``, ``lun. 17 févr. 2025``, ``18-Feb-2025``), and
    year-less day-month dates (``28 August``, ``9月13日``, ``18 tháng Tám``), returned without a year
    (see ``ParsedWhen``). ``rows``/``word`` name the offending values in errors (file lines or sheet
    rows; default: positions + 1).
    """
    raw = pd.Series(values, dtype="object").reset_index(drop=True)
    n = len(raw)
    notes: list[str] = []
    naive = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    has_time = pd.Series(False, index=raw.index)
    aware = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns, UTC]")
    year_missing = pd.Series(False, index=raw.index)
    ym_month = pd.Series(np.nan, index=raw.index)
    ym_day = pd.Series(np.nan, index=raw.index)
    if n == 0:
        return ParsedWhen(naive, has_time, aware, notes, year_missing, ym_month, ym_day)
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
            idx = list(slash[slash].index[:5])
            raise DataError(f"column {column!r}: mixed day/month orders ({where(idx, rows, word, txt[idx].tolist())})", file=file)
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

    # month names with a year: "Mon Feb 17 2025", "Tue, Feb 18, 2025", "Aug 28, 2025",
    # "lun. 17 févr. 2025", "17 février 2025", "18-Feb-2025". A leading weekday is tried only when the
    # text does not read as a date without it ("Mar 18 2025" is 18 March, "mar. 18 févr. 2025" a Tuesday).
    if todo.any():
        folded = _fold(txt.where(todo)).str.replace(",", " ", regex=False)
        folded = folded.str.replace(r"^(\d{1,2})-([^\d\s-]+)-(\d{4})", r"\1 \2 \3", regex=True)
        month, day, year, hour, minute = _named(folded)
        bare = folded.str.replace(_WEEKDAY_PREFIX, "", regex=True)
        retry = month.isna() & (bare != folded).fillna(False)
        if retry.any():
            m2, d2, y2, h2, mi2 = _named(bare.where(retry))
            month, day, year = month.fillna(m2), day.fillna(d2), year.fillna(y2)
            hour, minute = hour.where(~retry, h2), minute.where(~retry, mi2)
        ok = todo & _b(month.notna() & day.notna() & year.notna())
        if ok.any():
            frame = pd.DataFrame({"year": year, "month": month, "day": day, "hour": hour.fillna(0),
                                  "minute": minute.fillna(0)})[ok]
            parsed = pd.to_datetime(frame, errors="coerce")
            naive[ok] = parsed.where(parsed.between(pd.Timestamp.min, pd.Timestamp.max))  # year 0025: not a date
            has_time[ok] = hour[ok].notna()
            todo &= ~ok

    # year-less day-month (TikTok): "28 August", "August 28", "9月13日", "18 tháng Tám", "8 de setembro"
    if todo.any():
        f = _fold(txt.where(todo)).str.replace(",", " ", regex=False).str.replace(_WEEKDAY_PREFIX, "", regex=True)
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
        yl = todo & _b(month.notna() & day.notna() & month.between(1, 12) & day.between(1, 31))
        if yl.any():
            year_missing[yl] = True
            ym_month[yl] = month[yl]
            ym_day[yl] = day[yl]
            todo &= ~yl

    # last resort
    if todo.any():
        rest = pd.to_datetime(txt[todo], errors="coerce", format="mixed")
        rest = rest.where(rest.between(pd.Timestamp.min, pd.Timestamp.max))  # year 225 (a damaged byte): not a date
        naive[todo] = rest
        has_time[todo] = (rest.dt.hour + rest.dt.minute + rest.dt.second) > 0
        todo &= _b(rest.reindex(raw.index).isna())
    bad = todo | _b(txt.notna() & naive.isna() & aware.isna() & ~year_missing)
    if bad.any():
        idx = list(bad[bad].index)
        raise DataError(f"column {column!r}: {where(idx, rows, word, raw[idx].tolist())} are not dates", file=file)
    return ParsedWhen(naive, has_time, aware, notes, year_missing, ym_month, ym_day)


def _dates(year: pd.Series | int, month: pd.Series, day: pd.Series) -> pd.Series:
    frame = pd.DataFrame({"year": year, "month": month, "day": day}, index=month.index)
    return pd.to_datetime(frame, errors="coerce")


def years_latest(month: pd.Series, day: pd.Series, end: pd.Timestamp) -> pd.Series:
    """Each (month, day) placed on its latest date not after ``end`` (a 29 February falls back to
    the latest leap year)."""
    end = pd.Timestamp(end).normalize()
    out = pd.Series(pd.NaT, index=month.index, dtype="datetime64[ns]")
    todo = month.notna() & day.notna()
    for back in range(0, 9):  # 29 February needs up to 8 years back
        if not todo.any():
            break
        cand = _dates(end.year - back, month[todo], day[todo])
        hit = cand.notna() & (cand <= end)
        out[hit[hit].index] = cand[hit]
        todo &= ~out.notna()
    return out


def years_after(month: pd.Series, day: pd.Series, start: pd.Timestamp) -> pd.Series:
    """Each (month, day) placed on its earliest date not before ``start``."""
    start = pd.Timestamp(start).normalize()
    out = pd.Series(pd.NaT, index=month.index, dtype="datetime64[ns]")
    todo = month.notna() & day.notna()
    for ahead in range(0, 9):
        if not todo.any():
            break
        cand = _dates(start.year + ahead, month[todo], day[todo])
        hit = cand.notna() & (cand >= start)
        out[hit[hit].index] = cand[hit]
        todo &= ~out.notna()
    return out


def _latest_on_or_before(m: int, d: int, bound: _dt.date) -> _dt.date | None:
    for y in range(bound.year, bound.year - 9, -1):
        try:
            cand = _dt.date(y, m, d)
        except ValueError:  # 29 February of a common year, or 31 April
            continue
        if cand <= bound:
            return cand
    return None


def _earliest_on_or_after(m: int, d: int, bound: _dt.date) -> _dt.date | None:
    for y in range(bound.year, bound.year + 9):
        try:
            cand = _dt.date(y, m, d)
        except ValueError:
            continue
        if cand >= bound:
            return cand
    return None


def years_from_end(month: pd.Series, day: pd.Series, *, end: pd.Timestamp | None = None,
                   after: pd.Timestamp | None = None) -> tuple[pd.Series, list[str]]:
    """Dates of a daily file whose days have no year, in file order.

    The last row takes the latest date not after ``end`` (else the earliest not before ``after``);
    each earlier row the latest date not after the row below it (the walk is over the rows of a
    daily file, a few hundred at most, and each step depends on the one below). Returns the dates
    and problems: days that do not increase (the file is not in date order, so the year cannot be
    settled this way) are an error for the caller.
    """
    if end is None and after is None:
        raise ValueError("years_from_end needs end or after")
    m, d = month.to_numpy(dtype=float), day.to_numpy(dtype=float)
    bound = None if end is None else pd.Timestamp(end).date()
    out: list[_dt.date | None] = [None] * len(m)
    for i in range(len(m) - 1, -1, -1):
        if np.isnan(m[i]) or np.isnan(d[i]):
            continue
        mi, di = int(m[i]), int(d[i])
        if bound is None:
            got = _earliest_on_or_after(mi, di, pd.Timestamp(after).date())
        else:
            got = _latest_on_or_before(mi, di, bound)
        out[i] = got
        if got is not None:
            bound = got  # the row above is on or before this day
    dates = pd.Series(pd.to_datetime([pd.NaT if x is None else pd.Timestamp(x) for x in out]), index=month.index)
    problems = []
    present = dates.dropna().drop_duplicates()
    steps = present.diff().dropna()
    if len(steps) and steps.max() > pd.Timedelta(days=62):
        at = steps.idxmax()
        problems.append("the days are not in increasing order (placed backwards from the last row, the day before "
                        f"{present[at].date()} falls {steps.max().days} days earlier)")
    return dates.astype("datetime64[ns]"), problems


def years_near(month: pd.Series, day: pd.Series, near: pd.Series) -> pd.Series:
    """Each (month, day) in the year that puts it nearest to ``near`` (a full date known otherwise,
    e.g. the posting time encoded in a TikTok video id)."""
    out = pd.Series(pd.NaT, index=month.index, dtype="datetime64[ns]")
    ok = month.notna() & day.notna() & near.notna()
    if not ok.any():
        return out
    ref = pd.to_datetime(near[ok]).dt.tz_localize(None) if getattr(pd.to_datetime(near[ok]).dt, "tz", None) else pd.to_datetime(near[ok])
    best = None
    for shift in (-1, 0, 1):
        cand = _dates(ref.dt.year + shift, month[ok], day[ok])
        dist = (cand - ref.dt.normalize()).abs()
        if best is None:
            best, best_dist = cand, dist
        else:
            better = dist < best_dist
            best = best.where(~better, cand)
            best_dist = best_dist.where(~better, dist)
    out[ok] = best
    return out


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
