"""Tests of socialroi.importers: one synthetic fixture per export family quirk (built here with
tmp_path: the real files have unknown licences and stay in ../shared), then every real export of
../shared/reference/exports imported and checked against MANIFEST.md row counts and totals
computed independently (csv module / regex over the XML / openpyxl), never from the importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialroi as sr
from socialroi.errors import DataError, ParameterError
from socialroi.importers import families, import_exports, read_export
from socialroi.importers._parse import norm_label

TZ = "Europe/Paris"


# ----------------------------------------------------------------------------- fixture builders
def write_csv(path: Path, rows: list[list[object]], *, encoding: str = "utf-8", delimiter: str = ",",
              preamble: str = "", quoting: int = csv.QUOTE_MINIMAL) -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator="\n").writerows(rows)
    path.write_bytes((preamble + buf.getvalue()).encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def spreadsheetml(sheets: dict[str, list[list[object]]]) -> bytes:
    """A minimal XML Spreadsheet 2003 workbook, as the classic Facebook export writes it."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">']
    for name, rows in sheets.items():
        out.append(f'<Worksheet ss:Name="{name}"><Table>')
        for r in rows:
            out.append("<Row>")
            for v in r:
                if v is None:
                    out.append('<Cell><Data ss:Type="String"></Data></Cell>')
                elif isinstance(v, tuple):  # ("DateTime", "2020-09-22T07:07:36.000")
                    out.append(f'<Cell><Data ss:Type="{v[0]}">{v[1]}</Data></Cell>')
                elif isinstance(v, (int, float)):
                    out.append(f'<Cell><Data ss:Type="Number">{v}</Data></Cell>')
                else:
                    out.append(f'<Cell><Data ss:Type="String">{v}</Data></Cell>')
            out.append("</Row>")
        out.append("</Table></Worksheet>")
    out.append("</Workbook>")
    return "\n".join(out).encode("utf-8")


def _biff_record(rtype: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", rtype, len(data)) + data


def legacy_xls(sheets: dict[str, list[list[object]]]) -> bytes:
    """A minimal legacy ``.xls`` (BIFF8 records in an OLE2 compound file), as LinkedIn exports.

    Cells: ``str`` (LABEL), numbers (NUMBER, General format), ``("date", serial)`` (NUMBER with the
    built-in date format 14, so readers see a typed date). Only what xlrd needs is written.
    """
    def bof(kind: int) -> bytes:
        return _biff_record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))

    def xf(fmt: int) -> bytes:
        return _biff_record(0x00E0, struct.pack("<HHHBBBBIIH", 0, fmt, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))

    bodies = []
    for rows in sheets.values():
        cells = b""
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, tuple):
                    cells += _biff_record(0x0203, struct.pack("<HHHd", r, c, 1, float(v[1])))
                elif isinstance(v, (int, float)):
                    cells += _biff_record(0x0203, struct.pack("<HHHd", r, c, 0, float(v)))
                else:
                    raw = str(v).encode("latin-1")
                    cells += _biff_record(0x0204, struct.pack("<HHHHB", r, c, 0, len(raw), 0) + raw)
        bodies.append(bof(0x0010) + cells + _biff_record(0x000A))
    head = bof(0x0005) + _biff_record(0x0042, struct.pack("<H", 1252)) + xf(0) + xf(14)
    offset = len(head) + sum(12 + len(n.encode("latin-1")) for n in sheets) + 4
    bound = b""
    for name, body in zip(sheets, bodies, strict=True):
        raw = name.encode("latin-1")
        bound += _biff_record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(raw), 0) + raw)
        offset += len(body)
    stream = head + bound + _biff_record(0x000A) + b"".join(bodies)
    stream = stream.ljust(max(4096, len(stream)), b"\x00")  # >= 4096 bytes: no mini stream
    stream += b"\x00" * (-len(stream) % 512)
    n = len(stream) // 512
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [3 + i for i in range(n - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\x00" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
              + struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child) + b"\x00" * 36 + struct.pack("<III", start, size, 0))

    directory = (entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry("Workbook", 2, 0xFFFFFFFF, 2, len(stream))).ljust(512, b"\x00")
    return header + struct.pack("<128I", *fat) + directory + stream


def posts_of(f) -> pd.DataFrame:
    return f.tables["posts"].set_index("post_id")


# ----------------------------------------------------------------------------- helpers
def test_norm_label_folds_case_accents_and_spaces():
    assert norm_label("  Réactions,   commentaires et PARTAGES ") == "reactions, commentaires et partages"
    assert norm_label("\ufeffPost ID") == "post id"
    assert norm_label("J’aime") == "j'aime"


def test_number_parsing_by_hand():
    from socialroi.importers._parse import count, number

    # The importers use socialroi's one number parser, which decides the decimal mark per column (as
    # the dataset loader always did), so each convention has its own column here; every value keeps
    # the number this test expected of it when the importer parsed cell by cell.
    # comma-separated files: "," is a thousands mark unless it is a lone French decimal ("0,25")
    assert number(pd.Series(["1,234", "1.2K", "-", "1777.0", 3]), file="f", column="c").tolist()[:2] == [1234.0, 1200.0]
    assert number(pd.Series(["0,25"]), file="f", column="c").tolist() == [0.25]
    # ";"-separated files: "," is the decimal mark; "1.234" and "1 234,5" carry thousands marks
    assert number(pd.Series(["1.234", "4,5 %", "1\u00a0234,5"]), file="f", column="c", decimal=",").tolist() == [1234.0, 4.5, 1234.5]
    assert number(pd.Series(["0.5"]), file="f", column="c", decimal=",").tolist() == [0.5]
    c = count(pd.Series(["5", "", "n/a", "undefined"]), file="f", column="c")
    assert c[0] == 5 and c[1:].isna().all()  # blanks and markers stay missing, never 0
    with pytest.raises(DataError, match="whole counts"):
        count(pd.Series(["2.5"]), file="f", column="c")


def test_families_table_lists_every_family_with_required_columns():
    fam = families()
    assert {"facebook_classic_posts", "meta_posts_facebook", "meta_posts_instagram", "meta_daily_series",
            "linkedin_posts", "x_tweet_activity", "x_content", "x_account_overview", "youtube_table",
            "youtube_chart", "tiktok_content", "listening_mentions", "uci_facebook_metrics"} <= set(fam["family"])
    assert fam["required"].str.len().gt(0).all()


# ----------------------------------------------------------------------------- Facebook classic
FB_DESC = "Lifetime: The number of times your video was viewed"


def test_facebook_classic_posts_csv_description_row_disambiguates_flipped_duplicates(tmp_path):
    # 2015 CSV vintage: the duplicated "Lifetime Organic Video Views" comes (Total Count) FIRST,
    # the 2020 order is the opposite; only the description row tells them apart.
    header = ["Post ID", "Permalink", "Post Message", "Type", "Posted", "Lifetime Post Total Reach",
              "Lifetime Post Paid Reach", "Lifetime Post Total Impressions", "Lifetime Post Consumptions",
              "Lifetime Organic Video Views", "Lifetime Organic Video Views", "Extra new metric"]
    desc = ["", "", "", "", "", "Lifetime: The number of people who saw it. (Unique Users)",
            "Lifetime: paid. (Unique Users)", "Lifetime: The number of impressions. (Total Count)",
            "Lifetime: clicks. (Total Count)", f"{FB_DESC} (Total Count)", f"{FB_DESC} (Unique Users)",
            "Lifetime: something new (Total Count)"]
    rows = [header, desc,
            ["123_456", "https://fb/1", "Hello, world", "SharedVideo", "2015-07-01 09:30:00", "100", "0", "150", "7", "40", "25", "1"],
            ["123_457", "https://fb/2", "Bye", "Status", "2015-07-02 18:00:00", "80", "5", "", "", "", "", ""]]
    f = read_export(write_csv(tmp_path / "fb_posts.csv", rows), timezone=TZ)
    assert f.families == ["facebook_classic_posts"]
    part = f.parts[0]
    assert part.description_row
    p = posts_of(f)
    assert p.index.tolist() == ["123_456", "123_457"]
    assert p.loc["123_456", "video_views"] == 40          # the (Total Count) column, not the unique 25
    assert p.loc["123_456", "post_type"] == "video"       # SharedVideo
    assert p.loc["123_457", "post_type"] == "text"        # Status
    assert p["is_paid"].tolist() == [False, True]          # paid reach 0 vs 5 > 0
    assert pd.isna(p.loc["123_457", "impressions"])        # blank stays missing, never 0
    # Pacific page time by default: 09:30 PDT = 16:30 UTC = 18:30 Paris (CEST)
    assert p.loc["123_456", "published_at"] == pd.Timestamp("2015-07-01 18:30", tz=TZ)
    assert "Extra new metric (Total Count)" in part.ignored or "Extra new metric" in part.ignored
    # source_timezone override is honoured and stated
    f2 = read_export(tmp_path / "fb_posts.csv", timezone=TZ, source_timezone={"facebook_classic_posts": "Europe/Paris"})
    assert posts_of(f2).loc["123_456", "published_at"] == pd.Timestamp("2015-07-01 09:30", tz=TZ)
    assert "overridden" in f2.parts[0].time_convention


def test_facebook_classic_spreadsheetml_joins_breakdown_sheets(tmp_path):
    key = [["Post ID", "Permalink", "Post Message", "Type", "Posted", "Lifetime Post Total Reach",
            "Lifetime Post Total Impressions", "Lifetime Engaged Users"],
           ["", "", "", "", "", "Lifetime: reach (Unique Users)", "Lifetime: impressions (Total Count)", "Lifetime: engaged (Unique Users)"],
           ["9_1", "u1", "Photo post", "Photo", ("DateTime", "2020-09-22T07:07:36.000"), 640, 699, 111],
           ["9_2", "u2", "Link post", "Link", ("DateTime", "2020-09-21T11:28:46.000"), 151, 160, 5],
           ["9_3", "u3", "Quiet post", "Photo", ("DateTime", "2020-09-20T11:00:00.000"), 10, 12, 0]]
    head = ["Description", "Post ID", "Permalink", "Post Message", "Type", "Posted"]
    stories = [head + ["comment", "share", "like"],  # action-type order differs per file
               ["Lifetime: The number of stories created about your Page post, by action type.", "9_1", "u1", "Photo post", "Photo", ("DateTime", "2020-09-22T07:07:36.000"), 17, 5, 65],
               [None, "9_2", "u2", "Link post", "Link", ("DateTime", "2020-09-21T11:28:46.000"), None, None, 6],
               [None, "9_3", "u3", "Quiet post", "Photo", ("DateTime", "2020-09-20T11:00:00.000"), None, None, None]]
    consumers = [head + ["link clicks", "other clicks"],
                 ["Lifetime: The number of people who clicked anywhere in your post (Unique Users)", "9_1", "u1", "x", "Photo", ("DateTime", "2020-09-22T07:07:36.000"), 8, 32]]
    consumptions = [head + ["link clicks", "other clicks"],
                    ["Lifetime: The number of clicks anywhere in your post, by type", "9_1", "u1", "x", "Photo", ("DateTime", "2020-09-22T07:07:36.000"), 10, 47],
                    [None, "9_2", "u2", "x", "Link", ("DateTime", "2020-09-21T11:28:46.000"), 3, None]]
    path = tmp_path / "Facebook Posts.xls"
    path.write_bytes(spreadsheetml({"Key Metrics": key, "Lifetime Post Stories by act...": stories,
                                    "Lifetime Post Consumers by type": consumers, "Lifetime Post Consumptions b...": consumptions}))
    f = read_export(path, timezone=TZ)
    p = posts_of(f)
    assert len(p) == 3
    assert p.loc["9_1", ["reactions", "comments", "shares", "clicks"]].tolist() == [65, 17, 5, 10]
    # a blank action type in a row with other actions is 0; a row with no action at all stays missing
    assert p.loc["9_2", ["reactions", "comments", "shares"]].tolist() == [6, 0, 0]
    assert p.loc[["9_3"], ["reactions", "comments", "shares"]].isna().all(axis=None)
    assert p.loc["9_2", "clicks"] == 3 and pd.isna(p.loc["9_3", "clicks"])
    assert p.loc["9_1", "reach"] == 640 and p.loc["9_1", "impressions"] == 699
    # the unique-people breakdown is recognised but not mapped (it counts people, not clicks)
    consumers_part = [q for q in f.parts if q.sheet == "Lifetime Post Consumers by type"][0]
    assert consumers_part.frame is None


