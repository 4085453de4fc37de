"""Word to PDF with LibreOffice (``soffice --headless --convert-to pdf``).

LibreOffice exits 0 even when it could not convert, so success is judged by the PDF it leaves
behind. Each conversion uses its own throw-away LibreOffice profile, so several conversions
(or a desktop LibreOffice the user has open) never block one another.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ...core.errors import FormkitError

INSTALL_HINT = ("Install LibreOffice: 'sudo apt-get install libreoffice-writer-nogui' (Debian/Ubuntu), "
                "'brew install --cask libreoffice' (macOS) or https://www.libreoffice.org/download/ (Windows); "
                "or leave out --format pdf to get the Word file")
TIMEOUT_S = 180


def find_soffice() -> str:
    """The LibreOffice program, or a FormkitError saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise FormkitError("making a PDF needs LibreOffice, and its 'soffice' program was not found", key="--format",
                       hint=INSTALL_HINT)


def docx_to_pdf(data: bytes, stem: str = "document") -> bytes:
    """Convert .docx bytes to PDF bytes with LibreOffice, in a temporary folder."""
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="formkit-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / f"{stem}.docx"
        source.write_bytes(data)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(source)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise FormkitError(f"LibreOffice did not finish converting within {TIMEOUT_S} s", key="--format",
                               hint="Close other LibreOffice windows and try again") from None
        target = folder / f"{stem}.pdf"
        if not target.is_file() or not target.read_bytes().startswith(b"%PDF"):
            detail = " ".join((result.stderr or result.stdout or "no message").split())[-300:]
            raise FormkitError(f"LibreOffice did not produce a PDF ({detail})", key="--format",
                               hint="Open the .docx in LibreOffice to see the problem, or use --format docx")
        return target.read_bytes()
