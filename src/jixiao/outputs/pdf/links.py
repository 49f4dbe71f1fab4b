"""Where a PDF lives in the site and how a page links to it (no WeasyPrint needed)."""

from __future__ import annotations

from markupsafe import Markup, escape


def pdf_path(eval_id: str) -> str:
    """An evaluation's PDF, relative to the site root: ``<id>/<id>.pdf``."""
    return f"{eval_id}/{eval_id}.pdf"


def pdf_link_html(href: str, title: str) -> Markup:
    """The landing page's download link (``{{ pdf_link() }}``): the engine's HTML, the title escaped."""
    return Markup('<p class="jx-pdf"><a href="{href}" download type="application/pdf">下载报告全文（PDF）</a>：{title}</p>').format(
        href=href, title=escape(title)
    )
