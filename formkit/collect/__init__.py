"""`formkit collect`: filled self-assessment forms in, one CSV and one JSON (and reports) out.

Library use::

    from formkit.collect import collect
    result = collect(["forms/"], catalog)      # CollectResult(responses, failures)
    csv_text = to_csv(result.responses)
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring  # what json.dumps(..., ensure_ascii=False) writes a str with
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog.model import Catalog
from ..core._memo import remember
from ..core.errors import FormkitError
from ..core.inputs import ON_DISK, not_regular
from ..runtime import csvout
from ..runtime import workers as _workers
from ..runtime.csvout import guard

if TYPE_CHECKING:
    from .read import ChecklistResponse, NotAForm, Response, UnreadablePdf

_READER_NAMES = ("ChecklistResponse", "NotAForm", "Response", "UnreadablePdf")


def __getattr__(name: str) -> Any:
    """The form reader (pikepdf, and patterns that take a tenth of a second to compile) is
    imported when a form is read, not when a report borrows this package's pages."""
    if name in _READER_NAMES:
        from . import read

        return getattr(read, name)
    raise AttributeError(name)


CSV_COLUMNS = ("file", "person", "role", "program", "date", "supervisor", "round", "category_id",
               "competency_id", "statement", "rating_value", "rating_label", "notes",
               "catalog_id", "catalog_version", "fingerprint", "form_check")


@dataclass
class CollectResult:
    responses: list[Response] = field(default_factory=list)
    checklists: list[ChecklistResponse] = field(default_factory=list)  # certification checklists read
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line reason)


def find_pdfs(paths: Iterable[str | Path], problems: list[tuple[str, str]] | None = None) -> list[Path]:
    """Every PDF named, or found (recursively) in the folders named, in a stable order.

    A folder that cannot be listed or opened is added to ``problems`` as (folder, one-line
    reason), so the caller reports and counts it instead of reading on as if it were empty.
    """
    found: list[Path] = []
    trouble = problems if problems is not None else []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(_walk(path, trouble))
        elif path.exists():
            found.append(path)
        else:
            raise FormkitError("no such file or folder", path=str(path),
                               hint="Name filled forms (PDF files) or folders that hold them")
    unique: dict[Path, None] = {}
    for p in found:
        unique.setdefault(p, None)
    if not unique and not trouble:
        raise FormkitError("no PDF files found", path=", ".join(str(p) for p in paths),
                           hint="Name filled forms (PDF files) or folders that hold them")
    return list(unique)


FOLDER_HINT = "Check the folder's permissions (formkit must be able to list and open it), or leave it out"


def _walk(folder: Path, problems: list[tuple[str, str]]) -> list[Path]:
    """The *.pdf entries under ``folder``, sorted; symlinked folders are not followed (no loops).

    Not rglob: it skips a folder it cannot list without a word, and raises on one it can list
    but not open. A pipe or a device named *.pdf is kept, to be skipped with its reason.
    """
    found: list[Path] = []
    first = len(problems)
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as exc:
            problems.append((str(current), f"this folder cannot be listed ({exc.strerror or exc}). {FOLDER_HINT}"))
            continue
        if entries and not os.access(current, os.X_OK):
            problems.append((str(current), "the files in this folder cannot be opened (it can be listed but "
                                           f"has no execute permission). {FOLDER_HINT}"))
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            elif entry.name.lower().endswith(".pdf") and not _links_to_folder(entry):
                found.append(Path(entry.path))
    problems[first:] = sorted(problems[first:])  # scandir's order is the disk's, not a stable one
    return sorted(found)


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # the link's target cannot be reached: read it as a file, and report why
        return False


