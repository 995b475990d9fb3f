"""Result objects show themselves (issue 16, point 1): ``repr``, ``summary()`` (text and HTML),
``_repr_html_``, ``to_frame()``, ``plot(ax=None)``, in French and in English.

The numbers each display shows are checked against the object's own attributes written by the
formatter (not against the display's own helpers), so a summary that showed a stale or rounded-off
number, or an interval of another row, fails here.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from markupsafe import escape

import socialroi as sr
from socialroi import awareness, indicators, loyalty, market_share, roi
from socialroi import formatting as fmt
from socialroi.results import Estimate, ResultDisplay, ResultView, Summary

LOCALES = ("fr", "en")


@pytest.fixture(scope="module")
def results() -> dict[str, ResultDisplay]:
    ds = sr.load_sample("maison-lumiere")
    s = awareness.daily_series(ds, metric="reach")
    summ = loyalty.summarise_events(ds.orders, id_col="customer_id", time_col="ordered_at", value_col="amount",
                                    freq="W")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mmm = roi.fit_mmm(ds.outcomes, ds.spend, n_boot=20)
    out = {
        "lift": awareness.campaign_lift(s, start=s.index[-40], end=s.index[-20], method="its"),
        "bad_buzz": awareness.detect_bad_buzz(ds.mentions),
        "rates": indicators.compare_rates(ds.posts, by="post_type"),
        "esov": market_share.esov_regression(market_share.esov(ds.mentions, ds.market)),
        "bgnbd": loyalty.fit_bgnbd(summ),
        "gamma_gamma": loyalty.fit_gamma_gamma(summ[summ["frequency"] > 0]),
        "engaged": loyalty.engaged_vs_non_engaged(ds.orders, ds.interactions),
        "mmm": mmm,
        "reallocation": mmm.reallocate(),
    }
    assert len(out["bad_buzz"]) >= 1  # the sample plants a bad buzz
    return out


def _rows(name: str, r: object, loc: str) -> list[tuple[str, str]]:
    """(estimate, interval) text of every row the summary must show, from the object's attributes."""
    n = lambda v, d, sign=False: fmt.number(v, locale=loc, digits=d, sign=sign)  # noqa: E731
    b = lambda lo, hi, d, kind="num": fmt.bounds(lo, hi, kind=kind, locale=loc, digits=d)  # noqa: E731
    if name == "lift":
        return [(fmt.percent(r.relative_effect, locale=loc, digits=1, sign=True), b(r.ci_low, r.ci_high, 1, "pct")),
                (n(r.absolute_effect, "auto", True), b(r.abs_ci_low, r.abs_ci_high, "auto")),
                (n(r.cumulative_effect, "auto", True), b(r.cum_ci_low, r.cum_ci_high, "auto"))]
    if name == "bad_buzz":
        return [(n(x, 1, True), "") for x in r["excess"]]
    if name == "rates":
        return [(n(x, 2), b(lo, hi, 2)) for x, lo, hi in zip(r["rate_ratio"], r["ci_low"], r["ci_high"], strict=True)]
    if name == "esov":
        rows = [(n(r.slope, 3, True), b(r.ci_low, r.ci_high, 3))]
        if r.slope_per_year is not None:
            rows.append((n(r.slope_per_year, 3, True), b(r.year_ci_low, r.year_ci_high, 3)))
        return rows + [(n(r.intercept, 3, True), "")]
    if name in ("bgnbd", "gamma_gamma"):
        return [(n(r.params[k], 4), b(r.ci.loc[k, "ci_low"], r.ci.loc[k, "ci_high"], 4)) for k in r.params.index]
    if name == "engaged":
        g = r.groups
        rows = [(fmt.percent(x, locale=loc, digits=1), b(lo, hi, 1, "pct"))
                for x, lo, hi in zip(g["repeat_rate"], g["repeat_ci_low"], g["repeat_ci_high"], strict=True)]
        return rows + [(n(x, 2), b(lo, hi, 2)) for x, lo, hi in zip(r.effects["estimate"], r.effects["ci_low"],
                                                                     r.effects["ci_high"], strict=True)]
    if name == "mmm":
        t = r.roi[r.roi["identified"]] if "identified" in r.roi else r.roi
        return [(n(x, "auto"), b(lo, hi, "auto")) for x, lo, hi in zip(t["roas"], t["roas_ci_low"], t["roas_ci_high"],
                                                                       strict=True)]
    if name == "reallocation":
        return [(n(r.gain, "auto", True), b(r.gain_ci_low, r.gain_ci_high, "auto"))] + [
            (fmt.percent(x, locale=loc, digits=1, sign=True), "") for x in r.table["change"]]
    raise AssertionError(name)


