"""The administrative level of an evaluation (省, 市, 县…) and the 概要表 wording that follows it.

A 省财政厅 commissions 省级预算部门, a 县财政局 a 县级 one: the 概要表 labels are the level's,
never a fixed city wording. The level is written as ``level`` or read from a commissioner
named like ``云南省财政厅`` / ``示例县财政局``; otherwise the labels stay neutral.
"""

from __future__ import annotations

import re

from jixiao.data.model import Evaluation

#: level → (the finance department, the name of its fund-management units)
LEVELS: dict[str, tuple[str, str]] = {
    "省": ("省财政厅", "处室"),
    "自治区": ("自治区财政厅", "处室"),
    "直辖市": ("市财政局", "处室"),
    "市": ("市财政局", "科室"),
    "州": ("州财政局", "科室"),
    "盟": ("盟财政局", "科室"),
    "县": ("县财政局", "股室"),
    "区": ("区财政局", "股室"),
    "旗": ("旗财政局", "股室"),
}

_FINANCE = re.compile(r"(自治区|省|市|州|盟|县|区|旗)财政(?:厅|局)$")


def level_of(ev: Evaluation) -> str | None:
    """``level`` as written, else the level in a commissioner's name such as ``泸水市财政局``."""
    if ev.level:
        return ev.level
    match = _FINANCE.search(ev.commissioner)
    return match.group(1) if match else None


def overview_labels(ev: Evaluation) -> tuple[str, str]:
    """The 概要表's two level-bound labels: the finance unit and the budget department.

    ``("市财政局资金管理科室", "市级预算部门(单位)")`` for a city; neutral wording when the
    level is unknown.
    """
    level = level_of(ev)
    if level is None:
        return "财政部门资金管理科室", "预算部门(单位)"
    finance, units = LEVELS[level]
    tier = "市" if level == "直辖市" else level
    return f"{finance}资金管理{units}", f"{tier}级预算部门(单位)"
