"""Make templates/fonts/DejaVuSans-FieldSubset.ttf, the field font of every form, and its metrics
(DejaVuSans-FieldSubset.json: what reportlab reads from it, so a batch need not import reportlab
to draw with it) (run by hand).

The subset holds whole character ranges (formkit.pdfform.fieldfont.RANGES and EXTRA) of the
bundled DejaVu Sans, so text that someone types into a form later can be drawn with it. No
hinting and no OpenType layout tables: field text is plain left-to-right runs. The output is
byte-identical run after run (no timestamps), so it is committed and formkit needs no font
tools at run time. Needs fontTools: ``pip install fonttools``.

    python tools/make_field_font.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make() -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from formkit.pdfform.fieldfont import EXTRA, RANGES

    wanted = [c for lo, hi in RANGES for c in range(lo, hi + 1)] + list(EXTRA)
    font = TTFont(str(ROOT / "templates" / "fonts" / "DejaVuSans.ttf"), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.name_languages = [0x409]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM", "DSIG"]
    options.recalc_timestamp = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted)
    sub.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def metrics(program: bytes) -> bytes:
    """The metrics file for the font ``program`` (formkit.pdfform.fieldfont.METRICS_FILE)."""
    from formkit.pdfform.fieldfont import metrics_json, parse_field_font

    return metrics_json(parse_field_font(program))


if __name__ == "__main__":
    data = make()
    target = ROOT / "templates" / "fonts" / "DejaVuSans-FieldSubset.ttf"
    target.write_bytes(data)
    print(f"wrote {target.relative_to(ROOT)} ({len(data):,} bytes)")
    sidecar = target.with_suffix(".json")
    sidecar.write_bytes(metrics(data))
    print(f"wrote {sidecar.relative_to(ROOT)}")
