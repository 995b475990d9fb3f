"""Build the notebooks in notebooks/ from this script (reproducible, stored without outputs).

    python tools/build_notebooks.py            # writes notebooks/*.ipynb
    python tools/build_notebooks.py --check    # exit 1 if a stored notebook differs from the build

Each analysis notebook follows the same anatomy (style.md rule 10): title → one ``parameters`` cell
(literals only, one comment each; first ``data_dir`` and ``output_dir``) → load and validate →
analysis cells that only call socialroi → an interpretation after each figure (from
``socialroi.narrative``, in the report's locale; the notebook helper is ``socialroi.notebook``, the
figures ``socialroi.plots``) → ``results.json`` through ``sr.report.write_results`` → versions. The
script does not import socialroi.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks"

KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}

COMMON_PARAMS = [
    ('data_dir', '"maison-lumiere"', "dataset folder (dataset.yml + tables), or the name of a bundled sample"),
    ('output_dir', '"output"', "folder where results.json is written"),
    ('start', 'None', 'first day analysed, "YYYY-MM-DD" (None: from the first data)'),
    ('end', 'None', 'last day analysed, inclusive, "YYYY-MM-DD" (None: to the last data)'),
    ('platforms', 'None', 'platforms kept, e.g. ["instagram", "facebook"] (None: all)'),
    ('locale', 'None', 'language of the report, "fr" or "en" (None: the dataset\'s locale)'),
    ('currency', 'None', 'ISO code shown with money, e.g. "EUR" (None: the dataset\'s currency)'),
]

IMPORTS = """import warnings

import matplotlib.pyplot as plt

import socialroi as sr
import socialroi.narrative as nr
import socialroi.notebook as snb
import socialroi.plots as srplots

warnings.filterwarnings("ignore", category=UserWarning)  # caveats are printed in the text instead"""


def _params(extra: list[tuple[str, str, str]]) -> nbformat.NotebookNode:
    rows = COMMON_PARAMS + extra
    src = "\n".join(f"{name} = {value}  # {comment}" for name, value, comment in rows)
    cell = new_code_cell(src)
    cell.metadata["tags"] = ["parameters"]
    return cell


def _load(notebook: str) -> str:
    return f"""full = snb.load(data_dir)  # sr.load_dataset validates every table (a DataError lists every problem)
ds = snb.subset(full, start=start, end=end, platforms=platforms, locale=locale, currency=currency)
report = snb.Report(ds, notebook="{notebook}")
report.title()
report.heading("h_data")
report.table(report.overview(), columns=["table", "rows", "first", "last"])"""


RESULTS = """report.heading("h_results")
results = report.finish()
sr.report.write_results(results, output_dir)
snb.show_table(nr.results_table(results, locale=report.locale))"""

VERSIONS = """report.heading("h_versions")
report.table(snb.versions())"""


def _nb(title: str, intro: str, params: list[tuple[str, str, str]], notebook: str,
        cells: list[str | tuple[str, str]]) -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = KERNEL
    nb.metadata["language_info"] = {"name": "python"}
    # The markdown title is language-neutral; the localised title, business question and every
    # sentence of the report come from the code cells (``report.title()``), in the chosen locale.
    nb.metadata["socialroi"] = {"description": intro}
    head = new_markdown_cell(f"# {title}")
    head.metadata["tags"] = ["remove-cell"]  # the report shows the localised title of report.title()
    body = [head, _params(params), new_code_cell(IMPORTS),
            new_code_cell(_load(notebook))]
    for c in cells:
        if isinstance(c, tuple):
            body.append(new_markdown_cell(c[1]))
        else:
            body.append(new_code_cell(c))
    body += [new_code_cell(RESULTS), new_code_cell(VERSIONS)]
    nb.cells = body
    return nb


