"""Computing the evaluations a build could not take from its cache, several at once.

Each evaluation is loaded, scored, rendered and checked on its own (``build.evaluation.compute``), so a
cold build of a thousand evaluations is work that splits cleanly over the machine's cores.
The worker that has an evaluation's score sheet in memory also writes its open data (CSV,
XLSX, JSON) into the build cache, keyed like the part: ``finish`` then only copies those files,
and never loads or scores the evaluation a second time.

Workers come from a fork server (as the PDF workers do), so ``mkdocs serve``'s threads are
never forked; a handful of evaluations is computed in this process, where a pool's start-up
would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.build.cache import BuildCache, Part
from jixiao.build.evaluation import compute as compute_part
from jixiao.config import Options
from jixiao.errors import DataError, Finding
from jixiao.outputs import opendata
from jixiao.scoring.score_sheet import ScoreSheet

#: fewer evaluations to compute than this are computed in the build's own process
POOL_FROM = 8
#: evaluations handed to a worker at a time (fewer round trips, and still an even split)
CHUNK = 4


@dataclass(frozen=True)
class PartJob:
    """One evaluation to compute, with what the worker needs to know of the build."""

    root: Path
    docs_dir: Path
    options: Options
    eval_id: str
    key: str  #: the part's key, under which its open data is kept


@dataclass
class PartOutcome:
    """What computing one evaluation gave: its part, or the findings that stopped it."""

    eval_id: str
    part: Part | None
    findings: list[Finding] = field(default_factory=list)
    #: the score sheet, when computed in this process (a worker's stays in the worker)
    sheet: ScoreSheet | None = None


def compute(job: PartJob) -> PartOutcome:
    """Load, score, render and check one evaluation; keep its open data in the build cache."""
    try:
        part, sheet = compute_part(job.root, job.docs_dir, job.options, job.eval_id)
    except DataError as exc:
        return PartOutcome(job.eval_id, None, list(exc.findings))
    if part.published and not part.warnings:  # only a passing outcome is kept (see build.cache)
        BuildCache(job.root).store_outputs("data", job.eval_id, job.key, lambda site: opendata.publish(sheet, site))
    return PartOutcome(job.eval_id, part, sheet=sheet)


def _remote(job: PartJob) -> PartOutcome:
    """``compute`` in a worker: the score sheet is not sent back (the parent never needs it)."""
    outcome = compute(job)
    outcome.sheet = None
    return outcome


def compute_all(jobs: list[PartJob]) -> Iterator[PartOutcome]:
    """Every job's outcome, in the order of ``jobs``."""
    workers = min(os.cpu_count() or 1, len(jobs) // CHUNK + 1)
    if len(jobs) < POOL_FROM or workers < 2:
        yield from map(compute, jobs)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["jixiao.build.workers"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_remote, jobs, chunksize=CHUNK)
