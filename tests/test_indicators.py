"""Tests of socialroi.indicators: hand-computed values, invariants, reference data, simulations."""

from __future__ import annotations

import json
import types

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from socialroi import indicators as ind
from socialroi.errors import DataError, ParameterError

TZ = "Europe/Paris"


def _ts(*values: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values))).dt.tz_localize(TZ)


def _i(values) -> pd.array:
    return pd.array(values, dtype="Int64")


@pytest.fixture
def posts() -> pd.DataFrame:
    """Four posts on two platforms; one with a missing reaction count."""
    return pd.DataFrame({
        "post_id": ["p1", "p2", "p3", "p4"],
        "platform": ["facebook", "facebook", "instagram", "instagram"],
        "published_at": _ts("2025-01-03 10:00", "2025-01-31 23:30", "2025-02-01 00:30", "2025-02-02 12:00"),
        "post_type": ["photo", "video", "photo", "video"],
        "reactions": _i([10, 20, 5, None]),
        "comments": _i([1, 2, 3, 4]),
        "shares": _i([0, 1, 2, 3]),
        "clicks": _i([4, 0, 6, 8]),
        "reach": _i([100, 200, 50, 60]),
        "impressions": _i([150, 250, 70, 80]),
        "video_views": _i([None, 400, None, 90]),
        "spend": [10.0, 0.0, 5.0, None],
    })


# ------------------------------------------------------------------------------------------
# Registry and definitions
# ------------------------------------------------------------------------------------------
def test_registry_has_every_field_and_both_labels():
    for id_, d in ind.REGISTRY.items():
        assert d.id == id_
        for field in ("label_en", "label_fr", "purpose", "numerator", "aggregation", "unit", "source"):
            assert getattr(d, field), (id_, field)
    assert ind.definition("share_of_voice").label("fr") == "Part de voix"
    # any French locale reads French (a third locale is a parameter: fr_CH, fr-BE), others English
    d = ind.definition("share_of_voice")
    assert d.label("fr_CH") == d.label("fr-BE") == "Part de voix" and d.label("de") == d.label("en_GB") == "Share of voice"
    assert d.line("fr_CH") == d.line("fr") and d.line("en_GB") == d.line("en")
    with pytest.raises(ParameterError, match="unknown indicator"):
        ind.definition("likes_per_moon")


def test_describe_renders_one_line_in_each_locale():
    en = ind.describe("click_through_rate", locale="en")
    fr = ind.describe("click_through_rate", locale="fr")
    assert "\n" not in en and en.startswith("Click-through rate = Σ clicks / Σ impressions")
    assert fr.startswith("Taux de clics = Σ clics / Σ impressions") and "unité" in fr
    # a sum or difference is bracketed so the formula reads unambiguously
    assert "(abonnés en fin de période − abonnés en début de période) /" in ind.describe("follower_growth_rate", locale="fr")
    with pytest.raises(ParameterError):
        ind.describe("click_through_rate", locale="xx")  # not a CLDR locale ("de" reads in English: issue 14)


def test_outputs_carry_definition_and_exclusions(posts):
    out = ind.engagement_rate(posts, by="platform")
    assert out.attrs["indicator"]["id"] == "engagement_rate"
    assert out.attrs["definition"] == ind.describe(out)
    assert "reach-days" in out.attrs["definition"]
    assert "saves" in out.attrs["definition"]  # absent component is named
    assert out.attrs["n_excluded"] == 1  # p4: reactions missing
    json.dumps(out.attrs["indicator"])  # plain, serialisable (parquet keeps attrs as JSON)
    fr = ind.engagement_rate(posts, locale="fr")
    assert fr.attrs["definition"].startswith("Taux d'engagement = Σ engagements (réactions + commentaires + partages)")


def test_locale_defaults_to_dataset_meta(posts):
    p = posts.copy()
    p.attrs["meta"] = {"locale": "fr"}
    assert ind.engagement_rate(p).attrs["definition"].startswith("Taux d'engagement")


def test_inputs_not_mutated(posts):
    before = posts.copy(deep=True)
    ind.engagement_rate(posts, by="platform", freq="MS", per_post=True)
    ind.kpi_table(types.SimpleNamespace(posts=posts, meta={}), by="platform")
    pd.testing.assert_frame_equal(posts, before)


# ------------------------------------------------------------------------------------------
# Engagements and engagement rate
# ------------------------------------------------------------------------------------------
def test_engagements_sum_available_components(posts):
    e = ind.engagements(posts)
    # p1: 10 + 1 + 0 = 11; p2: 20 + 2 + 1 = 23; p3: 5 + 3 + 2 = 10; p4: reactions missing -> NaN
    np.testing.assert_array_equal(e.to_numpy(), [11, 23, 10, np.nan])
    assert e.attrs["components"] == ["reactions", "comments", "shares"]
    assert ind.engagements(posts, include_clicks=True).iloc[0] == 15  # 11 + 4 clicks


def test_component_never_exported_by_a_platform_is_absent_not_missing():
    p = pd.DataFrame({"platform": ["instagram", "instagram", "linkedin"],
                      "reactions": _i([1, 2, 3]), "saves": _i([5, None, None])})
    e = ind.engagements(p)
    # instagram exports saves: row 2 is incomplete (NaN); linkedin never does: 3 + nothing = 3
    np.testing.assert_array_equal(e.to_numpy(), [6, np.nan, 3])
    assert "saves not exported by LinkedIn" in e.attrs["definition"]


def test_engagement_rate_reach_ratio_of_sums(posts):
    out = ind.engagement_rate(posts, by="platform")
    fb = out.set_index("platform").loc["facebook"]
    # facebook: (11 + 23) / (100 + 200) = 34 / 300
    assert fb["n_posts"] == 2 and fb["numerator"] == 34 and fb["denominator"] == 300
    assert fb["engagement_rate"] == pytest.approx(34 / 300)
    ig = out.set_index("platform").loc["instagram"]
    # instagram: p4 excluded (reactions missing): 10 / 50
    assert ig["n_posts"] == 1 and ig["engagement_rate"] == pytest.approx(0.2)


