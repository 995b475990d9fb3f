"""Tests of socialroi.io: files as people really have them, bad inputs, pseudonymisation, Dataset.

Every fixture file is written by the test into ``tmp_path``; expected values are worked out by hand
in the comments.
"""

from __future__ import annotations

import hashlib
import hmac
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import socialroi as sr
from socialroi.errors import DataError, ParameterError
from socialroi.io import pseudonymise, read_csv_text, read_meta, read_table
from socialroi.schema import TABLES

META = "name: Test Co\nbrand: Test Co\ncompetitors: [Rival]\ncurrency: EUR\ntimezone: Europe/Paris\nlocale: fr\n"
POSTS = "post_id;platform;published_at;reactions\n1;instagram;2025-01-15 10:00;5\n2;facebook;2025-01-16 11:00;7\n"


def _write(folder: Path, name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def _dataset(tmp_path: Path, files: dict[str, str | bytes], meta: str = META) -> Path:
    folder = tmp_path / "ds"
    _write(folder, "dataset.yml", meta)
    for name, text in files.items():
        _write(folder, name, text)
    return folder


def _posts(
    tmp_path: Path, text: str | bytes, *, encoding: str = "utf-8", name: str = "posts.csv", **kw
) -> pd.DataFrame:
    path = _write(tmp_path, name, text, encoding)
    return read_table(path, "posts", timezone="Europe/Paris", **kw)


def _ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text).tz_convert("Europe/Paris")


# ---------------------------------------------------------------------------------------------
# separators, sep= line, decimals, thousands, percentages
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_separators(tmp_path, sep):
    rows = [
        ["post_id", "platform", "published_at", "reactions", "text"],
        ["10", "instagram", "2025-01-15 10:00", "5", "hello"],
        ["11", "x", "2025-01-16 11:00", "7", "world"],
    ]
    df = _posts(tmp_path, "\n".join(sep.join(r) for r in rows) + "\n")
    assert list(df.columns) == rows[0]
    assert df["post_id"].tolist() == ["10", "11"]
    assert df["reactions"].tolist() == [5, 7]
    assert df["text"].tolist() == ["hello", "world"]
    assert df.attrs["source"]["separator"] == sep


def test_sep_line_first(tmp_path):
    # Excel's "sep=;" hint line: the separator it names is used, the line is not a header
    text = "sep=;\npost_id;platform;published_at;text\n1;x;2025-01-15;a,b\n"
    df = _posts(tmp_path, text)
    assert list(df.columns) == ["post_id", "platform", "published_at", "text"]
    assert df["text"].tolist() == ["a,b"]  # the comma is inside a field, not a separator
    assert df.attrs["source"]["separator"] == ";"


def test_sep_line_error_cites_file_line(tmp_path):
    # with "sep=;" on line 1 and the header on line 2, the first data row is file line 3
    text = "sep=;\npost_id;platform;published_at;reactions\n1;x;2025-01-15;abc\n"
    with pytest.raises(DataError) as exc:
        _posts(tmp_path, text)
    assert "line 3" in str(exc.value)


def test_blank_lines_before_sep_line(tmp_path):
    # two blank lines, then "sep=;", then the header (line 4): the header is not read as data and
    # the bad value on the first data row is reported at file line 5
    text = (
        "\n\nsep=;\npost_id;platform;published_at;reactions\n1;x;2025-01-15;abc\n2;x;2025-01-15;3\n"
    )
    with pytest.raises(DataError) as exc:
        _posts(tmp_path, text)
    (p,) = exc.value.problems
    assert "line 5" in p and "'abc'" in p and "'reactions'" in p
    ok = _posts(tmp_path, text.replace("abc", "4"))
    assert ok["post_id"].tolist() == ["1", "2"]


def test_decimal_dot_comma_file(tmp_path):
    # comma-separated file, decimal dot; "1,234.5" quoted with a thousands comma = 1234.5
    text = 'post_id,platform,published_at,spend\n1,x,2025-01-15,3.25\n2,x,2025-01-15,"1,234.5"\n3,x,2025-01-15,0.5\n'
    df = _posts(tmp_path, text)
    np.testing.assert_allclose(df["spend"].to_numpy(), [3.25, 1234.5, 0.5])
    assert df["spend"].dtype == "float64"


def test_decimal_comma_semicolon_file(tmp_path):
    # "3,25" = 3.25 ; "0,5" = 0.5 ; "12" = 12
    text = "post_id;platform;published_at;spend\n1;x;2025-01-15;3,25\n2;x;2025-01-15;0,5\n3;x;2025-01-15;12\n"
    df = _posts(tmp_path, text)
    np.testing.assert_allclose(df["spend"].to_numpy(), [3.25, 0.5, 12.0])


