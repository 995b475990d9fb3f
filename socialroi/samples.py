"""Seeded generator of the bundled sample datasets (two fictional French companies).

``socialroi sample --out DIR`` (or ``generate_samples(out)``) rewrites them byte for byte: the
committed files in ``data/sample/`` must equal a fresh generation (a test checks it). The planted
effects are documented in ``data/sample/README.md`` and written, with their exact values, to each
sample's ``planted.json`` so that notebooks and tests can show the analyses recovering them.

Samples
-------
maison-lumiere
    Fashion SME (B2C): Instagram, Facebook, TikTok posts; influencers and paid social; e-commerce
    revenue and orders; three competitors in mentions and market data; a bad-buzz episode
    (November 2024); an awareness campaign (March 2025).
forges-de-l-est
    Industrial mid-size firm (B2B): LinkedIn and YouTube; fewer, longer posts; weekly leads as the
    business outcome; a trade-show campaign.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["SAMPLES", "generate_samples", "generate"]

START = pd.Timestamp("2024-01-01")
END = pd.Timestamp("2025-12-31")
SAMPLES = ("maison-lumiere", "forges-de-l-est")


# ----------------------------------------------------------------------------------------------
# small building blocks
# ----------------------------------------------------------------------------------------------

def _days() -> pd.DatetimeIndex:
    return pd.date_range(START, END, freq="D")


def _seasonality(days: pd.DatetimeIndex, *, weekly: np.ndarray, yearly_amp: float, peak_doy: int) -> np.ndarray:
    """Multiplicative seasonality: a weekly profile times a yearly cosine."""
    w = weekly[days.day_of_week.to_numpy()]
    y = 1 + yearly_amp * np.cos(2 * np.pi * (days.day_of_year.to_numpy() - peak_doy) / 365.25)
    return w * y


def _geometric_adstock(x: np.ndarray, decay: float) -> np.ndarray:
    """a_t = x_t + decay * a_{t-1} (not normalised)."""
    out = np.empty_like(x, dtype=float)
    acc = 0.0
    for i, v in enumerate(x):  # one pass over days, written once
        acc = v + decay * acc
        out[i] = acc
    return out


def _hill(x: np.ndarray, half: float) -> np.ndarray:
    """Saturation x / (x + half): 0.5 at x = half."""
    return x / (x + half)


def _local_times(rng: np.random.Generator, days: np.ndarray, hours_p: np.ndarray) -> pd.DatetimeIndex:
    hours = rng.choice(24, size=len(days), p=hours_p)
    minutes = rng.integers(0, 60, size=len(days))
    return pd.DatetimeIndex(days) + pd.to_timedelta(hours, unit="h") + pd.to_timedelta(minutes, unit="min")


def _iso_local(ts: pd.DatetimeIndex | pd.Series, tz: str) -> pd.Series:
    """Naive local wall-clock times → ISO 8601 strings with the local offset (DST-safe)."""
    s = pd.Series(ts)
    local = s.dt.tz_localize(tz, ambiguous=True, nonexistent="shift_forward")
    text = local.dt.strftime("%Y-%m-%dT%H:%M:%S%z")
    return text.str.replace(r"([+-]\d{2})(\d{2})$", r"\1:\2", regex=True)


def _hours_profile(peaks: list[tuple[int, float]]) -> np.ndarray:
    p = np.full(24, 0.2)
    p[:7] = 0.02
    for h, w in peaks:
        p[h] += w
    return p / p.sum()


# ----------------------------------------------------------------------------------------------
# posts and audience
# ----------------------------------------------------------------------------------------------

_COMPONENT_SPLIT = np.array([0.80, 0.09, 0.05, 0.06])  # reactions, comments, shares, saves


def _posts(
    rng: np.random.Generator,
    *,
    platform: str,
    per_week: float,
    types: dict[str, float],
    type_mult: dict[str, float],
    base_rate: float,
    reach_median: float,
    campaign: tuple[str, str, str] | None,
    campaign_reach_mult: float,
    hours: np.ndarray,
    hour_mult: dict[int, float],
    texts: list[str],
    prefix: str,
    followers: pd.Series,
    paid_share: float,
    split: np.ndarray = _COMPONENT_SPLIT,
    views: bool = False,
    tz: str,
) -> pd.DataFrame:
    days = _days()
    n_per_day = rng.poisson(per_week / 7, size=len(days))
    pday = np.repeat(days.to_numpy(), n_per_day)
    n = len(pday)
    when = _local_times(rng, pday, hours)
    tnames = list(types)
    ptype = rng.choice(tnames, size=n, p=np.array([types[t] for t in tnames]))
    camp = np.array([""] * n, dtype=object)
    in_camp = np.zeros(n, dtype=bool)
    if campaign is not None:
        name, c0, c1 = campaign
        in_camp = (pday >= np.datetime64(c0)) & (pday <= np.datetime64(c1))
        camp[in_camp] = name
    is_paid = rng.random(n) < paid_share
    fol = followers.reindex(pd.DatetimeIndex(pday)).to_numpy(dtype=float)
    reach_mu = reach_median * (fol / fol.mean()) * np.where(is_paid, 2.5, 1.0) * np.where(in_camp, campaign_reach_mult, 1.0)
    reach = np.maximum(1, np.round(reach_mu * rng.lognormal(0, 0.45, size=n))).astype(np.int64)
    impressions = np.round(reach * (1.15 + rng.gamma(2.0, 0.15, size=n))).astype(np.int64)
    mult = np.array([type_mult[t] for t in ptype]) * np.array([hour_mult.get(h, 1.0) for h in when.hour])
    rate = base_rate * mult
    # engagements: negative binomial (gamma-Poisson, shape 8) with mean reach * rate
    lam = reach * rate * rng.gamma(8.0, 1 / 8.0, size=n)
    eng = rng.poisson(lam)
    comps = np.vstack([rng.binomial(eng, split[0]), np.zeros(n, int), np.zeros(n, int), np.zeros(n, int)]).T
    rest = eng - comps[:, 0]
    p_rest = split[1:] / split[1:].sum()
    for k in range(1, 4):
        if k < 3:
            pk = p_rest[k - 1] / p_rest[k - 1:].sum()
            comps[:, k] = rng.binomial(rest, pk)
            rest = rest - comps[:, k]
        else:
            comps[:, k] = rest
    clicks = rng.binomial(impressions, 0.004 if platform != "linkedin" else 0.012)
    video_like = np.isin(ptype, ["video", "reel"])
    vviews = np.where(video_like, np.round(impressions * rng.uniform(0.3, 0.6, size=n)), np.nan)
    spend = np.where(is_paid, np.round(rng.uniform(40, 260, size=n), 2), 0.0)
    order = np.argsort(when.to_numpy(), kind="stable")
    df = pd.DataFrame(
        {
            "post_id": [f"{prefix}{i:05d}" for i in range(1, n + 1)],
            "platform": platform,
            "published_at": _iso_local(when[order], tz).to_numpy(),
            "post_type": ptype[order],
            "campaign": camp[order],
            "is_paid": np.where(is_paid[order], "true", "false"),
            "impressions": impressions[order],
            "reach": reach[order],
            "reactions": comps[order, 0],
            "comments": comps[order, 1],
            "shares": comps[order, 2],
            "saves": comps[order, 3],
            "clicks": clicks[order],
            "video_views": pd.array(vviews[order], dtype="Int64"),
            "spend": spend[order],
            "text": [texts[i % len(texts)] for i in rng.integers(0, len(texts), size=n)],
        }
    )
    if views:
        df["views"] = np.round(impressions[order] * rng.uniform(1.05, 1.3, size=n)).astype(np.int64)
    return df


def _audience(
    rng: np.random.Generator,
    *,
    platform: str,
    start_followers: int,
    daily_new: float,
    churn: float,
    campaign: tuple[str, str] | None,
    new_mult: float,
    reach_mult: float,
    daily_reach: float,
    bad_buzz: tuple[str, str] | None = None,
) -> pd.DataFrame:
    days = _days()
    n = len(days)
    season = _seasonality(days, weekly=np.array([1.0, 1.0, 1.05, 1.05, 1.1, 1.2, 1.15]), yearly_amp=0.1, peak_doy=340)
    mult_new = np.ones(n)
    mult_reach = np.ones(n)
    if campaign is not None:
        c = (days >= campaign[0]) & (days <= campaign[1])
        mult_new[c] = new_mult
        mult_reach[c] = reach_mult
    extra_lost = np.zeros(n)
    if bad_buzz is not None:
        b = (days >= bad_buzz[0]) & (days <= bad_buzz[1])
        extra_lost[b] = 4 * daily_new
    growth = np.linspace(1.0, 1.5, n)
    new = rng.poisson(daily_new * season * mult_new * growth)
    followers = np.empty(n, dtype=np.int64)
    lost = np.empty(n, dtype=np.int64)
    f = start_followers
    for i in range(n):  # follower stock evolves day by day
        lost[i] = rng.binomial(f, churn) + rng.poisson(extra_lost[i])
        f = f + new[i] - lost[i]
        followers[i] = f
    reach = np.round(daily_reach * (followers / start_followers) * season * mult_reach * rng.lognormal(0, 0.12, n)).astype(np.int64)
    impressions = np.round(reach * rng.uniform(1.6, 2.2, n)).astype(np.int64)
    visits = rng.poisson(reach * 0.01)
    return pd.DataFrame(
        {
            "date": days.strftime("%Y-%m-%d"),
            "platform": platform,
            "followers": followers,
            "new_followers": new,
            "lost_followers": lost,
            "impressions": impressions,
            "reach": reach,
            "profile_visits": visits,
        }
    )


# ----------------------------------------------------------------------------------------------
# maison-lumiere (B2C fashion)
# ----------------------------------------------------------------------------------------------

_ML_TEXTS = [
    "Nouvelle collection printemps : lin et coton bio, fabriqués à Lyon.",
    "Dans l'atelier : nos couturières préparent la robe Lumière.",
    "Concours ! Gagnez une veste en commentant avec votre couleur préférée.",
    "Livraison offerte ce week-end sur tout le site.",
    "Les coulisses du shooting été — qui reconnaît ce lieu ?",
    "Merci pour vos 10 000 avis ! « Qualité & confort », vous le dites mieux que nous.",
    "Portez-le trois façons : le trench Lumière, du bureau au dîner.",
    "Soldes d'hiver : -30 % sur une sélection, jusqu'à dimanche.",
]

ML_META = {
    "name": "Maison Lumière",
    "brand": "Maison Lumière",
    "competitors": ["Atelier Nova", "Rivage", "Belle Époque"],
    "currency": "EUR",
    "timezone": "Europe/Paris",
    "locale": "fr",
}
ML_CAMPAIGN = ("Printemps 2025", "2025-03-10", "2025-04-06")
ML_BAD_BUZZ = ("2024-11-12", "2024-11-18")
ML_TYPE_MULT = {"photo": 1.0, "carousel": 1.3, "reel": 1.6, "video": 1.2, "story": 0.7, "link": 0.5}
ML_BASE_RATE = {"instagram": 0.045, "facebook": 0.022, "tiktok": 0.060}
ML_HOUR_MULT = {18: 1.25, 19: 1.3, 20: 1.25, 21: 1.15}
# media mix: decay (geometric adstock), half-saturation (EUR of adstocked spend per day) and scale
ML_CHANNELS = {
    "meta_ads": {"decay": 0.5, "half": 900.0, "beta": 3000.0},
    "influencers": {"decay": 0.7, "half": 1500.0, "beta": 2600.0},
    "tiktok_ads": {"decay": 0.3, "half": 800.0, "beta": 700.0},
}
ML_CM_SALARY = 160.0  # community management, a fixed daily cost: not identifiable in a media-mix model
# Issue 15 (the client report compares the last full quarter with the one before): changes planted
# in the fourth quarter of 2025 against the third. They are applied after everything else is drawn,
# with their own random generator, so every other value of the sample stays as it was.
PERIOD_CURRENT = ("2025-10-01", "2025-12-31")
PERIOD_PREVIOUS = ("2025-07-01", "2025-09-30")
ML_CHANGE = {"engagement_multiplier": 1.35, "churn_multiplier": 0.5, "paid_spend_multiplier": 0.5}
_CHANGE_SEED = 20251001


def _ml_followers(aud: pd.DataFrame) -> pd.Series:
    return pd.Series(aud["followers"].to_numpy(), index=pd.to_datetime(aud["date"]))


def _maison_lumiere(rng: np.random.Generator) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    tz = ML_META["timezone"]
    days = _days()
    camp_days = (ML_CAMPAIGN[1], ML_CAMPAIGN[2])
    audience = pd.concat(
        [
            _audience(rng, platform="instagram", start_followers=18_000, daily_new=30, churn=0.0009,
                      campaign=camp_days, new_mult=1.6, reach_mult=1.35, daily_reach=9_000, bad_buzz=ML_BAD_BUZZ),
            _audience(rng, platform="facebook", start_followers=9_500, daily_new=8, churn=0.0006,
                      campaign=camp_days, new_mult=1.3, reach_mult=1.2, daily_reach=3_500, bad_buzz=ML_BAD_BUZZ),
            _audience(rng, platform="tiktok", start_followers=4_000, daily_new=25, churn=0.0015,
                      campaign=camp_days, new_mult=1.8, reach_mult=1.4, daily_reach=12_000),
        ],
        ignore_index=True,
    )
    hours = _hours_profile([(12, 0.5), (18, 0.8), (19, 1.0), (20, 0.9), (21, 0.5)])
    posts = []
    spec = {
        "instagram": (6.0, {"photo": 0.35, "carousel": 0.25, "reel": 0.3, "story": 0.10}, 2_600, "IG"),
        "facebook": (3.5, {"photo": 0.4, "link": 0.3, "video": 0.2, "carousel": 0.1}, 1_200, "FB"),
        "tiktok": (3.0, {"video": 0.6, "reel": 0.4}, 6_000, "TT"),
    }
    for platform, (per_week, types, reach_median, prefix) in spec.items():
        fol = _ml_followers(audience[audience["platform"] == platform])
        posts.append(
            _posts(rng, platform=platform, per_week=per_week, types=types, type_mult=ML_TYPE_MULT,
                   base_rate=ML_BASE_RATE[platform], reach_median=reach_median, campaign=ML_CAMPAIGN,
                   campaign_reach_mult=1.3, hours=hours, hour_mult=ML_HOUR_MULT, texts=_ML_TEXTS,
                   prefix=f"ML-{prefix}-", followers=fol, paid_share=0.15, tz=tz,
                   views=(platform == "facebook"))
        )
    posts_df = pd.concat(posts, ignore_index=True)
    # a few realistic gaps: TikTok does not export saves before 2025 -> missing, never 0
    tk_old = (posts_df["platform"] == "tiktok") & (posts_df["published_at"] < "2025")
    posts_df["saves"] = posts_df["saves"].astype("Int64").mask(tk_old)

    # ---- spend and outcomes (media-mix with planted adstock / saturation / ROAS)
    n = len(days)
    spend_cols: dict[str, np.ndarray] = {}
    on_meta = rng.random(n) < 0.7
    spend_cols["meta_ads"] = np.round(np.where(on_meta, rng.gamma(3.0, 220.0, n), 0.0), 2)
    flights = np.zeros(n)
    for s in rng.choice(n - 20, size=14, replace=False):
        flights[s:s + rng.integers(5, 15)] = rng.gamma(4.0, 350.0)
    spend_cols["influencers"] = np.round(flights, 2)
    on_tt = (days >= "2024-06-01") & (rng.random(n) < 0.6)
    spend_cols["tiktok_ads"] = np.round(np.where(on_tt, rng.gamma(2.0, 250.0, n), 0.0), 2)
    c = (days >= ML_CAMPAIGN[1]) & (days <= ML_CAMPAIGN[2])
    spend_cols["meta_ads"][c] = np.round(spend_cols["meta_ads"][c] * 1.8 + 400, 2)
    spend_cols["community_management"] = np.full(n, ML_CM_SALARY)
    season = _seasonality(days, weekly=np.array([0.9, 0.92, 0.95, 1.0, 1.08, 1.15, 1.0]), yearly_amp=0.18, peak_doy=345)
    trend = np.linspace(1.0, 1.25, n)
    base = 6_500.0 * trend * season
    contrib = {}
    for ch, p in ML_CHANNELS.items():
        ad = _geometric_adstock(spend_cols[ch], p["decay"])
        contrib[ch] = p["beta"] * _hill(ad, p["half"])
    media = sum(contrib.values())
    revenue = np.round((base + media) * rng.lognormal(0, 0.06, n), 2)
    aov = 78.0
    orders_n = rng.poisson(revenue / aov)
    sessions = rng.poisson(revenue / aov * 45)
    outcomes = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "revenue": revenue, "orders": orders_n,
                             "web_sessions": sessions})
    spend = pd.DataFrame(
        [(d, ch, "Printemps 2025" if (ch == "meta_ads" and c[i]) else "", spend_cols[ch][i])
         for ch in spend_cols for i, d in enumerate(days.strftime("%Y-%m-%d")) if spend_cols[ch][i] > 0],
        columns=["date", "channel", "campaign", "amount"],
    )

    # ---- mentions (listening): own brand + 3 competitors, bad buzz, campaign lift
    brands = [ML_META["brand"], *ML_META["competitors"]]
    base_rate = {brands[0]: 6.0, brands[1]: 9.0, brands[2]: 6.5, brands[3]: 3.5}
    pos_p = {brands[0]: 0.45, brands[1]: 0.40, brands[2]: 0.42, brands[3]: 0.38}
    neg_p = 0.12
    wk = _seasonality(days, weekly=np.array([1.0, 1.0, 1.0, 1.05, 1.1, 1.2, 1.1]), yearly_amp=0.15, peak_doy=345)
    rows = []
    bb = (days >= ML_BAD_BUZZ[0]) & (days <= ML_BAD_BUZZ[1])
    own_lift = np.where(c, 1.4, 1.0) * np.linspace(1.0, 1.25, n)  # campaign +40 % and slow SoV gain
    for b in brands:
        lam = base_rate[b] * wk * (own_lift if b == brands[0] else 1.0)
        cnt = rng.poisson(lam)
        neg_extra = rng.poisson(np.where(bb, 30.0, 0.0)) if b == brands[0] else np.zeros(n, int)
        total = cnt + neg_extra
        day_rep = np.repeat(np.arange(n), total)
        is_extra = np.concatenate([np.r_[np.zeros(a, bool), np.ones(e, bool)] for a, e in zip(cnt, neg_extra, strict=True)])
        u = rng.random(len(day_rep))
        pp = pos_p[b] + (0.08 if b == brands[0] else 0.0) * (days[day_rep] > ML_BAD_BUZZ[1])  # positive answer after the crisis
        sent = np.where(u < pp, "positive", np.where(u < pp + neg_p, "negative", "neutral"))
        sent = np.where(is_extra, "negative", sent)
        src = rng.choice(["instagram", "x", "facebook", "tiktok", "blogs", "news"], size=len(day_rep),
                         p=[0.35, 0.2, 0.15, 0.15, 0.1, 0.05])
        reach = np.round(rng.lognormal(6.5, 1.3, len(day_rep))).astype(np.int64)
        when = _local_times(rng, days.to_numpy()[day_rep], _hours_profile([(12, 0.4), (20, 0.8)]))
        rows.append(pd.DataFrame({"when": when, "brand": b, "source": src, "sentiment": sent, "reach": reach}))
    mentions = pd.concat(rows, ignore_index=True).sort_values(["when", "brand"], kind="stable").reset_index(drop=True)
    mentions.insert(0, "mention_id", [f"M{i:06d}" for i in range(1, len(mentions) + 1)])
    mentions.insert(1, "timestamp", _iso_local(mentions.pop("when"), tz).to_numpy())

    # ---- market (monthly sales by brand): own share grows with its share of voice
    months = pd.date_range(START, END, freq="MS")
    total = 2_400_000 * (1 + 0.15 * np.cos(2 * np.pi * (months.month.to_numpy() - 12) / 12))
    own_share = np.linspace(0.085, 0.097, len(months))
    shares = {brands[0]: own_share, brands[1]: 0.34 - (own_share - 0.085) * 0.5,
              brands[2]: 0.24 - (own_share - 0.085) * 0.5, brands[3]: np.full(len(months), 0.13)}
    market = pd.DataFrame(
        [(m.strftime("%Y-%m-%d"), b, round(float(total[i] * shares[b][i] * rng.lognormal(0, 0.02)), 2))
         for i, m in enumerate(months) for b in brands],
        columns=["period", "brand", "sales"],
    )

    # ---- interactions (identified engagers) with a loyal core community
    n_users = 2_500
    user_ids = np.array([f"ig_{rng.integers(10**8, 10**9)}" for _ in range(n_users)])
    months_all = pd.date_range(START, END, freq="MS")
    first_month = rng.integers(0, len(months_all), size=n_users)
    core = rng.random(n_users) < 0.2
    p_active = np.where(core, 0.75, 0.22)
    inter_rows = []
    for m in range(len(months_all)):  # loop over 24 months, vectorised over users
        alive = first_month <= m
        active = alive & ((first_month == m) | (rng.random(n_users) < p_active))
        idx = np.flatnonzero(active)
        k = rng.poisson(np.where(core[idx], 2.0, 0.5)) + 1
        uid = np.repeat(idx, k)
        mstart = months_all[m]
        ndays = months_all[m].days_in_month
        day = rng.integers(0, ndays, size=len(uid))
        inter_rows.append(pd.DataFrame({"u": uid, "day": mstart.to_datetime64() + day.astype("timedelta64[D]")}))
    inter = pd.concat(inter_rows, ignore_index=True)
    ig_posts = posts_df[posts_df["platform"] == "instagram"]["post_id"].to_numpy()
    when = _local_times(rng, inter["day"].to_numpy(), hours)
    kind = rng.choice(["reaction", "comment", "share", "save"], size=len(inter), p=[0.7, 0.15, 0.05, 0.1])
    interactions = pd.DataFrame({
        "when": when, "platform": "instagram", "user_id": user_ids[inter["u"].to_numpy()],
        "post_id": rng.choice(ig_posts, size=len(inter)), "kind": kind,
    }).sort_values("when", kind="stable").reset_index(drop=True)
    interactions.insert(0, "timestamp", _iso_local(interactions.pop("when"), tz).to_numpy())

    # ---- orders: BG/NBD-like customers; engaged followers buy again more often (association)
    n_cust = 3_000
    r_, alpha_, a_, b_ = 0.6, 40.0, 0.8, 3.0
    lam = rng.gamma(r_, 1 / alpha_, n_cust)          # purchases per day
    p_drop = rng.beta(a_, b_, n_cust)
    engaged = rng.random(n_cust) < 0.3
    lam = lam * np.where(engaged, 1.8, 1.0)
    first = rng.integers(0, 540, n_cust)
    order_rows = []
    horizon = len(days)
    for i in range(n_cust):  # per customer purchase process (a few thousand customers, sample only)
        t = int(first[i])
        while t < horizon:
            order_rows.append((i, t))
            if rng.random() < p_drop[i]:
                break
            t += max(1, int(np.ceil(rng.exponential(1 / max(lam[i], 1e-6)))))
    o = pd.DataFrame(order_rows, columns=["c", "t"])
    o_when = _local_times(rng, (START + pd.to_timedelta(o["t"], unit="D")).to_numpy(), hours)
    spend_lvl = rng.gamma(6.0, 1 / 6.0 * 75.0, n_cust)
    amount = np.round(spend_lvl[o["c"].to_numpy()] * rng.gamma(12.0, 1 / 12.0, len(o)), 2)
    cust_user = np.where(engaged, user_ids[rng.integers(0, n_users, n_cust)], "")
    orders = pd.DataFrame({"when": o_when, "c": o["c"].to_numpy(), "amount": amount})
    orders = orders.sort_values("when", kind="stable").reset_index(drop=True)
    orders.insert(0, "order_id", [f"CMD{i:06d}" for i in range(1, len(orders) + 1)])
    orders.insert(1, "customer_id", [f"C{c + 1:05d}" for c in orders["c"]])
    orders.insert(2, "ordered_at", _iso_local(orders.pop("when"), tz).to_numpy())
    orders["user_id"] = cust_user[orders.pop("c").to_numpy()]
    orders = orders[["order_id", "customer_id", "ordered_at", "amount", "user_id"]]

    truth = _ml_truth(spend_cols, contrib, days)
    posts_df, audience = _ml_quarter_change(posts_df, audience)
    truth["period_change"] = _ml_change_truth(days, wk, own_lift, base_rate, brands)
    tables = {"posts": posts_df, "audience": audience, "interactions": interactions, "mentions": mentions,
              "spend": spend, "outcomes": outcomes, "market": market, "orders": orders}
    return tables, truth


def _in_current_quarter(local_iso: pd.Series) -> np.ndarray:
    """Rows whose local date (ISO text, offset included) falls in :data:`PERIOD_CURRENT`."""
    day = local_iso.astype(str).str.slice(0, 10)
    return ((day >= PERIOD_CURRENT[0]) & (day <= PERIOD_CURRENT[1])).to_numpy()


def _ml_quarter_change(posts: pd.DataFrame, audience: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Plant the quarter-on-quarter changes of :data:`ML_CHANGE` (own generator: nothing else moves).

    - engagements of the quarter's posts ×1.35 in expectation: each post gets Poisson(0.35 × its
      engagements) more, split into reactions, comments, shares and saves as the others are;
    - spend of the quarter's promoted posts ×0.5 (the cost per engagement falls to 0.5 / 1.35: with 19
      promoted posts a quarter, ×0.7 / 1.35 was too small a fall for its interval to exclude no change);
    - followers lost in the quarter halved (each loss kept with probability 0.5), and the follower
      counts carried forward accordingly.
    """
    rng = np.random.default_rng(_CHANGE_SEED)
    posts = posts.copy()
    q = _in_current_quarter(posts["published_at"])
    cols = ["reactions", "comments", "shares", "saves"]
    eng = sum(posts[c].astype("Int64").fillna(0).to_numpy(dtype=np.int64) for c in cols)
    extra = rng.poisson((ML_CHANGE["engagement_multiplier"] - 1.0) * eng[q])
    parts = rng.multinomial(extra, _COMPONENT_SPLIT / _COMPONENT_SPLIT.sum())
    for k, c in enumerate(cols):
        col = posts[c].astype("Int64")
        values = col.to_numpy(dtype="float64", na_value=np.nan)
        values[q] = values[q] + parts[:, k]
        posts[c] = pd.array(values, dtype="Int64") if c == "saves" else values.astype(np.int64)
    paid = q & (posts["is_paid"] == "true").to_numpy()
    posts["spend"] = np.where(paid, np.round(posts["spend"].to_numpy() * ML_CHANGE["paid_spend_multiplier"], 2),
                              posts["spend"].to_numpy())
    audience = audience.copy()
    qa = _in_current_quarter(audience["date"])
    lost = audience["lost_followers"].to_numpy(dtype=np.int64).copy()
    kept = rng.binomial(lost[qa], ML_CHANGE["churn_multiplier"])
    saved = np.zeros(len(lost), dtype=np.int64)
    saved[qa] = lost[qa] - kept
    lost[qa] = kept
    # followers are end-of-day counts: every loss avoided stays in the audience from that day on
    carried = pd.Series(saved).groupby(audience["platform"].to_numpy()).cumsum().to_numpy()
    audience["lost_followers"] = lost
    audience["followers"] = audience["followers"].to_numpy(dtype=np.int64) + carried
    return posts, audience


