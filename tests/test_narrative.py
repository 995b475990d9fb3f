"""Tests of socialroi.narrative: the sentences and tables of the reports, hand-computed summaries, in both languages."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import socialroi as sr
import socialroi.formatting as fmt
import socialroi.narrative as nr


def _out(capsys) -> str:
    """Printed text with the line wrapping undone."""
    return " ".join(capsys.readouterr().out.split())


# ---------------------------------------------------------------------------------------------
# Formatting and interpretations
# ---------------------------------------------------------------------------------------------


def test_interpret_engagement_numbers_and_caveats():
    # 90 engagements / 2000 reach = 4.5 %
    t = pd.DataFrame({"n_posts": [3], "numerator": [90.0], "denominator": [2000.0],
                      "engagement_rate": [0.045], "ci_low": [0.037], "ci_high": [0.055]})
    en = nr.interpret_engagement(t, basis="reach", locale="en", period="from A to B")
    assert "3 posts got 90 engagements for 2,000 reach-days" in en
    assert "4.50% (95% CI 3.70% to 5.50%)" in en and "not whether they bought" in en
    fr = nr.interpret_engagement(t, basis="impressions", locale="fr", period="du A au B")
    assert "4,50\u00a0% (IC à 95 % 3,70\u00a0% à 5,50\u00a0%)" in fr and "impressions" in fr


def test_interpret_compare_names_best_worst_and_clear_levels():
    t = pd.DataFrame({"level": ["photo", "reel", "link"], "rate_ratio": [1.0, 1.6, 0.9],
                      "ci_low": [np.nan, 1.3, 0.7], "ci_high": [np.nan, 1.9, 1.1], "p_value": [np.nan, 1e-5, 0.4]})
    t.attrs["reference"] = "photo"
    text = nr.interpret_compare(t, locale="en")
    assert "Against photo posts" in text and "reel posts have 1.60 times the reference's" in text
    assert "p < 0.001" in text and "p = <" not in text
    assert "link posts have 0.90 times" in text
    assert "differ clearly from the reference: reel." in text  # link's interval includes 1


def test_interpret_mmm_gives_cost_per_unit_for_non_money_target():
    roi = pd.DataFrame({"channel": ["ads", "salary"], "roas": [0.01, np.nan], "roas_ci_low": [0.008, np.nan],
                        "roas_ci_high": [0.0125, np.nan], "identified": [True, False]})
    text = nr.interpret_mmm(roi, target="leads", currency="EUR", locale="en")
    # cost per lead = 1 / ROAS = 100; its interval is the inverted ROAS interval [80, 125];
    # 0.01 lead per EUR = 10 leads per 1,000 EUR
    # (issue 14: intervals written as everywhere else, value [low, high], money by CLDR with the code)
    assert "ads 10.00 [8.00, 12.50] leads per EUR\u00a01,000, i.e. a cost per lead of EUR\u00a0100.00 [80.00, 125.00]" in text
    assert "Not measurable from this data: salary" in text


def test_interpret_bad_buzz_uses_the_interval_of_the_change():
    alerts = pd.DataFrame({"start": [pd.Timestamp("2024-11-12")], "end": [pd.Timestamp("2024-11-18")],
                           "observed": [200.0], "expected": [6.0]})
    ba = pd.DataFrame({"positive_share": [0.40, 0.10, 0.55], "ci_low": [0.3, 0.05, 0.45], "ci_high": [0.5, 0.15, 0.65]})
    ba.attrs["change"] = {"difference": 0.15, "ci_low": 0.02, "ci_high": 0.28}
    up = nr.interpret_bad_buzz(alerts, brand="Acme", before_after=ba, locale="en")
    assert "from November 12, 2024 to November 18, 2024 (200 negative mentions against 6 expected)" in up  # CLDR en
    assert "The positive share rose" in up
    # a difference of two shares is in percentage points: 0.15 → +15.0 points, CI 2.0 to 28.0 points
    assert "change +15.0\u00a0points, 95% CI 2.0 to 28.0\u00a0points" in up
    ba.attrs["change"] = {"difference": 0.15, "ci_low": -0.01, "ci_high": 0.3}
    flat = nr.interpret_bad_buzz(alerts, brand="Acme", before_after=ba, locale="en")
    assert "do not show clearly" in flat
    assert "Aucun pic" in nr.interpret_bad_buzz(alerts.iloc[:0], brand="Acme", locale="fr")




def test_planted_note_only_on_samples(small):
    ml = sr.load_sample("maison-lumiere")
    note = nr.planted_note(ml, "media_mix", locale="en")
    assert "meta_ads ROAS 2.97" in note and "in a real client you don't know it" in note
    assert "meta_ads ROAS 2,97" in nr.planted_note(ml, "media_mix", locale="fr")
    assert "cost per lead 99.54" in nr.planted_note(sr.load_sample("forges-de-l-est"), "media_mix", locale="en")
    assert nr.planted_note(small, "media_mix", locale="en") == ""
    assert nr.planted(ml)["campaign"]["start"] == json.loads(
        (Path(ml.folder) / "planted.json").read_text())["campaign"]["start"]






# ---------------------------------------------------------------------------------------------
# Client-facing formatting (values worked out by hand)
# ---------------------------------------------------------------------------------------------


def test_pretty_names_and_dimensions():
    assert nr.pretty("tiktok", locale="fr") == "TikTok" and nr.pretty("linkedin_ads", locale="en") == "LinkedIn Ads"
    assert nr.pretty("link", locale="fr") == "lien" and nr.pretty("link", locale="en") == "link"
    assert nr.pretty("revenue", locale="fr") == "chiffre d'affaires"
    assert nr.pretty("Maison Lumière", locale="fr") == "Maison Lumière"  # data values pass unchanged
    assert nr.dim_label("post_type", locale="en") == "format" and nr.dim_label("platform", locale="fr") == "plateforme"


def test_format_table_folds_intervals_and_names_columns():
    t = pd.DataFrame({"platform": ["tiktok", "facebook"], "posts": [1293, 10],
                      "engagement_rate": [0.0707, 0.0216], "engagement_rate_ci_low": [0.0704, np.nan],
                      "engagement_rate_ci_high": [0.0709, np.nan], "cryptic": ["x", "y"]})
    fr = nr.format_table(t, locale="fr")
    assert list(fr.columns) == ["Plateforme", "Publications", "Taux d'engagement [IC à 95 %]"]  # unknown column left out
    assert fr.iloc[0].tolist() == ["TikTok", "1\u202f293", "7,07\u00a0% [7,04 ; 7,09]"]
    assert fr.iloc[1, 2] == "2,16\u00a0%"  # no interval on that row
    en = nr.format_table(pd.DataFrame({"level": ["reel"], "rate_ratio": [1.6269], "ci_low": [1.519],
                                       "ci_high": [1.7423], "p_value": [5e-44]}), locale="en", main="rate_ratio")
    assert en.iloc[0].tolist() == ["reel", "1.63 [1.52, 1.74]", "< 0.001"]


def test_results_table_and_kpi_text():
    res = {"notebook": "01_engagement", "currency": "EUR", "n_posts": 1293, "engagement_rate": 0.07066,
           "engagement_rate_ci_low": 0.07043, "engagement_rate_ci_high": 0.07090, "esov": 0.1614,
           "esov_ci_low": 0.155, "esov_ci_high": 0.168, "social_cost": 145983.26, "lift_p_value": 8e-23,
           "bgnbd_r": 0.33, "my_kpi": 2.5, "skipped": "rfm"}
    t = nr.results_table(res, locale="fr")
    rows = {r[0]: (r[1], r[2]) for r in t.itertuples(index=False)}
    assert rows["Taux d'engagement"] == ("7,07\u00a0%", "[7,04 ; 7,09]")
    assert rows["Excès de part de voix"] == ("16,1\u00a0points", "[15,5 ; 16,8]")
    assert rows["Coût de l'activité sociale"] == ("145\u202f983\u00a0EUR", "")
    assert rows["p de l'effet"] == ("< 0,001", "")
    assert rows["My kpi"] == ("2,50", "")  # unknown KPIs keep a readable name
    assert rows["Analyses ignorées (voir plus haut)"][0] == "segments RFM des clients"
    assert not any("bgnbd" in k.lower() or "Notebook" in k for k in rows)  # raw model parameters and context hidden
    assert nr.kpi_text("engagement_rate_tiktok", 0.0984, low=0.098, high=0.0988, locale="en") == \
        ("Engagement rate — TikTok", "9.84%", "[9.80, 9.88]")
    assert nr.kpi_text("rate", 0.04, locale="en") is None


def test_interpretations_speak_the_report_language():
    t = pd.DataFrame({"level": ["photo", "carousel", "link"], "rate_ratio": [1.0, 0.8, 0.5],
                      "ci_low": [np.nan, 0.7, 0.4], "ci_high": [np.nan, 0.9, 0.6], "p_value": [np.nan, 0.004, 1e-9]})
    t.attrs.update(reference="photo", adjusted_for=["platform"])
    fr = nr.interpret_compare(t, locale="fr")
    # a ratio below 1 is never read as "more"; French names of formats and of the adjustment
    assert "égal à 0,80 fois celui de la référence" in fr and "fois plus" not in fr
    assert "carrousel" in fr and "lien" in fr and "à plateforme égale" in fr and "p = 0,004" in fr
    assert nr.caption("er", by="platform", basis="reach", locale="fr") == \
        "Taux d'engagement par plateforme et par période, avec intervalles à 95 % sur les publications de chaque " \
        "groupe (dénominateur : portée)."
    sov = pd.DataFrame({"brand": ["Me", "Rival"], "share_of_voice": [0.4, 0.6], "ci_low": [0.35, 0.55],
                        "ci_high": [0.45, 0.65]})
    assert "Rival 60,0\u00a0% [55,0 ; 65,0]" in nr.interpret_share_of_voice(sov, brand="Me", locale="fr")
    assert nr.slot_text({"day": "mardi", "hour": 9}, locale="fr") == "mardi 9 h"
    assert nr.slot_text({"day": "Tuesday", "hour": 9}, locale="en") == "Tuesday 09:00"


def test_mmm_view_gives_units_per_1000_and_cost_per_unit_for_leads():
    roi = pd.DataFrame({"channel": ["linkedin_ads"], "spend": [1000.0], "contribution": [10.0],
                        "roas": [0.01], "roas_ci_low": [0.008], "roas_ci_high": [0.0125], "identified": [True]})
    t = nr.mmm_view(roi, target="leads", currency="EUR", locale="en")
    # 0.01 lead per EUR = 10 leads per 1,000 EUR [8, 12.5]; cost per lead 1 / 0.01 = 100 [80, 125]
    assert t.iloc[0].tolist() == ["LinkedIn Ads", "EUR\u00a01,000", "10.00", "10.00 [8.00, 12.50]",
                                  "EUR\u00a0100.00 [80.00, 125.00]", "yes"]
    assert list(t.columns)[3:5] == ["Leads per EUR\u00a01,000 [95% CI]", "Cost per lead [95% CI]"]
    money = nr.mmm_view(roi.assign(roas=[2.5], roas_ci_low=[2.0], roas_ci_high=[3.0]), target="revenue", locale="fr")
    assert money.iloc[0].tolist()[3] == "2,50 [2,00 ; 3,00]" and "Contribution (chiffre d'affaires)" in money.columns


def test_leads_target_is_shown_per_1000_of_spend():
    # 0.00961 lead per EUR = 9.61 leads per 1,000 EUR; its interval scales the same way
    assert nr.kpi_text("roas_linkedin_ads", 0.00961, low=0.00741, high=0.0116, locale="en", target="leads") == \
        ("Leads per EUR\u00a01,000 — LinkedIn Ads", "9.61", "[7.41, 11.60]")
    assert nr.kpi_text("roas_meta_ads", 2.9, locale="fr", target="revenue")[0] == "ROAS — Meta Ads"
    roi = pd.DataFrame({"channel": ["linkedin_ads", "salary"], "roas": [0.01, np.nan], "roas_ci_low": [0.008, np.nan],
                        "roas_ci_high": [0.0125, np.nan], "identified": [True, False]})
    ax = nr.plot_mmm(SimpleNamespace(roi=roi), target="leads", currency="EUR", locale="fr")
    assert ax.get_xlabel() == "Leads pour 1\u202f000\u00a0EUR (IC à 95 %)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["LinkedIn Ads"]  # the unmeasurable channel is left out
    assert ax.patches[0].get_width() == pytest.approx(10.0)  # bar = 1000 × ROAS
    assert "pour 1\u202f000\u00a0EUR" in nr.mmm_caption("leads", locale="fr")




def test_french_definitions_have_no_english_source_notes():
    import socialroi.indicators as ind

    for d in ind.REGISTRY.values():
        line = nr.fr_sources(d.line("fr"))
        for english in ("practice", "mean of per-post", "is not additive", "for neutral", "a rule about"):
            assert english not in line, line
    assert nr.fr_sources("source : common practice (Facebook Insights)") == "source : usage courant (Facebook Insights)"




# ---------------------------------------------------------------------------------------------
# issue 17
# ---------------------------------------------------------------------------------------------
def _grid(rows: list[tuple[str, int, int, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"weekday": i, "day": d, "hour": h, "n_posts": n, "engagement_rate": r,
                          "ci_low": r * 0.8, "ci_high": r * 1.2} for i, (d, h, n, r) in enumerate(rows)])


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_best_time_sentence_with_a_single_slot(locale):
    # point 12: with one slot of >= 5 posts, there is no "best" against a "weakest" that is the same slot
    grid = _grid([("Tuesday", 12, 7, 0.05), ("Monday", 9, 3, 0.09), ("Friday", 18, 0, float("nan"))])
    text = nr.interpret_posting_times(grid, locale=locale)
    slot = "Tuesday 12:00" if locale == "en" else "Tuesday 12 h"
    assert text.count(slot) == 1
    assert ("weakest" not in text and "best of" not in text) if locale == "en" else ("le plus faible" not in text)
    assert ("7 posts" in text) if locale == "en" else ("7 publications" in text)
    assert ("5,00" in text) if locale == "fr" else ("5.00%" in text)
    two = nr.interpret_posting_times(_grid([("Tuesday", 12, 7, 0.05), ("Monday", 9, 6, 0.09)]), locale="en")
    assert "Monday 09:00" in two and "weakest: Tuesday 12:00" in two




def test_import_notes_are_told_in_the_report_language():
    notes = [
        {"kind": "timezone", "platform": "instagram", "zone": "America/Los_Angeles", "how": "default",
         "files": ["ig.csv"], "family": "meta_posts_instagram"},
        {"kind": "timezone", "platform": "facebook", "zone": None, "how": "day_only", "files": ["page.csv"]},
        {"kind": "year", "platform": "tiktok", "column": "Date", "values": 30, "files": ["Overview.csv"],
         "source": "the export date 2026-01-19 of Content.csv", "first": "2025-12-20", "last": "2026-01-18"},
        {"kind": "basis", "platform": "linkedin", "has": ["impressions"], "lacks": ["reach", "views"]},
    ]
    en = nr.import_notes_text(notes, locale="en")
    assert "Instagram times (ig.csv) were read as America/Los_Angeles" in en and "source_timezone=" in en
    assert "page.csv" not in en  # a calendar day needs no zone: nothing to tell
    assert "30 date(s) of Overview.csv are written without a year" in en and "December 20, 2025" in en
    assert "rates on reach cannot be computed for LinkedIn" in en
    fr = nr.import_notes_text(notes, locale="fr")
    assert "lues en America/Los_Angeles" in fr and "sans année" in fr and "portée ne sont pas calculables" in fr
    assert nr.import_notes_text([], locale="en") == ""


def test_every_interval_says_what_it_rests_on():
    # spec rule 5: the words under every number name the unit of the interval
    assert nr.ci_basis(48, "posts", locale="fr") == " sur 48 publications"
    assert nr.ci_basis(1137, "posts", locale="fr") == " sur 1\u202f137 publications"  # narrow no-break space
    assert nr.ci_basis(730, "days", locale="en") == " across 730 days"
    assert nr.ci_basis(1, "weeks", locale="fr") == " sur 1 semaine"
    assert nr.ci_basis(float("nan"), "posts", locale="en") == "" and nr.ci_basis(5, "trials", locale="en") == " across 5 trials"
    ml = sr.load_sample("maison-lumiere")
    er = sr.indicators.engagement_rate(ml.posts)
    text = nr.interpret_engagement(er, locale="fr")
    assert "(IC à 95 % " in text and f"sur {fmt.integer(len(ml.posts) - er.attrs['n_excluded'], locale='fr')} publications)" in text
    sov = sr.indicators.share_of_voice(ml.mentions)
    unit = {"weeks": "weeks", "days": "days"}[sov["ci_unit"].iloc[0]]
    assert f"across {sov['n_units'].iloc[0]} {unit})" in nr.interpret_share_of_voice(sov, brand="Maison Lumière", locale="en")
    assert nr.kpi_text("engagement_rate", 0.0707, low=0.0672, high=0.0751, n=1137, unit="posts", locale="fr") == \
        ("Taux d'engagement", "7,07\u00a0%", "[6,72 ; 7,51] sur 1\u202f137 publications")
    # tables: a line under them says how their intervals were computed
    shown = nr.format_table(er, locale="en", main="engagement_rate")
    assert nr.table_ci_note(er, shown, locale="en").startswith("95% intervals computed across the posts of each row")
    ratios = sr.indicators.compare_rates(ml.posts)
    assert "count model" in nr.table_ci_note(ratios, nr.format_table(ratios, locale="en", main="rate_ratio"), locale="en")
    assert nr.table_ci_note(er, nr.format_table(er, locale="en", columns=["n_posts"]), locale="en") == ""
    # model-based intervals say what they cover
    lift = SimpleNamespace(n_post=28, n_pre=84, observed_mean=120.0, counterfactual_mean=100.0, method="its",
                           absolute_effect=20.0, abs_ci_low=10.0, abs_ci_high=30.0, cumulative_effect=560.0,
                           relative_effect=0.2, ci_low=0.1, ci_high=0.3, p_value=0.001,
                           start=pd.Timestamp("2025-03-01"), end=pd.Timestamp("2025-03-28"))
    assert "il ne couvre pas un autre événement" in nr.interpret_lift(lift, campaign="c", metric="reach", locale="fr")


def test_moved_names_still_work_with_a_warning_that_names_their_place():
    # public names of the old narrative module keep working for one release (issue 14)
    import socialroi.notebook as nb

    with pytest.warns(DeprecationWarning, match="socialroi.notebook.Report"):
        assert nr.Report is nb.Report
    with pytest.warns(DeprecationWarning, match="socialroi.formatting.percent"):
        assert nr.fmt_pct(0.04567, locale="fr", digits=2) == "4,57\u00a0%"
    with pytest.warns(DeprecationWarning, match="socialroi.awareness.daily_series"):
        assert nr.daily_series is sr.awareness.daily_series
    with pytest.warns(DeprecationWarning, match="catalogue"):
        assert nr.TEXT["fr"]["h_results"] == "Résultats clés"
    with pytest.warns(DeprecationWarning, match="socialroi.plots.plot_lines"):
        assert nr.plot_lines is sr.plots.plot_lines
    with pytest.raises(AttributeError):
        nr.no_such_name  # noqa: B018
    # names that stay are plain attributes (no warning)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert callable(nr.interpret_engagement) and callable(nr.format_table)
