"""The reference report, scored to the cent by the real CLI.

Every figure below is typed from the report (泸水市应急管理局 2022 年部门整体支出绩效评价报告):
表3 for the 一级, 表4–表7 for the 二级 subtotals and 三级 scores, 附件1 for the 三级 points,
and the prose for the rates. The one exception is written out where it occurs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import REFERENCE, run


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    result = run("jixiao", "score", REFERENCE, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# (二级, 三级, 分值, 得分) in the order of 附件1
THIRD_LEVEL = [
    # 表4 投入
    ("目标设定", "绩效目标合理性", "2.00", "2.00"),
    ("目标设定", "绩效指标明确性", "4.00", "3.00"),
    ("预算配置", "岗位设置及职责分工", "1.00", "0.50"),
    ("预算配置", "项目组织机构设置情况", "1.00", "0.50"),
    ("预算配置", "预算管理领导小组设置", "1.00", "1.00"),
    ("预算配置", "“三公经费”变动率", "2.00", "2.00"),
    ("预算配置", "重点支出安排率", "2.00", "1.98"),
    # 表5 过程
    ("预算管理", "预算完成率", "2.00", "2.00"),
    ("预算管理", "预算调整率", "2.00", "0.00"),
    ("预算管理", "结转结余率", "2.00", "2.00"),
    ("预算管理", "公用经费节约率", "2.00", "0.00"),
    ("预算管理", "“三公经费”节约率", "2.00", "0.00"),
    ("预算管理", "政府采购执行率", "2.00", "2.00"),
    ("预算管理", "预算管理制度健全性", "2.00", "1.50"),
    ("预算管理", "资金使用合规性", "5.00", "5.00"),
    ("预算管理", "预决算信息公开性", "1.00", "1.00"),
    ("预算管理", "基础信息完善性", "2.00", "2.00"),
    ("资产管理", "资产管理制度健全性", "1.00", "1.00"),
    ("资产管理", "资产管理安全性", "3.00", "3.00"),
    ("资产管理", "固定资产利用率", "1.00", "1.00"),
    # 表6 产出
    ("产出数量", "安全生产监督", "2.00", "2.00"),
    ("产出数量", "生产安全事故下降率", "2.00", "2.00"),
    ("产出数量", "应急预案演练", "2.00", "2.00"),
    ("产出质量", "加强重点领域安全监管", "2.00", "2.00"),
    ("产出质量", "全国自然灾害风险普查", "2.00", "2.00"),
    ("产出质量", "落实自然灾害救助工作", "2.00", "2.00"),
    ("产出质量", "补贴资金管理", "2.00", "2.00"),
    ("产出质量", "应急物资管理", "4.00", "3.00"),
    ("产出质量", "开展宣传培训工作", "2.00", "2.00"),
    ("产出质量", "现代化边境小康村建设工作任务", "2.00", "2.00"),
    ("产出时效", "补助资金发放及时率", "2.00", "2.00"),
    ("产出时效", "灾害上报和处置及时性", "2.00", "2.00"),
    ("产出成本", "成本节约情况", "2.00", "2.00"),
    # 表7 效益 (附件1 names the 三级)
    ("经济效益", "降低经济损失", "4.00", "4.00"),
    ("社会效益", "全民安全意识和逃生技能提升", "8.00", "7.98"),
    # 附件1 prints 4.00, but 附件2 Q8 is 193 / 194 × 4 = 3.979 → 3.98, and 表7's 社会效益 15.94
    # (7.98 + 3.98 + 3.98) agrees: the engine computes 3.98 and lists the difference (below)
    ("社会效益", "应急管理能力提升", "4.00", "3.98"),
    ("社会效益", "提供生活保障", "4.00", "3.98"),
    ("可持续影响", "可持续影响", "8.00", "7.96"),
    ("满意度", "社会公众满意度", "4.00", "3.96"),
]

# (一级, 二级, 分值, 得分): 表4–表7 totals; 二级 subtotals are the sums of the report's 三级 scores
SECOND_LEVEL = [
    ("投入", "目标设定", "6.00", "5.00"),
    ("投入", "预算配置", "7.00", "5.98"),
    ("过程", "预算管理", "22.00", "15.50"),
    ("过程", "资产管理", "5.00", "5.00"),
    ("产出", "产出数量", "6.00", "6.00"),
    ("产出", "产出质量", "16.00", "15.00"),
    ("产出", "产出时效", "4.00", "4.00"),
    ("产出", "产出成本", "2.00", "2.00"),
    ("效益", "经济效益", "4.00", "4.00"),
    ("效益", "社会效益", "16.00", "15.94"),
    ("效益", "可持续影响", "8.00", "7.96"),
    ("效益", "满意度", "4.00", "3.96"),
]

# 表3
FIRST_LEVEL = [("投入", "13.00", "10.98"), ("过程", "27.00", "20.50"), ("产出", "28.00", "27.00"), ("效益", "32.00", "31.86")]


def at_level(data: dict[str, Any], level: int) -> list[dict[str, Any]]:
    return [i for i in data["indicators"] if i["level"] == level]


def test_total_and_grade(reference: dict[str, Any]) -> None:
    assert (reference["id"], reference["total"], reference["grade"]) == (REFERENCE, "90.34", "优")


def test_first_level_subtotals(reference: dict[str, Any]) -> None:
    assert [(i["name"], i["points"], i["score"]) for i in at_level(reference, 1)] == FIRST_LEVEL


def test_second_level_subtotals(reference: dict[str, Any]) -> None:
    assert [(i["parent"], i["name"], i["points"], i["score"]) for i in at_level(reference, 2)] == SECOND_LEVEL


def test_all_39_third_level_scores(reference: dict[str, Any]) -> None:
    assert len(THIRD_LEVEL) == 39
    assert [(i["parent"], i["name"], i["points"], i["score"]) for i in at_level(reference, 3)] == THIRD_LEVEL


def test_rates_printed_in_the_report(reference: dict[str, Any]) -> None:
    rates = reference["rates"]
    assert rates["重点支出安排率"] == "99.04"
    assert rates["预算调整率"] == "102.13"
    assert rates["政府采购执行率"] == "350.46"
    assert rates["“三公经费”变动率"] == "-0.45"
    assert rates["成本支出率"] == "87.99"


def test_reported_score_that_differs_is_listed(reference: dict[str, Any]) -> None:
    assert {
        "level": "评分标准",
        "indicator": "效益 › 社会效益 › 应急管理能力提升",
        "criterion": 1,
        "reported": "4.00",
        "computed": "3.98",
        "file": "scores/lushui-yingji-2022/evaluation.yaml",
        "line": 564,  # the line of `reported: 4.00`
    } in reference["differences"]
    assert all(d["reported"] != d["computed"] for d in reference["differences"])


def test_reference_passes_check() -> None:
    result = run("jixiao", "check", REFERENCE)
    assert result.returncode == 0, result.stderr
