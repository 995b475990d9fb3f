"""What a report says around its numbers, one module per analysis (beside its notebook).

- :mod:`.engagement` (notebook 01) — :func:`interpret_engagement`, :func:`interpret_compare`,
  :func:`interpret_posting_times`, :func:`interpret_native` (with :func:`native_view`, the
  platforms' own figures beside socialroi's), :func:`interpret_share_of_voice`,
  :func:`interpret_sentiment`;
- :mod:`.awareness` (02) — :func:`interpret_lift`, :func:`interpret_trend`, :func:`interpret_bad_buzz`;
- :mod:`.loyalty` (03) — :func:`interpret_churn`, :func:`interpret_retention`, :func:`interpret_bgnbd`,
  :func:`interpret_association`;
- :mod:`.market_share` (04) — :func:`interpret_esov`, :func:`interpret_esov_regression`;
- :mod:`.roi` (05) — :func:`interpret_mmm`, :func:`interpret_value`, :func:`mmm_view`, :func:`plot_mmm`;
- :mod:`.tables` — tables as a client reads them (:func:`format_table`, :func:`results_table`,
  :func:`kpi_text`, :func:`board_view`);
- :mod:`.common` — captions, what an interval rests on, names of values;
- :mod:`.planted` — on the bundled samples, what was planted.

Each ``interpret_*`` takes the result of a domain function and returns plain text in the locale:
the number with its interval and what it rests on, what it means and what it does not. Nothing
here computes a statistic (the domain modules do); words come from :mod:`socialroi.catalogue`,
numbers from :mod:`socialroi.formatting`, figures from :mod:`socialroi.plots`, and the notebook
helper (``Report``, ``load``, ``subset``, ``say``...) is :mod:`socialroi.notebook`.

Names that moved (``load``, ``subset``, ``Report``, ``say``, ``show_table``, ``versions``, the
``fmt_*`` formatters, ``plot_rates``/``plot_lines``/``plot_heatmap``, ``daily_series``,
``social_costs``, ``TEXT``, ``ANALYSES``...) still work from here for one release, with a
``DeprecationWarning`` that names their new place.
"""

from __future__ import annotations

import importlib
import warnings
from types import MappingProxyType
from typing import Any

from .awareness import interpret_bad_buzz, interpret_lift, interpret_trend
from .common import (
    basis_name,
    basis_per,
    caption,
    ci_basis,
    dim_label,
    fr_sources,
    import_notes_text,
    pretty,
    resolve_locale,
    table_ci_note,
)
from .engagement import (
    basis_results,
    basis_text,
    best_slot,
    best_slots,
    interpret_compare,
    interpret_engagement,
    interpret_native,
    interpret_posting_times,
    interpret_sentiment,
    interpret_share_of_voice,
    native_definitions,
    native_results,
    native_value,
    native_view,
    overall_basis,
    platform_bases,
    slot_text,
)
from .loyalty import interpret_association, interpret_bgnbd, interpret_churn, interpret_retention
from .market_share import interpret_esov, interpret_esov_regression
from .planted import planted, planted_note
from .roi import interpret_mmm, interpret_value, mmm_caption, mmm_view, plot_mmm
from .tables import board_definitions, board_view, format_table, kpi_text, results_table

