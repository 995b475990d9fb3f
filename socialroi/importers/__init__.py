"""Turn the exports clients really send into a canonical socialroi dataset.

``read_export(path)`` recognises one file (CSV, ``.xlsx``, legacy ``.xls``, SpreadsheetML ``.xls``,
or a ``.zip`` of those) by its header, not its name, and returns its canonical rows;
``import_exports(folder, out_dir)`` does it for a whole folder and writes a dataset folder
(``dataset.yml``, ``posts.csv``, ``audience.csv``, ``mentions.csv``) with ``import_report.md``.

Families recognised (see ``families()``): classic Facebook Insights post and page exports, Meta
Business Suite post exports (Facebook, Instagram) and page-level daily series, UCI Facebook
metrics, Twitter legacy tweet activity (per tweet and per day), X 2024+ content and account
overview, LinkedIn page workbooks (updates, daily update metrics, visitors, followers), YouTube
Studio Table data, Chart data and Totals, TikTok Studio content / overview / follower history /
viewers, and social-listening mentions (Brandwatch, Talkwalker, Meltwater or generic).

Conventions
-----------
- ids are text; counts are nullable integers and a count the export lacks stays missing (never 0);
- timestamps are converted to the dataset ``timezone``; each family states the source convention
  (explicit offset, UTC, the account's zone, day only) in the report;
- post metrics of an export are lifetime totals *as of the export*: every post row carries
  ``snapshot_at`` (from the file name's last date, an as-of column, or else the file's modification
  time). When the same post is in several exports, the latest snapshot is kept and the report says so.
"""

from __future__ import annotations

import io as _io
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
from ._context import Ctx
from ._detect import Match, NearMiss, detect
from ._families import FAMILIES, Family
from ._parse import norm_label

__all__ = ["ImportedPart", "ImportedFile", "ImportReport", "families", "read_export", "import_exports"]

