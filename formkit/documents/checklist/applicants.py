"""Reading a cohort of applicants from a CSV file, the way HR staff produce one.

Accepts what Excel and LibreOffice save (UTF-8 or Windows-1252, comma, semicolon or tab: see
formkit.core.csvtext). Header names are matched loosely ("Applicant ID",
"applicant_id" and "ID" are the same column). A bad row does not stop the others: it comes
back as a :class:`RowError` with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

from ...core.csvtext import read_table
from ...core.errors import FormkitError
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
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # exactly Unicode's category Cc, one search per value


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


def read_applicants(path: str | Path) -> Iterator[Applicant | RowError]:
    """Yield each data row as an Applicant, or a RowError naming its line; bad files raise FormkitError."""
    table = read_table(Path(path), "applicants CSV", option="--applicants", max_bytes=MAX_BYTES, aliases=COLUMNS,
                       required=REQUIRED, example="id,name,organisation")
    seen: dict[str, int] = {}
    for line, row in table.rows:
        yield _row(line, row, table.header, table.columns, seen)


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
    control = next((k for k, v in values.items() if _CONTROL.search(v)), None)
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
