"""Confidence intervals: one implementation of each, used by every module.

socialroi's rule (``spec/indicators.md``, rule 5): an interval follows the unit that varies. Posts
differ from one another, days differ from one another, far beyond binomial noise, so a rate over
posts takes its interval from the variation *between posts* and a share built from a daily series
from the variation *between days* (weeks when the days are autocorrelated). Counting each reached
account, or each mention, as an independent trial is right only where trials really are
independent: the share of identified users who came back (one user, one trial).

Functions (all vectorised over groups: per-unit arrays and an integer group code per unit, every
group sum one ``numpy.bincount``, no loop over groups):

- :func:`ratio_interval` — the ratio of sums :math:`R = \\sum y / \\sum x` over units (posts,
  days, weeks, users) with its interval from the variation between units. Counts per post, means
  and mean of per-post ratios are the case :math:`x \\equiv 1`.
- :func:`day_ratio_interval` — the same over days, with a test of day-to-day autocorrelation;
  when the days are autocorrelated the units become calendar weeks (with a first-order correction
  for the dependence left between weeks).
- :func:`difference_interval` — the difference of two independent estimates (Welch).
- :func:`ratio_change_interval` — the relative change of two independent positive estimates
  (Welch on the log scale); :func:`change_interval` chooses between the two, and
  :func:`period_change` runs the whole period-over-period comparison of a ratio of sums (this
  period against the last one, posts or days as units) with its verdict-ready interval.
- :func:`mean_of_estimates` — the mean of independent estimates given their intervals.
- :func:`wilson`, :func:`newcombe_difference` — for shares of independent trials (identified
  users); :func:`garwood`, :func:`poisson_rate` — exact Poisson intervals (the labelled
  ``ci="wilson"`` options of the indicators, which treat every unit of reach as a trial).

The between-unit interval (:func:`ratio_interval`)
---------------------------------------------------
Linearisation of the ratio (Cochran 1977, §6.4): with residuals :math:`e_i = y_i - \\hat R x_i`
and influence values :math:`u_i = e_i / \\bar x`,
:math:`\\widehat{Var}(\\hat R) = \\frac{1}{n^2} \\sum_i u_i^2 / (1 - h_i)` where
:math:`h_i = x_i / \\sum x` is the unit's leverage (the HC2 correction of MacKinnon & White 1985,
which removes the downward bias of the plain sandwich when a few units weigh a lot). Three small-
sample corrections make it cover at its nominal level when posts are few and reach is heavy-tailed
(tested by simulation in ``tests/test_coverage.py``):

1. **Degrees of freedom** (Satterthwaite): the smaller of (a) Bell & McCaffrey's (2002) degrees
   of freedom of the HC2 variance under a working variance :math:`v_i = \\phi x_i + \\tau^2 x_i^2`
   (binomial-like noise plus post-to-post variation of the rate), :math:`\\phi, \\tau^2` fitted
   to the squared residuals by weighted least squares — a few posts with most of the reach leave
   few effective degrees of freedom; and (b) the kurtosis-adjusted
   :math:`\\nu = 2 / (2/(n-1) + \\hat\\kappa/n)`, since the variance of a sample variance grows
   with the excess kurtosis :math:`\\hat\\kappa` of the influence values. With equal :math:`x_i`
   and normal data both are :math:`n - 1`: Student's t on n − 1 units.
2. **Skewness** (Hall 1992): with :math:`\\hat\\gamma` the skewness of the :math:`u_i`, the
   studentised ratio is transformed by Hall's monotone cubic
   :math:`g(T) = ((1 + \\hat\\gamma T/3)^3 - 1)/\\hat\\gamma + \\hat\\gamma/(6n)`, and the interval
   is :math:`[\\hat R - g^{-1}(t_{\\nu}/\\sqrt n) s_u,\\ \\hat R - g^{-1}(-t_{\\nu}/\\sqrt n) s_u]`
   (:math:`s_u` the HC2 standard deviation of the :math:`u_i`): longer on the side of the
   skew, as heavy-tailed reach and engagement require (Zhou & Dinh 2005 compare it with the
   bootstrap).
3. no interval below 2 units, when the units carry no exposure, or when every unit has exactly the same
   ratio (no variation to measure uncertainty from, e.g. no engagement at all).

References
----------
Bell, R. M. & McCaffrey, D. F. (2002). Bias reduction in standard errors for linear regression
with multi-stage samples. *Survey Methodology* 28(2), 169-181.
Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed. Wiley (ratio estimators, §6).
Hall, P. (1992). On the removal of skewness by transformation. *JRSS B* 54(1), 221-228.
MacKinnon, J. G. & White, H. (1985). Some heteroskedasticity-consistent covariance matrix
estimators with improved finite sample properties. *J. Econometrics* 29, 305-325.
Newcombe, R. G. (1998). Interval estimation for the difference between independent proportions.
*Statistics in Medicine* 17, 873-890.
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*JASA* 22, 209-212.
Zhou, X.-H. & Dinh, P. (2005). Nonparametric confidence intervals for the one- and two-sample
problems. *Biostatistics* 6(2), 187-200.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

__all__ = [
    "Z95",
    "GroupedInterval",
    "METHODS",
    "ratio_interval",
    "day_ratio_interval",
    "difference_interval",
    "ratio_change_interval",
    "change_interval",
    "period_change",
    "PeriodChange",
    "change_verdict",
    "mean_of_estimates",
    "wilson",
    "newcombe_difference",
    "garwood",
    "poisson_rate",
    "t_quantile",
    "simulate_posts",
    "simulate_days",
    "SIM_COMPONENTS",
]

Z95 = float(stats.norm.ppf(0.975))
_BM_UNITS = 1000

#: Words for each interval method (English, French), shown in tables' ``attrs["ci_method"]`` and
#: in the definitions. Keys are the values of ``attrs["ci_method_id"]``.
METHODS: dict[str, tuple[str, str]] = {
    "posts": ("95 % interval from the variation between posts: ratio (linearisation) estimator with "
              "HC2 leverage correction, Satterthwaite degrees of freedom and Hall's skewness "
              "correction (Student t, n − 1 posts when posts are alike); no interval below 2 posts",
              "intervalle à 95 % tiré de la variation entre publications : estimateur par le ratio "
              "(linéarisation) avec correction HC2 des poids, degrés de liberté de Satterthwaite et "
              "correction d'asymétrie de Hall (Student à n − 1 publications quand elles se "
              "ressemblent) ; pas d'intervalle sous 2 publications"),
    "days": ("95 % interval from the variation between days (calendar weeks when the days are "
             "autocorrelated; the unit is named beside each interval): ratio estimator over days with the same small-sample "
             "corrections as over posts; no interval below 2 days",
             "intervalle à 95 % tiré de la variation entre jours (semaines civiles quand les jours "
             "sont autocorrélés ; l'unité est nommée à côté de chaque intervalle) : estimateur par le ratio sur les jours avec les "
             "mêmes corrections de petit échantillon que sur les publications ; pas d'intervalle sous 2 jours"),
    "users": ("95 % interval from the variation between users (users as clusters): ratio "
              "estimator with the same small-sample corrections as over posts",
              "intervalle à 95 % tiré de la variation entre personnes (personnes comme grappes) : "
              "estimateur par le ratio avec les mêmes corrections que sur les publications"),
    "wilson_users": ("Wilson 95 % interval: each identified user is one independent trial",
                     "intervalle de Wilson à 95 % : chaque personne identifiée est un essai "
                     "indépendant"),
    "wilson": ("Wilson 95 % interval, each unit of the denominator treated as an independent trial "
               "(exact Poisson interval when the numerator exceeds the denominator): ignores the "
               "variation between posts or days, so far too narrow on real data — an explicit "
               "option, not the default",
               "intervalle de Wilson à 95 %, chaque unité du dénominateur vue comme un essai "
               "indépendant (Poisson exact quand le numérateur dépasse le dénominateur) : ignore "
               "la variation entre publications ou jours, donc bien trop étroit sur données "
               "réelles — une option explicite, pas le défaut"),
    "none": ("no interval", "pas d'intervalle"),
}


def t_quantile(df: Any, level: float = 0.95) -> np.ndarray:
    """Two-sided Student quantile ``t_{(1+level)/2, df}`` (NaN where ``df`` is not positive)."""
    df = np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(df > 0, stats.t.ppf(0.5 + level / 2, np.where(df > 0, df, 1.0)), np.nan)


# --------------------------------------------------------------------------------------------
# Independent trials: Wilson, Newcombe; exact Poisson
# --------------------------------------------------------------------------------------------
def wilson(successes: Any, trials: Any, *, level: float = 0.95, z: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion ``successes / trials`` of independent trials.

    Notes
    -----
    With :math:`\\hat p = k/n`,
    :math:`(\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}) / (1 + z^2/n)`; the ends
    are exact at k = 0 (lower 0) and k = n (upper 1). NaN where ``n <= 0`` or ``k > n`` (not a
    proportion). Right only when the trials are independent (one identified user, one trial).

    References
    ----------
    Wilson (1927), JASA 22, 209-212.
    """
    if z is None:
        z = float(stats.norm.ppf(0.5 + level / 2))
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (n > 0) & (k >= 0) & (k <= n)
        p = np.where(ok, k / np.where(n > 0, n, 1.0), np.nan)
        nn = np.where(ok, n, np.nan)
        denom = 1 + z**2 / nn
        centre = (p + z**2 / (2 * nn)) / denom
        half = z * np.sqrt(p * (1 - p) / nn + z**2 / (4 * nn**2)) / denom
        lo, hi = centre - half, centre + half
        lo = np.where(ok & (k == 0), 0.0, lo)
        hi = np.where(ok & (k == n), 1.0, hi)
    return np.clip(lo, 0, 1), np.clip(hi, 0, 1)


