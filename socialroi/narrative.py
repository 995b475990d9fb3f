"""Narrative helpers for the analysis notebooks: what a report says around the numbers.

Everything a notebook needs that is not an analysis lives here, so that notebooks stay a sequence
of calls (no ``def`` or ``class`` in a notebook) and their words follow ``locale`` ("fr" or "en"):

- :func:`load` — a dataset folder, or the name of a bundled sample;
- :func:`subset` — the same dataset restricted to a period and to platforms, with the locale and
  currency chosen for the report written into every table's metadata (so the library's labels
  follow them);
- :class:`Report` — the notebook's running state: which analyses can run (:meth:`Report.ready`
  prints *which* analysis is skipped and *why*: a table absent, no data in the period, an analysis
  not available in this version), a guard that turns a data problem into a skip message
  (:meth:`Report.guard`), and the ``results`` dictionary handed to ``sr.report.write_results``;
- ``interpret_*`` — plain-words sentences after each figure: what the number means and what it does
  not; :func:`caption`; :func:`planted_note` (on the bundled samples only: what was planted, so a
  reader sees the analysis recover it);
- small figures (:func:`plot_rates`, :func:`plot_heatmap`, :func:`plot_lines`) with localised labels;
- :func:`daily_series` — a daily KPI series (audience column or own-brand mentions) to feed
  ``sr.awareness.campaign_lift``;
- :func:`versions` — the versions table printed at the end of every notebook.

Text built here is plain text (printed, never rendered as HTML), so brand names and post texts
coming from data cannot inject markup in the HTML reports.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import math
import platform as _platform
import sys
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._common import locale_of
from .errors import DataError, ParameterError

__all__ = [
    "ANALYSES",
    "TEXT",
    "Report",
    "caption",
    "ci_basis",
    "table_ci_note",
    "daily_series",
    "default_campaign",
    "default_target",
    "board_view",
    "board_definitions",
    "fr_sources",
    "interpret_esov_regression",
    "slot_text",
    "social_costs",
    "fmt_money",
    "fmt_num",
    "fmt_pct",
    "fmt_ci",
    "fmt_date",
    "fmt_p",
    "format_table",
    "show_table",
    "results_table",
    "kpi_text",
    "pretty",
    "dim_label",
    "interpret_association",
    "interpret_bad_buzz",
    "interpret_bgnbd",
    "interpret_churn",
    "interpret_compare",
    "interpret_engagement",
    "interpret_esov",
    "interpret_lift",
    "interpret_mmm",
    "plot_mmm",
    "mmm_caption",
    "mmm_view",
    "interpret_posting_times",
    "interpret_retention",
    "interpret_sentiment",
    "interpret_share_of_voice",
    "interpret_trend",
    "interpret_value",
    "load",
    "planted",
    "planted_note",
    "plot_heatmap",
    "plot_lines",
    "plot_rates",
    "best_slot",
    "resolve_locale",
    "say",
    "subset",
    "versions",
]


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------
#: Sentences and labels, per locale. Placeholders are filled with ``str.format``.
TEXT: dict[str, dict[str, str]] = {
    "en": {
        "skipped": "Skipped — {analysis}: {reason}",
        "reason_table": "the table '{table}' is absent from the dataset (add {table}.csv to analyse it).",
        "reason_columns": "the table '{table}' has no column {columns}.",
        "reason_empty": "the table '{table}' has no data in the period analysed ({period}).",
        "reason_missing_fn": "this analysis is not available in this version of socialroi "
                             "({module}.{function} is missing).",
        "reason_error": "it could not be computed on these data: {error}",
        "reason_param": "a parameter is not usable: {error}",
        "no_data": "The period analysed ({period}) has no posts: there is nothing to report for it. "
                   "Choose another period (parameters start and end) or check the dataset.",
        "overview": "{name}: {n_posts} posts from {first} to {last}{platforms}. Tables present: {present}."
                    "{absent}",
        "overview_absent": " Absent: {absent} (the analyses that need them are skipped).",
        "overview_platforms": " on {platforms}",
        "overview_no_posts": "{name}: no posts — the dataset holds no post-level data, only {present}, from "
                             "{first} to {last}{platforms}.{absent} What needs posts (engagement rates, formats, "
                             "posting times, the value of engagement) cannot be computed and is skipped, each "
                             "time with the reason.",
        "no_data_any": "The period analysed ({period}) has no data in any table: there is nothing to report for "
                       "it. Choose another period (parameters start and end) or check the dataset.",
        "reason_no_posts": "the dataset has no posts, and this analysis needs one row per post (add posts.csv, "
                           "e.g. from a post-level export of the platform).",
        "import_notes": "How the data were imported (assumptions recorded in import_notes.json; details in "
                        "import_report.md):",
        "note_tz": "{platform} times ({files}) were read as {zone}: {why}.",
        "why_default": "the export does not state its zone, so the platform's usual zone was assumed (pass "
                       "source_timezone= at import if the account reports in another)",
        "why_stated": "the zone the export states",
        "why_override": "the zone given at import",
        "why_offset": "the export gives each time with its UTC offset",
        "why_dataset": "the export does not state its zone: the dataset's zone was assumed",
        "note_year": "{n} date(s) of {files} are written without a year: the year was taken from the download "
                     "itself ({source}){span}.",
        "note_span": ", giving days from {first} to {last}",
        "note_basis": "{platform} posts have {has}{lacks}",
        "note_lacks": " but no {lacks}",
        "note_no_reach": "; rates on reach cannot be computed for {platform}",
        "note_unique": "{platform} reactions, comments and shares count unique people who acted, not actions (a "
                       "lower bound)",
        "whole_period": "the whole period",
        "period": "from {start} to {end}",
        "none": "none",
        "all": "all",
        "planted": "Planted truth (bundled sample only — in a real client you don't know it): {text}",
        # interpretations
        "er": "Over the period {period}, {n_posts} posts got {num} engagements for {den} {basis_word}: "
              "an engagement rate of {rate} (95% CI {lo} to {hi}{basis_n}). {excluded}{by_text}This is a ratio "
              "of sums ({basis_def}); another denominator gives another number for the same posts, so "
              "compare it only with rates computed the same way. It says how much people reacted, not "
              "whether they bought.",
        "er_by": "By {by}: {levels}. ",
        "basis_word_reach": "reach-days (reach summed over posts, not unique people)",
        "basis_word_impressions": "impressions",
        "basis_word_followers": "followers at publication (summed over posts)",
        "basis_word_views": "video views",
        "compare": "Against {ref} posts (the reference){adjusted}, {best} posts have {ratio} times the "
                   "reference's engagements per unit of {basis} (95% CI {lo} to {hi}, {p}); {worst} posts "
                   "have {wratio} times (95% CI {wlo} to {whi}). {signif}These ratios come from a count "
                   "model with an exposure offset fitted on {n} posts (its intervals allow for posts that differ "
                   "beyond chance): they compare like with like, but they are associations — formats are not "
                   "published at random (time and topic differ).",
        "compare_signif": "Levels whose interval excludes 1 differ clearly from the reference: {levels}. ",
        "compare_none": "No level differs clearly from the reference (every interval includes 1). ",
        "times": "Best slot (local time, at least {min_posts} posts): {slot} with a rate of {rate} (95% CI "
                 "{lo} to {hi} across {n} posts); weakest: {wslot} with {wrate} (95% CI {wlo} to {whi} across "
                 "{wn} posts). The best of {cells} slots tends to look better than it is: read the pattern, "
                 "not a single cell.",
        "times_none": "Too few posts per hour and weekday to compare posting times.",
        "times_one": "Only one slot has at least {min_posts} posts: {slot}, with a rate of {rate} (95% CI {lo} to "
                     "{hi}) over {n} posts. The other slots have too few posts to compare with it, so this says "
                     "when the posts went out, not that it is the best time.",
        "sov": "{brand} holds {sov} of the conversation (share of voice on {basis}, 95% CI {lo} to "
               "{hi}{basis_n}) against {competitors}. Share of voice measures visibility in the conversation, "
               "neither its tone nor sales.",
        "sentiment": "Net sentiment of {brand}: {ns} (95% CI {lo} to {hi}{basis_n}; (positive − negative) / all "
                     "mentions). {comparison}A positive net sentiment does not mean every mention is "
                     "positive; it depends on how mentions were classified by the listening tool.",
        "sentiment_cmp": "Competitors: {levels}. ",
        "lift": "Campaign '{campaign}' ({start} to {end}), measured on {metric}. {summary}",
        "lift_not": "Read the interval, not only the point: a lift of {rel} could plausibly be anywhere "
                    "from {lo} to {hi}. It measures the change in {metric} during the campaign, not "
                    "sales, and it relies on the period before the campaign to say what would have "
                    "happened without it. The interval comes from the model: it {covers}.",
        "trend": "Last period ({period}, {days} days): {observed} {metric}; net of seasonality, {change} "
                 "{metric} against the period before (95% CI {lo} to {hi}; raw change {raw}). {verdict} "
                 "Raw month-on-month changes mix the usual seasonal pattern with real change; the adjusted "
                 "change removes the pattern learnt from the whole series.",
        "trend_up": "The adjusted change is clearly positive.",
        "trend_down": "The adjusted change is clearly negative.",
        "trend_flat": "The interval includes zero: no clear change once seasonality is removed.",
        "buzz": "{n} alert(s) of unusual negative mentions of {brand}: {alerts}. An alert is a run of "
                "days where negative mentions exceed the seasonal baseline; it says nothing yet about "
                "lasting damage.",
        "buzz_none": "No unusual peak of negative mentions of {brand} in the period.",
        "buzz_after": "Positive share of {brand}'s mentions: {before} before the first alert, {after} after it "
                      "(95% CIs {blo}–{bhi}{bn} and {alo}–{ahi}{an}; change {diff}, 95% CI {dlo} "
                      "to {dhi}, {p}). {verdict}",
        "buzz_up": "The positive share rose: answering a bad buzz with content that earns positive "
                   "comments is the lever a brand controls.",
        "buzz_flat": "The interval of the change includes zero: the data do not show clearly that the "
                     "positive share rose after the alert.",
        "churn": "Audience churn: on average {rate} of the opening followers are lost each {freq} (95% CI "
                 "{clo} to {chi}{basis_n}; pooled over {n} platform-periods, from {lo} to {hi} depending on "
                 "platform and period). Churn is the flip side of loyalty; the platforms' own counts of "
                 "lost followers are estimates.",
        "retention": "Of the people who first interacted in a given {freq}, {r1} interacted again the next "
                     "{freq} (pooled over cohorts, 95% CI {lo} to {hi}{basis_n}) and {r3} three {freq}s later "
                     "(95% CI {lo3} to {hi3}{basis_n3}). Each person counts once (came back or not), so these "
                     "intervals treat people as independent. Retention measures repeated engagement, not "
                     "purchase.",
        "bgnbd": "Customer base model (BG/NBD, {n} customers): a new customer is expected to make {e} "
                 "repeat purchases in the next {h} days (95% CI {elo} to {ehi}); {alive} of current "
                 "customers are estimated still active (95% CI {alo} to {ahi}). These are model-based "
                 "forecasts: the intervals carry the uncertainty of the model's parameters, not the "
                 "randomness of future purchases nor the risk that its assumptions are wrong.",
        "association_note": "This is an association, not a causal effect: customers who already like the "
                            "brand both follow it and buy again.",
        "esov": "Over the period {period}, {brand}'s share of voice averaged {sov} (95% CI {sov_lo} to "
                "{sov_hi}{basis_n}) and its share of market {som}: an excess share of voice (ESOV) of {esov} (95% "
                "CI {esov_lo} to {esov_hi}). {rule}",
        "esov_rule": "Binet & Field's rule (+10 points of ESOV ≈ +0.5 point of market share a year) was "
                     "measured on advertising share of voice, not on social mentions: treat it as a "
                     "direction, not a forecast.",
        "esov_reg": "Across {n} brand-periods ({brands} brands), one point of ESOV goes with {slope} point of "
                    "change in share of market the next period (95% CI {lo} to {hi}; {p}), i.e. {year} a year "
                    "if it were kept (95% CI {ylo} to {yhi}), against {rule} for the rule of thumb. "
                    "{verdict}Few brands and periods make this estimate fragile, and a share that is low for "
                    "a while both inflates ESOV and tends to come back up, which biases the slope upwards: it "
                    "is an association, not a causal effect.",
        "mmm": "Return per channel (media-mix model on {target}, {n} channels): {channels}. ROAS = "
               "contribution / spend; above 1 the channel returned more {target} than it cost in media "
               "(before margins, staff and tools). {unidentified}The intervals come from a bootstrap of the "
               "whole fit: they cover its estimation noise given the model's shape (carry-over, "
               "saturation, baseline), not a wrong shape nor spend timed on demand; the model is "
               "observational — confirm big decisions with a test (holdout, geo split).",
        "mmm_units": "{Target} per channel (media-mix model, {n} channels): {channels}. A lower cost per "
                     "{unit} is better; whether a channel pays depends on what a {unit} is worth to you "
                     "(compare the cost per {unit} with that value). {unidentified}The intervals come from a "
                     "bootstrap of the whole fit: they cover its estimation noise given the model's shape, not "
                     "a wrong shape nor spend timed on demand; the model is observational — confirm big "
                     "decisions with a test (holdout, geo split).",
        "mmm_unit_part": "{channel} {per} {target} per 1,000 {currency} [{lo}–{hi}], i.e. a cost per {unit} of "
                         "{cost} [{clo}–{chi}]",
        "mmm_unid": "Not measurable from this data: {channels} (its spend does not vary enough to be "
                    "separated from the baseline). ",
        "value": "With the values per action you chose ({values}), the engagements of the period are worth "
                 "{value} against {cost} of social costs: ROI {roi}. This ROI has no interval because it "
                 "is not estimated from a sample: it follows from values you assumed. Change them and the "
                 "ROI changes. Measure engagement first, revenue next.",
        "cap_er": "Engagement rate by {by} and by period, with 95% intervals across each group's posts "
                  "(denominator: {basis}).",
        "cap_compare": "Rate ratio against the reference level, with 95% intervals (1 = same rate).",
        "cap_times": "Engagement rate by weekday and hour (local time); empty cells: no posts.",
        "cap_sov": "Share of voice per month.",
        "cap_trend": "Own-brand mentions per month: observed and net of seasonality.",
        "cap_lift": "Observed vs counterfactual (top), daily effect (middle), cumulative effect (bottom).",
        "cap_retention": "Share of each cohort still interacting after 0, 1, 2... periods.",
        "cap_esov": "Share of voice and share of market of the own brand.",
        "cap_mmm": "ROAS per channel with 95% bootstrap intervals; the dashed line is break-even.",
        "cap_churn": "Follower churn per period and platform, with 95% intervals across each period's days "
                     "(shaded).",
        "lbl_rate": "Engagement rate",
        "lbl_ratio": "Rate ratio (vs reference)",
        "lbl_share": "Share",
        "lbl_period": "Period",
        "lbl_hour": "Hour",
        "lbl_day": "Day",
        "lbl_sov": "Share of voice",
        "lbl_som": "Share of market",
        "lbl_roas": "ROAS",
        "lbl_churn": "Churn rate",
        "lbl_observed": "observed",
        "lbl_adjusted": "net of seasonality",
        "freq_MS": "month",
        "freq_W": "week",
        "freq_D": "day",
        "freq_QS": "quarter",
        "versions": "Versions used for this report",
        "reason_no_campaign": "no campaign window is known (set campaign_start and campaign_end, or tag the "
                              "campaign's posts in posts.campaign).",
        "reason_window": "the campaign window {start} to {end} is not inside the data analysed ({first} to "
                         "{last}), or leaves too little data before it to learn from.",
        "title_01": "Engagement: what do our posts earn, and which ones earn more?",
        "q_01": "Business question: how engaging are our posts, on which platforms, formats and times — "
                "measured with one explicit definition and its uncertainty.",
        "title_02": "Awareness: did the campaign make us better known, and how do we handle a bad buzz?",
        "q_02": "Business question: how much did reach and mentions rise during the campaign compared with "
                "what would have happened without it, and are there alerts of negative buzz?",
        "title_03": "Loyalty: do people come back?",
        "q_03": "Business question: how many followers we lose, how many engagers return, and whether "
                "customers who engage on social media buy again more often.",
        "title_04": "Market share: does our share of voice run ahead of our share of market?",
        "q_04": "Business question: how visible we are in the conversation against competitors, and how "
                "that relates to our share of market (excess share of voice).",
        "title_05": "ROI: what does each euro of social media return?",
        "q_05": "Business question: which channels pay off, with what uncertainty, and what our engagement "
                "is worth against its full cost (media, staff, tools).",
        "h_data": "Data",
        "h_board": "KPI board",
        "h_er": "Engagement rate",
        "h_compare": "Which formats engage more?",
        "h_times": "When to post",
        "h_sov": "Share of voice and sentiment",
        "h_lift": "Campaign lift",
        "h_mentions_lift": "Campaign lift on mentions",
        "h_buzz": "Bad buzz",
        "h_trend": "Trend net of seasonality",
        "h_churn": "Audience churn",
        "h_engagers": "Repeat engagers",
        "h_retention": "Cohort retention",
        "h_rfm": "Customer segments (RFM)",
        "h_bgnbd": "Customer-base model",
        "h_engaged": "Engaged vs non-engaged customers",
        "h_esov": "Excess share of voice",
        "h_esov_reg": "ESOV and market-share growth",
        "h_benchmark": "Competitor benchmark",
        "h_mmm": "Return per channel (media-mix model)",
        "h_value": "Value of engagement and ROI of social activity",
        "h_results": "Headline results",
        "h_versions": "Versions",
        "er_excluded": "{n} posts without {basis} data are left out. ",
        "compare_adjusted": ", within the same {dims}",
        "lift_summary": "Over the {n_post} days of the campaign, the daily average of {metric} was {obs} against "
                        "{cf} expected without the campaign (a {model} learnt from the {n_pre} days before): "
                        "{abs} a day (95% CI {abs_lo} to {abs_hi}), {cum} in all, a relative effect of {rel} (95% "
                        "CI {rel_lo} to {rel_hi}; {p}). {verdict}",
        "lift_signif": "The interval excludes zero: such a rise is unlikely to be chance. It can be credited to "
                       "the campaign only if nothing else changed when it started (another campaign, a price "
                       "change, the press).",
        "lift_not_signif": "The interval includes zero: the data do not show a clear effect.",
        "model_its": "interrupted time series",
        "model_sts": "structural time series",
        "buzz_part": "from {start} to {end} ({obs} negative mentions against {exp} expected)",
        "esov_reg_flat": "The interval includes zero: these data neither confirm nor rule out the rule of thumb. ",
        "esov_reg_clear": "The interval excludes zero. ",
        "cap_mentions_lift": "Own-brand mentions per day: observed vs counterfactual (top), daily effect (middle), "
                             "cumulative effect (bottom).",
        "cap_sov_all": "Share of voice over the whole period (the own brand is outlined).",
        "overview_note": "Number of rows and dates covered by each table.",
        "cap_sov_quarter": "Share of voice per quarter (the own brand is outlined).",
        "cap_mmm_units": "{target} per 1,000 {currency} of spend per channel, with 95% bootstrap intervals (more "
                         "is better).",
        "h_sov_only": "Share of voice",
        "lift_covers_its": "covers the KPI's day-to-day noise (AR(1) errors) and the estimation error of the "
                           "effect, the trend and the weekly pattern; it does not cover another event that "
                           "started with the campaign, nor a pre-period that does not represent what would have "
                           "happened without it",
        "lift_covers_sts": "covers the noise and the random walk of the level over the window and the estimation "
                           "error of the states (not of the variances); it does not cover another event that "
                           "started with the campaign, nor a pre-period that does not represent what would have "
                           "happened without it",
        "table_ci": "95% intervals computed {how}.",
        "table_ci_posts": "across the posts of each row (column Posts), from the variation between posts",
        "table_ci_days": "across the days of each row (or weeks when days run together), from the variation "
                         "between days",
        "table_ci_users": "across identified people, each counted as one independent trial",
        "table_ci_model": "from the count model fitted on all the posts (negative binomial, its dispersion allowing for "
                          "posts that differ beyond chance); column Posts gives the posts of each level",
        "table_ci_customers": "across identified customers, each counted as one independent trial",
        "board_ci": "95% intervals: across the posts of each row for the per-post rates; across the days of the "
                    "month for growth, churn, share of voice and sentiment.",
        "across": " across {n} {unit}",
    },
    "fr": {
        "skipped": "Analyse ignorée — {analysis} : {reason}",
        "reason_table": "la table « {table} » est absente du jeu de données (ajoutez {table}.csv pour "
                        "l'analyser).",
        "reason_columns": "la table « {table} » n'a pas la colonne {columns}.",
        "reason_empty": "la table « {table} » n'a aucune donnée sur la période analysée ({period}).",
        "reason_missing_fn": "cette analyse n'est pas disponible dans cette version de socialroi "
                             "({module}.{function} manque).",
        "reason_error": "elle n'a pas pu être calculée sur ces données : {error}",
        "reason_param": "un paramètre n'est pas utilisable : {error}",
        "no_data": "La période analysée ({period}) ne contient aucune publication : il n'y a rien à en "
                   "dire. Choisissez une autre période (paramètres start et end) ou vérifiez les données.",
        "overview": "{name} : {n_posts} publications du {first} au {last}{platforms}. Tables présentes : "
                    "{present}.{absent}",
        "overview_absent": " Absentes : {absent} (les analyses qui en ont besoin sont ignorées).",
        "overview_platforms": " sur {platforms}",
        "overview_no_posts": "{name} : aucune publication — le jeu de données n'a pas de données par publication, "
                             "seulement {present}, du {first} au {last}{platforms}.{absent} Ce qui demande des "
                             "publications (taux d'engagement, formats, créneaux, valeur de l'engagement) ne peut "
                             "pas être calculé et est ignoré, chaque fois avec la raison.",
        "no_data_any": "La période analysée ({period}) ne contient aucune donnée : il n'y a rien à en dire. "
                       "Choisissez une autre période (paramètres start et end) ou vérifiez les données.",
        "reason_no_posts": "le jeu de données n'a pas de publications, et cette analyse demande une ligne par "
                           "publication (ajoutez posts.csv, par exemple depuis un export par publication de la "
                           "plateforme).",
        "import_notes": "Comment les données ont été importées (hypothèses consignées dans import_notes.json ; "
                        "détails dans import_report.md) :",
        "note_tz": "heures {platform} ({files}) lues en {zone} : {why}.",
        "why_default": "l'export n'indique pas son fuseau, celui que la plateforme utilise d'habitude a été "
                       "supposé (donnez source_timezone= à l'import si le compte en utilise un autre)",
        "why_stated": "le fuseau indiqué par l'export",
        "why_override": "le fuseau donné à l'import",
        "why_offset": "l'export donne chaque heure avec son décalage UTC",
        "why_dataset": "l'export n'indique pas son fuseau : celui du jeu de données a été supposé",
        "note_year": "{n} date(s) de {files} sont écrites sans année : l'année a été tirée du téléchargement "
                     "lui-même ({source}){span}.",
        "note_span": ", soit des jours du {first} au {last}",
        "note_basis": "les publications {platform} ont {has}{lacks}",
        "note_lacks": " mais pas {lacks}",
        "note_no_reach": " ; les taux sur la portée ne sont pas calculables pour {platform}",
        "note_unique": "les réactions, commentaires et partages {platform} comptent des personnes uniques, pas "
                       "des actions (une borne basse)",
        "whole_period": "toute la période",
        "period": "du {start} au {end}",
        "none": "aucune",
        "all": "toutes",
        "planted": "Vérité plantée (échantillon fourni seulement — chez un vrai client on ne la connaît "
                   "pas) : {text}",
        "er": "Sur la période {period}, {n_posts} publications ont obtenu {num} engagements pour {den} "
              "{basis_word} : un taux d'engagement de {rate} (IC à 95 % {lo} à {hi}{basis_n}). "
              "{excluded}{by_text}C'est un rapport de sommes ({basis_def}) ; un autre dénominateur "
              "donne un autre chiffre pour les mêmes publications : ne le comparez qu'à des taux "
              "calculés de la même façon. Il dit combien les gens ont réagi, pas s'ils ont acheté.",
        "er_by": "Par {by} : {levels}. ",
        "basis_word_reach": "portées-jours (portée additionnée sur les publications, pas des personnes "
                            "uniques)",
        "basis_word_impressions": "impressions",
        "basis_word_followers": "abonnés au jour de publication (additionnés sur les publications)",
        "basis_word_views": "vues de vidéo",
        "compare": "Par rapport aux publications {ref} (la référence){adjusted}, les publications {best} ont "
                   "un taux d'engagement par unité de {basis} égal à {ratio} fois celui de la référence (IC "
                   "à 95 % {lo} à {hi}, {p}) ; les publications {worst}, {wratio} fois (IC à 95 % {wlo} à "
                   "{whi}). {signif}Ces rapports viennent d'un modèle de comptage avec exposition ajusté sur "
                   "{n} publications (ses intervalles tiennent compte de publications qui diffèrent au-delà du "
                   "hasard) : ils comparent à exposition égale, mais ce sont des associations — les formats "
                   "ne sont pas publiés au hasard (heure et sujet diffèrent).",
        "compare_signif": "Les niveaux dont l'intervalle exclut 1 diffèrent nettement de la référence : "
                          "{levels}. ",
        "compare_none": "Aucun niveau ne diffère nettement de la référence (tous les intervalles "
                        "contiennent 1). ",
        "times": "Meilleur créneau (heure locale, au moins {min_posts} publications) : {slot}, taux de "
                 "{rate} (IC à 95 % {lo} à {hi} sur {n} publications) ; le plus faible : {wslot}, {wrate} "
                 "(IC à 95 % {wlo} à {whi} sur {wn} publications). Le meilleur de {cells} créneaux paraît "
                 "souvent meilleur qu'il n'est : lisez la tendance, pas une case isolée.",
        "times_none": "Trop peu de publications par heure et jour pour comparer les créneaux.",
        "times_one": "Un seul créneau compte au moins {min_posts} publications : {slot}, taux de {rate} (IC à 95 % "
                     "{lo} à {hi}) sur {n} publications. Les autres créneaux en ont trop peu pour être comparés : "
                     "cela dit quand les publications sont parties, pas que ce soit le meilleur moment.",
        "sov": "{brand} détient {sov} de la conversation (part de voix en {basis}, IC à 95 % {lo} à {hi}{basis_n}) "
               "face à {competitors}. La part de voix mesure la visibilité dans la conversation, pas son "
               "ton ni les ventes.",
        "sentiment": "Sentiment net de {brand} : {ns} (IC à 95 % {lo} à {hi}{basis_n} ; (positives − négatives) / "
                     "toutes les mentions). {comparison}Un sentiment net positif ne veut pas dire que toutes "
                     "les mentions le sont ; il dépend du classement fait par l'outil d'écoute.",
        "sentiment_cmp": "Concurrents : {levels}. ",
        "lift": "Campagne « {campaign} » (du {start} au {end}), mesurée sur : {metric}. {summary}",
        "lift_not": "Lisez l'intervalle, pas seulement le point : un effet de {rel} peut vraisemblablement "
                    "se situer entre {lo} et {hi}. Il mesure le changement de {metric} pendant la campagne, "
                    "pas les ventes, et s'appuie sur la période d'avant pour dire ce qui se serait passé "
                    "sans elle. L'intervalle vient du modèle : il {covers}.",
        "trend": "Dernière période ({period}, {days} jours) : {observed} {metric} ; hors saisonnalité, "
                 "{change} {metric} par rapport à la période précédente (IC à 95 % {lo} à {hi} ; variation "
                 "brute {raw}). {verdict} Les variations brutes d'un mois sur l'autre mêlent l'effet "
                 "habituel de la saison et le vrai changement ; la variation corrigée retire le profil "
                 "saisonnier appris sur toute la série.",
        "trend_up": "La variation corrigée est nettement positive.",
        "trend_down": "La variation corrigée est nettement négative.",
        "trend_flat": "L'intervalle contient zéro : pas de changement net une fois la saisonnalité retirée.",
        "buzz": "{n} alerte(s) de mentions négatives inhabituelles de {brand} : {alerts}. Une alerte est "
                "une suite de jours où les mentions négatives dépassent la ligne de base saisonnière ; "
                "elle ne dit encore rien d'un dommage durable.",
        "buzz_none": "Aucun pic inhabituel de mentions négatives de {brand} sur la période.",
        "buzz_after": "Part positive des mentions de {brand} : {before} avant la première alerte, {after} après "
                      "(IC à 95 % {blo}–{bhi}{bn} et {alo}–{ahi}{an} ; écart {diff}, IC à 95 % {dlo} "
                      "à {dhi}, {p}). {verdict}",
        "buzz_up": "La part positive a augmenté : répondre à un bad buzz par des contenus qui suscitent "
                   "des commentaires positifs est le levier que la marque maîtrise.",
        "buzz_flat": "L'intervalle de l'écart contient zéro : les données ne montrent pas nettement une "
                     "hausse de la part positive après l'alerte.",
        "churn": "Attrition de l'audience : en moyenne {rate} des abonnés du début sont perdus chaque "
                 "{freq} (IC à 95 % {clo} à {chi}{basis_n} ; sur {n} couples plateforme-période, de {lo} à {hi} "
                 "selon la plateforme et la période). L'attrition est l'envers de la fidélité ; les "
                 "comptes d'abonnés perdus des plateformes sont des estimations.",
        "retention": "Parmi les personnes ayant interagi pour la première fois au cours d'une période (période "
                     ": {freq}), {r1} ont interagi à nouveau la période suivante (cohortes regroupées, IC à 95 "
                     "% {lo} à {hi}{basis_n}) et {r3} trois périodes plus tard (IC à 95 % {lo3} à {hi3}{basis_n3}). "
                     "Chaque personne compte une fois (revenue ou non) : ces intervalles traitent les personnes "
                     "comme indépendantes. La rétention mesure l'engagement répété, pas l'achat.",
        "bgnbd": "Modèle de base clients (BG/NBD, {n} clients) : un nouveau client devrait faire {e} "
                 "achats répétés dans les {h} prochains jours (IC à 95 % {elo} à {ehi}) ; {alive} des "
                 "clients actuels sont estimés encore actifs (IC à 95 % {alo} à {ahi}). Ce sont des "
                 "prévisions de modèle : les intervalles traduisent l'incertitude sur ses paramètres, pas "
                 "le hasard des achats à venir ni le risque que ses hypothèses soient fausses.",
        "association_note": "C'est une association, pas un effet causal : les clients qui aiment déjà la "
                            "marque la suivent et rachètent.",
        "esov": "Sur la période {period}, la part de voix de {brand} était en moyenne de {sov} (IC à 95 % "
                "{sov_lo} à {sov_hi}{basis_n}) et sa part de marché de {som} : un excès de part de voix (ESOV) de "
                "{esov} (IC à 95 % {esov_lo} à {esov_hi}). {rule}",
        "esov_rule": "La règle de Binet & Field (+10 points d'ESOV ≈ +0,5 point de part de marché par an) "
                     "a été établie sur la part de voix publicitaire, pas sur les mentions sociales : "
                     "prenez-la comme une direction, pas comme une prévision.",
        "esov_reg": "Sur {n} couples marque-période ({brands} marques), un point d'ESOV va de pair avec "
                    "{slope} point de variation de part de marché la période suivante (IC à 95 % {lo} à {hi} "
                    "; {p}), soit {year} par an s'il était maintenu (IC à 95 % {ylo} à {yhi}), contre {rule} "
                    "pour la règle empirique. {verdict}Peu de marques et de périodes rendent cette estimation "
                    "fragile, et une part momentanément basse gonfle l'ESOV puis tend à remonter, ce qui "
                    "biaise la pente vers le haut : c'est une association, pas un effet causal.",
        "mmm": "Rendement par canal (modèle de mix média sur le {target}, {n} canaux) : {channels}. ROAS "
               "= contribution / dépense ; au-dessus de 1, le canal a rapporté plus de {target} qu'il "
               "n'a coûté en média (avant marge, personnel et outils). {unidentified}Les intervalles "
               "viennent d'un bootstrap de tout l'ajustement : ils couvrent son bruit d'estimation pour la "
               "forme de modèle choisie (rémanence, saturation, ligne de base), pas une forme erronée ni "
               "une dépense calée sur la demande ; le modèle est observationnel — confirmez les grandes "
               "décisions par un test (groupe témoin, test géographique).",
        "mmm_units": "{Target} par canal (modèle de mix média, {n} canaux) : {channels}. Un coût par {unit} "
                     "plus bas est meilleur ; qu'un canal soit rentable dépend de ce que vaut un {unit} pour "
                     "vous (comparez le coût par {unit} à cette valeur). {unidentified}Les intervalles "
                     "viennent d'un bootstrap de tout l'ajustement : ils couvrent son bruit d'estimation pour "
                     "la forme de modèle choisie, pas une forme erronée ni une dépense calée sur la demande ; "
                     "le modèle est observationnel — confirmez les grandes décisions par un test (groupe "
                     "témoin, test géographique).",
        "mmm_unit_part": "{channel} {per} {target} pour 1 000 {currency} [{lo} ; {hi}], soit un coût par {unit} "
                         "de {cost} [{clo} ; {chi}]",
        "mmm_unid": "Non mesurable avec ces données : {channels} (sa dépense ne varie pas assez pour être "
                    "séparée de la ligne de base). ",
        "value": "Avec les valeurs par action choisies ({values}), les engagements de la période valent "
                 "{value} pour {cost} de coûts sociaux : ROI {roi}. Ce ROI n'a pas d'intervalle car il "
                 "n'est pas estimé sur un échantillon : il découle des valeurs que vous avez supposées. "
                 "Changez-les et le ROI change. Mesurez d'abord l'engagement, le chiffre d'affaires "
                 "ensuite.",
        "cap_er": "Taux d'engagement par {by} et par période, avec intervalles à 95 % sur les publications "
                  "de chaque groupe (dénominateur : {basis}).",
        "cap_compare": "Rapport de taux face au niveau de référence, intervalles à 95 % (1 = même taux).",
        "cap_times": "Taux d'engagement par jour et heure (heure locale) ; cases vides : aucune publication.",
        "cap_sov": "Part de voix par mois.",
        "cap_trend": "Mentions de la marque par mois : observées et hors saisonnalité.",
        "cap_lift": "Observé et contrefactuel (haut), effet quotidien (milieu), effet cumulé (bas).",
        "cap_retention": "Part de chaque cohorte qui interagit encore après 0, 1, 2... périodes.",
        "cap_esov": "Part de voix et part de marché de la marque.",
        "cap_mmm": "ROAS par canal avec intervalles bootstrap à 95 % ; le pointillé marque l'équilibre.",
        "cap_churn": "Attrition des abonnés par période et par plateforme, intervalles à 95 % sur les jours de "
                     "chaque période (zones ombrées).",
        "lbl_rate": "Taux d'engagement",
        "lbl_ratio": "Rapport de taux (vs référence)",
        "lbl_share": "Part",
        "lbl_period": "Période",
        "lbl_hour": "Heure",
        "lbl_day": "Jour",
        "lbl_sov": "Part de voix",
        "lbl_som": "Part de marché",
        "lbl_roas": "ROAS",
        "lbl_churn": "Taux d'attrition",
        "lbl_observed": "observé",
        "lbl_adjusted": "hors saisonnalité",
        "freq_MS": "mois",
        "freq_W": "semaine",
        "freq_D": "jour",
        "freq_QS": "trimestre",
        "versions": "Versions utilisées pour ce rapport",
        "reason_no_campaign": "aucune fenêtre de campagne n'est connue (renseignez campaign_start et "
                              "campaign_end, ou marquez les publications de la campagne dans posts.campaign).",
        "reason_window": "la fenêtre de campagne du {start} au {end} n'est pas dans les données analysées (du "
                         "{first} au {last}), ou laisse trop peu de données avant elle pour apprendre.",
        "title_01": "Engagement : que rapportent nos publications, et lesquelles rapportent le plus ?",
        "q_01": "Question métier : à quel point nos publications engagent-elles, sur quelles plateformes, "
                "quels formats et quels créneaux — avec une définition explicite et son incertitude.",
        "title_02": "Notoriété : la campagne nous a-t-elle fait mieux connaître, et que faire d'un bad buzz ?",
        "q_02": "Question métier : de combien la portée et les mentions ont-elles augmenté pendant la "
                "campagne par rapport à ce qui se serait passé sans elle, et y a-t-il des alertes de buzz "
                "négatif ?",
        "title_03": "Fidélisation : les gens reviennent-ils ?",
        "q_03": "Question métier : combien d'abonnés perdons-nous, combien d'engagés reviennent, et les "
                "clients qui interagissent sur les réseaux rachètent-ils plus souvent ?",
        "title_04": "Part de marché : notre part de voix devance-t-elle notre part de marché ?",
        "q_04": "Question métier : quelle est notre visibilité dans la conversation face aux concurrents, "
                "et quel lien avec notre part de marché (excès de part de voix) ?",
        "title_05": "ROI : que rapporte chaque euro investi sur les réseaux sociaux ?",
        "q_05": "Question métier : quels canaux sont rentables, avec quelle incertitude, et que vaut notre "
                "engagement face à son coût complet (média, personnel, outils) ?",
        "h_data": "Données",
        "h_board": "Tableau de bord",
        "h_er": "Taux d'engagement",
        "h_compare": "Quels formats engagent le plus ?",
        "h_times": "Quand publier",
        "h_sov": "Part de voix et sentiment",
        "h_lift": "Effet de la campagne",
        "h_mentions_lift": "Effet de la campagne sur les mentions",
        "h_buzz": "Bad buzz",
        "h_trend": "Tendance hors saisonnalité",
        "h_churn": "Attrition de l'audience",
        "h_engagers": "Engagés récurrents",
        "h_retention": "Rétention par cohorte",
        "h_rfm": "Segments clients (RFM)",
        "h_bgnbd": "Modèle de base clients",
        "h_engaged": "Clients engagés et non engagés",
        "h_esov": "Excès de part de voix",
        "h_esov_reg": "ESOV et croissance de la part de marché",
        "h_benchmark": "Comparaison aux concurrents",
        "h_mmm": "Rendement par canal (modèle de mix média)",
        "h_value": "Valeur de l'engagement et ROI de l'activité sociale",
        "h_results": "Résultats clés",
        "h_versions": "Versions",
        "er_excluded": "{n} publications sans donnée de {basis} sont laissées de côté. ",
        "compare_adjusted": ", à {dims} égale",
        "lift_summary": "Pendant les {n_post} jours de la campagne, la moyenne quotidienne observée ({metric}) a "
                        "été de {obs} contre {cf} attendus sans la campagne (une {model} apprise sur les {n_pre} "
                        "jours d'avant) : {abs} par jour (IC à 95 % {abs_lo} à {abs_hi}), {cum} au total, soit un "
                        "effet relatif de {rel} (IC à 95 % {rel_lo} à {rel_hi} ; {p}). {verdict}",
        "lift_signif": "L'intervalle exclut zéro : une telle hausse est peu probable par hasard. On ne peut "
                       "l'attribuer à la campagne que si rien d'autre n'a changé à son début (autre campagne, "
                       "prix, presse).",
        "lift_not_signif": "L'intervalle contient zéro : les données ne montrent pas d'effet net.",
        "model_its": "série temporelle interrompue",
        "model_sts": "série temporelle structurelle",
        "buzz_part": "du {start} au {end} ({obs} mentions négatives contre {exp} attendues)",
        "esov_reg_flat": "L'intervalle contient zéro : ces données ne confirment ni n'écartent la règle empirique. "
                         "",
        "esov_reg_clear": "L'intervalle exclut zéro. ",
        "cap_mentions_lift": "Mentions de la marque par jour : observé et contrefactuel (haut), effet quotidien "
                             "(milieu), effet cumulé (bas).",
        "cap_sov_all": "Part de voix sur toute la période (la marque est entourée).",
        "overview_note": "Nombre de lignes et dates couvertes par chaque table.",
        "cap_sov_quarter": "Part de voix par trimestre (la marque est entourée).",
        "cap_mmm_units": "{target} pour 1 000 {currency} dépensés, par canal, avec intervalles bootstrap à 95 % "
                         "(plus haut est meilleur).",
        "h_sov_only": "Part de voix",
        "lift_covers_its": "couvre le bruit quotidien de l'indicateur (erreurs AR(1)) et l'erreur d'estimation de "
                           "l'effet, de la tendance et du profil hebdomadaire ; il ne couvre pas un autre "
                           "événement survenu en même temps que la campagne, ni une période d'avant qui ne "
                           "représenterait pas ce qui se serait passé sans elle",
        "lift_covers_sts": "couvre le bruit et la marche aléatoire du niveau sur la fenêtre et l'erreur "
                           "d'estimation des états (pas celle des variances) ; il ne couvre pas un autre "
                           "événement survenu en même temps que la campagne, ni une période d'avant qui ne "
                           "représenterait pas ce qui se serait passé sans elle",
        "table_ci": "Intervalles à 95 % calculés {how}.",
        "table_ci_posts": "sur les publications de chaque ligne (colonne « Publications »), d'après la variation "
                          "entre publications",
        "table_ci_days": "sur les jours de chaque ligne (ou les semaines quand les jours se suivent trop), d'après "
                         "la variation entre jours",
        "table_ci_users": "sur les personnes identifiées, chacune comptant comme un essai indépendant",
        "table_ci_model": "par le modèle de comptage ajusté sur toutes les publications (binomial négatif, dont la "
                          "dispersion tient compte de publications qui diffèrent au-delà du hasard) ; la colonne « "
                          "Publications » donne les publications de chaque niveau",
        "table_ci_customers": "sur les clients identifiés, chacun comptant comme un essai indépendant",
        "board_ci": "Intervalles à 95 % : sur les publications de chaque ligne pour les taux par publication ; sur "
                    "les jours du mois pour la croissance, l'attrition, la part de voix et le sentiment.",
        "across": " sur {n} {unit}",
    },
}


#: Words for the units an interval rests on (singular, plural), per locale.
_UNIT_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {"posts": ("post", "posts"), "days": ("day", "days"), "weeks": ("week", "weeks"),
           "users": ("person", "people"), "customers": ("customer", "customers"),
           "mentions": ("mention", "mentions"), "followers": ("follower", "followers"),
           "trials": ("trial", "trials"), "periods": ("period", "periods")},
    "fr": {"posts": ("publication", "publications"), "days": ("jour", "jours"), "weeks": ("semaine", "semaines"),
           "users": ("personne", "personnes"), "customers": ("client", "clients"),
           "mentions": ("mention", "mentions"), "followers": ("abonné", "abonnés"),
           "trials": ("essai", "essais"), "periods": ("période", "périodes")},
}


@dataclass(frozen=True)
class _Analysis:
    module: str
    function: str
    tables: tuple[str, ...]
    en: str
    fr: str
    columns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


#: Analyses the notebooks run: library function, tables needed, name shown in skip messages.
ANALYSES: dict[str, _Analysis] = {
    "engagement_rate": _Analysis("indicators", "engagement_rate", ("posts",), "engagement rate",
                                 "taux d'engagement"),
    "compare_rates": _Analysis("indicators", "compare_rates", ("posts",), "comparison of formats",
                               "comparaison des formats"),
    "best_posting_times": _Analysis("indicators", "best_posting_times", ("posts",), "best posting times",
                                    "meilleurs créneaux de publication"),
    "kpi_table": _Analysis("indicators", "kpi_table", ("posts",), "KPI board", "tableau de bord"),
    "share_of_voice": _Analysis("indicators", "share_of_voice", ("mentions",), "share of voice",
                                "part de voix"),
    "net_sentiment": _Analysis("indicators", "net_sentiment", ("mentions",), "net sentiment",
                               "sentiment net", {"mentions": ("sentiment",)}),
    "trend": _Analysis("awareness", "trend_table", ("mentions",), "awareness trend net of seasonality",
                       "tendance de notoriété hors saisonnalité"),
    "campaign_lift": _Analysis("awareness", "campaign_lift", ("audience",), "campaign lift",
                               "effet de la campagne"),
    "mentions_lift": _Analysis("awareness", "campaign_lift", ("mentions",), "campaign lift on mentions",
                               "effet de la campagne sur les mentions"),
    "bad_buzz": _Analysis("awareness", "detect_bad_buzz", ("mentions",), "bad-buzz detection",
                          "détection de bad buzz", {"mentions": ("sentiment",)}),
    "positive_share": _Analysis("awareness", "positive_share_before_after", ("mentions",),
                                "positive share before and after a bad buzz",
                                "part positive avant et après un bad buzz", {"mentions": ("sentiment",)}),
    "audience_loyalty": _Analysis("loyalty", "audience_loyalty", ("audience",), "audience churn",
                                  "attrition de l'audience", {"audience": ("followers",)}),
    "engagers": _Analysis("loyalty", "engager_summary", ("interactions",), "repeat engagers",
                          "engagés récurrents"),
    "cohort_retention": _Analysis("loyalty", "cohort_retention", ("interactions",), "cohort retention",
                                  "rétention par cohorte"),
    "rfm": _Analysis("loyalty", "rfm", ("orders",), "RFM segments of customers",
                     "segments RFM des clients"),
    "bgnbd": _Analysis("loyalty", "fit_bgnbd", ("orders",), "customer-base model (BG/NBD)",
                       "modèle de base clients (BG/NBD)"),
    "engaged_customers": _Analysis("loyalty", "engaged_vs_non_engaged", ("orders", "interactions"),
                                   "engaged vs non-engaged customers", "clients engagés vs non engagés",
                                   {"orders": ("user_id",)}),
    "esov": _Analysis("market_share", "esov", ("mentions", "market"), "excess share of voice",
                      "excès de part de voix"),
    "esov_regression": _Analysis("market_share", "esov_regression", ("mentions", "market"),
                                 "ESOV and market-share growth", "ESOV et croissance de la part de marché"),
    "competitor_benchmark": _Analysis("market_share", "competitor_benchmark", ("posts",),
                                      "competitor benchmark", "comparaison aux concurrents",
                                      {"posts": ("brand",)}),
    "mmm": _Analysis("roi", "fit_mmm", ("spend", "outcomes"), "media-mix model (ROI per channel)",
                     "modèle de mix média (ROI par canal)"),
    "economic_value": _Analysis("indicators", "economic_value", ("posts",), "value of engagement",
                                "valeur de l'engagement"),
    "campaign_roi": _Analysis("roi", "campaign_roi", ("posts", "spend"), "ROI of social activity",
                              "ROI de l'activité sociale"),
}


def resolve_locale(locale: str | None, ds: Any = None) -> str:
    """``locale`` if given, else the dataset's (``ds.meta["locale"]``), else "en"."""
    return locale_of(ds, locale)


