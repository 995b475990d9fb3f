"""The fast paths give the numbers of a slow, obviously-correct reference (issue 18).

The aggregations of ``kpi_table``, ``share_of_voice``, ``net_sentiment`` and ``cohort_retention``
work on integer codes (groups, local days computed once per distinct day, periods spread from a
per-day table, ``np.bincount``), and the loader parses a French CSV through one vectorised reader.
Each test below recomputes the same table with plain pandas, written here without any socialroi
internals: ``groupby`` on readable keys (local calendar days and months from ``tz_convert``),
``reindex`` for the brands silent in a period, ``str.replace`` and ``to_datetime`` for the file.
The intervals themselves are then computed by the public ``socialroi.intervals`` functions on the
reference's own units (their statistics are tested in ``tests/test_intervals.py`` and
``tests/test_coverage.py``): what is compared here is every group, unit, day, period and sum.

The random data cross the two daylight-saving changes of Europe/Paris (last Sunday of March and
October 2025; mentions at 23:30 and 00:30 local on those days, whose UTC dates differ from the
local ones), and hold missing values (timestamps, brands, sentiments, counts), zero exposures,
groups whose rate has no complete post (an empty group: rate and interval NaN, n 0), brands
silent for whole months, and users seen once.
"""

from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import socialroi as sr
from socialroi import intervals as iv

TZ = "Europe/Paris"
#: the days that have 23 and 25 hours in Europe/Paris in 2025
DST_DAYS = ("2025-03-30", "2025-10-26")


def _times(rng: np.random.Generator, n: int) -> pd.Series:
    """Local times over 2025, a third of them on the two DST days and the evenings around them."""
    base = pd.Timestamp("2025-01-01", tz=TZ).value // 10**9
    secs = rng.integers(base, base + 364 * 86400, n)
    t = pd.Series(pd.to_datetime(secs, unit="s", utc=True)).dt.tz_convert(TZ)
    k = n // 3
    days = pd.to_datetime(rng.choice(list(DST_DAYS) + ["2025-03-29", "2025-10-25", "2025-03-31"], k))
    minutes = rng.choice([30, 90, 150, 210, 23 * 60 + 30, 23 * 60 + 59, 12 * 60], k)  # 00:30 … 23:59
    local = days + pd.to_timedelta(minutes, unit="min")
    t.iloc[:k] = local.tz_localize(TZ, ambiguous=True, nonexistent="shift_forward")
    return t


def _local(t: pd.Series) -> pd.Series:
    return t.dt.tz_convert(TZ).dt.tz_localize(None)


def _month(t: pd.Series) -> pd.Series:
    return _local(t).dt.to_period("M").dt.start_time


def _day(t: pd.Series) -> pd.Series:
    """Local calendar day as days since 1970-01-01."""
    d = _local(t).dt.normalize()
    return (d - pd.Timestamp("1970-01-01")).dt.days


def _close(a, b, **kw) -> None:
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-9, atol=1e-12,
                               equal_nan=True, **kw)


# --------------------------------------------------------------------------------------------
# mentions: share of voice and net sentiment
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mentions() -> pd.DataFrame:
    rng = np.random.default_rng(18)
    n = 6000
    t = _times(rng, n)
    brand = pd.Series(rng.choice(["Lumière", "Nova", "Rivage", "Époque"], n, p=[0.4, 0.3, 0.2, 0.1]), dtype="str")
    # "Rare" only in two months: silent in every other month (an empty cell of the grid)
    rare = np.flatnonzero(t.dt.month.isin([2, 11]).to_numpy())[:40]
    brand.iloc[rare] = "Rare"
    sentiment = pd.Series(rng.choice(["positive", "neutral", "negative"], n, p=[0.35, 0.45, 0.2]), dtype="str")
    df = pd.DataFrame({"timestamp": t, "brand": brand, "sentiment": sentiment})
    df.loc[rng.random(n) < 0.01, "timestamp"] = pd.NaT
    df.loc[rng.random(n) < 0.01, "brand"] = None
    df.loc[rng.random(n) < 0.02, "sentiment"] = None
    return df


