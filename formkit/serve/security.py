"""The page's guards: CSRF tokens on every form, the access token or password, safe headers.

CSRF: each session holds a random token; every POST must carry it in the form field
``csrf_token`` (compared in constant time), so another site cannot make a visitor's browser
post to this page. Access: when the page listens beyond loopback, a visitor must first present
the access token (``?token=``) or the password; the session then remembers them. Headers: a
Content-Security-Policy allowing only this page's own files (no inline script, no outside
host), no MIME sniffing, no referrer, no framing.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from flask import Flask, abort, redirect, render_template, request, session, url_for

from .settings import ServeSettings
from .wording import say

CSRF_FIELD = "csrf_token"
OPEN_ENDPOINTS = {"static", "login"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; object-src 'none'; connect-src 'self'")


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def _same(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str) and hmac.compare_digest(a.encode(), b.encode())


def install(app: Flask, settings: ServeSettings) -> None:
    """Register the guards on ``app``."""
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.before_request
    def guard() -> Any:
        if settings.guarded and request.endpoint not in OPEN_ENDPOINTS and not session.get("authed"):
            if settings.token and _same(request.args.get("token"), settings.token):
                session["authed"] = True
                return redirect(request.path)
            return redirect(url_for("login", next=request.path))
        if request.method == "POST" and not _same(request.form.get(CSRF_FIELD), session.get(CSRF_FIELD)):
            abort(400, description=say("error_csrf"))
        return None

    @app.after_request
    def headers(response: Any) -> Any:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.route("/login", methods=["GET", "POST"])
    def login() -> Any:
        problem = ""
        if request.method == "POST":
            given = request.form.get("secret", "")
            if (settings.password and _same(given, settings.password)) or \
                    (settings.token and _same(given, settings.token)):
                session["authed"] = True
                target = request.args.get("next", "/")
                return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
            problem = say("login_wrong")
        return render_template("login.html", problem=problem, uses_password=bool(settings.password)), \
            (401 if problem else 200)
