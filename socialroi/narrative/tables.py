"""Tables as a client reads them: named columns, numbers in the locale, intervals beside their values;
the headline results (``results.json``) as a table and one KPI at a time.

Headers and names come from the catalogue (tables ``col``, ``result``, ``result_prefix``); every
number goes through :mod:`socialroi.formatting`. The format of each known column (a percentage, a
count, money...) is declared here, once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .. import formatting as fmt
from ..catalogue import has, text
from .common import basis_name, ci_basis, dim_label, fr_sources, pretty

__all__ = ["format_table", "results_table", "kpi_text", "board_view", "board_definitions", "COLUMN_KINDS",
           "RESULT_KINDS", "MONEY_TARGETS"]

#: Targets of a media-mix model that are money (their ROAS reads as a return); others are units (leads).
MONEY_TARGETS = ("revenue", "sales", "turnover", "ca", "chiffre_affaires")

#: Format of each known column of the tables shown in reports (headers: catalogue table ``col``).
#: Kinds: text, name (a canonical value), basis (an exposure basis: "reach", "impressions"...), date,
#: month, bool, engaged, p, int, money[digits], pct[digits] (a proportion), num[digits], auto (digits
#: from the size).
COLUMN_KINDS: dict[str, str] = {
    "table": "name", "rows": "int", "first": "date", "last": "date", "platform": "name", "period": "month",
    "posts": "int", "n_posts": "int", "reach_days": "int", "impressions": "int", "engagements": "int",
    "engagement_rate": "pct2", "follower_growth_rate": "pct2", "churn_rate": "pct2", "share_of_voice": "pct",
    "net_sentiment": "num2", "level": "name", "rate_ratio": "num2", "p_value": "p", "start": "date", "end": "date",
    "periods": "int", "observed": "int", "expected": "int", "phase": "name", "first_day": "date", "last_day": "date",
    "mentions": "int", "positive": "int", "n_days": "int", "n_units": "int", "positive_share": "pct",
    "interactions": "int", "unique_engagers": "int", "new_engagers": "int", "returning_engagers": "int",
    "repeat_share": "pct", "core_share": "pct", "segment_label": "text", "customers": "int", "share": "pct",
    "engaged": "engaged", "repeat_customers": "int", "repeat_rate": "pct", "mean_spend": "money",
    "mean_orders": "num1", "outcome": "name", "measure": "name", "estimate": "num2", "channel": "name",
    "spend": "money", "contribution": "auto", "roas": "auto", "identified": "bool", "per_spend": "num2",
    "cost_per_unit": "money2", "reactions": "int", "comments": "int", "shares": "int", "clicks": "int",
    "economic_value": "money", "value": "money", "media_cost": "money", "staff_cost": "money",
    "tools_cost": "money", "total_cost": "money", "roi": "pct", "media_only_roi": "pct",
    "break_even_value": "money", "package": "text", "version": "text", "indicator": "text", "interval": "text",
    "engagement_rate_basis": "basis", "basis": "basis",
}

#: Format of each known headline result (names: catalogue table ``result``); "dim", "agg" and
#: "method" are words, "points" a difference of shares.
RESULT_KINDS: dict[str, str] = {
    "n_posts": "int", "engagement_rate": "pct2", "share_of_voice": "pct", "net_sentiment": "num2",
    "best_posting_slot": "text", "engagement_basis": "basis", "engagement_agg": "agg", "compare_by": "dim",
    "compare_adjusted_for": "dim", "compare_reference": "name", "campaign": "text", "campaign_start": "text",
    "campaign_end": "text", "lift_metric": "name", "lift_method": "method", "lift": "pct", "lift_p_value": "p",
    "lift_absolute": "auto", "mentions_lift": "pct", "mentions_last_period_change_adjusted": "num1",
    "bad_buzz_alerts": "int", "bad_buzz_first_start": "text", "positive_share_before": "pct",
    "positive_share_after": "pct", "churn_rate": "pct2", "core_share_mean": "pct", "repeat_share_mean": "pct",
    "retention_period_1": "pct", "customers": "int", "champions_share": "pct", "expected_repeat_purchases": "num2",
    "repeat_odds_ratio": "num2", "sov_basis": "name", "sov": "pct", "som": "pct", "esov": "points",
    "esov_slope": "num3", "target": "name", "mmm_r2": "num2", "engagement_value": "money", "social_cost": "money",
    "social_roi": "pct", "media_only_roi": "pct", "analyses_skipped": "int",
    "exposure_trend_metric": "name", "exposure_last_period_change_adjusted": "num1",
}
#: Per-level results (``<prefix>_<level>``); the longest prefix that matches wins.
_RESULT_PREFIX_KINDS = {"engagement_rate": "pct2", "rate_ratio": "num2", "share_of_voice": "pct", "roas": "auto",
                        "bgnbd": "num3", "engagement_basis": "basis", "engagement_rate_on": "pct2",
                        "best_posting_slot": "text", "compare_reference": "name"}
_RESULT_HIDDEN = frozenset({"notebook", "dataset", "locale", "currency", "period_start", "period_end", "skipped"})


def _digits(kind: str, default: int) -> int:
    tail = "".join(ch for ch in kind if ch.isdigit())
    return int(tail) if tail else default


def _cell(v: Any, kind: str, loc: str, currency: str) -> str:
    """One cell of a table in ``loc``."""
    if kind == "text":
        return fmt.MISSING if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)
    if kind == "name":
        return pretty(v, locale=loc)
    if kind == "basis":
        return fmt.MISSING if v is None or v is pd.NA or (isinstance(v, float) and v != v) else basis_name(v, locale=loc)
    if kind in ("date", "month"):
        if v is None or v is pd.NA or v is pd.NaT:
            return fmt.MISSING
        return fmt.period(v, freq="MS", locale=loc, short=True) if kind == "month" else fmt.date(v, locale=loc,
                                                                                                format="medium")
    if kind == "bool":
        return fmt.MISSING if v is None or v is pd.NA else text("word.yes" if bool(v) else "word.no", loc)
    if kind == "engaged":
        return text("word.engaged" if bool(v) else "word.not_engaged", loc)
    if kind == "p":
        return fmt.pvalue(v, locale=loc, prefix=False)
    if kind == "int":
        return fmt.integer(v, locale=loc)
    if kind.startswith("money"):
        return fmt.money(v, currency=currency, locale=loc, digits=_digits(kind, 0))
    if kind == "auto":
        return fmt.number(v, locale=loc, digits="auto")
    if kind.startswith("pct"):
        return fmt.percent(v, locale=loc, digits=_digits(kind, 1))
    if kind == "points":
        return fmt.points(v, locale=loc)
    if kind.startswith("num"):
        return fmt.number(v, locale=loc, digits=_digits(kind, 2))
    return str(v)


def _bounds(lo: Any, hi: Any, kind: str, loc: str) -> str:
    """``[low ; high]`` in the unit of a value of ``kind`` (without the unit)."""
    if kind.startswith("pct"):
        return fmt.bounds(lo, hi, kind="pct", locale=loc, digits=_digits(kind, 1))
    if kind == "points":
        return fmt.bounds(lo, hi, kind="points", locale=loc)
    if kind.startswith("money"):
        return fmt.bounds(lo, hi, kind="num", locale=loc, digits=_digits(kind, 0))
    if kind == "auto":
        return fmt.bounds(lo, hi, kind="auto", locale=loc, digits="auto")
    return fmt.bounds(lo, hi, kind="num", locale=loc, digits=_digits(kind, 2))


def _ci_columns(frame: pd.DataFrame, col: str, main: str | None) -> tuple[str, str] | None:
    for stem in (col, col.removesuffix("_rate"), col.removesuffix("_share")):
        for lo, hi in ((f"{stem}_ci_low", f"{stem}_ci_high"), (f"{stem}_low", f"{stem}_high")):
            if lo in frame.columns and hi in frame.columns:
                return lo, hi
    if col == main and "ci_low" in frame.columns and "ci_high" in frame.columns:
        return "ci_low", "ci_high"
    return None


def format_table(frame: pd.DataFrame, *, locale: str, currency: str = "EUR", columns: Sequence[str] | None = None,
                 main: str | None = None, labels: Mapping[str, str] | None = None,
                 kinds: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A table as a client reads it: named columns, formatted numbers, intervals beside values.

    Parameters
    ----------
    frame : DataFrame
        Any table of socialroi; known columns (:data:`COLUMN_KINDS`) get a header in ``locale``
        and a format (percentages, thousands separators, money with its currency, dates, p-values).
    locale : str
        "fr", "en", "fr_CH"... (numbers follow the locale, words its catalogue).
    currency : str, default "EUR"
        ISO code shown with money.
    columns : list of str, optional
        Columns kept, in this order (default: every known column of ``frame``).
    main : str, optional
        Column that a bare ``ci_low``/``ci_high`` pair belongs to. ``X_ci_low``/``X_ci_high`` (or
        ``X_low``/``X_high``) always join ``X``: the cell reads ``value [low ; high]``.
    labels : mapping, optional
        Header overrides, column → text.
    kinds : mapping, optional
        Formats of columns :data:`COLUMN_KINDS` does not know (or overrides), column → kind.

    Returns
    -------
    DataFrame
        Text cells, a plain 0..n-1 index (hide it when showing), headers in ``locale``; the
        interval columns are folded into their value's column and its header says "[95% CI]".
    """
    loc = fmt.resolve(locale)
    cols = list(columns) if columns is not None else [c for c in frame.columns if c in COLUMN_KINDS]
    out: dict[str, list[str]] = {}
    for col in cols:
        kind = (kinds or {}).get(col) or COLUMN_KINDS.get(col) or ("auto" if pd.api.types.is_numeric_dtype(frame[col]) else "text")
        head = (labels or {}).get(col) or (text(f"col.{col}", loc) if has(f"col.{col}", loc) else col)
        ci = _ci_columns(frame, col, main) if kind.startswith(("pct", "num", "auto", "money")) else None
        values = []
        for i in range(len(frame)):
            v = frame[col].iloc[i]
            cell = _cell(v, kind, loc, currency)
            if ci is not None:
                lo, hi = frame[ci[0]].iloc[i], frame[ci[1]].iloc[i]
                if not (fmt.is_missing(lo) or fmt.is_missing(hi) or fmt.is_missing(v)) and \
                        not (float(lo) == float(hi) == float(v)):
                    cell = f"{cell} {_bounds(lo, hi, kind, loc)}"
            values.append(cell)
        if ci is not None and any("[" in t for t in values):
            head = f"{head} {text('ci_header', loc)}"
        out[head] = values
    return pd.DataFrame(out)


