"""The translators' workflow: every text formkit prints, out to a gettext PO file and back.

``formkit translate export`` writes each catalogue text (category titles and descriptions, the
statements, principles, scales) and each fixed wording key, with its English source, a context
naming the key and a comment saying where it is printed. ``formkit translate import`` turns a
completed file into a locale folder and a catalogue overlay that points to it (the overlay's
``locale:``), after checking every {placeholder}. Layered just above the catalogue: it reads the
effective catalogue and writes YAML, and knows nothing of the documents.
"""

from __future__ import annotations

from .export import export_po
from .importer import ImportResult, import_po
from .sources import Entry, translatable

__all__ = ["Entry", "ImportResult", "export_po", "import_po", "translatable"]