@pytest.mark.parametrize(
    "written, expected",
    [
        ("1 234", 1234),  # plain space
        ("1\u00a0234\u00a0567", 1234567),  # non-breaking space (Excel fr)
        ("1\u202f000", 1000),  # narrow non-breaking space (fr locale since 2016)
        ("12.345.678", 12345678),  # dot thousands in a decimal-comma (;) file
    ],
    ids=["space", "nbsp", "narrow-nbsp", "dot"],
)
def test_thousands_separators_counts(tmp_path, written, expected):
    text = (
        f"post_id;platform;published_at;impressions\n1;x;2025-01-15;{written}\n2;x;2025-01-15;3\n"
    )
    df = _posts(tmp_path, text)
    assert df["impressions"].tolist() == [expected, 3]
    assert str(df["impressions"].dtype) == "Int64"


def test_thousands_and_decimal_comma_amounts(tmp_path):
    # "1.234,5" = 1234.5 ; "1 234,50" = 1234.5 ; "2\u00a0000,25" = 2000.25
    text = "post_id;platform;published_at;spend\n1;x;2025-01-15;1.234,5\n2;x;2025-01-15;1 234,50\n3;x;2025-01-15;2\u00a0000,25\n"
    df = _posts(tmp_path, text)
    np.testing.assert_allclose(df["spend"].to_numpy(), [1234.5, 1234.5, 2000.25])


def test_percentages(tmp_path):
    # "4,5 %" = 4.5 / 100 = 0.045 ; "12,5%" = 0.125 ; "0,3" stays 0.3 (a share already)
    folder = tmp_path
    path = _write(
        folder,
        "market.csv",
        "period;brand;market_share\n01/01/2025;A;4,5 %\n01/01/2025;B;12,5%\n01/01/2025;C;0,3\n",
    )
    df = read_table(path, "market", timezone="Europe/Paris")
    np.testing.assert_allclose(df["market_share"].to_numpy(), [0.045, 0.125, 0.3])
    assert df["period"].tolist() == [pd.Timestamp("2025-01-01")] * 3


# ---------------------------------------------------------------------------------------------
# encodings and headers
# ---------------------------------------------------------------------------------------------

TEXT_FR = "post_id;platform;published_at;text\n1;instagram;2025-01-15;Été à Noël – «ça»\n"


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "cp1252"],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1252"],
)
def test_encodings(tmp_path, encoding):
    raw = TEXT_FR.encode(encoding)
    if encoding == "utf-16":
        assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")  # Python writes the BOM
    df = _posts(tmp_path, raw)
    assert list(df.columns) == [
        "post_id",
        "platform",
        "published_at",
        "text",
    ]  # no BOM in the header
    assert df["text"].tolist() == ["Été à Noël – «ça»"]


def test_quoted_line_breaks_in_text(tmp_path):
    text = 'post_id;platform;published_at;text\n1;x;2025-01-15;"Bonjour\nà tous; merci"\n2;x;2025-01-16;"a ""b"""\n'
    df = _posts(tmp_path, text)
    assert df["text"].tolist() == ["Bonjour\nà tous; merci", 'a "b"']


def test_large_cp1252_file(tmp_path):
    # about 20 000 rows (> the 256 KB decoded up front): accents far down are read right, and a bad
    # value on data row 15 000 is reported at file line 15 001 (header = line 1)
    n = 20_000
    rows = [f"{i};instagram;15/01/2025 10:00;{i % 7};Été n°{i} – ça va" for i in range(1, n + 1)]
    good = "post_id;platform;published_at;reactions;text\n" + "\n".join(rows) + "\n"
    df = _posts(tmp_path, good, encoding="cp1252")
    assert len(df) == n and df["text"].iloc[-1] == f"Été n°{n} – ça va"
    assert df.attrs["source"]["encoding"] == "cp1252"
    rows[14_999] = "15000;instagram;15/01/2025 10:00;douze;Été"
    with pytest.raises(DataError) as exc:
        _posts(
            tmp_path,
            "post_id;platform;published_at;reactions;text\n" + "\n".join(rows) + "\n",
            encoding="cp1252",
        )
    (p,) = exc.value.problems
    assert "line 15001" in p and "'douze'" in p


def test_header_case_and_spaces(tmp_path):
    text = "  Post ID ;PLATFORM; Published At ;Reactions \n1;Instagram;2025-01-15;3\n"
    df = _posts(tmp_path, text)
    assert list(df.columns) == ["post_id", "platform", "published_at", "reactions"]
    assert df["platform"].tolist() == ["instagram"]  # platform is lower-cased


# ---------------------------------------------------------------------------------------------
# dates and datetimes
# ---------------------------------------------------------------------------------------------


