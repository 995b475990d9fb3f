"""Tests of socialroi.plots: Axes returned, locale labels, the definition shown under each figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from socialroi import indicators as ind
from socialroi import plots
from socialroi.errors import DataError

TZ = "Europe/Paris"


@pytest.fixture
def posts(rng) -> pd.DataFrame:
    n = 240
    ts = pd.Series(pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 120 * 86400, n), unit="s"))
    ts = ts.dt.tz_localize("UTC").dt.tz_convert(TZ)
    return pd.DataFrame({
        "platform": rng.choice(["facebook", "instagram"], n),
        "post_type": rng.choice(["photo", "video", "reel"], n),
        "published_at": ts,
        "reach": pd.array(rng.integers(200, 3000, n), dtype="Int64"),
        "reactions": pd.array(rng.integers(0, 120, n), dtype="Int64"),
        "comments": pd.array(rng.integers(0, 10, n), dtype="Int64"),
    })


def _texts(ax) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in ax.texts]


def _shows_definition(ax, frame, locale="en") -> bool:
    line = ind.describe(frame, locale=locale)
    return any(line[:60] in t for t in _texts(ax))


def test_plot_indicator_band_caption_and_locale(posts):
    er = ind.engagement_rate(posts, by="platform", freq="MS")
    ax = plots.plot_indicator(er)
    assert ax is not None and len(ax.get_lines()) == 2  # one line per platform
    assert len(ax.collections) == 2  # one CI band per platform
    assert _shows_definition(ax, er)
    assert ax.get_title() == "Engagement rate" and ax.get_xlabel() == "Period"
    fig, ax2 = plt.subplots()
    out = plots.plot_indicator(er, ax=ax2, locale="fr")
    assert out is ax2 and ax2.get_title() == "Taux d'engagement" and ax2.get_xlabel() == "Période"
    assert _shows_definition(ax2, er, "fr")


def test_plot_indicator_locale_from_meta(posts):
    p = posts.copy()
    p.attrs["meta"] = {"locale": "fr"}
    ax = plots.plot_indicator(ind.conversation_rate(p, freq="MS"))
    assert ax.get_title() == "Taux de conversation"


def test_plot_rate_ratios_forest(posts):
    cr = ind.compare_rates(posts, by="post_type", reference="photo")
    ax = plots.plot_rate_ratios(cr)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert any("photo (reference)" in lab for lab in labels) and len(labels) == 3
    assert ax.get_xscale() == "log"
    assert any(cr.attrs["method"] in t for t in _texts(ax))
    assert _shows_definition(ax, cr)
    fr = plots.plot_rate_ratios(cr, locale="fr")
    assert any("photo (référence)" in t.get_text() for t in fr.get_yticklabels())


def test_plot_posting_times_heatmap(posts):
    grid = ind.best_posting_times(posts)
    ax = plots.plot_posting_times(grid)
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "Monday"
    # each non-empty cell is annotated with its number of posts
    annotated = [t.get_text() for t in ax.texts if t.get_text().isdigit()]
    assert sum(int(a) for a in annotated) == int(grid["n_posts"].sum())
    assert _shows_definition(ax, grid)
    assert plots.plot_posting_times(grid, locale="fr").get_ylabel() == "Jour"


def test_plot_share_of_voice_stacks_to_one(rng):
    n = 300
    m = pd.DataFrame({"timestamp": pd.Series(pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 90 * 86400, n), unit="s")).dt.tz_localize("UTC").dt.tz_convert(TZ),
                      "brand": rng.choice(["Me", "Rival", "Other"], n)})
    m.attrs["meta"] = {"brand": "Me", "locale": "en"}
    sov = ind.share_of_voice(m, freq="MS")
    ax = plots.plot_share_of_voice(sov)
    tops = {}
    for patch in ax.patches:
        x = round(patch.get_x(), 6)
        tops[x] = max(tops.get(x, 0), patch.get_y() + patch.get_height())
    np.testing.assert_allclose(list(tops.values()), 1.0)
    assert len(tops) == 3  # three months
    assert _shows_definition(ax, sov)
    # the own brand (from meta) is outlined in black
    me = [p for c in ax.containers if c.get_label() == "Me" for p in c]
    assert me and all(np.allclose(p.get_edgecolor()[:3], 0) for p in me)
    assert ax.get_legend() is not None


def test_plots_refuse_frames_without_definition():
    with pytest.raises(DataError, match="definition"):
        plots.plot_indicator(pd.DataFrame({"period": [1], "x": [1]}))


def test_date_ticks_follow_the_locale_without_touching_the_c_locale():
    import locale as pylocale

    from socialroi.plots import date_label

    before = pylocale.setlocale(pylocale.LC_TIME)
    assert date_label("2025-03-01", locale="fr") == "mars"
    assert date_label("2025-03-01", locale="en") == "Mar"
    assert date_label("2025-01-01", locale="fr") == "janv.\n2025"
    assert date_label("2025-03-15", locale="fr") == "15"
    assert pylocale.setlocale(pylocale.LC_TIME) == before


def test_lift_plot_has_french_month_names():
    import numpy as np
    import pandas as pd

    import socialroi as sr

    idx = pd.date_range("2025-01-01", periods=120, freq="D")
    y = pd.Series(100 + np.random.default_rng(0).normal(0, 3, 120), index=idx)
    axes = sr.awareness.campaign_lift(y, start=idx[90], end=idx[-1], method="sts", locale="fr").plot()
    fig = axes[-1].figure
    fig.canvas.draw()
    labels = [t.get_text() for t in axes[-1].get_xticklabels()]
    assert "févr." in labels or "mars" in labels or "avr." in labels
    assert not any(m in labels for m in ("Feb", "Mar", "Apr"))


def test_period_labels_and_french_ticks():
    from socialroi.formatting import period_labels
    from socialroi.plots._base import percent_formatter

    # CLDR's quarter and month labels (issue 14: "T1 2024" as Babel writes it; before, "2024 T1" by hand)
    quarters = pd.Series(pd.to_datetime(["2024-01-01", "2024-04-01", "2024-10-01"]))
    assert period_labels(quarters, locale="fr") == ["T1 2024", "T2 2024", "T4 2024"]
    assert period_labels(quarters, locale="en") == ["Q1 2024", "Q2 2024", "Q4 2024"]
    months = pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01"]))
    assert period_labels(months, locale="en") == ["Jan 2024", "Feb 2024"]
    assert period_labels(months, locale="fr") == ["janv. 2024", "févr. 2024"]
    # 0.125 → "12,5 %" in French, "12.5%" in English
    assert percent_formatter("fr", 1)(0.125) == "12,5\u00a0%" and percent_formatter("en", 1)(0.125) == "12.5%"


def test_quarters_stay_in_time_order_on_the_share_of_voice_bars(rng):
    # "T1 2025" sorts before "T2 2024" as text: the bars follow the periods, not their labels
    n = 400
    days = pd.to_datetime("2024-04-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    m = pd.DataFrame({"timestamp": pd.Series(days).dt.tz_localize(TZ), "brand": rng.choice(["Me", "Rival"], n)})
    m.attrs["meta"] = {"brand": "Me", "locale": "fr"}
    ax = plots.plot_share_of_voice(ind.share_of_voice(m, freq="QS"))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["T2 2024", "T3 2024", "T4 2024", "T1 2025"]


def test_number_and_percent_ticks_in_the_locale():
    from socialroi.plots import number_axis, percent_axis
    from socialroi.plots._base import _tick_number as _thousands

    assert _thousands(90000, "en") == "90,000"
    assert _thousands(90000, "fr") == "90\u202f000"
    assert _thousands(0.25, "fr") == "0,25"
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    ax.plot([0, 0.5], [0, 120000])
    number_axis(ax, locale="fr")
    percent_axis(ax, locale="fr", axis="x")
    ax.figure.canvas.draw()
    assert "120\u202f000" in [t.get_text() for t in ax.get_yticklabels()]
    assert "50\u00a0%" in [t.get_text() for t in ax.get_xticklabels()]


def test_roi_chart_names_channels_for_people_and_uses_decimal_commas_in_fr():
    import socialroi as sr

    ds = sr.load_sample("maison-lumiere")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mmm = sr.roi.fit_mmm(ds.outcomes, ds.spend, target="revenue", n_boot=20)
    ax = mmm.plot(kind="roi", locale="fr")
    ax.figure.canvas.draw()
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert "TikTok Ads" in names and "tiktok_ads" not in names
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert any("," in t for t in ticks) and not any("." in t for t in ticks)