def test_facebook_classic_page_xlsx_to_audience(tmp_path):
    rows = [["Date", "Lifetime Total Likes", "Daily New Likes", "Daily Unlikes", "Daily Page Engaged Users",
             "Daily Total Reach", "Daily Total Impressions", "Daily Logged-in Page Views", "Daily Logged-in Page Views"],
            [None, "Lifetime: likes (Unique Users)", "Daily: new (Unique Users)", "Daily: unlikes (Unique Users)",
             "Daily: engaged (Unique Users)", "Daily: reach (Unique Users)", "Daily: impr (Total Count)",
             "Daily: Page Views from users logged into Facebook (Unique Users)",
             "Daily: Page Views from users logged into Facebook (Total Count)"],
            [pd.Timestamp("2020-07-01").to_pydatetime(), 3216, None, None, 28, 167, 213, 3, 5],
            [pd.Timestamp("2020-07-02").to_pydatetime(), 3215, None, 1, 7, 260, 300, None, None]]
    f = read_export(write_xlsx(tmp_path / "page.xlsx", {"Key Metrics": rows, "Daily Like Source": [["Date", "x"], [1, 2]]}), timezone=TZ)
    a = f.tables["audience"].set_index("date")
    assert a.index.tolist() == [pd.Timestamp("2020-07-01"), pd.Timestamp("2020-07-02")]
    assert a["followers"].tolist() == [3216, 3215]
    assert a["lost_followers"].isna().tolist() == [True, False]
    assert a.loc["2020-07-01", "profile_visits"] == 5  # the (Total Count) copy of the duplicated name
    assert a["platform"].eq("facebook").all()
    assert len(f.skipped) == 1  # "Daily Like Source" is not a family, listed as skipped


# ----------------------------------------------------------------------------- Meta Business Suite
MBS_FB_HEADER = ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
                 "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
                 "Funded content status", "Data comment", "Date", "Views", "Impressions", "Reach",
                 "Reactions, Comments and Shares", "Reactions", "Comments", "Shares", "Total clicks", "Link Clicks",
                 "Negative feedback from users: Hide all"]


def test_meta_facebook_posts_bom_multiline_lifetime_views_vs_impressions(tmp_path):
    rows = [MBS_FB_HEADER,
            ["1039829308656930_122", "1039829308656930", "Page", "Short", "A caption,\nwith \"quotes\"\nand lines", "0",
             "09/28/2025 18:12", "N/A", "https://fb/p/1", "No", "No", "Photos", "fr", "", "", "", "Lifetime",
             "1200", "900", "800", "57", "50", "4", "3", "40", "12", "0"],
            ["1039829308656930_123", "1039829308656930", "Page", "A much longer title than the description", "Hi",
             "12", "09/03/2025 07:05", "N/A", "https://fb/p/2", "No", "No", "Reels", "fr", "", "", "", "Lifetime",
             "300", "", "250", "6", "5", "1", "0", "4", "", "0"]]
    path = write_csv(tmp_path / "Aug-01-2025_Sep-30-2025_1039829308656930.csv", rows, encoding="utf-8-sig")
    f = read_export(path, timezone=TZ)
    assert f.families == ["meta_posts_facebook"]
    p = posts_of(f)
    assert p.loc["1039829308656930_122", "views"] == 1200
    assert p.loc["1039829308656930_122", "impressions"] == 900     # kept apart, never merged
    assert pd.isna(p.loc["1039829308656930_123", "impressions"])   # blank stays missing
    assert p.loc["1039829308656930_122", "text"] == 'A caption,\nwith "quotes"\nand lines'
    assert p.loc["1039829308656930_123", "text"] == "A much longer title than the description"
    assert p.loc["1039829308656930_122", "clicks"] == 12           # Link Clicks, not Total clicks
    assert p.loc["1039829308656930_122", "all_clicks"] == 40
    assert p.loc["1039829308656930_123", "post_type"] == "reel"
    # MM/DD/YYYY: 09/28 is unambiguous (28 > 12). The export states no zone: naive times are read in
    # Meta's documented default, Pacific time (issue 17: no longer in the dataset zone), and the
    # assumption is named. 18:12 PDT (UTC-7) = 01:12 UTC = 03:12 Paris (CEST) the next day.
    assert p.loc["1039829308656930_122", "published_at"] == pd.Timestamp("2025-09-29 03:12", tz=TZ)
    assert p.loc["1039829308656930_123", "published_at"] == pd.Timestamp("2025-09-03 16:05", tz=TZ)
    tz_note = f.parts[0].assumptions[0]
    assert (tz_note["kind"], tz_note["zone"], tz_note["how"]) == ("timezone", "America/Los_Angeles", "default")
    # source_timezone= overrides it (here: the page's zone is the dataset's)
    g = read_export(path, timezone=TZ, source_timezone="Europe/Paris")
    assert posts_of(g).loc["1039829308656930_122", "published_at"] == pd.Timestamp("2025-09-28 18:12", tz=TZ)
    assert posts_of(g).loc["1039829308656930_123", "published_at"] == pd.Timestamp("2025-09-03 07:05", tz=TZ)
    assert g.parts[0].assumptions[0]["how"] == "override"
    assert any("month first" in n and "exceeds 12" in n for n in f.parts[0].notes)
    # the export date is taken from the file name (last date): Sep-30-2025
    assert f.snapshot_at == pd.Timestamp("2025-09-30", tz=TZ)
    assert (f.tables["posts"]["snapshot_at"] == f.snapshot_at).all()
    assert "Date" in f.parts[0].mapping and "not used" in f.parts[0].mapping["Date"]


def test_meta_french_labels_ambiguous_day_month_resolved_by_rule_and_reported(tmp_path):
    rows = [["Identifiant de la publication", "ID de la Page", "Titre", "Heure de publication", "Type de publication",
             "Date", "Vues", "Couverture", "Réactions, commentaires et partages", "Réactions", "Commentaires", "Partages"],
            ["77_1", "77", "Bonjour", "03/06/2025 10:00", "Vidéos", "Lifetime", "1 234", "1 000", "12", "10", "1", "1"],
            ["77_2", "77", "Salut", "04/06/2025 11:30", "Photos", "Lifetime", "56", "50", "3", "3", "0", "0"]]
    f = read_export(write_csv(tmp_path / "export.csv", rows, delimiter=";", encoding="cp1252"), timezone=TZ)
    p = posts_of(f)
    assert f.families == ["meta_posts_facebook"]
    # no field exceeds 12: French labels → day first (03/06 = 3 June), stated as an ambiguous rule;
    # the time is read in Meta's default zone (Pacific: 10:00 PDT = 19:00 Paris), named in the report
    assert p.loc["77_1", "published_at"] == pd.Timestamp("2025-06-03 19:00", tz=TZ)
    assert any("AMBIGUOUS" in w and "French" in w for w in f.parts[0].warnings)
    # the user can overrule the rule for ambiguous dates, and the zone
    g = read_export(tmp_path / "export.csv", timezone=TZ, date_order="mdy", source_timezone="Europe/Paris")
    assert posts_of(g).loc["77_1", "published_at"] == pd.Timestamp("2025-03-06 10:00", tz=TZ)
    assert any("date_order argument" in w for w in g.parts[0].warnings)
    with pytest.raises(ParameterError):
        read_export(tmp_path / "export.csv", date_order="ymd")
    assert p.loc["77_1", "views"] == 1234            # thousands separated by a space
    assert p.loc["77_1", "post_type"] == "video"     # Vidéos, read from cp1252


def test_meta_instagram_posts(tmp_path):
    rows = [["Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
             "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes",
             "Shares", "Follows", "Comments", "Saves"],
            ["18367425319140082", "1784", "brand", "Brand", "Reel!", "46", "01/07/2025 06:30", "https://ig/1", "IG reel",
             "", "Lifetime", "3093", "2325", "69", "19", "1", "2", "3"],
            ["18041834792057218", "1784", "brand", "Brand", "Carousel", "0", "01/13/2025 16:24", "https://ig/2",
             "IG carousel", "", "Lifetime", "1648", "925", "95", "2", "0", "3", "2"]]
    f = read_export(write_csv(tmp_path / "ig.csv", rows, encoding="utf-8-sig"), timezone=TZ)
    p = posts_of(f)
    assert f.families == ["meta_posts_instagram"]
    assert p.index.tolist() == ["18367425319140082", "18041834792057218"]  # 17 digits kept exactly, as text
    assert p.loc["18367425319140082", ["reactions", "saves", "views", "reach"]].tolist() == [69, 3, 3093, 2325]
    # Pacific by default (16:24 PST = 01:24 Paris the next day); the page's zone when given
    assert p.loc["18041834792057218", "published_at"] == pd.Timestamp("2025-01-14 01:24", tz=TZ)
    g = read_export(tmp_path / "ig.csv", timezone=TZ, source_timezone={"meta_posts_instagram": "Europe/Paris"})
    assert posts_of(g).loc["18041834792057218", "published_at"] == pd.Timestamp("2025-01-13 16:24", tz=TZ)
    assert p["platform"].eq("instagram").all()
    assert pd.isna(p.loc["18367425319140082", "impressions"])  # the Views era has no impressions


def test_meta_daily_series_utf16_sep_line(tmp_path):
    text = 'sep=,\n"Instagram follows"\n"Date","Primary"\n"2025-08-01T00:00:00","20"\n"2025-08-02T00:00:00","7"\n'
    (tmp_path / "Follows.csv").write_bytes(text.encode("utf-16"))
    text2 = 'sep=,\n"Facebook visits"\n"Date","Primary"\n"2025-08-01T00:00:00","3"\n'
    (tmp_path / "Visits.csv").write_bytes(text2.encode("utf-16"))
    f = read_export(tmp_path / "Follows.csv", timezone=TZ)
    a = f.tables["audience"]
    assert f.families == ["meta_daily_series"]
    assert a["platform"].tolist() == ["instagram", "instagram"]
    assert a["new_followers"].tolist() == [20, 7]
    assert a["date"].tolist() == [pd.Timestamp("2025-08-01"), pd.Timestamp("2025-08-02")]
    assert any("sep=," in n for n in f.parts[0].notes)
    a2 = read_export(tmp_path / "Visits.csv", timezone=TZ).tables["audience"]
    assert a2["platform"].tolist() == ["facebook"] and a2["profile_visits"].tolist() == [3]


