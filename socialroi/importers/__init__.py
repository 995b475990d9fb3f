"""Turn the exports clients really send into a canonical socialroi dataset.

``read_export(path)`` recognises one file (CSV, ``.xlsx``, legacy ``.xls``, SpreadsheetML ``.xls``,
or a ``.zip`` of those) by its header, not its name, and returns its canonical rows;
``import_exports(folder, out_dir)`` does it for a whole folder and writes a dataset folder
(``dataset.yml`` and whichever of ``posts.csv``, ``audience.csv``, ``mentions.csv`` the exports fill:
a folder of page-level exports only gives a dataset without posts) with ``import_report.md`` (the
mapping report) and ``import_notes.json`` (the assumptions of the import, which the notebooks show).

Families recognised (see ``families()``): classic Facebook Insights post and page exports, Meta
Business Suite post exports (Facebook, Instagram) and page-level daily series, UCI Facebook
metrics, Twitter legacy tweet activity (per tweet and per day), X 2024+ content and account
overview, LinkedIn page workbooks (updates, daily update metrics, visitors, followers), YouTube
Studio Table data, Chart data and Totals, TikTok Studio content / overview / follower history /
viewers (and, recognised but not used, its follower activity, gender and territory files), and
social-listening mentions (Brandwatch, Talkwalker, Meltwater or generic). A file no family
recognises is skipped with a warning (``on_unrecognised="raise"`` makes it an error).

Conventions
-----------
- ids are text; counts are nullable integers and a count the export lacks stays missing (never 0);
- timestamps are converted to the dataset ``timezone``. Naive times are read in the zone the export
  states when it states one, else in the platform's documented default (``families()``), else in
  the dataset timezone; ``source_timezone=`` overrides. The zone used, and why, is written in the
  report and in ``import_notes.json``;
- days written without a year (TikTok Studio) get it from the download itself (the video ids and
  as-of column of Content.csv, a download date in a file, folder or zip name), never from a file's
  modification time; the days of a daily file must then increase (gaps are reported). Without
  evidence the import stops and says how to give it (``end_date=`` or ``year=``);
- post metrics of an export are lifetime totals *as of the export*: every post row carries
  ``snapshot_at`` (from the file name's last date, an as-of column, or else the file's modification
  time). When the same post is in several exports, the latest snapshot is kept and the report says so.
"""

from __future__ import annotations

import io as _io
import json
import os
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DataError, ParameterError
from . import _read
from ._context import Ctx, YearEvidence
from ._detect import Match, NearMiss, detect
from ._families import FAMILIES, Family, tiktok_evidence
from ._parse import norm_label

__all__ = ["ImportedPart", "ImportedFile", "ImportReport", "families", "read_export", "import_exports"]

_TABLE_KEYS = {"posts": ("platform", "post_id"), "audience": ("date", "platform"), "mentions": ()}
_TABLES = ("posts", "audience", "mentions")
_CANONICAL = {
    "posts": ["post_id", "platform", "published_at", "brand", "post_type", "campaign", "is_paid", "impressions", "reach",
              "reactions", "comments", "shares", "saves", "clicks", "views", "video_views", "spend", "text"],
    "audience": ["date", "platform", "followers", "new_followers", "lost_followers", "impressions", "reach", "profile_visits"],
    "mentions": ["timestamp", "brand", "platform", "source", "sentiment", "reach", "mention_id", "text"],
}
_BOOKKEEPING = ["snapshot_at", "source_file", "source_family"]

_LABELS = {
    "en": {
        "title": "Import report", "settings": "Settings", "summary": "Files", "file": "file", "family": "family",
        "table": "table", "rows_read": "rows read", "rows_out": "rows out", "mapping": "Column mapping",
        "ignored": "Columns ignored", "warnings": "Warnings", "notes": "Notes", "outputs": "Output tables",
        "skipped": "Files skipped", "merge": "Same post in several exports",
        "assumptions": "Assumptions", "unused": "Recognised, not used",
    },
    "fr": {
        "title": "Rapport d'import", "settings": "Paramètres", "summary": "Fichiers", "file": "fichier", "family": "famille",
        "table": "table", "rows_read": "lignes lues", "rows_out": "lignes produites", "mapping": "Correspondance des colonnes",
        "ignored": "Colonnes ignorées", "warnings": "Avertissements", "notes": "Remarques", "outputs": "Tables produites",
        "skipped": "Fichiers ignorés", "merge": "Même publication dans plusieurs exports",
        "assumptions": "Hypothèses", "unused": "Reconnus, non utilisés",
    },
}


# ----------------------------------------------------------------------------- results
@dataclass
class ImportedPart:
    """One recognised grid (a CSV file or a worksheet) and what became of it."""

    sheet: str | None
    family: str
    family_title: str
    table: str
    header_row: int  # 1-based row of the header in the grid
    description_row: bool
    rows_read: int
    frame: pd.DataFrame | None
    mapping: dict[str, str]
    ignored: list[str]
    time_convention: str
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    assumptions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows_out(self) -> int:
        return 0 if self.frame is None else len(self.frame)


@dataclass
class ImportedFile:
    """What ``read_export`` found in one file.

    Attributes
    ----------
    path : str
    parts : list of ImportedPart
        One per recognised grid (workbooks may hold several).
    tables : dict
        ``{"posts"|"audience"|"mentions": DataFrame}`` with canonical columns, extras, and the
        bookkeeping columns ``snapshot_at``, ``source_file``, ``source_family``.
    snapshot_at : Timestamp
        Export date (tz-aware, dataset timezone) and ``snapshot_source`` how it was found.
    skipped : list of str
        Worksheets not recognised (with the nearest family), kept out of the tables.
    """

    path: str
    parts: list[ImportedPart]
    tables: dict[str, pd.DataFrame]
    snapshot_at: pd.Timestamp
    snapshot_source: str
    skipped: list[str] = field(default_factory=list)
    read_notes: list[str] = field(default_factory=list)

    @property
    def families(self) -> list[str]:
        return [p.family for p in self.parts]


@dataclass
class ImportReport:
    """Result of ``import_exports``: what was read, mapped, merged and written.

    ``to_markdown()`` renders the mapping report (also written as ``import_report.md``).
    """

    exports_dir: str
    out_dir: str
    timezone: str
    files: list[ImportedFile]
    tables: dict[str, pd.DataFrame]
    skipped: list[str]
    merge_notes: list[str]
    warnings: list[str]
    locale: str = "en"
    assumptions: list[dict[str, Any]] = field(default_factory=list)

    def to_markdown(self) -> str:
        return _render(self)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.to_markdown()


