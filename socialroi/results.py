"""How a result object shows itself: a short ``repr``, a ``summary()`` as text and HTML, tidy numbers.

In the spirit of statsmodels' results classes (``params``, ``conf_int``, ``summary()`` that renders
as text and as HTML): every analysis result of socialroi (campaign lift, bad-buzz alerts, rate
comparisons, ESOV regression, BG/NBD, Gamma-Gamma, engaged vs non-engaged customers, media-mix
model, budget reallocation) mixes in :class:`ResultDisplay` and only *declares* what it shows —
:meth:`ResultDisplay._view` returns a :class:`ResultView`: a title, a few facts (method,
observations, fit diagnostics), the estimates with their intervals, and notes (what the interval
covers, warnings). This module turns that into

- ``repr(result)``: one line, the headline estimate and its interval;
- ``result.summary()``: a :class:`Summary`, a ``str`` (the text table) that also renders as HTML in
  JupyterLab (``_repr_html_``, from the autoescaped Jinja2 template ``templates/result.html``);
- ``result._repr_html_()``: what JupyterLab shows when the result ends a cell;
- ``result.to_frame()``: the estimates as a tidy DataFrame (``term``, ``level``, ``estimate``,
  ``ci_low``, ``ci_high``, ``p_value``, ``n``, ``unit``).

Numbers are written by :mod:`socialroi.formatting` and words come from the catalogue (table
``view``), in the result's locale or the one asked for; this module computes nothing.

>>> from socialroi.results import Estimate, ResultView, render_text
>>> view = ResultView(title="Example", estimates=[Estimate("rate", "Rate", 0.071, 0.062, 0.080, kind="pct")])
>>> "7.1% [6.2, 8.0]" in " ".join(render_text(view, "en").split())
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from . import formatting as fmt
from .catalogue import text

__all__ = ["Estimate", "ResultView", "ResultDisplay", "FrameResult", "Summary", "render_text", "render_html", "estimate_cells"]

#: Folder of the Jinja2 templates (``result.html`` is this module's).
TEMPLATES = Path(__file__).resolve().parent / "templates"

_NAN = float("nan")


@dataclass(frozen=True)
class Estimate:
    """One row of a result's estimates table.

    Attributes
    ----------
    term : str
        Machine name of the quantity ("relative_effect", "roas", "r"): the ``term`` of
        :meth:`ResultDisplay.to_frame`.
    label : str
        What a reader sees (already in the locale).
    value, low, high : float
        The estimate and its interval (NaN when there is none).
    kind : str
        How the value and its bounds are written (:func:`socialroi.formatting.value`): "pct",
        "points", "num", "auto", "int", "money".
    digits : int or "auto"
        Decimals.
    level : str, optional
        The level the row is about (a channel, a format, a platform), for :meth:`to_frame`.
    p_value : float
        Two-sided p-value (NaN when not tested).
    n : int, optional
        Units the interval rests on, with ``unit`` (a key of the catalogue's ``unit`` table).
    sign : bool
        Write the sign of positive values (an effect, a change).
    currency : str
        ISO code when ``kind="money"``.
    """

    term: str
    label: str
    value: Any
    low: Any = _NAN
    high: Any = _NAN
    kind: fmt.Kind = "num"
    digits: int | str = 2
    level: str | None = None
    p_value: Any = _NAN
    n: Any = None
    unit: str | None = None
    sign: bool = False
    currency: str = "EUR"


@dataclass
class ResultView:
    """What a result shows: declared by each result class (:meth:`ResultDisplay._view`).

    Attributes
    ----------
    title : str
        Name of the analysis and its method, in the locale.
    facts : list of (label, text)
        The header: method, period, observations, fit diagnostics (already formatted).
    estimates : list of Estimate
        The numbers, each with its interval.
    notes : list of str
        What the interval covers and what it does not, warnings, the reading in words.
    headline : int
        Index of the estimate the one-line ``repr`` shows.
    level_header : str
        Header of the label column of the estimates table ("" by default).
    """

    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    estimates: list[Estimate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    headline: int = 0
    level_header: str = ""


def _w(key: str, loc: str, **kw: Any) -> str:
    return text(f"view.{key}", loc, **kw)


def estimate_cells(e: Estimate, loc: str) -> dict[str, str]:
    """The text of one estimate's cells in ``loc``: ``estimate``, ``interval``, ``p``, ``n``."""
    value = fmt.value(e.value, kind=e.kind, locale=loc, digits=e.digits, currency=e.currency, sign=e.sign)
    bkind = "num" if e.kind == "money" else e.kind
    interval = fmt.bounds(e.low, e.high, kind=bkind, locale=loc, digits=e.digits)
    p = "" if fmt.is_missing(e.p_value) else fmt.pvalue(e.p_value, locale=loc, prefix=False)
    n = "" if e.n is None or e.unit is None or fmt.is_missing(e.n) else fmt.count(e.n, e.unit, locale=loc)
    return {"estimate": value, "interval": interval, "p": p, "n": n}


def _headers(view: ResultView, loc: str) -> dict[str, str]:
    return {"label": view.level_header, "estimate": _w("estimate", loc), "interval": _w("interval", loc),
            "p": _w("p", loc), "n": _w("n", loc)}


def _columns(view: ResultView, cells: list[dict[str, str]]) -> list[str]:
    """Columns of the estimates table that have at least one value."""
    return ["estimate"] + [c for c in ("interval", "p", "n") if any(row[c] for row in cells)]


def render_text(view: ResultView, locale: str, *, width: int = 88) -> str:
    """The view as a plain-text table (what ``print(result.summary())`` shows)."""
    import textwrap

    loc = fmt.resolve(locale)
    heavy, light = "=" * width, "-" * width
    lines = [heavy, view.title, heavy]
    if view.facts:
        keys = [_w("fact", loc, label=k) for k, _ in view.facts]
        lw = max(len(k) for k in keys) + 1
        for k, (_, v) in zip(keys, view.facts, strict=True):
            body = textwrap.wrap(v, width=max(20, width - lw)) or [""]
            lines.append(k.ljust(lw) + body[0])
            lines += [" " * lw + b for b in body[1:]]
    if view.estimates:
        cells = [estimate_cells(e, loc) for e in view.estimates]
        cols = _columns(view, cells)
        head = _headers(view, loc)
        labels = [e.label for e in view.estimates]
        lw = max([len(x) for x in labels] + [len(view.level_header), 8]) + 2
        widths = {c: max(len(head[c]), *(len(r[c]) for r in cells)) + 2 for c in cols}
        lines.append(light)
        lines.append(view.level_header.ljust(lw) + "".join(head[c].rjust(widths[c]) for c in cols))
        lines.append(light)
        for label, row in zip(labels, cells, strict=True):
            lines.append(label.ljust(lw) + "".join(row[c].rjust(widths[c]) for c in cols))
    if view.notes:
        lines.append(heavy)
        lines.append(_w("notes", loc))
        for i, note in enumerate(view.notes, start=1):
            mark = "[" + fmt.integer(i, locale=loc) + "] "
            body = textwrap.wrap(note, width=width - len(mark))
            lines.append(mark + (body[0] if body else ""))
            lines += [" " * len(mark) + b for b in body[1:]]
    lines.append(heavy)
    return "\n".join(lines)


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def render_html(view: ResultView, locale: str, *, table: pd.DataFrame | None = None) -> str:
    """The view as HTML (``templates/result.html``, autoescaped): what JupyterLab shows.

    ``table`` (text cells, e.g. a formatted copy of a result's rows) is shown under the estimates.
    """
    loc = fmt.resolve(locale)
    cells = [estimate_cells(e, loc) for e in view.estimates]
    rows = [{"label": e.label, **c} for e, c in zip(view.estimates, cells, strict=True)]
    extra = None
    if table is not None and len(table.columns):
        extra = {"columns": [str(c) for c in table.columns],
                 "rows": [[str(v) for v in r] for r in table.itertuples(index=False, name=None)]}
    return _environment().get_template("result.html").render(
        title=view.title, facts=view.facts, rows=rows, columns=_columns(view, cells) if cells else [],
        head=_headers(view, loc), notes=view.notes, notes_title=_w("notes", loc), table=extra, lang=fmt.language(loc))


class Summary(str):
    """A result's summary: the text table (this string) that also renders as HTML in JupyterLab.

    ``str(summary)`` and ``print(summary)`` give the text, ``summary.as_html()`` (or JupyterLab's
    rich display) the HTML table; ``summary.view`` holds what both were made from.
    """

    html: str
    view: ResultView
    locale: str

    def __new__(cls, view: ResultView, locale: str, *, table: pd.DataFrame | None = None) -> Summary:
        obj = super().__new__(cls, render_text(view, locale))
        obj.view = view
        obj.locale = locale
        obj.html = render_html(view, locale, table=table)
        return obj

    def as_text(self) -> str:
        """The summary as plain text."""
        return str.__str__(self)

    def as_html(self) -> str:
        """The summary as an HTML fragment."""
        return self.html

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return str.__str__(self)


class ResultDisplay:
    """Mixin of socialroi's result objects: ``__repr__``, ``__str__``, ``summary()``, ``_repr_html_``,
    ``to_frame()``.

    A result class sets ``locale`` (an attribute, or ``attrs["locale"]`` for a DataFrame) and
    implements :meth:`_view`; it implements ``plot(ax=None)`` itself (its figure lives in
    :mod:`socialroi.plots`). Dataclasses that mix it in are declared with ``repr=False`` so that
    the mixin's short ``__repr__`` is kept.
    """

    #: Class name shown by ``repr``.
    _display_name: ClassVar[str] = ""

    def _view(self, locale: str) -> ResultView:  # pragma: no cover - every result implements it
        raise NotImplementedError

    def _display_locale(self, locale: str | None = None) -> str:
        if locale is not None:
            return fmt.resolve(locale)
        own = getattr(self, "locale", None)
        if isinstance(own, str):
            return fmt.resolve(own)
        return fmt.resolve(None, self)

    def _display_table(self, locale: str) -> pd.DataFrame | None:
        """Rows shown under the estimates in HTML (text cells); None by default."""
        return None

    def summary(self, *, locale: str | None = None) -> Summary:
        """Estimates with their intervals, what the intervals cover, fit diagnostics and warnings.

        Parameters
        ----------
        locale : str, optional
            Language and number format (default: the result's).

        Returns
        -------
        Summary
            A string (the text table: ``print(result.summary())``) that renders as an HTML table
            in JupyterLab (``summary.as_html()``).
        """
        loc = self._display_locale(locale)
        return Summary(self._view(loc), loc, table=self._display_table(loc))

    def _repr_html_(self) -> str:
        return self.summary().as_html()

    def __repr__(self) -> str:
        loc = self._display_locale()
        view = self._view(loc)
        name = self._display_name or type(self).__name__
        if not view.estimates:
            return f"<{name}: {view.title}>"
        e = view.estimates[min(view.headline, len(view.estimates) - 1)]
        c = estimate_cells(e, loc)
        parts = [f"{e.label} {c['estimate']}" + (f" {c['interval']}" if c["interval"] else "")]
        if c["p"]:
            parts.append(fmt.pvalue(e.p_value, locale=loc))
        if c["n"]:
            parts.append(c["n"])
        more = len(view.estimates) - 1
        if more:
            parts.append(_w("more_rows", loc, count=more, n=fmt.integer(more, locale=loc)))
        return f"<{name}: " + "; ".join(parts) + ">"

    def __str__(self) -> str:
        return str.__str__(self.summary())

    def to_frame(self) -> pd.DataFrame:
        """The estimates of :meth:`summary` as numbers: one row per estimate.

        Returns
        -------
        DataFrame
            ``term``, ``level``, ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``n``, ``unit``;
            ``attrs["notes"]`` holds the summary's notes in English (what the intervals cover).
        """
        view = self._view("en")
        out = pd.DataFrame({
            "term": [e.term for e in view.estimates],
            "level": pd.array([e.level for e in view.estimates], dtype="string"),
            "estimate": [_num(e.value) for e in view.estimates],
            "ci_low": [_num(e.low) for e in view.estimates],
            "ci_high": [_num(e.high) for e in view.estimates],
            "p_value": [_num(e.p_value) for e in view.estimates],
            "n": pd.array([None if e.n is None or fmt.is_missing(e.n) else int(e.n) for e in view.estimates],
                          dtype="Int64"),
            "unit": pd.array([e.unit for e in view.estimates], dtype="string"),
        })
        out.attrs["notes"] = list(view.notes)
        return out


class FrameResult(ResultDisplay, pd.DataFrame):
    """A result that *is* a table (one row per alert, per level): a DataFrame with the display of
    :class:`ResultDisplay`.

    Every pandas operation on it (selection, copy, ``query``, ``concat``) gives a plain DataFrame,
    so code that reads it as a table is unchanged; ``to_frame()`` is a plain copy. Extra objects
    the display needs (not data) are instance attributes named in ``_metadata``.
    """

    _metadata: ClassVar[list[str]] = []

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    @classmethod
    def wrap(cls, frame: pd.DataFrame, **extra: Any) -> FrameResult:
        """``frame`` (its columns, index and ``attrs``) as this result class; ``extra`` sets the
        display attributes named in ``_metadata``."""
        out = cls(frame)
        out.attrs.update(frame.attrs)
        for k, v in extra.items():
            if k not in cls._metadata:
                raise AttributeError(f"{cls.__name__} has no display attribute {k!r}")
            object.__setattr__(out, k, v)
        return out

    def to_frame(self) -> pd.DataFrame:
        """The rows as a plain DataFrame (a copy, ``attrs`` included)."""
        out = pd.DataFrame(self, copy=True)
        out.attrs.update(self.attrs)
        return out


def _num(x: Any) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return _NAN
    return v if math.isfinite(v) else _NAN


def level_word(level: float, locale: str) -> str:
    """"95 %" / "95%": a confidence level in the locale."""
    return fmt.percent(level, locale=locale, digits=0)


def join_list(items: Sequence[str], locale: str) -> str:
    """Items in a sentence with the catalogue's list separator."""
    return text("list_sep", locale).join(items)