# --------------------------------------------------------------------------------------------
# 01 engagement
# --------------------------------------------------------------------------------------------
def engagement() -> nbformat.NotebookNode:
    params = [
        ("basis", '"auto"', 'engagement-rate denominator: "auto" (each platform\'s own: reach, else impressions, else video views), "reach", "impressions", "followers" or "views"'),
        ("agg", '"sum"', '"sum": ratio of sums (default); "mean": mean of per-post ratios (Hootsuite ERR)'),
        ("compare_by", '"post_type"', "column whose levels are compared (post_type, platform, campaign...)"),
        ("adjust_for", '"platform"', "column the comparison is adjusted for, so formats are compared within platforms (None: raw)"),
        ("freq", '"MS"', 'period of the board and of the curves (pandas alias: "MS" months, "W" weeks)'),
    ]
    cells = [
        """report.heading("h_board")
if report.ready("kpi_table"):
    with report.guard("kpi_table"):
        board = sr.indicators.kpi_table(ds, by="platform", freq=freq)
        report.table(nr.board_view(board, periods=3))
        report.say(nr.board_definitions(board, locale=report.locale))""",
        """report.heading("h_er")
if report.ready("engagement_rate"):
    with report.guard("engagement_rate"):
        overall = sr.indicators.engagement_rate(ds.posts, basis=basis, agg=agg, audience=ds.audience)
        by_platform = sr.indicators.engagement_rate(ds.posts, basis=basis, agg=agg, by="platform", audience=ds.audience)
        over_time = sr.indicators.engagement_rate(ds.posts, basis=basis, agg=agg, by="platform", freq=freq,
                                                  audience=ds.audience)
        srplots.plot_indicator(over_time, hue="platform")
        plt.show()
        report.say(nr.caption("er", by="platform", basis=nr.overall_basis(by_platform, basis), locale=report.locale))
        report.say(nr.interpret_engagement(overall, by_table=by_platform, by="platform", basis=basis,
                                           locale=report.locale, period=report.period_text()))
        report.results.update(nr.basis_results(overall, by_platform, basis=basis))
        report.results["engagement_agg"] = agg
        # one rate when the platforms share an exposure; else one per basis, never added up
        if len(overall) == 1:
            report.record("engagement_rate", overall)
        else:
            report.record("engagement_rate_on", overall, value="engagement_rate", by="basis")
        report.record("engagement_rate", by_platform, by="platform")""",
        """report.heading("h_native")
if report.ready("native_rates"):
    with report.guard("native_rates"):
        native = sr.indicators.native_rates(ds.posts, locale=report.locale)
        report.say(nr.interpret_native(native, locale=report.locale))
        snb.show_table(nr.native_view(native, locale=report.locale))
        report.say(nr.native_definitions(native, locale=report.locale))
        report.results.update(nr.native_results(native))""",
        """report.heading("h_compare")
if report.ready("compare_rates", columns={"posts": [compare_by]}):
    with report.guard("compare_rates"):
        ratios = sr.indicators.compare_rates(ds.posts, by=compare_by, basis=basis, adjust_for=adjust_for,
                                             audience=ds.audience)
        srplots.plot_rate_ratios(ratios)
        plt.show()
        report.say(nr.caption("compare", locale=report.locale))
        report.say(nr.interpret_compare(ratios, basis=basis, locale=report.locale))
        report.say(nr.planted_note(ds, "engagement", locale=report.locale))
        # platforms without a common exposure: formats compared within each platform
        within = "platform" in ratios.columns
        report.table(ratios, columns=(["platform"] if within else []) + ["level", "n_posts", "rate_ratio", "p_value"],
                     main="rate_ratio", labels={"level": nr.dim_label(compare_by, locale=report.locale).capitalize()})
        report.results["compare_by"] = compare_by
        report.results["compare_adjusted_for"] = ", ".join(ratios.attrs.get("adjusted_for", [])) or "none"
        if within:
            report.results.update({f"compare_reference_{p}": r for p, r in ratios.attrs.get("references", {}).items()})
            report.record("rate_ratio", ratios, by=["platform", "level"])
        else:
            report.results["compare_reference"] = ratios.attrs.get("reference")
            report.record("rate_ratio", ratios, by="level")""",
        """report.heading("h_times")
if report.ready("best_posting_times"):
    with report.guard("best_posting_times"):
        grid = sr.indicators.best_posting_times(ds.posts, basis=basis, audience=ds.audience)
        srplots.plot_posting_times(grid)  # platforms without a common exposure: one panel each, on its own basis
        plt.show()
        report.say(nr.caption("times", locale=report.locale))
        report.say(nr.interpret_posting_times(grid, locale=report.locale))
        report.results.update(nr.best_slots(grid, locale=report.locale))""",
        """report.heading("h_sov")
if report.ready("share_of_voice"):
    with report.guard("share_of_voice"):
        sov = sr.indicators.share_of_voice(ds.mentions)
        srplots.plot_share_of_voice(sov)
        plt.show()
        report.say(nr.caption("sov_all", locale=report.locale))
        report.say(nr.interpret_share_of_voice(sov, brand=ds.meta["brand"], locale=report.locale))
        report.record("share_of_voice", sov[sov["brand"] == ds.meta["brand"]])
if report.ready("net_sentiment"):
    with report.guard("net_sentiment"):
        sentiment = sr.indicators.net_sentiment(ds.mentions, by="brand")
        report.say(nr.interpret_sentiment(sentiment, brand=ds.meta["brand"], locale=report.locale))
        report.record("net_sentiment", sentiment[sentiment["brand"] == ds.meta["brand"]])""",
    ]
    return _nb("01 · Engagement",
               "Engagement rates with one explicit definition and their 95% intervals; formats and "
               "posting times compared with a count model. *Taux d'engagement avec une définition "
               "explicite et leurs intervalles à 95 % ; formats et créneaux comparés par un modèle de "
               "comptage.*", params, "01_engagement", cells)