def families() -> pd.DataFrame:
    """The export families recognised: name, title, table, platform, required columns, time convention."""
    rows = []
    for f in FAMILIES:
        req = [" or ".join(f.fields[k][0] for k in g) for g in f.required]
        rows.append({"family": f.name, "title": f.title, "table": f.table, "platform": f.platform or "(from file)",
                     "required": "; ".join(req), "time_convention": f.time_convention})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- one file
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")
_NAME_MDY = re.compile(r"(?<![A-Za-z])([A-Za-z]{3})-(\d{1,2})-((?:19|20)\d{2})")
_NAME_EPOCH = re.compile(r"_(\d{10}|\d{13})$")
_MON = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _snapshot(name: str, mtime: float | None, timezone: str) -> tuple[pd.Timestamp, str]:
    stem = Path(name).name
    found = [(int(y), int(m), int(d)) for y, m, d in _NAME_DATE.findall(stem)]
    found += [(int(y), _MON[m.lower()], int(d)) for m, d, y in _NAME_MDY.findall(stem) if m.lower() in _MON]
    if found:
        y, m, d = max(found)
        try:
            return pd.Timestamp(year=y, month=m, day=d).tz_localize(timezone), "last date in the file name"
        except ValueError:
            pass
    epoch = _NAME_EPOCH.search(Path(name).stem)
    if epoch:  # LinkedIn names downloads <page>_<kind>_<epoch seconds or milliseconds>
        value = int(epoch.group(1))
        ts = pd.Timestamp(value, unit="ms" if value > 10**11 else "s", tz="UTC")
        if pd.Timestamp("2010-01-01", tz="UTC") <= ts <= pd.Timestamp("2040-01-01", tz="UTC"):
            return ts.tz_convert(timezone), "export time (epoch) in the file name"
    if mtime is not None:
        ts = pd.Timestamp(mtime, unit="s", tz="UTC").tz_convert(timezone).floor("s")
        return ts, "file modification time (no export date in the file name)"
    return pd.Timestamp.now(tz=timezone).floor("s"), "time of import (no other clue)"


def _override_tz(fam: Family, source_timezone: str | Mapping[str, str] | None) -> str | None:
    if isinstance(source_timezone, str):
        return source_timezone
    if isinstance(source_timezone, Mapping) and fam.name in source_timezone:
        return source_timezone[fam.name]
    return None


_ZONE_WORDS = {"pacific time": "America/Los_Angeles", "pacific standard time": "America/Los_Angeles",
               "heure du pacifique": "America/Los_Angeles", "coordinated universal time": "UTC", "utc": "UTC",
               "gmt": "UTC", "temps universel": "UTC"}
_IANA = re.compile(r"\b((?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_]+(?:/[A-Za-z_]+)?)\b")
_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?\b")
_IN_ZONE = re.compile(r"\b(?:are|is|sont|est)\s+(?:in|en|exprim[ée]e?s?\s+en)\s+(?:the\s+)?([A-Za-z ]+?)(?:\s+time)?\s*(?:[.;,)]|$)",
                      re.IGNORECASE)


def _zone_in(text: str) -> str | None:
    """The time zone a header, description or preamble sentence states ("All dates and times are in
    UTC", "Publish time (GMT-07:00)", "Time zone: America/New_York"), or None."""
    m = _IANA.search(text)
    if m:
        try:
            pd.Timestamp("2020-01-01").tz_localize(m.group(1))
            return m.group(1)
        except Exception:  # noqa: BLE001 - not a zone after all
            pass
    m = _OFFSET.search(text)
    if m and (m.group(3) is None or m.group(3) == "00"):
        hours = int(m.group(2))
        if hours == 0:
            return "UTC"
        sign = "-" if m.group(1) == "+" else "+"  # Etc/GMT signs are inverted (POSIX)
        return f"Etc/GMT{sign}{hours}"
    m = _IN_ZONE.search(text)
    if m:
        return _ZONE_WORDS.get(m.group(1).strip().lower())
    low = text.lower()
    if re.search(r"\((?:utc|gmt)\)", low):
        return "UTC"
    return None


def _stated_zone(sheet: _read._Sheet, match: Match) -> tuple[str, str] | None:
    """(zone, where it is said) when the export states the zone of its times: in a preamble line, in
    the description row, or in a time column's header."""
    rows = sheet.head
    texts: list[tuple[str, str]] = []
    for r in rows[: match.header_row]:
        texts += [(str(c), "a line above the header") for c in r if isinstance(c, str) and c.strip()]
    if match.description_row and match.header_row + 1 < len(rows):
        texts += [(str(c), "the description row") for c in rows[match.header_row + 1] if isinstance(c, str) and c.strip()]
    for key in ("publish", "posted", "time", "created", "date"):
        if key in match.columns:
            texts.append((match.labels[match.columns[key]], f"the header {match.labels[match.columns[key]]!r}"))
    for text, where in texts:
        zone = _zone_in(text)
        if zone:
            return zone, f"{where}: {text.strip()[:120]!r}"
    return None


def _unrecognised_message(sheet: _read._Sheet, near: list[NearMiss]) -> str:
    header = next((r for r in sheet.head[:5] if any(c not in (None, "") for c in r)), [])
    shown = [str(c) for c in header if c not in (None, "")][:8]
    lines = [f"no export family recognises {sheet.name!r} (first non-empty row: {shown})"]
    for n in near:
        lines.append(f"closest: {n.family.name} ({n.family.title}) — has {n.found}/{n.needed} required column groups, misses {n.missing}")
    return "; ".join(lines)


def _per_family(value: Any, fam: Family) -> Any:
    if isinstance(value, Mapping):
        return value.get(fam.name)
    return value


