"""The peer of the indicator benchmarks: the same statistics computed in DuckDB SQL.

socialroi's tables carry intervals that rest on the variation between units (posts, days, weeks),
not only point estimates. For the comparison to be fair, DuckDB computes the same thing:

- every sum over rows and over units in SQL: group sums, the residuals of the ratio and their
  moments (Σu², the HC2 sum Σu²/(1 − h), Σu³, Σu⁴, the largest leverage), where they are needed
  the working-variance fit (two weighted least-squares passes) and the traces of the
  Bell–McCaffrey degrees of freedom, and for days the lag-1 cross-products of consecutive days'
  residuals (a window function) and the weekly sums when the days are autocorrelated;
- numpy finishes on the few hundred group rows: Student quantiles (DuckDB has no t quantile
  function), Hall's skewness inverse, the pooled autocorrelation test and the clipping.

The finishing code below is written from the formulas of ``socialroi.intervals`` (its module
docstring), not imported from it, so the benchmark also checks socialroi's numbers: the script
compares the two tables cell by cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import stats

TZ = "Europe/Paris"
BM_UNITS = 1000  # below this many units (or with a unit holding >= 1 % of the exposure): Bell–McCaffrey df


# ------------------------------------------------------------------------------------------------
# SQL: sums over units (long form: relation with columns g, [day,] y, x)
# ------------------------------------------------------------------------------------------------
def _coef(src: str) -> str:
    """Working-variance coefficients (phi, tau) of each group from the weighted sums of ``src``."""
    return f"""
    SELECT g, CASE WHEN isnan(phi) THEN 0 ELSE phi END AS phi, CASE WHEN isnan(tau) THEN 0 ELSE tau END AS tau
    FROM (
      SELECT g, tau,
        CASE WHEN tau = 0 AND phi0 <> 0
             THEN greatest(sqz / (CASE WHEN sqq > 0 THEN sqq ELSE 1 END), 0) ELSE phi0 END AS phi
      FROM (
        SELECT *, CASE WHEN phi0 = 0 THEN greatest(zb, 0) ELSE greatest(zb - phi0 * qb, 0) END AS tau
        FROM (
          SELECT *, CASE WHEN cqq > 1e-12 * greatest(W * qb * qb, 1e-300) AND isfinite(cqz / cqq)
                         THEN greatest(cqz / cqq, 0) ELSE 0 END AS phi0
          FROM (SELECT *, sqq - W * qb * qb AS cqq, sqz - W * qb * zb AS cqz
                FROM (SELECT *, sq / W AS qb, sz / W AS zb FROM {src})))))"""


def interval_sql(units: str, *, days: bool) -> str:
    """Per group ``g`` of ``units``: n, Y, X, the residual moments, the Bell–McCaffrey df where
    needed, and (``days``) the lag-1 sums of consecutive days' residuals.

    ``days``: units whose y and x are both 0 are not units (as in ``day_ratio_interval``).
    """
    keep = "WHERE NOT (x = 0 AND y = 0)" if days else ""
    day = "day, " if days else ""
    lag_cte = """
, lg AS (SELECT g, day, e0, lag(e0) OVER w AS e_prev, lag(day) OVER w AS d_prev
         FROM r WINDOW w AS (PARTITION BY g ORDER BY day))
, ac AS (SELECT g, sum(e0 * e_prev) FILTER (WHERE day = d_prev + 1) AS cross_,
                count(*) FILTER (WHERE day = d_prev + 1) AS pairs, sum(e0 * e0) AS ss
         FROM lg GROUP BY g)""" if days else ""
    lag_cols = ", ac.cross_, ac.pairs, ac.ss" if days else ""
    lag_join = "LEFT JOIN ac USING (g)" if days else ""
    return f"""
WITH u AS (SELECT g, {day} y::DOUBLE AS y, x::DOUBLE AS x FROM {units} {keep})
, s AS (SELECT g, count(*)::DOUBLE AS n, sum(y) AS sy, sum(x) AS sx FROM u GROUP BY g)
, r AS (SELECT u.*, s.n, s.sx, u.y - (CASE WHEN s.sx > 0 THEN s.sy / s.sx END) * u.x AS e,
               u.y - coalesce(CASE WHEN s.sx > 0 THEN s.sy / s.sx END, 0) * u.x AS e0
        FROM u JOIN s USING (g))
