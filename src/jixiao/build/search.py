"""Search for the built site: Pagefind's index, written after the generator, whatever it was.

Pagefind (the extended build, which splits Chinese text into words) reads the finished HTML
and writes ``site/pagefind/``: an index in small fragments, so a query downloads the parts it
needs and not the whole site's text, and the search UI's script and style, served from the site
itself. Only each page's article is indexed (``data-pagefind-body`` in ``theme/main.html``);
the render step files every evaluation page under its year, type and grade (filters), its score
(sort) and its evaluation (shown with each result, beside the section the hit is in).
"""

from __future__ import annotations

import posixpath
import subprocess
import sys
from pathlib import Path

from markupsafe import Markup, escape

from jixiao.errors import DataError, Finding

#: the filter names a reader sees in the search UI, and the evaluation field each one shows
FILTERS = {"年度": "year", "类型": "type", "等级": "grade"}


def search_attributes(fields: dict[str, str], title: str) -> str:
    """A hidden block that files an evaluation page in the index: filters, the score to sort by, its evaluation."""
    spans = [  # an evaluation of several years is filed under each (``year`` lists them with commas)
        f'<span data-pagefind-filter="{name}:{escape(value)}"></span>' for name, key in FILTERS.items() for value in fields[key].split(",")
    ]
    spans.append(f'<span data-pagefind-sort="score:{escape(fields["score"])}"></span>')
    spans.append(f'<span data-pagefind-meta="evaluation:{escape(title)}"></span>')
    return f'<div class="jx-search-meta" hidden>{"".join(spans)}</div>\n'


def search_box(page_dir: str) -> Markup:
    """The search page's box (``{{ search_box() }}``) that the search script fills, and a way to browse without it.

    ``page_dir`` is the folder of the page's URL: the index's path in raw HTML starts from there.
    """
    bundle = posixpath.relpath("pagefind", page_dir or ".") + "/"
    return Markup(
        f'<div id="jx-search" class="jx-search" data-bundle="{escape(bundle)}"></div>\n\n'
        "<noscript>搜索需要浏览器运行 JavaScript；也可以在[评价报告目录](index.md)中按年度、类型和等级查找。</noscript>\n"
    )


def index_site(site_dir: Path) -> None:
    """Run Pagefind over the built site; raise ``DataError`` if it fails (the build must not publish without search)."""
    # heading anchors (¶) are not text; the theme's visually hidden labels neither
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--exclude-selectors", ".headerlink", "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        result = subprocess.CompletedProcess(command, 1, "", str(exc))
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise DataError(
            [
                Finding(
                    "site/pagefind",
                    None,
                    "搜索",
                    f"Pagefind 未能建立搜索索引：{' '.join(detail)}",
                    "运行 scripts/setup 安装 pagefind[extended]",
                )
            ]
        )
