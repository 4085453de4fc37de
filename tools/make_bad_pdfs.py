"""Write the hostile PDFs of tests/data/bad/pdfs/ (run once; the files are committed).

Each file is small and hand-built with pypdf's object model (or raw bytes), so the corpus
stays a few kilobytes and can be regenerated exactly: ``python3 tools/make_bad_pdfs.py``.
The files imitate what really comes back from people: locked, cut short, not a PDF, a
form from another tool, and deliberately hostile ones (reference cycles, compression
bombs, forged formkit metadata).
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject, NumberObject,
                           StreamObject, TextStringObject)

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "bad" / "pdfs"
SCHEMA_KEY = "/FormkitSchema"


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _form(names_values: dict[str, str], schema: object | None = None, raw_schema: bytes | None = None) -> PdfWriter:
    """A one-page AcroForm with text fields (name -> value) and optionally a formkit schema stream."""
    writer = _writer()
    page = writer.pages[0]
    fields = ArrayObject()
    annots = ArrayObject()
    for i, (name, value) in enumerate(names_values.items()):
        field = DictionaryObject({
            NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject(name),
            NameObject("/V"): TextStringObject(value), NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/Rect"): ArrayObject([NumberObject(10), NumberObject(10 + 20 * i), NumberObject(150),
                                              NumberObject(28 + 20 * i)]),
            NameObject("/P"): page.indirect_reference,
        })
        ref = writer._add_object(field)
        fields.append(ref)
        annots.append(ref)
    page[NameObject("/Annots")] = annots
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(DictionaryObject({
        NameObject("/Fields"): fields}))
    if schema is not None or raw_schema is not None:
        stream = DecodedStreamObject()
        data = raw_schema if raw_schema is not None else json.dumps(schema).encode("utf-8")
        stream.set_data(data)
        writer._root_object[NameObject(SCHEMA_KEY)] = writer._add_object(stream.flate_encode())
    return writer


def _formkit_like() -> bytes:
    schema = {"kind": "self-assessment", "catalog": {"id": "samhsa-peer-core-competencies", "version": "2018.1",
                                                     "fingerprint": "base"},
              "scale": {"choices": [{"value": "1", "label": "Rarely"}]},
              "categories": [{"id": "CC1", "title": "Engages peers"}],
              "fields": [{"name": "name", "meta": {"identity": "name"}},
                         {"name": "CC1_1_rating", "kind": "radio",
                          "meta": {"competency": "CC1.1", "category": "CC1", "statement": "Initiates contact"}}]}
    return _bytes(_form({"name": "José Núñez", "CC1_1_rating": "1"}, schema))


def _bomb_stream(size: int, layers: int) -> StreamObject:
    """A stream that inflates to ``size`` bytes of spaces through ``layers`` Flate filters."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(packer.compress(chunk) for _ in range(size >> 20)) + packer.flush()
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    stream = StreamObject()
    stream._data = data
    stream[NameObject("/Filter")] = ArrayObject([NameObject("/FlateDecode")] * layers)
    stream[NameObject("/Length")] = NumberObject(len(data))
    return stream


