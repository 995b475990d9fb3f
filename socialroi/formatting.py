"""Numbers, percentages, money, dates, periods, p-values and intervals as text, in any locale.

The one place of socialroi that turns a number into text: results, plots, notebooks, reports and
the command line all call it, so "7,1 %" and "7.1%" never meet in one report. Every symbol,
separator, pattern, month name and plural rule comes from the Unicode CLDR data shipped with Babel:
a locale (``"fr"``, ``"en"``, ``"fr_CH"``, ``"en_GB"``, ``"de"`` …) is a parameter, not code.

Conventions
-----------
- Every function takes the value first and ``locale`` keyword-only; a missing value (None, NaN,
  ``pd.NA``, infinity) gives :data:`MISSING` ("—").
- Rounding is that of Python's format specs on the value's exact binary expansion (half to even),
  so a number reads the same as before this module existed.
- Signs: the locale's minus and plus signs; a value that rounds to zero has no sign.
- An interval is written after its value in brackets, its bounds in the value's unit without the
  unit: fr ``7,1 % [6,2 ; 8,0]``, en ``7.1% [6.2, 8.0]``. The bounds are separated by ", " unless the
  locale's decimal mark is a comma, then by " ; " (a comma would be read as a decimal mark).

>>> percent(0.0712, locale="fr"), percent(0.0712, locale="en")
('7,1\\xa0%', '7.1%')
>>> interval(0.071, 0.062, 0.080, kind="pct", locale="fr")
'7,1\\xa0% [6,2 ; 8,0]'
>>> points(0.012, locale="fr", sign=True)
'+1,2\\xa0point'
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
import math
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd

from . import catalogue
from .catalogue import language, parse_locale
from .errors import ParameterError

__all__ = [
    "MISSING",
    "Kind",
    "resolve",
    "language",
    "parse_locale",
    "is_missing",
    "decimal_symbol",
    "interval_separator",
    "number",
    "integer",
    "percent",
    "points",
    "money",
    "pvalue",
    "bounds",
    "interval",
    "value",
    "count",
    "date",
    "period",
    "period_labels",
    "time",
    "datetime",
    "date_tick",
    "auto_digits",
]

#: What a missing value reads as.
MISSING = "—"
#: What a missing date reads as (in a sentence "from … to 2025-03-01").
MISSING_DATE = "…"

Kind = Literal["pct", "num", "money", "points", "auto", "int"]


# --------------------------------------------------------------------------------------------
# Locales
# --------------------------------------------------------------------------------------------
def resolve(locale: str | None = None, obj: Any = None) -> str:
    """The CLDR locale of a report: ``locale`` if given, else the one an object carries
    (``attrs["locale"]``, ``attrs["meta"]["locale"]`` or a Dataset's ``meta["locale"]``), else "en".

    >>> resolve("fr-ch"), resolve(None)
    ('fr_CH', 'en')
    """
    if locale is None and obj is not None:
        attrs = getattr(obj, "attrs", None) or {}
        meta = attrs.get("meta") or getattr(obj, "meta", None) or {}
        locale = attrs.get("locale") or (meta.get("locale") if isinstance(meta, dict) else None)
    return parse_locale(locale or "en")


@functools.lru_cache(maxsize=64)
def _locale(locale: str) -> Any:
    from babel import Locale

    return Locale.parse(parse_locale(locale))


def _symbols(locale: str) -> dict[str, str]:
    loc = _locale(locale)
    symbols = loc.number_symbols
    return symbols.get(loc.default_numbering_system, symbols.get("latn", symbols))


def decimal_symbol(locale: str) -> str:
    """The locale's decimal mark ("," in fr, "." in en)."""
    return _symbols(locale)["decimal"]


def interval_separator(locale: str) -> str:
    """Between the bounds of an interval: " ; " where the decimal mark is a comma, else ", "."""
    return " ; " if decimal_symbol(locale) == "," else ", "


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------
def is_missing(x: Any) -> bool:
    """True for None, NaN, NaT, ``pd.NA``, infinities and anything that is not a number."""
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


def _decimal(x: Any, digits: int) -> Decimal:
    """``x`` rounded to ``digits`` decimals from its exact binary value (as ``f"{x:.{digits}f}"``)."""
    if isinstance(x, Decimal):
        d = x
    elif isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        d = Decimal(int(x))
    else:
        d = Decimal(float(x))
    d = d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    return abs(d) if d == 0 else d


@functools.lru_cache(maxsize=512)
def _pattern(locale: str, kind: str, digits: int, sign: bool, grouping: bool, min_digits: int | None = None) -> Any:
    """The locale's CLDR number pattern of ``kind`` with ``digits`` decimals (at least ``min_digits``)."""
    loc = _locale(locale)
    base = {"decimal": loc.decimal_formats, "percent": loc.percent_formats,
            "currency": loc.currency_formats}[kind]
    base = base["standard"] if kind == "currency" else base[None]
    p = copy.copy(base)
    p.frac_prec = (digits if min_digits is None else min(min_digits, digits), digits)
    p.scale = 0  # percentages are scaled here (exact rounding), not by the pattern
    sym = _symbols(locale)
    pos, neg = p.prefix
    neg = neg.replace("-", sym.get("minusSign", "-"))
    if sign:
        pos = sym.get("plusSign", "+") + pos
    p.prefix = (pos, neg)
    if not grouping:
        p.grouping = (1000, 1000)
    return p


def _apply(d: Decimal, locale: str, kind: str, digits: int, sign: bool, grouping: bool = True,
           min_digits: int | None = None) -> str:
    p = _pattern(parse_locale(locale), kind, digits, bool(sign) and d > 0, grouping, min_digits)
    return p.apply(d, _locale(locale))


def auto_digits(x: Any) -> int:
    """Decimals that suit a number's size: 0 from 100, 2 from 1, else 3 significant digits (≤ 6)."""
    v = abs(float(x))
    if v >= 100:
        return 0
    if v >= 1 or v == 0:
        return 2
    return min(6, 2 - int(math.floor(math.log10(v))))


def number(x: Any, *, locale: str, digits: int | Literal["auto"] = 2, sign: bool = False,
           grouping: bool = True, min_digits: int | None = None) -> str:
    """A number with the locale's separators and ``digits`` decimals.

    ``digits="auto"`` chooses them from the size (:func:`auto_digits`); ``min_digits`` lets
    trailing zeros go down to that many decimals (``min_digits=0``: ``2.5``, ``3``, an axis tick);
    ``sign=True`` writes the plus sign of positive numbers (a change).

    >>> number(1234567.891, locale="fr"), number(1234567.891, locale="en"), number(-0.5, locale="de", digits=1)
    ('1\\u202f234\\u202f567,89', '1,234,567.89', '-0,5')
    """
    if is_missing(x):
        return MISSING
    nd = auto_digits(x) if digits == "auto" else int(digits)
    return _apply(_decimal(x, nd), locale, "decimal", nd, sign, grouping, min_digits)


def integer(x: Any, *, locale: str, sign: bool = False) -> str:
    """A whole number with the locale's thousands separator (``1 137`` / ``1,137``)."""
    return number(x, locale=locale, digits=0, sign=sign)


def percent(x: Any, *, locale: str, digits: int = 1, sign: bool = False, min_digits: int | None = None) -> str:
    """A proportion (0.071) as a percentage in the locale's pattern (fr ``7,1 %``, en ``7.1%``)."""
    if is_missing(x):
        return MISSING
    return _apply(_decimal(Decimal(float(x)) * 100, digits), locale, "percent", digits, sign, True, min_digits)


def points(x: Any, *, locale: str, digits: int = 1, sign: bool = False, unit: bool = True) -> str:
    """A difference of two proportions (0.012) in percentage points: fr ``1,2 point``, en ``1.2 points``.

    The word follows the locale's plural rule for the number as written (catalogue ``unit.points``).
    """
    if is_missing(x):
        return MISSING
    d = _decimal(Decimal(float(x)) * 100, digits)
    text = _apply(d, locale, "decimal", digits, sign)
    if not unit:
        return text
    return text + "\u00a0" + catalogue.text("unit.points", locale, count=d)


def money(x: Any, *, currency: str, locale: str, digits: int = 0, display: Literal["code", "symbol"] = "code") -> str:
    """An amount with its currency in the locale's currency pattern (fr ``1 234 EUR``, en ``EUR 1,234``).

    ``display="code"`` writes the ISO 4217 code (unambiguous across countries: EUR, CHF, USD);
    ``"symbol"`` the locale's symbol (€, CHF, $US). Between a code or symbol made of letters and a
    digit, a no-break space is inserted (CLDR's currency spacing rule).
    """
    if is_missing(x):
        return MISSING
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
        raise ParameterError(f"currency={currency!r}: expected an ISO 4217 code such as 'EUR'")
    cur = currency.upper()
    d = _decimal(x, digits)
    p = _pattern(parse_locale(locale), "currency", digits, False, True, None)
    if display == "code":
        p = copy.copy(p)
        p.prefix = tuple(s.replace("¤", "¤¤") for s in p.prefix)
        p.suffix = tuple(s.replace("¤", "¤¤") for s in p.suffix)
    text = p.apply(d, _locale(locale), currency=cur, currency_digits=False)
    return _currency_spacing(text)


def _currency_spacing(text: str) -> str:
    """CLDR currency spacing: a no-break space between currency letters and a digit (``EUR 1,234``)."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt and ((ch.isalpha() and nxt.isdigit()) or (ch.isdigit() and nxt.isalpha())):
            out.append("\u00a0")
    return "".join(out)


def pvalue(p: Any, *, locale: str, prefix: bool = True) -> str:
    """A p-value: ``p < 0,001`` / ``p = 0,203`` (fr), ``p < 0.001`` / ``p = 0.203`` (en); without the
    prefix ``< 0,001`` / ``0,203`` (a table cell)."""
    if is_missing(p):
        return "p = " + MISSING if prefix else MISSING
    if float(p) < 0.001:
        text = "< " + number(0.001, locale=locale, digits=3)
        return "p " + text if prefix else text
    text = number(p, locale=locale, digits=3)
    return "p = " + text if prefix else text


# --------------------------------------------------------------------------------------------
# Values and intervals
# --------------------------------------------------------------------------------------------
def value(x: Any, *, kind: Kind = "num", locale: str, digits: int | Literal["auto"] = 1, currency: str = "EUR",
          sign: bool = False) -> str:
    """One value of ``kind``: "pct" (a proportion, in %), "points" (a difference of proportions),
    "money", "int", "auto" (digits from the size) or "num"."""
    if kind == "pct":
        return percent(x, locale=locale, digits=int(digits) if digits != "auto" else 1, sign=sign)
    if kind == "points":
        return points(x, locale=locale, digits=int(digits) if digits != "auto" else 1, sign=sign)
    if kind == "money":
        return money(x, currency=currency, locale=locale, digits=int(digits) if digits != "auto" else 0)
    if kind == "int":
        return integer(x, locale=locale, sign=sign)
    if kind == "auto":
        return number(x, locale=locale, digits="auto", sign=sign)
    return number(x, locale=locale, digits=digits, sign=sign)


def _bound(x: Any, kind: Kind, locale: str, digits: int | Literal["auto"]) -> str:
    """An interval bound in the unit of its value, without the unit (``6,2`` for 6,2 %)."""
    if kind in ("pct", "points"):
        return number(None if is_missing(x) else 100 * float(x), locale=locale,
                      digits=1 if digits == "auto" else digits)
    if kind == "int":
        return integer(x, locale=locale)
    return number(x, locale=locale, digits=digits if kind != "auto" else "auto")


def bounds(low: Any, high: Any, *, kind: Kind = "num", locale: str, digits: int | Literal["auto"] = 1) -> str:
    """``[low ; high]`` (fr) / ``[low, high]`` (en), bounds in the value's unit; "" when either is missing."""
    if is_missing(low) or is_missing(high):
        return ""
    return f"[{_bound(low, kind, locale, digits)}{interval_separator(locale)}{_bound(high, kind, locale, digits)}]"


def interval(x: Any, low: Any, high: Any, *, kind: Kind = "pct", locale: str, digits: int | Literal["auto"] = 1,
             currency: str = "EUR", sign: bool = False) -> str:
    """A value with its interval: fr ``7,1 % [6,2 ; 8,0]``, en ``7.1% [6.2, 8.0]``.

    ``kind`` as in :func:`value`. Without a finite interval, the value alone.

    >>> interval(0.121, -0.008, 0.244, kind="points", locale="en")
    '12.1 points [-0.8, 24.4]'
    """
    main = value(x, kind=kind, locale=locale, digits=digits, currency=currency, sign=sign)
    if is_missing(x):
        return main
    b = bounds(low, high, kind=kind, locale=locale, digits=digits)
    return f"{main} {b}" if b else main


def count(n: Any, unit: str, *, locale: str) -> str:
    """A count with its word in the right plural form: ``48 publications``, ``1 post``.

    ``unit`` is a key of the catalogue's ``unit`` table (posts, days, weeks, users, customers...).
    """
    if is_missing(n):
        return MISSING
    return integer(n, locale=locale) + " " + catalogue.text(f"unit.{unit}", locale, count=int(n))


# --------------------------------------------------------------------------------------------
# Dates, periods, times
# --------------------------------------------------------------------------------------------
def _timestamp(x: Any) -> pd.Timestamp | None:
    if x is None or x is pd.NaT or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    ts = pd.Timestamp(x)
    if ts is pd.NaT:
        return None
    return ts.tz_localize(None) if ts.tzinfo is not None else ts


_SKELETONS = {"month": "yMMMM", "month_short": "yMMM", "quarter": "yQQQ", "year": "y", "day_month": "dMMMM"}


def date(x: Any, *, locale: str, format: Literal["long", "medium", "short", "iso", "month", "month_short"] = "long") -> str:
    """A date in the locale: fr ``1 janvier 2024``, en ``January 1, 2024``, en_GB ``1 January 2024``
    (CLDR "long"); ``"month"`` ``janvier 2024``; ``"iso"`` ``2024-01-01``. Text that is not a date
    is returned as it is; a missing date reads "…"."""
    from babel import dates as bd

    try:
        ts = _timestamp(x)
    except (TypeError, ValueError):
        return str(x)
    if ts is None:
        return MISSING_DATE
    if format == "iso":
        return ts.date().isoformat()
    loc = _locale(locale)
    if format in _SKELETONS:
        return bd.format_skeleton(_SKELETONS[format], ts.date(), locale=loc)
    return bd.format_date(ts.date(), format=format, locale=loc)


def period(x: Any, *, freq: str = "MS", locale: str, short: bool = False) -> str:
    """The label of the period that starts at ``x``: a month (``mars 2024`` / ``Mar 2024`` short), a
    quarter (``T1 2024`` / ``Q1 2024``), a year, else the date of its first day (weeks, days)."""
    f = str(freq).upper()
    if f.startswith(("MS", "ME", "M")) and not f.startswith("MIN"):
        return date(x, locale=locale, format="month_short" if short else "month")
    if f.startswith(("QS", "QE", "Q")):
        from babel import dates as bd

        ts = _timestamp(x)
        return MISSING_DATE if ts is None else bd.format_skeleton(_SKELETONS["quarter"], ts.date(), locale=_locale(locale))
    if f.startswith(("YS", "YE", "Y", "A")):
        ts = _timestamp(x)
        return MISSING_DATE if ts is None else str(ts.year)
    return date(x, locale=locale, format="medium")


def period_labels(periods: Any, *, locale: str, short: bool = True) -> list[str]:
    """Labels of period starts, the period length read from the values: months when every start is
    a first of month, quarters when they are also three months apart, else dates."""
    p = pd.to_datetime(pd.Series(periods))
    firsts = p.dropna()
    freq = "D"
    if len(firsts) and (firsts.dt.day == 1).all():
        months = sorted(set(firsts.dt.year * 12 + firsts.dt.month - 1))
        steps = {b - a for a, b in zip(months, months[1:], strict=False)}
        quarterly = (firsts.dt.month % 3 == 1).all() and (not steps or steps <= {3, 6, 9, 12}) and len(months) > 1
        freq = "QS" if quarterly else "MS"
    return [period(v, freq=freq, locale=locale, short=short) for v in p]


def time(hour: int, minute: int = 0, *, locale: str, pattern: str | None = None) -> str:
    """A time of day in the locale (24-hour CLDR skeleton "Hm": ``08:00``), or in a CLDR ``pattern``
    such as ``"H 'h'"`` (``8 h``)."""
    from babel import dates as bd

    t = _dt.time(int(hour), int(minute))
    if pattern:
        return bd.format_time(t, format=pattern, locale=_locale(locale))
    return bd.format_skeleton("Hm", t, locale=_locale(locale))


def datetime(x: Any, *, locale: str) -> str:
    """A moment in the locale's short date and time, with its zone when it has one (CLDR "medium"
    date, "short" time): en ``Mar 1, 2025, 14:05 CET``."""
    from babel import dates as bd

    ts = pd.Timestamp(x)
    loc = _locale(locale)
    pattern = str(loc.datetime_formats.get("medium", "{1} {0}"))  # CLDR: "{1}, {0}" (en), "{1} {0}" (fr)
    out = pattern.replace("{1}", bd.format_date(ts.date(), format="medium", locale=loc)).replace(
        "{0}", bd.format_skeleton("Hm", ts.time(), locale=loc))
    return f"{out} {ts.tzname()}" if ts.tzinfo is not None and ts.tzname() else out


def date_tick(x: Any, *, locale: str) -> str:
    """Tick label of a date axis: the day number, the month's short name on the 1st, with the year
    under January (``15``, ``mars``, ``janv.\\n2025``)."""
    from babel import dates as bd

    ts = _timestamp(x)
    if ts is None:
        return ""
    if ts.day != 1 or ts.hour or ts.minute:
        return bd.format_skeleton("d", ts.date(), locale=_locale(locale))
    month = bd.format_skeleton("MMM", ts.date(), locale=_locale(locale))
    return f"{month}\n{ts.year}" if ts.month == 1 else month
