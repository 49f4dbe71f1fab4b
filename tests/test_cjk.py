"""``jixiao.presentation.cjk``: a line break inside Chinese prose disappears; elsewhere Markdown is unchanged.

Inline input → expected HTML pairs (the Python-Markdown habit), converted with the extensions
``mkdocs.yml`` lists, which the PDF reads too. The built site and PDF are checked in
``test_second_evaluation.py``.
"""

from __future__ import annotations

import markdown
import pytest
import yaml
from conftest import ROOT


def extensions() -> list[str]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:", ""))
    return [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]  # options left at defaults


def convert(text: str) -> str:
    return markdown.Markdown(extensions=extensions()).convert(text)


def test_the_site_and_the_pdf_load_it() -> None:
    assert "jixiao.presentation.cjk" in extensions()


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("予以评价。\n项目单位", "<p>予以评价。项目单位</p>"),
        ("共计\n50户", "<p>共计50户</p>"),  # a digit after a Chinese character: no space either
        ("（见附件1）\n本项目", "<p>（见附件1）本项目</p>"),  # full-width brackets
        ("“三公经费”\n支出", "<p>“三公经费”支出</p>"),
        ("**评价。**\n项目", "<p><strong>评价。</strong>项目</p>"),  # across inline markup
        ("评价\n**项目**", "<p>评价<strong>项目</strong></p>"),
        ("- 第一项\n  续行\n- 第二项", "<ul>\n<li>第一项续行</li>\n<li>第二项</li>\n</ul>"),
        ("English words\nstay apart", "<p>English words\nstay apart</p>"),
        ("项目 and\nEnglish", "<p>项目 and\nEnglish</p>"),
        ("`代码\n里`", "<p><code>代码\n里</code></p>"),  # code keeps every byte
        ("# 标题\n正文", '<h1 id="_1">标题</h1>\n<p>正文</p>'),  # a heading never swallows the next line
    ],
)
def test_joins_only_where_a_wide_character_meets_the_break(source: str, html: str) -> None:
    assert convert(source) == html