def _t(locale: str, key: str, **kw: Any) -> str:
    text = TEXT[locale][key]
    return text.format(**kw) if kw else text


def caption(key: str, *, locale: str, **kw: Any) -> str:
    """Caption of a figure (``key`` without the ``cap_`` prefix, e.g. "er", "lift")."""
    loc = resolve_locale(locale)
    if "by" in kw:
        kw["by"] = dim_label(kw["by"], locale=loc)
    if "basis" in kw:
        kw["basis"] = pretty(kw["basis"], locale=loc)
    return _t(loc, f"cap_{key}", **kw)


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------
def _bad(x: Any) -> bool:
    try:
        return x is None or x is pd.NA or not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


def fmt_num(x: Any, *, locale: str, digits: int = 2) -> str:
    """A number with the locale's separators (fr: ``1 234,5``; en: ``1,234.5``); "—" if missing."""
    if _bad(x):
        return "—"
    s = f"{float(x):,.{digits}f}"
    if locale == "fr":
        s = s.replace(",", "\u202f").replace(".", ",")
    return s


def fmt_pct(x: Any, *, locale: str, digits: int = 1) -> str:
    """A proportion as a percentage (fr: ``4,5 %``; en: ``4.5%``); "—" if missing."""
    if _bad(x):
        return "—"
    s = fmt_num(100 * float(x), locale=locale, digits=digits)
    return f"{s}\u00a0%" if locale == "fr" else f"{s}%"


