"""Every scoring rule on its edges, each scored through the real loader and scorer.

Each test writes a one-indicator evaluation into a temporary project, so a rule is
seen as a user sees it: parameters in YAML, the one rounding rule applied, problems
reported as findings. Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.errors import DataError
from jixiao.scoring.formula import FormulaError, evaluate
from jixiao.scoring.from_folder import sheet
from jixiao.scoring.score_sheet import ScoreSheet

D = Decimal
TESTED = "被测指标"


def write_evaluation(
    root: Path,
    criterion: str,
    points: int = 2,
    facts: dict[str, str] | None = None,
    rates: dict[str, str] | None = None,
    survey: str | None = None,
) -> Path:
    """A project with one 三级 indicator scored by ``criterion`` (YAML flow-map items).

    The rest of the 100 points sit in a judged filler indicator scoring 0, so the
    tree is valid and the tested indicator's score is all that varies.
    """
    folder = root / "scores" / "t"
    folder.mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    rate_lines = "".join(f"  {name}: {expr}\n" for name, expr in (rates or {}).items())
    filler = (
        f"          - name: 其余\n            points: {100 - points}\n"
        f"            criteria:\n              - {{text: 其余, points: {100 - points}, rule: judged, score: 0}}\n"
        if points < 100
        else ""
    )
    (folder / "evaluation.yaml").write_text(
        "title: 规则测试\ntype: 项目支出\nyear: 2023\nevaluated_body: 测试单位\ncommissioner: 测试财政局\n"
        "evaluator: 测试机构\nreport_number: T-1\nperiod: {start: 2024-01-01, end: 2024-01-31}\nissued: 2024-02-01\n"
        + (f"rates:\n{rate_lines}" if rate_lines else "")
        + "indicators:\n  - name: 一级\n    points: 100\n    children:\n      - name: 二级\n        children:\n"
        f"          - name: {TESTED}\n            points: {points}\n            criteria:\n"
        f"              - {{text: 被测评分标准, points: {points}, {criterion}}}\n" + filler,
        encoding="utf-8",
    )
    if facts:
        (folder / "facts.yaml").write_text(
            "".join(f"{name}: {{value: {value}, label: {name}}}\n" for name, value in facts.items()), encoding="utf-8"
        )
    if survey:
        (folder / "survey.yaml").write_text(survey, encoding="utf-8")
    return root


def scored(tmp_path: Path, criterion: str, **kwargs: object) -> ScoreSheet:
    return sheet(write_evaluation(tmp_path, criterion, **kwargs), "t")  # type: ignore[arg-type]


def score_of(tmp_path: Path, criterion: str, **kwargs: object) -> Decimal:
    """The tested indicator's score (its one criterion, rounded half-up to 0.01)."""
    return scored(tmp_path, criterion, **kwargs).find(TESTED).score


def problems(tmp_path: Path, criterion: str, **kwargs: object) -> list[str]:
    """The finding lines a user would see for this criterion."""
    with pytest.raises(DataError) as caught:
        scored(tmp_path, criterion, **kwargs)
    return [str(f) for f in caught.value.findings]


WHERE = f"scores/t/evaluation.yaml:{{line}}: 一级 › 二级 › {TESTED} › 评分标准①"
CRITERION_LINE = 19  # the line of the tested criterion in write_evaluation's file (without rates)


def ratio_of(a: str, b: str) -> dict[str, object]:
    return {"facts": {"分子": a, "分母": b}, "rates": {"比率": "分子 / 分母"}}


# -- judged --------------------------------------------------------------------------------------
def test_judged_keeps_the_evaluators_score(tmp_path: Path) -> None:
    assert score_of(tmp_path, "rule: judged, score: 0.5, reason: 人员不足", points=1) == D("0.50")


def test_judged_score_below_zero_is_refused(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: judged, score: -1") == [
        WHERE.format(line=CRITERION_LINE) + ": 得分 -1.00 为负数（得分应在 0 到 2 之间）"
    ]