_TABLE_KEYS = {"posts": ("platform", "post_id"), "audience": ("date", "platform"), "mentions": ()}
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
    },
    "fr": {
        "title": "Rapport d'import", "settings": "Paramètres", "summary": "Fichiers", "file": "fichier", "family": "famille",
        "table": "table", "rows_read": "lignes lues", "rows_out": "lignes produites", "mapping": "Correspondance des colonnes",
        "ignored": "Colonnes ignorées", "warnings": "Avertissements", "notes": "Remarques", "outputs": "Tables produites",
        "skipped": "Fichiers ignorés", "merge": "Même publication dans plusieurs exports",
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


def _source_tz(fam: Family, source_timezone: str | Mapping[str, str] | None) -> str | None:
    if isinstance(source_timezone, str):
        return source_timezone
    if isinstance(source_timezone, Mapping) and fam.name in source_timezone:
        return source_timezone[fam.name]
    return fam.source_tz


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


def _convert(sheet: _read._Sheet, match: Match, *, file: str, timezone: str, source_timezone: Any,
             date_order: Any, snapshot: pd.Timestamp) -> tuple[ImportedPart, pd.Timestamp]:
    fam = match.family
    rows = sheet.rows
    start = match.header_row + 1 + (1 if match.description_row else 0)
    body = rows[start:]
    width = len(match.labels)
    ragged = [start + 1 + i for i, r in enumerate(body) if len(r) > width and any(c not in (None, "") for c in r[width:])]
    frame = pd.DataFrame([r[:width] for r in body], dtype="object") if body else pd.DataFrame(dtype="object")
    frame = frame.reindex(columns=range(width))
    frame.index = pd.RangeIndex(start + 1, start + 1 + len(frame))  # 1-based grid row numbers
    filled = frame.apply(lambda c: c.astype("string").str.strip().fillna("") != "")
    frame = frame[filled.any(axis=1)] if len(frame) else frame
    src = pd.DataFrame({key: frame[j] for key, j in match.columns.items()}, index=frame.index)
    labels = {key: match.labels[j] for key, j in match.columns.items()}
    header_folded = [norm_label(h) for h in match.labels]
    french = any(re.search(r"[éèàç]|publication|couverture|commentaires|partages", h) for h in (labels.get(k, "") for k in ("publish", "reach", "comments", "shares", "post_id"))) if fam.table == "posts" else False
    ctx = Ctx(
        src=src.reset_index(drop=True), labels=labels, file=sheet.name, family=fam.name, timezone=timezone,
        source_tz=_source_tz(fam, source_timezone), snapshot=snapshot, preamble=rows[: match.header_row],
        decimal="," if sheet.delimiter == ";" and fam.name != "uci_facebook_metrics" else ".",
        french=french, date_order=_per_family(date_order, fam),
    )
    grid_rows = src.index
    try:
        out = fam.convert(ctx)
    except DataError as exc:
        raise DataError([f"{sheet.name} [{fam.name}]: {p}" for p in exc.problems]) from None
    if ragged:
        ctx.warn(f"{len(ragged)} row(s) have more cells than the header (an unquoted comma in a text?): "
                 f"the extra cells were ignored, check grid rows {ragged[:5]}")
    if match.duplicates:
        ctx.warn(f"duplicate header name(s) {sorted(set(match.duplicates))} with no description to tell them apart: later copies suffixed '#2'")
    if out is not None:
        out = out.copy()
        out.index = grid_rows[out.index] if len(out) and out.index.max() < len(grid_rows) else out.index
        if fam.table == "posts":
            out["snapshot_at"] = ctx.snapshot
            no_time = out["published_at"].isna()
            if no_time.any():
                ctx.warn(f"{int(no_time.sum())} row(s) without a publication time dropped (e.g. post ids {out.loc[no_time, 'post_id'].head(3).tolist()}; unlisted/private videos have none)")
                out = out[~no_time]
            if {"reach", "impressions"} <= set(out.columns):
                bad = (out["reach"] > out["impressions"]).fillna(False).astype(bool)
                if bad.any():
                    ctx.warn(f"{int(bad.sum())} row(s) have reach > impressions (kept as exported; e.g. grid rows {list(out.index[bad][:5])})")
            dup = out.duplicated(subset=["platform", "post_id"], keep=False)
            if dup.any():
                ctx.warn(f"{int(dup.sum())} rows share a post id within this sheet (e.g. {out.loc[dup, 'post_id'].head(3).tolist()}): merged, first value of each column kept")
        elif fam.table == "audience":
            if out["date"].isna().any():
                raise DataError(f"{sheet.name} [{fam.name}]: rows {list(out.index[out['date'].isna()][:5])} have no date")
        out["source_file"] = file
        out["source_family"] = fam.name
    used = set(ctx.mapping)
    ignored = [h for h, f in zip(match.labels, header_folded, strict=True) if f and h not in used]
    part = ImportedPart(
        sheet=sheet.sheet, family=fam.name, family_title=fam.title, table=fam.table, header_row=match.header_row + 1,
        description_row=match.description_row, rows_read=len(frame), frame=out, mapping=dict(ctx.mapping), ignored=ignored,
        time_convention=fam.time_convention if ctx.source_tz == fam.source_tz else f"{fam.time_convention} — overridden: naive times read in {ctx.source_tz}",
        warnings=list(ctx.warnings), notes=list(dict.fromkeys(sheet.notes + ctx.notes)),
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
        family name (``{"meta_posts_facebook": "America/New_York"}``). Default: each family's
        documented convention (see ``families()``).
    date_order : {"mdy", "dmy"} or mapping, optional
        Order used for numeric dates whose day and month are both <= 12 (for every family, or per
        family name). Default: a field > 12 in the column decides; otherwise the family's rule
        (stated in the report as a warning).

    Returns
    -------
    ImportedFile
        ``tables`` holds the canonical frames (posts, audience, mentions) of the file.

    Raises
    ------
    DataError
        When no family recognises the file (the message lists the closest families and the columns
        they miss), or a value cannot be read (file, column, rows and values named).

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
    return _read_bytes(p.name, data, mtime=mtime, display=str(path), timezone=timezone, source_timezone=source_timezone,
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


def _read_bytes(name: str, data: bytes, *, mtime: float | None, display: str, timezone: str, source_timezone: Any,
                date_order: Any = None) -> ImportedFile:
    sheets = _read.read_grids(name, data)
    snapshot, snap_source = _snapshot(name, mtime, timezone)
    parts: list[ImportedPart] = []
    skipped: list[str] = []
    misses: list[str] = []
    latest = snapshot
    for sheet in sheets:
        match, near = detect(sheet.head)
        if match is None:
            if any(any(c not in (None, "") for c in r) for r in sheet.head):
                misses.append(_unrecognised_message(sheet, near))
            continue
        part, snap = _convert(sheet, match, file=display, timezone=timezone, source_timezone=source_timezone,
                              date_order=date_order, snapshot=snapshot)
        if snap != snapshot:
            latest, snap_source = snap, "as-of column of the export"
        parts.append(part)
    if not parts:
        raise DataError(misses or [f"{display}: empty file"], file=display)
    skipped = [m.split(" (first non-empty row")[0].replace("no export family recognises ", "") for m in misses]
    tables: dict[str, pd.DataFrame] = {}
    for table in ("posts", "audience", "mentions"):
        frames = [p.frame for p in parts if p.table == table and p.frame is not None and len(p.frame)]
        if frames:
            frame = _combine_within(frames, table)
            if table == "posts":
                frame["snapshot_at"] = latest
            tables[table] = frame
    read_notes = []
    if skipped:
        read_notes.append(f"{len(skipped)} sheet(s) not recognised and left out: " + ", ".join(s.split(" › ")[-1].strip("'") for s in skipped[:12]) + (" …" if len(skipped) > 12 else ""))
    return ImportedFile(path=display, parts=parts, tables=tables, snapshot_at=latest, snapshot_source=snap_source, skipped=skipped, read_notes=read_notes)


# ----------------------------------------------------------------------------- a folder
def _metric_count(frame: pd.DataFrame) -> pd.Series:
    cols = [c for c in _CANONICAL["posts"][7:17] if c in frame.columns]
    return frame[cols].notna().sum(axis=1) if cols else pd.Series(0, index=frame.index)


def _merge_posts(frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, list[str]]:
    posts = pd.concat(frames, ignore_index=True)
    posts["_order"] = np.arange(len(posts))
    posts["_metrics"] = _metric_count(posts)
    posts = posts.sort_values(["snapshot_at", "_metrics", "_order"], ascending=[False, False, True], kind="stable")
    dup = posts.duplicated(subset=["platform", "post_id"], keep="first")
    notes = []
    if dup.any():
        dropped = posts[dup]
        kept = posts[~dup].set_index(["platform", "post_id"])
        n_posts = dropped[["platform", "post_id"]].drop_duplicates().shape[0]
        ex = dropped.iloc[0]
        k = kept.loc[(ex["platform"], ex["post_id"])]
        notes.append(
            f"{n_posts} post(s) appear in several exports ({int(dup.sum())} older row(s) dropped): the row of the latest "
            f"snapshot_at was kept (ties: the row with more metrics). E.g. {ex['platform']} {ex['post_id']}: kept "
            f"{k['source_file']} ({k['snapshot_at']}), dropped {ex['source_file']} ({ex['snapshot_at']})."
        )
        by_file = dropped.groupby("source_file").size()
        notes.extend(f"  rows dropped from {f}: {n}" for f, n in by_file.items())
    posts = posts[~dup].drop(columns=["_order", "_metrics"])
    return posts, notes


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
    on_unrecognised: str = "raise",
) -> ImportReport:
    """Import every export of a folder into a canonical dataset folder.

    Parameters
    ----------
    exports_dir : path-like
        Folder searched recursively for ``.csv .tsv .txt .xls .xlsx .zip`` files (other files,
        e.g. notes, are listed as skipped; hidden files are ignored).
    out_dir : path-like
        Dataset folder to write: ``dataset.yml``, ``posts.csv`` (plus ``audience.csv``,
        ``mentions.csv`` when the exports have them) and ``import_report.md``. Created if needed;
        those files are overwritten, nothing else is touched.
    timezone : str
        Dataset timezone; every timestamp is converted into it.
    name, brand, competitors, currency, locale :
        Written to ``dataset.yml``. ``name`` defaults to the output folder name, ``brand`` to
        ``name``; ``competitors`` defaults to the other brands of the listening mentions.
    source_timezone, date_order : optional
        See ``read_export``.
    on_unrecognised : {"raise", "skip"}
        A file no family recognises raises ``DataError`` (listing the closest families and the
        columns they miss) after every file has been tried, or is listed as skipped.

    Returns
    -------
    ImportReport
        Prints nothing; ``report.to_markdown()`` is the mapping report.

    Examples
    --------
    >>> rep = sr.importers.import_exports("client-exports/", "data/client", name="Client")  # doctest: +SKIP
    >>> print(rep.to_markdown())                                                            # doctest: +SKIP
    >>> ds = sr.load_dataset("data/client")                                                 # doctest: +SKIP

    Notes
    -----
    Same post in several exports: rows are ranked by ``snapshot_at`` (latest first), then by the
    number of metrics present; the first is kept. Audience rows of the same day and platform from
    several files/sheets are combined column by column (first non-missing value, latest export first).
    """
    from ..schema import validate

    _check_tz(timezone)
    _check_order(date_order)
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
    files: list[ImportedFile] = []
    skipped: list[str] = []
    problems: list[str] = []
    for p in paths:
        rel = p.relative_to(src).as_posix()
        if p.suffix.lower() not in _read.SUFFIXES:
            skipped.append(f"{rel}: not a spreadsheet, CSV or zip")
            continue
        try:
            files.append(_read_bytes(p.name, p.read_bytes(), mtime=p.stat().st_mtime, display=rel, timezone=timezone,
                                     source_timezone=source_timezone, date_order=date_order))
        except DataError as exc:
            if on_unrecognised == "skip" and all("no export family recognises" in str(q) for q in exc.problems):
                skipped.append(f"{rel}: " + "; ".join(exc.problems))
            else:
                problems.extend(f"{rel}: {q}" if not str(q).startswith(rel) else str(q) for q in exc.problems)
    if problems:
        raise DataError(problems)

    merge_notes: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    # latest export first: it wins ties for audience days and mention ids (posts rank by snapshot_at)
    by_snapshot = sorted(range(len(files)), key=lambda i: (-files[i].snapshot_at.value, i))
    for table in ("posts", "audience", "mentions"):
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
    if "posts" not in tables:
        raise DataError(f"{src}: no post-level export found (posts.csv is required in a dataset); files: {[f.path for f in files] or 'none'}")

    name = name or out.name
    brand = brand or name
    if competitors is None:
        competitors = []
        if "mentions" in tables:
            competitors = sorted(set(tables["mentions"]["brand"].dropna().astype(str)) - {brand})
    meta = {"name": name, "brand": brand, "competitors": list(competitors), "currency": currency, "timezone": timezone, "locale": locale}

    # validate with the library's schema before writing anything
    val_warnings: list[str] = []
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

    for t in ("posts", "audience", "mentions"):
        for ext in (".csv", ".parquet"):
            stale = out / f"{t}{ext}"
            if stale.exists() and (t not in tables or ext == ".parquet"):
                val_warnings.append(f"{stale.name} was already in the output folder and is not written by this import: "
                                    "left as it is (delete it if it came from an earlier import)")
    out.mkdir(parents=True, exist_ok=True)
    import yaml

    (out / "dataset.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for table, frame in tables.items():
        _write_csv(_to_csv_frame(frame, table), out / f"{table}.csv")
    report = ImportReport(exports_dir=str(src), out_dir=str(out), timezone=timezone, files=files, tables=tables,
                          skipped=skipped, merge_notes=merge_notes, warnings=val_warnings, locale=locale)
    (out / "import_report.md").write_text(report.to_markdown(), encoding="utf-8")
    return report


# ----------------------------------------------------------------------------- report
def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def _render(rep: ImportReport) -> str:
    L = _LABELS.get(rep.locale, _LABELS["en"])
    out = [f"# {L['title']}", "", f"- exports: `{_md(rep.exports_dir)}`", f"- dataset: `{_md(rep.out_dir)}`",
           f"- timezone: {rep.timezone} (every timestamp converted into it)", ""]
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