def fmt_money(x: Any, *, currency: str, locale: str, digits: int = 0) -> str:
    """An amount with its ISO currency code (fr: ``1 234 EUR``; en: ``EUR 1,234``)."""
    if _bad(x):
        return "—"
    s = fmt_num(x, locale=locale, digits=digits)
    return f"{s}\u00a0{currency}" if locale == "fr" else f"{currency} {s}"


def _fmt_p(p: Any, locale: str) -> str:
    if _bad(p):
        return "—"
    if float(p) < 0.001:
        return "< 0,001" if locale == "fr" else "< 0.001"
    return fmt_num(p, locale=locale, digits=3)


def _wrap(text: str) -> str:
    return "\n".join(textwrap.fill(par, width=100) for par in text.split("\n"))


# --------------------------------------------------------------------------------------------
# Data: load, subset, daily series
# --------------------------------------------------------------------------------------------
def load(data_dir: str | Path) -> Any:
    """Load a dataset folder (``sr.load_dataset``), or a bundled sample given by its name."""
    from . import io as _io

    path = Path(data_dir)
    if path.is_dir():
        return _io.load_dataset(path)
    if str(data_dir) in _io.list_samples():
        return _io.load_sample(str(data_dir))
    raise DataError(f"data_dir={str(data_dir)!r}: no such dataset folder (nor a bundled sample: "
                    f"{_io.list_samples()})")


_TIME_COLUMNS = {"posts": "published_at", "interactions": "timestamp", "mentions": "timestamp",
                 "orders": "ordered_at", "audience": "date", "spend": "date", "outcomes": "date",
                 "market": "period"}
_PLATFORM_TABLES = ("posts", "audience", "interactions")


def _day(value: Any, name: str) -> pd.Timestamp | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ParameterError(f"{name}={value!r}: expected a date 'YYYY-MM-DD' or None") from None
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def subset(ds: Any, *, start: Any = None, end: Any = None, platforms: Sequence[str] | None = None,
           locale: str | None = None, currency: str | None = None) -> Any:
    """The dataset restricted to ``start``..``end`` (inclusive days) and to ``platforms``.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (``sr.load_dataset``).
    start, end : date-like, optional
        First and last day kept (calendar days in the dataset timezone); None keeps everything.
        Market periods are kept when they start within [start rounded down to its month, end].
    platforms : list of str, optional
        Platforms kept in ``posts``, ``audience`` and ``interactions`` (lower case). Mentions,
        spend, outcomes, market and orders are not split by platform and are kept whole.
    locale, currency : str, optional
        Written into the metadata of the dataset and of every table, so that the library's labels
        and money formats follow the report's choice.

    Returns
    -------
    Dataset
        A new dataset; ``ds`` and its tables are not modified. ``meta["period"]`` holds
        (start, end) as given.
    """
    from .io import Dataset

    lo, hi = _day(start, "start"), _day(end, "end")
    if lo is not None and hi is not None and hi < lo:
        raise ParameterError(f"end={end!r} is before start={start!r}")
    if platforms is not None:
        if isinstance(platforms, str):
            platforms = [platforms]
        plats = {str(p).strip().lower() for p in platforms}
    meta = dict(ds.meta)
    meta["locale"] = resolve_locale(locale, ds)
    if currency is not None:
        if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
            raise ParameterError(f"currency={currency!r}: expected an ISO 4217 code such as 'EUR'")
        meta["currency"] = currency.upper()
    tables: dict[str, pd.DataFrame] = {}
    for name, df in ds.tables.items():
        if df is None:
            continue
        keep = np.ones(len(df), dtype=bool)
        col = _TIME_COLUMNS.get(name)
        if col in df.columns and (lo is not None or hi is not None):
            t = df[col]
            if getattr(t.dt, "tz", None) is not None:
                t = t.dt.tz_localize(None)
            if lo is not None:
                first = lo.to_period("M").start_time if name == "market" else lo
                keep &= (t >= first).fillna(False).to_numpy(dtype=bool)
            if hi is not None:
                keep &= (t < hi + pd.Timedelta(days=1)).fillna(False).to_numpy(dtype=bool)
        if platforms is not None and name in _PLATFORM_TABLES and "platform" in df.columns:
            keep &= df["platform"].str.lower().isin(plats).fillna(False).to_numpy(dtype=bool)
        out = df.loc[keep].reset_index(drop=True) if not keep.all() else df.copy()
        out.attrs = {**df.attrs, "meta": {**(df.attrs.get("meta") or {}), "locale": meta["locale"],
                                          "currency": meta["currency"]}}
        tables[name] = out
    meta_out = {**meta, "period": (None if lo is None else str(lo.date()), None if hi is None else str(hi.date())),
                "platforms": None if platforms is None else sorted(plats)}
    return Dataset(meta=meta_out, tables=tables, folder=ds.folder, notes=list(getattr(ds, "notes", []) or []))