# -- ratio ---------------------------------------------------------------------------------------
def test_ratio_reference_case(tmp_path: Path) -> None:
    # 重点支出安排率 4,220,213.50 / 4,261,313.50 = 0.990355… × 2 = 1.98071 → 1.98
    assert score_of(tmp_path, "rule: ratio, rate: 比率", **ratio_of("4220213.50", "4261313.50")) == D("1.98")


def test_ratio_is_capped_at_its_points(tmp_path: Path) -> None:
    # 政府采购执行率 136,680.10 / 39,000.00 = 350.46 % × 2 = 7.01 → capped at 2
    assert score_of(tmp_path, "rule: ratio, rate: 比率", **ratio_of("136680.10", "39000.00")) == D("2.00")


def test_ratio_is_floored_at_zero(tmp_path: Path) -> None:
    # a negative rate (−50 / 100) would give −1 → 0
    assert score_of(tmp_path, "rule: ratio, rate: 比率", **ratio_of("-50", "100")) == D("0.00")


def test_ratio_rounds_half_up_at_005(tmp_path: Path) -> None:
    # 745 / 2000 = 0.3725 × 2 = 0.745 exactly: half-up gives 0.75 (banker's rounding would give 0.74)
    assert score_of(tmp_path, "rule: ratio, rate: 比率", **ratio_of("745", "2000")) == D("0.75")


def test_ratio_rounds_half_up_where_binary_floats_would_not(tmp_path: Path) -> None:
    # 335 / 1000 × 3 = 1.005 exactly → 1.01 (float round(1.005, 2) gives 1.0)
    assert score_of(tmp_path, "rule: ratio, rate: 比率", points=3, **ratio_of("335", "1000")) == D("1.01")


def test_ratio_just_below_half_rounds_down(tmp_path: Path) -> None:
    # 7449 / 20000 = 0.37245 × 2 = 0.7449 → 0.74
    assert score_of(tmp_path, "rule: ratio, rate: 比率", **ratio_of("7449", "20000")) == D("0.74")


def test_ratio_zero_denominator_is_a_finding_on_the_rate(tmp_path: Path) -> None:
    # one finding on the rate; the criterion using it is not reported a second time
    assert problems(tmp_path, "rule: ratio, rate: 比率", **ratio_of("10", "0")) == [
        "scores/t/evaluation.yaml:11: 比率 比率: 公式“分子 / 分母”的分母为 0（检查分母所引用事实的值）"
    ]


def test_ratio_zero_over_zero_is_a_finding(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: ratio, rate: 比率", **ratio_of("0", "0")) == [
        "scores/t/evaluation.yaml:11: 比率 比率: 公式“分子 / 分母”为 0/0，无法计算（检查分子、分母所引用事实的值）"
    ]


def test_ratio_with_an_undefined_rate(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: ratio, rate: 没有的比率") == [
        WHERE.format(line=CRITERION_LINE) + ": 引用的比率 '没有的比率' 未定义（在 evaluation.yaml 的 rates 中定义它）"
    ]


# -- inverse_ratio -------------------------------------------------------------------------------
def test_inverse_ratio_floors_at_zero(tmp_path: Path) -> None:
    # 预算调整率 4,916,800.91 / 4,814,130.68 = 102.13 % → (1 − 1.0213) × 2 < 0 → 0
    assert score_of(tmp_path, "rule: inverse_ratio, rate: 比率", **ratio_of("4916800.91", "4814130.68")) == D("0.00")


def test_inverse_ratio_zero_rate_gives_full_points(tmp_path: Path) -> None:
    # 结转结余率 0 / 9,178,114.41 = 0 → 2
    assert score_of(tmp_path, "rule: inverse_ratio, rate: 比率", **ratio_of("0", "9178114.41")) == D("2.00")


def test_inverse_ratio_in_between(tmp_path: Path) -> None:
    # 25 % → (1 − 0.25) × 2 = 1.50
    assert score_of(tmp_path, "rule: inverse_ratio, rate: 比率", **ratio_of("25", "100")) == D("1.50")


