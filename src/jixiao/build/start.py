"""The first step of every build: every evaluation's part and the site-wide pages, before anything is written.

``start`` loads, scores, checks and renders every evaluation whose part ``.cache/build/`` does not
hold (``build.workers``), then the pages outside them (``build.site_pages``). Bad data raises
``DataError`` with every problem *before* a generator writes anything, so a failed build leaves the
published ``site/`` as it was. Symbolic links leading out of the repository, and a build cache
committed to it, fail the build before any file is read. Only parts that pass are kept: one with
warnings (which fail ``--strict``) is computed again by the next build.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from jixiao.build.cache import BuildCache, Inputs
from jixiao.build.site_pages import compute_site
from jixiao.build.state import BuildState, OnDemand
from jixiao.build.workers import PartJob, compute_all
from jixiao.config import Options, ProjectConfig
from jixiao.data.evaluations import evaluation_ids
from jixiao.data.symlinks import committed_cache, escaping_links
from jixiao.errors import Collector, DataError
from jixiao.scoring.score_sheet import ScoreSheet

log = logging.getLogger("jixiao.build")

#: the log line saying what a build computed: the record a rebuild's cost is read from
RECORD = "jixiao：%d 个评价重新计算（%s），%d 个输入未变、取自缓存"


def listed(ids: list[str], shown: int = 10) -> str:
    """Evaluation ids for a log line: all of a few, the first ``shown`` of many (a log line stays a line)."""
    if not ids:
        return "无"
    return "、".join(ids) if len(ids) <= shown else "、".join(ids[:shown]) + f" 等 {len(ids)} 个"


def page_options(root: Path, docs_dir: Path, options: Options) -> dict[str, Any]:
    """The options that change a page (and so the open data, HTML and PDF made of it), for the cache keys."""
    try:
        docs = docs_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        docs = docs_dir.as_posix()
    return {"docs_dir": docs, **asdict(options)}


def start(root: Path, docs_dir: Path, options: Options | None = None) -> BuildState:
    """Load, score, check and render everything (or restore it); raise ``DataError`` with all problems."""
    refused = escaping_links(root, docs_dir) or committed_cache(root)
    if refused:
        raise DataError(refused)
    options = options or Options()
    state = BuildState(root, docs_dir, options, inputs=Inputs.read(root, docs_dir))
    cache = BuildCache(root)
    ids = evaluation_ids(root)
    settings = page_options(root, docs_dir, options)
    keys = state.inputs.part_keys(ids, settings)
    found = {eval_id: part for eval_id in ids if (part := cache.part(eval_id, keys[eval_id])) is not None}
    todo = [PartJob(root, docs_dir, options, eval_id, keys[eval_id]) for eval_id in ids if eval_id not in found]
    problems = Collector()
    loaded: dict[str, ScoreSheet] = {}
    for outcome in compute_all(todo):
        if outcome.part is None:
            problems.extend(outcome.findings)
            continue
        if not outcome.part.warnings:
            cache.put_part(keys[outcome.eval_id], outcome.part)
        if outcome.sheet is not None:
            loaded[outcome.eval_id] = outcome.sheet
        found[outcome.eval_id] = outcome.part
    problems.raise_if_errors()
    computed = [job.eval_id for job in todo]
    log.info(RECORD, len(computed), listed(computed), len(found) - len(computed))
    state.parts = {eval_id: found[eval_id] for eval_id in ids}
    state.keys = keys
    state.sheets = OnDemand(root, [i for i, p in state.parts.items() if p.published], loaded)
    for part in state.parts.values():
        state.pages.update(part.pages)
        state.warnings += part.warnings
        state.notes += part.notes
    site_key = state.inputs.site_key(ids, keys, settings)
    site = cache.site(site_key)
    if site is None:
        site = compute_site(state)
        if not site.warnings:
            cache.put_site(site_key, site)
    state.pages.update(site.pages)
    state.notes_added = site.notes
    for src, note in site.notes.items():
        state.pages[src] += note
    state.warnings += site.warnings
    return state


def start_project(config: ProjectConfig, generator: str = "mkdocs", pdf: bool | None = None) -> BuildState:
    """``start`` with the docs folder and options ``config`` sets: what every command and the hooks build."""
    return start(config.root, config.docs_dir, config.options(generator, pdf))


def failure_message(exc: DataError) -> str:
    """The build-failure text: the count, then one line per finding."""
    errors = [f for f in exc.findings if f.severity == "error"]
    return f"jixiao: {len(errors)} 个数据错误，站点未生成：\n" + "\n".join(str(f) for f in exc.findings)
