"""``jixiao pdf <id>``: the same PDF as the site's, without MkDocs."""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import DataError, Finding
from ..site import Build
from .publish import Published, build_pdfs, copy_atomic
from .settings import PdfSettings


def pdf_command(root: Path, eval_id: str, output: Path | None, variant: str | None) -> tuple[Path, Published]:
    """Render (or take from the cache) one evaluation's PDF and write it to ``output``."""
    settings = PdfSettings.read(root, variant)
    build = Build.start(root, root / settings.docs_dir)
    if eval_id not in build.sheets:
        known = "、".join(sorted(build.sheets)) or "（无）"
        raise DataError([Finding(f"scores/{eval_id}", None, "", f"没有评价 '{eval_id}'", f"已有：{known}")])
    logging.getLogger("jixiao").setLevel(logging.INFO)
    cached, published = build_pdfs(build, settings, [eval_id])[eval_id]
    target = output or Path(f"{eval_id}.pdf")
    copy_atomic(cached, target)
    return target, published
