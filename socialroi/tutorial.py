"""Lessons and exercise checks of the student tutorial (``notebooks/00_tutorial.ipynb``).

Each exercise has a ``check_*`` function that says whether an answer is right, and *why* it is
wrong when it is — recognising the classic mistakes (a different denominator, a mean of ratios,
reach added across posts, a percentage instead of a fraction, an inverted ratio). A check returns
a :class:`Feedback` (true when right) and never raises on a wrong or missing answer.

>>> check_reach(1500).correct
True
>>> check_reach(1800).correct
False
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .errors import DataError, ParameterError

__all__ = [
    "EXERCISES",
    "Feedback",
    "Lessons",
    "check_bad_buzz",
    "check_denominator",
    "check_how_not_whether",
    "check_lift",
    "check_reach",
    "check_roi",
    "example_lift",
    "solution",
]

#: Exercise keys, in the order of the tutorial.
EXERCISES = ("how_not_whether", "denominator", "reach", "lift", "roi", "bad_buzz")


@dataclass(frozen=True)
class Feedback:
    """Outcome of a check: ``correct`` (also the truth value) and a ``message`` saying why."""

    correct: bool
    message: str
    answered: bool = True

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.message


_MSG: dict[str, dict[str, str]] = {
    "en": {
        "right": "✔ Right. ",
        "wrong": "✘ Not quite. ",
        "empty": "… No answer yet: replace None with your answer and run the cell again.",
        "not_number": "✘ The answer should be a number; got {answer!r}.",
        # how not whether
        "hnw_right": "The useful question is how to use social media for a goal (awareness, loyalty, "
                     "market share, sales) and how to measure it — not whether to be there.",
        "hnw_a": "Whether to be on social media is settled for most brands: customers and competitors are "
                 "there. The measurable question is how.",
        "hnw_c": "Follower counts are an output, not a goal; they say nothing of what the posts brought.",
        "hnw_other": "Answer with \"a\", \"b\" or \"c\".",
        # denominator
        "den_right": "Σ engagements / Σ impressions = {expected:.4f}. Same posts, another denominator: "
                     "always say which one you use.",
        "den_reach": "{answer:.4f} is the rate on reach. The question asked for impressions (each view "
                     "counts, so the denominator is larger and the rate smaller): {expected:.4f}.",
        "den_mean": "{answer:.4f} is a mean of per-post ratios. The default is the ratio of sums "
                    "(Σ engagements / Σ impressions = {expected:.4f}); a mean of ratios gives small posts the "
                    "same weight as big ones.",
        "den_pct": "{answer} looks like a percentage. Give a fraction: {expected:.4f} (that is "
                   "{pct:.2f}%).",
        "den_other": "{answer:.4f} is not the engagement rate on impressions ({expected:.4f}). Engagements "
                     "= reactions + comments + shares + saves; divide their sum by the sum of impressions.",
        # reach
        "reach_right": "1,000 + 800 − 300 = 1,500 different people. Reach counts people, so it is not "
                       "additive: people reached by both posts count once.",
        "reach_sum": "1,800 counts the 300 people who saw both posts twice. Reach is not additive: "
                     "1,000 + 800 − 300 = 1,500.",
        "reach_other": "{answer} is not it. Add both reaches and remove the people counted twice.",
        # lift
        "lift_right": "The 95% interval of the relative effect runs from {lo:.1%} to {hi:.1%}: it "
                      "{excludes} zero, so the data {show} an effect.",
        "lift_wrong": "Look at the interval, not the point estimate: it runs from {lo:.1%} to {hi:.1%} and "
                      "{excludes} zero, so the data {show} an effect.",
        "lift_none": "No lift could be computed on this dataset, so there is nothing to check.",
        "den_none": "This dataset has no posts, so there is no engagement rate to compute here: run the "
                    "tutorial on a dataset with posts (e.g. the sample maison-lumiere) for this exercise.",
        "lift_other": "Answer True (the interval excludes zero: an effect) or False.",
        "excludes": "excludes",
        "includes": "includes",
        "show": "show",
        "dont_show": "do not show",
        # roi
        "roi_right": "500 / 2,000 = 0.25 per engagement. Measure what the money buys in engagement first; "
                     "revenue needs a model of how engagement turns into sales.",
        "roi_inverted": "{answer} is engagements per euro (2,000 / 500). A cost per engagement divides the "
                        "cost by the engagements: 500 / 2,000 = 0.25.",
        "roi_other": "{answer} is not it: divide the spend by the engagements.",
        # bad buzz
        "buzz_right": "(60 − 10) / 100 = 0.5. Answering a bad buzz with content that earns positive "
                      "comments moves this number; deleting the negative ones does not.",
        "buzz_excl": "{answer} leaves the neutral mentions out ((60 − 10) / 70, Talkwalker's variant). "
                     "The question's definition divides by all mentions: 0.5.",
        "buzz_pct": "{answer} looks like a percentage: give a fraction (0.5).",
        "buzz_other": "{answer} is not it: (positive − negative) / all mentions.",
        "score": "Score: {right} / {total} right.",
    },
    "fr": {
        "right": "✔ Juste. ",
        "wrong": "✘ Pas tout à fait. ",
        "empty": "… Pas encore de réponse : remplacez None par votre réponse et relancez la cellule.",
        "not_number": "✘ La réponse doit être un nombre ; reçu {answer!r}.",
        "hnw_right": "La question utile est comment utiliser les réseaux sociaux pour un objectif "
                     "(notoriété, fidélisation, part de marché, ventes) et comment le mesurer — pas s'il "
                     "faut y être.",
        "hnw_a": "Être ou non sur les réseaux est tranché pour la plupart des marques : clients et "
                 "concurrents y sont. La question mesurable est comment.",
        "hnw_c": "Le nombre d'abonnés est un résultat, pas un objectif ; il ne dit rien de ce que les "
                 "publications ont apporté.",
        "hnw_other": "Répondez \"a\", \"b\" ou \"c\".",
        "den_right": "Σ engagements / Σ impressions = {expected:.4f}. Mêmes publications, autre "
                     "dénominateur : dites toujours lequel vous utilisez.",
        "den_reach": "{answer:.4f} est le taux sur la portée. La question demandait les impressions (chaque "
                     "affichage compte, le dénominateur est plus grand et le taux plus petit) : {expected:.4f}.",
        "den_mean": "{answer:.4f} est une moyenne de ratios par publication. Par défaut on prend le rapport "
                    "des sommes (Σ engagements / Σ impressions = {expected:.4f}) ; une moyenne de ratios "
                    "donne aux petites publications le même poids qu'aux grandes.",
        "den_pct": "{answer} ressemble à un pourcentage. Donnez une fraction : {expected:.4f} (soit "
                   "{pct:.2f} %).",
        "den_other": "{answer:.4f} n'est pas le taux d'engagement sur les impressions ({expected:.4f}). "
                     "Engagements = réactions + commentaires + partages + enregistrements ; divisez leur "
                     "somme par la somme des impressions.",
        "reach_right": "1 000 + 800 − 300 = 1 500 personnes différentes. La portée compte des personnes : "
                       "elle ne s'additionne pas, les personnes touchées deux fois comptent une fois.",
        "reach_sum": "1 800 compte deux fois les 300 personnes qui ont vu les deux publications. La portée "
                     "ne s'additionne pas : 1 000 + 800 − 300 = 1 500.",
        "reach_other": "{answer} n'est pas la bonne réponse. Additionnez les deux portées et retirez les "
                       "personnes comptées deux fois.",
        "lift_right": "L'intervalle à 95 % de l'effet relatif va de {lo:.1%} à {hi:.1%} : il {excludes} "
                      "zéro, donc les données {show} un effet.",
        "lift_wrong": "Regardez l'intervalle, pas l'estimation ponctuelle : il va de {lo:.1%} à {hi:.1%} et "
                      "{excludes} zéro, donc les données {show} un effet.",
        "lift_none": "Aucun effet de campagne n'a pu être calculé sur ce jeu de données : rien à vérifier.",
        "den_none": "Ce jeu de données n'a pas de publications : il n'y a pas de taux d'engagement à calculer "
                    "ici ; pour cet exercice, lancez le tutoriel sur un jeu avec publications (par exemple "
                    "l'échantillon maison-lumiere).",
        "lift_other": "Répondez True (l'intervalle exclut zéro : un effet) ou False.",
        "excludes": "exclut",
        "includes": "contient",
        "show": "montrent",
        "dont_show": "ne montrent pas",
        "roi_right": "500 / 2 000 = 0,25 par engagement. Mesurez d'abord ce que l'argent achète en "
                     "engagement ; le chiffre d'affaires demande un modèle du passage de l'engagement aux "
                     "ventes.",
        "roi_inverted": "{answer} est un nombre d'engagements par euro (2 000 / 500). Un coût par engagement "
                        "divise le coût par les engagements : 500 / 2 000 = 0,25.",
        "roi_other": "{answer} n'est pas la bonne réponse : divisez la dépense par les engagements.",
        "buzz_right": "(60 − 10) / 100 = 0,5. Répondre à un bad buzz par des contenus qui suscitent des "
                      "commentaires positifs fait bouger ce chiffre ; supprimer les négatifs, non.",
        "buzz_excl": "{answer} laisse de côté les mentions neutres ((60 − 10) / 70, la variante de "
                     "Talkwalker). La définition demandée divise par toutes les mentions : 0,5.",
        "buzz_pct": "{answer} ressemble à un pourcentage : donnez une fraction (0,5).",
        "buzz_other": "{answer} n'est pas la bonne réponse : (positives − négatives) / toutes les mentions.",
        "score": "Score : {right} / {total} justes.",
    },
}

_LESSONS: dict[str, dict[str, str]] = {
    "en": {
        "intro": "## Measuring social media\n\nThis tutorial uses a bundled dataset (`{name}`). Each lesson "
                 "ends with an exercise: write your answer in place of `None`, run the cell, and the "
                 "check tells you whether it is right and why.",
        "how_not_whether": "## 1. \"How\", not \"whether\"\n\nAsking *whether* a company should be on social "
                           "media leads nowhere: its customers, competitors and critics are already there. "
                           "The questions that can be answered with data are *how*: which goal "
                           "(awareness, loyalty, market share, sales), which indicators measure progress "
                           "towards it, and what the effort costs.\n\n**Exercise.** Which question should a "
                           "brand's social-media report answer? (a) Should we be on social media? (b) How "
                           "does our presence serve our goals, and at what cost? (c) How many followers "
                           "do we have?",
        "denominator": "## 2. Indicators and the denominator trap\n\nEach goal has its indicators (the table "
                       "below: awareness, engagement, loyalty, market share, money), and each indicator is a "
                       "definition — numerator, denominator, aggregation. An *engagement rate* divides engagements "
                       "(reactions + comments + shares + saves) by something: reach, impressions, "
                       "followers or video views — and over a group of posts it can be a ratio of sums or a "
                       "mean of per-post ratios. Same data, different numbers: below, the rate of the same "
                       "posts on three definitions. Never compare rates computed differently.",
        "reach": "## 3. Reach is not additive\n\nReach counts *different people*. The reach of two posts is "
                 "not the sum of their reaches: people who saw both count once. Summing reach over posts or "
                 "days gives \"reach-days\", a volume, not an audience.",
        "lift": "## 4. Reading a campaign lift and its interval\n\nA campaign lift compares what happened "
                "during the campaign with a *counterfactual*: what the series would have done without it, "
                "learnt from the period before. The result is an effect **with an interval**: if the "
                "interval includes zero, the data do not show an effect, whatever the point estimate.",
        "roi": "## 5. ROI: engagement before revenue\n\nMost social activity does not sell directly. Measure "
               "first what the money buys in the currency of social media — engagements, reach, followers "
               "(cost per engagement) — and only then, with a model (media mix) or an experiment, what it "
               "brings in revenue. And count the full cost: staff and tools, not only media.",
        "bad_buzz": "## 6. The bad-buzz fear\n\nA wave of negative mentions is what brands fear most on "
                    "social media. Detect it (negative mentions above their seasonal baseline), then answer "
                    "it: the lever a brand controls is to generate positive comments with content people "
                    "want to react to — not to delete the negative ones. Net sentiment tracks the result.",
        "summary": "## Summary\n\nAsk *how*; define each indicator (numerator, denominator, aggregation); "
                   "never add reach; read intervals, not points; measure engagement before revenue; answer "
                   "bad buzz with positive engagement.",
    },
    "fr": {
        "intro": "## Mesurer les réseaux sociaux\n\nCe tutoriel utilise un jeu de données fourni (`{name}`). "
                 "Chaque leçon se termine par un exercice : écrivez votre réponse à la place de `None`, "
                 "exécutez la cellule, et la vérification vous dit si c'est juste et pourquoi.",
        "how_not_whether": "## 1. « Comment », pas « si »\n\nSe demander *si* une entreprise doit être sur les "
                           "réseaux sociaux ne mène nulle part : ses clients, ses concurrents et ses "
                           "critiques y sont déjà. Les questions auxquelles les données répondent sont des "
                           "*comment* : quel objectif (notoriété, fidélisation, part de marché, ventes), "
                           "quels indicateurs en mesurent le progrès, et ce que l'effort coûte.\n\n"
                           "**Exercice.** À quelle question le rapport social d'une marque doit-il répondre ? "
                           "(a) Faut-il être sur les réseaux sociaux ? (b) Comment notre présence sert-elle "
                           "nos objectifs, et à quel coût ? (c) Combien d'abonnés avons-nous ?",
        "denominator": "## 2. Les indicateurs et le piège du dénominateur\n\nChaque objectif a ses "
                       "indicateurs (tableau ci-dessous : notoriété, engagement, fidélisation, part de marché, "
                       "argent), et chaque indicateur est une définition — numérateur, dénominateur, "
                       "agrégation. Un *taux d'engagement* divise les "
                       "engagements (réactions + commentaires + partages + enregistrements) par quelque "
                       "chose : portée, impressions, abonnés ou vues — et sur un groupe de publications ce "
                       "peut être un rapport de sommes ou une moyenne de ratios. Mêmes données, chiffres "
                       "différents : ci-dessous le taux des mêmes publications selon trois définitions. Ne "
                       "comparez jamais des taux calculés différemment.",
        "reach": "## 3. La portée ne s'additionne pas\n\nLa portée compte des *personnes différentes*. La "
                 "portée de deux publications n'est pas la somme de leurs portées : les personnes qui ont vu "
                 "les deux comptent une fois. Additionner la portée sur des publications ou des jours donne "
                 "des « portées-jours », un volume, pas une audience.",
        "lift": "## 4. Lire l'effet d'une campagne et son intervalle\n\nL'effet d'une campagne compare ce qui "
                "s'est passé pendant la campagne à un *contrefactuel* : ce que la série aurait fait sans "
                "elle, appris sur la période d'avant. Le résultat est un effet **avec un intervalle** : si "
                "l'intervalle contient zéro, les données ne montrent pas d'effet, quelle que soit "
                "l'estimation ponctuelle.",
        "roi": "## 5. ROI : l'engagement avant le chiffre d'affaires\n\nLa plupart de l'activité sociale ne "
               "vend pas directement. Mesurez d'abord ce que l'argent achète dans la monnaie des réseaux — "
               "engagements, portée, abonnés (coût par engagement) — puis seulement, avec un modèle (mix "
               "média) ou une expérience, ce qu'il rapporte en chiffre d'affaires. Et comptez le coût "
               "complet : personnel et outils, pas seulement le média.",
        "bad_buzz": "## 6. La peur du bad buzz\n\nUne vague de mentions négatives est ce que les marques "
                    "craignent le plus. Détectez-la (mentions négatives au-dessus de leur ligne de base "
                    "saisonnière), puis répondez-y : le levier que la marque maîtrise est de susciter des "
                    "commentaires positifs avec des contenus qui donnent envie de réagir — pas de supprimer "
                    "les négatifs. Le sentiment net en suit le résultat.",
        "summary": "## En résumé\n\nDemandez *comment* ; définissez chaque indicateur (numérateur, "
                   "dénominateur, agrégation) ; n'additionnez jamais la portée ; lisez les intervalles, pas "
                   "les points ; mesurez l'engagement avant le chiffre d'affaires ; répondez au bad buzz par "
                   "de l'engagement positif.",
    },
}


def _loc(locale: str | None) -> str:
    loc = locale or "en"
    if loc not in _MSG:
        raise ParameterError(f"locale={loc!r}: expected 'fr' or 'en'")
    return loc


def _empty(loc: str) -> Feedback:
    return Feedback(False, _MSG[loc]["empty"], answered=False)


def _number(answer: Any, loc: str) -> float | Feedback:
    if answer is None:
        return _empty(loc)
    if isinstance(answer, bool):
        return Feedback(False, _MSG[loc]["not_number"].format(answer=answer))
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, _MSG[loc]["not_number"].format(answer=answer))
    if not math.isfinite(value):
        return Feedback(False, _MSG[loc]["not_number"].format(answer=answer))
    return value


def _close(a: float, b: float, rel: float = 0.02, abs_: float = 1e-4) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


class _FrNumber(float):
    """A float whose formatted text follows French conventions (``0,0488``, ``30,1 %``)."""

    def __format__(self, spec: str) -> str:
        text = format(float(self), spec)
        text = text.replace(",", "\u202f").replace(".", ",")
        return text[:-1] + "\u00a0%" if text.endswith("%") else text


def _local_numbers(loc: str, kw: dict[str, Any]) -> dict[str, Any]:
    if loc != "fr":
        return kw
    return {k: _FrNumber(v) if isinstance(v, float) else v for k, v in kw.items()}


def _right(loc: str, key: str, **kw: Any) -> Feedback:
    return Feedback(True, _MSG[loc]["right"] + _MSG[loc][key].format(**_local_numbers(loc, kw)))


def _wrong(loc: str, key: str, **kw: Any) -> Feedback:
    return Feedback(False, _MSG[loc]["wrong"] + _MSG[loc][key].format(**_local_numbers(loc, kw)))


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------
def check_how_not_whether(answer: Any, *, locale: str | None = None) -> Feedback:
    """Exercise 1 (multiple choice): the right answer is "b" (how the presence serves goals)."""
    loc = _loc(locale)
    if answer is None:
        return _empty(loc)
    a = str(answer).strip().lower().strip("().")
    if a == "b":
        return _right(loc, "hnw_right")
    if a == "a":
        return _wrong(loc, "hnw_a")
    if a == "c":
        return _wrong(loc, "hnw_c")
    return _wrong(loc, "hnw_other")


def _rates(ds: Any) -> dict[str, float] | None:
    """Engagement rates of all posts under four definitions; None for a dataset without posts."""
    from . import indicators

    posts = ds.posts
    if posts is None or not len(posts):
        return None
    return {
        "impressions": float(indicators.engagement_rate(posts, basis="impressions")["engagement_rate"].iloc[0]),
        "reach": float(indicators.engagement_rate(posts, basis="reach")["engagement_rate"].iloc[0]),
        "mean": float(indicators.engagement_rate(posts, basis="impressions", agg="mean")["engagement_rate"].iloc[0]),
        "mean_reach": float(indicators.engagement_rate(posts, basis="reach", agg="mean")["engagement_rate"].iloc[0]),
    }


def check_denominator(answer: Any, ds: Any, *, locale: str | None = None) -> Feedback:
    """Exercise 2: the engagement rate of all posts of ``ds`` on impressions (ratio of sums).

    Recognised mistakes: the rate on reach, a mean of per-post ratios, a percentage.
    Tolerance: 2 % relative (a rounded answer passes).
    """
    loc = _loc(locale)
    value = _number(answer, loc)
    if isinstance(value, Feedback):
        return value
    r = _rates(ds)
    if r is None:
        return Feedback(False, _MSG[loc]["den_none"], answered=True)
    exp = r["impressions"]
    if _close(value, exp):
        return _right(loc, "den_right", expected=exp)
    if _close(value, 100 * exp):
        return _wrong(loc, "den_pct", answer=answer, expected=exp, pct=100 * exp)
    if _close(value, r["reach"]):
        return _wrong(loc, "den_reach", answer=value, expected=exp)
    if _close(value, r["mean"]) or _close(value, r["mean_reach"]):
        return _wrong(loc, "den_mean", answer=value, expected=exp)
    return _wrong(loc, "den_other", answer=value, expected=exp)


def check_reach(answer: Any, *, locale: str | None = None) -> Feedback:
    """Exercise 3: two posts reached 1,000 and 800 people, 300 saw both → 1,500 people."""
    loc = _loc(locale)
    value = _number(answer, loc)
    if isinstance(value, Feedback):
        return value
    if _close(value, 1500, rel=0, abs_=0.5):
        return _right(loc, "reach_right")
    if _close(value, 1800, rel=0, abs_=0.5):
        return _wrong(loc, "reach_sum")
    return _wrong(loc, "reach_other", answer=answer)


def check_lift(answer: Any, lift: Any, *, locale: str | None = None) -> Feedback:
    """Exercise 4: does the relative-effect interval of ``lift`` exclude zero? (True/False)."""
    loc = _loc(locale)
    if lift is None:
        return Feedback(False, _MSG[loc]["lift_none"], answered=answer is not None)
    if answer is None:
        return _empty(loc)
    if isinstance(answer, str):
        a = answer.strip().lower()
        if a in ("yes", "oui", "true", "vrai", "y", "o"):
            answer = True
        elif a in ("no", "non", "false", "faux", "n"):
            answer = False
    if not isinstance(answer, bool):
        return _wrong(loc, "lift_other")
    lo, hi = float(lift.ci_low), float(lift.ci_high)
    effect = not (lo <= 0 <= hi)
    m = _MSG[loc]
    kw = {"lo": lo, "hi": hi, "excludes": m["excludes"] if effect else m["includes"],
          "show": m["show"] if effect else m["dont_show"]}
    return _right(loc, "lift_right", **kw) if answer == effect else _wrong(loc, "lift_wrong", **kw)


def check_roi(answer: Any, *, locale: str | None = None) -> Feedback:
    """Exercise 5: 500 spent for 2,000 engagements → cost per engagement 0.25."""
    loc = _loc(locale)
    value = _number(answer, loc)
    if isinstance(value, Feedback):
        return value
    if _close(value, 0.25, rel=0.01):
        return _right(loc, "roi_right")
    if _close(value, 4.0, rel=0.01):
        return _wrong(loc, "roi_inverted", answer=answer)
    return _wrong(loc, "roi_other", answer=answer)


def check_bad_buzz(answer: Any, *, locale: str | None = None) -> Feedback:
    """Exercise 6: 60 positive, 30 neutral, 10 negative → net sentiment (60 − 10) / 100 = 0.5."""
    loc = _loc(locale)
    value = _number(answer, loc)
    if isinstance(value, Feedback):
        return value
    if _close(value, 0.5, rel=0.01):
        return _right(loc, "buzz_right")
    if _close(value, 50 / 70, rel=0.01):
        return _wrong(loc, "buzz_excl", answer=answer)
    if _close(value, 50, rel=0.01):
        return _wrong(loc, "buzz_pct", answer=answer)
    return _wrong(loc, "buzz_other", answer=answer)


# --------------------------------------------------------------------------------------------
# Solutions and the example lift
# --------------------------------------------------------------------------------------------
def example_lift(ds: Any) -> Any:
    """The lift of the dataset's most recent tagged campaign on daily audience reach (or own-brand
    mentions when there is no audience table); None when it cannot be computed."""
    from . import awareness, narrative

    name, start, end = narrative.default_campaign(ds)
    if start is None:
        return None
    try:
        metric = "reach" if ds.audience is not None and "reach" in ds.audience.columns else "mentions"
        series = narrative.daily_series(ds, metric=metric)
        return awareness.campaign_lift(series, start=start, end=end, method="its",
                                       locale=ds.meta.get("locale"))
    except (DataError, ParameterError):
        return None


def solution(key: str, ds: Any = None) -> Any:
    """The right answer of exercise ``key`` (teacher's copy: the notebook's ``solutions`` parameter)."""
    if key == "how_not_whether":
        return "b"
    if key == "denominator":
        r = _rates(ds)
        return None if r is None else r["impressions"]
    if key == "reach":
        return 1000 + 800 - 300
    if key == "lift":
        lift = example_lift(ds)
        return None if lift is None else bool(not (lift.ci_low <= 0 <= lift.ci_high))
    if key == "roi":
        return 500 / 2000
    if key == "bad_buzz":
        return (60 - 10) / (60 + 30 + 10)
    raise ParameterError(f"unknown exercise {key!r}; known: {list(EXERCISES)}")


class Lessons:
    """The tutorial's lessons for one dataset: shows lessons, checks answers, keeps the score.

    Parameters
    ----------
    ds : Dataset
        The dataset the exercises use (its ``meta["locale"]`` sets the language).
    """

    def __init__(self, ds: Any) -> None:
        self.ds = ds
        self.locale = _loc((getattr(ds, "meta", None) or {}).get("locale"))
        self.feedback: dict[str, Feedback] = {}
        self._lift: Any = False

    @property
    def lift(self) -> Any:
        if self._lift is False:
            self._lift = example_lift(self.ds)
        return self._lift

    def text(self, key: str) -> str:
        return _LESSONS[self.locale][key].format(name=str(self.ds.meta.get("name")).replace("`", "'"))

    def show(self, key: str) -> None:
        """Display lesson ``key`` as Markdown (plain text without IPython)."""
        try:
            from IPython.display import Markdown, display
        except ImportError:  # pragma: no cover
            print(self.text(key))
            return
        display(Markdown(self.text(key)))

    def indicators(self) -> Any:
        """The indicator registry as a table: ``purpose``, ``indicator``, ``definition`` (in the locale)."""
        import pandas as pd

        from .indicators import REGISTRY

        rows = [(ind.purpose, ind.label(self.locale), ind.line(self.locale)) for ind in REGISTRY.values()]
        cols = ["purpose", "indicator", "definition"]
        return pd.DataFrame(rows, columns=cols).sort_values(cols[:2], ignore_index=True)

    def indicator_table(self) -> Any:
        """:meth:`indicators` as a reader sees it: headers and purposes in the locale, full definitions."""
        purposes = {"fr": {"awareness": "notoriété", "engagement": "engagement", "loyalty": "fidélisation",
                           "market share": "part de marché", "money": "argent"}}
        heads = {"en": ["Purpose", "Indicator", "Definition"], "fr": ["Objectif", "Indicateur", "Définition"]}
        table = self.indicators()
        table["purpose"] = table["purpose"].map(lambda p: purposes.get(self.locale, {}).get(p, p))
        return table.set_axis(heads[self.locale], axis=1)

    def lift_text(self) -> str:
        """Plain-words reading of :attr:`lift` (:func:`socialroi.narrative.interpret_lift`); "" without it."""
        from .narrative import default_campaign, interpret_lift

        if self.lift is None:
            return ""
        metric = "reach" if self.ds.audience is not None and "reach" in self.ds.audience.columns else "mentions"
        return interpret_lift(self.lift, campaign=default_campaign(self.ds)[0], metric=metric, locale=self.locale)

    def rates(self) -> Any:
        """The engagement rate of every post under three definitions (lesson 2), formatted."""
        import pandas as pd

        from .narrative import fmt_pct

        r = _rates(self.ds)
        if r is None:
            head = {"en": "Engagement rate", "fr": "Taux d'engagement"}[self.locale]
            return pd.DataFrame({head: [_MSG[self.locale]["den_none"]]})
        names = {"en": ("Σ engagements / Σ reach", "Σ engagements / Σ impressions", "mean of per-post ratios (reach)"),
                 "fr": ("Σ engagements / Σ portée", "Σ engagements / Σ impressions",
                        "moyenne des ratios par publication (portée)")}[self.locale]
        heads = {"en": ["Definition", "Engagement rate"], "fr": ["Définition", "Taux d'engagement"]}[self.locale]
        values = [fmt_pct(r[k], locale=self.locale, digits=2) for k in ("reach", "impressions", "mean_reach")]
        return pd.DataFrame({heads[0]: list(names), heads[1]: values})

    def check(self, key: str, answer: Any) -> Feedback:
        """Check the answer to exercise ``key`` and remember the outcome."""
        loc = self.locale
        if key == "how_not_whether":
            fb = check_how_not_whether(answer, locale=loc)
        elif key == "denominator":
            fb = check_denominator(answer, self.ds, locale=loc)
        elif key == "reach":
            fb = check_reach(answer, locale=loc)
        elif key == "lift":
            fb = check_lift(answer, self.lift, locale=loc)
        elif key == "roi":
            fb = check_roi(answer, locale=loc)
        elif key == "bad_buzz":
            fb = check_bad_buzz(answer, locale=loc)
        else:
            raise ParameterError(f"unknown exercise {key!r}; known: {list(EXERCISES)}")
        self.feedback[key] = fb
        return fb

    def score(self) -> dict[str, Any]:
        """Results for ``results.json``: ``exercises``, ``right``, and per exercise right/wrong/unanswered."""
        out: dict[str, Any] = {"notebook": "00_tutorial", "dataset": str(self.ds.meta.get("name")),
                               "locale": self.locale, "exercises": len(EXERCISES)}
        right = 0
        for key in EXERCISES:
            fb = self.feedback.get(key)
            state = "unanswered" if fb is None or not fb.answered else ("right" if fb.correct else "wrong")
            right += state == "right"
            out[f"exercise_{key}"] = state
        out["right"] = right
        print(_MSG[self.locale]["score"].format(right=right, total=len(EXERCISES)))
        return out
