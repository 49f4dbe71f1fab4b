"""Render the PDFs a build could not take from its cache, and keep them there.

In batches of ``BATCH`` evaluations: assemble each document (cheap, in this process), check it
holds no non-public number, render the batch in parallel, store each PDF in ``.cache/pdf/``
under the key the build gave it. A failed render raises before anything is kept as passing, so
the site never takes half a PDF; copying a cached PDF into the site is the build's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from jixiao.data.contacts import mask_phone
from jixiao.errors import DataError, Finding
from jixiao.integrity.privacy import private_numbers
from jixiao.outputs.pdf.cache import WEASYPRINT_WARNING, PdfCache
from jixiao.outputs.pdf.document import PrintJob, PrintSource, assemble
from jixiao.outputs.pdf.settings import FetchRefused, PdfSettings

log = logging.getLogger("jixiao.pdf")

#: evaluations assembled at a time: a print document with its attachments holds about a megabyte, so
#: thousands are assembled, rendered and let go in batches rather than all held at once
BATCH = 32


@dataclass(frozen=True)
class PublishedPdf:
    """One PDF in the cache: where it is and, if rendered now, how long it took."""

    eval_id: str
    path: Path
    rendered: bool
    pages: int | None = None
    seconds: float | None = None
    #: WeasyPrint's warnings while rendering (a PDF that had any is not kept for the next build)
    warnings: tuple[str, ...] = ()


def private_leaks(source: PrintSource, job: PrintJob) -> list[Finding]:
    """Non-public phone numbers in a PDF's source: its print HTML and its attachments.

    A PDF's text comes only from these, so checking them before rendering keeps the
    numbers out of every PDF without parsing PDFs after the build.
    """
    sheet = source.sheets[job.eval_id]
    return [
        Finding(
            f"site/{job.eval_id}/{job.eval_id}.pdf",
            None,
            "个人信息",
            f"手机号 {mask_phone(number)} 会未遮蔽地进入 PDF",
            "用 jixiao.data.contacts.contact_text 输出联系人",
        )
        for number in private_numbers(sheet)
        if number in job.html or any(number.encode() in a.data for a in job.attachments)
    ]


def render_pdfs(source: PrintSource, settings: PdfSettings, keys: dict[str, str], cache: PdfCache) -> list[PublishedPdf]:
    """Render the PDF of each evaluation in ``keys`` (id → cache key) and keep it in ``cache``."""
    ids = sorted(keys)
    done: list[PublishedPdf] = []
    for start in range(0, len(ids), BATCH):
        done += _render_batch(source, settings, {i: keys[i] for i in ids[start : start + BATCH]}, cache)
    return done


def _render_batch(source: PrintSource, settings: PdfSettings, keys: dict[str, str], cache: PdfCache) -> list[PublishedPdf]:
    jobs = [assemble(source, eval_id, settings) for eval_id in keys]
    problems = [leak for job in jobs for leak in private_leaks(source, job)]
    if problems:
        raise DataError(problems)
    from jixiao.outputs.pdf.parallel import render_all  # WeasyPrint (a second to import) only when a PDF is rendered

    done = []
    try:
        for result in render_all(jobs):
            for message in result.warnings:
                log.warning(WEASYPRINT_WARNING, result.eval_id, message)
            path = cache.put(result.eval_id, keys[result.eval_id], result.pdf, keep=not result.warnings)
            done.append(PublishedPdf(result.eval_id, path, True, result.pages, result.seconds, tuple(result.warnings)))
            log.info("PDF %s：已渲染 %d 页，用时 %.2f 秒", result.eval_id, result.pages, result.seconds)
    except FetchRefused as exc:
        raise DataError([Finding(f"content/{exc}".split(":")[0], None, "PDF", str(exc), "PDF 只引用项目内的文件")]) from None
    return done