def newcombe_difference(p1: Any, lo1: Any, hi1: Any, p2: Any, lo2: Any, hi2: Any) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe's (1998) hybrid score interval of p2 − p1 from the two Wilson intervals.

    :math:`d - \\sqrt{(p_2 - l_2)^2 + (u_1 - p_1)^2},\\ d + \\sqrt{(u_2 - p_2)^2 + (p_1 - l_1)^2}`.
    """
    p1, lo1, hi1, p2, lo2, hi2 = (np.asarray(v, dtype=float) for v in (p1, lo1, hi1, p2, lo2, hi2))
    d = p2 - p1
    return d - np.sqrt((p2 - lo2) ** 2 + (hi1 - p1) ** 2), d + np.sqrt((hi2 - p2) ** 2 + (p1 - lo1) ** 2)


def garwood(k: Any, *, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood 1936) interval for a Poisson mean given a count ``k`` (may be fractional)."""
    k = np.asarray(k, dtype=float)
    a = 1 - level
    with np.errstate(invalid="ignore"):
        lo = np.where(k > 0, stats.chi2.ppf(a / 2, 2 * np.where(k > 0, k, 1)) / 2, 0.0)
        hi = stats.chi2.ppf(1 - a / 2, 2 * k + 2) / 2
    lo = np.where(np.isfinite(k), lo, np.nan)
    return lo, hi


