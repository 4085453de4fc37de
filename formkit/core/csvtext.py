"""Reading a CSV file the way spreadsheets and HR systems save one: the bytes, the encoding, the delimiter.

Every CSV a user gives formkit (a cohort of applicants, a continuing-education ledger) comes
from Excel, LibreOffice or an export, so each reader accepts the same: UTF-8 with or without a
byte-order mark (Excel's "CSV UTF-8"), Excel's older Windows-1252 "CSV (comma delimited)", and
semicolon- or tab-separated files (Excel in many European locales): the delimiter is sniffed.
A file that is not text (a renamed .xlsx, UTF-16) is refused in one line, and so is a file
over the reader's size limit, before it is read into memory.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import FormkitError
from .inputs import regular_file
from .suggest import did_you_mean

SAVE_AS_CSV = "In Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)'"


def decode(data: bytes, path: str) -> str:
    """The file's text: UTF-8 (a byte-order mark dropped), else Windows-1252; not text at all is an error."""
    if b"\x00" in data[:4096]:
        raise FormkitError("this is not a CSV text file (it looks like a spreadsheet or UTF-16 file)", path=path,
                           hint=SAVE_AS_CSV)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV (Comma delimited)" on Windows


def read_csv_text(path: Path, what: str, *, option: str, max_bytes: int) -> str:
    """The whole file as text: a regular file under ``max_bytes``, decoded (see :func:`decode`).

    ``what`` names the input ('applicants CSV'), ``option`` where it was given ('--applicants').
    """
    size = regular_file(path, what, hint=f"Give a CSV file saved on disk to {option}").st_size
    try:
        if size > max_bytes:
            raise FormkitError(f"the file is too large ({size // 1048576} MB)", path=str(path),
                               hint=f"Split it into files under {max_bytes // 1048576} MB")
        return decode(path.read_bytes(), str(path))
    except OSError as exc:
        raise FormkitError(f"cannot read the file ({exc.strerror or exc})", path=str(path),
                           hint=f"Check the path given to {option}") from None


def rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every row, the header first, with the delimiter sniffed.

    The line number is the row's first line in the file (a quoted cell may span lines), as a
    spreadsheet shows it, so an error can name the row a person must fix.
    """
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    last_line = 0
    for row in reader:
        yield last_line + 1, row
        last_line = reader.line_num


def column_key(header: str) -> str:
    """A header as compared: "Applicant ID", "applicant_id" and "applicant-id" are the same column."""
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


@dataclass(frozen=True)
class Table:
    """A CSV's header, where each known column is, and its non-blank data rows (read as they are used)."""

    header: list[str]
    columns: dict[str, int]  # canonical name -> index
    rows: Iterator[tuple[int, list[str]]]


def read_table(path: Path, what: str, *, option: str, max_bytes: int, aliases: Mapping[str, Sequence[str]],
               required: Sequence[str], example: str) -> Table:
    """The file's header matched to ``aliases`` (first match of each wins); an empty file or a missing
    ``required`` column is one error naming the file, with ``example`` (e.g. "id,name") as the fix."""
    lines = rows(read_csv_text(path, what, option=option, max_bytes=max_bytes))
    try:
        _, header = next(lines)
    except StopIteration:
        raise FormkitError("the file is empty", path=str(path), hint=f"Add a header row: {example}") from None
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        for canonical, names in aliases.items():
            if column_key(raw) in names and canonical not in columns:
                columns[canonical] = index
    missing = [c for c in required if c not in columns]
    if missing:
        found = ", ".join(h.strip() for h in header if h.strip()) or "nothing"
        close = did_you_mean(missing[0], [column_key(h) for h in header if h.strip()])
        raise FormkitError(f"no '{missing[0]}' column in the header (found: {found})", path=str(path), key="line 1",
                           hint=close or f"The first row must name the columns, e.g. {example}")
    return Table(header, columns, ((n, row) for n, row in lines if any(cell.strip() for cell in row)))