def daily_series(ds: Any, *, metric: str = "reach", brand: str | None = None) -> pd.Series:
    """A daily KPI series for ``sr.awareness.campaign_lift``.

    ``metric`` is "mentions" (own-brand mentions per day; ``brand`` defaults to the dataset's) or
    a column of ``audience`` (reach, impressions, new_followers, profile_visits...) summed over the
    platforms kept. Days without a row are absent from ``audience`` sums (not zero), but count 0
    mentions (a day without mentions had none). The series carries the dataset metadata.
    """
    meta = dict(ds.meta)
    if metric == "mentions":
        m = ds.mentions
        if m is None:
            raise DataError("table 'mentions' is needed for metric='mentions' but is absent")
        own = brand or meta.get("brand")
        t = m.loc[m["brand"] == own, "timestamp"]
        if getattr(t.dt, "tz", None) is not None:
            t = t.dt.tz_localize(None)
        days = t.dt.normalize()
        counts = days.value_counts().sort_index()
        allm = m["timestamp"]
        if getattr(allm.dt, "tz", None) is not None:
            allm = allm.dt.tz_localize(None)
        if len(allm) == 0:
            raise DataError("table 'mentions' has no rows in the period")
        idx = pd.date_range(allm.min().normalize(), allm.max().normalize(), freq="D")
        s = counts.reindex(idx, fill_value=0).astype(float)
    else:
        a = ds.audience
        if a is None:
            raise DataError(f"table 'audience' is needed for metric={metric!r} but is absent")
        if metric not in a.columns:
            raise DataError(f"table 'audience' has no column {metric!r}; it has {list(a.columns)}")
        vals = pd.to_numeric(a[metric], errors="coerce").astype(float)
        s = vals.groupby(a["date"].to_numpy()).sum(min_count=1).sort_index()
        s.index = pd.DatetimeIndex(s.index)
        if len(s):
            s = s.reindex(pd.date_range(s.index.min(), s.index.max(), freq="D"))
    s.name = metric
    s.index.name = "date"
    s.attrs = {"meta": meta}
    return s


def default_campaign(ds: Any, *, campaign: str | None = None, start: Any = None,
                     end: Any = None) -> tuple[str | None, pd.Timestamp | None, pd.Timestamp | None]:
    """Name and window of the campaign to evaluate.

    Explicit ``start``/``end`` win. Otherwise the window runs from the first to the last day of the
    posts tagged ``campaign`` (default: the named campaign whose posts are the most recent).
    Returns (None, None, None) when nothing is known.
    """
    lo, hi = _day(start, "campaign_start"), _day(end, "campaign_end")
    posts = ds.posts
    if posts is not None and "campaign" in posts.columns and (lo is None or hi is None or campaign is None):
        tagged = posts[posts["campaign"].notna() & (posts["campaign"].astype(str).str.strip() != "")]
        if len(tagged):
            t = tagged["published_at"]
            if getattr(t.dt, "tz", None) is not None:
                t = t.dt.tz_localize(None)
            if campaign is None:
                campaign = str(tagged.loc[t.idxmax(), "campaign"])
            sel = tagged["campaign"] == campaign
            if sel.any():
                lo = lo if lo is not None else t[sel].min().normalize()
                hi = hi if hi is not None else t[sel].max().normalize()
    if lo is None or hi is None:
        return campaign, None, None
    return campaign or "—", lo, hi


# --------------------------------------------------------------------------------------------
# Report: readiness, skips, results
# --------------------------------------------------------------------------------------------
class Report:
    """Running state of a notebook: locale, skip messages and the results dictionary.

    Parameters
    ----------
    ds : Dataset
        The dataset as analysed (usually from :func:`subset`).
    notebook : str
        Notebook name, written into the results.

    Attributes
    ----------
    results : dict
        Headline KPIs, name → number or string (what ``sr.report.write_results`` writes).
    skipped : dict
        Analysis → reason, for every analysis skipped.
    """

    def __init__(self, ds: Any, *, notebook: str) -> None:
        self.ds = ds
        self.notebook = notebook
        self.locale = resolve_locale(None, ds)
        self.currency = str(ds.meta.get("currency") or "EUR")
        self.skipped: dict[str, str] = {}
        period = ds.meta.get("period") or (None, None)
        self.results: dict[str, Any] = {
            "notebook": notebook,
            "dataset": str(ds.meta.get("name")),
            "locale": self.locale,
            "currency": self.currency,
            "period_start": period[0] or self._bound("min"),
            "period_end": period[1] or self._bound("max"),
        }
        posts = ds.posts
        if posts is not None:
            self.has_data = len(posts) > 0
        else:  # a dataset without posts (listening or page-level data only)
            self.has_data = any(df is not None and len(df) > 0 for df in ds.tables.values())
        self.results["n_posts"] = 0 if posts is None else int(len(posts))

    def _bound(self, how: str) -> str | None:
        """First or last day of the data: of the posts, or of every table when there are no posts."""
        posts = self.ds.posts
        if posts is not None:
            frames = [(posts, "published_at")] if len(posts) else []
        else:
            frames = [(df, _TIME_COLUMNS[name]) for name, df in self.ds.tables.items()
                      if df is not None and len(df) and _TIME_COLUMNS.get(name) in df.columns]
        days = []
        for df, col in frames:
            t = df[col]
            if getattr(t.dt, "tz", None) is not None:
                t = t.dt.tz_localize(None)
            if t.notna().any():
                days.append(getattr(t, how)())
        if not days:
            return None
        return str(getattr(pd.Series(days), how)().date())

    # -- text ------------------------------------------------------------------------------
    def text(self, key: str, **kw: Any) -> str:
        """A sentence of :data:`TEXT` in the report's locale."""
        return _t(self.locale, key, **kw)

    def say(self, text: str) -> None:
        """Show a paragraph: in a notebook, as Markdown prose (every character of the text escaped,
        so data such as brand names never becomes markup); elsewhere printed, wrapped."""
        say(text)

    def table(self, frame: pd.DataFrame, **kw: Any) -> None:
        """Show ``frame`` formatted for the client (:func:`format_table` in the report's locale and
        currency), without its index; when it shows intervals, say under it what they rest on."""
        shown = format_table(frame, locale=self.locale, currency=self.currency, **kw)
        show_table(shown)
        note = table_ci_note(frame, shown, locale=self.locale)
        if note:
            self.say(note)

    def period_text(self) -> str:
        lo, hi = self.results.get("period_start"), self.results.get("period_end")
        if lo is None and hi is None:
            return self.text("whole_period")
        return self.text("period", start=fmt_date(lo, locale=self.locale), end=fmt_date(hi, locale=self.locale))

    def overview(self) -> pd.DataFrame:
        """Print what the dataset holds for the period, and return ``ds.summary()``."""
        from .schema import TABLES

        ds = self.ds
        if not self.has_data:
            self.say(self.text("no_data" if ds.posts is not None else "no_data_any", period=self.period_text()))
        else:
            present = [t for t in TABLES if ds.tables.get(t) is not None]
            absent = [t for t in TABLES if ds.tables.get(t) is None]
            plats = ds.meta.get("platforms")
            self.say(self.text(
                "overview" if ds.posts is not None else "overview_no_posts", name=ds.meta.get("name"),
                n_posts=fmt_num(0 if ds.posts is None else len(ds.posts), locale=self.locale, digits=0),
                first=fmt_date(self.results["period_start"], locale=self.locale),
                last=fmt_date(self.results["period_end"], locale=self.locale),
                platforms=self.text("overview_platforms", platforms=", ".join(plats)) if plats else "",
                present=", ".join(pretty(p, locale=self.locale) for p in present),
                absent=self.text("overview_absent", absent=", ".join(pretty(a, locale=self.locale) for a in absent))
                if absent else ""))
        notes = import_notes_text(getattr(ds, "notes", None) or [], locale=self.locale)
        if notes:
            self.say(notes)
        return ds.summary()

    def heading(self, key: str, *, level: int = 2) -> None:
        """Show a localised heading (``key`` of :data:`TEXT`, e.g. "h_er") as Markdown."""
        _markdown("#" * level + " " + _escape_md(self.text(key)))

    def title(self) -> None:
        """Show the notebook's title, the dataset name and the business question."""
        code = self.notebook[:2]
        _markdown(f"# {_escape_md(self.text('title_' + code))}\n\n**{_escape_md(str(self.ds.meta.get('name')))}**"
                  f" — {_escape_md(self.period_text())}\n\n{_escape_md(self.text('q_' + code))}")

    def record(self, name: str, table: pd.DataFrame, *, value: str | None = None, by: str | None = None,
               ci: tuple[str, str] = ("ci_low", "ci_high")) -> None:
        """Put a value and its interval in ``results``.

        Without ``by``: ``name``, ``name_ci_low``, ``name_ci_high`` from the first row of ``table``
        (column ``value``, default ``name``), and ``name_ci_n`` / ``name_ci_unit`` — what the
        interval rests on (e.g. 48, "posts") when the table says so. With ``by``:
        ``name_<level>`` for each row.
        """
        col = value or name
        unit = (table.attrs or {}).get("ci_unit")

        def basis(i: int) -> tuple[Any, Any]:
            # what the interval of row i rests on: (number of units, unit)
            if "n_units" in table.columns and "ci_unit" in table.columns:
                return _num(table["n_units"].iloc[i]), str(table["ci_unit"].iloc[i])
            if "ci_count" in (table.attrs or {}) and not table.attrs["ci_count"]:
                return None, None  # not one row's count (e.g. a rate ratio rests on two levels)
            for count in ("n_posts", "n_days"):
                if count in table.columns and unit in _UNIT_WORDS["en"]:
                    return _num(table[count].iloc[i]), unit
            return None, None

        def put(key: str, i: int) -> None:
            self.results[key] = _num(table[col].iloc[i])
            if ci[0] in table.columns and ci[1] in table.columns:
                self.results[f"{key}_ci_low"] = _num(table[ci[0]].iloc[i])
                self.results[f"{key}_ci_high"] = _num(table[ci[1]].iloc[i])
                n, u = basis(i)
                if n is not None and not _bad(self.results[f"{key}_ci_low"]):
                    self.results[f"{key}_ci_n"], self.results[f"{key}_ci_unit"] = n, u

        if by is None:
            put(name, 0)
        else:
            for i, level in enumerate(table[by].astype(str)):
                put(f"{name}_{_key(level)}", i)

    def window_ok(self, analysis: str, start: Any, end: Any, series: pd.Series | None = None,
                  *, min_before: int = 28) -> bool:
        """True when the campaign window is known and inside ``series`` with ``min_before`` points before."""
        if start is None or end is None:
            self.skip(analysis, self.text("reason_no_campaign"))
            return False
        if series is not None:
            idx = series.dropna().index
            first, last = (idx.min(), idx.max()) if len(idx) else (None, None)
            before = int((idx < pd.Timestamp(start)).sum()) if len(idx) else 0
            if first is None or pd.Timestamp(end) > last or pd.Timestamp(start) < first or before < min_before:
                self.skip(analysis, self.text("reason_window", start=_date(start), end=_date(end),
                                              first=_date(first) if first is not None else "—",
                                              last=_date(last) if last is not None else "—"))
                return False
        return True

    def label(self, analysis: str) -> str:
        a = ANALYSES.get(analysis)
        if a is None:
            return analysis
        return a.fr if self.locale == "fr" else a.en

    def skip(self, analysis: str, reason: str) -> None:
        """Record and print that ``analysis`` is skipped, and why."""
        self.skipped[analysis] = reason
        self.say(self.text("skipped", analysis=self.label(analysis), reason=reason))

    def ready(self, analysis: str) -> bool:
        """True when ``analysis`` can run: the library has it, and its tables have data.

        Otherwise prints which analysis is skipped and why, records it, and returns False.
        """
        a = ANALYSES.get(analysis)
        if a is None:
            raise ParameterError(f"unknown analysis {analysis!r}; known: {sorted(ANALYSES)}")
        try:
            module = importlib.import_module(f"socialroi.{a.module}")
            available = callable(getattr(module, a.function, None))
        except ImportError:
            available = False
        if not available:
            self.skip(analysis, self.text("reason_missing_fn", module=a.module, function=a.function))
            return False
        for table in a.tables:
            df = self.ds.tables.get(table)
            if df is None:
                self.skip(analysis, self.text("reason_no_posts" if table == "posts" else "reason_table", table=table))
                return False
            if len(df) == 0:
                self.skip(analysis, self.text("reason_empty", table=table, period=self.period_text()))
                return False
        for table, cols in a.columns.items():
            df = self.ds.tables.get(table)
            missing = [c for c in cols if df is not None and c not in df.columns]
            if missing:
                self.skip(analysis, self.text("reason_columns", table=table, columns=", ".join(missing)))
                return False
            if df is not None and all(df[c].isna().all() for c in cols):
                self.skip(analysis, self.text("reason_columns", table=table, columns=", ".join(cols)))
                return False
        return True

    @contextlib.contextmanager
    def guard(self, analysis: str) -> Iterator[None]:
        """Run a block; a ``DataError``/``ParameterError`` becomes a skip message (the notebook goes on)."""
        try:
            yield
        except DataError as exc:
            self.skip(analysis, self.text("reason_error", error=_short(exc)))
        except ParameterError as exc:
            self.skip(analysis, self.text("reason_param", error=_short(exc)))

    def finish(self) -> dict[str, Any]:
        """The results to write: KPIs plus ``analyses_skipped`` (count) and ``skipped`` (names)."""
        out = dict(self.results)
        out["analyses_skipped"] = len(self.skipped)
        out["skipped"] = ", ".join(self.skipped) if self.skipped else ""
        return out


def import_notes_text(notes: Sequence[Mapping[str, Any]], *, locale: str) -> str:
    """The assumptions of the import (``Dataset.notes``, from ``import_notes.json``) in plain words:
    the zone each platform's times were read in and why, where years came from, and which
    exposure counts (reach, impressions, views) each platform's posts have. "" without notes."""
    loc = resolve_locale(locale)
    lines = []
    for a in notes:
        kind = a.get("kind")
        files = ", ".join(str(f) for f in (a.get("files") or [])[:3]) + (" …" if len(a.get("files") or []) > 3 else "")
        platform = pretty(a.get("platform") or "—", locale=loc)
        if kind == "timezone" and a.get("how") in ("default", "stated", "override", "offset", "dataset"):
            lines.append(_t(loc, "note_tz", platform=platform, files=files, zone=a.get("zone") or "UTC",
                            why=_t(loc, "why_" + str(a["how"]))))
        elif kind == "year":
            span = _t(loc, "note_span", first=fmt_date(a["first"], locale=loc), last=fmt_date(a["last"], locale=loc)) \
                if a.get("first") and a.get("last") else ""
            lines.append(_t(loc, "note_year", n=a.get("values", "—"), files=files, source=a.get("source", "—"), span=span))
        elif kind == "basis" and a.get("what") == "engagement_unique_people":
            lines.append(_t(loc, "note_unique", platform=platform) + ".")
        elif kind == "basis" and "has" in a:
            has = ", ".join(pretty(c, locale=loc) for c in a.get("has") or []) or _t(loc, "none")
            lacks = a.get("lacks") or []
            text = _t(loc, "note_basis", platform=platform, has=has,
                      lacks=_t(loc, "note_lacks", lacks=", ".join(pretty(c, locale=loc) for c in lacks)) if lacks else "")
            if "reach" not in (a.get("has") or []):
                text += _t(loc, "note_no_reach", platform=platform)
            lines.append(text + ".")
    if not lines:
        return ""
    return _t(loc, "import_notes") + "\n" + "\n".join(f"- {line[:1].upper()}{line[1:]}" for line in lines)


def _num(v: Any) -> Any:
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v)
    if v is pd.NA or v is None:
        return None
    if isinstance(v, (int, str)):
        return v
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


def _key(level: str) -> str:
    out = "".join(c if c.isalnum() else "_" for c in str(level).strip().lower())
    return out.strip("_") or "other"


def _escape_md(text: str) -> str:
    """Escape text for Markdown (and HTML): data such as brand names must never become markup."""
    import html

    out = html.escape(str(text), quote=False)
    for ch in "\\`*_[]#|":
        out = out.replace(ch, "\\" + ch)
    return out


def say(text: str) -> None:
    """Show plain text as a paragraph: Markdown prose in a notebook (every character escaped, so
    data such as brand names never becomes markup; one paragraph per line), printed elsewhere."""
    if not text:
        return
    if _in_kernel():
        paras = [_escape_md(p) for p in str(text).split("\n") if p.strip()]
        _markdown("\n\n".join(_no_block_start(p) for p in paras))
    else:
        print(_wrap(text))