# ----------------------------------------------------------------------------- LinkedIn
def test_linkedin_workbook_description_rows_serial_and_text_dates(tmp_path):
    desc_upd = "Aggregated engagement metrics for your organic and sponsored updates over time. All dates and times are in UTC."
    desc_eng = "Engagement metrics for individual updates. Created date indicates when your update was created. All dates and times are in UTC."
    sheets = {
        "Visitor metrics": [["Date", "Overview page views (total)", "Total page views (total)", "Total unique visitors (total)"],
                            ["04/01/2020", 0, 1, 1], ["04/13/2020", 2, 3, 2]],
        "Location": [["Location", "Total views"], ["Paris", 4]],
        "Update metrics (aggregated)": [[desc_upd] + [None] * 4,
                                        ["Date", "Impressions (organic)", "Impressions (total)", "Unique impressions (organic)", "Clicks (total)"],
                                        ["04/01/2020", 10, 12, 8, 1], ["04/13/2020", 32, 32, 13, 3]],
        "Update Engagement": [[desc_eng] + [None] * 10,
                              ["Update title", "Update link", "Update type", "Campaign name", "Posted by", "Created date",
                               "Impressions", "Video views", "Clicks", "Likes", "Comments", "Shares"],
                              ["Post A", "https://www.linkedin.com/feed/update/urn:li:activity:6682292579746279424", "Organic", None,
                               "Jane Doe", 44008, 98, None, 1, 2, 0, 0],
                              ["Post B", "https://www.linkedin.com/feed/update/urn:li:ugcPost:6681940950945669120", "Sponsored", "Spring",
                               "Jane Doe", "06/25/2020", 298, 40, 6, 18, 0, 3]],
    }
    f = read_export(write_xlsx(tmp_path / "nplf_content_1593000000.xlsx", sheets), timezone=TZ)
    assert sorted(f.families) == ["linkedin_content_daily", "linkedin_posts", "linkedin_visitors"]
    # the export time is the epoch in LinkedIn's file name: 1593000000 s = 2020-06-24 12:00 UTC = 14:00 Paris
    assert f.snapshot_at == pd.Timestamp("2020-06-24 14:00", tz=TZ)
    p = posts_of(f)
    assert p.index.tolist() == ["6682292579746279424", "6681940950945669120"]
    # Excel serial 44008 = 2020-06-26 (1900 system: 44008 days after 1899-12-30); date only → day kept
    assert p.loc["6682292579746279424", "published_at"] == pd.Timestamp("2020-06-26", tz=TZ)
    assert p.loc["6681940950945669120", "published_at"] == pd.Timestamp("2020-06-25", tz=TZ)
    assert bool(p.loc["6681940950945669120", "is_paid"]) and p.loc["6681940950945669120", "campaign"] == "Spring"
    assert pd.isna(p.loc["6682292579746279424", "video_views"])
    assert "Jane Doe" not in f.tables["posts"].to_csv()  # "Posted by" is personal data: dropped
    a = f.tables["audience"].set_index("date")
    # visitor and update sheets combine on the same day; 04/13 proves month-first
    assert a.loc[pd.Timestamp("2020-04-13"), ["profile_visits", "impressions", "reach"]].tolist() == [3, 32, 13]
    assert len(a) == 2


def test_linkedin_legacy_biff_xls(tmp_path):
    desc = "Engagement metrics for individual updates. All dates and times are in UTC."
    book = legacy_xls({
        "Update Engagement": [[desc],
                              ["Update title", "Update link", "Update type", "Posted by", "Created date", "Impressions", "Likes", "Comments", "Shares"],
                              ["Legacy post", "https://www.linkedin.com/feed/update/urn:li:activity:111", "Organic", "Someone", ("date", 44008), 98, 2, 0, 0],
                              ["Text-dated", "https://www.linkedin.com/feed/update/urn:li:activity:222", "Organic", "Someone", "06/05/2020", 40, 1, 1, 0]],
        "Visitor metrics": [["Date", "Total page views (total)"], ["04/01/2020", 1], ["04/02/2020", 2]],
    })
    path = tmp_path / "nplf_content_legacy.xls"
    path.write_bytes(book)
    f = read_export(path, timezone=TZ)
    assert sorted(f.families) == ["linkedin_posts", "linkedin_visitors"]
    assert any("legacy BIFF" in n for n in f.parts[0].notes)
    p = posts_of(f)
    # a typed date cell (serial 44008 with a date format) = 2020-06-26; the text date is month first
    assert p.loc["111", "published_at"] == pd.Timestamp("2020-06-26", tz=TZ)
    assert p.loc["222", "published_at"] == pd.Timestamp("2020-06-05", tz=TZ)
    assert p.loc["111", ["impressions", "reactions"]].tolist() == [98, 2]
    assert f.tables["audience"]["profile_visits"].tolist() == [1, 2]


# ----------------------------------------------------------------------------- X / Twitter
LEGACY = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements", "engagement rate",
          "retweets", "replies", "favorites", "user profile clicks", "url clicks", "hashtag clicks", "detail expands",
          "media views", "promoted impressions", "promoted engagements"]


def test_x_legacy_tweet_activity_utc_float_counts_dashes_and_2015_favorites(tmp_path):
    rows = [LEGACY,
            ["812369747765362688", "https://twitter.com/x/status/1", "New pkg &amp; more\nsecond line", "2016-12-23 18:50 +0000",
             "1938.0", "18.0", "0.0093", "0.0", "0.0", "1.0", "0.0", "15.0", "0.0", "2.0", "0", "-", "-"],
            ["812341199767863296", "https://twitter.com/x/status/2", "Promoted", "2016-06-30 23:30 +0000",
             "500.0", "10.0", "0.02", "2.0", "1.0", "5.0", "1.0", "1.0", "0.0", "0.0", "0", "300", "4"]]
    f = read_export(write_csv(tmp_path / "tweet_activity_metrics_x_20161201_20170101_en.csv", rows, quoting=csv.QUOTE_ALL), timezone=TZ)
    p = posts_of(f)
    assert p.loc["812369747765362688", "text"] == "New pkg & more\nsecond line"  # entity decoded, newline kept
    assert f.families == ["x_tweet_activity"]
    assert p.loc["812369747765362688", ["impressions", "reactions", "clicks"]].tolist() == [1938, 1, 15]
    # explicit +0000: 18:50 UTC = 19:50 Paris (winter); 23:30 UTC on 30 June = 01:30 Paris on 1 July
    assert p.loc["812369747765362688", "published_at"] == pd.Timestamp("2016-12-23 19:50", tz=TZ)
    assert p.loc["812341199767863296", "published_at"] == pd.Timestamp("2016-07-01 01:30", tz=TZ)
    assert p["is_paid"].tolist() == [False, True]
    assert f.snapshot_at == pd.Timestamp("2017-01-01", tz=TZ)


def test_x_content_2026_variant_plural_headers_quoted_dates_and_thousands(tmp_path):
    rows = [["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements", "Bookmarks", "Shares",
             "New follows", "Replies", "Reposts", "Profile visits", "Detail Expands", "URL Clicks"],
            ["1891564128784855141", "Tue, Jul 14, 2026", "Olá, mundo", "https://x.com/a/status/1", "1,234", "30", "45", "2",
             "1", "0", "3", "4", "5", "6", "7"]]
    f = read_export(write_csv(tmp_path / "account_analytics_content_2026-07-01_2026-07-20.csv", rows), timezone=TZ)
    p = posts_of(f)
    assert f.families == ["x_content"]
    row = p.loc["1891564128784855141"]
    assert row["impressions"] == 1234
    assert [row["shares"], row["send_shares"], row["saves"], row["clicks"]] == [4, 1, 2, 7]
    assert row["published_at"] == pd.Timestamp("2026-07-14", tz=TZ)  # day only: calendar day kept at 00:00
    assert f.snapshot_at == pd.Timestamp("2026-07-20", tz=TZ)


def test_x_account_overview_newest_first(tmp_path):
    rows = [["Date", "Impressions", "Likes", "Engagements", "Bookmarks", "Shares", "New follows", "Unfollows", "Replies",
             "Reposts", "Profile visits", "Create Post", "Video views", "Media views"],
            ["Tue, Feb 18, 2025", "62", "0", "3", "0", "0", "1", "0", "0", "0", "1", "0", "0", "0"],
            ["Mon, Feb 17, 2025", "426", "18", "49", "1", "0", "2", "1", "1", "2", "4", "2", "0", "0"]]
    a = read_export(write_csv(tmp_path / "account_overview_analytics.csv", rows), timezone=TZ).tables["audience"].set_index("date")
    assert a.loc[pd.Timestamp("2025-02-17"), ["new_followers", "lost_followers", "impressions", "profile_visits", "posts_published"]].tolist() == [2, 1, 426, 4, 2]
    assert "followers" not in a.columns  # no follower stock in this export: never invented


def test_x_legacy_activity_by_day(tmp_path):
    rows = [["Date", "Tweets published", "impressions", "engagements", "follows", "user profile clicks", "media views"],
            ["2021-11-01", "3", "1500", "40", "2", "6", "0"], ["2021-11-02", "0", "900", "12", "", "1", "0"]]
    f = read_export(write_csv(tmp_path / "daily_tweet_activity_metrics_x_20211101_20211201_en.csv", rows), timezone=TZ)
    a = f.tables["audience"]
    assert f.families == ["x_tweet_activity_daily"]
    assert a["impressions"].tolist() == [1500, 900] and a["posts_published"].tolist() == [3, 0]
    assert a["new_followers"].isna().tolist() == [False, True]


# ----------------------------------------------------------------------------- YouTube
def test_youtube_table_drops_total_strips_ids_french_labels(tmp_path):
    rows = [["Contenu", "Titre de la vidéo", "Heure de publication de la vidéo", "Durée", "Vues", "Durée de visionnage (heures)",
             "Abonnés", "Impressions", "Taux de clics par impression (%)"],
            ["Total", "", "", "", "181588", "243.645", "97", "50929", "1.68"],
            [" -i5vAKwX_bY", "Short #1", "Aug 28, 2025", "9", "30331", "45.8772", "14", "456", "3.51"],
            ["bCDnDtsTHAk", "Short #2", "Aug 29, 2025", "15", "5051", "10.236", "-3", "316", "4.75"]]
    f = read_export(write_csv(tmp_path / "Données du tableau.csv", rows), timezone=TZ)
    p = posts_of(f)
    assert f.families == ["youtube_table"]
    assert p.index.tolist() == ["-i5vAKwX_bY", "bCDnDtsTHAk"]  # Total dropped, leading space stripped
    assert p.loc["-i5vAKwX_bY", "video_views"] == 30331
    assert p.loc["bCDnDtsTHAk", "subscribers_net"] == -3  # net subscribers can be negative: extra column
    assert p.loc["-i5vAKwX_bY", "published_at"] == pd.Timestamp("2025-08-28", tz=TZ)


def test_youtube_chart_and_table_same_video_keeps_the_row_with_metrics(tmp_path):
    (tmp_path / "in").mkdir()
    write_csv(tmp_path / "in" / "Table data.csv", [["Content", "Video title", "Video publish time", "Duration", "Views"],
                                                   ["Total", "", "", "", "10"], ["abc", "T", "Sep 29, 2025", "5", "10"]])
    write_csv(tmp_path / "in" / "Chart data.csv", [["Date", "Content", "Video title", "Video publish time", "Duration", "Views"],
                                                   ["2025-10-01", "abc", "T", "Sep 29, 2025", "5", "4"],
                                                   ["2025-10-02", "abc", "T", "Sep 29, 2025", "5", "6"]])
    rep = import_exports(tmp_path / "in", tmp_path / "out", timezone=TZ, name="yt")
    posts = rep.tables["posts"]
    assert len(posts) == 1 and posts["video_views"].iloc[0] == 10
    assert posts["source_family"].iloc[0] == "youtube_table"


