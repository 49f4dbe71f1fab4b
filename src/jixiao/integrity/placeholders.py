"""Template text left in a published evaluation: ``jixiao new`` marks every place to fill in.

The scaffolds (``hooks/jixiao/scaffolds/``) write “（待填写…）” wherever the report's own text
belongs and score every criterion “待评价” until it is judged. A draft may keep them; once an
evaluation has both publication consents, each one left is an error at its file and line, so
template text never reaches the public site. YAML comments are not published and are not read.
"""

from __future__ import annotations

import re

from jixiao.errors import Finding
from jixiao.integrity.document import Document

#: the scaffolds' markers; a bracketed one is reported whole, up to its closing bracket
_MARK = re.compile(r"（[^（）\n]*?待填写[^（）\n]*）|待填写|待评价")
_YAML_COMMENT = re.compile(r"(?:^|\s)#.*$")
_SHOWN = 40


def _snippet(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def check_placeholders(documents: list[Document]) -> list[Finding]:
    """Every template marker in a published evaluation's pages and data, one finding per line."""
    findings = []
    for doc in documents:
        is_yaml = doc.display.endswith((".yaml", ".yml"))
        for line_no, raw in doc.text_lines():
            text = _YAML_COMMENT.sub("", raw) if is_yaml else raw
            m = _MARK.search(text)
            if m:
                findings.append(
                    Finding(
                        doc.display,
                        line_no,
                        "模板文字",
                        f"已公开的评价仍有模板文字“{_snippet(m.group(0))}”",
                        "换成报告的内容；尚未完成的评价请去掉 publication，只在草稿预览中构建",
                    )
                )
    return findings