# -- within_limit --------------------------------------------------------------------------------
def test_within_limit_over_the_limit_scores_zero(tmp_path: Path) -> None:
    # 公用经费 409,509.51 > 377,697.14 → 0
    facts = {"实际": "409509.51", "预算": "377697.14"}
    assert score_of(tmp_path, "rule: within_limit, value: 实际, limit: 预算", facts=facts) == D("0.00")


def test_within_limit_exactly_at_the_limit_scores_full(tmp_path: Path) -> None:
    facts = {"实际": "377697.14", "预算": "377697.14"}
    assert score_of(tmp_path, "rule: within_limit, value: 实际, limit: 预算", facts=facts) == D("2.00")


def test_within_limit_one_cent_over_scores_zero(tmp_path: Path) -> None:
    facts = {"实际": "377697.15"}
    assert score_of(tmp_path, "rule: within_limit, value: 实际, limit: 377697.14", facts=facts) == D("0.00")


def test_within_limit_with_a_missing_fact(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: within_limit, value: 实际, limit: 100", facts={"预算": "100"}) == [
        WHERE.format(line=CRITERION_LINE) + ": 引用的事实 '实际' 未定义（在 facts.yaml 中添加它或改正名称）"
    ]


# -- change_rate ---------------------------------------------------------------------------------
CHANGE = {"rates": {"变动率": "(本年 - 上年) / 上年"}}


def test_change_rate_decrease_gives_full_points(tmp_path: Path) -> None:
    # “三公经费” 22,300 against 22,400: −0.45 % ≤ 0 → 2
    assert score_of(tmp_path, "rule: change_rate, rate: 变动率", facts={"本年": "22300", "上年": "22400"}, **CHANGE) == D("2.00")


def test_change_rate_exactly_zero_gives_full_points(tmp_path: Path) -> None:
    assert score_of(tmp_path, "rule: change_rate, rate: 变动率", facts={"本年": "22400", "上年": "22400"}, **CHANGE) == D("2.00")


def test_change_rate_increase_is_deducted(tmp_path: Path) -> None:
    # +10 %: (1 − 0.10) × 2 = 1.80
    assert score_of(tmp_path, "rule: change_rate, rate: 变动率", facts={"本年": "110", "上年": "100"}, **CHANGE) == D("1.80")


def test_change_rate_doubling_or_more_floors_at_zero(tmp_path: Path) -> None:
    # +150 % → (1 − 1.5) × 2 < 0 → 0
    assert score_of(tmp_path, "rule: change_rate, rate: 变动率", facts={"本年": "250", "上年": "100"}, **CHANGE) == D("0.00")


def test_change_rate_with_zero_last_year(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: change_rate, rate: 变动率", facts={"本年": "250", "上年": "0"}, **CHANGE) == [
        "scores/t/evaluation.yaml:11: 比率 变动率: 公式“(本年 - 上年) / 上年”的分母为 0（检查分母所引用事实的值）"
    ]


# -- deduction -----------------------------------------------------------------------------------
def test_deduction_per_finding(tmp_path: Path) -> None:
    # 预算管理制度健全性 ②: 1 − 0.5 × 1 = 0.50
    assert score_of(tmp_path, "rule: deduction, per_finding: 0.5, findings: [未按合同约定条款执行]", points=1) == D("0.50")


def test_deduction_floors_at_zero(tmp_path: Path) -> None:
    # 1 − 0.5 × 3 = −0.5 → 0
    assert score_of(tmp_path, "rule: deduction, per_finding: 0.5, findings: 3", points=1) == D("0.00")


def test_deduction_without_findings_gives_full_points(tmp_path: Path) -> None:
    assert score_of(tmp_path, "rule: deduction, per_finding: 1", points=2) == D("2.00")


# -- survey_share ---------------------------------------------------------------------------------
SURVEY = """\
valid: 194
questions:
  - id: Q1
    text: 总体评价
    options:
      - {key: A, text: 满意, count: 192}
      - {key: B, text: 不满意, count: 2}
  - id: Q12
    text: 希望获得的知识
    type: multiple
    options:
      - {key: A, text: 交通安全, count: 172}
      - {key: B, text: 消防安全, count: 172}
"""


