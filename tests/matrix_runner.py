"""Runs the fill matrix's work once per session, on both cores: fills, then renderings.

Every cell needs a filled file and a rendering of one or two pages; many cells share them. A
filler or renderer that runs in another process (pdftk's JVM, node, the PyPDFForm venv, poppler,
MuPDF) only waits, so those jobs run two at a time, and Python-bound fills run beside them.
PDFium is not thread-safe: everything that touches pypdfium2 runs on one thread of its own.
A rendering is queued only once its fill is done, so no job ever waits on another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from fillers import FILLERS, Filler, Layout, Values, read_layout
from renderers import RENDERERS, Glyph, dark_at_centre

from formkit.pdfform.fill import fill_form

CONTROL = "formkit"
OUT_OF_PROCESS = {"pdftk", "pdfjs", "pypdfform", "pypdfform-gen", "poppler", "mupdf"}


def fill_with_formkit(src: Path, dst: Path, values: Values, layout: Layout) -> None:
    """The control row: formkit's own fill, which draws with its embedded fonts."""
    dst.write_bytes(fill_form(src, values))


def _relay(source: Future[Any], target: Future[Any]) -> None:
    if source.cancelled():
        target.cancel()
    elif source.exception() is not None:
        target.set_exception(source.exception())
    else:
        target.set_result(source.result())


class Matrix:
    """Forms, fills and renderings, each made once and shared by every cell that needs it."""

    def __init__(self, forms: dict[str, Path], values: dict[str, Values], tmp: Path) -> None:
        self.forms, self.values, self.tmp = forms, values, tmp
        self.layouts = {form: read_layout(path) for form, path in forms.items()}
        self._jobs: dict[tuple[str, ...], Future[Any]] = {}
        self._lock = threading.Lock()
        self._closing = False
        self._pools = {"process": ThreadPoolExecutor(2, "fill-matrix-proc"),
                       "python": ThreadPoolExecutor(1, "fill-matrix-py"),
                       "pdfium": ThreadPoolExecutor(1, "fill-matrix-pdfium")}

    def _pool(self, worker: str) -> ThreadPoolExecutor:
        if worker == "pdfium":
            return self._pools["pdfium"]
        return self._pools["process" if worker in OUT_OF_PROCESS else "python"]

    def _fill(self, filler: str, form: str) -> Path:
        dst = self.tmp / f"{filler}-{form}.pdf"
        run: Filler = fill_with_formkit if filler == CONTROL else FILLERS[filler]
        run(self.forms[form], dst, self.values[form], self.layouts[form])
        return dst

    def fill_job(self, filler: str, form: str) -> Future[Path]:
        with self._lock:
            key = ("fill", filler, form)
            if key not in self._jobs:
                self._jobs[key] = self._pool(filler).submit(self._fill, filler, form)
            return self._jobs[key]

    def _after_fill(self, key: tuple[str, ...], filler: str, form: str, worker: str,
                    work: Callable[[Path], Any]) -> Future[Any]:
        """A job on ``worker``'s pool that starts once the fill is done (its failure is passed on)."""
        with self._lock:
            if key in self._jobs:
                return self._jobs[key]
            result: Future[Any] = Future()
            self._jobs[key] = result

        def start(fill: Future[Path]) -> None:
            if self._closing or fill.cancelled():
                result.cancel()
                return
            if fill.exception() is not None:
                result.set_exception(fill.exception())  # type: ignore[arg-type]
                return
            try:
                self._pool(worker).submit(work, fill.result()).add_done_callback(lambda done: _relay(done, result))
            except RuntimeError as exc:  # the pools shut down while this fill finished
                result.set_exception(exc)

        self.fill_job(filler, form).add_done_callback(start)
        return result

    def text_job(self, filler: str, form: str, renderer: str, page: int) -> Future[list[Glyph]]:
        height = self.layouts[form].heights[page]
        return self._after_fill(("text", filler, form, renderer, str(page)), filler, form, renderer,
                                lambda pdf: RENDERERS[renderer][0](pdf, page, height, self.tmp))

    def radio_job(self, filler: str, form: str, renderer: str, page: int) -> Future[dict[str, dict[str, float]]]:
        """Per radio group on the page: each circle's share of dark pixels at its centre."""
        layout = self.layouts[form]

        groups = {group: widgets for group, widgets in layout.radios.items() if widgets[0].page == page}
        rects = [w.rect for widgets in groups.values() for w in widgets]
        clip = (min(r[0] for r in rects) - 2, min(r[1] for r in rects) - 2,
                max(r[2] for r in rects) + 2, max(r[3] for r in rects) + 2)
        height = layout.heights[page]

        def shares(pdf: Path) -> dict[str, dict[str, float]]:
            image = RENDERERS[renderer][1](pdf, page, clip, height, self.tmp)
            return {group: {w.export or "": dark_at_centre(image, clip, w.rect, height) for w in widgets}
                    for group, widgets in groups.items()}

        return self._after_fill(("radio", filler, form, renderer, str(page)), filler, form, renderer, shares)

    def filled(self, filler: str, form: str) -> Path:
        return self.fill_job(filler, form).result()

    def glyphs(self, filler: str, form: str, renderer: str, page: int) -> list[Glyph]:
        return self.text_job(filler, form, renderer, page).result()

    def radios(self, filler: str, form: str, renderer: str, page: int) -> dict[str, dict[str, float]]:
        return self.radio_job(filler, form, renderer, page).result()

    def close(self) -> None:
        """Stop queued work (a run stopped early) and wait for the running jobs."""
        self._closing = True
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)
