"""`formkit serve` in Spanish (issue 21): a person filling a form with the es overlay reads every
screen and every error in Spanish, under <html lang="es">; the other pages follow ?lang= or the
browser's Accept-Language. "No English" means: no text of templates/locales/en/serve.yaml that
Spanish words differently is left in the page (compared word-bounded, outside placeholders)."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from string import Formatter

import pytest

from servehelp import csrf_of, make_app

SPANISH = "shipped:es"
PAGES = ["/", "/documents", "/overlay", "/fill", "/upload", "/people", "/cohort"]


def _english_fragments() -> list[str]:
    """The literal parts (between placeholders) of every serve text that Spanish words differently."""
    from formkit.catalog.locale import shipped_wording

    english, spanish = shipped_wording("en"), shipped_wording("es")
    found = set()
    for key, text in english.items():
        # language_name: the menu names each language in itself, "English" on a Spanish page too
        if key.startswith("serve.") and key != "serve.language_name" and text != spanish[key]:
            for literal, _name, _spec, _conv in Formatter().parse(text):
                literal = literal.strip(" ,.;:()“”")
                if re.search(r"[A-Za-z]{3}", literal):
                    found.add(literal)
    return sorted(found)


ENGLISH = _english_fragments()


def english_left(page: bytes) -> list[str]:
    """The English serve wording a page still shows: in its text, or in the attributes a person
    reads or hears (alt, aria-label, title); not in addresses (/people) or field names."""
    markup = page.decode("utf-8")
    said = re.findall(r'\b(?:alt|aria-label|title)="([^"]*)"', markup)
    text = html.unescape(" ".join([re.sub(r"<[^>]*>", " ", markup), *said]))
    return [f for f in ENGLISH if re.search(rf"(?<![\w/-]){re.escape(f)}(?![\w/-])", text)]


def html_lang(page: bytes) -> str:
    found = re.search(rb'<html lang="([^"]+)">', page)
    assert found, "no <html lang>"
    return found.group(1).decode()


@pytest.fixture
def client(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_app(tmp_path / "data").test_client()


def test_the_english_check_finds_the_english_pages(client) -> None:  # type: ignore[no-untyped-def]
    # the check the Spanish tests rely on must be able to fail: on an English page it finds English
    assert "Save and continue" in ENGLISH and "There is a problem" in ENGLISH and "Notes on" in ENGLISH
    assert {"Save and continue", "Your name", "Which round is this?"} <= set(english_left(client.get("/fill").data))


def _start(client, overlay: str = SPANISH) -> str:  # type: ignore[no-untyped-def]
    token = csrf_of(client.get(f"/fill?overlay={overlay}").data)
    response = client.post("/fill", data={"csrf_token": token, "name": "Ana Ruiz", "round": "baseline",
                                          "overlay": overlay})
    assert response.status_code == 302, response.data
    return token


def test_filling_with_the_spanish_form_is_spanish_on_every_screen(client) -> None:  # type: ignore[no-untyped-def]
    from formkit.catalog.effective import effective_catalog

    start = client.get(f"/fill?overlay={SPANISH}").data
    token = _start(client)
    catalog = effective_catalog(["es"])
    screens = {"/fill": start, **{f"/fill/{cat.id}": client.get(f"/fill/{cat.id}").data for cat in catalog.categories},
               "/fill/finish": client.get("/fill/finish").data}
    assert b"Guardar y continuar" in screens[f"/fill/{catalog.categories[0].id}"]
    for path, page in screens.items():
        assert html_lang(page) == "es", path
        assert english_left(page) == [], path
    assert client.post("/fill/finish", data={"csrf_token": token}).status_code == 302
    finished = client.get("/fill/finish").data
    assert "Su formulario está listo".encode() in finished
    assert english_left(finished) == [] and html_lang(finished) == "es"
    filled = client.get("/fill/self-assessment.pdf").data
    body = (f'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            '--B\r\nContent-Disposition: form-data; name="forms"; filename="ana.pdf"\r\n'
            'Content-Type: application/pdf\r\n\r\n').encode() + filled + b"\r\n--B--\r\n"
    # the body as bytes: the test client spools a dict's large file to a file it never closes
    uploaded = client.post("/upload?lang=es", data=body, content_type="multipart/form-data; boundary=B").data.decode()
    assert "Leído: Ana Ruiz: 0 respuestas" in uploaded and "Se guarda 1 formulario para las páginas" in uploaded
    assert "El almacén de respuestas: agregó 0, ya tenía 1." in uploaded


def test_errors_of_a_spanish_form_are_in_spanish(client) -> None:  # type: ignore[no-untyped-def]
    from formkit.documents.selfassess import names

    token = csrf_of(client.get(f"/fill?overlay={SPANISH}").data)
    nameless = client.post("/fill", data={"csrf_token": token, "round": "sometimes", "overlay": SPANISH})
    assert nameless.status_code == 400 and html_lang(nameless.data) == "es"
    assert "Escriba su nombre" in nameless.data.decode() and "Elija inicial o seguimiento." in nameless.data.decode()
    assert english_left(nameless.data) == []
    _start(client)
    wrong = client.post("/fill/CC1", data={"csrf_token": token, names.rating_name("CC1.1"): "99",
                                           names.notes_name("CC1.2"): "x" * 2001})
    page = wrong.data.decode()
    assert wrong.status_code == 400 and html_lang(wrong.data) == "es"
    assert "Hay un problema" in page and "Elija una de las respuestas de este enunciado." in page
    assert "Esta respuesta tiene 2001 caracteres; acórtela a 2000." in page
    assert english_left(wrong.data) == []
    missing = client.get("/fill/CC99")
    assert missing.status_code == 404 and "Página no encontrada" in missing.data.decode()


def test_the_english_form_keeps_english_pages(client) -> None:  # type: ignore[no-untyped-def]
    _start(client, overlay="")
    page = client.get("/fill/CC1").data
    assert html_lang(page) == "en" and b"Save and continue" in page and "Guardar".encode() not in page


def test_every_page_follows_lang_and_the_choice_is_kept(client) -> None:  # type: ignore[no-untyped-def]
    assert html_lang(client.get("/").data) == "en"
    first = client.get("/?lang=es").data
    assert html_lang(first) == "es" and "¿Qué desea hacer?" in first.decode()
    for path in PAGES:  # no ?lang= any more: the session keeps the choice
        # the Documents page lists the catalogue chosen: the Spanish one, so no English statement is there
        page = client.get(path + ("?overlay=" + SPANISH if path == "/documents" else "")).data
        assert html_lang(page) == "es", path
        assert english_left(page) == [], path
    assert html_lang(client.get("/?lang=en").data) == "en"
    assert html_lang(client.get("/upload").data) == "en"


def test_the_browsers_language_is_used_when_none_was_chosen(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/", headers={"Accept-Language": "es-PR,es;q=0.9,en;q=0.5"}).data
    assert html_lang(page) == "es" and english_left(page) == []
    assert html_lang(client.get("/", headers={"Accept-Language": "fr-FR,en;q=0.5"}).data) == "en"


def test_upload_and_sign_in_errors_are_in_spanish(tmp_path: Path) -> None:
    client = make_app(tmp_path / "data").test_client()
    token = csrf_of(client.get("/upload?lang=es").data)
    none = client.post("/upload", data={"csrf_token": token}, content_type="multipart/form-data")
    assert none.status_code == 400 and "No eligió ningún archivo." in none.data.decode()
    not_pdf = client.post("/upload", data={"csrf_token": token, "forms": (io.BytesIO(b"#!/bin/sh\n"), "a.pdf")},
                          content_type="multipart/form-data").data.decode()
    assert "No leído: no es un archivo PDF." in not_pdf
    expired = client.post("/upload", data={"csrf_token": "old"}, content_type="multipart/form-data")
    assert expired.status_code == 400 and "Este formulario caducó" in expired.data.decode()
    for page in (none.data, not_pdf.encode(), expired.data):
        assert english_left(page) == []
    guarded = make_app(tmp_path / "guarded", password="correct horse").test_client()
    login = guarded.get("/login", headers={"Accept-Language": "es"})
    refused = guarded.post("/login", data={"csrf_token": csrf_of(login.data), "secret": "wrong"},
                           headers={"Accept-Language": "es"})
    assert refused.status_code == 401 and html_lang(refused.data) == "es"
    assert "Ese no es el token de acceso ni la contraseña." in refused.data.decode()
    assert english_left(refused.data) == []