def _ml_change_truth(days: pd.DatetimeIndex, season: np.ndarray, own_lift: np.ndarray, base_rate: dict[str, float],
                     brands: list[str]) -> dict[str, Any]:
    """What the client report must find between the two quarters, with the expected values."""
    cur = (days >= PERIOD_CURRENT[0]) & (days <= PERIOD_CURRENT[1])
    prev = (days >= PERIOD_PREVIOUS[0]) & (days <= PERIOD_PREVIOUS[1])
    own = base_rate[brands[0]] * season * own_lift
    every = sum(base_rate[b] * season for b in brands[1:]) + own
    per_day = {k: float(own[m].mean()) for k, m in (("previous", prev), ("current", cur))}
    sov = {k: float(own[m].sum() / every[m].sum()) for k, m in (("previous", prev), ("current", cur))}
    m = ML_CHANGE
    return {
        "current": list(PERIOD_CURRENT), "previous": list(PERIOD_PREVIOUS),
        "note": "changes applied to the fourth quarter of 2025 only, after every other value was drawn",
        "engagement_rate": {"multiplier": m["engagement_multiplier"], "verdict": "up"},
        "churn_rate": {"multiplier": m["churn_multiplier"], "verdict": "down"},
        "cost_per_engagement": {"paid_spend_multiplier": m["paid_spend_multiplier"],
                                "multiplier": round(m["paid_spend_multiplier"] / m["engagement_multiplier"], 4),
                                "verdict": "down"},
        "mentions_per_day": {"expected_previous": round(per_day["previous"], 3),
                                 "expected_current": round(per_day["current"], 3),
                                 "multiplier": round(per_day["current"] / per_day["previous"], 4), "verdict": "up",
                                 "why": "the yearly seasonality of every brand's mentions peaks in mid-December"},
        "share_of_voice": {"expected_previous": round(sov["previous"], 4), "expected_current": round(sov["current"], 4),
                           "verdict": "no clear change",
                           "why": "every brand shares the seasonality; only the slow two-year gain of the own "
                                  "brand remains"},
    }


