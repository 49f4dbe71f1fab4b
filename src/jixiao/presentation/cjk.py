"""Chinese prose renders as typed: a line break inside a Chinese paragraph is not a space.

Markdown turns a soft line break into a newline, which browsers and WeasyPrint show as a space,
so “评价。⏎项目” reads “评价。 项目”. This Python-Markdown extension (``jixiao.presentation.cjk`` in
``mkdocs.yml``, so the site and the PDF share it) removes such a break where the character on
either side is East Asian wide, full-width or half-width (Unicode ``W``/``F``/``H``; Hangul,
which is written with spaces, excepted) — the rule CSS Text Level 4 gives for segment breaks.
A break between two Latin words stays a space. It works on the parsed tree, after the inline
patterns, so a heading never merges with the paragraph under it, and code keeps every byte.

``pymdownx-cjk-autojoin`` was evaluated first: it rewrites the source text before block
parsing, so “# 标题⏎正文” became one heading, and it leaves a break after “：”“）” or a
closing quote (outside its character ranges) as a space.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

#: elements whose text is kept byte for byte
_VERBATIM = {"code", "pre", "kbd", "samp", "script", "style"}
_BREAK = re.compile(r"[ \t]*\n[ \t]*")
#: elements that hold running text; a nested one (a ``p`` in an ``li``) is joined twice, to the same result
_BLOCKS = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"}


def joins(before: str, after: str) -> bool:
    """Whether a line break between these two characters is dropped (not shown as a space)."""
    return _wide(before) or _wide(after)


def _wide(ch: str) -> bool:
    if not ch or "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
        return False
    return unicodedata.east_asian_width(ch) in ("W", "F", "H")


def _slots(el: etree.Element, out: list[tuple[etree.Element, str, bool]]) -> None:
    """Every text slot of ``el`` in document order: (element, "text" or "tail", may be edited)."""
    out.append((el, "text", el.tag not in _VERBATIM))
    for child in el:
        if child.tag in _VERBATIM:
            out.append((child, "all", False))
        else:
            _slots(child, out)
        out.append((child, "tail", True))


def _text(el: etree.Element, slot: str) -> str:
    if slot == "all":
        return "".join(el.itertext())
    return getattr(el, slot) or ""


def join_block(block: etree.Element) -> None:
    """Drop the line breaks of one block (paragraph, list item, cell…) that sit between wide characters.

    The block's text is read as one string across inline markup (``**评价。**⏎项目``), so the
    characters on both sides of a break are known even where the break opens or ends a node.
    """
    slots: list[tuple[etree.Element, str, bool]] = []
    _slots(block, slots)
    texts = [_text(el, slot) for el, slot, _ in slots]
    full = "".join(texts)
    offset = 0
    for (el, slot, editable), text in zip(slots, texts, strict=True):
        if editable and "\n" in text:
            pieces, pos = [], 0
            for m in _BREAK.finditer(text):
                before = full[offset + m.start() - 1] if offset + m.start() else ""
                after = full[offset + m.end()] if offset + m.end() < len(full) else ""
                pieces += [text[pos : m.start()], "" if joins(before, after) else m.group(0)]
                pos = m.end()
            setattr(el, slot, "".join([*pieces, text[pos:]]))
        offset += len(text)


class CjkJoinTreeprocessor(Treeprocessor):
    """Join the lines of every block that holds running text."""

    def run(self, root: etree.Element) -> None:
        for block in root.iter():
            if block.tag in _BLOCKS:
                join_block(block)


class CjkJoinExtension(Extension):
    """Register the joiner after the inline patterns (priority 20) have split the text."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(CjkJoinTreeprocessor(md), "jixiao_cjk", 5)


def makeExtension(**kwargs: Any) -> CjkJoinExtension:
    return CjkJoinExtension(**kwargs)
