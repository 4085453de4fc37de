"""The fast form reader (formkit.pdfform.fastread) gives exactly what the pypdf reader gives,
for forms written by formkit, pdftk, pypdf and qpdf, and steps aside for anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfhelp import xfdf

from formkit.catalog.effective import effective_catalog
from formkit.documents.selfassess import render_category
from formkit.pdfform import fastfields, fastsyntax, fastxref, read
from formkit.pdfform.fill import fill_form

ANSWERS = {"name": "José Núñez (Ирина) \\ ) (", "program": "Nguyễn Thị Center", "round": "followup",
           "CC1_1_rating": "3", "CC1_2_rating": "NA", "CC1_1_notes": "«quoted» & <angled>\nsecond line"}


def _pypdf(path: Path) -> read.FormContents:
    reader = read._open(path)
    meta = reader.metadata or {}
    return read.FormContents(read._values(reader), read.read_schema(reader),
                             {str(k)[1:]: str(v) for k, v in meta.items() if isinstance(v, str)})


def _fast(path: Path) -> read.FormContents:
    got = read._read_fast(path)
    assert got is not None, f"{path.name} fell back to pypdf"
    return got


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    catalog = effective_catalog(())
    folder = tmp_path_factory.mktemp("fast")
    blank = folder / "blank.pdf"
    blank.write_bytes(render_category(catalog, catalog.categories[0]))
    out = {"blank": blank}
    out["formkit"] = folder / "formkit.pdf"
    out["formkit"].write_bytes(fill_form(blank, ANSWERS))
    data = folder / "answers.xfdf"
    data.write_text(xfdf(ANSWERS), encoding="utf-8")
    out["pdftk"] = folder / "pdftk.pdf"
    run_tool("pdftk", str(blank), "fill_form", str(data), "output", str(out["pdftk"]))
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(blank)))
    values = {k: (f"/{v}" if k.endswith("_rating") or k == "round" else v) for k, v in ANSWERS.items()}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out["pypdf"] = folder / "pypdf.pdf"
    writer.write(str(out["pypdf"]))
    out["qpdf"] = folder / "qpdf.pdf"  # xref stream with a PNG predictor, re-packed object streams
    run_tool("qpdf", "--object-streams=generate", str(out["formkit"]), str(out["qpdf"]))
    out["qpdf-plain"] = folder / "qpdf-plain.pdf"  # classic xref table, no object streams
    run_tool("qpdf", "--object-streams=disable", "--qdf", str(out["pdftk"]), str(out["qpdf-plain"]))
    out["incremental"] = folder / "incremental.pdf"  # an update appended, as Acrobat saves
    inc = PdfWriter(str(out["formkit"]), incremental=True)
    inc.update_page_form_field_values(None, {"program": "Second save"}, auto_regenerate=False)
    inc.write(str(out["incremental"]))
    return out


@pytest.mark.parametrize("kind", ["blank", "formkit", "pdftk", "pypdf", "qpdf", "qpdf-plain", "incremental"])
def test_fast_reader_agrees_with_pypdf(forms: dict[str, Path], kind: str) -> None:
    fast, slow = _fast(forms[kind]), _pypdf(forms[kind])
    assert fast.values == slow.values
    assert fast.schema == slow.schema and (fast.schema is not None)
    assert fast.info == slow.info


def test_fast_reader_sees_the_answers(forms: dict[str, Path]) -> None:
    values = _fast(forms["formkit"]).values
    assert values["name"] == ANSWERS["name"] and values["CC1_1_notes"] == ANSWERS["CC1_1_notes"]
    assert (values["CC1_1_rating"], values["CC1_2_rating"], values["CC1_3_rating"]) == ("3", "NA", "")
    assert _fast(forms["incremental"]).values["program"] == "Second save"


def test_encrypted_and_broken_files_go_to_pypdf(forms: dict[str, Path], tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    run_tool("qpdf", "--encrypt", "", "owner", "256", "--", str(forms["formkit"]), str(locked))
    assert read._read_fast(locked) is None
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(forms["formkit"].read_bytes()[:-300])
    assert read._read_fast(cut) is None
    with pytest.raises(fastsyntax.Unsupported):
        fastxref.FastPdf(b"not a pdf")


def test_a_compression_bomb_is_refused_not_inflated() -> None:
    import zlib

    from formkit.pdfform.budget import OverBudget

    bomb = zlib.compress(b"\0" * (fastxref.MAX_INFLATED + 1024), 9)
    with pytest.raises(OverBudget, match="inflates past"):  # over budget: pypdf must not try it either
        fastxref.inflate(bomb)


# -- hand-made files: one field dictionary written many ways ------------------------------------
def _classic_pdf(objects: dict[int, bytes]) -> bytes:
    """A PDF with a classic cross-reference table; object 1 is the catalogue."""
    out = bytearray(b"%PDF-1.7\n")
    offsets: dict[int, int] = {}
    for num, body in sorted(objects.items()):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _object_stream_pdf(objects: dict[int, bytes]) -> bytes:
    """The same objects packed in one compressed object stream, found through an xref stream."""
    import struct
    import zlib

    nums = sorted(objects)
    body = bytearray()
    header = []
    for num in nums:
        header.append(b"%d %d" % (num, len(body)))
        body += objects[num] + b"\n"
    head = b" ".join(header) + b"\n"
    packed = zlib.compress(head + bytes(body))
    stm, xref_num = max(nums) + 1, max(nums) + 2
    out = bytearray(b"%PDF-1.7\n")
    stm_at = len(out)
    out += (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (stm, len(nums), len(head), len(packed)) + packed + b"\nendstream\nendobj\n")
    xref_at = len(out)
    rows = bytearray()
    for num in range(xref_num + 1):
        row = ((2, stm, nums.index(num)) if num in objects else (1, stm_at, 0) if num == stm
               else (1, xref_at, 0) if num == xref_num else (0, 0, 0))
        rows += struct.pack(">BIH", *row)
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 4 2 ] /Root 1 0 R /Length %d >>\nstream\n"
            % (xref_num, xref_num + 1, len(rows)) + bytes(rows) + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def _form(field: bytes, *extra: bytes) -> dict[int, bytes]:
    """Catalogue (1), pages (2), the field under test (3) and ``extra`` objects from 4 on."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [ 3 0 R ] >> >>",
               2: b"<< /Type /Pages /Kids [ ] /Count 0 >>", 3: field}
    objects.update({4 + i: obj for i, obj in enumerate(extra)})
    return objects


