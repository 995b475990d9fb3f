"""Figures of the indicator tables (:mod:`socialroi.indicators`): rates over time, rate ratios,
posting times, share of voice, and the small bar and line charts of the notebooks.

Every function takes the table first, everything else keyword-only, draws on ``ax`` (a new figure
when None) and returns the Axes. Labels follow ``locale`` (default: the locale the frame carries in
its ``attrs``). A figure of an indicator table shows the indicator's definition line under the
axes, so a number is never shown without what it means.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import NullFormatter

from .. import formatting as fmt
from ..catalogue import has, text
from ..errors import DataError, ParameterError
from ._base import (
    caption,
    date_axis,
    definition_line,
    display_name,
    indicator_label,
    label,
    new_axes,
    number_formatter,
    percent_formatter,
)

__all__ = ["plot_indicator", "plot_rate_ratios", "plot_posting_times", "plot_share_of_voice", "plot_rates",
           "plot_heatmap", "plot_lines"]


def _is_proportion(ind: dict[str, Any]) -> bool:
    return str(ind.get("unit", "")).startswith("proportion")


def _dim(name: Any, loc: str) -> str:
    """Name of a breakdown column for a legend title (``post_type`` → "Format")."""
    key = str(name)
    return label(key, loc) if has(f"plot.{key}", loc) else key


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

    When the groups are on different bases (a ``basis`` column with several values:
    ``basis="auto"`` on platforms that report different exposures), each line's label names its
    basis ("LinkedIn (per impression)").

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
    loc = fmt.resolve(locale, data)
    line, ind = definition_line(data, loc)
    y = y or ind["id"]
    if y not in data.columns or x not in data.columns:
        raise DataError(f"plot_indicator needs columns {x!r} and {y!r}; the frame has {list(data.columns)}")
    if hue is None:
        keys = list(data.columns[: list(data.columns).index(x)]) if x in data.columns else []
        hue = keys[0] if keys else None
    ax = new_axes(ax)
    groups = [(None, data)] if hue is None else list(data.groupby(hue, sort=True, dropna=False))
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    # groups on different bases (basis="auto": each platform on the exposure it reports): each
    # line's label says its basis ("LinkedIn (per impression)"); the rates are not on one footing
    mixed = "basis" in data.columns and data["basis"].dropna().nunique() > 1
    for i, (name, g) in enumerate(groups):
        g = g.sort_values(x)
        color = palette[i % len(palette)]
        shown = None if name is None else display_name(name, locale=loc)
        if mixed and shown is not None and g["basis"].notna().any():
            per = _per(g["basis"].dropna().iloc[0], loc)
            shown = label("panel", loc, platform=shown, per=per) if per else shown
        ax.plot(g[x], g[y], marker="o", color=color, label=shown)
        if ci and {"ci_low", "ci_high"} <= set(g.columns) and g["ci_low"].notna().any():
            ax.fill_between(g[x], g["ci_low"].to_numpy(float), g["ci_high"].to_numpy(float), color=color,
                            alpha=0.2, linewidth=0)
    name = indicator_label(ind, loc)
    ax.set_title(name)
    ax.set_xlabel(label("period", loc) if x == "period" else x)
    if pd.api.types.is_datetime64_any_dtype(data[x]):
        date_axis(ax, locale=loc)
    ax.set_ylabel(name)
    if _is_proportion(ind):
        ax.yaxis.set_major_formatter(percent_formatter(loc, 1))
    if hue is not None:
        ax.legend(title=_dim(hue, loc), fontsize=8)
    ax.annotate(f"— {label('ci', loc)}" if ci else "", xy=(1, 1.01), xycoords="axes fraction", ha="right",
                va="bottom", fontsize=7, color="0.4")
    return caption(ax, line)


def _per(basis: Any, loc: str) -> str:
    """"per impression", "par portée-jour"... (catalogue ``basis_per_<basis>``); "" when unknown."""
    key = f"basis_per_{basis}"
    return text(key, loc) if basis is not None and has(key, loc) else ""


def plot_rate_ratios(data: pd.DataFrame, *, ax: Axes | None = None, locale: str | None = None) -> Axes:
    """Forest plot of :func:`socialroi.indicators.compare_rates`: rate ratios with 95 % intervals.

    The reference level is drawn at 1 and labelled; the x axis is logarithmic; the method (NB2 or
    robust Poisson) is written with the definition under the axes. Levels compared within each
    platform (platforms without a common exposure: a ``platform`` column and
    ``attrs["references"]``) are labelled "platform · level", each against its own platform's
    reference, grouped by platform.
    """
    loc = fmt.resolve(locale, data)
    line, _ = definition_line(data, loc)
    need = {"level", "rate_ratio", "ci_low", "ci_high", "n_posts"}
    if not need <= set(data.columns):
        raise DataError(f"plot_rate_ratios needs the output of compare_rates (columns {sorted(need)})")
    refs = data.attrs.get("references") or {}
    within = "platform" in data.columns and bool(refs)
    ref = data.attrs.get("reference")
    d = data.reset_index(drop=True)
    ax = new_axes(ax, (7, 0.5 * len(d) + 1.5))
    ypos = np.arange(len(d))[::-1]
    rr = d["rate_ratio"].to_numpy(float)
    lo = d["ci_low"].to_numpy(float)
    hi = d["ci_high"].to_numpy(float)
    ok = np.isfinite(lo) & np.isfinite(hi)
    ax.errorbar(rr[ok], ypos[ok], xerr=[rr[ok] - lo[ok], hi[ok] - rr[ok]], fmt="o", color="C0", capsize=3)
    shown = ~ok & (rr > 0)  # the reference at 1 (a level without engagement, at 0, has no place on a log axis)
    ax.plot(rr[shown], ypos[shown], marker="D", linestyle="none", color="0.3")
    ax.axvline(1.0, color="0.5", linestyle="--", linewidth=1)
    ax.set_xscale("log")
    finite = np.concatenate([rr, lo[ok], hi[ok]])
    finite = finite[np.isfinite(finite) & (finite > 0)]
    ticks = [t for t in (0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 10)
             if finite.min() / 1.5 <= t <= finite.max() * 1.5] or [1]
    ax.set_xticks(ticks, [fmt.number(t, locale=loc, digits=2, min_digits=0) for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    names = []
    for i, lvl in enumerate(d["level"]):
        plat = d["platform"].iloc[i] if within else None
        is_ref = str(lvl) == str(refs.get(plat) if within else ref)
        name = display_name(lvl, locale=loc)
        if within:
            name = f"{display_name(plat, locale=loc)} · {name}"
        names.append(f"{name} ({label('reference', loc)})" if is_ref else name)
    names = [f"{name}  n={fmt.integer(n, locale=loc)}" for name, n in zip(names, d["n_posts"], strict=True)]
    ax.set_yticks(ypos, names)
    if within:
        ax.set_xlabel(label("rate_ratio_within", loc))
    else:
        ax.set_xlabel(label("rate_ratio", loc, ref=display_name(ref, locale=loc)))
    by = str(data.attrs.get("by", ""))
    ax.set_title(label("by", loc, by=_dim(by, loc).lower()) if by else "")
    method = data.attrs.get("method_fr" if loc.startswith("fr") else "method", "")
    return caption(ax, f"{line} — {label('method', loc)}: {method}" if method else line)


def _posting_heatmap(data: pd.DataFrame, ax: Axes, *, value: str, annotate: bool, ind: dict[str, Any],
                     loc: str) -> None:
    import seaborn as sns

    grid = data.pivot(index="weekday", columns="hour", values=value).reindex(index=range(7), columns=range(24))
    counts = data.pivot(index="weekday", columns="hour", values="n_posts").reindex(index=range(7), columns=range(24))
    days = data.drop_duplicates("weekday").set_index("weekday")["day"].reindex(range(7))
    annot = counts.fillna(0).astype(int).map(lambda n: fmt.integer(n, locale=loc) if n > 0 else "") if annotate else False
    sns.heatmap(grid.astype(float), ax=ax, cmap="viridis", annot=annot, fmt="", annot_kws={"fontsize": 6},
                cbar_kws={"label": indicator_label(ind, loc),
                          **({"format": percent_formatter(loc, 1)} if _is_proportion(ind) else {})},
                linewidths=0.3, linecolor="white")
    if "ci_low" in data.columns:
        from matplotlib.patches import Rectangle

        no_ci = data[(data["n_posts"] > 0) & data["ci_low"].isna()]
        for w, h in zip(no_ci["weekday"].to_numpy(), no_ci["hour"].to_numpy(), strict=True):
            ax.add_patch(Rectangle((h, w), 1, 1, fill=False, hatch="///", edgecolor="white", linewidth=0))
    ax.set_yticks(np.arange(7) + 0.5, [str(d) for d in days.fillna("")], rotation=0)
    ax.set_xlabel(label("hour", loc))
    ax.set_ylabel(label("day", loc))


def plot_posting_times(
    data: pd.DataFrame,
    *,
    value: str = "engagement_rate",
    annotate: bool = True,
    ax: Axes | None = None,
    locale: str | None = None,
) -> Axes | np.ndarray:
    """Heatmap of :func:`socialroi.indicators.best_posting_times` (weekday × hour).

    Cells without posts are blank; each cell shows its number of posts so that a thin cell
    reads as uncertain (its interval is in the table).

    A grid per platform (``basis="auto"`` on platforms that share no exposure: a ``platform``
    column, one 168-cell grid each, each on its own basis) is drawn as one panel per platform,
    titled with the platform and its basis ("LinkedIn (per impression)"), each with its own colour
    scale — rates on different bases are never put on one scale. It needs ``ax=None`` and returns
    the array of the panels' Axes.
    """
    loc = fmt.resolve(locale, data)
    line, ind = definition_line(data, loc)
    need = {"weekday", "day", "hour", "n_posts", value}
    if not need <= set(data.columns):
        raise DataError(f"plot_posting_times needs the output of best_posting_times (columns {sorted(need)})")
    tail = f"{line} — {label('n_posts', loc)}" if annotate else line
    if "platform" in data.columns and data["platform"].nunique() > 1:
        if ax is not None:
            raise ParameterError("plot_posting_times: a grid per platform is drawn as one panel per platform; "
                                 "pass ax=None, or the rows of one platform")
        plats = sorted(data["platform"].dropna().unique(), key=lambda p: display_name(p, locale=loc).lower())
        fig, axes = plt.subplots(len(plats), 1, figsize=(11, 3.4 * len(plats)), layout="constrained", squeeze=False)
        for a, plat in zip(axes[:, 0], plats, strict=True):
            part = data[data["platform"] == plat]
            _posting_heatmap(part, a, value=value, annotate=annotate, ind=ind, loc=loc)
            basis = part["basis"].dropna().iloc[0] if "basis" in part.columns and part["basis"].notna().any() else None
            per = _per(basis, loc)
            a.set_title(label("panel", loc, platform=display_name(plat, locale=loc), per=per) if per
                        else display_name(plat, locale=loc))
        caption(axes[-1, 0], tail)
        return axes[:, 0]
    ax = new_axes(ax, (11, 4))
    _posting_heatmap(data, ax, value=value, annotate=annotate, ind=ind, loc=loc)
    ax.set_title(indicator_label(ind, loc))
    return caption(ax, tail)


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
    Periods are labelled in the locale (``mars 2024``, ``T1 2024``) and kept in time order.
    """
    loc = fmt.resolve(locale, data)
    line, _ = definition_line(data, loc)
    if not {by, "share_of_voice"} <= set(data.columns):
        raise DataError(f"plot_share_of_voice needs columns {by!r} and 'share_of_voice'")
    highlight = highlight or (data.attrs.get("meta") or {}).get("brand")
    if "period" in data.columns:
        wide = data.pivot_table(index="period", columns=by, values="share_of_voice", aggfunc="sum",
                                observed=True).fillna(0.0).sort_index()
        names = fmt.period_labels(wide.index, locale=loc)
    else:
        wide = data.pivot_table(index=np.zeros(len(data), dtype=int), columns=by, values="share_of_voice",
                                aggfunc="sum", observed=True).fillna(0.0)
        names = [label("all", loc)]
    ax = new_axes(ax)
    bottom = np.zeros(len(wide))
    xs = np.arange(len(wide))
    for i, brand in enumerate(wide.columns):
        vals = wide[brand].to_numpy(float)
        edge = "black" if highlight is not None and str(brand) == str(highlight) else "white"
        ax.bar(xs, vals, bottom=bottom, label=str(brand), color=f"C{i % 10}", edgecolor=edge,
               linewidth=1.5 if edge == "black" else 0.5)
        bottom += vals
    ax.set_xticks(xs, names, rotation=45 if len(xs) > 6 else 0, ha="right" if len(xs) > 6 else "center")
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(percent_formatter(loc, 0))
    ax.set_ylabel(label("share_of_voice", loc))
    ax.set_xlabel(label("period", loc) if "period" in data.columns else "")
    ax.set_title(label("share_of_voice", loc))
    ax.legend(title=_dim(by, loc), fontsize=8, bbox_to_anchor=(1.01, 1), loc="upper left")
    return caption(ax, line)


