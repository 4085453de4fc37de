"""The bundled fonts, kept parsed between runs in the user's cache folder.

reportlab parses every TrueType file it registers in Python (the tables, the cmap, the widths
of 6,000 glyphs): about 90 M instructions a font, three fonts a run, a tenth of a `formkit
report person`. A run that parsed a font stores reportlab's parsed face under a key of the
font's bytes, reportlab's version and Python's; the next run loads it and reportlab draws with
it exactly as with a face it parsed itself (same subsets, same widths: same bytes out).

Where: ``$XDG_CACHE_HOME/formkit/fonts/`` (default ``~/.cache/formkit/...``), like the wording
(formkit.catalog.locale_cache). A folder that cannot be written is no error: the font is parsed.

Trust: a pickle can run code when it is loaded, so an entry is read only when it and its folder
belong to this user and nobody else may write them (what ssh asks of its keys), and only under
its own key. An entry is written only when loading it gives back everything reportlab parsed,
attribute by attribute (the em scale, a function, on every glyph width): a reportlab that keeps
its faces another way parses every run, it is never misread.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..core.cachefolder import mark_used, prune

FORMAT = "formkit-font/1"
KEEP = 12  # entries (about 230 KB each): three fonts under the last few reportlab and Python versions
_NOT_KEPT = ("_ttf_data", "_pdfScale")  # the font's bytes (read for the key anyway) and a function


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/formkit/fonts`` (XDG default: ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "formkit" / "fonts"


def parsed_font(name: str, path: Path) -> Any:
    """reportlab's TTFont of the file at ``path`` registered as ``name``: from a checked cache
    entry, or parsed now (and stored for the next run when it round-trips exactly)."""
    import reportlab
    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTFont

    data = path.read_bytes()
    sha = hashlib.sha256(f"{FORMAT}\0{reportlab.Version}\0{sys.version}\0{name}\0"
                         f"{rl_config.ttfAsciiReadable}\0".encode())
    sha.update(data)
    key = sha.hexdigest()
    entry = cache_dir() / f"{key}.pickle"
    found = _load(entry, key, data)
    if found is not None:
        mark_used(entry)
        return found
    font = TTFont(name, str(path))
    _store(entry, key, font, data)
    return font


def _load(entry: Path, key: str, data: bytes) -> Any:
    """The font kept in ``entry`` if it is ours alone and made for ``key``, else None."""
    try:
        if not (_private(entry.parent) and _private(entry)):
            return None
        kept = pickle.loads(entry.read_bytes())
        if not isinstance(kept, dict) or kept.get("format") != FORMAT or kept.get("key") != key:
            return None
        return _rebuilt(kept["font"], kept["face"], data)
    except Exception:  # noqa: BLE001 - a truncated or foreign entry costs a parse, never a wrong font
        return None


def _private(path: Path) -> bool:
    """Owned by this user, writable by nobody else, not a link."""
    st = os.lstat(path)
    return st.st_uid == os.getuid() and not stat.S_ISLNK(st.st_mode) and not st.st_mode & 0o022


def _rebuilt(font_state: dict[str, Any], face_state: dict[str, Any], data: bytes) -> Any:
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(face_state)
    face._ttf_data = data
    units = face_state["unitsPerEm"]  # reportlab scales glyph units to 1/1000 em: x * (1000 / units)
    face._pdfScale = _unscaled if units == 1000 else functools.partial(operator.mul, 1000 / units)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(font_state)
    font.face = face
    font.state = WeakKeyDictionary()  # per document: reportlab fills it as it draws
    return font


def _unscaled(x: Any) -> Any:
    return x


def _store(entry: Path, key: str, font: Any, data: bytes) -> None:
    """Write the entry when it loads back as ``font``; a read-only or full cache is not an error."""
    from weakref import WeakKeyDictionary

    if not isinstance(font.state, WeakKeyDictionary) or len(font.state) or font.face._ttf_data != data:
        return
    kept = {"format": FORMAT, "key": key,
            "font": {k: v for k, v in font.__dict__.items() if k not in ("face", "state")},
            "face": {k: v for k, v in font.face.__dict__.items() if k not in _NOT_KEPT}}
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not os.access(entry.parent, os.W_OK):  # checked first: the check below costs a parse again
            return
        raw = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        again = pickle.loads(raw)
        if not same_font(_rebuilt(again["font"], again["face"], data), font):
            return
        _write_private(entry, raw)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
    prune(entry.parent, KEEP)


def _write_private(entry: Path, raw: bytes) -> None:
    """``raw`` to ``entry`` through an owner-only temporary file and a rename: whole or not at all."""
    fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=entry.parent)  # 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(tmp, entry)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def same_font(a: Any, b: Any) -> bool:
    """Whether two TTFonts hold the same: every attribute of the font and of its face (objects
    by type and attributes, the em scale by its value on every advance width and the box)."""
    if set(a.__dict__) != set(b.__dict__) or set(a.face.__dict__) != set(b.face.__dict__):
        return False
    for k, v in a.__dict__.items():
        if k not in ("face", "state") and not _same(v, b.__dict__[k]):
            return False
    for k, v in a.face.__dict__.items():
        if k != "_pdfScale" and not _same(v, b.face.__dict__[k]):
            return False
    samples = [w for w, *_ in a.face.hmetrics] + list(a.face.bbox) + [0, 1, 1000]
    return all(_same(a.face._pdfScale(x), b.face._pdfScale(x)) for x in samples)


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, (bytes, str, int, float, tuple, list, dict, type(None))):
        return bool(a == b) and getattr(a, "__dict__", None) == getattr(b, "__dict__", None)
    return hasattr(a, "__dict__") and a.__dict__ == b.__dict__  # reportlab's TTEncoding


__all__ = ["cache_dir", "parsed_font", "same_font"]