def _both_ways(tmp_path: Path, objects: dict[int, bytes]) -> list[tuple[dict[str, str] | None, dict[str, str]]]:
    """(fast reader's values or None when it stepped aside, pypdf's values) for both file layouts."""
    answers = []
    for make in (_classic_pdf, _object_stream_pdf):
        path = tmp_path / f"{make.__name__}.pdf"
        path.write_bytes(make(objects))
        fast = read._read_fast(path)
        answers.append((None if fast is None else fast.values, read._values(read._open(path))))
    return answers


SIMPLE_FIELDS = {
    "pypdf's layout": b"<<\n/AP <<\n/N <<\n/On 9 0 R\n/Off 9 0 R\n>>\n>>\n/FT /Tx\n/MK <<\n/BC [ 0 0 ]\n>>\n"
                      b"/T (name)\n/TU (Your name\\072)\n/V (Jos\\351 \\(N\\)\\\\)\n>>",
    "no white space": b"<</FT/Tx/T(a\\137b)/V<FEFF004A00F8>/Rect[1 2 3 4]/DA(/Helv 0 Tf 0 g)>>",
    "odd spacing": b"<<  /T\r\n(x)\t/V\f(y) /Ff 4096/MaxLen 10 /F 4\n/P 2 0 R >>",
    "radio group": b"<< /FT /Btn /Ff 49152 /T (r) /V /B /Kids [ 4 0 R 5 0 R ] >>",
    "value by reference": b"<< /FT /Tx /T (t) /V 4 0 R >>",
    "choice list": b"<< /FT /Ch /Ff 2097152 /T (c) /V [ (one) (two) ] /Opt [ (one) (two) (three) ] >>",
    "deep appearance": b"<< /FT /Tx /T (t) /V (v) /AA << /K << /S /JavaScript /JS (a\\(\\)) >> >> /AP << /N << "
                       b"/A [ 1 (]) 2 ] >> >> >>",
    "UTF-16 name and value": b"<< /FT /Tx /T (\xfe\xff\x00a) /V (\xfe\xff\x00\xe9\x00\\)) >>",
    "a key that looks like T": b"<< /FT /Tx /TU (tip) /Type /Annot /Tx (no) /T (real) /V (v) /Vx 1 >>",
    "a name value /T": b"<< /FT /Tx /X /T /T (real) /V /V >>",
}
KIDS = (b"<< /Parent 3 0 R /AS /Off /AP << /N << /A 9 0 R /Off 9 0 R >> >> >>",
        b"<< /Parent 3 0 R /AS /B /T (named kid) /V (kid value) /AP << /N << /B 9 0 R >> >> >>")


