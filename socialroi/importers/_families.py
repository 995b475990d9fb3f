"""The export families: header signatures (alias tables) and converters to canonical rows (private).

Each ``Family`` lists its fields as ``key -> aliases`` (English and French labels as the platforms
write them; matched case-, accent- and whitespace-insensitively, see ``_parse.norm_label``; an alias
ending in ``*`` matches any label starting with it), the groups of keys it *requires* (any one of
each group), and a converter from the recognised columns to canonical rows. Requiring a subset of
columns, never the exact tuple, lets new vintages with extra columns load.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import formatting as fmt
from . import _parse
from ._context import Ctx, YearEvidence
from ._parse import fold, norm_label

__all__: list[str] = []


@dataclass(frozen=True)
class Family:
    name: str
    title: str
    table: str  # posts | audience | mentions | unused (recognised, listed in the report, not imported)
    platform: str | None
    fields: dict[str, tuple[str, ...]]
    required: tuple[tuple[str, ...], ...]
    convert: Callable[[Ctx], pd.DataFrame | None]
    time_convention: str
    description_row: bool = False
    forbidden: tuple[str, ...] = ()
    source_tz: str | None = None  # zone of naive times with a time of day; None = dataset timezone

    def matcher(self) -> list[tuple[str, str, bool]]:
        """(normalised alias, key, is_prefix) in declaration order."""
        out = []
        for key, aliases in self.fields.items():
            for a in aliases:
                prefix = a.endswith("*")
                out.append((norm_label(a.rstrip("*")), key, prefix))
        return out


# ----------------------------------------------------------------------------- helpers
_POST_TYPES = {
    "photo": "photo", "photos": "photo", "image": "photo", "ig image": "photo", "picture": "photo", "album": "carousel",
    "video": "video", "videos": "video", "sharedvideo": "video", "shared video": "video", "ig video": "video", "native video": "video",
    "reel": "reel", "reels": "reel", "ig reel": "reel", "short": "video", "shorts": "video",
    "carousel": "carousel", "ig carousel": "carousel", "carrousel": "carousel", "carousel album": "carousel",
    "link": "link", "links": "link", "lien": "link", "liens": "link", "article": "link",
    "status": "text", "text": "text", "texte": "text", "statut": "text",
    "story": "story", "stories": "story", "ig story": "story",
    "live": "live", "live video": "live", "direct": "live",
}


def _post_type(ctx: Ctx, key: str) -> pd.Series:
    raw = ctx.text(key, to="post_type")
    out = fold(raw).map(_POST_TYPES).astype("string")
    unknown = raw.notna() & out.isna()
    if unknown.any():
        vals = sorted(set(raw[unknown].dropna()))[:5]
        ctx.warn(f"post type value(s) {vals} have no canonical equivalent: written as 'other' (raw value kept in source_post_type)")
        out = out.where(~unknown, "other")
    return out


def _fraction(ctx: Ctx, key: str, to: str) -> pd.Series:
    """A rate the platform writes as a fraction (``0.0306``) or a percentage (``3.06%``), as a fraction."""
    if not ctx.has(key):
        return pd.Series(np.nan, index=ctx.src.index, dtype="float64")
    x = ctx.number(key, to=to)
    pct = ctx.src[key].astype("string").str.contains("%", regex=False).fillna(False).to_numpy(dtype=bool)
    return x.where(~pct, x / 100.0)


def _longest(a: pd.Series, b: pd.Series) -> pd.Series:
    la, lb = a.str.len().fillna(-1), b.str.len().fillna(-1)
    return a.where(la >= lb, b)


def _order_rule(ctx: Ctx, english_default: str = "mdy") -> tuple[str, str]:
    if ctx.french:
        return "dmy", "French Meta labels: day first (one parser says so; another says month first — check one date by hand)"
    return english_default, "Meta exports write MM/DD/YYYY (US month-first) in English"


# ----------------------------------------------------------------------------- Facebook classic
_ACTIONS = ("like", "comment", "share")


def _actions(ctx: Ctx, prefix: str, what: str) -> dict[str, pd.Series] | None:
    """reactions / comments / shares from the "<prefix>_like/_comment/_share" columns, or None.

    Facebook leaves an action type blank when a post had none of it: a blank in a row that has
    other actions is 0; a row where every action type is blank stays missing.
    """
    keys = [f"{prefix}_{a}" for a in _ACTIONS]
    if not ctx.has(*keys):
        return None
    out = {"reactions": f"{prefix}_like", "comments": f"{prefix}_comment", "shares": f"{prefix}_share"}
    frame = pd.DataFrame({col: ctx.count(key, to=f"{col} ({what})") for col, key in out.items()}, index=ctx.src.index)
    any_value = frame.notna().any(axis=1).to_numpy()
    frame = frame.mask(frame.isna() & any_value[:, None], 0).astype("Int64")
    for col, key in out.items():
        if key not in ctx.src.columns:  # an action type the export does not have at all stays missing
            frame[col] = pd.array([pd.NA] * len(frame), dtype="Int64")
    return {c: frame[c] for c in frame.columns}


def _link_clicks(ctx: Ctx) -> pd.Series:
    """Link clicks of "Lifetime Post Consumptions by type - link clicks": blank in a row that has other
    click types is 0 (Facebook omits the types a post had none of); missing without any click type."""
    link = ctx.count("consumptions_link", to="clicks (Lifetime Post Consumptions by type - link clicks)")
    others = [ctx.count(k) for k in ("consumptions_other", "consumptions_photo", "consumptions_video") if ctx.has(k)]
    if ctx.has("consumptions_link") and others:
        any_other = pd.concat(others, axis=1).notna().any(axis=1)
        link = link.mask(link.isna() & any_other, 0).astype("Int64")
        ctx._record(("consumptions_other", "consumptions_photo", "consumptions_video"),
                    "(tells a blank link-click count from a missing one: 0 when the post had other clicks)")
    return link


def _fb_classic_posts(ctx: Ctx) -> pd.DataFrame:
    posted = ctx.when("posted", to="published_at")
    posted.has_time[:] = posted.naive.notna()
    reach_paid = ctx.count("reach_paid")
    impressions_paid = ctx.count("impressions_paid")
    paid = pd.concat([reach_paid, impressions_paid], axis=1).max(axis=1)
    is_paid = (paid > 0).astype("boolean").where(paid.notna())
    ctx._record(("reach_paid", "impressions_paid"), "is_paid (> 0)")
    # likes, comments, shares: "Lifetime Post Stories by action type - like" (actions, Total Count);
    # else "Lifetime Talking About This (Post) by action type - like" (unique people who acted)
    actions = _actions(ctx, "stories", "Lifetime Post Stories by action type: stories created, Total Count")
    if actions is not None:
        ctx.ignore("talking_like", "talking_comment", "talking_share",
                   why="unique people; the story counts by action type are used instead")
        ctx.note("reactions, comments and shares come from the 'Lifetime Post Stories by action type' columns "
                 "(counts of actions)")
    else:
        actions = _actions(ctx, "talking", "Lifetime Talking About This (Post) by action type: unique people")
        if actions is not None:
            ctx.warn("reactions, comments and shares come from 'Lifetime Talking About This (Post) by action type', "
                     "which counts unique people who acted, not actions (a person who commented twice counts once): "
                     "a lower bound of the actions; the export has no 'Lifetime Post Stories by action type' columns")
            ctx.assumptions.append({"kind": "basis", "platform": "facebook", "what": "engagement_unique_people",
                                    "text": "facebook reactions, comments and shares count unique people who acted "
                                            "(Talking About This), not actions: a lower bound"})
        else:
            ctx.note("reactions, comments, shares and link clicks come from the breakdown sheets (\"Lifetime Post "
                     "Stories by action type\", \"Lifetime Post Consumptions by type\") when present")
            actions = {}
    ctx.ignore("consumers_link", "consumers_other", why="unique people who clicked, not clicks")
    if ctx.has("video_total"):
        video = ctx.count("video_total", to="video_views (Lifetime Total Video Views, Total Count)")
        ctx.ignore("video_views_organic", "video_views_paid", why="part of Lifetime Total Video Views")
    else:
        video = ctx.count_sum("video_views_organic", "video_views_paid", to="video_views (organic + paid, Total Count)")
    extras = {}
    if ctx.has("video_unique"):
        extras["video_views_unique"] = ctx.count("video_unique", to="video_views_unique (extra: unique people)")
    if ctx.has("video_total"):
        for key, col in (("video_views_organic", "video_views_organic"), ("video_views_paid", "video_views_paid")):
            if ctx.has(key):
                extras[col] = ctx.count(key, to=f"{col} (extra)")
    for key, col in (("video_organic_unique", "video_views_organic_unique"), ("video_paid_unique", "video_views_paid_unique")):
        if ctx.has(key):
            extras[col] = ctx.count(key, to=f"{col} (extra: unique people)")
    out = ctx.frame(
        "facebook",
        post_id=ctx.text("post_id", to="post_id"),
        published_at=ctx.timestamp(posted),
        post_type=_post_type(ctx, "type") if ctx.has("type") else pd.NA,
        source_post_type=ctx.text("type"),
        is_paid=is_paid,
        impressions=ctx.count("impressions", to="impressions"),
        reach=ctx.count("reach", to="reach"),
        **actions,
        clicks=_link_clicks(ctx),
        video_views=video,
        all_clicks=ctx.count("consumptions", to="all_clicks (extra: clicks anywhere in the post)"),
        engaged_users=ctx.count("engaged", to="engaged_users (extra: unique people)"),
        negative_feedback=ctx.count("negative", to="negative_feedback (extra)"),
        **extras,
        text=ctx.text("message", to="text"),
        permalink=ctx.text("permalink", to="permalink (extra)"),
    )
    return out


def _fb_classic_breakdown(ctx: Ctx) -> pd.DataFrame | None:
    desc = ctx.text("description")
    what = norm_label(" ".join(desc.dropna().head(1)))
    ctx.ignore("description", why="description of the breakdown")
    posted = ctx.when("posted", to="published_at")
    posted.has_time[:] = posted.naive.notna()
    base = {
        "post_id": ctx.text("post_id", to="post_id"),
        "published_at": ctx.timestamp(posted),
    }
    parts: dict[str, tuple[str, str]] = {}
    if "stories" in what or "talking about" in what and "unique" not in what:
        parts = {"reactions": ("like", "reactions"), "comments": ("comment", "comments"), "shares": ("share", "shares")}
        kind = "story counts by action type"
    elif "clicks anywhere" in what or "consumptions" in what or ("number of clicks" in what and "people" not in what):
        parts = {"clicks": ("link_clicks", "clicks (link clicks)"), "photo_views": ("photo_view", "photo_views (extra)"), "video_plays": ("video_play", "video_plays (extra)"), "other_clicks": ("other_clicks", "other_clicks (extra)")}
        kind = "click counts by type"
    else:
        ctx.ignore(*[k for k in ctx.src.columns if k not in ("post_id", "posted", "description")], why="counts unique people, not actions")
        ctx.note(f"breakdown of unique people or negative feedback ({what[:70]!r}...): recognised, not mapped")
        return None
    counts = {}
    for out_col, (key, label) in parts.items():
        counts[out_col] = ctx.count(key, to=label)
    frame = pd.DataFrame(counts, index=ctx.src.index)
    any_value = frame.notna().any(axis=1).to_numpy()
    frame = frame.mask(frame.isna() & any_value[:, None], 0).astype("Int64")
    ctx.note(
        f"{kind}: a blank action type in a row that has other actions is 0 (Facebook omits action types "
        f"without any); rows where every action type is blank ({int((~any_value).sum())}) stay missing"
    )
    return ctx.frame("facebook", **base, **{c: frame[c] for c in frame.columns})


def _fb_classic_page(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="date")
    out = ctx.frame(
        "facebook",
        date=d.naive.dt.normalize(),
        followers=ctx.count("total_likes", to="followers (page likes, end of day)"),
        new_followers=ctx.count("new_likes", to="new_followers"),
        lost_followers=ctx.count("unlikes", to="lost_followers"),
        impressions=ctx.count("impressions", to="impressions"),
        reach=ctx.count("reach", to="reach"),
        profile_visits=ctx.count("page_views", to="profile_visits"),
        engaged_users=ctx.count("engaged", to="engaged_users (extra: unique people)"),
        video_views=ctx.count("video_views", to="video_views (extra)"),
    )
    ctx.note("blank cells are kept missing (Facebook left a cell blank when it had no value for the day; it often means 0)")
    return out


# ----------------------------------------------------------------------------- Meta Business Suite
def _meta_posts(platform: str) -> Callable[[Ctx], pd.DataFrame]:
    def convert(ctx: Ctx) -> pd.DataFrame:
        order, reason = _order_rule(ctx)
        pub = ctx.when("publish", to="published_at", order=order, reason=reason)
        if ctx.has("date"):
            ctx.ignore("date", why="'Lifetime': totals since publication, as of the export date (snapshot_at)")
        title = ctx.text("title", to="text (longer of Title/Description)")
        description = ctx.text("description", to="text (longer of Title/Description)")
        boosted = ctx.count("boosted_reach", "boosted_views", to="is_paid (> 0)")
        funded = ctx.text("funded")
        if ctx.has("boosted_reach", "boosted_views"):
            is_paid = (boosted > 0).astype("boolean").where(boosted.notna())
        elif ctx.has("funded"):
            ctx._record(("funded",), "is_paid (status present)")
            is_paid = funded.notna().astype("boolean")
        else:
            is_paid = pd.NA
        if ctx.has("views") and ctx.has("impressions"):
            ctx.note("'Views' and 'Impressions' both present: kept apart (views vs impressions), never merged")
        cols = dict(
            post_id=ctx.text("post_id", to="post_id"),
            published_at=ctx.timestamp(pub),
            post_type=_post_type(ctx, "post_type") if ctx.has("post_type") else pd.NA,
            source_post_type=ctx.text("post_type"),
            is_paid=is_paid,
            impressions=ctx.count("impressions", to="impressions"),
            reach=ctx.count("reach", to="reach"),
            reactions=ctx.count("reactions", "likes", to="reactions"),
            comments=ctx.count("comments", to="comments"),
            shares=ctx.count("shares", to="shares"),
            saves=ctx.count("saves", to="saves"),
            clicks=ctx.count("link_clicks", to="clicks (link clicks)"),
            views=ctx.count("views", to="views (Meta Views, kept apart from impressions)"),
            video_views=ctx.count("video_3s", "plays", to="video_views"),
            all_clicks=ctx.count("total_clicks", to="all_clicks (extra: all clicks)"),
            follows=ctx.count("follows", to="follows (extra: follows from the post)"),
            platform_engagements=ctx.count("rcs", to="platform_engagements (extra: reactions+comments+shares as Meta counts them)"),
            text=_longest(title, description),
            permalink=ctx.text("permalink", to="permalink (extra)"),
            account_id=ctx.text("page_id", "account_id", to="account_id (extra)"),
        )
        if ctx.has("category"):
            cols["category"] = ctx.text("category", to="category (extra: added by the user)")
        return ctx.frame(platform, **cols)

    return convert


_META_SERIES = {
    # metric title (normalised, platform prefix removed) -> canonical audience column
    "follows": "new_followers", "new follows": "new_followers", "new followers": "new_followers", "abonnements": "new_followers",
    "followers": "followers", "abonnes": "followers",
    "unfollows": "lost_followers",
    "reach": "reach", "viewers": "reach", "couverture": "reach", "spectateurs": "reach",
    "visits": "profile_visits", "profile visits": "profile_visits", "page visits": "profile_visits", "visites": "profile_visits", "visites du profil": "profile_visits",
    "impressions": "impressions",
    "views": "views", "vues": "views",
    "content interactions": "interactions", "interactions": "interactions", "interactions avec le contenu": "interactions",
    "link clicks": "link_clicks", "clics sur un lien": "link_clicks",
}


def _meta_series(ctx: Ctx) -> pd.DataFrame:
    title = ""
    for row in ctx.preamble[::-1]:
        cells = [str(c).strip() for c in row if c not in (None, "")]
        if cells:
            title = cells[0]
            break
    t = norm_label(title)
    platform = "facebook"
    if t.startswith("instagram"):
        platform, t = "instagram", t[len("instagram"):].strip()
    elif t.startswith("facebook"):
        t = t[len("facebook"):].strip()
    else:
        ctx.warn(f"the metric title {title!r} does not name the platform: assumed facebook")
    column = _META_SERIES.get(t)
    if column is None:
        column = re.sub(r"[^a-z0-9]+", "_", t).strip("_") or "value"
        ctx.warn(f"metric {title!r} has no canonical audience column: kept as extra column {column!r}")
    d = ctx.when("date", to="date")
    ctx.note(f"metric title line {title!r} → {column}")
    return ctx.frame(platform, date=d.naive.dt.normalize(), **{column: ctx.count("primary", to=column)})


# ----------------------------------------------------------------------------- UCI
def _uci(ctx: Ctx) -> pd.DataFrame:
    month = ctx.count("month", to="published_at (month; day unknown)")
    hour = ctx.count("hour", to="published_at (hour)")
    frame = pd.DataFrame({"year": 2014, "month": month.astype("float"), "day": 1, "hour": hour.astype("float").fillna(0)})
    naive = pd.to_datetime(frame, errors="coerce")
    published = naive.dt.tz_localize(ctx.timezone, ambiguous=np.zeros(len(naive), dtype=bool), nonexistent="shift_forward")
    ctx.warn(
        "UCI Facebook metrics has no dates (month, weekday and hour only): published_at = the 1st of "
        "Post Month 2014 at Post Hour, dataset time; use post_month/post_weekday/post_hour for time analyses"
    )
    ctx.assumptions.append({"kind": "year", "column": ctx.labels.get("month", "Post Month"), "values": len(ctx.src),
                            "source": "the year the data set documents (2014, Moro et al. 2016); the day is unknown: "
                                      "the 1st of the month at Post Hour, in the dataset timezone"})
    paid = ctx.count("paid", to="is_paid")
    ids = pd.Series(np.arange(1, len(ctx.src) + 1), index=ctx.src.index).astype("string")
    ctx.note("post_id = row number in the file (the file has no post ids)")
    return ctx.frame(
        "facebook",
        post_id=ids,
        published_at=published,
        post_type=_post_type(ctx, "type"),
        source_post_type=ctx.text("type"),
        is_paid=(paid > 0).astype("boolean").where(paid.notna()),
        impressions=ctx.count("impressions", to="impressions"),
        reach=ctx.count("reach", to="reach"),
        reactions=ctx.count("like", to="reactions"),
        comments=ctx.count("comment", to="comments"),
        shares=ctx.count("share", to="shares"),
        all_clicks=ctx.count("consumptions", to="all_clicks (extra: clicks anywhere)"),
        engaged_users=ctx.count("engaged", to="engaged_users (extra)"),
        total_interactions=ctx.count("total", to="total_interactions (extra: as published)"),
        page_total_likes=ctx.count("page_likes", to="page_total_likes (extra: followers at posting)"),
        category=ctx.text("category", to="category (extra)"),
        post_month=month,
        post_weekday=ctx.count("weekday", to="post_weekday (extra)"),
        post_hour=hour,
    )


# ----------------------------------------------------------------------------- X / Twitter
def _x_tweets(ctx: Ctx) -> pd.DataFrame:
    t = ctx.when("time", to="published_at")
    promoted = ctx.count("promoted_impressions", to="is_paid (value present, not '-'); promoted_impressions (extra)")
    return ctx.frame(
        "x",
        post_id=ctx.text("tweet_id", to="post_id"),
        published_at=ctx.timestamp(t),
        is_paid=promoted.notna().astype("boolean") if ctx.has("promoted_impressions") else pd.NA,
        impressions=ctx.count("impressions", to="impressions"),
        reactions=ctx.count("likes", to="reactions"),
        comments=ctx.count("replies", to="comments"),
        shares=ctx.count("retweets", to="shares"),
        clicks=ctx.count("url_clicks", to="clicks (url clicks)"),
        media_views=ctx.count("media_views", to="media_views (extra: views of any media, photos included — not video views)"),
        platform_engagements=ctx.count("engagements", to="platform_engagements (extra: all interactions as X counts them)"),
        platform_engagement_rate=_fraction(ctx, "engagement_rate", "platform_engagement_rate (extra: X's own rate, "
                                                                   "engagements / impressions, as a fraction)"),
        profile_clicks=ctx.count("profile_clicks", to="profile_clicks (extra)"),
        detail_expands=ctx.count("detail_expands", to="detail_expands (extra)"),
        follows=ctx.count("follows", to="follows (extra)"),
        promoted_impressions=promoted,
        text=ctx.text("text", to="text (HTML entities such as &amp; decoded)").map(html.unescape, na_action="ignore").astype("string"),
        permalink=ctx.text("permalink", to="permalink (extra)"),
    )


def _x_content(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="published_at (day only)")
    if d.has_time.any():
        ctx.warn("some dates carry a time of day: read in the dataset timezone (X does not state the zone)")
    return ctx.frame(
        "x",
        post_id=ctx.text("post_id", to="post_id"),
        published_at=ctx.timestamp(d),
        impressions=ctx.count("impressions", to="impressions"),
        reactions=ctx.count("likes", to="reactions"),
        comments=ctx.count("replies", to="comments"),
        shares=ctx.count("reposts", to="shares (reposts)"),
        saves=ctx.count("bookmarks", to="saves (bookmarks)"),
        clicks=ctx.count("url_clicks", to="clicks (url clicks)"),
        send_shares=ctx.count("share", to="send_shares (extra: shares by DM/link, not reposts)"),
        platform_engagements=ctx.count("engagements", to="platform_engagements (extra)"),
        follows=ctx.count("new_follows", to="follows (extra)"),
        profile_clicks=ctx.count("profile_visits", to="profile_clicks (extra)"),
        detail_expands=ctx.count("detail_expands", to="detail_expands (extra)"),
        text=ctx.text("text", to="text"),
        permalink=ctx.text("link", to="permalink (extra)"),
    )


def _x_overview(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="date")
    ctx.note("no follower stock in this export: followers left missing (new_followers − lost_followers is the daily net change)")
    return ctx.frame(
        "x",
        date=d.naive.dt.normalize(),
        new_followers=ctx.count("new_follows", to="new_followers"),
        lost_followers=ctx.count("unfollows", to="lost_followers"),
        impressions=ctx.count("impressions", to="impressions"),
        profile_visits=ctx.count("profile_visits", to="profile_visits"),
        engagements=ctx.count("engagements", to="engagements (extra)"),
        posts_published=ctx.count("create_post", to="posts_published (extra)"),
        video_views=ctx.count("video_views", to="video_views (extra)"),
        media_views=ctx.count("media_views", to="media_views (extra)"),
    )


def _x_daily_legacy(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="date")
    return ctx.frame(
        "x",
        date=d.naive.dt.normalize(),
        impressions=ctx.count("impressions", to="impressions"),
        new_followers=ctx.count("follows", to="new_followers (follows from tweets)"),
        profile_visits=ctx.count("profile_clicks", to="profile_visits (user profile clicks)"),
        engagements=ctx.count("engagements", to="engagements (extra)"),
        posts_published=ctx.count("tweets_published", to="posts_published (extra)"),
        media_views=ctx.count("media_views", to="media_views (extra)"),
    )


# ----------------------------------------------------------------------------- LinkedIn
def _linkedin_posts(ctx: Ctx) -> pd.DataFrame:
    link = ctx.text("link", to="post_id (digits after activity:/ugcPost:/share:), permalink")
    ids = link.str.extract(r"(?:activity|ugcPost|share|ugcpost)[:%3A]+(\d+)", expand=False)
    ids = ids.fillna(link)
    created = ctx.when("created", to="published_at (UTC day)", order="mdy", reason="LinkedIn writes MM/DD/YYYY")
    ctx.ignore("posted_by", why="personal data (an employee's name), dropped")
    kind = ctx.text("update_type")
    ctx._record(("update_type",), "is_paid (Sponsored)")
    return ctx.frame(
        "linkedin",
        post_id=ids.astype("string"),
        published_at=ctx.timestamp(created),
        post_type=_post_type(ctx, "content_type") if ctx.has("content_type") else pd.NA,
        campaign=ctx.text("campaign", to="campaign"),
        is_paid=kind.str.lower().str.contains("sponsor").astype("boolean") if ctx.has("update_type") else pd.NA,
        impressions=ctx.count("impressions", to="impressions"),
        reactions=ctx.count("likes", to="reactions"),
        comments=ctx.count("comments", to="comments"),
        shares=ctx.count("shares", to="shares"),
        clicks=ctx.count("clicks", to="clicks (LinkedIn clicks: content, name or logo)"),
        video_views=ctx.count("video_views", to="video_views"),
        follows=ctx.count("follows", to="follows (extra: follows from the post; LinkedIn counts them as engagements)"),
        platform_engagement_rate=_fraction(ctx, "engagement_rate", "platform_engagement_rate (extra: LinkedIn's own rate, "
                                                                   "(clicks + reactions + comments + shares + follows) / "
                                                                   "impressions, as a fraction)"),
        platform_ctr=_fraction(ctx, "ctr", "platform_ctr (extra: LinkedIn's clicks / impressions, as a fraction)"),
        text=ctx.text("title", to="text"),
        permalink=link,
    )


def _linkedin_visitors(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="date (UTC day)", order="mdy", reason="LinkedIn writes MM/DD/YYYY")
    return ctx.frame(
        "linkedin",
        date=d.naive.dt.normalize(),
        profile_visits=ctx.count("page_views", to="profile_visits (total page views)"),
        unique_visitors=ctx.count("unique_visitors", to="unique_visitors (extra)"),
    )


def _linkedin_daily(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="date (UTC day)", order="mdy", reason="LinkedIn writes MM/DD/YYYY")
    ctx.note("reach = unique impressions of organic updates only (LinkedIn gives no unique count for sponsored ones)")
    return ctx.frame(
        "linkedin",
        date=d.naive.dt.normalize(),
        impressions=ctx.count("impressions", to="impressions"),
        reach=ctx.count("unique_impressions", to="reach (organic unique impressions)"),
        clicks=ctx.count("clicks", to="clicks (extra)"),
        reactions=ctx.count("reactions", to="reactions (extra)"),
        comments=ctx.count("comments", to="comments (extra)"),
        shares=ctx.count("shares", to="shares (extra)"),
    )


def _linkedin_followers(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="date (UTC day)", order="mdy", reason="LinkedIn writes MM/DD/YYYY")
    return ctx.frame(
        "linkedin",
        date=d.naive.dt.normalize(),
        new_followers=ctx.count("total", to="new_followers"),
        organic_followers=ctx.count("organic", to="organic_new_followers (extra)"),
        sponsored_followers=ctx.count("sponsored", to="sponsored_new_followers (extra)"),
    )


# ----------------------------------------------------------------------------- YouTube
def _youtube_table(ctx: Ctx) -> pd.DataFrame | None:
    ids = ctx.text("content", to="post_id (leading spaces stripped)")
    total = ids.str.lower().isin(["total", "totaux", "totale"]).fillna(False).astype(bool)
    if total.any():
        msg = f"{int(total.sum())} 'Total' row dropped"
        if ctx.has("views"):
            views = ctx.number("views")
            listed, stated = views[~total].sum(), views[total].sum()
            if stated != listed:
                msg += (f" (it states {fmt.integer(stated, locale='en')} views; the videos listed sum to "
                        f"{fmt.integer(listed, locale='en')}: the Total also counts videos not in the table)")
        ctx.note(msg)
    pub = ctx.when("publish", to="published_at (day only)")
    minutes = ctx.number("duration", to="duration_s (extra)")
    hours = ctx.number("watch_hours", to="watch_time_hours (extra)")
    out = ctx.frame(
        "youtube",
        post_id=ids,
        published_at=ctx.timestamp(pub),
        post_type=pd.Series("video", index=ctx.src.index, dtype="string"),
        impressions=ctx.count("impressions", to="impressions (thumbnail impressions)"),
        reach=ctx.count("unique_viewers", to="reach (unique viewers)"),
        reactions=ctx.count("likes", to="reactions"),
        comments=ctx.count("comments", to="comments"),
        shares=ctx.count("shares", to="shares"),
        video_views=ctx.count("views", to="video_views"),
        subscribers_net=ctx.number("subscribers", to="subscribers_net (extra: gained − lost)"),
        duration_s=minutes,
        watch_time_hours=hours,
        impressions_ctr_pct=ctx.number("ctr", to="impressions_ctr_pct (extra: YouTube's impressions click-through "
                                                  "rate, in percent)"),
        average_view_duration_s=ctx.seconds("avg_duration", to="average_view_duration_s (extra: YouTube's average "
                                                               "view duration, in seconds)"),
        average_percentage_viewed=ctx.number("avg_pct", to="average_percentage_viewed (extra, in percent)"),
        text=ctx.text("title", to="text"),
    )
    return out[~total]


def _youtube_chart(ctx: Ctx) -> pd.DataFrame | None:
    ids = ctx.text("content", to="post_id")
    ctx.when("date", to="(per-day values: not mapped)")
    metrics = [k for k in ctx.src.columns if k.startswith("metric")]
    ctx.ignore(*metrics, why="per-video daily series; the canonical model has no per-post daily table")
    ctx.warn("Chart data holds daily values per video (the videos selected in Studio): recognised, but only the videos' ids, titles and publish dates are used (no counts)")
    pub = ctx.when("publish", to="published_at (day only)") if ctx.has("publish") else None
    frame = ctx.frame(
        "youtube",
        post_id=ids,
        published_at=ctx.timestamp(pub) if pub is not None else pd.NaT,
        post_type=pd.Series("video", index=ctx.src.index, dtype="string"),
        text=ctx.text("title", to="text"),
    )
    return frame.drop_duplicates(subset=["post_id"], keep="first")


def _youtube_totals(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="date")
    return ctx.frame(
        "youtube",
        date=d.naive.dt.normalize(),
        impressions=ctx.count("impressions", to="impressions"),
        reach=ctx.count("unique_viewers", to="reach (unique viewers)"),
        video_views=ctx.count("views", to="video_views (extra)"),
        new_followers=ctx.count("subs_gained", to="new_followers"),
        lost_followers=ctx.count("subs_lost", to="lost_followers"),
        followers_change=ctx.number("subscribers", to="followers_change (extra: net)"),
        watch_time_hours=ctx.number("watch_hours", to="watch_time_hours (extra)"),
    )


# ----------------------------------------------------------------------------- TikTok
_TIKTOK_FIRST = pd.Timestamp("2016-09-01", tz="UTC")  # TikTok (Douyin) launch: earlier id times are not ids


def _tiktok_ids(ctx: Ctx) -> tuple[pd.Series, pd.Series]:
    """(post ids, posting times) from the video links. TikTok video ids are time-ordered: the id
    shifted right by 32 bits is the Unix time of posting (UTC seconds); as a naive day-time in the
    dataset timezone, NaT where the id does not decode to a plausible time."""
    link = ctx.text("link")
    ids = link.str.extract(r"/video/(\d+)", expand=False)
    valid = ids.str.fullmatch(r"\d{15,19}").fillna(False).astype(bool).to_numpy()
    secs = np.full(len(ids), np.nan)
    if valid.any():  # exact integer shift (a 19-digit id does not fit a float)
        as_int = np.array(ids[valid].tolist(), dtype=np.uint64)
        secs[valid] = (as_int >> np.uint64(32)).astype("float64")
    secs = pd.Series(secs, index=ids.index)
    t = pd.to_datetime(secs, unit="s", utc=True)
    plausible = (t >= _TIKTOK_FIRST) & (t <= pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=2))
    t = t.where(plausible)
    return ids.fillna(link), t.dt.tz_convert(ctx.timezone).dt.tz_localize(None)


def tiktok_evidence(ctx: Ctx) -> YearEvidence | None:
    """What a TikTok Content file says about the download date (for the year of the other files):
    the as-of column ``Time`` placed on or after the latest post (from the video ids), or, without
    ``Time``, the latest post itself as a lower bound of the export's last day."""
    _, posted = _tiktok_ids(ctx)
    latest = posted.max() if posted.notna().any() else None
    if ctx.has("time"):
        parsed = _parse.when(ctx.src["time"], file=ctx.file, column=ctx.labels["time"])
        full = parsed.naive.dropna()
        if len(full):
            return YearEvidence(f"the export date {full.max().date()} in the 'Time' column of {ctx.file}",
                                end=full.max().normalize(), kind="content")
        if latest is not None and parsed.year_missing.any():
            asof = _parse.years_after(parsed.month[parsed.year_missing], parsed.day[parsed.year_missing],
                                      latest.normalize()).max()
            if pd.notna(asof):
                return YearEvidence(f"the export date {asof.date()} of {ctx.file} ('Time' column, placed on or after "
                                    f"its latest post, {latest.date()}, dated by the video ids)",
                                    end=asof.normalize(), kind="content")
    if latest is not None:
        return YearEvidence(f"the latest post of {ctx.file} ({latest.date()}, dated by its video id): the export "
                            "covers days up to that post or later", after=latest.normalize() - pd.Timedelta(days=1),
                            kind="video_ids")
    return None


