"""The language a page speaks, and its wording (templates/locales/<lang>/serve.yaml).

A page that works with a catalogue speaks that catalogue's language: a person filling a form
with the es overlay reads Spanish screens and Spanish errors (:func:`use_catalog`). The other
pages (home, sign in, documents, uploads) use the server's default catalogue, unless the visitor
chose another language of formkit's locales with ``?lang=xx`` (kept in the session) or their
browser asks for one (Accept-Language). Every text goes through the catalogue's Wording, so an
overlay's ``wording:`` and terminology reach the page as they reach the documents.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import Flask, g, request, session
from markupsafe import Markup, escape

from ..catalog.locale import FALLBACK, Wording, available_languages, fill, shipped_wording
from ..catalog.model import Catalog

PREFIX = "serve."
LANG_PARAM = "lang"


def use_catalog(catalog: Catalog, *, chosen: bool = True) -> None:
    """From here on, this request's page speaks ``catalog``'s language and wording (``chosen``:
    the catalogue decides, and the page offers no language menu that would not change it)."""
    g.serve_words = Wording(catalog)
    g.serve_language = catalog.language
    g.serve_by_catalogue = chosen


def chosen_language(default: str) -> str:
    """The visitor's choice (?lang=, kept in the session), else their browser's, else ``default``."""
    languages = available_languages()
    kept = session.get(LANG_PARAM)
    if isinstance(kept, str) and kept in languages:
        return kept
    return request.accept_languages.best_match(languages) or default


class ShippedWording:
    """formkit's own wording of ``language`` (English where it has none), without a catalogue:
    what the error page says when the catalogue itself could not be read."""

    def __init__(self, language: str) -> None:
        self._table = {**shipped_wording(FALLBACK), **shipped_wording(language)}

    def __call__(self, key: str, **values: Any) -> str:
        return fill(self._table[key], values, key=key)

    def count(self, key: str, count: int, **values: Any) -> str:
        singular = f"{key}_one"
        return self(singular if count == 1 and singular in self._table else key, count=count, **values)


def _words() -> Wording | ShippedWording:
    """This request's wording: set by the page's catalogue, else the default catalogue's in the
    visitor's language."""
    if "serve_words" not in g:
        from . import choices
        from .app import state

        try:
            catalog = choices.effective(state()[1], [])
        except Exception:  # the error page must still speak: the catalogue may be what failed
            g.serve_language = chosen_language(FALLBACK)
            g.serve_words, g.serve_by_catalogue = ShippedWording(g.serve_language), False
            return g.serve_words  # type: ignore[no-any-return]
        language = chosen_language(catalog.language.split("-")[0])
        if language != catalog.language.split("-")[0]:
            catalog = dataclasses.replace(catalog, language=language)
        use_catalog(catalog, chosen=False)
    return g.serve_words  # type: ignore[no-any-return]


def say(key: str, **values: Any) -> str:
    """The page's wording for ``serve.<key>``, filled with ``values``."""
    return _words()(PREFIX + key, **values)


def say_count(key: str, count: int, **values: Any) -> str:
    """``say`` agreeing with ``count`` (``<key>_one`` for one)."""
    return _words().count(PREFIX + key, count, **values)


def say_markup(key: str, **values: Any) -> Markup:
    """Wording with HTML put into its placeholders (a link inside a sentence): the wording is
    escaped, the values are escaped too unless they are already Markup (see :func:`link`)."""
    marks = {name: chr(0xE000 + i) for i, name in enumerate(values)}  # private use: no wording holds one
    text = str(escape(say(key, **marks)))
    for name, mark in marks.items():
        text = text.replace(mark, str(escape(values[name])))
    return Markup(text)


def link(href: str, text: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


def code(text: str) -> Markup:
    return Markup("<code>{}</code>").format(text)


def page_language() -> str:
    _words()
    language: str = g.serve_language
    return language


def language_menu() -> list[tuple[str, str]]:
    """(code, name in its own language) of every locale formkit ships, for the footer's menu;
    none on a page whose catalogue sets its language."""
    _words()
    if g.serve_by_catalogue:
        return []
    return [(code, shipped_wording(code).get(PREFIX + "language_name", code)) for code in available_languages()]


def install(app: Flask) -> None:
    """Keep a ``?lang=`` choice in the session and give every template its wording helpers."""

    @app.before_request
    def remember_language() -> None:
        wanted = request.args.get(LANG_PARAM)
        if wanted in available_languages():
            session[LANG_PARAM] = wanted

    # globals, not a context processor: the macros of _macros.html see them too
    app.jinja_env.globals.update(t=say, tn=say_count, tm=say_markup, link=link, code=code, page_language=page_language,
                                 language_menu=language_menu)