def test_share_of_voice_matches_a_pandas_groupby(mentions):
    got = sr.indicators.share_of_voice(mentions, freq="MS")
    m = mentions.dropna(subset=["timestamp", "brand"])
    m = m.assign(period=_month(m["timestamp"]), day=_day(m["timestamp"]))
    brands = sorted(m["brand"].unique())
    periods = sorted(m["period"].unique())
    # the brand's mentions per period, every brand in every period (0 when silent)
    num = m.groupby(["period", "brand"]).size().reindex(pd.MultiIndex.from_product([periods, brands]), fill_value=0)
    den = m.groupby("period").size()
    assert len(got) == len(num)
    assert (got["period"].to_numpy() == num.index.get_level_values(0).to_numpy()).all()
    assert (got["brand"].astype(str).to_numpy() == num.index.get_level_values(1).to_numpy()).all()
    assert (got["n_mentions"].to_numpy() == num.to_numpy()).all()
    _close(got["denominator"], den.reindex(num.index.get_level_values(0)).to_numpy())
    _close(got["share_of_voice"], num.to_numpy() / den.reindex(num.index.get_level_values(0)).to_numpy())
    assert (got.groupby("period")["share_of_voice"].sum().round(12) == 1).all()
    # units: each day with a mention in the period × each brand; y its mentions, x all mentions that day
    per_day = m.groupby(["period", "day"]).size().rename("x").reset_index()
    grid = per_day.merge(pd.DataFrame({"brand": brands}), how="cross")
    yb = m.groupby(["period", "day", "brand"]).size().rename("y").reset_index()
    grid = grid.merge(yb, on=["period", "day", "brand"], how="left").fillna({"y": 0})
    gid = grid.groupby(["period", "brand"]).ngroup().to_numpy()
    res = iv.day_ratio_interval(grid["y"].to_numpy(float), grid["x"].to_numpy(float), gid, len(num),
                                grid["day"].to_numpy(), bounds=(0.0, 1.0))
    _close(got["ci_low"], res.low)
    _close(got["ci_high"], res.high)
    assert (got["ci_unit"].to_numpy() == res.unit).all()
    assert (got["n_units"].to_numpy() == np.where(np.isfinite(res.low), res.n, 0)).all()
    assert got.attrs["n_excluded"] == len(mentions) - len(m)
    silent = got[got["n_mentions"] == 0]
    assert len(silent) and silent["share_of_voice"].eq(0).all()


@pytest.mark.parametrize("variant", ["neutral_included", "exclude_neutral", "ratio"])
def test_net_sentiment_matches_a_pandas_groupby(mentions, variant):
    got = sr.indicators.net_sentiment(mentions, by="brand", freq="MS", variant=variant)
    keys = ["brand", "period"]
    allm = mentions.assign(period=_month(mentions["timestamp"]))
    # the groups are those of every row (a brand whose mentions all lack a sentiment, or a missing
    # timestamp, keeps its row, with 0 mentions counted); the counts are those of the kept rows
    groups = allm.groupby(keys, dropna=False).size().index
    m = allm.dropna(subset=["timestamp", "sentiment"])
    m = m.assign(day=_day(m["timestamp"]))
    counts = (m.groupby(keys, dropna=False)["sentiment"].value_counts().unstack(fill_value=0)
              .reindex(index=groups, columns=["positive", "neutral", "negative"], fill_value=0))
    pos, neu, neg = (counts[c].to_numpy(float) for c in ("positive", "neutral", "negative"))
    if variant == "neutral_included":
        num, den, bounds = pos - neg, pos + neu + neg, (-1.0, 1.0)
    elif variant == "exclude_neutral":
        num, den, bounds = pos - neg, pos + neg, (-1.0, 1.0)
    else:
        num, den, bounds = pos, pos + neg, (0.0, 1.0)
    # sorted keys, the missing brand last (as socialroi sorts them)
    assert len(got) == len(counts)
    assert (got["brand"].astype(object).fillna("∅").to_numpy()
            == counts.index.get_level_values(0).to_series().fillna("∅").to_numpy()).all()
    assert (got["period"].to_numpy().astype("datetime64[ns]").astype(np.int64)
            == counts.index.get_level_values(1).to_numpy().astype("datetime64[ns]").astype(np.int64)).all()
    for c in ("positive", "neutral", "negative"):
        assert (got[c].to_numpy() == counts[c].to_numpy()).all()
    _close(got["net_sentiment"], np.where(den > 0, num / np.where(den > 0, den, 1), np.nan))
    daily = (m.groupby([*keys, "day"], dropna=False)["sentiment"].value_counts().unstack(fill_value=0)
             .reindex(columns=["positive", "neutral", "negative"], fill_value=0).reset_index())
    dpos, dneu, dneg = (daily[c].to_numpy(float) for c in ("positive", "neutral", "negative"))
    if variant == "neutral_included":
        y, x = dpos - dneg, dpos + dneu + dneg
    elif variant == "exclude_neutral":
        y, x = dpos - dneg, dpos + dneg
    else:
        y, x = dpos, dpos + dneg
    gid = pd.MultiIndex.from_frame(daily[keys]).map(dict(zip(groups, range(len(groups)), strict=True))).to_numpy()
    res = iv.day_ratio_interval(y, x, gid.astype(np.int64), len(counts), daily["day"].to_numpy(), bounds=bounds)
    _close(got["ci_low"], res.low)
    _close(got["ci_high"], res.high)
    assert (got["ci_unit"].to_numpy() == res.unit).all()
    assert got.attrs["n_excluded"] == len(mentions) - len(m)


