"""Tests of socialroi.notebook: load, subset, the Report (skips, results), showing text in a notebook."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import socialroi as sr
import socialroi.notebook as nb
from socialroi.errors import DataError, ParameterError

ACME = Path(__file__).parent / "data" / "acme"  # a tiny dataset: 4 posts, 4 mentions (conftest: `small`)
MENTIONS = (ACME / "mentions.csv").read_text(encoding="utf-8")
META = (ACME / "dataset.yml").read_text(encoding="utf-8")


def _out(capsys) -> str:
    """Printed text with the line wrapping undone."""
    return " ".join(capsys.readouterr().out.split())


# ---------------------------------------------------------------------------------------------
# load / subset
# ---------------------------------------------------------------------------------------------
def test_load_folder_or_sample_name(small, tmp_path):
    assert nb.load(tmp_path).meta["brand"] == "Acme"
    assert nb.load("forges-de-l-est").meta["name"] == "Forges de l'Est"
    with pytest.raises(DataError, match="no such dataset folder"):
        nb.load(tmp_path / "nope")


def test_subset_period_is_inclusive_in_local_time(small):
    # p2 at 23:30 Paris on 31 March is in a period ending 31 March; p3 at 00:10 on 1 April is not.
    sub = nb.subset(small, start="2024-03-31", end="2024-03-31")
    assert sub.posts["post_id"].tolist() == ["p2"]
    sub = nb.subset(small, start="2024-04-01")
    assert sub.posts["post_id"].tolist() == ["p3", "p4"]
    assert sub.mentions["brand"].tolist() == ["Rival", "Acme"]
    assert sub.meta["period"] == ("2024-04-01", None)


def test_subset_platforms_locale_currency_and_no_mutation(small):
    before = small.posts.copy()
    sub = nb.subset(small, platforms=["Facebook"], locale="en", currency="usd")
    assert sub.posts["platform"].tolist() == ["facebook", "facebook"]
    assert len(sub.mentions) == 4  # mentions are not split by platform
    assert sub.meta["locale"] == "en" and sub.meta["currency"] == "USD"
    assert sub.posts.attrs["meta"]["locale"] == "en"  # the library's labels follow the report
    assert sub.mentions.attrs["meta"]["currency"] == "USD"
    pd.testing.assert_frame_equal(small.posts, before)
    assert small.meta["locale"] == "fr" and small.posts.attrs["meta"]["locale"] == "fr"


@pytest.mark.parametrize("kw", [{"start": "2024-04-02", "end": "2024-04-01"}, {"start": "not a date"},
                                {"locale": "xx"}, {"currency": "euro"}])
def test_subset_rejects_bad_parameters(small, kw):
    with pytest.raises(ParameterError):
        nb.subset(small, **kw)


def test_default_campaign_from_tags_and_explicit_dates(small):
    name, lo, hi = nb.default_campaign(small)
    # Spring posts: 31 March 23:30 and 1 April 00:10, local days
    assert (name, lo, hi) == ("Spring", pd.Timestamp("2024-03-31"), pd.Timestamp("2024-04-01"))
    name, lo, hi = nb.default_campaign(small, start="2024-03-01", end="2024-03-15")
    assert (lo, hi) == (pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-15"))
    no_tags = nb.subset(small, start="2024-04-02")
    assert nb.default_campaign(no_tags) == (None, None, None)






# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
def test_ready_says_which_table_is_missing_in_the_locale(small, capsys):
    rep = nb.Report(small, notebook="03_loyalty")
    assert rep.ready("cohort_retention") is False
    out = _out(capsys)
    assert "Analyse ignorée — rétention par cohorte" in out and "interactions" in out
    en = nb.Report(nb.subset(small, locale="en"), notebook="03_loyalty")
    assert en.ready("rfm") is False
    assert "Skipped — RFM segments of customers: the table 'orders' is absent" in _out(capsys)
    assert set(en.skipped) == {"rfm"}
    assert en.ready("share_of_voice") is True


def test_ready_reports_empty_period_and_missing_function(small, capsys, monkeypatch):
    rep = nb.Report(nb.subset(small, start="2030-01-01", locale="en"), notebook="01_engagement")
    assert not rep.has_data
    rep.overview()
    assert "has no posts" in _out(capsys)
    assert rep.ready("engagement_rate") is False
    assert "has no data in the period analysed" in _out(capsys)
    monkeypatch.setitem(nb.ANALYSES, "ghost", nb.Analysis("ghost", "indicators", "no_such_fn", ("posts",)))
    rep2 = nb.Report(nb.subset(small, locale="en"), notebook="01_engagement")
    assert rep2.ready("ghost") is False
    assert "indicators.no_such_fn is missing" in _out(capsys)
    with pytest.raises(ParameterError):
        rep2.ready("not an analysis")


def test_ready_checks_required_columns(small, capsys):
    rep = nb.Report(nb.subset(small, locale="en"), notebook="04_market_share")
    assert rep.ready("competitor_benchmark") is False  # posts has no brand column
    assert "the table 'posts' has no column brand." in _out(capsys)  # a name, not a Python list


def test_guard_turns_data_errors_into_skips_only(small, capsys):
    rep = nb.Report(nb.subset(small, locale="en"), notebook="01_engagement")
    with rep.guard("compare_rates"):
        raise DataError("table 'posts': too few levels")
    assert "could not be computed on these data: table 'posts': too few levels" in _out(capsys)
    with rep.guard("kpi_table"):
        raise ParameterError("basis='x'")
    assert rep.skipped.keys() == {"compare_rates", "kpi_table"}
    with pytest.raises(ZeroDivisionError), rep.guard("kpi_table"):
        raise ZeroDivisionError("a bug is not a data problem: it must surface")
    res = rep.finish()
    assert res["analyses_skipped"] == 2 and res["skipped"] == "compare_rates, kpi_table"


def test_record_values_and_intervals(small):
    rep = nb.Report(small, notebook="01_engagement")
    t = pd.DataFrame({"platform": ["Insta gram", "x"], "rate": [np.float64(0.1), 0.2],
                      "ci_low": [0.05, 0.1], "ci_high": [0.15, 0.3]})
    rep.record("rate", t.iloc[[1]])
    rep.record("rate", t, by="platform")
    r = rep.results
    assert (r["rate"], r["rate_ci_low"], r["rate_ci_high"]) == (0.2, 0.1, 0.3)
    assert r["rate_insta_gram"] == 0.1 and type(r["rate_insta_gram"]) is float
    assert r["rate_x_ci_high"] == 0.3
    assert r["notebook"] == "01_engagement" and r["n_posts"] == 4 and r["currency"] == "EUR"
    assert (r["period_start"], r["period_end"]) == ("2024-03-30", "2024-04-02")


def test_window_ok(small, capsys):
    rep = nb.Report(nb.subset(small, locale="en"), notebook="02_awareness")
    assert rep.window_ok("campaign_lift", None, None) is False
    assert "no campaign window is known" in _out(capsys)
    s = pd.Series(1.0, index=pd.date_range("2024-01-01", periods=60, freq="D"))
    assert rep.window_ok("campaign_lift", pd.Timestamp("2024-02-10"), pd.Timestamp("2024-02-20"), s)
    # too little history before the start (9 days < 28)
    assert not rep.window_ok("campaign_lift", pd.Timestamp("2024-01-10"), pd.Timestamp("2024-01-20"), s)
    assert not rep.window_ok("campaign_lift", pd.Timestamp("2024-02-10"), pd.Timestamp("2024-03-20"), s)



def test_titles_escape_data_text(small, monkeypatch):
    shown = []
    monkeypatch.setattr(nb, "_markdown", shown.append)
    ds = nb.subset(small)
    ds.meta["name"] = "<script>alert(1)</script> *x*"
    nb.Report(ds, notebook="01_engagement").title()
    assert "<script>" not in shown[0] and "&lt;script&gt;" in shown[0] and "\\*x\\*" in shown[0]
    assert shown[0].startswith("# Engagement : ")
def test_versions_table():
    v = nb.versions()
    assert list(v.columns) == ["package", "version"]
    assert v.set_index("package").loc["socialroi", "version"] == sr.__version__
def test_say_in_a_notebook_is_escaped_markdown(monkeypatch):
    shown = []
    monkeypatch.setattr(nb, "_in_kernel", lambda: True)
    monkeypatch.setattr(nb, "_markdown", shown.append)
    nb.say("<script>alert(1)</script> *Acme* holds 28 %\n- not a list\n1. not a list either")
    md = shown[0]
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\*Acme\\*" in md
    paras = md.split("\n\n")
    assert paras[1] == "\\- not a list" and paras[2] == "1\\. not a list either"  # one paragraph per line
    shown.clear()
    nb.say("")
    assert shown == []
def test_report_without_posts_says_what_it_cannot_compute(tmp_path, capsys):
    # point 5: a mentions-only dataset; the period comes from the mentions; posts analyses say why they skip
    (tmp_path / "dataset.yml").write_text(META.replace("locale: fr", "locale: en"), encoding="utf-8")
    (tmp_path / "mentions.csv").write_text(MENTIONS, encoding="utf-8")
    ds = nb.subset(sr.load_dataset(tmp_path))
    rep = nb.Report(ds, notebook="01_engagement")
    assert rep.results["n_posts"] == 0 and rep.has_data
    assert (rep.results["period_start"], rep.results["period_end"]) == ("2024-03-30", "2024-04-02")
    rep.overview()
    out = _out(capsys)
    assert "Acme: no posts" in out and "nothing to report" not in out and "mentions" in out
    assert rep.ready("engagement_rate") is False and rep.ready("share_of_voice") is True
    out = _out(capsys)
    assert "Skipped — engagement rate: the dataset has no posts, and this analysis needs one row per post" in out
    assert "add posts.csv" in out