# --------------------------------------------------------------------------------------------
# 02 awareness
# --------------------------------------------------------------------------------------------
def awareness() -> nbformat.NotebookNode:
    params = [
        ("campaign", "None", "campaign name as in posts.campaign (None: the most recent tagged campaign)"),
        ("campaign_start", "None", 'first day of the campaign, "YYYY-MM-DD" (None: its first post)'),
        ("campaign_end", "None", 'last day of the campaign, inclusive (None: its last post)'),
        ("lift_metric", '"reach"', 'daily audience column whose lift is measured: "reach", "impressions", "new_followers"...'),
        ("lift_method", '"its"', '"its": interrupted time series; "sts": structural time series (CausalImpact-like)'),
    ]
    cells = [
        """name, c_start, c_end = snb.default_campaign(ds, campaign=campaign, start=campaign_start, end=campaign_end)
report.results["campaign"] = name
report.results["campaign_start"] = None if c_start is None else str(c_start.date())
report.results["campaign_end"] = None if c_end is None else str(c_end.date())
report.results["lift_metric"] = lift_metric
report.results["lift_method"] = lift_method""",
        """report.heading("h_lift")
if report.ready("campaign_lift"):
    with report.guard("campaign_lift"):
        series = sr.awareness.daily_series(ds, metric=lift_metric)
        if report.window_ok("campaign_lift", c_start, c_end, series):
            lift = sr.awareness.campaign_lift(series, start=c_start, end=c_end, method=lift_method,
                                              locale=report.locale)
            lift.plot()
            plt.show()
            report.say(nr.caption("lift", locale=report.locale))
            report.say(nr.interpret_lift(lift, campaign=name, metric=lift_metric, locale=report.locale))
            report.say(nr.planted_note(ds, "campaign", locale=report.locale))
            report.results["lift"] = lift.relative_effect
            report.results["lift_ci_low"] = lift.ci_low
            report.results["lift_ci_high"] = lift.ci_high
            report.results["lift_p_value"] = lift.p_value
            report.results["lift_absolute"] = lift.absolute_effect
            report.results["lift_absolute_ci_low"] = lift.abs_ci_low
            report.results["lift_absolute_ci_high"] = lift.abs_ci_high""",
        """report.heading("h_mentions_lift")
if report.ready("mentions_lift"):
    with report.guard("mentions_lift"):
        mentions_series = sr.awareness.daily_series(ds, metric="mentions")
        if report.window_ok("mentions_lift", c_start, c_end, mentions_series):
            mlift = sr.awareness.campaign_lift(mentions_series, start=c_start, end=c_end, method=lift_method,
                                               locale=report.locale)
            mlift.plot()
            plt.show()
            report.say(nr.caption("mentions_lift", locale=report.locale))
            report.say(nr.interpret_lift(mlift, campaign=name, metric="mentions", locale=report.locale))
            report.results["mentions_lift"] = mlift.relative_effect
            report.results["mentions_lift_ci_low"] = mlift.ci_low
            report.results["mentions_lift_ci_high"] = mlift.ci_high""",
        """report.heading("h_trend")
if report.ready("trend"):
    with report.guard("trend"):
        trend = sr.awareness.trend_table(ds, metric="mentions", freq="MS")
        srplots.plot_lines(trend, x="period", ys={"observed": report.text("lbl_observed"),
                                                  "adjusted": report.text("lbl_adjusted")},
                           percent=False, ylabel=nr.pretty("mentions", locale=report.locale), locale=report.locale)
        plt.show()
        report.say(nr.caption("trend", locale=report.locale))
        report.say(nr.interpret_trend(trend, metric="mentions", locale=report.locale))
        report.results["mentions_last_period_change_adjusted"] = trend["change_adjusted"].iloc[-1]
        report.results["mentions_last_period_change_adjusted_ci_low"] = trend["ci_low"].iloc[-1]
        report.results["mentions_last_period_change_adjusted_ci_high"] = trend["ci_high"].iloc[-1]""",
        """report.heading("h_exposure_trend")
exposure_metric = snb.default_exposure_metric(ds)  # reach, else impressions, else video views (a YouTube channel)
if report.ready("exposure_trend", columns={"audience": [exposure_metric or "reach"]}):
    with report.guard("exposure_trend"):
        exposure_audience = snb.reporting(ds.audience, exposure_metric)  # the platforms that report it
        exposure = sr.awareness.trend_table(exposure_audience, metric=exposure_metric, freq="MS")
        exposure_name = nr.pretty(exposure_metric, locale=report.locale)
        srplots.plot_lines(exposure, x="period", ys={"observed": report.text("lbl_observed"),
                                                     "adjusted": report.text("lbl_adjusted")},
                           percent=False, ylabel=exposure_name, locale=report.locale)
        plt.show()
        report.say(nr.caption("exposure_trend", metric=exposure_name.capitalize(), platforms=exposure_audience,
                              locale=report.locale))
        report.say(nr.interpret_trend(exposure, metric=exposure_metric, locale=report.locale))
        report.results["exposure_trend_metric"] = exposure_metric
        report.results["exposure_last_period_change_adjusted"] = exposure["change_adjusted"].iloc[-1]
        report.results["exposure_last_period_change_adjusted_ci_low"] = exposure["ci_low"].iloc[-1]
        report.results["exposure_last_period_change_adjusted_ci_high"] = exposure["ci_high"].iloc[-1]""",
        """report.heading("h_buzz")
if report.ready("bad_buzz"):
    with report.guard("bad_buzz"):
        alerts = sr.awareness.detect_bad_buzz(ds.mentions)
        report.table(alerts, columns=["start", "end", "periods", "observed", "expected"])
        before_after = None
        if len(alerts) and report.ready("positive_share"):
            before_after = sr.awareness.positive_share_before_after(ds.mentions, alerts.iloc[0])
            report.table(before_after, columns=["phase", "first_day", "last_day", "mentions", "n_days", "positive",
                                                "positive_share"], main="positive_share")
            report.record("positive_share_before", before_after.iloc[[0]], value="positive_share")
            report.record("positive_share_after", before_after.iloc[[-1]], value="positive_share")
        report.say(nr.interpret_bad_buzz(alerts, brand=ds.meta["brand"], before_after=before_after,
                                         locale=report.locale))
        report.say(nr.planted_note(ds, "bad_buzz", locale=report.locale))
        report.results["bad_buzz_alerts"] = len(alerts)
        report.results["bad_buzz_first_start"] = str(alerts["start"].iloc[0])[:10] if len(alerts) else None""",
        """report.heading("h_sov_only")
if report.ready("share_of_voice"):
    with report.guard("share_of_voice"):
        sov_month = sr.indicators.share_of_voice(ds.mentions, freq="MS")
        srplots.plot_share_of_voice(sov_month)
        plt.show()
        report.say(nr.caption("sov", locale=report.locale))
        sov = sr.indicators.share_of_voice(ds.mentions)
        report.say(nr.interpret_share_of_voice(sov, brand=ds.meta["brand"], locale=report.locale))
        report.record("share_of_voice", sov[sov["brand"] == ds.meta["brand"]])""",
    ]
    return _nb("02 · Awareness / Notoriété",
               "Campaign lift against a counterfactual learnt before the campaign, with its interval; "
               "bad-buzz alerts and what happened to positive mentions after them. *Effet de campagne "
               "face à un contrefactuel, alertes de bad buzz.*", params, "02_awareness", cells)