def _ml_truth(spend_cols: dict[str, np.ndarray], contrib: dict[str, np.ndarray], days: pd.DatetimeIndex) -> dict[str, Any]:
    channels = {}
    for ch, p in ML_CHANNELS.items():
        total_spend = float(spend_cols[ch].sum())
        total_contrib = float(contrib[ch].sum())
        channels[ch] = {
            "decay": p["decay"], "half_saturation": p["half"], "scale": p["beta"],
            "spend": round(total_spend, 2), "contribution": round(total_contrib, 2),
            "roas": round(total_contrib / total_spend, 4),
        }
    channels["community_management"] = {"spend": round(float(spend_cols["community_management"].sum()), 2),
                                        "note": "constant daily salary: its effect cannot be identified"}
    return {
        "engagement": {
            "definition": "expected engagements / reach = base_rate[platform] x type_multiplier x hour_multiplier",
            "base_rate": ML_BASE_RATE, "type_multiplier": ML_TYPE_MULT, "hour_multiplier_local": ML_HOUR_MULT,
        },
        "campaign": {"name": ML_CAMPAIGN[0], "start": ML_CAMPAIGN[1], "end": ML_CAMPAIGN[2],
                     "audience_reach_multiplier": {"instagram": 1.35, "facebook": 1.2, "tiktok": 1.4},
                     "new_followers_multiplier": {"instagram": 1.6, "facebook": 1.3, "tiktok": 1.8},
                     "own_mentions_multiplier": 1.4},
        "bad_buzz": {"start": ML_BAD_BUZZ[0], "end": ML_BAD_BUZZ[1], "extra_negative_mentions_per_day": 30,
                     "positive_share_increase_after": 0.08},
        "media_mix": {"adstock": "geometric a_t = x_t + decay * a_(t-1)",
                      "saturation": "scale * a / (a + half_saturation), per day",
                      "channels": channels, "period": [str(days[0].date()), str(days[-1].date())]},
        "loyalty": {"core_community_share": 0.2, "core_monthly_activity": 0.75, "other_monthly_activity": 0.22,
                    "customers_bgnbd_daily": {"r": 0.6, "alpha": 40.0, "a": 0.8, "b": 3.0},
                    "engaged_customer_purchase_rate_multiplier": 1.8},
        "market_share": {"own_share_start": 0.085, "own_share_end": 0.097,
                         "note": "shares of the whole market; market.csv lists only the four tracked brands "
                                 "(79.5 % of the market at the start), so shares computed from it run from "
                                 "about 10.7 % to 11.9 %",
                         "own_mentions_trend": "x1.25 over two years (share of voice grows)"},
    }


