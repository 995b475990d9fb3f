"""What every figure shares: a new Axes when none is given, localised ticks, the caption under the axes.

Ticks and labels go through :mod:`socialroi.formatting` (numbers, percentages, dates from CLDR) and
:mod:`socialroi.catalogue` (words), never through matplotlib's own formatters or the C locale.
"""

from __future__ import annotations

import textwrap
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from .. import formatting as fmt
from ..catalogue import display_name as _display_name
from ..catalogue import language, text, translate_sources
from ..errors import DataError

__all__ = ["caption", "date_axis", "date_label", "display_name", "number_axis", "percent_axis", "definition_line",
           "new_axes", "percent_formatter", "number_formatter", "label"]


def label(key: str, locale: str, **values: Any) -> str:
    """A word of the catalogue's ``plot`` table (``"period"`` → "Période")."""
    return text(f"plot.{key}", locale, **values)


def percent_formatter(locale: str, decimals: int = 1) -> FuncFormatter:
    """Tick formatter of proportions as percentages in the locale (fr ``12,5 %``, en ``12.5%``)."""
    return FuncFormatter(lambda x, _pos=None: fmt.percent(x, locale=locale, digits=decimals))


def _tick_number(x: float, locale: str) -> str:
    """``90000`` → ``90,000`` (en) / ``90 000`` (fr); small numbers keep up to two decimals (0,25)."""
    return fmt.number(x, locale=locale, digits=0 if abs(x) >= 100 else 2, min_digits=0)


def number_formatter(locale: str) -> FuncFormatter:
    """Tick formatter of numbers with the locale's separators."""
    return FuncFormatter(lambda x, _pos=None: _tick_number(x, locale))


def number_axis(ax: Axes, *, locale: str | None = None, axis: str = "y") -> Axes:
    """Tick labels with thousands separators in the locale (``90,000`` / ``90 000``); returns ``ax``."""
    loc = fmt.resolve(locale)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(number_formatter(loc))
    return ax


def percent_axis(ax: Axes, *, locale: str | None = None, axis: str = "y", decimals: int = 0) -> Axes:
    """Tick labels of proportions as percentages in the locale (``12 %`` / ``12%``); returns ``ax``."""
    loc = fmt.resolve(locale)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(percent_formatter(loc, decimals))
    return ax


def date_label(value: Any, *, locale: str = "en") -> str:
    """Tick label of a date in the locale: the day number, the month name on the 1st, and the year
    under January (``15``, ``mars``, ``janv.\\n2025``), without touching the process's C locale."""
    return fmt.date_tick(value, locale=fmt.resolve(locale))


def date_axis(ax: Axes, *, locale: str | None = None, axis: str = "x") -> Axes:
    """Put localised date ticks (month names of the locale) on a date axis; returns ``ax``."""
    import matplotlib.dates as mdates

    loc = fmt.resolve(locale)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    target.set_major_formatter(FuncFormatter(lambda x, _pos: date_label(mdates.num2date(x).replace(tzinfo=None),
                                                                         locale=loc)))
    return ax


def display_name(value: Any, *, locale: str | None = None) -> str:
    """Display name of a level (platform, format, channel) in the locale (``tiktok_ads`` → ``TikTok Ads``);
    values that are not canonical (brand names) are returned unchanged, underscores read as spaces."""
    return _display_name(value, fmt.resolve(locale))


def definition_line(data: pd.DataFrame, locale: str) -> tuple[str, dict[str, Any]]:
    """The indicator definition a frame carries (``attrs["indicator"]``), in the locale, and its dict."""
    from ..definitions import Indicator

    ind = data.attrs.get("indicator")
    if not ind:
        raise DataError("the frame carries no indicator definition (attrs['indicator']): pass the output "
                        "of a socialroi.indicators function")
    return translate_sources(Indicator(**ind).line(language(locale)), locale), ind


def indicator_label(ind: dict[str, Any], locale: str) -> str:
    """The indicator's name in the registry's language for ``locale``."""
    return ind["label_fr"] if language(locale) == "fr" else ind["label_en"]


def caption(ax: Axes, text: str, *, width: int | None = None) -> Axes:
    """Write ``text`` (e.g. a definition line) in small type under the x label; returns ``ax``.

    ``width`` (characters per line) defaults to what fits under the axes.
    """
    if width is None:
        inches = ax.get_position().width * ax.figure.get_figwidth()
        width = max(40, int(inches * 17))
    wrapped = "\n".join(textwrap.wrap(text, width=width))
    ax.annotate(wrapped, xy=(0, 0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -6),
                textcoords="offset points", ha="left", va="top", fontsize=7, color="0.3",
                annotation_clip=False, gid="socialroi-definition")
    return ax


def new_axes(ax: Axes | None, size: tuple[float, float] = (8, 4.5)) -> Axes:
    """``ax``, or the Axes of a new figure of ``size`` inches."""
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax
