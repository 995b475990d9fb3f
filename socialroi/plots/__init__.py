"""Every figure of socialroi (matplotlib/seaborn), one module per domain.

- :mod:`.indicators` — indicator tables: rates over time with their band (:func:`plot_indicator`),
  rate ratios (:func:`plot_rate_ratios`), posting times (:func:`plot_posting_times`), share of voice
  (:func:`plot_share_of_voice`), bars and lines with intervals (:func:`plot_rates`,
  :func:`plot_lines`, :func:`plot_heatmap`);
- :mod:`.awareness` — the campaign lift (:func:`plot_lift`), bad-buzz alerts (:func:`plot_bad_buzz`);
- :mod:`.client` — the client report's headline, this period against the last (:func:`plot_period_change`);
- :mod:`.loyalty` — cohort retention (:func:`plot_retention`), the BG/NBD forecast
  (:func:`plot_expected_purchases`), Gamma-Gamma spend (:func:`plot_spend_distribution`), engaged vs
  non-engaged customers (:func:`plot_engaged_customers`);
- :mod:`.market_share` — share of voice against share of market (:func:`plot_sov_som`), the ESOV
  regression (:func:`plot_esov_regression`);
- :mod:`.roi` — the media-mix model (:func:`plot_mmm`, :func:`plot_roas`, :func:`plot_unit_returns`,
  :func:`plot_decomposition`, :func:`plot_response`), a budget reallocation (:func:`plot_reallocation`);
- :mod:`._base` — what they share: localised axes (:func:`number_axis`, :func:`percent_axis`,
  :func:`date_axis`), display names, the caption under the axes.

Every function takes its data first and everything else keyword-only, draws on ``ax`` (a new figure
when None) and returns the Axes. Numbers, dates and words follow ``locale`` (default: the locale
the data carry) through :mod:`socialroi.formatting` and :mod:`socialroi.catalogue`, and a caption
under the axes says what the number is. The analysis objects' ``.plot`` methods (``LiftResult``,
``MMMResult``) and ``sr.loyalty.plot_retention`` / ``sr.market_share.plot_sov_som`` call these.
"""

from __future__ import annotations

from ._base import caption, date_axis, date_label, display_name, number_axis, percent_axis
from .awareness import plot_bad_buzz, plot_lift
from .client import plot_period_change
from .indicators import (
    plot_heatmap,
    plot_indicator,
    plot_lines,
    plot_posting_times,
    plot_rate_ratios,
    plot_rates,
    plot_share_of_voice,
)
from .loyalty import (
    plot_engaged_customers,
    plot_expected_purchases,
    plot_retention,
    plot_spend_distribution,
)
from .market_share import plot_esov_regression, plot_sov_som
from .roi import (
    plot_decomposition,
    plot_mmm,
    plot_reallocation,
    plot_response,
    plot_roas,
    plot_unit_returns,
)

__all__ = [
    "plot_period_change",
    "plot_indicator",
    "plot_rate_ratios",
    "plot_posting_times",
    "plot_share_of_voice",
    "plot_rates",
    "plot_lines",
    "plot_heatmap",
    "plot_lift",
    "plot_bad_buzz",
    "plot_retention",
    "plot_expected_purchases",
    "plot_spend_distribution",
    "plot_engaged_customers",
    "plot_sov_som",
    "plot_esov_regression",
    "plot_mmm",
    "plot_roas",
    "plot_unit_returns",
    "plot_decomposition",
    "plot_response",
    "plot_reallocation",
    "caption",
    "date_axis",
    "date_label",
    "display_name",
    "number_axis",
    "percent_axis",
]