def _no_block_start(par: str) -> str:
    """Escape what would make a paragraph a Markdown list or quote ("- x", "+ x", "1. x", "> x")."""
    import re

    m = re.match(r"^(\d+)([.)])(\s)", par)
    if m:
        return f"{m.group(1)}\\{m.group(2)}{par[len(m.group(1)) + 1:]}"
    return ("\\" + par) if par[:1] in "-+>" else par


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (papermill runs), where Markdown outputs are rendered."""
    ip = sys.modules.get("IPython")
    if ip is None:
        return False
    try:
        shell = ip.get_ipython()
    except AttributeError:  # pragma: no cover
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def _markdown(text: str) -> None:
    try:
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython is installed with ipykernel
        print(text)
        return
    display(Markdown(text))


def _short(exc: Exception, n: int = 300) -> str:
    msg = "; ".join(exc.problems) if getattr(exc, "problems", None) else str(exc)
    msg = " ".join(msg.split())
    return msg if len(msg) <= n else msg[: n - 1] + "…"


# --------------------------------------------------------------------------------------------
# Interpretations
# --------------------------------------------------------------------------------------------
def ci_basis(n: Any, unit: Any, *, locale: str) -> str:
    """What an interval rests on, in words: en " across 48 posts", fr " sur 48 publications".

    ``unit`` is a table's ``ci_unit`` ("posts", "days", "weeks", "users"...); "" when ``n`` or
    ``unit`` is unknown (no interval, or an option that counts trials).
    """
    loc = resolve_locale(locale)
    words = _UNIT_WORDS[loc].get(str(unit)) if unit is not None else None
    if words is None or _bad(n) or int(n) <= 0:
        return ""
    n = int(n)
    return _t(loc, "across", n=fmt_num(n, locale=loc, digits=0), unit=words[0] if n == 1 else words[1])


def _row_basis(table: pd.DataFrame, row: Any, *, locale: str, count: str = "n_posts") -> str:
    """:func:`ci_basis` of one row of an indicator table (its ``n_units``/``ci_unit``, else posts)."""
    if not hasattr(row, "get"):
        return ""
    if "n_units" in getattr(row, "index", []) and "ci_unit" in getattr(row, "index", []):
        return ci_basis(row.get("n_units"), row.get("ci_unit"), locale=locale)
    unit = (table.attrs or {}).get("ci_unit")
    if unit in ("posts", "days", "weeks", "users", "customers") and count in getattr(row, "index", []):
        return ci_basis(row.get(count), unit, locale=locale)
    return ""


def interpret_engagement(overall: pd.DataFrame, *, by_table: pd.DataFrame | None = None,
                         by: str | None = None, basis: str = "reach", locale: str,
                         period: str = "") -> str:
    """Sentence for an engagement rate (``overall``: one row of ``engagement_rate``)."""
    loc = resolve_locale(locale)
    r = overall.iloc[0]
    by_text = ""
    if by_table is not None and by is not None and len(by_table):
        parts = [f"{pretty(row[by], locale=loc)} {fmt_ci(row['engagement_rate'], row['ci_low'], row['ci_high'], locale=loc, digits=2)}"
                 + (f" ({_row_basis(by_table, row, locale=loc).strip()})" if _row_basis(by_table, row, locale=loc) else "")
                 for _, row in by_table.iterrows()]
        by_text = _t(loc, "er_by", by=dim_label(by, locale=loc), levels=(" ; " if loc == "fr" else "; ").join(parts))
    n_excl = int(overall.attrs.get("n_excluded") or 0)
    excluded = _t(loc, "er_excluded", n=fmt_num(n_excl, locale=loc, digits=0), basis=pretty(basis, locale=loc)) if n_excl else ""
    basis_def = (overall.attrs.get("indicator") or {}).get("denominator_fr" if loc == "fr" else "denominator", basis)
    return _t(loc, "er", period=period or _t(loc, "whole_period"), n_posts=fmt_num(r["n_posts"], locale=loc, digits=0),
              num=fmt_num(r["numerator"], locale=loc, digits=0), den=fmt_num(r["denominator"], locale=loc, digits=0),
              basis_word=_t(loc, f"basis_word_{basis}"), rate=fmt_pct(r["engagement_rate"], locale=loc, digits=2),
              lo=fmt_pct(r["ci_low"], locale=loc, digits=2), hi=fmt_pct(r["ci_high"], locale=loc, digits=2),
              by_text=by_text, basis_def=basis_def, excluded=excluded, basis_n=_row_basis(overall, r, locale=loc))


def interpret_compare(table: pd.DataFrame, *, basis: str = "reach", locale: str) -> str:
    """Sentence for ``sr.indicators.compare_rates``: best and worst level against the reference."""
    loc = resolve_locale(locale)
    ref = str(table.attrs.get("reference", table.loc[table["rate_ratio"] == 1, "level"].iloc[0]))
    others = table[table["level"].astype(str) != ref]
    if not len(others):
        return ""
    best = others.loc[others["rate_ratio"].idxmax()]
    worst = others.loc[others["rate_ratio"].idxmin()]
    clear = others[(others["ci_low"] > 1) | (others["ci_high"] < 1)]
    signif = (_t(loc, "compare_signif", levels=", ".join(map(str, clear["level"]))) if len(clear)
              else _t(loc, "compare_none"))
    f = lambda v: fmt_num(v, locale=loc, digits=2)  # noqa: E731
    p = lambda v: pretty(v, locale=loc)  # noqa: E731
    adj = [a for a in (table.attrs.get("adjusted_for") or []) if a]
    adjusted = _t(loc, "compare_adjusted", dims=", ".join(dim_label(a, locale=loc) for a in adj)) if adj else ""
    if len(clear):
        signif = _t(loc, "compare_signif", levels=", ".join(map(p, clear["level"])))
    return _t(loc, "compare", ref=p(ref), best=p(best["level"]), ratio=f(best["rate_ratio"]), lo=f(best["ci_low"]),
              hi=f(best["ci_high"]), p=fmt_p(best["p_value"], locale=loc), worst=p(worst["level"]),
              wratio=f(worst["rate_ratio"]), wlo=f(worst["ci_low"]), whi=f(worst["ci_high"]), signif=signif,
              basis=p(basis), adjusted=adjusted,
              n=fmt_num(int(table["n_posts"].sum()), locale=loc, digits=0) if "n_posts" in table.columns else "—")


def best_slot(grid: pd.DataFrame, *, min_posts: int = 5) -> pd.Series | None:
    """Row of the hour × weekday grid with the highest rate among cells with ≥ ``min_posts`` posts."""
    ok = grid[(grid["n_posts"] >= min_posts) & grid["engagement_rate"].notna()]
    if not len(ok):
        return None
    return ok.loc[ok["engagement_rate"].idxmax()]


def interpret_posting_times(grid: pd.DataFrame, *, locale: str, min_posts: int = 5) -> str:
    """Sentence for ``sr.indicators.best_posting_times``."""
    loc = resolve_locale(locale)
    ok = grid[(grid["n_posts"] >= min_posts) & grid["engagement_rate"].notna()]
    if not len(ok):
        return _t(loc, "times_none")
    b = ok.loc[ok["engagement_rate"].idxmax()]
    w = ok.loc[ok["engagement_rate"].idxmin()]
    slot = lambda r: slot_text(r, locale=loc)  # noqa: E731
    pc = lambda v: fmt_pct(v, locale=loc, digits=2)  # noqa: E731
    if len(ok) == 1:  # no "best" nor "weakest" of one slot
        return _t(loc, "times_one", min_posts=min_posts, slot=slot(b), rate=pc(b["engagement_rate"]),
                  lo=pc(b["ci_low"]), hi=pc(b["ci_high"]), n=int(b["n_posts"]))
    return _t(loc, "times", min_posts=min_posts, slot=slot(b), rate=pc(b["engagement_rate"]), lo=pc(b["ci_low"]),
              hi=pc(b["ci_high"]), n=int(b["n_posts"]), wslot=slot(w), wrate=pc(w["engagement_rate"]),
              wlo=pc(w["ci_low"]), whi=pc(w["ci_high"]), wn=int(w["n_posts"]), cells=len(ok))


def slot_text(row: Any, *, locale: str) -> str:
    """A weekday-hour slot of ``best_posting_times``: fr ``mardi 12 h``, en ``Tuesday 12:00``."""
    if row is None:
        return "—"
    hour = int(row["hour"])
    return f"{row['day']} {hour} h" if resolve_locale(locale) == "fr" else f"{row['day']} {hour:02d}:00"


def interpret_share_of_voice(sov: pd.DataFrame, *, brand: str, basis: str = "mentions", locale: str) -> str:
    """Sentence for ``sr.indicators.share_of_voice`` (one row per brand, no period)."""
    loc = resolve_locale(locale)
    own = sov[sov["brand"] == brand]
    if not len(own):
        return ""
    r = own.iloc[0]
    others = sov[sov["brand"] != brand]
    comp = (" ; " if loc == "fr" else "; ").join(
        f"{b} {fmt_ci(v, lo, hi, locale=loc)}" for b, v, lo, hi in
        zip(others["brand"], others["share_of_voice"], others["ci_low"], others["ci_high"], strict=False))
    return _t(loc, "sov", brand=brand, sov=fmt_pct(r["share_of_voice"], locale=loc), basis=pretty(basis, locale=loc),
              lo=fmt_pct(r["ci_low"], locale=loc), hi=fmt_pct(r["ci_high"], locale=loc),
              competitors=comp or _t(loc, "none"), basis_n=_row_basis(sov, r, locale=loc))


def interpret_sentiment(ns: pd.DataFrame, *, brand: str, locale: str) -> str:
    """Sentence for ``sr.indicators.net_sentiment`` by brand."""
    loc = resolve_locale(locale)
    own = ns[ns["brand"] == brand]
    if not len(own):
        return ""
    r = own.iloc[0]
    others = ns[ns["brand"] != brand]
    cmp_ = (_t(loc, "sentiment_cmp", levels=(" ; " if loc == "fr" else "; ").join(
        f"{b} {fmt_ci(v, lo, hi, locale=loc, kind='num', digits=2)}" for b, v, lo, hi in
        zip(others["brand"], others["net_sentiment"], others["ci_low"], others["ci_high"], strict=False)))
        if len(others) else "")
    return _t(loc, "sentiment", brand=brand, ns=_minus(fmt_num(r["net_sentiment"], locale=loc)),
              lo=_minus(fmt_num(r["ci_low"], locale=loc)), hi=_minus(fmt_num(r["ci_high"], locale=loc)), comparison=cmp_,
              basis_n=_row_basis(ns, r, locale=loc))


def interpret_lift(lift: Any, *, campaign: str, metric: str, locale: str) -> str:
    """Sentence for a ``campaign_lift`` result: its own summary plus what it does not say."""
    loc = resolve_locale(locale)
    name = pretty(metric, locale=loc)
    n = lambda v: _signed(v, loc, digits=0 if abs(float(v)) >= 100 else 1) if not _bad(v) else "—"  # noqa: E731
    pc = lambda v: ("+" if not _bad(v) and v > 0 else "") + _minus(fmt_pct(v, locale=loc))  # noqa: E731
    signif = not (_bad(lift.ci_low) or _bad(lift.ci_high)) and (lift.ci_low > 0 or lift.ci_high < 0)
    method = getattr(lift, "method", "its")
    summary = _t(loc, "lift_summary", n_post=lift.n_post, n_pre=lift.n_pre, metric=name,
                 obs=_fmt_auto(lift.observed_mean, loc), cf=_fmt_auto(lift.counterfactual_mean, loc),
                 model=_t(loc, f"model_{method}") if f"model_{method}" in TEXT[loc] else method,
                 abs=n(lift.absolute_effect), abs_lo=n(lift.abs_ci_low), abs_hi=n(lift.abs_ci_high),
                 cum=n(lift.cumulative_effect), rel=pc(lift.relative_effect), rel_lo=pc(lift.ci_low),
                 rel_hi=pc(lift.ci_high), p=fmt_p(lift.p_value, locale=loc),
                 verdict=_t(loc, "lift_signif" if signif else "lift_not_signif"))
    text = _t(loc, "lift", campaign=campaign, start=fmt_date(lift.start, locale=loc), end=fmt_date(lift.end, locale=loc),
              metric=name,
              summary=summary)
    covers = _t(loc, f"lift_covers_{method}") if f"lift_covers_{method}" in TEXT[loc] else _t(loc, "lift_covers_its")
    return text + "\n" + _t(loc, "lift_not", rel=fmt_pct(lift.relative_effect, locale=loc),
                            lo=fmt_pct(lift.ci_low, locale=loc), hi=fmt_pct(lift.ci_high, locale=loc), metric=name,
                            covers=covers)


def _signed(v: Any, loc: str, *, digits: int = 1) -> str:
    """A number with its sign: ``+12,3`` / ``−4,5``."""
    if _bad(v):
        return "—"
    return ("+" if float(v) > 0 else "") + _minus(fmt_num(v, locale=loc, digits=digits))


def _date(x: Any) -> str:
    try:
        return str(pd.Timestamp(x).date())
    except (TypeError, ValueError):
        return str(x)


_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}


def fmt_date(x: Any, *, locale: str, month_only: bool = False) -> str:
    """A date in words: fr ``1er janvier 2024`` / ``décembre 2025``, en ``1 January 2024`` /
    ``December 2025`` (``month_only``); the text itself when it is not a date, "…" when missing."""
    if x is None or x is pd.NaT or (isinstance(x, float) and math.isnan(x)):
        return "…"
    loc = resolve_locale(locale)
    try:
        ts = pd.Timestamp(x)
    except (TypeError, ValueError):
        return str(x)
    month = _MONTHS[loc][ts.month - 1]
    if month_only:
        return f"{month} {ts.year}" if loc == "fr" else f"{month} {ts.year}"
    day = "1er" if (loc == "fr" and ts.day == 1) else str(ts.day)
    return f"{day} {month} {ts.year}"


def interpret_trend(table: pd.DataFrame, *, locale: str, metric: str = "mentions") -> str:
    """Sentence for the last period of ``sr.awareness.trend_table``."""
    loc = resolve_locale(locale)
    if table is None or len(table) < 2:
        return ""
    r = table.iloc[-1]
    lo, hi = r.get("ci_low"), r.get("ci_high")
    verdict = ("trend_up" if not _bad(lo) and lo > 0 else "trend_down" if not _bad(hi) and hi < 0 else "trend_flat")
    sign = lambda v: _signed(v, loc, digits=1)  # noqa: E731
    return _t(loc, "trend", period=fmt_date(r["period"], locale=loc, month_only=True), days=int(r["days"]), observed=fmt_num(r["observed"], locale=loc, digits=0),
              metric=pretty(metric, locale=loc), change=sign(r["change_adjusted"]), lo=sign(lo), hi=sign(hi), raw=sign(r["change"]),
              verdict=_t(loc, verdict))


def interpret_bad_buzz(alerts: pd.DataFrame, *, brand: str, locale: str,
                       before_after: pd.DataFrame | None = None) -> str:
    """Sentence for ``detect_bad_buzz`` (and optionally ``positive_share_before_after``)."""
    loc = resolve_locale(locale)
    if alerts is None or not len(alerts):
        return _t(loc, "buzz_none", brand=brand)
    parts = [_t(loc, "buzz_part", start=fmt_date(r["start"], locale=loc), end=fmt_date(r["end"], locale=loc),
                obs=fmt_num(r.get("observed"), locale=loc, digits=0), exp=fmt_num(r.get("expected"), locale=loc, digits=0))
             for _, r in alerts.head(5).iterrows()]
    text = _t(loc, "buzz", n=len(alerts), brand=brand, alerts=(" ; " if loc == "fr" else "; ").join(parts))
    if before_after is not None and len(before_after) >= 2 and "positive_share" in before_after.columns:
        b, a = before_after.iloc[0], before_after.iloc[-1]
        change = before_after.attrs.get("change") or {}
        if not _bad(change.get("ci_low")):
            up = float(change["ci_low"]) > 0  # Newcombe interval of after − before excludes 0
        else:
            up = not _bad(a.get("ci_low")) and not _bad(b.get("ci_high")) and a["ci_low"] > b["ci_high"]
        text += "\n" + _t(loc, "buzz_after", brand=brand, before=fmt_pct(b["positive_share"], locale=loc),
                          after=fmt_pct(a["positive_share"], locale=loc), blo=fmt_pct(b.get("ci_low"), locale=loc),
                          bhi=fmt_pct(b.get("ci_high"), locale=loc), alo=fmt_pct(a.get("ci_low"), locale=loc),
                          ahi=fmt_pct(a.get("ci_high"), locale=loc),
                          diff=("+" if (change.get("difference", a["positive_share"] - b["positive_share"]) or 0) > 0 else "")
                          + fmt_ci(change.get("difference", a["positive_share"] - b["positive_share"]), None, None,
                                   locale=loc, kind="points"),
                          dlo=_minus(fmt_num(None if _bad(change.get("ci_low")) else 100 * change["ci_low"], locale=loc, digits=1)),
                          dhi=fmt_ci(change.get("ci_high"), None, None, locale=loc, kind="points"),
                          bn=_row_basis(before_after, b, locale=loc, count="n_days"),
                          an=_row_basis(before_after, a, locale=loc, count="n_days"),
                          p=fmt_p(change.get("p_value"), locale=loc),
                          verdict=_t(loc, "buzz_up" if up else "buzz_flat"))
    return text


def interpret_churn(table: pd.DataFrame, *, pooled: Mapping[str, Any], locale: str, freq: str = "MS") -> str:
    """Sentence for ``sr.loyalty.audience_loyalty`` with its pooled churn (``sr.loyalty.churn_summary``)."""
    loc = resolve_locale(locale)
    if "churn_rate" not in table.columns or table["churn_rate"].notna().sum() == 0:
        return ""
    c = table["churn_rate"].dropna()
    p2 = lambda v: fmt_pct(v, locale=loc, digits=2)  # noqa: E731
    return _t(loc, "churn", rate=p2(pooled.get("churn_rate")), clo=p2(pooled.get("ci_low")),
              chi=p2(pooled.get("ci_high")), freq=_t(loc, f"freq_{freq}") if f"freq_{freq}" in TEXT[loc] else freq,
              n=len(c), lo=p2(c.min()), hi=p2(c.max()),
              basis_n=ci_basis(pooled.get("n_units"), pooled.get("ci_unit"), locale=loc))


def interpret_retention(table: pd.DataFrame, *, locale: str, freq: str = "MS") -> str:
    """Sentence for ``sr.loyalty.cohort_retention`` (pooled retention after 1 and 3 periods,
    ``sr.loyalty.pooled_retention``)."""
    from .loyalty import pooled_retention

    loc = resolve_locale(locale)
    r1, lo, hi, _ = pooled_retention(table, period=1)
    r3, lo3, hi3, _ = pooled_retention(table, period=3)
    size = lambda k: table.loc[table["period"] == k, "cohort_size"].sum()  # noqa: E731
    word = _t(loc, f"freq_{freq}") if f"freq_{freq}" in TEXT[loc] else freq
    return _t(loc, "retention", freq=word, r1=fmt_pct(r1, locale=loc), lo=fmt_pct(lo, locale=loc),
              hi=fmt_pct(hi, locale=loc), r3=fmt_pct(r3, locale=loc), lo3=fmt_pct(lo3, locale=loc),
              hi3=fmt_pct(hi3, locale=loc), basis_n=ci_basis(size(1) if not _bad(lo) else 0, "users", locale=loc),
              basis_n3=ci_basis(size(3) if not _bad(lo3) else 0, "users", locale=loc))


def interpret_bgnbd(fit: Any, summary: pd.DataFrame, *, horizon: float, locale: str) -> str:
    """Sentence for a BG/NBD fit: expected repeat purchases of a new customer and share alive, with
    the intervals of ``fit.forecast_intervals`` (the uncertainty of the parameters only)."""
    loc = resolve_locale(locale)
    e = float(np.asarray(fit.expected_purchases(horizon)).ravel()[0])
    alive = np.asarray(fit.p_alive(summary["frequency"], summary["recency"], summary["T"]), dtype=float)
    ci = fit.forecast_intervals(summary, horizon=horizon)
    return _t(loc, "bgnbd", n=fmt_num(len(summary), locale=loc, digits=0), e=fmt_num(e, locale=loc),
              h=fmt_num(horizon, locale=loc, digits=0), alive=fmt_pct(np.nanmean(alive), locale=loc),
              elo=fmt_num(ci["expected"][0], locale=loc), ehi=fmt_num(ci["expected"][1], locale=loc),
              alo=fmt_pct(ci["alive"][0], locale=loc), ahi=fmt_pct(ci["alive"][1], locale=loc))


def interpret_association(assoc: Any, *, locale: str) -> str:
    """The association's own sentence, followed by the reminder that it is not causal."""
    loc = resolve_locale(locale)
    text = str(getattr(assoc, "text", "") or "")
    return text if text else _t(loc, "association_note")


