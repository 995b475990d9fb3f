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

from .errors import DataError, ParameterError

__all__ = [
    "ANALYSES",
    "TEXT",
    "Report",
    "caption",
    "daily_series",
    "default_campaign",
    "default_target",
    "own_esov",
    "social_costs",
    "fmt_money",
    "fmt_num",
    "fmt_pct",
    "interpret_association",
    "interpret_bad_buzz",
    "interpret_bgnbd",
    "interpret_churn",
    "interpret_compare",
    "interpret_engagement",
    "interpret_esov",
    "interpret_lift",
    "interpret_mmm",
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
    "pooled_churn",
    "pooled_retention",
    "best_slot",
    "resolve_locale",
    "subset",
    "versions",
]

_LOCALES = ("en", "fr")

# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------
#: Sentences and labels, per locale. Placeholders are filled with ``str.format``.
TEXT: dict[str, dict[str, str]] = {
    "en": {
        "skipped": "Skipped — {analysis}: {reason}",
        "reason_table": "the table '{table}' is absent from the dataset (add {table}.csv to analyse it).",
        "reason_columns": "the table '{table}' has no column(s) {columns}.",
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
        "whole_period": "the whole period",
        "period": "from {start} to {end}",
        "none": "none",
        "all": "all",
        "planted": "Planted truth (bundled sample only — in a real client you don't know it): {text}",
        # interpretations
        "er": "Over the period {period}, {n_posts} posts got {num} engagements for {den} {basis_word}: an engagement "
              "rate of {rate} (95% CI {lo} to {hi}). {by_text}This is a ratio of sums ({basis_def}); "
              "another denominator gives another number for the same posts, so compare it only with "
              "rates computed the same way. It says how much people reacted, not whether they bought.",
        "er_by": "By {by}: {levels}. ",
        "basis_word_reach": "reach-days (reach summed over posts, not unique people)",
        "basis_word_impressions": "impressions",
        "basis_word_followers": "followers at publication (summed over posts)",
        "basis_word_views": "video views",
        "compare": "Against {ref} posts (the reference), {best} posts get {ratio} times the engagements per "
                   "unit of {basis} (95% CI {lo} to {hi}, p = {p}); {worst} posts get {wratio} times "
                   "(95% CI {wlo} to {whi}). {signif}These ratios come from a count model with an "
                   "exposure offset: they compare like with like, but they are associations — formats "
                   "are not published at random (platform, time and topic differ).",
        "compare_signif": "Levels whose interval excludes 1 differ clearly from the reference: {levels}. ",
        "compare_none": "No level differs clearly from the reference (every interval includes 1). ",
        "times": "Best slot (local time, at least {min_posts} posts): {slot} with a rate of {rate} "
                 "(95% CI {lo} to {hi}) over {n} posts; weakest: {wslot} ({wrate}). Cells with few posts "
                 "have wide intervals: read the pattern, not a single cell.",
        "times_none": "Too few posts per hour and weekday to compare posting times.",
        "sov": "{brand} holds {sov} of the conversation (share of voice on {basis}, 95% CI {lo} to "
               "{hi}) against {competitors}. Share of voice measures visibility in the conversation, "
               "not its tone nor sales.",
        "sentiment": "Net sentiment of {brand}: {ns} (95% CI {lo} to {hi}; (positive − negative) / all "
                     "mentions). {comparison}A positive net sentiment does not mean every mention is "
                     "positive; it depends on how mentions were classified by the listening tool.",
        "sentiment_cmp": "Competitors: {levels}. ",
        "lift": "Campaign '{campaign}' ({start} to {end}), metric: {metric}. {summary}",
        "lift_not": "Read the interval, not only the point: a lift of {rel} could plausibly be anywhere "
                    "from {lo} to {hi}. It measures the change in {metric} during the campaign, not "
                    "sales, and it relies on the period before the campaign to say what would have "
                    "happened without it.",
        "trend": "Last period ({period}, {days} days): {observed} {metric}; net of seasonality, {change} against "
                 "the period before (95% CI {lo} to {hi}; raw change {raw}). {verdict} Raw month-on-month "
                 "changes mix the usual seasonal pattern with real change; the adjusted change removes the "
                 "pattern learnt from the whole series.",
        "trend_up": "The adjusted change is clearly positive.",
        "trend_down": "The adjusted change is clearly negative.",
        "trend_flat": "The interval includes zero: no clear change once seasonality is removed.",
        "buzz": "{n} alert(s) of unusual negative mentions of {brand}: {alerts}. An alert is a run of "
                "days where negative mentions exceed the seasonal baseline; it says nothing yet about "
                "lasting damage.",
        "buzz_none": "No unusual peak of negative mentions of {brand} in the period.",
        "buzz_after": "Positive share of {brand}'s mentions: {before} before the first alert, {after} "
                      "after it (95% CIs {blo}–{bhi} and {alo}–{ahi}; change {diff}, 95% CI {dlo} to {dhi}). "
                      "{verdict}",
        "buzz_up": "The positive share rose: answering a bad buzz with content that earns positive "
                   "comments is the lever a brand controls.",
        "buzz_flat": "The interval of the change includes zero: the data do not show clearly that the "
                     "positive share rose after the alert.",
        "churn": "Audience churn: on average {rate} of the opening followers are lost each {freq} "
                 "(pooled over {n} platform-periods, range {lo} to {hi}). Churn is the flip side of "
                 "loyalty; the platforms' own counts of lost followers are estimates.",
        "retention": "Of the people who first interacted in a given {freq}, {r1} interacted again the "
                     "next {freq} (pooled over cohorts, 95% CI {lo} to {hi}) and {r3} three {freq}s "
                     "later. Retention measures repeated engagement, not purchase.",
        "bgnbd": "Customer base model (BG/NBD, {n} customers): a new customer is expected to make "
                 "{e} repeat purchases in the next {h} days; {alive} of current customers are estimated "
                 "still active. These are model-based forecasts, as good as the model's assumptions.",
        "association_note": "This is an association, not a causal effect: customers who already like the "
                            "brand both follow it and buy again.",
        "esov": "Over the period {period}, {brand}'s share of voice was {sov} and its share of market {som}: an "
                "excess share of voice (ESOV) of {esov} points. {rule}",
        "esov_rule": "Binet & Field's rule (+10 points of ESOV ≈ +0.5 point of market share a year) was "
                     "measured on advertising share of voice, not on social mentions: treat it as a "
                     "direction, not a forecast.",
        "esov_reg": "Across {n} brand-periods, one point of ESOV goes with {slope} points of change in "
                    "share of market (95% CI {lo} to {hi}). Few brands and periods make this estimate "
                    "fragile; it is an association.",
        "mmm": "Return per channel (media-mix model on {target}, {n} channels): {channels}. ROAS = "
               "contribution / spend; above 1 the channel returned more {target} than it cost in media "
               "(before margins, staff and tools). {unidentified}The intervals come from a bootstrap; "
               "the model is observational — confirm big decisions with a test (holdout, geo split).",
        "mmm_units": "{target} per channel (media-mix model, {n} channels): {channels}. A lower cost per "
                     "{unit} is better; whether a channel pays depends on what a {unit} is worth to you "
                     "(compare the cost per {unit} with that value). {unidentified}The intervals come from "
                     "a bootstrap; the model is observational — confirm big decisions with a test "
                     "(holdout, geo split).",
        "mmm_unit_part": "{channel} {per} {target} per 1,000 {currency} [{lo}–{hi}], i.e. a cost per {unit} of "
                         "{cost} [{clo}–{chi}]",
        "mmm_unid": "Not measurable from this data: {channels} (its spend does not vary enough to be "
                    "separated from the baseline). ",
        "value": "With the values per action you chose ({values}), the engagements of the period are "
                 "worth {value} against {cost} of social costs: ROI {roi}. These values are assumptions, "
                 "not prices: change them and the ROI changes. Measure engagement first, revenue next.",
        # captions
        "cap_er": "Engagement rate by {by}, with 95% intervals ({basis}).",
        "cap_compare": "Rate ratio against the reference level, with 95% intervals (1 = same rate).",
        "cap_times": "Engagement rate by weekday and hour (local time); empty cells: no posts.",
        "cap_sov": "Share of voice per month.",
        "cap_trend": "Own-brand mentions per month: observed and net of seasonality.",
        "cap_lift": "Observed vs counterfactual (top), daily effect (middle), cumulative effect (bottom).",
        "cap_retention": "Share of each cohort still interacting after 0, 1, 2... periods.",
        "cap_esov": "Share of voice and share of market of the own brand.",
        "cap_mmm": "ROAS per channel with 95% bootstrap intervals; the dashed line is break-even.",
        "cap_churn": "Monthly churn of followers per platform, with 95% intervals.",
        # labels
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
    },
    "fr": {
        "skipped": "Analyse ignorée — {analysis} : {reason}",
        "reason_table": "la table « {table} » est absente du jeu de données (ajoutez {table}.csv pour "
                        "l'analyser).",
        "reason_columns": "la table « {table} » n'a pas la ou les colonnes {columns}.",
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
        "whole_period": "toute la période",
        "period": "du {start} au {end}",
        "none": "aucune",
        "all": "toutes",
        "planted": "Vérité plantée (échantillon fourni seulement — chez un vrai client on ne la connaît "
                   "pas) : {text}",
        "er": "Sur la période {period}, {n_posts} publications ont obtenu {num} engagements pour {den} {basis_word} : "
              "un taux d'engagement de {rate} (IC à 95 % {lo} à {hi}). {by_text}C'est un rapport de "
              "sommes ({basis_def}) ; un autre dénominateur donne un autre chiffre pour les mêmes "
              "publications : ne le comparez qu'à des taux calculés de la même façon. Il dit combien les "
              "gens ont réagi, pas s'ils ont acheté.",
        "er_by": "Par {by} : {levels}. ",
        "basis_word_reach": "portées-jours (portée additionnée sur les publications, pas des personnes "
                            "uniques)",
        "basis_word_impressions": "impressions",
        "basis_word_followers": "abonnés au jour de publication (additionnés sur les publications)",
        "basis_word_views": "vues de vidéo",
        "compare": "Par rapport aux publications {ref} (la référence), les publications {best} obtiennent "
                   "{ratio} fois plus d'engagements par unité de {basis} (IC à 95 % {lo} à {hi}, p = {p}) ; "
                   "les publications {worst} {wratio} fois (IC à 95 % {wlo} à {whi}). {signif}Ces rapports "
                   "viennent d'un modèle de comptage avec exposition : ils comparent à exposition égale, "
                   "mais ce sont des associations — les formats ne sont pas publiés au hasard (plateforme, "
                   "heure et sujet diffèrent).",
        "compare_signif": "Les niveaux dont l'intervalle exclut 1 diffèrent nettement de la référence : "
                          "{levels}. ",
        "compare_none": "Aucun niveau ne diffère nettement de la référence (tous les intervalles "
                        "contiennent 1). ",
        "times": "Meilleur créneau (heure locale, au moins {min_posts} publications) : {slot}, taux de "
                 "{rate} (IC à 95 % {lo} à {hi}) sur {n} publications ; le plus faible : {wslot} ({wrate}). "
                 "Les cases avec peu de publications ont des intervalles larges : lisez la tendance, pas "
                 "une case isolée.",
        "times_none": "Trop peu de publications par heure et jour pour comparer les créneaux.",
        "sov": "{brand} détient {sov} de la conversation (part de voix en {basis}, IC à 95 % {lo} à {hi}) "
               "face à {competitors}. La part de voix mesure la visibilité dans la conversation, ni son "
               "ton, ni les ventes.",
        "sentiment": "Sentiment net de {brand} : {ns} (IC à 95 % {lo} à {hi} ; (positives − négatives) / "
                     "toutes les mentions). {comparison}Un sentiment net positif ne veut pas dire que toutes "
                     "les mentions le sont ; il dépend du classement fait par l'outil d'écoute.",
        "sentiment_cmp": "Concurrents : {levels}. ",
        "lift": "Campagne « {campaign} » (du {start} au {end}), indicateur : {metric}. {summary}",
        "lift_not": "Lisez l'intervalle, pas seulement le point : un effet de {rel} peut vraisemblablement "
                    "se situer entre {lo} et {hi}. Il mesure le changement de {metric} pendant la campagne, "
                    "pas les ventes, et s'appuie sur la période d'avant pour dire ce qui se serait passé "
                    "sans elle.",
        "trend": "Dernière période ({period}, {days} jours) : {observed} {metric} ; hors saisonnalité, {change} "
                 "par rapport à la période précédente (IC à 95 % {lo} à {hi} ; variation brute {raw}). "
                 "{verdict} Les variations brutes d'un mois sur l'autre mêlent l'effet habituel de la saison "
                 "et le vrai changement ; la variation corrigée retire le profil saisonnier appris sur "
                 "toute la série.",
        "trend_up": "La variation corrigée est nettement positive.",
        "trend_down": "La variation corrigée est nettement négative.",
        "trend_flat": "L'intervalle contient zéro : pas de changement net une fois la saisonnalité retirée.",
        "buzz": "{n} alerte(s) de mentions négatives inhabituelles de {brand} : {alerts}. Une alerte est "
                "une suite de jours où les mentions négatives dépassent la ligne de base saisonnière ; "
                "elle ne dit encore rien d'un dommage durable.",
        "buzz_none": "Aucun pic inhabituel de mentions négatives de {brand} sur la période.",
        "buzz_after": "Part positive des mentions de {brand} : {before} avant la première alerte, {after} "
                      "après (IC à 95 % {blo}–{bhi} et {alo}–{ahi} ; écart {diff}, IC à 95 % {dlo} à {dhi}). "
                      "{verdict}",
        "buzz_up": "La part positive a augmenté : répondre à un bad buzz par des contenus qui suscitent "
                   "des commentaires positifs est le levier que la marque maîtrise.",
        "buzz_flat": "L'intervalle de l'écart contient zéro : les données ne montrent pas nettement une "
                     "hausse de la part positive après l'alerte.",
        "churn": "Attrition de l'audience : en moyenne {rate} des abonnés du début sont perdus chaque {freq} "
                 "(sur {n} couples plateforme-période, de {lo} à {hi}). L'attrition est l'envers de la "
                 "fidélité ; les comptes d'abonnés perdus des plateformes sont des estimations.",
        "retention": "Parmi les personnes ayant interagi pour la première fois au cours d'une période "
                     "(période : {freq}), {r1} ont interagi à nouveau la période suivante (cohortes "
                     "regroupées, IC à 95 % {lo} à {hi}) et {r3} trois périodes plus tard. La rétention "
                     "mesure l'engagement répété, pas l'achat.",
        "bgnbd": "Modèle de base clients (BG/NBD, {n} clients) : un nouveau client devrait faire {e} achats "
                 "répétés dans les {h} prochains jours ; {alive} des clients actuels sont estimés encore "
                 "actifs. Ce sont des prévisions de modèle, qui valent ce que valent ses hypothèses.",
        "association_note": "C'est une association, pas un effet causal : les clients qui aiment déjà la "
                            "marque la suivent et rachètent.",
        "esov": "Sur la période {period}, la part de voix de {brand} était de {sov} et sa part de marché de {som} : "
                "un excès de part de voix (ESOV) de {esov} points. {rule}",
        "esov_rule": "La règle de Binet & Field (+10 points d'ESOV ≈ +0,5 point de part de marché par an) "
                     "a été établie sur la part de voix publicitaire, pas sur les mentions sociales : "
                     "prenez-la comme une direction, pas comme une prévision.",
        "esov_reg": "Sur {n} couples marque-période, un point d'ESOV va de pair avec {slope} point de "
                    "variation de part de marché (IC à 95 % {lo} à {hi}). Peu de marques et de périodes "
                    "rendent cette estimation fragile ; c'est une association.",
        "mmm": "Rendement par canal (modèle de mix média sur {target}, {n} canaux) : {channels}. ROAS = "
               "contribution / dépense ; au-dessus de 1, le canal a rapporté plus de {target} qu'il n'a "
               "coûté en média (avant marge, personnel et outils). {unidentified}Les intervalles viennent "
               "d'un bootstrap ; le modèle est observationnel — confirmez les grandes décisions par un "
               "test (groupe témoin, test géographique).",
        "mmm_units": "{target} par canal (modèle de mix média, {n} canaux) : {channels}. Un coût par {unit} "
                     "plus bas est meilleur ; qu'un canal soit rentable dépend de ce que vaut un {unit} pour "
                     "vous (comparez le coût par {unit} à cette valeur). {unidentified}Les intervalles "
                     "viennent d'un bootstrap ; le modèle est observationnel — confirmez les grandes "
                     "décisions par un test (groupe témoin, test géographique).",
        "mmm_unit_part": "{channel} {per} {target} pour 1 000 {currency} [{lo}–{hi}], soit un coût par {unit} "
                         "de {cost} [{clo}–{chi}]",
        "mmm_unid": "Non mesurable avec ces données : {channels} (sa dépense ne varie pas assez pour être "
                    "séparée de la ligne de base). ",
        "value": "Avec les valeurs par action choisies ({values}), les engagements de la période valent "
                 "{value} pour {cost} de coûts sociaux : ROI {roi}. Ces valeurs sont des hypothèses, pas "
                 "des prix : changez-les et le ROI change. Mesurez d'abord l'engagement, le chiffre "
                 "d'affaires ensuite.",
        "cap_er": "Taux d'engagement par {by}, avec intervalles à 95 % ({basis}).",
        "cap_compare": "Rapport de taux face au niveau de référence, intervalles à 95 % (1 = même taux).",
        "cap_times": "Taux d'engagement par jour et heure (heure locale) ; cases vides : aucune publication.",
        "cap_sov": "Part de voix par mois.",
        "cap_trend": "Mentions de la marque par mois : observées et hors saisonnalité.",
        "cap_lift": "Observé et contrefactuel (haut), effet quotidien (milieu), effet cumulé (bas).",
        "cap_retention": "Part de chaque cohorte qui interagit encore après 0, 1, 2... périodes.",
        "cap_esov": "Part de voix et part de marché de la marque.",
        "cap_mmm": "ROAS par canal avec intervalles bootstrap à 95 % ; le pointillé marque l'équilibre.",
        "cap_churn": "Attrition mensuelle des abonnés par plateforme, intervalles à 95 %.",
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
    },
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
    if locale is None:
        meta = getattr(ds, "meta", None) or {}
        locale = meta.get("locale") or "en"
    if locale not in _LOCALES:
        raise ParameterError(f"locale={locale!r}: expected 'fr' or 'en'")
    return locale


def _t(locale: str, key: str, **kw: Any) -> str:
    text = TEXT[locale][key]
    return text.format(**kw) if kw else text


def caption(key: str, *, locale: str, **kw: Any) -> str:
    """Caption of a figure (``key`` without the ``cap_`` prefix, e.g. "er", "lift")."""
    return _t(resolve_locale(locale), f"cap_{key}", **kw)


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
    return Dataset(meta=meta_out, tables=tables, folder=ds.folder)


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
        self.has_data = posts is not None and len(posts) > 0
        self.results["n_posts"] = 0 if posts is None else int(len(posts))

    def _bound(self, how: str) -> str | None:
        posts = self.ds.posts
        if posts is None or not len(posts):
            return None
        t = posts["published_at"]
        if getattr(t.dt, "tz", None) is not None:
            t = t.dt.tz_localize(None)
        return str(getattr(t, how)().date())

    # -- text ------------------------------------------------------------------------------
    def text(self, key: str, **kw: Any) -> str:
        """A sentence of :data:`TEXT` in the report's locale."""
        return _t(self.locale, key, **kw)

    def say(self, text: str) -> None:
        """Print a paragraph (plain text, wrapped)."""
        if text:
            print(_wrap(text))

    def period_text(self) -> str:
        lo, hi = self.results.get("period_start"), self.results.get("period_end")
        if lo is None and hi is None:
            return self.text("whole_period")
        return self.text("period", start=lo or "…", end=hi or "…")

    def overview(self) -> pd.DataFrame:
        """Print what the dataset holds for the period, and return ``ds.summary()``."""
        from .schema import TABLES

        ds = self.ds
        if not self.has_data:
            self.say(self.text("no_data", period=self.period_text()))
        else:
            present = [t for t in TABLES if ds.tables.get(t) is not None]
            absent = [t for t in TABLES if ds.tables.get(t) is None]
            plats = ds.meta.get("platforms")
            self.say(self.text(
                "overview", name=ds.meta.get("name"), n_posts=fmt_num(len(ds.posts), locale=self.locale, digits=0),
                first=self.results["period_start"], last=self.results["period_end"],
                platforms=self.text("overview_platforms", platforms=", ".join(plats)) if plats else "",
                present=", ".join(present),
                absent=self.text("overview_absent", absent=", ".join(absent)) if absent else ""))
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
        (column ``value``, default ``name``). With ``by``: ``name_<level>`` for each row.
        """
        col = value or name
        if by is None:
            row = table.iloc[0]
            self.results[name] = _num(row[col])
            if ci[0] in table.columns:
                self.results[f"{name}_ci_low"] = _num(row[ci[0]])
                self.results[f"{name}_ci_high"] = _num(row[ci[1]])
        else:
            has_ci = ci[0] in table.columns and ci[1] in table.columns
            for i, level in enumerate(table[by].astype(str)):
                key = f"{name}_{_key(level)}"
                self.results[key] = _num(table[col].iloc[i])
                if has_ci:
                    self.results[f"{key}_ci_low"] = _num(table[ci[0]].iloc[i])
                    self.results[f"{key}_ci_high"] = _num(table[ci[1]].iloc[i])

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
                self.skip(analysis, self.text("reason_table", table=table))
                return False
            if len(df) == 0:
                self.skip(analysis, self.text("reason_empty", table=table, period=self.period_text()))
                return False
        for table, cols in a.columns.items():
            df = self.ds.tables.get(table)
            missing = [c for c in cols if df is not None and c not in df.columns]
            if missing:
                self.skip(analysis, self.text("reason_columns", table=table, columns=missing))
                return False
            if df is not None and all(df[c].isna().all() for c in cols):
                self.skip(analysis, self.text("reason_columns", table=table, columns=list(cols)))
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
def interpret_engagement(overall: pd.DataFrame, *, by_table: pd.DataFrame | None = None,
                         by: str | None = None, basis: str = "reach", locale: str,
                         period: str = "") -> str:
    """Sentence for an engagement rate (``overall``: one row of ``engagement_rate``)."""
    loc = resolve_locale(locale)
    r = overall.iloc[0]
    by_text = ""
    if by_table is not None and by is not None and len(by_table):
        parts = [f"{row[by]} {fmt_pct(row['engagement_rate'], locale=loc, digits=2)} "
                 f"[{fmt_pct(row['ci_low'], locale=loc, digits=2)}–{fmt_pct(row['ci_high'], locale=loc, digits=2)}]"
                 for _, row in by_table.iterrows()]
        by_text = _t(loc, "er_by", by=by, levels="; ".join(parts))
    basis_def = (overall.attrs.get("indicator") or {}).get("denominator_fr" if loc == "fr" else "denominator", basis)
    return _t(loc, "er", period=period or _t(loc, "whole_period"), n_posts=fmt_num(r["n_posts"], locale=loc, digits=0),
              num=fmt_num(r["numerator"], locale=loc, digits=0), den=fmt_num(r["denominator"], locale=loc, digits=0),
              basis_word=_t(loc, f"basis_word_{basis}"), rate=fmt_pct(r["engagement_rate"], locale=loc, digits=2),
              lo=fmt_pct(r["ci_low"], locale=loc, digits=2), hi=fmt_pct(r["ci_high"], locale=loc, digits=2),
              by_text=by_text, basis_def=basis_def)


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
    return _t(loc, "compare", ref=ref, best=best["level"], ratio=f(best["rate_ratio"]), lo=f(best["ci_low"]),
              hi=f(best["ci_high"]), p=_fmt_p(best["p_value"], loc), worst=worst["level"],
              wratio=f(worst["rate_ratio"]), wlo=f(worst["ci_low"]), whi=f(worst["ci_high"]), signif=signif,
              basis=basis)


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
    slot = lambda r: f"{r['day']} {int(r['hour']):02d}h"  # noqa: E731
    return _t(loc, "times", min_posts=min_posts, slot=slot(b), rate=fmt_pct(b["engagement_rate"], locale=loc, digits=2),
              lo=fmt_pct(b["ci_low"], locale=loc, digits=2), hi=fmt_pct(b["ci_high"], locale=loc, digits=2),
              n=int(b["n_posts"]), wslot=slot(w), wrate=fmt_pct(w["engagement_rate"], locale=loc, digits=2))


def interpret_share_of_voice(sov: pd.DataFrame, *, brand: str, basis: str = "mentions", locale: str) -> str:
    """Sentence for ``sr.indicators.share_of_voice`` (one row per brand, no period)."""
    loc = resolve_locale(locale)
    own = sov[sov["brand"] == brand]
    if not len(own):
        return ""
    r = own.iloc[0]
    comp = "; ".join(f"{b} {fmt_pct(v, locale=loc)}" for b, v in
                     zip(sov.loc[sov["brand"] != brand, "brand"], sov.loc[sov["brand"] != brand, "share_of_voice"], strict=False))
    return _t(loc, "sov", brand=brand, sov=fmt_pct(r["share_of_voice"], locale=loc), basis=basis,
              lo=fmt_pct(r["ci_low"], locale=loc), hi=fmt_pct(r["ci_high"], locale=loc),
              competitors=comp or _t(loc, "none"))


def interpret_sentiment(ns: pd.DataFrame, *, brand: str, locale: str) -> str:
    """Sentence for ``sr.indicators.net_sentiment`` by brand."""
    loc = resolve_locale(locale)
    own = ns[ns["brand"] == brand]
    if not len(own):
        return ""
    r = own.iloc[0]
    others = ns[ns["brand"] != brand]
    cmp_ = (_t(loc, "sentiment_cmp", levels="; ".join(
        f"{b} {fmt_num(v, locale=loc)}" for b, v in zip(others["brand"], others["net_sentiment"], strict=False)))
        if len(others) else "")
    return _t(loc, "sentiment", brand=brand, ns=fmt_num(r["net_sentiment"], locale=loc),
              lo=fmt_num(r["ci_low"], locale=loc), hi=fmt_num(r["ci_high"], locale=loc), comparison=cmp_)


def interpret_lift(lift: Any, *, campaign: str, metric: str, locale: str) -> str:
    """Sentence for a ``campaign_lift`` result: its own summary plus what it does not say."""
    loc = resolve_locale(locale)
    summary = lift.summary(locale=loc) if hasattr(lift, "summary") else ""
    text = _t(loc, "lift", campaign=campaign, start=_date(lift.start), end=_date(lift.end), metric=metric,
              summary=summary)
    return text + "\n" + _t(loc, "lift_not", rel=fmt_pct(lift.relative_effect, locale=loc),
                            lo=fmt_pct(lift.ci_low, locale=loc), hi=fmt_pct(lift.ci_high, locale=loc), metric=metric)


def _date(x: Any) -> str:
    try:
        return str(pd.Timestamp(x).date())
    except (TypeError, ValueError):
        return str(x)


def interpret_trend(table: pd.DataFrame, *, locale: str, metric: str = "mentions") -> str:
    """Sentence for the last period of ``sr.awareness.trend_table``."""
    loc = resolve_locale(locale)
    if table is None or len(table) < 2:
        return ""
    r = table.iloc[-1]
    lo, hi = r.get("ci_low"), r.get("ci_high")
    verdict = ("trend_up" if not _bad(lo) and lo > 0 else "trend_down" if not _bad(hi) and hi < 0 else "trend_flat")
    sign = lambda v: ("+" if not _bad(v) and v > 0 else "") + fmt_num(v, locale=loc, digits=1)  # noqa: E731
    return _t(loc, "trend", period=_date(r["period"])[:7], days=int(r["days"]), observed=fmt_num(r["observed"], locale=loc, digits=0),
              metric=metric, change=sign(r["change_adjusted"]), lo=sign(lo), hi=sign(hi), raw=sign(r["change"]),
              verdict=_t(loc, verdict))


def interpret_bad_buzz(alerts: pd.DataFrame, *, brand: str, locale: str,
                       before_after: pd.DataFrame | None = None) -> str:
    """Sentence for ``detect_bad_buzz`` (and optionally ``positive_share_before_after``)."""
    loc = resolve_locale(locale)
    if alerts is None or not len(alerts):
        return _t(loc, "buzz_none", brand=brand)
    parts = [f"{_date(r['start'])} → {_date(r['end'])}" + (f" ({fmt_num(r['observed'], locale=loc, digits=0)} vs "
             f"{fmt_num(r['expected'], locale=loc, digits=0)})" if "observed" in r and "expected" in r else "")
             for _, r in alerts.head(5).iterrows()]
    text = _t(loc, "buzz", n=len(alerts), brand=brand, alerts="; ".join(parts))
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
                          diff=fmt_pct(change.get("difference", a["positive_share"] - b["positive_share"]), locale=loc),
                          dlo=fmt_pct(change.get("ci_low"), locale=loc), dhi=fmt_pct(change.get("ci_high"), locale=loc),
                          verdict=_t(loc, "buzz_up" if up else "buzz_flat"))
    return text


def pooled_churn(table: pd.DataFrame) -> float:
    """Churn pooled over the rows of ``sr.loyalty.audience_loyalty``: Σ lost followers / Σ opening
    followers, over the platform-periods that have a churn rate (NaN without them)."""
    if "churn_rate" not in table.columns:
        return float("nan")
    ok = table["churn_rate"].notna()
    num = pd.to_numeric(table.loc[ok, "lost_followers"], errors="coerce").sum()
    den = pd.to_numeric(table.loc[ok, "followers_start"], errors="coerce").sum()
    return float(num / den) if den > 0 else float("nan")


def interpret_churn(table: pd.DataFrame, *, locale: str, freq: str = "MS") -> str:
    """Sentence for ``sr.loyalty.audience_loyalty`` (pooled churn over platform-periods)."""
    loc = resolve_locale(locale)
    if "churn_rate" not in table.columns or table["churn_rate"].notna().sum() == 0:
        return ""
    c = table["churn_rate"].dropna()
    rate = pooled_churn(table)
    return _t(loc, "churn", rate=fmt_pct(rate, locale=loc, digits=2), freq=_t(loc, f"freq_{freq}") if f"freq_{freq}" in TEXT[loc] else freq,
              n=len(c), lo=fmt_pct(c.min(), locale=loc, digits=2), hi=fmt_pct(c.max(), locale=loc, digits=2))


def pooled_retention(table: pd.DataFrame, *, period: int = 1) -> tuple[float, float, float, int]:
    """Retention at ``period`` pooled over the cohorts that reached it: Σ users / Σ cohort sizes.

    Returns (retention, ci_low, ci_high, cohorts) with a Wilson 95 % interval (users treated as
    independent trials).
    """
    from .indicators import wilson_interval

    sel = table[table["period"] == period]
    k, n = float(sel["users"].sum()), float(sel["cohort_size"].sum())
    if n <= 0:
        return float("nan"), float("nan"), float("nan"), 0
    lo, hi = wilson_interval(np.array([k]), np.array([n]))
    return k / n, float(np.asarray(lo).ravel()[0]), float(np.asarray(hi).ravel()[0]), int(len(sel))


def interpret_retention(table: pd.DataFrame, *, locale: str, freq: str = "MS") -> str:
    """Sentence for ``sr.loyalty.cohort_retention`` (pooled retention after 1 and 3 periods)."""
    loc = resolve_locale(locale)
    r1, lo, hi, _ = pooled_retention(table, period=1)
    r3 = pooled_retention(table, period=3)[0]
    word = _t(loc, f"freq_{freq}") if f"freq_{freq}" in TEXT[loc] else freq
    return _t(loc, "retention", freq=word, r1=fmt_pct(r1, locale=loc), lo=fmt_pct(lo, locale=loc),
              hi=fmt_pct(hi, locale=loc), r3=fmt_pct(r3, locale=loc))


def interpret_bgnbd(fit: Any, summary: pd.DataFrame, *, horizon: float, locale: str) -> str:
    """Sentence for a BG/NBD fit: expected repeat purchases of a new customer and share alive."""
    loc = resolve_locale(locale)
    e = float(np.asarray(fit.expected_purchases(horizon)).ravel()[0])
    alive = np.asarray(fit.p_alive(summary["frequency"], summary["recency"], summary["T"]), dtype=float)
    return _t(loc, "bgnbd", n=fmt_num(len(summary), locale=loc, digits=0), e=fmt_num(e, locale=loc),
              h=fmt_num(horizon, locale=loc, digits=0), alive=fmt_pct(np.nanmean(alive), locale=loc))


def interpret_association(assoc: Any, *, locale: str) -> str:
    """The association's own sentence, followed by the reminder that it is not causal."""
    loc = resolve_locale(locale)
    text = str(getattr(assoc, "text", "") or "")
    return text if text else _t(loc, "association_note")


def interpret_esov(own: Mapping[str, float], *, brand: str, period: str, locale: str,
                   regression: Mapping[str, float] | None = None) -> str:
    """Sentence for ESOV: ``own`` holds ``sov``, ``som``, ``esov`` (fractions)."""
    loc = resolve_locale(locale)
    text = _t(loc, "esov", period=period, brand=brand, sov=fmt_pct(own.get("sov"), locale=loc),
              som=fmt_pct(own.get("som"), locale=loc), esov=fmt_num(100 * own.get("esov", float("nan")), locale=loc, digits=1),
              rule=_t(loc, "esov_rule"))
    if regression:
        text += "\n" + _t(loc, "esov_reg", n=regression.get("n", "—"), slope=fmt_num(regression.get("slope"), locale=loc, digits=3),
                          lo=fmt_num(regression.get("ci_low"), locale=loc, digits=3),
                          hi=fmt_num(regression.get("ci_high"), locale=loc, digits=3))
    return text


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
    inv = lambda v: (1.0 / float(v)) if not _bad(v) and float(v) > 0 else float("nan")  # noqa: E731
    m = lambda v: fmt_money(v, currency=currency, locale=loc, digits=2)  # noqa: E731
    parts = []
    for _, r in roi[ident].iterrows():
        if money:
            parts.append(f"{r['channel']} ROAS {f(r['roas'])} [{f(r['roas_ci_low'])}–{f(r['roas_ci_high'])}]")
        else:
            parts.append(_t(loc, "mmm_unit_part", channel=r["channel"], per=f(1000 * r["roas"]),
                            lo=f(1000 * r["roas_ci_low"]), hi=f(1000 * r["roas_ci_high"]), target=target,
                            currency=currency, unit=unit, cost=m(inv(r["roas"])), clo=m(inv(r["roas_ci_high"])),
                            chi=m(inv(r["roas_ci_low"]))))
    unid = roi.loc[~ident, "channel"].astype(str).tolist()
    return _t(loc, "mmm" if money else "mmm_units", target=target, unit=unit, n=int(ident.sum()),
              channels="; ".join(parts),
              unidentified=_t(loc, "mmm_unid", channels=", ".join(unid)) if unid else "")


def interpret_value(value: float, cost: float, roi: float, *, values: Mapping[str, float], currency: str,
                    locale: str) -> str:
    """Sentence for the economic value of engagement against the social costs."""
    loc = resolve_locale(locale)
    vals = ", ".join(f"{k} {fmt_money(v, currency=currency, locale=loc, digits=2)}" for k, v in values.items())
    return _t(loc, "value", values=vals, value=fmt_money(value, currency=currency, locale=loc),
              cost=fmt_money(cost, currency=currency, locale=loc), roi=fmt_pct(roi, locale=loc))


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


def own_esov(table: pd.DataFrame, *, brand: str | None = None) -> dict[str, float]:
    """Own brand's mean ``sov``, ``som`` and ``esov`` over the periods of ``sr.market_share.esov``."""
    own = table[table["is_own"].astype(bool)] if "is_own" in table.columns else table[table["brand"] == brand]
    return {k: float(pd.to_numeric(own[k], errors="coerce").mean()) for k in ("sov", "som", "esov")}


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
        base = ", ".join(f"{k} {fmt_pct(v, locale=loc)}" for k, v in p.get("base_rate", {}).items())
        mult = ", ".join(f"{k} ×{f(v)}" for k, v in p.get("type_multiplier", {}).items())
        text = f"base rates {base}; post types {mult}" if loc == "en" else f"taux de base {base} ; formats {mult}"
    elif topic == "campaign":
        m = ", ".join(f"{k} ×{f(v)}" for k, v in p.get("audience_reach_multiplier", {}).items())
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
               percent: bool = True, ylabel: str | None = None, group: str | None = None) -> Any:
    """Lines of columns ``ys`` (column → legend label) against ``x``; with ``group``, one line per group."""
    import matplotlib.pyplot as plt

    loc = resolve_locale(locale)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.5))
    scale = 100.0 if percent else 1.0
    if group is not None:
        col, lab = next(iter(ys.items()))
        for key, part in frame.groupby(group, sort=True):
            ax.plot(part[x], scale * pd.to_numeric(part[col], errors="coerce"), label=str(key))
    else:
        for col, lab in ys.items():
            ax.plot(frame[x], scale * pd.to_numeric(frame[col], errors="coerce"), label=lab)
    ax.set_xlabel(_t(loc, "lbl_period"))
    if pd.api.types.is_datetime64_any_dtype(frame[x]):
        from .plots import date_axis

        date_axis(ax, locale=loc)
    if ylabel:
        ax.set_ylabel(ylabel + (" (%)" if percent else ""))
    ax.legend(fontsize="small")
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