# ----------------------------------------------------------------------------------------------
# forges-de-l-est (B2B industrial)
# ----------------------------------------------------------------------------------------------

_FE_TEXTS = [
    "Retour sur notre participation au salon Global Industrie : merci à tous nos visiteurs. "
    "Nos équipes ont présenté la nouvelle ligne de forgeage à chaud, 30 % moins énergivore.",
    "Portrait : Claire, responsable qualité depuis 12 ans, nous explique la certification EN 9100 "
    "et ce qu'elle change pour nos clients de l'aéronautique.",
    "Nous recrutons 15 techniciens de maintenance sur notre site de Mulhouse. Alternance possible.",
    "Étude de cas : comment un équipementier ferroviaire a réduit ses délais de 6 semaines grâce à la "
    "co-conception avec notre bureau d'études.",
    "Webinar jeudi 14 h : décarboner la forge, du four à induction à la récupération de chaleur.",
    "Vidéo : 3 minutes dans l'atelier de matriçage, de la billette à la pièce finie.",
]

FE_META = {
    "name": "Forges de l'Est",
    "brand": "Forges de l'Est",
    "competitors": ["Acier Rhin", "MétalPro"],
    "currency": "EUR",
    "timezone": "Europe/Paris",
    "locale": "en",
}
FE_CAMPAIGN = ("Global Industrie 2025", "2025-03-17", "2025-04-13")
FE_TYPE_MULT = {"text": 1.0, "photo": 1.15, "video": 1.4, "link": 0.7, "carousel": 1.3}
FE_BASE_RATE = {"linkedin": 0.035, "youtube": 0.012}
FE_CHANNELS = {
    "linkedin_ads": {"decay": 0.6, "half": 6000.0, "beta": 30.0},
    "trade_shows": {"decay": 0.8, "half": 20000.0, "beta": 25.0},
}


