"""Word job descriptions built from the competencies, one per role (``formkit jobdesc``).

Library use::

    from formkit.catalog.effective import effective_catalog
    from formkit.documents.jobdesc import render_job_description
    data = render_job_description(effective_catalog(["my-org.yaml"]), "peer-support-specialist")

or, resolving the inputs once for many renders (roles, templates and logo are read there)::

    from formkit.context import resolve
    from formkit.documents.jobdesc.render import render_role
    ctx = resolve(catalog, ["job-descriptions"])
    docs = {rid: render_role(ctx, role) for rid, role in ctx.roles.items()}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...catalog.language import file_suffix
from ...catalog.model import Catalog
from ...context.roles import Role, load_role, load_roles, role_ids
from ...runtime.outputs import Artifact
from ..tasks import Task

if TYPE_CHECKING:
    from ...context import Context

FOLDER = "job-descriptions"


def render_job_description(source: Catalog | Context, role_id: str) -> bytes:
    """One role's job description as .docx bytes (a catalogue is resolved first, for this role)."""
    from ...context import Context, resolve
    from .render import render_role

    if isinstance(source, Context) and role_id in source.roles:
        return render_role(source, source.roles[role_id])
    catalog = source.catalog if isinstance(source, Context) else source
    context = resolve(catalog, ["job-descriptions"], roles=[role_id])
    return render_role(context, context.roles[role_id])


def artifacts(source: Catalog | Context) -> list[Artifact]:
    """Every role's job description (the 'job-descriptions' family of ``formkit build``)."""
    from ...context import as_context
    from .render import render_role

    context = as_context(source, ["job-descriptions"])
    suffix = file_suffix(context.catalog)
    return [Artifact(f"{FOLDER}/{role.id}{suffix}.docx", render_role(context, role))
            for role in context.roles.values()]


def warm() -> None:
    """Load python-docx before `formkit build` forks, so the workers inherit it."""
    from . import render  # noqa: F401  (imports python-docx)


def tasks(context: Context) -> list[Task]:
    """One task per role (a Word job description costs about a fiftieth of a form per competency)."""
    from .render import render_role

    def one(role: Role) -> Task:
        relpath = f"{FOLDER}/{role.id}{file_suffix(context.catalog)}.docx"
        return Task("job-descriptions", relpath, 0.02 * len(role.competencies) + 0.5,
                    lambda: [Artifact(relpath, render_role(context, role))])

    return [one(role) for role in context.roles.values()]


__all__ = ["Role", "artifacts", "load_role", "load_roles", "render_job_description", "role_ids", "tasks", "warm"]