, m AS (SELECT g, sum(uu) AS s2u, sum(uu / (1 - h)) AS s2a, sum(uu * uv) AS s3, sum(uu * uu) AS s4, max(h) AS mh
        FROM (SELECT g, e * n / sx AS uv, (e * n / sx) * (e * n / sx) AS uu, x / sx AS h FROM r) GROUP BY g)
, nd AS (SELECT g FROM s JOIN m USING (g) WHERE s.n < {BM_UNITS} OR m.mh >= 0.01)
, b AS (SELECT r.g, r.x, r.sx, 1 / (1 - r.x / r.sx) AS a, (1 / (1 - r.x / r.sx)) * r.e * r.e AS ea
        FROM r SEMI JOIN nd USING (g))
, w1 AS (SELECT g, count(*)::DOUBLE AS W, sum(1 / x) AS sq, sum(ea / (x * x)) AS sz, sum(1 / (x * x)) AS sqq,
                sum(ea / (x * x * x)) AS sqz
         FROM b WHERE x > 0 AND isfinite(ea) GROUP BY g)
, c1 AS ({_coef("w1")})
, w2 AS (SELECT g, sum(w) AS W, sum(w / x) AS sq, sum(w * ea / (x * x)) AS sz, sum(w / (x * x)) AS sqq,
                sum(w * ea / (x * x * x)) AS sqz
         FROM (SELECT b.g, b.x, b.ea,
                      1 / pow(greatest(coalesce(c1.phi, 0) / b.x + coalesce(c1.tau, 0), 1e-300), 2) AS w
               FROM b LEFT JOIN c1 USING (g) WHERE b.x > 0 AND isfinite(b.ea))
         GROUP BY g)
, c2 AS ({_coef("w2")})
, v AS (SELECT b.g, b.x, b.sx, CASE WHEN isfinite(b.a) THEN b.a ELSE 0 END AS a,
               CASE WHEN coalesce(c2.phi, 0) = 0 AND coalesce(c2.tau, 0) = 0 THEN greatest(b.x, 0)
                    ELSE c2.phi * b.x + c2.tau * b.x * b.x END AS v
        FROM b LEFT JOIN c2 USING (g))
, vs AS (SELECT g, sum(v) AS sv FROM v GROUP BY g)
, t AS (SELECT g, any_value(sx) AS sx, any_value(sv) AS sv, sum(a * (v + qii)) AS trb, sum(a * x * x) AS sax2,
               sum(a * v * v) AS sav2, sum(a * x * v) AS saxv, sum(a * a * v * v) AS saavv,
               sum(a * a * v * qii) AS saavq
        FROM (SELECT v.*, vs.sv, -2 * v.x * v.v / v.sx + v.x * v.x * vs.sv / (v.sx * v.sx) AS qii
              FROM v JOIN vs USING (g))
        GROUP BY g)
, bm AS (SELECT g, trb * trb / (saavv + 2 * saavq + (2 * sax2 * sav2 + 2 * saxv * saxv) / (sx * sx)
                                - 4 * sv * sax2 * saxv / (sx * sx * sx) + sv * sv * sax2 * sax2 / (sx * sx * sx * sx)) AS df_bm
         FROM t){lag_cte}