def _forges(rng: np.random.Generator) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    tz = FE_META["timezone"]
    days = _days()
    camp = (FE_CAMPAIGN[1], FE_CAMPAIGN[2])
    audience = pd.concat(
        [
            _audience(rng, platform="linkedin", start_followers=6_200, daily_new=6, churn=0.0002,
                      campaign=camp, new_mult=2.0, reach_mult=1.5, daily_reach=1_800),
            _audience(rng, platform="youtube", start_followers=900, daily_new=1.2, churn=0.0003,
                      campaign=camp, new_mult=1.5, reach_mult=1.3, daily_reach=400),
        ],
        ignore_index=True,
    )
    hours = _hours_profile([(8, 0.9), (9, 1.0), (12, 0.5), (17, 0.4)])
    posts = []
    for platform, per_week, types, reach_median, prefix in (
        ("linkedin", 2.0, {"text": 0.3, "photo": 0.3, "video": 0.15, "link": 0.15, "carousel": 0.1}, 1_500, "LI"),
        ("youtube", 0.5, {"video": 1.0}, 700, "YT"),
    ):
        fol = pd.Series(audience.loc[audience["platform"] == platform, "followers"].to_numpy(), index=days)
        split = np.array([0.7, 0.12, 0.18, 1e-9]) if platform == "linkedin" else np.array([0.85, 0.12, 0.03, 1e-9])
        df = _posts(rng, platform=platform, per_week=per_week, types=types, type_mult=FE_TYPE_MULT,
                    base_rate=FE_BASE_RATE[platform], reach_median=reach_median, campaign=FE_CAMPAIGN,
                    campaign_reach_mult=1.4, hours=hours, hour_mult={8: 1.2, 9: 1.2}, texts=_FE_TEXTS,
                    prefix=f"FE-{prefix}-", followers=fol, paid_share=0.1, split=split, tz=tz)
        df = df.drop(columns=["saves"])  # neither platform exports saves here: absent, not zero
        if platform == "youtube":
            df["video_views"] = (df["impressions"] * 0.35).round().astype("Int64")
        posts.append(df)
    posts_df = pd.concat(posts, ignore_index=True)

    n = len(days)
    li = np.round(np.where((days.day_of_week < 5) & (rng.random(n) < 0.6), rng.gamma(3.0, 300.0, n), 0.0), 2)
    shows = np.zeros(n)
    for s, e, amt in (("2024-03-25", "2024-03-28", 9000.0), ("2024-10-08", "2024-10-10", 6000.0),
                      ("2025-03-31", "2025-04-03", 12000.0), ("2025-10-07", "2025-10-09", 7000.0)):
        shows[(days >= s) & (days <= e)] = amt
    spend_cols = {"linkedin_ads": li, "trade_shows": shows}
    contrib = {ch: p["beta"] * _hill(_geometric_adstock(spend_cols[ch], p["decay"]), p["half"]) for ch, p in FE_CHANNELS.items()}
    weekly_idx = pd.date_range("2024-01-01", END, freq="W-MON")
    base = np.where(days.day_of_week < 5, 3.0, 0.3) * _seasonality(days, weekly=np.ones(7), yearly_amp=0.1, peak_doy=60)
    daily_leads = base + sum(contrib.values())
    week_of = days.to_period("W-SUN").start_time
    lam_w = pd.Series(daily_leads).groupby(week_of).sum().reindex(weekly_idx).to_numpy()
    leads = rng.poisson(lam_w)
    outcomes = pd.DataFrame({"date": weekly_idx.strftime("%Y-%m-%d"), "leads": leads,
                             "web_sessions": rng.poisson(lam_w * 90)})
    spend = pd.DataFrame(
        [(d, ch, ("Global Industrie 2025" if ch == "trade_shows" and d.startswith("2025-0") else ""), spend_cols[ch][i])
         for ch in spend_cols for i, d in enumerate(days.strftime("%Y-%m-%d")) if spend_cols[ch][i] > 0],
        columns=["date", "channel", "campaign", "amount"],
    )
    brands = [FE_META["brand"], *FE_META["competitors"]]
    rows = []
    for b, lam in zip(brands, (1.2, 1.6, 0.9), strict=True):
        cnt = rng.poisson(np.full(n, lam) * np.where((days >= camp[0]) & (days <= camp[1]) & (b == brands[0]), 1.8, 1.0))
        day_rep = np.repeat(np.arange(n), cnt)
        u = rng.random(len(day_rep))
        sent = np.where(u < 0.35, "positive", np.where(u < 0.43, "negative", "neutral"))
        rows.append(pd.DataFrame({"date": days[day_rep].strftime("%Y-%m-%d"), "brand": b,
                                  "source": rng.choice(["linkedin", "news", "blogs"], size=len(day_rep)),
                                  "sentiment": sent,
                                  "reach": np.round(rng.lognormal(6.0, 1.0, len(day_rep))).astype(np.int64)}))
    mentions = pd.concat(rows, ignore_index=True).sort_values(["date", "brand"], kind="stable").reset_index(drop=True)
    mentions.insert(0, "mention_id", [f"FM{i:05d}" for i in range(1, len(mentions) + 1)])

    channels = {}
    for ch, p in FE_CHANNELS.items():
        s_tot, c_tot = float(spend_cols[ch].sum()), float(contrib[ch].sum())
        channels[ch] = {"decay": p["decay"], "half_saturation": p["half"], "scale": p["beta"],
                        "spend": round(s_tot, 2), "contribution_leads": round(c_tot, 2),
                        "cost_per_lead": round(s_tot / c_tot, 2)}
    truth = {
        "engagement": {"definition": "expected engagements / reach = base_rate[platform] x type_multiplier",
                       "base_rate": FE_BASE_RATE, "type_multiplier": FE_TYPE_MULT},
        "campaign": {"name": FE_CAMPAIGN[0], "start": FE_CAMPAIGN[1], "end": FE_CAMPAIGN[2],
                     "audience_reach_multiplier": {"linkedin": 1.5, "youtube": 1.3},
                     "new_followers_multiplier": {"linkedin": 2.0, "youtube": 1.5},
                     "own_mentions_multiplier": 1.8},
        "media_mix": {"target": "leads (weekly)", "channels": channels},
        "period_change": {
            "current": list(PERIOD_CURRENT), "previous": list(PERIOD_PREVIOUS),
            "note": "nothing planted between the third and the fourth quarter of 2025: mentions, churn and share "
                    "of voice do not move. The engagement rate does not either, but with 23 posts a quarter this "
                    "draw's interval of its change (+40 %, 95 % CI +2 % to +91 %) just misses zero: what a 95 % "
                    "interval does by chance about once in twenty, so it is not a planted truth",
            "mentions_per_day": {"multiplier": 1.0, "verdict": "no clear change"},
            "churn_rate": {"multiplier": 1.0, "verdict": "no clear change"},
            "share_of_voice": {"multiplier": 1.0, "verdict": "no clear change"},
        },
    }
    tables = {"posts": posts_df, "audience": audience, "mentions": mentions, "spend": spend, "outcomes": outcomes}
    return tables, truth


