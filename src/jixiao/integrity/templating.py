"""Page templates a build would refuse, found by ``jixiao check`` without rendering anything.

Pages and the text fields of the data are Jinja templates from pull requests; ``presentation.sandbox``
says what they may not do. This check runs the same refusals the build runs before compiling,
so ``jixiao check`` and ``mkdocs build --strict`` refuse a page with the same ``file:line``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jixiao.data.sources import LocDict, LocList
from jixiao.errors import Finding
from jixiao.integrity.document import Document
from jixiao.presentation.bindings import Binder, SiteBinder
from jixiao.presentation.page_source import without_front_matter
from jixiao.presentation.sandbox import refusals
from jixiao.scoring.score_sheet import ScoreSheet

#: the functions of a page outside any evaluation (``build.site_pages.site_binder``: the home page, 更正与修订, 搜索)
SITE_FUNCTIONS = ("catalogue", "corrections", "search_box")
#: what ``build.evaluation.evaluation_binder`` adds to an evaluation's pages besides the binder's functions
PAGE_EXTRAS = frozenset({"pdf_link"})


def site_bindings() -> tuple[frozenset[str], str | None]:
    """The names a page outside any evaluation may use, and the hint for any other."""
    binder = SiteBinder(dict.fromkeys(SITE_FUNCTIONS, str))
    return frozenset(binder.env.globals), binder.hint


def binding_names(sheet: ScoreSheet) -> frozenset[str]:
    """The names an evaluation's text fields may call (the binder's globals)."""
    return frozenset(Binder(sheet).env.globals)


def check_page_template(doc: Document, names: frozenset[str], hint: str | None = None) -> list[Finding]:
    """Each construct of a page the sandbox refuses, at its line (front matter is the generator's)."""
    text = without_front_matter(doc.text)
    if "{{" not in text and "{%" not in text:
        return []
    return [Finding(doc.display, r.line, "", r.message, r.fix) for r in refusals(text, names, hint)]


def check_data_templates(sheet: ScoreSheet) -> list[Finding]:
    """Each refused construct in a text field of the evaluation's YAML files, at the field's line."""
    names = binding_names(sheet)
    findings = []
    for located in sheet.loaded.files.values():
        for line, text in _texts(located.raw, 1):
            if "{{" in text or "{%" in text:
                findings += [Finding(located.display, line + r.line - 1, "", r.message, r.fix) for r in refusals(text, names)]
    return findings


def _texts(node: Any, line: int) -> Iterator[tuple[int, str]]:
    """Every string of a loaded YAML tree with the line it starts on."""
    if isinstance(node, LocDict):
        for key, value in node.items():
            yield from _texts(value, node.key_lines.get(key, node.line))
    elif isinstance(node, LocList):
        for item, at in zip(node, node.item_lines, strict=True):
            yield from _texts(item, at)
    elif isinstance(node, str):
        yield line, node
