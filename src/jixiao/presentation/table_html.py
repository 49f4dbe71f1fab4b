"""Tables as semantic HTML: ``<caption>``, ``<th scope>``, spans, figures right-aligned.

The markup is a Jinja template (``templates/table.html``); the table scrolls
horizontally inside its own box on a narrow screen instead of widening the page.
"""

from __future__ import annotations

from functools import cache
from html import escape

import jinja2
from markupsafe import Markup

from jixiao.presentation.cells import Cell, Table

#: what the mark beside a recomputed score says on hover (its own text, “（复核 64.99）”, is what it links)
REVIEW_TITLE = "报告所印得分与按评分标准复核的得分不同，见复核差异表"


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("jixiao", "templates"), autoescape=True, trim_blocks=False)
    env.globals["render_cell"] = render_cell
    return env


def render_cell(cell: Cell) -> Markup:
    """One cell; line breaks in data become ``<br>``; a note (the recomputed score) follows, linked where it is explained."""
    attrs = []
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    classes = [name for name in ("jx-num" if cell.numeric else None, cell.css) if name]
    if classes:
        attrs.append(f'class="{" ".join(classes)}"')
    if not cell.indexed:
        attrs.append("data-pagefind-ignore")
    if cell.label:
        attrs.append(f'data-label="{escape(cell.label)}"')
    tag = "th" if cell.header else "td"
    if cell.header:
        attrs.insert(0, 'scope="rowgroup"' if cell.rowspan > 1 else 'scope="row"')
    body = "<br>".join(escape(part) for part in cell.text.split("\n"))
    if cell.note and cell.href:
        body += f'<a class="jx-review" href="{escape(cell.href)}" title="{REVIEW_TITLE}">{escape(cell.note)}</a>'
    elif cell.note:
        body += f'<span class="jx-review">{escape(cell.note)}</span>'
    return Markup(f"<{tag}{' ' if attrs else ''}{' '.join(attrs)}>{body}</{tag}>")


def table_html(table: Table, downloads: list[tuple[str, str]] | None = None, edit_url: str | None = None) -> Markup:
    """The table as one HTML block (no blank lines, so Markdown leaves it alone).

    ``edit_url`` opens the data file behind the table: a reviewer corrects a figure
    there, not in the page that shows it.
    """
    html = _env().get_template("table.html").render(table=table, downloads=downloads or [], edit_url=edit_url)
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))
