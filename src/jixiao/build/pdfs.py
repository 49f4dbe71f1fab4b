"""Each evaluation's PDF: taken from ``.cache/pdf/`` when nothing it is made of changed, else rendered.

The site build (``finish``) puts every PDF into ``site/<id>/<id>.pdf``; ``jixiao pdf <id>`` writes
one anywhere; ``jixiao pdf --all --shard I/N`` renders the evaluations whose id hashes to I (of N):
N machines (CI jobs) render N disjoint parts of thousands of PDFs, each into its own
``.cache/pdf/``; a new evaluation joins one shard and moves no other, so each shard's cache stays
valid from run to run. All three start the same build (``build.start.start_project``), so they key
each PDF alike and the build that assembles the site renders nothing a shard rendered.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from jixiao.build.start import listed, start_project
from jixiao.build.state import BuildState
from jixiao.config import ProjectConfig
from jixiao.errors import DataError, Finding
from jixiao.files import copy_atomic
from jixiao.outputs.pdf.cache import FROM_CACHE, PdfCache
from jixiao.outputs.pdf.links import pdf_path
from jixiao.outputs.pdf.publish import PublishedPdf, render_pdfs
from jixiao.outputs.pdf.settings import PdfSettings

log = logging.getLogger("jixiao.build")
pdf_log = logging.getLogger("jixiao.pdf")

#: the log line saying how many PDFs a build rendered
PDFS = "jixiao：%d 个评价的 PDF 重新生成（%s），%d 个取自缓存"
_SHARD = re.compile(r"^(\d+)/(\d+)$")


def cached_pdfs(state: BuildState, settings: PdfSettings, ids: list[str]) -> dict[str, PublishedPdf]:
    """The PDF of each of ``ids`` in ``.cache/pdf/``, rendering the ones it does not hold."""
    cache = PdfCache(state.root)
    variant = {"extensions": settings.extensions, "configs": settings.extension_configs, "variant": settings.variant}
    keys = {eval_id: state.inputs.pdf_key(state.keys[eval_id], variant) for eval_id in ids}
    done: dict[str, PublishedPdf] = {}
    todo = {}
    for eval_id, key in keys.items():
        hit = cache.get(eval_id, key)
        if hit is None:
            todo[eval_id] = key
        else:
            done[eval_id] = PublishedPdf(eval_id, hit, rendered=False)
            pdf_log.info(FROM_CACHE, eval_id)
    if todo:
        done.update({p.eval_id: p for p in render_pdfs(state, settings, todo, cache)})
    log.info(PDFS, len(todo), listed(sorted(todo)), len(keys) - len(todo))
    return {eval_id: done[eval_id] for eval_id in sorted(done)}


def publish_pdfs(state: BuildState, site_dir: Path, config: ProjectConfig) -> list[PublishedPdf]:
    """Put every published evaluation's PDF into ``site_dir`` (``state.pdfs``: none with ``JIXIAO_PDF=0``)."""
    done = cached_pdfs(state, PdfSettings.of(config), state.pdfs) if state.pdfs else {}
    for eval_id, pdf in done.items():
        copy_atomic(pdf.path, site_dir / pdf_path(eval_id))
    return list(done.values())


@dataclass(frozen=True)
class Shard:
    """Part ``index`` (1-based) of ``count``."""

    index: int = 1
    count: int = 1

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = _SHARD.match(text.strip())
        index, count = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        if not 1 <= index <= count:
            raise DataError([Finding("--shard", None, "", f"分片“{text}”无效", "写作 I/N，1 ≤ I ≤ N，如 --shard 2/4")])
        return cls(index, count)

    def of(self, ids: list[str]) -> list[str]:
        """This shard's ids: those whose SHA-256 (as a number) modulo ``count`` is ``index - 1``."""
        return sorted(i for i in ids if int(hashlib.sha256(i.encode()).hexdigest(), 16) % self.count == self.index - 1)


def pdf_command(config: ProjectConfig, eval_id: str, output: Path | None, variant: str | None) -> tuple[Path, PublishedPdf]:
    """Render (or take from the cache) one evaluation's PDF and write it to ``output``."""
    settings = PdfSettings.of(config, variant)
    state = start_project(config, pdf=True)
    if eval_id not in state.sheets:
        known = "、".join(sorted(state.sheets)) or "（无）"
        raise DataError([Finding(f"scores/{eval_id}", None, "", f"没有评价 '{eval_id}'", f"已有：{known}")])
    logging.getLogger("jixiao").setLevel(logging.INFO)
    pdf = cached_pdfs(state, settings, [eval_id])[eval_id]
    target = output or Path(f"{eval_id}.pdf")
    copy_atomic(pdf.path, target)
    return target, pdf


def pdf_all_command(config: ProjectConfig, shard: Shard, output: Path | None, variant: str | None) -> list[PublishedPdf]:
    """Render (or find in the cache) the PDFs of one shard of the published evaluations.

    They land in ``.cache/pdf/``; with ``output`` they are also copied to ``output/<id>/<id>.pdf``,
    the site's layout.
    """
    settings = PdfSettings.of(config, variant)
    state = start_project(config, pdf=True)
    ids = shard.of(list(state.sheets))
    done = cached_pdfs(state, settings, ids) if ids else {}
    if output is not None:
        for eval_id, pdf in done.items():
            copy_atomic(pdf.path, output / pdf_path(eval_id))
    return list(done.values())