def test_dd_mm_yyyy_dates(tmp_path):
    path = _write(
        tmp_path,
        "audience.csv",
        "date;platform;followers\n31/01/2025;instagram;10\n01/02/2025;instagram;12\n2025-02-02;instagram;13\n",
    )
    df = read_table(path, "audience", timezone="Europe/Paris")
    # 31/01/2025 is 31 January (day first), 01/02/2025 is 1 February, not 2 January
    assert df["date"].tolist() == [
        pd.Timestamp("2025-01-31"),
        pd.Timestamp("2025-02-01"),
        pd.Timestamp("2025-02-02"),
    ]
    assert df["date"].dt.tz is None
    assert (df["date"] == df["date"].dt.normalize()).all()


def test_dd_mm_yyyy_datetimes(tmp_path):
    text = "post_id;platform;published_at\n1;x;31/01/2025 14:05\n2;x;01/07/2025 09:30:15\n3;x;02/01/2025\n"
    df = _posts(tmp_path, text)
    # naive local times in Europe/Paris: winter +01:00, summer +02:00; a bare day is local midnight
    assert df["published_at"].tolist() == [
        _ts("2025-01-31 14:05+01:00"),
        _ts("2025-07-01 09:30:15+02:00"),
        _ts("2025-01-02 00:00+01:00"),
    ]
    assert str(df["published_at"].dt.tz) == "Europe/Paris"


def test_iso_offsets_and_z_converted(tmp_path):
    text = (
        "post_id,platform,published_at\n"
        "1,x,2025-06-01T10:00:00+05:00\n"  # 05:00 UTC = 07:00 CEST (+02:00)
        "2,x,2025-06-01T10:00:00Z\n"  # 10:00 UTC = 12:00 CEST
        "3,x,2025-01-15T08:00:00-05:00\n"  # 13:00 UTC = 14:00 CET (+01:00)
        "4,x,2025-06-01 10:00\n"  # naive: 10:00 local (CEST)
        "5,x,2025-06-01\n"
    )  # naive day: local midnight, not UTC midnight
    df = _posts(tmp_path, text)
    got = df["published_at"]
    assert str(got.dt.tz) == "Europe/Paris"
    assert got.tolist() == [
        _ts("2025-06-01 07:00+02:00"),
        _ts("2025-06-01 12:00+02:00"),
        _ts("2025-01-15 14:00+01:00"),
        _ts("2025-06-01 10:00+02:00"),
        _ts("2025-06-01 00:00+02:00"),
    ]
    assert got.iloc[1].tz_convert("UTC") == pd.Timestamp("2025-06-01 10:00", tz="UTC")


def test_dst_gap_moved_forward_and_warned(tmp_path):
    # 2025-03-30 in Paris: clocks jump 02:00 -> 03:00, so 02:30 does not exist; moved forward by the
    # gap (one hour) it is 03:30+02:00 = 01:30 UTC
    text = "post_id;platform;published_at\n1;x;2025-03-30 02:30\n2;x;2025-03-30 01:30\n"
    with pytest.warns(UserWarning, match="daylight-saving gap"):
        df = _posts(tmp_path, text)
    assert df["published_at"].iloc[0] == _ts("2025-03-30 03:30+02:00")
    assert df["published_at"].iloc[0].tz_convert("UTC") == pd.Timestamp(
        "2025-03-30 01:30", tz="UTC"
    )
    assert df["published_at"].iloc[1] == _ts("2025-03-30 01:30+01:00")  # before the gap: unchanged
    assert any("gap" in w for w in df.attrs["warnings"])


def test_dst_overlap_first_occurrence_and_warned(tmp_path):
    # 2025-10-26 in Paris: 03:00 CEST -> 02:00 CET, so 02:30 happens twice; read as the first
    # occurrence, 02:30+02:00 = 00:30 UTC
    text = "post_id;platform;published_at\n1;x;2025-10-26 02:30\n"
    with pytest.warns(UserWarning, match="repeated autumn hour"):
        df = _posts(tmp_path, text)
    assert df["published_at"].iloc[0] == _ts("2025-10-26 02:30+02:00")
    assert df["published_at"].iloc[0].tz_convert("UTC") == pd.Timestamp(
        "2025-10-26 00:30", tz="UTC"
    )


# ---------------------------------------------------------------------------------------------
# ids, missing counts, bools, files untouched
# ---------------------------------------------------------------------------------------------


def test_long_ids_kept_as_text(tmp_path):
    ids = ["12345678901234567", "123456789012345678", "1234567890123456789", "0012345678901234567"]
    text = "post_id;platform;published_at\n" + "".join(f"{i};x;2025-01-15\n" for i in ids)
    df = _posts(tmp_path, text)
    assert df["post_id"].tolist() == ids  # every digit, leading zeros too
    assert pd.api.types.is_string_dtype(df["post_id"].dtype)


def test_missing_counts_stay_missing(tmp_path):
    # row 2 has no reactions and no comments: missing (<NA>), never 0
    text = "post_id;platform;published_at;reactions;comments\n1;x;2025-01-15;0;4\n2;x;2025-01-15;;\n3;x;2025-01-15;7;\n"
    df = _posts(tmp_path, text)
    assert str(df["reactions"].dtype) == "Int64" and str(df["comments"].dtype) == "Int64"
    assert df["reactions"].isna().tolist() == [False, True, False]
    assert df["comments"].isna().tolist() == [False, True, True]
    assert df["reactions"].iloc[0] == 0  # a written 0 stays 0
    assert df["reactions"].sum() == 7  # 0 + 7, the missing one is not counted as anything