def _level_name(level: str, loc: str) -> str:
    """A level of a per-level result in words: a canonical value (``tiktok`` → TikTok), or a
    platform and a level joined by ``record(by=[...])`` (``linkedin_photo`` → "LinkedIn, photo")."""
    shown = pretty(level, locale=loc)
    if shown != level.replace("_", " ") or "_" not in level:
        return shown
    for cut in range(1, level.count("_") + 1):
        head, tail = level.split("_", cut)[:cut], level.split("_", cut)[cut]
        first = "_".join(head)
        if has(f"name.{first}", loc):
            return f"{pretty(first, locale=loc)}, {pretty(tail, locale=loc)}"
    return shown


def _native_spec(key: str, loc: str) -> tuple[str, str] | None:
    """(name, kind) of a platform's own figure recorded as ``native_<indicator>``."""
    from ..indicators import NATIVE_REGISTRY

    ind = NATIVE_REGISTRY.get(key.removeprefix("native_")) if key.startswith("native_") else None
    if ind is None:
        return None
    fr = loc.startswith("fr")
    label = ind.label_fr if fr else ind.label_en
    if str(ind.unit).startswith("proportion"):
        return label, "pct2"
    return text("result_native", loc, label=label, unit=(ind.unit_fr or ind.unit) if fr else ind.unit), "num1"


