"""Exercise checks of the student tutorial (``notebooks/00_tutorial.ipynb`` in French,
``notebooks/00_tutorial_en.ipynb`` in English).

The lessons themselves are Markdown cells of the notebooks (written in ``tools/lessons/fr.md`` and
``tools/lessons/en.md``, from which ``tools/build_notebooks.py`` builds both notebooks), so the
course reads without running anything. This module holds what the exercises compute and check.

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

from . import formatting as fmt
from .catalogue import has, language, text
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
    "check_wilson",
    "coverage_simulation",
    "wilson_vs_posts",
    "example_lift",
    "solution",
]

#: Exercise keys, in the order of the tutorial.
EXERCISES = ("how_not_whether", "denominator", "reach", "lift", "roi", "bad_buzz", "wilson")


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


# The feedback of the checks is in the catalogue (socialroi/locales/*.toml, table ``tutorial``);
# numbers in it are formatted by socialroi.formatting.


def _loc(locale: str | None) -> str:
    return fmt.resolve(locale or "en")


def _msg(loc: str, key: str, **kw: Any) -> str:
    return text(f"tutorial.{key}", loc, **kw)


def _empty(loc: str) -> Feedback:
    return Feedback(False, _msg(loc, "empty"), answered=False)


def _number(answer: Any, loc: str) -> float | Feedback:
    if answer is None:
        return _empty(loc)
    if isinstance(answer, bool):
        return Feedback(False, _msg(loc, "not_number", answer=repr(answer)))
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, _msg(loc, "not_number", answer=repr(answer)))
    if not math.isfinite(value):
        return Feedback(False, _msg(loc, "not_number", answer=repr(answer)))
    return value


def _typed(answer: Any, loc: str) -> str:
    """The student's answer, as a number of the locale when it is one."""
    try:
        return fmt.number(float(answer), locale=loc, digits="auto")
    except (TypeError, ValueError):
        return str(answer)


def _close(a: float, b: float, rel: float = 0.02, abs_: float = 1e-4) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def _right(loc: str, key: str, **kw: Any) -> Feedback:
    return Feedback(True, _msg(loc, "right") + _msg(loc, key, **kw))


def _wrong(loc: str, key: str, **kw: Any) -> Feedback:
    return Feedback(False, _msg(loc, "wrong") + _msg(loc, key, **kw))


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
        return Feedback(False, _msg(loc, "den_none"), answered=True)
    exp = r["impressions"]
    f4 = lambda v: fmt.number(v, locale=loc, digits=4)  # noqa: E731
    if _close(value, exp):
        return _right(loc, "den_right", expected=f4(exp))
    if _close(value, 100 * exp):
        return _wrong(loc, "den_pct", answer=_typed(answer, loc), expected=f4(exp),
                      pct=fmt.percent(exp, locale=loc, digits=2))
    if _close(value, r["reach"]):
        return _wrong(loc, "den_reach", answer=f4(value), expected=f4(exp))
    if _close(value, r["mean"]) or _close(value, r["mean_reach"]):
        return _wrong(loc, "den_mean", answer=f4(value), expected=f4(exp))
    return _wrong(loc, "den_other", answer=f4(value), expected=f4(exp))


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
    return _wrong(loc, "reach_other", answer=_typed(answer, loc))


def check_lift(answer: Any, lift: Any, *, locale: str | None = None) -> Feedback:
    """Exercise 4: does the relative-effect interval of ``lift`` exclude zero? (True/False)."""
    loc = _loc(locale)
    if lift is None:
        return Feedback(False, _msg(loc, "lift_none"), answered=answer is not None)
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
    kw = {"lo": fmt.percent(lo, locale=loc), "hi": fmt.percent(hi, locale=loc),
          "excludes": _msg(loc, "excludes" if effect else "includes"),
          "show": _msg(loc, "show" if effect else "dont_show")}
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
        return _wrong(loc, "roi_inverted", answer=_typed(answer, loc))
    return _wrong(loc, "roi_other", answer=_typed(answer, loc))


