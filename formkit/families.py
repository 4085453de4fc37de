"""The document families `formkit build` renders, by name: a table with no imports, so the
CLI can list them in --help without loading the renderers."""

from __future__ import annotations

# family name -> "module:function"; later issues add their documents here.
FAMILIES: dict[str, str] = {
    "catalogue": "formkit.exports:artifacts",
    "checklists": "formkit.checklist:artifacts",
    "self-assessment": "formkit.selfassess:artifacts",
    "job-descriptions": "formkit.jobdesc:artifacts",
}