def _result_spec(key: str, loc: str) -> tuple[str, str] | None:
    """(name, kind) of a headline result in ``loc``, or None for a key socialroi does not know."""
    if key in RESULT_KINDS and has(f"result.{key}", loc):
        return text(f"result.{key}", loc), RESULT_KINDS[key]
    native = _native_spec(key, loc)
    if native is not None:
        return native
    for prefix in sorted(_RESULT_PREFIX_KINDS, key=len, reverse=True):
        if key.startswith(prefix + "_"):
            level = key[len(prefix) + 1:]
            x = basis_name(level, locale=loc) if prefix == "engagement_rate_on" else _level_name(level, loc)
            return text(f"result_prefix.{prefix}", loc, x=x), _RESULT_PREFIX_KINDS[prefix]
    return None


def kpi_text(key: str, value: Any, *, low: Any = None, high: Any = None, locale: str,
             currency: str = "EUR", target: str | None = None, n: Any = None,
             unit: str | None = None) -> tuple[str, str, str] | None:
    """(label, value, interval) of one headline result as a reader sees it, or None for a key this
    module does not know (``"engagement_rate_tiktok"`` → ``("Taux d'engagement — TikTok", "9,84 %",
    "[9,80 ; 9,88]")`` in French; with ``n=312, unit="posts"``: ``"[8,1 ; 11,6] sur 312
    publications"``). With a ``target`` that is not money (leads), a channel's ``roas_*`` is shown
    per 1,000 of spend."""
    loc = fmt.resolve(locale)
    if key.startswith("roas_") and target and target not in MONEY_TARGETS:
        name = pretty(target, locale=loc)
        per = text("per_spend", loc, target=name[:1].upper() + name[1:],
                   amount=fmt.money(1000, currency=currency, locale=loc))
        scale = lambda v: None if fmt.is_missing(v) else 1000 * float(v)  # noqa: E731
        out = (f"{per} — {pretty(key[5:], locale=loc)}", fmt.number(scale(value), locale=loc, digits=2),
               fmt.bounds(scale(low), scale(high), kind="num", locale=loc, digits=2))
    else:
        spec = _result_spec(key, loc)
        if spec is None:
            return None
        name, kind = spec
        if kind == "dim":
            shown = ", ".join(dim_label(p.strip(), locale=loc) for p in str(value).split(",")) \
                if value not in (None, "none") else text("word.none_masculine", loc)
        elif kind in ("agg", "method"):
            shown = text(f"word.{kind}_{value}", loc) if has(f"word.{kind}_{value}", loc) else str(value)
        elif value is None:
            shown = fmt.MISSING
        else:
            shown = _cell(value, kind, loc, currency)
        out = (name, shown, _bounds(low, high, kind, loc))
    if out[2]:
        out = (out[0], out[1], out[2] + ci_basis(n, unit, locale=loc))
    return out


