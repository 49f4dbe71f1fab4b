"""The score sheet as terminal text: columns aligned by display width, not by character count.

A Chinese character takes two terminal columns, full-width punctuation too, and quotes such as
“三公经费” one; ``rich`` measures each by its East Asian width, so 分值 and 得分 line up under
any indicator name, however long.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from jixiao.data.money import fmt_percent, fmt_score
from jixiao.scoring.score_sheet import ScoreSheet


def _render(table: Table) -> str:
    """The table as plain text (no colour, no width limit), without trailing spaces."""
    console = Console(width=400, color_system=None, no_color=True, highlight=False, legacy_windows=False)
    with console.capture() as captured:
        console.print(table)
    return "\n".join(line.rstrip() for line in captured.get().splitlines())


def _grid() -> Table:
    return Table(box=None, show_edge=False, pad_edge=False, padding=(0, 0, 0, 2))


def indicator_table(sheet: ScoreSheet) -> str:
    """指标 / 分值 / 得分, one row per indicator, each level indented two spaces."""
    table = _grid()
    table.add_column("指标", no_wrap=True)
    table.add_column("分值", justify="right", no_wrap=True)
    table.add_column("得分", justify="right", no_wrap=True)
    for node in sheet.walk():
        label = Text("  " * (node.level - 1) + node.name)
        table.add_row(label, fmt_score(node.points), fmt_score(node.score))
    return _render(table)


def rate_table(sheet: ScoreSheet) -> str:
    """比率名 and its percentage, names indented two spaces, percentages right-aligned."""
    table = _grid()
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.show_header = False
    for name, value in sheet.rates.items():
        table.add_row(Text(f"  {name}"), fmt_percent(value))
    return _render(table)