# --------------------------------------------------------------------------------------------
# 03 loyalty
# --------------------------------------------------------------------------------------------
def loyalty() -> nbformat.NotebookNode:
    params = [
        ("freq", '"MS"', 'period of churn, engagers and cohorts (pandas alias: "MS" months, "W" weeks)'),
        ("horizon_days", "90", "horizon of the customer forecast, in days"),
        ("min_interactions", "1", "interactions needed for a customer to count as engaged"),
    ]
    cells = [
        """report.heading("h_churn")
if report.ready("audience_loyalty"):
    with report.guard("audience_loyalty"):
        churn = sr.loyalty.audience_loyalty(ds.audience, freq=freq)
        if "churn_rate" in churn.columns:
            srplots.plot_lines(churn, x="period", ys={"churn_rate": ""}, group="platform", locale=report.locale,
                               ylabel=report.text("lbl_churn"), ci=("churn_ci_low", "churn_ci_high"),
                               title=report.text("lbl_churn"))
            plt.show()
            report.say(nr.caption("churn", locale=report.locale))
        pooled = sr.loyalty.churn_summary(ds.audience, freq=freq)
        report.say(nr.interpret_churn(churn, pooled=pooled, freq=freq, locale=report.locale))
        for key, name in (("churn_rate", "churn_rate"), ("ci_low", "churn_rate_ci_low"), ("ci_high", "churn_rate_ci_high"),
                          ("n_units", "churn_rate_ci_n"), ("ci_unit", "churn_rate_ci_unit")):
            report.results[name] = pooled[key]""",
        """report.heading("h_engagers")
if report.ready("engagers"):
    with report.guard("engagers"):
        engagers = sr.loyalty.engager_summary(ds.interactions, freq=freq)
        report.table(engagers.tail(6), columns=["period", "unique_engagers", "new_engagers", "returning_engagers",
                                                "repeat_share", "core_share"])
        report.results["core_share_mean"], report.results["core_share_mean_ci_low"], \
            report.results["core_share_mean_ci_high"] = sr.intervals.mean_of_estimates(
                engagers["core_share"], engagers["core_ci_low"], engagers["core_ci_high"])
        report.results["repeat_share_mean"], report.results["repeat_share_mean_ci_low"], \
            report.results["repeat_share_mean_ci_high"] = sr.intervals.mean_of_estimates(
                engagers["repeat_share"], engagers["repeat_ci_low"], engagers["repeat_ci_high"])""",
        """report.heading("h_retention")
if report.ready("cohort_retention"):
    with report.guard("cohort_retention"):
        cohorts = sr.loyalty.cohort_retention(ds.interactions, freq=freq)
        sr.loyalty.plot_retention(cohorts, locale=report.locale, annot=False)
        plt.show()
        report.say(nr.caption("retention", locale=report.locale))
        report.say(nr.interpret_retention(cohorts, freq=freq, locale=report.locale))
        report.say(nr.planted_note(ds, "loyalty", locale=report.locale))
        r1, r1_low, r1_high, _ = sr.loyalty.pooled_retention(cohorts, period=1)
        report.results["retention_period_1"] = r1
        report.results["retention_period_1_ci_low"] = r1_low
        report.results["retention_period_1_ci_high"] = r1_high""",
        """report.heading("h_rfm")
if report.ready("rfm"):
    with report.guard("rfm"):
        segments = sr.loyalty.rfm(ds.orders, id_col="customer_id", time_col="ordered_at", value_col="amount",
                                  locale=report.locale)
        report.table(sr.loyalty.segment_shares(segments), columns=["segment_label", "customers", "share"])
        report.results["customers"] = len(segments)
        report.results["champions_share"] = (segments["segment"] == "champions").mean()""",
        """report.heading("h_bgnbd")
if report.ready("bgnbd"):
    with report.guard("bgnbd"):
        customers = sr.loyalty.summarise_events(ds.orders, id_col="customer_id", time_col="ordered_at",
                                                value_col="amount", freq="D")
        bgnbd = sr.loyalty.fit_bgnbd(customers)
        report.say(nr.interpret_bgnbd(bgnbd, customers, horizon=horizon_days, locale=report.locale))
        for key in ("r", "alpha", "a", "b"):
            report.results[f"bgnbd_{key}"] = bgnbd.params[key]
        forecast = bgnbd.forecast_summary(customers, horizon=horizon_days)
        for key in ("expected", "expected_ci_low", "expected_ci_high"):
            report.results[key.replace("expected", "expected_repeat_purchases")] = forecast[key]""",
        """report.heading("h_engaged")
if report.ready("engaged_customers"):
    with report.guard("engaged_customers"):
        assoc = sr.loyalty.engaged_vs_non_engaged(ds.orders, ds.interactions, min_interactions=min_interactions,
                                                  locale=report.locale)
        report.table(assoc.groups, columns=["engaged", "customers", "repeat_customers", "repeat_rate", "mean_spend",
                                            "mean_orders"])
        report.table(assoc.effects, columns=["outcome", "measure", "estimate", "p_value"], main="estimate")
        report.say(nr.interpret_association(assoc, locale=report.locale))
        report.record("repeat_odds_ratio", assoc.effects[assoc.effects["outcome"] == "repeat_purchase"],
                      value="estimate")""",
    ]
    return _nb("03 · Loyalty / Fidélisation",
               "Follower churn, repeat engagers, cohort retention, customer segments and a customer-base "
               "model; engaged vs non-engaged customers as an association. *Attrition, rétention, "
               "segments et modèle de base clients.*", params, "03_loyalty", cells)


