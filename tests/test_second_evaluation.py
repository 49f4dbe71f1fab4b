"""A second, different evaluation built only from data: a 项目支出 evaluation.

``tests/data/xiangmu`` uses the 财预〔2020〕10号 framework — 决策/过程/产出/效益 weighted
15/25/25/35, rules the reference report never uses (checklist, tier, band, deviation,
graded survey, formula) — and no Python of its own. Every expected score is worked out
by hand below.
"""

from __future__ import annotations

import json

from conftest import DATA, run

XIANGMU = DATA / "xiangmu"

# 立项依据充分性  checklist 5 × (10 % × 1 + 80 % × 0.5 + 10 % × (1 − 1/3)) = 5 × 0.5667 = 2.8333 → 2.83
# 绩效目标合理性  tier 部分达成, judged 7 of 10 (in [6, 8))                              → 7.00
# 资金到位率      ratio 1,900,000 / 2,000,000 = 95 % × 10                                 → 9.50
# 预算执行率      band 1,805,000 / 1,900,000 = 95 %; 80 % → 0, 100 % → 15: 15 × 15/20    → 11.25
# 供水工程完成数  deviation |18 − 20| / 20 = 10 %: 25 × 0.9                                → 22.50
# 受益群众满意度  graded (120×100 + 50×75 + 20×50 + 6×25) / 20,000 = 84.5 %;
#                 60 % → 0, 90 % → 20: 20 × 24.5/30 = 16.333                               → 16.33
# 受益人口覆盖率  formula 15 × min(1, 11,400 / 12,000)                                     → 14.25
EXPECTED = [
    (1, "决策", None, "15.00", "9.83"),
    (2, "项目立项", "决策", "15.00", "9.83"),
    (3, "立项依据充分性", "项目立项", "5.00", "2.83"),
    (3, "绩效目标合理性", "项目立项", "10.00", "7.00"),
    (1, "过程", None, "25.00", "20.75"),
    (2, "资金管理", "过程", "25.00", "20.75"),
    (3, "资金到位率", "资金管理", "10.00", "9.50"),
    (3, "预算执行率", "资金管理", "15.00", "11.25"),
    (1, "产出", None, "25.00", "22.50"),
    (2, "产出数量", "产出", "25.00", "22.50"),
    (3, "供水工程完成数", "产出数量", "25.00", "22.50"),
    (1, "效益", None, "35.00", "30.58"),
    (2, "满意度", "效益", "20.00", "16.33"),
    (3, "受益群众满意度", "满意度", "20.00", "16.33"),
    (2, "社会效益", "效益", "15.00", "14.25"),
    (3, "受益人口覆盖率", "社会效益", "15.00", "14.25"),
]


def scored() -> dict:
    result = run("jixiao", "--root", str(XIANGMU), "score", "shuili-2023", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_indicator_scores_as_calculated_by_hand() -> None:
    got = [(i["level"], i["name"], i["parent"], i["points"], i["score"]) for i in scored()["indicators"]]
    assert got == EXPECTED


def test_total_and_grade() -> None:
    # 9.83 + 20.75 + 22.50 + 30.58 = 83.66 → 良 (80 ≤ 83.66 < 90)
    data = scored()
    assert (data["id"], data["total"], data["grade"]) == ("shuili-2023", "83.66", "良")


def test_rates_come_from_the_facts() -> None:
    assert scored()["rates"] == {"资金到位率": "95.00", "预算执行率": "95.00"}


def test_it_passes_check_and_needs_no_python() -> None:
    result = run("jixiao", "--root", str(XIANGMU), "check")
    assert result.returncode == 0, result.stderr
    assert "检查了 1 个评价：0 个错误" in result.stdout  # a draft: no publication consent is a warning, not an error
    assert not list(XIANGMU.rglob("*.py"))