def test_engagement_rate_wilson_interval_known_value():
    p = pd.DataFrame({"reactions": _i([50]), "reach": _i([100]), "published_at": _ts("2025-01-01 10:00")})
    # the default interval rests on the variation between posts: NaN below 2 posts (spec rule 5)
    default = ind.engagement_rate(p)
    assert np.isnan(default["ci_low"].iloc[0]) and default.attrs["ci_unit"] == "posts"
    # Wilson stays as the explicit, labelled option (each reached account one trial)
    out = ind.engagement_rate(p, ci="wilson")
    assert out.attrs["ci_method_id"] == "wilson" and "not the default" in out.attrs["ci_method"]
    # Wilson 95 % for 50/100: (0.5 + 1.96²/200 ± 1.96·sqrt(0.25/100 + 1.96²/40000)) / (1 + 1.96²/100)
    # = 0.4038, 0.5962 (Newcombe 1998, Table I gives 0.4038-0.5962)
    assert out["ci_low"].iloc[0] == pytest.approx(0.4038, abs=1e-4)
    assert out["ci_high"].iloc[0] == pytest.approx(0.5962, abs=1e-4)
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(7, 40, method="wilson")
    got = ind.wilson_interval(7, 40)
    assert got[0] == pytest.approx(lo) and got[1] == pytest.approx(hi)


def test_engagement_rate_above_one_gets_poisson_interval_not_wilson():
    p = pd.DataFrame({"reactions": _i([30]), "reach": _i([20]), "published_at": _ts("2025-01-01 10:00")})
    out = ind.engagement_rate(p, ci="wilson")
    # 30 engagements over 20 reached: not a proportion; exact Poisson: chi2(.025, 60)/2/20, chi2(.975, 62)/2/20
    assert out["engagement_rate"].iloc[0] == 1.5
    assert out["ci_low"].iloc[0] == pytest.approx(stats.chi2.ppf(0.025, 60) / 40)
    assert out["ci_high"].iloc[0] == pytest.approx(stats.chi2.ppf(0.975, 62) / 40)
    assert "Wilson 95 % interval, each unit of the denominator treated as an independent trial" in out.attrs["definition"]


def test_engagement_rate_mean_of_ratios_and_per_post_distribution(posts):
    out = ind.engagement_rate(posts, agg="mean", by="platform", per_post=True).set_index("platform")
    # facebook per-post: 11/100 = 0.11, 23/200 = 0.115 -> mean 0.1125, median 0.1125
    assert out.loc["facebook", "engagement_rate"] == pytest.approx(0.1125)
    assert out.loc["facebook", "per_post_median"] == pytest.approx(0.1125)
    # quartiles (linear interpolation) of [0.11, 0.115]: 0.11125 and 0.11375
    assert out.loc["facebook", "per_post_q1"] == pytest.approx(0.11125)
    assert out.loc["facebook", "per_post_q3"] == pytest.approx(0.11375)
    # Student interval: sd of (0.11, 0.115) = 0.0035355; se = 0.0025; t(0.975, 1) = 12.706
    assert out.loc["facebook", "ci_high"] == pytest.approx(0.1125 + 12.7062 * 0.0025, rel=1e-4)
    assert "mean of per-post ratios" in ind.describe(ind.engagement_rate(posts, agg="mean"))
    d = ind.distribution(posts, by="platform").set_index("platform")
    assert d.loc["facebook", "iqr"] == pytest.approx(0.0025)


def test_engagement_rate_impressions_views_followers(posts):
    imp = ind.engagement_rate(posts, basis="impressions", by="platform").set_index("platform")
    assert imp.loc["facebook", "engagement_rate"] == pytest.approx(34 / 400)  # 34 / (150 + 250)
    views = ind.engagement_rate(posts, basis="views")
    # only p2 has views and complete engagements (p4 reactions missing): 23 / 400
    assert views["engagement_rate"].iloc[0] == pytest.approx(23 / 400)
    assert views.attrs["n_excluded"] == 3
    audience = pd.DataFrame({"date": pd.to_datetime(["2025-01-02", "2025-01-31", "2025-02-01"]),
                             "platform": ["facebook", "facebook", "instagram"],
                             "followers": _i([1000, 1100, 500])})
    fol = ind.engagement_rate(posts, basis="followers", audience=audience, by="platform").set_index("platform")
    # p1 published 01-03: no row that day -> latest earlier day 01-02 (1000); p2 on 01-31 local (1100):
    # (11 + 23) / (1000 + 1100)
    assert fol.loc["facebook", "engagement_rate"] == pytest.approx(34 / 2100)
    # p3 on 02-01 (500); p4 excluded (reactions missing): 10 / 500
    assert fol.loc["instagram", "engagement_rate"] == pytest.approx(10 / 500)
    with pytest.raises(DataError, match="audience"):
        ind.engagement_rate(posts, basis="followers")


def test_zero_denominator_and_unavailable_give_nan_not_inf(posts):
    p = posts.copy()
    p["reach"] = _i([0, 0, None, None])
    out = ind.engagement_rate(p, by="platform").set_index("platform")
    assert np.isnan(out.loc["facebook", "engagement_rate"])  # 34 / 0
    assert np.isnan(out.loc["instagram", "engagement_rate"])  # reach unavailable: NaN, not 0
    assert out.loc["instagram", "n_posts"] == 0
    assert not np.isinf(out[["engagement_rate", "ci_low", "ci_high"]].to_numpy()).any()
    mean = ind.engagement_rate(p, agg="mean")
    assert np.isnan(mean["engagement_rate"].iloc[0]) and mean.attrs["n_excluded"] == 4
    with pytest.raises(DataError, match="posts"):
        ind.engagement_rate(posts.drop(columns=["reach"]))


def test_periods_follow_dataset_local_time(posts):
    out = ind.engagement_rate(posts, freq="MS")
    # p2 at 2025-01-31 23:30 Paris (22:30 UTC) is January; p3 at 02-01 00:30 Paris (01-31 23:30 UTC) is February
    assert list(out["period"]) == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01")]
    assert list(out["n_posts"]) == [2, 1]


# ------------------------------------------------------------------------------------------
# Per-post rates, virality, CTR, frequency
# ------------------------------------------------------------------------------------------
def test_kaushik_rates_per_post(posts):
    conv = ind.conversation_rate(posts)
    # (1 + 2 + 3 + 4) / 4 posts
    assert conv["conversation_rate"].iloc[0] == pytest.approx(2.5)
    amp = ind.amplification_rate(posts, by="platform").set_index("platform")
    assert amp.loc["instagram", "amplification_rate"] == pytest.approx(2.5)  # (2 + 3) / 2
    app = ind.applause_rate(posts)
    assert app["applause_rate"].iloc[0] == pytest.approx(35 / 3)  # (10 + 20 + 5) / 3, p4 missing
    assert app.attrs["n_excluded"] == 1