def test_survey_share_reference_case(tmp_path: Path) -> None:
    # 社会公众满意度 192 / 194 × 4 = 3.9587 → 3.96
    assert score_of(tmp_path, "rule: survey_share, question: Q1", points=4, survey=SURVEY) == D("3.96")


def test_survey_share_several_options_are_capped(tmp_path: Path) -> None:
    # (172 + 172) / 194 × 4 = 7.09 → capped at 4
    assert score_of(tmp_path, "rule: survey_share, question: Q12, options: [A, B]", points=4, survey=SURVEY) == D("4.00")


def test_survey_share_unknown_option(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: survey_share, question: Q1, options: [C]", points=4, survey=SURVEY) == [
        WHERE.format(line=CRITERION_LINE) + ": 题目 Q1 没有选项 'C'（改正选项字母）"
    ]


def test_survey_share_with_no_valid_questionnaires(tmp_path: Path) -> None:
    survey = "valid: 0\nquestions:\n  - {id: Q1, text: 总体评价, options: [{key: A, text: 满意, count: 0}]}\n"
    assert problems(tmp_path, "rule: survey_share, question: Q1", points=4, survey=survey) == [
        WHERE.format(line=CRITERION_LINE) + ": 有效问卷数为 0，无法计算占比（填写有效问卷数）"
    ]


# -- threshold -----------------------------------------------------------------------------------
def test_threshold_met_gives_full_points(tmp_path: Path) -> None:
    # 安全生产监督 检查企业数 50 ≥ 29 → 2
    assert score_of(tmp_path, "rule: threshold, value: 检查企业数, target: 29", facts={"检查企业数": "50"}) == D("2.00")


def test_threshold_exactly_at_target_gives_full_points(tmp_path: Path) -> None:
    assert score_of(tmp_path, "rule: threshold, value: 29, target: 29") == D("2.00")


def test_threshold_below_target_is_proportional(tmp_path: Path) -> None:
    # 20 / 29 × 2 = 1.3793 → 1.38
    assert score_of(tmp_path, "rule: threshold, value: 20, target: 29") == D("1.38")


def test_threshold_zero_target_is_refused(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: threshold, value: 20, target: 0") == [
        WHERE.format(line=CRITERION_LINE) + ": 目标值为 0，必须大于 0（改正目标值）"
    ]


# -- band ----------------------------------------------------------------------------------------
BAND = "rule: band, rate: 比率, full_at: 100%, zero_at: 80%"


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        ("100", "5.00"),  # exactly at full_at → full
        ("80", "0.00"),  # exactly at zero_at → 0
        ("110", "5.00"),  # beyond full_at → still full
        ("50", "0.00"),  # beyond zero_at → still 0
        ("95", "3.75"),  # 5 % short of 100 %: −5 % of the points per 1 % → 5 × 0.75
        ("90", "2.50"),  # half way
    ],
)
def test_band_ends_and_between(tmp_path: Path, done: str, expected: str) -> None:
    assert score_of(tmp_path, BAND, points=5, **ratio_of(done, "100")) == D(expected)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("5", "4.00"),  # exactly at full_at (lower is better)
        ("2", "4.00"),  # better than full_at
        ("15", "0.00"),  # exactly at zero_at
        ("40", "0.00"),  # worse than zero_at
        ("10", "2.00"),  # half way
        ("12.5", "1.00"),  # (15 − 12.5) / 10 × 4
    ],
)
def test_decreasing_band(tmp_path: Path, rate: str, expected: str) -> None:
    criterion = "rule: band, rate: 比率, full_at: 5%, zero_at: 15%"
    assert score_of(tmp_path, criterion, points=4, **ratio_of(rate, "100")) == D(expected)