SELECT s.g, s.n, s.sy AS Y, s.sx AS X, m.s2u, m.s2a, m.s3, m.s4, m.mh, bm.df_bm{lag_cols}
FROM s JOIN m USING (g) LEFT JOIN bm USING (g) {lag_join} ORDER BY s.g"""


# ------------------------------------------------------------------------------------------------
# numpy: finishing on the group rows
# ------------------------------------------------------------------------------------------------
def fetch(con: Any, sql: str) -> dict[str, np.ndarray]:
    """The result of ``sql`` as float arrays (NULL as NaN), one per column."""
    df = con.execute(sql).df()
    return {c: df[c].to_numpy(dtype=float, na_value=np.nan) for c in df.columns}


def _arr(d: dict[str, Any], k: str, ng: int, g: np.ndarray, fill: float = np.nan) -> np.ndarray:
    out = np.full(ng, fill)
    out[g] = np.asarray(d[k], dtype=float) if k in d else np.nan
    return out


def _hall_inverse(u: np.ndarray, gamma: np.ndarray, n: np.ndarray) -> np.ndarray:
    small = np.abs(gamma) < 1e-8
    g = np.where(small, 1.0, gamma)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (3.0 / g) * (np.cbrt(1.0 + g * (u - g / (6.0 * n))) - 1.0)
    return np.where(small, u, out)


def finish(st: dict[str, Any], ng: int, *, bounds: tuple[float | None, float | None] = (None, None),
           df_scale: float = 1.0, level: float = 0.95) -> dict[str, np.ndarray]:
    """Estimate and interval per group from the SQL sums (``st``: columns of :func:`interval_sql`)."""
    g = np.asarray(st["g"], dtype=np.int64)
    n = _arr(st, "n", ng, g, 0.0)
    Y, X = _arr(st, "Y", ng, g), _arr(st, "X", ng, g)
    s2u, s2a, s3, s4, df_bm = (_arr(st, k, ng, g) for k in ("s2u", "s2a", "s3", "s4", "df_bm"))
    with np.errstate(invalid="ignore", divide="ignore"):
        R = np.where((X > 0) & (n > 0), Y / np.where(X > 0, X, 1.0), np.nan)
        m2 = s2u / n
        gamma = (s3 / n) / m2**1.5
        kurt = (s4 / n) / m2**2 - 3.0
        su = np.sqrt(s2a / n)
        df_k = 2.0 / (2.0 / (n - 1) + np.maximum(np.nan_to_num(kurt), 0.0) / n)
        df = np.fmin(df_bm, df_k)  # df_bm is NaN where not needed
        df = np.clip(np.nan_to_num(df, nan=1.0) * df_scale, 1.0, np.maximum(n - 1, 1.0))
        tq = stats.t.ppf(0.5 + level / 2, df)
        gam = np.nan_to_num(gamma)
        lo = R - _hall_inverse(tq / np.sqrt(n), gam, n) * su
        hi = R - _hall_inverse(-tq / np.sqrt(n), gam, n) * su
        se = su / np.sqrt(n)
    ok = (n >= 2) & np.isfinite(R) & np.isfinite(su) & (su > 0) & np.isfinite(lo) & np.isfinite(hi)
    lo, hi = np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)
    if bounds[0] is not None:
        lo = np.where(ok, np.maximum(lo, bounds[0]), lo)
    if bounds[1] is not None:
        hi = np.where(ok, np.minimum(hi, bounds[1]), hi)
    return {"estimate": R, "low": lo, "high": hi, "se": np.where(ok, se, np.nan), "df": np.where(ok, df, np.nan),
            "n": n, "Y": Y, "X": X}


def _week_corr(rho: float, length: int = 7) -> float:
    rho = float(np.clip(rho, -0.99, 0.99))
    j = np.arange(1, length)
    var = length + 2.0 * float(np.sum((length - j) * rho**j))
    return rho * (1.0 - rho**length) ** 2 / (1.0 - rho) ** 2 / var


def autocorrelation(st: dict[str, Any], ng: int, n: np.ndarray, alpha: float = 0.10) -> dict[str, Any]:
    """The pooled lag-1 test of the day residuals, from the per-group sums of :func:`interval_sql`."""
    g = np.asarray(st["g"], dtype=np.int64)
    cross, pairs, ss = (_arr(st, k, ng, g, 0.0) for k in ("cross_", "pairs", "ss"))
    cross, pairs, ss = (np.nan_to_num(v) for v in (cross, pairs, ss))
    use = (pairs >= 2) & (ss > 0) & (n >= 3)
    rho_g = np.where(use, cross / np.where(ss > 0, ss, 1.0), 0.0)
    m = np.where(use, pairs, 0.0)
    info = {"rho": float("nan"), "z": float("nan"), "p_value": float("nan"), "autocorrelated": False}
    if m.sum() > 0:
        z = float(np.sum(m * (rho_g + 1.0 / np.maximum(n, 1.0))) / np.sqrt(m.sum()))
        rho_hat = float(np.sum(m * rho_g) / m.sum())
        nbar = float(np.sum(m * n) / m.sum())
        rho_c = float(np.clip(rho_hat + (1.0 + 3.0 * rho_hat) / nbar, -0.95, 0.95))
        info.update(rho=rho_c, z=z, p_value=float(stats.norm.sf(z)), autocorrelated=bool(z > stats.norm.ppf(1 - alpha)))
    return info


def day_interval(con: Any, units: str, ng: int, *, bounds: tuple[float | None, float | None],
                 min_weeks: int = 8) -> dict[str, Any]:
    """Days as units (weeks when autocorrelated), as ``socialroi.intervals.day_ratio_interval``:
    the sums in DuckDB over relation ``units(g, day, y, x)``, the finish here."""
    st = fetch(con, interval_sql(units, days=True))
    daily = finish(st, ng, bounds=bounds)
    info = autocorrelation(st, ng, daily["n"])
    rho = max(info["rho"], 0.0) if np.isfinite(info["rho"]) else 0.0
    out = {"estimate": daily["estimate"], "low": daily["low"], "high": daily["high"], "n": daily["n"],
           "unit": np.full(ng, "days", dtype=object), "info": info, "Y": daily["Y"], "X": daily["X"]}
    if rho <= 0:
        return out
    shrink = (1 - rho) / (1 + rho)
    fd = float(np.sqrt(1 / shrink))
    dd = finish(st, ng, df_scale=shrink)
    est = daily["estimate"]
    lo = est - (est - dd["low"]) * fd
    hi = est + (dd["high"] - est) * fd
    nunits, unit = dd["n"], np.full(ng, "days", dtype=object)
    if info["autocorrelated"]:
        weekly_units = (f"(SELECT g, (day + 3) // 7 AS day, sum(y) AS y, sum(x) AS x FROM {units} "
                        "WHERE NOT (x = 0 AND y = 0) GROUP BY g, (day + 3) // 7)")
        wk = finish(fetch(con, interval_sql(weekly_units, days=False)), ng)
        rw = max(_week_corr(rho), 0.0)
        fw = float(np.sqrt((1 + rw) / (1 - rw)))
        use_w = wk["n"] >= min_weeks
        lo = np.where(use_w, est - (est - wk["low"]) * fw, lo)
        hi = np.where(use_w, est + (wk["high"] - est) * fw, hi)
        nunits = np.where(use_w, wk["n"], nunits)
        unit = np.where(use_w, "weeks", "days").astype(object)
    if bounds[0] is not None:
        lo = np.where(np.isfinite(lo), np.maximum(lo, bounds[0]), lo)
    if bounds[1] is not None:
        hi = np.where(np.isfinite(hi), np.minimum(hi, bounds[1]), hi)
    out.update(low=lo, high=hi, n=nunits, unit=unit)
    return out


# ------------------------------------------------------------------------------------------------
# Workload 1: share of voice and net sentiment by brand × month, days as units
# ------------------------------------------------------------------------------------------------
LOCAL_DAY = f"CAST(timezone('{TZ}', \"timestamp\") AS DATE)"


def listening(con: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Share of voice (brand × month) and net sentiment (brand × month) of table ``mentions``.

    One scan of the 10M rows (counts per local day, brand and sentiment: what both need), then
    the daily units of each indicator and their interval sums in SQL.
    """
    con.execute(f"""CREATE OR REPLACE TEMP TABLE cnt AS
        SELECT {LOCAL_DAY} AS day, brand, sentiment, count(*) AS c
        FROM mentions WHERE "timestamp" IS NOT NULL GROUP BY ALL""")
    # share of voice: every (day with a mention) x brand is a unit, y = the brand's mentions, x = all
    con.execute("""CREATE OR REPLACE TEMP TABLE sov_u AS
        WITH bd AS (SELECT day, brand, sum(c) AS c FROM cnt WHERE brand IS NOT NULL GROUP BY ALL),
             dd AS (SELECT day, sum(c) AS tot FROM bd GROUP BY day),
             br AS (SELECT DISTINCT brand FROM bd),
             grid AS (SELECT date_trunc('month', dd.day) AS period, br.brand, dd.day - DATE '1970-01-01' AS day,
                             coalesce(bd.c, 0) AS y, dd.tot AS x
                      FROM dd CROSS JOIN br LEFT JOIN bd ON bd.day = dd.day AND bd.brand = br.brand)
        SELECT dense_rank() OVER (ORDER BY period, brand) - 1 AS g, * FROM grid""")
    keys = con.execute("SELECT g, any_value(period) AS period, any_value(brand) AS brand FROM sov_u GROUP BY g "
                       "ORDER BY g").df()
    res = day_interval(con, "sov_u", len(keys), bounds=(0.0, 1.0))
    sov = keys.assign(n_mentions=res["Y"], numerator=res["Y"], denominator=res["X"], share_of_voice=res["estimate"],
                      ci_low=res["low"], ci_high=res["high"], n_units=np.where(np.isfinite(res["low"]), res["n"], 0),
                      ci_unit=res["unit"])
    sov.attrs["autocorrelation"] = res["info"]
    # net sentiment (neutral included): units = (brand, month) x days with a mention, y = pos - neg, x = all
    con.execute("""CREATE OR REPLACE TEMP TABLE ns_u AS
        WITH d AS (SELECT brand, day, sum(c) FILTER (WHERE sentiment = 'positive') AS pos,
                          sum(c) FILTER (WHERE sentiment = 'neutral') AS neu,
                          sum(c) FILTER (WHERE sentiment = 'negative') AS neg
                   FROM cnt WHERE sentiment IN ('positive', 'neutral', 'negative') GROUP BY ALL)
        SELECT dense_rank() OVER (ORDER BY brand, date_trunc('month', day)) - 1 AS g, brand,
               date_trunc('month', day) AS period, day - DATE '1970-01-01' AS day,
               coalesce(pos, 0) AS pos, coalesce(neu, 0) AS neu, coalesce(neg, 0) AS neg,
               coalesce(pos, 0) - coalesce(neg, 0) AS y, coalesce(pos, 0) + coalesce(neu, 0) + coalesce(neg, 0) AS x
        FROM d""")
    keys = con.execute("SELECT g, any_value(brand) AS brand, any_value(period) AS period, sum(pos) AS positive, "
                       "sum(neu) AS neutral, sum(neg) AS negative FROM ns_u GROUP BY g ORDER BY g").df()
    res = day_interval(con, "ns_u", len(keys), bounds=(-1.0, 1.0))
    ns = keys.assign(n_mentions=res["X"], numerator=res["Y"], denominator=res["X"], net_sentiment=res["estimate"],
                     ci_low=res["low"], ci_high=res["high"], n_units=np.where(np.isfinite(res["low"]), res["n"], 0),
                     ci_unit=res["unit"])
    ns.attrs["autocorrelation"] = res["info"]
    return sov, ns


