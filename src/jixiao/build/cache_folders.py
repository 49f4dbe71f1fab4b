"""The project's ``.cache/`` folder: what is in it, and dropping it.

Every entry there is keyed by all it depends on (inputs, code, packages, the rendering
environment), so clearing is never needed for correctness; it is the documented way out when
a reader doubts that, and it frees the disk (one PDF per evaluation and edition of its inputs).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

#: the caches a build keeps, by folder name under ``.cache/``, with what each holds
KINDS = {
    "build": "页面、检查结果、每个评价的公开数据与生成器构建的页面",
    "pdf": "每个评价的 PDF（构建与 jixiao pdf 共用）",
}


@dataclass(frozen=True)
class Usage:
    """One cache folder's size on disk."""

    name: str
    what: str
    files: int
    size: int


def usage(root: Path) -> list[Usage]:
    """How many files and bytes each cache under ``root/.cache`` holds (absent ones as 0)."""
    out = []
    for name, what in KINDS.items():
        files = [p for p in (root / ".cache" / name).rglob("*") if p.is_file()]
        out.append(Usage(name, what, len(files), sum(p.stat().st_size for p in files)))
    return out


def clear(root: Path) -> list[Usage]:
    """Remove every cache folder (not the staging folder of a build that is running); return what was there."""
    before = usage(root)
    for name in KINDS:
        shutil.rmtree(root / ".cache" / name, ignore_errors=True)
    return before
