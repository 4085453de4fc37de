"""Nobody's work is overwritten without --force, and --force keeps a backup (issue 13, item 4).

A file that cannot be opened, is encrypted, holds answers or was changed since formkit wrote it
(the folder's manifest of digests tells) is someone's work.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner
from conftest import DATA

from formkit.cli import cli
from formkit.runtime.keep import MANIFEST

LOCKED = DATA / "bad" / "pdfs" / "encrypted-aes256.pdf"  # a filled form, locked with a password
FORM = "self-assessment/self-assessment-CC01-engages-peers.pdf"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _selfassess(out: Path, *extra: str) -> tuple[int, str]:
    return _run("selfassess", "--category", "CC1", "-o", str(out), *extra)


def test_a_locked_form_is_not_replaced_and_force_keeps_it(tmp_path: Path) -> None:
    assert _selfassess(tmp_path)[0] == 0
    target = tmp_path / FORM
    target.write_bytes(LOCKED.read_bytes())
    code, output = _selfassess(tmp_path)
    assert code == 2 and "cannot be opened" in output and "--force" in output, output
    assert target.read_bytes() == LOCKED.read_bytes()
    code, output = _selfassess(tmp_path, "--force")
    assert code == 0, output
    kept = list(target.parent.glob(target.name + ".*.bak"))
    assert len(kept) == 1 and kept[0].read_bytes() == LOCKED.read_bytes()
    assert f"as {kept[0].name}" in output
    assert target.read_bytes() != LOCKED.read_bytes()


def test_a_locked_form_with_no_record_is_someones_work(tmp_path: Path) -> None:
    """No manifest (a folder from before, or a file put there by hand): judged by a look inside."""
    target = tmp_path / FORM
    target.parent.mkdir(parents=True)
    target.write_bytes(LOCKED.read_bytes())
    code, output = _run("build", "--only", "self-assessment", "-o", str(tmp_path))
    assert code == 2 and "cannot be opened" in output, output
    assert target.read_bytes() == LOCKED.read_bytes()


def test_an_unchanged_file_is_replaced_and_a_changed_one_is_not(tmp_path: Path) -> None:
    assert _selfassess(tmp_path)[0] == 0
    assert (tmp_path / MANIFEST).is_file()
    assert _selfassess(tmp_path, "-O", "templates/overlays/starter.yaml")[0] == 0  # new bytes, same file: fine
    target = tmp_path / FORM
    target.write_bytes(target.read_bytes() + b"\n% touched by hand\n")
    code, output = _selfassess(tmp_path)
    assert code == 2 and "was changed after formkit wrote it" in output, output


def _edit_docx(path: Path, revision: str) -> None:
    """Save the Word file as an editor does: same content, revision count moved on."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    core = parts["docProps/core.xml"].decode("utf-8")
    start, end = core.index("<cp:revision>"), core.index("</cp:revision>")
    parts["docProps/core.xml"] = (core[:start] + f"<cp:revision>{revision}" + core[end:]).encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_hand_edited_word_checklist_is_kept(tmp_path: Path) -> None:
    args = ("checklist", "--board", "icrc-pr", "--format", "docx", "-o", str(tmp_path))
    assert _run(*args)[0] == 0
    target = tmp_path / "checklists" / "checklist-icrc-pr.docx"
    _edit_docx(target, "3")
    edited = target.read_bytes()
    code, output = _run(*args)
    assert code == 2 and "revision count" in output, output
    (tmp_path / MANIFEST).unlink()  # no record: the revision count still tells
    code, output = _run(*args)
    assert code == 2 and "revision count" in output, output
    assert target.read_bytes() == edited
    assert _run(*args, "--force")[0] == 0
    assert [p.read_bytes() for p in target.parent.glob("*.bak")] == [edited]


def test_a_locked_checklist_in_a_batch_is_not_replaced(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("id,name\r\nA1,Ann Lee\r\nA2,Kim Cho\r\n", encoding="utf-8")
    args = ("checklist", "--board", "icrc-pr", "--applicants", str(cohort), "-o", str(tmp_path / "out"))
    assert _run(*args)[0] == 0
    target = tmp_path / "out" / "checklists" / "A1-Ann-Lee.pdf"
    target.write_bytes(LOCKED.read_bytes())
    code, output = _run(*args)
    assert code == 2 and "A1-Ann-Lee.pdf cannot be opened" in output, output
    (tmp_path / "out" / "checklists" / MANIFEST).unlink()  # no record: still someone's work
    code, output = _run(*args)
    assert code == 2 and "A1-Ann-Lee.pdf cannot be opened" in output, output
    assert target.read_bytes() == LOCKED.read_bytes()
    code, output = _run(*args, "--force")
    assert code == 0, output
    assert [p.read_bytes() for p in target.parent.glob("A1-Ann-Lee.pdf.*.bak")] == [LOCKED.read_bytes()]
