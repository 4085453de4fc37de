"""Importing formkit and running it changes nothing in the libraries it shares with its host.

A program that imports formkit (a web app that also makes its own PDFs, say) must get the
reportlab, pikepdf, pypdf, logging and warnings it had before: no patched functions, no
changed defaults, no added log handlers. A fresh interpreter records all of that, builds
every document family, collects the forms it built, fills and reads one, writes a report through
the library API, and records it again; the two records must be equal.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROBE = r'''
import json, logging, sys, warnings

import pikepdf, pikepdf.settings
import pypdf
import reportlab.pdfbase.pdfdoc, reportlab.pdfbase.pdfmetrics, reportlab.pdfbase.ttfonts
import reportlab.pdfgen.canvas, reportlab.platypus, reportlab.lib.utils, reportlab.graphics.shapes
from reportlab import rl_config

MODULES = [m for name, m in sorted(sys.modules.items()) if name.startswith(("reportlab", "pypdf", "pikepdf"))]


def functions(module):
    """The identity of every function and class a module exposes (a monkeypatch changes it)."""
    return {f"{module.__name__}.{k}": id(v) for k, v in sorted(vars(module).items())
            if callable(v) and not k.startswith("__")}


def pikepdf_flate_output():
    """What pikepdf's Flate writes for a known stream: its compression level cannot be read back."""
    import io, hashlib
    pdf = pikepdf.new()
    pdf.Root.Probe = pdf.make_stream(b" ".join(b"%d 0 0 %d re f" % (i % 97, i % 89) for i in range(20000)))
    out = io.BytesIO()
    pdf.save(out, compress_streams=True, deterministic_id=True)
    return hashlib.sha256(out.getvalue()).hexdigest()


def fonts():
    """reportlab's font registry and font-family mappings: formkit's fonts must not replace a host's."""
    from reportlab.lib import fonts as family
    from reportlab.pdfbase import pdfmetrics
    state = {f"font {name}": id(font) for name, font in pdfmetrics._fonts.items()}
    state.update({f"font mapping {key}": repr(value) for key, value in family._tt2ps_map.items()})
    return state


def logger_state(name):
    log = logging.getLogger(name)
    return {"level": log.level, "propagate": log.propagate, "disabled": log.disabled,
            "handlers": [repr(h) for h in log.handlers], "filters": [repr(f) for f in log.filters]}


def snapshot():
    state = {"rl_config": {k: repr(v) for k, v in sorted(vars(rl_config).items()) if not k.startswith("__")
                           and not callable(v) and type(v).__name__ != "module"},
             "pikepdf.decimal_precision": pikepdf.settings.get_decimal_precision(),
             "pikepdf.flate_output": pikepdf_flate_output(),
             "pikepdf.qpdf_limits": repr(pikepdf.settings.get_qpdf_limits()),
             "warnings.filters": [repr(f) for f in warnings.filters],
             "recursion_limit": sys.getrecursionlimit()}
    for module in MODULES:
        state.update(functions(module))
    state.update(fonts())
    names = ["", "pypdf"] + sorted(n for n in logging.root.manager.loggerDict if n.startswith(("pypdf", "pikepdf", "reportlab")))
    state["loggers"] = {name: logger_state(name) for name in names}
    state["logging.disable"] = logging.root.manager.disable
    return state


# The host program uses a font of its own under the name of formkit's bundled one.
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
host_font = TTFont("DejaVuSans", "Vera.ttf")  # reportlab's own Bitstream Vera
pdfmetrics.registerFont(host_font)
addMapping("DejaVuSans", 1, 0, "DejaVuSans")

before = snapshot()

from formkit.documents import pipeline
from formkit.collect import collect
from formkit.collect.report import render_report
from formkit.catalog.effective import effective_catalog
from formkit.pdfform.fill import fill_form
from formkit.pdfform.read import read_field_values

out = sys.argv[1]
catalog = effective_catalog()
paths = pipeline.build(catalog, out)
forms = sorted(p for p in paths if p.suffix == ".pdf" and "self-assessment" in str(p))
filled = fill_form(forms[0], {"name": "Ada 😀 Lovelace"})
(forms[0].parent / "filled.pdf").write_bytes(filled)
result = collect([forms[0].parent], catalog, jobs=1)  # read here, not in a worker
assert result.responses, result.failures
render_report(result.responses[0], catalog)
with pikepdf.open(forms[0].parent / "filled.pdf") as pdf:  # locked: read by pypdf, not the fast reader
    pdf.save(forms[0].parent / "locked.pdf", encryption=pikepdf.Encryption(owner="owner", user=""))
assert read_field_values(forms[0].parent / "locked.pdf")["name"] == "Ada 😀 Lovelace"

after = snapshot()
assert pdfmetrics.getFont("DejaVuSans") is host_font, "formkit replaced the host's DejaVuSans"
# A module may define a name or a logger lazily; a change is to something that existed before,
# or a new logger that is not in its default state.
fresh = logger_state("formkit.test.never-used")
changed = {key: [value, after.get(key)] for key, value in before.items() if key != "loggers" and after.get(key) != value}
changed.update({f"logger {name!r}": [before["loggers"].get(name, fresh), state]
                for name, state in after["loggers"].items() if state != before["loggers"].get(name, fresh)})
print(json.dumps({"changed": changed, "responses": len(result.responses), "built": len(paths)}))
'''


def test_formkit_leaves_reportlab_pikepdf_pypdf_and_logging_as_it_found_them(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "out")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["built"] > 10 and report["responses"] > 1  # the build and the collect really ran
    assert report["changed"] == {}, "formkit changed process-wide state:\n" + json.dumps(report["changed"], indent=1)


def test_the_command_keeps_pypdf_repair_chatter_off_the_terminal(tmp_path: Path) -> None:
    """The library leaves pypdf's logging alone; the `formkit` command, which owns its terminal,
    shows its own one-line warning for a repaired file and not pypdf's ('EOF marker not found')."""
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import render_category

    catalog = effective_catalog()
    garbled = tmp_path / "garbled.pdf"
    garbled.write_bytes(render_category(catalog, catalog.categories[0])[:-60] + b"\x00garbage" * 8)
    done = subprocess.run([sys.executable, "-m", "formkit", "collect", str(garbled), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [f"Warning: {garbled}: repaired a damaged file; check the answers"]