# --------------------------------------------------------------------------------------------
# 04 market share
# --------------------------------------------------------------------------------------------
def market_share() -> nbformat.NotebookNode:
    params = [
        ("basis", '"mentions"', 'what share of voice shares: "mentions", "reach" or "engagement"'),
        ("lag", "1", "periods between ESOV and the change in market share it is related to"),
    ]
    cells = [
        """report.heading("h_sov")
if report.ready("share_of_voice"):
    with report.guard("share_of_voice"):
        sov = sr.indicators.share_of_voice(ds.mentions, basis=basis)
        srplots.plot_share_of_voice(sr.indicators.share_of_voice(ds.mentions, basis=basis, freq="QS"))
        plt.show()
        report.say(nr.caption("sov_quarter", locale=report.locale))
        report.say(nr.interpret_share_of_voice(sov, brand=ds.meta["brand"], basis=basis, locale=report.locale))
        report.results["sov_basis"] = basis
        report.record("share_of_voice", sov[sov["brand"] == ds.meta["brand"]])
if report.ready("net_sentiment"):
    with report.guard("net_sentiment"):
        sentiment = sr.indicators.net_sentiment(ds.mentions, by="brand")
        report.say(nr.interpret_sentiment(sentiment, brand=ds.meta["brand"], locale=report.locale))
        report.record("net_sentiment", sentiment[sentiment["brand"] == ds.meta["brand"]])""",
        """report.heading("h_esov")
if report.ready("esov"):
    with report.guard("esov"):
        esov_table = sr.market_share.esov(ds.mentions, ds.market, basis=basis, locale=report.locale)
        sr.market_share.plot_sov_som(esov_table, locale=report.locale)
        plt.show()
        report.say(nr.caption("esov", locale=report.locale))
        own = sr.market_share.own_esov(esov_table, brand=ds.meta["brand"])
        report.say(nr.interpret_esov(own, brand=ds.meta["brand"], period=report.period_text(), locale=report.locale))
        report.say(nr.planted_note(ds, "market_share", locale=report.locale))
        report.results["sov"] = own["sov"]
        report.results["som"] = own["som"]
        report.results["sov_ci_low"], report.results["sov_ci_high"] = own["sov_ci_low"], own["sov_ci_high"]
        report.results["sov_ci_n"], report.results["sov_ci_unit"] = own.get("sov_n"), own.get("ci_unit")
        report.results["esov"] = own["esov"]
        report.results["esov_ci_low"], report.results["esov_ci_high"] = own["esov_ci_low"], own["esov_ci_high"]""",
        """report.heading("h_esov_reg")
if report.ready("esov_regression", after="esov"):
    with report.guard("esov_regression"):
        reg = sr.market_share.esov_regression(esov_table, lag=lag, locale=report.locale)
        report.say(nr.interpret_esov_regression(reg, locale=report.locale))
        report.results["esov_slope"] = reg.slope
        report.results["esov_slope_ci_low"] = reg.ci_low
        report.results["esov_slope_ci_high"] = reg.ci_high""",
        """report.heading("h_benchmark")
if report.ready("competitor_benchmark"):
    with report.guard("competitor_benchmark"):
        bench = sr.market_share.competitor_benchmark(ds.posts, audience=ds.audience)
        report.table(bench, columns=list(bench.columns))""",
    ]
    return _nb("04 · Market share / Part de marché",
               "Share of voice against share of market (ESOV) and how it relates to market-share "
               "growth, with the Binet & Field caveat. *Part de voix face à la part de marché.*",
               params, "04_market_share", cells)


