"""Social-media indicators with explicit definitions and uncertainty.

Every indicator has one entry in a registry (:data:`REGISTRY`): id, labels (en, fr), purpose,
numerator, denominator, aggregation, unit and source. Every function returns a tidy DataFrame whose
value column is named by the indicator id, next to the ``by`` columns, ``period`` (when ``freq`` is
given), the counts used (``n_posts``/``n_mentions``/``n_days``, ``numerator``, ``denominator``) and a
95 % interval (``ci_low``, ``ci_high``). The output carries:

- ``attrs["indicator"]``: the definition as a plain dict (the fields of :class:`Indicator`);
- ``attrs["definition"]``: the same as one readable line (see :func:`describe`);
- ``attrs["n_excluded"]``: rows left out because a value used by the indicator was missing
  (complete cases), or because a denominator was zero in a per-row ratio.

Rules (see the project's ``spec/indicators.md``): ratio of sums by default, mean of per-post ratios
only on request (``agg="mean"``); reach summed over posts or days is "reach-days", not unique
accounts; an unavailable metric is NaN, never 0; a zero denominator gives NaN, never inf.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from ._common import as_float, get_meta, period_start, require_columns
from .errors import DataError, ParameterError, describe_rows

__all__ = [
    "Indicator",
    "REGISTRY",
    "definition",
    "describe",
    "engagements",
    "share_of_voice",
    "net_sentiment",
    "engagement_rate",
    "conversation_rate",
    "amplification_rate",
    "applause_rate",
    "virality_rate",
    "click_through_rate",
    "frequency",
    "follower_growth_rate",
    "churn_rate",
    "cost_per_engagement",
    "cpm",
    "cpc",
    "cost_per_follower",
    "roi",
    "roas",
    "economic_value",
    "distribution",
    "wilson_interval",
    "compare_rates",
    "best_posting_times",
    "kpi_table",
]

_Z = float(stats.norm.ppf(0.975))
ENGAGEMENT_COMPONENTS: tuple[str, ...] = ("reactions", "comments", "shares", "saves")


# --------------------------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Indicator:
    """Definition of one indicator.

    Attributes
    ----------
    id : str
        Name of the value column (``engagement_rate``, ``share_of_voice``, ...).
    label_en, label_fr : str
        Human labels.
    purpose : str
        awareness, loyalty, market share, engagement or money.
    numerator, denominator, aggregation : str
        What is counted, over what, and how rows are combined (English; ``*_fr`` in French).
    unit : str
        proportion, per post, currency, ratio, ...
    source : str
        Where the definition comes from.
    variant : str
        Options that changed the definition (e.g. ``basis=reach, agg=sum``).
    notes, notes_fr : str
        Caveats shown with the definition (missing components, interval method, ...).
    """

    id: str
    label_en: str
    label_fr: str
    purpose: str
    numerator: str
    denominator: str
    aggregation: str
    unit: str
    source: str
    numerator_fr: str = ""
    denominator_fr: str = ""
    aggregation_fr: str = ""
    unit_fr: str = ""
    variant: str = ""
    notes: str = ""
    notes_fr: str = ""

    def label(self, locale: str = "en") -> str:
        """Label in ``locale`` ("en" or "fr")."""
        return self.label_fr if locale == "fr" else self.label_en

    def line(self, locale: str = "en") -> str:
        """The definition as one readable line."""
        fr = locale == "fr"
        num = (self.numerator_fr or self.numerator) if fr else self.numerator
        den = (self.denominator_fr or self.denominator) if fr else self.denominator
        agg = (self.aggregation_fr or self.aggregation) if fr else self.aggregation
        unit = (self.unit_fr or self.unit) if fr else self.unit
        notes = (self.notes_fr or self.notes) if fr else self.notes
        formula = num if not den else f"{num} / {den}"
        if fr:
            text = f"{self.label_fr} = {formula} ; {agg} ; unité : {unit} ; source : {self.source}"
        else:
            text = f"{self.label_en} = {formula}; {agg}; unit: {unit}; source: {self.source}"
        if notes:
            text += f" ({notes})"
        return text

    def to_dict(self) -> dict[str, str]:
        """Plain dict (JSON-serialisable, what ``attrs["indicator"]`` holds)."""
        return dataclasses.asdict(self)


def _ind(id: str, en: str, fr: str, purpose: str, num: str, den: str, agg: str, unit: str,
         source: str, num_fr: str = "", den_fr: str = "", agg_fr: str = "", unit_fr: str = "") -> Indicator:
    return Indicator(id, en, fr, purpose, num, den, agg, unit, source, num_fr, den_fr, agg_fr, unit_fr)


_SUM = ("ratio of sums over the group", "ratio des sommes sur le groupe")
_PER_POST = ("sum over the group divided by the number of posts", "somme sur le groupe divisée par le nombre de publications")

REGISTRY: dict[str, Indicator] = {
    i.id: i
    for i in [
        _ind("engagements", "Engagements", "Engagements", "engagement",
             "reactions + comments + shares + saves (clicks apart)", "", "sum over posts", "count",
             "socialroi data model", "réactions + commentaires + partages + enregistrements (clics à part)",
             "", "somme sur les publications", "nombre"),
        _ind("engagement_rate", "Engagement rate", "Taux d'engagement", "engagement",
             "Σ engagements", "Σ reach over posts (reach-days, not unique accounts)", _SUM[0],
             "proportion", "Sprout Social, X Ads, LinkedIn (impressions); Hootsuite ERR (reach, mean of per-post ratios); Rival IQ (followers, views)",
             "Σ engagements", "Σ portée des publications (portée-jours, pas des comptes uniques)",
             _SUM[1], "proportion"),
        _ind("conversation_rate", "Conversation rate", "Taux de conversation", "engagement",
             "Σ comments", "number of posts", _PER_POST[0], "comments per post",
             "Kaushik (2011), Best social media metrics", "Σ commentaires", "nombre de publications",
             _PER_POST[1], "commentaires par publication"),
        _ind("amplification_rate", "Amplification rate", "Taux d'amplification", "engagement",
             "Σ shares", "number of posts", _PER_POST[0], "shares per post",
             "Kaushik (2011), Best social media metrics", "Σ partages", "nombre de publications",
             _PER_POST[1], "partages par publication"),
        _ind("applause_rate", "Applause rate", "Taux d'applaudissement", "engagement",
             "Σ reactions", "number of posts", _PER_POST[0], "reactions per post",
             "Kaushik (2011), Best social media metrics", "Σ réactions", "nombre de publications",
             _PER_POST[1], "réactions par publication"),
        _ind("virality_rate", "Virality rate", "Taux de viralité", "engagement",
             "Σ shares", "Σ impressions", _SUM[0], "proportion", "common practice (Facebook Insights)",
             "Σ partages", "Σ impressions", _SUM[1], "proportion"),
        _ind("click_through_rate", "Click-through rate", "Taux de clics", "engagement",
             "Σ clicks", "Σ impressions", _SUM[0], "proportion", "advertising practice (IAB)",
             "Σ clics", "Σ impressions", _SUM[1], "proportion"),
        _ind("frequency", "Frequency", "Répétition", "awareness",
             "Σ impressions", "Σ reach (reach-days)", _SUM[0], "impressions per reached account (estimate)",
             "advertising practice", "Σ impressions", "Σ portée (portée-jours)", _SUM[1],
             "impressions par compte atteint (estimation)"),
        _ind("follower_growth_rate", "Follower growth rate", "Croissance des abonnés", "loyalty",
             "followers at period end − followers at period start", "followers at period start",
             "per period", "proportion", "common practice (Hootsuite, Sprout Social)",
             "abonnés en fin de période − abonnés en début de période", "abonnés en début de période",
             "par période", "proportion"),
        _ind("churn_rate", "Churn rate", "Taux d'attrition", "loyalty",
             "Σ lost followers", "followers at period start", "per period", "proportion",
             "customer-retention practice", "Σ abonnés perdus", "abonnés en début de période",
             "par période", "proportion"),
        _ind("share_of_voice", "Share of voice", "Part de voix", "market share",
             "brand's mentions", "Σ mentions of all brands", "per period (shares sum to 1)",
             "proportion", "Binet & Field (2013), Media in Focus; social-listening practice",
             "mentions de la marque", "Σ mentions de toutes les marques",
             "par période (les parts somment à 1)", "proportion"),
        _ind("net_sentiment", "Net sentiment", "Sentiment net", "awareness",
             "positive − negative mentions", "positive + neutral + negative mentions", "ratio of counts",
             "score in [−1, 1]", "social-listening practice (Brandwatch; Talkwalker for neutral excluded)",
             "mentions positives − négatives", "mentions positives + neutres + négatives",
             "ratio des effectifs", "score dans [−1, 1]"),
        _ind("cost_per_engagement", "Cost per engagement", "Coût par engagement", "money",
             "Σ spend", "Σ engagements", _SUM[0], "currency per engagement", "advertising practice",
             "Σ dépenses", "Σ engagements", _SUM[1], "devise par engagement"),
        _ind("cpm", "Cost per thousand impressions", "Coût pour mille impressions", "money",
             "Σ spend × 1000", "Σ impressions", _SUM[0], "currency per 1000 impressions",
             "advertising practice", "Σ dépenses × 1000", "Σ impressions", _SUM[1],
             "devise pour 1000 impressions"),
        _ind("cpc", "Cost per click", "Coût par clic", "money", "Σ spend", "Σ clicks", _SUM[0],
             "currency per click", "advertising practice", "Σ dépenses", "Σ clics", _SUM[1], "devise par clic"),
        _ind("cost_per_follower", "Cost per follower", "Coût par abonné", "money", "Σ spend",
             "Σ new followers", _SUM[0], "currency per new follower", "advertising practice",
             "Σ dépenses", "Σ nouveaux abonnés", _SUM[1], "devise par nouvel abonné"),
        _ind("roi", "Return on investment", "Retour sur investissement", "money", "value − cost", "cost",
             "ratio", "ratio (0.25 = 25 % net return)",
             "standard finance; cost should include staff and tools, not only media",
             "valeur − coût", "coût", "ratio", "ratio (0,25 = 25 % de retour net)"),
        _ind("roas", "Return on ad spend", "Retour sur dépenses publicitaires", "money", "revenue", "spend",
             "ratio", "revenue per unit of spend (says nothing of profit)", "advertising practice",
             "chiffre d'affaires", "dépenses", "ratio", "chiffre d'affaires par unité dépensée (ne dit rien de la marge)"),
        _ind("economic_value", "Economic value", "Valeur économique", "money",
             "Σ actions × value per action (user-supplied values)", "", "sum", "currency",
             "Kaushik (2011); not earned media value (rejected by AMEC's Barcelona Principles)",
             "Σ actions × valeur par action (valeurs fournies par l'utilisateur)", "", "somme", "devise"),
        _ind("rate_ratio", "Rate ratio", "Rapport de taux", "engagement",
             "engagements per unit of exposure in a level", "the same in the reference level",
             "negative binomial GLM with log-exposure offset", "ratio",
             "Cameron & Trivedi (2013), Regression Analysis of Count Data",
             "engagements par unité d'exposition du niveau", "la même chose au niveau de référence",
             "GLM binomial négatif avec offset log(exposition)", "ratio"),
    ]
}


def definition(id: str) -> Indicator:
    """Return the registry definition of indicator ``id``.

    Raises
    ------
    ParameterError
        When ``id`` is not in the registry.
    """
    try:
        return REGISTRY[id]
    except KeyError:
        raise ParameterError(f"unknown indicator {id!r}; known: {sorted(REGISTRY)}") from None


def _locale(df: Any, locale: str | None) -> str:
    if locale is None:
        locale = get_meta(df if isinstance(df, pd.DataFrame) else None, "locale", None, required=False) or "en"
    if locale not in ("en", "fr"):
        raise ParameterError(f"locale={locale!r}: expected 'en' or 'fr'")
    return locale


def describe(obj: pd.DataFrame | Indicator | Mapping[str, Any] | str, *, locale: str | None = None) -> str:
    """One readable line stating what an indicator is.

    Parameters
    ----------
    obj : DataFrame, Indicator, dict or str
        An indicator output (its ``attrs["indicator"]`` is used; a table with several indicators,
        e.g. :func:`kpi_table`, gives one line per indicator), a definition, or a registry id.
    locale : {"en", "fr"}, optional
        Default: the dataset locale in ``attrs["meta"]``, else "en".

    Examples
    --------
    >>> describe("click_through_rate")
    'Click-through rate = Σ clicks / Σ impressions; ratio of sums over the group; unit: proportion; source: advertising practice (IAB)'
    """
    loc = _locale(obj, locale)
    if isinstance(obj, str):
        return definition(obj).line(loc)
    if isinstance(obj, Indicator):
        return obj.line(loc)
    if isinstance(obj, pd.DataFrame):
        if "indicator" in obj.attrs:
            return Indicator(**obj.attrs["indicator"]).line(loc)
        if "indicators" in obj.attrs:
            return "\n".join(Indicator(**d).line(loc) for d in obj.attrs["indicators"].values())
        raise ParameterError("this DataFrame carries no indicator definition in attrs['indicator']")
    if isinstance(obj, Mapping):
        return Indicator(**obj).line(loc)
    raise ParameterError(f"cannot describe an object of type {type(obj).__name__}")


# --------------------------------------------------------------------------------------------
# Intervals
# --------------------------------------------------------------------------------------------
def wilson_interval(successes: Any, trials: Any, *, z: float = _Z) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion ``successes / trials``.

    Notes
    -----
    With :math:`\\hat p = k/n`,
    :math:`(\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}) / (1 + z^2/n)`.
    NaN where ``n <= 0`` or ``k > n`` (not a proportion).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    JASA 22, 209-212.
    """
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
    return np.clip(lo, 0, 1), np.clip(hi, 0, 1)