def _tiktok_content(ctx: Ctx) -> pd.DataFrame:
    link = ctx.text("link", to="post_id (digits of the video link), permalink")
    ids, posted = _tiktok_ids(ctx)
    if ctx.has("time"):
        latest = posted.max() if posted.notna().any() else None
        raw = _parse.when(ctx.src["time"], file=ctx.file, column=ctx.labels["time"])
        if raw.year_missing.any() and latest is not None:
            asof = ctx.when("time", to="snapshot_at (as-of date)", yearless="after", after=latest.normalize())
        else:
            asof = ctx.when("time", to="snapshot_at (as-of date)", yearless="latest")
        if asof.naive.notna().any():
            ctx.snapshot = pd.Timestamp(asof.naive.max()).tz_localize(ctx.timezone)
    post = ctx.when("post_time", to="published_at", yearless="posts", near=posted)
    return ctx.frame(
        "tiktok",
        post_id=ids.astype("string"),
        published_at=ctx.timestamp(post),
        post_type=pd.Series("video", index=ctx.src.index, dtype="string"),
        reactions=ctx.count("likes", to="reactions"),
        comments=ctx.count("comments", to="comments"),
        shares=ctx.count("shares", to="shares"),
        saves=ctx.count("favorites", to="saves"),
        video_views=ctx.count("views", to="video_views"),
        text=ctx.text("title", to="text"),
        permalink=link,
    )


