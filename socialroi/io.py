"""Loading datasets: robust CSV/Parquet readers, dataset.yml, pseudonymisation, bundled samples.

A dataset is a folder (see ``shared/spec/data-model.md``)::

    my-client/
      dataset.yml   [posts.csv audience.csv interactions.csv mentions.csv spend.csv
                     outcomes.csv market.csv orders.csv]      at least one table
      [import_notes.json]                                     written by socialroi import

``load_dataset(folder)`` reads every table present (``.csv`` or ``.parquet``), validates it with
``socialroi.schema.validate`` and returns a ``Dataset``. Every table is optional (a client may have
only listening data, or only page-level exports), but a dataset needs at least one, and a table
file with a header and no rows is an error (an empty export is almost always a failed download).
Problems in several files are reported together in one ``DataError``. Input files are only ever
opened for reading.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import hmac
import io as _io
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import yaml

from . import _read
from .catalogue import parse_locale
from .errors import DataError, ParameterError
from .schema import TABLES, _validate, validate

__all__ = [
    "Dataset",
    "META_KEYS",
    "load_dataset",
    "read_table",
    "read_meta",
    "read_notes",
    "read_csv_text",
    "pseudonymise",
    "list_samples",
    "load_sample",
    "sample_path",
]

META_KEYS = ("name", "brand", "competitors", "currency", "timezone", "locale")
_META_DEFAULTS: dict[str, Any] = {"competitors": [], "currency": "EUR", "timezone": "UTC", "locale": "en"}
_PSEUDONYMISED = {"interactions": ("user_id",), "orders": ("user_id",)}
_PROCESS_KEY = secrets.token_bytes(32)
_HEAD_CHARS = 1 << 16  # characters of a CSV looked at to find the header, "sep=" line and separator
_HEAD_BYTES = 1 << 18  # bytes of a Windows-1252 file decoded up front (the rest is transcoded by pyarrow)


# ----------------------------------------------------------------------------------------------
# dataset.yml
# ----------------------------------------------------------------------------------------------

def read_meta(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and check ``dataset.yml`` with a safe YAML loader. Unknown keys are an error."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise DataError(f"{name}: dataset.yml is missing (every dataset folder needs one)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        raise DataError(f"{name}: not valid (safe) YAML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{name}: not UTF-8 text ({exc})") from None
    if not isinstance(data, dict):
        raise DataError(f"{name}: expected a mapping of keys {list(META_KEYS)}, got {type(data).__name__}")
    problems = []
    unknown = sorted(set(map(str, data)) - set(META_KEYS))
    if unknown:
        problems.append(f"{name}: unknown key(s) {unknown}; allowed keys are {list(META_KEYS)}")
    meta = {**_META_DEFAULTS, **{str(k): v for k, v in data.items() if str(k) in META_KEYS}}
    for key in ("name", "brand"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            problems.append(f"{name}: key {key!r} is required and must be text")
    comp = meta.get("competitors")
    if comp is None:
        meta["competitors"] = []
    elif not isinstance(comp, list) or not all(isinstance(c, str) for c in comp):
        problems.append(f"{name}: 'competitors' must be a list of brand names, got {comp!r}")
    cur = meta.get("currency")
    if not (isinstance(cur, str) and len(cur) == 3 and cur.isalpha() and cur.isupper()):
        problems.append(f"{name}: 'currency' must be an ISO 4217 code such as EUR, got {cur!r}")
    tz = meta.get("timezone")
    try:
        pd.Timestamp("2020-01-01").tz_localize(str(tz))
    except Exception:
        problems.append(f"{name}: 'timezone' must be an IANA zone such as Europe/Paris, got {tz!r}")
    try:  # any locale CLDR knows: fr, en, fr_CH, en_GB, de... (texts fall back to fr or en)
        meta["locale"] = parse_locale(str(meta.get("locale")))
    except ParameterError:
        problems.append(f"{name}: 'locale' must be a language code such as 'fr', 'en' or 'fr_CH', "
                        f"got {meta.get('locale')!r}")
    if problems:
        raise DataError(problems)
    meta["competitors"] = list(meta["competitors"])
    return meta


# ----------------------------------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _CsvInfo:
    encoding: str
    separator: str
    first_line: int  # line number of the first data row
    default_decimal: str
    # (file, bytes to skip, codec, header line, (size, mtime) when read) to number the data rows
    # when a problem is reported: the file is read again then (only then), so its bytes are not
    # held in memory while the table is validated
    source: tuple[Path, int, str, int, tuple[int, int]] | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def _lines(self) -> np.ndarray | None:
        path, skip, codec, header_line, stamp = self.source  # type: ignore[misc]
        try:
            st = path.stat()
            if (st.st_size, st.st_mtime_ns) != stamp:
                return None  # changed since it was read: plain numbering
            text = path.read_bytes()[skip:].decode(codec)
        except (OSError, UnicodeDecodeError):
            return None
        return _read.data_lines(text[1:] if text.startswith("\ufeff") else text, self.separator,
                                header_line=header_line)

    def line_of(self, position: int) -> int:
        """File line of the data row at ``position`` (0-based): right after quoted values that hold
        line breaks and after blank lines, which the parser skips."""
        if self.source is None:
            return self.first_line + int(position)
        lines = self._lines
        if lines is None or not 0 <= position < len(lines):
            return self.first_line + int(position)
        return int(lines[position])


def read_csv_text(
    path: str | os.PathLike[str], *, encoding: str | None = None, sep: str | None = None
) -> tuple[pd.DataFrame, _CsvInfo]:
    """Read a CSV file as it really comes (separator, encoding, ``sep=`` line), every cell as text.

    Returns the raw text frame (empty cells missing) and what was detected. Decoding, the ``sep=``
    line and the separator follow the one reader of socialroi (``socialroi._read``): strict, a byte
    that cannot be read is a ``DataError`` naming the line and the byte. Parsing numbers, dates and
    booleans is ``validate``'s job.
    """
    path = Path(path)
    name = path.name
    try:
        st = path.stat()
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror})") from None
    if not raw[:4096].strip() and not raw.strip():  # (strip copies: look at the head first)
        raise DataError(f"{name}: the file is empty (expected a header row and data rows)")
    # Windows-1252: checked whole, but only the head is decoded here (pyarrow transcodes the rest)
    text, used = _read.decode(raw, name=name, encoding=encoding, head=_HEAD_BYTES)
    partial = used == "cp1252" and len(raw) > _HEAD_BYTES
    single = not used.startswith("utf-16")
    nul = raw.find(b"\x00") if single else text.find("\x00")
    if nul >= 0:
        line = (raw.count(b"\n", 0, nul) if single else text.count("\n", 0, nul)) + 1
        where = f"line {line}, byte {nul}" if single else f"line {line}"
        raise DataError(f"{name}: {where}: NUL character after decoding as {_read.encoding_name(used)}; "
                        "wrong encoding?")
    # only the head is split into lines (splitting a 100 MB file would cost more than parsing it)
    lines = text[:_HEAD_CHARS].splitlines()
    if len(text) > _HEAD_CHARS or partial:
        lines = lines[:-1]  # the last head line may be cut
        if sum(1 for line in lines if line.strip()) < 2:  # header further down than the head
            text = raw.decode(used) if partial else text
            lines = text.splitlines()
    skip = 0  # physical lines before the header: blank lines and an Excel "sep=;" line
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    if skip < len(lines) and _read.sep_hint(lines[skip]) is not None:
        hint = lines[skip].strip().strip('"').strip()[4:]
        sep = sep or (hint if hint else None)
        skip += 1
    if skip >= len(lines) or not lines[skip].strip():
        raise DataError(f"{name}: the file is empty (expected a header row and data rows)")
    first_line = skip + 2  # file line number of the first data row (when no value spans lines)
    sep = sep or _read.sniff_delimiter(lines[skip:skip + 30])
    header = next(csv.reader([lines[skip]], delimiter=sep))
    header = [h.strip() for h in header]
    blanks = [i + 1 for i, h in enumerate(header) if not h]
    if blanks and not all(i > len(header) - len(blanks) for i in blanks):
        raise DataError(f"{name}: header has empty column name(s) at position(s) {blanks}")
    # UTF-8 input goes to the parser as it is (no re-encoding of a large file)
    if used in ("utf-8", "utf-8-sig", "cp1252"):
        # (an Arrow buffer over the bytes, no copy; pyarrow reads it without holding the GIL)
        data = pa.py_buffer(raw).slice(3) if used == "utf-8-sig" else pa.py_buffer(raw)
        transcode = used if used == "cp1252" else None
    else:
        data, transcode = text.encode("utf-8"), None
    df = _parse_text(data, sep=sep, header=header, name=name, skip_rows=skip + 1, encoding=transcode,
                     quoted=b'"' in raw if used in ("utf-8", "utf-8-sig", "cp1252") else '"' in text)
    # a trailing separator gives an unnamed last column: drop it only when it is empty
    for pos in reversed(blanks):
        colname = df.columns[pos - 1]
        if df[colname].isna().all():
            df = df.drop(columns=[colname])
        else:
            raise DataError(f"{name}: column {pos} has values but no name in the header")
    decimal = "." if sep == "," else ","
    source = (path, 3 if used == "utf-8-sig" else 0, "utf-8" if used == "utf-8-sig" else used, skip + 1,
              (st.st_size, st.st_mtime_ns))
    return df, _CsvInfo(used, sep, first_line, decimal, source)


def _parse_text(
    data: bytes | pa.Buffer, *, sep: str, header: list[str], name: str, skip_rows: int, encoding: str | None = None,
    quoted: bool = True,
) -> pd.DataFrame:
    """Parse CSV bytes (UTF-8 unless ``encoding``; ``skip_rows`` physical lines up to the header) as text."""
    names = [h if h else f"_unnamed_{i}" for i, h in enumerate(header)]
    try:
        import pyarrow as pa
        from pyarrow import csv as pacsv

        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=skip_rows, use_threads=True,
                                           **({"encoding": encoding} if encoding else {})),
            # a line break can only sit inside a quoted value: without quotes, pyarrow may split the
            # file into blocks at any line break and parse them in parallel
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=quoted),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.large_string() for n in names},  # zero-copy into pandas str
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
        df = table.to_pandas()
        df.columns = names
        return df.astype("str").where(df.notna(), None) if any(map(pd.api.types.is_object_dtype, df.dtypes)) else df
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        pass
    except Exception as exc:  # pyarrow.lib.ArrowInvalid
        msg = str(exc).splitlines()[0]
        raise DataError(f"{name}: cannot be parsed as CSV with separator {sep!r}: {msg}") from None
    try:  # pragma: no cover
        return pd.read_csv(_io.BytesIO(bytes(data)), encoding=encoding or "utf-8", sep=sep, dtype=str, keep_default_na=False, na_values=[""],
                           names=names, skiprows=skip_rows)
    except Exception as exc:  # pragma: no cover
        raise DataError(f"{name}: cannot be parsed as CSV with separator {sep!r}: {exc}") from None


# ----------------------------------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------------------------------

def _key_bytes(key: str | bytes | None) -> bytes:
    if key is None:
        env = os.environ.get("SOCIALROI_PSEUDONYM_KEY")
        return env.encode("utf-8") if env else _PROCESS_KEY
    return key.encode("utf-8") if isinstance(key, str) else bytes(key)


def pseudonymise(values: pd.Series, *, key: str | bytes | None = None) -> pd.Series:
    """Replace identifiers by a keyed hash (HMAC-SHA256, 16 hex digits, prefixed ``u_``).

    The same id and key always give the same pseudonym, so tables can still be joined; without the
    key the raw id cannot be recovered or checked. ``key`` defaults to ``SOCIALROI_PSEUDONYM_KEY``,
    else a random key made once per process (pseudonyms then differ between runs). Values that
    already look pseudonymised (``u_`` + 16 hex digits) are kept, so loading twice is harmless.
    """
    k = _key_bytes(key)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    hashed = []
    for u in uniques:
        su = str(u)
        if len(su) == 18 and su.startswith("u_") and all(ch in "0123456789abcdef" for ch in su[2:]):
            hashed.append(su)
        else:
            hashed.append("u_" + hmac.new(k, su.encode("utf-8"), hashlib.sha256).hexdigest()[:16])
    lookup = pd.array(hashed + [None], dtype="str")
    out = pd.Series(lookup[codes], index=values.index, name=values.name, dtype="str")
    return out


def _check_rows(raw: pd.DataFrame, path: Path, table: str) -> None:
    if len(raw) == 0:
        raise DataError(f"{path.name}: no rows (only a header); remove the file if the table {table!r} does not "
                        "apply to this client, or add rows — an empty export is usually a failed download")


def read_table(
    path: str | os.PathLike[str],
    table: str,
    *,
    timezone: str = "UTC",
    encoding: str | None = None,
    sep: str | None = None,
    pseudonym_key: str | bytes | None = None,
) -> pd.DataFrame:
    """Read one table file (``.csv`` or ``.parquet``), validate it and pseudonymise user ids.

    A file with a header and no rows is a ``DataError`` ("no rows"): remove the file if the table
    does not apply (every table is optional), or add rows.
    """
    path = Path(path)
    if table not in TABLES:
        raise ParameterError(f"unknown table {table!r}; expected one of {sorted(TABLES)}")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            raw = pd.read_parquet(path)
        except Exception as exc:
            raise DataError(f"{path.name}: cannot be read as Parquet ({exc})") from None
        _check_rows(raw, path, table)
        df = validate(raw, table, timezone=timezone, file=path.name, default_decimal=".")
    elif suffix in (".csv", ".txt", ".tsv"):
        raw, info = read_csv_text(path, encoding=encoding, sep=sep)
        _check_rows(raw, path, table)
        # the text frame is ours and used no more: converted in place, column by column (peak memory)
        df = _validate(raw, table, timezone=timezone, file=path.name, first_line=info.first_line,
                       line_of=info.line_of, default_decimal=info.default_decimal, owned=True)
        del raw
        df.attrs["source"] = {"encoding": info.encoding, "separator": info.separator}
    else:
        raise ParameterError(f"{path.name}: expected a .csv or .parquet file")
    for col in _PSEUDONYMISED.get(table, ()):
        if col in df.columns:
            df[col] = pseudonymise(df[col], key=pseudonym_key)
    return df


def _table_files(folder: Path) -> Iterator[tuple[str, Path]]:
    for table in TABLES:
        found = [folder / f"{table}{ext}" for ext in (".csv", ".parquet") if (folder / f"{table}{ext}").is_file()]
        if len(found) > 1:
            raise DataError(f"{folder}: both {found[0].name} and {found[1].name} exist; keep one")
        if found:
            yield table, found[0]


@dataclass
class Dataset:
    """A loaded, validated dataset: ``meta`` plus one DataFrame per table present (else ``None``).

    ``notes`` lists the assumptions of the import that made the folder (``import_notes.json``
    written by ``socialroi import``: time zones, years, bases), empty for a folder made by hand.
    """

    meta: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    folder: Path | None = None
    notes: list[dict[str, Any]] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        if name in TABLES:
            return self.__dict__.get("tables", {}).get(name)
        raise AttributeError(name)

    @property
    def name(self) -> str:
        return str(self.meta.get("name"))

    def require(self, *tables: str, columns: dict[str, list[str]] | None = None) -> None:
        """Raise ``DataError`` naming every table (and column) that is needed but absent."""
        problems = []
        for t in tables:
            if t not in TABLES:
                raise ParameterError(f"unknown table {t!r}; expected one of {sorted(TABLES)}")
            if self.tables.get(t) is None:
                problems.append(f"table {t!r} is needed but absent (add {t}.csv to {self.folder or 'the dataset'})")
        for t, cols in (columns or {}).items():
            df = self.tables.get(t)
            if df is not None:
                miss = [c for c in cols if c not in df.columns]
                if miss:
                    problems.append(f"table {t!r} needs column(s) {miss}")
        if problems:
            raise DataError(problems)

    def summary(self) -> pd.DataFrame:
        """One row per table: rows, first and last date, columns."""
        rows = []
        for t, df in self.tables.items():
            first = last = None
            for c in ("published_at", "timestamp", "ordered_at", "date", "period"):
                if c in df.columns and df[c].notna().any():
                    first, last = df[c].min(), df[c].max()
                    break
            rows.append({"table": t, "rows": len(df), "first": first, "last": last,
                         "columns": ", ".join(map(str, df.columns))})
        return pd.DataFrame(rows, columns=["table", "rows", "first", "last", "columns"])

    def __repr__(self) -> str:
        parts = ", ".join(f"{t}={len(df)}" for t, df in self.tables.items())
        return f"Dataset({self.meta.get('name')!r}: {parts})"


def load_dataset(
    folder: str | os.PathLike[str],
    *,
    pseudonym_key: str | bytes | None = None,
    tables: list[str] | None = None,
) -> Dataset:
    """Load and validate a dataset folder.

    Parameters
    ----------
    folder : path
        Folder with ``dataset.yml`` and at least one table file (``posts.csv``, ``audience.csv``,
        ``mentions.csv``... each optional; the analyses that need an absent table say so).
    pseudonym_key : str or bytes, optional
        Key of the keyed hash applied to ``user_id`` columns (default: ``SOCIALROI_PSEUDONYM_KEY``,
        else a random per-process key).
    tables : list of str, optional
        Load only these tables.

    Returns
    -------
    Dataset
        Tables carry ``attrs["meta"]`` (the dataset metadata) so functions default to the own brand,
        currency and timezone.

    Raises
    ------
    DataError
        Listing the problems of every file, each naming the file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder (a dataset is a folder with dataset.yml and at least one table)")
    meta = read_meta(folder / "dataset.yml")
    problems: list[str] = []
    loaded: dict[str, pd.DataFrame] = {}
    files = dict(_table_files(folder))
    if not files:
        problems.append(f"{folder}: no table: a dataset needs dataset.yml and at least one table file "
                        f"({', '.join(t + '.csv' for t in TABLES)}, or .parquet)")
    notes = read_notes(folder / NOTES_FILE)
    wanted = tables or list(files)
    for table in wanted:
        if table not in files:
            continue
        try:
            df = read_table(files[table], table, timezone=meta["timezone"], pseudonym_key=pseudonym_key)
        except DataError as exc:
            problems.extend(p if p.startswith(files[table].name) else f"{files[table].name}: {p}" for p in exc.problems)
            continue
        df.attrs["meta"] = dict(meta)
        loaded[table] = df
    if problems:
        raise DataError(problems)
    return Dataset(meta=meta, tables=loaded, folder=folder, notes=notes)


