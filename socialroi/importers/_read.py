"""Raw readers: turn the bytes of an export into grids of cells (private).

A *grid* is a list of rows (lists of cells); a cell is ``str``, ``int``/``float`` or ``None``.
Date cells of workbooks become ISO strings (``2020-07-01T00:00:00``) so that one date parser
serves every format. Nothing here knows about platforms: detection happens in ``_detect``.

Formats: CSV/TSV text (through ``socialroi._read``, the one reader of every delimited file: strict
decoding, an Excel ``sep=`` first line honoured, the delimiter sniffed), ``.xlsx`` (openpyxl),
legacy BIFF ``.xls`` (xlrd), SpreadsheetML 2003 XML saved as ``.xls`` (stdlib ``xml``), and ``.zip``
archives of those (YouTube / TikTok / Meta downloads).
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from .. import _read as _textread
from ..errors import DataError

__all__: list[str] = []

_SS_NS = "urn:schemas-microsoft-com:office:spreadsheet"
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
BOOK_SUFFIXES = {".xls", ".xlsx", ".xlsm"}
ARCHIVE_SUFFIXES = {".zip"}
SUFFIXES = TEXT_SUFFIXES | BOOK_SUFFIXES | ARCHIVE_SUFFIXES


HEAD_ROWS = 42  # rows read first to find the header (detection scans 40 + a description row)


@dataclass
class _Sheet:
    """One grid read from a file: a CSV file, or one worksheet of a workbook.

    ``head`` holds the first rows (enough to recognise the family); ``rows`` the whole grid, read
    on first use for lazy sources (large workbooks whose other sheets are never needed).
    """

    name: str  # file name, plus " › sheet" for workbooks
    sheet: str | None
    data: list[list[Any]] | None = None
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    head: list[list[Any]] = field(default_factory=list)
    loader: Any = None
    lines: list[int] | None = None  # file line of each row (text files); None: row number = index + 1

    def row_label(self, index: int) -> int:
        """File line (text) or sheet row (workbooks) of grid row ``index`` (0-based)."""
        if self.lines is not None and 0 <= index < len(self.lines):
            return self.lines[index]
        return index + 1

    @property
    def row_word(self) -> str:
        return "line" if self.lines is not None else "row"

    def __post_init__(self) -> None:
        if self.data is not None and not self.head:
            self.head = self.data[:HEAD_ROWS]

    @property
    def rows(self) -> list[list[Any]]:
        if self.data is None:
            self.data = self.loader()
        return self.data


def read_grids(name: str, data: bytes, *, encoding: str | None = None) -> list[_Sheet]:
    """Every grid of the file ``name`` whose bytes are ``data`` (``encoding``: of text files)."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in ARCHIVE_SUFFIXES or data[:4] == b"PK\x03\x04" and suffix not in {".xlsx", ".xlsm"}:
        return _read_zip(name, data, encoding=encoding)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(name, data)
    if suffix == ".xls":
        head = data[:2048].lstrip()
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:].lstrip()
        if head.startswith(b"<?xml") or head.startswith(b"<Workbook"):
            return _read_spreadsheetml(name, data)
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return _read_biff(name, data)
        if data[:4] == b"PK\x03\x04":
            return _read_xlsx(name, data)
        # some tools save HTML or CSV under .xls: fall through to text
    return [_read_text(name, data, encoding=encoding)]


# ----------------------------------------------------------------------------- text
def _read_text(name: str, data: bytes, *, encoding: str | None = None) -> _Sheet:
    """A delimited text file through socialroi's one reader (``socialroi._read``): strict decoding,
    the ``sep=`` line, the delimiter sniffed, and the file line on which each grid row starts."""
    text, codec = _textread.decode(data, name=name, encoding=encoding)
    notes = [f"encoding {_textread.encoding_name(codec)}"]
    first_line = 1
    delimiter = None
    first, newline, rest = text.partition("\n")
    hint = _textread.sep_hint(first)
    if hint is not None:
        delimiter, text, first_line = hint, rest, 2
        notes.append(f"'sep={delimiter}' line honoured")
    if delimiter is None:
        delimiter = _textread.sniff_delimiter(text[:20000].splitlines())
    notes.append("delimiter " + {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}.get(delimiter, repr(delimiter)))
    rows, lines = _textread.records(text, delimiter, name=name, first_line=first_line)
    if rows and rows[0]:
        rows[0] = [c.replace("\ufeff", "") for c in rows[0]]
    return _Sheet(name=name, sheet=None, data=rows, encoding=codec, delimiter=delimiter, notes=notes, lines=lines)