def test_bools(tmp_path):
    values = ["oui", "non", "1", "0", "true", "FALSE", "Yes", "no", ""]
    expected = [True, False, True, False, True, False, True, False, pd.NA]
    text = "post_id;platform;published_at;is_paid\n" + "".join(
        f"{i};x;2025-01-15;{v}\n" for i, v in enumerate(values)
    )
    df = _posts(tmp_path, text)
    assert str(df["is_paid"].dtype) == "boolean"
    assert df["is_paid"].tolist() == expected


def test_input_files_unchanged(tmp_path):
    files = {
        "posts.csv": "sep=;\n Post ID ;platform;published_at;spend;reactions\n1;x;2025-03-30 02:30;1 234,5;\n",
        "interactions.csv": "timestamp;platform;user_id;kind\n2025-01-15 10:00;x;alice;comment\n",
    }
    folder = _dataset(tmp_path, files)
    paths = sorted(folder.iterdir())
    before = {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = sr.load_dataset(folder, pseudonym_key="k")
    assert ds.posts is not None
    after = {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }
    assert after == before  # same files, same bytes, not even rewritten


# ---------------------------------------------------------------------------------------------
# bad inputs: each error names the file and the column (and rows/values)
# ---------------------------------------------------------------------------------------------


def _load_error(tmp_path, files, meta=META) -> DataError:
    folder = _dataset(tmp_path, files, meta)
    with pytest.raises(DataError) as exc:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sr.load_dataset(folder, pseudonym_key="k")
    return exc.value


def test_bad_missing_required_column(tmp_path):
    err = _load_error(tmp_path, {"posts.csv": "post_id;platform;reactions\n1;x;3\n"})
    msg = str(err)
    assert "posts.csv" in msg and "published_at" in msg


def test_bad_text_in_count(tmp_path):
    # header is line 1, so the second data row is file line 3
    err = _load_error(
        tmp_path,
        {
            "posts.csv": "post_id;platform;published_at;reactions\n1;x;2025-01-15;4\n2;x;2025-01-15;beaucoup\n"
        },
    )
    (p,) = err.problems
    assert "posts.csv" in p and "'reactions'" in p and "line 3" in p and "'beaucoup'" in p


def test_bad_negative_count(tmp_path):
    err = _load_error(
        tmp_path, {"posts.csv": "post_id;platform;published_at;comments\n1;x;2025-01-15;-2\n"}
    )
    (p,) = err.problems
    assert "posts.csv" in p and "'comments'" in p and "line 2" in p and "'-2'" in p and ">= 0" in p


def test_bad_fractional_count(tmp_path):
    err = _load_error(
        tmp_path, {"posts.csv": "post_id;platform;published_at;shares\n1;x;2025-01-15;2,5\n"}
    )
    (p,) = err.problems
    assert "posts.csv" in p and "'shares'" in p and "'2,5'" in p


def test_bad_duplicate_post_ids(tmp_path):
    # id 7 twice on instagram (lines 2 and 4) is a duplicate; id 7 on facebook is another post
    text = (
        "post_id;platform;published_at\n7;instagram;2025-01-15\n7;facebook;2025-01-15\n"
        "7;Instagram;2025-01-16\n8;instagram;2025-01-16\n"
    )
    err = _load_error(tmp_path, {"posts.csv": text})
    (p,) = err.problems
    assert "posts.csv" in p and "post_id" in p and "platform" in p
    assert "line 2" in p and "line 4" in p and "line 3" not in p


def test_same_post_id_on_two_platforms_is_fine(tmp_path):
    df = _posts(
        tmp_path, "post_id;platform;published_at\n7;instagram;2025-01-15\n7;facebook;2025-01-15\n"
    )
    assert len(df) == 2


def test_bad_unparseable_dates(tmp_path):
    text = "post_id;platform;published_at\n1;x;31/02/2025\n2;x;hier\n3;x;2025-01-15\n"
    err = _load_error(tmp_path, {"posts.csv": text})
    (p,) = err.problems
    assert "posts.csv" in p and "'published_at'" in p
    assert "line 2" in p and "line 3" in p and "'31/02/2025'" in p and "'hier'" in p


def test_bad_unparseable_day(tmp_path):
    text = "date;channel;amount\n2025-13-01;meta_ads;10\n2025-01-02;meta_ads;10\n"
    err = _load_error(tmp_path, {"posts.csv": POSTS, "spend.csv": text})
    (p,) = err.problems
    assert "spend.csv" in p and "'date'" in p and "'2025-13-01'" in p


@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n"], ids=["zero-bytes", "blank-lines"])
def test_bad_empty_file(tmp_path, content):
    err = _load_error(tmp_path, {"posts.csv": content})
    assert "posts.csv" in str(err) and "empty" in str(err)


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 8,
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(200),
        "post_id;platform;published_at\n1;x;2025-01-15\n".encode("utf-32"),
    ],
    ids=["binary", "xlsx-zip", "utf32"],
)
def test_bad_wrong_encoding(tmp_path, content):
    err = _load_error(tmp_path, {"posts.csv": content})
    assert "posts.csv" in str(err)


