"""Fill a PDF with PyPDFForm (run by its own venv's python: PyPDFForm pins pypdf<7).

    python pypdfform_fill.py SRC DST VALUES.json default|generate

VALUES.json maps field names to text, or a radio group to the option's index (PyPDFForm's way).
"""

import json
import sys

from PyPDFForm import PdfWrapper

src, dst, spec, mode = sys.argv[1:5]
values = json.loads(open(spec, encoding="utf-8").read())
options = {"generate_appearance_streams": True} if mode == "generate" else {}
wrapper = PdfWrapper(src, **options).fill(values)
with open(dst, "wb") as out:
    out.write(wrapper.read())