def _garwood(k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) 95 % interval for a Poisson mean given a count ``k`` (may be fractional)."""
    k = np.asarray(k, dtype=float)
    with np.errstate(invalid="ignore"):
        lo = np.where(k > 0, stats.chi2.ppf(0.025, 2 * np.where(k > 0, k, 1)) / 2, 0.0)
        hi = stats.chi2.ppf(0.975, 2 * k + 2) / 2
    lo = np.where(np.isfinite(k), lo, np.nan)
    return lo, hi


def _poisson_rate_interval(k: np.ndarray, exposure: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = _garwood(k)
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = exposure > 0
        return np.where(ok, lo / np.where(ok, exposure, 1), np.nan), np.where(ok, hi / np.where(ok, exposure, 1), np.nan)


def _safe_div(num: Any, den: Any) -> np.ndarray:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    return np.where((den != 0) & np.isfinite(den), out, np.nan)


# --------------------------------------------------------------------------------------------
# Grouping machinery (vectorised: factorised keys + bincount)
# --------------------------------------------------------------------------------------------
def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _key_frame(df: pd.DataFrame, *, by: str | Sequence[str] | None, freq: str | None, time_col: str,
               table: str) -> tuple[dict[str, Any], list[str]]:
    """Key columns (as arrays/Series aligned on rows) and their names."""
    keys = _as_list(by)
    require_columns(df, keys + ([time_col] if freq else []), table=table)
    cols: dict[str, Any] = {k: df[k].reset_index(drop=True) for k in keys if k != "period"}
    if freq:
        cols["period"] = period_start(df[time_col], freq).reset_index(drop=True)
    return cols, list(cols)


def _group_codes(cols: dict[str, Any], n: int) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer group code per row and the frame of group keys (sorted, missing keys kept last)."""
    if not cols:
        return np.zeros(n, dtype=np.int64), pd.DataFrame(index=pd.RangeIndex(1))
    codes_list: list[np.ndarray] = []
    uniques_list: list[Any] = []
    sizes: list[int] = []
    for s in cols.values():
        c, u = pd.factorize(s, sort=True, use_na_sentinel=False)
        codes_list.append(c.astype(np.int64))
        uniques_list.append(u)
        sizes.append(max(len(u), 1))
    total = int(np.prod(sizes, dtype=float))
    combined = np.zeros(n, dtype=np.int64)
    for c, size in zip(codes_list, sizes, strict=True):
        combined = combined * size + c
    if total <= max(4 * n, 1_000_000):
        present = np.flatnonzero(np.bincount(combined, minlength=total))
        remap = np.full(total, -1, dtype=np.int64)
        remap[present] = np.arange(len(present))
        codes = remap[combined]
        flat = present
    else:
        flat, codes = np.unique(combined, return_inverse=True)
    # decode flat codes into per-key positions
    keys = {}
    rest = flat.copy()
    positions = []
    for size in reversed(sizes):
        positions.append(rest % size)
        rest = rest // size
    positions.reverse()
    for (name, _), u, pos in zip(cols.items(), uniques_list, positions, strict=True):
        keys[name] = pd.Index(u).take(pos) if len(u) else pd.Index([np.nan] * len(pos))
    return codes, pd.DataFrame({k: np.asarray(v) if not isinstance(v, pd.Index) else v for k, v in keys.items()})