def test_bad_explicit_encoding_fails(tmp_path):
    path = _write(tmp_path, "posts.csv", TEXT_FR, "cp1252")
    with pytest.raises(DataError) as exc:
        read_table(path, "posts", encoding="utf-8")
    assert "posts.csv" in str(exc.value) and "utf-8" in str(exc.value)
    with pytest.raises(DataError) as exc:
        read_table(path, "posts", encoding="no-such-codec")
    assert "posts.csv" in str(exc.value)


def test_bad_unknown_yaml_key(tmp_path):
    err = _load_error(tmp_path, {"posts.csv": POSTS}, meta=META + "colour: red\n")
    assert "dataset.yml" in str(err) and "colour" in str(err)


def test_yaml_python_tag_not_executed(tmp_path):
    marker = tmp_path / "PWNED"
    meta = META.replace(
        "name: Test Co", f'name: !!python/object/apply:os.system ["touch {marker}"]'
    )
    err = _load_error(tmp_path, {"posts.csv": POSTS}, meta=meta)
    assert "dataset.yml" in str(err)
    assert not marker.exists()


@pytest.mark.parametrize(
    "bad, word",
    [
        ("timezone: Europe/Pariss", "timezone"),
        ("currency: euro", "currency"),
        ("locale: xx", "locale"),  # a code CLDR does not know (fr_CH, de... are accepted: below)
    ],
)
def test_bad_meta_values(tmp_path, bad, word):
    key = bad.split(":")[0]
    meta = "\n".join(line for line in META.splitlines() if not line.startswith(key)) + f"\n{bad}\n"
    err = _load_error(tmp_path, {"posts.csv": POSTS}, meta=meta)
    (p,) = err.problems
    assert "dataset.yml" in p and word in p


def test_bad_meta_lists_every_problem(tmp_path):
    meta = "name: X\nbrand: X\ncurrency: euro\ntimezone: Mars/Olympus\nlocale: xx\ncolour: red\n"
    path = _write(tmp_path, "dataset.yml", meta)
    with pytest.raises(DataError) as exc:
        read_meta(path)
    joined = "\n".join(exc.value.problems)
    assert len(exc.value.problems) == 4
    for word in ("currency", "timezone", "locale", "colour"):
        assert word in joined


@pytest.mark.parametrize("given, stored", [("fr_CH", "fr_CH"), ("de", "de"), ("en-GB", "en_GB")])
def test_any_cldr_locale_is_a_dataset_locale(tmp_path, given, stored):
    # issue 14: a third locale is a parameter, not code (numbers follow it; texts fall back to fr/en)
    meta = "\n".join(line for line in META.splitlines() if not line.startswith("locale")) + f"\nlocale: {given}\n"
    assert read_meta(_write(tmp_path, "dataset.yml", meta))["locale"] == stored


def test_bad_excel_scientific_id(tmp_path):
    err = _load_error(
        tmp_path, {"posts.csv": "post_id;platform;published_at\n1,23457E+18;x;2025-01-15\n"}
    )
    (p,) = err.problems
    assert "posts.csv" in p and "'post_id'" in p and "'1,23457E+18'" in p and "scientific" in p


def test_reach_above_impressions_is_only_a_warning(tmp_path):
    text = "post_id;platform;published_at;impressions;reach\n1;x;2025-01-15;5;10\n2;x;2025-01-15;10;5\n"
    with pytest.warns(UserWarning, match="reach > impressions"):
        df = _posts(tmp_path, text)
    assert len(df) == 2 and df["reach"].tolist() == [10, 5]
    assert any("posts.csv" in w for w in df.attrs["warnings"])


def test_every_problem_listed_across_columns_and_files(tmp_path):
    posts = (
        "post_id;platform;published_at;reactions;comments\n"
        "1;x;2025-01-15;abc;1\n"  # line 2: text in a count
        "1;x;hier;2;-1\n"  # line 3: bad date, negative count, duplicate of line 2
        "2;x;2025-01-16;3;4\n"
    )
    spend = "date;channel;amount\n2025-01-15;meta_ads;-5\n"
    err = _load_error(tmp_path, {"posts.csv": posts, "spend.csv": spend})
    probs = err.problems
    assert len(probs) == 5

    def find(*words):
        hits = [p for p in probs if all(w in p for w in words)]
        assert len(hits) == 1, (words, probs)

    find("posts.csv", "'reactions'", "'abc'", "line 2")
    find("posts.csv", "'comments'", "'-1'", "line 3")
    find("posts.csv", "'published_at'", "'hier'", "line 3")
    find("posts.csv", "post_id", "line 2", "line 3")
    find("spend.csv", "'amount'", "-5")