# --------------------------------------------------------------------------------------------
# posts: kpi_table
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def posts() -> pd.DataFrame:
    rng = np.random.default_rng(1818)
    n = 4000
    t = _times(rng, n)
    platform = pd.Series(rng.choice(["facebook", "instagram", "linkedin", "x"], n), dtype="str")
    reach = rng.integers(50, 5000, n).astype(float)
    reach[rng.random(n) < 0.01] = 0.0  # nobody reached: left out of the rates over reach
    impressions = np.round(reach * rng.uniform(1.0, 2.0, n))

    def counts(mean: np.ndarray, miss: float) -> np.ndarray:
        v = rng.poisson(mean).astype(float)
        v[rng.random(n) < miss] = np.nan
        return v

    df = pd.DataFrame({
        "post_id": [f"p{i}" for i in range(n)],
        "platform": platform,
        "published_at": t,
        "reach": reach,
        "impressions": impressions,
        "reactions": counts(reach * 0.03, 0.02),
        "comments": counts(reach * 0.004, 0.02),
        "shares": counts(reach * 0.002, 0.0),
        "saves": counts(reach * 0.001, 0.0),
        "clicks": counts(reach * 0.01, 0.05),
        "spend": np.where(rng.random(n) < 0.3, rng.uniform(5, 100, n).round(2), 0.0),
    })
    df.loc[rng.random(n) < 0.02, "impressions"] = np.nan
    df.loc[rng.random(n) < 0.02, "spend"] = np.nan
    # an empty group: LinkedIn in May has no reaction count (no complete post for the engagement rates)
    may = (df["platform"] == "linkedin") & (_local(df["published_at"]).dt.month == 5)
    df.loc[may, "reactions"] = np.nan
    for c in ("reach", "impressions", "reactions", "comments", "shares", "saves", "clicks"):
        df[c] = df[c].astype("Int64")
    return df


def test_kpi_table_matches_a_pandas_groupby(posts):
    ds = SimpleNamespace(posts=posts, audience=None, mentions=None, spend=None, outcomes=None,
                         meta={"timezone": TZ, "locale": "en"})
    got = sr.indicators.kpi_table(ds, by="platform", freq="MS", basis="reach")
    p = posts.astype({c: float for c in ("reach", "impressions", "reactions", "comments", "shares", "saves",
                                         "clicks")})
    p = p.assign(period=_month(p["published_at"]),
                 e=p["reactions"] + p["comments"] + p["shares"] + p["saves"],  # NaN when one is missing
                 one=1.0)
    keys = ["platform", "period"]
    g = p.groupby(keys)
    ref = pd.DataFrame({"posts": g.size(), "reach_days": g["reach"].sum(min_count=1),
                        "impressions": g["impressions"].sum(min_count=1), "engagements": g["e"].sum(min_count=1),
                        "posts_with_engagements": g["e"].count(), "spend": g["spend"].sum(min_count=1)})
    assert len(got) == len(ref)
    assert (got["platform"].astype(str).to_numpy() == ref.index.get_level_values(0).to_numpy()).all()
    assert (got["period"].to_numpy() == ref.index.get_level_values(1).to_numpy()).all()
    for c in ref.columns:
        _close(got[c], ref[c], err_msg=c)
    rates = {  # column: (numerator, denominator, posts with a zero denominator left out)
        "engagement_rate": ("e", "reach", True),
        "engagement_rate_impressions": ("e", "impressions", True),
        "conversation_rate": ("comments", "one", False),
        "amplification_rate": ("shares", "one", False),
        "applause_rate": ("reactions", "one", False),
        "virality_rate": ("shares", "impressions", True),
        "click_through_rate": ("clicks", "impressions", True),
        "frequency": ("impressions", "reach", True),
        "cost_per_engagement": ("spend", "e", False),
    }
    gid_all = g.ngroup()
    empty_seen = False
    for name, (y, x, nonzero) in rates.items():
        keep = p[y].notna() & p[x].notna() & ((p[x] != 0) if nonzero else True)
        sub = p[keep]
        s = sub.groupby(keys).agg(Y=(y, "sum"), X=(x, "sum"), n=(y, "size")).reindex(ref.index)
        n = s["n"].fillna(0).to_numpy()
        est = np.where(n > 0, s["Y"] / s["X"], np.nan)
        res = iv.ratio_interval(sub[y].to_numpy(float), sub[x].to_numpy(float), gid_all[keep].to_numpy(), len(ref),
                                bounds=(0.0, None))
        _close(got[name], est, err_msg=name)
        _close(got[f"{name}_ci_low"], np.where(n > 0, res.low, np.nan), err_msg=name)
        _close(got[f"{name}_ci_high"], np.where(n > 0, res.high, np.nan), err_msg=name)
        assert (got[f"{name}_n"].to_numpy() == n).all(), name
        empty_seen |= bool((n == 0).any())
    assert empty_seen  # LinkedIn in May: no complete post for the engagement rates
    auto = sr.indicators.kpi_table(ds, by="platform", freq="MS")  # basis="auto": reach, reported everywhere
    _close(auto["engagement_rate_ci_low"], got["engagement_rate_ci_low"])
    assert set(auto["engagement_rate_basis"]) == {"reach"}


