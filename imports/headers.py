"""Matching a file's header row to the fields an import reads: the one place for every import.

Why one: the audit, caseload, catalogue and dataset imports each matched their headers their
own way, with three wordings for an unknown column and three for a missing one, and a column
given twice was read first, last or not at all depending on the file. Here a header is
matched tolerantly - whatever its case, spaces, underscores, punctuation and a colon at its
end ("No. of Allocations", "no_of_allocations", "NoOfAllocations", "Ref.:") - to a column's
own headers and its known aliases, or to a pattern standing for a family of headers (the
dataset's "12-mnth avg", "% change from Aug-21"). Every import then says the same thing in
the same words:

- a column no field reads: a warning, the column is not read (:func:`unknown_column`);
- a field's column given twice: a warning, only the first is read (:func:`repeated_column`);
- a required column missing: an error naming the headers it may have (:func:`missing_column`).

The layout of a file (where its header row is, which cells are months) stays with the
importer that knows it; only the matching of names to fields is here.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from imports.plans import Problem, Severity
from imports.tables_io import SheetRow

HEADER_SPACES = re.compile(r"[\s_]+")
NOT_WORD = re.compile(r"[^\w%]+")


def header_key(text: str) -> str:
    """A header as a pattern is compared with it: case-insensitive, runs of spaces and
    underscores as one space, a colon at the end dropped (``No. of Allocations`` and
    ``no_of_allocations`` are ``no. of allocations``; ``Commentary:`` is ``commentary``)."""
    return HEADER_SPACES.sub(" ", text).strip().lower().rstrip(":").strip()


def loose_key(text: str) -> str:
    """A header as a column's own headers and aliases are compared with it: as
    :func:`header_key`, with punctuation read as a space (``No. of allocations``,
    ``No of Allocations`` and ``no-of-allocations`` alike; ``%`` is kept)."""
    return " ".join(NOT_WORD.sub(" ", header_key(text).replace("_", " ")).split())


def compact_key(text: str) -> str:
    """:func:`loose_key` with no spaces at all: how a column's own headers and aliases are
    compared, so that ``ChildUniqueID``, ``Child Unique ID`` and ``CHILD_UNIQUE_ID`` are one
    header (case-management extracts close up or underscore the words of Ofsted's headers)."""
    return loose_key(text).replace(" ", "")


@dataclass(frozen=True)
class Column:
    """A field an import reads, and the headers it is read from.

    ``headers`` are its header and known aliases, compared by :func:`compact_key` (the field's
    name alone when none are given); ``pattern`` instead stands for a family of headers,
    matched in full against :func:`header_key`. ``many``: any number of columns may be this
    one (columns the dataset lists but never reads), so a second is no repeat.
    """

    name: str
    headers: tuple[str, ...] = ()
    pattern: re.Pattern | None = None
    required: bool = False
    many: bool = False

    @property
    def written(self) -> tuple[str, ...]:
        return self.headers or (self.name,)

    def matches(self, key: str, compact: str) -> bool:
        if self.pattern is not None:
            return bool(self.pattern.fullmatch(key))
        return compact in {compact_key(header) for header in self.written}


def columns_named(names: Iterable[str], *, required: Iterable[str] = ()) -> tuple[Column, ...]:
    """Columns headed by their field names alone (``case_reference``), ``required`` ones
    marked so."""
    required = set(required)
    return tuple(Column(name, required=name in required) for name in names)


def unknown_column(header: str, *, file: str) -> str:
    return f'Column "{header}" is not a column of {file}; it was not read.'


def repeated_column(header: str, *, first: str) -> str:
    return f'Column "{header}" repeats column "{first}"; only the first is read.'


def missing_column(column: Column) -> str:
    headed = " or ".join(f'"{header}"' for header in column.written)
    return f"The header row has no {column.name.replace('_', ' ')} column (headed {headed})."


@dataclass
class Headers:
    """A header row as matched: where each field is and how the file heads it.

    ``index`` and ``written`` hold a field's first column; ``matched`` every matched column
    in the row's order as (index, header, field); ``unmatched`` the headed columns no field
    matches, for the importer to read (the dataset's months) or call unknown; ``repeated``
    the columns that repeat a field, not read; ``problems`` what the row's reader is told.
    """

    line: int | None
    file: str
    index: dict[str, int] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    matched: list[tuple[int, str, str]] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)
    repeated: list[tuple[int, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def place(self, name: str, index: int, header: str) -> bool:
        """Read column ``index`` as field ``name``, unless an earlier column is that field:
        then it is a repeat, a warning, and False."""
        if name in self.index:
            self.repeated.append((index, header))
            self._warn(header, repeated_column(header, first=self.written[name]))
            return False
        self.index[name], self.written[name] = index, header
        return True

    def unknown(self, index: int, header: str) -> None:
        """Column ``index`` is read as no field: a warning naming it."""
        self._warn(header, unknown_column(header, file=self.file))

    def cell(self, row: SheetRow, name: str) -> str:
        """The row's cell of field ``name``, stripped; "" when the file has no such column."""
        index = self.index.get(name)
        if index is None or index >= len(row.cells):
            return ""
        return row.cells[index].strip()

    def _warn(self, header: str, message: str) -> None:
        self.problems.append(
            Problem(message, line=self.line, column=header, severity=Severity.WARNING)
        )


def match_headers(
    cells: Sequence[str],
    *,
    columns: Sequence[Column],
    file: str,
    line: int | None = None,
    report_unknown: bool = True,
) -> Headers:
    """Match a header row's ``cells`` to ``columns``: the first column whose headers match a
    cell is its field (so the order of ``columns`` settles a header two patterns match).

    ``file`` names the file in messages ("an audit file"). Unless ``report_unknown`` is
    False (the importer reads some unmatched columns itself and calls
    :meth:`Headers.unknown` for the rest), each unmatched column is a warning; each required
    column missing is an error.
    """
    headers = Headers(line=line, file=file)
    for index, text in enumerate(cells):
        if not text.strip():
            continue
        key, compact = header_key(text), compact_key(text)
        column = next((column for column in columns if column.matches(key, compact)), None)
        if column is None:
            headers.unmatched.append((index, text))
        elif column.many or headers.place(column.name, index, text):
            headers.matched.append((index, text, column.name))
    if report_unknown:
        for index, text in headers.unmatched:
            headers.unknown(index, text)
    for column in columns:
        if column.required and column.name not in headers.index:
            headers.missing.append(column.name)
            headers.problems.append(Problem(missing_column(column), line=line))
    return headers