@pytest.mark.parametrize("field", SIMPLE_FIELDS.values(), ids=SIMPLE_FIELDS.keys())
def test_hand_made_fields_are_read_fast_and_as_pypdf_reads_them(tmp_path: Path, field: bytes) -> None:
    extra = KIDS if b"/Kids" in field else (b"(by reference)",) if b"4 0 R" in field else ()
    for fast, slow in _both_ways(tmp_path, _form(field, *extra)):
        assert fast == slow
    assert fastfields.match_field(field) is not None  # the one-match path, not the fallback


STEP_ASIDE = {  # the one-match path declines these; the general parser or pypdf takes over
    "key given twice": b"<< /FT /Tx /T (a) /V (first) /V (second) >>",
    "name given twice": b"<< /T (a) /FT /Tx /T (b) /V (v) >>",
    "comment": b"<< /FT /Tx /T (a) % a comment (with /V (x))\n/V (v) >>",
    "parentheses in a string": b"<< /FT /Tx /T (a (b) c) /V (v) >>",
    "nested four deep": b"<< /FT /Tx /T (a) /V (v) /X << /Y << /Z << /W << /V 1 >> >> >> >> >>",
    "escaped key": b"<< /FT /Tx /#54 (a) /V (v) >>",
    "name by reference": b"<< /FT /Tx /T 4 0 R /V (v) >>",  # pypdf names the field by the reference
    "NUL outside a string": b"<< /FT /Tx /T (a) /V\x00(v) >>",
    "mapping name": b"<< /FT /Tx /T (a) /TM (mapped) /V (v) >>",
    "null value": b"<< /FT /Tx /T (a) /V null >>",
}


@pytest.mark.parametrize("field", STEP_ASIDE.values(), ids=STEP_ASIDE.keys())
def test_unusual_fields_step_aside_and_still_agree_with_pypdf(tmp_path: Path, field: bytes) -> None:
    extra = (b"(by reference)",) if b"4 0 R" in field else ()
    assert fastfields.match_field(field) is None
    for fast, slow in _both_ways(tmp_path, _form(field, *extra)):
        assert fast is None or fast == slow


def test_an_object_that_runs_into_the_next_is_read_as_pypdf_reads_it(tmp_path: Path) -> None:
    """In a stream, a dictionary that does not end before the next object fails the one-match path."""
    objects = _form(b"<< /FT /Tx /T (a) /V (v) /MK << /X 1", b"/T (next) /V (wrong) >> >>")
    path = tmp_path / "overlap.pdf"
    path.write_bytes(_object_stream_pdf(objects))
    fast = read._read_fast(path)
    assert fast is None or fast.values == read._values(read._open(path))


def _literal(raw: bytes) -> bytes:
    """``raw`` as a PDF literal string, parentheses and backslashes escaped."""
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


_raw_text = st.binary(max_size=12) | st.sampled_from([b"", b">>", b"/T (x)", b"\xfe\xff\x00a", b"%", b"a\r\nb"])
_other_values = st.sampled_from([b"4", b"-1.5", b"/Name", b"2 0 R", b"true", b"[ 1 2 3 ]", b"[]", b"<< /A 1 >>",
                                 b"<< /N << /On 2 0 R /Off 2 0 R >> >>", b"<< /BC [ 0.1 (x) ] /CA (\\051) >>",
                                 b"<414243>", b"[ (a) <62> [ /c ] ]", b"(tricky /T (x\\) >>)"])
