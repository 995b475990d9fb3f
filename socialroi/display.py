"""Indicator tables as an analyst reads them in JupyterLab: ``df.sr.show()``, ``sr.show(df)``, ``df.sr.plot()``.

Every indicator table of socialroi carries its definition and the method of its intervals in
``attrs`` (``indicator``, ``ci_method``, ``ci_unit``) and the units its intervals rest on in a
column (``n_posts``, ``n_units``; ``<id>_n`` on the KPI board). Printed bare, a DataFrame shows none
of that. :func:`show` returns a pandas :class:`~pandas.io.formats.style.Styler` of a *display copy*:
numbers written by :mod:`socialroi.formatting` in the table's locale, each value beside its
interval ("7,1 % [6,2 ; 8,0]"), the number of posts or days behind each cell, headers and names
from the catalogue, and the definition and the interval method as its caption. :func:`plot` draws
the standard figure of the table's indicator (:mod:`socialroi.plots`).

The display is opt-in: ``import socialroi`` registers the ``.sr`` accessor (pandas'
``register_dataframe_accessor``) and nothing else; a DataFrame is never changed — not its data,
not its ``attrs`` — and still prints as pandas prints it.

>>> import socialroi as sr
>>> er = sr.indicators.engagement_rate(sr.load_sample("maison-lumiere").posts, by="platform")
>>> styler = er.sr.show(locale="en")
>>> "Engagement rate =" in styler.caption
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = ["show", "plot", "display_frame", "caption_text", "SocialroiAccessor"]

#: Columns that are shown inside another cell (intervals, the units they rest on), never alone.
_FOLDED_SUFFIXES = ("_ci_low", "_ci_high", "_ci_unit", "_n")
_FOLDED = frozenset({"ci_low", "ci_high", "ci_unit", "n_units", "ci_count"})

#: Indicators of the KPI board (``kpi_table``) that :func:`show` shows by default (``columns=`` for others).
BOARD_COLUMNS = ("engagement_rate", "follower_growth_rate", "churn_rate", "share_of_voice", "net_sentiment")

#: Column kinds of :func:`socialroi.narrative.format_table` for the breakdown columns it does not know.
_EXTRA_KINDS = {"post_type": "name", "brand": "name", "basis": "name", "hour": "int", "weekday": "int",
                "numerator": "auto", "denominator": "auto", "n_mentions": "int", "spend_total": "money",
                "revenue": "money", "frequency": "num2", "conversation_rate": "num2", "amplification_rate": "num2",
                "applause_rate": "num2", "virality_rate": "pct2", "click_through_rate": "pct2",
                "engagement_rate_impressions": "pct2", "cost_per_engagement": "money2", "posts_with_engagements": "int"}


def _indicator_ids(frame: pd.DataFrame) -> list[str]:
    """Value columns that are indicators: the table's own (``attrs["indicator"]``) or the board's."""
    a = frame.attrs or {}
    if isinstance(a.get("indicators"), dict):
        return [c for c in a["indicators"] if c in frame.columns]
    ind = a.get("indicator")
    if isinstance(ind, dict) and ind.get("id") in frame.columns:
        return [ind["id"]]
    for c in ("rate_ratio",):
        if c in frame.columns:
            return [c]
    return []


def _rests_on(frame: pd.DataFrame, col: str, main: str | None) -> tuple[pd.Series, pd.Series] | None:
    """(counts, units) behind the interval of ``col``: ``<col>_n``/``<col>_ci_unit`` on the board,
    ``attrs["ci_count"]`` (``n_posts`` or ``n_units``) with ``ci_unit`` for a one-indicator table."""
    a = frame.attrs or {}
    idx = frame.index
    if f"{col}_n" in frame.columns:
        if f"{col}_ci_unit" in frame.columns:
            units = frame[f"{col}_ci_unit"]
        else:
            units = pd.Series((a.get("ci_units") or {}).get(col), index=idx, dtype=object)
        return frame[f"{col}_n"], units
    if col == main:
        count = a.get("ci_count")
        if count is None:
            count = "n_units" if "n_units" in frame.columns else ("n_posts" if "n_posts" in frame.columns else None)
        if count in frame.columns:
            units = frame["ci_unit"] if "ci_unit" in frame.columns else pd.Series(a.get("ci_unit"), index=idx,
                                                                                   dtype=object)
            return frame[count], units
    return None


def display_frame(frame: pd.DataFrame, *, locale: str | None = None, currency: str | None = None,
                  columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The text table :func:`show` styles: headers in the locale, formatted cells, each indicator
    beside its interval, a column "rests on" after each indicator with an interval.

    Parameters
    ----------
    frame : DataFrame
        An indicator table of socialroi (any table works; unknown columns are written as they are).
    locale : str, optional
        Default: the table's (``attrs["locale"]`` or its dataset's).
    currency : str, optional
        ISO code of money columns (default: the dataset's, else EUR).
    columns : list of str, optional
        Columns shown, in this order (default: all but intervals and the counts shown beside them).

    Returns
    -------
    DataFrame
        Text cells, 0..n-1 index; a new object (``frame`` is not touched).
    """
    from . import formatting as fmt
    from .catalogue import dimension, has, language, text
    from .definitions import Indicator
    from .narrative import tables as nt

    loc = fmt.resolve(locale, frame)
    meta = (frame.attrs or {}).get("meta") or {}
    cur = currency or (meta.get("currency") if isinstance(meta, dict) else None) or "EUR"
    ids = _indicator_ids(frame)
    main = ids[0] if len(ids) == 1 else None
    a = frame.attrs or {}
    board = isinstance(a.get("indicators"), dict)
    if columns is None:
        folded = {f"{i}{s}" for i in ids for s in _FOLDED_SUFFIXES} | _FOLDED
        if main is not None:
            folded.add(str(a.get("ci_count") or ""))
        if "by" in frame.columns and frame["by"].nunique(dropna=False) <= 1:
            folded.add("by")  # compare_rates: the same word on every row (it is in the title)
        columns = [c for c in frame.columns if c not in folded and not str(c).endswith(("_basis",))]
        if board:  # the KPI board: its breakdown and the indicators with intervals
            columns = [c for c in columns if not pd.api.types.is_numeric_dtype(frame[c]) or c in ("period", "posts")
                       or c in BOARD_COLUMNS]
    kinds = {c: k for c, k in _EXTRA_KINDS.items() if c not in nt.COLUMN_KINDS}
    for c in ("numerator", "denominator", "exposure"):
        if c in frame.columns:
            v = pd.to_numeric(frame[c], errors="coerce")
            kinds[c] = "int" if bool(((v.round() == v) | v.isna()).all()) else "auto"
    lang = language(loc)
    defs = a["indicators"] if board else ({a["indicator"]["id"]: a["indicator"]} if isinstance(a.get("indicator"), dict)
                                          else {})
    labels: dict[str, str] = {}
    for c in columns:
        if has(f"col.{c}", loc):
            continue
        if has(f"dim.{c}", loc):
            labels[c] = _capital(dimension(c, loc))
        elif has(f"view.col_{c}", loc):
            labels[c] = text(f"view.col_{c}", loc)
        elif isinstance(defs.get(c), dict):
            labels[c] = Indicator(**defs[c]).label(lang)
    shown = nt.format_table(frame, locale=loc, currency=cur, columns=list(columns), main=main, labels=labels,
                            kinds=kinds)
    out: dict[str, list[str]] = {}
    for col, head in zip(columns, shown.columns, strict=True):
        out[head] = shown[head].tolist()
        rests = _rests_on(frame, col, main) if col in ids else None
        if rests is not None:
            counts, units = rests
            cells = [_strip_across(nt.ci_basis(n, u, locale=loc).strip(), loc) for n, u in zip(counts, units,
                                                                                               strict=True)]
            label = text("view.n", loc) if main is not None else f"{head.split(' [')[0]} — {text('view.n', loc)}"
            out[label] = [c or fmt.MISSING for c in cells]
    return pd.DataFrame(out)


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def _strip_across(cell: str, loc: str) -> str:
    """"sur 335 publications" → "335 publications": the header already says "rests on"."""
    from .catalogue import text

    before, _, after = text("across", loc, counted="\x00").partition("\x00")
    before = before.strip()
    if before and cell.startswith(before):
        cell = cell[len(before):]
    if after.strip() and cell.endswith(after.strip()):
        cell = cell[: len(cell) - len(after.strip())]
    return cell.strip()


