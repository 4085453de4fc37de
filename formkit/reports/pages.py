"""The page the growth and cohort reports are printed on: the supervision summary's
(formkit.collect.report_pages), titled, plus the few helpers both reports use."""

from __future__ import annotations

from collections.abc import Sequence

from ..catalog.language import translation_notice
from ..catalog.locale import Wording
from ..catalog.model import Catalog
from ..collect.report_pages import ReportPages
from ..core.xmltext import escape
from ..pdfform.writer import DocInfo


def report_pages(catalog: Catalog, words: Wording, title: str) -> ReportPages:
    """A report titled ``title``, its metadata naming the catalogue it reads the answers against
    (and, in a translation, saying so first: see :func:`translation_line`)."""
    return ReportPages(DocInfo(title=title, form_kind="report", lang=catalog.language, author="formkit",
                               subject=translation_notice(catalog, words), catalog_id=catalog.id,
                               catalog_version=catalog.version, fingerprint=catalog.fingerprint), words, "reports.page")


def translation_line(pages: ReportPages, catalog: Catalog, words: Wording) -> None:
    """Under a report's title: the notice that it is an unofficial translation (nothing in the
    catalogue's own language); the summaries and letters of `formkit collect` print the same."""
    pages.translation_line(catalog)


def markup(text: str) -> str:
    """Typed text as paragraph markup: escaped, its line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def split_widths(total: float, fixed: Sequence[float], count: int) -> list[float]:
    """``fixed`` widths, then ``count`` equal columns sharing what is left of ``total`` but the last
    column (which :meth:`ReportPages.table` sizes itself)."""
    share = (total - sum(fixed)) / max(count, 1)
    return [*fixed, *[share] * (count - 1)]


__all__ = ["ReportPages", "markup", "report_pages", "split_widths", "translation_line"]
