"""Indicators that follow the platform (spec rule 7, issue 19): ``basis="auto"``, the platforms' own
indicators, a platform's own total of engagements, and the board without posts.

Expected values are computed by hand in the comments from the small tables below.
"""

from __future__ import annotations

import types

import numpy as np
import pandas as pd
import pytest

from socialroi import indicators as ind
from socialroi import intervals as iv
from socialroi.errors import DataError
from socialroi.io import Dataset

TZ = "Europe/Paris"


def _ts(n: int, start: str = "2025-01-06 10:00", step_h: int = 26) -> list[pd.Timestamp]:
    return [pd.Timestamp(start, tz=TZ) + pd.Timedelta(hours=step_h * i) for i in range(n)]


def _i(values) -> pd.array:
    return pd.array(values, dtype="Int64")


@pytest.fixture
def mixed() -> pd.DataFrame:
    """Facebook (reach and impressions), LinkedIn (impressions only), TikTok (video views only)."""
    return pd.DataFrame({
        "post_id": [f"p{i}" for i in range(7)],
        "platform": ["facebook"] * 3 + ["linkedin"] * 2 + ["tiktok"] * 2,
        "published_at": _ts(7),
        "post_type": ["photo", "video", "photo", "photo", "video", "photo", "video"],
        "reach": _i([100, 200, 0, None, None, None, None]),
        "impressions": _i([150, 260, 5, 400, 600, None, None]),
        "video_views": _i([None, None, None, None, None, 1000, 3000]),
        "reactions": _i([5, 8, 1, 10, 20, 50, 90]),
        "comments": _i([1, 2, 0, 2, 3, 5, 10]),
        "shares": _i([0, 1, 0, 1, 0, 2, 6]),
        "saves": _i([None, None, None, None, None, 4, 8]),
        "clicks": _i([3, 4, 0, 7, 9, None, None]),
        "follows": _i([None, None, None, None, 2, None, None]),
    })


# ------------------------------------------------------------------------------------------
# basis="auto"
# ------------------------------------------------------------------------------------------
def test_auto_measures_each_platform_on_what_it_reports(mixed):
    er = ind.engagement_rate(mixed, basis="auto", by="platform").set_index("platform")
    # facebook on reach: (5+1+0) + (8+2+1) = 17 over 100 + 200 (the post with reach 0 left out)
    # linkedin on impressions: (10+2+1) + (20+3+0) = 36 over 400 + 600
    # tiktok on video views: (50+5+2+4) + (90+10+6+8) = 175 over 1000 + 3000 (saves: TikTok exports them)
    assert er.loc["facebook", ["basis", "numerator", "denominator"]].tolist() == ["reach", 17, 300]
    assert er.loc["linkedin", ["basis", "numerator", "denominator"]].tolist() == ["impressions", 36, 1000]
    assert er.loc["tiktok", ["basis", "numerator", "denominator"]].tolist() == ["views", 175, 4000]
    assert er.loc["facebook", "engagement_rate"] == pytest.approx(17 / 300)
    assert er.loc["facebook", "n_posts"] == 2 and er.attrs["n_zero_exposure"] == 1
    assert er.attrs["basis_by_platform"] == {"facebook": "reach", "linkedin": "impressions", "tiktok": "views"}
    note = er.attrs["basis_note"]
    assert "LinkedIn reports no reach: per impression" in note
    assert "TikTok reports neither reach nor impressions: per video view" in note
    assert "LinkedIn reports no reach: per impression" in ind.describe(er.reset_index())  # in the definition too
    fr = ind.engagement_rate(mixed, basis="auto", by="platform", locale="fr")
    assert "LinkedIn ne donne pas la portée : par impression" in fr.attrs["basis_note"]
    # the interval is the between-post one, on each platform's own exposure
    li = mixed[mixed["platform"] == "linkedin"]
    res = iv.ratio_interval([13.0, 23.0], [400.0, 600.0], bounds=(0.0, None))
    assert er.loc["linkedin", ["ci_low", "ci_high"]].tolist() == pytest.approx([res.low[0], res.high[0]])
    assert len(li) == 2