def caption_text(frame: pd.DataFrame, *, locale: str | None = None) -> str:
    """What the caption of :func:`show` says: the definition of the table's indicator(s) and how
    its intervals were computed, in the locale ("" for a table that carries neither)."""
    from . import formatting as fmt
    from .catalogue import language, text, translate_sources
    from .definitions import Indicator
    from .narrative.common import table_ci_note

    loc = fmt.resolve(locale, frame)
    lang = language(loc)
    a = frame.attrs or {}
    lines: list[str] = []
    if isinstance(a.get("indicators"), dict):
        shown = [i for i in BOARD_COLUMNS if isinstance(a["indicators"].get(i), dict) and i in frame.columns]
        lines += [translate_sources(Indicator(**a["indicators"][i]).line(lang), loc) for i in shown]
        if a.get("ci_units"):
            lines.append(text("board_ci", loc))
    elif isinstance(a.get("indicator"), dict):
        lines.append(translate_sources(Indicator(**a["indicator"]).line(lang), loc))
        note = table_ci_note(frame, locale=loc)
        if note:
            lines.append(note)
    if a.get("basis_note"):
        lines.append(str(a["basis_note"]))
    if a.get("n_excluded"):
        lines.append(text("view.n_excluded", loc, n=fmt.integer(a["n_excluded"], locale=loc)))
    return "\n".join(lines)