@pytest.mark.parametrize(
    ("criterion", "done", "points", "expected"),
    [
        # 每低1%扣5%: 95 % is 5 steps short, 5 × (1 − 5 × 5 %) = 3.75 — as zero_at: 80 % would give
        ("full_at: 100%, step: 1%, deduct: 5%", "95", 5, "3.75"),
        ("full_at: 100%, step: 1%, deduct: 5%", "79", 5, "0.00"),  # past the derived zero point 80 %
        ("full_at: 100%, step: 1%, deduct: 5%", "100", 5, "5.00"),
        # 每低1%扣0.5分: 96.5 % → 10 − 3.5 × 0.5 = 8.25
        ("full_at: 100%, step: 1%, deduct_points: 0.5", "96.5", 10, "8.25"),
        # 每低1%扣0.1分，90%以下不得分: 91 % → 5 − 9 × 0.1 = 4.10; 89 % → 0 (the cut-off comes first)
        ("full_at: 100%, step: 1%, deduct_points: 0.1, zero_at: 90%", "91", 5, "4.10"),
        ("full_at: 100%, step: 1%, deduct_points: 0.1, zero_at: 90%", "89", 5, "0.00"),
        # 每高1%扣10% (lower is better): 3 % → 2 × (1 − 3 × 10 %) = 1.40
        ("full_at: 0%, step: 1%, deduct: 10%, worse: above", "3", 2, "1.40"),
    ],
)
def test_band_written_as_deduction_per_step(tmp_path: Path, criterion: str, done: str, points: int, expected: str) -> None:
    assert score_of(tmp_path, f"rule: band, rate: 比率, {criterion}", points=points, **ratio_of(done, "100")) == D(expected)


def test_band_step_needs_its_deduction(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: band, rate: 比率, full_at: 100%, step: 1%", **ratio_of("1", "2")) == [
        "scores/t/evaluation.yaml:21: 一级 › 二级 › 被测指标 › 评分标准①: “每差 step 扣分”要写 step，以及 deduct 或 deduct_points 之一（如 step: 1%, deduct: 5%）"
    ]


def test_band_with_equal_ends_is_refused(tmp_path: Path) -> None:
    # rates: and one rate push the criterion two lines down
    assert problems(tmp_path, "rule: band, rate: 比率, full_at: 90%, zero_at: 0.9", **ratio_of("1", "2")) == [
        "scores/t/evaluation.yaml:21: 一级 › 二级 › 被测指标 › 评分标准①: full_at 与 zero_at 相同，区间为空（让两个端点不同）"
    ]


# -- checklist -----------------------------------------------------------------------------------
def test_checklist_weights_partial_and_defects(tmp_path: Path) -> None:
    # 5 × (10 % × 1 + 80 % × 0.5 + 10 % × (1 − 1/3)) = 5 × 0.566… = 2.8333 → 2.83
    items = (
        "items: [{text: 符合规划, weight: 10, status: met},"
        " {text: 可行性研究, weight: 80, status: partial, keep: 0.5},"
        " {text: 审批文件, weight: 10, defects: 1, defects_to_zero: 3}]"
    )
    assert score_of(tmp_path, f"rule: checklist, {items}", points=5) == D("2.83")


def test_checklist_equal_shares(tmp_path: Path) -> None:
    # three equal 要点, one unmet: 3 × 2/3 = 2.00
    items = "items: [{text: 甲}, {text: 乙, status: unmet}, {text: 丙}]"
    assert score_of(tmp_path, f"rule: checklist, {items}", points=3) == D("2.00")


def test_checklist_all_defects_take_the_whole_point(tmp_path: Path) -> None:
    # 3 defects of 3 → that 要点 0; 4 defects do not go below 0: 2 × 1/2 = 1.00
    items = "items: [{text: 甲, defects: 4, defects_to_zero: 3}, {text: 乙}]"
    assert score_of(tmp_path, f"rule: checklist, {items}", points=2) == D("1.00")