_entries = st.lists(st.one_of(
    st.tuples(st.just(b"/T"), _raw_text.map(_literal)),
    st.tuples(st.just(b"/V"), _raw_text.map(_literal) | st.sampled_from([b"/Yes", b"/Off", b"[ (a) (b) ]", b"7"])),
    st.tuples(st.just(b"/FT"), st.sampled_from([b"/Tx", b"/Btn", b"/Ch"])),
    st.tuples(st.sampled_from([b"/TU", b"/Type", b"/Tx", b"/Ff", b"/AP", b"/MK", b"/DA", b"/Rect"]), _other_values),
), min_size=1, max_size=8)
_gaps = st.sampled_from([b" ", b"\n", b"\r\n", b"  \t", b""])


@given(entries=_entries, gaps=st.lists(_gaps, min_size=20, max_size=20))
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_field_dictionary_reads_as_pypdf_reads_it_or_steps_aside(tmp_path: Path, entries: list[tuple[bytes, bytes]],
                                                                     gaps: list[bytes]) -> None:
    body = b"".join(gaps[i] + key + (gaps[-1 - i] or b" ") + value for i, (key, value) in enumerate(entries))
    field = b"<<" + body + gaps[10] + b">>"
    for make in (_classic_pdf, _object_stream_pdf):
        path = tmp_path / "generated.pdf"
        path.write_bytes(make(_form(field, b"(by reference)")))
        try:
            slow = read._values(read._open(path))
        except Exception:  # noqa: BLE001 - pypdf cannot read it: nothing to compare with
            continue
        fast = read._read_fast(path)
        assert fast is None or fast.values == slow, field


_new_values = _raw_text.map(_literal) | st.sampled_from([
    b"/Yes", b"/Off", b"7", b"4 0 R", b"null", b"true", b"[ (a) (b) ]", b"[ /V (x) ]", b"<4142>", b"<< /A 1 >>", b"()",
    b"/V", b"(a) /V (b)", b"(x", b"(\\)) /T (y)", b"", b"/T (z) /V (w)", b"%", b"(a)>>"])


_after_changes = st.sampled_from([b"", b"", b" /T (other)", b"/V (again)", b" /Kids [ 4 0 R ]", b" /X (", b" >>"])


@given(entries=_entries, gaps=st.lists(_gaps, min_size=20, max_size=20), value=_new_values, gap=_gaps,
       after=_after_changes)
@settings(max_examples=300, deadline=None, derandomize=True)
def test_a_field_read_by_its_template_reads_as_the_whole_match(entries: list[tuple[bytes, bytes]], gaps: list[bytes],
                                                               value: bytes, gap: bytes, after: bytes) -> None:
    """A dictionary that differs from one read before only in its /V value is read from that one's
    template (fastfields.TEMPLATES): the answer is what matching it whole gives, or None where that is None."""
    def field(values: list[tuple[bytes, bytes]], v_gap: bytes | None = None) -> bytes:
        body = b"".join(gaps[i] + key + ((v_gap if key == b"/V" and v_gap is not None else gaps[-1 - i]) or b" ")
                        + val for i, (key, val) in enumerate(values))
        return b"<<" + body + gaps[10] + b">>" + gaps[11]

    at = next((i for i, (key, _) in enumerate(entries) if key == b"/V"), None)
    if at is None:
        entries = [*entries, (b"/V", b"(first)")]
        at = len(entries) - 1
    first = field(entries)
    second = field([*entries[:at], (b"/V", value + after), *entries[at + 1:]], gap)  # ``after``: more than /V changed
    fastfields.TEMPLATES.clear()
    whole = fastfields.match_field(second)  # no template: the whole match
    fastfields.TEMPLATES.clear()
    fastfields.match_field(first)  # its template, where it has one
    templated = fastfields._from_template(second)
    assert templated is None or templated == whole, (first, second)
    assert fastfields.match_field(second) == whole
    fastfields.TEMPLATES.clear()


def test_a_template_is_kept_only_where_the_last_v_begins_the_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """A "/V" inside a later string is not where the value is: no template, so none can misplace a value."""
    monkeypatch.setattr(fastfields, "TEMPLATES", {})
    assert fastfields.match_field(b"<< /V (a) /T (q /V \\(z\\)) >>") is not None
    assert fastfields.TEMPLATES == {}
    assert fastfields.match_field(b"<< /T (q) /V (a) >>") is not None and len(fastfields.TEMPLATES) == 1