def show(frame: pd.DataFrame, *, locale: str | None = None, currency: str | None = None,
         columns: Sequence[str] | None = None) -> Any:
    """An indicator table as a styled HTML table: localised numbers, intervals, what they rest on.

    Parameters
    ----------
    frame : DataFrame
        An indicator table (``engagement_rate``, ``share_of_voice``, ``kpi_table``, ``compare_rates``...).
    locale : str, optional
        Language and number format (default: the table's).
    currency : str, optional
        ISO code of money columns (default: the dataset's).
    columns : list of str, optional
        Columns shown (default: all but the intervals and counts folded into their value's cells).

    Returns
    -------
    pandas.io.formats.style.Styler
        Of :func:`display_frame` (a copy: ``frame``, its data and its ``attrs`` are unchanged),
        without the index, every cell and header escaped as text, the caption
        (:func:`caption_text`) under the title. JupyterLab shows it when it ends a cell;
        ``.to_html()`` gives the HTML.

    Examples
    --------
    >>> import socialroi as sr
    >>> sov = sr.indicators.share_of_voice(sr.load_sample("maison-lumiere").mentions)
    >>> html = sr.show(sov, locale="fr").to_html()
    >>> "Part de voix" in html and "jours" in html
    True
    """
    from html import escape

    from . import formatting as fmt

    loc = fmt.resolve(locale, frame)
    view = display_frame(frame, locale=loc, currency=currency, columns=columns)
    numeric = [c for c, src in zip(view.columns, _sources(frame, view), strict=True) if src]
    styler = view.style.hide(axis="index").format(escape="html").format_index(escape="html", axis=1)
    cap = caption_text(frame, locale=loc)
    if cap:
        # pandas renders the caption as markup: the text (definitions are data) is escaped here
        styler = styler.set_caption(escape(cap))  # one definition a line: white-space pre-line
    styler = styler.set_table_styles([
        {"selector": "caption", "props": "caption-side: bottom; text-align: left; font-size: 0.85em; color: #555;"
                                         " max-width: 60rem; padding-top: 0.4em; white-space: pre-line;"},
        {"selector": "th", "props": "text-align: left; padding: 0.2em 0.6em;"},
        {"selector": "td", "props": "padding: 0.2em 0.6em;"},
    ], overwrite=False)
    if numeric:
        styler = styler.set_properties(subset=numeric, **{"text-align": "right", "white-space": "nowrap"})
    styler.caption_plain = cap  # what the caption says, as text
    return styler