def test_auto_never_mixes_bases_in_one_row(mixed):
    # facebook + linkedin share impressions: one figure over both, on impressions
    two = mixed[mixed["platform"] != "tiktok"]
    er = ind.engagement_rate(two, basis="auto")
    # (6 + 11 + 1 + 13 + 23) / (150 + 260 + 5 + 400 + 600): the facebook post reached by 0 had 5 impressions
    assert er["basis"].tolist() == ["impressions"] and er.attrs["basis_mode"] == "common"
    assert er["engagement_rate"].iloc[0] == pytest.approx(54 / 1415)
    assert "a rate over several platforms is on impressions, the basis they all report" in er.attrs["basis_note"]
    # with TikTok (video views only) no basis is common: one row per basis, never mixed
    er = ind.engagement_rate(mixed, basis="auto").set_index("basis")
    assert er.attrs["basis_mode"] == "split" and sorted(er.index) == ["impressions", "reach", "views"]
    assert er.loc["views", "engagement_rate"] == pytest.approx(175 / 4000)
    assert "share none: one row per basis" in er.attrs["basis_note"]


def test_a_fixed_basis_is_named_and_unchanged(mixed):
    er = ind.engagement_rate(mixed, basis="reach", by="platform").set_index("platform")
    assert (er["basis"] == "reach").all() and er.attrs["basis_mode"] == "fixed"
    assert er.loc["facebook", "engagement_rate"] == pytest.approx(17 / 300)
    assert np.isnan(er.loc["linkedin", "engagement_rate"]) and er.loc["linkedin", "n_posts"] == 0


def test_a_platform_without_any_exposure_is_left_out_and_counted(mixed):
    p = mixed.copy()
    p.loc[p["platform"] == "tiktok", "video_views"] = pd.NA
    er = ind.engagement_rate(p, basis="auto", by="platform")
    assert "tiktok" not in set(er["platform"]) and er.attrs["n_without_basis"] == 2
    assert "TikTok reports no reach, impressions or views: its posts are left out" in er.attrs["basis_note"]


def test_compare_rates_on_a_common_basis_or_within_platforms(mixed):
    two = mixed[mixed["platform"] != "tiktok"]
    auto = ind.compare_rates(two, by="post_type", basis="auto")
    fixed = ind.compare_rates(two, by="post_type", basis="impressions")
    assert auto.attrs["basis_mode"] == "common" and (auto["basis"] == "impressions").all()
    pd.testing.assert_series_equal(auto["rate_ratio"], fixed["rate_ratio"])
    # no common basis: formats compared within each platform, each on its own basis
    within = ind.compare_rates(mixed, by="post_type", basis="auto")
    assert within.attrs["basis_mode"] == "split" and set(within["platform"]) == {"facebook", "linkedin", "tiktok"}
    for p, b in (("linkedin", "impressions"), ("tiktok", "views")):
        alone = ind.compare_rates(mixed[mixed["platform"] == p], by="post_type", basis=b)
        mine = within[within["platform"] == p].reset_index(drop=True)
        assert (mine["basis"] == b).all()
        np.testing.assert_allclose(mine["rate_ratio"], alone["rate_ratio"])
        assert within.attrs["references"][p] == alone.attrs["reference"]
    # platforms themselves cannot be compared without a common exposure
    with pytest.raises(DataError, match="can only be compared on an exposure they all report"):
        ind.compare_rates(mixed, by="platform", basis="auto")


def test_best_posting_times_per_platform_without_a_common_basis(mixed):
    grid = ind.best_posting_times(mixed, basis="auto")
    assert len(grid) == 3 * 168 and grid.attrs["basis_mode"] == "split"
    assert grid.groupby("platform")["basis"].first().to_dict() == {"facebook": "reach", "linkedin": "impressions",
                                                                    "tiktok": "views"}
    assert grid["n_posts"].sum() == 6  # the facebook post reached by 0 is left out
    one = ind.best_posting_times(mixed[mixed["platform"] != "tiktok"], basis="auto")
    assert len(one) == 168 and (one["basis"] == "impressions").all()