def results_table(results: Mapping[str, Any], *, locale: str) -> pd.DataFrame:
    """The headline results as a client reads them: one row per KPI with its 95 % interval.

    Columns: indicator (in ``locale``), value (formatted: %, separators, money with the currency of
    ``results["currency"]``), interval (``[low ; high]`` when ``X_ci_low``/``X_ci_high`` are
    present, with what it rests on, else empty). Context entries (dataset, period, locale...) and
    the customer model's raw parameters are left out; the names of skipped analyses are listed in a
    last row.
    """
    loc = fmt.resolve(locale)
    currency = str(results.get("currency") or "EUR")
    rows = []
    for key, v in results.items():
        if key in _RESULT_HIDDEN or key.endswith(("_ci_low", "_ci_high", "_ci_n", "_ci_unit")) or key.startswith("bgnbd_"):
            continue
        lo, hi = results.get(f"{key}_ci_low"), results.get(f"{key}_ci_high")
        n, unit = results.get(f"{key}_ci_n"), results.get(f"{key}_ci_unit")
        row = kpi_text(key, v, low=lo, high=hi, locale=loc, currency=currency, target=results.get("target"),
                       n=n, unit=unit)
        if row is None:
            kind = "auto" if isinstance(v, (int, float)) and not isinstance(v, bool) else "text"
            interval = _bounds(lo, hi, kind, loc)
            row = (key.replace("_", " ").capitalize(), fmt.MISSING if v is None else _cell(v, kind, loc, currency),
                   interval + ci_basis(n, unit, locale=loc) if interval else "")
        rows.append(row)
    skipped = str(results.get("skipped") or "")
    if skipped:
        names = [text(f"analysis.{a.strip()}", loc) if has(f"analysis.{a.strip()}", loc) else a.strip()
                 for a in skipped.split(",")]
        rows.append((text("word.skipped_row", loc), ", ".join(names), ""))
    return pd.DataFrame(rows, columns=[text("word.indicator", loc), text("word.value", loc), text("word.interval", loc)])


def board_view(board: pd.DataFrame, *, periods: int = 3) -> pd.DataFrame:
    """The last ``periods`` periods of ``sr.indicators.kpi_table`` of every platform (each
    platform's own last periods, newest first: downloads of different platforms often cover
    different months), with the columns a client reads: posts, reach-days, impressions, engagements,
    engagement rate and the basis it is on (reach, impressions, video views; "mixed" where the row
    mixes platforms that share no exposure, and then no rate), follower growth and churn (with
    their interval columns). A selection of rows and columns: impressions only when some row's
    rate is on impressions (or there is no reach)."""
    bases = set(board["engagement_rate_basis"].dropna()) if "engagement_rate_basis" in board.columns else set()
    show_impr = "impressions" in bases or "reach_days" not in board.columns
    keep = [c for c in ("platform", "period", "posts", "reach_days", "impressions" if show_impr else None,
                        "engagements", "engagement_rate", "engagement_rate_ci_low", "engagement_rate_ci_high",
                        "engagement_rate_basis", "follower_growth_rate", "churn_rate", "churn_rate_ci_low",
                        "churn_rate_ci_high") if c is not None and c in board.columns]
    if "period" not in board.columns:
        return board[keep].reset_index(drop=True)
    if "platform" in board.columns:  # each platform's own last periods (exports cover different months)
        ranks = board.groupby("platform", dropna=False)["period"].rank(method="dense", ascending=False)
        out = board[ranks <= periods][keep]
    else:
        last = sorted(board["period"].dropna().unique())[-periods:]
        out = board[board["period"].isin(last)][keep]
    by = [c for c in ("period", "platform") if c in out.columns]
    return out.sort_values(by, ascending=[False, True][: len(by)]).reset_index(drop=True)


def board_definitions(board: pd.DataFrame, *, locale: str,
                      keys: Sequence[str] = ("engagement_rate", "follower_growth_rate", "churn_rate")) -> str:
    """Definitions of the indicators shown by :func:`board_view`, one line each."""
    from ..catalogue import language
    from ..indicators import Indicator

    loc = fmt.resolve(locale)
    defs = board.attrs.get("indicators") or {}
    lines = "\n".join(Indicator(**defs[k]).line(language(loc)) for k in keys if k in defs)
    return fr_sources(lines, locale=loc)
