"""Rendered PDFs kept under ``.cache/pdf/``: one file per evaluation and key.

The key is the build's (``build.cache.Inputs.pdf_key``): the evaluation's part (its data, its
pages, the options, the engine's code and the installed versions), the project's configuration,
the PDF variant and the rendering environment (``environment.rendering_digest``). Same key, same
PDF: a hit is copied instead of rendered. Shards rendered on other machines (``jixiao pdf --all
--shard``) fill caches that merge by copying the folders together.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.files import write_atomic

#: log lines of a PDF taken from the cache and of WeasyPrint's warnings
FROM_CACHE = "PDF %s：输入未变，取自缓存"
WEASYPRINT_WARNING = "PDF %s：WeasyPrint 警告：%s"


#: PDFs kept per evaluation (a public build and a draft preview, or two variants, each keep theirs)
KEEP = 4


class PdfCache:
    """One file per evaluation and key; of an evaluation's older keys, the newest few are kept."""

    def __init__(self, root: Path) -> None:
        self.folder = root / ".cache" / "pdf"

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
        if not keep:  # copied into the site by this build only; the PDFs that passed stay
            path = self.folder / f"{eval_id}--not-kept.pdf"
            write_atomic(path, pdf)
            return path
        path = self.path(eval_id, key)
        write_atomic(path, pdf)
        older = [p for p in self.folder.glob(f"{eval_id}--*.pdf") if p != path and not p.name.endswith("--not-kept.pdf")]
        for old in sorted(older, key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEEP - 1 :]:
            old.unlink(missing_ok=True)
        return path