def plot_rates(table: pd.DataFrame, *, label: str, value: str, locale: str | None = None, ax: Axes | None = None,
               reference: float | None = None, percent: bool = True, xlabel: str | None = None,
               title: str | None = None, caption_text: str | None = None) -> Axes:
    """Horizontal bars of ``value`` per ``label`` with ``ci_low``/``ci_high`` (or ``<value>_ci_low``/
    ``_ci_high``) error bars; ``reference`` draws a dashed line. Returns the Axes."""
    loc = fmt.resolve(locale, table)
    ax = new_axes(ax, (7, 0.45 * max(len(table), 3) + 1))
    t = table.reset_index(drop=True)
    y = np.arange(len(t))
    v = pd.to_numeric(t[value], errors="coerce").to_numpy(dtype=float)
    lo_c, hi_c = ("ci_low", "ci_high") if "ci_low" in t else (f"{value}_ci_low", f"{value}_ci_high")
    lo = pd.to_numeric(t.get(lo_c, pd.Series(np.nan, index=t.index)), errors="coerce").to_numpy(dtype=float)
    hi = pd.to_numeric(t.get(hi_c, pd.Series(np.nan, index=t.index)), errors="coerce").to_numpy(dtype=float)
    err = np.vstack([np.where(np.isfinite(lo), v - lo, 0), np.where(np.isfinite(hi), hi - v, 0)])
    ax.barh(y, v, xerr=err, color="tab:blue", alpha=0.8, capsize=3)
    ax.set_yticks(y, [display_name(x, locale=loc) for x in t[label]])
    if reference is not None:
        ax.axvline(reference, color="grey", ls="--", lw=1)
    ax.xaxis.set_major_formatter(percent_formatter(loc, 1) if percent else number_formatter(loc))
    ax.set_xlabel(xlabel or text("lbl_rate", loc))
    if title:
        ax.set_title(title, loc="left", fontsize="medium")
    return caption(ax, caption_text) if caption_text else ax


