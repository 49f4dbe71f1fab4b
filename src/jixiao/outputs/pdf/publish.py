"""Put each evaluation's PDF into the built site, rendering only what changed.

Order, in batches of ``BATCH`` evaluations: assemble each document (cheap, in this process) →
look each up in the cache → render the misses in parallel; then copy every PDF into
``site/<id>/<id>.pdf`` atomically.
A failed render raises before anything is copied, so the site never holds half a PDF.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.data.contacts import mask_phone
from jixiao.errors import DataError, Finding
from jixiao.integrity import private_numbers
from jixiao.outputs.pdf.cache import FROM_CACHE, WEASYPRINT_WARNING, PdfCache, cache_key
from jixiao.outputs.pdf.document import Job, assemble
from jixiao.outputs.pdf.links import pdf_path
from jixiao.outputs.pdf.settings import FetchRefused, PdfSettings

if TYPE_CHECKING:
    from jixiao.build.site import Build

log = logging.getLogger("jixiao.pdf")


@dataclass(frozen=True)
class Published:
    """One published PDF: where it came from and, if rendered now, how long it took."""

    eval_id: str
    path: Path
    rendered: bool
    pages: int | None = None
    seconds: float | None = None
    #: WeasyPrint's warnings while rendering (a build keeping this PDF logs them again)
    warnings: tuple[str, ...] = ()


#: evaluations assembled at a time: a print document with its attachments holds about a megabyte, so
#: thousands are assembled, rendered and let go in batches rather than all held at once
BATCH = 32


def build_pdfs(build: Build, settings: PdfSettings, ids: list[str] | None = None) -> dict[str, tuple[Path, Published]]:
    """Cached PDFs of ``ids`` (default: every evaluation), rendering the ones missing."""
    cache = PdfCache(build.root / ".cache" / "pdf")
    wanted = sorted(build.sheets) if ids is None else ids
    done: dict[str, tuple[Path, Published]] = {}
    for start in range(0, len(wanted), BATCH):
        done.update(_build_batch(build, settings, cache, wanted[start : start + BATCH]))
    for eval_id, (_, published) in done.items():
        if not published.rendered:
            log.info(FROM_CACHE, eval_id)
    return done


def _build_batch(build: Build, settings: PdfSettings, cache: PdfCache, ids: list[str]) -> dict[str, tuple[Path, Published]]:
    """Assemble ``ids``' documents, take the cached PDFs, render the rest in parallel."""
    jobs = {eval_id: assemble(build, eval_id, settings) for eval_id in ids}
    keys = {eval_id: cache_key(job) for eval_id, job in jobs.items()}
    done: dict[str, tuple[Path, Published]] = {}
    todo = []
    for eval_id, job in jobs.items():
        hit = cache.get(eval_id, keys[eval_id])
        if hit is None:
            todo.append(job)
        else:
            done[eval_id] = (hit, Published(eval_id, hit, rendered=False))
    problems = [leak for job in todo for leak in private_leaks(build, job)]
    if problems:
        raise DataError(problems)
    if todo:  # WeasyPrint (a second to import) only when a PDF must be rendered
        from jixiao.outputs.pdf.parallel import render_all
    try:
        for result in render_all(todo) if todo else ():
            for message in result.warnings:
                log.warning(WEASYPRINT_WARNING, result.eval_id, message)
            path = cache.put(result.eval_id, keys[result.eval_id], result.pdf, keep=not result.warnings)
            done[result.eval_id] = (path, Published(result.eval_id, path, True, result.pages, result.seconds, tuple(result.warnings)))
            log.info("PDF %s：已渲染 %d 页，用时 %.2f 秒", result.eval_id, result.pages, result.seconds)
    except FetchRefused as exc:
        problems.append(Finding(f"content/{exc}".split(":")[0], None, "PDF", str(exc), "PDF 只引用项目内的文件"))
    if problems:
        raise DataError(problems)
    return done


def private_leaks(build: Build, job: Job) -> list[Finding]:
    """Non-public phone numbers in a PDF's source: its print HTML and its attachments.

    A PDF's text comes only from these, so checking them before rendering keeps the
    numbers out of every PDF without parsing PDFs after the build.
    """
    sheet = build.sheets[job.eval_id]
    return [
        Finding(
            f"site/{job.eval_id}/{job.eval_id}.pdf",
            None,
            "个人信息",
            f"手机号 {mask_phone(number)} 会未遮蔽地进入 PDF",
            "用 jixiao.privacy.contact_text 输出联系人",
        )
        for number in private_numbers(sheet)
        if number in job.html or any(number.encode() in a.data for a in job.attachments)
    ]


def publish_pdfs(build: Build, site_dir: Path, ids: list[str] | None = None, settings: PdfSettings | None = None) -> list[Published]:
    """Write ``site/<id>/<id>.pdf`` for ``ids`` (default: every evaluation of the build)."""
    settings = settings or PdfSettings.read(build.root)
    done = build_pdfs(build, settings, ids)
    out = []
    for eval_id in sorted(done):
        cached, published = done[eval_id]
        copy_atomic(cached, site_dir / pdf_path(eval_id))
        out.append(published)
    return out


def copy_atomic(source: Path, dest: Path) -> None:
    """Copy with the cache file's time stamp (so an unchanged PDF keeps its mtime), atomically."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    try:
        shutil.copy2(source, tmp)
        tmp.replace(dest)
    finally:
        tmp.unlink(missing_ok=True)