# --------------------------------------------------------------------------------------------
# 05 ROI
# --------------------------------------------------------------------------------------------
def roi() -> nbformat.NotebookNode:
    params = [
        ("target", "None", 'outcome explained by the media-mix model, e.g. "revenue" or "leads" (None: revenue if present)'),
        ("n_boot", "200", "bootstrap replicates of the media-mix model's intervals"),
        ("value_per_reaction", "0.05", "value of one reaction, in the currency (an assumption you choose)"),
        ("value_per_comment", "0.5", "value of one comment (an assumption)"),
        ("value_per_share", "1.0", "value of one share (an assumption)"),
        ("value_per_click", "0.3", "value of one link click (an assumption)"),
        ("staff_cost", "0.0", "staff cost of the period not in spend.csv (community management is taken from it)"),
        ("tools_cost", "0.0", "cost of tools (scheduling, listening) over the period"),
    ]
    cells = [
        """report.heading("h_mmm")
target_used = snb.default_target(ds, target)
report.results["target"] = target_used
if report.ready("mmm"):
    with report.guard("mmm"):
        mmm = sr.roi.fit_mmm(ds.outcomes, ds.spend, target=target_used, n_boot=n_boot, locale=report.locale)
        nr.plot_mmm(mmm, target=target_used, currency=report.currency, locale=report.locale)
        plt.show()
        report.say(nr.mmm_caption(target_used, currency=report.currency, locale=report.locale))
        report.say(nr.interpret_mmm(mmm.roi, target=target_used, currency=report.currency, locale=report.locale))
        report.say(nr.planted_note(ds, "media_mix", locale=report.locale))
        snb.show_table(nr.mmm_view(mmm.roi, target=target_used, currency=report.currency, locale=report.locale))
        report.record("roas", mmm.roi, by="channel", ci=("roas_ci_low", "roas_ci_high"))
        report.results["mmm_r2"] = mmm.r2""",
        """report.heading("h_value")
values = {"reactions": value_per_reaction, "comments": value_per_comment, "shares": value_per_share,
          "clicks": value_per_click}
if report.ready("economic_value"):
    with report.guard("economic_value"):
        worth = sr.indicators.economic_value(ds.posts, values=values)
        report.table(worth, columns=["n_posts", "reactions", "comments", "shares", "clicks", "economic_value"])
        costs = sr.roi.social_costs(ds, staff_cost=staff_cost, tools_cost=tools_cost)
        social = sr.roi.campaign_roi(worth["economic_value"].iloc[0], media_cost=costs["media"],
                                     staff_cost=costs["staff"], tools_cost=costs["tools"], name="social")
        report.table(social, columns=["value", "media_cost", "staff_cost", "tools_cost", "total_cost", "roi",
                                      "media_only_roi"])
        report.say(nr.interpret_value(social["value"].iloc[0], social["total_cost"].iloc[0], social["roi"].iloc[0],
                                      values=values, currency=report.currency, locale=report.locale))
        report.results["engagement_value"] = social["value"].iloc[0]
        report.results["social_cost"] = social["total_cost"].iloc[0]
        report.results["social_roi"] = social["roi"].iloc[0]
        report.results["media_only_roi"] = social["media_only_roi"].iloc[0]""",
    ]
    return _nb("05 · ROI",
               "Return per channel from a media-mix model with bootstrap intervals, and the value of "
               "engagement against the full cost of social activity. *Rendement par canal et valeur de "
               "l'engagement face à son coût complet.*", params, "05_roi", cells)


