"""`formkit scan --report`: collect's summary PDF per scanned form, its handwriting shown as pictures.

The report is the one collect writes (formkit.collect.report); each notes, reflection, plan or
identity box that holds handwriting is drawn as its crop, in place of the typed answer a filled PDF
would have. The crops were written to the output folder as the pages were read
(formkit.scan.output.CropWriter); one form's crops are read back here, handed to the renderer as
bytes, and let go before the next form.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog.model import Catalog
from ..runtime.outputs import write_atomic
from . import ScanResult
from .assemble import crop_name
from .output import CROPS

if TYPE_CHECKING:
    from ..documents.letterhead import Letterhead

REPORTS = "reports"


def write_reports(result: ScanResult, out_dir: Path, catalog: Catalog, head: Letterhead | None = None) -> list[str]:
    """reports/summary-<person or scan>-<round>.pdf per form that is not blank; the names written."""
    from ..catalog.language import file_suffix
    from ..collect.handwritten import crop_path
    from ..collect.report import is_blank, render_report
    from ..collect.report_names import report_namer

    namer, suffix, written = report_namer(), file_suffix(catalog), []
    for response, copy in zip(result.responses, result.copies):
        if is_blank(response):
            continue
        crops = {path: (out_dir / path).read_bytes() for page in copy.pages for name in page.crops
                 if (out_dir / (path := crop_name(CROPS, page, name))).is_file()}
        who = response.identity.get("person_id") or Path(copy.pages[0].file).stem + f"-p{copy.pages[0].number}"
        date = response.identity.get("date", "")
        name = namer(who, response.identity.get("round", ""), "" if crop_path(date) else date) + suffix
        relative = f"{REPORTS}/summary-{name}.pdf"
        write_atomic(out_dir / relative, render_report(response, catalog, head, crops))
        written.append(relative)
    return written


__all__ = ["write_reports"]
