"""Where the 统计分析 pages are: their folder, and which of them the navigation leaves out.

Kept apart from ``presentation.statistics`` (pandas, matplotlib, the data model) so that the
navigation and a build that computes nothing can ask without loading any of it.
"""

from __future__ import annotations

import hashlib

#: the folder of the generated pages under the docs folder
FOLDER = "tongji"
TITLE = "统计分析"
#: the downloads' folder, relative to the site root (written by ``outputs.long_table``)
DATA = f"{FOLDER}/data"


def slug(text: str) -> str:
    """A stable file name for a unit or an indicator: the start of its name's SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def unit_page(unit: str) -> str:
    """The source path of a unit's page (``unit``: its normalized name)."""
    return f"{FOLDER}/danwei/{slug(unit)}.md"


def indicator_page(key: str) -> str:
    """The source path of an indicator's page (``key``: its normalized 一级/二级 names)."""
    return f"{FOLDER}/zhibiao/{slug(key)}.md"


def detail(src: str) -> bool:
    """Whether ``src`` is a unit's or an indicator's page: reached from the statistics pages' lists and
    left out of the navigation, which would otherwise grow with the number of evaluations."""
    parts = src.split("/")
    return len(parts) == 3 and parts[0] == FOLDER and parts[1] in ("danwei", "zhibiao") and parts[2] != "index.md"