def plot_heatmap(grid: pd.DataFrame, *, locale: str | None = None, ax: Axes | None = None, min_posts: int = 1) -> Axes:
    """Weekday × hour heatmap of ``engagement_rate`` from ``best_posting_times`` (cells with at least
    ``min_posts`` posts); returns the Axes. :func:`plot_posting_times` also shows the counts."""
    loc = fmt.resolve(locale, grid)
    g = grid[grid["n_posts"] >= min_posts]
    wide = g.pivot_table(index="weekday", columns="hour", values="engagement_rate", aggfunc="first")
    wide = wide.reindex(index=range(7), columns=range(24))
    days = grid.drop_duplicates("weekday").set_index("weekday")["day"].reindex(range(7))
    ax = new_axes(ax, (10, 3.5))
    im = ax.imshow(wide.to_numpy(dtype=float), aspect="auto", cmap="viridis")
    ax.set_yticks(range(7), [str(d) if isinstance(d, str) else "" for d in days])
    ax.set_xticks(range(0, 24, 2), [fmt.integer(h, locale=loc) for h in range(0, 24, 2)])
    ax.set_xlabel(text("lbl_hour", loc))
    ax.figure.colorbar(im, ax=ax, label=text("lbl_rate", loc), format=percent_formatter(loc, 1))
    return ax