def _tiktok_overview(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="date")
    return ctx.frame(
        "tiktok",
        date=d.naive.dt.normalize(),
        profile_visits=ctx.count("profile_views", to="profile_visits"),
        video_views=ctx.count("video_views", to="video_views (extra)"),
        reactions=ctx.count("likes", to="reactions (extra)"),
        comments=ctx.count("comments", to="comments (extra)"),
        shares=ctx.count("shares", to="shares (extra)"),
    )


def _tiktok_followers(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="date")
    return ctx.frame(
        "tiktok",
        date=d.naive.dt.normalize(),
        followers=ctx.count("followers", to="followers"),
        followers_change=ctx.number("difference", to="followers_change (extra: net, not gross new followers)"),
    )


def _unused(why: str) -> Callable[[Ctx], None]:
    """Converter of a file a download contains but the data model has no table for."""
    def convert(ctx: Ctx) -> None:
        ctx.ignore(*ctx.src.columns, why=why)
        ctx.note(f"recognised, not used: {why}")
        return None

    return convert


def _viewers(ctx: Ctx) -> pd.DataFrame:
    d = ctx.when("date", to="date")
    platform = "tiktok" if d.year_missing.any() else "facebook"
    if platform == "facebook":
        ctx.warn("Viewers file with dated rows: Meta Business Suite and TikTok share this header; assumed facebook (TikTok writes dates without a year)")
    return ctx.frame(
        platform,
        date=d.naive.dt.normalize(),
        reach=ctx.count("total", to="reach (total viewers)"),
        new_viewers=ctx.count("new", to="new_viewers (extra)"),
        returning_viewers=ctx.count("returning", to="returning_viewers (extra)"),
    )