def interpret_esov(own: Mapping[str, float], *, brand: str, period: str, locale: str,
                   regression: Any = None) -> str:
    """Sentence for ESOV: ``own`` holds ``sov``, ``som``, ``esov`` (fractions) and, optionally, their
    intervals ``sov_ci_low``... (``sr.market_share.own_esov``); ``regression`` an
    ``sr.market_share.esov_regression`` result (see :func:`interpret_esov_regression`)."""
    loc = resolve_locale(locale)
    pts = lambda v: fmt_ci(v, None, None, locale=loc, kind="points")  # noqa: E731
    text = _t(loc, "esov", period=period, brand=brand, sov=fmt_pct(own.get("sov"), locale=loc),
              sov_lo=fmt_pct(own.get("sov_ci_low"), locale=loc), sov_hi=fmt_pct(own.get("sov_ci_high"), locale=loc),
              som=fmt_pct(own.get("som"), locale=loc), esov=pts(own.get("esov")),
              esov_lo=_minus(fmt_num(None if _bad(own.get("esov_ci_low")) else 100 * own["esov_ci_low"], locale=loc, digits=1)),
              esov_hi=pts(own.get("esov_ci_high")), rule=_t(loc, "esov_rule"),
              basis_n=ci_basis(own.get("sov_n"), own.get("ci_unit"), locale=loc) if not _bad(own.get("sov_ci_low")) else "")
    if regression is not None:
        text += "\n" + interpret_esov_regression(regression, locale=loc)
    return text


def interpret_esov_regression(reg: Any, *, locale: str) -> str:
    """Sentence for ``sr.market_share.esov_regression``: the slope, its yearly equivalent against the
    rule of thumb, both with their intervals, and why it is an association."""
    loc = resolve_locale(locale)
    g = lambda k: getattr(reg, k, None) if not isinstance(reg, Mapping) else reg.get(k)  # noqa: E731
    s = lambda v: _signed(v, loc, digits=3)  # noqa: E731
    lo, hi = g("ci_low"), g("ci_high")
    flat = _bad(lo) or _bad(hi) or (lo <= 0 <= hi)
    return _t(loc, "esov_reg", n=g("n_obs") or g("n") or "—", brands=g("n_brands") or "—", slope=s(g("slope")),
              lo=s(lo), hi=s(hi), p=fmt_p(g("p_value"), locale=loc), year=s(g("slope_per_year")),
              ylo=s(g("year_ci_low")), yhi=s(g("year_ci_high")), rule=s(g("rule_of_thumb_per_year")),
              verdict=_t(loc, "esov_reg_flat" if flat else "esov_reg_clear"))


def interpret_mmm(roi: pd.DataFrame, *, target: str, locale: str, currency: str = "EUR") -> str:
    """Sentence for the ROI table of ``sr.roi.fit_mmm``.

    For a money target (revenue, sales) it gives each channel's ROAS with its interval. For a target
    that is not money (leads, orders...), ROAS is a tiny number of units per currency unit, so it
    gives the units per 1,000 of spend and the cost per unit (1 / ROAS; its interval is the inverted
    ROAS interval) instead.
    """
    loc = resolve_locale(locale)
    ident = roi["identified"].astype(bool) if "identified" in roi.columns else pd.Series(True, index=roi.index)
    f = lambda v: fmt_num(v, locale=loc)  # noqa: E731
    money = target in ("revenue", "sales", "turnover", "ca", "chiffre_affaires")
    unit = target[:-1] if target.endswith("s") else target
    unit = pretty(unit, locale=loc)
    name = pretty(target, locale=loc)
    sep = " ; " if loc == "fr" else "; "
    inv = lambda v: (1.0 / float(v)) if not _bad(v) and float(v) > 0 else float("nan")  # noqa: E731
    m = lambda v: fmt_money(v, currency=currency, locale=loc, digits=2)  # noqa: E731
    parts = []
    for _, r in roi[ident].iterrows():
        if money:
            parts.append(f"{pretty(r['channel'], locale=loc)} ROAS {fmt_ci(r['roas'], r['roas_ci_low'], r['roas_ci_high'], locale=loc, kind='num', digits=2)}")
        else:
            parts.append(_t(loc, "mmm_unit_part", channel=pretty(r["channel"], locale=loc), per=f(1000 * r["roas"]),
                            lo=f(1000 * r["roas_ci_low"]), hi=f(1000 * r["roas_ci_high"]), target=name,
                            currency=currency, unit=unit, cost=m(inv(r["roas"])), clo=m(inv(r["roas_ci_high"])),
                            chi=m(inv(r["roas_ci_low"]))))
    unid = [pretty(c, locale=loc) for c in roi.loc[~ident, "channel"].astype(str)]
    return _t(loc, "mmm" if money else "mmm_units", target=name, Target=name[:1].upper() + name[1:], unit=unit,
              n=int(ident.sum()), channels=sep.join(parts),
              unidentified=_t(loc, "mmm_unid", channels=", ".join(unid)) if unid else "")


def interpret_value(value: float, cost: float, roi: float, *, values: Mapping[str, float], currency: str,
                    locale: str) -> str:
    """Sentence for the economic value of engagement against the social costs."""
    loc = resolve_locale(locale)
    vals = ", ".join(f"{pretty(k, locale=loc)} {fmt_money(v, currency=currency, locale=loc, digits=2)}" for k, v in values.items())
    return _t(loc, "value", values=vals, value=fmt_money(value, currency=currency, locale=loc),
              cost=fmt_money(cost, currency=currency, locale=loc), roi=_minus(fmt_pct(roi, locale=loc)))


def default_target(ds: Any, target: str | None = None) -> str | None:
    """Outcome column to explain: ``target`` if given, else "revenue" when present, else the first
    numeric column of ``outcomes`` (None without outcomes)."""
    if target is not None:
        return target
    out = ds.outcomes
    if out is None:
        return None
    if "revenue" in out.columns:
        return "revenue"
    numeric = [c for c in out.columns if c != "date" and pd.api.types.is_numeric_dtype(out[c])]
    return numeric[0] if numeric else None


def social_costs(ds: Any, *, staff_channels: Sequence[str] = ("community_management",),
                 staff_cost: float = 0.0, tools_cost: float = 0.0) -> dict[str, float]:
    """Costs of the social activity in the period: ``media`` (Σ posts.spend, promotion of posts),
    ``staff`` (Σ spend.amount of ``staff_channels`` + ``staff_cost``) and ``tools``."""
    media = float(pd.to_numeric(ds.posts["spend"], errors="coerce").sum()) if (
        ds.posts is not None and "spend" in ds.posts.columns) else 0.0
    staff = float(staff_cost)
    if ds.spend is not None and len(ds.spend):
        sel = ds.spend["channel"].astype(str).isin(list(staff_channels))
        staff += float(pd.to_numeric(ds.spend.loc[sel, "amount"], errors="coerce").sum())
    return {"media": media, "staff": staff, "tools": float(tools_cost)}


# --------------------------------------------------------------------------------------------
# Planted truth (bundled samples)
# --------------------------------------------------------------------------------------------
def planted(ds: Any) -> dict[str, Any]:
    """The sample's ``planted.json`` (what the generator planted), or {} for a real dataset."""
    folder = getattr(ds, "folder", None)
    if folder is None:
        return {}
    path = Path(folder) / "planted.json"
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def planted_note(ds: Any, topic: str, *, locale: str) -> str:
    """One sentence stating what was planted for ``topic`` in a bundled sample ("" otherwise).

    Topics: "engagement", "campaign", "bad_buzz", "media_mix", "loyalty", "market_share".
    """
    loc = resolve_locale(locale)
    p = planted(ds).get(topic)
    if not p:
        return ""
    f = lambda v, d=2: fmt_num(v, locale=loc, digits=d)  # noqa: E731
    if topic == "engagement":
        base = ", ".join(f"{pretty(k, locale=loc)} {fmt_pct(v, locale=loc)}" for k, v in p.get("base_rate", {}).items())
        mult = ", ".join(f"{pretty(k, locale=loc)} ×{f(v)}" for k, v in p.get("type_multiplier", {}).items())
        text = f"base rates {base}; post types {mult}" if loc == "en" else f"taux de base {base} ; formats {mult}"
    elif topic == "campaign":
        m = ", ".join(f"{pretty(k, locale=loc)} ×{f(v)}" for k, v in p.get("audience_reach_multiplier", {}).items())
        text = (f"'{p.get('name')}' {p.get('start')} → {p.get('end')}: audience reach {m}; own mentions "
                f"×{f(p.get('own_mentions_multiplier'))}" if loc == "en" else
                f"« {p.get('name')} » {p.get('start')} → {p.get('end')} : portée de l'audience {m} ; mentions "
                f"×{f(p.get('own_mentions_multiplier'))}")
    elif topic == "bad_buzz":
        text = (f"{p.get('start')} → {p.get('end')}, about {p.get('extra_negative_mentions_per_day')} extra negative "
                f"mentions a day; positive share +{fmt_pct(p.get('positive_share_increase_after'), locale=loc, digits=0)} after"
                if loc == "en" else
                f"{p.get('start')} → {p.get('end')}, environ {p.get('extra_negative_mentions_per_day')} mentions "
                f"négatives de plus par jour ; part positive +{fmt_pct(p.get('positive_share_increase_after'), locale=loc, digits=0)} après")
    elif topic == "media_mix":
        parts = []
        for ch, d in p.get("channels", {}).items():
            if "roas" in d:
                parts.append(f"{ch} ROAS {f(d['roas'])}")
            elif "cost_per_lead" in d:
                parts.append(f"{ch} {'coût par lead' if loc == 'fr' else 'cost per lead'} "
                             f"{f(d['cost_per_lead'])} ({'contribution' if loc == 'en' else 'contribution'} "
                             f"{f(d.get('contribution_leads'), 0)} leads)")
            elif "note" in d:
                parts.append(f"{ch}: " + ("salaire constant, effet non identifiable" if loc == "fr" else d["note"]))
        text = "; ".join(parts)
    elif topic == "loyalty":
        bg = ", ".join(f"{k} {f(v)}" for k, v in (p.get("customers_bgnbd_daily") or {}).items())
        text = (f"core community {fmt_pct(p.get('core_community_share'), locale=loc, digits=0)} of engagers, active "
                f"{fmt_pct(p.get('core_monthly_activity'), locale=loc, digits=0)} of months (others "
                f"{fmt_pct(p.get('other_monthly_activity'), locale=loc, digits=0)}); engaged customers buy "
                f"×{f(p.get('engaged_customer_purchase_rate_multiplier'))} as often; daily BG/NBD {bg}" if loc == "en" else
                f"communauté fidèle {fmt_pct(p.get('core_community_share'), locale=loc, digits=0)} des engagés, "
                f"active {fmt_pct(p.get('core_monthly_activity'), locale=loc, digits=0)} des mois (autres "
                f"{fmt_pct(p.get('other_monthly_activity'), locale=loc, digits=0)}) ; les clients engagés "
                f"achètent ×{f(p.get('engaged_customer_purchase_rate_multiplier'))} plus souvent ; BG/NBD journalier {bg}")
    elif topic == "market_share":
        text = (f"own share of the whole market {fmt_pct(p.get('own_share_start'), locale=loc)} → "
                f"{fmt_pct(p.get('own_share_end'), locale=loc)} (market.csv lists only the tracked brands, so "
                f"shares computed among them are higher; the trend is what to compare); own mentions "
                f"{p.get('own_mentions_trend', '')}" if loc == "en" else
                f"part du marché total {fmt_pct(p.get('own_share_start'), locale=loc)} → "
                f"{fmt_pct(p.get('own_share_end'), locale=loc)} (market.csv ne liste que les marques suivies : "
                f"les parts calculées entre elles sont plus élevées ; c'est la tendance qu'il faut comparer) ; "
                f"mentions de la marque {_fr_trend(str(p.get('own_mentions_trend', '')))}")
    else:
        return ""
    return _t(loc, "planted", text=text)


def _fr_trend(text: str) -> str:
    """French wording of the sample's ``own_mentions_trend`` note."""
    for en, fr in (("over two years", "sur deux ans"), ("share of voice grows", "la part de voix augmente"),
                   ("1.25", "1,25")):
        text = text.replace(en, fr)
    return text.replace("x1", "×1")


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------
def plot_rates(table: pd.DataFrame, *, label: str, value: str, locale: str, ax: Any = None,
               reference: float | None = None, percent: bool = True, xlabel: str | None = None,
               title: str | None = None) -> Any:
    """Horizontal bars of ``value`` per ``label`` with ``ci_low``/``ci_high`` error bars; returns the Axes."""
    import matplotlib.pyplot as plt

    loc = resolve_locale(locale)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.45 * max(len(table), 3) + 1))
    t = table.reset_index(drop=True)
    y = np.arange(len(t))
    v = pd.to_numeric(t[value], errors="coerce").to_numpy(dtype=float)
    lo_c, hi_c = ("ci_low", "ci_high") if "ci_low" in t else (f"{value}_ci_low", f"{value}_ci_high")
    lo = pd.to_numeric(t.get(lo_c, pd.Series(np.nan, index=t.index)), errors="coerce").to_numpy(dtype=float)
    hi = pd.to_numeric(t.get(hi_c, pd.Series(np.nan, index=t.index)), errors="coerce").to_numpy(dtype=float)
    err = np.vstack([np.where(np.isfinite(lo), v - lo, 0), np.where(np.isfinite(hi), hi - v, 0)])
    scale = 100.0 if percent else 1.0
    ax.barh(y, v * scale, xerr=err * scale, color="tab:blue", alpha=0.8, capsize=3)
    ax.set_yticks(y, [str(x) for x in t[label]])
    if reference is not None:
        ax.axvline(reference * scale, color="grey", ls="--", lw=1)
    ax.set_xlabel(xlabel or (_t(loc, "lbl_rate") + (" (%)" if percent else "")))
    if title:
        ax.set_title(title, loc="left", fontsize="medium")
    return ax


def plot_heatmap(grid: pd.DataFrame, *, locale: str, ax: Any = None, min_posts: int = 1) -> Any:
    """Weekday × hour heatmap of ``engagement_rate`` from ``best_posting_times``; returns the Axes."""
    import matplotlib.pyplot as plt

    loc = resolve_locale(locale)
    g = grid[grid["n_posts"] >= min_posts]
    wide = g.pivot_table(index="weekday", columns="hour", values="engagement_rate", aggfunc="first")
    wide = wide.reindex(index=range(7), columns=range(24))
    days = grid.drop_duplicates("weekday").set_index("weekday")["day"].reindex(range(7))
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3.5))
    im = ax.imshow(100 * wide.to_numpy(dtype=float), aspect="auto", cmap="viridis")
    ax.set_yticks(range(7), [str(d) if isinstance(d, str) else "" for d in days])
    ax.set_xticks(range(0, 24, 2), [str(h) for h in range(0, 24, 2)])
    ax.set_xlabel(_t(loc, "lbl_hour"))
    ax.figure.colorbar(im, ax=ax, label=_t(loc, "lbl_rate") + " (%)")
    return ax


def plot_lines(frame: pd.DataFrame, *, x: str, ys: Mapping[str, str], locale: str, ax: Any = None,
               percent: bool = True, ylabel: str | None = None, group: str | None = None,
               ci: tuple[str, str] | None = None, title: str | None = None) -> Any:
    """Lines of columns ``ys`` (column → legend label) against ``x``; with ``group``, one line per group.

    ``ci`` names the columns of the first line's 95 % interval, drawn as a shaded band."""
    import matplotlib.pyplot as plt

    loc = resolve_locale(locale)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.5))
    scale = 100.0 if percent else 1.0
    if group is not None:
        col, lab = next(iter(ys.items()))
        for key, part in frame.groupby(group, sort=True):
            line, = ax.plot(part[x], scale * pd.to_numeric(part[col], errors="coerce"), label=pretty(key, locale=loc))
            if ci is not None and ci[0] in part.columns and ci[1] in part.columns:
                ax.fill_between(part[x], scale * pd.to_numeric(part[ci[0]], errors="coerce").astype(float),
                                scale * pd.to_numeric(part[ci[1]], errors="coerce").astype(float),
                                color=line.get_color(), alpha=0.2, lw=0)
    else:
        for i, (col, lab) in enumerate(ys.items()):
            line, = ax.plot(frame[x], scale * pd.to_numeric(frame[col], errors="coerce"), label=lab)
            if i == 0 and ci is not None and ci[0] in frame.columns and ci[1] in frame.columns:
                ax.fill_between(frame[x], scale * pd.to_numeric(frame[ci[0]], errors="coerce").astype(float),
                                scale * pd.to_numeric(frame[ci[1]], errors="coerce").astype(float),
                                color=line.get_color(), alpha=0.2, lw=0)
    if title:
        ax.set_title(title)
    ax.set_xlabel(_t(loc, "lbl_period"))
    if pd.api.types.is_datetime64_any_dtype(frame[x]):
        from .plots import date_axis

        date_axis(ax, locale=loc)
    if ylabel:
        ax.set_ylabel(ylabel + (" (%)" if percent else ""))
    ax.legend(fontsize="small", title=dim_label(group, locale=loc).capitalize() if group else None)
    return ax