def _facts(name: str, r: object, loc: str) -> list[str]:
    """Numbers of the header (observations, fit diagnostics) the summary must show."""
    if name == "lift":
        return [fmt.count(r.n_post, "periods", locale=loc), fmt.count(r.n_pre, "periods", locale=loc)]
    if name == "bad_buzz":
        return [fmt.integer(len(r), locale=loc)]
    if name == "rates":
        return [fmt.count(int(r["n_posts"].sum()), "posts", locale=loc)]
    if name == "esov":
        return [fmt.integer(r.n_obs, locale=loc)]
    if name in ("bgnbd", "gamma_gamma"):
        return [fmt.count(r.n, "customers", locale=loc), fmt.number(r.loglik, locale=loc, digits=2)]
    if name == "engaged":
        return [fmt.count(int(r.groups["customers"].sum()), "customers", locale=loc)]
    if name == "mmm":
        return [fmt.number(r.r2, locale=loc, digits=3), fmt.integer(r.n_boot, locale=loc)]
    if name == "reallocation":
        return [fmt.number(r.total, locale=loc, digits=0)]
    raise AssertionError(name)


NAMES = ["lift", "bad_buzz", "rates", "esov", "bgnbd", "gamma_gamma", "engaged", "mmm", "reallocation"]


@pytest.mark.parametrize("loc", LOCALES)
@pytest.mark.parametrize("name", NAMES)
def test_summary_text_and_html_show_the_objects_numbers(results, name, loc):
    r = results[name]
    s = r.summary(locale=loc)
    assert isinstance(s, Summary) and isinstance(s, str)
    text_lines = s.splitlines()
    html = r._repr_html_() if loc == fmt.resolve(getattr(r, "locale", None) or r.attrs.get("locale")) else s.as_html()
    expected = _rows(name, r, loc)
    assert len(expected) == len(s.view.estimates)
    for (value, interval), est in zip(expected, s.view.estimates, strict=True):
        # text: the row of that label carries the estimate and its interval
        line = next(x for x in text_lines if x.startswith(est.label + "  "))
        assert value in line, (name, loc, value, line)
        assert interval in line, (name, loc, interval, line)
        # HTML: the same numbers, each in its own cell of the estimates table
        assert f'<td class="num">{escape(value)}</td>' in html, (name, loc, value)
        if interval:
            assert f'<td class="num">{escape(interval)}</td>' in html, (name, loc, interval)
    for fact in _facts(name, r, loc):
        assert fact in s, (name, loc, fact)
        assert str(escape(fact)) in html, (name, loc, fact)
    # words from the catalogue of the locale: the headers of the estimates table
    assert sr.catalogue.text("view.estimate", loc) in s
    if any(i for _, i in expected):
        assert sr.catalogue.text("view.interval", loc) in s
    # what the interval includes is said (a note at least), and notes are numbered
    assert s.view.notes and "[1]" in s
    assert html.count("<li>") == len(s.view.notes)


def test_summary_defaults_to_the_results_locale(results):
    fr_lift = results["lift"]
    en = awareness.campaign_lift(awareness.daily_series(sr.load_sample("maison-lumiere"), metric="reach"),
                                 start=fr_lift.start, end=fr_lift.end, method="its", locale="en")
    assert fr_lift.locale == "fr" and en.locale == "en"
    assert "Effet relatif" in str(fr_lift.summary()) and "Relative effect" in str(en.summary())
    assert "Effet relatif" in fr_lift._repr_html_() and "Relative effect" in en._repr_html_()
    assert fr_lift.summary(locale="en") == en.summary()