def test_checklist_fraction_weights_are_rounded_once_at_the_criterion(tmp_path: Path) -> None:
    # three 要点 of 1/3 each of 2 points, two met: 2 × 2/3 = 1.333… → 1.33
    # (rounding each 要点 first would give 0.67 + 0.67 = 1.34)
    items = "items: [{text: 甲, weight: 1/3}, {text: 乙, weight: 1/3}, {text: 丙, weight: 1/3, status: unmet}]"
    assert score_of(tmp_path, f"rule: checklist, {items}", points=2) == D("1.33")


def test_checklist_keep_as_a_fraction(tmp_path: Path) -> None:
    # one 要点 of two kept at 2/3, 3 points: 3 × (1/2 × 1 + 1/2 × 2/3) = 2.50
    items = "items: [{text: 甲}, {text: 乙, status: partial, keep: 2/3}]"
    assert score_of(tmp_path, f"rule: checklist, {items}", points=3) == D("2.50")


def test_checklist_partial_needs_keep(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: checklist, items: [{text: 甲, status: partial}]") == [
        WHERE.format(line=CRITERION_LINE) + ": 要点“甲”为 partial 但没有 keep（写明保留比例，如 keep: 0.5）"
    ]


def test_checklist_weights_all_or_none(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: checklist, items: [{text: 甲, weight: 1}, {text: 乙}]") == [
        WHERE.format(line=CRITERION_LINE) + ": 要点的 weight 要么全部写明，要么全部省略（补齐或删去 weight）"
    ]


# -- tier ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tier", "score"),
    [
        ("达成", "5"),  # 100 %
        ("达成", "4"),  # exactly 80 % belongs to 达成
        ("部分达成", "3"),  # exactly 60 % belongs to 部分达成
        ("部分达成", "3.99"),
        ("未达成", "0"),
        ("未达成", "2.99"),
    ],
)
def test_tier_accepts_scores_in_its_range(tmp_path: Path, tier: str, score: str) -> None:
    assert score_of(tmp_path, f"rule: tier, tier: {tier}, score: {score}", points=5) == D(score).quantize(D("0.01"))


@pytest.mark.parametrize(
    ("tier", "score", "message"),
    [
        ("部分达成", "4", "“部分达成”档的得分须在 [3, 4) 内，实际为 4"),  # 80 % is 达成
        ("未达成", "3", "“未达成”档的得分须在 [0, 3) 内，实际为 3"),  # 60 % is 部分达成
        ("达成", "3.99", "“达成”档的得分须在 [4, 5] 内，实际为 3.99"),
    ],
)
def test_tier_refuses_scores_outside_its_range(tmp_path: Path, tier: str, score: str, message: str) -> None:
    assert problems(tmp_path, f"rule: tier, tier: {tier}, score: {score}", points=5) == [
        WHERE.format(line=CRITERION_LINE) + f": {message}（改正得分或档次）"
    ]


# -- graded_survey -------------------------------------------------------------------------------
GRADED = """\
valid: 200
questions:
  - id: Q1
    text: 满意程度
    options:
      - {key: A, text: 非常满意, count: 120}
      - {key: B, text: 满意, count: 50}
      - {key: C, text: 一般, count: 20}
      - {key: D, text: 不满意, count: 6}
      - {key: E, text: 非常不满意, count: 4}
"""


def test_graded_survey_weighted_rate(tmp_path: Path) -> None:
    # (120×100 + 50×75 + 20×50 + 6×25 + 4×0) / (200 × 100) = 16,900 / 20,000 = 84.5 % × 10 = 8.45
    assert score_of(tmp_path, "rule: graded_survey, question: Q1", points=10, survey=GRADED) == D("8.45")