def check_bad_buzz(answer: Any, *, locale: str | None = None) -> Feedback:
    """Exercise 6: 60 positive, 30 neutral, 10 negative → net sentiment (60 − 10) / 100 = 0.5."""
    loc = _loc(locale)
    value = _number(answer, loc)
    if isinstance(value, Feedback):
        return value
    if _close(value, 0.5, rel=0.01):
        return _right(loc, "buzz_right")
    if _close(value, 50 / 70, rel=0.01):
        return _wrong(loc, "buzz_excl", answer=_typed(answer, loc))
    if _close(value, 50, rel=0.01):
        return _wrong(loc, "buzz_pct", answer=_typed(answer, loc))
    return _wrong(loc, "buzz_other", answer=_typed(answer, loc))


def wilson_vs_posts(ds: Any) -> Any:
    """The engagement rate of all the posts of ``ds`` (on reach) with its two intervals (exercise 7).

    Returns
    -------
    DataFrame or None
        Two rows, ``interval`` = "posts" (socialroi's, from the variation between posts) and
        "wilson" (every reached account an independent trial: ``ci="wilson"``), with
        ``engagement_rate``, ``ci_low``, ``ci_high``, ``width`` (``ci_high − ci_low``), ``n_posts``;
        None for a dataset without posts.
    """
    import pandas as pd

    from . import indicators

    posts = ds.posts
    if posts is None or not len(posts):
        return None
    rows = []
    for key, ci in (("posts", None), ("wilson", "wilson")):
        kw = {} if ci is None else {"ci": ci}
        t = indicators.engagement_rate(posts, basis="reach", **kw)
        rows.append({"interval": key, "engagement_rate": float(t["engagement_rate"].iloc[0]),
                     "ci_low": float(t["ci_low"].iloc[0]), "ci_high": float(t["ci_high"].iloc[0]),
                     "n_posts": int(t["n_posts"].iloc[0])})
    out = pd.DataFrame(rows)
    out["width"] = out["ci_high"] - out["ci_low"]
    return out


def coverage_simulation(*, samples: int = 200, n_posts: int = 40, rate: float = 0.05, seed: int = 2024) -> Any:
    """Samples of posts whose true engagement rate is known, with both intervals of each (exercise 7).

    Posts as :func:`socialroi.intervals.simulate_posts` draws them: heavy-tailed reach, and an
    engagement probability that differs from post to post (Beta with mean ``rate``, coefficient of
    variation 1), engagements binomial given it. Each sample's engagement rate gets the interval
    socialroi gives it (between posts) and Wilson's (reach as independent trials).

    Returns
    -------
    DataFrame
        One row per sample: ``sample``, ``true_rate``, ``engagement_rate``, ``posts_low``,
        ``posts_high``, ``wilson_low``, ``wilson_high``. The share of rows whose interval contains
        ``true_rate`` is its coverage: near 0.95 between posts, far below for Wilson.
    """
    import pandas as pd

    from . import indicators
    from .intervals import simulate_posts

    posts, truth = simulate_posts(samples, n_posts, rate=rate, seed=seed)
    d = indicators.engagement_rate(posts, by="rep")
    w = indicators.engagement_rate(posts, by="rep", ci="wilson")
    return pd.DataFrame({"sample": d["rep"].to_numpy(), "true_rate": truth["engagement_rate"],
                         "engagement_rate": d["engagement_rate"].to_numpy(float),
                         "posts_low": d["ci_low"].to_numpy(float), "posts_high": d["ci_high"].to_numpy(float),
                         "wilson_low": w["ci_low"].to_numpy(float), "wilson_high": w["ci_high"].to_numpy(float)})


def _coverage(sim: Any, which: str) -> float:
    lo, hi = sim[f"{which}_low"].to_numpy(float), sim[f"{which}_high"].to_numpy(float)
    t = sim["true_rate"].to_numpy(float)
    return float(((lo <= t) & (t <= hi)).mean())