NOTES_FILE = "import_notes.json"


def read_notes(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The assumptions recorded by ``socialroi import`` (``import_notes.json``); [] when absent."""
    import json

    path = Path(path)
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(f"{path.name}: not valid JSON ({exc}); delete it or import the exports again") from None
    items = data.get("assumptions") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(a, dict) and isinstance(a.get("kind"), str) for a in items):
        raise DataError(f"{path.name}: expected {{\"assumptions\": [{{\"kind\": ...}}, ...]}} as written by "
                        "socialroi import; delete it or import the exports again")
    return items


# ----------------------------------------------------------------------------------------------
# Samples
# ----------------------------------------------------------------------------------------------

def _samples_root() -> Path:
    return Path(str(resources.files("socialroi") / "sample_data"))


def list_samples() -> list[str]:
    """Names of the bundled sample datasets."""
    root = _samples_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "dataset.yml").is_file())


def sample_path(name: str) -> Path:
    """Folder of a bundled sample dataset."""
    names = list_samples()
    if name not in names:
        raise ParameterError(f"unknown sample {name!r}; bundled samples: {names}")
    return _samples_root() / name


def load_sample(name: str, **kwargs: Any) -> Dataset:
    """Load a bundled sample dataset (see ``list_samples()``)."""
    return load_dataset(sample_path(name), **kwargs)
