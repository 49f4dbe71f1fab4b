"""Narrative claims in every wording a typed report uses: each catches a wrong value and passes a right one.

Every case is a right and a wrong wording of one claim about the reference evaluation, checked through the
real CLI (``jixiao check --narrative``). Expected values are the reference report's own figures: 表3 (投入
13.00 / 10.98 = 84.46 %, 过程 27.00 / 20.50, 产出 28.00 / 27.00, 效益 32.00 / 31.86 = 99.56 %, 合计 100.00 /
90.34, 优 ≥ 90), 表4–表7 (绩效指标明确性 3.00, 岗位设置及职责分工 0.50, 预算调整率 0.00, 全民安全意识和逃生技能
提升 8.00 / 7.98, 产出时效 2.00 + 2.00), 表2 (10 projects, 救灾救援补助资金 339,640.00, 4,220,213.50 元 in all), the indicator counts of 四（一）
(投入: 2 个二级指标, 7 个三级指标, 11 个评分标准) and the facts of 一（一）7 (受灾 2172 人, 房屋受损农户 8 户,
森林防火督导 13 次) and 附件2 (Q1: 满意 192, 不满意 2 of 194 = 1.03 %). The second evaluation's 产出 has 25 points (its evaluation.yaml).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, REFERENCE, ROOT, run

TABLE3 = (
    "| 一级指标 | 指标分值 | 评价得分 | 得分率 |\n|---|---|---|---|\n"
    "| 投入 | 13.00 | 10.98 | 84.46% |\n| 过程 | 27.00 | 20.50 | 75.93% |\n"
    "| 产出 | 28.00 | 27.00 | 96.43% |\n| 效益 | 32.00 | 31.86 | 99.56% |\n"
)
LEVEL3 = "| 三级指标 | 分值 | 得分 |\n|---|---|---|\n"
SUBTOTAL = "| 二级指标 | 三级指标 | 分值 | 得分 |\n|---|---|---|---|\n| 产出时效 | 补助资金发放及时率 | 2.00 | 2.00 |\n|  | 灾害上报和处置及时性 | 2.00 | 2.00 |\n"

SAMPLES = "| 序号 | 项目实施单位 | 项目名称 | 支出金额 |\n|---|---|---|---|\n"
OVERVIEW = "| 项目名称 | 泸水市应急管理局2022年部门整体支出绩效评价报告 |  |  |  |  |\n|---|---|---|---|---|---|\n"
SURVEY = "| 问卷题目 | 选项 | 小计 | 占比 |\n|---|---|---|---|\n| 1、您对泸水市应急管理局工作总体评价如何？ | A. 满意 | 192 | 98.97% |\n"

#: (wording, right, wrong, the message the wrong one gets); the claim is on the text's last line
CASES = [
    (
        "得分X分",
        "全民安全意识和逃生技能提升得分7.98分。",
        "全民安全意识和逃生技能提升得分6.94分。",
        "“全民安全意识和逃生技能提升”得分 6.94 与数据计算值 7.98 不符",
    ),
    (
        "得X分",
        "全民安全意识和逃生技能提升得7.98分。",
        "全民安全意识和逃生技能提升得6.94分。",
        "“全民安全意识和逃生技能提升”得分 6.94 与数据计算值 7.98 不符",
    ),
    ("得X分 computed 0.00", "预算调整率得0.00分。", "预算调整率得1.00分。", "“预算调整率”得分 1.00 与数据计算值 0.00 不符"),
    ("得分为X", "绩效指标明确性得分为3.00。", "绩效指标明确性得分为3.50。", "“绩效指标明确性”得分 3.50 与数据计算值 3.00 不符"),
    ("为X分", "岗位设置及职责分工为0.50分。", "岗位设置及职责分工为0.80分。", "“岗位设置及职责分工”得分 0.80 与数据计算值 0.50 不符"),
    ("共X分", "产出指标共28分。", "产出指标共35分。", "“产出”分值 35 与数据计算值 28 不符"),
    ("X分（满分Y分）", "过程20.50分（满分27分）。", "过程20.50分（满分26分）。", "“过程”分值 26 与数据计算值 27 不符"),
    ("满分X分，得Y分", "社会效益满分16分，得15.94分。", "社会效益满分16分，得14.94分。", "“社会效益”得分 14.94 与数据计算值 15.94 不符"),
    ("扣X分", "过程指标扣6.50分。", "过程指标扣5.50分。", "“过程”扣分（分值 − 得分） 5.50 与数据计算值 6.50 不符"),
    ("得分率X%", "投入指标得分率为84.46%。", "投入指标得分率为80.00%。", "“投入”得分率 80.00% 与数据计算值 84.46% 不符"),
    ("占比X%", "效益指标得分31.86分，占比99.56%。", "效益指标得分31.86分，占比95.00%。", "“效益”得分率 95.00% 与数据计算值 99.56% 不符"),
    ("总分", "部门整体支出绩效评价得分为90.34分。", "部门整体支出绩效评价得分为89.34分。", "总分 89.34 与数据计算值 90.34 不符"),
    ("评价得分", "本次评价得分 90.34 分。", "本次评价得分 89.34 分。", "总分 89.34 与数据计算值 90.34 不符"),
    (
        "等N个项目",
        "重点项目为救灾救援补助资金等 10 个项目。",
        "重点项目为救灾救援补助资金等 9 个项目。",
        "项目个数 9 与数据计算值 10 不符（lushui-yingji-2022/samples.csv 所列项目，支出合计 4,220,213.50 元）",
    ),
    (
        "N个三级指标",
        "投入部分共设置 7 个三级指标。",
        "投入部分共设置 8 个三级指标。",
        "三级指标个数 8 与数据计算值 7 不符（“投入”下的三级指标数）",
    ),
    (
        "N个评分标准",
        "投入部分共设置 11 个评分标准。",
        "投入部分共设置 12 个评分标准。",
        "评分标准个数 12 与数据计算值 11 不符（“投入”下的评分标准数）",
    ),
    ("N户", "房屋受损农户 8 户。", "房屋受损农户 9 户。", "“房屋受损户数” 9户 与数据计算值 8户 不符"),
    ("N人", "全市受灾人数 2172 人。", "全市受灾人数 2712 人。", "“受灾人数” 2712人 与数据计算值 2172人 不符"),
    ("N次", "开展森林防火督导 13 次。", "开展森林防火督导 15 次。", "“森林防火督导次数” 15次 与数据计算值 13次 不符"),
    (
        "合计 row",
        TABLE3 + "| 合计 | 100.00 | 90.34 | 90.34% |",
        TABLE3 + "| 合计 | 100.00 | 65.00 | 65.00% |",
        "总分 65.00 与数据计算值 90.34 不符",
    ),
    (
        "得分率 column",
        TABLE3 + "| 合计 | 100.00 | 90.34 | 90.34% |",
        TABLE3 + "| 合计 | 100.00 | 65.00 | 65.00% |",
        "总得分率 65.00% 与数据计算值 90.34% 不符",
    ),
    (
        "三级 row",
        LEVEL3 + "| 全民安全意识和逃生技能提升 | 8.00 | 7.98 |",
        LEVEL3 + "| 全民安全意识和逃生技能提升 | 8.00 | 6.94 |",
        "“全民安全意识和逃生技能提升”得分 6.94 与数据计算值 7.98 不符",
    ),
    (
        "小计 row",
        SUBTOTAL + "| 小计 |  | 4.00 | 4.00 |",
        SUBTOTAL + "| 小计 |  | 4.00 | 3.00 |",
        "“产出时效”得分 3.00 与数据计算值 4.00 不符",
    ),
    (
        "问卷 小计 column",
        SURVEY + "|  | B. 不满意 | 2 | 1.03% |",
        SURVEY + "|  | B. 不满意 | 3 | 1.03% |",
        "问卷 Q1 选项B 份数 3 与数据计算值 2 不符",
    ),
    (
        "问卷 占比 column",
        SURVEY + "|  | B. 不满意 | 2 | 1.03% |",
        SURVEY + "|  | B. 不满意 | 2 | 1.55% |",
        "问卷 Q1 选项B 占比 1.55% 与数据计算值 1.03% 不符",
    ),
    (
        "表2 项目行",
        SAMPLES + "| 2 | 泸水市应急管理局 | 救灾救援补助资金 | 339,640.00 |",
        SAMPLES + "| 2 | 泸水市应急管理局 | 救灾救援补助资金 | 393,640.00 |",
        "“救灾救援补助资金”支出金额 393,640.00元 与数据计算值 339,640.00元 不符（lushui-yingji-2022/samples.csv）",
    ),
    (
        "表2 合计",
        SAMPLES + "| 合计 |  |  | 4,220,213.50 |",
        SAMPLES + "| 合计 |  |  | 4,220,231.50 |",
        "抽样项目支出合计 4,220,231.50元 与数据计算值 4,220,213.50元 不符",
    ),
    (
        "概要表 评价分值",
        OVERVIEW + "| 评价方式 | 第三方评价 | 评价分值 | 90.34 | 评价等级 | 优 |",
        OVERVIEW + "| 评价方式 | 第三方评价 | 评价分值 | 89.34 | 评价等级 | 优 |",
        "总分 89.34 与数据计算值 90.34 不符",
    ),
    (
        "概要表 评价等级",
        OVERVIEW + "| 评价方式 | 第三方评价 | 评价分值 | 90.34 | 评价等级 | 优 |",
        OVERVIEW + "| 评价方式 | 第三方评价 | 评价分值 | 90.34 | 评价等级 | 良 |",
        "等级“良”与数据计算的等级“优”不符",
    ),
    ("再评价分值", "再评价分值： 90.34 再评价等级： 优", "再评价分值： 91.34 再评价等级： 优", "总分 91.34 与数据计算值 90.34 不符"),
    ("grade wording", "2022年部门总体评价为优秀。", "2022年部门总体评价为良好。", "正文称评价结果“良好”，数据计算的等级为“优”（90.34 分）"),
]


def write(path: Path, texts: list[str]) -> list[int]:
    """Write ``texts`` one after another under a heading; return the line of each one's last line."""
    lines, ends = ["# 手写的说法", ""], []
    for text in texts:
        lines += text.split("\n")
        ends.append(len(lines))
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return ends


