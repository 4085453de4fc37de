"""`formkit serve` through Flask's test client: hostile input, the guards, the overlay editor and
the browser-filled form read back by `formkit collect`. (tests/test_serve_browser.py drives the
same pages in a real Chromium.)"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import OVERLAYS, ROOT, assert_user_error
from servehelp import csrf_of, make_app

SCRIPT = '<script>alert("x")</script>'
PAGES = ["/", "/documents", "/overlay", "/fill", "/upload", "/people", "/cohort"]


@pytest.fixture
def app(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_app(tmp_path / "data")


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


def token_of(client) -> str:  # type: ignore[no-untyped-def]
    return csrf_of(client.get("/fill").data)


def kept_files(data: Path) -> list[Path]:
    return sorted(p for p in data.rglob("*") if p.is_file() and p.name not in (".secret-key",))


def test_every_page_opens(client) -> None:  # type: ignore[no-untyped-def]
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        assert b"<h1" in response.data and b"Traceback" not in response.data


@pytest.mark.parametrize("route", ["/fill", "/fill/CC1", "/fill/finish", "/fill/new", "/upload", "/overlay",
                                   "/documents/overlay", "/login"])
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(client, tmp_path: Path, route: str) -> None:  # type: ignore[no-untyped-def]
    client.get("/fill")  # the session has a token; the post does not carry it
    before = kept_files(tmp_path / "data")
    response = client.post(route, data={"name": "Ana", "round": "baseline", "secret": "x",
                                        "forms": (io.BytesIO(b"%PDF-1.7\n"), "a.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert b"did not come from this page" in response.data
    assert kept_files(tmp_path / "data") == before


def test_a_post_with_another_sessions_token_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    stolen = token_of(app.test_client())
    response = app.test_client().post("/fill", data={"csrf_token": stolen, "name": "Ana"})
    assert response.status_code == 400


def test_an_oversized_upload_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    client = make_app(tmp_path / "data", max_request_bytes=1024 * 1024).test_client()
    token = token_of(client)
    big = b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024)
    body = (f'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            '--B\r\nContent-Disposition: form-data; name="forms"; filename="big.pdf"\r\n'
            'Content-Type: application/pdf\r\n\r\n').encode() + big + b"\r\n--B--\r\n"
    # the body as bytes: the test client spools a dict's large file to a file it never closes
    response = client.post("/upload", data=body, content_type="multipart/form-data; boundary=B")
    assert response.status_code == 413
    assert b"larger than this page accepts" in response.data and b"Traceback" not in response.data
    assert list((tmp_path / "data" / "uploads").glob("*.pdf")) == []


def test_a_file_over_the_per_file_limit_is_reported_and_not_kept(tmp_path: Path) -> None:
    client = make_app(tmp_path / "data", max_file_bytes=1000).test_client()
    response = client.post("/upload", data={"csrf_token": token_of(client),
                                            "forms": (io.BytesIO(b"%PDF-1.7\n" + b"0" * 2000), "big.pdf")},
                           content_type="multipart/form-data")
    assert b"Not read: larger than" in response.data
    assert list((tmp_path / "data" / "uploads").glob("*.pdf")) == []


def test_too_many_files_at_once_are_refused(tmp_path: Path) -> None:
    client = make_app(tmp_path / "data", max_files=3).test_client()
    files = [(io.BytesIO(b"%PDF-1.7\n"), f"{n}.pdf") for n in range(4)]
    response = client.post("/upload", data={"csrf_token": token_of(client), "forms": files},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and b"at most 3 are taken at once" in response.data
    assert list((tmp_path / "data" / "uploads").glob("*.pdf")) == []


def test_a_file_that_is_not_a_pdf_is_reported_and_not_kept(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    payload = b"#!/bin/sh\ntouch /tmp/formkit-was-run\n"
    response = client.post("/upload", data={"csrf_token": token_of(client),
                                            "forms": (io.BytesIO(payload), "form.pdf")},
                           content_type="multipart/form-data")
    assert b"Not read: not a PDF file" in response.data
    assert list((tmp_path / "data" / "uploads").glob("*.pdf")) == []


@pytest.mark.parametrize("name", ["../../../../../tmp/formkit-escape.pdf", "/tmp/formkit-escape.pdf",
                                  "..\\..\\formkit-escape.pdf", "uploads/../../formkit-escape.pdf"])
def test_a_path_in_an_upload_name_is_never_used(client, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    outside = sorted(tmp_path.parent.glob("**/formkit-escape.pdf")) + sorted(Path("/tmp").glob("formkit-escape.pdf"))
    response = client.post("/upload", data={"csrf_token": token_of(client),
                                            "forms": (io.BytesIO(b"%PDF-1.7\nnot a form\n"), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    kept = list((tmp_path / "data" / "uploads").glob("*.pdf"))
    assert [p.name for p in kept] and all(re.fullmatch(r"[0-9a-f]{64}\.pdf", p.name) for p in kept)
    assert sorted(tmp_path.parent.glob("**/formkit-escape.pdf")) + sorted(Path("/tmp").glob("formkit-escape.pdf")) \
        == outside
    assert b"Not read:" in response.data  # read as a PDF, found not to be a form


def _start_fill(client, **identity: str) -> str:  # type: ignore[no-untyped-def]
    token = token_of(client)
    response = client.post("/fill", data={"csrf_token": token, "round": "baseline", **identity})
    assert response.status_code == 302, response.data
    return token


def test_script_in_every_text_field_is_shown_as_text(client) -> None:  # type: ignore[no-untyped-def]
    from formkit.serve.fill import category_fields

    token = _start_fill(client, name=SCRIPT, role=SCRIPT, program=SCRIPT, supervisor=SCRIPT, date=SCRIPT)
    from formkit.catalog.effective import effective_catalog

    cc1 = effective_catalog([]).categories[0]
    texts = {name: SCRIPT for name in category_fields(cc1) if not name.endswith("_rating")}
    assert client.post("/fill/CC1", data={"csrf_token": token, **texts}).status_code == 302
    pages = [client.get("/fill").data, client.get("/fill/CC1").data, client.get("/fill/finish").data]
    editor = client.post("/overlay", data={"csrf_token": token, "action": "check", **{
        key: SCRIPT for key in ("name", "version", "org_name", "org_address", "org_contact", "colour", "select",
                                "exclude", "reword", "add", "terminology")}}).data
    upload = client.post("/upload", data={"csrf_token": token, "forms": (io.BytesIO(b"x"), SCRIPT + ".pdf")},
                         content_type="multipart/form-data").data
    for html in [*pages, editor, upload]:
        assert b"<script>" not in html
    assert pages[1].count(b"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") == len(texts)
    assert b"&lt;script&gt;" in editor and b"&lt;script&gt;" in upload


def test_binding_beyond_loopback_without_a_token_is_refused(invoke, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import werkzeug.serving

    def started(*args: object, **kwargs: object) -> None:
        raise AssertionError("the server started on a network address without a token")

    monkeypatch.setattr(werkzeug.serving, "run_simple", started)
    result = invoke("serve", "--host", "0.0.0.0", "--no-browser", "--data", str(tmp_path / "data"))
    assert_user_error(result, "--host", "token")
    assert not (tmp_path / "data").exists()  # refused before anything was made


def test_loopback_needs_no_token_and_a_token_opens_any_address() -> None:
    from formkit.serve import ServeSettings, check_bind

    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        check_bind(host, ServeSettings())
    check_bind("0.0.0.0", ServeSettings(token="t"))
    check_bind("192.168.1.5", ServeSettings(password="p"))


def test_a_guarded_page_asks_for_the_token_first(tmp_path: Path) -> None:
    client = make_app(tmp_path / "data", token="s3cret-token").test_client()
    assert client.get("/people").headers["Location"].startswith("/login")
    assert client.get("/people?token=wrong").headers["Location"].startswith("/login")
    assert client.get("/people?token=s3cret-token").status_code == 302
    assert client.get("/people").status_code == 200


def test_a_guarded_page_takes_the_password_on_its_login_page(tmp_path: Path) -> None:
    client = make_app(tmp_path / "data", password="correct horse").test_client()
    token = csrf_of(client.get("/login").data)
    assert client.post("/login", data={"csrf_token": token, "secret": "wrong"}).status_code == 401
    assert client.get("/people").status_code == 302
    assert client.post("/login?next=/people", data={"csrf_token": token, "secret": "correct horse"}
                       ).headers["Location"] == "/people"
    assert client.get("/people").status_code == 200


def test_an_internal_error_shows_no_traceback(client, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from formkit.serve import choices

    def broken(*args: object) -> None:
        raise RuntimeError("secret detail /etc/formkit")

    monkeypatch.setattr(choices, "effective", broken)
    response = client.get("/documents")
    assert response.status_code == 500
    assert b"Something went wrong inside formkit" in response.data
    assert b"Traceback" not in response.data and b"secret detail" not in response.data


def test_every_page_sends_a_policy_that_allows_no_outside_host(client) -> None:  # type: ignore[no-untyped-def]
    for page in PAGES:
        policy = client.get(page).headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "http" not in policy


LOGO = OVERLAYS / "riverbend-logo.png"


@pytest.mark.parametrize("field,value,key", [
    ("organisation:\n  logo", str(LOGO), "organisation.logo"),  # a real image, outside the data folder
    ("organisation:\n  logo", "../../secret.png", "organisation.logo"),
    ("extends", f"[{OVERLAYS / 'example-agency.yaml'}]", "extends[0]"),
    ("roles:\n  peer-supervisor:\n    template", "../../house.docx", "roles.peer-supervisor.template"),
])
def test_an_uploaded_overlay_cannot_name_files_outside_the_data_folder(client, tmp_path: Path, field: str,
                                                                       value: str, key: str) -> None:  # type: ignore[no-untyped-def]
    import shutil

    shutil.copy(LOGO, tmp_path / "secret.png")  # what ../../secret.png reaches from data/overlays/
    shutil.copy(ROOT / "templates" / "docx" / "job-description.docx", tmp_path / "house.docx")
    overlay = f"name: Sneaky\n{field}: {value}\n".encode()
    response = client.post("/documents/overlay", data={"csrf_token": token_of(client),
                                                       "overlay_file": (io.BytesIO(overlay), "x.yaml")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert f"{key}: &#39;".encode() in response.data and b"is outside the page&#39;s overlay folder" in response.data
    assert list((tmp_path / "data" / "overlays").glob("*.yaml")) == []


def test_an_uploaded_overlay_names_only_the_boards_formkit_ships(client) -> None:  # type: ignore[no-untyped-def]
    overlay = b"name: Sneaky\nboard:\n  profile: /etc/board.yaml\n"
    response = client.post("/documents/overlay", data={"csrf_token": token_of(client),
                                                       "overlay_file": (io.BytesIO(overlay), "x.yaml")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and b"board.profile: unknown board profile" in response.data


def test_an_uploaded_overlay_with_its_files_inside_is_kept_for_the_documents_page(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    overlay = b"name: Riverbend Upload\nexclude:\n  competencies: [CC6.4]\n"
    response = client.post("/documents/overlay", data={"csrf_token": token_of(client),
                                                       "overlay_file": (io.BytesIO(overlay), "../../x.yaml")},
                           content_type="multipart/form-data")
    assert response.status_code == 302 and response.headers["Location"].endswith("overlay=saved:riverbend-upload")
    assert [p.name for p in (tmp_path / "data" / "overlays").glob("*.yaml")] == ["riverbend-upload.yaml"]
    page = client.get(response.headers["Location"]).data
    assert b"CC6.4" not in page and b"CC6.3" in page


def test_the_editor_shows_the_clis_suggestion_beside_the_field(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/overlay", data={"csrf_token": token_of(client), "action": "check",
                                             "name": "Riverbend", "exclude": "CC6.44"})
    assert response.status_code == 400
    error = re.search(rb'<p class="field-error" id="exclude-error">(.*?)</p>', response.data)
    assert error and b"unknown competency" in error.group(1) and b"Did you mean CC6.4?" in error.group(1)
    assert b'aria-describedby="exclude-error" aria-invalid="true"' in response.data


def test_the_editor_writes_an_overlay_the_cli_accepts(client, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    form = {"csrf_token": token_of(client), "action": "download", "name": "Riverbend", "org_name": "Riverbend RCC",
            "colour": "#1F4E79", "exclude": "CC6.4", "reword": "CC1.1: Starts conversations with peers",
            "add": "CC6.A1: Keeps the county's resource list up to date", "terminology": "peers: participants"}
    response = client.post("/overlay", data=form)
    assert response.status_code == 200 and response.mimetype == "application/yaml"
    overlay = tmp_path / "riverbend.yaml"
    overlay.write_bytes(response.data)
    result = invoke("overlay", "diff", str(overlay))
    assert result.exit_code == 0, result.output
    assert "- CC6.4" in result.output and "+ CC6.A1" in result.output
    assert 'Starts conversations with participants"' in result.output


def test_a_form_filled_here_is_read_back_by_collect(client, tmp_path: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    token = _start_fill(client, name="José Núñez", program="Riverbend", supervisor="Dana", date="2026-03-01")
    answers = {"CC1_1_rating": "4", "CC1_2_rating": "NA", "CC1_1_notes": "Greets everyone", "CC1_plan1_goal": "Listen"}
    assert client.post("/fill/CC1", data={"csrf_token": token, **answers}).headers["Location"].endswith("/fill/CC2")
    assert client.post("/fill/CC2", data={"csrf_token": token, "CC2_3_rating": "2"}).status_code == 302
    assert client.post("/fill/finish", data={"csrf_token": token}).status_code == 302
    pdf = client.get("/fill/self-assessment.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    (tmp_path / "filled.pdf").write_bytes(pdf.data)
    result = invoke("collect", str(tmp_path / "filled.pdf"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    import csv

    rows = {r["competency_id"]: r for r in csv.DictReader(io.StringIO(
        (tmp_path / "out" / "responses.csv").read_text(encoding="utf-8")))}
    assert rows["CC1.1"]["person"] == "José Núñez" and rows["CC1.1"]["round"] == "baseline"
    assert (rows["CC1.1"]["rating_value"], rows["CC1.1"]["notes"]) == ("4", "Greets everyone")
    assert rows["CC1.2"]["rating_label"].startswith("Not yet had the chance")
    assert rows["CC2.3"]["rating_value"] == "2" and rows["CC1.3"]["rating_value"] == ""
    assert rows["CC1.1"]["form_check"] == "verified"
    from formkit.store import open_store

    with open_store(tmp_path / "data" / "formkit.db") as store:  # saved to the answer store too
        (person,) = store.people()
        (submission,) = store.submissions(person_id=person.person_id)
        stored = {a.competency_id: a.rating_value for a in store.answers([submission.submission_id])}
    assert (person.name, person.program, submission.round) == ("José Núñez", "Riverbend", "baseline")
    assert (stored["CC1.1"], stored["CC2.3"], stored["CC1.3"]) == (4, 2, None)
    people = client.get("/people").data.decode()
    link = re.search(r'href="(/people/[0-9a-f]{32}\.pdf)"', people)
    assert "José Núñez" in people and link
    summary = client.get(link.group(1))
    assert summary.status_code == 200 and summary.mimetype == "application/pdf"
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(summary.data)).pages)
    assert "José Núñez" in text and "Greets everyone" in text
    growth = client.get(f"/people/{person.person_id}/growth.pdf")  # the store's report of this person
    assert growth.status_code == 200 and growth.mimetype == "application/pdf"
    assert "José Núñez" in " ".join(page.extract_text() for page in PdfReader(io.BytesIO(growth.data)).pages)
    assert f'href="/people/{person.person_id}/growth.pdf"' in people
    cohort = client.get("/cohort/report.csv")
    assert cohort.status_code == 200 and cohort.mimetype == "text/csv"
    assert client.get("/people/nobody/growth.pdf").status_code == 404
    assert client.get(f"/people/{person.person_id}/growth.exe").status_code == 404


def test_a_rating_not_on_the_scale_is_refused_with_a_summary(client) -> None:  # type: ignore[no-untyped-def]
    token = _start_fill(client, name="Ana")
    response = client.post("/fill/CC1", data={"csrf_token": token, "CC1_1_rating": "9", "CC1_2_rating": "3"})
    assert response.status_code == 400
    assert b'<a href="#CC1_1_rating">Choose one of the answers' in response.data
    assert b'value="3" checked' in response.data  # the other answers stay as given


def test_the_wsgi_entry_point_refuses_to_start_unguarded_and_serves_when_guarded(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("from formkit.serve.wsgi import application as app; c = app.test_client(); "
            "r = c.get('/people'); print(r.status_code, r.headers.get('Location'))")
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("FORMKIT_SERVE")}
    refused = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                             env={**env, "FORMKIT_SERVE_DATA": str(tmp_path / "data")})
    assert refused.returncode != 0 and "needs a password or an access token" in refused.stderr
    served = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={**env, "FORMKIT_SERVE_DATA": str(tmp_path / "data"), "FORMKIT_SERVE_PASSWORD": "pw"})
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["302", "/login?next=/people"]
    assert (tmp_path / "data" / ".secret-key").stat().st_mode & 0o077 == 0