def test_per_post_interval_is_garwood_without_overdispersion():
    p = pd.DataFrame({"comments": _i([2, 2]), "published_at": _ts("2025-01-01 10:00", "2025-01-02 10:00")})
    # between posts (default): two posts with the same count show no variation -> NaN, not a
    # falsely certain interval
    assert np.isnan(ind.conversation_rate(p)["ci_low"].iloc[0])
    # the labelled former default, ci="poisson":
    out = ind.conversation_rate(p, ci="poisson")
    # no dispersion (variance 0 -> phi = 1): exact Poisson for 4 comments is [1.0899, 10.2416]
    # (Garwood 1936 tables), divided by 2 posts
    assert out["ci_low"].iloc[0] == pytest.approx(1.0899 / 2, abs=1e-4)
    assert out["ci_high"].iloc[0] == pytest.approx(10.2416 / 2, abs=1e-4)
    # overdispersed counts widen it: [0, 4] has mean 2, variance 8, phi = 4
    wide = ind.conversation_rate(p.assign(comments=_i([0, 4])), ci="poisson")
    assert wide["ci_high"].iloc[0] > out["ci_high"].iloc[0]
    lo, hi = stats.chi2.ppf(0.025, 2 * 1) / 2, stats.chi2.ppf(0.975, 2 * 1 + 2) / 2  # Garwood of 4/phi = 1
    assert wide["ci_low"].iloc[0] == pytest.approx(lo * 4 / 2) and wide["ci_high"].iloc[0] == pytest.approx(hi * 4 / 2)


def test_amplification_per_follower(posts):
    audience = pd.DataFrame({"date": pd.to_datetime(["2025-01-03", "2025-01-31", "2025-02-01", "2025-02-02"]),
                             "platform": ["facebook", "facebook", "instagram", "instagram"],
                             "followers": _i([1000, 1000, 400, 600])})
    out = ind.amplification_rate(posts, per="followers", audience=audience)
    # (0 + 1 + 2 + 3) / (1000 + 1000 + 400 + 600)
    assert out["amplification_rate"].iloc[0] == pytest.approx(6 / 3000)
    assert "followers at the publication day" in out.attrs["definition"]


def test_virality_ctr_frequency(posts):
    assert ind.virality_rate(posts)["virality_rate"].iloc[0] == pytest.approx(6 / 550)  # Σshares/Σimpr
    assert ind.click_through_rate(posts)["click_through_rate"].iloc[0] == pytest.approx(18 / 550)
    fr = ind.frequency(posts)
    assert fr["frequency"].iloc[0] == pytest.approx(550 / 410)  # Σ impressions / Σ reach
    # an interval between posts by default (what posts like these give); ci="none" for totals only
    assert fr["ci_low"].iloc[0] < 550 / 410 < fr["ci_high"].iloc[0]
    assert np.isnan(ind.frequency(posts, ci="none")["ci_low"].iloc[0])


# ------------------------------------------------------------------------------------------
# Audience
# ------------------------------------------------------------------------------------------
@pytest.fixture
def audience() -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.to_datetime(["2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-01-31"]),
        "platform": ["facebook"] * 4 + ["instagram"],
        "followers": _i([1000, 1010, 1020, 990, 50]),
        "new_followers": _i([5, 15, 12, 0, 1]),
        "lost_followers": _i([1, 5, 2, 30, None]),
    })


def test_follower_growth_and_churn(audience):
    g = ind.follower_growth_rate(audience).set_index(["platform", "period"])
    jan, feb = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01")
    # January: no day before 01-30 -> start = 1000 (end of 01-30), end = 1010: +1 %
    assert g.loc[("facebook", jan), "follower_growth_rate"] == pytest.approx(0.01)
    # February: start = end of 01-31 (1010), end = 990: -20 / 1010
    assert g.loc[("facebook", feb), "follower_growth_rate"] == pytest.approx(-20 / 1010)
    c = ind.churn_rate(audience).set_index(["platform", "period"])
    # February churn: (2 + 30) lost / 1010 at opening
    assert c.loc[("facebook", feb), "churn_rate"] == pytest.approx(32 / 1010)
    lo, hi = ind.wilson_interval(32, 1010)
    cw = ind.churn_rate(audience, ci="wilson").set_index(["platform", "period"])
    assert cw.loc[("facebook", feb), "ci_low"] == pytest.approx(lo[()])
    # default: between days. February has 2 days: lost (2, 30) at openings (1010, 1020); the daily
    # churn 32/2030 gets its interval from those 2 days and moves the period churn by Σx/F_start
    from socialroi.intervals import ratio_interval

    r = ratio_interval(np.array([2.0, 30.0]), np.array([1010.0, 1020.0]))
    f = 2030 / 1010
    assert c.loc[("facebook", feb), "ci_low"] == pytest.approx(max(32 / 1010 + (r.low[0] - 32 / 2030) * f, 0))
    assert c.loc[("facebook", feb), "ci_high"] == pytest.approx(32 / 1010 + (r.high[0] - 32 / 2030) * f)
    assert c.loc[("facebook", feb), "n_units"] == 2 and c.loc[("facebook", feb), "ci_unit"] == "days"
    # instagram's only day has lost_followers missing: excluded, counted
    assert ("instagram", jan) not in c.index and ind.churn_rate(audience).attrs["n_excluded"] == 1
    net = ind.follower_growth_rate(audience, variant="net_new").set_index(["platform", "period"])
    assert net.loc[("facebook", feb), "follower_growth_rate"] == pytest.approx((12 - 2 + 0 - 30) / 990)


def test_follower_growth_zero_start_is_nan():
    a = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02"]), "platform": ["x", "x"],
                      "followers": _i([0, 10]), "lost_followers": _i([0, 0])})
    assert np.isnan(ind.follower_growth_rate(a)["follower_growth_rate"].iloc[0])
    assert np.isnan(ind.churn_rate(a)["churn_rate"].iloc[0])


# ------------------------------------------------------------------------------------------
# Listening
# ------------------------------------------------------------------------------------------
@pytest.fixture
def mentions() -> pd.DataFrame:
    return pd.DataFrame({
        "timestamp": _ts("2025-01-03 10:00", "2025-01-20 08:00", "2025-02-01 00:30", "2025-02-02 09:00",
                         "2025-01-31 23:30", "2025-02-10 12:00"),
        "brand": ["A", "B", "A", "A", "B", "C"],
        "platform": ["x", "x", "x", "news", "news", "x"],
        "sentiment": ["positive", "negative", "neutral", None, "positive", "negative"],
        "reach": _i([10, 20, 30, 40, None, 10]),
    })