# ------------------------------------------------------------------------------------------------
# Workload 2: kpi_table by platform × month, posts as units
# ------------------------------------------------------------------------------------------------
#: (column of kpi_table, numerator, denominator, posts with a zero denominator left out)
KPI_RATES: Sequence[tuple[str, str, str, bool]] = (
    ("engagement_rate", "e", "r", True),
    ("engagement_rate_impressions", "e", "i", True),
    ("conversation_rate", "c", "1.0", False),
    ("amplification_rate", "sh", "1.0", False),
    ("applause_rate", "re", "1.0", False),
    ("virality_rate", "sh", "i", True),
    ("click_through_rate", "cl", "i", True),
    ("frequency", "i", "r", True),
    ("cost_per_engagement", "sp", "e", False),
)

_KPI_ROWS = f"""
  SELECT platform, date_trunc('month', timezone('{TZ}', published_at)) AS period,
         reach::DOUBLE AS r, impressions::DOUBLE AS i,
         (reactions + comments + shares + saves)::DOUBLE AS e, comments::DOUBLE AS c, shares::DOUBLE AS sh,
         reactions::DOUBLE AS re, clicks::DOUBLE AS cl, spend::DOUBLE AS sp
  FROM posts"""


def _complete(k: int, y: str, x: str, nonzero: bool) -> str:
    cond = f"{y} IS NOT NULL AND {x} IS NOT NULL" + (f" AND {x} <> 0" if nonzero else "")
    return f"CASE WHEN {cond} THEN {y} END AS y{k}, CASE WHEN {cond} THEN {x} END AS x{k}"


