"""Grade bands (优 ≥ 90, 良 80–90…): the grade a total falls in, and bands that tile the scale from 0 up."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from jixiao.data.load import Located
from jixiao.data.model import GradeBand
from jixiao.errors import Finding


def grade_for(total: Decimal, bands: list[GradeBand]) -> str:
    """The grade whose band holds ``total`` (bands are validated to tile [0, ∞))."""
    for band in bands:
        if total >= band.min and (band.below is None or total < band.below):
            return band.grade
    return ""


def check_bands(bands: list[GradeBand], total_points: Decimal, located: Located) -> list[Finding]:
    """Grade bands must not overlap and must leave no gap from 0 upwards.

    A finding points at the band to change (the line of its ``- grade:`` item).
    """
    if not bands:
        return [Finding(located.display, located.line(["grades"]), "grades", "没有等级区间", "删除 grades 以使用默认的优良中差")]
    ordered = sorted(enumerate(bands), key=lambda pair: pair[1].min)

    def at(index: int, message: str, fix: str) -> Finding:
        return Finding(located.display, located.line(["grades", index]), f"等级“{bands[index].grade}”", message, fix)

    problems = []
    first_index, first = ordered[0]
    if first.min != 0:
        problems.append(at(first_index, f"最低等级从 {first.min} 分起，0 至 {first.min} 分没有等级", "令最低等级的 min 为 0"))
    for (low_index, low), (_, high) in pairwise(ordered):
        if low.below is None or low.below > high.min:
            upper = "无上限" if low.below is None else f"止于 {low.below}"
            problems.append(at(low_index, f"区间（{upper}）与等级“{high.grade}”（{high.min} 分起）重叠", f"令 below 等于 {high.min}"))
        elif low.below < high.min:
            problems.append(
                at(low_index, f"区间止于 {low.below}，与等级“{high.grade}”（{high.min} 分起）之间有空档", f"令 below 等于 {high.min}")
            )
    last_index, last = ordered[-1]
    if last.below is not None and last.below <= total_points:
        problems.append(at(last_index, f"最高等级止于 {last.below}，满分 {total_points} 没有等级", "删除最高等级的 below"))
    return problems