def test_kpi_table_defaults_to_auto_and_names_each_rows_basis(mixed):
    ds = types.SimpleNamespace(posts=mixed, meta={"locale": "en"})
    board = ind.kpi_table(ds, by="platform", freq=None).set_index("platform")
    er = ind.engagement_rate(mixed, basis="auto", by="platform").set_index("platform")
    assert board["engagement_rate_basis"].to_dict() == {"facebook": "reach", "linkedin": "impressions", "tiktok": "views"}
    np.testing.assert_allclose(board["engagement_rate"], er.loc[board.index, "engagement_rate"])
    np.testing.assert_allclose(board["engagement_rate_ci_low"], er.loc[board.index, "ci_low"])
    assert board.attrs["n_zero_exposure"]["engagement_rate"] == 1
    # rows mixing platforms that share no basis get no rate, and say so
    by_type = ind.kpi_table(ds, by="post_type", freq=None)
    assert (by_type["engagement_rate_basis"] == "mixed").all() and by_type["engagement_rate"].isna().all()
    assert any("share no exposure basis" in n for n in by_type.attrs["notes"])
    # basis="reach": LinkedIn and TikTok have no rate on reach
    reach = ind.kpi_table(ds, by="platform", freq=None, basis="reach").set_index("platform")
    assert reach["engagement_rate"].isna().tolist() == [False, True, True]


def test_kpi_table_without_posts_gives_what_the_audience_gives():
    days = pd.date_range("2025-01-01", periods=40, freq="D")
    rng = np.random.default_rng(5)
    aud = pd.DataFrame({"date": np.tile(days, 2), "platform": ["facebook"] * 40 + ["linkedin"] * 40,
                        "followers": np.r_[1000 + np.arange(40) * 3, 500 + np.arange(40)],
                        "new_followers": rng.integers(2, 6, 80), "lost_followers": rng.integers(0, 2, 80)})
    ds = Dataset(meta={"name": "t", "brand": "t", "locale": "en", "timezone": TZ}, tables={"audience": aud})
    board = ind.kpi_table(ds, by="platform", freq="MS")
    growth = ind.follower_growth_rate(aud, by="platform", freq="MS")
    assert (board["posts"] == 0).all() and len(board) == len(growth) == 4
    np.testing.assert_allclose(board["follower_growth_rate"], growth["follower_growth_rate"])
    assert "churn_rate" in board.columns and "engagement_rate" not in board.columns
    with pytest.raises(DataError, match="at least one of the tables"):
        ind.kpi_table(Dataset(meta={"name": "t"}, tables={}))


# ------------------------------------------------------------------------------------------
# engagements: the platform's own total when the components are absent; unavailable is not 0
# ------------------------------------------------------------------------------------------
def test_platform_own_total_when_the_export_has_no_components():
    p = pd.DataFrame({"platform": ["facebook", "facebook", "instagram", "youtube"],
                      "reactions": _i([None, None, 4, None]), "comments": _i([None, None, 1, None]),
                      "platform_engagements": _i([12, 8, 99, None]), "reach": _i([100, 100, 50, 10])})
    e = ind.engagements(p)
    # facebook: its own total (12, 8); instagram: its components (4 + 1, its own total ignored);
    # youtube: no count at all -> NaN, not 0
    np.testing.assert_array_equal(e.to_numpy(), [12, 8, 5, np.nan])
    assert e.attrs["own_total"] == ["facebook"]
    assert "Facebook: the platform's own total" in e.attrs["definition"]
    assert "YouTube: no engagement count in the export" in e.attrs["definition"]
    er = ind.engagement_rate(p, by="platform").set_index("platform")
    assert er.loc["facebook", "engagement_rate"] == pytest.approx(20 / 200)
    assert np.isnan(er.loc["youtube", "engagement_rate"])
    with pytest.raises(DataError, match="has no reaction, comment, share or save count"):
        ind.engagements(p[p["platform"] == "youtube"].drop(columns=["platform_engagements"]))


