"""The document families `formkit build` renders, by name: a table with no imports, so the
CLI can list them in --help without loading the renderers."""

from __future__ import annotations

# family name -> "module:function"; later issues add their documents here.
FAMILIES: dict[str, str] = {
    "catalogue": "formkit.documents.exports:artifacts",
    "checklists": "formkit.documents.checklist:artifacts",
    "self-assessment": "formkit.documents.selfassess:artifacts",
    "job-descriptions": "formkit.documents.jobdesc:artifacts",
}

# family name -> "module:function" of the check resolve() runs on the catalogue and board profile
# before rendering (the checklist: every row fits a page). Named here, not imported, so the
# context layer stays below the documents it checks for.
BOARD_CHECKS: dict[str, str] = {
    "checklists": "formkit.documents.checklist:check",
}