# ---------------------------------------------------------------------------------------------
# pseudonymisation
# ---------------------------------------------------------------------------------------------

RAW_USERS = ["alice_insta", "1234567890123456789", "bob"]
INTERACTIONS = (
    "timestamp;platform;user_id;post_id;kind\n"
    "2025-01-15 10:00;instagram;alice_insta;1;comment\n"
    "2025-01-15 11:00;instagram;1234567890123456789;1;reaction\n"
    "2025-01-16 11:00;instagram;bob;2;share\n"
    "2025-01-17 11:00;instagram;alice_insta;2;reaction\n"
)
ORDERS = (
    "order_id;customer_id;ordered_at;amount;user_id\n"
    "o1;c1;2025-01-20 10:00;59,90;alice_insta\n"
    "o2;c2;2025-01-21 10:00;12,00;\n"
)


def _hand_pseudonym(raw: str, key: str) -> str:
    # documented scheme: "u_" + first 16 hex digits of HMAC-SHA256(key, id)
    return "u_" + hmac.new(key.encode(), raw.encode(), hashlib.sha256).hexdigest()[:16]


def _load_people(tmp_path, **kw):
    folder = _dataset(
        tmp_path, {"posts.csv": POSTS, "interactions.csv": INTERACTIONS, "orders.csv": ORDERS}
    )
    return sr.load_dataset(folder, **kw)


def test_pseudonyms_keyed_hash_and_joinable(tmp_path):
    ds = _load_people(tmp_path, pseudonym_key="secret-1")
    inter, orders = ds.interactions, ds.orders
    assert inter["user_id"].tolist() == [
        _hand_pseudonym(u, "secret-1")
        for u in ["alice_insta", "1234567890123456789", "bob", "alice_insta"]
    ]
    # same person, same key -> same pseudonym in both tables: the join still works
    assert orders["user_id"].iloc[0] == inter["user_id"].iloc[0]
    joined = orders.merge(inter, on="user_id")
    assert len(joined) == 2  # alice's order matches her two interactions
    assert pd.isna(orders["user_id"].iloc[1])  # missing stays missing, not a hash of ""


def test_raw_ids_nowhere_in_loaded_tables(tmp_path):
    ds = _load_people(tmp_path, pseudonym_key="secret-1")
    for name, df in ds.tables.items():
        cells = (
            [str(v) for v in df.to_numpy().ravel()]
            + [str(c) for c in df.columns]
            + [repr(df.attrs)]
        )
        for raw in RAW_USERS:
            assert not any(raw in cell for cell in cells), (name, raw)


def test_pseudonyms_differ_by_key(tmp_path):
    a = _load_people(tmp_path / "a", pseudonym_key="key-a").interactions["user_id"]
    b = _load_people(tmp_path / "b", pseudonym_key="key-b").interactions["user_id"]
    assert set(a).isdisjoint(set(b))


def test_pseudonym_key_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIALROI_PSEUDONYM_KEY", "from-env")
    got = _load_people(tmp_path).interactions["user_id"]
    assert got.iloc[0] == _hand_pseudonym("alice_insta", "from-env")
    # an explicit key wins over the environment
    explicit = _load_people(tmp_path / "x", pseudonym_key="explicit").interactions["user_id"]
    assert explicit.iloc[0] == _hand_pseudonym("alice_insta", "explicit")


def test_pseudonym_random_process_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SOCIALROI_PSEUDONYM_KEY", raising=False)
    first = _load_people(tmp_path / "a").interactions["user_id"]
    second = _load_people(tmp_path / "b").interactions["user_id"]
    assert first.tolist() == second.tolist()  # stable within the process
    assert first.iloc[0] != _hand_pseudonym("alice_insta", "")
    assert not set(first) & set(RAW_USERS)


def test_pseudonymise_does_not_mutate_and_is_idempotent():
    s = pd.Series(["a", None, "b", "a"], name="user_id")
    copy = s.copy()
    once = pseudonymise(s, key="k")
    pd.testing.assert_series_equal(s, copy)
    assert once.iloc[0] == once.iloc[3] != once.iloc[2] and pd.isna(once.iloc[1])
    assert pseudonymise(once, key="other").tolist() == once.tolist()  # loading twice is harmless


# ---------------------------------------------------------------------------------------------
# Dataset
# ---------------------------------------------------------------------------------------------


