"""Does this file hold someone's work? Answered conservatively, before formkit replaces it.

formkit writes into folders where people also work: a form handed out is filled in place, a
Word checklist is edited, a PDF is locked with a password. A file may be replaced without
``--force`` only when formkit can tell it holds nothing of anyone's:

- it is exactly what formkit last wrote there (a manifest in the folder, ``MANIFEST``, keeps
  the SHA-256 of every file formkit wrote), or exactly what formkit is about to write; or
- formkit has no record of it (a folder written before manifests, or a file put there by
  hand) and a look inside finds no work: a PDF that opens and has no field filled in, a Word
  file still at formkit's revision 1, or another kind of file.

A file that cannot be opened, is encrypted, was changed since formkit wrote it, or holds
answers is someone's work. ``--force`` replaces it, but first moves it to a timestamped
backup beside it (``name.pdf`` -> ``name.pdf.2026-05-01T10-30-00.bak``, a name collect ignores).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Collection, Iterable
from pathlib import Path

MANIFEST = ".formkit-written.json"


def digest(parts: Iterable[bytes]) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part)
    return sha.hexdigest()


def _file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class Manifest:
    """The digests of the files formkit wrote into one folder (relative path -> SHA-256s).

    A file may have two digests for a moment: before a build replaces files it records the new
    digest beside the old one (:meth:`expect`) and saves, so a build killed between the two
    leaves files the next build still knows as formkit's own.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / MANIFEST
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            files = data.get("files", {}) if isinstance(data, dict) else {}
            self.files = {k: [v] if isinstance(v, str) else [d for d in v if isinstance(d, str)]
                          for k, v in files.items() if isinstance(k, str) and isinstance(v, (str, list))}
        except (OSError, ValueError):  # none yet, or damaged: every file is judged by a look inside
            self.files = {}
        self.changed = False

    def record(self, relpath: str, sha: str) -> None:
        """``relpath`` now holds ``sha``, as formkit wrote it."""
        self.files[relpath] = [sha]
        self.changed = True

    def expect(self, relpath: str, sha: str) -> None:
        """``relpath`` is about to hold ``sha``; its old digest stays valid until :meth:`record`."""
        known = self.files.setdefault(relpath, [])
        if sha not in known:
            known.append(sha)
            self.changed = True

    def knows(self, relpath: str, sha: str) -> bool | None:
        """True/False: formkit wrote (or not) these bytes there; None: no record of the file."""
        known = self.files.get(relpath)
        return None if not known else sha in known

    def save(self) -> None:
        """Write the manifest atomically (a crash leaves the old one, never half a file)."""
        if not self.changed:
            return
        import tempfile

        data = json.dumps({"about": "files formkit wrote here, by SHA-256; see formkit.runtime.keep", "files":
                           dict(sorted(self.files.items()))}, indent=1).encode("utf-8")
        # the temporary name is the one outputs.remove_stale_temporaries clears after a kill
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.{os.getpid()}.", suffix=".tmp", dir=self.folder)
        try:
            with open(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.changed = False


def someones_work(path: Path, manifest: Manifest, relpath: str, new_sha: str,
                  ignore_fields: Collection[str] = ()) -> str | None:
    """Why ``path`` must not be replaced without --force, or None when it may be.

    ``ignore_fields`` are form fields formkit itself fills in (a checklist's applicant block).
    """
    try:
        if not path.exists() and not path.is_symlink():
            return None
        if path.is_symlink() or not path.is_file():
            return "is not a regular file"
        sha = _file_digest(path)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if sha == new_sha:
        return None
    known = manifest.knows(relpath, sha)
    if known:
        return None
    suffix = path.suffix.lower()
    why = _pdf_work(path, ignore_fields) if suffix == ".pdf" else _docx_work(path) if suffix == ".docx" else None
    if why is None and known is not None:  # nothing inside says so, but it is not what formkit wrote
        why = "was changed after formkit wrote it (someone edited or filled it in)"
    return why


def _pdf_work(path: Path, ignore_fields: Collection[str]) -> str | None:
    from ..pdfform.read import UnreadablePdf, read_field_values

    try:
        values = read_field_values(path)
    except UnreadablePdf as exc:
        return f"cannot be opened to check it for answers ({exc})"
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, we could not look inside
        return f"cannot be opened to check it for answers ({exc.__class__.__name__})"
    if any(v not in ("", "Off") for k, v in values.items() if k not in ignore_fields):
        return "already holds someone's answers"
    return None


def _docx_work(path: Path) -> str | None:
    """A Word file formkit wrote has revision 1; Word and LibreOffice count up each save."""
    import re
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml")[:65536].decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError):
        return "cannot be opened to check it for edits"
    m = re.search(r"<cp:revision>\s*(\d+)\s*</cp:revision>", core)
    if m is None or m.group(1) != "1":
        return "was edited after it was made (its revision count is not formkit's)"
    return None


def backup(path: Path) -> Path:
    """Move ``path`` aside to a timestamped name beside it; return the new path."""
    stamp = time.strftime("%Y-%m-%dT%H-%M-%S")
    kept = path.with_name(f"{path.name}.{stamp}.bak")
    n = 2
    while kept.exists():
        kept = path.with_name(f"{path.name}.{stamp}-{n}.bak")
        n += 1
    os.replace(path, kept)
    return kept


__all__ = ["MANIFEST", "Manifest", "backup", "digest", "someones_work"]
