"""Rendered PDFs kept under ``.cache/pdf/``, keyed by everything they depend on.

The key hashes the assembled HTML (narrative, bound figures, tables, templates and the
print CSS are all in it), the attached data files, the variant, the issue date, the
rendering environment (``environment.rendering_digest``: WeasyPrint's capabilities, its
system libraries, the font files) and the versions of the packages and of this package's
own code. Same key, same PDF: a hit is copied instead of rendered.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.errors import writing
from jixiao.outputs.pdf.environment import rendering_digest

if TYPE_CHECKING:
    from jixiao.outputs.pdf.document import Job

PACKAGES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "markdown", "jinja2", "jixiao")
#: log lines of a PDF taken from a cache (this one or ``.cache/build/``) and of WeasyPrint's warnings
FROM_CACHE = "PDF %s：输入未变，取自缓存"
WEASYPRINT_WARNING = "PDF %s：WeasyPrint 警告：%s"


@cache
def environment() -> str:
    """What every PDF depends on besides its own inputs: the machine, the packages, our code."""
    h = hashlib.sha256(rendering_digest().encode())
    for name in PACKAGES:
        try:
            h.update(f"pkg {name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"pkg {name} -\n".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        h.update(source.name.encode() + b"\n" + source.read_bytes())
    return h.hexdigest()


def cache_key(job: Job) -> str:
    """The hash of everything ``job``'s PDF depends on."""
    h = hashlib.sha256(environment().encode())
    h.update(f"\n{job.eval_id}\n{job.variant}\n{job.issued.isoformat()}\n".encode())
    h.update(job.html.encode("utf-8"))
    for a in job.attachments:
        h.update(f"\n{a.name}\n{a.mime}\n{a.description}\n".encode())
        h.update(hashlib.sha256(a.data).digest())
    return h.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never half of it.

    A refused write (disk full, read-only) is a ``WriteFailed`` naming ``path``.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with writing(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class PdfCache:
    """One file per evaluation and key; older keys of the same evaluation are removed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, eval_id: str, key: str) -> Path:
        return self.folder / f"{eval_id}--{key[:32]}.pdf"

    def get(self, eval_id: str, key: str) -> Path | None:
        path = self.path(eval_id, key)
        return path if path.is_file() else None

    def put(self, eval_id: str, key: str, pdf: bytes, keep: bool = True) -> Path:
        """Store ``pdf``; with ``keep=False`` (WeasyPrint warned) under a name no key finds.

        A PDF that came with warnings failed a strict build; once the cause is fixed (a library
        installed, a font added) the next build must render anew, not replay that outcome.
        """
        path = self.path(eval_id, key) if keep else self.folder / f"{eval_id}--not-kept.pdf"
        write_atomic(path, pdf)
        for old in self.folder.glob(f"{eval_id}--*.pdf"):
            if old != path:
                old.unlink(missing_ok=True)
        return path
