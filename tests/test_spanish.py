"""The Spanish edition (issue 21): every wording key in every language, and a whole `formkit build
-O es` that a Spanish-speaking peer worker, a screen reader and Word all take for Spanish.

What a reader checks: no English word of formkit's own wording left on any page (pdftotext over
every PDF, python-docx and LibreOffice over the Word files), /Lang es and w:lang es-US, file names
that say -es, and on every document's first page and in its metadata the notice that it is an
unofficial translation of the English catalogue, named with its id and version.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path
from string import Formatter

import pytest
from conftest import run_tool

from formkit.catalog.effective import effective_catalog
from formkit.catalog.locale import _locale_file, available_languages

WORD = r"[^\W\d_]+"  # a run of letters, accented ones included (revisión is one word, not revisi + n)
# Words printed the same in Spanish and in English wording: not English left behind.
SHARED_WORDS = {"total", "no", "individual", "general", "plan", "formkit", "id", "email", "supervisor", "mental", "me", "color",
                "sexual",
                "dd", "mm"}
# Names and citations, kept as written (README of templates/locales/es): acronyms, a law, tools, a file.
NAMES = ("IC&RC Peer Recovery", "SAMHSA", "BRSS TACS", "CCSA", "ADA", "FLSA", "HIPAA", "Olmstead", "W.I.S.E.",
         "NorCal MHA", "WRAP", "WHAM", "Whole Health Action Management", "Wellness Recovery Action Plan", "LGBTQ",
         "FTE", "CSV", "responses.csv")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("language", [lang for lang in available_languages() if lang != "en"])
def test_every_english_key_has_a_translation_with_the_same_placeholders(language: str) -> None:
    english, other = _locale_file("en"), _locale_file(language)
    assert sorted(set(english) - set(other)) == [], f"keys of en missing in {language}"
    assert sorted(set(other) - set(english)) == [], f"keys of {language} that en does not have"
    wrong = {key: (sorted(_placeholders(english[key])), sorted(_placeholders(other[key])))
             for key in english if _placeholders(english[key]) != _placeholders(other[key])}
    assert wrong == {}, "placeholders differ (en, translation)"
    assert [key for key, text in other.items() if not text.strip()] == [], "blank translations"


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from formkit.cli import cli

    out = tmp_path_factory.mktemp("es") / "out"
    result = CliRunner().invoke(cli, ["build", "-O", "es", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _files(out: Path, suffix: str) -> list[Path]:
    return sorted(out.rglob(f"*{suffix}"))


def _pdf_text(path: Path, *pages: str) -> str:
    return run_tool("pdftotext", *pages, str(path), "-").stdout


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _notice() -> str:
    catalog = effective_catalog(["es"])
    return _locale_file("es")["common.translation_notice"].format(
        title=catalog.title, catalogue=catalog.id, version=catalog.version)


def test_every_file_name_says_es_and_categories_are_named_in_spanish(spanish: Path) -> None:
    made = [p for p in spanish.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert len(made) == 24, [p.name for p in made]
    assert [p.name for p in made if not re.search(r"-es\.[a-z.]+$", p.name)] == []
    minitools = sorted(p.name for p in (spanish / "self-assessment").glob("*CC0[15]*"))
    assert minitools == ["self-assessment-CC01-involucra-a-los-pares-es.pdf",
                         "self-assessment-CC05-apoya-la-planificacion-es.pdf"]


def test_pdfs_are_tagged_spanish_and_say_they_are_an_unofficial_translation(spanish: Path) -> None:
    import pikepdf

    notice = _notice()
    pdfs = _files(spanish, ".pdf")
    assert len(pdfs) == 14  # 12 mini-tools, the booklet, the checklist
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "es", path.name
            assert str(pdf.Root.StructTreeRoot.K.get("/Lang", pdf.Root.Lang)) == "es", path.name
            assert str(pdf.docinfo["/Subject"]).startswith(notice), path.name
            xmp = pdf.Root.Metadata.read_bytes().decode()
            assert "<rdf:li>es</rdf:li>" in xmp and _flat(notice) in _flat(xmp), path.name
        assert _flat(notice) in _flat(_pdf_text(path, "-l", "1")), f"{path.name}: no notice on page 1"


def test_word_documents_are_es_us_everywhere_and_carry_the_notice(spanish: Path) -> None:
    import docx

    notice = _notice()
    documents = _files(spanish, ".docx")
    assert len(documents) == 6  # five job descriptions and the checklist
    for path in documents:
        with zipfile.ZipFile(path) as package:
            xml = {name: package.read(name).decode() for name in package.namelist()
                   if name.startswith("word/") and name.endswith(".xml")}
        langs = {name: set(re.findall(r'<w:lang [^>]*w:val="([^"]+)"', text)) for name, text in xml.items()}
        assert langs["word/styles.xml"] == {"es-US"}, path.name
        assert set().union(*langs.values()) == {"es-US"}, (path.name, langs)
        document = docx.Document(str(path))
        assert document.core_properties.language == "es"
        assert document.core_properties.subject.startswith(notice[:200]), path.name
        first = [p.text for p in document.paragraphs[:4]]
        assert notice in first, (path.name, first)


def _english_words() -> set[str]:
    """Every word of formkit's English wording (placeholders left out), lower-cased."""
    words: set[str] = set()
    for text in _locale_file("en").values():
        literal = "".join(part for part, _, _, _ in Formatter().parse(text))
        words |= {w.lower() for w in re.findall(WORD, literal) if len(w) > 1}
    return words - SHARED_WORDS


