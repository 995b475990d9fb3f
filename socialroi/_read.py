"""One reader for every delimited text file (private).

``socialroi.io`` (dataset tables) and ``socialroi.importers`` (platform exports) both read CSV-like
files through this module, so that encodings, the Excel ``sep=`` line, the delimiter and file line
numbers are decided once, the same way, everywhere. (Numbers written the French way are parsed by
one function too: ``socialroi.schema.parse_numbers``.)

Decoding is strict: a byte that cannot be read is a ``DataError`` naming the file, the line and
the byte; text is never decoded with ``errors="replace"``, so no U+FFFD replacement character can
appear in what socialroi reads. The rules, in order:

1. a byte-order mark decides (UTF-8, UTF-16 LE/BE);
2. NUL bytes in the first 4 KB: UTF-16 without a mark (every other byte zero), else not text;
3. UTF-8 when the whole file is valid UTF-8;
4. a file that holds valid multi-byte UTF-8 characters *and* bytes that are not UTF-8 was put
   together from two encodings (or damaged): error at the first bad byte, never a silent guess;
5. otherwise Windows-1252 (Excel's "CSV" on a French Windows), unless the file holds one of the five
   bytes that have no meaning in Windows-1252 (error at the first of them).

``encoding=`` forces a codec (decoded strictly too).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Sequence

import numpy as np

from .errors import DataError

__all__: list[str] = []

#: Candidate delimiters, in the order that wins a tie.
DELIMITERS = (";", "\t", ",", "|")
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")  # no character in Windows-1252
_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE",
          "utf-16-be": "UTF-16 BE", "cp1252": "Windows-1252"}


def _line_of(data: bytes, pos: int, encoding: str) -> int:
    """1-based line of byte ``pos`` (the prefix before it is valid in ``encoding``)."""
    if encoding.startswith("utf-16"):
        prefix = data[: pos - pos % 2]
        codec = encoding if encoding != "utf-16" else ("utf-16-be" if prefix[:2] == b"\xfe\xff" else "utf-16-le")
        text = prefix.decode(codec, errors="ignore")  # only counted, never returned
        return text.count("\n") + 1
    return data.count(b"\n", 0, pos) + 1


def _bad_byte(name: str, data: bytes, pos: int, encoding: str, why: str) -> DataError:
    byte = data[pos:pos + 1]
    shown = f"0x{byte[0]:02X}" if byte else "end of file"
    return DataError(f"line {_line_of(data, pos, encoding)}, byte {pos} ({shown}): {why}", file=name)


def detect_encoding(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """The codec of ``data`` by the rules of the module docstring, checked on the whole file.

    Raises ``DataError`` (file, line and byte) when a byte cannot be read. Decoding the text is left
    to the caller (``decode``), so a large Windows-1252 file can be transcoded by a faster parser.
    """
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise DataError(f"unknown encoding {encoding!r}", file=name) from None
        try:
            data.decode(codec)
        except UnicodeDecodeError as exc:
            raise _bad_byte(name, data, exc.start, codec, f"not valid {encoding} ({exc.reason})") from None
        return codec
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _bad_byte(name, data, exc.start + 3, "utf-8",
                            "not valid UTF-8, although the file starts with a UTF-8 byte-order mark") from None
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _bad_byte(name, data, exc.start + 2, "utf-16",
                            "not valid UTF-16, although the file starts with a UTF-16 byte-order mark") from None
        return "utf-16"
    head = data[:4096]
    if b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        for guess, ok in (("utf-16-le", odd > len(head) * 0.3 and even == 0),
                          ("utf-16-be", even > len(head) * 0.3 and odd == 0)):
            if ok:
                try:
                    data.decode(guess)
                except UnicodeDecodeError as exc:
                    raise _bad_byte(name, data, exc.start, guess, f"looks like {_NAMES[guess]} but is not valid") from None
                return guess
        raise DataError("not a text file (binary content: is it a spreadsheet saved with a .csv name? "
                        "Save it as CSV, UTF-8 or Windows-1252)", file=name)
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Any valid multi-byte UTF-8 character in the file? Decoded with errors="ignore", the invalid
    # bytes vanish and each valid multi-byte sequence leaves a non-ASCII character: one pass in C over
    # the whole file (instead of a regular expression, ~15 times slower), into a compact ASCII
    # string when there is none (half the time and memory of counting with surrogateescape).
    if not data.decode("utf-8", errors="ignore").isascii():
        raise _bad_byte(name, data, first_bad, "utf-8",
                        "not valid UTF-8, while other characters of the file are UTF-8 (a file put together "
                        "from two encodings, or damaged): re-save it as UTF-8, or pass encoding= if you know it")
    undefined = [p for p in (data.find(b) for b in _CP1252_UNDEFINED) if p >= 0]
    if undefined:
        raise _bad_byte(name, data, min(undefined), "cp1252",
                        "neither UTF-8 nor Windows-1252 text (this byte has no meaning in Windows-1252); "
                        "re-save the file as UTF-8, or pass encoding=")
    return "cp1252"


def decode(data: bytes, *, name: str, encoding: str | None = None, head: int | None = None) -> tuple[str, str]:
    """``(text, codec)``: ``data`` decoded strictly (see ``detect_encoding``).

    With ``head``, a Windows-1252 file is still checked whole but only its first ``head`` bytes are
    decoded (for callers that hand the bytes to a parser that transcodes them itself). A leading
    byte-order mark is not part of the text.
    """
    codec = detect_encoding(data, name=name, encoding=encoding)
    if codec == "cp1252" and head is not None and len(data) > head:
        return data[:head].decode("cp1252"), codec
    text = data.decode(codec)
    return (text[1:] if text.startswith("\ufeff") else text), codec


def encoding_name(codec: str) -> str:
    """Readable name of a codec, for reports ("Windows-1252", "UTF-16 LE")."""
    return _NAMES.get(codec, codec)


def sep_hint(line: str) -> str | None:
    """The delimiter an Excel ``sep=;`` line names (``","`` for a bare ``sep=``), or None."""
    s = line.strip().strip('"').strip()
    if s.lower().startswith("sep=") and len(s) <= 6:
        return s[4:5] or ","
    return None


def sniff_delimiter(lines: Sequence[str], candidates: Sequence[str] = DELIMITERS) -> str:
    """The delimiter that splits the sample lines most consistently (``,`` when none splits).

    For each candidate, the most frequent number of fields (above one) is weighted by how many lines
    share it and by the width itself; a tie goes to the earlier candidate (``;`` before ``,``, so a
    French file whose texts hold commas is read right).
    """
    sample = [ln for ln in lines if ln.strip()][:30]
    best, best_score = ",", -1.0
    for delim in candidates:
        try:
            counts = [len(r) for r in csv.reader(sample, delimiter=delim)]
        except csv.Error:
            continue
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        mode = max(sorted(set(wide)), key=wide.count)
        score = wide.count(mode) * (1 + min(mode, 50) / 50)
        if score > best_score:
            best, best_score = delim, score
    return best


def records(text: str, delimiter: str, *, name: str, first_line: int = 1) -> tuple[list[list[str]], list[int]]:
    """Every record of ``text`` (blank lines give ``[]``) and the file line each starts on.

    ``first_line`` is the file line of the first character of ``text``. A quoted value holding line
    breaks spans several lines: the next record starts after them, so line numbers stay right.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    starts: list[int] = []
    end = first_line - 1
    try:
        for row in reader:
            rows.append(row)
            starts.append(end + 1)
            end = first_line - 1 + reader.line_num
    except csv.Error as exc:
        raise DataError(f"line {end + 1}: cannot be read as delimited text ({exc})", file=name) from None
    return rows, starts


def data_lines(text: str, delimiter: str, *, header_line: int, first_line: int = 1) -> np.ndarray:
    """File line of each data record after the header at ``header_line``, blank lines skipped (as a
    fast parser that ignores empty lines numbers its rows)."""
    rows, starts = records(text, delimiter, name="", first_line=first_line)
    keep = [s for r, s in zip(rows, starts, strict=True) if s > header_line and r]
    return np.asarray(keep, dtype=np.int64)
