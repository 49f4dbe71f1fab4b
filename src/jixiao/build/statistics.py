"""The 统计分析 pages and downloads in a build: what the build hands the statistics, and keeps of them.

* ``pages`` — the ``tongji/`` pages from the records the evaluations' parts carry (no evaluation
  is loaded again), with their charts kept in ``.cache/build/charts/`` by their content, so a
  rebuild whose figures did not move draws nothing; and the line each landing page of a unit
  with several evaluations gets, linking its unit's page. They are computed with the site-wide
  pages, so they are cached with them and recomputed only when a part changes.
* ``publish`` — the long table (``outputs.long_table``) written into the finished site, kept in
  ``.cache/build/`` under a key of its rows' content; started on a thread so that it runs while
  Pagefind indexes the site.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from jixiao.build.cache import BuildCache, code_digest
from jixiao.build.state import BuildState
from jixiao.files import write_atomic

KIND = "tongji"


class ChartStore:
    """Drawn charts in ``.cache/build/charts/``, by their content and this package's code."""

    def __init__(self, root: Path) -> None:
        self.folder = root / ".cache" / "build" / "charts"

    def _path(self, key: str) -> Path:
        return self.folder / f"{hashlib.sha256((code_digest() + key).encode()).hexdigest()[:32]}.svg"

    def get(self, key: str) -> str | None:
        try:
            return self._path(key).read_text(encoding="utf-8")
        except OSError:
            return None

    def put(self, key: str, svg: str) -> None:
        try:
            write_atomic(self._path(key), svg.encode("utf-8"))
        except OSError:
            pass  # a read-only checkout draws every time


def records(build: BuildState) -> list[dict[str, Any]]:
    """The statistics' record of every published evaluation, in id order."""
    return [build.parts[i].stats for i in sorted(build.sheets)]


def pages(build: BuildState) -> tuple[dict[str, str], dict[str, str]]:
    """The ``tongji/`` pages by source path, and each landing page's line linking its unit's page."""
    from jixiao.outputs.long_table import downloads  # pandas: loaded only when the site-wide pages are computed
    from jixiao.presentation import statistics, statistics_frames

    rows = records(build)
    out = statistics.pages(rows, downloads(), ChartStore(build.root))
    notes = {}
    for eval_id, target in statistics_frames.unit_links(statistics_frames.frames(rows).evaluations).items():
        landing = f"{eval_id}/index.md"
        if landing in build.pages:
            link = posixpath.relpath(target, eval_id)
            body = build.parts[eval_id].stats["body"]
            notes[landing] = f"\n\n{statistics.text(body)}的历年评价与得分见[统计分析：被评价单位的历年得分]({link})。\n"
    return out, notes


def publish(build: BuildState, site_dir: Path) -> Future[None]:
    """Write the long table into ``site_dir`` (from the cache when its rows are unchanged), on a thread."""
    from jixiao.outputs import long_table  # pandas and pyarrow: loaded only when the long table is written

    rows = records(build)
    key = hashlib.sha256(json.dumps([code_digest(), rows], ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    cache = BuildCache(build.root)

    def write() -> None:
        kept = cache.outputs(KIND, "site", key)
        if kept is not None:
            kept.copy_to(site_dir)
            return
        files = long_table.publish(rows, site_dir)
        cache.put_outputs(KIND, "site", key, site_dir, files)

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(write)
    pool.shutdown(wait=False)  # the thread ends with the work; the caller waits on the future
    return future
