"""The last step of every build: the generator's site completed with what is made from data, not Markdown.

After the generator: the kept evaluations' HTML (``build.html_cache``), each evaluation's open data
and PDF, the sitemap, the search index (Pagefind), ``SHA256SUMS``, and the search of the finished
site for personal numbers (``jixiao finish``; the hooks' ``on_post_build``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from jixiao.build import html_cache
from jixiao.build.cache import BuildCache
from jixiao.build.checksums import write_checksums
from jixiao.build.pdfs import publish_pdfs
from jixiao.build.project import Handover
from jixiao.build.search import index_site
from jixiao.build.sitemap import write_sitemap
from jixiao.build.start import listed
from jixiao.build.state import BuildState
from jixiao.build.urls import url
from jixiao.config import ProjectConfig
from jixiao.errors import DataError
from jixiao.integrity.published import check_site
from jixiao.outputs import opendata

log = logging.getLogger("jixiao.build")

#: the log line saying how many evaluations' open data finish had to write (a worker writes the rest)
DATA = "jixiao：%d 个评价的开放数据在完成步骤中生成（%s）"


def publish_data(state: BuildState, site_dir: Path) -> None:
    """Write each evaluation's open data (CSV, XLSX, JSON) into the built site.

    The process that computed an evaluation's part kept its open data in ``.cache/build/``; what
    is missing (a read-only cache, a part computed by an older build) is generated here, and kept
    for the next build.
    """
    cache = BuildCache(state.root)
    missing = []
    for eval_id in state.sheets:
        kept = cache.outputs("data", eval_id, state.keys[eval_id])
        if kept is None:
            missing.append(eval_id)
        else:
            kept.copy_to(site_dir)
    for eval_id in missing:
        files = opendata.publish(state.sheets[eval_id], site_dir)
        cache.put_outputs("data", eval_id, state.keys[eval_id], site_dir, files)
    if missing:
        log.info(DATA, len(missing), listed(missing))


def finish(state: BuildState, site_dir: Path, handover: Handover, config: ProjectConfig) -> None:
    """Complete a built site: kept HTML, open data, PDFs, sitemap, search index, ``SHA256SUMS``, the personal-data scan."""
    html_cache.collect(state, site_dir, handover.html_keys)
    publish_data(state, site_dir)
    publish_pdfs(state, site_dir, config)
    write_sitemap(site_dir, handover.site_url, [url(src, state.options) for src in state.pages if src.endswith(".md")])
    index_site(site_dir)
    write_checksums(site_dir)
    leaks = check_site(site_dir, state.private)
    if leaks:
        raise DataError(leaks)