# ----------------------------------------------------------------------------- listening
_SENTIMENT = {
    "positive": "positive", "positif": "positive", "positivo": "positive", "pos": "positive",
    "negative": "negative", "negatif": "negative", "negativo": "negative", "neg": "negative",
    "neutral": "neutral", "neutre": "neutral", "neutro": "neutral", "neu": "neutral", "mixed": "neutral", "mixte": "neutral",
}
_SOURCES = {"twitter": "x", "x": "x", "x (twitter)": "x", "facebook": "facebook", "instagram": "instagram", "linkedin": "linkedin",
            "youtube": "youtube", "tiktok": "tiktok"}


def _listening(ctx: Ctx) -> pd.DataFrame:
    raw_date = ctx.src["date"]
    num = pd.to_numeric(_parse_text_num(raw_date), errors="coerce").astype("float64")
    epoch_ms = (num > 1e11).to_numpy(dtype=bool)
    if len(num) and epoch_ms.all():
        ts = pd.to_datetime(num, unit="ms", utc=True).dt.tz_convert(ctx.timezone)
        ctx._record(("date",), "timestamp (epoch milliseconds, UTC)")
    else:
        if ctx.has("time"):
            combined = ctx.src["date"].astype("string").str.strip() + " " + ctx.src["time"].astype("string").str.strip().fillna("")
            ctx.src = ctx.src.assign(date=combined.str.strip())
            ctx._record(("time",), "timestamp (time of day)")
        parsed = ctx.when("date", to="timestamp", order="mdy" if not ctx.french else "dmy", reason="listening tools write ISO dates; US tools month first")
        ts = ctx.timestamp(parsed)
    sentiment = ctx.text("sentiment", to="sentiment")
    folded = fold(sentiment)
    labels = folded.map(_SENTIMENT).astype("string")
    score = pd.to_numeric(folded, errors="coerce")
    if score.notna().any():
        if (score.abs() > 1).any():
            ctx.warn("numeric sentiment outside [-1, 1] (e.g. Talkwalker −5..5): converted to labels by its sign")
            labels = labels.fillna(pd.Series(np.select([score > 0, score < 0], ["positive", "negative"], "neutral"), index=score.index).where(score.notna()).astype("string"))
        else:
            labels = None
    if labels is not None:
        unknown = sentiment.notna() & labels.isna()
        if unknown.any():
            ctx.warn(f"sentiment value(s) {sorted(set(sentiment[unknown]))[:5]} not understood: left missing")
        sent = labels
    else:
        sent = score
    source = ctx.text("source", to="source, platform")
    platform = source.str.lower().str.strip().map(_SOURCES).astype("string")
    platform = platform.fillna(source.str.lower())
    ctx.ignore("author", why="personal data (third-party author), dropped")
    return ctx.frame(
        platform,
        timestamp=ts,
        brand=ctx.text("brand", to="brand"),
        source=source,
        sentiment=sent,
        reach=ctx.count("reach", to="reach"),
        mention_id=ctx.text("mention_id", to="mention_id"),
        url=ctx.text("url", to="url (extra)"),
        language=ctx.text("language", to="language (extra)"),
        country=ctx.text("country", to="country (extra)"),
        engagement=ctx.count("engagement", to="engagement (extra)"),
        text=ctx.text("text", to="text"),
    )