# ----------------------------------------------------------------------------- TikTok
def test_tiktok_content_yearless_localized_dates_roll_back_over_new_year(tmp_path):
    # realistic video ids: a TikTok id starts with the Unix time of posting (id >> 32), here
    # 2025-12-28 09:00, 2026-01-02 18:30 and 2026-01-03 12:00 UTC (the fixture's ids used to be
    # arbitrary numbers; the importer now reads the year of "28 December" from them)
    rows = [["Time", "Video title", "Video link", "Post time", "Total likes", "Total comments", "Total shares", "Total views"],
            ["2026-01-05", "Vidéo, avec virgule", "https://www.tiktok.com/@b/video/7588830973020327189", "28 December", "5,431", "3", "1", "12000"],
            ["2026-01-05", "Clip", "https://www.tiktok.com/@b/video/7590833286773722389", "2 janvier", "10", "0", "0", "100"],
            ["2026-01-05", "Clip 2", "https://www.tiktok.com/@b/video/7591103869713370389", "1月3日", "1", "0", "0", "9"]]
    f = read_export(write_csv(tmp_path / "Content.csv", rows, quoting=csv.QUOTE_ALL, encoding="utf-8-sig"), timezone=TZ)
    p = posts_of(f)
    assert f.families == ["tiktok_content"]
    assert p.loc["7588830973020327189", "published_at"] == pd.Timestamp("2025-12-28", tz=TZ)  # rolled back
    assert p.loc["7590833286773722389", "published_at"] == pd.Timestamp("2026-01-02", tz=TZ)
    assert p.loc["7591103869713370389", "published_at"] == pd.Timestamp("2026-01-03", tz=TZ)
    assert p.loc["7588830973020327189", "reactions"] == 5431
    assert f.snapshot_at == pd.Timestamp("2026-01-05", tz=TZ)  # the as-of column
    assert "reach" not in p.columns and "impressions" not in p.columns  # absent from the export: not invented


def test_tiktok_daily_files(tmp_path):
    f = read_export(write_csv(tmp_path / "FollowerHistory.csv", [["Date", "Followers", "Difference in followers from previous day"],
                                                                  ["2025-03-01", "1000", "5"], ["2025-03-02", "998", "-2"]]), timezone=TZ)
    a = f.tables["audience"]
    assert a["platform"].eq("tiktok").all() and a["followers"].tolist() == [1000, 998]
    assert a["followers_change"].tolist() == [5, -2]
    g = read_export(write_csv(tmp_path / "Overview.csv", [["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"],
                                                          ["2025-03-01", "400", "12", "30", "2", "1"],
                                                          ["2025-03-02", "300", "9", "20", "1", "0", "stray"]]), timezone=TZ)
    assert g.tables["audience"]["profile_visits"].tolist() == [12, 9]
    assert any("more cells than the header" in w and "[3]" in w for w in g.parts[0].warnings)


def test_viewers_file_platform_from_date_style(tmp_path):
    head = ["Date", "Total Viewers", "New Viewers", "Returning Viewers"]
    # (a TikTok file alone gives no year: the download date is given here, see test_tiktok_year_*)
    tik = read_export(write_csv(tmp_path / "Viewers.csv", [head, ["18 January", "50", "30", "20"]]), timezone=TZ,
                      end_date="2026-01-19")
    assert tik.tables["audience"]["platform"].tolist() == ["tiktok"] and tik.tables["audience"]["reach"].tolist() == [50]
    meta = read_export(write_csv(tmp_path / "Viewers2.csv", [head, ["2025-08-01", "40", "undefined", "10"]]), timezone=TZ)
    a = meta.tables["audience"]
    assert a["platform"].tolist() == ["facebook"] and pd.isna(a["new_viewers"].iloc[0])  # "undefined" = missing
    assert any("assumed facebook" in w for w in meta.parts[0].warnings)


# ----------------------------------------------------------------------------- listening
def test_listening_brandwatch_metadata_rows_and_talkwalker_epoch(tmp_path):
    pre = [["Report:", "Mentions export"], ["Brand:", "Maison"], ["From:", "2025-01-01"], ["To:", "2025-01-31"],
           ["Generated:", "2025-02-01"], []]
    bw = pre + [["Query Id", "Query Name", "Date", "Title", "Url", "Domain", "Sentiment", "Page Type", "Author", "Full Text", "Reach", "Mention Id"],
                ["1", "Maison", "2025-01-03 10:15:00.0", "t", "https://x.com/1", "x.com", "positive", "twitter", "@someone", "love it", "1200", "m1"],
                ["1", "Rival", "2025-01-04 23:30:00.0", "t", "https://fb.com/2", "fb.com", "NEGATIVE", "facebook", "@other", "meh", "", "m2"]]
    f = read_export(write_csv(tmp_path / "brandwatch.csv", bw), timezone=TZ)
    m = f.tables["mentions"].set_index("mention_id")
    assert f.families == ["listening_mentions"] and f.parts[0].header_row == 7
    assert m.loc["m1", ["brand", "sentiment", "platform", "reach"]].tolist() == ["Maison", "positive", "x", 1200]
    assert pd.isna(m.loc["m2", "reach"])
    # naive listening times are read as UTC: 23:30 UTC on 4 Jan = 00:30 Paris on 5 Jan
    assert m.loc["m2", "timestamp"] == pd.Timestamp("2025-01-05 00:30", tz=TZ)
    assert "@someone" not in f.tables["mentions"].to_csv()  # authors are personal data: dropped
    tw = [["published", "url", "title", "content", "lang", "source_type", "sentiment", "reach", "engagement", "topic"],
          ["1735725600000", "https://a/1", "t", "c", "fr", "ONLINENEWS", "5", "10", "1", "Maison"],
          ["1735729200000", "https://a/2", "t", "c", "fr", "BLOG", "-3", "20", "0", "Rival"]]
    g = read_export(write_csv(tmp_path / "talkwalker.csv", tw), timezone=TZ)
    m2 = g.tables["mentions"]
    assert m2["timestamp"].tolist() == [pd.Timestamp("2025-01-01 11:00", tz=TZ), pd.Timestamp("2025-01-01 12:00", tz=TZ)]
    assert m2["sentiment"].tolist() == ["positive", "negative"]  # -5..5 scores turned into labels by sign


def test_listening_meltwater_utf16_tabs_date_plus_time(tmp_path):
    text = ("Date\tTime\tDocument ID\tInput Name\tSource Type\tAuthor Handle\tHit Sentence\tSentiment\tReach\n"
            "18-Feb-2025\t09:15 AM\td1\tMaison\tTwitter\t@a\tnice\tPositive\t1,200\n"
            "18-Feb-2025\t11:40 PM\td2\tRival\tNews\t@b\tbad\tNegative\t\n")
    (tmp_path / "meltwater.csv").write_bytes(text.encode("utf-16"))
    m = read_export(tmp_path / "meltwater.csv", timezone=TZ).tables["mentions"].set_index("mention_id")
    # UTC by default: 09:15 AM → 10:15 Paris; 11:40 PM on the 18th → 00:40 Paris on the 19th
    assert m["timestamp"].tolist() == [pd.Timestamp("2025-02-18 10:15", tz=TZ), pd.Timestamp("2025-02-19 00:40", tz=TZ)]
    assert m.loc["d1", ["brand", "platform", "sentiment", "reach"]].tolist() == ["Maison", "x", "positive", 1200]


# ----------------------------------------------------------------------------- errors, zip, folder
def test_unrecognised_file_lists_closest_families_and_missing_columns(tmp_path):
    path = write_csv(tmp_path / "mystery.csv", [["Post ID", "Publish time", "Colour"], ["1", "01/01/2025 10:00", "red"]])
    with pytest.raises(DataError) as exc:
        read_export(path)
    msg = str(exc.value)
    assert "no export family recognises" in msg and "meta_posts_facebook" in msg and "Reactions" in msg


def test_unreadable_count_names_file_column_and_row(tmp_path):
    rows = [["Post id", "Date", "Post text", "Impressions", "Likes"], ["1", "Mon Feb 17 2025", "x", "12", "lots"]]
    with pytest.raises(DataError) as exc:
        read_export(write_csv(tmp_path / "bad.csv", rows))
    assert "Likes" in str(exc.value) and "lots" in str(exc.value) and "bad.csv" in str(exc.value)


def test_zip_of_exports_and_bad_parameters(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Table data.csv", "Content,Video title,Video publish time,Views\nTotal,,,5\nabc,T,\"Aug 28, 2025\",5\n")
        zf.writestr("notes.txt", "not an export")  # .txt is read as text but it is not a family: skipped inside a zip
    (tmp_path / "yt.zip").write_bytes(buf.getvalue())
    f = read_export(tmp_path / "yt.zip")
    assert f.tables["posts"]["post_id"].tolist() == ["abc"]
    with pytest.raises(ParameterError):
        read_export(tmp_path / "yt.zip", timezone="Mars/Olympus")


def test_same_post_in_two_exports_keeps_latest_snapshot_and_says_so(tmp_path):
    src = tmp_path / "exports"
    src.mkdir()
    head = ["Post id", "Date", "Post text", "Impressions", "Likes"]
    write_csv(src / "account_analytics_content_2025-01-01_2025-01-31.csv", [head, ["42", "Mon Jan 20 2025", "hi", "100", "5"]])
    write_csv(src / "account_analytics_content_2025-01-01_2025-02-28.csv", [head, ["42", "Mon Jan 20 2025", "hi", "180", "9"],
                                                                             ["43", "Mon Feb 10 2025", "yo", "50", "1"]])
    rep = import_exports(src, tmp_path / "ds", timezone=TZ, name="Client", brand="Client")
    p = rep.tables["posts"].set_index("post_id")
    assert p.loc["42", ["impressions", "reactions"]].tolist() == [180, 9]
    assert p.loc["42", "snapshot_at"] == pd.Timestamp("2025-02-28", tz=TZ)
    md = (tmp_path / "ds" / "import_report.md").read_text(encoding="utf-8")
    assert "appear in several exports" in md and "latest" in md
    ds = sr.load_dataset(tmp_path / "ds")
    assert ds.meta["timezone"] == TZ and len(ds.posts) == 2


def test_overlapping_daily_exports_latest_export_wins(tmp_path):
    import os

    src = tmp_path / "exports"
    src.mkdir()
    head = ["Date", "Impressions", "New follows", "Unfollows"]
    old = write_csv(src / "b_overview.csv", [head, ["Tue, Feb 18, 2025", "60", "1", "0"], ["Mon, Feb 17, 2025", "400", "2", "0"]])
    new = write_csv(src / "a_overview.csv", [head, ["Wed, Feb 19, 2025", "10", "0", "0"], ["Tue, Feb 18, 2025", "62", "1", "0"]])
    os.utime(old, (1_740_000_000, 1_740_000_000))  # 2025-02-19 21:20 UTC
    os.utime(new, (1_740_100_000, 1_740_100_000))  # a day later: the later export (name sorts first on purpose)
    write_csv(src / "posts.csv", [["Post id", "Date", "Post text", "Impressions"], ["1", "Mon Feb 17 2025", "x", "3"]])
    rep = import_exports(src, tmp_path / "ds", timezone=TZ)
    a = rep.tables["audience"].set_index("date")
    assert a["impressions"].tolist() == [400, 62, 10]  # 17 Feb only in the old file; 18 Feb from the latest
    assert any("latest export" in n for n in rep.merge_notes)


def test_folder_with_unrecognised_file_skips_with_warning_or_raises(tmp_path):
    # issue 17: an unknown file is skipped with a warning, never a failure of the folder (it used to
    # fail by default); on_unrecognised="raise" keeps the strict behaviour
    src = tmp_path / "exports"
    src.mkdir()
    write_csv(src / "ok.csv", [["Post id", "Date", "Post text", "Impressions"], ["1", "Mon Feb 17 2025", "x", "3"]])
    write_csv(src / "junk.csv", [["a", "b"], ["1", "2"]])
    (src / "README.md").write_text("notes")
    with pytest.raises(DataError, match="junk.csv"):
        import_exports(src, tmp_path / "out1", on_unrecognised="raise")
    assert not (tmp_path / "out1").exists()  # nothing written when the import fails
    rep = import_exports(src, tmp_path / "out2")
    assert any("junk.csv" in s for s in rep.skipped) and any("README.md" in s for s in rep.skipped)
    assert any("junk.csv" in w and "skipped" in w for w in rep.warnings)
    assert "junk.csv" in (tmp_path / "out2" / "import_report.md").read_text(encoding="utf-8")
    assert len(rep.tables["posts"]) == 1