def _without_names(text: str, spanish: Path) -> str:
    """``text`` with names and citations cut out: the catalogue's and its sources' titles and
    publishers, the board's form number, URLs and the names listed in NAMES."""
    from formkit.context.boards import resolve_board

    catalog = effective_catalog(["es"])
    board = resolve_board(catalog)
    names = [catalog.provenance, catalog.title, catalog.id, *(f.title for f in catalog.frameworks),
             *(f.publisher for f in catalog.frameworks), board.form_number, *NAMES]
    flat = re.sub(r"https?://\S+", " ", _flat(text))
    for name in sorted(names, key=len, reverse=True):
        flat = flat.replace(_flat(name), " ")
    return flat


def _english_left(text: str, spanish: Path) -> list[str]:
    english = _english_words()
    return sorted({w for w in re.findall(WORD, _without_names(text, spanish)) if w.lower() in english})


def test_no_english_wording_is_left_in_any_spanish_pdf(spanish: Path) -> None:
    left = {path.name: found for path in _files(spanish, ".pdf")
            if (found := _english_left(_pdf_text(path), spanish))}
    assert left == {}


def test_no_english_wording_is_left_in_any_spanish_word_document(spanish: Path) -> None:
    left = {path.name: found for path in _files(spanish, ".docx")
            if (found := _english_left(_docx_text(path), spanish))}
    assert left == {}


def test_libreoffice_reads_a_spanish_job_description_as_spanish_text(spanish: Path, tmp_path: Path) -> None:
    source = spanish / "job-descriptions" / "peer-support-specialist-es.docx"
    run_tool("soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path),
             str(source), timeout=180)
    text = (tmp_path / "peer-support-specialist-es.txt").read_text(encoding="utf-8-sig")
    assert "Funciones y responsabilidades esenciales" in text and _flat(_notice()) in _flat(text)
    assert _english_left(text, spanish) == []


def test_a_document_in_the_catalogues_own_language_has_no_notice_and_no_language_in_its_name() -> None:
    from formkit.catalog.language import file_suffix, translation_notice
    from formkit.catalog.locale import Wording
    from formkit.documents.selfassess import artifacts

    english = effective_catalog([])
    assert file_suffix(english) == "" and translation_notice(english, Wording(english)) == ""
    (made,) = artifacts(english, ["CC1"], booklet=False)
    assert made.relpath == "self-assessment/self-assessment-CC01-engages-peers.pdf"
    assert b"Unofficial translation" not in made.data and b"/Lang (en)" in made.data