def check_wilson(answer: Any, sim: Any, *, locale: str | None = None) -> Feedback:
    """Exercise 7: the share of the Wilson intervals of ``sim`` (:func:`coverage_simulation`) that
    contain the true rate.

    Recognised mistakes: the coverage of the between-post intervals, a percentage, the nominal 0.95.
    Tolerance: half a point (0.005).
    """
    loc = _loc(locale)
    if sim is None or not len(sim):
        return Feedback(False, _msg(loc, "wilson_none"), answered=answer is not None)
    value = _number(answer, loc)
    if isinstance(value, Feedback):
        return value
    wilson, posts = _coverage(sim, "wilson"), _coverage(sim, "posts")
    pct = lambda v: fmt.percent(v, locale=loc, digits=0)  # noqa: E731
    typed = _typed(answer, loc)
    if _close(value, wilson, rel=0, abs_=0.005):
        return _right(loc, "wilson_right", answer=typed, wilson=pct(wilson), posts=pct(posts))
    if _close(value, posts, rel=0, abs_=0.005):
        return _wrong(loc, "wilson_posts", answer=typed)
    if value > 1 and (_close(value, 100 * wilson, rel=0, abs_=0.5) or _close(value, 100 * posts, rel=0, abs_=0.5)):
        return _wrong(loc, "wilson_pct", answer=typed)
    if _close(value, 0.95, rel=0, abs_=0.005) or _close(value, 95, rel=0, abs_=0.5):
        return _wrong(loc, "wilson_nominal", answer=typed)
    return _wrong(loc, "wilson_other", answer=typed)


# --------------------------------------------------------------------------------------------
# Solutions and the example lift
# --------------------------------------------------------------------------------------------
def example_lift(ds: Any) -> Any:
    """The lift of the dataset's most recent tagged campaign on daily audience reach (or own-brand
    mentions when there is no audience table); None when it cannot be computed."""
    from . import awareness
    from .notebook import default_campaign

    name, start, end = default_campaign(ds)
    if start is None:
        return None
    try:
        metric = "reach" if ds.audience is not None and "reach" in ds.audience.columns else "mentions"
        series = awareness.daily_series(ds, metric=metric)
        return awareness.campaign_lift(series, start=start, end=end, method="its",
                                       locale=ds.meta.get("locale"))
    except (DataError, ParameterError):
        return None


def solution(key: str, ds: Any = None) -> Any:
    """The right answer of exercise ``key`` (teacher's copy: the notebook's ``solutions`` parameter;
    exercise 7's is computed from :func:`coverage_simulation` with its defaults)."""
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
    if key == "wilson":
        return _coverage(coverage_simulation(), "wilson")
    raise ParameterError(f"unknown exercise {key!r}; known: {list(EXERCISES)}")


