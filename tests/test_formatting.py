"""Tests of socialroi.formatting: every number, date and interval as Babel's CLDR data write it, in
several locales; values worked out by hand for the conventions socialroi adds (intervals, points)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from babel import Locale
from babel import dates as bd
from babel import numbers as bn

import socialroi.formatting as fmt
from socialroi.errors import ParameterError

LOCALES = ["fr", "en", "fr_CH", "en_GB", "de", "de_CH", "es", "it", "sv"]


# ---------------------------------------------------------------------------------------------
# Against Babel directly
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("loc", LOCALES)
@pytest.mark.parametrize("x", [1234567.891, -0.5, 0.0, 12.25, 1e-3])
def test_numbers_are_babels(loc, x):
    # Babel's own decimal format with the fraction digits fixed (format_decimal, no hand rule)
    for digits in (0, 2):
        pattern = Locale.parse(loc).decimal_formats[None].pattern.split(";")[0].split(".")[0]
        pattern += ("." + "0" * digits) if digits else ""
        expected = bn.format_decimal(round(x, digits) + 0.0, format=pattern, locale=loc)
        assert fmt.number(x, locale=loc, digits=digits) == expected.replace(
            "-", Locale.parse(loc).number_symbols["latn"]["minusSign"])


@pytest.mark.parametrize("loc", LOCALES)
def test_percentages_are_babels(loc):
    pattern = Locale.parse(loc).percent_formats[None].pattern.split(";")[0]
    one = pattern.replace("#,##0", "#,##0.0") if "." not in pattern else pattern
    assert fmt.percent(0.0712, locale=loc) == bn.format_percent(0.0712, format=one, locale=loc)
    assert fmt.percent(0.5, locale=loc, digits=0) == bn.format_percent(0.5, locale=loc)


@pytest.mark.parametrize("loc", LOCALES)
def test_money_is_babels_with_the_iso_code(loc):
    # Babel's currency pattern with the code (¤¤) instead of the symbol; CLDR's currency spacing adds
    # a no-break space between letters and digits where the pattern puts none (en: EUR1,234 → EUR 1,234)
    expected = bn.format_currency(1234.5, "EUR", format=Locale.parse(loc).currency_formats["standard"].pattern
                                  .replace("¤", "¤¤"), locale=loc, currency_digits=False)
    got = fmt.money(1234.5, currency="EUR", locale=loc, digits=2)
    assert got.replace("\u00a0", "") == expected.replace("\u00a0", "")
    assert "EUR" in got and not any(a.isalpha() and b.isdigit() for a, b in zip(got, got[1:], strict=False))
    assert fmt.money(1234.5, currency="EUR", locale=loc, digits=2, display="symbol").replace("\u00a0", "") == \
        bn.format_currency(1234.5, "EUR", locale=loc).replace("\u00a0", "")


@pytest.mark.parametrize("loc", LOCALES)
def test_dates_and_periods_are_babels(loc):
    d = dt.date(2024, 3, 1)
    assert fmt.date(d, locale=loc) == bd.format_date(d, format="long", locale=loc)
    assert fmt.date("2024-03-01", locale=loc, format="medium") == bd.format_date(d, format="medium", locale=loc)
    assert fmt.period(d, freq="MS", locale=loc) == bd.format_skeleton("yMMMM", d, locale=loc)
    assert fmt.period(d, freq="QS", locale=loc) == bd.format_skeleton("yQQQ", d, locale=loc)
    assert fmt.time(8, locale=loc) == bd.format_skeleton("Hm", dt.time(8), locale=loc)


def test_a_third_locale_is_a_parameter():
    # fr_CH, de and en_GB need no code: their marks come from CLDR
    assert fmt.number(1234.5, locale="de", digits=1) == "1.234,5"
    # de_CH groups with an apostrophe (U+2019 in CLDR 44, "'" in CLDR 47: whatever Babel ships)
    assert fmt.number(1234.5, locale="de_CH", digits=1) == bn.format_decimal(1234.5, format="#,##0.0", locale="de_CH")
    assert fmt.number(1234.5, locale="de_CH", digits=1)[1] in "'\u2019"
    assert fmt.date("2025-08-02", locale="en_GB") == "2 August 2025"
    assert fmt.date("2025-08-02", locale="en") == "August 2, 2025"
    assert fmt.interval(0.071, 0.062, 0.080, locale="de") == "7,1\u00a0% [6,2 ; 8,0]"
    assert fmt.interval(0.071, 0.062, 0.080, locale="de_CH") == "7.1% [6.2, 8.0]"
    with pytest.raises(ParameterError, match="CLDR"):
        fmt.number(1, locale="xx")


# ---------------------------------------------------------------------------------------------
# socialroi's conventions (by hand)
# ---------------------------------------------------------------------------------------------
def test_the_issue_examples():
    # issue 14: "7,1 % [6,2 ; 8,0]" in French, "7.1% [6.2, 8.0]" in English; "+1,2 point"
    assert fmt.interval(0.071, 0.062, 0.080, kind="pct", locale="fr") == "7,1\u00a0% [6,2 ; 8,0]"
    assert fmt.interval(0.071, 0.062, 0.080, kind="pct", locale="en") == "7.1% [6.2, 8.0]"
    assert fmt.points(0.012, locale="fr", sign=True) == "+1,2\u00a0point"
    # CLDR plural rules on the number as written: fr 1,2 → one ("point"); en 1.2 and 1.0 → other
    assert fmt.points(0.012, locale="en", sign=True) == "+1.2\u00a0points"
    assert fmt.points(0.01, locale="en") == "1.0\u00a0points" and fmt.points(0.01, locale="en", digits=0) == "1\u00a0point"
    assert fmt.points(0.025, locale="fr") == "2,5\u00a0points"


def test_formats_follow_locale():
    # moved from test_narrative (fmt_pct, fmt_num, fmt_money): the same values through Babel
    assert fmt.percent(0.04567, locale="fr", digits=2) == "4,57\u00a0%"
    assert fmt.percent(0.04567, locale="en", digits=2) == "4.57%"
    assert fmt.number(1234567.891, locale="fr") == "1\u202f234\u202f567,89"
    assert fmt.number(1234567.891, locale="en") == "1,234,567.89"
    assert fmt.money(1500, currency="EUR", locale="fr") == "1\u202f500\u00a0EUR"
    assert fmt.money(1500, currency="EUR", locale="en") == "EUR\u00a01,500"
    assert fmt.percent(float("nan"), locale="en") == "—" and fmt.number(None, locale="fr") == "—"
    assert fmt.number(pd.NA, locale="fr") == "—" and fmt.number(np.inf, locale="fr") == "—"


def test_rounding_is_that_of_format_specs():
    # the exact binary value is rounded half to even, as f"{x:.2f}" does: 2.675 is 2.67499... → 2.67
    for x in (2.675, 0.125, 1.005, 12345.5, -3.14159, 0.5, 1.5, 2.5):
        for d in (0, 1, 2):
            assert fmt.number(x, locale="en", digits=d, grouping=False) == f"{x:.{d}f}", (x, d)
    assert fmt.number(-0.0001, locale="fr", digits=1) == "0,0"  # no sign on a value that rounds to zero


def test_fmt_ci_and_p_follow_locale():
    # moved from test_narrative (fmt_ci, fmt_p): 0.045 [0.043, 0.047] → 4.5 % with bounds 4.3 and 4.7
    assert fmt.interval(0.045, 0.043, 0.047, locale="fr") == "4,5\u00a0% [4,3 ; 4,7]"
    assert fmt.interval(0.045, 0.043, 0.047, locale="en") == "4.5% [4.3, 4.7]"
    # a negative bound gets the locale's minus sign (CLDR: "-" in fr and en; "−" in sv)
    assert fmt.interval(0.34, -0.02, 0.7, locale="fr", kind="num", digits=2) == "0,34 [-0,02 ; 0,70]"
    assert fmt.interval(0.34, -0.02, 0.7, locale="sv", kind="num", digits=2) == "0,34 [\u22120,02 ; 0,70]"
    # a difference of shares 0.121 is 12.1 percentage points
    assert fmt.interval(0.121, -0.008, 0.244, locale="en", kind="points") == "12.1\u00a0points [-0.8, 24.4]"
    assert fmt.interval(1500, 1200, 1800, locale="fr", kind="money", digits=0) == \
        "1\u202f500\u00a0EUR [1\u202f200 ; 1\u202f800]"
    assert fmt.interval(0.05, None, 0.06, locale="en") == "5.0%"  # no interval: the value alone
    assert fmt.pvalue(1e-20, locale="fr") == "p < 0,001" and fmt.pvalue(0.2034, locale="en") == "p = 0.203"
    assert fmt.pvalue(0.2034, locale="en", prefix=False) == "0.203" and fmt.pvalue(None, locale="en") == "p = —"


def test_dates_in_words():
    # moved from test_narrative (fmt_date); CLDR writes "1 janvier" (before: "1er janvier", by hand)
    assert fmt.date("2024-01-01", locale="fr") == "1 janvier 2024"
    assert fmt.date(pd.Timestamp("2025-12-30"), locale="fr") == "30 décembre 2025"
    assert fmt.date("2025-08-02", locale="en") == "August 2, 2025"
    assert fmt.date("2025-12-01", locale="fr", format="month") == "décembre 2025"
    assert fmt.date(None, locale="en") == "…" and fmt.date("not a date", locale="en") == "not a date"
    assert fmt.date(pd.Timestamp("2025-03-01 10:00", tz="Europe/Paris"), locale="en", format="iso") == "2025-03-01"


def test_counts_follow_plural_rules():
    assert fmt.count(1, "posts", locale="en") == "1 post" and fmt.count(48, "posts", locale="en") == "48 posts"
    assert fmt.count(1137, "posts", locale="fr") == "1\u202f137 publications"
    assert fmt.count(0, "posts", locale="fr") == "0 publication"  # French: 0 and 1 take the singular
    assert fmt.count(1, "users", locale="en") == "1 person" and fmt.count(2, "users", locale="en") == "2 people"


def test_auto_digits_and_ticks():
    assert [fmt.auto_digits(v) for v in (1234, 12.3, 0.0123, 0)] == [0, 2, 4, 2]
    assert fmt.number(0.000123, locale="en", digits="auto") == "0.000123"
    assert fmt.number(2.5, locale="fr", digits=2, min_digits=0) == "2,5"
    assert fmt.date_tick("2025-01-01", locale="fr") == "janv.\n2025" and fmt.date_tick("2025-03-15", locale="en") == "15"
    assert fmt.time(9, locale="fr", pattern="H 'h'") == "9 h" and fmt.time(9, locale="en", pattern="HH:mm") == "09:00"


def test_resolve_reads_the_locale_an_object_carries():
    frame = pd.DataFrame({"x": [1]})
    frame.attrs["meta"] = {"locale": "fr-ch"}
    assert fmt.resolve(None, frame) == "fr_CH" and fmt.resolve("en", frame) == "en" and fmt.resolve(None) == "en"
    assert fmt.interval_separator("fr") == " ; " and fmt.interval_separator("en_GB") == ", "
    assert math.isnan(float("nan")) and fmt.is_missing(float("nan")) and not fmt.is_missing(0)