def test_slugs_are_cut_between_words_in_every_language() -> None:
    from formkit.core.naming import slug

    title = "Apoyo culturalmente pertinente para la comunidad puertorriqueña"
    assert slug(title, limit=40, ascii_lower=True) == "apoyo-culturalmente-pertinente-para-la"
    assert slug("Ψυχική υγεία και ανάρρωση στην κοινότητα", limit=20) == "Ψυχική-υγεία-και"
    assert slug("Supercalifragilisticexpialidocious", limit=10) == "Supercalif"  # one word: nothing else to keep


def test_a_language_overlay_names_files_from_its_translated_titles(tmp_path: Path) -> None:
    overlay = tmp_path / "pr.yaml"
    overlay.write_text("name: Puerto Rico\nlanguage: es\ncategories:\n  CC6:\n"
                       "    title: Conecta con recursos de la comunidad puertorriqueña en la isla y fuera de ella\n",
                       encoding="utf-8")
    catalog = effective_catalog([str(overlay)])
    assert catalog.category("CC6").slug == "conecta-con-recursos-de-la-comunidad"
    assert catalog.category("CC5").slug == "supports-recovery-planning"  # not retitled: its name stays
    reworded = tmp_path / "reword.yaml"  # an English rewording keeps the file names people know
    reworded.write_text("name: House style\ncategories:\n  CC6: {title: Links peers to resources}\n", encoding="utf-8")
    assert effective_catalog([str(reworded)]).category("CC6").slug == "links-to-resources"