def test_share_of_voice_known_values_and_grid(mentions):
    s = ind.share_of_voice(mentions, freq="MS").set_index(["period", "brand"])["share_of_voice"]
    jan, feb = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01")
    # January: A 1, B 2 (incl. 01-31 23:30 local) -> 1/3, 2/3; C absent -> 0 (a real zero)
    assert s[(jan, "A")] == pytest.approx(1 / 3) and s[(jan, "B")] == pytest.approx(2 / 3)
    assert s[(jan, "C")] == 0
    # February: A 2, C 1 -> 2/3, 1/3
    assert s[(feb, "A")] == pytest.approx(2 / 3) and s[(feb, "C")] == pytest.approx(1 / 3)
    r = ind.share_of_voice(mentions, basis="reach").set_index("brand")
    # reach: A 10 + 30 + 40 = 80, B 20 (one missing, excluded), C 10 -> total 110
    assert r.loc["A", "share_of_voice"] == pytest.approx(80 / 110)
    assert r.attrs["n_excluded"] == 1
    # every basis now gets an interval between days: 5 days with reach (01-03, 01-20, 02-01, 02-02,
    # 02-10); A's daily shares 1, 0, 1, 1, 0 -> a wide interval on 5 days
    assert r.attrs["ci_unit"] == "days" and (r["n_units"] == 5).all()
    assert ((r["ci_low"] <= r["share_of_voice"]) & (r["share_of_voice"] <= r["ci_high"])).all()
    assert r.loc["A", "ci_high"] - r.loc["A", "ci_low"] > 0.3
    with pytest.raises(ParameterError, match="basis='mentions'"):
        ind.share_of_voice(mentions, basis="reach", ci="wilson")
    w = ind.share_of_voice(mentions, within="platform").set_index(["platform", "brand"])
    assert w.loc[("news", "A"), "share_of_voice"] == pytest.approx(0.5)  # news: A 1, B 1


def test_share_of_voice_engagement_basis():
    m = pd.DataFrame({"timestamp": _ts("2025-01-01 10:00", "2025-01-02 10:00"), "brand": ["A", "B"],
                      "reactions": _i([3, 1]), "comments": _i([1, 5])})
    s = ind.share_of_voice(m, basis="engagement").set_index("brand")
    assert s.loc["A", "share_of_voice"] == pytest.approx(4 / 10)
    with pytest.raises(DataError, match="mentions"):
        ind.share_of_voice(m.drop(columns=["reactions", "comments"]), basis="engagement")


def test_shares_sum_to_one_per_period(rng):
    n = 3000
    m = pd.DataFrame({
        "timestamp": pd.Series(pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 200 * 86400, n), unit="s")).dt.tz_localize("UTC").dt.tz_convert(TZ),
        "brand": rng.choice(["A", "B", "C", "D"], n),
        "platform": rng.choice(["x", "news"], n),
        "reach": _i(rng.integers(0, 1000, n)),
    })
    for basis in ("mentions", "reach"):
        s = ind.share_of_voice(m, basis=basis, within="platform", freq="W")
        sums = s.groupby(["platform", "period"])["share_of_voice"].sum()
        np.testing.assert_allclose(sums.to_numpy(), 1.0)


def test_net_sentiment_variants(mentions):
    m = pd.concat([mentions] * 1, ignore_index=True)
    m["brand"] = "A"
    # labels: positive 2, neutral 1, negative 2, missing 1
    ni = ind.net_sentiment(m)
    assert ni["net_sentiment"].iloc[0] == pytest.approx(0.0)  # (2 - 2) / 5
    assert (ni["positive"].iloc[0], ni["neutral"].iloc[0], ni["negative"].iloc[0]) == (2, 1, 2)
    assert ni.attrs["n_excluded"] == 1
    m2 = m.assign(sentiment=["positive", "positive", "neutral", "negative", "positive", "neutral"])
    assert ind.net_sentiment(m2)["net_sentiment"].iloc[0] == pytest.approx((3 - 1) / 6)
    ex = ind.net_sentiment(m2, variant="exclude_neutral")
    assert ex["net_sentiment"].iloc[0] == pytest.approx((3 - 1) / 4)
    # interval (labelled option ci="wilson") = Wilson(3, 4) mapped by 2p - 1
    ex = ind.net_sentiment(m2, variant="exclude_neutral", ci="wilson")
    lo, hi = ind.wilson_interval(3, 4)
    assert ex["ci_low"].iloc[0] == pytest.approx(2 * lo[()] - 1) and ex["ci_high"].iloc[0] == pytest.approx(2 * hi[()] - 1)
    ra = ind.net_sentiment(m2, variant="ratio")
    assert ra["net_sentiment"].iloc[0] == pytest.approx(3 / 4)
    assert "Talkwalker" in ex.attrs["definition"] or "neutral mentions excluded" in ex.attrs["definition"]


def test_net_sentiment_numeric_scores_and_threshold():
    m = pd.DataFrame({"timestamp": _ts(*["2025-01-01 10:00"] * 5), "brand": ["A"] * 5,
                      "sentiment": [0.5, 0.05, -0.051, 0.0, 0.2]})
    # default band 0.05: 0.5 pos, 0.05 neutral (not > 0.05), -0.051 neg, 0.0 neutral, 0.2 pos -> (2-1)/5
    out = ind.net_sentiment(m)
    assert out["net_sentiment"].iloc[0] == pytest.approx(0.2)
    assert "> 0.05 positive" in out.attrs["definition"]
    # band 0.3: only 0.5 positive, nothing negative -> 1/5
    assert ind.net_sentiment(m, neutral_band=0.3)["net_sentiment"].iloc[0] == pytest.approx(0.2)
    assert ind.net_sentiment(m, neutral_band=0.3)["negative"].iloc[0] == 0
    with pytest.raises(DataError, match="sentiment"):
        ind.net_sentiment(m.assign(sentiment=[1.5, 0, 0, 0, 0]))
    with pytest.raises(DataError, match="'mixed'"):
        ind.net_sentiment(m.assign(sentiment=["positive", "mixed", "neutral", None, "negative"]))


def test_net_sentiment_empty_group_is_nan():
    m = pd.DataFrame({"timestamp": _ts("2025-01-01 10:00", "2025-01-01 11:00"), "brand": ["A", "B"],
                      "sentiment": ["neutral", None]})
    out = ind.net_sentiment(m, variant="exclude_neutral").set_index("brand")
    assert np.isnan(out.loc["A", "net_sentiment"])  # 0 / 0: no positive or negative mention
    assert np.isnan(out.loc["B", "net_sentiment"]) and np.isnan(out.loc["B", "ci_low"])