def _make_ctx(sheet: _read._Sheet, match: Match, *, timezone: str, source_tz: str | None, snapshot: pd.Timestamp,
              date_order: Any = None, years: YearEvidence | None = None) -> tuple[Ctx, pd.DataFrame, list[int]]:
    """The converter's context for a recognised grid, the body frame (indexed by 0-based grid row)
    and the grid rows that hold more cells than the header."""
    fam = match.family
    rows = sheet.rows
    start = match.header_row + 1 + (1 if match.description_row else 0)
    body = rows[start:]
    width = len(match.labels)
    ragged = [sheet.row_label(start + i) for i, r in enumerate(body)
              if len(r) > width and any(c not in (None, "") for c in r[width:])]
    frame = pd.DataFrame([(list(r) + [None] * width)[:width] for r in body], dtype="object") if body \
        else pd.DataFrame(dtype="object")
    frame = frame.reindex(columns=range(width))
    frame.index = pd.RangeIndex(start, start + len(frame))  # 0-based grid rows
    filled = frame.apply(lambda c: c.astype("string").str.strip().fillna("") != "")
    frame = frame[filled.any(axis=1)] if len(frame) else frame
    src = pd.DataFrame({key: frame[j] for key, j in match.columns.items()}, index=frame.index)
    labels = {key: match.labels[j] for key, j in match.columns.items()}
    french = any(re.search(r"[éèàç]|publication|couverture|commentaires|partages", h) for h in (labels.get(k, "") for k in ("publish", "reach", "comments", "shares", "post_id"))) if fam.table == "posts" else False
    ctx = Ctx(
        src=src.reset_index(drop=True), labels=labels, file=sheet.name, family=fam.name, timezone=timezone,
        source_tz=source_tz, snapshot=snapshot, preamble=rows[: match.header_row],
        decimal="," if sheet.delimiter == ";" and fam.name != "uci_facebook_metrics" else ".",
        french=french, date_order=_per_family(date_order, fam),
        rows=[sheet.row_label(i) for i in frame.index], row_word=sheet.row_word, years=years,
    )
    return ctx, frame, ragged


def _time_assumption(fam: Family, ctx: Ctx, how: str, where: str | None) -> dict[str, Any] | None:
    """What was assumed about the zone of this grid's times (None when it holds no dates)."""
    t = ctx.times
    base = {"kind": "timezone", "family": fam.name, "title": fam.title, "platform": fam.platform, "file": ctx.file}
    if t["timed"]:
        zone = ctx.source_tz or ctx.timezone
        why = {"override": "given with source_timezone=",
               "stated": f"stated by the export ({where})",
               "default": f"the platform's documented default ({fam.time_convention})",
               "dataset": "the export does not state it and the platform has no documented default: the dataset "
                          "timezone"}[how]
        return {**base, "zone": zone, "how": how, "text": f"naive times with a time of day read as {zone}: {why}"}
    if t["aware"]:
        return {**base, "zone": None, "how": "offset", "text": "times carry their UTC offset: converted exactly"}
    if t["days"] or t.get("parsed"):
        return {**base, "zone": None, "how": "day_only",
                "text": f"days without a time of day: each calendar day is kept as it is written ({fam.time_convention})"}
    return None


def _convert(sheet: _read._Sheet, match: Match, *, file: str, timezone: str, source_timezone: Any,
             date_order: Any, snapshot: pd.Timestamp, years: YearEvidence | None = None) -> tuple[ImportedPart, pd.Timestamp]:
    fam = match.family
    override = _override_tz(fam, source_timezone)
    stated = _stated_zone(sheet, match) if override is None else None
    if override is not None:
        zone, how, where = override, "override", None
    elif stated is not None:
        (zone, where), how = stated, "stated"
    elif fam.source_tz is not None:
        zone, how, where = fam.source_tz, "default", None
    else:
        zone, how, where = None, "dataset", None
    ctx, frame, ragged = _make_ctx(sheet, match, timezone=timezone, source_tz=zone, snapshot=snapshot,
                                   date_order=date_order, years=years)
    header_folded = [norm_label(h) for h in match.labels]
    grid_rows = frame.index
    if len(frame) == 0:
        out = None
        ctx.warn("no data rows (only the header): nothing imported from it — an empty or failed download?")
    else:
        try:
            out = fam.convert(ctx)
        except DataError as exc:
            raise DataError([f"{sheet.name} [{fam.name}]: {p}" for p in exc.problems]) from None
    if ragged:
        ctx.warn(f"{len(ragged)} row(s) have more cells than the header (an unquoted comma in a text?): "
                 f"the extra cells were ignored, check {sheet.row_word}s {ragged[:5]}")
    if match.duplicates:
        ctx.warn(f"duplicate header name(s) {sorted(set(match.duplicates))} with no description to tell them apart: later copies suffixed '#2'")
    if out is not None:
        out = out.copy()
        positions = np.asarray(out.index)
        labels = [ctx.rows[i] for i in positions] if ctx.rows is not None else list(positions + 1)
        out.index = grid_rows[positions] if len(out) else out.index
        label_of = dict(zip(out.index, labels, strict=True))
        if fam.table == "posts":
            out["snapshot_at"] = ctx.snapshot
            no_time = out["published_at"].isna()
            if no_time.any():
                ctx.warn(f"{int(no_time.sum())} row(s) without a publication time dropped (e.g. post ids {out.loc[no_time, 'post_id'].head(3).tolist()}; unlisted/private videos have none)")
                out = out[~no_time]
            if {"reach", "impressions"} <= set(out.columns):
                bad = (out["reach"] > out["impressions"]).fillna(False).astype(bool)
                if bad.any():
                    ctx.warn(f"{int(bad.sum())} row(s) have reach > impressions (kept as exported; e.g. "
                             f"{sheet.row_word}s {[label_of[i] for i in out.index[bad][:5]]})")
            dup = out.duplicated(subset=["platform", "post_id"], keep=False)
            if dup.any():
                ctx.warn(f"{int(dup.sum())} rows share a post id within this sheet (e.g. {out.loc[dup, 'post_id'].head(3).tolist()}): merged, first value of each column kept")
        elif fam.table == "audience":
            if out["date"].isna().any():
                missing = [label_of[i] for i in out.index[out["date"].isna()][:5]]
                raise DataError(f"{sheet.name} [{fam.name}]: {sheet.row_word}s {missing} have no date")
        out["source_file"] = file
        out["source_family"] = fam.name
    used = set(ctx.mapping)
    ignored = [h for h, f in zip(match.labels, header_folded, strict=True) if f and h not in used]
    convention = fam.time_convention
    if how == "override":
        convention = f"{fam.time_convention} — overridden: naive times read in {zone}"
    elif how == "stated":
        convention = f"{fam.time_convention} — the export states its zone: naive times read in {zone} ({where})"
    assumptions = list(ctx.assumptions)
    tz_note = _time_assumption(fam, ctx, how, where)
    if tz_note is not None:
        assumptions.insert(0, tz_note)
    for a in assumptions:
        a.setdefault("file", ctx.file)
        a.setdefault("family", fam.name)
        a.setdefault("platform", fam.platform)
    part = ImportedPart(
        sheet=sheet.sheet, family=fam.name, family_title=fam.title, table=fam.table, header_row=match.header_row + 1,
        description_row=match.description_row, rows_read=len(frame), frame=out, mapping=dict(ctx.mapping), ignored=ignored,
        time_convention=convention, warnings=list(ctx.warnings), notes=list(dict.fromkeys(sheet.notes + ctx.notes)),
        assumptions=assumptions,
    )
    return part, ctx.snapshot


