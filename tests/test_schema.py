"""Tests of socialroi.schema: the table specs, the parsers and ``validate`` on in-memory frames.

Expected values are worked out by hand in the comments. File-level rules (separators, encodings,
...) are in test_io.py.
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socialroi as sr
from socialroi.errors import DataError, ParameterError
from socialroi.schema import TABLES, normalise_header, parse_dates, parse_datetimes, parse_numbers


def _posts(**cols) -> pd.DataFrame:
    n = len(next(iter(cols.values()))) if cols else 1
    base = {
        "post_id": [str(i) for i in range(n)],
        "platform": ["instagram"] * n,
        "published_at": ["2025-01-15 10:00"] * n,
    }
    base.update(cols)
    return pd.DataFrame(base)


# ---------------------------------------------------------------------------------------------
# the schema itself
# ---------------------------------------------------------------------------------------------


def test_tables_match_data_model():
    # required columns of shared/spec/data-model.md (bold)
    assert {t: TABLES[t].required for t in TABLES} == {
        "posts": ["post_id", "platform", "published_at"],
        "audience": ["date", "platform"],
        "interactions": ["timestamp", "platform", "user_id", "kind"],
        "mentions": ["timestamp", "brand"],
        "spend": ["date", "channel", "amount"],
        "outcomes": ["date"],
        "market": ["period", "brand"],
        "orders": ["order_id", "customer_id", "ordered_at", "amount"],
    }
    counts = {
        "impressions",
        "reach",
        "reactions",
        "comments",
        "shares",
        "saves",
        "clicks",
        "views",
        "video_views",
    }
    types = {c.name: c.type for c in TABLES["posts"].columns}
    assert {n for n, t in types.items() if t == "int"} == counts
    assert (
        types["spend"] == "float"
        and types["is_paid"] == "bool"
        and types["published_at"] == "datetime"
    )


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  Post ID ", "post_id"),
        ("PUBLISHED_AT", "published_at"),
        ("\ufeffpost_id", "post_id"),
        ("video-views", "video_views"),
        ("new\u00a0followers", "new_followers"),
    ],
)
def test_normalise_header(raw, expected):
    assert normalise_header(raw) == expected


# ---------------------------------------------------------------------------------------------
# parse_numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, expected",
    [
        (["1 234,5", "2"], [1234.5, 2.0]),  # space thousands, decimal comma
        (["1\u00a0234,5"], [1234.5]),  # non-breaking space
        (["1\u202f234"], [1234.0]),  # narrow non-breaking space
        (["1.234,5", "3,25"], [1234.5, 3.25]),  # dot thousands, decimal comma
        (["1,234.5", "3.25"], [1234.5, 3.25]),  # comma thousands, decimal dot
        (["4,5 %", "12%", "0,5"], [0.045, 0.12, 0.5]),  # 4.5/100, 12/100, plain
        (["-3,5", "1e3"], [-3.5, 1000.0]),
    ],
    ids=["space", "nbsp", "nnbsp", "dot-thousands", "comma-thousands", "percent", "signs"],
)
def test_parse_numbers_known_values(values, expected):
    num, failed = parse_numbers(pd.Series(values, dtype="str"))
    np.testing.assert_allclose(num.to_numpy(), expected)
    assert not failed.any()


def test_parse_numbers_ambiguous_follows_file_convention():
    # "1,234" alone: a decimal comma in a ';' file (1.234), a thousands comma in a ',' file (1234)
    s = pd.Series(["1,234"], dtype="str")
    assert parse_numbers(s, default_decimal=",")[0].iloc[0] == pytest.approx(1.234)
    assert parse_numbers(s, default_decimal=".")[0].iloc[0] == pytest.approx(1234.0)


def test_parse_numbers_missing_and_failures():
    num, failed = parse_numbers(pd.Series(["", None, " ", "abc", "12 pommes", "7"], dtype="object"))
    assert num.isna().tolist() == [True, True, True, True, True, False]
    assert failed.tolist() == [
        False,
        False,
        False,
        True,
        True,
        False,
    ]  # empty cells are missing, not errors


# ---------------------------------------------------------------------------------------------
# parse_dates / parse_datetimes
# ---------------------------------------------------------------------------------------------


def test_parse_dates_day_first():
    out, failed = parse_dates(pd.Series(["05/04/2025", "2025-04-06", "31/12/2024", "32/01/2025"]))
    # 05/04/2025 is 5 April (day first)
    assert out.iloc[:3].tolist() == [
        pd.Timestamp("2025-04-05"),
        pd.Timestamp("2025-04-06"),
        pd.Timestamp("2024-12-31"),
    ]
    assert failed.tolist() == [False, False, False, True]


def test_parse_datetimes_dst_counts():
    s = pd.Series(["2025-03-30 02:30", "2025-10-26 02:30", "2025-07-01 12:00", None])
    out, failed, notes = parse_datetimes(s, timezone="Europe/Paris")
    assert notes == {"nonexistent": 1, "ambiguous": 1}
    # gap: 02:30 + 1 h gap = 03:30 CEST ; overlap: first occurrence, CEST
    assert out.iloc[0] == pd.Timestamp("2025-03-30 03:30+02:00")
    assert out.iloc[1] == pd.Timestamp("2025-10-26 02:30+02:00")
    assert out.iloc[2] == pd.Timestamp("2025-07-01 12:00+02:00")
    assert pd.isna(out.iloc[3]) and not failed.any()


def test_parse_datetimes_gap_of_another_zone():
    # America/New_York 2025-03-09: 02:00 EST -> 03:00 EDT; 02:15 moves by the 1 h gap to 03:15 EDT
    out, _, notes = parse_datetimes(pd.Series(["2025-03-09 02:15"]), timezone="America/New_York")
    assert out.iloc[0] == pd.Timestamp("2025-03-09 03:15-04:00") and notes["nonexistent"] == 1


# ---------------------------------------------------------------------------------------------
# validate on frames
# ---------------------------------------------------------------------------------------------


def test_validate_types_and_values():
    df = _posts(
        reactions=["3", None, "0"],
        spend=["1,5", "", "2"],
        is_paid=["oui", "non", None],
        text=["Été", None, "x"],
        extra=["keep", "me", "too"],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing here deserves a warning
        out = sr.validate(df, "posts", timezone="Europe/Paris")
    assert str(out["reactions"].dtype) == "Int64" and out["reactions"].isna().tolist() == [
        False,
        True,
        False,
    ]
    assert out["spend"].dtype == "float64"
    np.testing.assert_allclose(out["spend"].to_numpy(), [1.5, np.nan, 2.0])
    assert out["is_paid"].tolist() == [True, False, pd.NA]
    assert str(out["published_at"].dt.tz) == "Europe/Paris"
    assert out["published_at"].iloc[0] == pd.Timestamp("2025-01-15 10:00+01:00")
    assert pd.api.types.is_string_dtype(out["post_id"].dtype)
    assert out["extra"].tolist() == ["keep", "me", "too"]  # unknown columns kept as they are
    assert out.attrs["table"] == "posts"


def test_validate_int64_ids_become_exact_text():
    ids = np.array([1234567890123456789, 12345678901234567, 123456789012345678], dtype="int64")
    out = sr.validate(_posts(post_id=ids), "posts")
    assert out["post_id"].tolist() == [
        "1234567890123456789",
        "12345678901234567",
        "123456789012345678",
    ]


def test_validate_float_ids_beyond_2_53_rejected():
    # 1.23457e18 as a float cannot hold the 19 digits of a real id: an error, not a guess
    with pytest.raises(DataError) as exc:
        sr.validate(_posts(post_id=[1.23457e18]), "posts")
    assert "'post_id'" in str(exc.value)


def test_validate_does_not_mutate_input_and_keeps_order():
    df = _posts(reactions=["5", "1", "3"], published_at=["2025-01-17", "2025-01-15", "2025-01-16"])
    df.index = [10, 5, 7]
    before = df.copy(deep=True)
    out = sr.validate(df, "posts")
    pd.testing.assert_frame_equal(df, before)
    assert out.index.tolist() == [10, 5, 7] and out["reactions"].tolist() == [5, 1, 3]


@pytest.mark.parametrize(
    "labels", [[1, 2, 3], [10, 5, 7], ["c", "a", "b"]], ids=["shifted", "shuffled", "text"]
)
def test_validate_values_stay_on_their_rows_whatever_the_index(labels):
    # a fast path once built a Series from Arrow with labels 0..n-1 and re-aligned it on the frame's
    # index: with labels 1, 2, 3 row 1 got row 2's date. Expected values are the written ones, per row.
    df = _posts(
        published_at=["17/01/2025 10:00", "15/01/2025 11:00", "16/01/2025 12:00"],
        reactions=["1 000", "2", "3"],
        spend=["1,5", "2,5", "3,5"],
    )
    df.index = labels
    out = sr.validate(df, "posts", timezone="Europe/Paris")
    assert out.index.tolist() == labels
    assert out["published_at"].tolist() == [
        pd.Timestamp("2025-01-17 10:00+01:00"),
        pd.Timestamp("2025-01-15 11:00+01:00"),
        pd.Timestamp("2025-01-16 12:00+01:00"),
    ]
    assert out["reactions"].tolist() == [1000, 2, 3] and out["spend"].tolist() == [1.5, 2.5, 3.5]


def test_validate_is_idempotent():
    df = _posts(reactions=["5", None, "3"], spend=["1,5", None, "2"], is_paid=["oui", None, "0"])
    once = sr.validate(df, "posts", timezone="Europe/Paris")
    twice = sr.validate(once, "posts", timezone="Europe/Paris")
    pd.testing.assert_frame_equal(twice, once)


def test_validate_problems_name_table_column_rows_values():
    df = _posts(reactions=["1", "x", "-4"], published_at=["2025-01-15", "bientôt", "2025-01-16"])
    with pytest.raises(DataError) as exc:
        sr.validate(df, "posts")
    probs = exc.value.problems
    assert len(probs) == 3
    assert any("'reactions'" in p and "row 1" in p and "'x'" in p for p in probs)
    assert any("'reactions'" in p and "row 2" in p and "'-4'" in p for p in probs)
    assert any("'published_at'" in p and "'bientôt'" in p for p in probs)
    assert all("posts" in p for p in probs)
    assert isinstance(exc.value, ValueError)


def test_validate_first_rows_shown_and_count():
    # 8 bad values: the count is given and only the first five are listed
    df = _posts(comments=["a", "b", "c", "d", "e", "f", "g", "h", "1"])
    with pytest.raises(DataError) as exc:
        sr.validate(df, "posts")
    (p,) = exc.value.problems
    assert "8 bad value(s)" in p and "'e'" in p and "'f'" not in p and "3 more" in p


def test_validate_duplicates_reported_with_other_problems():
    df = _posts(post_id=["1", "1", "2"], reactions=["x", "1", "2"])
    with pytest.raises(DataError) as exc:
        sr.validate(df, "posts")
    assert len(exc.value.problems) == 2
    assert any("post_id" in p and "duplicate" in p for p in exc.value.problems)


def test_validate_missing_required_values():
    df = _posts(platform=["x", None, "y"])
    with pytest.raises(DataError, match="'platform'.*row 1"):
        sr.validate(df, "posts")


def test_validate_reach_above_impressions_warns_keeps_row():
    df = _posts(impressions=["5", "10"], reach=["10", "4"])
    with pytest.warns(UserWarning, match="reach > impressions"):
        out = sr.validate(df, "posts")
    assert out["reach"].tolist() == [10, 4] and len(out.attrs["warnings"]) == 1


def test_validate_scientific_id():
    with pytest.raises(DataError, match="scientific notation"):
        sr.validate(_posts(post_id=["1.23457E+18"]), "posts")


def test_validate_interaction_kind_and_mentions_date():
    inter = pd.DataFrame(
        {"timestamp": ["2025-01-15"], "platform": ["X"], "user_id": ["u"], "kind": ["LIKE"]}
    )
    with pytest.raises(DataError, match="'kind'"):
        sr.validate(inter, "interactions")
    # mentions with only a date: timestamp made from it (local midnight)
    m = sr.validate(
        pd.DataFrame({"date": ["15/01/2025"], "brand": ["A"], "sentiment": ["Négatif"]}),
        "mentions",
        timezone="Europe/Paris",
    )
    assert m["timestamp"].iloc[0] == pd.Timestamp("2025-01-15 00:00+01:00")
    assert m["sentiment"].tolist() == ["negative"]


def test_validate_outcomes_and_market_rules():
    # weekly outcomes (7-day steps) are fine; a gap of 14 days is not regular
    ok = sr.validate(
        pd.DataFrame(
            {"date": ["2025-01-06", "2025-01-13", "2025-01-20"], "revenue": ["1 000,5", "2", "3"]}
        ),
        "outcomes",
    )
    assert ok["revenue"].tolist() == [1000.5, 2.0, 3.0]
    with pytest.raises(DataError, match="regular"):
        sr.validate(
            pd.DataFrame(
                {"date": ["2025-01-06", "2025-01-13", "2025-01-27"], "revenue": [1, 2, 3]}
            ),
            "outcomes",
        )
    # shares 0.7 + 0.4 = 1.1 > 1 in January
    with pytest.raises(DataError, match="more than 1"):
        sr.validate(
            pd.DataFrame(
                {"period": ["2025-01-01"] * 2, "brand": ["A", "B"], "market_share": ["70 %", "0,4"]}
            ),
            "market",
        )


def test_validate_bad_arguments_are_parameter_errors():
    with pytest.raises(ParameterError):
        sr.validate(_posts(), "tweets")
    with pytest.raises(ParameterError):
        sr.validate(_posts(), "posts", timezone="Mars/Olympus")
    with pytest.raises(ParameterError):
        sr.validate([1, 2], "posts")


# ---------------------------------------------------------------------------------------------
# hypothesis: arbitrary frames give a DataFrame or a DataError, never another exception
# ---------------------------------------------------------------------------------------------

_TRICKY = [
    "",
    " ",
    "4,5 %",
    "1 234,5",
    "1.234,5",
    "1\u00a0234",
    "oui",
    "non",
    "positive",
    "Négatif",
    "2025-03-30 02:30",
    "2025-10-26 02:30",
    "30/03/2025",
    "31/02/2025",
    "2025-01-01T10:00:00Z",
    "2025-06-01T10:00+05:30",
    "1,23457E+18",
    "NaN",
    "inf",
    "-1",
    "12345678901234567890",
    "%",
    ",",
    ".",
    "0001-01-01",
    "99999-12-31",
    "instagram",
    "comment",
]
_DATES = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1))
_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.sampled_from(_TRICKY),
    _DATES,
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
_TYPED = st.sampled_from(
    [
        st.integers(-5, 2**63 - 1),
        st.floats(),
        st.booleans(),
        st.text(max_size=6),
        _DATES,
        st.sampled_from(_TRICKY),
    ]
)


@st.composite
def _frames(draw):
    table = draw(st.sampled_from(sorted(TABLES)))
    names = [c.name for c in TABLES[table].columns]
    columns = draw(
        st.lists(
            st.one_of(
                st.sampled_from(names),
                st.sampled_from(["junk", "Post ID", " DATE ", "revenue"]),
                st.text(max_size=5),
            ),
            max_size=8,
            unique=True,
        )
    )
    n = draw(st.integers(0, 6))
    data = {}
    for c in columns:
        if draw(st.booleans()):  # a mixed object column
            data[c] = pd.Series(draw(st.lists(_CELLS, min_size=n, max_size=n)), dtype=object)
        else:  # a typed column (ints, floats, bools, text or datetimes)
            data[c] = pd.Series(draw(st.lists(draw(_TYPED), min_size=n, max_size=n)))
    df = pd.DataFrame(data, index=range(n)) if data else pd.DataFrame(index=range(n))
    return df, table, draw(st.sampled_from(["UTC", "Europe/Paris", "America/New_York"]))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_frames())
def test_validate_only_returns_frame_or_raises_data_error(case):
    df, table, tz = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = sr.validate(df, table, timezone=tz)
        except DataError as exc:
            assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
            return
    assert isinstance(out, pd.DataFrame) and len(out) == len(df)
    # the same frame with other row labels gives the same values, row for row
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        relabelled = sr.validate(df.set_axis(range(3, 3 + len(df))), table, timezone=tz)
    pd.testing.assert_frame_equal(relabelled.reset_index(drop=True), out.reset_index(drop=True))


# ---------------------------------------------------------------------------------------------
# the vectorised fast paths agree with the general parsers
# ---------------------------------------------------------------------------------------------

_LAYOUTS = [
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
]


@pytest.mark.parametrize("layout", _LAYOUTS)
def test_fast_date_layouts_match_general_parser(layout, rng):
    from socialroi.schema import _to_datetime_text, _to_datetime_text_general

    stamps = pd.Timestamp("2020-01-01") + pd.to_timedelta(
        rng.integers(0, 6 * 365 * 86400, 300), unit="s"
    )
    text = pd.Series(stamps.strftime(layout), dtype="str")
    # impossible days must not roll over (Arrow alone reads 31/02 as 03/03) and are reported
    bad = pd.Timestamp("2025-02-28").strftime(layout).replace("28", "31", 1)
    text = pd.concat([text, pd.Series([bad, None], dtype="str")], ignore_index=True)
    fast, fast_failed = _to_datetime_text(text)
    slow, slow_failed = _to_datetime_text_general(text)
    pd.testing.assert_series_equal(fast.astype("datetime64[ns]"), slow.astype("datetime64[ns]"))
    assert fast_failed.tolist() == slow_failed.tolist() == [False] * 300 + [True, False]
    expected = pd.Series(pd.to_datetime(stamps.strftime(layout), format=layout))
    assert (fast.iloc[:300].to_numpy() == expected.to_numpy()).all()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(min_value=-(10**9), max_value=10**9), min_size=1, max_size=20),
    st.sampled_from([",", "."]),
)
def test_parse_numbers_french_and_english_roundtrip(cents, mark):
    # a number written with thousands groups and two decimals, the French or the English way, reads back
    values = np.array(cents) / 100
    groups = pd.Series([f"{abs(v):,.2f}" for v in values])  # "1,234,567.89"
    signs = pd.Series(["-" if v < 0 else "" for v in values])
    if mark == ",":
        written = signs + groups.str.replace(",", "\u00a0").str.replace(".", ",")  # "1 234 567,89"
    else:
        written = signs + groups
    num, failed = parse_numbers(written.astype("str"))
    assert not failed.any()
    np.testing.assert_allclose(num.to_numpy(), values, rtol=0, atol=1e-9)


def test_parallel_column_conversion_matches_serial(monkeypatch):
    # large frames convert columns in threads; the result and the order of problems must not change
    from socialroi import schema

    good = _posts(
        reactions=["5", None, "3", "1 234"],
        spend=["1,5", "", "2", "3"],
        is_paid=["oui", "non", None, "1"],
        published_at=["2025-03-30 02:30", "2025-01-15", "15/01/2025 10:00", "2025-06-01T10:00Z"],
    )
    bad = good.assign(
        reactions=["x", "1", "-2", "3"], comments=["1", "y", "2", "3"], post_id=["1", "1", "2", "3"]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        serial = sr.validate(good, "posts", timezone="Europe/Paris")
        with pytest.raises(DataError) as serial_err:
            sr.validate(bad, "posts", timezone="Europe/Paris")
        monkeypatch.setattr(schema, "_PARALLEL_ROWS", 1)
        monkeypatch.setattr(schema.os, "cpu_count", lambda: 4)
        parallel = sr.validate(good, "posts", timezone="Europe/Paris")
        with pytest.raises(DataError) as parallel_err:
            sr.validate(bad, "posts", timezone="Europe/Paris")
    pd.testing.assert_frame_equal(parallel, serial)
    assert parallel.attrs == serial.attrs
    # reactions "x" and "-2", comments "y", post_id 1 twice: 4 problems, in the same order
    assert len(serial_err.value.problems) == 4
    assert parallel_err.value.problems == serial_err.value.problems
