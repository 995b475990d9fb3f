"""``sr.explore(ds)``: an interactive explorer of a dataset's engagement in JupyterLab (ipywidgets).

Controls: platform, period (months), basis (the denominator of the rate), by (platform, post type or
hour of posting) and aggregation (ratio of sums or mean of per-post ratios). Each change recomputes,
with the library's own functions on the selected posts,

- the KPI table: :func:`socialroi.indicators.engagement_rate` by the chosen breakdown, shown through
  :func:`socialroi.display.show` (values beside their intervals, the posts behind each, the definition);
- the rate plot: the standard figure of that table (:func:`socialroi.display.plot`), as a PNG image;
- the rate comparison: :func:`socialroi.indicators.compare_rates` with its rate ratios and intervals,
  shown through its summary.

The explorer keeps what it shows as data (``table``, ``comparison``, ``figure``, ``message``) so it
can be driven and checked without a browser. ipywidgets is an optional extra: ``pip install
"socialroi[explore]"``.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from .errors import DataError, ParameterError

__all__ = ["Explorer", "explore", "BASES", "BREAKDOWNS"]

#: Denominators offered by the basis control (those the data cannot give say why in the message).
BASES = ("reach", "impressions", "followers", "views", "auto")
#: Breakdowns offered by the "by" control.
BREAKDOWNS = ("platform", "post_type", "hour")


def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError as exc:  # pragma: no cover - the extra is installed by make install
        raise ImportError('sr.explore needs ipywidgets: pip install "socialroi[explore]"') from exc
    return ipywidgets


class Explorer:
    """The explorer of one dataset (see the module). Build it with :func:`explore`.

    Attributes
    ----------
    platform, period, basis, by, agg : ipywidgets controls
        Set their ``value`` (in code or by hand) and every output follows.
    table : DataFrame or None
        The KPI table shown (None when the selection cannot give one; ``message`` says why).
    comparison : RateComparison or None
        The rate comparison shown.
    figure : matplotlib Figure or None
        The rate plot shown (also as PNG bytes in ``plot_view.value``).
    table_view, plot_view, comparison_view, message_view : ipywidgets
        What is displayed.
    widget : ipywidgets.VBox
        The whole explorer (what JupyterLab shows).
    """

    def __init__(self, ds: Any, *, locale: str | None = None) -> None:
        from . import formatting as fmt
        from .catalogue import dimension, display_name, text

        w = _widgets()
        if ds.posts is None or not len(ds.posts):
            raise DataError("sr.explore needs posts: the dataset has none")
        self.ds = ds
        self.locale = fmt.resolve(locale, ds)
        loc = self.locale
        lab = lambda key: text(f"explore.{key}", loc)  # noqa: E731
        posts = ds.posts
        platforms = sorted(str(p) for p in posts["platform"].dropna().unique())
        self.platform = w.Dropdown(options=[(lab("all_platforms"), None)]
                                   + [(display_name(p, loc), p) for p in platforms], value=None,
                                   description=lab("platform"))
        days = pd.to_datetime(posts["published_at"])
        days = (days.dt.tz_localize(None) if days.dt.tz is not None else days).dt.normalize()
        months = pd.period_range(days.min(), days.max(), freq="M")
        self._months = list(months)
        options = [(fmt.period(m.start_time, freq="MS", locale=loc, short=True), i) for i, m in enumerate(months)]
        self.period = w.SelectionRangeSlider(options=options, index=(0, len(options) - 1),
                                             description=lab("period"), layout=w.Layout(width="36rem"))
        self.basis = w.Dropdown(options=[(display_name(b, loc), b) for b in BASES], value="reach",
                                description=lab("basis"))
        self.by = w.Dropdown(options=[(dimension(b, loc) if b != "hour" else lab("hour"), b) for b in BREAKDOWNS],
                             value="platform", description=lab("by"))
        self.agg = w.Dropdown(options=[(text("word.agg_sum", loc), "sum"), (text("word.agg_mean", loc), "mean")],
                              value="sum", description=lab("agg"))
        self.message_view = w.Label(style={"text_color": "#a33"})
        self.table_view = w.HTML()
        self.plot_view = w.Image(format="png")
        self.comparison_view = w.HTML()
        self.table: pd.DataFrame | None = None
        self.comparison: Any = None
        self.figure: Any = None
        self.message = ""
        controls = [self.platform, self.period, self.basis, self.by, self.agg]
        for c in controls:
            c.observe(self._changed, names="value")
        self.widget = w.VBox([
            w.HBox(controls[:1] + controls[2:]), self.period, self.message_view,
            w.Label(lab("kpi_title"), style={"font_weight": "bold"}), self.table_view, self.plot_view,
            w.Label(lab("comparison_title"), style={"font_weight": "bold"}), self.comparison_view,
        ])
        self.update()

    # ---- what the controls select
    def selection(self) -> dict[str, Any]:
        """The controls' state: ``platforms``, ``start``, ``end`` (inclusive days), ``basis``, ``by``, ``agg``."""
        i, j = self.period.index
        start = self._months[i].start_time.normalize()
        end = self._months[j].end_time.normalize()
        return {"platforms": None if self.platform.value is None else [self.platform.value],
                "start": start.strftime("%Y-%m-%d"), "end": end.strftime("%Y-%m-%d"), "basis": self.basis.value,
                "by": self.by.value, "agg": self.agg.value}

    def posts(self) -> pd.DataFrame:
        """The posts of the selection (with ``hour`` and ``weekday`` of posting)."""
        from .indicators import add_posting_time
        from .notebook import subset

        s = self.selection()
        ds = subset(self.ds, start=s["start"], end=s["end"], platforms=s["platforms"], locale=self.locale)
        if ds.posts is None or not len(ds.posts):
            raise DataError("no posts in the selection")
        self._audience = ds.audience
        return add_posting_time(ds.posts)

    # ---- recomputation
    def _changed(self, change: Any) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the table, the plot and the comparison from the controls' values."""
        import matplotlib

        from . import display, indicators
        from .catalogue import text

        s = self.selection()
        self.table = self.comparison = self.figure = None
        messages = []
        try:
            posts = self.posts()
            self.table = indicators.engagement_rate(posts, basis=s["basis"], by=s["by"], agg=s["agg"],
                                                    audience=self._audience, locale=self.locale)
        except (DataError, ParameterError) as exc:
            messages.append(str(exc))
            posts = None
        if self.table is not None:
            self.table_view.value = display.show(self.table, locale=self.locale).to_html()
            from matplotlib.figure import Figure

            fig = Figure(figsize=(7, 0.45 * max(len(self.table), 3) + 1.6), layout="constrained")
            ax = fig.add_subplot()
            with matplotlib.rc_context({"figure.dpi": 96}):
                display.plot(self.table, ax=ax, locale=self.locale)
                buf = io.BytesIO()
                fig.savefig(buf, format="png")
            self.figure = fig
            self.plot_view.value = buf.getvalue()
        else:
            self.table_view.value = ""
            self.plot_view.value = b""
        if posts is not None:
            try:
                self.comparison = indicators.compare_rates(posts, by=s["by"], basis=s["basis"],
                                                           audience=self._audience, locale=self.locale)
            except (DataError, ParameterError) as exc:
                messages.append(text("explore.no_comparison", self.locale, reason=str(exc)))
        self.comparison_view.value = "" if self.comparison is None else self.comparison._repr_html_()
        self.message = "\n".join(messages)
        self.message_view.value = " ".join(messages)  # a Label: plain text, never markup

    # ---- display
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        s = self.selection()
        return (f"<Explorer: {s['start']} → {s['end']}, platform={self.platform.value or 'all'}, basis={s['basis']}, "
                f"by={s['by']}, agg={s['agg']}>")


def explore(ds: Any, *, locale: str | None = None) -> Explorer:
    """An interactive explorer of ``ds``'s engagement (see :mod:`socialroi.explorer`).

    Parameters
    ----------
    ds : Dataset
        A dataset with posts (:func:`socialroi.load_dataset`, :func:`socialroi.load_sample`).
    locale : str, optional
        Language and number format (default: the dataset's).

    Returns
    -------
    Explorer
        Shows itself when it ends a JupyterLab cell; its controls can also be set in code.
    """
    return Explorer(ds, locale=locale)
