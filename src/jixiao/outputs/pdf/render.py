"""WeasyPrint, fenced in: local files only, warnings collected, output reproducible.

``render`` runs in a worker process, so it returns WeasyPrint's warnings as text
instead of logging them there; the parent re-logs them where MkDocs (``--strict``)
or the CLI will see them. Dates in the PDF come from the data (the issue date),
never from the clock, so the same inputs give the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from jixiao.outputs.pdf.document import MIME, PrintJob
from jixiao.outputs.pdf.settings import FONTS, FetchRefused


class LocalFetcher(URLFetcher):
    """Fetch ``file:`` URLs inside the docs folder (and inline ``data:``); refuse everything else.

    A report must not change because a server changed, nor leak that it is being built; and a
    page from a pull request must not get a file of the machine (``/etc/passwd``) or of the
    checkout (``.git/config``, which holds CI's credentials) into the PDF, as an image or as a
    ``rel=attachment`` file. Links are resolved first, so a symbolic link cannot lead out.
    """

    def __init__(self, root: Path) -> None:
        super().__init__(fail_on_errors=True)
        self.root = root.resolve()  #: the docs folder

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise FetchRefused(f"PDF 只能引用项目内的本地文件，已拒绝 {url}（把文件放进项目并用相对路径引用）")
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if not path.is_relative_to(self.root) or any(part.startswith(".") for part in path.relative_to(self.root).parts):
            raise FetchRefused(f"PDF 只能引用 content/ 中的文件，已拒绝 {path}（把文件放进 content/）")
        body = path.read_bytes()
        mime = MIME.get(path.suffix.lower()) or ("text/css" if path.suffix == ".css" else "application/octet-stream")
        return URLFetcherResponse(url, body, {"Content-Type": mime})


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors as text for the parent process."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered PDF and what happened while rendering it."""

    eval_id: str
    pdf: bytes
    pages: int
    seconds: float
    warnings: tuple[str, ...]


def _attachment(job: PrintJob, fetcher: LocalFetcher, stamp: dt.datetime) -> list[weasyprint.Attachment]:
    out = []
    for a in job.attachments:
        url = f"data:{a.mime};base64,{base64.b64encode(a.data).decode('ascii')}"
        out.append(
            weasyprint.Attachment(
                url=url,
                url_fetcher=fetcher,
                name=a.name,
                description=a.description,
                created=stamp,
                modified=stamp,
                relationship="Data",
            )
        )
    return out


def render(job: PrintJob) -> RenderedPdf:
    """Render one job to PDF bytes; a refused or missing resource stops with a clear message."""
    started = time.perf_counter()
    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    propagate = logger.propagate
    logger.addHandler(collect)
    logger.propagate = False
    try:
        fetcher = LocalFetcher(Path(job.base_dir).parent)  # base_dir is <docs>/<id>
        stamp = dt.datetime.combine(job.issued, dt.time())
        document = weasyprint.HTML(string=job.html, base_url=job.base_dir + "/", url_fetcher=fetcher).render()
        options: dict = {"pdf_variant": job.variant, "pdf_identifier": True}  # /ID = hash of the content
        if job.variant.startswith("pdf/a-3"):
            options["attachments"] = _attachment(job, fetcher, stamp)
        pdf = document.write_pdf(**options)
        fallbacks = sorted({f.family for f in document.fonts.values()} - set(FONTS))
        if fallbacks:
            collect.messages.append(f"文字改用了回退字体 {', '.join(fallbacks)}（检查是否有 Noto CJK 不含的字符）")
    except weasyprint.urls.FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise FetchRefused(f"{job.eval_id}: {cause}") from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    return RenderedPdf(job.eval_id, pdf, len(document.pages), time.perf_counter() - started, tuple(collect.messages))
