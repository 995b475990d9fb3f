"""The definition of an indicator: what it divides by what, how it aggregates, where it comes from.

:class:`Indicator` is the record the registry of :mod:`socialroi.indicators` is made of and what
every indicator table carries in ``attrs["indicator"]``. It lives below the domain modules and the
figures so that both can read a definition without importing each other
(``socialroi.indicators.Indicator`` is the same class).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

__all__ = ["Indicator"]


def _french(locale: str) -> bool:
    """Whether ``locale`` ("fr", "fr_CH", "fr-BE", ...) is French."""
    return str(locale).replace("-", "_").split("_")[0].lower() == "fr"


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
    platform : str
        For a platform's own indicator (X's engagement rate, YouTube's impressions click-through
        rate, ...), the platform whose definition it reproduces; "" for socialroi's cross-platform
        indicators.
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
    platform: str = ""

    def label(self, locale: str = "en") -> str:
        """Label in ``locale`` (French for any French locale such as "fr_CH", else English)."""
        return self.label_fr if _french(locale) else self.label_en

    def line(self, locale: str = "en") -> str:
        """The definition as one readable line."""
        fr = _french(locale)
        num = (self.numerator_fr or self.numerator) if fr else self.numerator
        den = (self.denominator_fr or self.denominator) if fr else self.denominator
        agg = (self.aggregation_fr or self.aggregation) if fr else self.aggregation
        unit = (self.unit_fr or self.unit) if fr else self.unit
        notes = (self.notes_fr or self.notes) if fr else self.notes
        def wrap(t: str) -> str:
            bare = re.sub(r"\([^()]*\)", "", t)
            return f"({t})" if (" − " in bare or " + " in bare) else t

        formula = num if not den else f"{wrap(num)} / {wrap(den)}"
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