def findings(path: Path, root: Path = ROOT, evaluation: str = REFERENCE) -> dict[int, list[str]]:
    """Every finding the CLI reports in ``path``, by line."""
    result = run("jixiao", "--root", str(root), "check", evaluation, "--narrative", str(path), "--format", "json")
    out: dict[int, list[str]] = {}
    for f in json.loads(result.stdout):
        if Path(f["file"]).name == path.name:
            out.setdefault(f["line"], []).append(f["message"])
    return out


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[int, list[str]], list[int], dict[int, list[str]]]:
    """The right and the wrong wordings, each file checked once: (right findings, wrong lines, wrong findings)."""
    folder = tmp_path_factory.mktemp("claims")
    write(folder / "right.md", [c[1] for c in CASES])
    lines = write(folder / "wrong.md", [c[2] for c in CASES])
    return findings(folder / "right.md"), lines, findings(folder / "wrong.md")


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=[c[0] for c in CASES])
def test_each_wording_catches_a_wrong_value(index: int, case: tuple[str, str, str, str], checked) -> None:  # type: ignore[no-untyped-def]
    _, lines, wrong = checked
    assert case[3] in wrong.get(lines[index], []), wrong.get(lines[index])


def test_every_right_wording_passes(checked) -> None:  # type: ignore[no-untyped-def]
    right, _, _ = checked
    assert right == {}


