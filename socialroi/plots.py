"""Plots of socialroi indicators (matplotlib/seaborn).

Every helper takes the output of an indicator function first, everything else keyword-only,
draws on ``ax`` (a new figure when None) and returns the Axes. Labels follow ``locale`` ("en" or
"fr"; default: the locale carried in the frame's ``attrs``). Each figure shows the indicator's
definition line as a caption under the axes, so a number is never shown without what it means.
"""

from __future__ import annotations

import textwrap
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import NullFormatter

from ._common import locale_of
from .errors import DataError

__all__ = ["plot_indicator", "plot_rate_ratios", "plot_posting_times", "plot_share_of_voice", "caption", "date_axis", "display_name", "number_axis", "percent_axis"]

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "period": "Period",
        "rate_ratio": "Rate ratio vs {ref} (95 % CI, log scale)",
        "reference": "reference",
        "hour": "Hour (local time)",
        "day": "Day",
        "n_posts": "number in each cell: posts; hatched: no interval (fewer than 2 posts)",
        "share_of_voice": "Share of voice",
        "ci": "95 % interval",
        "all": "all",
        "method": "Method",
        "platform": "Platform",
        "brand": "Brand",
        "post_type": "Format",
        "campaign": "Campaign",
        "by": "Rate ratio by {by}",
    },
    "fr": {
        "period": "Période",
        "rate_ratio": "Rapport de taux vs {ref} (IC 95 %, échelle log)",
        "reference": "référence",
        "hour": "Heure (locale)",
        "day": "Jour",
        "n_posts": "nombre dans chaque case : publications ; hachuré : pas d'intervalle (moins de 2 publications)",
        "share_of_voice": "Part de voix",
        "ci": "intervalle à 95 %",
        "all": "tout",
        "method": "Méthode",
        "platform": "Plateforme",
        "brand": "Marque",
        "post_type": "Format",
        "campaign": "Campagne",
        "by": "Rapport de taux par {by}",
    },
}


def _percent(loc: str, decimals: int = 1) -> Any:
    """Tick formatter of proportions as percentages in the locale (fr ``12,5 %``, en ``12.5%``)."""
    from matplotlib.ticker import FuncFormatter

    from .narrative import fmt_pct

    return FuncFormatter(lambda x, _pos=None: fmt_pct(x, locale=loc, digits=decimals))


def _thousands(x: float, loc: str) -> str:
    """``90000`` -> ``90,000`` (en) or ``90 000`` (fr, narrow no-break space); decimals kept short."""
    from .narrative import fmt_num

    if abs(x) >= 100 or float(x).is_integer():
        return fmt_num(x, locale=loc, digits=0)
    sep = "," if loc == "fr" else "."
    return fmt_num(x, locale=loc, digits=2).rstrip("0").rstrip(sep)


def number_axis(ax: Axes, *, locale: str | None = None, axis: str = "y") -> Axes:
    """Tick labels with thousands separators in the locale (``90,000`` / ``90 000``); returns ``ax``."""
    from matplotlib.ticker import FuncFormatter

    loc = locale_of(None, locale)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(FuncFormatter(lambda x, _pos: _thousands(x, loc)))
    return ax


def percent_axis(ax: Axes, *, locale: str | None = None, axis: str = "y", decimals: int = 0) -> Axes:
    """Tick labels of proportions as percentages in the locale (``12 %`` / ``12%``); returns ``ax``."""
    loc = locale_of(None, locale)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(_percent(loc, decimals))
    return ax


def _number_text(x: float, loc: str) -> str:
    s = f"{x:g}"
    return s.replace(".", ",") if loc == "fr" else s


def display_name(value: Any, *, locale: str | None = None) -> str:
    """Display name of a level (platform, format, channel) in the locale (``tiktok_ads`` -> ``TikTok Ads``)."""
    from .narrative import pretty

    return pretty(value, locale=locale_of(None, locale))


def _name(value: Any, loc: str) -> str:
    return display_name(value, locale=loc)


