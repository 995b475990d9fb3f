"""On the bundled samples only: what the generator planted, said next to what the analysis finds.

A real client's data have no ``planted.json``: every function here then returns an empty result.
Sentences: catalogue table ``planted``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .. import formatting as fmt
from ..catalogue import text
from .common import join, pretty

__all__ = ["planted", "planted_note"]


def planted(ds: Any) -> dict[str, Any]:
    """The sample's ``planted.json`` (what the generator planted), or {} for a real dataset."""
    folder = getattr(ds, "folder", None)
    if folder is None:
        return {}
    path = Path(folder) / "planted.json"
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def planted_note(ds: Any, topic: str, *, locale: str) -> str:
    """One sentence stating what was planted for ``topic`` in a bundled sample ("" otherwise).

    Topics: "engagement", "campaign", "bad_buzz", "media_mix", "loyalty", "market_share".
    """
    loc = fmt.resolve(locale)
    p = planted(ds).get(topic)
    if not p:
        return ""
    f = lambda v, d=2: fmt.number(v, locale=loc, digits=d)  # noqa: E731
    pc = lambda v, d=1: fmt.percent(v, locale=loc, digits=d)  # noqa: E731
    times = lambda items: ", ".join(f"{pretty(k, locale=loc)} ×{f(v)}" for k, v in items)  # noqa: E731
    if topic == "engagement":
        base = ", ".join(f"{pretty(k, locale=loc)} {pc(v)}" for k, v in p.get("base_rate", {}).items())
        body = text("sample.engagement", loc, base=base, mult=times(p.get("type_multiplier", {}).items()))
    elif topic == "campaign":
        body = text("sample.campaign", loc, name=p.get("name"), start=fmt.date(p.get("start"), locale=loc),
                    end=fmt.date(p.get("end"), locale=loc), mult=times(p.get("audience_reach_multiplier", {}).items()),
                    own=f(p.get("own_mentions_multiplier")))
    elif topic == "bad_buzz":
        body = text("sample.bad_buzz", loc, start=fmt.date(p.get("start"), locale=loc),
                    end=fmt.date(p.get("end"), locale=loc),
                    extra=fmt.integer(p.get("extra_negative_mentions_per_day"), locale=loc),
                    increase=fmt.points(p.get("positive_share_increase_after"), locale=loc, digits=0, sign=True))
    elif topic == "media_mix":
        parts = []
        for ch, d in p.get("channels", {}).items():
            if "roas" in d:
                parts.append(text("sample.roas", loc, channel=ch, roas=f(d["roas"])))
            elif "cost_per_lead" in d:
                parts.append(text("sample.cost_per_lead", loc, channel=ch, cost=f(d["cost_per_lead"]),
                                  leads=fmt.integer(d.get("contribution_leads"), locale=loc)))
            elif "note" in d:
                parts.append(text("sample.fixed_cost", loc, channel=ch))
        body = join(parts, locale=loc)
    elif topic == "loyalty":
        bg = ", ".join(f"{k} {f(v)}" for k, v in (p.get("customers_bgnbd_daily") or {}).items())
        body = text("sample.loyalty", loc, core=pc(p.get("core_community_share"), 0),
                    core_active=pc(p.get("core_monthly_activity"), 0), other_active=pc(p.get("other_monthly_activity"), 0),
                    mult=f(p.get("engaged_customer_purchase_rate_multiplier")), bg=bg)
    elif topic == "market_share":
        trend = str(p.get("own_mentions_trend", ""))
        m = re.match(r"x(\d+(?:\.\d+)?)", trend)  # "x1.25 over two years (...)": the multiplier planted
        mentions = text("sample.mentions_trend", loc, mult=f(float(m.group(1)))) if m else trend
        body = text("sample.market_share", loc, start=pc(p.get("own_share_start")), end=pc(p.get("own_share_end")),
                    mentions=mentions)
    else:
        return ""
    return text("planted", loc, text=body)
