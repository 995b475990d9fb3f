"""What the reports say and draw about bases (issue 19 stage B): platforms that report different
exposures (LinkedIn and X impressions, Instagram reach) measured on ``basis="auto"`` — the sentences
name each platform's basis and why, figures on different bases are never put on one footing, the
platforms' own figures stand beside socialroi's, and the board shows the basis of each row.

The data: a seeded synthetic download of three platforms, each with only its own exposure column;
every number the text shows is recomputed here by hand (ratios of sums).
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import socialroi as sr
import socialroi.formatting as fmt
import socialroi.narrative as nr
import socialroi.notebook as snb
from socialroi import indicators as ind
from socialroi.errors import ParameterError
from socialroi.io import Dataset
from socialroi.plots import plot_indicator, plot_posting_times, plot_rate_ratios

TZ = "Europe/Paris"
META = {"name": "Mix", "brand": "Mix", "competitors": [], "currency": "EUR", "timezone": TZ, "locale": "en"}


@pytest.fixture(scope="module")
def mixed() -> pd.DataFrame:
    rng = np.random.default_rng(19)
    rows = []
    for plat, expo in (("linkedin", "impressions"), ("x", "impressions"), ("instagram", "reach")):
        for i in range(60):
            t = pd.Timestamp("2025-01-06 08:00", tz=TZ) + pd.Timedelta(days=int(rng.integers(0, 90)),
                                                                       hours=int(rng.choice([0, 4, 9])))
            row = {"post_id": f"{plat}{i}", "platform": plat, "published_at": t.isoformat(),
                   "post_type": ["photo", "video", "link"][i % 3], expo: int(rng.integers(300, 3000)),
                   "reactions": int(rng.integers(0, 60)), "comments": int(rng.integers(0, 8)),
                   "shares": int(rng.integers(0, 5))}
            if plat == "x":
                row["platform_engagements"] = row["reactions"] + row["comments"] + row["shares"] + int(rng.integers(0, 40))
            rows.append(row)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        posts = sr.validate(pd.DataFrame(rows), "posts", timezone=TZ)
    posts.attrs["meta"] = dict(META)
    return posts


def _eng(p: pd.DataFrame) -> float:
    return float(p[["reactions", "comments", "shares"]].astype(float).sum().sum())


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_engagement_sentence_names_each_basis_and_why(mixed, locale):
    overall = ind.engagement_rate(mixed, basis="auto")
    by_platform = ind.engagement_rate(mixed, basis="auto", by="platform")
    assert overall.attrs["basis_mode"] == "split" and len(overall) == 2
    out = re.sub(r"[ \n]+", " ", nr.interpret_engagement(overall, by_table=by_platform, by="platform",
                                                         basis="auto", locale=locale, period="Q1"))
    impr = mixed[mixed["platform"] != "instagram"]
    reach = mixed[mixed["platform"] == "instagram"]
    on_impr = _eng(impr) / impr["impressions"].astype(float).sum()
    on_reach = _eng(reach) / reach["reach"].astype(float).sum()
    for v in (on_impr, on_reach):
        assert fmt.percent(v, locale=locale, digits=2) in out
    if locale == "en":
        assert "LinkedIn reports no reach: per impression" in out and "Instagram reports reach: per reach-day" in out
        assert "the platforms share no exposure" in out and "per impression" in out and "per reach-day" in out
    else:
        assert "LinkedIn ne donne pas la portée : par impression" in out and "par portée-jour" in out
        assert "per impression" not in out and "reports" not in out
    res = nr.basis_results(overall, by_platform, basis="auto")
    assert res == {"engagement_basis": "mixed", "engagement_basis_instagram": "reach",
                   "engagement_basis_linkedin": "impressions", "engagement_basis_x": "impressions"}


def test_a_fixed_basis_keeps_the_sentence_it_had(mixed):
    reach = mixed[mixed["platform"] == "instagram"]
    overall = ind.engagement_rate(reach, basis="reach")
    out = nr.interpret_engagement(overall, basis="reach", locale="en", period="Q1")
    assert "reach-days" in out and "reports" not in out  # no basis explanation when none was chosen


def test_formats_are_compared_within_each_platform(mixed):
    ratios = ind.compare_rates(mixed, by="post_type", basis="auto", adjust_for="platform")
    assert "platform" in ratios.columns and set(ratios.attrs["references"]) == {"instagram", "linkedin", "x"}
    out = nr.interpret_compare(ratios, basis="auto", locale="en")
    assert "formats are compared within each platform" in out
    for plat, name, per in (("instagram", "Instagram", "per reach-day"), ("linkedin", "LinkedIn", "per impression")):
        assert f"{name} ({per}, its own reference)" in out
        ref = ratios.attrs["references"][plat]
        assert f"Against {ref} posts (the reference)" in out
    ax = plot_rate_ratios(ratios, locale="en")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any(lab.startswith("LinkedIn · ") and "(reference)" in lab for lab in labels)
    assert sum("(reference)" in lab for lab in labels) == 3  # one reference per platform
    assert "each platform" in ax.get_xlabel()


def test_posting_times_are_one_panel_per_platform_on_its_own_basis(mixed):
    grid = ind.best_posting_times(mixed, basis="auto")
    axes = plot_posting_times(grid, locale="en")
    titles = sorted(a.get_title() for a in axes)
    assert titles == ["Instagram (per reach-day)", "LinkedIn (per impression)", "X (per impression)"]
    with pytest.raises(ParameterError, match="one panel per platform"):
        import matplotlib.pyplot as plt

        plot_posting_times(grid, ax=plt.subplots()[1], locale="en")
    slots = nr.best_slots(grid, locale="en")
    assert set(slots) == {"best_posting_slot_instagram", "best_posting_slot_linkedin", "best_posting_slot_x"}
    text = nr.interpret_posting_times(grid, locale="fr")
    assert "LinkedIn (par impression)" in text and "Instagram (par portée-jour)" in text


def test_rates_over_time_say_their_basis_in_the_legend(mixed):
    over_time = ind.engagement_rate(mixed, basis="auto", by="platform", freq="MS")
    ax = plot_indicator(over_time, hue="platform", locale="en")
    legend = sorted(t.get_text() for t in ax.get_legend().get_texts())
    assert legend == ["Instagram (per reach-day)", "LinkedIn (per impression)", "X (per impression)"]


def test_the_platforms_own_figures_beside_socialroi(mixed):
    native = ind.native_rates(mixed)
    view = nr.native_view(native, locale="en")
    x = view[view["Platform"] == "X"].iloc[0]
    p = mixed[mixed["platform"] == "x"]
    own = p["platform_engagements"].astype(float).sum() / p["impressions"].astype(float).sum()
    ours = _eng(p) / p["impressions"].astype(float).sum()
    assert x["Its value [95% CI]"].startswith(fmt.percent(own, locale="en", digits=2))
    assert x["socialroi's engagement rate [95% CI]"].startswith(fmt.percent(ours, locale="en", digits=2))
    assert x["socialroi's engagement rate [95% CI]"].endswith("per impression")
    assert "X counts every click" in x["Why they differ"]
    insta = view[view["Platform"] == "Instagram"].iloc[0]
    assert insta["The platform's own figure"] == "Instagram engagement rate per account reached (Meta's counts)"
    pi = mixed[mixed["platform"] == "instagram"]
    assert insta["Its value [95% CI]"].startswith(fmt.percent(_eng(pi) / pi["reach"].astype(float).sum(),
                                                              locale="en", digits=2))
    assert "four actions socialroi counts" in insta["Why they differ"]
    # a platform socialroi knows no figure of its own for is said so
    other = mixed.assign(platform=mixed["platform"].replace({"instagram": "pinterest"}))
    intro = nr.interpret_native(ind.native_rates(other), locale="en")
    assert "socialroi knows no figure of Pinterest's own" in intro
    # LinkedIn's own rate needs clicks or the like and impressions: here it has reactions, so it computes
    res = nr.native_results(native)
    assert res["native_x_engagement_rate"] == pytest.approx(own)
    assert res["native_x_engagement_rate_ci_low"] <= own <= res["native_x_engagement_rate_ci_high"]
    assert res["native_x_engagement_rate_ci_unit"] == "posts"
    assert not any(k.startswith("native_engagement_rate") for k in res)


def test_what_an_export_lacks_is_named():
    posts = sr.validate(pd.DataFrame({
        "post_id": ["a", "b", "c"], "platform": "youtube", "published_at": "2025-02-01 10:00",
        "impressions": [100, 200, 300], "video_views": [10, 30, 20], "impressions_ctr_pct": [2.0, 3.0, 1.5]}),
        "posts", timezone=TZ)
    native = ind.native_rates(posts)
    text = " ".join(nr.interpret_native(native, locale="en").split())
    assert "YouTube engagements per 1,000 views (YouTube): not computable from this export, which lacks reactions / comments" in text
    view = nr.native_view(native, locale="fr")
    assert "Taux de clics par impression de YouTube (celui de YouTube)" in set(view.iloc[:, 1])


def test_board_shows_each_rows_basis(mixed):
    ds = Dataset(meta=dict(META), tables={"posts": mixed})
    board = ind.kpi_table(ds, by="platform", freq="MS")
    view = nr.board_view(board, periods=2)
    assert "engagement_rate_basis" in view.columns and "impressions" in view.columns
    assert view.groupby("platform")["period"].nunique().eq(2).all()  # each platform's own last periods
    shown = nr.format_table(view, locale="fr")
    assert "Base" in shown.columns and set(shown["Base"]) == {"portée", "impressions"}


def test_report_helper_skips_what_follows_a_skipped_analysis_and_records_nothing(capsys):
    audience = sr.validate(pd.DataFrame({"date": pd.date_range("2025-01-01", periods=40).strftime("%Y-%m-%d"),
                                         "platform": "linkedin", "followers": np.arange(1000, 1040)}),
                           "audience", timezone=TZ)
    ds = Dataset(meta=dict(META), tables={"audience": audience})
    report = snb.Report(ds, notebook="01_engagement")
    assert report.ready("kpi_table")  # the board needs posts, the audience or mentions: any of them
    assert not report.ready("engagement_rate")
    report.skip("esov", "no market table")
    assert not report.ready("esov_regression", after="esov")
    assert "it reads the result of the" in " ".join(capsys.readouterr().out.split())
    report.record("share_of_voice", pd.DataFrame({"share_of_voice": [], "ci_low": [], "ci_high": []}))
    assert report.results["share_of_voice"] is None
    board = ind.kpi_table(ds, by="platform", freq="MS")
    assert board["follower_growth_rate"].notna().any()
