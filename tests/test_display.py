"""``df.sr.show()`` / ``sr.show(df)`` / ``df.sr.plot()`` (issue 16, point 2): an indicator table shown
with localised numbers, each value beside its interval and the units it rests on, the definition and
the interval method as caption — and the DataFrame itself never changed."""

from __future__ import annotations

import copy
import html as htmllib
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from pandas.io.formats.style import Styler

import socialroi as sr
from socialroi import formatting as fmt
from socialroi.catalogue import language, text
from socialroi.definitions import Indicator
from socialroi.display import caption_text, display_frame


@pytest.fixture(scope="module")
def ds():
    return sr.load_sample("maison-lumiere")


@pytest.fixture(scope="module")
def tables(ds):
    return {
        "er": sr.indicators.engagement_rate(ds.posts, by="platform"),
        "er_monthly": sr.indicators.engagement_rate(ds.posts, by="platform", freq="MS"),
        "sov": sr.indicators.share_of_voice(ds.mentions, freq="MS"),
        "board": sr.indicators.kpi_table(ds),
        "rates": sr.indicators.compare_rates(ds.posts, by="post_type"),
    }


@pytest.mark.parametrize("name", ["er", "er_monthly", "sov", "board", "rates"])
def test_show_never_changes_the_table(tables, name):
    t = tables[name]
    before, attrs = t.copy(deep=True), copy.deepcopy(t.attrs)
    styler = t.sr.show()
    t.sr.show(locale="en")
    sr.show(t, locale="fr").to_html()
    assert isinstance(styler, Styler)
    pd.testing.assert_frame_equal(t, before)
    assert t.attrs == attrs
    assert styler.data is not t  # the Styler is of a display copy
    assert type(t.sr) is sr.display.SocialroiAccessor


@pytest.mark.parametrize("loc", ["fr", "en"])
def test_cells_are_value_interval_and_what_they_rest_on(tables, loc):
    t = tables["er"]
    view = display_frame(t, locale=loc)
    label = Indicator(**t.attrs["indicator"]).label(language(loc))
    value_col = next(c for c in view.columns if c.startswith(label))
    assert text("ci_header", loc) in value_col
    for i, row in t.reset_index(drop=True).iterrows():
        expected = (fmt.percent(row["engagement_rate"], locale=loc, digits=2) + " "
                    + fmt.bounds(row["ci_low"], row["ci_high"], kind="pct", locale=loc, digits=2))
        assert view.loc[i, value_col] == expected
        assert view.loc[i, text("view.n", loc)] == fmt.count(row["n_posts"], "posts", locale=loc)
    html = htmllib.unescape(t.sr.show(locale=loc).to_html())
    for cell in view[value_col]:
        assert cell in html
    if loc == "fr":  # the example of the form: "7,1 % [6,2 ; 8,0]"
        assert all(re.fullmatch(r"\d+,\d\d\s%\s\[\d+,\d\d\s;\s\d+,\d\d\]", c) for c in view[value_col])
    else:
        assert all(re.fullmatch(r"\d+\.\d\d%\s\[\d+\.\d\d, \d+\.\d\d\]", c) for c in view[value_col])


def test_days_behind_each_cell_of_a_daily_indicator(tables):
    t = tables["sov"]
    view = display_frame(t, locale="fr")
    rests = view[text("view.n", "fr")].tolist()
    expected = [fmt.count(n, u, locale="fr") for n, u in zip(t["n_units"], t["ci_unit"], strict=True)]
    assert rests == expected and "jours" in rests[0]


def test_board_shows_each_indicator_with_its_own_units(tables):
    t = tables["board"]
    view = display_frame(t, locale="en")
    er = next(c for c in view.columns if c.startswith("Engagement rate") and "[" in c)
    churn_n = next(c for c in view.columns if c.startswith("Follower churn") and c.endswith(text("view.n", "en")))
    row = t.iloc[0]
    assert view.loc[0, er].startswith(fmt.percent(row["engagement_rate"], locale="en", digits=2) + " [")
    assert view.loc[0, churn_n] == fmt.count(row["churn_rate_n"], row["churn_rate_ci_unit"], locale="en")


@pytest.mark.parametrize("loc", ["fr", "en"])
def test_caption_is_the_definition_and_the_interval_method(tables, loc):
    t = tables["rates"]
    cap = caption_text(t, locale=loc)
    assert sr.catalogue.translate_sources(Indicator(**t.attrs["indicator"]).line(language(loc)), loc) in cap
    assert sr.narrative.common.table_ci_note(t, locale=loc) in cap
    styler = t.sr.show(locale=loc)
    assert styler.caption_plain == cap
    html = htmllib.unescape(styler.to_html())
    assert cap.splitlines()[0] in html
    er = tables["er"]
    # the interval method of a per-post rate is said in words of the locale
    assert ("publications" if loc == "fr" else "posts") in caption_text(er, locale=loc)


def test_show_escapes_data():
    t = pd.DataFrame({"platform": ["<script>alert(1)</script>"], "engagement_rate": [0.05]})
    t.attrs["indicator"] = dict(Indicator("engagement_rate", "Engagement rate <b>", "Taux", "engagement", "a", "b",
                                          "c", "proportion", "src").to_dict())
    html = t.sr.show(locale="en").to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html


def test_plain_dataframe_stays_plain():
    plain = pd.DataFrame({"a": [1.5, 2.0], "b": ["x", "y"]})
    before = plain.copy()
    out = plain.sr.show(locale="en")
    pd.testing.assert_frame_equal(plain, before)
    assert plain.attrs == {} and isinstance(out, Styler)
    assert repr(plain) == repr(before)  # pandas' own display is untouched


@pytest.mark.parametrize("name", ["er", "er_monthly", "sov", "board", "rates"])
def test_plot_draws_the_standard_figure(tables, name):
    t = tables[name]
    before = t.copy(deep=True)
    ax = t.sr.plot(locale="en")
    assert isinstance(ax, matplotlib.axes.Axes) and ax.has_data()
    fig, given = plt.subplots()
    assert t.sr.plot(ax=given) is given
    pd.testing.assert_frame_equal(t, before)
    if name == "er":  # bars: one per platform, lengths are the rates
        widths = sorted(p.get_width() for p in ax.patches)
        np.testing.assert_allclose(widths, sorted(t["engagement_rate"]))
    if name == "er_monthly":  # one line per platform
        assert len(ax.get_lines()) >= t["platform"].nunique()


def test_plot_needs_an_indicator_table():
    with pytest.raises(sr.DataError):
        pd.DataFrame({"a": [1]}).sr.plot()