def test_dataset_meta_attrs_require_summary(tmp_path):
    audience = "date;platform;followers\n2025-01-01;instagram;100\n2025-01-03;instagram;104\n"
    folder = _dataset(tmp_path, {"posts.csv": POSTS, "audience.csv": audience})
    ds = sr.load_dataset(folder)
    assert isinstance(ds, sr.Dataset)
    expected_meta = {
        "name": "Test Co",
        "brand": "Test Co",
        "competitors": ["Rival"],
        "currency": "EUR",
        "timezone": "Europe/Paris",
        "locale": "fr",
    }
    assert ds.meta == expected_meta
    assert ds.posts.attrs["meta"] == expected_meta and ds.audience.attrs["meta"] == expected_meta
    assert ds.spend is None and ds.orders is None
    ds.require("posts", "audience")  # present: no error
    with pytest.raises(DataError) as exc:
        ds.require("posts", "spend", "outcomes")
    msg = str(exc.value)
    assert "spend" in msg and "outcomes" in msg and "'posts'" not in msg
    with pytest.raises(DataError, match="clicks"):
        ds.require("posts", columns={"posts": ["clicks", "reactions"]})
    summary = ds.summary().set_index("table")
    # posts: 2 rows, 2025-01-15 10:00 to 2025-01-16 11:00 (Paris); audience: 2 rows, 1 to 3 January
    assert summary.loc["posts", "rows"] == 2 and summary.loc["audience", "rows"] == 2
    assert summary.loc["posts", "first"] == _ts("2025-01-15 10:00+01:00")
    assert summary.loc["posts", "last"] == _ts("2025-01-16 11:00+01:00")
    assert summary.loc["audience", "first"] == pd.Timestamp("2025-01-01")
    assert summary.loc["audience", "last"] == pd.Timestamp("2025-01-03")


def test_dataset_missing_pieces(tmp_path):
    folder = tmp_path / "nometa"
    _write(folder, "posts.csv", POSTS)
    with pytest.raises(DataError, match="dataset.yml"):
        sr.load_dataset(folder)
    # the spec changed (issue 17): posts.csv is optional, a dataset needs at least one table
    folder = _dataset(tmp_path, {"audience.csv": "date;platform\n2025-01-01;x\n"})
    ds = sr.load_dataset(folder)
    assert ds.posts is None and len(ds.audience) == 1
    empty = _dataset(tmp_path / "none", {})
    with pytest.raises(DataError, match="at least one table"):
        sr.load_dataset(empty)
    with pytest.raises(DataError, match="not a folder"):
        sr.load_dataset(tmp_path / "does-not-exist")


def test_both_csv_and_parquet_is_an_error(tmp_path):
    folder = _dataset(tmp_path, {"posts.csv": POSTS})
    pd.DataFrame({"post_id": ["1"], "platform": ["x"], "published_at": ["2025-01-15"]}).to_parquet(
        folder / "posts.parquet"
    )
    with pytest.raises(DataError) as exc:
        sr.load_dataset(folder)
    assert "posts.csv" in str(exc.value) and "posts.parquet" in str(exc.value)


def test_parquet_round_trip(tmp_path):
    posts = (
        "post_id;platform;published_at;reactions;spend;is_paid;text\n"
        "1234567890123456789;instagram;2025-03-30 14:00;5;1,5;oui;Été\n"
        "2;facebook;2025-01-16 11:00;;;;\n"
    )
    inter = "timestamp;platform;user_id;kind\n2025-01-15 10:00;x;alice;comment\n"
    ds = sr.load_dataset(
        _dataset(tmp_path / "csv", {"posts.csv": posts, "interactions.csv": inter}),
        pseudonym_key="k",
    )
    out = tmp_path / "pq"
    _write(out, "dataset.yml", META)
    for name, df in ds.tables.items():
        df.to_parquet(out / f"{name}.parquet")
    back = sr.load_dataset(out, pseudonym_key="k")
    for name, df in ds.tables.items():
        pd.testing.assert_frame_equal(back.tables[name], df, check_dtype=True)
    # the pseudonyms were not hashed a second time
    assert back.interactions["user_id"].iloc[0] == _hand_pseudonym("alice", "k")


def test_parquet_int64_ids_become_exact_text(tmp_path):
    folder = _dataset(tmp_path, {})
    pd.DataFrame(
        {
            "post_id": np.array([1234567890123456789, 98765432109876543], dtype="int64"),
            "platform": ["x", "x"],
            "published_at": pd.to_datetime(["2025-01-15 10:00", "2025-01-16 10:00"]),
        }
    ).to_parquet(folder / "posts.parquet")
    ds = sr.load_dataset(folder)
    assert ds.posts["post_id"].tolist() == ["1234567890123456789", "98765432109876543"]
    # naive parquet timestamps are local times of the dataset
    assert ds.posts["published_at"].iloc[0] == _ts("2025-01-15 10:00+01:00")