# ------------------------------------------------------------------------------------------
# Money
# ------------------------------------------------------------------------------------------
def test_costs(posts):
    cpe = ind.cost_per_engagement(posts)
    # spend known for p1-p3 (p4 missing): (10 + 0 + 5) / (11 + 23 + 10)
    assert cpe["cost_per_engagement"].iloc[0] == pytest.approx(15 / 44)
    # labelled option ci="poisson": spend fixed, exact Poisson interval of 44 engagements inverted
    cpp = ind.cost_per_engagement(posts, ci="poisson")
    assert cpp["ci_low"].iloc[0] == pytest.approx(15 / (stats.chi2.ppf(0.975, 90) / 2))
    # default: between the 3 posts (spend 10, 0, 5 for engagements 11, 23, 10)
    from socialroi.intervals import ratio_interval

    r = ratio_interval(np.array([10.0, 0, 5]), np.array([11.0, 23, 10]), bounds=(0, None))
    assert (cpe["ci_low"].iloc[0], cpe["ci_high"].iloc[0]) == pytest.approx((r.low[0], r.high[0]))
    assert ind.cpm(posts)["cpm"].iloc[0] == pytest.approx(15 / 470 * 1000)  # Σ spend / Σ impressions(p1-p3)
    assert ind.cpc(posts)["cpc"].iloc[0] == pytest.approx(15 / 10)  # clicks 4 + 0 + 6
    zero = ind.cpc(posts.assign(clicks=_i([0, 0, 0, 0])))
    assert np.isnan(zero["cpc"].iloc[0]) and np.isnan(zero["ci_low"].iloc[0])


def test_cost_per_follower(audience):
    spend = pd.DataFrame({"date": pd.to_datetime(["2025-01-31", "2025-02-01", "2025-03-01"]),
                          "channel": ["meta_ads"] * 3, "amount": [30.0, 20.0, 99.0]})
    out = ind.cost_per_follower(spend, audience=audience)
    # common days 01-31 and 02-01: spend 50; new followers 15 + 1 (instagram) + 12 = 28
    assert out["cost_per_follower"].iloc[0] == pytest.approx(50 / 28)
    fb = ind.cost_per_follower(spend, audience=audience, platforms=["facebook"])
    assert fb["cost_per_follower"].iloc[0] == pytest.approx(50 / 27)


def test_roi_roas_scalars_arrays_series():
    assert ind.roi(150.0, 100.0) == pytest.approx(0.5)  # (150 - 100) / 100
    assert ind.roas(300.0, 100.0) == pytest.approx(3.0)
    assert np.isnan(ind.roi(10.0, 0.0)) and np.isnan(ind.roas(10.0, 0))
    np.testing.assert_allclose(ind.roi(np.array([150, 50]), np.array([100, 100])), [0.5, -0.5])
    s = ind.roas(pd.Series([100.0, 0.0], index=["a", "b"]), pd.Series([50.0, 0.0], index=["a", "b"]))
    assert s.name == "roas" and s["a"] == 2.0 and np.isnan(s["b"])
    with pytest.raises(ParameterError):
        ind.roi(1.0, -1.0)


@pytest.mark.parametrize("k", [0.01, 3.0, 1e6], ids=["cents", "x3", "millions"])
def test_roi_unchanged_when_value_and_cost_scale(rng, k):
    value, cost = rng.uniform(0, 1000, 50), rng.uniform(1, 1000, 50)
    np.testing.assert_allclose(ind.roi(value * k, cost * k), ind.roi(value, cost), rtol=1e-12)
    np.testing.assert_allclose(ind.roas(value * k, cost * k), ind.roas(value, cost), rtol=1e-12)


def test_economic_value(posts):
    out = ind.economic_value(posts, values={"comments": 2.0, "shares": 5.0}, by="platform").set_index("platform")
    # facebook: comments 1 + 2 = 3 -> 6; shares 0 + 1 = 1 -> 5; total 11
    assert out.loc["facebook", "economic_value"] == pytest.approx(11.0)
    assert out.loc["instagram", "economic_value"] == pytest.approx(2 * 7 + 5 * 5)  # 39
    assert "comments × 2" in out.attrs["definition"]
    assert ind.economic_value({"comments": 10, "clicks": 4}, values={"comments": 2.0, "clicks": 0.5}) == 22.0
    with pytest.raises(ParameterError):
        ind.economic_value(posts, values={})
    with pytest.raises(DataError, match="saves"):
        ind.economic_value(posts, values={"saves": 1.0})


# ------------------------------------------------------------------------------------------
# Invariants
# ------------------------------------------------------------------------------------------
def _synthetic_posts(rng, n=400):
    return pd.DataFrame({
        "post_id": [f"p{i}" for i in range(n)],
        "platform": rng.choice(["facebook", "instagram", "linkedin"], n),
        "post_type": rng.choice(["photo", "video", "link"], n),
        "published_at": pd.Series(pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 180 * 86400, n), unit="s")).dt.tz_localize("UTC").dt.tz_convert(TZ),
        "reach": _i(rng.integers(100, 5000, n)),
        "impressions": _i(rng.integers(5000, 8000, n)),
        "reactions": _i(rng.integers(0, 100, n)),
        "comments": _i(rng.integers(0, 10, n)),
        "shares": _i(rng.integers(0, 10, n)),
        "clicks": _i(rng.integers(0, 30, n)),
        "spend": rng.choice([0.0, 5.0, 20.0], n),
    })


def test_results_independent_of_row_order(rng):
    p = _synthetic_posts(rng)
    p.loc[p.index[:7], "reactions"] = pd.NA
    shuffled = p.sample(frac=1, random_state=3)
    for fn in (lambda d: ind.engagement_rate(d, by="platform", freq="MS", per_post=True),
               lambda d: ind.conversation_rate(d, by=["platform", "post_type"]),
               lambda d: ind.kpi_table(types.SimpleNamespace(posts=d, meta={}), by="post_type"),
               lambda d: ind.compare_rates(d, by="post_type")):
        a, b = fn(p), fn(shuffled)
        pd.testing.assert_frame_equal(a, b, rtol=1e-6)
    m = pd.DataFrame({"timestamp": p["published_at"], "brand": p["platform"],
                      "sentiment": rng.choice(["positive", "neutral", "negative"], len(p))})
    ms = m.sample(frac=1, random_state=4)
    pd.testing.assert_frame_equal(ind.share_of_voice(m, freq="MS"), ind.share_of_voice(ms, freq="MS"))
    pd.testing.assert_frame_equal(ind.net_sentiment(m, freq="MS"), ind.net_sentiment(ms, freq="MS"))


