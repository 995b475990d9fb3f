"""Small helpers shared by the domain modules (private).

- ``get_meta(df, key, value)``: an explicit argument wins, else ``df.attrs["meta"][key]`` (set by
  ``load_dataset``), else a ``ParameterError`` that says which argument to pass.
- ``period_start(values, freq)``: the start of the period (pandas offset alias) that each timestamp
  falls in, computed on wall-clock time in the timestamps' own zone (the dataset timezone after
  loading), returned as naive Timestamps (a calendar label, e.g. 2025-03-01 for "MS").
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pandas.tseries import offsets
from pandas.tseries.frequencies import to_offset

from .errors import DataError, ParameterError

__all__ = ["get_meta", "locale_of", "normalise_freq", "period_start", "require_columns", "as_float"]


def get_meta(df: pd.DataFrame | None, key: str, value: Any = None, *, required: bool = True) -> Any:
    """Return ``value`` if given, else the dataset metadata ``key`` carried in ``df.attrs``."""
    if value is not None:
        return value
    meta = (getattr(df, "attrs", None) or {}).get("meta") or {}
    if meta.get(key) not in (None, ""):
        return meta[key]
    if required:
        raise ParameterError(
            f"{key!r} is not known: pass {key}=... (frames from sr.load_dataset carry it in "
            f"df.attrs['meta'])"
        )
    return None


#: Languages of the labels the domain modules carry themselves (the indicator registry's
#: ``label_en``/``label_fr``); any other locale reads them in English (the catalogue's fallback rule).
LOCALES = ("en", "fr")


def locale_of(obj: Any, locale: str | None = None) -> str:
    """Language of the domain modules' own labels: the language of ``locale`` if given, else of the
    object's ``attrs["locale"]``, its dataset metadata (``attrs["meta"]["locale"]``, or ``.meta`` of
    a Dataset), else "en"; "fr" for every French locale (fr_CH...), "en" for the others.

    Any locale CLDR knows is accepted ("de", "en_GB"); an unknown one is a ``ParameterError``.
    Numbers and dates use the full locale (:func:`socialroi.formatting.resolve`).
    """
    from .catalogue import language

    if locale is None:
        attrs = getattr(obj, "attrs", None) or {}
        meta = attrs.get("meta") or getattr(obj, "meta", None) or {}
        locale = attrs.get("locale") or (meta.get("locale") if isinstance(meta, dict) else None) or "en"
    lang = language(locale)
    return lang if lang in LOCALES else "en"


def _wall_clock(values: pd.Series, tz: str | None = None) -> pd.Series:
    if tz is None:
        meta = (getattr(values, "attrs", None) or {}).get("meta") or {}
        tz = meta.get("timezone")
    s = pd.Series(values)
    if not pd.api.types.is_datetime64_any_dtype(s):
        s = pd.to_datetime(s)
    if getattr(s.dt, "tz", None) is not None:
        if tz:
            s = s.dt.tz_convert(tz)
        s = s.dt.tz_localize(None)
    return s


def period_start(values: pd.Series, freq: str, *, tz: str | None = None) -> pd.Series:
    """Start of the ``freq`` period of each timestamp, on local wall-clock time.

    Local means the dataset timezone: ``tz`` if given, else the ``timezone`` of the dataset
    metadata the values carry (``attrs["meta"]``, kept by columns of loaded tables), else the
    timestamps' own zone. So a table converted to UTC still gets its periods in the dataset's time.

    ``freq`` is a pandas offset alias: "D", "W" (weeks ending Sunday, labelled by their Monday),
    "W-MON", "MS"/"ME"/"M", "QS"/"QE"/"Q", "YS"/"YE"/"Y", "h". Month, quarter and year periods are
    labelled by their first day whatever the alias.
    """
    s = _wall_clock(values, tz)
    freq = normalise_freq(freq)
    try:
        off = to_offset(freq)
    except ValueError as exc:
        raise ParameterError(f"freq={freq!r} is not a pandas offset alias ({exc})") from None
    if off.n != 1:
        # multiples (e.g. "2W") fall back to fixed bins anchored on the epoch
        return s.dt.floor(freq) if isinstance(off, offsets.Tick) else _generic(s, freq)
    if isinstance(off, (offsets.MonthBegin, offsets.MonthEnd)):
        return s.dt.to_period("M").dt.start_time
    if isinstance(off, (offsets.QuarterBegin, offsets.QuarterEnd)):
        start_month = off.startingMonth
        if isinstance(off, offsets.QuarterBegin):
            # QS-JAN starts quarters in Jan; the equivalent period is Q-DEC
            end_month = (start_month - 2) % 12 + 1
        else:
            end_month = start_month
        return s.dt.to_period(f"Q-{_MONTHS[end_month - 1]}").dt.start_time
    if isinstance(off, (offsets.YearBegin, offsets.YearEnd)):
        month = off.month
        end_month = (month - 2) % 12 + 1 if isinstance(off, offsets.YearBegin) else month
        return s.dt.to_period(f"Y-{_MONTHS[end_month - 1]}").dt.start_time
    if isinstance(off, offsets.Week):
        weekday = 6 if off.weekday is None else off.weekday
        return s.dt.to_period(f"W-{_DAYS[weekday]}").dt.start_time
    if isinstance(off, offsets.Tick):
        return s.dt.floor(freq)
    return _generic(s, freq)


def _generic(s: pd.Series, freq: str) -> pd.Series:
    out = s.dt.to_period(freq).dt.start_time
    return out


# pandas 3 no longer accepts "M", "Q", "Y" (nor "A") as offsets; as period labels they mean the same
_LEGACY_ALIASES = {"M": "MS", "Q": "QS", "Y": "YS", "A": "YS", "AS": "YS", "BM": "MS"}


def normalise_freq(freq: str) -> str:
    """Offset alias pandas 3 accepts for a period label ("M" -> "MS", "Q" -> "QS", "Y"/"A" -> "YS")."""
    return _LEGACY_ALIASES.get(freq, freq)
_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]


def require_columns(df: pd.DataFrame | None, columns: list[str] | tuple[str, ...], *, table: str, purpose: str = "") -> None:
    """Raise a DataError naming the table and every missing column."""
    if df is None:
        raise DataError(f"table {table!r} is needed{' for ' + purpose if purpose else ''} but is absent")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(
            f"table {table!r}: column(s) {missing} are needed{' for ' + purpose if purpose else ''}; "
            f"it has {list(df.columns)}"
        )


def as_float(values: pd.Series) -> np.ndarray:
    """Float array with missing values (pd.NA, None) as NaN."""
    return pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