def _parse_text_num(values: pd.Series) -> pd.Series:
    return pd.Series(values, dtype="object").astype("string").str.strip()


# ----------------------------------------------------------------------------- the table
_META_POST_COMMON = {
    "post_id": ("Post ID", "Identifiant de la publication", "ID de la publication"),
    "publish": ("Publish time", "Heure de publication", "Date de publication", "Publish time (*", "Heure de publication (*"),
    "permalink": ("Permalink", "Permalien", "Lien permanent"),
    "post_type": ("Post type", "Type de publication"),
    "description": ("Description",),
    "date": ("Date",),
    "views": ("Views", "Vues"),
    "impressions": ("Impressions",),
    "reach": ("Reach", "Couverture"),
    "comments": ("Comments", "Commentaires"),
    "shares": ("Shares", "Partages"),
    "follows": ("Follows", "Abonnements", "Suivis"),
    "link_clicks": ("Link Clicks", "Link clicks", "Clics sur un lien", "Clics sur les liens"),
    "total_clicks": ("Total clicks", "Total des clics"),
    "video_3s": ("3-Second Video Views", "Vues de vidéo de 3 secondes", "*3 secondes*"),
    "boosted_reach": ("Reach from Boosted posts", "Couverture de Publications boostées"),
    "boosted_views": ("Views from Boosted posts", "Vues de Publications boostées"),
    "funded": ("Funded content status", "Statut du contenu financé"),
    "category": ("Category",),
}