# ------------------------------------------------------------------------------------------
# Reference data: UCI Facebook metrics (Moro, Rita & Vala 2016)
# ------------------------------------------------------------------------------------------
@pytest.mark.reference
def test_uci_total_interactions_reproduced(reference_dir):
    raw = pd.read_csv(reference_dir / "exports" / "uci_facebook_metrics" / "dataset_Facebook.csv", sep=";")
    posts = pd.DataFrame({
        "post_id": [str(i) for i in range(len(raw))],
        "platform": "facebook",
        "post_type": raw["Type"].str.lower(),
        "reactions": pd.array(raw["like"], dtype="Int64"),
        "comments": pd.array(raw["comment"], dtype="Int64"),
        "shares": pd.array(raw["share"], dtype="Int64"),
        "reach": pd.array(raw["Lifetime Post Total Reach"], dtype="Int64"),
    })
    e = ind.engagements(posts)
    complete = raw[["like", "comment", "share"]].notna().all(axis=1).to_numpy()
    assert complete.sum() == 496  # 500 posts, 4 with like or share missing
    np.testing.assert_array_equal(e.to_numpy()[complete], raw["Total Interactions"].to_numpy()[complete])
    assert np.isnan(e.to_numpy()[~complete]).all()  # missing is not 0
    er = ind.engagement_rate(posts, by="post_type").set_index("post_type")
    # photo: Σ Total Interactions / Σ reach over complete photo posts (published columns)
    photo = complete & (raw["Type"] == "Photo").to_numpy()
    expected = raw["Total Interactions"][photo].sum() / raw["Lifetime Post Total Reach"][photo].sum()
    assert er.loc["photo", "engagement_rate"] == pytest.approx(expected)
    assert er.attrs["n_excluded"] == 4
    cr = ind.compare_rates(posts, by="post_type", reference="photo")
    assert cr.set_index("level").loc["photo", "rate_ratio"] == 1.0
    assert cr["p_value"].notna().sum() == 3


# ------------------------------------------------------------------------------------------
# compare_rates
# ------------------------------------------------------------------------------------------
def test_compare_rates_poisson_fallback_equals_ratio_of_rates():
    # equidispersed toy data: NB dispersion sits at its boundary (alpha -> 0)
    p = pd.DataFrame({"post_type": ["photo"] * 4 + ["video"] * 4,
                      "reactions": _i([10, 10, 10, 10, 30, 30, 30, 30]),
                      "reach": _i([100, 100, 100, 100, 200, 200, 200, 200])})
    out = ind.compare_rates(p, by="post_type").set_index("level")
    assert out.attrs["method"].startswith("Poisson GLM with robust (HC0)")
    # one-factor Poisson MLE: RR = (120/800) / (40/400) = 1.5 (saturated in the factor)
    assert out.loc["video", "rate_ratio"] == pytest.approx(1.5, rel=1e-6)
    assert out.loc["photo", "rate_ratio"] == 1.0 and np.isnan(out.loc["photo", "ci_low"])
    assert out.loc["video", "engagement_rate"] == pytest.approx(0.15)
    with pytest.raises(ParameterError, match="reference"):
        ind.compare_rates(p, by="post_type", reference="reel")
    with pytest.raises(DataError, match="two levels"):
        ind.compare_rates(p.assign(post_type="photo"), by="post_type")


def _simulate_posts(rng, ratio, n=300, alpha=0.5):
    kind = np.repeat(["a", "b"], n // 2)
    reach = rng.integers(500, 5000, n)
    mu = reach * 0.02 * np.where(kind == "b", ratio, 1.0)
    y = rng.poisson(rng.gamma(1 / alpha, alpha * mu))  # NB2 with dispersion alpha
    return pd.DataFrame({"post_type": kind, "reactions": _i(y), "reach": _i(reach)})


def test_compare_rates_nb_recovers_planted_ratio(rng):
    reps, truth = 200, 1.5
    covered, methods = 0, set()
    for _ in range(reps):
        out = ind.compare_rates(_simulate_posts(rng, truth), by="post_type", reference="a")
        row = out.set_index("level").loc["b"]
        covered += row["ci_low"] <= truth <= row["ci_high"]
        methods.add(out.attrs["method"])
    # nominal 95 %: binomial(200, .95) sd = 1.5 pts -> accept [0.90, 0.99]
    assert 0.90 <= covered / reps <= 0.99
    assert any(m.startswith("negative binomial") for m in methods)


def test_compare_rates_pvalues_uniform_under_no_effect(rng):
    reps = 200
    pvals = np.array([
        ind.compare_rates(_simulate_posts(rng, 1.0), by="post_type", reference="a")
        .set_index("level").loc["b", "p_value"] for _ in range(reps)
    ])
    # false-positive rate at 5 %: binomial(200, .05) upper 99 % bound ~ 0.09
    assert (pvals < 0.05).mean() <= 0.09
    assert stats.kstest(pvals, "uniform").pvalue > 0.01


# ------------------------------------------------------------------------------------------
# best_posting_times
# ------------------------------------------------------------------------------------------
def test_best_posting_times_grid(posts):
    g = ind.best_posting_times(posts)
    assert len(g) == 168 and set(g.columns) >= {"weekday", "day", "hour", "n_posts", "engagement_rate", "ci_low", "ci_high"}
    # p1: Friday 2025-01-03 10:00 local -> weekday 4, hour 10, rate 11/100
    cell = g[(g["weekday"] == 4) & (g["hour"] == 10)].iloc[0]
    assert cell["day"] == "Friday" and cell["n_posts"] == 1 and cell["engagement_rate"] == pytest.approx(0.11)
    assert np.isnan(cell["ci_low"])  # one post: visibly uncertain (no interval)
    assert g["n_posts"].sum() == 3 and g["engagement_rate"].isna().sum() == 165
    # in UTC the Friday 10:00 post is at 09:00
    utc = ind.best_posting_times(posts, tz="UTC")
    assert utc[(utc["weekday"] == 4) & (utc["hour"] == 9)]["n_posts"].iloc[0] == 1
    assert ind.best_posting_times(posts, locale="fr")["day"].iloc[0] == "lundi"


def test_best_posting_times_post_level_interval():
    p = pd.DataFrame({"published_at": _ts("2025-01-06 09:00", "2025-01-13 09:10", "2025-01-20 09:20"),
                      "reactions": _i([10, 30, 20]), "reach": _i([100, 100, 100])})
    cell = ind.best_posting_times(p).query("weekday == 0 and hour == 9").iloc[0]
    # R = 60/300 = 0.2; residuals e - R d = -10, 10, 0; var = 3/2 * 200 / 300² ; se = 0.05774;
    # Student t with 2 df: 4.302653 -> 0.2 ± 0.24842 (lower bound clipped at 0)
    se = np.sqrt(1.5 * 200 / 300**2)
    assert cell["engagement_rate"] == pytest.approx(0.2)
    assert cell["ci_low"] == 0.0
    assert cell["ci_high"] == pytest.approx(0.2 + 4.302653 * se, rel=1e-5)


# ------------------------------------------------------------------------------------------
# kpi_table
# ------------------------------------------------------------------------------------------
def test_kpi_table_matches_the_indicator_functions(rng, audience):
    p = _synthetic_posts(rng, n=300)
    mentions = pd.DataFrame({"timestamp": p["published_at"], "brand": rng.choice(["Me", "Rival"], len(p)),
                             "sentiment": rng.choice(["positive", "neutral", "negative"], len(p))})
    ds = types.SimpleNamespace(posts=p, audience=None, mentions=mentions, spend=None, outcomes=None,
                               meta={"brand": "Me", "locale": "en"})
    k = ind.kpi_table(ds, by="platform", freq="MS")
    er = ind.engagement_rate(p, by="platform", freq="MS")
    np.testing.assert_allclose(k["engagement_rate"], er["engagement_rate"])
    np.testing.assert_allclose(k["engagement_rate_ci_low"], er["ci_low"])
    np.testing.assert_allclose(k["conversation_rate"], ind.conversation_rate(p, by="platform", freq="MS")["conversation_rate"])
    np.testing.assert_allclose(k["cost_per_engagement"], ind.cost_per_engagement(p, by="platform", freq="MS")["cost_per_engagement"])
    assert (k["posts"] == er["n_posts"]).all()
    # reach-days = plain sum of reach over the posts of the group
    first = k.iloc[0]
    mask = (p["platform"] == first["platform"]) & (p["published_at"].dt.tz_localize(None).dt.to_period("M").dt.start_time == first["period"])
    assert first["reach_days"] == p.loc[mask, "reach"].sum()
    sov = ind.share_of_voice(mentions, freq="MS")
    me = sov[sov["brand"] == "Me"].set_index("period")["share_of_voice"]
    np.testing.assert_allclose(k["share_of_voice"], me.reindex(k["period"]).to_numpy())
    assert "share of voice and net sentiment are brand-level" in k.attrs["notes"][0]
    assert "follower_growth_rate" not in k.columns and "roas" not in k.columns  # no audience / outcomes
    assert set(k.attrs["definitions"]) >= {"engagement_rate", "share_of_voice", "net_sentiment", "reach_days", "engagements"}
    assert "not unique accounts" in k.attrs["definitions"]["reach_days"]
    assert "reach-days" in ind.describe(k)


def test_kpi_table_audience_and_roas(posts, audience):
    spend = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-02-05"]), "channel": ["meta_ads"] * 2,
                          "amount": [100.0, 50.0]})
    outcomes = pd.DataFrame({"date": pd.to_datetime(["2025-01-06", "2025-02-03", "2025-02-10"]),
                             "revenue": [400.0, 100.0, 50.0]})
    ds = types.SimpleNamespace(posts=posts, audience=audience, mentions=None, spend=spend, outcomes=outcomes,
                               meta={"brand": "Me"})
    k = ind.kpi_table(ds).set_index(["platform", "period"])
    jan, feb = pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01")
    # facebook posts are all in January: growth (1010 - 1000) / 1000, churn (1 + 5) / 1000
    assert k.loc[("facebook", jan), "follower_growth_rate"] == pytest.approx(0.01)
    assert k.loc[("facebook", jan), "churn_rate"] == pytest.approx(6 / 1000)
    # instagram's only audience day (01-31) has lost_followers missing: no churn in February
    assert np.isnan(k.loc[("instagram", feb), "churn_rate"])
    assert k.loc[("facebook", jan), "roas"] == pytest.approx(4.0)  # 400 / 100
    assert k.loc[("instagram", feb), "roas"] == pytest.approx(3.0)  # (100 + 50) / 50
    assert "share_of_voice" not in k.columns


