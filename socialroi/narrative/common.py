"""What every interpretation shares: names of values and dimensions, captions, what an interval
rests on, and the assumptions of an import told in words.

Texts come from the catalogue (:mod:`socialroi.catalogue`), numbers from :mod:`socialroi.formatting`;
nothing here computes a statistic. Text built here is plain text (printed, never rendered as HTML),
so brand names and post texts coming from data cannot inject markup in the reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .. import formatting as fmt
from ..catalogue import dimension, display_name, has, text, translate_sources

__all__ = ["resolve_locale", "caption", "ci_basis", "row_basis", "pretty", "dim_label", "fr_sources",
           "import_notes_text", "table_ci_note", "join", "freq_word", "UNIT_KEYS", "basis_name", "basis_per"]

#: Units an interval can rest on (catalogue table ``unit``).
UNIT_KEYS = ("posts", "days", "weeks", "users", "customers", "mentions", "followers", "trials", "periods")


def resolve_locale(locale: str | None, ds: Any = None) -> str:
    """``locale`` if given, else the dataset's (``ds.meta["locale"]``), else "en" (a CLDR identifier)."""
    return fmt.resolve(locale, ds)


def pretty(value: Any, *, locale: str) -> str:
    """Display name of a canonical value in ``locale`` (``"tiktok"`` → ``"TikTok"``, ``"link"`` → fr
    ``"lien"``, ``"meta_ads"`` → ``"Meta Ads"``); other values are returned as text, underscores
    turned into spaces. Data values that are not canonical (brand names) are returned unchanged."""
    return display_name(value, fmt.resolve(locale))


def basis_name(basis: Any, *, locale: str) -> str:
    """The name of an exposure basis: "reach", "impressions", "video views", "Meta views", "mixed..."
    (fr "portée", "vues de vidéo"...); another value as a display name."""
    loc = fmt.resolve(locale)
    key = f"basis_name_{basis}"
    return text(key, loc) if basis is not None and has(key, loc) else pretty(basis, locale=loc)


def basis_per(basis: Any, *, locale: str) -> str:
    """The unit a rate on ``basis`` is per: "per impression", fr "par vue de vidéo"; "" when unknown."""
    loc = fmt.resolve(locale)
    key = f"basis_per_{basis}"
    return text(key, loc) if basis is not None and has(key, loc) else ""


def dim_label(name: str, *, locale: str) -> str:
    """Name of a breakdown column in ``locale`` (``"post_type"`` → ``"format"``)."""
    return dimension(name, fmt.resolve(locale))


def fr_sources(text_: str, *, locale: str = "fr") -> str:
    """The English source notes of indicator definitions in the words of ``locale`` (French by
    default); other text unchanged."""
    return translate_sources(text_, fmt.resolve(locale))


def join(parts: Sequence[str], *, locale: str) -> str:
    """Items of a list in a sentence: "; " (en), " ; " (fr: the catalogue's ``list_sep``)."""
    return text("list_sep", locale).join(parts)


def freq_word(freq: str, *, locale: str) -> str:
    """The word of a period alias ("MS" → "month" / "mois"); the alias itself when unknown."""
    return text(f"freq_{freq}", locale) if has(f"freq_{freq}", locale) else freq


def caption(key: str, *, locale: str, **kw: Any) -> str:
    """Caption of a figure (``key`` without the ``cap_`` prefix, e.g. "er", "lift")."""
    loc = fmt.resolve(locale)
    if "by" in kw:
        kw["by"] = dim_label(kw["by"], locale=loc)
    if "basis" in kw:
        kw["basis"] = basis_name(kw["basis"], locale=loc)
    if "platforms" in kw and not isinstance(kw["platforms"], str):  # platforms or a table with a platform column
        plats = kw["platforms"]["platform"] if isinstance(kw["platforms"], pd.DataFrame) else kw["platforms"]
        kw["platforms"] = ", ".join(sorted({pretty(p, locale=loc) for p in plats}))
    return text(f"cap_{key}", loc, **kw)


def ci_basis(n: Any, unit: Any, *, locale: str) -> str:
    """What an interval rests on, in words: en " across 48 posts", fr " sur 48 publications".

    ``unit`` is a table's ``ci_unit`` ("posts", "days", "weeks", "users"...); "" when ``n`` or
    ``unit`` is unknown (no interval, or an option that counts trials).
    """
    loc = fmt.resolve(locale)
    if unit is None or str(unit) not in UNIT_KEYS or fmt.is_missing(n) or int(n) <= 0:
        return ""
    return text("across", loc, counted=fmt.count(int(n), str(unit), locale=loc))