def test_fixture_folder_writes_valid_dataset_and_is_idempotent(tmp_path):
    src = tmp_path / "exports"
    src.mkdir()
    write_csv(src / "tweets.csv", [LEGACY, ["1", "u", "t", "2021-11-30 16:00 +0000", "10.0", "1.0", "0.1", "0.0", "0.0",
                                            "1.0", "0.0", "0.0", "0.0", "0.0", "0", "-", "-"]], quoting=csv.QUOTE_ALL)
    write_csv(src / "overview.csv", [["Date", "Impressions", "New follows", "Unfollows"], ["Tue, Feb 18, 2025", "62", "1", "0"]])
    write_csv(src / "mentions.csv", [["Date", "Brand", "Sentiment", "Source", "Reach"], ["2025-02-18", "Client", "positive", "Instagram", "10"],
                                     ["2025-02-18", "Rival", "négatif", "Twitter", "5"]])
    rep1 = import_exports(src, tmp_path / "a", timezone=TZ, name="Client")
    first = {t: (tmp_path / "a" / t).read_bytes() for t in ("posts.csv", "audience.csv", "mentions.csv", "dataset.yml")}
    rep2 = import_exports(src, tmp_path / "a", timezone=TZ, name="Client")  # again, over the same folder
    import_exports(src, tmp_path / "b", timezone=TZ, name="Client")         # and into a fresh one
    for t, content in first.items():
        assert (tmp_path / "a" / t).read_bytes() == content
        assert (tmp_path / "b" / t).read_bytes() == content
    assert set(rep1.tables) == {"posts", "audience", "mentions"}
    for t in rep1.tables:
        pd.testing.assert_frame_equal(rep1.tables[t], rep2.tables[t])
    ds = sr.load_dataset(tmp_path / "a")
    assert ds.meta["competitors"] == ["Rival"] and ds.meta["brand"] == "Client"
    assert ds.mentions["sentiment"].tolist() == ["positive", "negative"]
    assert str(ds.posts["published_at"].dt.tz) == TZ
    assert ds.posts["post_id"].tolist() == ["1"]
    assert set(pd.read_csv(tmp_path / "a" / "posts.csv", dtype=str).columns) >= {"snapshot_at", "source_file", "source_family"}
    assert "# Import report" in rep1.to_markdown()