def test_kpi_table_on_bundled_sample():
    import socialroi as sr

    ds = sr.load_sample("maison-lumiere")
    k = ind.kpi_table(ds)
    assert {"platform", "period", "posts", "engagement_rate", "engagement_rate_ci_low"} <= set(k.columns)
    rates = k.filter(regex="rate$")
    assert not np.isinf(rates.to_numpy(dtype=float)).any()
    assert k["posts"].sum() == len(ds.posts)


# ------------------------------------------------------------------------------------------
# Coverage of the intervals (vectorised: one group per repetition)
# ------------------------------------------------------------------------------------------
def _covers(out, truth):
    return float(((out["ci_low"] <= truth) & (truth <= out["ci_high"])).mean())


def test_net_sentiment_interval_coverage(rng):
    reps, n, p = 2000, 50, [0.5, 0.3, 0.2]
    labels = rng.choice(["positive", "neutral", "negative"], size=(reps, n), p=p)
    m = pd.DataFrame({"brand": np.repeat(np.arange(reps).astype(str), n), "sentiment": labels.ravel()})
    # binomial(2000, .95) sd = 0.5 pt -> accept [0.93, 0.975]
    for variant, truth in (("neutral_included", 0.5 - 0.2), ("exclude_neutral", 0.3 / 0.7), ("ratio", 0.5 / 0.7)):
        # mentions drawn independently (no days): the labelled option ci="wilson" is right here
        assert 0.93 <= _covers(ind.net_sentiment(m, variant=variant, ci="wilson"), truth) <= 0.975, variant


def test_wilson_share_of_voice_coverage(rng):
    reps, n = 2000, 80
    brands = rng.choice(["A", "B"], size=(reps, n), p=[0.3, 0.7])
    m = pd.DataFrame({"rep": np.repeat(np.arange(reps), n), "brand": brands.ravel()})
    s = ind.share_of_voice(m, within="rep", ci="wilson")  # independent draws: Wilson is right
    assert 0.93 <= _covers(s[s["brand"] == "A"], 0.3) <= 0.975


def test_rate_intervals_coverage(rng):
    reps, n, rate, alpha = 1000, 100, 0.05, 0.5
    reach = rng.integers(100, 1000, size=(reps, n))
    base = pd.DataFrame({"g": np.repeat(np.arange(reps), n), "reach": reach.ravel(),
                         "published_at": pd.Timestamp("2025-01-01", tz="UTC")})
    # accounts engage independently (binomial): Wilson is right, and so is the default
    binom = base.assign(reactions=rng.binomial(reach, rate).ravel())
    assert 0.92 <= _covers(ind.engagement_rate(binom, by="g", ci="wilson"), rate) <= 0.98
    assert 0.92 <= _covers(ind.engagement_rate(binom, by="g"), rate) <= 0.98
    # post-to-post variation (NB2 counts): the default (between posts) keeps its coverage, while
    # Wilson, which treats every reached account as one trial, does not
    nb = base.assign(reactions=rng.poisson(rng.gamma(1 / alpha, alpha * reach * rate)).ravel())
    assert 0.92 <= _covers(ind.engagement_rate(nb, by="g"), rate) <= 0.98
    assert _covers(ind.engagement_rate(nb, by="g", ci="wilson"), rate) < 0.8
    # comments per post with overdispersion: the default between posts
    mu = 5.0
    c = pd.DataFrame({"g": np.repeat(np.arange(reps), 30),
                      "comments": rng.poisson(rng.gamma(1 / alpha, alpha * mu, size=reps * 30))})
    assert 0.92 <= _covers(ind.conversation_rate(c, by="g"), mu) <= 0.98