# --------------------------------------------------------------------------------------------
# Versions
# --------------------------------------------------------------------------------------------
def versions(packages: Sequence[str] = ("socialroi", "pandas", "numpy", "scipy", "statsmodels",
                                         "matplotlib", "papermill")) -> pd.DataFrame:
    """Python, platform and package versions: one row per item (``package``, ``version``)."""
    from importlib import metadata

    rows = [("python", sys.version.split()[0]), ("platform", _platform.platform())]
    for p in packages:
        try:
            v = metadata.version(p)
        except metadata.PackageNotFoundError:
            v = "—"
        rows.append((p, v))
    return pd.DataFrame(rows, columns=["package", "version"])


# --------------------------------------------------------------------------------------------
# Client-facing names and tables
# --------------------------------------------------------------------------------------------
#: Names of dimensions (columns a result is broken down by), per locale.
_DIMS: dict[str, tuple[str, str]] = {
    "platform": ("platform", "plateforme"), "post_type": ("format", "format"), "brand": ("brand", "marque"),
    "campaign": ("campaign", "campagne"), "channel": ("channel", "canal"), "level": ("level", "niveau"),
    "source": ("source", "source"),
}

#: Display names of canonical values (platforms, formats, channels, actions, metrics, tables).
_VALUE_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok", "linkedin": "LinkedIn",
        "youtube": "YouTube", "x": "X", "twitter": "X (Twitter)", "pinterest": "Pinterest",
        "snapchat": "Snapchat", "threads": "Threads",
        "meta_ads": "Meta Ads", "tiktok_ads": "TikTok Ads", "linkedin_ads": "LinkedIn Ads",
        "google_ads": "Google Ads", "trade_shows": "trade shows", "community_management": "community management",
        "reach": "reach", "new_followers": "new followers", "profile_visits": "profile visits",
        "web_sessions": "web sessions", "repeat_purchase": "repeat purchase", "odds_ratio": "odds ratio",
        "spend_ratio": "spend ratio", "before": "before", "during": "during", "after": "after",
    },
    "fr": {
        "facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok", "linkedin": "LinkedIn",
        "youtube": "YouTube", "x": "X", "twitter": "X (Twitter)", "pinterest": "Pinterest",
        "snapchat": "Snapchat", "threads": "Threads",
        "meta_ads": "Meta Ads", "tiktok_ads": "TikTok Ads", "linkedin_ads": "LinkedIn Ads",
        "google_ads": "Google Ads", "trade_shows": "salons", "community_management": "animation de communauté",
        "influencers": "influenceurs", "carousel": "carrousel", "link": "lien", "video": "vidéo",
        "text": "texte", "reactions": "réactions", "comments": "commentaires", "shares": "partages",
        "clicks": "clics", "saves": "enregistrements", "reach": "portée", "followers": "abonnés",
        "views": "vues", "new_followers": "nouveaux abonnés", "profile_visits": "visites du profil",
        "revenue": "chiffre d'affaires", "orders": "commandes", "web_sessions": "sessions web",
        "posts": "publications", "spend": "dépenses", "outcomes": "résultats", "market": "marché",
        "sales": "ventes", "repeat_purchase": "réachat", "odds_ratio": "rapport de cotes",
        "spend_ratio": "rapport des dépenses", "before": "avant", "during": "pendant", "after": "après",
    },
}


def pretty(value: Any, *, locale: str) -> str:
    """Display name of a canonical value in ``locale`` (``"tiktok"`` → ``"TikTok"``, ``"link"`` → fr
    ``"lien"``, ``"meta_ads"`` → ``"Meta Ads"``); other values are returned as text, underscores
    turned into spaces. Data values that are not canonical (brand names) are returned unchanged."""
    loc = resolve_locale(locale)
    text = str(value)
    key = text.strip().lower()
    if key in _VALUE_NAMES[loc]:
        return _VALUE_NAMES[loc][key]
    return text.replace("_", " ") if "_" in text and " " not in text else text


def dim_label(name: str, *, locale: str) -> str:
    """Name of a breakdown column in ``locale`` (``"post_type"`` → ``"format"``)."""
    loc = resolve_locale(locale)
    pair = _DIMS.get(str(name))
    return (pair[1] if loc == "fr" else pair[0]) if pair else pretty(name, locale=loc)


def _minus(s: str) -> str:
    return s.replace("-", "\u2212") if s.startswith("-") else s


def fmt_ci(value: Any, low: Any, high: Any, *, locale: str, kind: str = "pct", digits: int = 1,
           currency: str = "EUR") -> str:
    """A value with its interval: fr ``4,5 % [4,3 ; 4,7]``, en ``4.5% [4.3, 4.7]``.

    ``kind``: "pct" (proportions, shown in %; the bounds without the % sign), "num", "money" or
    "points" (a difference of proportions, in percentage points). Without a finite interval, the
    value alone.
    """
    loc = resolve_locale(locale)
    if kind == "pct":
        main = fmt_pct(value, locale=loc, digits=digits)
        b = lambda v: fmt_num(None if _bad(v) else 100 * float(v), locale=loc, digits=digits)  # noqa: E731
    elif kind == "points":
        unit = "\u00a0points" if loc == "fr" else " points"
        main = _minus(fmt_num(None if _bad(value) else 100 * float(value), locale=loc, digits=digits)) + unit
        b = lambda v: _minus(fmt_num(None if _bad(v) else 100 * float(v), locale=loc, digits=digits))  # noqa: E731
    elif kind == "money":
        main = fmt_money(value, currency=currency, locale=loc, digits=digits)
        b = lambda v: fmt_num(v, locale=loc, digits=digits)  # noqa: E731
    else:
        main = _minus(fmt_num(value, locale=loc, digits=digits))
        b = lambda v: _minus(fmt_num(v, locale=loc, digits=digits))  # noqa: E731
    if _bad(value) or _bad(low) or _bad(high):
        return main
    sep = " ; " if loc == "fr" else ", "
    return f"{main} [{b(low)}{sep}{b(high)}]"


def fmt_p(p: Any, *, locale: str) -> str:
    """A p-value as text: ``p < 0,001`` / ``p = 0,203`` (fr), ``p < 0.001`` / ``p = 0.203`` (en)."""
    loc = resolve_locale(locale)
    if _bad(p):
        return "p = —"
    if float(p) < 0.001:
        return "p < 0,001" if loc == "fr" else "p < 0.001"
    return "p = " + fmt_num(p, locale=loc, digits=3)


def _fmt_auto(x: Any, locale: str) -> str:
    """A number with digits that suit its size (3 significant digits below 1)."""
    if _bad(x):
        return "—"
    v = abs(float(x))
    digits = 0 if v >= 100 else 2 if v >= 1 or v == 0 else min(6, 2 - int(math.floor(math.log10(v))))
    return _minus(fmt_num(x, locale=locale, digits=digits))


#: Columns of the tables shown in reports: name → (English header, French header, format).
_COLUMNS: dict[str, tuple[str, str, str]] = {
    "table": ("Table", "Table", "pretty"), "rows": ("Rows", "Lignes", "int"),
    "first": ("From", "Du", "date"), "last": ("To", "Au", "date"),
    "platform": ("Platform", "Plateforme", "pretty"), "period": ("Period", "Période", "month"),
    "posts": ("Posts", "Publications", "int"), "n_posts": ("Posts", "Publications", "int"),
    "reach_days": ("Reach-days", "Portées-jours", "int"), "impressions": ("Impressions", "Impressions", "int"),
    "engagements": ("Engagements", "Engagements", "int"),
    "engagement_rate": ("Engagement rate", "Taux d'engagement", "pct2"),
    "follower_growth_rate": ("Follower growth", "Croissance des abonnés", "pct2"),
    "churn_rate": ("Follower churn", "Attrition des abonnés", "pct2"),
    "share_of_voice": ("Share of voice", "Part de voix", "pct"),
    "net_sentiment": ("Net sentiment", "Sentiment net", "num2"),
    "level": ("Level", "Niveau", "pretty"), "rate_ratio": ("Rate ratio vs reference", "Rapport de taux vs référence", "num2"),
    "p_value": ("p-value", "p", "p"),
    "start": ("From", "Du", "date"), "end": ("To", "Au", "date"), "periods": ("Days", "Jours", "int"),
    "observed": ("Negative mentions", "Mentions négatives", "int"),
    "expected": ("Expected (baseline)", "Attendues (ligne de base)", "int"),
    "phase": ("Phase", "Phase", "pretty"), "first_day": ("From", "Du", "date"), "last_day": ("To", "Au", "date"),
    "mentions": ("Mentions", "Mentions", "int"), "positive": ("Positive", "Positives", "int"),
    "n_days": ("Days", "Jours", "int"), "n_units": ("Days or weeks", "Jours ou semaines", "int"),
    "positive_share": ("Positive share", "Part positive", "pct"),
    "interactions": ("Interactions", "Interactions", "int"), "unique_engagers": ("Engagers", "Personnes engagées", "int"),
    "new_engagers": ("New", "Nouvelles", "int"), "returning_engagers": ("Returning", "De retour", "int"),
    "repeat_share": ("Repeat share", "Part récurrente", "pct"), "core_share": ("Core share", "Part du noyau fidèle", "pct"),
    "segment_label": ("Segment", "Segment", "text"), "customers": ("Customers", "Clients", "int"),
    "share": ("Share", "Part", "pct"),
    "engaged": ("Group", "Groupe", "engaged"), "repeat_customers": ("Repeat customers", "Clients ayant racheté", "int"),
    "repeat_rate": ("Repeat rate", "Taux de réachat", "pct"), "mean_spend": ("Mean spend", "Dépense moyenne", "money"),
    "mean_orders": ("Mean orders", "Commandes moyennes", "num1"),
    "outcome": ("Outcome", "Résultat", "pretty"), "measure": ("Measure", "Mesure", "pretty"),
    "estimate": ("Estimate", "Estimation", "num2"),
    "channel": ("Channel", "Canal", "pretty"), "spend": ("Spend", "Dépense", "money"),
    "contribution": ("Contribution", "Contribution", "auto"), "roas": ("ROAS", "ROAS", "auto"),
    "identified": ("Measurable", "Mesurable", "bool"),
    "per_1000": ("Per 1,000 of spend", "Pour 1 000 de dépense", "num2"),
    "cost_per_unit": ("Cost per unit", "Coût par unité", "money2"),
    "reactions": ("Reactions", "Réactions", "int"), "comments": ("Comments", "Commentaires", "int"),
    "shares": ("Shares", "Partages", "int"), "clicks": ("Clicks", "Clics", "int"),
    "economic_value": ("Value of engagement", "Valeur de l'engagement", "money"),
    "value": ("Value of engagement", "Valeur de l'engagement", "money"),
    "media_cost": ("Media (boosted posts)", "Média (publications sponsorisées)", "money"),
    "staff_cost": ("Staff", "Personnel", "money"), "tools_cost": ("Tools", "Outils", "money"),
    "total_cost": ("Total cost", "Coût total", "money"), "roi": ("ROI", "ROI", "pct"),
    "media_only_roi": ("ROI on media only", "ROI sur le média seul", "pct"),
    "break_even_value": ("Break-even value", "Valeur d'équilibre", "money"),
    "package": ("Software", "Logiciel", "text"), "version": ("Version", "Version", "text"),
    "indicator": ("Indicator", "Indicateur", "text"), "interval": ("95% interval", "IC à 95 %", "text"),
}


def _ci_columns(frame: pd.DataFrame, col: str, main: str | None) -> tuple[str, str] | None:
    stems = [col, col.removesuffix("_rate"), col.removesuffix("_share")]
    for stem in stems:
        for lo, hi in ((f"{stem}_ci_low", f"{stem}_ci_high"), (f"{stem}_low", f"{stem}_high")):
            if lo in frame.columns and hi in frame.columns:
                return lo, hi
    if col == main and "ci_low" in frame.columns and "ci_high" in frame.columns:
        return "ci_low", "ci_high"
    return None


def _cell(v: Any, kind: str, loc: str, currency: str) -> str:
    if kind == "text":
        return "—" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v)
    if kind == "pretty":
        return pretty(v, locale=loc)
    if kind in ("date", "month"):
        if v is None or v is pd.NA or v is pd.NaT:
            return "—"
        try:
            ts = pd.Timestamp(v)
        except (TypeError, ValueError):
            return str(v)
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        return str(ts.date())[:7] if kind == "month" else str(ts.date())
    if kind == "bool":
        yes, no = ("oui", "non") if loc == "fr" else ("yes", "no")
        return "—" if v is None or v is pd.NA else (yes if bool(v) else no)
    if kind == "engaged":
        return ("engagés" if bool(v) else "non engagés") if loc == "fr" else ("engaged" if bool(v) else "not engaged")
    if kind == "p":
        return fmt_p(v, locale=loc).removeprefix("p = ").replace("p < ", "< ")
    if kind == "int":
        return fmt_num(v, locale=loc, digits=0)
    if kind.startswith("money"):
        return fmt_money(v, currency=currency, locale=loc, digits=int(kind[5:] or 0))
    if kind == "auto":
        return _fmt_auto(v, loc)
    if kind.startswith("pct"):
        return _minus(fmt_pct(v, locale=loc, digits=int(kind[3:] or 1)))
    if kind.startswith("num"):
        return _minus(fmt_num(v, locale=loc, digits=int(kind[3:] or 2)))
    return str(v)


def _bound(v: Any, kind: str, loc: str) -> str:
    """An interval bound in the unit of its value, without the unit (``4,3`` for 4,3 %)."""
    if kind.startswith("pct"):
        return _minus(fmt_num(100 * float(v), locale=loc, digits=int(kind[3:] or 1)))
    if kind.startswith("money"):
        return _minus(fmt_num(v, locale=loc, digits=int(kind[5:] or 0)))
    if kind == "auto":
        return _fmt_auto(v, loc)
    return _minus(fmt_num(v, locale=loc, digits=int(kind[3:] or 2) if kind.startswith("num") else 2))