class Lessons:
    """The tutorial's exercises on one dataset: the tables the lessons show, the checks, the score.

    Parameters
    ----------
    ds : Dataset
        The dataset the exercises use (its ``meta["locale"]`` sets the language of the feedback).
    notebook : str
        Name written in the score (``results.json``).
    """

    def __init__(self, ds: Any, *, notebook: str = "00_tutorial") -> None:
        self.ds = ds
        self.notebook = notebook
        self.locale = _loc((getattr(ds, "meta", None) or {}).get("locale"))
        self.feedback: dict[str, Feedback] = {}
        self._lift: Any = False
        self._sim: Any = None

    @property
    def lift(self) -> Any:
        if self._lift is False:
            self._lift = example_lift(self.ds)
        return self._lift

    @property
    def simulation(self) -> Any:
        """The simulated samples of exercise 7 (:func:`coverage_simulation`, computed once)."""
        if self._sim is None:
            self._sim = coverage_simulation()
        return self._sim

    def wilson_table(self) -> Any:
        """:func:`wilson_vs_posts` of the dataset as a reader sees it (lesson 7), formatted."""
        import pandas as pd

        loc = self.locale
        t = wilson_vs_posts(self.ds)
        if t is None:
            return pd.DataFrame({text("tutorial.head_rate", loc): [_msg(loc, "den_none")]})
        p = lambda v: fmt.percent(v, locale=loc, digits=2)  # noqa: E731
        return pd.DataFrame({
            text("tutorial.head_interval", loc): [_msg(loc, f"interval_{k}") for k in t["interval"]],
            text("tutorial.head_rate", loc): [p(v) for v in t["engagement_rate"]],
            text("tutorial.head_low", loc): [p(v) for v in t["ci_low"]],
            text("tutorial.head_high", loc): [p(v) for v in t["ci_high"]],
            text("tutorial.head_width", loc): [fmt.number(100 * v, locale=loc, digits=2) for v in t["width"]],
        })

    def indicators(self) -> Any:
        """The indicator registry as a table: ``purpose``, ``indicator``, ``definition`` (in the locale)."""
        import pandas as pd

        from .indicators import REGISTRY

        lang = language(self.locale)
        rows = [(ind.purpose, ind.label(lang), ind.line(lang)) for ind in REGISTRY.values()]
        cols = ["purpose", "indicator", "definition"]
        return pd.DataFrame(rows, columns=cols).sort_values(cols[:2], ignore_index=True)

    def indicator_table(self) -> Any:
        """:meth:`indicators` as a reader sees it: headers and purposes in the locale, full definitions."""
        loc = self.locale
        purpose = lambda p: text(f"tutorial.purpose_{p.replace(' ', '_')}", loc) if has(  # noqa: E731
            f"tutorial.purpose_{p.replace(' ', '_')}", loc) else p
        table = self.indicators()
        table["purpose"] = table["purpose"].map(purpose)
        return table.set_axis([text(f"tutorial.head_{c}", loc) for c in ("purpose", "indicator", "definition")], axis=1)

    def lift_text(self) -> str:
        """Plain-words reading of :attr:`lift` (:func:`socialroi.narrative.interpret_lift`); "" without it."""
        from .narrative import interpret_lift
        from .notebook import default_campaign

        if self.lift is None:
            return ""
        metric = "reach" if self.ds.audience is not None and "reach" in self.ds.audience.columns else "mentions"
        return interpret_lift(self.lift, campaign=default_campaign(self.ds)[0], metric=metric, locale=self.locale)

    def rates(self) -> Any:
        """The engagement rate of every post under three definitions (lesson 2), formatted."""
        import pandas as pd

        loc = self.locale
        r = _rates(self.ds)
        if r is None:
            return pd.DataFrame({text("tutorial.head_rate", loc): [_msg(loc, "den_none")]})
        keys = ("reach", "impressions", "mean_reach")
        return pd.DataFrame({text("tutorial.head_definition", loc): [text(f"tutorial.def_{k}", loc) for k in keys],
                             text("tutorial.head_rate", loc): [fmt.percent(r[k], locale=loc, digits=2) for k in keys]})

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
        elif key == "wilson":
            fb = check_wilson(answer, self.simulation, locale=loc)
        else:
            raise ParameterError(f"unknown exercise {key!r}; known: {list(EXERCISES)}")
        self.feedback[key] = fb
        return fb

    def score(self) -> dict[str, Any]:
        """Results for ``results.json``: ``exercises``, ``right``, and per exercise right/wrong/unanswered."""
        out: dict[str, Any] = {"notebook": self.notebook, "dataset": str(self.ds.meta.get("name")),
                               "locale": self.locale, "exercises": len(EXERCISES)}
        right = 0
        for key in EXERCISES:
            fb = self.feedback.get(key)
            state = "unanswered" if fb is None or not fb.answered else ("right" if fb.correct else "wrong")
            right += state == "right"
            out[f"exercise_{key}"] = state
        out["right"] = right
        print(_msg(self.locale, "score", right=fmt.integer(right, locale=self.locale),
                   total=fmt.integer(len(EXERCISES), locale=self.locale)))
        return out
