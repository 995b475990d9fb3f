"""What notebook 04 (market share) says around its numbers: excess share of voice and its relation
to the growth of market share, with the Binet & Field caveat.

Every number comes from :mod:`socialroi.market_share` (``own_esov``, ``esov_regression``);
sentences: catalogue keys ``esov``, ``esov_reg``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import formatting as fmt
from ..catalogue import text
from .common import ci_basis

__all__ = ["interpret_esov", "interpret_esov_regression"]


def interpret_esov(own: Mapping[str, float], *, brand: str, period: str, locale: str, regression: Any = None) -> str:
    """Sentence for ESOV: ``own`` holds ``sov``, ``som``, ``esov`` (fractions) and, optionally, their
    intervals ``sov_ci_low``... (``sr.market_share.own_esov``); ``regression`` an
    ``sr.market_share.esov_regression`` result (see :func:`interpret_esov_regression`)."""
    loc = fmt.resolve(locale)
    pc = lambda k: fmt.percent(own.get(k), locale=loc)  # noqa: E731
    basis_n = ci_basis(own.get("sov_n"), own.get("ci_unit"), locale=loc) if not fmt.is_missing(own.get("sov_ci_low")) else ""
    out = text("esov", loc, period=period, brand=brand, sov=pc("sov"), sov_lo=pc("sov_ci_low"), sov_hi=pc("sov_ci_high"),
               som=pc("som"), esov=fmt.points(own.get("esov"), locale=loc),
               esov_lo=fmt.points(own.get("esov_ci_low"), locale=loc, unit=False),
               esov_hi=fmt.points(own.get("esov_ci_high"), locale=loc), rule=text("esov_rule", loc), basis_n=basis_n)
    if regression is not None:
        out += "\n" + interpret_esov_regression(regression, locale=loc)
    return out


def interpret_esov_regression(reg: Any, *, locale: str) -> str:
    """Sentence for ``sr.market_share.esov_regression``: the slope, its yearly equivalent against the
    rule of thumb, both with their intervals, and why it is an association."""
    loc = fmt.resolve(locale)
    g = lambda k: reg.get(k) if isinstance(reg, Mapping) else getattr(reg, k, None)  # noqa: E731
    s = lambda v: fmt.number(v, locale=loc, digits=3, sign=True)  # noqa: E731
    lo, hi = g("ci_low"), g("ci_high")
    flat = fmt.is_missing(lo) or fmt.is_missing(hi) or (lo <= 0 <= hi)
    n_obs = g("n_obs") or g("n")
    return text("esov_reg", loc, n=fmt.integer(n_obs, locale=loc) if n_obs else fmt.MISSING,
                brands=fmt.integer(g("n_brands"), locale=loc) if g("n_brands") else fmt.MISSING, slope=s(g("slope")),
                lo=s(lo), hi=s(hi), p=fmt.pvalue(g("p_value"), locale=loc), year=s(g("slope_per_year")),
                ylo=s(g("year_ci_low")), yhi=s(g("year_ci_high")), rule=s(g("rule_of_thumb_per_year")),
                verdict=text("esov_reg_flat" if flat else "esov_reg_clear", loc))
