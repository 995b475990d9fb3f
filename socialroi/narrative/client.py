"""What the client report says (issue 15): every text of report.html, report.pdf and report.pptx.

:func:`client_view` turns the numbers of :mod:`socialroi.synthesis` into the texts a client reads
(words from the catalogue's ``client`` table, numbers from :mod:`socialroi.formatting`); the HTML
template, the PDF (printed from that HTML) and the slides all show these same strings, so the three
documents say the same numbers. :func:`headline_results` gives the numbers of ``results.json`` and
:func:`headline_texts` the text each of them is shown as (the consistency test reads both).
Nothing here computes a statistic.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import formatting as fmt
from ..catalogue import text
from .common import pretty

__all__ = ["KINDS", "client_view", "headline_results", "headline_texts", "index_lines", "verdict_text"]

#: How each headline is written: (kind of its value, decimals).
KINDS = {"engagement_rate": ("pct", 2), "mentions_per_day": ("num", 2), "churn_rate": ("pct", 2),
         "share_of_voice": ("pct", 1), "cost_per_engagement": ("money", 3)}
DETAILS = ("01_engagement", "02_awareness", "03_loyalty", "04_market_share", "05_roi")


def _t(key: str, loc: str, **values: Any) -> str:
    return text(f"client.{key}", loc, **values)


def _finite(*xs: Any) -> bool:
    return all(x is not None and not (isinstance(x, float) and not np.isfinite(x)) for x in xs)


def verdict_text(verdict: str, locale: str) -> str:
    """"clearly up" / "nettement en hausse"... for "up", "down", "none", "unknown"."""
    return _t(f"verdict_{verdict}", fmt.resolve(locale))


def headline_results(headlines: pd.DataFrame) -> dict[str, Any]:
    """The numbers of the executive summary as ``results.json`` entries (one set per indicator).

    ``X`` (this period), ``X_ci_low``/``X_ci_high``, ``X_previous`` (+ its bounds),
    ``X_change`` (+ ``X_change_ci_low``/``_high``), ``X_verdict``.
    """
    out: dict[str, Any] = {}
    for _, r in headlines.iterrows():
        k = r["indicator"]
        out[k] = r["current"]
        out[f"{k}_ci_low"], out[f"{k}_ci_high"] = r["current_low"], r["current_high"]
        out[f"{k}_previous"] = r["previous"]
        out[f"{k}_previous_ci_low"], out[f"{k}_previous_ci_high"] = r["previous_low"], r["previous_high"]
        out[f"{k}_change"] = r["change"]
        out[f"{k}_change_ci_low"], out[f"{k}_change_ci_high"] = r["change_low"], r["change_high"]
        out[f"{k}_verdict"] = r["verdict"]
    return out


def _value(ind: str, x: Any, loc: str, currency: str) -> str:
    kind, digits = KINDS[ind]
    return fmt.value(x, kind=kind, locale=loc, digits=digits, currency=currency)


def _change(ind: str, x: Any, low: Any, high: Any, loc: str) -> str:
    if ind == "share_of_voice":  # a difference of shares, in points
        return fmt.interval(x, low, high, kind="points", locale=loc, digits=1, sign=True)
    return fmt.interval(x, low, high, kind="pct", locale=loc, digits=0, sign=True)


def headline_texts(results: dict[str, Any], *, locale: str, currency: str = "EUR") -> dict[str, dict[str, str]]:
    """For each headline of ``results`` (:func:`headline_results`): the texts the report shows —
    ``current``, ``previous`` (values) and ``change`` (with its interval) — so a test can find them
    in report.html, report.pdf and report.pptx."""
    loc = fmt.resolve(locale)
    out = {}
    for ind in KINDS:
        if ind not in results:
            continue
        out[ind] = {"current": _value(ind, results.get(ind), loc, currency),
                    "previous": _value(ind, results.get(f"{ind}_previous"), loc, currency),
                    "change": _change(ind, results.get(f"{ind}_change"), results.get(f"{ind}_change_ci_low"),
                                      results.get(f"{ind}_change_ci_high"), loc),
                    "verdict": verdict_text(str(results.get(f"{ind}_verdict") or "unknown"), loc)}
    return out


def index_lines(results: dict[str, Any], *, locale: str, currency: str = "EUR") -> list[tuple[str, str, str]]:
    """(label, value, what follows) of each headline for the batch's index.html: ``Engagement rate``,
    ``10.77%``, ``(7.78% before), change +39% [16, 66]: clearly up``."""
    loc = fmt.resolve(locale)
    out = []
    for ind, s in headline_texts(results, locale=loc, currency=currency).items():
        if results.get(f"{ind}_verdict") in (None, "unknown"):
            continue
        name = _t(f"ind_{ind}", loc)
        out.append((name[:1].upper() + name[1:], s["current"],
                    _t("index_line", loc, previous=s["previous"], change=s["change"], verdict=s["verdict"])))
    return out


def _components(row: Any, loc: str) -> str:
    """The engagement components the data has, in words ("reactions, comments, shares")."""
    parts = [c for c in str(row.get("components") or "").split(",") if c]
    return ", ".join(pretty(c, locale=loc) for c in parts) if parts else _t("components_default", loc)


def _reason(reason: str, loc: str) -> str:
    if reason.startswith("missing:"):
        what = reason.split(":", 1)[1]
        if "." in what:
            table, column = what.split(".", 1)
            return _t("reason_missing_column", loc, table=table, column=column)
        return _t("reason_missing", loc, table=what)
    return _t(f"reason_{reason}", loc) if reason else ""


def _ratio_rows(table: pd.DataFrame, loc: str, *, slots: bool = False) -> tuple[list[dict[str, str]], str]:
    rows, reference = [], ""
    for _, r in table.iterrows():
        level = _t(f"slot_{r['level']}", loc) if slots else pretty(str(r["level"]), locale=loc)
        if not _finite(r["ci_low"], r["ci_high"]):
            reference = level
        rows.append({"level": level, "posts": fmt.integer(r["n_posts"], locale=loc),
                     "rate": fmt.percent(r["engagement_rate"], locale=loc, digits=2),
                     "ratio": fmt.interval(r["rate_ratio"], r["ci_low"], r["ci_high"], kind="num", locale=loc,
                                           digits=2)})
    return rows, reference


def client_view(*, name: str, periods: Any, headlines: pd.DataFrame, worked: dict[str, Any],
                watch: dict[str, Any], recs: list[dict[str, Any]], missing: list[dict[str, Any]],
                tables: list[str], locale: str, currency: str = "EUR", details: dict[str, str] | None = None,
                sections: tuple[str, ...] = ("summary", "worked", "watch", "recs", "limits", "details"),
                generated: Any = None, version: str = "") -> dict[str, Any]:
    """Every text of the client report, as plain strings (escaped by the template, not here).

    Returns a dict: ``title``, ``subtitle``, ``labels`` (headings and column names), ``summary``
    (one dict per goal: goal, indicator, previous, current, change, verdict, verdict_class,
    sentence, definition), ``worked``, ``watch``, ``recs``, ``limits``, ``details`` (links),
    ``short_note`` (a dataset with only some tables), ``sections``.
    """
    loc = fmt.resolve(locale)
    cur = fmt.period(periods.current[0], freq="QS", locale=loc) if _is_quarter(periods.current) else \
        _span_text(periods.current, loc)
    prev = fmt.period(periods.previous[0], freq="QS", locale=loc) if _is_quarter(periods.previous) else \
        _span_text(periods.previous, loc)
    view: dict[str, Any] = {
        "lang": loc.split("_")[0], "title": _t("title", loc, name=name), "subtitle": _t("subtitle", loc, current=cur,
                                                                                     previous=prev),
        "current": cur, "previous": prev, "sections": list(sections),
        "generated": _t("generated", loc, date=fmt.date(generated or pd.Timestamp.now(), locale=loc),
                        version=version),
        "labels": {k: _t(k, loc) for k in ("h_summary", "h_worked", "h_watch", "h_recs", "h_limits", "h_details",
                                          "col_goal", "col_indicator", "col_change", "col_verdict", "col_level",
                                          "col_posts", "col_rate", "col_ratio", "col_post", "col_text", "col_when",
                                          "recs_intro", "limits_intro", "details_intro", "best_intro", "def_change")}
        | {"col_previous": prev, "col_current": cur},
        "summary_intro": _t("summary_intro", loc, current=cur, previous=prev),
    }
    res = headline_results(headlines)
    shown = headline_texts(res, locale=loc, currency=currency)
    summary = []
    for _, r in headlines.iterrows():
        ind = r["indicator"]
        s = shown[ind]
        ok = r["verdict"] != "unknown"
        unit = str(r["ci_unit"] or "posts")
        n_text = fmt.count(r["n_current"], unit if unit in ("posts", "days", "weeks") else "posts", locale=loc)
        basis = _t(f"basis_{r['basis']}", loc) if r["basis"] in ("reach", "impressions") else _t("basis_reach", loc)
        item = {"goal": _t(f"goal_{r['goal']}", loc), "indicator": _t(f"ind_{ind}", loc), "key": ind,
                "previous": s["previous"] if ok else fmt.MISSING, "current": s["current"] if ok else fmt.MISSING,
                "change": s["change"] if ok else _t("no_value", loc, reason=_reason(str(r["reason"]), loc)),
                "verdict": s["verdict"],
                "verdict_class": "none" if r["verdict"] in ("none", "unknown") else
                ("good" if r["verdict"] == r["good"] else "bad"),
                "current_ci": _t("value_ci", loc, value=s["current"],
                                 low=_value(ind, r["current_low"], loc, currency),
                                 high=_value(ind, r["current_high"], loc, currency), n=n_text) if ok else "",
                "definition": _t(f"def_{ind}", loc, basis=basis, components=_components(r, loc))
                if ind == "engagement_rate" else _t(f"def_{ind}", loc)}
        item["sentence"] = _t("sentence", loc, indicator_cap=item["indicator"][:1].upper() + item["indicator"][1:],
                              current=item["current"], previous=item["previous"], change=item["change"],
                              verdict=item["verdict"]) if ok else \
            item["indicator"][:1].upper() + item["indicator"][1:] + " — " + item["change"]
        summary.append(item)
    view["summary"] = summary
    # what worked
    w: dict[str, Any] = {"formats": [], "platforms": [], "times": [], "best": [], "formats_intro": "",
                         "platforms_intro": "", "times_intro": "", "empty": ""}
    for key in ("formats", "platforms", "times"):
        t = worked.get(key)
        if isinstance(t, pd.DataFrame) and len(t):
            rows, ref = _ratio_rows(t, loc, slots=key == "times")
            w[key] = rows
            w[f"{key}_intro"] = _t(f"{key}_intro", loc, reference=ref)
    best = worked.get("best_posts")
    if isinstance(best, pd.DataFrame) and len(best):
        for _, b in best.iterrows():
            w["best"].append({"post": f"{pretty(str(b.get('platform', '')), locale=loc)} · "
                                      f"{pretty(str(b.get('post_type', '')), locale=loc)}",
                              "when": fmt.date(b.get("published_at"), locale=loc, format="medium"),
                              "text": str(b.get("text", "") if b.get("text") is not None else ""),
                              "rate": fmt.percent(b["engagement_rate"], locale=loc, digits=1)})
    if not (w["formats"] or w["platforms"] or w["best"]):
        w["empty"] = _t("nothing_worked", loc)
    view["worked"] = w
    # watch-outs
    lines = []
    bb = watch.get("bad_buzz")
    if isinstance(bb, pd.DataFrame) and len(bb):
        for _, b in bb.iterrows():
            lines.append(_t("buzz_line", loc, start=fmt.date(b["start"], locale=loc), end=fmt.date(b["end"], locale=loc),
                            observed=fmt.integer(b["observed"], locale=loc),
                            expected=fmt.integer(b["expected"], locale=loc),
                            before=fmt.interval(b["before"], b["before_low"], b["before_high"], kind="pct", locale=loc),
                            after=fmt.interval(b["after"], b["after_low"], b["after_high"], kind="pct", locale=loc),
                            change=fmt.interval(b["change"], b["change_low"], b["change_high"], kind="points",
                                                locale=loc, sign=True),
                            verdict=verdict_text(str(b["verdict"]), loc)))
    elif "mentions" in tables:
        lines.append(_t("no_buzz", loc))
    cw = watch.get("churn_weeks")
    if isinstance(cw, pd.DataFrame) and len(cw):
        for _, c in cw.iterrows():
            lines.append(_t("churn_week", loc, week=fmt.date(c["week"], locale=loc),
                            lost=fmt.integer(c["lost"], locale=loc), ratio=fmt.number(c["ratio"], locale=loc, digits=1)))
    elif "audience" in tables:
        lines.append(_t("no_churn_spike", loc))
    cb = watch.get("channels_below")
    if isinstance(cb, pd.DataFrame):
        for _, c in cb.iterrows():
            lines.append(_t("channel_below", loc, channel=pretty(str(c["channel"]), locale=loc),
                            spend=fmt.money(c["spend"], currency=currency, locale=loc),
                            roi=fmt.interval(c["roi"], c["roi_ci_low"], c["roi_ci_high"], kind="pct", locale=loc,
                                             digits=0, sign=True)))
        if not len(cb):
            lines.append(_t("no_channel_below", loc))
    elif "spend" in tables and "outcomes" in tables:
        lines.append(_t("roi_pointer", loc))
    view["watch"] = lines
    # recommendations
    items = []
    for r in recs:
        if r["rule"] in ("more_format", "fewer_format"):
            items.append(_t(f"rec_{r['rule']}", loc, subject=pretty(r["subject"], locale=loc),
                            reference=pretty(r.get("reference", ""), locale=loc),
                            value=fmt.number(r["value"], locale=loc, digits=2),
                            low=fmt.number(r["low"], locale=loc, digits=2), high=fmt.number(r["high"], locale=loc,
                                                                                            digits=2)))
        elif r["rule"].startswith("headline"):
            ind = r["subject"]
            kind = "pct" if r.get("relative", True) else "points"
            digits = 0 if kind == "pct" else 1
            items.append(_t(f"rec_{r['rule']}", loc, subject=_t(f"ind_{ind}", loc),
                            verdict=verdict_text(r["verdict"], loc),
                            value=fmt.value(abs(r["value"]), kind=kind, locale=loc, digits=digits),
                            low=fmt.value(r["low"], kind=kind, locale=loc, digits=digits, sign=True),
                            high=fmt.value(r["high"], kind=kind, locale=loc, digits=digits, sign=True)))
        elif r["rule"] == "cut_channel":
            items.append(_t("rec_cut_channel", loc, subject=pretty(r["subject"], locale=loc),
                            value=fmt.percent(r["value"], locale=loc, digits=0, sign=True),
                            low=fmt.percent(r["low"], locale=loc, digits=0, sign=True),
                            high=fmt.percent(r["high"], locale=loc, digits=0, sign=True)))
        elif r["rule"] == "bad_buzz":
            items.append(_t("rec_bad_buzz", loc, subject=fmt.date(r["subject"], locale=loc),
                            value=fmt.points(abs(r["value"]), locale=loc),
                            low=fmt.points(r["low"], locale=loc, sign=True),
                            high=fmt.points(r["high"], locale=loc, sign=True)))
    view["recs"] = items
    view["no_recs"] = _t("no_recs", loc) if not items else ""
    # what the data cannot say
    view["limits"] = [_t("limit_line", loc, table=_t("table_" + m["table"].replace(".", "_"), loc),
                         analyses=", ".join(_t(f"analysis_{a}", loc) for a in m["analyses"])) for m in missing]
    view["no_limits"] = _t("no_limits", loc) if not missing else ""
    view["short_note"] = _t("short_note", loc, tables=", ".join(tables)) if len(tables) <= 2 else ""
    view["details"] = [{"href": href, "text": _t(f"detail_{nb}", loc)} for nb, href in (details or {}).items()
                       if nb in DETAILS]
    view["notes_source"] = _t("notes_source", loc, current=cur, previous=prev)
    view["slide_summary"] = _t("slide_summary", loc)
    view["chart_labels"] = (_t("chart_previous", loc), _t("chart_current", loc))
    return view


def _is_quarter(span: tuple[pd.Timestamp, pd.Timestamp]) -> bool:
    s, e = span
    return s.day == 1 and s.month in (1, 4, 7, 10) and (e + pd.Timedelta(days=1)) == s + pd.DateOffset(months=3)


def _span_text(span: tuple[pd.Timestamp, pd.Timestamp], loc: str) -> str:
    return text("index.period", loc, start=fmt.date(span[0], locale=loc, format="medium"),
                end=fmt.date(span[1], locale=loc, format="medium"))
