"""Every validation error, one fixture each, with the exact line a user reads.

``tests/data/broken/<case>/`` is a project whose one evaluation (id = case) is a small
valid evaluation with exactly one thing wrong. ``jixiao check`` must print exactly one
line for it, ``file:line: where: message（fix）``, and exit 1 without a traceback.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, run

from jixiao.scoring.from_folder import sheet

BROKEN = DATA / "broken"

EXPECTED = {
    "public-source-url": "scores/public-source-url/evaluation.yaml:53: publication: 原文已公开须写原文网址 url，同意记录不写 url"
    "（原文已由原单位公开时写 {party: 原文已公开, by: 公开的单位, date: 查得日期, url: 网址}）",
    "yaml-syntax": "scores/yaml-syntax/evaluation.yaml:4: YAML 语法错误：方括号 [ 没有闭合（检查缩进、冒号、括号和引号）",
    "csv-columns": 'scores/csv-columns/samples.csv:3: 这一行有 4 列，多于表头的 3 列（删除多余的逗号；带千分位逗号的金额要整格加引号，如 "3,000,000.00"）',
    "csv-encoding": "scores/csv-encoding/samples.csv:1: 文件既不是 UTF-8 也不是 GBK 编码，无法读取（用 Excel“另存为”选“CSV UTF-8”，或用编辑器以 UTF-8 重新保存）",
    "bad-amount": "scores/bad-amount/samples.csv:2: 救灾物资采购: 支出金额 '三十万' 不是数字（写成数字，如 3,000,000.00）",
    "unknown-rule": "scores/unknown-rule/evaluation.yaml:29: 投入 › 预算配置 › 制度健全性 › 评分标准①: 未知的评分规则 'judge'"
    "（可用规则：band, change_rate, checklist, coefficient, completion, deduction, deviation, execution, formula, graded_survey, "
    "inverse_ratio, judged, qualitative, ratio, survey_share, threshold, tier, within_limit）",
    "unknown-field": "scores/unknown-field/evaluation.yaml:33: 投入 › 预算配置 › 制度健全性 › 评分标准①: 未知字段 'resaon'"
    "（检查拼写；judged 规则的字段有 rule, text, points, no, basis, reported, score, reason）",
    "missing-field": "scores/missing-field/evaluation.yaml:2: evaluator: 缺少必填字段 'evaluator'（补上该字段）",
    "missing-fact": "scores/missing-fact/evaluation.yaml:19: 比率 预算执行率: 公式“实际支出 / 预算数”引用的事实 '实际支出' 未定义"
    "（在 facts.yaml 中添加它，或改正名称）",
    "unknown-fact": "scores/unknown-fact/evaluation.yaml:32: 投入 › 预算配置 › 制度健全性 › 评分标准①: 引用的事实 '公用经费支出' 未定义"
    "（在 facts.yaml 中添加它或改正名称）",
    "mistyped-fact": "scores/mistyped-fact/facts.yaml:6: 实际支出: '九十五万元' 不是数字（写成数字，如 1234.56）",
    "score-above-points": "scores/score-above-points/evaluation.yaml:32: 投入 › 预算配置 › 制度健全性 › 评分标准①: "
    "得分 25.00 超过分值 20（得分应在 0 到 20 之间）",
    "children-points": "scores/children-points/evaluation.yaml:22: 投入: 分值 40 与下级指标分值之和 45 不符（改正分值或下级指标的分值）",
    "top-points": "scores/top-points/evaluation.yaml:20: 指标体系: 一级指标分值之和为 90，应为 100（调整一级指标的分值）",
    "duplicate-name": "scores/duplicate-name/evaluation.yaml:45: 效益 › 满意度 › 制度健全性: "
    "三级指标名“制度健全性”与“投入 › 预算配置 › 制度健全性”重复（三级指标名须唯一）",
    "duplicate-key": "scores/duplicate-key/evaluation.yaml:39: 投入 › 预算配置 › 预算执行率 › 评分标准①: 键 'points' 与第 37 行重复（删除或合并其中一个）",
    "survey-count": "scores/survey-count/survey.yaml:22: Q2 选项B: 份数 120 多于有效问卷数 100（改正份数；若是几道题合计的份数，写 pooled: 题数）",
    "single-choice-sum": "scores/single-choice-sum/survey.yaml:3: Q1: 单选题各选项份数之和 105 多于有效问卷数 100（改正份数；多选题把题型改为 multiple；几道题合计的份数写 pooled: 题数）",
    "zero-denominator": "scores/zero-denominator/evaluation.yaml:19: 比率 预算执行率: 公式“实际支出 / 预算数”的分母为 0（检查分母所引用事实的值）",
    "grades-overlap": "scores/grades-overlap/evaluation.yaml:15: 等级“良”: 区间（止于 91）与等级“优”（90 分起）重叠（令 below 等于 90）",
    "grades-gap": "scores/grades-gap/evaluation.yaml:15: 等级“良”: 区间止于 89，与等级“优”（90 分起）之间有空档（令 below 等于 90）",
    "tier-range": "scores/tier-range/evaluation.yaml:33: 投入 › 预算配置 › 制度健全性 › 评分标准①: “达成”档的得分须在 [16, 20] 内，实际为 15（改正得分或档次）",
    "formula-syntax": "scores/formula-syntax/evaluation.yaml:19: 比率 预算执行率: 公式“实际支出 / / 预算数”有语法错误（检查运算符是否连写、括号是否成对）",
    "wrong-date": "scores/wrong-date/evaluation.yaml:12: issued: '2024-02-30' 不是有效日期（写成存在的日期 YYYY-MM-DD，如 2024-05-20；报告只写到月份时写 YYYY-MM，如 2025-05）",
}


def finding_lines(stderr: str) -> list[str]:
    """The finding lines of ``jixiao check`` (everything but its closing summary)."""
    return [line for line in stderr.splitlines() if line and not line.startswith("检查了")]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_one_problem_one_line(case: str) -> None:
    result = run("jixiao", "--root", str(BROKEN / case), "check")
    assert result.returncode == 1
    assert finding_lines(result.stderr) == [EXPECTED[case]]
    assert result.stderr.splitlines()[-1] == "检查了 1 个评价：1 个错误，0 个警告"
    assert "Traceback" not in result.stdout + result.stderr


def test_every_broken_fixture_has_an_expected_line() -> None:
    cases = {p.name for p in BROKEN.iterdir() if p.is_dir()}
    assert cases == set(EXPECTED) | {"csv-gbk"}


def test_score_of_a_broken_evaluation_names_the_problem_not_a_traceback() -> None:
    result = run("jixiao", "--root", str(BROKEN / "wrong-date"), "score", "wrong-date")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [EXPECTED["wrong-date"], "1 个错误"]


def test_gbk_csv_as_chinese_excel_saves_it_loads() -> None:
    # samples.csv saved in GBK: read as such, amounts and Chinese names intact, evaluation scores
    root = BROKEN / "csv-gbk"
    assert (root / "scores/csv-gbk/samples.csv").read_bytes().decode("gbk").startswith("项目实施单位,项目名称,支出金额")
    result = run("jixiao", "--root", str(root), "check")
    assert (result.returncode, result.stderr) == (0, "")
    scored = sheet(root, "csv-gbk")
    assert [(s.name, s.amount) for s in scored.loaded.samples] == [
        ("救灾物资采购", Decimal("300000.00")),
        ("应急演练", Decimal("50000.00")),
    ]
    # 15 + 950,000 / 1,000,000 × 20 + 90 / 100 × 60 = 15 + 19 + 54 = 88.00 → 良
    assert (scored.total, scored.grade) == (Decimal("88.00"), "良")


def test_check_of_many_broken_evaluations(tmp_path: Path) -> None:
    # one project holding every broken case under one scores/: one line per problem, exit 1, no traceback
    (tmp_path / "mkdocs.yml").write_text("site_name: broken-all\n", encoding="utf-8")
    for case in EXPECTED:
        shutil.copytree(BROKEN / case / "scores" / case, tmp_path / "scores" / case)
    result = run("jixiao", "--root", str(tmp_path), "check")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert sorted(finding_lines(result.stderr)) == sorted(EXPECTED.values())
    assert len(EXPECTED) >= 15
    assert result.stderr.splitlines()[-1] == f"检查了 {len(EXPECTED)} 个评价：{len(EXPECTED)} 个错误，0 个警告"