def test_read_csv_text_keeps_everything_as_text(tmp_path):
    path = _write(tmp_path, "x.csv", "a;b\n001;\n2,5;x\n")
    df, info = read_csv_text(path)
    assert df["a"].tolist() == ["001", "2,5"]
    assert pd.isna(df["b"].iloc[0]) and df["b"].iloc[1] == "x"
    assert info.separator == ";" and info.first_line == 2


def test_read_table_rejects_unknown_table_and_suffix(tmp_path):
    path = _write(tmp_path, "posts.csv", POSTS)
    with pytest.raises(ParameterError):
        read_table(path, "tweets")
    with pytest.raises(ParameterError):
        read_table(_write(tmp_path, "posts.xlsx", b"PK"), "posts")


# ---------------------------------------------------------------------------------------------
# bundled samples
# ---------------------------------------------------------------------------------------------


def test_bundled_samples_load():
    names = sr.list_samples()
    assert len(names) >= 2, names
    seen: set[str] = set()
    for name in names:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = sr.load_sample(name)
        assert ds.posts is not None and len(ds.posts) > 0
        for table, df in ds.tables.items():
            assert len(df) > 0, (name, table)
            assert df.attrs["meta"] == ds.meta
            assert set(TABLES[table].required) <= set(df.columns), (name, table)
        seen |= set(ds.tables)
    # every table of the data model is present in at least one sample (issue 2, item 6)
    assert seen == set(TABLES)


def test_unknown_sample():
    with pytest.raises(ParameterError):
        sr.load_sample("no-such-company")


# ---------------------------------------------------------------------------------------------
# issue 17: datasets without posts, header-only tables, one strict reader
# ---------------------------------------------------------------------------------------------
_HEADERS = {t: ";".join(TABLES[t].required) for t in TABLES}
_HEADERS["market"] += ";sales"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_header_only_table_is_an_error_for_every_table(tmp_path, table):
    # spec: "a table file with a header and no rows is a DataError" (an empty export is a failed download)
    path = _write(tmp_path, f"{table}.csv", _HEADERS[table] + "\n")
    with pytest.raises(DataError, match="no rows") as exc:
        read_table(path, table)
    assert f"{table}.csv" in str(exc.value) and "remove the file" in str(exc.value)
    folder = _dataset(tmp_path, {f"{table}.csv": _HEADERS[table] + "\n"})
    with pytest.raises(DataError, match="no rows"):
        sr.load_dataset(folder)


def test_header_only_parquet_is_an_error_too(tmp_path):
    path = tmp_path / "posts.parquet"
    pd.DataFrame({"post_id": pd.Series([], dtype=str), "platform": pd.Series([], dtype=str),
                  "published_at": pd.Series([], dtype=str)}).to_parquet(path)
    with pytest.raises(DataError, match="no rows"):
        read_table(path, "posts")


@pytest.mark.parametrize("only", ["mentions", "audience"])
def test_dataset_without_posts_loads(tmp_path, only):
    sample = sr.io.sample_path("maison-lumiere")
    folder = _dataset(tmp_path, {f"{only}.csv": (sample / f"{only}.csv").read_bytes()},
                      meta=(sample / "dataset.yml").read_text(encoding="utf-8"))
    ds = sr.load_dataset(folder)
    assert ds.posts is None and list(ds.tables) == [only]
    assert len(ds.tables[only]) == len(pd.read_csv(sample / f"{only}.csv"))
    with pytest.raises(DataError, match="'posts' is needed"):
        ds.require("posts")


def test_loader_decoding_names_line_and_byte(tmp_path):
    # one reader: a file mixing UTF-8 and a Windows-1252 byte is not guessed (the old loader read it all
    # as Windows-1252, turning every UTF-8 accent into mojibake)
    raw = "post_id;platform;published_at;text\n1;x;2025-01-15;Été\n".encode() + b"2;x;2025-01-15;caf\xe9\n"
    with pytest.raises(DataError) as exc:
        _posts(tmp_path, raw)
    assert "line 3" in str(exc.value) and "0xE9" in str(exc.value)
    with pytest.raises(DataError, match=r"line 2, byte \d+ \(0x9D\)"):
        _posts(tmp_path, b"post_id;platform;published_at;text\n1;x;2025-01-15;a\x9db\n")


def test_loader_error_lines_stay_right_after_quoted_line_breaks_and_blank_lines(tmp_path):
    text = ('post_id;platform;published_at;reactions;text\n'
            '1;x;2025-01-15;3;"a\nb\nc"\n'       # lines 2-4
            '\n'                                 # line 5, blank
            '2;x;2025-01-15;zz;t\n'              # line 6
            '3;x;2025-01-15;4;"x\ny"\n'          # lines 7-8
            '4;x;2025-01-15;-1;t\n')             # line 9
    with pytest.raises(DataError) as exc:
        _posts(tmp_path, text)
    msg = str(exc.value)
    assert "line 6" in msg and "'zz'" in msg and "line 9" in msg and "'-1'" in msg
    assert "line 3" not in msg and "line 5" not in msg