def test_an_unknown_ccsa_id_or_level_is_one_line_naming_the_file_and_key(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from formkit.cli import cli

    overlay = tmp_path / "bad.yaml"
    overlay.write_text("name: Bad\nlanguage: es\nccsa:\n  competencies:\n    B99: {name: Nada}\n"
                       "  technical: {levels: {'7': Siete}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["overlay", "check", str(overlay)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "bad.yaml" in result.output and "ccsa.competencies.B99" in result.output
    assert "ccsa.technical.levels.7" in result.output and "Name the levels 1, 2, 3, 4" in result.output


def test_growth_and_cohort_reports_of_a_spanish_catalogue_are_spanish(spanish: Path, tmp_path: Path) -> None:
    import pikepdf
    from fakestore import FakeStore

    from formkit.reports import person_report
    from formkit.reports.cohort import cohort_files

    store = FakeStore()
    for i in range(6):
        store.add_person(f"p{i}", f"Persona {i}", "Norte", "Dana Ruiz")
        for rater in ("self", "supervisor"):
            store.add_submission(f"p{i}", rater, "baseline", {"CC1.1": 1 + (i + len(rater)) % 4, "CC1.2": "NA"},
                                 "2026-01-10", [("CC1", "Meta", "Ayuda")])
        store.add_submission(f"p{i}", "self", "followup", {"CC1.1": 4, "CC1.2": "NA"}, "2026-06-10")
    catalog = effective_catalog(["es"])
    scale = catalog.scale()  # what a Spanish form stored: its statements and the labels ticked, in Spanish
    store.answer_rows = [dataclasses.replace(
        a, statement=catalog.competency(a.competency_id).statement,
        rating_label=scale.label_for(str(a.rating_value) if a.rating_value else "NA") if a.rating_label else "")
        for a in store.answer_rows]
    made = person_report(store, "p0", catalog) + cohort_files(store.cohort_counts(), catalog)
    pdfs = [a for a in made if a.relpath.endswith(".pdf")]
    assert [a.relpath for a in pdfs] == ["person-Persona-0-p0-es.pdf", "cohort-es.pdf"]
    for artifact in pdfs:
        path = tmp_path / artifact.relpath
        path.write_bytes(artifact.data)
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "es" and str(pdf.docinfo["/Subject"]) == _notice()
        text = _pdf_text(path)
        assert _flat(_notice()) in _flat(_pdf_text(path, "-l", "1")), artifact.relpath
        assert _english_left(text, spanish) == [], artifact.relpath


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from formkit.cli import cli

    out = tmp_path_factory.mktemp("bilingual") / "out"
    result = CliRunner().invoke(cli, ["build", "--bilingual", "es", "--only", "self-assessment", "--only", "checklists",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _spans(path: Path, lang: str) -> list[object]:
    """Structure elements tagged with ``lang``."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    found: list[object] = []
    with pikepdf.open(path) as pdf:
        def walk(elem: object) -> None:
            kids = elem.get(Name.K)  # type: ignore[attr-defined]
            for kid in (list(kids) if isinstance(kids, Array) else [kids]):
                if isinstance(kid, Dictionary) and Name.S in kid:
                    if str(kid.get(Name.Lang, "")) == lang:
                        found.append((str(kid.S), pdf.pages.index(pikepdf.Page(kid.Pg)) if Name.Pg in kid else -1))
                    walk(kid)
        walk(pdf.Root.StructTreeRoot)
        assert str(pdf.Root.Lang) == "en"
    return found


def test_bilingual_forms_print_spanish_beneath_each_statement_in_italics(bilingual: Path) -> None:
    spanish, english = effective_catalog(["es"]), effective_catalog([])
    mini = bilingual / "self-assessment" / "self-assessment-CC01-engages-peers-en-es.pdf"
    checklist = bilingual / "checklists" / "checklist-custom-en-es.pdf"
    assert len(_files(bilingual, ".pdf")) == 14 and not [p for p in bilingual.rglob("*.*")
                                                     if "-en-es." not in p.name and not p.name.startswith(".")]
    for path, competencies in ((mini, english.category("CC1").competencies), (checklist, english.competencies)):
        text = _flat(_pdf_text(path))
        for comp in competencies:  # English, then the same statement in Spanish, in one row
            pair = _flat(f"{comp.statement} {spanish.competency(comp.id).statement}")
            assert pair in text, (path.name, comp.id)
        assert len(_spans(path, "es")) == len(competencies), path.name  # each Spanish statement tagged es
        assert b"DejaVuSans-Oblique" in path.read_bytes(), path.name
        assert _flat(_locale_file("en")["common.translation_notice"].split(":")[0]) in _flat(_pdf_text(path, "-l", "1"))


def test_a_bilingual_word_checklist_holds_both_statements_in_one_cell(bilingual: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(bilingual / "checklists" / "checklist-custom-en-es.docx"))
    rows = [row for table in document.tables for row in table.rows if row.cells[0].text == "CC1.1"]
    cell = rows[0].cells[1]
    english, spanish = cell.paragraphs
    assert english.text == "Initiates contact with peers" and spanish.text == "Inicia el contacto con los pares"
    run = spanish.runs[0]
    assert run.italic and run._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "es-US"
    with zipfile.ZipFile(bilingual / "checklists" / "checklist-custom-en-es.docx") as package:
        styles = package.read("word/styles.xml").decode()
    assert set(re.findall(r'<w:lang [^>]*w:val="([^"]+)"', styles)) == {"en-US"}


def test_bilingual_from_an_overlay_and_a_same_language_overlay_refused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from formkit.cli import cli

    overlay = tmp_path / "board.yaml"
    overlay.write_text("name: Board\nbilingual: es\n", encoding="utf-8")
    assert effective_catalog([str(overlay)]).second_statements["CC2.4"] == "Celebra los esfuerzos y los logros de los pares"
    result = CliRunner().invoke(cli, ["build", "--bilingual", "samhsa-2015-draft", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "is not a translation" in result.output and "--bilingual" in result.output
    assert not (tmp_path / "out").exists()


def test_spanish_word_documents_are_the_same_bytes_every_time(spanish: Path) -> None:
    from formkit.documents.checklist import checklist_docx
    from formkit.documents.jobdesc import artifacts

    catalog = effective_catalog(["es"])
    assert checklist_docx(catalog) == (spanish / "checklists" / "checklist-custom-es.docx").read_bytes()
    again = {a.relpath: a.data for a in artifacts(catalog)}
    assert again["job-descriptions/peer-supervisor-es.docx"] == \
        (spanish / "job-descriptions" / "peer-supervisor-es.docx").read_bytes()


def test_spanish_and_bilingual_pdfs_pass_both_accessibility_checkers(spanish: Path, bilingual: Path) -> None:
    from test_tagging import _checker, _run

    pdfs = [str(p) for p in _files(spanish, ".pdf") + _files(bilingual, ".pdf")]
    assert len(pdfs) == 28
    result = _run(_checker("pdfua"), "check", *pdfs)
    assert result.returncode == 0, result.stdout[-4000:]
    result = _run(_checker("outloud"), "--fail-on", "error", "--no-info", *pdfs)
    assert result.returncode == 0, "\n".join(line for line in result.stdout.splitlines() if "ERROR" in line)[-4000:]


def test_a_board_profile_speaks_the_checklists_language_where_it_says_how(tmp_path: Path) -> None:
    from formkit.context.boards import resolve_board
    from formkit.core.errors import FormkitError

    spanish, english = effective_catalog(["es"]), effective_catalog([])
    icrc = resolve_board(spanish, "icrc-pr")
    assert icrc.name == "IC&RC Peer Recovery (PR)"  # a credential's own name is not translated
    assert [d.name for d in icrc.domains][:2] == ["Defensa de derechos", "Mentoría y educación"]
    assert [d.name for d in resolve_board(english, "icrc-pr").domains][:2] == ["Advocacy", "Mentoring/Education"]
    overlay = tmp_path / "board.yaml"
    shipped = Path(__file__).parents[1] / "templates" / "overlays" / "es.yaml"
    overlay.write_text(f"name: Board\nextends: ['{shipped}']\n"
                       "board: {translations: {es: {domains: {ethic: Ética}}}}\n", encoding="utf-8")
    with pytest.raises(FormkitError) as caught:
        resolve_board(effective_catalog([str(overlay)]))
    assert caught.value.key == "board.translations.es.domains.ethic" and "board.yaml" in str(caught.value.path)


def test_an_overlay_that_names_itself_as_second_language_is_refused_in_one_line(tmp_path: Path) -> None:
    from formkit.core.errors import FormkitError

    overlay = tmp_path / "self.yaml"  # its own `bilingual` is not followed again: no endless recursion
    overlay.write_text("name: Self\nlanguage: es\nbilingual: self.yaml\nstatements: {CC1.1: Inicia el contacto}\n",
                       encoding="utf-8")
    with pytest.raises(FormkitError) as caught:
        effective_catalog([str(overlay)])
    assert "is not a translation: its language is es" in str(caught.value) and caught.value.key == "bilingual"


def test_no_section_heading_is_left_at_the_foot_of_a_page_in_spanish(spanish: Path) -> None:
    """Spanish rows are taller: the "Competencias" heading must travel with the first competency
    (it was left alone at the bottom of the first page of CC1)."""
    heading = _locale_file("es")["selfassess.competencies_heading"]
    for pdf in _files(spanish, ".pdf"):
        if "self-assessment" not in pdf.name:
            continue
        pages = run_tool("pdftotext", "-layout", str(pdf), "-").stdout.split("\f")
        for number, page in enumerate(pages, start=1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            for i, line in enumerate(lines):
                if line == heading:
                    assert any(re.match(r"CC\d+\.\d+", after) for after in lines[i + 1:]), \
                        f"{pdf.name} page {number}: '{heading}' with no competency under it"


def test_every_checklist_header_word_stays_inside_its_own_column(spanish: Path) -> None:
    """Longer Spanish words ("Iniciales", "observado") ran over their column's edge; the header
    now sets them smaller. Checked on the words pdftotext finds in the header row of page 2."""
    from formkit.documents.checklist.pdf import COLS, LEFT

    edges, x = [], LEFT
    for width in COLS.values():
        edges.append((x, x + width))
        x += width
    pdf = spanish / "checklists" / "checklist-custom-es.pdf"
    xml = run_tool("pdftotext", "-f", "2", "-l", "2", "-bbox", str(pdf), "-").stdout
    words = [(float(a), float(b), w) for a, y, b, w in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<', xml)
             if float(y) < 60]  # the header row, at the top of a continued page
    assert "Iniciales" in {w for *_, w in words}, words
    for x0, x1, word in words:
        assert any(a - 0.5 <= x0 and x1 <= b + 0.5 for a, b in edges), \
            f"'{word}' ({x0:.1f}–{x1:.1f}) crosses a column edge"