def test_graded_survey_then_band(tmp_path: Path) -> None:
    # 84.5 % between 60 % (0) and 90 % (full): (84.5 − 60) / 30 × 20 = 16.333 → 16.33
    criterion = "rule: graded_survey, question: Q1, full_at: 90%, zero_at: 60%"
    assert score_of(tmp_path, criterion, points=20, survey=GRADED) == D("16.33")


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        ("full_at: 90%, step: 1%, deduct: 5%", "14.50"),  # 每低1%扣5%: 5.5 steps short × 1 (5 % of 20) = 5.5
        ("full_at: 90%, step: 1%, deduct_points: 0.5", "17.25"),  # 每低1%扣0.5分: 20 − 5.5 × 0.5
        ("full_at: 90%, step: 1%, deduct: 5%, zero_at: 85%", "0.00"),  # “85%以下不得分” cuts off first
    ],
)
def test_graded_survey_steps_as_band_does(tmp_path: Path, band: str, expected: str) -> None:
    criterion = f"rule: graded_survey, question: Q1, {band}"
    assert score_of(tmp_path, criterion, points=20, survey=GRADED) == D(expected)


def test_graded_survey_step_without_its_deduction_is_named(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: graded_survey, question: Q1, full_at: 90%, step: 1%", points=20, survey=GRADED) == [
        WHERE.format(line=CRITERION_LINE) + ": “每差 step 扣分”要写 step，以及 deduct 或 deduct_points 之一（如 step: 1%, deduct: 5%）"
    ]


def test_graded_survey_own_weights(tmp_path: Path) -> None:
    # weights 100/80/60/0/0: (12,000 + 4,000 + 1,200) / 20,000 = 86 % × 10 = 8.60
    criterion = "rule: graded_survey, question: Q1, weights: {A: 100, B: 80, C: 60, D: 0, E: 0}"
    assert score_of(tmp_path, criterion, points=10, survey=GRADED) == D("8.60")


def test_graded_survey_without_answers(tmp_path: Path) -> None:
    survey = "valid: 0\nquestions:\n  - {id: Q1, text: 满意程度, options: [{key: A, text: 非常满意, count: 0}]}\n"
    assert problems(tmp_path, "rule: graded_survey, question: Q1", points=10, survey=survey) == [
        WHERE.format(line=CRITERION_LINE) + ": 题目 Q1 没有回答，无法计算满意度（填写各选项份数）"
    ]


# -- deviation -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("18", "22.50"),  # |18 − 20| / 20 = 10 % → 25 × 0.9
        ("22", "22.50"),  # over-delivery deviates as much as under-delivery
        ("20", "25.00"),  # on plan
        ("50", "0.00"),  # 150 % off → floored at 0
    ],
)
def test_deviation(tmp_path: Path, actual: str, expected: str) -> None:
    criterion = "rule: deviation, actual: 完成数, plan: 计划数"
    assert score_of(tmp_path, criterion, points=25, facts={"完成数": actual, "计划数": "20"}) == D(expected)


def test_deviation_with_zero_plan(tmp_path: Path) -> None:
    assert problems(tmp_path, "rule: deviation, actual: 3, plan: 0", points=25) == [
        WHERE.format(line=CRITERION_LINE) + ": 计划数为 0，无法计算偏离度（改正计划数，或写 plan_zero: full（视同完成）或 zero（不得分））"
    ]


# three years (要点): 2021 plan 10, done 9 (deviation 10 %, keeps 0.9); 2022 nothing planned; 2023 plan 20, done 20 (keeps 1)
YEARS = "items: [{text: 2021年, actual: 9, plan: 10}, {text: 2022年, actual: 0, plan: 0}, {text: 2023年, actual: 20, plan: 20}]"


@pytest.mark.parametrize(
    ("plan_zero", "expected"),
    [
        ("drop", "5.70"),  # 2022 not counted: 6 × (0.9 + 1) / 2 = 5.70
        ("full", "5.80"),  # 2022 as done: 6 × (0.9 + 1 + 1) / 3 = 5.80
        ("zero", "3.80"),  # 2022 scores 0: 6 × (0.9 + 0 + 1) / 3 = 3.80
    ],
)
def test_deviation_per_year_with_a_year_of_plan_zero(tmp_path: Path, plan_zero: str, expected: str) -> None:
    result = scored(tmp_path, f"rule: deviation, plan_zero: {plan_zero}, {YEARS}", points=6)
    criterion = result.find(TESTED).criteria[0]
    assert criterion.score == D(expected)
    assert "2022年 计划为 0，不适用" in criterion.working


