"""What notebook 03 (loyalty) says around its numbers: audience churn, cohort retention, the
customer-base model (BG/NBD) and engaged against non-engaged customers.

Every number comes from :mod:`socialroi.loyalty` (``churn_summary``, ``retention_summary``,
``BGNBDResult.forecast_summary``); sentences: catalogue keys ``churn``, ``retention``, ``bgnbd``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import formatting as fmt
from ..catalogue import text
from .common import ci_basis, freq_word

__all__ = ["interpret_churn", "interpret_retention", "interpret_bgnbd", "interpret_association"]


def interpret_churn(table: pd.DataFrame, *, pooled: Mapping[str, Any], locale: str, freq: str = "MS") -> str:
    """Sentence for ``sr.loyalty.audience_loyalty`` with its pooled churn (``sr.loyalty.churn_summary``:
    the rate, its interval, and the range over the platform-periods)."""
    loc = fmt.resolve(locale)
    if "churn_rate" not in table.columns or table["churn_rate"].notna().sum() == 0:
        return ""
    p2 = lambda v: fmt.percent(v, locale=loc, digits=2)  # noqa: E731
    return text("churn", loc, rate=p2(pooled.get("churn_rate")), clo=p2(pooled.get("ci_low")),
                chi=p2(pooled.get("ci_high")), freq=freq_word(freq, locale=loc),
                n=fmt.integer(pooled.get("periods"), locale=loc), lo=p2(pooled.get("min")), hi=p2(pooled.get("max")),
                basis_n=ci_basis(pooled.get("n_units"), pooled.get("ci_unit"), locale=loc))


def interpret_retention(table: pd.DataFrame, *, locale: str, freq: str = "MS") -> str:
    """Sentence for ``sr.loyalty.cohort_retention``: retention after 1 and 3 periods pooled over the
    cohorts (``sr.loyalty.retention_summary``)."""
    from ..loyalty import retention_summary

    loc = fmt.resolve(locale)
    r = retention_summary(table, periods=(1, 3)).set_index("period")
    pc = lambda k, c: fmt.percent(r.loc[k, c], locale=loc)  # noqa: E731
    basis = lambda k: ci_basis(r.loc[k, "n_units"] if not fmt.is_missing(r.loc[k, "ci_low"]) else 0,  # noqa: E731
                               r.loc[k, "ci_unit"], locale=loc)
    return text("retention", loc, freq=freq_word(freq, locale=loc), r1=pc(1, "retention"), lo=pc(1, "ci_low"),
                hi=pc(1, "ci_high"), r3=pc(3, "retention"), lo3=pc(3, "ci_low"), hi3=pc(3, "ci_high"),
                basis_n=basis(1), basis_n3=basis(3))


def interpret_bgnbd(fit: Any, summary: pd.DataFrame, *, horizon: float, locale: str) -> str:
    """Sentence for a BG/NBD fit: expected repeat purchases of a new customer and share alive, with the
    intervals of ``fit.forecast_summary`` (the uncertainty of the parameters only)."""
    loc = fmt.resolve(locale)
    f = fit.forecast_summary(summary, horizon=horizon)
    n = lambda v: fmt.number(v, locale=loc)  # noqa: E731
    pc = lambda v: fmt.percent(v, locale=loc)  # noqa: E731
    return text("bgnbd", loc, n=fmt.integer(f["customers"], locale=loc), e=n(f["expected"]),
                h=fmt.integer(f["horizon"], locale=loc), alive=pc(f["alive"]), elo=n(f["expected_ci_low"]),
                ehi=n(f["expected_ci_high"]), alo=pc(f["alive_ci_low"]), ahi=pc(f["alive_ci_high"]))


def interpret_association(assoc: Any, *, locale: str) -> str:
    """The association's own sentence (``sr.loyalty.engaged_vs_non_engaged(...).text``), or the
    reminder that it is not causal when it has none."""
    loc = fmt.resolve(locale)
    own = str(getattr(assoc, "text", "") or "")
    return own if own else text("association_note", loc)
