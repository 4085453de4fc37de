"""Reading overlay files: strict YAML/JSON, schema-checked, ``extends`` resolved in order.

Loading is the only I/O; applying an overlay is pure (see :mod:`formkit.catalog.effective`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..core._yaml import load_data
from ..core.errors import FormkitError
from ..core.inputs import regular_file
from ..core.suggest import did_you_mean
from . import schema
from .locale import read_locale_folder

IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_SIDE = 6000
MAX_LOGO_RATIO = 10
MAX_EXTENDS_DEPTH = 10  # files in one chain of 'extends', the overlay named with -O included


@dataclass(frozen=True)
class Overlay:
    """One overlay file, validated. ``data`` is the file's content with the logo made absolute."""

    name: str
    path: str
    data: dict[str, Any]
    digest: str  # sha256 of the file bytes, its logo and its locale files, for the fingerprint
    # the wording of the overlay's own ``locale:`` folder: key -> (text, the .yaml file holding it)
    locale_wording: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def load_overlays(paths: Iterable[str | Path]) -> list[Overlay]:
    """Load overlays in the order given, each preceded by the files it ``extends``.

    A file reached twice through ``extends`` is applied once, at its first place.
    """
    loaded: list[Overlay] = []
    done: set[Path] = set()
    for path in paths:
        _load_chain(locate(path), loaded, done, stack=())
    return loaded


STARTER = "starter"  # templates/overlays/starter.yaml is what `overlay init` copies, not an overlay to apply


def shipped_overlays() -> list[str]:
    """The names of the overlays formkit ships (templates/overlays/NAME.yaml)."""
    from ..core.resources import templates_dir

    return sorted(p.stem for p in (templates_dir() / "overlays").glob("*.yaml") if p.stem != STARTER)


def locate(name: str | Path) -> Path:
    """The overlay file a user means: the path as given when it exists, else a shipped overlay by
    name (``-O samhsa-2015-draft``), which no one should have to find inside the installed package."""
    from ..core.resources import templates_dir

    path = Path(name)
    if path.exists() or len(path.parts) != 1:
        return path
    stem = path.stem if path.suffix.lower() in (".yaml", ".yml") else path.name
    if stem in shipped_overlays():
        return templates_dir() / "overlays" / f"{stem}.yaml"
    hint = did_you_mean(stem, shipped_overlays())
    raise FormkitError("overlay file not found", path=str(name),
                       hint=f"{hint + ' ' if hint else ''}Give the path of an overlay file, or the name of one "
                            f"formkit ships: {', '.join(shipped_overlays())}")


def load_overlay(path: str | Path) -> Overlay:
    """Load one overlay file on its own (its ``extends`` are not followed)."""
    return _read_one(Path(path))


def _load_chain(path: Path, loaded: list[Overlay], done: set[Path], stack: tuple[Path, ...]) -> None:
    real = path.resolve()
    if real in stack:
        chain = " -> ".join(p.name for p in (*stack, real))
        raise FormkitError(f"overlays extend each other in a cycle ({chain})", path=str(path), key="extends",
                           hint="Remove one of the 'extends' entries")
    if real in done:
        return
    if len(stack) >= MAX_EXTENDS_DEPTH:  # a chain this deep is a mistake or an attack, not a design
        raise FormkitError(f"overlays extend one another more than {MAX_EXTENDS_DEPTH} files deep "
                           f"(from {stack[0].name})", path=str(stack[-1]), key="extends",
                           hint="Merge some of the overlays into one file")
    overlay = _read_one(path)
    for i, parent in enumerate(overlay.data.get("extends", [])):
        target = real.parent / parent
        if not target.exists():  # a folder or a device is named by read_text, with what it is
            raise FormkitError(f"extends '{parent}', which is not found ({target})", path=str(path),
                               key=f"extends[{i}]", hint="Fix the path (relative to this overlay file)")
        _load_chain(target, loaded, done, (*stack, real))
    done.add(real)
    loaded.append(overlay)