__all__ = [
    "caption", "ci_basis", "table_ci_note", "board_view", "board_definitions", "fr_sources", "format_table",
    "results_table", "kpi_text", "pretty", "dim_label", "resolve_locale", "import_notes_text",
    "interpret_association", "interpret_bad_buzz", "interpret_bgnbd", "interpret_churn", "interpret_compare",
    "interpret_engagement", "interpret_esov", "interpret_esov_regression", "interpret_lift", "interpret_mmm",
    "interpret_posting_times", "interpret_retention", "interpret_sentiment", "interpret_share_of_voice",
    "interpret_trend", "interpret_value", "mmm_caption", "mmm_view", "plot_mmm", "planted", "planted_note",
    "best_slot", "best_slots", "slot_text", "basis_name", "basis_per", "basis_text", "overall_basis",
    "platform_bases", "interpret_native", "native_view", "native_definitions", "native_value",
    "basis_results", "native_results",
    # moved (DeprecationWarning when used from here)
    "ANALYSES", "TEXT", "Report", "load", "subset", "say", "show_table", "versions", "default_campaign",
    "default_target", "daily_series", "social_costs", "fmt_money", "fmt_num", "fmt_pct", "fmt_ci", "fmt_date",
    "fmt_p", "plot_heatmap", "plot_lines", "plot_rates",
]


def _fmt(name: str) -> Any:
    from .. import formatting as fmt

    def fmt_num(x: Any, *, locale: str, digits: int = 2) -> str:
        return fmt.number(x, locale=fmt.resolve(locale), digits=digits)

    def fmt_pct(x: Any, *, locale: str, digits: int = 1) -> str:
        return fmt.percent(x, locale=fmt.resolve(locale), digits=digits)

    def fmt_money(x: Any, *, currency: str, locale: str, digits: int = 0) -> str:
        return fmt.money(x, currency=currency, locale=fmt.resolve(locale), digits=digits)

    def fmt_ci(value: Any, low: Any, high: Any, *, locale: str, kind: str = "pct", digits: int = 1,
               currency: str = "EUR") -> str:
        return fmt.interval(value, low, high, kind=kind, locale=fmt.resolve(locale), digits=digits, currency=currency)

    def fmt_date(x: Any, *, locale: str, month_only: bool = False) -> str:
        return fmt.date(x, locale=fmt.resolve(locale), format="month" if month_only else "long")

    def fmt_p(p: Any, *, locale: str) -> str:
        return fmt.pvalue(p, locale=fmt.resolve(locale))

    return locals()[name]


def _text_view() -> Any:
    """The old ``TEXT`` mapping (locale → key → sentence) read from the catalogue files."""
    from ..catalogue import CATALOGUE

    return MappingProxyType({lang: MappingProxyType({k: v for k, v in CATALOGUE.messages(lang).items()
                                                      if isinstance(v, str) and "." not in k})
                             for lang in CATALOGUE.languages()})


#: old name → (new place shown in the warning, how to get it)
_MOVED: dict[str, tuple[str, Any]] = {
    **{n: (f"socialroi.notebook.{n}", ("socialroi.notebook", n)) for n in
       ("Report", "load", "subset", "say", "show_table", "versions", "default_campaign", "default_target", "ANALYSES")},
    "daily_series": ("socialroi.awareness.daily_series", ("socialroi.awareness", "daily_series")),
    "social_costs": ("socialroi.roi.social_costs", ("socialroi.roi", "social_costs")),
    **{n: (f"socialroi.plots.{n}", ("socialroi.plots", n)) for n in ("plot_heatmap", "plot_lines", "plot_rates")},
    "fmt_num": ("socialroi.formatting.number", _fmt), "fmt_pct": ("socialroi.formatting.percent", _fmt),
    "fmt_money": ("socialroi.formatting.money", _fmt), "fmt_ci": ("socialroi.formatting.interval", _fmt),
    "fmt_date": ("socialroi.formatting.date", _fmt), "fmt_p": ("socialroi.formatting.pvalue", _fmt),
    "TEXT": ("socialroi.catalogue.text (files socialroi/locales/*.toml)", _text_view),
}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        where, how = _MOVED[name]
        warnings.warn(f"socialroi.narrative.{name} moved to {where}; the old name works for one more release",
                      DeprecationWarning, stacklevel=2)
        if isinstance(how, tuple):
            return getattr(importlib.import_module(how[0]), how[1])
        return how(name) if how is _fmt else how()
    raise AttributeError(f"module 'socialroi.narrative' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
