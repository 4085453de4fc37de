"""Reading a cohort of applicants from a CSV file, the way HR staff produce one.

Accepts UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"), Excel's older
Windows-1252 "CSV (comma delimited)", and semicolon- or tab-separated files (Excel in many
European locales) — the delimiter is sniffed. Header names are matched loosely ("Applicant ID",
"applicant_id" and "ID" are the same column). A bad row does not stop the others: it comes
back as a :class:`RowError` with its line number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

from ...core.errors import FormkitError
from ...core.inputs import regular_file
from ...core.naming import slug
from ...core.suggest import did_you_mean

MAX_BYTES = 50 * 1024 * 1024
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "applicant_id", "candidate_id", "number"),
    "name": ("name", "applicant_name", "full_name", "applicant", "candidate_name"),
    "credential": ("credential", "credential_sought"),
    "organisation": ("organisation", "organization", "org", "agency", "employer"),
}
REQUIRED = ("id", "name")
MAXLEN = {"id": 60, "name": 120, "credential": 120, "organisation": 120}
PLACEHOLDERS = ("id", "name", "credential", "organisation", "line")


@dataclass(frozen=True)
class Applicant:
    line: int
    id: str
    name: str
    credential: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    hint: str = ""


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def _decode(data: bytes, path: str) -> str:
    if b"\x00" in data[:4096]:
        raise FormkitError("this is not a CSV text file (it looks like a spreadsheet or UTF-16 file)", path=path,
                           hint="In Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)'")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV (Comma delimited)" on Windows


def read_applicants(path: str | Path) -> Iterator[Applicant | RowError]:
    """Yield each data row as an Applicant, or a RowError naming its line; bad files raise FormkitError."""
    p = Path(path)
    text = _read_text(p)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise FormkitError("the file is empty", path=str(p), hint="Add a header row: id,name,organisation") from None
    columns = _header_columns(header, p)
    seen: dict[str, int] = {}
    last_line = reader.line_num
    for row in reader:
        line = last_line + 1
        last_line = reader.line_num
        if any(cell.strip() for cell in row):
            yield _row(line, row, header, columns, seen)


def _read_text(p: Path) -> str:
    """The whole file as text: a regular file under MAX_BYTES, decoded (see _decode)."""
    size = regular_file(p, "applicants CSV", hint="Give a CSV file saved on disk to --applicants").st_size
    try:
        if size > MAX_BYTES:
            raise FormkitError(f"the file is too large ({size // 1048576} MB)", path=str(p),
                               hint="Split the cohort into files under 50 MB")
        return _decode(p.read_bytes(), str(p))
    except OSError as exc:
        raise FormkitError(f"cannot read the file ({exc.strerror or exc})", path=str(p),
                           hint="Check the path given to --applicants") from None


def _header_columns(header: list[str], p: Path) -> dict[str, int]:
    """Each known column's index (first match of its aliases); a missing required one is an error."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        key = _norm(raw)
        for canonical, aliases in COLUMNS.items():
            if key in aliases and canonical not in columns:
                columns[canonical] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        known = [_norm(h) for h in header if h.strip()]
        close = did_you_mean(missing[0], known)
        raise FormkitError(f"no '{missing[0]}' column in the header (found: {', '.join(h.strip() for h in header)})",
                           path=str(p), key="line 1",
                           hint=close or "The first row must name the columns, e.g. id,name,organisation")
    return columns


def _row(line: int, row: list[str], header: list[str], columns: dict[str, int],
         seen: dict[str, int]) -> Applicant | RowError:
    """One non-blank data row checked: the applicant, or the first problem with its line (ids go in ``seen``)."""
    if len(row) > len(header):
        return RowError(line, f"{len(row)} values but the header has {len(header)} columns",
                        "Check for an unquoted comma or semicolon in a name")
    values = {k: (row[i].strip() if i < len(row) else "") for k, i in columns.items()}
    bad = next((k for k in REQUIRED if not values[k]), None)
    if bad:
        return RowError(line, f"the '{bad}' column is empty", f"Fill in the applicant's {bad}")
    long = next((k for k, v in values.items() if len(v) > MAXLEN[k]), None)
    if long:
        return RowError(line, f"the '{long}' value is {len(values[long])} characters long",
                        f"Keep it to {MAXLEN[long]} characters")
    control = next((k for k, v in values.items() if any(unicodedata.category(ch) == "Cc" for ch in v)), None)
    if control:
        return RowError(line, f"the '{control}' value contains a line break or control character",
                        "Keep each value on one line")
    if values["id"] in seen:
        return RowError(line, f"applicant id '{values['id']}' is already used on line {seen[values['id']]}",
                        "Give every applicant their own id")
    seen[values["id"]] = line
    return Applicant(line, values["id"], values["name"], values.get("credential", ""), values.get("organisation", ""))


def check_pattern(pattern: str) -> None:
    """Raise a FormkitError unless ``pattern`` only uses known {placeholders}."""
    try:
        fields = [(f, spec, conv) for _, f, spec, conv in Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise FormkitError(f"bad file-name pattern ({exc})", key="--name-pattern",
                           hint="Use placeholders like {id}-{name}") from None
    for name, spec, conv in fields:
        # '{id:>99999999999}' pads each name to gigabytes, '{id:{name}}' nests; only plain fields are safe
        if spec or conv:
            shown = "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
            raise FormkitError(f"'{shown}' in the file-name pattern has a format code ('!' or ':')",
                               key="--name-pattern", hint="Use plain placeholders like {id}-{name}")
    names = [name for name, _, _ in fields]
    for name in names:
        if name not in PLACEHOLDERS:
            raise FormkitError(f"unknown placeholder '{{{name}}}' in the file-name pattern", key="--name-pattern",
                               hint=(did_you_mean(name, PLACEHOLDERS) or "") +
                               f" Placeholders: {', '.join('{' + n + '}' for n in PLACEHOLDERS)}")
    if not names:
        raise FormkitError("the file-name pattern has no placeholder, so every file would get the same name",
                           key="--name-pattern", hint="Use placeholders like {id}-{name}")


class _Slugged(dict[str, str]):
    """The applicant's values, each made a file-name part only when the pattern names it."""

    def __getitem__(self, key: str) -> str:
        return slug(super().__getitem__(key))


def file_stem(pattern: str, applicant: Applicant) -> str:
    parts = {"id": applicant.id, "name": applicant.name, "credential": applicant.credential,
             "organisation": applicant.organisation, "line": str(applicant.line)}
    stem = slug(pattern.format_map(_Slugged(parts)))
    return stem or f"applicant-{applicant.line}"
