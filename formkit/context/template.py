"""A role's Word template, read and checked once before any job description is rendered.

All look of a job description comes from the template's styles, so a template without one of
them (or a file that is not a .docx at all) is an input error: :func:`read_template` reports it
while the context is resolved (formkit.context), and rendering opens the checked bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from ..core.errors import FormkitError
from ..core.inputs import regular_file
from ..docxfile import style_num_id

REQUIRED_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "List Number", "Table Grid",
                   "Header", "Footer")
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


def open_template(data: bytes) -> Any:
    """A python-docx Document made from template bytes that :func:`read_template` accepted."""
    import docx

    return docx.Document(io.BytesIO(data))


def read_template(path: Path) -> bytes:
    """The template's bytes when it is a .docx defining every style a job description uses."""
    size = regular_file(path, "template", key="template", hint="Give a Word .docx file saved on disk").st_size
    if size > MAX_TEMPLATE_BYTES:
        raise FormkitError(f"the template is too large ({size // 1048576} MB)", path=str(path), key="template",
                           hint="Use a template under 20 MB (remove embedded pictures)")
    data = path.read_bytes()
    _check_styles(_parse(data, path), path)
    return data


def _parse(data: bytes, path: Path) -> Any:
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return open_template(data)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FormkitError(f"not a Word .docx template ({exc.__class__.__name__})", path=str(path), key="template",
                           hint="Save the template from Word as .docx (not .doc or .dotx)") from None


def _check_styles(document: Any, path: Path) -> None:
    names = {s.name for s in document.styles}
    for name in REQUIRED_STYLES:
        if name not in names:
            raise FormkitError(f"the template has no '{name}' style", path=str(path), key="template",
                               hint=f"Add a style named '{name}' in Word (Styles pane), or start from "
                                    "templates/docx/job-description.docx")
    if style_num_id(document.styles["List Number"]) is None:
        raise FormkitError("the template's 'List Number' style is not a numbered list", path=str(path),
                           key="template", hint="Give the List Number style numbering (1, 2, 3) in Word")


__all__ = ["REQUIRED_STYLES", "open_template", "read_template"]