def kpi_sql() -> str:
    """One query: per platform × month, the sums and, per rate, the complete cases' sums (pass 1),
    then the residual moments of every rate (pass 2, rows joined to their group's ratio)."""
    ys = ",\n    ".join(_complete(k, y, x, nz) for k, (_, y, x, nz) in enumerate(KPI_RATES))
    s1 = ",\n    ".join(f"count(x{k}) AS n{k}, sum(y{k}) AS sy{k}, sum(x{k}) AS sx{k}" for k in range(len(KPI_RATES)))
    uh = ",\n      ".join(f"(y{k} - sy{k} / sx{k} * x{k}) * n{k} / sx{k} AS u{k}, x{k} / sx{k} AS h{k}"
                          for k in range(len(KPI_RATES)))
    m2 = ",\n    ".join(f"sum(u{k} * u{k}) AS s2u{k}, sum(u{k} * u{k} / (1 - h{k})) AS s2a{k}, "
                        f"sum(u{k} * u{k} * u{k}) AS s3{k}, sum((u{k} * u{k}) * (u{k} * u{k})) AS s4{k}, max(h{k}) AS mh{k}"
                        for k in range(len(KPI_RATES)))
    return f"""
WITH p AS ({_KPI_ROWS}),
q AS (SELECT platform, period, r, i, e, sp,
    {ys}
  FROM p),
s AS (SELECT platform, period, count(*) AS posts, sum(r) AS reach_days, sum(i) AS impressions,
    sum(e) AS engagements, count(e) AS posts_with_engagements, sum(sp) AS spend,
    {s1}
  FROM q GROUP BY platform, period),
m AS (SELECT platform, period,
    {m2}
  FROM (SELECT q.platform, q.period,
      {uh}
    FROM q JOIN s USING (platform, period))
  GROUP BY platform, period)
SELECT * FROM s JOIN m USING (platform, period) ORDER BY platform, period"""


