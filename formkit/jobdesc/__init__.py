"""Word job descriptions built from the competencies, one per role (``formkit jobdesc``).

Library use::

    from formkit.effective import effective_catalog
    from formkit.jobdesc import render_job_description
    data = render_job_description(effective_catalog(["my-org.yaml"]), "peer-support-specialist")
"""

from __future__ import annotations

from ..model import Catalog
from ..outputs import Artifact
from .roles import Role, load_role, load_roles, role_ids

FOLDER = "job-descriptions"


def render_job_description(catalog: Catalog, role_id: str) -> bytes:
    """One role's job description as .docx bytes."""
    from .render import render_role

    return render_role(catalog, load_role(catalog, role_id))


def artifacts(catalog: Catalog) -> list[Artifact]:
    """Every role's job description (the 'job-descriptions' family of ``formkit build``)."""
    from .render import render_role

    return [Artifact(f"{FOLDER}/{role.id}.docx", render_role(catalog, role))
            for role in load_roles(catalog).values()]


__all__ = ["Role", "artifacts", "load_role", "load_roles", "render_job_description", "role_ids"]