def _qpdf_encrypt(data: bytes, bits: str, *extra: str) -> bytes:
    """Lock with a user password through qpdf (pypdf needs the cryptography package for AES)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, "in.pdf"), Path(tmp, "out.pdf")
        src.write_bytes(data)
        subprocess.run(["qpdf", "--static-id", "--encrypt", "s3cret", "owner", bits, *extra, "--", str(src),
                        str(dst)], check=True)
        return dst.read_bytes()


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written byte by byte with a correct cross-reference table (for shapes pypdf won't write)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def build() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    good = _formkit_like()

    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    files["word-file-renamed.pdf"] = docx.getvalue()
    files["zero-bytes.pdf"] = b""
    files["plain-text.pdf"] = "Dear supervisor, my answers are below.\r\n1. Usually\r\n".encode("utf-8")
    files["header-only.pdf"] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    files["truncated.pdf"] = good[: len(good) // 2]
    files["truncated-no-eof.pdf"] = good[:-40]
    files["png-renamed.pdf"] = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

    files["encrypted-aes256.pdf"] = _qpdf_encrypt(good, "256")
    files["encrypted-aes128.pdf"] = _qpdf_encrypt(good, "128", "--use-aes=y")
    locked = PdfWriter(clone_from=io.BytesIO(good))
    locked.encrypt(user_password="s3cret", owner_password="owner", algorithm="RC4-128")
    files["encrypted-rc4.pdf"] = _bytes(locked)

    files["no-form.pdf"] = _bytes(_writer())
    files["other-tool-form.pdf"] = _bytes(_form({"FirstName": "Ann", "LastName": "Lee", "Signature": ""}))
    empty_form = _writer()
    empty_form._root_object[NameObject("/AcroForm")] = empty_form._add_object(
        DictionaryObject({NameObject("/Fields"): ArrayObject()}))
    files["form-without-fields.pdf"] = _bytes(empty_form)

    # A field whose /Kids contains itself, and two fields that are each other's /Parent.
    writer = _form({"CC1_1_rating": "1"})
    field = writer._root_object["/AcroForm"]["/Fields"][0]
    field.get_object()[NameObject("/Kids")] = ArrayObject([field])
    files["cyclic-kids.pdf"] = _bytes(writer)
    writer = _form({"a": "1", "b": "2"})
    a_ref, b_ref = writer._root_object["/AcroForm"]["/Fields"]
    a_ref.get_object()[NameObject("/Parent")] = b_ref
    b_ref.get_object()[NameObject("/Parent")] = a_ref
    a_ref.get_object()[NameObject("/Kids")] = ArrayObject([b_ref])
    b_ref.get_object()[NameObject("/Kids")] = ArrayObject([a_ref])
    files["cyclic-parents.pdf"] = _bytes(writer)
    writer = _writer()
    pages = writer._root_object.raw_get("/Pages")
    pages.get_object()[NameObject("/Kids")].append(pages)
    pages.get_object()[NameObject("/Count")] = NumberObject(2)
    files["cyclic-page-tree.pdf"] = _bytes(writer)

    # Compression bombs: a formkit schema stream, and a page's content, of 1 GiB when inflated.
    writer = _form({"name": "x", "CC1_1_rating": "1"})
    writer._root_object[NameObject(SCHEMA_KEY)] = writer._add_object(_bomb_stream(1 << 30, 2))
    files["bomb-schema-stream.pdf"] = _bytes(writer)
    writer = _writer()
    writer.pages[0][NameObject("/Contents")] = writer._add_object(_bomb_stream(1 << 30, 2))
    files["bomb-page-content.pdf"] = _bytes(writer)

    # Forged formkit metadata: wrong types everywhere a reader expects structure.
    files["forged-schema-types.pdf"] = _bytes(_form({"name": "x", "CC1_1_rating": "1"}, {
        "kind": "self-assessment", "catalog": "not a mapping", "scale": {"choices": "abc"},
        "categories": [1, 2], "fields": "CC1_1_rating"}))
    files["forged-schema-meta.pdf"] = _bytes(_form({"name": "x", "CC1_1_rating": "1"}, {
        "kind": "self-assessment", "catalog": {"id": ["x"], "version": {"v": 1}},
        "fields": [{"name": 7, "meta": {"plan": "whole", "row": "first", "column": "__class__"}},
                   {"meta": {"competency": None}}, {"name": "name", "meta": {"identity": ["a"]}}]}))
    files["forged-schema-not-json.pdf"] = _bytes(_form({"CC1_1_rating": "1"}, raw_schema=b"\xff\xfe{not json"))
    files["forged-schema-kind.pdf"] = _bytes(_form({"x": "1"}, {"kind": "checklist-from-mars"}))
    # Field names and values crafted to escape folders or break the CSV (mapped by name, no schema).
    files["forged-field-names.pdf"] = _bytes(_form({
        "name": "../../../etc/passwd", "CC1_1_rating": "=HYPERLINK(\"http://x.invalid\")",
        "CC99_1_rating": "1", "CC1_1_notes": "\u202eevil\u202c\r\nline\x00two", "x" * 5000 + "_rating": "1"}))

    # Deeply nested arrays (a parser recursion bomb) and garbage cross-reference tables.
    files["deep-nesting.pdf"] = _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /FT /Tx /T (CC1_1_rating) /V " + b"[" * 5000 + b"]" * 5000 + b" >>"])
    files["garbage-xref.pdf"] = (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                                 b"xref\n0 3\n9999999999 00000 n \nzzzz\ntrailer\n<< /Root 7 0 R /Size -3 >>\n"
                                 b"startxref\n123456789\n%%EOF\n")
    files.update(_over_budget(good))
    # Formula injection (issue 13, item 3): the minus-digit form that the first escaping let through.
    files["formula-minus-digit.pdf"] = _bytes(_form({
        "name": "-2+3+cmd|' /C calc'!A0", "CC1_1_rating": "1", "CC1_1_notes": "@SUM(1+1)*cmd|' /C calc'!A0"}))
    # One long answer and a 300-character name (issue 13, item 6): the summary report took minutes
    # (quadratic line breaking), then failed with "File name too long".
    files["long-answer-and-name.pdf"] = _object_streams(_bytes(_form({
        "name": "Sam " + "Lee" * 99 + "e", "CC1_1_rating": "1", "CC1_strengths": "listening " * 25_000})))
    # Control characters in answers (issue 13, item 11): a NUL reached responses.csv raw.
    files["control-characters-in-answer.pdf"] = _bytes(_form({
        "name": "Sam\x00Lee", "CC1_1_rating": "1", "CC1_1_notes": "one\x01two\x1fthree\ttab"}))
    files.update(_altered(genuine_cc1()))
    files["altered-names-swapped-rewritten.pdf"] = _bytes(_placed_cc1(swap=("CC1_1_rating", "CC1_5_rating")))
    return files


def genuine_cc1() -> bytes:
    """A small CC1 form with the very schema formkit embeds (fingerprint 'base'), answered.

    The schema comes from a real render; the page is a blank one with one text field per
    schema field, so the file stays small (the checks compare field names and the schema).
    """
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import render_category
    from formkit.pdfform.read import read_form

    catalog = effective_catalog(())
    schema = read_form(render_category(catalog, catalog.categories[0])).schema
    values = {f["name"]: "" for f in schema["fields"] if f["kind"] != "signature"}
    values.update({"name": "Pat Doe", "date": "2026-11-30", "CC1_1_rating": "4", "CC1_5_rating": "1"})
    return _bytes(_form(values, schema))


def _placed_cc1(swap: tuple[str, str] | None = None) -> PdfWriter:
    """A small answered CC1 form whose boxes sit where its (genuine) schema places them.

    Text boxes and radio circles (one widget per choice, on-state named by the choice) on the
    schema's pages, at the schema's rects; with ``swap``, two fields trade names, written as a
    whole new file (what pdftk or pypdf write): no earlier revision is left to compare with.
    """
    from formkit.catalog.effective import effective_catalog
    from formkit.documents.selfassess import render_category
    from formkit.pdfform.read import read_form

    catalog = effective_catalog(())
    schema = read_form(render_category(catalog, catalog.categories[0])).schema
    values = {"name": "Pat Doe", "date": "2026-11-30", "CC1_1_rating": "4", "CC1_5_rating": "1"}
    writer = PdfWriter()
    pages = [writer.add_blank_page(612, 792) for _ in range(1 + max(f["page"] for f in schema["fields"]))]
    look = writer._add_object(_appearance())
    fields = ArrayObject()
    for spec in (f for f in schema["fields"] if f["kind"] != "signature"):
        page, value = pages[spec["page"]], values.get(spec["name"], "")
        field = DictionaryObject({NameObject("/T"): TextStringObject(spec["name"])})
        if spec["kind"] == "radio":
            field.update({NameObject("/FT"): NameObject("/Btn"), NameObject("/Ff"): NumberObject(49152),
                          NameObject("/V"): NameObject("/" + (value or "Off"))})
            ref = writer._add_object(field)
            field[NameObject("/Kids")] = ArrayObject(
                _widget(writer, page, choice["rect"], ref, choice["value"], value, look) for choice in spec["choices"])
        else:
            field.update({NameObject("/FT"): NameObject("/Tx"), NameObject("/V"): TextStringObject(value),
                          **_widget_keys(page, spec["rect"])})
            ref = writer._add_object(field)
            page[NameObject("/Annots")] = ArrayObject([*page.get("/Annots", []), ref])
        fields.append(ref)
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(DictionaryObject({NameObject("/Fields"): fields}))
    stream = DecodedStreamObject()
    stream.set_data(json.dumps(schema).encode("utf-8"))
    writer._root_object[NameObject(SCHEMA_KEY)] = writer._add_object(stream.flate_encode())
    if swap:
        named = {str(f.get_object()["/T"]): f.get_object() for f in fields}
        first, second = named[swap[0]], named[swap[1]]
        first[NameObject("/T")], second[NameObject("/T")] = second["/T"], first["/T"]
    return writer


def _appearance() -> StreamObject:
    look = DecodedStreamObject()
    look.set_data(b"")
    look.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject([NumberObject(0)] * 4)})
    return look


def _widget_keys(page: Any, rect: list[float]) -> dict[NameObject, Any]:
    return {NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/Rect"): ArrayObject(FloatObject(v) for v in rect), NameObject("/P"): page.indirect_reference}


def _widget(writer: PdfWriter, page: Any, rect: list[float], parent: Any, state: str, value: str, look: Any) -> Any:
    """One radio circle: a widget whose on-state is ``state`` (selected when it is ``value``)."""
    kid = DictionaryObject({**_widget_keys(page, rect), NameObject("/Parent"): parent,
                            NameObject("/AS"): NameObject("/" + state if state == value else "/Off"),
                            NameObject("/AP"): DictionaryObject({NameObject("/N"): DictionaryObject(
                                {NameObject("/" + state): look, NameObject("/Off"): look})})})
    ref = writer._add_object(kid)
    page[NameObject("/Annots")] = ArrayObject([*page.get("/Annots", []), ref])
    return ref


def _update(base: bytes, change: Callable[[PdfWriter], None]) -> bytes:
    """``base`` plus one incremental update holding what ``change`` did (pypdf's incremental writer)."""
    writer = PdfWriter(io.BytesIO(base), incremental=True)
    change(writer)
    return base + _bytes(writer)[len(base):]


def _replace_schema(edit: Callable[[dict[str, Any]], None]) -> Callable[[PdfWriter], None]:
    def change(writer: PdfWriter) -> None:
        ref = writer._root_object.raw_get(SCHEMA_KEY)
        schema = json.loads(ref.get_object().get_data())
        edit(schema)
        stream = DecodedStreamObject()
        stream.set_data(json.dumps(schema).encode("utf-8"))
        writer._replace_object(ref, stream.flate_encode())
    return change


def _relabel(schema: dict[str, Any]) -> None:
    """The scale read backwards: the answer '4' (Consistently) now says 'Rarely', and so on."""
    labels = [c["label"] for c in schema["scale"]["choices"][:4]]
    for choices in [schema["scale"]["choices"]] + [f["choices"] for f in schema["fields"] if "competency" in
                                                   f.get("meta", {}) and "choices" in f]:
        for choice, label in zip(choices, reversed(labels)):
            choice["label"] = label


def _remap(schema: dict[str, Any]) -> None:
    """CC1.1's answer counted for CC12.4 (with CC12.4's statement), catalogue and fingerprint unchanged."""
    from formkit.catalog.effective import effective_catalog

    target = next(k for k in effective_catalog(()).competencies if k.id == "CC12.4")
    field = next(f for f in schema["fields"] if f["name"] == "CC1_1_rating")
    field["meta"].update(competency=target.id, category="CC12", statement=target.statement)


def _swap_names(writer: PdfWriter) -> None:
    """The fields CC1_1_rating and CC1_5_rating trade names: each answer lands on the other."""
    fields = {str(f.get_object()["/T"]): f.get_object() for f in writer._root_object["/AcroForm"]["/Fields"]}
    first, fifth = fields["CC1_1_rating"], fields["CC1_5_rating"]
    first[NameObject("/T")], fifth[NameObject("/T")] = fifth["/T"], first["/T"]


def _altered(genuine: bytes) -> dict[str, bytes]:
    """A genuine form changed by an appended update (issue 13, item 5): collect must flag each."""
    return {"altered-schema-relabelled.pdf": _update(genuine, _replace_schema(_relabel)),
            "altered-answer-remapped.pdf": _update(genuine, _replace_schema(_remap)),
            "altered-field-renamed.pdf": _update(genuine, _swap_names)}


def _append_update(base: bytes, trailer_tail: bytes) -> bytes:
    """``base`` plus an incremental update whose trailer ends in ``trailer_tail`` (raw bytes)."""
    prev = int(base[base.rindex(b"startxref") + 9:].split()[0])
    update = b"\nxref\n0 0\ntrailer\n<< /Size 99 /Root 1 0 R /Prev %d" % prev + trailer_tail + b"\n"
    at = len(base) + update.index(b"xref")
    return base + update + b"startxref\n%d\n%%%%EOF\n" % at


def _object_streams(data: bytes) -> bytes:
    """The same PDF with its objects packed into compressed object streams (small on disk)."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue()


def _with_mapping_name(writer: PdfWriter) -> PdfWriter:
    """A /TM on the first field: formkit's fast reader steps aside and pypdf reads the file."""
    first = writer._root_object["/AcroForm"]["/Fields"][0].get_object()
    first[NameObject("/TM")] = TextStringObject("mapped")
    return writer


def _over_budget(good: bytes) -> dict[str, bytes]:
    """Files that cost a reader too much time or memory (issue 13, items 1 and 2)."""
    files: dict[str, bytes] = {}
    spaces = b" " * 40 + b"}"  # a run of spaces, then a byte no token starts with
    files["backtracking-trailer.pdf"] = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] "
        b"/Count 0 >>\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
        b"trailer\n<< /Size 3 /Root 1 0 R" + spaces + b" >>\nstartxref\n107\n%%EOF\n")
    files["poisoned-update.pdf"] = _append_update(good, spaces)
    many = {"kind": "self-assessment", "catalog": {"id": "samhsa-peer-core-competencies", "version": "2018.1",
                                                   "fingerprint": "base"},
            "fields": [{"name": "CC1_1_rating", "meta": {}}] * 600_000}
    writer = _form({"name": "x", "CC1_1_rating": "1"})  # two Flate layers: the fast reader steps aside
    packed = zlib.compress(zlib.compress(json.dumps(many).encode("utf-8"), 9), 9)
    stream = StreamObject()
    stream._data = packed
    stream[NameObject("/Filter")] = ArrayObject([NameObject("/FlateDecode")] * 2)
    writer._root_object[NameObject(SCHEMA_KEY)] = writer._add_object(stream)
    files["forged-schema-600k-fields.pdf"] = _bytes(writer)
    files["forged-schema-70k-fields.pdf"] = _bytes(_form({"name": "x", "CC1_1_rating": "1"},
                                                         dict(many, fields=many["fields"][:70_000])))
    fewer = dict(many, fields=[{"name": "CC1_1_rating"}] * 20_000)  # under the size limit, over the field limit
    files["forged-schema-20k-fields-pypdf.pdf"] = _bytes(_with_mapping_name(
        _form({"name": "x", "CC1_1_rating": "1"}, fewer)))
    files["answer-of-300k-characters.pdf"] = _object_streams(_bytes(_form(
        {"name": "x", "CC1_1_rating": "1", "CC1_1_notes": "a" * 300_000})))
    return files


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(build().items()):
        (OUT / name).write_bytes(data)
        print(f"{len(data):8d}  {OUT / name}", file=sys.stderr)


if __name__ == "__main__":
    main()