# --------------------------------------------------------------------------------------------
# interactions: cohort retention
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("freq", ["MS", "W"])
def test_cohort_retention_matches_a_pandas_groupby(freq):
    rng = np.random.default_rng(7)
    n = 5000
    t = _times(rng, n)
    users = pd.Series([f"u{i}" for i in rng.integers(0, 800, n)], dtype="str")
    log = pd.DataFrame({"user_id": users, "timestamp": t})
    got = sr.loyalty.cohort_retention(log, freq=freq)
    local = _local(log["timestamp"])
    if freq == "MS":
        per = local.dt.to_period("M")
    else:
        per = local.dt.to_period("W-SUN")  # Monday to Sunday
    code = per.map(lambda q: q.ordinal)
    first = code.groupby(log["user_id"]).transform("min")
    active = pd.DataFrame({"user": log["user_id"], "cohort": first, "k": code - first}).drop_duplicates()
    size = active.drop_duplicates("user").groupby("cohort").size()
    users_in = active.groupby(["cohort", "k"]).size()
    last = int(code.max())
    rows = [(c, k, int(size[c]), int(users_in.get((c, k), 0))) for c in size.index for k in range(last - c + 1)]
    ref = pd.DataFrame(rows, columns=["cohort", "k", "size", "users"])
    assert len(got) == len(ref)
    assert (got["period"].to_numpy() == ref["k"].to_numpy()).all()
    assert (got["cohort_size"].to_numpy() == ref["size"].to_numpy()).all()
    assert (got["users"].to_numpy() == ref["users"].to_numpy()).all()
    starts = pd.PeriodIndex.from_ordinals(ref["cohort"].to_numpy(), freq=per.dt.freq).start_time
    assert (pd.DatetimeIndex(got["cohort"]).tz_localize(None).normalize() == starts.normalize()).all()
    lo, hi = iv.wilson(ref["users"].to_numpy(), ref["size"].to_numpy())
    _close(got["ci_low"], lo)
    _close(got["ci_high"], hi)
    assert (got["period"] > 0).any() and (got["users"] == 0).any()  # periods nobody came back are listed


