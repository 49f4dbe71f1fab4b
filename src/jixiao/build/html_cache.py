"""Each evaluation's HTML as the generator built it, kept in ``.cache/build/`` by what it was built from.

The generator is the slowest step of a large build, and nearly all of its work repeats from one
build to the next. A page's HTML depends on its own Markdown, the theme and the configuration,
and on nothing of another evaluation: the sidebar (``theme/partials/nav.html``), the footer
and the page's ``prev``/``next`` links stay inside the page's evaluation. So each evaluation's
folder of HTML is kept under a key of its part (which covers every input of its pages), the
generator, the rendered configuration without its navigation, and the theme overrides:

* ``jixiao render`` leaves the kept evaluations out of the navigation and out of what the
  generator builds (``exclude_docs``: their pages stay in the docs folder, so links to them
  still resolve);
* ``jixiao finish`` keeps the folders the generator built and copies the kept ones into the site.

A generator that builds the excluded pages anyway (one without ``exclude_docs``) publishes the
same site, only more slowly: whatever it built is what ``finish`` keeps.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jixiao.build.cache import BuildCache, html_key
from jixiao.build.state import BuildState
from jixiao.errors import DataError, Finding

KIND = "html"


def keys(state: BuildState, config: dict[str, Any], theme: dict[str, bytes]) -> dict[str, str]:
    """The key of each published evaluation that has pages (``config``: the rendered configuration,
    whose navigation changes with what is kept, not with what a page looks like)."""
    settings = json.dumps({k: v for k, v in config.items() if k != "nav"}, sort_keys=True, ensure_ascii=False, default=str)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in theme.items()}
    return {
        eval_id: html_key(state.keys[eval_id], state.options.generator, settings, digests)
        for eval_id in state.sheets
        if state.parts[eval_id].pages
    }


def kept(root: Path, html_keys: dict[str, str]) -> list[str]:
    """The evaluations whose HTML the cache holds, whole."""
    cache = BuildCache(root)
    return [eval_id for eval_id, key in html_keys.items() if cache.outputs(KIND, eval_id, key) is not None]


def exclusions(folders: Iterable[str], leave_out: Iterable[str]) -> list[str]:
    """``exclude_docs`` lines that leave out the folders ``leave_out`` and nothing else.

    Written as "every folder, except…" so that a rebuild of one evaluation among a thousand
    names a few folders, not a thousand patterns the generator would test every file against.
    """
    out = set(leave_out)
    if not out:
        return []
    return ["/*/", *(f"!/{folder}/" for folder in sorted(set(folders) - out))]


def collect(state: BuildState, site_dir: Path, html_keys: dict[str, str]) -> None:
    """Keep each evaluation folder the generator built; copy the kept ones into ``site_dir``.

    Runs before anything else is written into the site, so a kept folder holds the generator's
    output only (open data and PDFs have entries of their own).
    """
    cache = BuildCache(state.root)
    missing = []
    for eval_id, key in html_keys.items():
        folder = site_dir / eval_id
        if folder.is_dir():
            cache.put_outputs(KIND, eval_id, key, site_dir, sorted(p for p in folder.rglob("*") if p.is_file()))
            continue
        entry = cache.outputs(KIND, eval_id, key)
        if entry is None:
            missing.append(eval_id)
        else:
            entry.copy_to(site_dir)
    if missing:
        raise DataError(
            [
                Finding(f"site/{eval_id}", None, "构建", "生成器没有构建这个评价，缓存中也没有它的页面", "重新运行 jixiao render，再构建")
                for eval_id in missing
            ]
        )