def _read_one(path: Path) -> Overlay:
    data = load_data(path, "overlay")
    if not isinstance(data, dict):
        raise FormkitError("an overlay must be a mapping of keys (name:, organisation:, …)", path=str(path),
                           hint="Start from 'formkit overlay init'")
    schema.validate("overlay", data, str(path))
    import hashlib  # here, not at the top: `formkit catalog show` without overlays never needs it

    digest = hashlib.sha256(path.read_bytes())
    org = data.get("organisation", {})
    if "logo" in org:
        logo = (path.resolve().parent / org["logo"]).resolve()
        digest.update(check_logo(logo, path))
        data = {**data, "organisation": {**org, "logo": str(logo)}}
    wording: dict[str, tuple[str, str]] = {}
    if "locale" in data:
        folder = locale_folder(path, data["locale"])
        wording = read_locale_folder(folder)
        for file in sorted({file for _text, file in wording.values()}):
            digest.update(Path(file).read_bytes())
        data = {**data, "locale": str(folder)}
    return Overlay(name=data["name"], path=str(path), data=data, digest=digest.hexdigest(), locale_wording=wording)


def locale_folder(overlay_path: Path, relative: str) -> Path:
    """The folder an overlay's ``locale:`` names (relative to the overlay file), checked to exist.

    An overlay that brings its own wording (``formkit translate import`` writes one) ships it
    beside itself, so the pair can be copied anywhere and still work.
    """
    folder = (overlay_path.resolve().parent / relative).resolve()
    where = dict(path=str(overlay_path), key="locale")
    if not folder.exists():
        raise FormkitError(f"the locale folder is not found ({folder})", **where,
                           hint="Fix the path (relative to this overlay file), or remove 'locale:'")
    if not folder.is_dir():
        raise FormkitError(f"the locale path is not a folder ({folder})", **where,
                           hint="Name the folder that holds the wording .yaml files")
    if not any(folder.glob("*.yaml")):
        raise FormkitError(f"the locale folder holds no wording files (*.yaml) ({folder})", **where,
                           hint="Import a translation into it ('formkit translate import'), or remove 'locale:'")
    return folder


def check_logo(logo: Path, overlay_path: Path) -> bytes:
    """The logo's bytes when it is a sound PNG or JPEG of a sensible size (else a FormkitError
    naming the overlay's organisation.logo); formkit.context reads it again with this."""
    where = dict(path=str(overlay_path), key="organisation.logo")
    size = regular_file(logo, "logo", where=str(overlay_path), key="organisation.logo",
                        hint="Give a PNG or JPEG image saved on disk",
                        missing_hint="Fix the path (relative to the overlay file)").st_size
    if size == 0:
        raise FormkitError(f"logo file is empty: {logo}", **where, hint="Give a PNG or JPEG image")
    if size > MAX_LOGO_BYTES:
        raise FormkitError(f"logo file is too large ({size} bytes; the limit is {MAX_LOGO_BYTES})", **where,
                           hint="Use a smaller PNG or JPEG")
    head = logo.read_bytes()
    if not any(head.startswith(sig) for sig in IMAGE_SIGNATURES):
        raise FormkitError(f"logo is not a PNG or JPEG image: {logo}", **where,
                           hint="Export the logo as PNG or JPEG")
    _check_image(head, logo, where)
    return head


def _check_image(data: bytes, logo: Path, where: dict[str, str]) -> None:
    """Decode the whole image once, so a damaged or absurd logo fails here and not mid-render.

    Word and the PDF renderer read image headers differently; a truncated file or one that
    claims 60000 x 60000 pixels would otherwise crash one and silently embed in the other.
    """
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
                    raise FormkitError(f"logo is {width} x {height} pixels: too large ({logo})", **where,
                                       hint=f"Resize it to at most {MAX_LOGO_SIDE} pixels a side (600 is plenty)")
                if width > MAX_LOGO_RATIO * height:
                    raise FormkitError(f"logo is {width} x {height} pixels: too wide to fit a header ({logo})",
                                       **where, hint=f"Crop it to at most {MAX_LOGO_RATIO} times wider than tall")
                img.load()
    except FormkitError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FormkitError(f"logo claims to be far too many pixels to be a logo: {logo}", **where,
                           hint=f"Resize it to at most {MAX_LOGO_SIDE} pixels a side (600 is plenty)") from None
    except Exception as exc:  # PIL raises many types for damaged files  # noqa: BLE001
        raise FormkitError(f"logo image is damaged or incomplete ({exc.__class__.__name__}): {logo}", **where,
                           hint="Export the logo again as PNG or JPEG") from None


def fingerprint(overlays: Iterable[Overlay]) -> str:
    """A short digest of the overlays' bytes, in order: it names the exact customisation."""
    import hashlib

    digest = hashlib.sha256()
    count = 0
    for overlay in overlays:
        digest.update(overlay.digest.encode())
        count += 1
    return digest.hexdigest()[:16] if count else "base"