# --------------------------------------------------------------------------------------------
# the loader: a French CSV
# --------------------------------------------------------------------------------------------
def test_loader_matches_a_plain_parse(tmp_path):
    rng = np.random.default_rng(3)
    n = 3000
    # local wall times, with the spring gap (02:30 does not exist) and the repeated autumn hour
    base = pd.Timestamp("2025-01-01")
    wall = base + pd.to_timedelta(rng.integers(0, 364 * 24 * 60, n), unit="min")
    special = pd.to_datetime(["2025-03-30 02:30", "2025-10-26 02:30", "2025-03-30 03:00", "2025-10-26 01:59",
                              "2025-10-26 03:00"])
    wall = pd.Series(wall).copy()
    wall.iloc[:len(special)] = special
    impressions = rng.integers(0, 3_000_000, n)
    reach = (impressions * 0.6).astype(np.int64)
    comments = rng.integers(0, 500, n).astype(object)
    comments[rng.random(n) < 0.05] = ""
    cents = np.where(rng.random(n) < 0.4, rng.integers(0, 250_000, n), 0)
    spend = pd.Series(cents // 100).astype(str) + "," + pd.Series(cents % 100).astype(str).str.zfill(2)
    spend[rng.random(n) < 0.03] = ""
    raw = pd.DataFrame({
        "Post ID": (10**17 + np.arange(n) * 7919).astype(str),
        "Platform": rng.choice(["Instagram", "Facebook", "LinkedIn"], n),
        "Published at": wall.dt.strftime("%d/%m/%Y %H:%M"),
        "Is paid": np.where(cents > 0, "oui", "non"),
        "Impressions": pd.Series(impressions).map("{:,}".format).str.replace(",", "\u00a0"),
        "Reach": reach,
        "Comments": comments,
        "Spend": spend,
        "Text": rng.choice(["Été à Noël", "Offre « Rivage » – 20 %", "Merci ; à bientôt"], n),
    })
    path = tmp_path / "posts.csv"
    raw.to_csv(path, sep=";", index=False, encoding="cp1252")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = sr.read_table(path, "posts", timezone=TZ)
    # the reference: every cell as text, then each French rule by hand
    txt = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str, keep_default_na=False, engine="python")
    assert len(got) == n
    assert (got["post_id"].astype(str).to_numpy() == txt["Post ID"].to_numpy()).all()
    assert (got["platform"].astype(str).str.lower().to_numpy() == txt["Platform"].str.lower().to_numpy()).all()
    assert (got["text"].astype(str).to_numpy() == txt["Text"].to_numpy()).all()
    naive = pd.to_datetime(txt["Published at"], format="%d/%m/%Y %H:%M")
    # gap: moved forward by the gap (one hour); repeated hour: first occurrence (summer time)
    expected = naive.dt.tz_localize(TZ, ambiguous=np.ones(n, dtype=bool), nonexistent=pd.Timedelta(hours=1))
    assert str(got["published_at"].dt.tz) == TZ
    assert (got["published_at"].dt.tz_convert("UTC").to_numpy() == expected.dt.tz_convert("UTC").to_numpy()).all()
    assert got["published_at"].iloc[0] == pd.Timestamp("2025-03-30 03:30", tz=TZ)
    assert got["published_at"].iloc[1] == pd.Timestamp("2025-10-26 00:30", tz="UTC")
    imp = txt["Impressions"].str.replace("\u00a0", "", regex=False).astype("int64")
    assert str(got["impressions"].dtype) == "Int64" and (got["impressions"].to_numpy() == imp.to_numpy()).all()
    assert (got["reach"].to_numpy() == txt["Reach"].astype("int64").to_numpy()).all()
    com = pd.to_numeric(txt["Comments"].replace("", np.nan))
    assert got["comments"].isna().sum() == com.isna().sum()
    _close(got["comments"].astype(float), com)
    sp = pd.to_numeric(txt["Spend"].str.replace(",", ".", regex=False).replace("", np.nan))
    assert got["spend"].dtype == "float64"
    _close(got["spend"], sp)
    assert (got["is_paid"].astype(bool).to_numpy() == (txt["Is paid"] == "oui").to_numpy()).all()


@pytest.mark.parametrize("sep", [" ", "\u00a0", "\u202f", "'", "\u2019", ""])
def test_number_parser_matches_a_plain_python_parse(sep):
    """French numbers (thousands separators of every kind, decimal commas, percentages, missing and
    unreadable cells) parsed column-wise in Arrow, against one ``float()`` per value."""
    rng = np.random.default_rng(len(sep))
    n = 2000
    ints = rng.integers(0, 10**7, n)
    cents = rng.integers(0, 100, n)
    text = [f"{i:,}".replace(",", sep) + (f",{c:02d}" if k % 3 else "") + ("%" if k % 11 == 0 else "")
            for k, (i, c) in enumerate(zip(ints, cents, strict=True))]
    text[5], text[6], text[7] = None, "", "n/a"
    got, failed = sr.schema.parse_numbers(pd.Series(text, dtype="str"), default_decimal=",")

    def ref(v):
        if v is None or v.strip() == "":
            return np.nan
        t = v.replace(sep, "") if sep else v
        pct = t.endswith("%")
        try:
            x = float(t.rstrip("%").replace(",", "."))
        except ValueError:
            return np.nan
        return x / 100 if pct else x

    expected = np.array([ref(v) for v in text])
    _close(got, expected)
    assert failed.tolist() == [v == "n/a" for v in text]
