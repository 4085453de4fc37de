"""The data folder: the only place the page reads what users gave it and writes what it keeps.

Names inside it are made here, never taken from a request: an uploaded PDF is kept under the
sha256 of its bytes, an overlay under a slug of the name the user typed, a draft under a random
id. Every path is checked to stay inside the folder after resolving, and every write goes to a
temporary file renamed into place, so a crash leaves the old file or the new one, never half.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Any

PARTS = ("overlays", "uploads", "drafts", "forms")
DRAFT_ID = re.compile(r"^[0-9a-f]{32}$")
SAVED_OVERLAY = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")


def read_bounded(upload: Any, limit: int) -> bytes:
    """At most ``limit`` + 1 bytes of an uploaded file (one more tells it was too large), and the
    upload's temporary file closed now rather than whenever it is collected."""
    try:
        data: bytes = upload.read(limit + 1)
        return data
    finally:
        upload.close()


class DataFolder:
    """The serve data folder, created owner-only (0700): answers are personal data."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        for part in PARTS:
            (self.root / part).mkdir(exist_ok=True, mode=0o700)
        self._lock = threading.Lock()

    def inside(self, *parts: str) -> Path:
        """``root/parts...``, refused when it would resolve outside the folder."""
        path = self.root.joinpath(*parts).resolve()
        if path != self.root and self.root not in path.parents:
            raise ValueError(f"{'/'.join(parts)} is outside the data folder")
        return path

    def write(self, path: Path, data: bytes) -> Path:
        """Write ``data`` to ``path`` (inside the folder) atomically, owner-only."""
        target = self.inside(str(path.relative_to(self.root)) if path.is_absolute() else str(path))
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def secret_key(self) -> bytes:
        """The key that signs session cookies: made once, kept 0600, shared by every worker process."""
        path = self.inside(".secret-key")
        with self._lock:
            if not path.exists():
                self.write(path, secrets.token_bytes(32))
        return path.read_bytes()

    # uploaded forms ------------------------------------------------------------------------------
    def keep_upload(self, data: bytes) -> Path:
        """Keep an uploaded PDF under the sha256 of its bytes (the same file twice is kept once)."""
        name = hashlib.sha256(data).hexdigest() + ".pdf"
        path = self.inside("uploads", name)
        if not path.exists():
            self.write(path, data)
        return path

    # drafts of forms filled in the browser -------------------------------------------------------
    def new_draft_id(self) -> str:
        return secrets.token_hex(16)

    def draft_path(self, draft_id: str) -> Path:
        if not DRAFT_ID.match(draft_id):
            raise ValueError("not a draft id")
        return self.inside("drafts", f"{draft_id}.json")

    def load_draft(self, draft_id: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self.draft_path(draft_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def save_draft(self, draft_id: str, draft: dict[str, Any]) -> None:
        text = json.dumps(draft, ensure_ascii=False, sort_keys=True, indent=1)
        self.write(self.draft_path(draft_id), text.encode("utf-8"))

    def drafts(self) -> list[Path]:
        return sorted(self.inside("drafts").glob("*.json"))

    def form_path(self, draft_id: str) -> Path:
        if not DRAFT_ID.match(draft_id):
            raise ValueError("not a draft id")
        return self.inside("forms", f"{draft_id}.pdf")

    # overlays made in the editor or uploaded -----------------------------------------------------
    def overlay_path(self, stem: str) -> Path:
        if not SAVED_OVERLAY.match(stem):
            raise ValueError("not an overlay name")
        return self.inside("overlays", f"{stem}.yaml")

    def saved_overlays(self) -> list[str]:
        return sorted(p.stem for p in self.inside("overlays").glob("*.yaml") if SAVED_OVERLAY.match(p.stem))