def test_a_column_absent_from_one_export_layout_is_absent_for_that_layout_only():
    # X's legacy tweet activity has no bookmarks; its 2024 content export has them (saves)
    p = pd.DataFrame({"platform": ["x"] * 4, "source_family": ["x_tweet_activity"] * 2 + ["x_content"] * 2,
                      "reactions": _i([3, 4, 5, 6]), "saves": _i([None, None, 1, None])})
    np.testing.assert_array_equal(ind.engagements(p).to_numpy(), [3, 4, 6, np.nan])


# ------------------------------------------------------------------------------------------
# the platforms' own indicators
# ------------------------------------------------------------------------------------------
def test_native_indicators_against_hand_values():
    p = pd.DataFrame({
        "platform": ["x", "x", "linkedin", "linkedin", "youtube", "youtube", "tiktok", "tiktok", "facebook", "facebook"],
        "published_at": _ts(10),
        "impressions": _i([1000, 3000, 400, 600, 1000, 3000, None, None, 300, 500]),
        "platform_engagements": _i([30, 30, None, None, None, None, None, None, None, None]),
        "clicks": _i([None, None, 7, 9, None, None, None, None, None, None]),
        "reactions": _i([1, 2, 10, 20, 5, 9, 50, 90, 3, 4]),
        "comments": _i([0, 1, 2, 3, 1, 1, 5, 10, 0, 1]),
        "shares": _i([0, 0, 1, 0, None, None, 2, 6, 0, 0]),
        "saves": _i([None, None, None, None, None, None, 4, 8, None, None]),
        "follows": _i([None, None, None, 2, None, None, None, None, None, None]),
        "video_views": _i([None, None, None, None, 100, 300, 1000, 3000, None, None]),
        "impressions_ctr_pct": [None, None, None, None, 2.0, 5.0, None, None, None, None],
        "watch_time_hours": [None, None, None, None, 1.0, 2.0, None, None, None, None],
        "engaged_users": _i([None] * 8 + [20, 30]),
        "reach": _i([None] * 8 + [100, 200]),
    })

    def value(indicator):
        out = ind.native_rate(p, indicator=indicator)
        return out[indicator].iloc[0], out

    # X: its own engagements over impressions, (30 + 30) / 4000
    v, out = value("x_engagement_rate")
    assert v == pytest.approx(60 / 4000) and out["basis"].iloc[0] == "impressions"
    res = iv.ratio_interval([30.0, 30.0], [1000.0, 3000.0], bounds=(0.0, None))
    assert out[["ci_low", "ci_high"]].iloc[0].tolist() == pytest.approx([res.low[0], res.high[0]])
    # LinkedIn: (7+10+2+1+0) + (9+20+3+0+2) = 20 + 34 over 1000 (a blank follow count is 0)
    assert value("linkedin_engagement_rate")[0] == pytest.approx(54 / 1000)
    # YouTube CTR: views from impressions 2 % × 1000 + 5 % × 3000 = 170 over 4000
    assert value("youtube_impressions_ctr")[0] == pytest.approx(170 / 4000)
    # average view duration: (1 + 2) h × 3600 s over 100 + 300 views = 27 s
    v, out = value("youtube_average_view_duration")
    assert v == pytest.approx(27.0) and out.attrs["indicator"]["unit"] == "seconds per view"
    # engagements per 1,000 views: (5 + 1) + (9 + 1) = 16 over 400 views (shares not exported)
    assert value("youtube_engagement_per_1000_views")[0] == pytest.approx(40.0)
    # TikTok: (50+5+2) + (90+10+6) = 163 over 4000 views (saves left out, as in its usual definition)
    assert value("tiktok_engagement_rate")[0] == pytest.approx(163 / 4000)
    # classic Facebook: engaged users (20 + 30) over reach (100 + 200)
    assert value("facebook_engagement_rate")[0] == pytest.approx(50 / 300)
    # without watch time, each video's average view duration × its views: (30×100 + 20×300) / 400
    q = p.assign(watch_time_hours=np.nan, average_view_duration_s=[np.nan] * 4 + [30.0, 20.0] + [np.nan] * 4)
    out = ind.native_rate(q, indicator="youtube_average_view_duration")
    assert out["youtube_average_view_duration"].iloc[0] == pytest.approx(22.5)