def _period_labels(periods: pd.Series, loc: str) -> pd.Series:
    """Readable labels of period starts: ``2024-03`` for months, ``T1 2024`` (fr) / ``Q1 2024`` for
    quarters, the date otherwise. The labels sort in time order."""
    p = pd.to_datetime(periods)
    firsts = p.dropna()
    if len(firsts) and (firsts.dt.day == 1).all():
        months = sorted(set(firsts.dt.year * 12 + firsts.dt.month - 1))
        steps = {b - a for a, b in zip(months, months[1:], strict=False)}
        if (firsts.dt.month % 3 == 1).all() and (not steps or steps <= {3, 6, 9, 12}) and len(months) > 1:
            q = "T" if loc == "fr" else "Q"
            return p.dt.year.astype(str) + " " + q + ((p.dt.month - 1) // 3 + 1).astype(str)
        return p.dt.strftime("%Y-%m")
    return p.dt.strftime("%Y-%m-%d")


def _definition(data: pd.DataFrame, loc: str) -> tuple[str, dict[str, Any]]:
    from .indicators import Indicator

    ind = data.attrs.get("indicator")
    if not ind:
        raise DataError("the frame carries no indicator definition (attrs['indicator']): pass the output "
                        "of a socialroi.indicators function")
    line = Indicator(**ind).line(loc)
    if loc == "fr":
        from .narrative import fr_sources

        line = fr_sources(line)
    return line, ind


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


def _new_ax(ax: Axes | None, size: tuple[float, float] = (8, 4.5)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _is_proportion(ind: dict[str, Any]) -> bool:
    return str(ind.get("unit", "")).startswith("proportion")


_MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
}


def date_label(value: Any, *, locale: str = "en") -> str:
    """Tick label of a date in the locale: the day number, the month name on the 1st, and the year
    under January (``15``, ``mars``, ``janv.\n2025``), without touching the process's C locale."""
    months = _MONTHS[locale_of(None, locale)]
    d = pd.Timestamp(value)
    if d.day != 1 or d.hour or d.minute:
        return str(d.day)
    return f"{months[0]}\n{d.year}" if d.month == 1 else months[d.month - 1]


def date_axis(ax: Axes, *, locale: str | None = None, axis: str = "x") -> Axes:
    """Put localised date ticks (month names in fr or en) on a date axis; returns ``ax``."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    loc = locale_of(None, locale)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    target.set_major_formatter(FuncFormatter(lambda x, _pos: date_label(mdates.num2date(x).replace(tzinfo=None), locale=loc)))
    return ax


def plot_indicator(
    data: pd.DataFrame,
    *,
    y: str | None = None,
    x: str = "period",
    hue: str | None = None,
    ci: bool = True,
    ax: Axes | None = None,
    locale: str | None = None,
) -> Axes:
    """Plot an indicator over time, one line per group, with its 95 % interval as a band.

    Parameters
    ----------
    data : DataFrame
        Output of an indicator function called with ``freq=`` (e.g. ``engagement_rate(posts,
        by="platform", freq="MS")``).
    y : str, optional
        Value column (default: the indicator id from ``attrs``).
    x : str
        Time column (default ``period``).
    hue : str, optional
        Group column (default: the first column before ``x`` that is not a count, if any).
    ci : bool
        Draw the ``ci_low``–``ci_high`` band when present.

    Examples
    --------
    >>> import socialroi as sr
    >>> from socialroi.indicators import engagement_rate
    >>> er = engagement_rate(sr.load_sample("maison-lumiere").posts, by="platform", freq="MS")
    >>> ax = plot_indicator(er, locale="en")
    >>> ax.get_title()
    'Engagement rate'
    """
    loc = locale_of(data, locale)
    text, ind = _definition(data, loc)
    y = y or ind["id"]
    if y not in data.columns or x not in data.columns:
        raise DataError(f"plot_indicator needs columns {x!r} and {y!r}; the frame has {list(data.columns)}")
    if hue is None:
        keys = list(data.columns[: list(data.columns).index(x)]) if x in data.columns else []
        hue = keys[0] if keys else None
    ax = _new_ax(ax)
    groups = [(None, data)] if hue is None else list(data.groupby(hue, sort=True, dropna=False))
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (name, g) in enumerate(groups):
        g = g.sort_values(x)
        color = palette[i % len(palette)]
        ax.plot(g[x], g[y], marker="o", color=color, label=None if name is None else _name(name, loc))
        if ci and {"ci_low", "ci_high"} <= set(g.columns) and g["ci_low"].notna().any():
            ax.fill_between(g[x], g["ci_low"].to_numpy(float), g["ci_high"].to_numpy(float), color=color,
                            alpha=0.2, linewidth=0)
    label = ind["label_fr"] if loc == "fr" else ind["label_en"]
    ax.set_title(label)
    ax.set_xlabel(_LABELS[loc]["period"] if x == "period" else x)
    if pd.api.types.is_datetime64_any_dtype(data[x]):
        date_axis(ax, locale=loc)
    ax.set_ylabel(label)
    if _is_proportion(ind):
        ax.yaxis.set_major_formatter(_percent(loc, 1))
    if hue is not None:
        ax.legend(title=_LABELS[loc].get(str(hue), str(hue)), fontsize=8)
    ax.annotate(f"— {_LABELS[loc]['ci']}" if ci else "", xy=(1, 1.01), xycoords="axes fraction", ha="right",
                va="bottom", fontsize=7, color="0.4")
    return caption(ax, text)


def plot_rate_ratios(data: pd.DataFrame, *, ax: Axes | None = None, locale: str | None = None) -> Axes:
    """Forest plot of :func:`socialroi.indicators.compare_rates`: rate ratios with 95 % intervals.

    The reference level is drawn at 1 and labelled; the x axis is logarithmic; the method (NB2 or
    robust Poisson) is written with the definition under the axes.
    """
    loc = locale_of(data, locale)
    text, _ = _definition(data, loc)
    need = {"level", "rate_ratio", "ci_low", "ci_high", "n_posts"}
    if not need <= set(data.columns):
        raise DataError(f"plot_rate_ratios needs the output of compare_rates (columns {sorted(need)})")
    ref = data.attrs.get("reference")
    d = data.reset_index(drop=True)
    ax = _new_ax(ax, (7, 0.5 * len(d) + 1.5))
    ypos = np.arange(len(d))[::-1]
    rr = d["rate_ratio"].to_numpy(float)
    lo = d["ci_low"].to_numpy(float)
    hi = d["ci_high"].to_numpy(float)
    has = np.isfinite(lo) & np.isfinite(hi)
    ax.errorbar(rr[has], ypos[has], xerr=[rr[has] - lo[has], hi[has] - rr[has]], fmt="o", color="C0", capsize=3)
    ax.plot(rr[~has], ypos[~has], marker="D", linestyle="none", color="0.3")
    ax.axvline(1.0, color="0.5", linestyle="--", linewidth=1)
    ax.set_xscale("log")
    finite = np.concatenate([rr, lo[has], hi[has]])
    finite = finite[np.isfinite(finite) & (finite > 0)]
    ticks = [t for t in (0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 10)
             if finite.min() / 1.5 <= t <= finite.max() * 1.5] or [1]
    ax.set_xticks(ticks, [_number_text(t, loc) for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    labels = [f"{_name(lvl, loc)} ({_LABELS[loc]['reference']})" if str(lvl) == str(ref) else _name(lvl, loc)
              for lvl in d["level"]]
    labels = [f"{lab}  n={n}" for lab, n in zip(labels, d["n_posts"], strict=True)]
    ax.set_yticks(ypos, labels)
    ax.set_xlabel(_LABELS[loc]["rate_ratio"].format(ref=_name(ref, loc)))
    by = str(data.attrs.get("by", ""))
    ax.set_title(_LABELS[loc]["by"].format(by=_LABELS[loc].get(by, by).lower()) if by else "")
    method = data.attrs.get("method_fr" if loc == "fr" else "method", "")
    return caption(ax, f"{text} — {_LABELS[loc]['method']}: {method}" if method else text)


def plot_posting_times(
    data: pd.DataFrame,
    *,
    value: str = "engagement_rate",
    annotate: bool = True,
    ax: Axes | None = None,
    locale: str | None = None,
) -> Axes:
    """Heatmap of :func:`socialroi.indicators.best_posting_times` (weekday × hour).

    Cells without posts are blank; each cell shows its number of posts so that a thin cell
    reads as uncertain (its interval is in the table).
    """
    import seaborn as sns

    loc = locale_of(data, locale)
    text, ind = _definition(data, loc)
    need = {"weekday", "day", "hour", "n_posts", value}
    if not need <= set(data.columns):
        raise DataError(f"plot_posting_times needs the output of best_posting_times (columns {sorted(need)})")
    grid = data.pivot(index="weekday", columns="hour", values=value).reindex(index=range(7), columns=range(24))
    counts = data.pivot(index="weekday", columns="hour", values="n_posts").reindex(index=range(7), columns=range(24))
    days = data.drop_duplicates("weekday").set_index("weekday")["day"].reindex(range(7))
    ax = _new_ax(ax, (11, 4))
    annot = counts.fillna(0).astype(int).astype(str).where(counts.fillna(0) > 0, "") if annotate else False
    sns.heatmap(grid.astype(float), ax=ax, cmap="viridis", annot=annot, fmt="", annot_kws={"fontsize": 6},
                cbar_kws={"label": ind["label_fr"] if loc == "fr" else ind["label_en"],
                          **({"format": _percent(loc, 1)} if _is_proportion(ind) else {})},
                linewidths=0.3, linecolor="white")
    if "ci_low" in data.columns:
        from matplotlib.patches import Rectangle

        no_ci = data[(data["n_posts"] > 0) & data["ci_low"].isna()]
        for w, h in zip(no_ci["weekday"].to_numpy(), no_ci["hour"].to_numpy(), strict=True):
            ax.add_patch(Rectangle((h, w), 1, 1, fill=False, hatch="///", edgecolor="white", linewidth=0))
    ax.set_yticks(np.arange(7) + 0.5, [str(d) for d in days.fillna("")], rotation=0)
    ax.set_xlabel(_LABELS[loc]["hour"])
    ax.set_ylabel(_LABELS[loc]["day"])
    ax.set_title(ind["label_fr"] if loc == "fr" else ind["label_en"])
    return caption(ax, f"{text} — {_LABELS[loc]['n_posts']}" if annotate else text)


def plot_share_of_voice(
    data: pd.DataFrame,
    *,
    by: str = "brand",
    highlight: str | None = None,
    ax: Axes | None = None,
    locale: str | None = None,
) -> Axes:
    """Stacked bars of :func:`socialroi.indicators.share_of_voice` per period (one bar without periods).

    ``highlight`` (default: the dataset brand in ``attrs["meta"]``) is drawn with a black edge.
    """
    loc = locale_of(data, locale)
    text, _ = _definition(data, loc)
    if not {by, "share_of_voice"} <= set(data.columns):
        raise DataError(f"plot_share_of_voice needs columns {by!r} and 'share_of_voice'")
    highlight = highlight or (data.attrs.get("meta") or {}).get("brand")
    d = data.assign(_x=_period_labels(data["period"], loc) if "period" in data.columns else _LABELS[loc]["all"])
    wide = d.pivot_table(index="_x", columns=by, values="share_of_voice", aggfunc="sum", observed=True).fillna(0.0)
    ax = _new_ax(ax)
    bottom = np.zeros(len(wide))
    xs = np.arange(len(wide))
    for i, brand in enumerate(wide.columns):
        vals = wide[brand].to_numpy(float)
        edge = "black" if highlight is not None and str(brand) == str(highlight) else "white"
        ax.bar(xs, vals, bottom=bottom, label=str(brand), color=f"C{i % 10}", edgecolor=edge,
               linewidth=1.5 if edge == "black" else 0.5)
        bottom += vals
    ax.set_xticks(xs, list(wide.index), rotation=45 if len(xs) > 6 else 0, ha="right" if len(xs) > 6 else "center")
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(_percent(loc, 0))
    ax.set_ylabel(_LABELS[loc]["share_of_voice"])
    ax.set_xlabel(_LABELS[loc]["period"] if "period" in data.columns else "")
    ax.set_title(_LABELS[loc]["share_of_voice"])
    ax.legend(title=_LABELS[loc].get(by, by), fontsize=8, bbox_to_anchor=(1.01, 1), loc="upper left")
    return caption(ax, text)