# ----------------------------------------------------------------------------- the real exports
def _manifest_rows(ref: Path) -> dict[str, str]:
    rows = {}
    for line in (ref / "exports" / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 7 and cells[2].startswith("`"):
            rows[cells[2].strip("`")] = cells[6]
    return rows


_REAL: dict[str, tuple] = {}


@pytest.fixture
def real_import(reference_dir, tmp_path_factory):
    """Import ../shared/reference/exports twice (once per test session: the result is cached)."""
    key = str(reference_dir)
    if key not in _REAL:
        out = tmp_path_factory.mktemp("real")
        rep = import_exports(reference_dir / "exports", out / "ds", timezone=TZ, name="Reference")
        rep2 = import_exports(reference_dir / "exports", out / "ds2", timezone=TZ, name="Reference")
        _REAL[key] = (reference_dir, out, rep, rep2)
    return _REAL[key]


def _part(rep, path: str, sheet: str | None = None):
    f = next(f for f in rep.files if f.path == path)
    return next(p for p in f.parts if sheet is None or p.sheet == sheet)


def _rows(rep, path: str) -> pd.DataFrame:
    posts = rep.tables["posts"]
    return posts[posts["source_file"] == path]


@pytest.mark.reference
def test_real_exports_row_counts_match_manifest(real_import):
    ref, _out, rep, _ = real_import
    manifest = _manifest_rows(ref)
    # MANIFEST.md "Rows" column: "500 + header", "1 Total + 442 videos", "63 posts", ...
    assert manifest["uci_facebook_metrics/dataset_Facebook.csv"].startswith("500")
    assert _part(rep, "uci_facebook_metrics/dataset_Facebook.csv").rows_out == 500
    assert manifest["x_twitter/tweet_activity_metrics_rOpenSci_20161201_20170101_en.csv"].startswith("37")
    assert _part(rep, "x_twitter/tweet_activity_metrics_rOpenSci_20161201_20170101_en.csv").rows_out == 37
    assert manifest["x_twitter/tweet_activity_metrics_rOpenSci_20211101_20211201_en.csv"].startswith("33")
    assert _part(rep, "x_twitter/tweet_activity_metrics_rOpenSci_20211101_20211201_en.csv").rows_out == 33
    assert manifest["x_twitter/account_analytics_content_2024-11-21_2025-02-19.csv"].startswith("141")
    assert _part(rep, "x_twitter/account_analytics_content_2024-11-21_2025-02-19.csv").rows_out == 141
    assert manifest["x_twitter/account_overview_analytics.csv"].startswith("50 days")
    assert _part(rep, "x_twitter/account_overview_analytics.csv").rows_out == 50
    assert "63 posts" in manifest["facebook/Facebook Posts Q2.xls"]
    assert _part(rep, "facebook/Facebook Posts Q2.xls", "Key Metrics").rows_out == 63
    assert "86 days" in manifest["facebook/Facebook Page Q2.xlsx"]
    assert _part(rep, "facebook/Facebook Page Q2.xlsx", "Key Metrics").rows_out == 86
    li = manifest["linkedin/NPLF_LinkedIn_2020Q2_page_export_DERIVED_redacted.xlsx"]
    assert "Visitor metrics 91 days" in li and "Update Engagement 10 posts" in li
    lpath = "linkedin/NPLF_LinkedIn_2020Q2_page_export_DERIVED_redacted.xlsx"
    assert _part(rep, lpath, "Visitor metrics").rows_out == 91
    assert _part(rep, lpath, "Update metrics (aggregated)").rows_out == 91
    assert _part(rep, lpath, "Update Engagement").rows_out == 10
    assert manifest["instagram/instagram-jan-jun2025.csv"].startswith("62")
    assert _part(rep, "instagram/instagram-jan-jun2025.csv").rows_out == 62
    assert "442 videos" in manifest["youtube/Table data.csv"]
    assert _part(rep, "youtube/Table data.csv").rows_out == 442
    assert manifest["youtube/Chart data.csv"].startswith("1,825")
    chart = _part(rep, "youtube/Chart data.csv")
    assert chart.rows_read == 1825 and chart.rows_out == 5  # 5 videos × 365 days
    # every post survives into posts.csv except the 5 chart rows superseded by Table data
    assert len(rep.tables["posts"]) == 500 + 37 + 33 + 141 + 63 + 10 + 62 + 442
    assert rep.skipped == ["FORMATS.md: not a spreadsheet, CSV or zip", "MANIFEST.md: not a spreadsheet, CSV or zip"]


@pytest.mark.reference
def test_real_exports_hand_checked_totals(real_import):
    _ref, _out, rep, _ = real_import
    # Totals below were computed independently with the csv module (CSV files), a regex over the
    # SpreadsheetML XML (Facebook Posts) and openpyxl cell sums (xlsx), skipping blanks and "-".
    uci = _rows(rep, "uci_facebook_metrics/dataset_Facebook.csv")
    assert [uci["reactions"].sum(), uci["comments"].sum(), uci["shares"].sum()] == [88795, 3741, 13524]
    assert uci["reach"].sum() == 6951680
    assert [uci["reactions"].isna().sum(), uci["shares"].isna().sum(), uci["is_paid"].isna().sum()] == [1, 4, 1]  # MANIFEST NAs
    t16 = _rows(rep, "x_twitter/tweet_activity_metrics_rOpenSci_20161201_20170101_en.csv").set_index("post_id")
    assert [t16["impressions"].sum(), t16["reactions"].sum(), t16["shares"].sum(), t16["clicks"].sum()] == [110828, 221, 145, 703]
    assert t16.loc["812369747765362688", "published_at"] == pd.Timestamp("2016-12-23 18:50", tz="UTC")
    t21 = _rows(rep, "x_twitter/tweet_activity_metrics_rOpenSci_20211101_20211201_en.csv")
    assert [t21["impressions"].sum(), t21["reactions"].sum(), t21["shares"].sum(), t21["clicks"].sum()] == [131651, 289, 138, 485]
    assert t21["platform_engagements"].notna().all()
    xc = _rows(rep, "x_twitter/account_analytics_content_2024-11-21_2025-02-19.csv").set_index("post_id")
    assert [xc["impressions"].sum(), xc["reactions"].sum(), xc["shares"].sum(), xc["saves"].sum()] == [9325, 354, 63, 2]
    assert xc.loc["1874078422043127856", "published_at"] == pd.Timestamp("2024-12-31", tz=TZ)  # "Tue Dec 31 2024"
    aud = rep.tables["audience"]
    xo = aud[aud["platform"] == "x"]
    assert [xo["impressions"].sum(), xo["new_followers"].sum(), xo["lost_followers"].sum(), xo["profile_visits"].sum()] == [9699, 139, 4, 123]
    assert xo["date"].min() == pd.Timestamp("2024-12-31") and len(xo) == 50
    ig = _rows(rep, "instagram/instagram-jan-jun2025.csv").set_index("post_id")
    assert [ig["views"].sum(), ig["reach"].sum(), ig["reactions"].sum(), ig["saves"].sum(), ig["comments"].sum()] == [1608502, 1191329, 105194, 7337, 243]
    # MM/DD, read in Meta's default zone (Pacific, named in the report): 06:30 PST = 15:30 Paris
    assert ig.loc["18367425319140082", "published_at"] == pd.Timestamp("2025-01-07 15:30", tz=TZ)
    assert ig["impressions"].isna().all()
    yt = _rows(rep, "youtube/Table data.csv")
    # the Total row says 181,588 views but the 442 listed videos sum to 153,235 (csv module): the
    # Total row is dropped, not trusted; 5 ids began with a space in the file
    assert yt["video_views"].sum() == 153235 and yt["impressions"].sum() == 37715
    assert not yt["post_id"].str.startswith(" ").any() and yt["post_id"].str.startswith("-").sum() == 5
    fb = _rows(rep, "facebook/Facebook Posts Q2.xls").set_index("post_id")
    assert [fb["reach"].sum(), fb["impressions"].sum()] == [38804, 50773]
    # "Lifetime Post Stories by action type" (share, like, comment) and "Consumptions by type" (link clicks)
    assert [fb["shares"].sum(), fb["reactions"].sum(), fb["comments"].sum(), fb["clicks"].sum()] == [90, 1484, 86, 243]
    # Posted 2020-09-22T07:07:36 Pacific (PDT, UTC−7) = 16:07:36 Paris (CEST)
    assert fb.loc["97150433029_10157586960253030", "published_at"] == pd.Timestamp("2020-09-22 16:07:36", tz=TZ)
    fbp = aud[aud["platform"] == "facebook"].sort_values("date")
    assert [fbp["followers"].iloc[0], fbp["followers"].iloc[-1], fbp["reach"].sum(), fbp["new_followers"].sum()] == [3216, 3244, 43956, 64]
    li = aud[aud["platform"] == "linkedin"]
    assert [li["profile_visits"].sum(), li["impressions"].sum(), li["reach"].sum()] == [119, 2147, 1523]
    assert li["date"].min() == pd.Timestamp("2020-04-01") and li["date"].max() == pd.Timestamp("2020-06-30")
    lp = _rows(rep, "linkedin/NPLF_LinkedIn_2020Q2_page_export_DERIVED_redacted.xlsx").set_index("post_id")
    assert lp["impressions"].sum() == 2551 and lp["reactions"].sum() == 101
    assert lp.loc["6682292579746279424", "published_at"] == pd.Timestamp("2020-06-26", tz=TZ)  # serial 44008


@pytest.mark.reference
def test_uci_reproduces_total_interactions(real_import):
    _ref, _out, rep, _ = real_import
    uci = _rows(rep, "uci_facebook_metrics/dataset_Facebook.csv")
    complete = uci[["comments", "reactions", "shares"]].notna().all(axis=1)
    total = uci["comments"] + uci["reactions"] + uci["shares"]
    assert (total[complete] == uci.loc[complete, "total_interactions"]).all()
    assert complete.sum() == 496  # 500 minus the 4 rows with a missing like or share (csv module count; one row lacks both)
    # Type counts published with the dataset: Photo 426 / Status 45 / Link 22 / Video 7
    assert uci["post_type"].value_counts().to_dict() == {"photo": 426, "text": 45, "link": 22, "video": 7}
    assert (uci["reach"] > uci["impressions"]).sum() == 4  # "0.8 % of rows" in MANIFEST (4/500)
    assert "reach > impressions" in rep.to_markdown().replace("&gt;", ">")


@pytest.mark.reference
def test_real_import_validates_loads_and_is_idempotent(real_import):
    _ref, out, rep, rep2 = real_import
    for name in ("dataset.yml", "posts.csv", "audience.csv"):
        assert (out / "ds" / name).read_bytes() == (out / "ds2" / name).read_bytes()
    with pytest.warns(UserWarning, match="reach > impressions"):
        ds = sr.load_dataset(out / "ds")
    assert len(ds.posts) == len(rep.tables["posts"]) and len(ds.audience) == len(rep.tables["audience"])
    assert ds.posts.duplicated(["platform", "post_id"]).sum() == 0
    assert ds.posts["post_id"].map(type).eq(str).all()
    md = (out / "ds" / "import_report.md").read_text(encoding="utf-8")
    for family in ("facebook_classic_posts", "facebook_classic_page", "meta_posts_instagram", "linkedin_posts",
                   "x_tweet_activity", "x_content", "x_account_overview", "youtube_table", "youtube_chart", "uci_facebook_metrics"):
        assert family in md
    assert md == rep.to_markdown()
    assert md.replace(str(out / "ds"), "") == rep2.to_markdown().replace(str(out / "ds2"), "")


# ============================================================================= issue 17
# Real client folders import as they are. Fixtures: tests/data/exports (see tests/data/README.md):
# synthetic files written from the documented layouts of real downloads (tests/data/build_fixtures.py)
# and small excerpts of real exports whose licences allow it (MIT).
DATA = Path(__file__).resolve().parent / "data" / "exports"
FB = DATA / "facebook_classic"
FB_POSTS = FB / "Facebook Insights Data Export (Post Level) - Maison Test - 2016-01-20 - 2016-02-15.csv"
FB_VIDEO = FB / "Facebook Insights Data Export (Video Posts) - Maison Test - 2016-01-20 - 2016-02-15.csv"
TIKTOK = DATA / "tiktok_studio"


def _csv_records(path: Path, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    """The data rows of a two-header-row export, read with the csv module (independent of socialroi)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding=encoding), newline="")))
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[2:]]


def test_fixture_files_are_in_step_with_their_builder():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(DATA.parent / "build_fixtures.py"), "--check"], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr


def test_fb_classic_post_level_csv_takes_likes_comments_shares_from_the_action_type_columns():
    # point 1: the CSV flattens the breakdowns into "Lifetime Post Stories by action type - like" etc.
    f = read_export(FB_POSTS, timezone=TZ)
    p = posts_of(f)
    expected = {r["Post ID"]: r for r in _csv_records(FB_POSTS)}
    assert len(p) == len(expected) == 10
    for pid, r in expected.items():
        for col, src in (("reactions", "like"), ("comments", "comment"), ("shares", "share")):
            raw = r[f"Lifetime Post Stories by action type - {src}"]
            others = [r[f"Lifetime Post Stories by action type - {a}"] for a in ("like", "comment", "share")]
            want = int(raw) if raw else (0 if any(others) else None)  # blank beside other actions = 0
            got = p.loc[pid, col]
            assert (pd.isna(got) and want is None) or got == want, (pid, col, got, want)
    # the hand-made blanks of the fixture: likes only (blank comments/shares are 0), and no action at all
    assert p.loc["4478812345_1004", ["reactions", "comments", "shares"]].tolist() == [12, 0, 0]
    assert p.loc[["4478812345_1008"], ["reactions", "comments", "shares"]].isna().all(axis=None)
    # link clicks from "Lifetime Post Consumptions by type - link clicks"; blank with other clicks = 0
    assert p.loc["4478812345_1001", "clicks"] == int(expected["4478812345_1001"]["Lifetime Post Consumptions by type - link clicks"])
    assert p.loc["4478812345_1000", "clicks"] == 0
    # the mapping report says which column each came from; the unique-people columns are not used
    mapping = f.parts[0].mapping
    assert mapping["Lifetime Post Stories by action type - like"].startswith("reactions")
    assert mapping["Lifetime Post Stories by action type - comment"].startswith("comments")
    assert mapping["Lifetime Post Stories by action type - share"].startswith("shares")
    assert "not used" in mapping["Lifetime Talking About This (Post) by action type - like"]
    # Posted on a 12-hour clock: 12:09 AM is 00:09, Pacific by default (UTC-8) = 09:09 Paris (UTC+1)
    assert expected["4478812345_1009"]["Posted"] == "02/14/2016 12:09:00 AM"
    assert p.loc["4478812345_1009", "published_at"] == pd.Timestamp("2016-02-14 09:09", tz=TZ)


def test_fb_classic_post_level_with_talking_about_this_only_says_it_counts_people(tmp_path):
    head = ["Post ID", "Posted", "Lifetime Post Total Reach", "Lifetime Talking About This (Post) by action type - like",
            "Lifetime Talking About This (Post) by action type - comment", "Lifetime Talking About This (Post) by action type - share"]
    desc = ["", "", "Lifetime: reach (Unique Users)", "Lifetime: The number of unique people who created a story (Unique Users)", "", ""]
    path = write_csv(tmp_path / "posts.csv", [head, desc, ["1_2", "02/14/2016 12:40:16 AM", "100", "7", "", "1"]])
    f = read_export(path, timezone=TZ)
    assert posts_of(f).loc["1_2", ["reactions", "comments", "shares"]].tolist() == [7, 0, 1]
    assert any("unique people" in w and "lower bound" in w for w in f.parts[0].warnings)
    assert any(a["kind"] == "basis" and a.get("what") == "engagement_unique_people" for a in f.parts[0].assumptions)


def test_fb_classic_video_posts_export_fills_video_views():
    # point 2: "Lifetime Total Video Views" (Total Count) → video_views; unique/organic/paid kept as extras
    f = read_export(FB_VIDEO, timezone=TZ)
    p = posts_of(f)
    expected = {r["Post ID"]: r for r in _csv_records(FB_VIDEO)}
    assert set(p.index) == set(expected)
    for pid, r in expected.items():
        assert p.loc[pid, "video_views"] == int(r["Lifetime Total Video Views"])
        assert p.loc[pid, "video_views_unique"] == int(r["Lifetime Unique Video Views"])
        assert p.loc[pid, "video_views_organic"] == int(r["Lifetime Organic Video Views"])
        assert p.loc[pid, "reactions"] == int(r["Lifetime Post Stories by action type - like"])
    assert "Lifetime Total Video Views" in f.parts[0].mapping


def _tiktok_folder(tmp_path: Path, files: list[str], *, folder: str = "download") -> Path:
    import shutil

    dst = tmp_path / "exports" / folder
    for name in files:
        (dst / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(TIKTOK / name, dst / name)
    return tmp_path / "exports"


def test_tiktok_year_comes_from_the_download_never_from_file_times(tmp_path):
    import os

    # point 3: the whole download; file times moved to 2031 (a copy or an unzip changes them)
    names = [p.relative_to(TIKTOK).as_posix() for p in TIKTOK.rglob("*.csv")]
    src = _tiktok_folder(tmp_path, names)
    for p in src.rglob("*.csv"):
        os.utime(p, (1_940_000_000, 1_940_000_000))  # 2031-06-23
    rep = import_exports(src, tmp_path / "ds", timezone=TZ, name="Maison Test")
    a = rep.tables["audience"].set_index("date")
    # Overview: 30 consecutive days ending the day before the export day "January 19" (Content.csv
    # "Time", placed after the latest post, whose video id encodes 2026-01-15 20:45 UTC)
    overview = [r for r in csv.reader(io.StringIO((TIKTOK / "Overview.csv").read_text(encoding="utf-8-sig"), newline=""))][1:]
    assert overview[0][0] == "December 20" and overview[-1][0] == "January 18"
    assert a.index.min() == pd.Timestamp("2025-12-20") and a.index.max() == pd.Timestamp("2026-01-18")
    assert (a.index.to_series().diff().dropna() == pd.Timedelta(days=1)).all()
    assert a.loc[pd.Timestamp("2025-12-20"), "profile_visits"] == int(overview[0][2])
    assert a.loc[pd.Timestamp("2026-01-18"), "profile_visits"] == int(overview[-1][2])
    p = rep.tables["posts"].set_index("post_id")
    # "December 31" of a video posted 2026-01-01 01:30 UTC (id >> 32): the day as TikTok shows it, year 2025
    vid = next(i for i in p.index if (int(i) >> 32) == int(pd.Timestamp("2026-01-01 01:30", tz="UTC").timestamp()))
    assert p.loc[vid, "published_at"] == pd.Timestamp("2025-12-31", tz=TZ)
    assert p["snapshot_at"].eq(pd.Timestamp("2026-01-19", tz=TZ)).all()
    md = (tmp_path / "ds" / "import_report.md").read_text(encoding="utf-8")
    assert "year — column 'Date'" in md and "video id" in md and "modification time" not in md.split("## Files")[0]


def test_tiktok_file_without_evidence_of_the_year_stops_and_says_how_to_give_it(tmp_path):
    src = _tiktok_folder(tmp_path, ["Overview.csv"])
    with pytest.raises(DataError) as exc:
        import_exports(src, tmp_path / "ds", timezone=TZ)
    msg = str(exc.value)
    assert "without a year" in msg and "end_date=" in msg and "year=" in msg and "modification time" in msg
    assert not (tmp_path / "ds").exists()
    # end_date= (the last day covered) or year= (its year) give it
    rep = import_exports(src, tmp_path / "ds", timezone=TZ, end_date="2026-01-18")
    assert rep.tables["audience"]["date"].max() == pd.Timestamp("2026-01-18")
    assert rep.tables["audience"]["date"].min() == pd.Timestamp("2025-12-20")
    rep2 = import_exports(src, tmp_path / "ds2", timezone=TZ, year=2026)
    pd.testing.assert_series_equal(rep.tables["audience"]["date"], rep2.tables["audience"]["date"])
    assert "end_date=2026-01-18 given at import" in (tmp_path / "ds" / "import_report.md").read_text(encoding="utf-8")
    with pytest.raises(ParameterError):
        import_exports(src, tmp_path / "ds3", end_date="2026-01-18", year=2026)


def test_tiktok_year_from_a_download_date_in_the_folder_name(tmp_path):
    src = _tiktok_folder(tmp_path, ["Overview.csv", "Viewers.csv"], folder="tiktok-2026-01-19")
    rep = import_exports(src, tmp_path / "ds", timezone=TZ)
    assert rep.tables["audience"]["date"].max() == pd.Timestamp("2026-01-18")
    assert any(a["kind"] == "year" and "2026-01-19" in a["source"] for a in rep.assumptions)


def test_tiktok_days_that_do_not_increase_are_an_error(tmp_path):
    rows = [["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"],
            ["January 5", "1", "1", "1", "1", "1"], ["January 4", "2", "2", "2", "2", "2"], ["January 3", "3", "3", "3", "3", "3"]]
    path = write_csv(tmp_path / "Overview.csv", rows, quoting=csv.QUOTE_ALL, encoding="utf-8-sig")
    with pytest.raises(DataError, match="not in increasing order"):
        read_export(path, timezone=TZ, end_date="2026-01-06")


def test_full_tiktok_download_recognises_every_file(tmp_path):
    # point 4: FollowerActivity / FollowerGender / FollowerTopTerritories used to make the folder fail
    rep = import_exports(TIKTOK, tmp_path / "ds", timezone=TZ, name="Maison Test")
    fams = {p.family for f in rep.files for p in f.parts}
    assert {"tiktok_content", "tiktok_overview", "viewers_daily", "tiktok_follower_history", "tiktok_follower_activity",
            "audience_gender", "audience_territories"} <= fams
    assert rep.skipped == [] and not any("not recognised" in w for w in rep.warnings)
    md = (tmp_path / "ds" / "import_report.md").read_text(encoding="utf-8")
    unused = md.split("## Recognised, not used")[1].split("\n## ")[0]
    for name in ("FollowerActivity.csv", "FollowerGender.csv", "FollowerTopTerritories.csv"):
        assert name in unused
    a = rep.tables["audience"].set_index("date")
    history = [r for r in csv.reader(io.StringIO((TIKTOK / "Followers_maisontest" / "FollowerHistory.csv")
                                                 .read_text(encoding="utf-8-sig"), newline=""))][1:]
    assert a["followers"].isna().sum() == sum(r[1] == "undefined" for r in history) == 2  # "undefined" = missing
    assert a.loc[pd.Timestamp("2026-01-18"), "followers"] == int(history[-1][1])
    assert (a["comments"] < 0).sum() == 1  # a negative day (deleted comments) is kept, not rejected
    ds = sr.load_dataset(tmp_path / "ds")
    assert len(ds.posts) == 6 and len(ds.audience) == 30


def test_x_legacy_media_views_are_not_video_views():
    # point 6, on a real export (MIT excerpt): "media views" counts views of any media, photos included
    path = DATA / "x_legacy" / "tweet_activity_jan.csv"
    f = read_export(path, timezone=TZ)
    p = posts_of(f)
    raw = {r[0]: r for r in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))}
    assert len(p) == len(raw) - 1 == 8
    assert p.loc["1355139683118772233", "media_views"] == int(raw["1355139683118772233"][20]) == 1
    assert "video_views" not in p.columns or p["video_views"].isna().all()
    assert "not video views" in f.parts[0].mapping["media views"]


def test_time_zone_stated_by_the_export_wins_and_is_named(tmp_path):
    # point 7: a zone the export states is used; else the platform's default; source_timezone= overrides
    head = ["Post ID", "Account username", "Publish time (UTC)", "Post type", "Date", "Views", "Reach", "Likes"]
    path = write_csv(tmp_path / "ig.csv", [head, ["1", "brand", "01/13/2025 16:24", "IG reel", "Lifetime", "10", "9", "1"]])
    f = read_export(path, timezone=TZ)
    assert posts_of(f).loc["1", "published_at"] == pd.Timestamp("2025-01-13 17:24", tz=TZ)  # 16:24 UTC
    note = f.parts[0].assumptions[0]
    assert (note["zone"], note["how"]) == ("UTC", "stated") and "Publish time (UTC)" in note["text"]
    pre = "Report: Instagram posts\nAll dates and times are in America/New_York\n"
    write_csv(tmp_path / "ig2.csv", [[c.replace(" (UTC)", "") for c in head],
                                    ["1", "brand", "01/13/2025 16:24", "IG reel", "Lifetime", "10", "9", "1"]], preamble=pre)
    g = read_export(tmp_path / "ig2.csv", timezone=TZ)
    assert posts_of(g).loc["1", "published_at"] == pd.Timestamp("2025-01-13 22:24", tz=TZ)  # 16:24 EST
    assert g.parts[0].assumptions[0]["zone"] == "America/New_York"
    h = read_export(tmp_path / "ig2.csv", timezone=TZ, source_timezone="Europe/Paris")
    assert posts_of(h).loc["1", "published_at"] == pd.Timestamp("2025-01-13 16:24", tz=TZ)
    assert h.parts[0].assumptions[0]["how"] == "override"


def test_fixture_folders_import_with_named_assumptions(tmp_path):
    # the mapping report and import_notes.json name every assumption: time zone, year, basis
    import json

    rep = import_exports(FB, tmp_path / "fb", timezone=TZ, name="Maison Test")
    md = (tmp_path / "fb" / "import_report.md").read_text(encoding="utf-8")
    head = md.split("## Files")[0]
    assert "time zone — Facebook Page Insights (classic)" in head and "America/Los_Angeles" in head
    assert "basis — facebook" in head
    notes = json.loads((tmp_path / "fb" / "import_notes.json").read_text(encoding="utf-8"))
    assert {a["kind"] for a in notes["assumptions"]} == {"timezone", "basis"}
    p = rep.tables["posts"].set_index("post_id")
    video = {r["Post ID"]: r for r in _csv_records(FB_VIDEO)}
    # the post-level row is kept; what only the video export has is combined in (same download)
    assert p.loc["4478812345_1006", "video_views_unique"] == int(video["4478812345_1006"]["Lifetime Unique Video Views"])
    assert p.loc["4478812345_1006", "source_file"].endswith("(Post Level) - Maison Test - 2016-01-20 - 2016-02-15.csv")
    assert "combined" in md
    # the page export (cp1252, M/D/YYYY, duplicated names) is the audience table
    a = rep.tables["audience"].set_index("date")
    page = _csv_records(FB / "Facebook Insights Data Export - Maison Test - 2016-01-20 - 2016-02-15.csv", encoding="cp1252")
    assert len(a) == len(page) == 27 and a.index.min() == pd.Timestamp("2016-01-20")
    assert a["followers"].tolist() == [int(r["Lifetime Total Likes"]) for r in page]
    tik = import_exports(TIKTOK, tmp_path / "tt", timezone=TZ)
    kinds = {a["kind"] for a in tik.assumptions}
    assert {"year", "basis"} <= kinds
    assert "year — column 'Post time'" in (tmp_path / "tt" / "import_report.md").read_text(encoding="utf-8")


def test_page_only_folder_gives_a_dataset_without_posts(tmp_path):
    # point 5: page-level exports only (classic Facebook page export + a real YouTube Studio excerpt)
    rep = import_exports(DATA / "page_only", tmp_path / "ds", timezone=TZ, name="Forges Test")
    assert set(rep.tables) == {"audience"}
    assert not (tmp_path / "ds" / "posts.csv").exists()
    ds = sr.load_dataset(tmp_path / "ds")
    assert ds.posts is None and set(ds.audience["platform"]) == {"facebook", "youtube"}
    totals = [r for r in csv.reader(io.StringIO((DATA / "page_only" / "youtube_geography" / "Totals.csv")
                                                .read_text(encoding="utf-8"), newline=""))][1:]
    yt = ds.audience[ds.audience["platform"] == "youtube"]
    views = pd.to_numeric(yt["video_views"])  # an extra column of audience: kept as written
    assert views.sum() == sum(int(r[1]) for r in totals)
    assert views.iloc[0] == 31964  # PROVENANCE: Totals 2020-12-31 = 31,964 views
    # the geography breakdowns are recognised, not used (their rows do not add up to the totals)
    assert {p.family for f in rep.files for p in f.parts} >= {"youtube_breakdown", "youtube_totals", "facebook_classic_page"}
    # days only: no zone is applied, and the report says so for each family (no basis: no posts)
    assert {(a["kind"], a["how"]) for a in ds.notes} == {("timezone", "day_only")}
    assert {a["family"] for a in ds.notes} == {"facebook_classic_page", "youtube_totals"}


def test_header_only_export_is_skipped_with_a_warning(tmp_path):
    # point 10 for exports: an empty download does not fail the folder; it is named in the report
    src = tmp_path / "exports"
    src.mkdir()
    write_csv(src / "ok.csv", [["Post id", "Date", "Post text", "Impressions"], ["1", "Mon Feb 17 2025", "x", "3"]])
    write_csv(src / "empty.csv", [["Post id", "Date", "Post text", "Impressions"]])
    rep = import_exports(src, tmp_path / "ds", timezone=TZ)
    assert len(rep.tables["posts"]) == 1
    assert any("empty.csv" in w and "no rows" in w for w in rep.warnings)


def test_folder_without_any_rows_is_an_error(tmp_path):
    src = tmp_path / "exports"
    src.mkdir()
    write_csv(src / "empty.csv", [["Post id", "Date", "Post text", "Impressions"]])
    with pytest.raises(DataError, match="at least one"):
        import_exports(src, tmp_path / "ds", timezone=TZ)


# ----------------------------------------------------------------------------- dates (point 8)
def test_dates_with_weekdays_commas_and_french_abbreviations():
    from socialroi.importers._parse import when

    values = ["Mon Feb 17 2025", "Tue, Feb 18, 2025", "Aug 28, 2025", "lun. 17 févr. 2025", "mar. 18 févr. 2025",
              "Mar 18 2025", "18-Feb-2025", "Sat, Aug 1, 2026"]
    got = when(pd.Series(values), file="f", column="Date").naive.tolist()
    assert got == [pd.Timestamp(d) for d in ["2025-02-17", "2025-02-18", "2025-08-28", "2025-02-17", "2025-02-18",
                                             "2025-03-18", "2025-02-18", "2026-08-01"]]


_FR_WEEKDAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
_FR_MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
_EN_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _fmt(t: pd.Timestamp, kind: str) -> str:
    d, m, y = t.day, t.month, t.year
    wd = t.strftime("%a")
    return {
        "fb_csv": t.strftime("%m/%d/%Y %I:%M:%S %p"),            # classic Facebook CSV "02/14/2016 12:40:16 AM"
        "fb_xml": t.strftime("%Y-%m-%dT%H:%M:%S.000"),           # SpreadsheetML typed DateTime
        "fb_page": f"{m}/{d}/{y}",                                # classic page export "8/19/2015"
        "meta_en": t.strftime("%m/%d/%Y %H:%M"),                 # Meta Business Suite "01/07/2025 06:30"
        "meta_fr": t.strftime("%d/%m/%Y %H:%M"),                 # the same, French UI (day first)
        "meta_daily": t.strftime("%Y-%m-%dT00:00:00"),           # page-level series
        "x_legacy": t.strftime("%Y-%m-%d %H:%M +0000"),          # tweet activity (UTC offset)
        "x_2025": f"{wd} {_EN_ABBR[m - 1]} {d:02d} {y}",        # "Mon Feb 17 2025"
        "x_2026": f"{wd}, {_EN_ABBR[m - 1]} {d}, {y}",          # "Tue, Jul 14, 2026" (also the overview)
        "linkedin": t.strftime("%m/%d/%Y"),                      # "04/01/2020"
        "youtube": f"{_EN_ABBR[m - 1]} {d}, {y}",               # "Aug 28, 2025"
        "tiktok_business": t.strftime("%Y/%m/%d %H:%M:%S"),      # "2025/10/31 18:19:10"
        "meltwater": f"{d:02d}-{_EN_ABBR[m - 1]}-{y}",          # "18-Feb-2025"
        "fr_text": f"{_FR_WEEKDAYS[t.weekday()]} {d} {_FR_MONTHS[m - 1]} {y}",  # "lun. 17 févr. 2025"
    }[kind]


_ORDER = {"meta_fr": "dmy"}
_TIMED = {"fb_csv": "s", "fb_xml": "s", "meta_en": "min", "meta_fr": "min", "x_legacy": "min", "tiktok_business": "s"}


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(["fb_csv", "fb_xml", "fb_page", "meta_en", "meta_fr", "meta_daily", "x_legacy", "x_2025",
                             "x_2026", "linkedin", "youtube", "tiktok_business", "meltwater", "fr_text"]),
       stamps=st.lists(st.datetimes(min_value=dt.datetime(2010, 1, 1), max_value=dt.datetime(2035, 12, 31)),
                       min_size=1, max_size=6))
def test_every_family_date_format_reads_back(kind, stamps):
    # property: each format an export family writes (see FORMATS.md and tests/data/README.md) reads back
    # to the date (and time, to the precision written) it was written from
    from socialroi.importers._parse import when

    ts = [pd.Timestamp(s) for s in stamps]
    parsed = when(pd.Series([_fmt(t, kind) for t in ts]), file="f", column="c", order=_ORDER.get(kind, "mdy"))
    unit = _TIMED.get(kind)
    want = [t.floor(unit) if unit else t.normalize() for t in ts]
    if kind == "x_legacy":
        got = parsed.aware_utc.dt.tz_localize(None).tolist()
    else:
        got = parsed.naive.tolist()
    assert got == want


@settings(max_examples=30, deadline=None)
@given(start=st.dates(min_value=dt.date(2017, 1, 1), max_value=dt.date(2034, 12, 31)), n=st.integers(1, 400),
       lang=st.sampled_from(["en", "fr", "es", "zh", "el"]))
def test_tiktok_days_without_a_year_get_back_their_year(start, n, lang):
    # property: a TikTok daily file (consecutive days, no year, in the UI language) ending on the day
    # before the download gets back its exact dates from the download day alone
    from socialroi.importers._parse import when, years_from_end

    fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
    es = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre"]
    el = ["Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου", "Αυγούστου",
          "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"]  # genitive, as a Greek TikTok UI writes it
    days = [start + dt.timedelta(days=k) for k in range(n)]
    text = {"en": lambda d: f"{d.strftime('%B')} {d.day}", "fr": lambda d: f"{d.day} {fr[d.month - 1]}",
            "es": lambda d: f"{d.day} de {es[d.month - 1]}", "zh": lambda d: f"{d.month}月{d.day}日",
            "el": lambda d: f"{d.day} {el[d.month - 1]}"}[lang]
    parsed = when(pd.Series([text(d) for d in days]), file="f", column="Date")
    assert parsed.year_missing.all()
    got, problems = years_from_end(parsed.month, parsed.day, end=pd.Timestamp(days[-1] + dt.timedelta(days=1)))
    assert problems == [] and got.tolist() == [pd.Timestamp(d) for d in days]


# ----------------------------------------------------------------------------- one reader (point 9)
def test_importer_decoding_is_strict_and_names_file_line_and_byte(tmp_path):
    head = "Post id,Date,Post text,Impressions\n"
    good = "1,Mon Feb 17 2025,Été,3\n".encode()
    (tmp_path / "mixed.csv").write_bytes(head.encode() + good + b"2,Mon Feb 17 2025,caf\xe9,4\n")
    with pytest.raises(DataError) as exc:
        read_export(tmp_path / "mixed.csv")
    msg = str(exc.value)
    assert "mixed.csv" in msg and "line 3" in msg and "0xE9" in msg and "byte" in msg
    # a plain Windows-1252 file (no UTF-8 in it) is read as such, accents right
    (tmp_path / "cp.csv").write_bytes((head + "1,Mon Feb 17 2025,Été à Noël,3\n").encode("cp1252"))
    assert read_export(tmp_path / "cp.csv").tables["posts"]["text"].tolist() == ["Été à Noël"]
    # a byte with no meaning in Windows-1252 either
    (tmp_path / "bad.csv").write_bytes(head.encode() + b"1,Mon Feb 17 2025,x\x81y,3\n")
    with pytest.raises(DataError, match=r"line 2, byte \d+ \(0x81\)"):
        read_export(tmp_path / "bad.csv")
    # encoding= forces a codec (still strict)
    f = read_export(tmp_path / "cp.csv", encoding="latin-1")
    assert f.tables["posts"]["text"].tolist() == ["Été à Noël"]


def test_importer_error_lines_stay_right_after_quoted_line_breaks(tmp_path):
    rows = [["Post id", "Date", "Post text", "Impressions"],
            ["1", "Mon Feb 17 2025", "first line\nsecond line\nthird", "3"],
            ["2", "Mon Feb 17 2025", "ok", "lots"]]  # file line 5 (the text of row 1 spans lines 2-4)
    path = write_csv(tmp_path / "x.csv", rows)
    with pytest.raises(DataError) as exc:
        read_export(path)
    assert "line 5" in str(exc.value) and "'lots'" in str(exc.value) and "row 3" not in str(exc.value)
    # with an Excel "sep=" line first, every line moves down by one
    path2 = write_csv(tmp_path / "y.csv", rows, preamble="sep=,\n")
    with pytest.raises(DataError, match="line 6"):
        read_export(path2)


def _no_replacement_char(obj) -> bool:
    if isinstance(obj, pd.DataFrame):
        return not any(obj[c].astype(str).str.contains("\ufffd", regex=False).any() for c in obj.columns) \
            and not any("\ufffd" in str(c) for c in obj.columns)
    return "\ufffd" not in str(obj)


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffd\x00"), max_size=12)


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(_TEXT, min_size=2, max_size=6), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
       flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=3),
       container=st.sampled_from(["csv", "zip", "xml"]), data=st.data())
def test_no_importer_path_produces_a_replacement_character(tmp_path_factory, cells, encoding, flips, container, data):
    # property: whatever bytes arrive (any text, any encoding, damaged bytes, inside a zip or a
    # SpreadsheetML workbook), an import either fails with a DataError or gives no U+FFFD anywhere
    tmp = tmp_path_factory.mktemp("fffd")
    header = ["Post id", "Date", "Post text", "Impressions"]
    rows = [header] + [[str(i + 1), "Mon Feb 17 2025", c, str(i)] for i, c in enumerate(cells)]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    try:
        raw = bytearray(buf.getvalue().encode(encoding))
    except UnicodeEncodeError:
        raw = bytearray(buf.getvalue().encode("utf-8"))
    for pos, byte in flips:
        if raw:
            raw[pos % len(raw)] = byte
    if container == "csv":
        path = tmp / "export.csv"
        path.write_bytes(bytes(raw))
    elif container == "zip":
        path = tmp / "export.zip"
        zbuf = io.BytesIO()
        with zipfile.ZipFile(zbuf, "w") as zf:
            zf.writestr("Content data.csv", bytes(raw))
        path.write_bytes(zbuf.getvalue())
    else:
        path = tmp / "export.xls"
        book = spreadsheetml({"Key Metrics": [["Post ID", "Posted", "Lifetime Post Total Reach", "Post Message"]]
                              + [[f"1_{i}", ("DateTime", "2020-09-22T07:07:36.000"), i, c.replace("<", "").replace("&", "")]
                                 for i, c in enumerate(cells)]})
        damaged = bytearray(book)
        for pos, byte in flips:
            damaged[pos % len(damaged)] = byte
        path.write_bytes(bytes(damaged))
    try:
        f = read_export(path, timezone=TZ)
    except DataError as exc:
        assert _no_replacement_char(exc)
        return
    for frame in f.tables.values():
        assert _no_replacement_char(frame)
    assert all(_no_replacement_char(p.mapping) for p in f.parts)


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(_TEXT, min_size=1, max_size=6), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
       flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=3))
def test_no_loader_path_produces_a_replacement_character(tmp_path_factory, cells, encoding, flips):
    # the same property for the dataset loader (socialroi.io), which shares the reader
    from socialroi.io import read_csv_text

    tmp = tmp_path_factory.mktemp("fffd_io")
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows([["post_id", "platform", "text"]]
                                                                  + [[str(i), "x", c] for i, c in enumerate(cells)])
    try:
        raw = bytearray(buf.getvalue().encode(encoding))
    except UnicodeEncodeError:
        raw = bytearray(buf.getvalue().encode("utf-8"))
    for pos, byte in flips:
        raw[pos % len(raw)] = byte
    (tmp / "posts.csv").write_bytes(bytes(raw))
    try:
        df, _ = read_csv_text(tmp / "posts.csv")
    except DataError as exc:
        assert _no_replacement_char(exc)
        return
    assert _no_replacement_char(df)


def test_one_reader_serves_the_loader_and_the_importers():
    # point 9: encodings, the sep= line and the delimiter are decided in one module, numbers by one parser
    import inspect

    from socialroi import _read as shared
    from socialroi import io as loader
    from socialroi.importers import _parse, _read

    assert _read._textread is shared and loader._read is shared
    assert "parse_numbers" in inspect.getsource(_parse.number)
    for module in (loader, _read, _parse):
        src = inspect.getsource(module)
        assert 'errors="replace"' not in src and "errors='replace'" not in src
        assert not hasattr(module, "_decode") and not hasattr(module, "_sniff_delimiter")  # no second copy
    assert not hasattr(loader, "_sniff_separator")


def test_tiktok_business_video_file_has_years_and_plain_headers(tmp_path):
    # TikTok business downloads (layout survey 1d) write the year ("2025/10/31 18:19:10"), "NAN"/"--"
    # for missing values and headers without "Total"
    rows = [["Video title", "Video link", "Post time", "Video views", "Likes", "Comments", "Shares", "Add to Favorites"],
            ["Menu du jour", "https://www.tiktok.com/@resto/video/7567000000000000001", "2025/10/31 18:19:10", "1,204",
             "88", "NAN", "3", "--"]]
    f = read_export(write_csv(tmp_path / "TIKTOK_VIDEO_RAW.csv", rows, encoding="utf-8-sig"), timezone=TZ)
    p = posts_of(f)
    assert p.loc["7567000000000000001", ["video_views", "reactions", "shares"]].tolist() == [1204, 88, 3]
    assert p.loc[["7567000000000000001"], ["comments", "saves"]].isna().all(axis=None)
    # a time of day and no zone stated: the dataset's zone, and the report says so
    assert p.loc["7567000000000000001", "published_at"] == pd.Timestamp("2025-10-31 18:19:10", tz=TZ)
    assert f.parts[0].assumptions[0]["how"] == "dataset"


def test_a_date_out_of_the_timestamp_range_is_a_data_error():
    # found by the property test above (a zero byte in a UTF-16 export turned "2025" into "225"): a
    # year pandas cannot hold is reported as a value that is not a date, not an OutOfBoundsDatetime
    from socialroi.importers._parse import when

    with pytest.raises(DataError, match="are not dates"):
        when(pd.Series(["Mon Feb 17 225", "Mon Feb 17 2025"]), file="f", column="Date")



def test_spreadsheetml_declaring_an_unknown_encoding_is_a_data_error(tmp_path):
    # one damaged byte in the XML declaration ("UTF-8" -> "ATF-8"), found by the property test above:
    # the XML parser raises LookupError, the import a DataError naming the file
    path = tmp_path / "Facebook Posts.xls"
    path.write_bytes(b'<?xml version="1.0" encoding="ATF-8"?>\n'
                     b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>')
    with pytest.raises(DataError, match="unknown encoding"):
        read_export(path)


def test_a_named_month_date_out_of_the_timestamp_range_is_a_data_error():
    # found by the property test (issue 16's full run): a damaged byte turned "Feb 17 2025" into "Feb 17 0025",
    # which the month-name parser read as year 25; reported as a value that is not a date, like year 225 above
    from socialroi.importers._parse import when

    for values in (["Feb 17 0025", "Feb 18 2025"], ["Mon, Feb 17, 0025", "Tue, Feb 18, 2025"]):
        with pytest.raises(DataError, match="are not dates"):
            when(pd.Series(values), file="f", column="Date")