def _sources(frame: pd.DataFrame, view: pd.DataFrame) -> list[bool]:
    """Whether each column of ``view`` shows numbers (right-aligned)."""
    out = []
    for col in view.columns:
        cells = [str(v) for v in view[col].head(20)]
        out.append(bool(cells) and all(any(ch.isdigit() for ch in c) or c == "—" for c in cells)
                   and not any(c[:1].isalpha() for c in cells))
    return out


def plot(frame: pd.DataFrame, *, ax: Any = None, locale: str | None = None, **kwargs: Any) -> Any:
    """The standard figure of an indicator table; returns the Axes.

    Rate ratios (``compare_rates``): the forest plot; share of voice per period: stacked bars; a
    table with periods: lines over time with their interval bands (:func:`socialroi.plots.plot_indicator`);
    a table without periods: bars with their intervals (:func:`socialroi.plots.plot_rates`); the KPI
    board: its engagement rate over time. ``kwargs`` go to that function.
    """
    from . import formatting as fmt
    from . import plots
    from .catalogue import language
    from .definitions import Indicator
    from .errors import DataError

    loc = fmt.resolve(locale, frame)
    a = frame.attrs or {}
    if "rate_ratio" in frame.columns:
        return plots.plot_rate_ratios(frame, ax=ax, locale=loc, **kwargs)
    if isinstance(a.get("indicators"), dict):  # the KPI board: one indicator at a time
        y = kwargs.pop("y", "engagement_rate")
        sub = frame.rename(columns={f"{y}_ci_low": "ci_low", f"{y}_ci_high": "ci_high"})
        sub = sub[[c for c in sub.columns if c in ("platform", "period", y, "ci_low", "ci_high")]].copy()
        sub.attrs = {"indicator": a["indicators"][y], "locale": loc}
        return plots.plot_indicator(sub, ax=ax, locale=loc, **kwargs)
    ids = _indicator_ids(frame)
    if not ids:
        raise DataError("df.sr.plot() needs an indicator table of socialroi (its attrs['indicator'] names the value)")
    y = ids[0]
    if y == "share_of_voice" and "brand" in frame.columns:
        return plots.plot_share_of_voice(frame, ax=ax, locale=loc, **kwargs)
    if "period" in frame.columns:
        return plots.plot_indicator(frame, ax=ax, locale=loc, **kwargs)
    keys = [c for c in frame.columns if c not in (y,) and not pd.api.types.is_numeric_dtype(frame[c])
            and c not in ("basis", "ci_unit")]
    if keys:
        lab = "label"
        t = frame.assign(label=frame[keys].astype(str).agg(" · ".join, axis=1)) if len(keys) > 1 else \
            frame.rename(columns={keys[0]: lab})
    else:
        lab = "label"
        t = frame.assign(label=Indicator(**a["indicator"]).label(language(loc)))
    from .plots._base import definition_line

    return plots.plot_rates(t, label=lab, value=y, locale=loc, ax=ax,
                            percent=str(a["indicator"].get("unit", "")).startswith("proportion"),
                            xlabel=Indicator(**a["indicator"]).label(language(loc)),
                            caption_text=definition_line(frame, loc)[0], **kwargs)


@pd.api.extensions.register_dataframe_accessor("sr")
class SocialroiAccessor:
    """``df.sr``: socialroi's display of an indicator table, registered by ``import socialroi``.

    ``df.sr.show()`` → :func:`show`; ``df.sr.plot()`` → :func:`plot`; ``df.sr.definition()`` →
    :func:`caption_text`. Nothing here changes ``df``.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    def show(self, **kwargs: Any) -> Any:
        """:func:`show` of this table."""
        return show(self._frame, **kwargs)

    def plot(self, **kwargs: Any) -> Any:
        """:func:`plot` of this table."""
        return plot(self._frame, **kwargs)

    def definition(self, *, locale: str | None = None) -> str:
        """The definition and interval method of this table (:func:`caption_text`)."""
        return caption_text(self._frame, locale=locale)
