"""`formkit jobdesc`: one role's Word job description (or PDF through LibreOffice)."""

from __future__ import annotations

import click

from ._options import catalog_option, load_effective, overlay_option


@click.command()
@click.option("--role", "role_id", metavar="ROLE",
              help="Role id, e.g. peer-support-specialist; see --list.")
@click.option("--list", "list_roles", is_flag=True, help="List the roles (with your overlays') and exit.")
@overlay_option
@catalog_option
@click.option("--output", "-o", "output", metavar="PATH", type=click.Path(dir_okay=False),
              help="File to write [default: ROLE.docx or ROLE.pdf in the current folder].")
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf"]), default=None,
              help="docx (editable Word file) or pdf (converted with LibreOffice) [default: from -o, else docx].")
def jobdesc(role_id: str | None, list_roles: bool, overlays: tuple[str, ...], catalog_path: str | None,
            output: str | None, fmt: str | None) -> None:
    """Write a job description for one peer-worker role, built from the competencies.

    Duties are the competencies of the role's categories, each traced to its code; the
    document follows your overlay's organisation, wording, terminology and template.

    \b
    Example:
      formkit jobdesc --role peer-support-specialist
      formkit jobdesc --role peer-recovery-coach -O my-agency.yaml -o coach.docx
      formkit jobdesc --role peer-supervisor --format pdf
      formkit jobdesc --list -O my-agency.yaml
    """
    from pathlib import Path

    from ...context import resolve
    from ...documents.jobdesc.render import render_role
    from ...runtime.outputs import Artifact, write_artifacts

    if list_roles:
        from ...documents.jobdesc import load_roles

        catalog = load_effective(overlays, catalog_path)
        for rid, role in load_roles(catalog).items():
            click.echo(f"{rid:34} {role.title}")
        return
    if not role_id:
        raise click.UsageError("give --role ROLE (or --list to see the roles)")
    fmt = _format(output, fmt)
    target = Path(output or f"{role_id}.{fmt}")
    catalog = load_effective(overlays, catalog_path)
    context = resolve(catalog, ["job-descriptions"], roles=[role_id])  # the role, its template, the logo
    role = context.roles[role_id]
    if fmt == "pdf":
        from ...documents.jobdesc.pdf import find_soffice

        find_soffice()  # say so before rendering anything
    data = render_role(context, role)
    if fmt == "pdf":
        from ...documents.jobdesc.pdf import docx_to_pdf

        data = docx_to_pdf(data, role.id)
    write_artifacts([Artifact(target.name, data)], target.parent)
    click.echo(context.words("jobdesc.wrote", path=str(target), title=role.title, provenance=catalog.provenance))


def _format(output: str | None, fmt: str | None) -> str:
    """The format to write: --format, else the file name's; a name that says the other format is
    refused (a Word file named .pdf opens in no PDF reader, and a PDF named .docx in no Word)."""
    from pathlib import Path

    from ...core.errors import FormkitError

    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    named = suffix if suffix in ("docx", "pdf") else None
    if fmt and named and named != fmt:
        raise FormkitError(f"the file name ends in .{named} but --format is {fmt}", path=output, key="--format",
                           hint=f"Name the file {Path(output or '').stem}.{fmt}, or leave out --format "
                                "(the file name decides)")
    return fmt or named or "docx"