# ----------------------------------------------------------------------------- workbooks
def _cell(v: Any) -> Any:
    if isinstance(v, _dt.datetime):
        return v.isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, _dt.time):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def _open_xlsx(data: bytes) -> Any:
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def _read_xlsx(name: str, data: bytes) -> list[_Sheet]:
    try:
        wb = _open_xlsx(data)
    except Exception as exc:  # openpyxl raises many kinds
        raise DataError(f"cannot be opened as an .xlsx workbook: {exc}", file=name) from exc
    out = []
    lazy = False
    for ws in wb.worksheets:
        head = [[_cell(v) for v in r] for r in ws.iter_rows(max_row=HEAD_ROWS, values_only=True)]
        sheet = _Sheet(name=f"{name} › {ws.title}", sheet=ws.title, head=head, notes=["xlsx workbook"],
                       loader=(lambda ws=ws: [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]))
        if len(head) < HEAD_ROWS:  # the whole sheet is already read
            sheet.data = head
        else:
            lazy = True
        out.append(sheet)
    if not lazy:
        wb.close()
    # otherwise the read-only workbook stays open (in memory, no file handle) for the lazy loaders
    return out


def _read_biff(name: str, data: bytes) -> list[_Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data)
    except Exception as exc:
        raise DataError(f"cannot be opened as a legacy .xls workbook: {exc}", file=name) from exc
    out = []
    for sh in book.sheets():
        rows = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate_as_datetime(cell.value, book.datemode).isoformat())
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append(None)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    row.append(None)
                elif isinstance(cell.value, float) and cell.value.is_integer() and abs(cell.value) < 2**53:
                    row.append(int(cell.value))
                else:
                    row.append(cell.value)
            rows.append(row)
        out.append(_Sheet(name=f"{name} › {sh.name}", sheet=sh.name, data=rows, notes=["legacy BIFF .xls workbook"]))
    return out


def _read_spreadsheetml(name: str, data: bytes) -> list[_Sheet]:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise DataError(f"looks like SpreadsheetML XML but cannot be parsed: {exc}", file=name) from exc
    except LookupError as exc:  # a damaged XML declaration names an encoding that does not exist
        raise DataError(f"looks like SpreadsheetML XML but its declaration names an unknown encoding ({exc})",
                        file=name) from exc
    ns = {"ss": _SS_NS}
    q = f"{{{_SS_NS}}}"
    out = []
    for ws in root.findall("ss:Worksheet", ns):
        title = ws.get(q + "Name") or "Sheet"
        rows: list[list[Any]] = []
        for row in ws.findall("ss:Table/ss:Row", ns):
            idx = row.get(q + "Index")
            if idx is not None:
                while len(rows) < int(idx) - 1:
                    rows.append([])
            cells: list[Any] = []
            for cell in row.findall("ss:Cell", ns):
                cidx = cell.get(q + "Index")
                if cidx is not None:
                    while len(cells) < int(cidx) - 1:
                        cells.append(None)
                d = cell.find("ss:Data", ns)
                value: Any = None
                if d is not None:
                    kind = d.get(q + "Type")
                    text = "".join(d.itertext())
                    if kind == "Number":
                        try:
                            f = float(text)
                            value = int(f) if f.is_integer() and abs(f) < 2**53 else f
                        except ValueError:
                            value = text
                    elif kind == "Boolean":
                        value = int(text.strip() in {"1", "true", "True"})
                    else:  # String, DateTime (already ISO), Error
                        value = text
                cells.append(value)
                for _ in range(int(cell.get(q + "MergeAcross") or 0)):
                    cells.append(None)
            rows.append(cells)
        out.append(_Sheet(name=f"{name} › {title}", sheet=title, data=rows, notes=["SpreadsheetML 2003 XML workbook"]))
    if not out:
        raise DataError("SpreadsheetML workbook without worksheets", file=name)
    return out


def _read_zip(name: str, data: bytes, *, encoding: str | None = None) -> list[_Sheet]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DataError(f"cannot be opened as a zip archive: {exc}", file=name) from exc
    out = []
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            member = PurePosixPath(info.filename)
            if info.is_dir() or member.name.startswith(".") or "__MACOSX" in member.parts:
                continue
            if member.suffix.lower() not in SUFFIXES - ARCHIVE_SUFFIXES:
                continue
            out.extend(read_grids(f"{name}/{info.filename}", zf.read(info), encoding=encoding))
    return out
