"""Write the synthetic export fixtures of tests/data/exports (deterministic; see tests/data/README.md).

    python tests/data/build_fixtures.py          # (re)writes the synthetic files
    python tests/data/build_fixtures.py --check  # exit 1 if a stored file differs from the build

Every file reproduces a layout documented from real downloads (shared/reference/exports/FORMATS.md and
the 2026-12 layout survey kept with the fixtures' provenance): header rows, quoting, encodings, date
formats, the quirks each platform writes. The numbers are invented (seeded), the brands fictitious.
The real excerpts beside them (youtube_geography/, x_legacy/) are not written here: see README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "exports"


def _csv(rows: list[list[object]], *, quote_all: bool = False, final_newline: bool = True) -> str:
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\n").writerows(rows)
    text = buf.getvalue()
    return text if final_newline else text.rstrip("\n")


def _day_month(d: dt.date) -> str:
    return f"{d.strftime('%B')} {d.day}"  # TikTok Studio, English UI: "January 5" (no year, no padding)


# ------------------------------------------------------------------------------------------------
# TikTok Studio: a whole creator download (export day 19 January 2026, days 20 Dec 2025 → 18 Jan 2026)
# ------------------------------------------------------------------------------------------------
def tiktok() -> dict[str, bytes]:
    rng = random.Random(17)
    export_day = dt.date(2026, 1, 19)
    days = [export_day - dt.timedelta(days=k) for k in range(30, 0, -1)]  # oldest first, ends the day before
    files: dict[str, str] = {}
    overview = [["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"]]
    for i, d in enumerate(days):
        comments = rng.randint(0, 9) if i != 11 else -2  # deleted comments net out: negative days exist
        overview.append([_day_month(d), rng.randint(300, 2500), rng.randint(10, 80), rng.randint(20, 300), comments,
                         rng.randint(0, 15)])
    files["Overview.csv"] = _csv(overview, quote_all=True, final_newline=False)
    viewers = [["Date", "Total Viewers", "New Viewers", "Returning Viewers"]]
    for i, d in enumerate(days):
        new, back = rng.randint(100, 900), rng.randint(20, 200)
        viewers.append([_day_month(d), "undefined" if i < 3 else new + back, new, back])
    files["Viewers.csv"] = _csv(viewers, quote_all=True, final_newline=False)
    followers = [["Date", "Followers", "Difference in followers from previous day"]]
    stock = 4820
    for i, d in enumerate(days):
        diff = rng.randint(-3, 25)
        stock += diff
        followers.append([_day_month(d), "undefined" if i < 2 else stock, diff])
    files["Followers_maisontest/FollowerHistory.csv"] = _csv(followers, quote_all=True, final_newline=False)
    activity = [["Date", "Hour", "Active followers"]]
    for d in days[-7:]:
        for h in range(24):
            activity.append([_day_month(d), h, rng.randint(50, 1400) if d != days[-1] else 0])
    files["Followers_maisontest/FollowerActivity.csv"] = _csv(activity, quote_all=True, final_newline=False)
    files["Followers_maisontest/FollowerGender.csv"] = _csv(
        [["Gender", "Distribution"], ["Female", "0.61"], ["Male", "0.36"], ["Other", "0.03"]],
        quote_all=True, final_newline=False)
    files["Followers_maisontest/FollowerTopTerritories.csv"] = _csv(
        [["Top territories", "Distribution"], ["FR", "0.712"], ["BE", "0.104"], ["CH", "0.061"], ["CA", "0.032"],
         ["Others", "0.091"]], quote_all=True, final_newline=False)
    # Content: the id of a TikTok video starts with the Unix time of posting (id >> 32, UTC); "Post time" is the
    # account's local day (the post of 1 January 01:30 UTC shows "December 31" in the account's zone)
    posts = [  # (UTC posting time, local day shown, title)
        (dt.datetime(2025, 12, 22, 17, 5), dt.date(2025, 12, 22), "Les coulisses de l'atelier ✂️"),
        (dt.datetime(2025, 12, 28, 9, 40), dt.date(2025, 12, 28), "Essayage : la veste d'hiver"),
        (dt.datetime(2026, 1, 1, 1, 30), dt.date(2025, 12, 31), "Bonne année, avec une virgule, et des « guillemets »"),
        (dt.datetime(2026, 1, 3, 19, 0), dt.date(2026, 1, 3), ""),
        (dt.datetime(2026, 1, 9, 12, 15), dt.date(2026, 1, 9), "Soldes  : nos trois pièces préférées "),
        (dt.datetime(2026, 1, 15, 20, 45), dt.date(2026, 1, 15), "Question du jour 💬"),
    ]
    content = [["Time", "Video title", "Video link", "Post time", "Total likes", "Total comments", "Total shares",
                "Total views"]]
    for k, (when, local_day, title) in enumerate(posts):
        seconds = int(when.replace(tzinfo=dt.UTC).timestamp())
        vid = (seconds << 32) + 987654321 + k
        views = rng.randint(800, 40000)
        content.append([_day_month(export_day), title, f"https://www.tiktok.com/@maisontest/video/{vid}",
                        _day_month(local_day), f"{rng.randint(20, 3000):,}", rng.randint(0, 80), rng.randint(0, 60),
                        f"{views:,}"])
    content[1:] = sorted(content[1:], key=lambda r: -int(str(r[7]).replace(",", "")))  # by views, as TikTok
    files["Content.csv"] = _csv(content, quote_all=True, final_newline=False)
    # UTF-8 with a byte-order mark, LF, every field quoted, no final newline
    return {f"tiktok_studio/{name}": ("\ufeff" + text).encode("utf-8") for name, text in files.items()}


# ------------------------------------------------------------------------------------------------
# Facebook Page Insights (classic), CSV downloads of one session: post level, video posts, page (daily)
# ------------------------------------------------------------------------------------------------
_FB_ID = ["Post ID", "Permalink", "Post Message", "Type", "Countries", "Languages", "Posted", "Audience Targeting"]


def _fb_posted(t: dt.datetime) -> str:
    return t.strftime("%m/%d/%Y %I:%M:%S %p")  # "02/14/2016 12:40:16 AM"


def facebook_classic() -> dict[str, bytes]:
    rng = random.Random(2016)
    page = "Maison Test"
    span = "2016-01-20 - 2016-02-15"
    post_cols = [
        ("Lifetime Post Total Reach", "Lifetime: The total number of people your Page post was served to. (Unique Users)"),
        ("Lifetime Post organic reach", "Lifetime: The number of people who saw your Page post in News Feed or ticker, or on your Page's Timeline. (Unique Users)"),
        ("Lifetime Post Paid Reach", "Lifetime: The number of people your advertised Page post was served to. (Unique Users)"),
        ("Lifetime Post Total Impressions", "Lifetime: The number of impressions of your Page post. (Total Count)"),
        ("Lifetime Engaged Users", "Lifetime: The number of people who clicked anywhere in your posts. (Unique Users)"),
        ("Lifetime Talking About This (Post) by action type - comment", "Lifetime: The number of unique people who created a story about your Page post by interacting with it. (Unique Users)"),
        ("Lifetime Talking About This (Post) by action type - like", ""),
        ("Lifetime Talking About This (Post) by action type - share", ""),
        ("Lifetime Post Stories by action type - comment", "Lifetime: The number of stories created about your Page post, by action type. (Total Count)"),
        ("Lifetime Post Stories by action type - like", ""),
        ("Lifetime Post Stories by action type - share", ""),
        ("Lifetime Post Consumptions", "Lifetime: The number of clicks anywhere in your post. (Total Count)"),
        ("Lifetime Post Consumptions by type - link clicks", "Lifetime: The number of clicks anywhere in your post, by type. (Total Count)"),
        ("Lifetime Post Consumptions by type - other clicks", ""),
        ("Lifetime Organic Video Views", "Lifetime: The number of times your video was viewed for 3 seconds or more. (Total Count)"),
        ("Lifetime Organic Video Views", "Lifetime: The number of people who viewed your video for 3 seconds or more. (Unique Users)"),
        ("Lifetime Paid Video Views", "Lifetime: The number of times your promoted video was viewed for 3 seconds or more. (Total Count)"),
        ("Lifetime Paid Video Views", "Lifetime: The number of people who viewed your promoted video for 3 seconds or more. (Unique Users)"),
    ]
    posts = []
    start = dt.datetime(2016, 1, 21, 9, 0)
    kinds = ["Photo", "Link", "Video", "Photo", "Status", "Photo", "Video", "Link", "Photo", "Photo"]
    for k, kind in enumerate(kinds):
        t = start + dt.timedelta(days=2.6 * k, minutes=37 * k)
        reach = rng.randint(300, 4000)
        paid = rng.randint(100, 900) if k in (2, 7) else 0
        stories = [rng.randint(0, 30), rng.randint(10, 400), rng.randint(0, 40)]  # comment, like, share
        if k == 4:
            stories = [None, 12, None]  # blank action types of a post that had likes: 0, not missing
        if k == 8:
            stories = [None, None, None]  # no action at all: missing
        talking = [None if s is None else max(0, s - rng.randint(0, 3)) for s in stories]
        link = rng.randint(0, 60) if kind == "Link" else None
        other = rng.randint(5, 120)
        video = [rng.randint(200, 3000), None, None, None] if kind == "Video" else [None] * 4
        if kind == "Video":
            video[1] = int(video[0] * 0.7)
            video[2] = rng.randint(50, 400) if paid else 0
            video[3] = int(video[2] * 0.8)
        values = [reach + paid, reach, paid, int((reach + paid) * 1.3), rng.randint(20, 300), *talking, *stories,
                  (link or 0) + other, link, other, *video]
        posts.append((t, kind, values))
    header = _FB_ID + [c for c, _ in post_cols]
    desc = [""] * len(_FB_ID) + [d for _, d in post_cols]
    rows = [header, desc]
    for k, (t, kind, values) in sorted(enumerate(posts), key=lambda kv: kv[1][0], reverse=True):  # newest first
        msg = {"Status": "Maison Test was mentioned in a post.", "Video": "Notre défilé, en vidéo\net en deux lignes"}.get(
            kind, f"Publication n°{k + 1}, avec une virgule")
        rows.append([f"4478812345_{1000 + k}", f"https://www.facebook.com/4478812345/posts/{1000 + k}", msg,
                     "" if kind == "Status" else kind, "", "", _fb_posted(t), " ",
                     *["" if v is None else v for v in values]])
    post_level = _csv(rows)
    # Video Posts export: the two videos again (same ids), with the total/unique video views the
    # post-level file lacks; a third, older video only here
    vheader = _FB_ID + ["Content Tags", "Lifetime Post Total Impressions", "Lifetime Total Video Views",
                        "Lifetime Paid Video Views", "Lifetime Organic Video Views", "Lifetime Total 30-Second Views",
                        "Lifetime Post Total Reach", "Lifetime Unique Video Views",
                        "Lifetime Post Stories by action type - comment", "Lifetime Post Stories by action type - like",
                        "Lifetime Post Stories by action type - share"]
    vdesc = [""] * len(_FB_ID) + ["", "Lifetime: The number of impressions of your Page post. (Total Count)",
                                  "Lifetime: Total number of times your video was viewed for 3 seconds or viewed to the end, whichever came first. (Total Count)",
                                  "Lifetime: paid video views. (Total Count)", "Lifetime: organic video views. (Total Count)",
                                  "Lifetime: 30-second views. (Total Count)",
                                  "Lifetime: The total number of people your Page post was served to. (Unique Users)",
                                  "Lifetime: Number of unique people who viewed your video for 3 seconds or viewed to the end, whichever came first. (Unique Users)",
                                  "Lifetime: The number of stories created about your Page post, by action type. (Total Count)", "", ""]
    vrows = [vheader, vdesc]
    videos = [(k, t, values) for k, (t, kind, values) in enumerate(posts) if kind == "Video"]
    for k, t, values in reversed(videos):
        total = values[14] + values[16]
        vrows.append([f"4478812345_{1000 + k}", f"https://www.facebook.com/4478812345/videos/{1000 + k}",
                      "Notre défilé, en vidéo\net en deux lignes", "Video", "", "", _fb_posted(t), " ", "",
                      values[3], total, values[16], values[14], int(total * 0.3), values[0], int(total * 0.72),
                      values[8], values[9], values[10]])
    vrows.append(["4478812345_999", "https://www.facebook.com/4478812345/videos/999", "Une vidéo plus ancienne",
                  "Video", "", "", _fb_posted(dt.datetime(2016, 1, 20, 18, 5, 2)), " ", "", 1200, 830, 0, 830, 120,
                  950, 610, 3, 41, 2])
    video_posts = _csv(vrows)
    # page level (daily): Windows-1252, no BOM, M/D/YYYY without padding, duplicated names, oldest first
    pheader = ["Date", "Lifetime Total Likes", "Daily New Likes", "Daily Unlikes", "Daily Page Engaged Users",
               "Weekly Page Engaged Users", "Daily Total Reach", "Daily Total Impressions", "Daily Logged-in Page Views",
               "Daily Logged-in Page Views", "Lifetime Likes by City - Örebro, Örebro County, Sweden"]
    pdesc = ["", "Lifetime: The total number of people who have liked your Page. (Unique Users)",
             "Daily: The number of new people who have liked your Page. (Unique Users)",
             "Daily: The number of Unlikes of your Page. (Unique Users)",
             "Daily: The number of people who engaged with your Page. (Unique Users)",
             "Weekly: The number of people who engaged with your Page. (Unique Users)",
             "Daily: The number of people who had any content from your Page enter their screen. (Unique Users)",
             "Daily: The number of times any content from your Page entered a person's screen. (Total Count)",
             "Daily: Page views from users logged into Facebook. (Unique Users)",
             "Daily: Page views from users logged into Facebook. (Total Count)",
             "Lifetime: Aggregated Facebook location data. (Unique Users)"]
    prows = [pheader, pdesc]
    likes = 5210
    day = dt.date(2016, 1, 20)
    while day <= dt.date(2016, 2, 15):
        new, lost = rng.randint(0, 12), rng.randint(0, 4)
        likes += new - lost
        reach = rng.randint(400, 5000)
        views = rng.randint(0, 40)
        prows.append([f"{day.month}/{day.day}/{day.year}", likes, new or "", lost or "", rng.randint(20, 400),
                      rng.randint(300, 2000), reach, int(reach * 1.6), views or "", (views * 2) or "", 3])
        day += dt.timedelta(days=1)
    page_level = _csv(prows)
    base = "facebook_classic/Facebook Insights Data Export"
    return {
        f"{base} (Post Level) - {page} - {span}.csv": ("\ufeff" + post_level).encode("utf-8"),
        f"{base} (Video Posts) - {page} - {span}.csv": ("\ufeff" + video_posts).encode("utf-8"),
        f"{base} - {page} - {span}.csv": page_level.encode("cp1252"),
    }


# ------------------------------------------------------------------------------------------------
# A page-only folder: classic Facebook page export (another page) beside the real YouTube excerpt
# ------------------------------------------------------------------------------------------------
def page_only() -> dict[str, bytes]:
    rng = random.Random(1231)
    pheader = ["Date", "Lifetime Total Likes", "Daily New Likes", "Daily Unlikes", "Daily Total Reach",
               "Daily Total Impressions", "Daily Logged-in Page Views"]
    pdesc = ["", "Lifetime: The total number of people who have liked your Page. (Unique Users)",
             "Daily: The number of new people who have liked your Page. (Unique Users)",
             "Daily: The number of Unlikes of your Page. (Unique Users)",
             "Daily: The number of people who had any content from your Page enter their screen. (Unique Users)",
             "Daily: The number of times any content from your Page entered a person's screen. (Total Count)",
             "Daily: Page views from users logged into Facebook. (Total Count)"]
    rows = [pheader, pdesc]
    likes = 12040
    day = dt.date(2020, 12, 31)
    while day <= dt.date(2021, 2, 28):
        new, lost = rng.randint(2, 30), rng.randint(0, 9)
        likes += new - lost
        reach = rng.randint(900, 9000)
        rows.append([f"{day.month}/{day.day}/{day.year}", likes, new, lost, reach, int(reach * 1.45), rng.randint(5, 90)])
        day += dt.timedelta(days=1)
    return {"page_only/Facebook Insights Data Export - Forges Test - 2020-12-31 - 2021-02-28.csv":
            _csv(rows).encode("cp1252")}


# ------------------------------------------------------------------------------------------------
# A small Facebook page (issue 19): 20 posts reached by 0 to 3 people, no engagement at all
# ------------------------------------------------------------------------------------------------
def facebook_small_page() -> dict[str, bytes]:
    rng = random.Random(20)
    page, span = "Petit Atelier", "2021-01-04 - 2021-02-28"
    cols = [
        ("Lifetime Post Total Reach", "Lifetime: The total number of people your Page post was served to. (Unique Users)"),
        ("Lifetime Post Paid Reach", "Lifetime: The number of people your advertised Page post was served to. (Unique Users)"),
        ("Lifetime Post Total Impressions", "Lifetime: The number of impressions of your Page post. (Total Count)"),
        ("Lifetime Engaged Users", "Lifetime: The number of people who clicked anywhere in your posts. (Unique Users)"),
        ("Lifetime Post Stories by action type - comment", "Lifetime: The number of stories created about your Page post, by action type. (Total Count)"),
        ("Lifetime Post Stories by action type - like", ""),
        ("Lifetime Post Stories by action type - share", ""),
        ("Lifetime Post Consumptions", "Lifetime: The number of clicks anywhere in your post. (Total Count)"),
    ]
    rows = [_FB_ID + [c for c, _ in cols], [""] * len(_FB_ID) + [d for _, d in cols]]
    kinds = ["Photo", "Link", "Status", "Photo", "Photo"]
    posts = []
    for k in range(20):
        t = dt.datetime(2021, 1, 4, 8, 30) + dt.timedelta(days=2.7 * k, minutes=53 * k)
        reach = rng.randint(0, 3)
        impressions = reach + rng.randint(0, 2) if reach else 0
        # no action on any post: the export writes 0 on most rows, leaves every action blank on some
        actions = ["", "", ""] if k % 7 == 3 else [0, 0, 0]
        posts.append((t, kinds[k % len(kinds)], [reach, 0, impressions, 0, *actions, 0]))
    for k, (t, kind, values) in sorted(enumerate(posts), key=lambda kv: kv[1][0], reverse=True):  # newest first
        rows.append([f"1029384756_{2000 + k}", f"https://www.facebook.com/1029384756/posts/{2000 + k}",
                     f"Atelier, semaine {k + 1}", "" if kind == "Status" else kind, "", "", _fb_posted(t), " ", *values])
    prows = [["Date", "Lifetime Total Likes", "Daily New Likes", "Daily Unlikes", "Daily Total Reach",
              "Daily Total Impressions"],
             ["", "Lifetime: The total number of people who have liked your Page. (Unique Users)",
              "Daily: The number of new people who have liked your Page. (Unique Users)",
              "Daily: The number of Unlikes of your Page. (Unique Users)",
              "Daily: The number of people who had any content from your Page enter their screen. (Unique Users)",
              "Daily: The number of times any content from your Page entered a person's screen. (Total Count)"]]
    likes, day = 38, dt.date(2021, 1, 4)
    while day <= dt.date(2021, 2, 28):
        new, lost = rng.choice([0, 0, 0, 1]), rng.choice([0, 0, 0, 0, 1])
        likes += new - lost
        reach = rng.randint(0, 6)
        prows.append([f"{day.month}/{day.day}/{day.year}", likes, new or "", lost or "", reach, reach + rng.randint(0, 3)])
        day += dt.timedelta(days=1)
    base = "facebook_small_page/Facebook Insights Data Export"
    return {f"{base} (Post Level) - {page} - {span}.csv": ("\ufeff" + _csv(rows)).encode("utf-8"),
            f"{base} - {page} - {span}.csv": _csv(prows).encode("cp1252")}


def build() -> dict[str, bytes]:
    return {**tiktok(), **facebook_classic(), **page_only(), **facebook_small_page()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = []
    for rel, data in build().items():
        path = HERE / rel
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if stale:
        print("stale fixtures (run python tests/data/build_fixtures.py):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