@pytest.mark.parametrize("name", NAMES)
def test_repr_is_one_short_line_with_the_headline(results, name):
    r = results[name]
    text = repr(r)
    assert "\n" not in text and len(text) < 240, text
    assert text.startswith(f"<{type(r).__name__}: ") and text.endswith(">")
    loc = r._display_locale()
    value, interval = _rows(name, r, loc)[0]
    assert value in text and interval in text


@pytest.mark.parametrize("name", NAMES)
def test_to_frame_gives_the_numbers(results, name):
    r = results[name]
    t = r.to_frame()
    assert type(t) is pd.DataFrame
    if name in ("bad_buzz", "rates"):  # a result that is a table: a plain copy of it
        pd.testing.assert_frame_equal(t, pd.DataFrame(r))
        assert t.attrs == r.attrs
        return
    assert list(t.columns) == ["term", "level", "estimate", "ci_low", "ci_high", "p_value", "n", "unit"]
    if name == "lift":
        assert t.loc[0, "estimate"] == pytest.approx(r.relative_effect)
        assert (t.loc[0, "ci_low"], t.loc[0, "ci_high"]) == pytest.approx((r.ci_low, r.ci_high))
        assert t.loc[0, "p_value"] == pytest.approx(r.p_value)
    elif name in ("bgnbd", "gamma_gamma"):
        np.testing.assert_allclose(t["estimate"], r.params.to_numpy(float))
        np.testing.assert_allclose(t["ci_low"], r.ci["ci_low"].to_numpy(float))
        assert list(t["term"]) == list(r.params.index)
    elif name == "mmm":
        ok = r.roi[r.roi["identified"]] if "identified" in r.roi else r.roi
        np.testing.assert_allclose(t["estimate"], ok["roas"].to_numpy(float))
        np.testing.assert_allclose(t["ci_high"], ok["roas_ci_high"].to_numpy(float))
        assert list(t["level"]) == list(ok["channel"])
    elif name == "esov":
        assert t.loc[0, "estimate"] == pytest.approx(r.slope)
        assert t.loc[0, "ci_low"] == pytest.approx(r.ci_low)
    elif name == "reallocation":
        assert t.loc[0, "estimate"] == pytest.approx(r.gain)
        np.testing.assert_allclose(t["estimate"].iloc[1:], r.table["change"].to_numpy(float))
    elif name == "engaged":
        np.testing.assert_allclose(t["estimate"].iloc[:2], r.groups["repeat_rate"].to_numpy(float))
    assert t.attrs["notes"]


@pytest.mark.parametrize("name", NAMES)
def test_plot_returns_axes_and_draws_on_the_given_one(results, name):
    r = results[name]
    out = r.plot()
    if name == "lift":  # three panels: an array of Axes
        assert len(out) == 3 and all(isinstance(a, matplotlib.axes.Axes) for a in out)
        return
    assert isinstance(out, matplotlib.axes.Axes)
    fig, ax = plt.subplots()
    assert r.plot(ax=ax) is ax
    assert ax.has_data()


def test_frame_results_stay_dataframes(results):
    alerts, rates = results["bad_buzz"], results["rates"]
    assert isinstance(alerts, pd.DataFrame) and isinstance(rates, pd.DataFrame)
    # api.md: one row per alert with start, end, observed, expected, score
    assert {"start", "end", "observed", "expected", "score"} <= set(alerts.columns)
    assert {"rate_ratio", "ci_low", "ci_high", "p_value"} <= set(rates.columns)
    # any pandas operation gives a plain DataFrame (no display attached to derived data)
    assert type(alerts[["start", "end"]]) is pd.DataFrame
    assert type(rates.head(2)) is pd.DataFrame
    assert type(rates.copy()) is pd.DataFrame
    assert type(pd.concat([rates, rates])) is pd.DataFrame


def test_html_escapes_data(results):
    """Brand names and levels are data: shown as text, never as markup."""
    view = ResultView(title="<b>t</b>", facts=[("Brand", "<script>alert(1)</script>")],
                      estimates=[Estimate("x", "<i>level</i>", 0.5, 0.4, 0.6, kind="pct", digits=1)], notes=["a & b"])

    class Tiny(ResultDisplay):
        locale = "en"

        def _view(self, locale):
            return view

    html = Tiny()._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<i>" not in html and "<b>t" not in html and "a &amp; b" in html
    assert "50.0%" in html and "[40.0, 60.0]" in html
