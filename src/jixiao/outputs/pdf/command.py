"""``jixiao pdf <id>`` and ``jixiao pdf --all [--shard I/N]``: the site's PDFs, without MkDocs.

A shard is the evaluations whose id hashes to I (of N): N machines (CI jobs) render N disjoint
parts of thousands of PDFs, each into its own ``.cache/pdf/``; a new evaluation joins one shard and
moves no other, so each shard's cache stays valid from run to run. The cache is
content-addressed (``<id>--<key>.pdf``), so the shards' caches merge by copying the folders
together, and the build that assembles the site renders nothing that a shard rendered.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from jixiao.build.site import Build, Options, edit_base
from jixiao.errors import DataError, Finding
from jixiao.outputs.pdf.links import pdf_path
from jixiao.outputs.pdf.publish import Published, build_pdfs, copy_atomic
from jixiao.outputs.pdf.settings import PdfSettings

_SHARD = re.compile(r"^(\d+)/(\d+)$")


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


def site_build(root: Path, settings: PdfSettings) -> Build:
    """The build ``mkdocs build`` makes (same page options), so its PDFs have the same cache keys."""
    editing = edit_base(settings.repo_url, settings.edit_uri, settings.docs_dir)
    return Build.start(root, root / settings.docs_dir, Options(settings.directory_urls, edit_base=editing, pdf=True))


def pdf_command(root: Path, eval_id: str, output: Path | None, variant: str | None) -> tuple[Path, Published]:
    """Render (or take from the cache) one evaluation's PDF and write it to ``output``."""
    settings = PdfSettings.read(root, variant)
    build = site_build(root, settings)
    if eval_id not in build.sheets:
        known = "、".join(sorted(build.sheets)) or "（无）"
        raise DataError([Finding(f"scores/{eval_id}", None, "", f"没有评价 '{eval_id}'", f"已有：{known}")])
    logging.getLogger("jixiao").setLevel(logging.INFO)
    cached, published = build_pdfs(build, settings, [eval_id])[eval_id]
    target = output or Path(f"{eval_id}.pdf")
    copy_atomic(cached, target)
    return target, published


def pdf_all_command(root: Path, shard: Shard, output: Path | None, variant: str | None) -> list[Published]:
    """Render (or find in the cache) the PDFs of one shard of the published evaluations.

    They land in ``.cache/pdf/``; with ``output`` they are also copied to ``output/<id>/<id>.pdf``,
    the site's layout.
    """
    settings = PdfSettings.read(root, variant)
    build = site_build(root, settings)
    ids = shard.of(list(build.sheets))
    done = build_pdfs(build, settings, ids) if ids else {}
    if output is not None:
        for eval_id, (cached, _) in done.items():
            copy_atomic(cached, output / pdf_path(eval_id))
    return [done[eval_id][1] for eval_id in sorted(done)]