def row_basis(table: pd.DataFrame, row: Any, *, locale: str, count: str = "n_posts") -> str:
    """:func:`ci_basis` of one row of an indicator table (its ``n_units``/``ci_unit``, else posts)."""
    if not hasattr(row, "get"):
        return ""
    index = getattr(row, "index", [])
    if "n_units" in index and "ci_unit" in index:
        return ci_basis(row.get("n_units"), row.get("ci_unit"), locale=locale)
    unit = (table.attrs or {}).get("ci_unit")
    if unit in ("posts", "days", "weeks", "users", "customers") and count in index:
        return ci_basis(row.get(count), unit, locale=locale)
    return ""


def table_ci_note(frame: pd.DataFrame, shown: pd.DataFrame | None = None, *, locale: str) -> str:
    """The sentence under a table with intervals: what they rest on ("" when it shows none).

    Uses the table's ``attrs["ci_unit"]`` (posts, days/weeks, users, customers) or its
    ``ci_unit`` / ``n_units`` columns; a table whose formatted version (``shown``) has no interval
    gets no note.
    """
    loc = fmt.resolve(locale)
    if shown is not None and not any(text("ci_header", loc) in str(c) for c in shown.columns):
        return ""
    if (frame.attrs or {}).get("ci_units"):  # the KPI board (kpi_table): posts and days
        return text("board_ci", loc)
    if (frame.attrs or {}).get("ci_method_id") == "model":  # rate ratios of compare_rates
        return text("table_ci", loc, how=text("table_ci_model", loc))
    unit = str((frame.attrs or {}).get("ci_unit") or "")
    if "ci_unit" in frame.columns and frame["ci_unit"].notna().any():
        unit = "days"
    key = {"posts": "posts", "days": "days", "weeks": "days", "days or weeks": "days", "users": "users",
           "customers": "customers"}.get(unit)
    if key is None:
        return ""
    return text("table_ci", loc, how=text(f"table_ci_{key}", loc))


def import_notes_text(notes: Sequence[Mapping[str, Any]], *, locale: str) -> str:
    """The assumptions of the import (``Dataset.notes``, from ``import_notes.json``) in plain words:
    the zone each platform's times were read in and why, where years came from, and which
    exposure counts (reach, impressions, views) each platform's posts have. "" without notes."""
    loc = fmt.resolve(locale)
    lines = []
    for a in notes:
        kind = a.get("kind")
        files = ", ".join(str(f) for f in (a.get("files") or [])[:3]) + (" …" if len(a.get("files") or []) > 3 else "")
        platform = pretty(a.get("platform") or "—", locale=loc)
        if kind == "timezone" and a.get("how") in ("default", "stated", "override", "offset", "dataset"):
            lines.append(text("note_tz", loc, platform=platform, files=files, zone=a.get("zone") or "UTC",
                              why=text("why_" + str(a["how"]), loc)))
        elif kind == "year":
            span = text("note_span", loc, first=fmt.date(a["first"], locale=loc), last=fmt.date(a["last"], locale=loc)) \
                if a.get("first") and a.get("last") else ""
            n = a.get("values")
            lines.append(text("note_year", loc, n=fmt.integer(n, locale=loc) if n is not None else "—", files=files,
                              source=a.get("source", "—"), span=span))
        elif kind == "basis" and a.get("what") == "engagement_unique_people":
            lines.append(text("note_unique", loc, platform=platform) + ".")
        elif kind == "basis" and "has" in a:
            has_ = ", ".join(pretty(c, locale=loc) for c in a.get("has") or []) or text("none", loc)
            lacks = a.get("lacks") or []
            line = text("note_basis", loc, platform=platform, has=has_,
                        lacks=text("note_lacks", loc, lacks=", ".join(pretty(c, locale=loc) for c in lacks)) if lacks else "")
            if "reach" not in (a.get("has") or []):
                line += text("note_no_reach", loc, platform=platform)
            lines.append(line + ".")
    if not lines:
        return ""
    return text("import_notes", loc) + "\n" + "\n".join(f"- {line[:1].upper()}{line[1:]}" for line in lines)
