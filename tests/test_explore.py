"""``sr.explore(ds)`` (issue 16, point 3), driven without a browser: each control's value is set in code
and what the explorer displays must equal the library functions' output on the same selection. A
control that stopped updating the outputs leaves the previous table displayed, which these tests see."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import html
import re

import pandas as pd
import pytest

import socialroi as sr
from socialroi import display
from socialroi.indicators import add_posting_time, compare_rates, engagement_rate
from socialroi.notebook import subset

pytest.importorskip("ipywidgets", reason="the explore extra (make install installs it)")


@pytest.fixture(scope="module")
def ds():
    return sr.load_sample("maison-lumiere")


def _expected(ds, ex):
    """What the library computes for the explorer's current selection, independently of the explorer."""
    s = ex.selection()
    sub = subset(ds, start=s["start"], end=s["end"], platforms=s["platforms"], locale=ex.locale)
    posts = add_posting_time(sub.posts)
    table = engagement_rate(posts, basis=s["basis"], by=s["by"], agg=s["agg"], audience=sub.audience,
                            locale=ex.locale)
    try:
        comparison = compare_rates(posts, by=s["by"], basis=s["basis"], audience=sub.audience, locale=ex.locale)
    except (sr.DataError, sr.ParameterError):
        comparison = None
    return table, comparison


def _same_html(a: str, b: str) -> bool:
    """Equal but for the random id pandas gives each Styler's CSS (T_xxxxx)."""
    return re.sub(r"T_[0-9a-f]{5}", "T_", a) == re.sub(r"T_[0-9a-f]{5}", "T_", b)


def _assert_shows(ds, ex):
    table, comparison = _expected(ds, ex)
    pd.testing.assert_frame_equal(ex.table, table)
    # the displayed HTML is the table's display, the plot its figure, the comparison its summary
    assert _same_html(ex.table_view.value, display.show(table, locale=ex.locale).to_html())
    assert ex.plot_view.value[:8] == b"\x89PNG\r\n\x1a\n"
    if comparison is None:
        assert ex.comparison is None and ex.comparison_view.value == "" and ex.message
    else:
        pd.testing.assert_frame_equal(pd.DataFrame(ex.comparison), pd.DataFrame(comparison))
        assert ex.comparison_view.value == comparison._repr_html_()
    return table


def test_initial_state_shows_the_whole_dataset(ds):
    ex = sr.explore(ds)
    s = ex.selection()
    assert (s["platforms"], s["basis"], s["by"], s["agg"]) == (None, "reach", "platform", "sum")
    table = _assert_shows(ds, ex)
    assert int(table["n_posts"].sum()) == len(ds.posts) - int(table.attrs.get("n_excluded", 0))
    assert ex.locale == "fr" and "Taux d'engagement" in html.unescape(ex.table_view.value)
    # the plot is of this table: one bar per platform, as long as its rate
    widths = sorted(p.get_width() for p in ex.figure.axes[0].patches)
    assert widths == pytest.approx(sorted(table["engagement_rate"]))


@pytest.mark.parametrize(("control", "value"), [
    ("by", "post_type"),
    ("by", "hour"),
    ("basis", "impressions"),
    ("agg", "mean"),
    ("platform", "instagram"),
    ("period", (6, 11)),
])
def test_each_control_updates_what_is_displayed(ds, control, value):
    ex = sr.explore(ds, locale="en")
    before_table = ex.table.copy()
    before_html = ex.table_view.value
    before_png = ex.plot_view.value
    widget = getattr(ex, control)
    if control == "period":
        widget.index = value
    else:
        widget.value = value
    table = _assert_shows(ds, ex)
    # the selection changed what is computed, and the display followed
    assert not table.equals(before_table)
    assert ex.table_view.value != before_html and ex.plot_view.value != before_png
    if control == "by":
        assert value in table.columns
        if value == "hour":
            assert set(table["hour"]) <= set(range(24)) and len(table) > 12
    if control == "platform":
        assert set(table["platform"]) == {"instagram"}
    if control == "basis":
        assert set(table["basis"]) == {"impressions"}
    if control == "period":
        s = ex.selection()
        assert (s["start"], s["end"]) == ("2024-07-01", "2024-12-31")


def test_controls_combine_and_a_selection_without_comparison_says_why(ds):
    ex = sr.explore(ds, locale="en")
    ex.platform.value = "tiktok"
    ex.by.value = "post_type"
    ex.basis.value = "views"
    _assert_shows(ds, ex)
    ex.by.value = "platform"  # one platform selected: nothing to compare
    _assert_shows(ds, ex)
    assert ex.comparison is None and "No rate comparison" in ex.message


def test_explorer_displays_as_a_widget(ds):
    ex = sr.explore(ds)
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert repr(ex).startswith("<Explorer: ")


def test_explorer_needs_posts(ds):
    no_posts = sr.io.Dataset(meta=ds.meta, tables={"mentions": ds.mentions})
    with pytest.raises(sr.DataError, match="needs posts"):
        sr.explore(no_posts)
