"""A table as generator-neutral data: cells with their spans, rows, caption, unit and source.

HTML (``table_html``), the CSV/XLSX downloads (``outputs.opendata``) and the PDF render the
same ``Table``; ``tables.TableBuilder`` and ``self_evaluation_form`` build them from a score sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    """One cell; ``header`` cells become ``<th scope="row">``."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    numeric: bool = False
    header: bool = False
    #: whether the search index takes the cell's text. A third-party report's 附件1 rubric (指标解释,
    #: 评分标准) is not indexed: it is the same text in every evaluation of a type, a hit in every report
    #: and a large part of the index; the indicator names, scores, evidence and opinions around it are,
    #: and so is the whole of a 自评 form (the form is that report)
    indexed: bool = True
    #: the column heading a narrow screen shows beside the cell when a row is laid out as a card
    label: str | None = None
    #: a class the stylesheets lay the cell out by (the 自评表's section labels and column headings)
    css: str | None = None
    #: text after the figure, in smaller type (the recomputed score beside the printed one), and where it links
    note: str = ""
    href: str | None = None


@dataclass
class Table:
    """A captioned table with one header row, body rows and footer rows."""

    key: str
    slug: str
    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    foot: list[list[Cell]] = field(default_factory=list)
    unit: str | None = None
    source: str = ""
    note: str | None = None
    landscape: bool = False
    #: each column's share of the width in percent, where the table says (the 自评表); else the layout decides
    widths: list[float] = field(default_factory=list)

    def grid(self) -> list[list[str]]:
        """Body and footer as a full grid, spanned cells repeated (for CSV/XLSX)."""
        out: list[list[str]] = []
        pending: dict[tuple[int, int], str] = {}
        width = len(self.columns) or max(sum(c.colspan for c in r) for r in self.rows)
        for r, row in enumerate([*self.rows, *self.foot]):
            line: list[str] = []
            cells = iter(row)
            c = 0
            while c < width:
                if (r, c) in pending:
                    line.append(pending.pop((r, c)))
                    c += 1
                    continue
                cell = next(cells, None)
                if cell is None:
                    line.append("")
                    c += 1
                    continue
                text = cell.text + cell.note
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if dr or dc:
                            pending[(r + dr, c + dc)] = text
                line.append(text)
                c += 1
            out.append(line)
        return out


def num(text: str) -> Cell:
    return Cell(text, numeric=True)