def test_deviation_year_of_plan_zero_must_say_how_it_counts(tmp_path: Path) -> None:
    assert problems(tmp_path, f"rule: deviation, {YEARS}", points=6) == [
        WHERE.format(line=CRITERION_LINE) + ": 要点“2022年”计划数为 0，不适用，但没写怎么计分"
        "（写 plan_zero: full（视同完成）、zero（不得分）或 drop（不计此要点，分值由其余要点分摊））"
    ]


def test_deviation_single_plan_zero_counts_as_written(tmp_path: Path) -> None:
    assert score_of(tmp_path, "rule: deviation, actual: 3, plan: 0, plan_zero: full", points=4) == D("4.00")


# -- formula -------------------------------------------------------------------------------------
def test_formula_over_facts(tmp_path: Path) -> None:
    # 15 × min(1, 11,400 / 12,000) = 15 × 0.95 = 14.25
    facts = {"受益人口": "11400", "计划人口": "12000"}
    assert score_of(tmp_path, 'rule: formula, expr: "points * min(1, 受益人口 / 计划人口)"', points=15, facts=facts) == D("14.25")


def test_formula_result_is_capped_and_floored(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert score_of(tmp_path, 'rule: formula, expr: "points * 3"') == D("2.00")
    assert score_of(tmp_path_factory.mktemp("neg"), 'rule: formula, expr: "0 - points"') == D("0.00")


def test_formula_conditional(tmp_path: Path) -> None:
    assert score_of(tmp_path, 'rule: formula, expr: "points if 事故数 <= 2 else 0"', facts={"事故数": "1"}) == D("2.00")


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        (
            "__import__('os').system('echo hi')",
            "公式中不允许使用属性访问“.”（只用数字、事实名、+ - * /、比较、a if 条件 else b 和函数 min、max、abs）",
        ),
        ("__import__('os')", "公式中不能调用 '__import__'（可用函数：min、max、abs）"),
        ("points.real", "公式中不允许使用属性访问“.”（只用数字、事实名、+ - * /、比较、a if 条件 else b 和函数 min、max、abs）"),
        ("(lambda: 1)()", "公式中不允许使用“lambda”函数（只用数字、事实名、+ - * /、比较、a if 条件 else b 和函数 min、max、abs）"),
        ("[points][0]", "公式中不允许使用下标“[]”（只用数字、事实名、+ - * /、比较、a if 条件 else b 和函数 min、max、abs）"),
        ("open('x')", "公式中不能调用 'open'（可用函数：min、max、abs）"),
        ("_secret", "公式中不能使用以下划线开头的名称 '_secret'（事实名不以下划线开头）"),
        ("points * * 2", "公式“points * * 2”有语法错误（检查运算符是否连写、括号是否成对）"),
        ("没有的事实 * 2", "公式“没有的事实 * 2”引用的事实 '没有的事实' 未定义（在 facts.yaml 中添加它，或改正名称）"),
    ],
)
def test_formula_refuses_anything_but_arithmetic(tmp_path: Path, expr: str, message: str) -> None:
    assert problems(tmp_path, f'rule: formula, expr: "{expr}"') == [WHERE.format(line=CRITERION_LINE) + f": {message}"]


def test_formula_evaluator_never_runs_python(tmp_path: Path) -> None:
    # the same refusals at the API the rates, derived facts and page calculations use
    marker = tmp_path / "ran"
    for expr in (f"__import__('pathlib').Path('{marker}').touch()", "(1).__class__", "(lambda: 1)()", "[x for x in (1, 2)]"):
        with pytest.raises(FormulaError):
            evaluate(expr, {})
    assert not marker.exists()


def test_formula_numbers_are_exact_decimals() -> None:
    assert evaluate("0.1 + 0.2", {}) == D("0.3")
    assert evaluate("a / b", {"a": D("4220213.50"), "b": D("4261313.50")}) == D("4220213.50") / D("4261313.50")