def plot_lines(frame: pd.DataFrame, *, x: str, ys: Mapping[str, str], locale: str | None = None,
               ax: Axes | None = None, percent: bool = True, ylabel: str | None = None, group: str | None = None,
               ci: tuple[str, str] | None = None, title: str | None = None, caption_text: str | None = None) -> Axes:
    """Lines of columns ``ys`` (column → legend label) against ``x``; with ``group``, one line per group.

    ``ci`` names the columns of the first line's 95 % interval, drawn as a shaded band; ``percent``
    reads the values as proportions (ticks in %). Returns the Axes.
    """
    loc = fmt.resolve(locale, frame)
    ax = new_axes(ax, (9, 3.5))

    def band(part: pd.DataFrame, color: Any) -> None:
        if ci is not None and ci[0] in part.columns and ci[1] in part.columns:
            ax.fill_between(part[x], pd.to_numeric(part[ci[0]], errors="coerce").astype(float),
                            pd.to_numeric(part[ci[1]], errors="coerce").astype(float), color=color, alpha=0.2, lw=0)

    if group is not None:
        col = next(iter(ys))
        for key, part in frame.groupby(group, sort=True):
            line, = ax.plot(part[x], pd.to_numeric(part[col], errors="coerce"), label=display_name(key, locale=loc))
            band(part, line.get_color())
    else:
        for i, (col, name) in enumerate(ys.items()):
            line, = ax.plot(frame[x], pd.to_numeric(frame[col], errors="coerce"), label=name)
            if i == 0:
                band(frame, line.get_color())
    if title:
        ax.set_title(title)
    ax.set_xlabel(text("lbl_period", loc))
    if pd.api.types.is_datetime64_any_dtype(frame[x]):
        date_axis(ax, locale=loc)
    ax.yaxis.set_major_formatter(percent_formatter(loc, 1) if percent else number_formatter(loc))
    if ylabel:
        ax.set_ylabel(ylabel)
    legend_title = None
    if group:
        legend_title = _dim(group, loc)
    ax.legend(fontsize="small", title=legend_title)
    return caption(ax, caption_text) if caption_text else ax