def _sums(codes: np.ndarray, ngroups: int, arrays: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: np.bincount(codes, weights=v, minlength=ngroups) for k, v in arrays.items()}


def _meta_of(df: Any) -> dict[str, Any]:
    return dict((getattr(df, "attrs", None) or {}).get("meta") or {})


def _finish(out: pd.DataFrame, ind: Indicator, *, n_excluded: int, source: Any, locale: str | None,
            extra: Mapping[str, Any] | None = None) -> pd.DataFrame:
    out = out.reset_index(drop=True)
    loc = _locale(source, locale)
    out.attrs = {
        "indicator": ind.to_dict(),
        "definition": ind.line(loc),
        "n_excluded": int(n_excluded),
        "locale": loc,
    }
    meta = _meta_of(source)
    if meta:
        out.attrs["meta"] = meta
    if extra:
        out.attrs.update(extra)
    return out


def _keys_out(keyframe: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    if not names:
        return pd.DataFrame(index=pd.RangeIndex(1))
    return keyframe[names].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Engagements
# --------------------------------------------------------------------------------------------
def _platform_all_missing(missing: np.ndarray, posts: pd.DataFrame) -> np.ndarray:
    """True on rows whose platform never has this value (the platform does not export it)."""
    if "platform" not in posts.columns:
        return np.full(len(missing), bool(missing.all()))
    codes, _ = pd.factorize(posts["platform"], use_na_sentinel=False)
    n_missing = np.bincount(codes, weights=missing.astype(float))
    n_rows = np.bincount(codes)
    return (n_missing == n_rows)[codes]


def _engagement_values(posts: pd.DataFrame, *, include_clicks: bool = False,
                       components: Sequence[str] | None = None) -> tuple[np.ndarray, list[str], dict[str, list[str]]]:
    """Per-post engagements (NaN when a component the platform exports is missing).

    Returns the values, the components used, and per component the platforms that never export it
    (treated as absent for those platforms, not as missing).
    """
    wanted = list(components) if components is not None else list(ENGAGEMENT_COMPONENTS)
    if include_clicks and "clicks" not in wanted:
        wanted.append("clicks")
    comps = [c for c in wanted if c in posts.columns]
    if not comps:
        raise DataError(
            f"table 'posts': no engagement column; expected at least one of {wanted}, "
            f"it has {list(posts.columns)}"
        )
    n = len(posts)
    total = np.zeros(n)
    incomplete = np.zeros(n, dtype=bool)
    used: list[str] = []
    absent_for: dict[str, list[str]] = {}
    for c in comps:
        v = as_float(posts[c])
        miss = np.isnan(v)
        if miss.all():
            continue  # the export does not have it at all: left out, the definition says so
        absent = _platform_all_missing(miss, posts) if miss.any() else np.zeros(n, dtype=bool)
        if absent.any():
            absent_for[c] = sorted({str(p) for p in pd.Series(posts["platform"].to_numpy()[absent]).dropna().unique()})
        incomplete |= miss & ~absent
        total += np.where(miss, 0.0, v)
        used.append(c)
    if not used:
        raise DataError(f"table 'posts': engagement columns {comps} are entirely empty")
    total[incomplete] = np.nan
    return total, used, absent_for


_FR_WORDS = {"reactions": "réactions", "comments": "commentaires", "shares": "partages",
             "saves": "enregistrements", "clicks": "clics"}


def _engagement_text(used: list[str], absent_for: Mapping[str, list[str]]) -> tuple[str, str, str, str]:
    en = " + ".join(used)
    fr = " + ".join(_FR_WORDS.get(c, c) for c in used)
    missing = [c for c in ENGAGEMENT_COMPONENTS if c not in used]
    notes_en, notes_fr = [], []
    if missing:
        notes_en.append(f"not in the data: {', '.join(missing)}")
        notes_fr.append(f"absents des données : {', '.join(_FR_WORDS[c] for c in missing)}")
    for c, plats in absent_for.items():
        notes_en.append(f"{c} not exported by {', '.join(plats)}")
        notes_fr.append(f"{_FR_WORDS.get(c, c)} non exportés par {', '.join(plats)}")
    if "clicks" in used:
        notes_en.append("clicks included")
        notes_fr.append("clics inclus")
    return en, fr, "; ".join(notes_en), " ; ".join(notes_fr)


def engagements(posts: pd.DataFrame, *, include_clicks: bool = False) -> pd.Series:
    """Engagements of each post: the sum of the components the data has.

    Parameters
    ----------
    posts : DataFrame
        Posts table (columns ``reactions``, ``comments``, ``shares``, ``saves`` when available).
    include_clicks : bool
        Add ``clicks`` (counted apart by default).

    Returns
    -------
    Series
        float, aligned on ``posts.index``, named ``engagements``; NaN when a component that the
        post's platform exports is missing on that post. A component column absent from the
        table, or empty for a whole platform, is left out (``attrs["components"]`` lists those used,
        ``attrs["definition"]`` says what was left out).

    Notes
    -----
    engagements = reactions + comments + shares + saves (socialroi data model).
    """
    values, used, absent_for = _engagement_values(posts, include_clicks=include_clicks)
    out = pd.Series(values, index=posts.index, name="engagements")
    en, fr, notes, notes_fr = _engagement_text(used, absent_for)
    ind = dataclasses.replace(REGISTRY["engagements"], numerator=en, numerator_fr=fr, notes=notes, notes_fr=notes_fr)
    out.attrs = {"components": used, "indicator": ind.to_dict(), "definition": ind.line(_locale(posts, None)),
                 "n_excluded": int(np.isnan(values).sum())}
    return out


# --------------------------------------------------------------------------------------------
# Listening: share of voice and net sentiment
# --------------------------------------------------------------------------------------------
def _mention_metric(mentions: pd.DataFrame, basis: str) -> tuple[np.ndarray, str, str]:
    if basis == "mentions":
        return np.ones(len(mentions)), "mentions", "mentions"
    if basis == "reach":
        require_columns(mentions, ["reach"], table="mentions", purpose="share of voice by reach")
        return as_float(mentions["reach"]), "reach of mentions", "portée des mentions"
    if basis == "engagement":
        if "engagements" in mentions.columns:
            return as_float(mentions["engagements"]), "engagements on mentions", "engagements sur les mentions"
        comps = [c for c in ENGAGEMENT_COMPONENTS if c in mentions.columns]
        if not comps:
            raise DataError(
                "table 'mentions': share of voice by engagement needs an 'engagements' column or "
                f"components {list(ENGAGEMENT_COMPONENTS)}; it has {list(mentions.columns)}"
            )
        total = np.zeros(len(mentions))
        for c in comps:
            total = total + as_float(mentions[c])  # NaN propagates: complete cases
        return total, f"engagements on mentions ({' + '.join(comps)})", f"engagements sur les mentions ({' + '.join(_FR_WORDS.get(c, c) for c in comps)})"
    raise ParameterError(f"basis={basis!r}: expected 'mentions', 'reach' or 'engagement'")


def share_of_voice(
    mentions: pd.DataFrame,
    *,
    basis: Literal["mentions", "reach", "engagement"] = "mentions",
    by: str = "brand",
    within: str | Sequence[str] | None = None,
    freq: str | None = None,
    locale: str | None = None,
) -> pd.DataFrame:
    """Share of voice of each brand, per period.

    Parameters
    ----------
    mentions : DataFrame
        Mentions table (``timestamp``, ``brand``; ``reach`` for basis="reach"; ``engagements`` or
        reactions/comments/shares for basis="engagement").
    basis : {"mentions", "reach", "engagement"}
        What is shared: counts of mentions (default), their reach, or their engagements.
    by : str
        The column whose levels share the voice (default ``brand``).
    within : str or list of str, optional
        Extra columns inside which shares sum to 1 (e.g. ``"platform"``).
    freq : str, optional
        Pandas offset alias; periods in the dataset timezone. None: the whole span.
    locale : {"en", "fr"}, optional

    Returns
    -------
    DataFrame
        ``within`` columns, ``period``, ``by``, ``n_mentions``, ``numerator`` (the brand's metric),
        ``denominator`` (all brands' metric in the same period), ``share_of_voice``, ``ci_low``,
        ``ci_high``. Every brand seen in the data gets a row in every period (share 0 when it has no
        mention there). Shares sum to 1 in each period (and ``within`` group).

    Notes
    -----
    :math:`SoV_b = m_b / \\sum_j m_j`. Intervals: Wilson 95 % for basis="mentions" (mentions treated
    as independent draws, which ignores bursts of correlated mentions); NaN for reach and engagement
    (neither is a count of independent trials). Rows with a missing brand or metric are left out and
    counted in ``attrs["n_excluded"]``.

    References
    ----------
    Binet, L. & Field, P. (2013). Media in Focus. IPA.
    """
    require_columns(mentions, [by], table="mentions", purpose="share of voice")
    x, what_en, what_fr = _mention_metric(mentions, basis)
    within_l = _as_list(within)
    cols, names = _key_frame(mentions, by=within_l, freq=freq, time_col="timestamp", table="mentions")
    brand = mentions[by].reset_index(drop=True)
    ok = np.isfinite(x) & brand.notna().to_numpy()
    if freq:
        ok &= cols["period"].notna().to_numpy()
    n_excluded = int((~ok).sum())
    cols_all = {**cols, by: brand}
    sel = np.flatnonzero(ok)
    cols_ok = {k: v.iloc[sel].reset_index(drop=True) for k, v in cols_all.items()}
    codes, keyframe = _group_codes(cols_ok, len(sel))
    ng = len(keyframe)
    s = _sums(codes, ng, {"num": x[sel], "n": np.ones(len(sel))})
    keyframe = keyframe.assign(n_mentions=s["n"].astype(np.int64), numerator=s["num"])
    # complete the brand grid inside each (within, period) group with zeros
    outer = [k for k in keyframe.columns if k in names]
    if outer:
        wide = keyframe.pivot_table(index=outer, columns=by, values=["n_mentions", "numerator"],
                                    aggfunc="sum", fill_value=0, observed=True, dropna=False)
        long = wide.stack(by, future_stack=True).reset_index()
        long = long[outer + [by, "n_mentions", "numerator"]]
    else:
        long = keyframe[[by, "n_mentions", "numerator"]].copy()
    if len(long):
        long["n_mentions"] = long["n_mentions"].fillna(0).astype(np.int64)
        long["numerator"] = long["numerator"].fillna(0.0).astype(float)
    if outer:
        long["denominator"] = long.groupby(outer, dropna=False, observed=True)["numerator"].transform("sum")
    else:
        long["denominator"] = long["numerator"].sum()
    long["share_of_voice"] = _safe_div(long["numerator"], long["denominator"])
    if basis == "mentions":
        lo, hi = wilson_interval(long["numerator"], long["denominator"])
        ci_note, ci_note_fr = "Wilson 95 % interval", "intervalle de Wilson à 95 %"
    else:
        lo = hi = np.full(len(long), np.nan)
        ci_note = f"no interval: {basis} is not a count of independent trials"
        ci_note_fr = f"pas d'intervalle : la base {basis} n'est pas un effectif d'essais indépendants"
    long["ci_low"], long["ci_high"] = lo, hi
    long = long.sort_values(outer + [by], kind="stable").reset_index(drop=True)
    ind = dataclasses.replace(
        REGISTRY["share_of_voice"],
        numerator=f"brand's {what_en}", denominator=f"Σ {what_en} of all brands",
        numerator_fr=f"{what_fr} de la marque", denominator_fr=f"Σ {what_fr} de toutes les marques",
        variant=f"basis={basis}", notes=ci_note, notes_fr=ci_note_fr,
    )
    return _finish(long, ind, n_excluded=n_excluded, source=mentions, locale=locale)


_SENTIMENT_LABELS = {"positive": 1, "neutral": 0, "negative": -1}


def _sentiment_codes(values: pd.Series, neutral_band: float, table: str = "mentions",
                     column: str = "sentiment") -> np.ndarray:
    """+1 / 0 / −1 per row, NaN where missing."""
    s = values.reset_index(drop=True)
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        v = as_float(s)
        bad = np.flatnonzero(np.isfinite(v) & ((v < -1) | (v > 1)))
        if len(bad):
            raise DataError(f"table {table!r}, column {column!r}: scores must lie in [-1, 1]; "
                            f"{describe_rows(bad, v[bad])}")
        out = np.where(v > neutral_band, 1.0, np.where(v < -neutral_band, -1.0, 0.0))
        return np.where(np.isnan(v), np.nan, out)
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    mapped = []
    unknown = []
    for u in uniques:
        key = str(u).strip().lower()
        if key in _SENTIMENT_LABELS:
            mapped.append(float(_SENTIMENT_LABELS[key]))
        else:
            # a number written as text
            try:
                f = float(key)
            except ValueError:
                unknown.append(u)
                mapped.append(np.nan)
                continue
            if not -1 <= f <= 1:
                unknown.append(u)
            mapped.append(1.0 if f > neutral_band else (-1.0 if f < -neutral_band else 0.0))
    if unknown:
        rows = np.flatnonzero(s.isin(unknown).to_numpy())
        raise DataError(
            f"table {table!r}, column {column!r}: expected 'positive', 'neutral', 'negative' or a "
            f"score in [-1, 1]; {describe_rows(rows, s.iloc[rows[:5]].tolist())}"
        )
    table_ = np.append(np.asarray(mapped, dtype=float), np.nan)
    return table_[np.where(codes < 0, len(mapped), codes)]


def net_sentiment(
    mentions: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "brand",
    freq: str | None = None,
    variant: Literal["neutral_included", "exclude_neutral", "ratio"] = "neutral_included",
    neutral_band: float = 0.05,
    sentiment_col: str = "sentiment",
    locale: str | None = None,
) -> pd.DataFrame:
    """Net sentiment of mentions per group and period.

    Parameters
    ----------
    mentions : DataFrame
        Mentions with ``sentiment``: labels "positive"/"neutral"/"negative" or scores in [-1, 1].
    by : str or list of str, optional
        Grouping columns (default ``brand``).
    freq : str, optional
        Pandas offset alias; periods in the dataset timezone.
    variant : {"neutral_included", "exclude_neutral", "ratio"}
        ``neutral_included``: (pos − neg) / (pos + neu + neg) (default);
        ``exclude_neutral``: (pos − neg) / (pos + neg) (Talkwalker);
        ``ratio``: pos / (pos + neg) (positive ratio, in [0, 1]).
    neutral_band : float
        Numeric scores: ``score > neutral_band`` is positive, ``score < −neutral_band`` negative,
        otherwise neutral (default 0.05, the VADER convention).
    sentiment_col : str
        Column holding the sentiment.

    Returns
    -------
    DataFrame
        ``by``, ``period``, ``n_mentions``, ``positive``, ``neutral``, ``negative``, ``numerator``,
        ``denominator``, ``net_sentiment``, ``ci_low``, ``ci_high``.

    Notes
    -----
    Intervals (95 %): ``ratio`` — Wilson on pos/(pos+neg); ``exclude_neutral`` — the same Wilson
    interval mapped by 2p − 1 (since (pos − neg)/(pos + neg) = 2·pos/(pos+neg) − 1);
    ``neutral_included`` — Wald interval for a difference of two multinomial proportions,
    var = (p₊ + p₋ − (p₊ − p₋)²)/n, computed with one pseudo-count added to each of the three classes
    (so that it is not degenerate at 0 or n), clipped to [−1, 1]. Rows with a missing sentiment are
    left out and counted in ``attrs["n_excluded"]``.

    References
    ----------
    Hutto, C. & Gilbert, E. (2014). VADER. ICWSM (the ±0.05 band).
    """
    if variant not in ("neutral_included", "exclude_neutral", "ratio"):
        raise ParameterError(f"variant={variant!r}: expected 'neutral_included', 'exclude_neutral' or 'ratio'")
    if not 0 <= neutral_band < 1:
        raise ParameterError(f"neutral_band={neutral_band!r}: expected a number in [0, 1)")
    require_columns(mentions, [sentiment_col], table="mentions", purpose="net sentiment")
    code = _sentiment_codes(mentions[sentiment_col], neutral_band, column=sentiment_col)
    cols, names = _key_frame(mentions, by=by, freq=freq, time_col="timestamp", table="mentions")
    ok = np.isfinite(code)
    n_excluded = int((~ok).sum())
    codes, keyframe = _group_codes(cols, len(mentions))
    ng = len(keyframe)
    s = _sums(codes, ng, {"pos": (code == 1).astype(float), "neu": (code == 0).astype(float),
                          "neg": (code == -1).astype(float)})
    pos, neu, neg = s["pos"], s["neu"], s["neg"]
    n = pos + neu + neg
    out = _keys_out(keyframe, names)
    out["n_mentions"] = n.astype(np.int64)
    out["positive"] = pos.astype(np.int64)
    out["neutral"] = neu.astype(np.int64)
    out["negative"] = neg.astype(np.int64)
    if variant == "neutral_included":
        num, den = pos - neg, n
        pp, pn, nn = (pos + 1) / (n + 3), (neg + 1) / (n + 3), n + 3
        d = pp - pn
        se = np.sqrt(np.maximum(pp + pn - d**2, 0) / nn)
        value = _safe_div(num, den)
        lo = np.where(n > 0, np.clip(value - _Z * se, -1, 1), np.nan)
        hi = np.where(n > 0, np.clip(value + _Z * se, -1, 1), np.nan)
        note = ("Wald 95 % interval of a multinomial difference, one pseudo-count per class",
                "intervalle de Wald à 95 % d'une différence multinomiale, un pseudo-effectif par classe")
        texts = ("positive − negative mentions", "positive + neutral + negative mentions",
                 "mentions positives − négatives", "mentions positives + neutres + négatives")
    elif variant == "exclude_neutral":
        num, den = pos - neg, pos + neg
        value = _safe_div(num, den)
        wl, wh = wilson_interval(pos, pos + neg)
        lo, hi = 2 * wl - 1, 2 * wh - 1
        note = ("Wilson 95 % interval of pos/(pos+neg) mapped by 2p − 1; neutral mentions excluded",
                "intervalle de Wilson à 95 % de pos/(pos+nég) transformé par 2p − 1 ; neutres exclues")
        texts = ("positive − negative mentions", "positive + negative mentions",
                 "mentions positives − négatives", "mentions positives + négatives")
    else:
        num, den = pos, pos + neg
        value = _safe_div(num, den)
        lo, hi = wilson_interval(pos, pos + neg)
        note = ("Wilson 95 % interval; neutral mentions excluded", "intervalle de Wilson à 95 % ; neutres exclues")
        texts = ("positive mentions", "positive + negative mentions", "mentions positives",
                 "mentions positives + négatives")
    out["numerator"] = num
    out["denominator"] = den
    out["net_sentiment"] = value
    out["ci_low"], out["ci_high"] = lo, hi
    band = (f"; numeric scores: > {neutral_band:g} positive, < −{neutral_band:g} negative, else neutral",
            f" ; scores numériques : > {neutral_band:g} positif, < −{neutral_band:g} négatif, sinon neutre")
    unit = ("proportion in [0, 1]", "proportion dans [0, 1]") if variant == "ratio" else ("score in [−1, 1]", "score dans [−1, 1]")
    ind = dataclasses.replace(
        REGISTRY["net_sentiment"], numerator=texts[0], denominator=texts[1], numerator_fr=texts[2],
        denominator_fr=texts[3], variant=f"variant={variant}", unit=unit[0], unit_fr=unit[1],
        notes=note[0] + band[0], notes_fr=note[1] + band[1],
    )
    return _finish(out, ind, n_excluded=n_excluded, source=mentions, locale=locale)
