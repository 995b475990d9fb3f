"""Figures of awareness analyses: the campaign lift (observed against the counterfactual)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import formatting as fmt
from ..catalogue import text
from ..errors import ParameterError
from ._base import caption, date_axis, number_axis

__all__ = ["plot_lift", "plot_bad_buzz"]


def plot_lift(lift: Any, *, ax: Any = None, locale: str | None = None) -> np.ndarray:
    """Three panels of a :class:`socialroi.awareness.LiftResult`: observed vs counterfactual with the
    model's interval, the pointwise effect, the cumulative effect.

    Parameters
    ----------
    lift : LiftResult
        Output of :func:`socialroi.awareness.campaign_lift` (its ``frame``, ``alpha``, ``method``).
    ax : array of 3 matplotlib Axes, optional
        Axes to draw on; a new figure with three stacked panels otherwise.
    locale : str, optional
        Default: the result's.

    Returns
    -------
    numpy.ndarray of matplotlib Axes (3,)
        The definition of the effect is written under the last panel.
    """
    import matplotlib.pyplot as plt

    loc = fmt.resolve(locale or getattr(lift, "locale", None))
    if ax is None:
        _, axes = plt.subplots(3, 1, sharex=True, figsize=(9, 8))
    else:
        axes = np.asarray(ax).ravel()
        if axes.size != 3:
            raise ParameterError("ax must hold three Axes (observed, pointwise, cumulative)")
    lab = lambda key, **kw: text(f"campaign_lift.{key}", loc, **kw)  # noqa: E731
    f = lift.frame
    x = f.index
    level = fmt.percent(1 - lift.alpha, locale=loc, digits=0)
    a0, a1, a2 = axes
    a0.plot(x, f["observed"], color="black", lw=1.2, label=lab("observed"))
    a0.plot(x, f["counterfactual"], color="tab:blue", ls="--", lw=1.2, label=lab("counterfactual"))
    a0.fill_between(x, f["lower"], f["upper"], color="tab:blue", alpha=0.2, label=lab("interval", level=level))
    a0.legend(loc="upper left", fontsize="small")
    a1.axhline(0, color="grey", lw=0.8)
    a1.plot(x, f["point_effect"], color="tab:blue", ls="--", lw=1.2)
    a1.fill_between(x, f["point_effect_lower"], f["point_effect_upper"], color="tab:blue", alpha=0.2)
    a1.set_title(lab("pointwise"), fontsize="medium", loc="left")
    a2.axhline(0, color="grey", lw=0.8)
    a2.plot(x, f["cumulative_effect"], color="tab:blue", ls="--", lw=1.2)
    a2.fill_between(x, f["cumulative_effect_lower"], f["cumulative_effect_upper"], color="tab:blue", alpha=0.2)
    a2.set_title(lab("cumulative"), fontsize="medium", loc="left")
    post = f.index[f["phase"] == "post"]
    if len(post):
        for a in axes:
            a.axvline(post[0], color="grey", ls=":", lw=1)
    a0.set_title(lab("title", method=lab(lift.method)), fontsize="medium", loc="left")
    for a in axes:
        number_axis(a, locale=loc)
    if isinstance(x, pd.DatetimeIndex):
        date_axis(a2, locale=loc)
    caption(a2, lab("definition", level=level))
    return np.asarray(axes)


def plot_bad_buzz(alerts: Any, *, ax: Any = None, locale: str | None = None) -> Any:
    """Negative mentions per period against their seasonal baseline, the alerts of
    :func:`socialroi.awareness.detect_bad_buzz` shaded.

    Parameters
    ----------
    alerts : BadBuzzAlerts
        Output of :func:`socialroi.awareness.detect_bad_buzz` (its ``baseline`` table: ``period``,
        ``negative``, ``expected``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    locale : str, optional
        Default: the alerts' own (``attrs["locale"]``).

    Returns
    -------
    matplotlib Axes
    """
    from ._base import new_axes

    loc = fmt.resolve(locale, alerts)
    base = getattr(alerts, "baseline", None)
    if base is None:
        raise ParameterError("plot_bad_buzz needs the output of detect_bad_buzz (it keeps the baseline it read)")
    lab = lambda key, **kw: text(f"view.{key}", loc, **kw)  # noqa: E731
    ax = new_axes(ax, (9, 3.5))
    ax.plot(base["period"], base["negative"], color="tab:red", lw=1, label=lab("bb_negative"))
    ax.plot(base["period"], base["expected"], color="black", ls="--", lw=1, label=lab("bb_expected"))
    for i, (start, end) in enumerate(zip(alerts["start"], alerts["end"], strict=True)):
        ax.axvspan(pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1), color="tab:red", alpha=0.15,
                   label=lab("bb_alert") if i == 0 else None)
    ax.set_title(lab("bb_title"), fontsize="medium", loc="left")
    ax.set_ylabel(lab("bb_negative"))
    number_axis(ax, locale=loc)
    if pd.api.types.is_datetime64_any_dtype(base["period"]):
        date_axis(ax, locale=loc)
    ax.legend(loc="upper left", fontsize="small")
    return caption(ax, lab("bb_reading"))
