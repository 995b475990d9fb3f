"""What notebook 01 (engagement) says around its numbers: engagement rates, formats compared,
posting times, share of voice and net sentiment.

Each ``interpret_*`` takes the table of an indicator function and returns plain text in the
locale: the number with its interval and what it rests on, then what it means and what it does
not. Sentences: catalogue keys ``er``, ``compare``, ``times``, ``sov``, ``sentiment``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import formatting as fmt
from ..catalogue import text
from .common import dim_label, join, pretty, row_basis

__all__ = ["interpret_engagement", "interpret_compare", "interpret_posting_times", "best_slot", "slot_text",
           "interpret_share_of_voice", "interpret_sentiment"]


def interpret_engagement(overall: pd.DataFrame, *, by_table: pd.DataFrame | None = None,
                         by: str | None = None, basis: str = "reach", locale: str,
                         period: str = "") -> str:
    """Sentence for an engagement rate (``overall``: one row of ``engagement_rate``), with the rate of
    each level of ``by`` (``by_table``) when given."""
    loc = fmt.resolve(locale)
    r = overall.iloc[0]
    by_text = ""
    if by_table is not None and by is not None and len(by_table):
        parts = []
        for _, row in by_table.iterrows():
            basis_n = row_basis(by_table, row, locale=loc).strip()
            parts.append(f"{pretty(row[by], locale=loc)} "
                         f"{fmt.interval(row['engagement_rate'], row['ci_low'], row['ci_high'], locale=loc, digits=2)}"
                         + (f" ({basis_n})" if basis_n else ""))
        by_text = text("er_by", loc, by=dim_label(by, locale=loc), levels=join(parts, locale=loc))
    n_excl = int(overall.attrs.get("n_excluded") or 0)
    excluded = text("er_excluded", loc, n=fmt.integer(n_excl, locale=loc), basis=pretty(basis, locale=loc)) if n_excl else ""
    definition = overall.attrs.get("indicator") or {}
    basis_def = definition.get("denominator_fr" if loc.startswith("fr") else "denominator", basis)
    pc = lambda v: fmt.percent(v, locale=loc, digits=2)  # noqa: E731
    return text("er", loc, period=period or text("whole_period", loc), n_posts=fmt.integer(r["n_posts"], locale=loc),
                num=fmt.integer(r["numerator"], locale=loc), den=fmt.integer(r["denominator"], locale=loc),
                basis_word=text(f"basis_word_{basis}", loc), rate=pc(r["engagement_rate"]), lo=pc(r["ci_low"]),
                hi=pc(r["ci_high"]), by_text=by_text, basis_def=basis_def, excluded=excluded,
                basis_n=row_basis(overall, r, locale=loc))


def interpret_compare(table: pd.DataFrame, *, basis: str = "reach", locale: str) -> str:
    """Sentence for ``sr.indicators.compare_rates``: best and worst level against the reference,
    and which levels differ clearly (their interval excludes 1)."""
    loc = fmt.resolve(locale)
    ref = str(table.attrs.get("reference", table.loc[table["rate_ratio"] == 1, "level"].iloc[0]))
    others = table[table["level"].astype(str) != ref]
    if not len(others):
        return ""
    best = others.loc[others["rate_ratio"].idxmax()]
    worst = others.loc[others["rate_ratio"].idxmin()]
    clear = others[(others["ci_low"] > 1) | (others["ci_high"] < 1)]
    p = lambda v: pretty(v, locale=loc)  # noqa: E731
    f = lambda v: fmt.number(v, locale=loc, digits=2)  # noqa: E731
    signif = (text("compare_signif", loc, levels=", ".join(map(p, clear["level"]))) if len(clear)
              else text("compare_none", loc))
    adj = [a for a in (table.attrs.get("adjusted_for") or []) if a]
    adjusted = text("compare_adjusted", loc, dims=", ".join(dim_label(a, locale=loc) for a in adj)) if adj else ""
    n = fmt.integer(table["n_posts"].sum(), locale=loc) if "n_posts" in table.columns else fmt.MISSING
    return text("compare", loc, ref=p(ref), best=p(best["level"]), ratio=f(best["rate_ratio"]), lo=f(best["ci_low"]),
                hi=f(best["ci_high"]), p=fmt.pvalue(best["p_value"], locale=loc), worst=p(worst["level"]),
                wratio=f(worst["rate_ratio"]), wlo=f(worst["ci_low"]), whi=f(worst["ci_high"]), signif=signif,
                basis=p(basis), adjusted=adjusted, n=n)


def best_slot(grid: pd.DataFrame, *, min_posts: int = 5) -> pd.Series | None:
    """Row of the hour × weekday grid of ``best_posting_times`` with the highest rate among cells with
    at least ``min_posts`` posts (None when no cell has that many): the slot the text talks about."""
    ok = grid[(grid["n_posts"] >= min_posts) & grid["engagement_rate"].notna()]
    if not len(ok):
        return None
    return ok.loc[ok["engagement_rate"].idxmax()]


def slot_text(row: Any, *, locale: str) -> str:
    """A weekday-hour slot of ``best_posting_times``: fr ``mardi 12 h``, en ``Tuesday 12:00`` (the
    time in the catalogue's CLDR pattern ``slot_time``)."""
    if row is None:
        return fmt.MISSING
    loc = fmt.resolve(locale)
    return text("slot", loc, day=row["day"], time=fmt.time(int(row["hour"]), locale=loc,
                                                          pattern=text("slot_time", loc)))


def interpret_posting_times(grid: pd.DataFrame, *, locale: str, min_posts: int = 5) -> str:
    """Sentence for ``sr.indicators.best_posting_times``: best and weakest slot of those with at least
    ``min_posts`` posts, and why the best of many slots looks better than it is."""
    loc = fmt.resolve(locale)
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
