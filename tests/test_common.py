"""Shared helpers: period labels in local time, metadata lookup."""

from __future__ import annotations

import pandas as pd
import pytest

from socialroi._common import get_meta, period_start
from socialroi.errors import ParameterError


def _ts(*texts: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(texts), utc=True)).dt.tz_convert("Europe/Paris")


@pytest.mark.parametrize(
    ("freq", "expected"),
    [
        # 2025-01-31T23:30Z is 2025-02-01 00:30 in Paris: February, not January
        ("MS", "2025-02-01"), ("M", "2025-02-01"), ("ME", "2025-02-01"),
        ("QS", "2025-01-01"), ("Q", "2025-01-01"), ("YS", "2025-01-01"), ("Y", "2025-01-01"),
        # Saturday 2025-02-01 belongs to the week Monday 2025-01-27 .. Sunday 2025-02-02
        ("W", "2025-01-27"), ("W-SUN", "2025-01-27"), ("D", "2025-02-01"),
    ],
    ids=lambda v: str(v),
)
def test_period_start_on_local_wall_clock(freq, expected):
    got = period_start(_ts("2025-01-31T23:30:00Z"), freq)
    assert got.iloc[0] == pd.Timestamp(expected)


def test_quarter_starting_in_february_and_weeks_starting_monday():
    # QS-FEB quarters: Feb-Apr, May-Jul, ...; 2025-06-15 is in the quarter starting 2025-05-01
    assert period_start(_ts("2025-06-15T12:00:00Z"), "QS-FEB").iloc[0] == pd.Timestamp("2025-05-01")
    # W-MON: weeks ending Monday, labelled by their Tuesday
    assert period_start(_ts("2025-06-15T12:00:00Z"), "W-MON").iloc[0] == pd.Timestamp("2025-06-10")


def test_bad_freq_is_a_parameter_error():
    with pytest.raises(ParameterError, match="freq"):
        period_start(_ts("2025-01-01T00:00:00Z"), "fortnightly")


def test_get_meta_prefers_argument_then_attrs():
    df = pd.DataFrame({"a": [1]})
    df.attrs["meta"] = {"brand": "X"}
    assert get_meta(df, "brand") == "X"
    assert get_meta(df, "brand", "Y") == "Y"
    with pytest.raises(ParameterError, match="currency"):
        get_meta(df, "currency")


def test_periods_follow_the_dataset_timezone_even_after_a_conversion_to_utc():
    # 2025-03-31T23:30Z is 2025-04-01 01:30 in Paris: April for a Paris dataset
    ts = pd.Series(pd.to_datetime(["2025-03-31T23:30:00Z"], utc=True))
    assert period_start(ts, "MS").iloc[0] == pd.Timestamp("2025-03-01")  # no dataset zone known: UTC
    assert period_start(ts, "MS", tz="Europe/Paris").iloc[0] == pd.Timestamp("2025-04-01")
    df = pd.DataFrame({"published_at": ts})
    df.attrs["meta"] = {"timezone": "Europe/Paris"}
    assert period_start(df["published_at"], "MS").iloc[0] == pd.Timestamp("2025-04-01")