_YT_DIMENSIONS = ("Geography", "Géographie", "Traffic source", "Source de trafic", "Device type", "Type d'appareil",
                  "Operating system", "Système d'exploitation", "Subscription status", "Statut de l'abonnement",
                  "Viewer age", "Âge des spectateurs", "Viewer gender", "Sexe des spectateurs", "Playback location",
                  "Sharing service", "Subtitles and CC", "Content type", "Type de contenu", "City", "Ville")

_META_TIME = ("Publish time: naive MM/DD/YYYY HH:MM; unless the export states a zone, read as Pacific time "
              "(America/Los_Angeles), the zone Meta reports Page insights in by default [unverified for Business "
              "Suite exports: if the Page reports in its own zone, pass source_timezone=]")

FAMILIES: tuple[Family, ...] = (
    Family(
        "facebook_classic_posts", "Facebook Page Insights (classic) — post or video export, Key Metrics", "posts", "facebook",
        {
            "post_id": ("Post ID",), "permalink": ("Permalink",), "message": ("Post Message",), "type": ("Type",),
            "posted": ("Posted",),
            "reach": ("Lifetime Post Total Reach",), "reach_paid": ("Lifetime Post Paid Reach",),
            "impressions": ("Lifetime Post Total Impressions",), "impressions_paid": ("Lifetime Post Paid Impressions",),
            "engaged": ("Lifetime Engaged Users",),
            "consumptions": ("Lifetime Matched Audience Targeting Consumptions on Post", "Lifetime Post Consumptions", "Lifetime Post Consumptions (Total Count)"),
            "negative": ("Lifetime Negative Feedback from Users", "Lifetime Negative Feedback from Users (Total Count)"),
            "video_views_organic": ("Lifetime Organic Video Views (Total Count)", "Lifetime Organic Video Views"),
            "video_views_paid": ("Lifetime Paid Video Views (Total Count)", "Lifetime Paid Video Views"),
            "video_organic_unique": ("Lifetime Organic Video Views (Unique Users)",),
            "video_paid_unique": ("Lifetime Paid Video Views (Unique Users)",),
            "video_total": ("Lifetime Total Video Views", "Lifetime Total Video Views (Total Count)"),
            "video_unique": ("Lifetime Unique Video Views", "Lifetime Total Video Views (Unique Users)"),
            "stories_like": ("Lifetime Post Stories by action type - like",),
            "stories_comment": ("Lifetime Post Stories by action type - comment",),
            "stories_share": ("Lifetime Post Stories by action type - share",),
            "talking_like": ("Lifetime Talking About This (Post) by action type - like",),
            "talking_comment": ("Lifetime Talking About This (Post) by action type - comment",),
            "talking_share": ("Lifetime Talking About This (Post) by action type - share",),
            "consumptions_link": ("Lifetime Post Consumptions by type - link clicks",),
            "consumptions_other": ("Lifetime Post Consumptions by type - other clicks",),
            "consumptions_photo": ("Lifetime Post Consumptions by type - photo view",),
            "consumptions_video": ("Lifetime Post Consumptions by type - video play",),
            "consumers_link": ("Lifetime Post Consumers by type - link clicks",),
            "consumers_other": ("Lifetime Post Consumers by type - other clicks",),
        },
        (("post_id",), ("posted",), ("reach", "impressions", "video_total")),
        _fb_classic_posts,
        "Posted: naive time, read in the page time zone reported by Insights (Pacific time by default, [unverified]; override with source_timezone)",
        description_row=True,
        source_tz="America/Los_Angeles",
    ),
    Family(
        "facebook_classic_post_breakdown", "Facebook Page Insights (classic) — post breakdown sheet", "posts", "facebook",
        {
            "description": ("Description",), "post_id": ("Post ID",), "posted": ("Posted",),
            "like": ("like",), "comment": ("comment",), "share": ("share",),
            "link_clicks": ("link clicks",), "other_clicks": ("other clicks",), "photo_view": ("photo view",), "video_play": ("video play",),
            "hide_all": ("hide_all_clicks",), "hide": ("hide_clicks",), "report_spam": ("report_spam_clicks",), "unlike": ("unlike_page_clicks",),
        },
        (("description",), ("post_id",), ("posted",)),
        _fb_classic_breakdown,
        "Posted: as in Key Metrics (Pacific time by default, [unverified])",
        source_tz="America/Los_Angeles",
    ),
    Family(
        "facebook_classic_page", "Facebook Page Insights (classic) — page export, daily Key Metrics", "audience", "facebook",
        {
            "date": ("Date",), "total_likes": ("Lifetime Total Likes",), "new_likes": ("Daily New Likes",), "unlikes": ("Daily Unlikes",),
            "reach": ("Daily Total Reach",), "impressions": ("Daily Total Impressions",),
            "page_views": ("Daily Logged-in Page Views (Total Count)", "Daily Logged-in Page Views"),
            "engaged": ("Daily Page Engaged Users",), "video_views": ("Daily Total Video Views", "Daily Total Video Views (Total Count)"),
        },
        (("date",), ("total_likes", "new_likes"), ("reach", "impressions")),
        _fb_classic_page,
        "Date: calendar day as Facebook reported it (Pacific days [unverified]); kept as the same calendar day",
        description_row=True,
    ),
    Family(
        "meta_posts_facebook", "Meta Business Suite — Facebook post export", "posts", "facebook",
        {
            **_META_POST_COMMON,
            "page_id": ("Page ID", "ID de la Page", "Identifiant de la Page"), "page_name": ("Page name", "Nom de la page"),
            "title": ("Title", "Titre"),
            "rcs": ("Reactions, Comments and Shares", "Réactions, commentaires et partages"),
            "reactions": ("Reactions", "Réactions"),
        },
        (("post_id",), ("publish",), ("reactions", "rcs")),
        _meta_posts("facebook"),
        _META_TIME,
        source_tz="America/Los_Angeles",
    ),
    Family(
        "meta_posts_instagram", "Meta Business Suite — Instagram post export", "posts", "instagram",
        {
            **_META_POST_COMMON,
            "account_id": ("Account ID", "ID du compte"), "username": ("Account username", "Nom d'utilisateur du compte"),
            "account_name": ("Account name", "Nom du compte"),
            "likes": ("Likes", "J'aime", "Mentions J'aime"), "saves": ("Saves", "Enregistrements"), "plays": ("Plays", "Lectures"),
        },
        (("post_id",), ("publish",), ("likes", "saves", "username")),
        _meta_posts("instagram"),
        _META_TIME,
        source_tz="America/Los_Angeles",
    ),
    Family(
        "meta_daily_series", "Meta Business Suite — page/account daily series (Date, Primary)", "audience", None,
        {"date": ("Date",), "primary": ("Primary", "Principal", "Principale")},
        (("date",), ("primary",)),
        _meta_series,
        "Date: calendar day of the account (the T00:00:00 is a day label)",
    ),
    Family(
        "uci_facebook_metrics", "UCI Facebook metrics (Moro et al. 2016)", "posts", "facebook",
        {
            "page_likes": ("Page total likes",), "type": ("Type",), "category": ("Category",), "month": ("Post Month",),
            "weekday": ("Post Weekday",), "hour": ("Post Hour",), "paid": ("Paid",),
            "reach": ("Lifetime Post Total Reach",), "impressions": ("Lifetime Post Total Impressions",),
            "engaged": ("Lifetime Engaged Users",), "consumers": ("Lifetime Post Consumers",), "consumptions": ("Lifetime Post Consumptions",),
            "comment": ("comment",), "like": ("like",), "share": ("share",), "total": ("Total Interactions",),
        },
        (("month",), ("weekday",), ("hour",), ("total", "like")),
        _uci,
        "no dates: month, weekday and hour only (2014)",
    ),
    Family(
        "x_tweet_activity", "Twitter Analytics (legacy) — tweet activity", "posts", "x",
        {
            "tweet_id": ("Tweet id",), "permalink": ("Tweet permalink",), "text": ("Tweet text",), "time": ("time",),
            "impressions": ("impressions",), "engagements": ("engagements",), "engagement_rate": ("engagement rate",), "retweets": ("retweets",), "replies": ("replies",),
            "likes": ("likes", "favorites"), "profile_clicks": ("user profile clicks",), "url_clicks": ("url clicks",),
            "detail_expands": ("detail expands",), "follows": ("follows",), "media_views": ("media views",),
            "promoted_impressions": ("promoted impressions",),
        },
        (("tweet_id",), ("time",), ("impressions",)),
        _x_tweets,
        "time: explicit UTC offset (+0000), converted; a time without offset is read as UTC (Twitter's zone)",
        source_tz="UTC",
    ),
    Family(
        "x_tweet_activity_daily", "Twitter Analytics (legacy) — activity by day", "audience", "x",
        {
            "date": ("Date",), "tweets_published": ("Tweets published",), "impressions": ("impressions",),
            "engagements": ("engagements",), "follows": ("follows",), "profile_clicks": ("user profile clicks",), "media_views": ("media views",),
        },
        (("date",), ("tweets_published",)),
        _x_daily_legacy,
        "Date: calendar day (UTC per Twitter)",
    ),
    Family(
        "x_content", "X Premium analytics — content (post-level) export, 2024+", "posts", "x",
        {
            "post_id": ("Post id",), "date": ("Date",), "text": ("Post text",), "link": ("Link", "Post Link"),
            "impressions": ("Impressions",), "likes": ("Likes",), "engagements": ("Engagements",), "bookmarks": ("Bookmarks",),
            "share": ("Share", "Shares"), "new_follows": ("New follows",), "replies": ("Replies",), "reposts": ("Reposts",),
            "profile_visits": ("Profile visits",), "detail_expands": ("Detail expands",), "url_clicks": ("Url clicks",),
            "publish": ("Publish time",),
        },
        (("post_id",), ("date",), ("text",), ("impressions",)),
        _x_content,
        "Date: day only (no time of day, no zone): the calendar day at 00:00 in the dataset timezone",
        forbidden=("publish",),
    ),
    Family(
        "x_account_overview", "X Premium analytics — account overview (daily), 2024+", "audience", "x",
        {
            "date": ("Date",), "impressions": ("Impressions",), "engagements": ("Engagements",), "new_follows": ("New follows",),
            "unfollows": ("Unfollows",), "profile_visits": ("Profile visits",), "create_post": ("Create Post", "Create Posts"),
            "video_views": ("Video views",), "media_views": ("Media views",),
        },
        (("date",), ("impressions",), ("new_follows", "unfollows")),
        _x_overview,
        "Date: calendar day as X reports it",
    ),
    Family(
        "linkedin_posts", "LinkedIn page — content export, one row per update/post", "posts", "linkedin",
        {
            "title": ("Update title", "Post title"), "link": ("Update link", "Post link"), "update_type": ("Update type", "Post type"),
            "campaign": ("Campaign name",), "posted_by": ("Posted by",), "created": ("Created date",),
            "impressions": ("Impressions",), "video_views": ("Video views", "Views (excluding off-site video views)", "Views"),
            "clicks": ("Clicks",), "likes": ("Likes", "Reactions"), "comments": ("Comments",), "shares": ("Shares", "Reposts"),
            "follows": ("Follows",), "content_type": ("Content Type",),
            "engagement_rate": ("Engagement rate",), "ctr": ("Click through rate (CTR)", "Click-through rate (CTR)"),
        },
        (("link",), ("created",), ("impressions",)),
        _linkedin_posts,
        "Created date: UTC (LinkedIn states it in the sheet: 'All dates and times are in UTC'); a date without time "
        "keeps its calendar day at 00:00 in the dataset timezone",
        source_tz="UTC",
    ),
    Family(
        "linkedin_visitors", "LinkedIn page — visitor metrics (daily)", "audience", "linkedin",
        {"date": ("Date",), "page_views": ("Total page views (total)",), "unique_visitors": ("Total unique visitors (total)",)},
        (("date",), ("page_views",)),
        _linkedin_visitors,
        "Date: UTC calendar day (MM/DD/YYYY)",
    ),
    Family(
        "linkedin_content_daily", "LinkedIn page — update metrics, aggregated (daily)", "audience", "linkedin",
        {
            "date": ("Date",), "impressions": ("Impressions (total)",), "unique_impressions": ("Unique impressions (organic)",),
            "clicks": ("Clicks (total)",), "reactions": ("Reactions (total)",), "comments": ("Comments (total)",),
            "shares": ("Shares (total)", "Reposts (total)"),
        },
        (("date",), ("impressions",)),
        _linkedin_daily,
        "Date: UTC calendar day (MM/DD/YYYY)",
    ),
    Family(
        "linkedin_followers", "LinkedIn page — new followers (daily)", "audience", "linkedin",
        {"date": ("Date",), "sponsored": ("Sponsored followers",), "organic": ("Organic followers",), "total": ("Total followers",)},
        (("date",), ("total",), ("organic", "sponsored")),
        _linkedin_followers,
        "Date: UTC calendar day (MM/DD/YYYY)",
    ),
    Family(
        "youtube_table", "YouTube Studio — Table data (one row per video)", "posts", "youtube",
        {
            "content": ("Content", "Contenu"), "title": ("Video title", "Titre de la vidéo"),
            "publish": ("Video publish time", "Heure de publication de la vidéo", "Date de publication de la vidéo"),
            "duration": ("Duration", "Durée"), "views": ("Views", "Vues"), "watch_hours": ("Watch time (hours)", "Durée de visionnage (heures)"),
            "subscribers": ("Subscribers", "Abonnés"), "impressions": ("Impressions",),
            "ctr": ("Impressions click-through rate (%)", "Taux de clics par impression (%)"),
            "likes": ("Likes", "J'aime"), "comments": ("Comments", "Commentaires"), "shares": ("Shares", "Partages"),
            "unique_viewers": ("Unique viewers", "Spectateurs uniques"),
            "avg_duration": ("Average view duration", "Durée moyenne d'une vue", "Durée moyenne des vues",
                             "Durée moyenne de visionnage"),
            "avg_pct": ("Average percentage viewed (%)", "Pourcentage moyen de vidéo regardé (%)"),
            "date": ("Date",),
        },
        (("content",), ("title",)),
        _youtube_table,
        "Video publish time: day only (YouTube days are Pacific [unverified]); the calendar day at 00:00 in the dataset timezone",
        forbidden=("date",),
    ),
    Family(
        "youtube_chart", "YouTube Studio — Chart data (daily values per video)", "posts", "youtube",
        {
            "date": ("Date",), "content": ("Content", "Contenu"), "title": ("Video title", "Titre de la vidéo"),
            "publish": ("Video publish time", "Heure de publication de la vidéo", "Date de publication de la vidéo"),
            "duration": ("Duration", "Durée"),
            "metric_views": ("Views", "Vues"), "metric_watch": ("Watch time (hours)", "Durée de visionnage (heures)"),
            "metric_subs": ("Subscribers", "Abonnés"), "metric_impr": ("Impressions",),
        },
        (("date",), ("content",), ("title",)),
        _youtube_chart,
        "Video publish time: day only; Date (per-day values) not used",
    ),
    Family(
        "youtube_totals", "YouTube Studio — Totals (channel, daily)", "audience", "youtube",
        {
            "date": ("Date",), "views": ("Views", "Vues"), "impressions": ("Impressions",),
            "unique_viewers": ("Unique viewers", "Spectateurs uniques"), "subscribers": ("Subscribers", "Abonnés"),
            "subs_gained": ("Subscribers gained", "Abonnés gagnés", "Nouveaux abonnés"), "subs_lost": ("Subscribers lost", "Abonnés perdus"),
            "watch_hours": ("Watch time (hours)", "Durée de visionnage (heures)"),
            "content": ("Content", "Contenu"), "primary": ("Primary",), "dimension": _YT_DIMENSIONS,
            "post_id": ("Post ID", "Post id", "Identifiant de la publication"),
        },
        (("date",), ("views", "subscribers", "subs_gained", "watch_hours", "unique_viewers")),
        _youtube_totals,
        "Date: calendar day (YouTube days are Pacific [unverified])",
        forbidden=("content", "primary", "dimension", "post_id"),
    ),
    Family(
        "youtube_breakdown", "YouTube Studio — views by geography, traffic source, device... (Table or Chart data)",
        "unused", "youtube",
        {
            "dimension": _YT_DIMENSIONS, "date": ("Date",), "views": ("Views", "Vues"),
            "watch_hours": ("Watch time (hours)", "Durée de visionnage (heures)"),
            "content": ("Content", "Contenu"),
        },
        (("dimension",), ("views", "watch_hours")),
        _unused("views broken down by another dimension than the video (geography, traffic source, device...); "
                "the data model has no such breakdown, and its rows do not add up to the channel's totals"),
        "Date: calendar day",
        forbidden=("content",),
    ),
    Family(
        "tiktok_content", "TikTok Studio — content (one row per video)", "posts", "tiktok",
        {
            "time": ("Time",), "title": ("Video title",), "link": ("Video link",), "post_time": ("Post time",),
            "likes": ("Total likes", "Likes"), "comments": ("Total comments", "Comments"),
            "shares": ("Total shares", "Shares"), "views": ("Total views", "Video views"),
            "favorites": ("Add to favorites",),
        },
        (("link",), ("post_time",)),
        _tiktok_content,
        "Post time: day only, often without a year (the latest year not after the export date); 00:00 in the dataset timezone",
    ),
    Family(
        "tiktok_overview", "TikTok Studio — overview (daily)", "audience", "tiktok",
        {"date": ("Date",), "video_views": ("Video Views",), "profile_views": ("Profile Views",), "likes": ("Likes",), "comments": ("Comments",), "shares": ("Shares",)},
        (("date",), ("video_views",), ("profile_views",)),
        _tiktok_overview,
        "Date: day, often without a year (latest year not after the export date)",
    ),
    Family(
        "tiktok_follower_history", "TikTok Studio — follower history (daily)", "audience", "tiktok",
        {"date": ("Date",), "followers": ("Followers",), "difference": ("Difference in followers from previous day",)},
        (("date",), ("followers",), ("difference",)),
        _tiktok_followers,
        "Date: day, often without a year (latest year not after the export date)",
    ),
    Family(
        "tiktok_follower_activity", "TikTok Studio — follower activity (followers online by hour)", "unused", "tiktok",
        {"date": ("Date",), "hour": ("Hour",), "active": ("Active followers",)},
        (("date",), ("hour",), ("active",)),
        _unused("followers online per hour of the day; the data model has no hourly table (the best posting "
                "times come from the posts themselves)"),
        "Date: day, often without a year",
    ),
    Family(
        "audience_gender", "TikTok Studio / Meta Business Suite — followers by gender", "unused", None,
        {"gender": ("Gender", "Genre"), "distribution": ("Distribution", "Répartition")},
        (("gender",), ("distribution",)),
        _unused("a breakdown of the audience by gender at the download date; the data model has no "
                "demographic table"),
        "no dates",
    ),
    Family(
        "audience_territories", "TikTok Studio / Meta Business Suite — followers by territory", "unused", None,
        {"territory": ("Top territories", "Top Territories", "Territory", "Country", "Principaux territoires"),
         "distribution": ("Distribution", "Répartition")},
        (("territory",), ("distribution",)),
        _unused("a breakdown of the audience by country at the download date; the data model has no "
                "demographic table"),
        "no dates",
    ),
    Family(
        "viewers_daily", "TikTok Studio / Meta Business Suite — viewers (daily)", "audience", None,
        {"date": ("Date",), "total": ("Total Viewers",), "new": ("New Viewers",), "returning": ("Returning Viewers",)},
        (("date",), ("total",)),
        _viewers,
        "Date: calendar day",
    ),
    Family(
        "listening_mentions", "Social listening mentions (Brandwatch, Talkwalker, Meltwater, generic)", "mentions", None,
        {
            "date": ("Date", "Published", "Published date", "Publication date", "Date de publication", "Timestamp", "Created at", "Created"),
            "time": ("Time", "Heure"),
            "brand": ("Query Name", "Query", "Brand", "Marque", "Topic", "Input Name", "Search name", "Project", "Keyword", "Keywords"),
            "sentiment": ("Sentiment", "Tonalité", "Tonalite", "Sentiment score"),
            "reach": ("Reach", "Potential reach", "Audience", "Portée", "Impressions"),
            "mention_id": ("Mention Id", "Mention ID", "Resource Id", "Document ID", "Document Id", "Id", "ID"),
            "url": ("Url", "URL", "Link", "Lien"),
            "source": ("Page Type", "Source Type", "source_type", "Platform", "Plateforme", "Source", "Media type", "Network", "Réseau"),
            "author": ("Author", "Author Handle", "Author Name", "Full Name", "Auteur", "Influencer", "Twitter Screen Name"),
            "text": ("Full Text", "Hit Sentence", "Opening Text", "Content", "Snippet", "Texte", "Contenu", "Title", "Headline"),
            "language": ("Language", "Langue", "lang"), "country": ("Country", "Pays"),
            "engagement": ("Engagement", "Engagements", "Total engagement"),
        },
        (("date",), ("brand",), ("sentiment", "url", "text")),
        _listening,
        "timestamps without an offset are read as UTC (listening tools export in UTC unless the account says otherwise; override with source_timezone)",
        source_tz="UTC",
    ),
)

FAMILY_BY_NAME = {f.name: f for f in FAMILIES}
