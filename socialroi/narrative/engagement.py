"""What notebook 01 (engagement) says around its numbers: engagement rates, formats compared,
posting times, the platforms' own figures, share of voice and net sentiment.

Each ``interpret_*`` takes the table of an indicator function and returns plain text in the
locale: the number with its interval and what it rests on, then what it means and what it does
not. Sentences: catalogue keys ``er``, ``compare``, ``times``, ``native_*``, ``sov``, ``sentiment``.

Bases (spec rule 7): with ``basis="auto"`` each platform is measured on the exposure it reports
(reach, else impressions, else video views). The sentences name the basis of every figure and say
why a platform is on it ("LinkedIn reports no reach: per impression"), from the table's
``attrs["basis_by_platform"]`` and ``attrs["basis_mode"]`` in the catalogue's words; figures on
different bases are never put side by side as if comparable.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import formatting as fmt
from ..catalogue import has, text
from .common import basis_name, basis_per, dim_label, fr_sources, join, pretty, row_basis

__all__ = ["interpret_engagement", "interpret_compare", "interpret_posting_times", "best_slot", "best_slots",
           "slot_text", "interpret_share_of_voice", "interpret_sentiment", "basis_name", "basis_per", "basis_text",
           "overall_basis", "platform_bases", "interpret_native", "native_view", "native_definitions",
           "native_value", "basis_results", "native_results"]


# --------------------------------------------------------------------------------------------
# Bases
# --------------------------------------------------------------------------------------------
def _basis_word(basis: Any, loc: str) -> str:
    key = f"basis_word_{basis}"
    return text(key, loc) if has(key, loc) else basis_name(basis, locale=loc)


def _row_basis_value(table: pd.DataFrame, row: Any, default: Any) -> Any:
    b = row.get("basis") if "basis" in table.columns and hasattr(row, "get") else None
    return default if b is None or (isinstance(b, float) and b != b) else b


def overall_basis(table: pd.DataFrame, basis: str = "auto") -> str:
    """The basis a rate table's figure is on: its rows' basis when they share one, "mixed" when
    they are on several (platforms without a common exposure), else ``basis``."""
    if "basis" in table.columns:
        vals = [b for b in pd.unique(table["basis"].dropna())]
        if len(vals) == 1:
            return str(vals[0])
        if len(vals) > 1:
            return "mixed"
    return basis


def platform_bases(table: pd.DataFrame) -> dict[str, str | None]:
    """Platform → the basis ``basis="auto"`` measured it on (``attrs["basis_by_platform"]``, else the
    ``platform`` and ``basis`` columns of the table)."""
    by = dict(table.attrs.get("basis_by_platform") or {})
    if not by and {"platform", "basis"} <= set(table.columns):
        by = {str(p): (None if pd.isna(b) else str(b)) for p, b in zip(table["platform"], table["basis"], strict=True)}
    return by


def basis_text(table: pd.DataFrame, *, locale: str) -> str:
    """Which exposure each platform is measured on and why, and how several are combined (""
    when the basis was fixed, or every platform reports reach and nothing is combined)."""
    loc = fmt.resolve(locale)
    attrs = table.attrs or {}
    if attrs.get("basis") != "auto":
        return ""
    by = platform_bases(table)
    mode = attrs.get("basis_mode")
    if not by or (all(b == "reach" for b in by.values()) and mode not in ("common", "split")):
        return ""
    parts = [text(f"basis_why_{b if b is not None else 'none'}", loc, platform=pretty(p, locale=loc))
             for p, b in sorted(by.items(), key=lambda kv: pretty(kv[0], locale=loc).lower())]
    out = text("er_basis_auto", loc, platforms=join(parts, locale=loc))
    if mode == "common" and attrs.get("bases"):
        out = out + text("er_basis_common", loc, basis=basis_name(attrs["bases"][0], locale=loc))
    elif mode == "split":
        out = out + text("er_basis_split", loc)
    return out


# --------------------------------------------------------------------------------------------
# Engagement rate
# --------------------------------------------------------------------------------------------
def _excluded_text(table: pd.DataFrame, basis: Any, loc: str) -> str:
    """What posts a rate leaves out, and why: zero exposure, platforms without exposure, missing values."""
    a = table.attrs or {}
    total = int(a.get("n_excluded") or 0)
    zero = int(a.get("n_zero_exposure") or 0)
    without = int(a.get("n_without_basis") or 0)
    other = max(total - zero - without, 0)
    known = basis not in (None, "mixed", "auto")
    name = basis_name(basis if known else "exposure", locale=loc)
    out = ""
    if other:
        out += (text("er_excluded", loc, n=fmt.integer(other, locale=loc), basis=name) if known
                else text("er_excluded_any", loc, n=fmt.integer(other, locale=loc)))
    if zero:
        out += text("er_zero", loc, n=fmt.integer(zero, locale=loc), basis=name)
    if without:
        out += text("er_no_basis", loc, n=fmt.integer(without, locale=loc))
    return out


def interpret_engagement(overall: pd.DataFrame, *, by_table: pd.DataFrame | None = None,
                         by: str | None = None, basis: str = "reach", locale: str,
                         period: str = "") -> str:
    """Sentence for an engagement rate (``overall``: ``engagement_rate`` without ``by``), with the
    rate of each level of ``by`` (``by_table``) when given.

    Each figure names its basis: the rows' ``basis`` column when the table has one (``basis="auto"``
    measures each platform on the exposure it reports), else ``basis``. With ``basis="auto"`` a
    sentence says which exposure each platform is measured on and why ("LinkedIn reports no reach:
    per impression"); when the platforms share no exposure, ``overall`` has one row per basis and
    each is given on its own, never added up.
    """
    loc = fmt.resolve(locale)
    pc = lambda v: fmt.percent(v, locale=loc, digits=2)  # noqa: E731
    main_basis = overall_basis(overall, basis)
    by_text = ""
    if by_table is not None and by is not None and len(by_table):
        level_bases = {str(b) for b in by_table["basis"].dropna()} if "basis" in by_table.columns else set()
        tag = bool(level_bases) and level_bases != {main_basis}
        parts = []
        for _, row in by_table.iterrows():
            if fmt.is_missing(row["engagement_rate"]) and not row.get("n_posts"):  # nothing to rate
                parts.append(text("er_level_none", loc, level=pretty(row[by], locale=loc)))
                continue
            basis_n = row_basis(by_table, row, locale=loc).strip()
            value = fmt.interval(row["engagement_rate"], row["ci_low"], row["ci_high"], locale=loc, digits=2)
            per = basis_per(_row_basis_value(by_table, row, None), locale=loc) if tag else ""
            details = ", ".join(d for d in (per, basis_n) if d)
            parts.append(text("er_level", loc, level=pretty(row[by], locale=loc), value=value, details=details)
                         if details else f"{pretty(row[by], locale=loc)} {value}")
        by_text = text("er_by", loc, by=dim_label(by, locale=loc), levels=join(parts, locale=loc))
    why = basis_text(overall, locale=loc)
    if len(overall) > 1:  # no common exposure: one row per basis, each on its own
        parts = []
        for _, r in overall.iterrows():
            b = _row_basis_value(overall, r, basis)
            parts.append(text("er_part", loc, rate=pc(r["engagement_rate"]), per=basis_per(b, locale=loc),
                              lo=pc(r["ci_low"]), hi=pc(r["ci_high"]), basis_n=row_basis(overall, r, locale=loc),
                              num=fmt.integer(r["numerator"], locale=loc), den=fmt.integer(r["denominator"], locale=loc),
                              basis_word=_basis_word(b, loc)))
        out = text("er_split", loc, period=period or text("whole_period", loc), parts=join(parts, locale=loc),
                   excluded=_excluded_text(overall, "mixed", loc), by_text=by_text)
        return out + ("\n" + why if why else "")
    r = overall.iloc[0]
    row_b = _row_basis_value(overall, r, basis)
    definition = overall.attrs.get("indicator") or {}
    basis_def = definition.get("denominator_fr" if loc.startswith("fr") else "denominator", row_b)
    if fmt.is_missing(r["ci_low"]) or fmt.is_missing(r["ci_high"]):  # one post, or posts all alike (all zero)
        ci = text("er_no_ci", loc, n=fmt.integer(r["n_posts"], locale=loc))
    else:
        ci = text("er_ci", loc, lo=pc(r["ci_low"]), hi=pc(r["ci_high"]), basis_n=row_basis(overall, r, locale=loc))
    out = text("er", loc, period=period or text("whole_period", loc), n_posts=fmt.integer(r["n_posts"], locale=loc),
               num=fmt.integer(r["numerator"], locale=loc), den=fmt.integer(r["denominator"], locale=loc),
               basis_word=_basis_word(row_b, loc), rate=pc(r["engagement_rate"]), ci=ci, by_text=by_text,
               basis_def=basis_def, excluded=_excluded_text(overall, row_b, loc))
    return out + ("\n" + why if why else "")


def basis_results(overall: pd.DataFrame, by_platform: pd.DataFrame | None = None, *,
                  basis: str = "auto") -> dict[str, Any]:
    """The bases of the engagement rates as results (results.json): ``engagement_basis`` (the
    overall figure's basis, "mixed" when the platforms share none) and ``engagement_basis_<platform>``
    for every platform of ``by_platform`` (None where the platform has no rate)."""
    out: dict[str, Any] = {"engagement_basis": overall_basis(overall, basis)}
    if by_platform is not None and "platform" in by_platform.columns:
        for _, r in by_platform.iterrows():
            b = _row_basis_value(by_platform, r, basis)
            rated = not fmt.is_missing(r["engagement_rate"])
            out[f"engagement_basis_{r['platform']}"] = str(b) if rated and b is not None else None
    return out


# --------------------------------------------------------------------------------------------
# Formats compared
# --------------------------------------------------------------------------------------------
def _compare_one(table: pd.DataFrame, ref: str, *, basis: str, loc: str) -> str:
    others = table[table["level"].astype(str) != ref]
    fitted = others[others["rate_ratio"] > 0] if len(others[others["rate_ratio"] > 0]) else others
    if not len(fitted):
        return ""
    best = fitted.loc[fitted["rate_ratio"].idxmax()]
    worst = others.loc[others["rate_ratio"].idxmin()]
    clear = others[(others["ci_low"] > 1) | (others["ci_high"] < 1)]
    p = lambda v: pretty(v, locale=loc)  # noqa: E731
    f = lambda v: fmt.number(v, locale=loc, digits=2)  # noqa: E731
    signif = (text("compare_signif", loc, levels=", ".join(map(p, clear["level"]))) if len(clear)
              else text("compare_none", loc))
    # compared within one platform (a platform column): being "adjusted for platform" says nothing
    adj = [a for a in (table.attrs.get("adjusted_for") or []) if a and not (a == "platform" and "platform" in table.columns)]
    adjusted = text("compare_adjusted", loc, dims=", ".join(dim_label(a, locale=loc) for a in adj)) if adj else ""
    n = fmt.integer(table["n_posts"].sum(), locale=loc) if "n_posts" in table.columns else fmt.MISSING
    return text("compare", loc, ref=p(ref), best=p(best["level"]), ratio=f(best["rate_ratio"]), lo=f(best["ci_low"]),
                hi=f(best["ci_high"]), p=fmt.pvalue(best["p_value"], locale=loc), worst=p(worst["level"]),
                wratio=f(worst["rate_ratio"]), wlo=f(worst["ci_low"]), whi=f(worst["ci_high"]), signif=signif,
                basis=basis_name(basis, locale=loc), adjusted=adjusted, n=n)


def interpret_compare(table: pd.DataFrame, *, basis: str = "reach", locale: str) -> str:
    """Sentence for ``sr.indicators.compare_rates``: best and worst level against the reference,
    and which levels differ clearly (their interval excludes 1).

    The exposure named is the comparison's own (its ``basis`` column, else ``basis``). When the
    platforms share no exposure, levels were compared within each platform (a ``platform``
    column, ``attrs["references"]``): one sentence per platform, each against its own reference,
    and the platforms that could not be compared are named.
    """
    loc = fmt.resolve(locale)
    if "platform" in table.columns and (table.attrs.get("references") or table.attrs.get("basis_mode") == "split"):
        refs = table.attrs.get("references") or {}
        lines = [text("compare_split", loc)]
        for plat, part in table.groupby("platform", sort=True):
            part = part.copy()
            part.attrs = table.attrs
            ref = str(refs.get(plat, part.loc[part["rate_ratio"] == 1, "level"].iloc[0]))
            b = overall_basis(part, basis)
            one = _compare_one(part, ref, basis=b, loc=loc)
            if one:
                lines.append(text("compare_within", loc, platform=pretty(plat, locale=loc),
                                  per=basis_per(b, locale=loc) or basis_name(b, locale=loc)) + one)
        skipped = [pretty(s.get("platform"), locale=loc) for s in table.attrs.get("skipped") or []]
        if skipped:
            lines.append(text("compare_skipped", loc, platforms=", ".join(skipped)))
        return "\n".join(lines)
    ref = str(table.attrs.get("reference", table.loc[table["rate_ratio"] == 1, "level"].iloc[0]))
    return _compare_one(table, ref, basis=overall_basis(table, basis), loc=loc)


# --------------------------------------------------------------------------------------------
# Posting times
# --------------------------------------------------------------------------------------------
def best_slot(grid: pd.DataFrame, *, min_posts: int = 5) -> pd.Series | None:
    """Row of the hour × weekday grid of ``best_posting_times`` with the highest rate among cells with
    at least ``min_posts`` posts (None when no cell has that many): the slot the text talks about.
    A grid per platform (platforms without a common exposure) has no best slot across platforms:
    see :func:`best_slots`."""
    if "platform" in grid.columns and grid["platform"].nunique() > 1:
        return None
    ok = grid[(grid["n_posts"] >= min_posts) & grid["engagement_rate"].notna()]
    if not len(ok):
        return None
    return ok.loc[ok["engagement_rate"].idxmax()]


def best_slots(grid: pd.DataFrame, *, locale: str, min_posts: int = 5) -> dict[str, str | None]:
    """The best slot as results: ``{"best_posting_slot": "mardi 12 h"}`` for one grid, or one
    ``best_posting_slot_<platform>`` per platform when each platform has its own grid (no best
    slot across exposures that differ). None where no cell has ``min_posts`` posts."""
    if "platform" in grid.columns and grid["platform"].nunique() > 1:
        out: dict[str, str | None] = {}
        for plat, part in grid.groupby("platform", sort=True):
            row = best_slot(part, min_posts=min_posts)
            out[f"best_posting_slot_{plat}"] = None if row is None else slot_text(row, locale=locale)
        return out
    row = best_slot(grid, min_posts=min_posts)
    return {"best_posting_slot": None if row is None else slot_text(row, locale=locale)}


def slot_text(row: Any, *, locale: str) -> str:
    """A weekday-hour slot of ``best_posting_times``: fr ``mardi 12 h``, en ``Tuesday 12:00`` (the
    time in the catalogue's CLDR pattern ``slot_time``)."""
    if row is None:
        return fmt.MISSING
    loc = fmt.resolve(locale)
    return text("slot", loc, day=row["day"], time=fmt.time(int(row["hour"]), locale=loc,
                                                          pattern=text("slot_time", loc)))


def _times_one_grid(grid: pd.DataFrame, loc: str, min_posts: int) -> str:
    ok = grid[(grid["n_posts"] >= min_posts) & grid["engagement_rate"].notna()]
    if not len(ok):
        return text("times_none", loc)
    b = ok.loc[ok["engagement_rate"].idxmax()]
    w = ok.loc[ok["engagement_rate"].idxmin()]
    slot = lambda r: slot_text(r, locale=loc)  # noqa: E731
    pc = lambda v: fmt.percent(v, locale=loc, digits=2)  # noqa: E731
    common = {"min_posts": fmt.integer(min_posts, locale=loc), "slot": slot(b), "rate": pc(b["engagement_rate"]),
              "lo": pc(b["ci_low"]), "hi": pc(b["ci_high"]), "n": fmt.integer(b["n_posts"], locale=loc)}
    if len(ok) == 1:  # no "best" nor "weakest" of one slot
        return text("times_one", loc, **common)
    return text("times", loc, **common, wslot=slot(w), wrate=pc(w["engagement_rate"]), wlo=pc(w["ci_low"]),
                whi=pc(w["ci_high"]), wn=fmt.integer(w["n_posts"], locale=loc), cells=fmt.integer(len(ok), locale=loc))


def interpret_posting_times(grid: pd.DataFrame, *, locale: str, min_posts: int = 5) -> str:
    """Sentence for ``sr.indicators.best_posting_times``: best and weakest slot of those with at least
    ``min_posts`` posts, and why the best of many slots looks better than it is. A grid per
    platform (no common exposure) gets one sentence per platform, each on its own basis."""
    loc = fmt.resolve(locale)
    if "platform" in grid.columns and grid["platform"].nunique() > 1:
        lines = [text("times_split", loc)]
        for plat, part in grid.groupby("platform", sort=True):
            b = overall_basis(part, "auto")
            lines.append(text("times_platform", loc, platform=pretty(plat, locale=loc),
                              per=basis_per(b, locale=loc) or basis_name(b, locale=loc),
                              text=_times_one_grid(part, loc, min_posts)))
        return "\n".join(lines)
    return _times_one_grid(grid, loc, min_posts)


# --------------------------------------------------------------------------------------------
# The platforms' own figures beside socialroi's (spec rule 7)
# --------------------------------------------------------------------------------------------
def native_value(value: Any, low: Any, high: Any, *, indicator: str, locale: str) -> str:
    """A platform's own figure with its interval, in its unit: a rate in % (2 decimals), an average
    view duration in seconds, engagements per 1,000 views as a number."""
    from ..indicators import REGISTRY

    loc = fmt.resolve(locale)
    unit = (REGISTRY[indicator].unit if indicator in REGISTRY else "proportion") or ""
    if unit.startswith("proportion"):
        return fmt.interval(value, low, high, kind="pct", locale=loc, digits=2)
    shown = fmt.interval(value, low, high, kind="num", locale=loc, digits=1)
    return text("native_seconds", loc, value=shown) if unit.startswith("seconds") else shown


def native_results(table: pd.DataFrame) -> dict[str, Any]:
    """The platforms' own figures of ``sr.indicators.native_rates`` as results (results.json):
    ``native_<indicator>`` with ``_ci_low``, ``_ci_high`` and what the interval rests on
    (``_ci_n`` posts), one set per figure of a platform's own (socialroi's rate is recorded by the
    engagement section)."""
    def _plain(v: Any) -> Any:
        return None if fmt.is_missing(v) else (int(v) if isinstance(v, (int, np.integer)) else float(v))

    out: dict[str, Any] = {}
    for _, r in table[table["source"] == "platform"].iterrows():
        key = f"native_{r['indicator']}"
        out[key] = _plain(r["value"])
        out[f"{key}_ci_low"], out[f"{key}_ci_high"] = _plain(r["ci_low"]), _plain(r["ci_high"])
        if not fmt.is_missing(r["ci_low"]):
            out[f"{key}_ci_n"], out[f"{key}_ci_unit"] = _plain(r["n_posts"]), "posts"
    return out


def _missing_text(groups: Any, loc: str) -> str:
    words = [" / ".join(pretty(c, locale=loc) for c in g) for g in groups or []]
    return ", ".join(words) if words else text("none", loc)


def native_view(table: pd.DataFrame, *, locale: str) -> pd.DataFrame:
    """The platforms' own figures as a client reads them (``sr.indicators.native_rates``): one row per
    figure of a platform's own — platform, the figure's name, its value with its 95 % interval,
    the posts it rests on, socialroi's engagement rate of the same platform (with its interval and
    basis) and one sentence on why the two differ. Platforms without a figure of their own have
    a row with socialroi's rate only."""
    from ..indicators import REGISTRY

    loc = fmt.resolve(locale)
    lang_fr = loc.startswith("fr")
    rows = []
    for plat, part in table.groupby("platform", sort=True):
        ours = part[part["source"] == "socialroi"]
        if len(ours):
            o = ours.iloc[0]
            per = basis_per(o["basis"], locale=loc)
            our_text = fmt.interval(o["value"], o["ci_low"], o["ci_high"], locale=loc, digits=2) + (f" {per}" if per else "")
        else:
            our_text = fmt.MISSING
        own = part[part["source"] == "platform"]
        for _, r in own.iterrows():
            ind = REGISTRY.get(r["indicator"])
            label = (ind.label_fr if lang_fr else ind.label_en) if ind is not None else str(r["label"])
            rows.append({text("col.platform", loc): pretty(plat, locale=loc), text("native_col_figure", loc): label,
                         text("native_col_value", loc): native_value(r["value"], r["ci_low"], r["ci_high"],
                                                                     indicator=r["indicator"], locale=loc),
                         text("col.n_posts", loc): fmt.integer(r["n_posts"], locale=loc),
                         text("native_col_ours", loc): our_text,
                         text("native_col_why", loc): text(f"native_why_{r['indicator']}", loc)
                         if has(f"native_why_{r['indicator']}", loc) else ""})
        if not len(own):
            rows.append({text("col.platform", loc): pretty(plat, locale=loc), text("native_col_figure", loc): fmt.MISSING,
                         text("native_col_value", loc): fmt.MISSING,
                         text("col.n_posts", loc): fmt.integer(ours["n_posts"].iloc[0], locale=loc) if len(ours)
                         else fmt.MISSING,
                         text("native_col_ours", loc): our_text, text("native_col_why", loc): ""})
    cols = [text(k, loc) for k in ("col.platform", "native_col_figure", "native_col_value", "col.n_posts",
                                   "native_col_ours", "native_col_why")]
    return pd.DataFrame(rows, columns=cols)


def native_definitions(table: pd.DataFrame, *, locale: str) -> str:
    """The definition of every figure of ``native_view`` (the platforms' own, then socialroi's), one
    line each, in the locale's words."""
    loc = fmt.resolve(locale)
    seen: list[str] = []
    for source in ("platform", "socialroi"):
        for line in table.loc[table["source"] == source, "definition"]:
            line = fr_sources(str(line), locale=loc)
            if line not in seen:
                seen.append(line)
    return "\n".join(seen)


def interpret_native(table: pd.DataFrame, *, locale: str) -> str:
    """What the table of the platforms' own figures is, and, for each platform, the figures that
    could not be computed and what the export lacks for them (``attrs["skipped"]``)."""
    from ..indicators import NATIVE_INDICATORS, REGISTRY

    loc = fmt.resolve(locale)
    lines = [text("native_intro", loc)]
    skipped = list(table.attrs.get("skipped") or [])
    plats = sorted(set(map(str, table["platform"])) | {str(s["platform"]) for s in skipped},
                   key=lambda p: pretty(p, locale=loc).lower())
    for plat in plats:
        name = pretty(plat, locale=loc)
        if not NATIVE_INDICATORS.get(plat.lower()):
            lines.append(text("native_none", loc, platform=name))
        for s in skipped:
            if str(s["platform"]) != plat:
                continue
            ind = REGISTRY.get(s["indicator"])
            if s["indicator"] == "engagement_rate" or ind is None:
                label = text("native_socialroi", loc)
            else:
                label = ind.label_fr if loc.startswith("fr") else ind.label_en
            lines.append(text("native_skip", loc, label=label, platform=name,
                              missing=_missing_text(s.get("missing"), loc)))
    return "\n".join(lines)


def interpret_share_of_voice(sov: pd.DataFrame, *, brand: str, basis: str = "mentions", locale: str) -> str:
    """Sentence for ``sr.indicators.share_of_voice`` (one row per brand, no period)."""
    loc = fmt.resolve(locale)
    own = sov[sov["brand"] == brand]
    if not len(own):
        return ""
    r = own.iloc[0]
    others = sov[sov["brand"] != brand]
    comp = join([f"{b} {fmt.interval(v, lo, hi, locale=loc)}" for b, v, lo, hi in
                 zip(others["brand"], others["share_of_voice"], others["ci_low"], others["ci_high"], strict=False)],
                locale=loc)
    return text("sov", loc, brand=brand, sov=fmt.percent(r["share_of_voice"], locale=loc), basis=pretty(basis, locale=loc),
                lo=fmt.percent(r["ci_low"], locale=loc), hi=fmt.percent(r["ci_high"], locale=loc),
                competitors=comp or text("none", loc), basis_n=row_basis(sov, r, locale=loc))


def interpret_sentiment(ns: pd.DataFrame, *, brand: str, locale: str) -> str:
    """Sentence for ``sr.indicators.net_sentiment`` by brand."""
    loc = fmt.resolve(locale)
    own = ns[ns["brand"] == brand]
    if not len(own):
        return ""
    r = own.iloc[0]
    others = ns[ns["brand"] != brand]
    comparison = ""
    if len(others):
        comparison = text("sentiment_cmp", loc, levels=join(
            [f"{b} {fmt.interval(v, lo, hi, kind='num', locale=loc, digits=2)}" for b, v, lo, hi in
             zip(others["brand"], others["net_sentiment"], others["ci_low"], others["ci_high"], strict=False)],
            locale=loc))
    n = lambda v: fmt.number(v, locale=loc, digits=2)  # noqa: E731
    return text("sentiment", loc, brand=brand, ns=n(r["net_sentiment"]), lo=n(r["ci_low"]), hi=n(r["ci_high"]),
                comparison=comparison, basis_n=row_basis(ns, r, locale=loc))