def test_points_claim_on_another_indicator_tree(tmp_path: Path) -> None:
    root = DATA / "xiangmu"
    write(tmp_path / "right.md", ["产出指标共25分。"])
    write(tmp_path / "wrong.md", ["产出指标共35分。"])
    assert findings(tmp_path / "right.md", root, "shuili-2023") == {}
    assert findings(tmp_path / "wrong.md", root, "shuili-2023") == {3: ["“产出”分值 35 与数据计算值 25 不符"]}


def test_rule_text_and_figures_about_something_else_are_not_claims(tmp_path: Path) -> None:
    rules = [
        "资产管理安全性：资产处置规范，发现1项问题扣0.5分。",
        "投入得分10.98分，抽样资金占比99.04%。",
        "部门整体绩效目标共设立 12 个三级指标进行评价。",
        "政府采购执行情况良好，预算执行情况良好。",
        "部门自评得分为85.00分，自评等级为“良”，自评结果为良好。",
        "选取了中央自然灾害救灾资金冬春救助补助资金等 10 个项目进行抽样。",
        "绩效目标合理性：符合部门三定方案确定的职责，得1分，否则不得分。",
        "资产管理安全性：发现1项问题扣0.5分，扣完为止。",
        "“三公经费”变动率满分2分，若变动率≤0%得满分。",
        "全民安全意识和逃生技能提升：满分4分，根据问卷调查结果评分。",
    ]
    write(tmp_path / "rules.md", rules)
    assert findings(tmp_path / "rules.md") == {}


@pytest.mark.parametrize(
    "args",
    [(), ("--root", "tests/data/xiangmu", "--evaluation", "shuili-2023", "tests/data/integrity/narrative-claims-shuili.md")],
    ids=["reference", "second tree"],
)
def test_precision_and_recall_on_typed_claims(args: tuple[str, ...]) -> None:
    result = run("python", "bench/narrative_precision.py", *args)
    print(result.stdout)
    figures = dict(line.split(": ", 1) for line in result.stdout.splitlines() if line.startswith(("precision", "recall")))
    assert result.returncode == 0, result.stdout
    assert figures["precision"].startswith("1.00"), result.stdout
    assert float(figures["recall"].split()[0]) >= 0.95, result.stdout