# --------------------------------------------------------------------------------------------
# 00 tutorial
# --------------------------------------------------------------------------------------------
LESSONS = ROOT / "tools" / "lessons"

#: The comment after ``answer_N = None`` in each language (the statement is in the lesson above it).
ANSWER_HINTS = {
    "fr": {"how_not_whether": '"a", "b" ou "c"', "denominator": "une fraction, par ex. 0.05", "reach": "un nombre",
           "lift": "True ou False", "roi": "un nombre", "bad_buzz": "une fraction", "wilson": "une fraction"},
    "en": {"how_not_whether": '"a", "b" or "c"', "denominator": "a fraction, e.g. 0.05", "reach": "a number",
           "lift": "True or False", "roi": "a number", "bad_buzz": "a fraction", "wilson": "a fraction"},
}


def lessons(lang: str) -> dict[str, str]:
    """The lessons of ``tools/lessons/<lang>.md``: key → Markdown, in the file's order.

    Sections start with a line ``<!-- lesson: key -->``; text before the first one (the file's own
    comment) is not a lesson.
    """
    import re

    text = (LESSONS / f"{lang}.md").read_text(encoding="utf-8")
    parts = re.split(r"^<!-- lesson: ([a-z_]+) -->\n", text, flags=re.MULTILINE)
    return {key: body.strip() for key, body in zip(parts[1::2], parts[2::2], strict=True)}


def _exercise(n: int, key: str, lang: str) -> nbformat.NotebookNode:
    return new_code_cell(f"answer_{n} = None  # {ANSWER_HINTS[lang][key]}\nif solutions:\n"
                         f"    answer_{n} = tu.solution(\"{key}\", ds)\nlesson.check(\"{key}\", answer_{n})")