def test_instagram_engagement_rate_against_hand_values():
    # Meta's interactions (likes + comments + saves + shares) over accounts reached; a blank save on one
    # post is missing for that post, follows are left out
    p = pd.DataFrame({"platform": ["instagram", "instagram", "instagram", "facebook"], "published_at": _ts(4),
                      "reach": _i([200, 800, 1000, 50]), "reactions": _i([10, 40, 30, 9]),
                      "comments": _i([1, 2, 3, 9]), "saves": _i([2, 6, 4, 9]), "shares": _i([1, 0, 3, 9]),
                      "follows": _i([5, 5, 5, 5])})
    out = ind.native_rate(p, indicator="instagram_engagement_rate")
    assert out["instagram_engagement_rate"].iloc[0] == pytest.approx((14 + 48 + 40) / 2000)
    assert out["n_posts"].iloc[0] == 3 and out["basis"].iloc[0] == "reach"
    res = iv.ratio_interval([14.0, 48.0, 40.0], [200.0, 800.0, 1000.0], bounds=(0.0, None))
    assert out[["ci_low", "ci_high"]].iloc[0].tolist() == pytest.approx([res.low[0], res.high[0]])
    # the same four actions as socialroi's rate on reach: both figures agree
    t = ind.native_rates(p[p["platform"] == "instagram"]).set_index("source")
    assert t.loc["platform", "value"] == pytest.approx(t.loc["socialroi", "value"])
    with pytest.raises(DataError, match="accounts reached"):
        ind.native_rate(p.drop(columns="reach"), indicator="instagram_engagement_rate")


def test_native_rates_shows_each_platforms_figure_beside_ours():
    p = pd.DataFrame({"platform": ["x", "x", "youtube", "youtube"], "published_at": _ts(4),
                      "impressions": _i([1000, 3000, 1000, 3000]), "platform_engagements": _i([30, 30, None, None]),
                      "reactions": _i([1, 2, None, None]), "comments": _i([0, 1, None, None]),
                      "shares": _i([0, 0, None, None]), "video_views": _i([None, None, 100, 300]),
                      "impressions_ctr_pct": [None, None, 2.0, 5.0]})
    t = ind.native_rates(p)
    x = t[t["platform"] == "x"].set_index("source")
    assert x.loc["platform", "value"] == pytest.approx(60 / 4000)
    assert x.loc["socialroi", "value"] == pytest.approx(4 / 4000) and x.loc["socialroi", "basis"] == "impressions"
    assert "clicks" in x.loc["platform", "definition"]  # why X's figure is higher
    yt = t[t["platform"] == "youtube"]
    assert yt["indicator"].tolist() == ["youtube_impressions_ctr"]
    reasons = {(s["platform"], s["indicator"]): s["reason"] for s in t.attrs["skipped"]}
    assert "watch time" in reasons[("youtube", "youtube_average_view_duration")]
    assert "no likes or comments" in reasons[("youtube", "youtube_engagement_per_1000_views")]
    assert "no reaction, comment, share or save count" in reasons[("youtube", "engagement_rate")]
    with pytest.raises(DataError, match="no LinkedIn posts"):
        ind.native_rate(p, indicator="linkedin_engagement_rate")


def test_native_indicators_are_registered_with_their_platform():
    for id_, d in ind.NATIVE_REGISTRY.items():
        assert ind.definition(id_) is d and d.platform in ind.NATIVE_INDICATORS and id_ in ind.NATIVE_INDICATORS[d.platform]
        assert d.source and d.notes and d.label_fr and d.numerator_fr
    assert ind.definition("engagement_rate").platform == ""