# ----------------------------------------------------------------------------------------------
# writing
# ----------------------------------------------------------------------------------------------

def _yaml(meta: dict[str, Any]) -> str:
    comp = ", ".join(meta["competitors"])
    return (
        f"name: {meta['name']}\n"
        f"brand: {meta['brand']}\n"
        f"competitors: [{comp}]\n"
        f"currency: {meta['currency']}\n"
        f"timezone: {meta['timezone']}\n"
        f"locale: {meta['locale']}\n"
    )


def _write_csv(df: pd.DataFrame, path: Path, *, french: bool = False) -> None:
    if french:
        # an Excel re-save, the French way: ';' separator and decimal commas
        text = df.to_csv(index=False, sep=";", decimal=",", lineterminator="\n", float_format="%.2f")
    else:
        text = df.to_csv(index=False, lineterminator="\n", float_format="%.2f")
    path.write_bytes(text.encode("utf-8"))


def generate(name: str, *, seed: int | None = None) -> tuple[dict[str, Any], dict[str, pd.DataFrame], dict[str, Any]]:
    """Generate one sample in memory: ``(meta, tables of text/number columns, planted truth)``."""
    if name == "maison-lumiere":
        rng = np.random.default_rng(20240101 if seed is None else seed)
        tables, truth = _maison_lumiere(rng)
        return dict(ML_META), tables, truth
    if name == "forges-de-l-est":
        rng = np.random.default_rng(20240102 if seed is None else seed)
        tables, truth = _forges(rng)
        return dict(FE_META), tables, truth
    raise ValueError(f"unknown sample {name!r}; expected one of {list(SAMPLES)}")


def generate_samples(out: str | os.PathLike[str], *, names: tuple[str, ...] = SAMPLES) -> list[Path]:
    """Write the sample datasets into ``out/<name>/`` (byte-for-byte reproducible). Returns the folders."""
    out = Path(out)
    folders = []
    for name in names:
        meta, tables, truth = generate(name)
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "dataset.yml").write_bytes(_yaml(meta).encode("utf-8"))
        for table, df in tables.items():
            _write_csv(df, folder / f"{table}.csv", french=(name == "maison-lumiere" and table == "spend"))
        (folder / "planted.json").write_bytes((json.dumps(truth, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        folders.append(folder)
    return folders