def tutorial(lang: str = "fr") -> nbformat.NotebookNode:
    """The student tutorial in ``lang``: every lesson a Markdown cell (from tools/lessons), every
    exercise a code cell whose check gives a hint on a wrong answer; the code is the same in both
    languages but for the default ``locale`` of the feedback and the comments."""
    name = "00_tutorial" if lang == "fr" else f"00_tutorial_{lang}"
    text = lessons(lang)
    md = lambda key: new_markdown_cell(text[key])  # noqa: E731
    nb = new_notebook()
    nb.metadata["kernelspec"] = KERNEL
    nb.metadata["language_info"] = {"name": "python"}
    params = new_code_cell("\n".join([
        'data_dir = "maison-lumiere"  # dataset folder, or the name of a bundled sample',
        'output_dir = "output"  # folder where results.json (your score) is written',
        f'locale = "{lang}"  # language of the feedback and of the numbers, "fr" or "en"',
        "solutions = False  # True fills in every answer (teacher's copy)",
    ]))
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        md("intro"),
        params,
        new_code_cell("import matplotlib.pyplot as plt\nfrom IPython.display import display\n\nimport socialroi as sr\n"
                      "import socialroi.narrative as nr\nimport socialroi.notebook as snb\nimport socialroi.tutorial as tu"),
        new_code_cell(f"ds = snb.subset(snb.load(data_dir), locale=locale)\nlesson = tu.Lessons(ds, notebook=\"{name}\")"),
        md("how_not_whether"),
        _exercise(1, "how_not_whether", lang),
        md("denominator"),
        new_code_cell("snb.show_table(lesson.indicator_table())\nsnb.show_table(lesson.rates())"),
        _exercise(2, "denominator", lang),
        md("reach"),
        _exercise(3, "reach", lang),
        md("lift"),
        new_code_cell("lift = lesson.lift\nif lift is not None:\n    display(lift)  # estimates, intervals, what they cover\n"
                      "    lift.plot()\n    plt.show()\n    snb.say(lesson.lift_text())"),
        _exercise(4, "lift", lang),
        md("roi"),
        _exercise(5, "roi", lang),
        md("bad_buzz"),
        new_code_cell("if ds.mentions is not None:\n    display(sr.awareness.detect_bad_buzz(ds.mentions))"),
        _exercise(6, "bad_buzz", lang),
        md("wilson"),
        new_code_cell("snb.show_table(lesson.wilson_table())\nsim = lesson.simulation  # one row per simulated sample\n"
                      "sim.head()"),
        _exercise(7, "wilson", lang),
        md("summary"),
        new_code_cell("results = lesson.score()\nresults_file = sr.report.write_results(results, output_dir)"),
        new_code_cell("snb.show_table(nr.format_table(snb.versions(), locale=lesson.locale))"),
    ]
    return nb


# --------------------------------------------------------------------------------------------
# 00 client report (issue 15): the synthesis a client reads — report.html, report.pdf, report.pptx
# --------------------------------------------------------------------------------------------
def client_report() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = KERNEL
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["socialroi"] = {"description": "Does the social presence pay off? One report per client, "
                                               "this period against the last, as HTML, PDF and slides."}
    head = new_markdown_cell("# Client report")
    head.metadata["tags"] = ["remove-cell"]
    params = _params([
        ("period", "None", 'period reported, "2025Q4", "2025-11" or ["2025-10-01", "2025-12-31"] (None: the last full quarter)'),
        ("comparison", '"previous"', '"previous" (the period just before), "year" (year on year) or [start, end]'),
        ("sections", '["summary", "worked", "watch", "recs", "limits", "details"]', "sections included, in this order"),
        ("formats", '["html", "pdf", "pptx"]', "files written: report.html, report.pdf (headless Chromium), report.pptx"),
        ("details", "None", 'detailed reports to link, e.g. ["01_engagement"] (the batch gives the client\'s notebooks; None: none)'),
    ])
    load = """full = snb.load(data_dir)  # sr.load_dataset validates every table (a DataError lists every problem)
ds = snb.subset(full, start=start, end=end, platforms=platforms, locale=locale, currency=currency)"""
    run = """client = sr.report.client_report(ds, output_dir=output_dir, period=period, comparison=comparison,
                                  locale=locale, currency=currency, sections=sections, formats=formats,
                                  details=details)
snb.say(client.view["title"])
snb.say(client.view["subtitle"])
for line in client.view["summary"]:
    snb.say(line["sentence"])"""
    nb.cells = [head, params, new_code_cell(IMPORTS), new_code_cell(load), new_code_cell(run),
                new_markdown_cell("## Versions"), new_code_cell("snb.show_table(snb.versions())")]
    return nb


NOTEBOOKS = {
    "00_client_report": client_report,
    "00_tutorial": lambda: tutorial("fr"),
    "00_tutorial_en": lambda: tutorial("en"),
    "01_engagement": engagement,
    "02_awareness": awareness,
    "03_loyalty": loyalty,
    "04_market_share": market_share,
    "05_roi": roi,
}


def build() -> dict[str, str]:
    """Notebook name → JSON text (deterministic: fixed cell ids)."""
    out = {}
    for name, make in NOTEBOOKS.items():
        nb = make()
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{name.split('_')[0]}-{i:02d}"
            if cell["cell_type"] == "code":
                cell["execution_count"] = None
                cell["outputs"] = []
        nbformat.validate(nb)
        out[name] = nbformat.writes(nb) + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a stored notebook differs from the build")
    args = parser.parse_args(argv)
    built = build()
    stale = []
    for name, text in built.items():
        path = OUT / f"{name}.ipynb"
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            OUT.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print("stale notebooks (run python tools/build_notebooks.py):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
