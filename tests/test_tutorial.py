"""Tests of socialroi.tutorial: every check accepts the right answer, fails wrong ones and says why."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import socialroi as sr
import socialroi.tutorial as tu


@pytest.fixture(scope="module")
def forges():
    return sr.load_sample("forges-de-l-est")


def test_how_not_whether():
    assert tu.check_how_not_whether("b").correct
    assert tu.check_how_not_whether(" (B) ").correct
    fb = tu.check_how_not_whether("a")
    assert not fb and "settled" in fb.message
    assert "output, not a goal" in tu.check_how_not_whether("c").message
    assert not tu.check_how_not_whether("z")


def test_denominator_recognises_the_classic_mistakes(forges):
    er = sr.indicators.engagement_rate
    right = float(er(forges.posts, basis="impressions")["engagement_rate"].iloc[0])
    on_reach = float(er(forges.posts, basis="reach")["engagement_rate"].iloc[0])
    mean = float(er(forges.posts, basis="impressions", agg="mean")["engagement_rate"].iloc[0])
    assert tu.check_denominator(right, forges).correct
    assert tu.check_denominator(round(right, 3), forges).correct  # a rounded answer passes
    fb = tu.check_denominator(on_reach, forges)
    assert not fb and "rate on reach" in fb.message
    fb = tu.check_denominator(mean, forges)
    assert not fb and "mean of per-post ratios" in fb.message
    fb = tu.check_denominator(100 * right, forges)
    assert not fb and "percentage" in fb.message
    fb = tu.check_denominator(0.5, forges, locale="fr")
    assert not fb and "n'est pas le taux" in fb.message


def test_reach_is_not_additive():
    assert tu.check_reach(1500).correct
    fb = tu.check_reach(1800)
    assert not fb and "counts the 300 people" in fb.message
    assert not tu.check_reach(1000)


def test_lift_reads_the_interval():
    effect = SimpleNamespace(ci_low=0.05, ci_high=0.4)
    none = SimpleNamespace(ci_low=-0.1, ci_high=0.3)
    assert tu.check_lift(True, effect).correct and tu.check_lift("oui", effect, locale="fr").correct
    fb = tu.check_lift(True, none)
    assert not fb and "includes zero" in fb.message and "do not show" in fb.message
    assert tu.check_lift(False, none).correct
    assert not tu.check_lift(False, effect)
    assert not tu.check_lift(0.3, effect)  # not a yes/no answer
    assert not tu.check_lift(True, None).correct


def test_roi_and_bad_buzz():
    assert tu.check_roi(0.25).correct and tu.check_roi("0.25").correct
    fb = tu.check_roi(4)
    assert not fb and "engagements per euro" in fb.message
    assert tu.check_bad_buzz(0.5).correct
    fb = tu.check_bad_buzz(50 / 70)
    assert not fb and "neutral" in fb.message
    assert "percentage" in tu.check_bad_buzz(50).message
    assert not tu.check_bad_buzz(0.6)


@pytest.mark.parametrize("check", [tu.check_reach, tu.check_roi, tu.check_bad_buzz, tu.check_how_not_whether])
def test_missing_or_invalid_answers_never_raise(check):
    fb = check(None)
    assert not fb.correct and not fb.answered and "None" in fb.message
    if check is not tu.check_how_not_whether:
        assert not check("twelve").correct
        assert not check(True).correct
        assert not check(float("nan")).correct


def test_solutions_pass_and_lessons_score(forges, capsys):
    lessons = tu.Lessons(forges)
    assert lessons.locale == "en"
    for key in tu.EXERCISES:
        assert lessons.check(key, tu.solution(key, forges)).correct, key
    assert lessons.score()["right"] == len(tu.EXERCISES)
    assert "Score: 7 / 7 right." in capsys.readouterr().out
    lessons.check("reach", 1800)
    lessons.check("roi", None)
    s = lessons.score()
    assert (s["exercise_reach"], s["exercise_roi"], s["right"]) == ("wrong", "unanswered", 5)
    with pytest.raises(sr.ParameterError):
        tu.solution("nope")


def test_feedback_exists_in_both_locales():
    # the feedback of the checks is in the catalogue (issue 14), table tutorial of each file; the lessons
    # themselves are Markdown cells of the notebooks since issue 16 (tests/test_tutorial_notebooks.py)
    from socialroi.catalogue import CATALOGUE

    en = {k for k in CATALOGUE.keys("en") if k.startswith("tutorial.")}
    assert en and en == {k for k in CATALOGUE.keys("fr") if k.startswith("tutorial.")}
    assert not {k for k in CATALOGUE.keys("en") if k.startswith("lesson.")}  # no second copy of the lessons


def test_indicator_table_lists_the_registry_in_the_locale(forges):
    table = tu.Lessons(forges).indicators()
    assert list(table.columns) == ["purpose", "indicator", "definition"]
    assert len(table) == len(sr.indicators.REGISTRY)
    fr = tu.Lessons(sr.load_sample("maison-lumiere")).indicators()
    assert "Part de voix" in set(fr["indicator"]) and "Share of voice" in set(table["indicator"])


def test_feedback_numbers_follow_the_locale(forges):
    # French feedback writes 0,0500 and 30,1 %, never 0.0500 or 30.1%
    fb = tu.check_denominator(0.05, forges, locale="fr")
    assert "0,0500" in fb.message and "0.0500" not in fb.message
    lift = SimpleNamespace(ci_low=0.301, ci_high=0.434)
    msg = tu.check_lift(True, lift, locale="fr").message
    assert "de 30,1\u00a0% à 43,4\u00a0%" in msg
    assert "from 30.1% to 43.4%" in tu.check_lift(True, lift, locale="en").message


def test_reader_tables_are_localised(forges):
    lessons = tu.Lessons(sr.load_sample("maison-lumiere"))
    table = lessons.indicator_table()
    assert list(table.columns) == ["Objectif", "Indicateur", "Définition"]
    assert "notoriété" in set(table["Objectif"]) and "awareness" not in set(table["Objectif"])
    rates = lessons.rates()
    assert list(rates.columns) == ["Définition", "Taux d'engagement"] and rates.iloc[1, 1].endswith("\u00a0%")
    en = tu.Lessons(forges)
    assert en.rates().iloc[1, 0] == "Σ engagements / Σ impressions"
    text = en.lift_text()
    assert "Campaign 'Global Industrie 2025'" in text and ("p = " in text or "p < " in text)
    assert "0.0000" not in text  # no p-value written out with twenty zeros


def test_tutorial_on_a_dataset_without_posts_says_the_exercise_needs_posts(forges):
    # issue 17: a dataset may have no posts; the tutorial still completes and says why exercise 2 cannot run
    ds = sr.io.Dataset(meta={**forges.meta, "locale": "en"}, tables={"audience": forges.audience})
    lessons = tu.Lessons(ds)
    assert "no posts" in lessons.rates().iloc[0, 0]
    assert tu.solution("denominator", ds) is None
    fb = lessons.check("denominator", 0.05)
    assert not fb and "This dataset has no posts" in fb.message
    assert lessons.check("reach", 1500).correct  # the other exercises do not need the data


@pytest.fixture(scope="module")
def sim():
    return tu.coverage_simulation()


def test_wilson_simulation_shows_what_the_lesson_says(sim):
    # the lesson's claim, from the data: Wilson's interval on reach misses the true rate of posts that differ,
    # the between-post interval covers near its 95 %
    assert len(sim) == 200 and (sim["true_rate"] == 0.05).all()
    wilson = ((sim["wilson_low"] <= 0.05) & (0.05 <= sim["wilson_high"])).mean()
    posts = ((sim["posts_low"] <= 0.05) & (0.05 <= sim["posts_high"])).mean()
    assert wilson < 0.3 and 0.9 <= posts <= 0.99, (wilson, posts)
    assert ((sim["wilson_high"] - sim["wilson_low"]) < (sim["posts_high"] - sim["posts_low"])).mean() > 0.9
    assert tu.solution("wilson") == pytest.approx(wilson)


def test_check_wilson_recognises_the_classic_mistakes(sim):
    wilson = ((sim["wilson_low"] <= sim["true_rate"]) & (sim["true_rate"] <= sim["wilson_high"])).mean()
    posts = ((sim["posts_low"] <= sim["true_rate"]) & (sim["true_rate"] <= sim["posts_high"])).mean()
    fb = tu.check_wilson(wilson, sim)
    assert fb.correct and "Wilson intervals contain the true rate" in fb.message
    assert tu.check_wilson(round(wilson, 2), sim).correct
    fb = tu.check_wilson(posts, sim)
    assert not fb and "between-post intervals" in fb.message
    fb = tu.check_wilson(100 * wilson, sim)
    assert not fb and "percentage" in fb.message
    fb = tu.check_wilson(0.95, sim)
    assert not fb and "promises" in fb.message
    fb = tu.check_wilson(0.5, sim, locale="fr")
    assert not fb and "divisez par le nombre de lignes" in fb.message
    assert not tu.check_wilson(None, sim).answered
    assert not tu.check_wilson("beaucoup", sim).correct


def test_wilson_table_on_the_dataset(forges):
    t = tu.wilson_vs_posts(forges)
    assert list(t["interval"]) == ["posts", "wilson"]
    assert t["engagement_rate"].nunique() == 1  # the same rate, two intervals
    assert t.loc[1, "width"] < t.loc[0, "width"]  # Wilson is the narrower one
    er = sr.indicators.engagement_rate(forges.posts, basis="reach")
    assert t.loc[0, "ci_low"] == pytest.approx(er["ci_low"].iloc[0])
    shown = tu.Lessons(sr.load_sample("maison-lumiere")).wilson_table()
    assert list(shown.columns)[0] == "Intervalle" and shown.iloc[0, 1].endswith("\u00a0%")
