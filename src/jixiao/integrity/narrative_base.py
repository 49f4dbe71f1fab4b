"""What every check of typed figures shares: the document and score sheet it reads, how a finding is added,
and how one typed figure is compared with the value the data computes (``integrity.narrative``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from jixiao.errors import Finding
from jixiao.integrity.document import Document
from jixiao.integrity.referents import Referents
from jixiao.scoring.score_sheet import IndicatorScore, ScoreSheet


def quantize(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half-up to the places a figure was typed with."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal, places: int, unit: str = "") -> str:
    """``value`` as typed (at least two decimals for a percentage, so 99.48% is not shown as 99%)."""
    places = max(places, 2) if unit == "%" else places
    q = quantize(value, places)
    return (f"{q:,.{places}f}" if unit in ("元", "万元") else f"{q:.{places}f}") + unit


@dataclass
class NarrativeBase:
    """One document read against one score sheet: the findings so far, and how a typed figure is compared."""

    sheet: ScoreSheet
    doc: Document
    bound: bool
    findings: list[Finding]
    #: the indicators of the table rows read since the last 合计 (None: a row naming no indicator)
    block: list[IndicatorScore | None] = field(default_factory=list)
    table_line: int = 0
    #: whether counts (N 个项目, N 个三级指标) are read: a count a binding prints is the data's own figure,
    #: which may rightly differ from another count (the report's 9 projects beside samples.csv's 10)
    counts: bool = True

    @cached_property
    def refs(self) -> Referents:
        return Referents(self.sheet)

    def add(self, line: int, where: str, message: str, fix: str, expected: str | None, severity: str = "error") -> None:
        self.findings.append(Finding(self.doc.display, line, where, message, fix, severity, expected))  # type: ignore[arg-type]

    def compare(
        self,
        line: int,
        where: str,
        what: str,
        typed: Decimal,
        places: int,
        computed: Decimal,
        unit: str,
        binding: str | None,
        origin: str = "",
    ) -> None:
        """Report a typed figure that disagrees with data (error) or, on bound pages, agrees (warning).

        ``binding`` is what a page would write instead (None: nothing to bind, so agreement is silent);
        ``origin`` says where a computed value comes from when ``what`` does not.
        """
        expected = fmt(computed, places, unit)
        shown = f"{typed:,}{unit}" if unit in ("元", "万元") else f"{typed}{unit}"
        if quantize(computed, places) != typed:
            fix = f"改为 {binding}" if binding else f"改为 {expected}"
            self.add(line, where, f"{what} {shown} 与数据计算值 {expected} 不符{origin}", fix, expected)
        elif self.bound and binding:
            self.add(line, where, f"{what} {shown} 为手写数字", f"改为 {binding}，数字随数据更新", expected, "warning")

    def claim(self, line: int, node: IndicatorScore | None, role: str, typed: Decimal, places: int) -> None:
        """One figure said of ``node`` (None: the total) as its score, points, deduction, share or either."""
        where = " › ".join(node.path) if node else "总分"
        if role == "either":
            # 为X分 is said of a score and of points alike: a figure that is neither is compared with the score
            points = self.refs.points(node)
            if quantize(points.value, places) == typed:
                return
            role = "score"
        signed = self.sheet.signed
        if node is None and role == "score" and signed.differs and quantize(signed.total, places) == typed:
            # the total the report printed (reported_total) is the report's own score, beside the recomputed one
            self.compare(line, where, "报告所印总分", typed, places, signed.total, "", "{{ meta.reported_total | num }}")
            return
        value = {"score": self.refs.score, "points": self.refs.points, "deduction": self.refs.deduction, "share": self.refs.share}[role](
            node
        )
        unit = "%" if role == "share" else ""
        self.compare(line, where, value.source, typed, places, value.value, unit, value.binding)
