"""Render several PDFs at once, one worker process per evaluation.

WeasyPrint is single-threaded Python, so processes (not threads) give the speed-up.
Workers come from a fork server that has already imported WeasyPrint, which keeps the
start-up cost to one import and avoids forking MkDocs' own threads (``mkdocs serve``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from jixiao.outputs.pdf.document import PrintJob
from jixiao.outputs.pdf.render import RenderedPdf, render


def render_all(jobs: list[PrintJob]) -> Iterator[RenderedPdf]:
    """Render ``jobs``; one job renders in this process (a pool would only add start-up time)."""
    if len(jobs) <= 1:
        yield from map(render, jobs)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["jixiao.outputs.pdf.render"])
    workers = min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(render, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()