def format_table(frame: pd.DataFrame, *, locale: str, currency: str = "EUR", columns: Sequence[str] | None = None,
                 main: str | None = None, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A table as a client reads it: named columns, formatted numbers, intervals beside values.

    Parameters
    ----------
    frame : DataFrame
        Any table of socialroi; known columns (see ``_COLUMNS``) get a header in ``locale`` and a
        format (percentages, thousands separators, money with its currency, dates, p-values).
    locale : {"fr", "en"}
    currency : str, default "EUR"
        ISO code shown with money.
    columns : list of str, optional
        Columns kept, in this order (default: every known column of ``frame``).
    main : str, optional
        Column that a bare ``ci_low``/``ci_high`` pair belongs to. ``X_ci_low``/``X_ci_high`` (or
        ``X_low``/``X_high``) always join ``X``: the cell reads ``value [low ; high]``.
    labels : mapping, optional
        Header overrides, column → text.

    Returns
    -------
    DataFrame
        Text cells, a plain 0..n-1 index (hide it when showing), headers in ``locale``; the
        interval columns are folded into their value's column and their header says "[95% CI]".
    """
    loc = resolve_locale(locale)
    cols = list(columns) if columns is not None else [c for c in frame.columns if c in _COLUMNS]
    out: dict[str, list[str]] = {}
    for col in cols:
        en, fr, kind = _COLUMNS.get(col, (col, col, "auto" if pd.api.types.is_numeric_dtype(frame[col]) else "text"))
        head = (labels or {}).get(col) or (fr if loc == "fr" else en)
        ci = _ci_columns(frame, col, main) if kind.startswith(("pct", "num", "auto", "money")) else None
        values = []
        for i in range(len(frame)):
            v = frame[col].iloc[i]
            text = _cell(v, kind, loc, currency)
            if ci is not None:
                lo, hi = frame[ci[0]].iloc[i], frame[ci[1]].iloc[i]
                if not (_bad(lo) or _bad(hi) or _bad(v)) and not (float(lo) == float(hi) == float(v)):
                    sep = " ; " if loc == "fr" else ", "
                    text = f"{text} [{_bound(lo, kind, loc)}{sep}{_bound(hi, kind, loc)}]"
            values.append(text)
        if ci is not None and any("[" in t for t in values):
            head += " [IC à 95 %]" if loc == "fr" else " [95% CI]"
        out[head] = values
    return pd.DataFrame(out)


def show_table(table: pd.DataFrame) -> None:
    """Display a table of text without its index (an HTML table in reports; text elsewhere)."""
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover
        print(table.to_string(index=False))
        return
    try:
        display(table.style.hide(axis="index"))
    except ImportError:  # pragma: no cover - jinja2 missing
        display(table)


def table_ci_note(frame: pd.DataFrame, shown: pd.DataFrame | None = None, *, locale: str) -> str:
    """The sentence under a table with intervals: what they rest on ("" when it shows none).

    Uses the table's ``attrs["ci_unit"]`` (posts, days/weeks, users, customers) or its
    ``ci_unit`` / ``n_units`` columns; a table whose formatted version (``shown``) has no interval
    gets no note.
    """
    loc = resolve_locale(locale)
    if shown is not None and not any("95" in str(c) for c in shown.columns):
        return ""
    if (frame.attrs or {}).get("ci_units"):  # the KPI board (kpi_table): posts and days
        return _t(loc, "board_ci")
    if (frame.attrs or {}).get("ci_method_id") == "model":  # rate ratios of compare_rates
        return _t(loc, "table_ci", how=_t(loc, "table_ci_model"))
    unit = str((frame.attrs or {}).get("ci_unit") or "")
    if "ci_unit" in frame.columns and frame["ci_unit"].notna().any():
        unit = "days"
    key = {"posts": "posts", "days": "days", "weeks": "days", "days or weeks": "days", "users": "users",
           "customers": "customers"}.get(unit)
    if key is None:
        return ""
    return _t(loc, "table_ci", how=_t(loc, f"table_ci_{key}"))


_RESULT_LABELS: dict[str, tuple[str, str, str]] = {
    "n_posts": ("Posts analysed", "Publications analysées", "int"),
    "engagement_rate": ("Engagement rate", "Taux d'engagement", "pct2"),
    "share_of_voice": ("Share of voice", "Part de voix", "pct"),
    "net_sentiment": ("Net sentiment (−1 to 1)", "Sentiment net (−1 à 1)", "num2"),
    "best_posting_slot": ("Best posting slot", "Meilleur créneau", "text"),
    "engagement_basis": ("Engagement-rate denominator", "Dénominateur du taux d'engagement", "pretty"),
    "engagement_agg": ("Aggregation", "Agrégation", "agg"),
    "compare_by": ("Formats compared by", "Comparaison par", "dim"),
    "compare_adjusted_for": ("Comparison adjusted for", "Comparaison ajustée sur", "dim"),
    "compare_reference": ("Reference level", "Niveau de référence", "pretty"),
    "campaign": ("Campaign", "Campagne", "text"), "campaign_start": ("Campaign start", "Début de campagne", "text"),
    "campaign_end": ("Campaign end", "Fin de campagne", "text"),
    "lift_metric": ("Lift measured on", "Effet mesuré sur", "pretty"),
    "lift_method": ("Lift method", "Méthode", "method"),
    "lift": ("Campaign lift (relative)", "Effet de la campagne (relatif)", "pct"),
    "lift_p_value": ("p-value of the lift", "p de l'effet", "p"),
    "lift_absolute": ("Campaign lift per day", "Effet de la campagne par jour", "auto"),
    "mentions_lift": ("Campaign lift on mentions", "Effet de la campagne sur les mentions", "pct"),
    "mentions_last_period_change_adjusted": ("Mentions, last month vs previous (net of seasonality)",
                                             "Mentions, dernier mois vs précédent (hors saisonnalité)", "num1"),
    "bad_buzz_alerts": ("Bad-buzz alerts", "Alertes de bad buzz", "int"),
    "bad_buzz_first_start": ("First alert", "Première alerte", "text"),
    "positive_share_before": ("Positive share before the alert", "Part positive avant l'alerte", "pct"),
    "positive_share_after": ("Positive share after the alert", "Part positive après l'alerte", "pct"),
    "churn_rate": ("Follower churn per period", "Attrition des abonnés par période", "pct2"),
    "core_share_mean": ("Core community share (mean)", "Part du noyau fidèle (moyenne)", "pct"),
    "repeat_share_mean": ("Repeat engagers share (mean)", "Part d'engagés récurrents (moyenne)", "pct"),
    "retention_period_1": ("Retention after one period", "Rétention après une période", "pct"),
    "customers": ("Customers", "Clients", "int"),
    "champions_share": ("Champions share", "Part de champions", "pct"),
    "expected_repeat_purchases": ("Expected repeat purchases of a new customer", "Achats répétés attendus d'un nouveau client", "num2"),
    "repeat_odds_ratio": ("Repeat purchase odds ratio (engaged vs not)", "Rapport de cotes du réachat (engagés vs non)", "num2"),
    "sov_basis": ("Share of voice on", "Part de voix en", "pretty"),
    "sov": ("Share of voice (mean)", "Part de voix (moyenne)", "pct"),
    "som": ("Share of market (mean)", "Part de marché (moyenne)", "pct"),
    "esov": ("Excess share of voice", "Excès de part de voix", "points"),
    "esov_slope": ("Market-share change per ESOV point", "Variation de part de marché par point d'ESOV", "num3"),
    "target": ("Outcome modelled", "Résultat modélisé", "pretty"),
    "mmm_r2": ("Model fit (R²)", "Ajustement du modèle (R²)", "num2"),
    "engagement_value": ("Value of engagement", "Valeur de l'engagement", "money"),
    "social_cost": ("Cost of social activity", "Coût de l'activité sociale", "money"),
    "social_roi": ("ROI of social activity", "ROI de l'activité sociale", "pct"),
    "media_only_roi": ("ROI on media only", "ROI sur le média seul", "pct"),
    "analyses_skipped": ("Analyses skipped", "Analyses ignorées", "int"),
}
_RESULT_PREFIXES: dict[str, tuple[str, str, str]] = {
    "engagement_rate_": ("Engagement rate — {x}", "Taux d'engagement — {x}", "pct2"),
    "rate_ratio_": ("Rate ratio — {x}", "Rapport de taux — {x}", "num2"),
    "share_of_voice_": ("Share of voice — {x}", "Part de voix — {x}", "pct"),
    "roas_": ("ROAS — {x}", "ROAS — {x}", "auto"),
    "bgnbd_": ("Customer-model parameter {x}", "Paramètre du modèle clients {x}", "num3"),
}
_RESULT_HIDDEN = frozenset({"notebook", "dataset", "locale", "currency", "period_start", "period_end", "skipped"})


def kpi_text(key: str, value: Any, *, low: Any = None, high: Any = None, locale: str,
             currency: str = "EUR", target: str | None = None, n: Any = None,
             unit: str | None = None) -> tuple[str, str, str] | None:
    """(label, value, interval) of one headline result as a reader sees it, or None for a key this
    module does not know (``"engagement_rate_tiktok"`` → ``("Taux d'engagement — TikTok", "9,84 %",
    "[9,80 ; 9,88]")`` in French; with ``n=312, unit="posts"``: ``"[8,1 ; 11,6] sur 312
    publications"``). With a ``target`` that is not money (leads), a channel's ``roas_*`` is shown
    per 1,000 of spend."""
    out = _kpi_text(key, value, low=low, high=high, locale=locale, currency=currency, target=target)
    if out is None or not out[2]:
        return out
    return out[0], out[1], out[2] + ci_basis(n, unit, locale=locale)


def _kpi_text(key: str, value: Any, *, low: Any, high: Any, locale: str, currency: str,
              target: str | None) -> tuple[str, str, str] | None:
    loc = resolve_locale(locale)
    if key.startswith("roas_") and target and target not in _MONEY_TARGETS:
        name = pretty(target, locale=loc)
        per = f"{name[:1].upper() + name[1:]} " + ("pour" if loc == "fr" else "per") + \
            f" {fmt_num(1000, locale=loc, digits=0)} {currency}"
        scale = lambda v: None if _bad(v) else 1000 * float(v)  # noqa: E731
        sep = " ; " if loc == "fr" else ", "
        interval = "" if _bad(low) or _bad(high) else f"[{_bound(scale(low), 'num2', loc)}{sep}{_bound(scale(high), 'num2', loc)}]"
        return f"{per} — {pretty(key[5:], locale=loc)}", _cell(scale(value), "num2", loc, currency), interval
    spec = _RESULT_LABELS.get(key)
    if spec is None:
        for pre, (en, fr, kind) in _RESULT_PREFIXES.items():
            if key.startswith(pre):
                x = pretty(key[len(pre):], locale=loc)
                spec = (en.format(x=x), fr.format(x=x), kind)
                break
    if spec is None:
        return None
    en, fr, kind = spec
    v = value
    if kind == "dim":
        text = ", ".join(dim_label(p.strip(), locale=loc) for p in str(v).split(",")) if v not in (None, "none") \
            else ("aucun" if loc == "fr" else "none")
    elif kind == "agg":
        text = {"sum": ("ratio of sums", "rapport des sommes"), "mean": ("mean of per-post ratios",
                "moyenne des rapports par publication")}.get(str(v), (str(v), str(v)))[loc == "fr"]
    elif kind == "method":
        text = {"its": ("interrupted time series", "série temporelle interrompue"),
                "sts": ("structural time series", "série temporelle structurelle")}.get(str(v), (str(v), str(v)))[loc == "fr"]
    elif v is None:
        text = "—"
    elif kind == "points":
        text = fmt_ci(v, None, None, locale=loc, kind="points")
    else:
        text = _cell(v, kind, loc, currency)
    interval = ""
    if not (_bad(low) or _bad(high)):
        sep = " ; " if loc == "fr" else ", "
        b = (lambda x: _minus(fmt_num(100 * float(x), locale=loc, digits=1))) if kind == "points" else \
            (lambda x: _bound(x, kind, loc))
        interval = f"[{b(low)}{sep}{b(high)}]"
    return (fr if loc == "fr" else en), text, interval


def results_table(results: Mapping[str, Any], *, locale: str) -> pd.DataFrame:
    """The headline results as a client reads them: one row per KPI with its 95 % interval.

    Columns: indicator (in ``locale``), value (formatted: %, separators, money with the
    currency of ``results["currency"]``), interval (``[low ; high]`` when ``X_ci_low``/
    ``X_ci_high`` are present, else empty). Context entries (dataset, period, locale...) and the
    customer model's raw parameters are left out; the names of skipped analyses are listed in a
    last row.
    """
    loc = resolve_locale(locale)
    currency = str(results.get("currency") or "EUR")
    rows = []
    for key, v in results.items():
        if key in _RESULT_HIDDEN or key.endswith(("_ci_low", "_ci_high", "_ci_n", "_ci_unit")) or key.startswith("bgnbd_"):
            continue
        lo, hi = results.get(f"{key}_ci_low"), results.get(f"{key}_ci_high")
        row = kpi_text(key, v, low=lo, high=hi, locale=loc, currency=currency, target=results.get("target"),
                       n=results.get(f"{key}_ci_n"), unit=results.get(f"{key}_ci_unit"))
        if row is None:
            name = key.replace("_", " ").capitalize()
            kind = "auto" if isinstance(v, (int, float)) and not isinstance(v, bool) else "text"
            interval = "" if _bad(lo) or _bad(hi) else \
                f"[{_bound(lo, kind, loc)}{' ; ' if loc == 'fr' else ', '}{_bound(hi, kind, loc)}]"
            if interval:
                interval += ci_basis(results.get(f"{key}_ci_n"), results.get(f"{key}_ci_unit"), locale=loc)
            row = (name, "—" if v is None else _cell(v, kind, loc, currency), interval)
        rows.append(row)
    skipped = str(results.get("skipped") or "")
    if skipped:
        names = []
        for a in skipped.split(","):
            an = ANALYSES.get(a.strip())
            names.append((an.fr if loc == "fr" else an.en) if an else a.strip())
        rows.append(("Analyses ignorées (voir plus haut)" if loc == "fr" else "Analyses skipped (see above)",
                     ", ".join(names), ""))
    head = ("Indicateur", "Valeur", "IC à 95 %") if loc == "fr" else ("Indicator", "Value", "95% interval")
    return pd.DataFrame(rows, columns=list(head))


def board_view(board: pd.DataFrame, *, periods: int = 3) -> pd.DataFrame:
    """The last ``periods`` periods of ``sr.indicators.kpi_table`` for every platform (newest
    first), with the columns a client reads: posts, reach-days, engagements, engagement rate,
    follower growth and churn (with their interval columns)."""
    keep = [c for c in ("platform", "period", "posts", "reach_days", "engagements", "engagement_rate",
                        "engagement_rate_ci_low", "engagement_rate_ci_high", "follower_growth_rate", "churn_rate",
                        "churn_rate_ci_low", "churn_rate_ci_high") if c in board.columns]
    if "period" not in board.columns:
        return board[keep].reset_index(drop=True)
    last = sorted(board["period"].dropna().unique())[-periods:]
    out = board[board["period"].isin(last)][keep]
    by = [c for c in ("period", "platform") if c in out.columns]
    return out.sort_values(by, ascending=[False, True][: len(by)]).reset_index(drop=True)


#: English phrases of the indicator registry's sources, in French (the formulas are translated by
#: the registry; its source notes are not).
_FR_SOURCES = (
    ("Binet & Field (2013): +10 pts ESOV ≈ +0.5 pt market share a year — a rule about advertising share of "
     "voice, not social mentions", "Binet & Field (2013) : +10 points d'ESOV ≈ +0,5 point de part de marché "
     "par an — une règle sur la part de voix publicitaire, pas sur les mentions sociales"),
    ("socialroi (reach is not additive)", "socialroi (la portée ne s'additionne pas)"),
    ("socialroi data model", "modèle de données socialroi"),
    ("Hootsuite ERR (reach, mean of per-post ratios)", "Hootsuite ERR (portée, moyenne des ratios par publication)"),
    ("Rival IQ (followers, views)", "Rival IQ (abonnés, vues)"),
    ("Talkwalker for neutral excluded", "Talkwalker pour les neutres exclues"),
    ("customer-retention practice", "pratique de la fidélisation client"),
    ("social-listening practice", "pratique de l'écoute sociale"),
    ("advertising practice", "pratique publicitaire"),
    ("common practice", "usage courant"),
    ("standard finance", "finance classique"),
    ("Best social media metrics", "« Best social media metrics »"),
    ("ajusté sur platform", "ajusté sur la plateforme"), ("ajusté sur post_type", "ajusté sur le format"),
)


def fr_sources(text: str) -> str:
    """French wording of the English source notes of indicator definitions (other text unchanged)."""
    for en, fr in _FR_SOURCES:
        text = text.replace(en, fr)
    return text


def board_definitions(board: pd.DataFrame, *, locale: str,
                      keys: Sequence[str] = ("engagement_rate", "follower_growth_rate", "churn_rate")) -> str:
    """Definitions of the indicators shown by :func:`board_view`, one line each."""
    from .indicators import Indicator

    loc = resolve_locale(locale)
    defs = board.attrs.get("indicators") or {}
    text = "\n".join(Indicator(**defs[k]).line(loc) for k in keys if k in defs)
    return fr_sources(text) if loc == "fr" else text


_MONEY_TARGETS = ("revenue", "sales", "turnover", "ca", "chiffre_affaires")


def mmm_view(roi: pd.DataFrame, *, target: str, currency: str = "EUR", locale: str) -> pd.DataFrame:
    """The ROI table of ``sr.roi.fit_mmm`` as a client reads it (text cells, headers in ``locale``).

    For a money target: channel, spend, contribution and ROAS with their intervals. For a target
    that is not money (leads, orders), ROAS is a tiny number of units per currency unit: the table
    gives the units per 1,000 of spend and the cost per unit (1 / ROAS, its interval the inverted
    ROAS interval) instead.
    """
    loc = resolve_locale(locale)
    if target in _MONEY_TARGETS:
        return format_table(roi, locale=loc, currency=currency,
                            columns=["channel", "spend", "contribution", "roas", "identified"],
                            labels={"contribution": "Contribution (" + pretty(target, locale=loc) + ")"})
    name = pretty(target, locale=loc)
    unit = pretty(target[:-1] if target.endswith("s") else target, locale=loc)
    inv = lambda v: 1.0 / float(v) if not _bad(v) and float(v) > 0 else float("nan")  # noqa: E731
    per = pd.DataFrame({
        "channel": roi["channel"], "spend": roi["spend"], "contribution": roi["contribution"],
        **{c: roi[c] for c in ("contribution_ci_low", "contribution_ci_high") if c in roi.columns},
        "per_1000": 1000 * pd.to_numeric(roi["roas"], errors="coerce"),
        "per_1000_ci_low": 1000 * pd.to_numeric(roi["roas_ci_low"], errors="coerce"),
        "per_1000_ci_high": 1000 * pd.to_numeric(roi["roas_ci_high"], errors="coerce"),
        "cost_per_unit": roi["roas"].map(inv), "cost_per_unit_ci_low": roi["roas_ci_high"].map(inv),
        "cost_per_unit_ci_high": roi["roas_ci_low"].map(inv),
        "identified": roi["identified"] if "identified" in roi.columns else True})
    thousand = fmt_num(1000, locale=loc, digits=0)
    labels = {"contribution": "Contribution (" + name + ")",
              "per_1000": (f"{name[:1].upper() + name[1:]} pour {thousand} {currency}" if loc == "fr"
                           else f"{name[:1].upper() + name[1:]} per {thousand} {currency}"),
              "cost_per_unit": f"Coût par {unit}" if loc == "fr" else f"Cost per {unit}"}
    out = format_table(per, locale=loc, currency=currency,
                       columns=["channel", "spend", "contribution", "per_1000", "cost_per_unit", "identified"],
                       labels=labels)
    return out


def plot_mmm(mmm: Any, *, target: str, currency: str = "EUR", locale: str) -> Any:
    """The channel chart of a media-mix model: ROAS with its break-even line for a money target
    (``mmm.plot(kind="roi")``); for a target that is not money (leads), units per 1,000 of spend
    with their intervals — a break-even ROAS of 1 means nothing for leads."""
    loc = resolve_locale(locale)
    if target in _MONEY_TARGETS:
        return mmm.plot(kind="roi")
    roi = mmm.roi[mmm.roi["identified"].astype(bool)] if "identified" in mmm.roi.columns else mmm.roi
    name = pretty(target, locale=loc)
    per = pd.DataFrame({"channel": [pretty(c, locale=loc) for c in roi["channel"]],
                        "per_1000": 1000 * pd.to_numeric(roi["roas"], errors="coerce").to_numpy(),
                        "ci_low": 1000 * pd.to_numeric(roi["roas_ci_low"], errors="coerce").to_numpy(),
                        "ci_high": 1000 * pd.to_numeric(roi["roas_ci_high"], errors="coerce").to_numpy()})
    label = f"{name[:1].upper() + name[1:]} " + ("pour" if loc == "fr" else "per") + \
        f" {fmt_num(1000, locale=loc, digits=0)} {currency}"
    return plot_rates(per, label="channel", value="per_1000", locale=loc, percent=False,
                      xlabel=label + (" (IC à 95 %)" if loc == "fr" else " (95% CI)"), title=label)


def mmm_caption(target: str, *, currency: str = "EUR", locale: str) -> str:
    """Caption of :func:`plot_mmm`'s chart."""
    loc = resolve_locale(locale)
    if target in _MONEY_TARGETS:
        return caption("mmm", locale=loc)
    return caption("mmm_units", target=pretty(target, locale=loc), currency=currency, locale=loc)