def test_meta_views_basis_is_never_merged_with_impressions():
    p = pd.DataFrame({"reactions": _i([10, 20]), "impressions": _i([100, None]), "views": _i([None, 400]),
                      "published_at": _ts("2025-01-01 10:00", "2025-06-01 10:00")})
    # impressions basis: only the first post (10 / 100); views basis: only the second (20 / 400)
    assert ind.engagement_rate(p, basis="impressions")["engagement_rate"].iloc[0] == pytest.approx(0.1)
    v = ind.engagement_rate(p, basis="meta_views")
    assert v["engagement_rate"].iloc[0] == pytest.approx(0.05) and "Meta 'Views'" in v.attrs["definition"]


def test_compare_rates_crossed_levels_and_describe_series(posts):
    p = pd.concat([posts] * 3, ignore_index=True)
    out = ind.compare_rates(p, by=["platform", "post_type"], reference="facebook / photo")
    assert set(out["level"]) == {"facebook / photo", "facebook / video", "instagram / photo"}
    assert out.attrs["reference"] == "facebook / photo"
    assert ind.describe(ind.engagements(posts)).startswith("Engagements = reactions + comments + shares")
    assert "advertising share of voice" in ind.describe("excess_share_of_voice")


def test_empty_inputs_give_empty_or_nan_not_errors():
    ts = _ts("2025-01-01 10:00", "2025-01-01 11:00")
    m = pd.DataFrame({"timestamp": ts, "brand": [None, None], "sentiment": [None, None]})
    s = ind.share_of_voice(m, freq="MS")
    assert len(s) == 0 and s.attrs["n_excluded"] == 2  # no brand: nothing to share, both counted
    empty = pd.DataFrame({"reactions": _i([]), "reach": _i([]), "published_at": ts.iloc[:0]})
    out = ind.engagement_rate(empty)
    assert out["n_posts"].iloc[0] == 0 and np.isnan(out["engagement_rate"].iloc[0])


def test_wilson_interval_ends_are_exact_at_zero_and_all():
    # k = 0 of n: the Wilson lower bound is exactly 0; k = n: the upper bound is exactly 1
    lo, hi = ind.wilson_interval(np.array([0, 7]), np.array([7, 7]))
    assert lo[0] == 0.0 and hi[1] == 1.0
    # and the other ends are the textbook values: n = 7, k = 0 -> upper z²/(n+z²) = 3.8415/10.8415
    assert hi[0] == pytest.approx(1.959964**2 / (7 + 1.959964**2), rel=1e-6)


def test_compare_rates_adjusted_for_a_confounder_recovers_the_planted_ratio():
    """Planted: rate = base[platform] x 1.5 for reels; reels are mostly on the high-rate platform.

    Unadjusted, the reel ratio mixes the format with the platform (expected about 2.3 here);
    adjusted for platform it must cover the planted 1.5.
    """
    rng = np.random.default_rng(11)
    n = 2000
    platform = rng.choice(["a", "b"], size=n)
    # reels: 80 % of platform b's posts, 20 % of platform a's
    is_reel = np.where(platform == "b", rng.random(n) < 0.8, rng.random(n) < 0.2)
    base = np.where(platform == "b", 0.06, 0.03)
    reach = rng.integers(500, 5000, size=n)
    mu = reach * base * np.where(is_reel, 1.5, 1.0)
    eng = rng.poisson(mu * rng.gamma(5.0, 1 / 5.0, size=n))
    posts = pd.DataFrame({"post_type": np.where(is_reel, "reel", "photo"), "platform": platform,
                          "reach": pd.array(reach, dtype="Int64"), "reactions": pd.array(eng, dtype="Int64")})
    raw = ind.compare_rates(posts, by="post_type", reference="photo").set_index("level")
    adj = ind.compare_rates(posts, by="post_type", reference="photo", adjust_for="platform").set_index("level")
    assert raw.loc["reel", "ci_low"] > 1.5  # the confounded comparison misses the truth
    assert adj.loc["reel", "ci_low"] <= 1.5 <= adj.loc["reel", "ci_high"]
    assert adj.attrs["adjusted_for"] == ["platform"]
    assert "adjusted for platform" in ind.describe(adj)
    # adjusting for the compared column itself is ignored
    same = ind.compare_rates(posts, by="platform", adjust_for="platform")
    assert same.attrs["adjusted_for"] == []


def test_compare_rates_recovers_the_sample_format_effects_within_platforms():
    import socialroi as sr

    posts = sr.load_sample("maison-lumiere").posts
    table = ind.compare_rates(posts, by="post_type", reference="photo", adjust_for="platform").set_index("level")
    # planted in data/sample/README.md: reel 1.6, carousel 1.3, video 1.2, story 0.7, link 0.5
    for level, truth in {"reel": 1.6, "carousel": 1.3, "video": 1.2, "story": 0.7, "link": 0.5}.items():
        assert table.loc[level, "ci_low"] <= truth <= table.loc[level, "ci_high"], level


def test_kpi_table_says_over_how_many_posts_engagements_are_summed():
    import socialroi as sr

    ds = sr.load_sample("maison-lumiere")
    board = ind.kpi_table(ds, by="platform", freq=None).set_index("platform")
    p = ds.posts
    # TikTok saves are missing before 2025 (planted): those posts have no known engagements
    tk = p[p["platform"] == "tiktok"]
    complete = tk[["reactions", "comments", "shares", "saves"]].notna().all(axis=1)
    assert board.loc["tiktok", "posts_with_engagements"] == int(complete.sum()) < len(tk)
    assert board.loc["tiktok", "posts"] == len(tk)
    assert board.loc["instagram", "posts_with_engagements"] == board.loc["instagram", "posts"]


def test_cost_per_follower_counts_followers_of_days_without_spend():
    # spend on 1 and 3 March only (100 + 50); followers every day 1..4 March: 10, 20, 30, 40.
    # span both cover: 1..3 March -> 150 / (10 + 20 + 30) = 2.5 (2 March spent 0 but gained 20)
    spend = pd.DataFrame({"date": pd.to_datetime(["2025-03-01", "2025-03-03"]), "channel": "meta_ads",
                          "amount": [100.0, 50.0]})
    audience = pd.DataFrame({"date": pd.date_range("2025-03-01", periods=4), "platform": "instagram",
                             "new_followers": pd.array([10, 20, 30, 40], dtype="Int64")})
    out = ind.cost_per_follower(spend, audience=audience)
    assert out["cost_per_follower"].iloc[0] == pytest.approx(2.5)
    assert out["n_days"].iloc[0] == 3