def collect(paths: Sequence[str | Path], catalog: Catalog,
            progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None, *,
            jobs: int | None = None) -> CollectResult:
    """Read every form; an unreadable, locked or foreign PDF becomes a failure, not an exception.

    Every Response is kept in the result: for a large folder, :func:`read_forms` (and
    :mod:`formkit.collect.stream`, which writes as it reads) keep memory flat instead.
    """
    problems: list[tuple[str, str]] = []
    files = find_pdfs(paths, problems)
    result = CollectResult()
    for path, outcome in read_forms(files, catalog, progress, jobs=jobs):
        _file(result, path, outcome)
    result.failures[:0] = problems  # folders first: they explain files that are missing below
    return result


def read_forms(files: Sequence[Path], catalog: Catalog,
               progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None, *,
               jobs: int | None = None, encode: Callable[[Response | ChecklistResponse, Catalog], Any] | None = None,
               hashed: bool = False, started: Callable[[], None] | None = None) -> Iterator[tuple[Path, Any]]:
    """Each file with its outcome (a Response, or the one-line reason it could not be read), in
    the order of ``files``, as soon as it is read; nothing is kept after it is yielded.

    Large batches are read by worker processes, one per CPU (``jobs`` caps them; 1 reads here),
    at most a few chunks ahead of the caller; the outcomes are the same, in the same order.
    ``encode(response, catalog)``, a module-level function, runs where the form was read (in a
    worker) and its result is yielded instead of the Response: the parent then only writes.
    ``hashed``: each Response carries the sha256 of the bytes it was read from (``content_hash``).
    ``started()`` runs once, when the workers have started reading (before reading, without them):
    work of the caller's that need not hold up the reading, and must not be in the forked workers.
    """
    workers = min(jobs or _workers.cpus(), len(files) // PER_WORKER_AT_LEAST)
    todo = iter(progress(files) if progress else files)
    done = 0
    not_started = [started] if started is not None else []

    def start() -> None:  # once, whichever way the reading goes
        while not_started:
            not_started.pop()()

    if workers >= 2 and _workers.can_fork():
        from concurrent.futures.process import BrokenProcessPool

        with _workers.fork_pool(workers, catalog) as pool:
            try:  # in_order submits the first chunks itself: a worker that dies then breaks the pool here too
                outcomes = _workers.in_order(pool, _read_chunk, files, chunk=CHUNK, ahead=AHEAD * workers,
                                             extra=(encode, hashed), started=start)
                for path, outcome in zip(todo, outcomes):
                    done += 1
                    yield path, outcome
            except BrokenProcessPool:  # a worker died: read the rest here
                todo = iter(files[done:])
    start()
    for path in todo:
        yield path, _finish(_read_one(path, catalog, hashed), catalog, encode)


PER_WORKER_AT_LEAST = 32  # fewer files than this per worker are read here: forking would cost more
CHUNK = 16  # files handed to a worker at a time (fewer round trips; order is kept)
AHEAD = 2  # chunks per worker read ahead of the caller: enough to keep workers busy, few to hold


def _file(result: CollectResult, path: Path, outcome: Response | ChecklistResponse | str) -> None:
    from .read import ChecklistResponse

    if isinstance(outcome, str):
        result.failures.append((str(path), outcome))
    elif isinstance(outcome, ChecklistResponse):
        result.checklists.append(outcome)
    else:
        result.responses.append(outcome)


def _read_chunk(paths: Sequence[Path], encode: Callable[[Response | ChecklistResponse, Catalog], Any] | None,
                hashed: bool) -> list[Any]:
    """In a worker: the outcomes of a few files, encoded there when the caller asked."""
    catalog = _workers.shared()
    return [_finish(_read_one(path, catalog, hashed), catalog, encode) for path in paths]


def _finish(outcome: Response | ChecklistResponse | str, catalog: Catalog,
            encode: Callable[[Response | ChecklistResponse, Catalog], Any] | None) -> Any:
    return encode(outcome, catalog) if encode is not None and not isinstance(outcome, str) else outcome


def _read_one(path: Path, catalog: Catalog, hashed: bool = False) -> Response | ChecklistResponse | str:
    """The form's Response, or the one-line reason it could not be read.

    One budget covers all the work on the file (a repair and a second read included). ``hashed``:
    the file is read once, hashed and parsed from the same bytes (the store's key is the hash of
    what was read, not of a second read that a save in between could change).
    """
    from ..pdfform import budget
    from .read import NotAForm, UnreadablePdf, read_response

    kind = not_regular(path)  # before opening: a pipe would block, a device never end
    if kind:
        return f"is {kind}, not a PDF file. {ON_DISK}: the filled form as the person saved it"
    try:
        if path.stat().st_size > MAX_FORM_BYTES:
            raise UnreadablePdf(f"too large to be a self-assessment form ({path.stat().st_size // 2**20} MB)")
        with budget.file_budget():
            return read_response(path, catalog) if not hashed else _read_hashed(path, catalog)
    except budget.OverBudget as exc:
        return _with_hint(budget.reason(exc))
    except (UnreadablePdf, NotAForm) as exc:
        return _with_hint(str(exc))
    except PermissionError:
        return _with_hint("cannot be read (permission denied)")
    except (OSError, RecursionError, MemoryError) as exc:
        return _with_hint(f"cannot be read ({exc.__class__.__name__}: {exc})")
    except Exception as exc:  # noqa: BLE001 - a hostile file must not stop the others
        return _with_hint(f"damaged or unexpected content ({exc.__class__.__name__}: {exc})")


MAX_FORM_BYTES = 50 * 1024 * 1024


def _read_hashed(path: Path, catalog: Catalog) -> Response | ChecklistResponse:
    """read_response from the file's bytes, read once; a Response also carries their sha256."""
    import hashlib

    from .read import Response, read_response

    data = path.read_bytes()
    response = read_response(path, catalog, data)
    if isinstance(response, Response):
        response.content_hash = hashlib.sha256(data).hexdigest()
    return response


def _with_hint(reason: str) -> str:
    """One line: what is wrong with the file, then what to do about it."""
    reason = " ".join(reason.split())
    if len(reason) > 240:
        reason = reason[:237] + "..."
    low = reason.lower()
    if "flattened copy" in low:
        hint = "Ask the person for the filled form file as saved, not a flattened copy"
    elif "printed copy" in low:
        hint = "Ask the person for the filled form file as saved, not a printed or converted copy"
    elif "encrypted" in low or "password" in low:
        hint = "Ask the person for a copy without a password (in their reader: Save As, with no security)"
    elif "not a formkit" in low or "not one made by formkit" in low or "not a self-assessment" in low \
            or "do not match" in low:
        hint = "Only self-assessment forms made by formkit can be collected; leave this file out"
    elif "permission denied" in low:
        hint = "Check the file's permissions (formkit must be able to read it), or leave it out"
    elif "too complex to read safely" in low:
        hint = "A filled self-assessment is far smaller and simpler: leave this file out, or ask for the form again"
    elif "too large" in low:
        hint = "Check that this is a filled self-assessment form"
    else:
        hint = "The file is damaged or not a PDF: ask the person to send their filled form again"
    return f"{reason}. {hint}"


def spreadsheet_safe(value: str) -> str:
    """One cell made safe for a spreadsheet: formkit.runtime.csvout.guard (kept under its former name)."""
    return guard(value)


def to_csv(responses: Iterable[Response], *, source: str | None = None) -> str:
    """One row per person x competency, written by formkit's one CSV writer (spreadsheet-safe
    cells; :func:`formkit.runtime.csvout.unguard` reads them back exactly). responses.json keeps every
    value exactly as typed. ``form_check`` says whether the form is the one formkit made
    (formkit.collect.verify): rows of an altered form are kept, and marked. ``source`` adds a
    last column saying where every row was read from ("scan": `formkit scan`, from paper)."""
    out = io.StringIO()
    csvout.writer(out).writerow(CSV_COLUMNS + (("source",) if source else ()))
    for resp in responses:
        out.write(csv_rows(resp, source=source))
    return out.getvalue()


def csv_rows(resp: Response, *, source: str | None = None) -> str:
    """The CSV lines of one response (no header): what :func:`to_csv` writes for it.

    The cells every row of a form shares (file, identity, catalogue) are made safe once per
    form, not once per row: a booklet has 64 rows of 17 cells.
    """
    out = io.StringIO()
    ident = resp.identity
    csvout.writer(out).writerows_between(
        (resp.file, ident.get("name", ""), ident.get("role", ""), ident.get("program", ""), ident.get("date", ""),
         ident.get("supervisor", ""), ident.get("round", "")),
        ((r.category_id, r.competency_id, r.statement, r.value, r.label, r.notes) for r in resp.ratings),
        (resp.catalog_id, resp.catalog_version, resp.fingerprint, resp.form_check) + ((source,) if source else ()))
    return out.getvalue()


def to_json(responses: Iterable[Response]) -> str:
    """responses.json: an array, one response per line (``[``, then the items, then ``]``): the
    same bytes the streamed file has, assembled from :func:`json_item`. Any JSON reader reads it."""
    items = [json_item(r) for r in responses]
    return JSON_OPEN + "".join((JSON_FIRST if i == 0 else JSON_NEXT) + item for i, item in enumerate(items)) \
        + (JSON_CLOSE if items else JSON_CLOSE_EMPTY)


def json_item(resp: Response) -> str:
    """One response as an element of responses.json's array: one line, indented, no comma.

    Without ``indent`` json.dumps runs its encoder in C; with it, in Python, which cost more
    than reading the form. One line per form keeps the file easy to page through and to split.
    The text is ``json.dumps(resp.to_json(), ensure_ascii=False)``, its ratings joined from
    texts kept by their cells (:func:`_ratings_json`): the parts around them by json.dumps.
    """
    head = json.dumps(resp.json_head(), ensure_ascii=False)  # newlines in strings are escaped
    tail = json.dumps(resp.json_tail(), ensure_ascii=False)
    return f"  {head[:-1]}, \"ratings\": {_ratings_json(resp.ratings)}, {tail[1:]}"


# A rating's JSON text up to its notes, by (category_id, competency_id, statement, value, label):
# the same few hundred in every form of a batch. The C encoder wrote each of a booklet's 64 rating
# objects key by key, about 1 M instructions of the 38.6 M a booklet took.
_RATINGS_SEEN: dict[tuple[str, ...], str] = {}
MAX_RATINGS_SEEN = 4096


def _ratings_json(ratings: list[Any]) -> str:
    """``json.dumps`` of the ratings as Response.to_json lists them; text cells the same way
    json.dumps writes them (its own string encoder), anything else by json.dumps itself."""
    known, text, parts = _RATINGS_SEEN, encode_basestring, []
    for r in ratings:
        key, notes = (r.category_id, r.competency_id, r.statement, r.value, r.label), r.notes
        try:
            start = known.get(key) if type(notes) is str else None  # only text cells are kept
        except TypeError:  # an unhashable cell (a damaged schema's statement, say)
            start = None
        if start is None and type(notes) is str and all(type(c) is str for c in key):
            start = remember(known, key, json.dumps(dict(zip(_RATING_KEYS, key), notes=""), ensure_ascii=False)[:-3],
                             MAX_RATINGS_SEEN)  # '{..., "notes": ' (without '""}')
        parts.append(json.dumps(dict(zip(_RATING_KEYS, key), notes=notes), ensure_ascii=False) if start is None
                     else start + text(notes) + "}")
    return "[" + ", ".join(parts) + "]"


_RATING_KEYS = ("category_id", "competency_id", "statement", "value", "label")


JSON_OPEN, JSON_FIRST, JSON_NEXT, JSON_CLOSE, JSON_CLOSE_EMPTY = "[", "\n", ",\n", "\n]\n", "]\n"


__all__ = ["CSV_COLUMNS", "CollectResult", "NotAForm", "Response", "UnreadablePdf", "collect", "csv_rows",
           "find_pdfs", "json_item", "read_forms", "to_csv", "to_json"]