def poisson_rate(k: Any, exposure: Any, *, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact Poisson interval of ``k / exposure`` (NaN where the exposure is not positive)."""
    lo, hi = garwood(k, level=level)
    e = np.asarray(exposure, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = e > 0
        return np.where(ok, lo / np.where(ok, e, 1), np.nan), np.where(ok, hi / np.where(ok, e, 1), np.nan)


# --------------------------------------------------------------------------------------------
# Between-unit interval of a ratio of sums
# --------------------------------------------------------------------------------------------
@dataclass
class GroupedInterval:
    """Per-group estimate and interval (arrays aligned on group codes 0 … ngroups − 1).

    Attributes
    ----------
    estimate, low, high : ndarray
        :math:`\\hat R` and its interval.
    se : ndarray
        Standard error (HC2 linearisation; times the autocorrelation correction for days).
    df : ndarray
        Degrees of freedom of the Student quantile.
    n : ndarray
        Units the interval rests on (posts, days, weeks, users), per group.
    unit : ndarray of str
        The unit of each group ("posts", "days", "weeks", ...).
    info : dict
        Table-level facts (e.g. the autocorrelation test of :func:`day_ratio_interval`).
    """

    estimate: np.ndarray
    low: np.ndarray
    high: np.ndarray
    se: np.ndarray
    df: np.ndarray
    n: np.ndarray
    unit: np.ndarray
    info: dict[str, Any] = field(default_factory=dict)


def _bc(codes: np.ndarray, ng: int, w: np.ndarray) -> np.ndarray:
    return np.bincount(codes, weights=w, minlength=ng)


def _hall_inverse(u: np.ndarray, gamma: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Inverse of Hall's transformation ``g(T) = ((1 + γT/3)³ − 1)/γ + γ/(6n)`` (identity − shift at γ = 0)."""
    small = np.abs(gamma) < 1e-8
    g = np.where(small, 1.0, gamma)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (3.0 / g) * (np.cbrt(1.0 + g * (u - g / (6.0 * n))) - 1.0)
    return np.where(small, u, out)


def _variance_model(ea: np.ndarray, x: np.ndarray, codes: np.ndarray, ng: int, use: np.ndarray,
                    w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted LS of e²/x² on (1/x, 1) per group: E[e²] ≈ φ x + τ² x² (both ≥ 0)."""
    xs = np.where(use, x, 1.0)
    z = np.where(use, ea / xs**2, 0.0)
    q = np.where(use, 1.0 / xs, 0.0)
    w = np.where(use, w, 0.0)
    W = _bc(codes, ng, w)
    with np.errstate(invalid="ignore", divide="ignore"):
        qb = _bc(codes, ng, w * q) / W
        zb = _bc(codes, ng, w * z) / W
        sqq = _bc(codes, ng, w * q * q) - W * qb**2
        sqz = _bc(codes, ng, w * q * z) - W * qb * zb
        phi = np.where(sqq > 1e-12 * np.maximum(W * qb**2, 1e-300), sqz / sqq, 0.0)
        phi = np.where(np.isfinite(phi), np.maximum(phi, 0.0), 0.0)
        tau = np.maximum(zb - phi * qb, 0.0)
        # one coefficient clipped at 0: refit the other alone
        only_tau = phi == 0
        tau = np.where(only_tau, np.maximum(zb, 0.0), tau)
        only_phi = (tau == 0) & ~only_tau
        sq2 = _bc(codes, ng, w * q * q)
        phi = np.where(only_phi, np.maximum(_bc(codes, ng, w * z * q) / np.where(sq2 > 0, sq2, 1.0), 0.0), phi)
    return np.nan_to_num(phi), np.nan_to_num(tau)


def _bm_df(x: np.ndarray, v: np.ndarray, a: np.ndarray, codes: np.ndarray, ng: int, X: np.ndarray) -> np.ndarray:
    """Bell–McCaffrey degrees of freedom of Σ a_i e_i² (e = residuals of the ratio) under Var(y_i) = v_i.

    df = tr(AP)² / tr(APAP) with P = M diag(v) M', M = I − x1'/X; every trace is a sum over units.
    """
    Xc = X[codes]
    V = _bc(codes, ng, v)
    Vc = V[codes]
    with np.errstate(invalid="ignore", divide="ignore"):
        qii = -2.0 * x * v / Xc + x * x * Vc / Xc**2
        tr_b = _bc(codes, ng, a * (v + qii))
        sax2 = _bc(codes, ng, a * x * x)
        sav2 = _bc(codes, ng, a * v * v)
        saxv = _bc(codes, ng, a * x * v)
        tr_b2 = (_bc(codes, ng, a * a * v * v) + 2.0 * _bc(codes, ng, a * a * v * qii)
                 + (2.0 * sax2 * sav2 + 2.0 * saxv**2) / X**2 - 4.0 * V * sax2 * saxv / X**3
                 + V**2 * sax2**2 / X**4)
        return tr_b**2 / tr_b2


def ratio_interval(
    y: Any,
    x: Any = None,
    codes: Any = None,
    ngroups: int | None = None,
    *,
    level: float = 0.95,
    bounds: tuple[float | None, float | None] = (None, None),
    unit: str = "posts",
    df_scale: float = 1.0,
) -> GroupedInterval:
    """Ratio of sums over units with its interval from the variation between units.

    Parameters
    ----------
    y, x : array-like
        Per-unit numerator and denominator (finite; filter missing values first). ``x=None``
        means :math:`x_i = 1`: the mean of ``y`` (counts per post, mean of per-post ratios).
    codes : array-like of int, optional
        Group of each unit (0 … ngroups − 1); default one group.
    ngroups : int, optional
        Number of groups (default ``codes.max() + 1``).
    level : float, default 0.95
    bounds : (low, high)
        Where the ratio is known to lie (e.g. ``(0, None)`` for a rate, ``(0, 1)`` for a share):
        interval ends are clipped to them.
    unit : str
        Name of the units, returned in ``unit``.
    df_scale : float, default 1
        Factor applied to the degrees of freedom (the effective-sample-size ratio of dependent
        units, see :func:`day_ratio_interval`).

    Returns
    -------
    GroupedInterval
        ``estimate`` = Σy/Σx per group (NaN when Σx ≤ 0 or the group is empty), ``low``, ``high``,
        ``se``, ``df``, ``n`` (units per group).

    Notes
    -----
    See the module docstring: HC2 linearisation, Satterthwaite degrees of freedom (smaller of
    Bell–McCaffrey under a fitted working variance and the kurtosis-adjusted value) and Hall's
    skewness correction. With :math:`x_i = 1` the Bell–McCaffrey part is n − 1.

    Examples
    --------
    >>> import numpy as np
    >>> r = ratio_interval(np.array([2.0, 4.0, 3.0, 5.0]), np.array([100.0, 110.0, 90.0, 120.0]))
    >>> round(float(r.estimate[0]), 4), bool(r.low[0] < r.estimate[0] < r.high[0])
    (0.0333, True)
    """
    y = np.asarray(y, dtype=float).ravel()
    ones = x is None
    x = np.ones_like(y) if ones else np.asarray(x, dtype=float).ravel()
    if codes is None:
        codes = np.zeros(len(y), dtype=np.int64)
    codes = np.asarray(codes, dtype=np.int64).ravel()
    ng = int(ngroups if ngroups is not None else (codes.max() + 1 if len(codes) else 0))
    n = np.bincount(codes, minlength=ng).astype(float)
    Y, X = _bc(codes, ng, y), _bc(codes, ng, x)
    with np.errstate(invalid="ignore", divide="ignore"):
        R = np.where((X > 0) & (n > 0), Y / np.where(X > 0, X, 1.0), np.nan)
        Rc, Xc = R[codes], X[codes]
        e = y - Rc * x
        u = e * (n / X)[codes]          # influence values e / x̄
        h = x / Xc                      # leverage
        a = 1.0 / (1.0 - h)             # HC2 factor (inf where one unit holds all the exposure)
        u2 = u * u
        s2u = _bc(codes, ng, u2)
        s2a = _bc(codes, ng, a * u2)
        m2 = s2u / n
        gamma = (_bc(codes, ng, u2 * u) / n) / m2**1.5
        kurt = (_bc(codes, ng, u2 * u2) / n) / m2**2 - 3.0
        su = np.sqrt(s2a / n)  # HC2: Var(R) = Σ a u² / n², i.e. s²/n for equal x
        df_k = 2.0 / (2.0 / (n - 1) + np.maximum(np.nan_to_num(kurt), 0.0) / n)
        df = df_k
        if not ones:
            # Bell–McCaffrey degrees of freedom where they can matter: groups of fewer than
            # _BM_UNITS units, or where one unit holds at least 1 % of the exposure (larger groups
            # of comparable units have hundreds of degrees of freedom: t ≈ z)
            heavy = np.bincount(codes, weights=~(h < 0.01), minlength=ng) > 0
            need = (n < _BM_UNITS) | heavy
            rows = need[codes]
            if rows.any():
                sub = slice(None) if rows.all() else np.flatnonzero(rows)
                xs, cs, es, as_ = x[sub], codes[sub], e[sub], a[sub]
                ea = as_ * es * es
                use = (xs > 0) & np.isfinite(ea)
                phi, tau = _variance_model(ea, xs, cs, ng, use, np.ones_like(xs))
                q = np.where(use, 1.0 / np.where(use, xs, 1.0), 0.0)
                wt = 1.0 / np.maximum(phi[cs] * q + tau[cs], 1e-300) ** 2
                phi, tau = _variance_model(ea, xs, cs, ng, use, wt)
                v = phi[cs] * xs + tau[cs] * xs * xs
                none = (phi == 0) & (tau == 0)
                v = np.where(none[cs], np.maximum(xs, 0.0), v)
                df_bm = _bm_df(xs, v, np.where(np.isfinite(as_), as_, 0.0), cs, ng, X)
                df = np.where(need, np.fmin(df_bm, df_k), df_k)
        df = np.clip(np.nan_to_num(df, nan=1.0) * df_scale, 1.0, np.maximum(n - 1, 1.0))
        tq = t_quantile(df, level)
        gam = np.nan_to_num(gamma)
        lo = R - _hall_inverse(tq / np.sqrt(n), gam, n) * su
        hi = R - _hall_inverse(-tq / np.sqrt(n), gam, n) * su
        se = su / np.sqrt(n)
    ok = (n >= 2) & np.isfinite(R) & np.isfinite(su) & (su > 0) & np.isfinite(lo) & np.isfinite(hi)
    lo = np.where(ok, lo, np.nan)
    hi = np.where(ok, hi, np.nan)
    if bounds[0] is not None:
        lo = np.where(ok, np.maximum(lo, bounds[0]), lo)
    if bounds[1] is not None:
        hi = np.where(ok, np.minimum(hi, bounds[1]), hi)
    return GroupedInterval(estimate=R, low=lo, high=hi, se=np.where(ok, se, np.nan), df=np.where(ok, df, np.nan),
                           n=n.astype(np.int64), unit=np.full(ng, unit, dtype=object))


# --------------------------------------------------------------------------------------------
# Days, and weeks when the days are autocorrelated
# --------------------------------------------------------------------------------------------
def _ar1_week_correlation(rho: float, length: int = 7) -> float:
    """Correlation of adjacent sums of ``length`` consecutive days under a daily AR(1) with ``rho``."""
    rho = float(np.clip(rho, -0.99, 0.99))
    j = np.arange(1, length)
    var = length + 2.0 * float(np.sum((length - j) * rho**j))
    cov = rho * (1.0 - rho**length) ** 2 / (1.0 - rho) ** 2
    return cov / var


def _lag1(e: np.ndarray, codes: np.ndarray, day: np.ndarray, ng: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group: Σ e_t e_{t+1} over consecutive days, Σ e_t², and the number of such pairs."""
    order = np.lexsort((day, codes))
    c, d, ee = codes[order], day[order], e[order]
    pair = (c[1:] == c[:-1]) & (d[1:] == d[:-1] + 1)
    cross = _bc(c[1:][pair], ng, (ee[1:] * ee[:-1])[pair])
    pairs = np.bincount(c[1:][pair], minlength=ng).astype(float)
    return cross, _bc(codes, ng, e * e), pairs


def day_ratio_interval(
    y: Any,
    x: Any,
    codes: Any,
    ngroups: int,
    day: Any,
    *,
    level: float = 0.95,
    bounds: tuple[float | None, float | None] = (None, None),
    alpha: float = 0.10,
    min_weeks: int = 8,
    dependence: dict[str, Any] | None = None,
) -> GroupedInterval:
    """Ratio of sums over days, with its interval from the variation between days (or weeks).

    Parameters
    ----------
    y, x : array-like
        One value per group and day (sum of the day's mentions, followers lost...); units whose
        ``x`` and ``y`` are both 0 are not units (a day with no mention says nothing of a share).
    codes : array-like of int
        Group of each (group, day) unit; each (code, day) pair at most once.
    ngroups : int
    day : array-like of int
        Day number (e.g. days since 1970-01-01 in the dataset's timezone).
    level : float, default 0.95
    bounds : (low, high)
        Clipping of the interval ends, as in :func:`ratio_interval`.
    alpha : float, default 0.10
        Level of the one-sided test of positive lag-1 autocorrelation of the day residuals.
    min_weeks : int, default 8
        Below this many weeks with data, an autocorrelated group keeps days as units with the
        AR(1) long-run variance correction instead of weeks.
    dependence : dict, optional
        The ``info`` of an earlier call on a longer stretch of the same series (e.g. the brand's
        whole history in months): its autocorrelation test is used instead of one on these few
        days, which has little power (a 14-day window before a bad buzz).

    Returns
    -------
    GroupedInterval
        As :func:`ratio_interval`; ``unit`` is "days" or "weeks" per group; ``info`` holds the
        autocorrelation test: ``rho`` (pooled lag-1 autocorrelation of day residuals, bias-
        corrected), ``z``, ``p_value``, ``autocorrelated`` (bool), ``alpha``, ``week_correction``
        (factor applied to weekly standard errors).

    Notes
    -----
    Days are units: :func:`ratio_interval` over (group, day) values. The lag-1 autocorrelation
    of the residuals :math:`e_t = y_t - \\hat R x_t` is pooled over the table's groups (each
    group's :math:`\\hat\\rho_g = \\sum e_t e_{t+1} / \\sum e_t^2` over consecutive days, weighted
    by its number of pairs :math:`m_g`, bias-corrected as in Kendall (1954):
    :math:`\\hat\\rho + (1 + 3\\hat\\rho)/n`). Under independence :math:`\\hat\\rho_g` has mean
    ≈ −1/n_g and variance ≈ 1/m_g, so :math:`z = \\sum m_g(\\hat\\rho_g + 1/n_g)/\\sqrt{\\sum m_g}`.

    - Whenever :math:`\\hat\\rho > 0` the day interval is widened by the AR(1) long-run factor
      :math:`\\sqrt{(1+\\hat\\rho)/(1-\\hat\\rho)}` and its degrees of freedom scaled by
      :math:`(1-\\hat\\rho)/(1+\\hat\\rho)` (the effective number of independent days).
    - When z exceeds the one-sided ``alpha`` quantile, the days are declared autocorrelated and
      each group's units become calendar weeks (Monday to Sunday; partial weeks at the edges weigh
      by their exposure), widened by :math:`\\sqrt{(1+\\rho_w)/(1-\\rho_w)}` where
      :math:`\\rho_w` is the correlation that a daily AR(1) with :math:`\\hat\\rho` leaves between
      adjacent week sums. A group with fewer than ``min_weeks`` weeks keeps its corrected days.

    Coverage (tests/test_coverage.py, benchmarks/results_coverage.md): within ±3 points of 95 %
    from 30 days up for daily AR(1) dependence up to 0.5, in monthly tables and in single series.
    """
    y = np.asarray(y, dtype=float).ravel()
    x = np.asarray(x, dtype=float).ravel()
    codes = np.asarray(codes, dtype=np.int64).ravel()
    day = np.asarray(day, dtype=np.int64).ravel()
    keep = ~((x == 0) & (y == 0))
    y, x, codes, day = y[keep], x[keep], codes[keep], day[keep]
    ng = int(ngroups)
    daily = ratio_interval(y, x, codes, ng, level=level, bounds=bounds, unit="days")
    info: dict[str, Any] = {"rho": float("nan"), "z": float("nan"), "p_value": float("nan"),
                            "autocorrelated": False, "alpha": alpha, "week_correction": 1.0}
    if not len(y):
        daily.info = info
        return daily
    with np.errstate(invalid="ignore", divide="ignore"):
        e = y - np.nan_to_num(daily.estimate)[codes] * x
        cross, ss, pairs = _lag1(e, codes, day, ng)
        nd = daily.n.astype(float)
        use = (pairs >= 2) & (ss > 0) & (nd >= 3)
        rho_g = np.where(use, cross / np.where(ss > 0, ss, 1.0), 0.0)
        m = np.where(use, pairs, 0.0)
    if dependence is not None and np.isfinite(dependence.get("rho", np.nan)):
        info.update({k: dependence[k] for k in ("rho", "z", "p_value", "autocorrelated") if k in dependence})
        info["from"] = "a longer stretch of the series"
    elif m.sum() > 0:
        z = float(np.sum(m * (rho_g + 1.0 / np.maximum(nd, 1.0))) / np.sqrt(m.sum()))
        rho_hat = float(np.sum(m * rho_g) / m.sum())
        nbar = float(np.sum(m * nd) / m.sum())
        rho_c = float(np.clip(rho_hat + (1.0 + 3.0 * rho_hat) / nbar, -0.95, 0.95))
        info.update(rho=rho_c, z=z, p_value=float(stats.norm.sf(z)), autocorrelated=bool(z > stats.norm.ppf(1 - alpha)))
    rho = max(info["rho"], 0.0) if np.isfinite(info["rho"]) else 0.0
    if rho <= 0:
        daily.info = info
        return daily
    # days, corrected for the AR(1) dependence: long-run variance (1 + ρ)/(1 − ρ), and degrees of
    # freedom scaled by the same effective-sample-size ratio
    shrink = (1 - rho) / (1 + rho)
    fd = float(np.sqrt(1 / shrink))
    dd = ratio_interval(y, x, codes, ng, level=level, unit="days", df_scale=shrink)
    est = daily.estimate
    lo = est - (est - dd.low) * fd
    hi = est + (dd.high - est) * fd
    se, df, nunits = dd.se * fd, dd.df, dd.n
    unit = np.full(ng, "days", dtype=object)
    if info["autocorrelated"]:
        week = (day + 3) // 7  # 1970-01-01 was a Thursday: weeks run Monday to Sunday
        wkey = codes * (int(week.max() - week.min()) + 1) + (week - week.min())
        uniq, wcode = np.unique(wkey, return_inverse=True)
        wgroup = codes[np.unique(wcode, return_index=True)[1]]
        weekly = ratio_interval(_bc(wcode, len(uniq), y), _bc(wcode, len(uniq), x), wgroup, ng,
                                level=level, unit="weeks")
        rw = max(_ar1_week_correlation(rho), 0.0)
        fw = float(np.sqrt((1 + rw) / (1 - rw)))
        info["week_correction"] = fw
        use_w = weekly.n >= min_weeks
        lo = np.where(use_w, est - (est - weekly.low) * fw, lo)
        hi = np.where(use_w, est + (weekly.high - est) * fw, hi)
        se = np.where(use_w, weekly.se * fw, se)
        df = np.where(use_w, weekly.df, df)
        nunits = np.where(use_w, weekly.n, nunits)
        unit = np.where(use_w, "weeks", "days").astype(object)
    if bounds[0] is not None:
        lo = np.where(np.isfinite(lo), np.maximum(lo, bounds[0]), lo)
    if bounds[1] is not None:
        hi = np.where(np.isfinite(hi), np.minimum(hi, bounds[1]), hi)
    info["day_correction"] = fd
    return GroupedInterval(estimate=est, low=lo, high=hi, se=se, df=df, n=np.asarray(nunits, dtype=np.int64),
                           unit=unit, info=info)


# --------------------------------------------------------------------------------------------
# Combinations
# --------------------------------------------------------------------------------------------
def difference_interval(est1: Any, se1: Any, df1: Any, est2: Any, se2: Any, df2: Any, *,
                        level: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Interval and p-value of ``est2 − est1`` for two independent estimates (Welch).

    :math:`se = \\sqrt{se_1^2 + se_2^2}`, Welch–Satterthwaite
    :math:`\\nu = se^4 / (se_1^4/\\nu_1 + se_2^4/\\nu_2)`, interval
    :math:`d \\pm t_{\\nu} se`, two-sided p-value of d = 0. Returns (difference, low, high, p).
    """
    e1, s1, d1, e2, s2, d2 = (np.asarray(v, dtype=float) for v in (est1, se1, df1, est2, se2, df2))
    d = e2 - e1
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(s1**2 + s2**2)
        nu = se**4 / (s1**4 / d1 + s2**4 / d2)
        tq = t_quantile(nu, level)
        p = 2 * stats.t.sf(np.abs(d / se), np.where(nu > 0, nu, np.nan))
    return d, d - tq * se, d + tq * se, p


def ratio_change_interval(est1: Any, se1: Any, df1: Any, est2: Any, se2: Any, df2: Any, *,
                          level: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Relative change ``est2 / est1 − 1`` of two independent positive estimates, with its interval.

    On the log scale (delta method): :math:`d = \\log \\hat R_2 - \\log \\hat R_1`,
    :math:`s_k = se_k / \\hat R_k`, :math:`se = \\sqrt{s_1^2 + s_2^2}`, Welch–Satterthwaite
    :math:`\\nu = se^4 / (s_1^4/\\nu_1 + s_2^4/\\nu_2)`; the interval
    :math:`\\exp(d \\pm t_{\\nu}\\, se) - 1` is asymmetric like the ratio itself and never
    below −100 %. Two-sided p-value of no change (d = 0). NaN where an estimate is not positive or
    a standard error is missing. Returns (change, low, high, p).

    Rates over posts and days are skewed (a few posts or days carry much of the total); the log
    scale makes the ratio of two such rates close to normal, and the false-positive rate of
    "clearly up / down" under no change stays near 5 % with overdispersed posts (measured in
    ``tests/test_coverage.py``).
    """
    e1, s1, d1, e2, s2, d2 = (np.asarray(v, dtype=float) for v in (est1, se1, df1, est2, se2, df2))
    with np.errstate(invalid="ignore", divide="ignore"):
        ok = (e1 > 0) & (e2 > 0)
        l1 = np.where(ok, s1 / np.where(ok, e1, 1.0), np.nan)
        l2 = np.where(ok, s2 / np.where(ok, e2, 1.0), np.nan)
        d = np.where(ok, np.log(np.where(ok, e2, 1.0)) - np.log(np.where(ok, e1, 1.0)), np.nan)
        se = np.sqrt(l1**2 + l2**2)
        nu = se**4 / (l1**4 / d1 + l2**4 / d2)
        tq = t_quantile(nu, level)
        p = 2 * stats.t.sf(np.abs(d / se), np.where(nu > 0, nu, np.nan))
        change = np.where(ok, np.exp(d) - 1.0, np.nan)
        return change, np.exp(d - tq * se) - 1.0, np.exp(d + tq * se) - 1.0, p


def change_interval(est1: Any, se1: Any, df1: Any, est2: Any, se2: Any, df2: Any, *, relative: bool = True,
                    level: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Change from estimate 1 (the comparison period) to estimate 2 (this period): the relative
    change (:func:`ratio_change_interval`, for rates, counts and costs) or the difference
    (:func:`difference_interval`, for shares read in points). Returns (change, low, high, p)."""
    fn = ratio_change_interval if relative else difference_interval
    return fn(est1, se1, df1, est2, se2, df2, level=level)


@dataclass(kw_only=True)
class PeriodChange(GroupedInterval):
    """A ratio of sums in two periods and its change, from :func:`period_change`.

    A :class:`GroupedInterval` with two groups (the periods) and the change between them.

    Attributes
    ----------
    estimate, low, high, se, df, n, unit : ndarray
        The :class:`GroupedInterval` fields, arrays of length 2:
        index 0 the comparison period, 1 this period (from :func:`ratio_interval` or
        :func:`day_ratio_interval` over both periods at once).
    change, change_low, change_high, p_value : float
        Relative change (``relative=True``) or difference, its interval and the p-value of no change.
    relative : bool
    info : dict
        The interval's table-level facts (autocorrelation test of days).
    """

    change: float
    change_low: float
    change_high: float
    p_value: float
    relative: bool


def period_change(y: Any, x: Any, period: Any, *, day: Any = None, relative: bool = True, scale: Any = 1.0,
                  bounds: tuple[float | None, float | None] = (0.0, None), level: float = 0.95) -> PeriodChange:
    """A ratio of sums in two periods (0 = the comparison period, 1 = this period) and its change.

    Parameters
    ----------
    y, x : array-like
        Per-unit numerator and denominator (posts, or (period, day) values when ``day`` is given).
    period : array-like of int
        0 for the units of the comparison period, 1 for this period's.
    day : array-like of int, optional
        Day numbers: the units are days (:func:`day_ratio_interval`, weeks when autocorrelated);
        without it, posts (:func:`ratio_interval`).
    relative : bool, default True
        The change as ``R₁ / R₀ − 1`` (:func:`ratio_change_interval`) or as ``R₁ − R₀``
        (:func:`difference_interval`).
    scale : float or array of 2
        Factor from the ratio of sums to the reported value of each period (e.g. the churn of a
        period, Σ lost / followers at the opening, is the daily ratio × Σ opening / followers at
        the opening): estimates, bounds and standard errors are multiplied by it.

    Returns
    -------
    PeriodChange

    Notes
    -----
    The two periods are independent samples of units; each period's estimate and standard error
    come from the variation between its own units, and the change's interval is Welch's (on the
    log scale for a relative change). A verdict "clearly up" or "clearly down" is justified only
    when the whole interval lies on one side of no change: under no change this happens about 5 %
    of the time (``tests/test_coverage.py``).
    """
    y = np.asarray(y, dtype=float).ravel()
    x = np.asarray(x, dtype=float).ravel()
    codes = np.asarray(period, dtype=np.int64).ravel()
    if day is None:
        res = ratio_interval(y, x, codes, 2, level=level, bounds=bounds)
    else:
        res = day_ratio_interval(y, x, codes, 2, day, level=level, bounds=bounds)
    f = np.broadcast_to(np.asarray(scale, dtype=float), (2,))
    est, lo, hi, se = res.estimate * f, res.low * f, res.high * f, res.se * f
    ch, ch_lo, ch_hi, p = change_interval(est[0], se[0], res.df[0], est[1], se[1], res.df[1], relative=relative,
                                          level=level)
    return PeriodChange(estimate=est, low=lo, high=hi, se=se, df=res.df, n=res.n, unit=res.unit,
                        change=float(ch), change_low=float(ch_lo), change_high=float(ch_hi), p_value=float(p),
                        relative=relative, info=dict(res.info))


def change_verdict(low: Any, high: Any, *, null: float = 0.0) -> np.ndarray:
    """The verdict an interval of a change supports: ``"up"``, ``"down"`` or ``"none"``.

    ``"up"`` when the whole interval lies above ``null`` (no change: 0 for a relative change or a
    difference), ``"down"`` when it lies wholly below, ``"none"`` otherwise — also when an end is
    missing (no interval, no verdict). Nothing but the interval decides: under no change a 95 %
    interval gives "up" or "down" about 5 % of the time (``tests/test_coverage.py``).
    """
    lo = np.asarray(low, dtype=float)
    hi = np.asarray(high, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(lo > null, "up", np.where(hi < null, "down", "none"))


def mean_of_estimates(values: Any, low: Any, high: Any, *, level: float = 0.95) -> tuple[float, float, float]:
    """Mean of independent estimates and its interval, from each estimate's own interval.

    Each estimate's standard error is read from its interval, seᵢ = (highᵢ − lowᵢ) / (2 z), and
    the mean's interval is mean ± z √(Σ seᵢ²) / k over the k estimates (e.g. the mean share of
    voice over market periods, periods being independent samples of days). Returns (mean, low,
    high); the bounds are NaN when an estimate lacks its interval, the mean NaN when there is none.
    """
    z = float(stats.norm.ppf(0.5 + level / 2))
    v = np.asarray(values, dtype=float).ravel()
    lo = np.asarray(low, dtype=float).ravel()
    hi = np.asarray(high, dtype=float).ravel()
    if not len(v):
        return float("nan"), float("nan"), float("nan")
    mean = float(np.mean(v))
    if not (np.isfinite(v).all() and np.isfinite(lo).all() and np.isfinite(hi).all()):
        return mean, float("nan"), float("nan")
    se = (hi - lo) / (2 * z)
    half = z * float(np.sqrt(np.sum(se**2))) / len(v)
    return mean, mean - half, mean + half


# --------------------------------------------------------------------------------------------
# Simulators with planted truth (coverage tests and benchmarks)
# --------------------------------------------------------------------------------------------
#: Share of engagements per component in :func:`simulate_posts` (reactions, comments, shares, saves).
SIM_COMPONENTS = {"reactions": 0.8, "comments": 0.1, "shares": 0.06, "saves": 0.04}


def _beta(rng: np.random.Generator, mean: float, cv: float | None, size: Any) -> np.ndarray:
    """Beta draws with the given mean and coefficient of variation (constant when ``cv`` is None)."""
    if not cv:
        return np.full(size, mean)
    kappa = (1 - mean) / (mean * cv**2) - 1
    if kappa <= 0:
        raise ValueError(f"cv={cv} is too large for a Beta with mean {mean}")
    return rng.beta(mean * kappa, (1 - mean) * kappa, size=size)


def simulate_posts(reps: int, n_posts: int, *, rate: float = 0.05, cv: float | None = 1.0,
                   reach_sigma: float = 1.0, median_reach: float = 5000.0, click_rate: float = 0.01,
                   seed: int = 0) -> tuple[Any, dict[str, float]]:
    """Posts with overdispersed rates and heavy-tailed reach, and the true value of every post rate.

    ``reps`` independent groups (column ``rep``) of ``n_posts`` posts. Each post has reach
    :math:`\\sim` round(lognormal(log median, ``reach_sigma``)), impressions = reach × (1 + Gamma(2,
    0.25)), an engagement probability :math:`p_i \\sim` Beta with mean ``rate`` and coefficient of
    variation ``cv`` (None: :math:`p_i` = rate, binomial data without overdispersion), engagements
    :math:`\\sim` Binomial(reach, :math:`p_i`) split into reactions / comments / shares / saves
    (:data:`SIM_COMPONENTS`), clicks :math:`\\sim` Binomial(impressions, :math:`q_i`) with
    :math:`q_i` Beta(``click_rate``, ``cv``), spend :math:`\\sim` Gamma(2, 25). Also ``post_type``
    (three formats without effect), ``weekday``/``hour`` columns and ``published_at`` (UTC).

    Returns (posts, truth) with the expectations the rates estimate: ``engagement_rate`` (=
    rate), ``engagement_rate_impressions``, ``mean_of_ratios``, ``conversation_rate``,
    ``applause_rate``, ``amplification_rate``, ``virality_rate``, ``click_through_rate``,
    ``frequency``, ``cost_per_engagement``.
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    size = (reps, n_posts)
    reach = np.maximum(np.round(np.exp(rng.normal(np.log(median_reach), reach_sigma, size))), 1).astype(np.int64)
    freq = 1 + rng.gamma(2.0, 0.25, size)
    impressions = np.round(reach * freq).astype(np.int64)
    p = _beta(rng, rate, cv, size)
    eng = rng.binomial(reach, p)
    parts = rng.multinomial(eng.ravel(), list(SIM_COMPONENTS.values())).reshape(*size, len(SIM_COMPONENTS))
    clicks = rng.binomial(impressions, _beta(rng, click_rate, cv, size))
    spend = rng.gamma(2.0, 25.0, size)
    day = rng.integers(0, 364, size)
    hour = rng.integers(0, 24, size)
    ts = pd.Timestamp("2025-01-06", tz="UTC") + pd.to_timedelta(day.ravel() * 24 + hour.ravel(), unit="h")
    posts = pd.DataFrame({"rep": np.repeat(np.arange(reps), n_posts), "platform": "instagram",
                          "post_type": rng.choice(["photo", "video", "carousel"], reps * n_posts),
                          "published_at": ts, "reach": reach.ravel(), "impressions": impressions.ravel(),
                          **{c: parts[..., k].ravel() for k, c in enumerate(SIM_COMPONENTS)},
                          "clicks": clicks.ravel(), "spend": spend.ravel()})
    mean_reach = median_reach * np.exp(reach_sigma**2 / 2)
    mean_freq = 1 + 2.0 * 0.25
    truth = {
        "engagement_rate": rate, "mean_of_ratios": rate, "engagement_rate_impressions": rate / mean_freq,
        "applause_rate": mean_reach * rate * SIM_COMPONENTS["reactions"],
        "conversation_rate": mean_reach * rate * SIM_COMPONENTS["comments"],
        "amplification_rate": mean_reach * rate * SIM_COMPONENTS["shares"],
        "virality_rate": rate * SIM_COMPONENTS["shares"] / mean_freq, "click_through_rate": click_rate,
        "frequency": mean_freq, "cost_per_engagement": 50.0 / (mean_reach * rate),
    }
    return posts, truth


def _ar1_effect(rng: np.random.Generator, shape: tuple[int, int], phi: float, sd: float) -> np.ndarray:
    """exp of a stationary AR(1) with marginal sd ``sd``, mean-one (multiplicative day effects)."""
    reps, n = shape
    z = np.empty(shape)
    z[:, 0] = rng.normal(0, sd, reps)
    e = rng.normal(0, sd * np.sqrt(1 - phi**2), shape)
    for t in range(1, n):  # a loop over days (time steps), vectorised over replications
        z[:, t] = phi * z[:, t - 1] + e[:, t]
    return np.exp(z - sd**2 / 2)


def simulate_days(reps: int, n_days: int, *, phi: float = 0.3, sd: float = 0.5,
                  brands: dict[str, float] | None = None, sentiment: tuple[float, float, float] = (5.0, 5.0, 2.0),
                  followers: float = 20_000.0, new: float = 40.0, lost: float = 30.0, overdispersed: bool = True,
                  seed: int = 0) -> tuple[Any, Any, dict[str, float]]:
    """Daily listening and audience series with day-level variation and autocorrelation.

    ``reps`` independent series (column ``rep``) of ``n_days`` days from 2025-01-01 (UTC). Every
    daily mean is multiplied by mean-one lognormal AR(1) effects (autocorrelation ``phi``, log-sd
    ``sd``; ``overdispersed=False``: no day effects, Poisson days): one effect common to all
    mentions of the day (news), one per brand and sentiment class. Own brand "A": positive,
    neutral and negative mentions per day with means ``sentiment``; competitors (default B 9, C 6,
    D 3 a day). One row per mention: ``rep``, ``timestamp``, ``brand``, ``sentiment``, ``reach``
    (lognormal, same law for every brand). Audience: ``followers`` at the start, ``new`` and
    ``lost`` followers per day (with their own day effects).

    Returns (mentions, audience, truth): ``share_of_voice`` (of A), ``net_sentiment``,
    ``net_sentiment_exclude_neutral``, ``net_sentiment_ratio``, ``positive_share``, and per-day
    means ``lost_per_day`` / ``new_per_day`` (the churn of a period of n days opening with F
    followers is n·lost/F).
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    brands = dict(brands or {"B": 9.0, "C": 6.0, "D": 3.0})
    shape = (reps, n_days)
    eff = (lambda: _ar1_effect(rng, shape, phi, sd)) if overdispersed else (lambda: np.ones(shape))  # noqa: E731
    common = eff()
    streams = {("A", lab): mean for lab, mean in zip(("positive", "neutral", "negative"), sentiment, strict=True)}
    streams.update({(b, "neutral"): mean for b, mean in brands.items()})
    counts = {k: rng.poisson(mean * common * eff()) for k, mean in streams.items()}
    total = sum(int(c.sum()) for c in counts.values())
    rep = np.empty(total, dtype=np.int64)
    day = np.empty(total, dtype=np.int64)
    brand = np.empty(total, dtype=object)
    label = np.empty(total, dtype=object)
    pos = 0
    rr, dd = np.meshgrid(np.arange(reps), np.arange(n_days), indexing="ij")
    for (b, lab), c in counts.items():
        k = int(c.sum())
        rep[pos:pos + k] = np.repeat(rr.ravel(), c.ravel())
        day[pos:pos + k] = np.repeat(dd.ravel(), c.ravel())
        brand[pos:pos + k] = b
        label[pos:pos + k] = lab
        pos += k
    ts = pd.Timestamp("2025-01-01 00:00", tz="UTC") + pd.to_timedelta(day * 24 + rng.integers(0, 24, total), unit="h")
    mentions = pd.DataFrame({"rep": rep, "timestamp": ts, "brand": brand, "sentiment": label,
                             "reach": np.round(np.exp(rng.normal(np.log(800), 1.0, total)))})
    lost_d = rng.poisson(lost * eff())
    new_d = rng.poisson(new * eff())
    fol = followers + np.cumsum(new_d - lost_d, axis=1)
    dates = pd.date_range("2025-01-01", periods=n_days, freq="D")
    audience = pd.DataFrame({"rep": rr.ravel(), "date": np.tile(dates, reps), "platform": "instagram",
                             "followers": fol.ravel(), "new_followers": new_d.ravel(), "lost_followers": lost_d.ravel()})
    p, u, n = sentiment
    own = p + u + n
    truth = {"share_of_voice": own / (own + sum(brands.values())), "net_sentiment": (p - n) / own,
             "net_sentiment_exclude_neutral": (p - n) / (p + n), "net_sentiment_ratio": p / (p + n),
             "positive_share": p / own, "lost_per_day": lost, "new_per_day": new}
    return mentions, audience, truth