def _pypdf_filled(blank: Path, values: dict[str, str], path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(blank)))
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=False)
    writer.write(str(path))
    return path


def test_the_text_fields_of_a_batch_are_read_by_template(forms: dict[str, Path], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A filled text field's dictionary is new bytes in every form: after the first form of a build,
    it is read by the blank's template, and the values are still pypdf's."""
    for memo in ("TEMPLATES", "FIELDS_READ", "FIELDS_SEEN"):
        monkeypatch.setattr(fastfields, memo, {})
    first = _pypdf_filled(forms["blank"], {"name": "Ann", "program": "North", "CC1_1_notes": "one"}, tmp_path / "1.pdf")
    assert _fast(first).values == _pypdf(first).values
    templated: list[tuple[object, ...] | None] = []
    seen = fastfields._from_template
    monkeypatch.setattr(fastfields, "_from_template", lambda source: templated.append(seen(source)) or templated[-1])
    second = _pypdf_filled(forms["blank"], {"name": "Bo (2)", "program": "South", "CC1_1_notes": "two\nlines"},
                           tmp_path / "2.pdf")
    values = _fast(second).values
    assert values == _pypdf(second).values
    assert (values["name"], values["program"], values["CC1_1_notes"]) == ("Bo (2)", "South", "two\nlines")
    assert sum(entry is not None for entry in templated) == 3  # each of the three by its template


def test_dictionaries_read_before_are_told_apart_by_every_byte(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """match_field's answers are kept by the dictionary's bytes: one byte more or less is another answer."""
    monkeypatch.setattr(fastfields, "FIELDS_READ", {})
    monkeypatch.setattr(fastfields, "FIELDS_SEEN", {})
    kid = b"<< /Parent 3 0 R /AS /%s /AP << /N << /A 9 0 R /B 9 0 R /Off 9 0 R >> >> >>"
    seen = []
    for value, states in ((b"(Jos\\351)", (b"A", b"Off")), (b"(Jos\\350)", (b"A", b"Off")),
                          (b"/Off", (b"Off", b"B")), (b"/Off", (b"Off", b"A")), (b"/Off", (b"Off", b"Off"))):
        field = b"<< /FT /Btn /T (r) /V %s /Kids [ 4 0 R 5 0 R ] >>" % value
        path = tmp_path / "form.pdf"
        path.write_bytes(_object_stream_pdf(_form(field, kid % states[0], kid % states[1])))
        fast = read._read_fast(path)
        assert fast is not None and fast.values == read._values(read._open(path))
        seen.append(fast.values["r"])
    assert seen == ["José", "Josè", "B", "A", "Off"]
    kept = fastfields.FIELDS_READ.keys() | fastfields.FIELDS_SEEN.keys()
    assert len(kept) == 3 + 3  # three distinct fields, widgets in three states
    assert not fastfields.FIELDS_READ.keys() & fastfields.FIELDS_SEEN.keys()  # read again: moved, not copied


def test_the_dictionaries_kept_stay_few(forms: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastfields, "FIELDS_READ", {})
    monkeypatch.setattr(fastfields, "FIELDS_SEEN", {})
    monkeypatch.setattr(fastfields, "MAX_FIELDS_READ", 5)
    monkeypatch.setattr(fastfields, "MAX_FIELDS_SEEN", 5)
    assert _fast(forms["formkit"]).values == _pypdf(forms["formkit"]).values
    assert _fast(forms["formkit"]).values == _pypdf(forms["formkit"]).values  # read again: shared ones move
    assert 0 < len(fastfields.FIELDS_READ) <= 5 and 0 < len(fastfields.FIELDS_SEEN) <= 5


def test_forms_from_one_build_can_share_one_schema(forms: dict[str, Path]) -> None:
    """collect decodes a batch's schema once; plain read_form callers still get their own copy."""
    first, second = (read.read_form(forms[kind], shared_schema=True).schema for kind in ("blank", "formkit"))
    assert first is second and first == _pypdf(forms["formkit"]).schema
    own = read.read_form(forms["formkit"]).schema
    assert own == first and own is not first
    assert read.read_form(forms["qpdf"], shared_schema=True).schema == first  # re-compressed: decoded anew


def test_the_form_dictionaries_are_parsed_once_per_distinct_bytes(forms: dict[str, Path], tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """/Root, /AcroForm and /Info are the same bytes in every form of a build: parsed once, kept by
    those bytes, so a form whose /AcroForm lists other fields is read by its own list."""
    from formkit.pdfform import fastread

    parsed: list[bytes] = []
    monkeypatch.setattr(fastread, "_SHARED_READ", {})
    monkeypatch.setattr(fastread, "parse_object", lambda data, pos: parsed.append(data) or fastsyntax.parse_object(data, pos))
    first = _fast(forms["pdftk"])
    assert len(parsed) == 3 and first.values == _pypdf(forms["pdftk"]).values  # /Root, /AcroForm, /Info
    parsed.clear()
    assert _fast(forms["pdftk"]) == first and parsed == []  # the second form of the batch: none parsed again
    pdf = fastxref.FastPdf(forms["pdftk"].read_bytes())
    root = pdf.trailer["Root"]
    acro = pdf.dict(root)["AcroForm"]
    head, listed, fields = pdf.own_text(acro[0]).partition(b"/Fields [")
    fields = fields.replace(b"%d 0 R" % pdf.dict(acro)["Fields"][0][0], b"", 1)  # the first field left out
    changed = tmp_path / "fewer-fields.pdf"
    changed.write_bytes(_updated(forms["pdftk"].read_bytes(), {acro[0]: head + listed + fields}, root=root[0]))
    fewer = _fast(changed)
    assert fewer.values == _pypdf(changed).values and len(fewer.values) < len(first.values)


def _updated(base: bytes, objects: dict[int, bytes], freed: tuple[int, ...] = (), root: int = 1) -> bytes:
    """``base`` with an incremental update appended (classic table), as a viewer saves a filled form."""
    prev = int(base[base.rindex(b"startxref") + 9:].split()[0])
    out = bytearray(base)
    rows = {num: b"%010d 00000 n \n" % len(out) for num in objects}
    for num, body in sorted(objects.items()):
        rows[num] = b"%010d 00000 n \n" % len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    rows.update({num: b"0000000000 00001 f \n" for num in freed})
    xref = len(out)
    out += b"xref\n" + b"".join(b"%d 1\n%s" % (num, row) for num, row in sorted(rows.items()))
    out += b"trailer\n<< /Size 99 /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (root, prev, xref)
    return bytes(out)


@pytest.mark.parametrize("make", [_classic_pdf, _object_stream_pdf])
def test_a_later_update_overrides_and_a_freed_entry_is_read_as_pypdf_reads_it(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    objects = _form(b"<< /FT /Tx /T (a) /V (first save) /Kids [ 4 0 R ] >>", b"<< /T (b) /V (kid) /Parent 3 0 R >>")
    path = tmp_path / "saved.pdf"
    path.write_bytes(_updated(make(objects), {3: b"<< /FT /Tx /T (a) /V (second save) /Kids [ 4 0 R ] >>"}))
    fast = read._read_fast(path)
    assert fast is not None and fast.values == {"a": "second save", "a.b": "kid"} == read._values(read._open(path))
    path.write_bytes(_updated(path.read_bytes(), {}, freed=(4,)))
    fast = read._read_fast(path)
    assert fast is None or fast.values == read._values(read._open(path))


def test_a_one_table_file_finds_each_object_by_its_row_and_refuses_a_damaged_row() -> None:
    """pdftk and pypdf write one classic table; its rows are read only where an object is wanted,
    so each answer must be the row's: in use at its offset, or not there (free, or past the table)."""
    data = _classic_pdf({**_form(b"<< /FT /Tx /T (a) /V (v) >>", b"(four)", b"(five)"), 7: b"(seven)"})
    table = data[data.index(b"xref\n0 ") + 9:data.index(b"trailer")]
    rows = [table[i:i + 20] for i in range(0, len(table), 20)]
    expected = [(1, int(row[:10]), 0) if row[17:18] == b"n" else None for row in rows]
    pdf = fastxref.FastPdf(data)
    assert expected[6] is None and expected[7] is not None  # a free row between rows in use
    assert [pdf.where(num) for num in range(-2, len(rows) + 3)] == [None, None, *expected, None, None, None]
    assert pdf.get(fastsyntax.Ref((5, 0))) == b"five" and pdf.get(fastsyntax.Ref((6, 0))) is None
    assert pdf.get(fastsyntax.Ref((7, 0))) == b"seven" and pdf.get(fastsyntax.Ref((8, 0))) is None
    for damaged in (b" 00000 x \n", b" 00000 n\n\n", b"  0000 n \n"):  # what pypdf, not we, repairs
        row = rows[3][:10] + b" 00000 n \n"
        with pytest.raises(fastsyntax.Unsupported, match="odd xref entry"):
            fastxref.FastPdf(data.replace(row, row[:10] + damaged))
    with pytest.raises(fastsyntax.Unsupported, match="odd xref entry"):  # a table cut short
        fastxref.FastPdf(data.replace(b"xref\n0 8\n", b"xref\n0 10\n"))


@pytest.mark.parametrize("ending", [b" \n", b"\r\n", b" \r"])
def test_rows_that_end_in_different_ways_are_read_and_a_damaged_one_among_them_refused(ending: bytes) -> None:
    """A table's rows are checked first as one shape repeated; a table whose rows end in two ways
    (legal: any two-byte end of line) is checked row by row instead, and must read the same."""
    data = _classic_pdf({**_form(b"<< /FT /Tx /T (a) /V (v) >>", b"(four)", b"(five)"), 7: b"(seven)"})
    start = data.index(b"xref\n0 ") + 9
    table = data[start:data.index(b"trailer")]
    rows = [table[i:i + 18] + ending for i in range(0, len(table), 20)]
    mixed = [row[:18] + (b"\r\n" if num == 5 and ending != b"\r\n" else b" \n" if num == 5 else row[18:])
             for num, row in enumerate(rows)]
    for listed in (rows, mixed):
        pdf = fastxref.FastPdf(data[:start] + b"".join(listed) + data[start + len(table):])
        assert [pdf.where(num) for num in range(len(rows))] == [
            (1, int(row[:10]), 0) if row[17:18] == b"n" else None for row in rows]
        assert pdf.get(fastsyntax.Ref((5, 0))) == b"five" and pdf.get(fastsyntax.Ref((7, 0))) == b"seven"
    for damaged in (b"\n\n", b"  ", b"\r\r"):
        bad = [*mixed[:6], mixed[6][:18] + damaged, *mixed[7:]]
        with pytest.raises(fastsyntax.Unsupported, match="odd xref entry"):
            fastxref.FastPdf(data[:start] + b"".join(bad) + data[start + len(table):])


def test_a_fields_array_looked_up_in_one_loop_gives_each_object_its_own_bytes(tmp_path: Path) -> None:
    """prefetch reads a /Fields array's objects in one loop: each must get the bytes the general
    path gives it, and what the loop does not read plainly (a field a later save replaced, one
    longer than the loop's window, a free row, a row past the table) is left to that path."""
    long_field = b"<< /FT /Tx /T (long) /V (" + b"x" * (fastxref.PREFETCH_WINDOW + 100) + b") >>"
    objects = {**_form(b"<< /FT /Tx /T (a) /V (first save) >>", long_field, b"<< /FT /Tx /T (c) /V (c) >>"),
               8: b"<< /FT /Tx /T (h) /V (h) >>"}
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [ 3 0 R 4 0 R 5 0 R 8 0 R ] >> >>"
    path = tmp_path / "saved.pdf"
    path.write_bytes(_updated(_classic_pdf(objects), {3: b"<< /FT /Tx /T (a) /V (second save) >>"}))
    pdf = fastxref.FastPdf(path.read_bytes())
    texts = pdf.prefetch([fastsyntax.Ref((num, 0)) for num in range(3, 11)] + [{"T": b"direct"}])
    assert set(pdf._own) == {5, 8}  # 3 replaced, 4 too long, 6 and 7 free, 9 and 10 past the table
    assert texts == [b"", b"", pdf._slice(5), b"", b"", pdf._slice(8), b"", b"", b""]  # in order; b"": not read here
    for num in range(3, 11):
        try:
            expected = pdf._slice(num)
        except fastsyntax.Unsupported:
            with pytest.raises(fastsyntax.Unsupported):
                pdf.own_text(num)
            continue
        assert pdf.own_text(num) == expected
    fast = read._read_fast(path)
    assert fast is not None and fast.values == read._values(read._open(path))
    assert fast.values["a"] == "second save" and len(fast.values["long"]) == fastxref.PREFETCH_WINDOW + 100


def test_tables_read_row_by_row_agree_with_the_dictionary_of_every_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """A viewer's saves append small tables: read one row at a time, newer rows override older
    ones, a freed row lets the older listing show (as before), and within one table the first
    in-use listing stands; the same answers as the dictionary built from every row."""
    from formkit.pdfform import fasttable

    base = _classic_pdf(_form(b"<< /FT /Tx /T (a) /V (v) >>", b"(four)", b"(five)"))
    data = _updated(_updated(base, {3: b"<< /FT /Tx /T (a) /V (w) >>", 5: b"(new five)"}), {6: b"(six)"}, freed=(4,))
    at = data.index(b"6 1\n", data.rindex(b"\nxref\n"))  # the last table lists 6 twice: new five's row first
    twice = data[:at] + b"6 1\n%010d 00000 n \n" % data.index(b"5 0 obj\n(new") + data[at:]
    for pdf_bytes in (data, twice):
        lazy = fastxref.FastPdf(pdf_bytes)
        assert lazy.offsets == {} and lazy.where(6) is not None  # read row by row
        monkeypatch.setattr(fasttable, "MAX_LAZY_SUBSECTIONS", 0)
        whole = fastxref.FastPdf(pdf_bytes)
        monkeypatch.undo()
        assert whole.offsets  # the dictionary of every row
        assert [lazy.where(num) for num in range(-1, 12)] == [whole.where(num) for num in range(-1, 12)]
        assert lazy.get(fastsyntax.Ref((5, 0))) == b"new five" and lazy.get(fastsyntax.Ref((4, 0))) == b"four"
    assert fastxref.FastPdf(twice).get(fastsyntax.Ref((6, 0))) == b"new five"  # the first listing stands


@pytest.mark.parametrize("kid", [b"<< /T (b) /V (kid) >>", b"<< /T (b) /V (kid) /Parent 2 0 R >>",
                                 b"<< /T (b) /V (kid) /Parent << /T (x) >> >>"], ids=["none", "another", "direct"])
def test_a_kid_whose_parent_is_not_its_field_steps_aside(tmp_path: Path, kid: bytes) -> None:
    """pypdf names a field up its /Parent links; the fast reader names it down the tree: only when they agree."""
    for fast, _ in _both_ways(tmp_path, _form(b"<< /FT /Tx /T (a) /Kids [ 4 0 R ] >>", kid)):
        assert fast is None
    top = _form(b"<< /FT /Tx /T (a) /V (v) /Parent 2 0 R >>")
    for fast, _ in _both_ways(tmp_path, top):
        assert fast is None


@given(st.lists(st.binary(max_size=3) | st.sampled_from([b"\\", b"\\1", b"\\47", b"\\477", b"\\377", b"\\400", b"\\n",
                                                          b"\\\r\n", b"\\(", b"\\\\", b"\\8"]), max_size=12))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_escapes_undone_in_c_read_as_one_at_a_time(parts: list[bytes]) -> None:
    body = b"".join(parts)
    assert fastsyntax.unescape(body) == fastsyntax._LIT_ESC.sub(fastsyntax._unescape, body)


@given(st.binary(max_size=8) | st.sampled_from([bytes([b]) for b in range(256)])
       | st.builds(lambda a, b: a + b, st.sampled_from([b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf", b"\x00", b"a\x00"]),
                   st.binary(max_size=6)))
@settings(max_examples=600, deadline=None, derandomize=True)
def test_strings_decode_as_pypdf_decodes_them(raw: bytes) -> None:
    from pypdf.generic import create_string_object

    assert fastsyntax.text(raw) == str(create_string_object(raw))


def test_every_pdfdocencoding_byte_decodes_as_pypdf_decodes_it() -> None:
    from pypdf.generic import create_string_object

    assert [fastsyntax.text(bytes([b, 0x41])) for b in range(256)] == [str(create_string_object(bytes([b, 0x41])))
                                                                    for b in range(256)]
