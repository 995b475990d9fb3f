"""Exceptions raised by socialroi.

``DataError`` is for problems in the data (a file, a table, a column, values);
``ParameterError`` is for arguments a caller passed that cannot be used.
Both subclass ``ValueError`` so ``except ValueError`` still catches them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["DataError", "ParameterError", "Problem", "describe_rows"]

_MAX_SHOWN = 5


def describe_rows(
    rows: Sequence[Any], values: Sequence[Any] | None = None, *, limit: int = _MAX_SHOWN, total: int | None = None,
    word: str = "row",
) -> str:
    """Render the first offending rows (and their values) as a short readable string.

    Rows are shown as given (the caller decides whether they are file line numbers or index
    labels). ``describe_rows([3, 9, 11], ["x", "-1", ""])`` → ``rows 3, 9, 11 (values 'x', '-1', '')``;
    ``word="line"`` → ``lines 3, 9, 11 ...`` (file lines of a text file).
    """
    rows = list(rows)
    n = len(rows) if total is None else total
    shown = ", ".join(str(r) for r in rows[:limit])
    more = f" and {n - limit} more" if n > limit else ""
    word = word if n == 1 else word + "s"
    text = f"{word} {shown}{more}"
    if values is not None:
        vals = ", ".join(repr(_plain(v)) for v in list(values)[:limit])
        text += f" (values {vals})"
    return text


def _plain(v: Any) -> Any:
    """Turn numpy scalars into plain Python values so repr() is readable."""
    try:
        return v.item()  # numpy scalar
    except AttributeError:
        return v


class Problem(str):
    """One readable problem; a ``str`` with optional structured fields.

    Fields: ``file``, ``table``, ``column``, ``rows`` (list), ``values`` (list), ``expected``.
    """

    file: str | None
    table: str | None
    column: str | None
    rows: list[Any]
    values: list[Any]
    expected: str | None

    def __new__(
        cls,
        message: str,
        *,
        file: str | None = None,
        table: str | None = None,
        column: str | None = None,
        rows: Iterable[Any] = (),
        values: Iterable[Any] = (),
        expected: str | None = None,
    ) -> Problem:
        obj = super().__new__(cls, message)
        obj.file = file
        obj.table = table
        obj.column = column
        obj.rows = list(rows)
        obj.values = list(values)
        obj.expected = expected
        return obj


class DataError(ValueError):
    """The data cannot be used as it is.

    ``problems`` lists every problem found (readable strings, each naming the file or table,
    the column, the first offending rows and values, and what was expected), not just the first.
    """

    def __init__(self, problems: str | Iterable[str], *, file: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [problems]
        self.problems: list[str] = list(problems)
        self.file = file
        head = f"{file}: " if file else ""
        if len(self.problems) == 1:
            msg = head + self.problems[0]
        else:
            msg = head + f"{len(self.problems)} problems:\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(msg)


class ParameterError(ValueError):
    """An argument passed to a socialroi function cannot be used."""