def kpi(con: Any) -> Any:
    """kpi_table(by="platform", freq="MS") of table ``posts``: the SQL sums, then the finish."""
    import pandas as pd

    t = con.execute(kpi_sql()).df()
    ng = len(t)
    g = np.arange(ng)
    out = t[["platform", "period", "posts", "reach_days", "impressions", "engagements",
             "posts_with_engagements", "spend"]].copy()
    need = []
    for k in range(len(KPI_RATES)):
        n = t[f"n{k}"].to_numpy(dtype=float)
        need.append((n < BM_UNITS) | (t[f"mh{k}"].to_numpy(dtype=float) >= 0.01))
    df_bm = _kpi_bm(con, t, np.array(need)) if np.any(need) else {}
    for k, (name, *_rest) in enumerate(KPI_RATES):
        st = {"g": g, "n": t[f"n{k}"], "Y": t[f"sy{k}"], "X": t[f"sx{k}"], "s2u": t[f"s2u{k}"], "s2a": t[f"s2a{k}"],
              "s3": t[f"s3{k}"], "s4": t[f"s4{k}"], "df_bm": df_bm.get(k, np.full(ng, np.nan))}
        st = {key: (np.asarray(v, dtype=float) if key != "g" else v) for key, v in st.items()}
        res = finish(st, ng, bounds=(0.0, None))
        n = res["n"]
        out[name] = np.where(n > 0, res["estimate"], np.nan)
        out[f"{name}_ci_low"], out[f"{name}_ci_high"], out[f"{name}_n"] = res["low"], res["high"], n.astype(np.int64)
    return pd.DataFrame(out)


def _kpi_bm(con: Any, t: Any, need: np.ndarray) -> dict[int, np.ndarray]:
    """Bell–McCaffrey df of the (rate, group) cells that need them (small groups or heavy posts):
    their posts as long-form units, through the same SQL as the days."""
    ng = len(t)
    parts = []
    for k in range(len(KPI_RATES)):
        gids = np.flatnonzero(need[k])
        if len(gids):
            parts.append(f"SELECT {k} * {ng} + gid AS g, y{k} AS y, x{k} AS x FROM q JOIN sg USING (platform, period) "
                         f"WHERE x{k} IS NOT NULL AND gid IN ({', '.join(map(str, gids))})")
    ys = ",\n    ".join(_complete(k, y, x, nz) for k, (_, y, x, nz) in enumerate(KPI_RATES))
    units = (f"(WITH p AS ({_KPI_ROWS}), q AS (SELECT platform, period, {ys} FROM p), "
             "sg AS (SELECT platform, period, row_number() OVER (ORDER BY platform, period) - 1 AS gid "
             "FROM (SELECT DISTINCT platform, period FROM q)) "
             + " UNION ALL ".join(parts) + ")")
    st = fetch(con, interval_sql(units, days=False))
    out: dict[int, np.ndarray] = {}
    gg = st["g"].astype(np.int64)
    df = st["df_bm"]
    for k in range(len(KPI_RATES)):
        arr = np.full(ng, np.nan)
        sel = (gg // ng) == k
        arr[gg[sel] % ng] = df[sel]
        out[k] = arr
    return out