def _combine_within(frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    key = list(_TABLE_KEYS[table])
    if key and frame.duplicated(subset=key).any():
        frame = frame.groupby(key, sort=False, dropna=False, as_index=False).first()
    return frame


def read_export(
    path: str | os.PathLike[str],
    *,
    timezone: str = "Europe/Paris",
    source_timezone: str | Mapping[str, str] | None = None,
    date_order: str | Mapping[str, str] | None = None,
    end_date: str | pd.Timestamp | None = None,
    year: int | None = None,
    encoding: str | None = None,
) -> ImportedFile:
    """Recognise one export file by its header and convert it to canonical rows.

    Parameters
    ----------
    path : path-like
        A ``.csv``/``.tsv``/``.txt``, ``.xlsx``, ``.xls`` (BIFF or SpreadsheetML XML) or ``.zip``.
    timezone : str
        Dataset timezone (IANA) into which timestamps are converted.
    source_timezone : str or mapping, optional
        Zone of naive source times that carry a time of day, for every family (``str``) or per
        family name (``{"meta_posts_facebook": "America/New_York"}``). Default: the zone the export
        states, else each family's documented convention (see ``families()``).
    date_order : {"mdy", "dmy"} or mapping, optional
        Order used for numeric dates whose day and month are both <= 12 (for every family, or per
        family name). Default: a field > 12 in the column decides; otherwise the family's rule
        (stated in the report as a warning).
    end_date : date-like, optional
        For days written without a year (TikTok Studio): the last day the export covers (usually the
        day before the download). Default: taken from the export itself (see ``import_exports``).
    year : int, optional
        The year of that last day, when the exact day is not known.
    encoding : str, optional
        Encoding of text files (default: detected; a byte that cannot be read is an error naming
        the line and the byte, never replaced).

    Returns
    -------
    ImportedFile
        ``tables`` holds the canonical frames (posts, audience, mentions) of the file.

    Raises
    ------
    DataError
        When no family recognises the file (the message lists the closest families and the columns
        they miss), or a value cannot be read (file, column, line and values named).

    Examples
    --------
    >>> f = sr.importers.read_export("exports/instagram-jan-jun2025.csv")  # doctest: +SKIP
    >>> f.families, f.snapshot_at                                          # doctest: +SKIP
    (['meta_posts_instagram'], Timestamp('2025-07-01 00:00:00+0200', tz='Europe/Paris'))
    >>> f.tables["posts"][["post_id", "published_at", "views", "reach"]]  # doctest: +SKIP
    """
    p = Path(path)
    _check_tz(timezone)
    try:
        data = p.read_bytes()
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise DataError(f"{p}: cannot be read ({exc.strerror})") from None
    _check_order(date_order)
    given = _given_years(end_date, year)
    scan = _scan(p.name, data, mtime=mtime, display=str(path), timezone=timezone, encoding=encoding, bundle=str(path))
    evidence = _evidence([scan], given=given, timezone=timezone, date_order=date_order)
    if not scan.matches:
        raise DataError(scan.misses or [f"{scan.display}: empty file"], file=scan.display)
    return _convert_scan(scan, years=evidence.get(scan.bundle), timezone=timezone, source_timezone=source_timezone,
                         date_order=date_order)


def _check_tz(timezone: str) -> None:
    try:
        pd.Timestamp("2020-01-01").tz_localize(timezone)
    except Exception:
        raise ParameterError(f"timezone must be an IANA zone such as 'Europe/Paris', got {timezone!r}") from None


def _check_order(date_order: Any) -> None:
    values = date_order.values() if isinstance(date_order, Mapping) else [date_order]
    bad = [v for v in values if v not in (None, "mdy", "dmy")]
    if bad:
        raise ParameterError(f"date_order must be 'mdy' or 'dmy' (or a mapping family -> order), got {bad[0]!r}")


def _given_years(end_date: Any, year: Any) -> YearEvidence | None:
    if end_date is not None and year is not None:
        raise ParameterError("give end_date= or year=, not both")
    if end_date is not None:
        try:
            end = pd.Timestamp(end_date)
        except (TypeError, ValueError):
            raise ParameterError(f"end_date must be a date 'YYYY-MM-DD', got {end_date!r}") from None
        if end.tzinfo is not None:
            end = end.tz_localize(None)
        return YearEvidence(f"end_date={end.date()} given at import (the last day the export covers)",
                            end=end.normalize(), kind="end_date")
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or not 2000 <= int(year) <= 2100:
            raise ParameterError(f"year must be a year such as 2025, got {year!r}")
        return YearEvidence(f"year={int(year)} given at import (the year of the export's last day)",
                            end=pd.Timestamp(year=int(year), month=12, day=31), kind="year")
    return None


def _bundle(rel: str) -> str:
    """The download a file belongs to: a zip is one; a file in a sub-folder belongs to the top
    sub-folder (a TikTok download keeps its follower files in ``Followers_<handle>/``); files at the
    top of the exports folder form one bundle."""
    parts = Path(rel).parts
    if Path(rel).suffix.lower() in _read.ARCHIVE_SUFFIXES:
        return rel
    return parts[0] if len(parts) > 1 else ""


@dataclass
class _Scan:
    """One file read and recognised, not yet converted."""

    display: str
    name: str
    bundle: str  # the download it belongs to: its zip, else its folder
    snapshot: pd.Timestamp
    snap_source: str
    matches: list[tuple[_read._Sheet, Match]]
    misses: list[str]


def _scan(name: str, data: bytes, *, mtime: float | None, display: str, timezone: str, encoding: str | None,
          bundle: str) -> _Scan:
    sheets = _read.read_grids(name, data, encoding=encoding)
    snapshot, snap_source = _snapshot(name, mtime, timezone)
    matches, misses = [], []
    for sheet in sheets:
        match, near = detect(sheet.head)
        if match is None:
            if any(any(c not in (None, "") for c in r) for r in sheet.head):
                misses.append(_unrecognised_message(sheet, near))
            continue
        matches.append((sheet, match))
    return _Scan(display, name, bundle, snapshot, snap_source, matches, misses)


def _name_date(path: str) -> pd.Timestamp | None:
    """The latest date written in a path (file, folder or zip names), e.g. a download date."""
    found = []
    for part in Path(path).parts:
        found += [(int(y), int(m), int(d)) for y, m, d in _NAME_DATE.findall(part)]
        found += [(int(y), _MON[m.lower()], int(d)) for m, d, y in _NAME_MDY.findall(part) if m.lower() in _MON]
    dates = []
    for y, m, d in found:
        try:
            dates.append(pd.Timestamp(year=y, month=m, day=d))
        except ValueError:
            continue
    return max(dates) if dates else None


_YEARLESS_FAMILIES = {"tiktok_content", "tiktok_overview", "tiktok_follower_history", "tiktok_follower_activity",
                      "viewers_daily"}


def _evidence(scans: list[_Scan], *, given: YearEvidence | None, timezone: str,
              date_order: Any = None) -> dict[str, YearEvidence | None]:
    """Per download (bundle), what gives the year of days written without one (see the module doc)."""
    bundles = {s.bundle for s in scans if any(m.family.name in _YEARLESS_FAMILIES for _, m in s.matches)}
    if given is not None:
        return {b: given for b in bundles}
    found: dict[str, YearEvidence | None] = {}
    for b in sorted(bundles):
        content: list[YearEvidence] = []
        for s in scans:
            if s.bundle != b:
                continue
            for sheet, match in s.matches:
                if match.family.name != "tiktok_content":
                    continue
                try:
                    ctx, _, _ = _make_ctx(sheet, match, timezone=timezone, source_tz=None, snapshot=s.snapshot,
                                          date_order=date_order)
                    ev = tiktok_evidence(ctx)
                except DataError:  # reported when the file is converted
                    ev = None
                if ev is not None:
                    content.append(ev)
        ends = [e for e in content if e.end is not None]
        named = [d for d in (_name_date(s.display) for s in scans if s.bundle == b) if d is not None]
        if ends:
            found[b] = max(ends, key=lambda e: e.end)
        elif named:
            d = max(named)
            found[b] = YearEvidence(f"the download date {d.date()} written in the file, folder or zip name", end=d,
                                    kind="name")
        elif content:
            found[b] = max(content, key=lambda e: e.after)
        else:
            found[b] = None
    known = {(e.end, e.after) for e in found.values() if e is not None}
    if len(known) == 1:  # one download date for the whole import: it also dates the folders that lack one
        only = next(e for e in found.values() if e is not None)
        for b, e in found.items():
            if e is None:
                found[b] = YearEvidence(f"{only.source} (the only evidence of the year in the folder)", end=only.end,
                                        after=only.after, kind=only.kind)
    return found


def _convert_scan(scan: _Scan, *, years: YearEvidence | None, timezone: str, source_timezone: Any,
                  date_order: Any) -> ImportedFile:
    parts: list[ImportedPart] = []
    latest, snap_source = scan.snapshot, scan.snap_source
    for sheet, match in scan.matches:
        part, snap = _convert(sheet, match, file=scan.display, timezone=timezone, source_timezone=source_timezone,
                              date_order=date_order, snapshot=scan.snapshot, years=years)
        if snap != scan.snapshot:
            latest, snap_source = snap, "as-of column of the export"
        parts.append(part)
    skipped = [m.split(" (first non-empty row")[0].replace("no export family recognises ", "") for m in scan.misses]
    tables: dict[str, pd.DataFrame] = {}
    for table in _TABLES:
        frames = [p.frame for p in parts if p.table == table and p.frame is not None and len(p.frame)]
        if frames:
            frame = _combine_within(frames, table)
            if table == "posts":
                frame["snapshot_at"] = latest
            tables[table] = frame
    read_notes = []
    if skipped:
        read_notes.append(f"{len(skipped)} sheet(s) not recognised and left out: " + ", ".join(s.split(" › ")[-1].strip("'") for s in skipped[:12]) + (" …" if len(skipped) > 12 else ""))
    if years is not None and any(a.get("kind") == "year" for p in parts for a in p.assumptions):
        read_notes.append(f"year of the days written without one: {years.source}")
    return ImportedFile(path=scan.display, parts=parts, tables=tables, snapshot_at=latest, snapshot_source=snap_source,
                        skipped=skipped, read_notes=read_notes)


# ----------------------------------------------------------------------------- a folder
def _metric_count(frame: pd.DataFrame) -> pd.Series:
    cols = [c for c in _CANONICAL["posts"][7:17] if c in frame.columns]
    return frame[cols].notna().sum(axis=1) if cols else pd.Series(0, index=frame.index)


def _merge_posts(frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    """One row per post: the row of the latest export wins (ties: more metrics); columns it lacks
    are filled from the other exports of the same day (one download: a post-level and a video
    export of the same page), never from an older export (lifetime totals of another date)."""
    posts = pd.concat(frames, ignore_index=True)
    posts["_order"] = np.arange(len(posts))
    posts["_metrics"] = _metric_count(posts)
    posts = posts.sort_values(["snapshot_at", "_metrics", "_order"], ascending=[False, False, True], kind="stable")
    key = ["platform", "post_id"]
    dup = posts.duplicated(subset=key, keep="first")
    notes = []
    if not dup.any():
        return posts.drop(columns=["_order", "_metrics"]), notes
    day = posts["snapshot_at"].dt.normalize()
    top_day = day.groupby([posts[k] for k in key], sort=False).transform("first")
    same = day == top_day
    older = dup & ~same
    if older.any():
        dropped = posts[older]
        kept = posts[~dup].set_index(key)
        n_posts = dropped[key].drop_duplicates().shape[0]
        ex = dropped.iloc[0]
        k = kept.loc[(ex["platform"], ex["post_id"])]
        notes.append(
            f"{n_posts} post(s) appear in several exports ({int(older.sum())} older row(s) dropped): the row of the latest "
            f"snapshot_at was kept (ties: the row with more metrics). E.g. {ex['platform']} {ex['post_id']}: kept "
            f"{k['source_file']} ({k['snapshot_at']}), dropped {ex['source_file']} ({ex['snapshot_at']})."
        )
        by_file = dropped.groupby("source_file").size()
        notes.extend(f"  rows dropped from {f}: {n}" for f, n in by_file.items())
    current = posts[same]
    several = current.duplicated(subset=key, keep=False)
    if several.any():
        first = current.drop_duplicates(subset=key, keep="first").set_index(key)
        combined = current.groupby(key, sort=False, as_index=True, dropna=False).first()
        value_cols = [c for c in combined.columns if c not in _BOOKKEEPING + ["_order", "_metrics"]]
        filled = combined[value_cols].notna() & first.loc[combined.index, value_cols].isna()
        gained = filled.any(axis=1)
        # the kept row names its own file and family; the note says which posts took values from others
        combined[_BOOKKEEPING] = first.loc[combined.index, [c for c in _BOOKKEEPING if c in first.columns]]
        if gained.any():
            files = current[several].groupby(key, sort=False)["source_file"].agg(lambda f: " + ".join(dict.fromkeys(f)))
            ex = gained[gained].index[0]
            cols = sorted(filled.columns[filled.loc[ex]])
            notes.append(f"{int(gained.sum())} post(s) are in several exports of the same day (one download, e.g. a "
                         f"post-level and a video export): their columns were combined, the first export's value kept "
                         f"where both have one (e.g. {ex[0]} {ex[1]}: {files.loc[ex]}; {cols} taken from the other)")
        posts = combined.reset_index().sort_values("_order", kind="stable")
    else:
        posts = current
    return posts.drop(columns=["_order", "_metrics"]), notes


def _merge_audience(frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    aud = pd.concat(frames, ignore_index=True)
    aud["_order"] = np.arange(len(aud))
    key = ["date", "platform"]
    multi = aud.duplicated(subset=key, keep=False)
    notes = []
    if multi.any():
        conflicts = []
        value_cols = [c for c in aud.columns if c not in key + ["_order", "source_file", "source_family"]]
        g = aud[multi].groupby(key)
        nun = g[value_cols].nunique()
        bad = nun.columns[(nun > 1).any()].tolist()
        if bad:
            conflicts.append(f"different values for {bad} on some days: the value of the latest export was kept")
        notes.append(
            f"{int(aud[multi][key].drop_duplicates().shape[0])} day×platform rows combine columns from several files/sheets"
            + (f"; {conflicts[0]}" if conflicts else "")
        )
        files = aud.groupby(key, sort=False)["source_file"].agg(lambda s: " + ".join(dict.fromkeys(s)))
        fams = aud.groupby(key, sort=False)["source_family"].agg(lambda s: " + ".join(dict.fromkeys(s)))
        merged = aud.sort_values("_order").groupby(key, sort=False, as_index=False).first()
        merged = merged.set_index(key)
        merged["source_file"] = files
        merged["source_family"] = fams
        aud = merged.reset_index()
    return aud.drop(columns=["_order"]), notes


def _ordered(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    canon = [c for c in _CANONICAL[table] if c in frame.columns]
    extra = [c for c in frame.columns if c not in canon and c not in _BOOKKEEPING]
    book = [c for c in _BOOKKEEPING if c in frame.columns]
    return frame[canon + extra + book]


def _sorted(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    by = {"posts": ["platform", "published_at", "post_id"], "audience": ["platform", "date"],
          "mentions": ["timestamp", "brand", "source_file"]}[table]
    by = [c for c in by if c in frame.columns]
    extra = [c for c in ("mention_id", "text") if c in frame.columns and table == "mentions"]
    return frame.sort_values(by + extra, kind="stable", na_position="last").reset_index(drop=True)


def _iso(values: pd.Series) -> pd.Series:
    s = pd.Series(values)
    text = s.dt.strftime("%Y-%m-%dT%H:%M:%S")
    z = s.dt.strftime("%z")
    out = text + z.str[:3] + ":" + z.str[3:]
    return out.where(s.notna(), "")


def _to_csv_frame(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    out = frame.copy()
    for c in out.columns:
        s = out[c]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[c] = _iso(s)
        elif pd.api.types.is_datetime64_any_dtype(s):
            out[c] = s.dt.strftime("%Y-%m-%d").where(s.notna(), "")
        elif c == "is_paid" or pd.api.types.is_bool_dtype(s):
            b = s.astype("boolean")
            out[c] = b.map({True: "true", False: "false"}).astype("object").where(b.notna(), "")
    return out


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    buf = _io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    path.write_bytes(buf.getvalue().encode("utf-8"))


def import_exports(
    exports_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    timezone: str = "Europe/Paris",
    name: str | None = None,
    brand: str | None = None,
    competitors: list[str] | None = None,
    currency: str = "EUR",
    locale: str = "en",
    source_timezone: str | Mapping[str, str] | None = None,
    date_order: str | Mapping[str, str] | None = None,
    end_date: str | pd.Timestamp | None = None,
    year: int | None = None,
    encoding: str | None = None,
    on_unrecognised: str = "skip",
) -> ImportReport:
    """Import every export of a folder into a canonical dataset folder.

    Parameters
    ----------
    exports_dir : path-like
        Folder searched recursively for ``.csv .tsv .txt .xls .xlsx .zip`` files (other files,
        e.g. notes, are listed as skipped; hidden files are ignored).
    out_dir : path-like
        Dataset folder to write: ``dataset.yml``, the tables the exports fill (``posts.csv``,
        ``audience.csv``, ``mentions.csv``: a folder of page-level exports gives a dataset without
        posts), ``import_report.md`` and ``import_notes.json``. Created if needed; those files are
        overwritten, nothing else is touched.
    timezone : str
        Dataset timezone; every timestamp is converted into it.
    name, brand, competitors, currency, locale :
        Written to ``dataset.yml``. ``name`` defaults to the output folder name, ``brand`` to
        ``name``; ``competitors`` defaults to the other brands of the listening mentions.
    source_timezone, date_order, encoding : optional
        See ``read_export``.
    end_date, year : optional
        The year of days written without one (TikTok Studio), when the download itself does not
        give it: the last day the export covers, or the year of that day. By default the year comes
        from the download: the as-of column and video ids of Content.csv (the id of a TikTok video
        starts with the Unix time of its posting), else a download date in a file, folder or zip
        name. The import stops with a ``DataError`` saying so when nothing gives it.
    on_unrecognised : {"skip", "raise"}
        A file no family recognises is skipped with a warning in the report (default), or raises
        ``DataError`` (listing the closest families and the columns they miss) after every file has
        been tried. Files a download holds that the data model has no table for (TikTok follower
        activity, gender, territories) are recognised and listed as "recognised, not used".

    Returns
    -------
    ImportReport
        Prints nothing; ``report.to_markdown()`` is the mapping report.

    Raises
    ------
    DataError
        A value cannot be read; days without a year and nothing to give it; no file gives any table.

    Examples
    --------
    >>> rep = sr.importers.import_exports("client-exports/", "data/client", name="Client")  # doctest: +SKIP
    >>> print(rep.to_markdown())                                                            # doctest: +SKIP
    >>> ds = sr.load_dataset("data/client")                                                 # doctest: +SKIP

    Notes
    -----
    Same post in several exports: rows are ranked by ``snapshot_at`` (latest first), then by the
    number of metrics present; the first is kept, and the columns it lacks are taken from the other
    exports of the same day (never from an older export). Audience rows of the same day and platform
    from several files/sheets are combined column by column (first non-missing value, latest export
    first). A recognised export with a header and no rows is skipped with a warning.
    """
    from ..schema import validate

    _check_tz(timezone)
    _check_order(date_order)
    given = _given_years(end_date, year)
    if on_unrecognised not in ("raise", "skip"):
        raise ParameterError(f"on_unrecognised must be 'raise' or 'skip', got {on_unrecognised!r}")
    if locale not in ("fr", "en"):
        raise ParameterError(f"locale must be 'fr' or 'en', got {locale!r}")
    src = Path(exports_dir)
    if not src.is_dir():
        raise DataError(f"{src}: not a folder of exports")
    out = Path(out_dir)
    if out.resolve() == src.resolve():
        raise ParameterError("out_dir must differ from exports_dir (the input files are never modified)")
    paths = sorted(p for p in src.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(src).parts))
    scans: list[_Scan] = []
    skipped: list[str] = []
    val_warnings: list[str] = []
    problems: list[str] = []
    for p in paths:
        rel = p.relative_to(src).as_posix()
        if p.suffix.lower() not in _read.SUFFIXES:
            skipped.append(f"{rel}: not a spreadsheet, CSV or zip")
            continue
        try:
            scan = _scan(p.name, p.read_bytes(), mtime=p.stat().st_mtime, display=rel, timezone=timezone,
                         encoding=encoding, bundle=_bundle(rel))
        except DataError as exc:
            problems.extend(f"{rel}: {q}" if not str(q).startswith(rel) else str(q) for q in exc.problems)
            continue
        if not scan.matches:
            if not scan.misses:
                skipped.append(f"{rel}: empty file")
                val_warnings.append(f"{rel}: empty file, skipped")
            elif on_unrecognised == "skip":
                skipped.append(f"{rel}: " + "; ".join(scan.misses))
                val_warnings.append(f"{rel}: not recognised as any export, skipped (see 'Files skipped'; "
                                    "on_unrecognised='raise' makes it an error)")
            else:
                problems.extend(f"{rel}: {q}" for q in scan.misses)
            continue
        scans.append(scan)
    if problems:
        raise DataError(problems)
    evidence = _evidence(scans, given=given, timezone=timezone, date_order=date_order)
    files: list[ImportedFile] = []
    for scan in scans:
        try:
            files.append(_convert_scan(scan, years=evidence.get(scan.bundle), timezone=timezone,
                                       source_timezone=source_timezone, date_order=date_order))
        except DataError as exc:
            problems.extend(f"{scan.display}: {q}" if not str(q).startswith(scan.display) else str(q) for q in exc.problems)
    if problems:
        raise DataError(problems)

    merge_notes: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    # latest export first: it wins ties for audience days and mention ids (posts rank by snapshot_at)
    by_snapshot = sorted(range(len(files)), key=lambda i: (-files[i].snapshot_at.value, i))
    for table in _TABLES:
        frames = [files[i].tables[table] for i in by_snapshot if table in files[i].tables]
        if not frames:
            continue
        if table == "posts":
            frame, notes = _merge_posts(frames)
        elif table == "audience":
            frame, notes = _merge_audience(frames)
        else:
            frame, notes = pd.concat(frames, ignore_index=True), []
            if "mention_id" in frame.columns and frame["mention_id"].notna().any():
                d = frame["mention_id"].notna() & frame.duplicated(subset=["mention_id"], keep="first")
                if d.any():
                    notes.append(f"{int(d.sum())} mention(s) with an id already seen in a later export dropped (latest kept)")
                    frame = frame[~d]
        merge_notes.extend(f"{table}: {n}" for n in notes)
        tables[table] = _sorted(_ordered(frame, table), table)
    if not tables:
        seen = [f"{f.path} ({', '.join(p.family for p in f.parts)})" for f in files]
        raise DataError(f"{src}: no export gave any rows of posts, audience or mentions (a dataset needs at least one "
                        f"table); files recognised: {seen or 'none'}; skipped: {skipped or 'none'}")

    name = name or out.name
    brand = brand or name
    if competitors is None:
        competitors = []
        if "mentions" in tables:
            competitors = sorted(set(tables["mentions"]["brand"].dropna().astype(str)) - {brand})
    meta = {"name": name, "brand": brand, "competitors": list(competitors), "currency": currency, "timezone": timezone, "locale": locale}

    # validate with the library's schema before writing anything
    for table, frame in tables.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                validate(frame, table, timezone=timezone, file=f"{table}.csv")
            except DataError as exc:
                raise DataError([f"{table} (imported) does not validate: {p}" for p in exc.problems]) from None
        val_warnings.extend(f"{table}: {w.message}" for w in caught)
    if "mentions" in tables and brand not in set(tables["mentions"]["brand"].dropna()):
        val_warnings.append(f"mentions: the own brand {brand!r} is not among the mention brands {sorted(set(tables['mentions']['brand'].dropna()))[:5]}: pass brand=")
    for f in files:
        for part in f.parts:
            if part.rows_read == 0:
                val_warnings.append(f"{f.path}{' › ' + part.sheet if part.sheet else ''}: header only, no rows: nothing "
                                    "imported from it (an empty or failed download?)")

    for t in _TABLES:
        for ext in (".csv", ".parquet"):
            stale = out / f"{t}{ext}"
            if stale.exists() and (t not in tables or ext == ".parquet"):
                val_warnings.append(f"{stale.name} was already in the output folder and is not written by this import: "
                                    "left as it is (delete it if it came from an earlier import)")
    assumptions = _assumptions(files, tables)
    out.mkdir(parents=True, exist_ok=True)
    import yaml

    (out / "dataset.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for table, frame in tables.items():
        _write_csv(_to_csv_frame(frame, table), out / f"{table}.csv")
    report = ImportReport(exports_dir=str(src), out_dir=str(out), timezone=timezone, files=files, tables=tables,
                          skipped=skipped, merge_notes=merge_notes, warnings=val_warnings, locale=locale,
                          assumptions=assumptions)
    (out / "import_report.md").write_text(report.to_markdown(), encoding="utf-8")
    notes = {"socialroi_import": 1, "timezone": timezone, "assumptions": assumptions}
    from ..io import NOTES_FILE

    (out / NOTES_FILE).write_text(json.dumps(notes, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return report


_RATE_BASES = ("reach", "impressions", "views", "video_views")
_COMPONENTS = ("reactions", "comments", "shares", "saves", "clicks")


def _assumptions(files: list[ImportedFile], tables: dict[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """Every assumption of the import, one record each (time zones, years, bases), in a stable order:
    the report's "Assumptions" section and ``import_notes.json`` (which the notebooks show)."""
    out: list[dict[str, Any]] = []
    by_key: dict[str, dict[str, Any]] = {}
    for f in files:
        for part in f.parts:
            if part.frame is None:
                continue
            where = f.path + (f" › {part.sheet}" if part.sheet else "")
            for a in part.assumptions:
                a = {k: v for k, v in a.items() if k != "file"}
                key = json.dumps({k: v for k, v in a.items() if k not in ("values", "first", "last", "title", "text")},
                                 sort_keys=True, default=str)
                if key in by_key:
                    by_key[key]["files"].append(where)
                    continue
                a["files"] = [where]
                by_key[key] = a
                out.append(a)
    posts = tables.get("posts")
    if posts is not None:
        for platform, g in posts.groupby("platform", sort=True):
            has = [c for c in _RATE_BASES if c in g.columns and g[c].notna().any()]
            lacks = [c for c in _RATE_BASES if c not in has]
            parts = [c for c in _COMPONENTS if c in g.columns and g[c].notna().any()]
            text = (f"{platform} posts have {', '.join(has) or 'no exposure count'}"
                    + (f" (no {', '.join(lacks)})" if lacks else "")
                    + f"; engagement components: {', '.join(parts) or 'none'}")
            # the basis socialroi's basis="auto" measures it on (indicators.AUTO_BASIS_ORDER)
            auto = next((b for b, c in (("reach", "reach"), ("impressions", "impressions"), ("views", "video_views"),
                                        ("meta_views", "views")) if c in has), None)
            if "reach" not in has:
                text += ": rates on reach are not available for it (use impressions or views where present)"
            text += (f"; basis='auto' measures its rates on {auto}" if auto else
                     "; no exposure count: no engagement rate can be computed for it")
            out.append({"kind": "basis", "table": "posts", "platform": str(platform), "has": has, "lacks": lacks,
                        "components": parts, "auto_basis": auto, "text": text})
    return out


# ----------------------------------------------------------------------------- report
def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def _render(rep: ImportReport) -> str:
    L = _LABELS.get(rep.locale, _LABELS["en"])
    out = [f"# {L['title']}", "", f"- exports: `{_md(rep.exports_dir)}`", f"- dataset: `{_md(rep.out_dir)}`",
           f"- timezone: {rep.timezone} (every timestamp converted into it)", ""]
    if rep.assumptions:
        out += [f"## {L['assumptions']}", ""]
        for a in rep.assumptions:
            files = ", ".join(f"`{x}`" for x in a.get("files", []))
            if a["kind"] == "timezone":
                head = f"time zone — {a.get('title') or a.get('family')} ({files})"
            elif a["kind"] == "year":
                head = f"year — column {a.get('column')!r} ({files})"
                span = f" (days {a['first']} to {a['last']})" if a.get("first") else ""
                a = {**a, "text": f"{a.get('values')} value(s) without a year: year from {a.get('source')}{span}"}
            else:
                head = f"basis — {a.get('platform')}"
            out.append(f"- {_md(head)}: {_md(a.get('text', ''))}")
        out.append("")
    unused = [(f, p) for f in rep.files for p in f.parts if p.table == "unused"]
    if unused:
        out += [f"## {L['unused']}", ""]
        out += [f"- {_md(f.path)}{' › ' + _md(p.sheet) if p.sheet else ''} — {_md(p.family_title)}: "
                f"{_md(next((n for n in p.notes if n.startswith('recognised, not used')), ''))}" for f, p in unused]
        out.append("")
    out += [f"## {L['summary']}", "", f"| {L['file']} | sheet | {L['family']} | {L['table']} | {L['rows_read']} | {L['rows_out']} | snapshot_at |",
            "|---|---|---|---|---|---|---|"]
    for f in rep.files:
        for p in f.parts:
            out.append(f"| {_md(f.path)} | {_md(p.sheet or '')} | {p.family} | {p.table} | {p.rows_read} | {p.rows_out} | {f.snapshot_at} |")
    out.append("")
    if rep.skipped:
        out += [f"## {L['skipped']}", ""] + [f"- {_md(s)}" for s in rep.skipped] + [""]
    out += [f"## {L['outputs']}", ""]
    for t, frame in rep.tables.items():
        plats = frame["platform"].value_counts(dropna=False).to_dict() if "platform" in frame.columns else {}
        out.append(f"- {t}.csv: {len(frame)} rows {dict(sorted((str(k), int(v)) for k, v in plats.items()))}")
    out.append("")
    if rep.merge_notes:
        out += [f"## {L['merge']}", ""] + [f"- {_md(n)}" for n in rep.merge_notes] + [""]
    if rep.warnings:
        out += [f"## {L['warnings']}", ""] + [f"- {_md(w)}" for w in rep.warnings] + [""]
    for f in rep.files:
        out += [f"## {_md(f.path)}", "", f"- snapshot_at: {f.snapshot_at} ({f.snapshot_source})"]
        out += [f"- {_md(n)}" for n in f.read_notes]
        for p in f.parts:
            out += ["", f"### {_md(p.sheet or Path(f.path).name)} — {_md(p.family_title)} (`{p.family}` → {p.table})", ""]
            out.append(f"- header on row {p.header_row}" + ("; description row under it dropped (used to tell duplicate names apart)" if p.description_row else "")
                       + (f"; {p.header_row - 1} preamble row(s) skipped" if p.header_row > 1 else ""))
            out.append(f"- rows read: {p.rows_read}; rows out: {p.rows_out}")
            out.append(f"- time convention: {_md(p.time_convention)}")
            for n in p.notes:
                out.append(f"- {_md(n)}")
            for w in p.warnings:
                out.append(f"- **warning**: {_md(w)}")
            out += ["", "| source column | canonical column |", "|---|---|"]
            out += [f"| {_md(k)} | {_md(v)} |" for k, v in p.mapping.items()]
            if p.ignored:
                out += ["", f"{L['ignored']} ({len(p.ignored)}): " + ", ".join(f"`{_md(c)}`" for c in p.ignored)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
