"""Change one input in a copy of the reference project and watch it flow to the grade.

Only the changed indicator, its 二级 and 一级 parents and the total may move; every other
indicator keeps its score. Expected values are calculated by hand in the comments.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REFERENCE, copy_project, run


def score(root: Path | None = None) -> dict[str, Any]:
    args = ("--root", str(root)) if root else ()
    result = run("jixiao", *args, "score", REFERENCE, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def scores_by_name(data: dict[str, Any]) -> dict[tuple[int, str], str]:
    return {(i["level"], i["name"]): i["score"] for i in data["indicators"]}


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace one piece of text in ``scores/<reference>/<name>`` of the copy."""
    path = root / "scores" / REFERENCE / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should appear once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def before() -> dict[str, Any]:
    return score()


def moved(before: dict[str, Any], after: dict[str, Any]) -> dict[tuple[int, str], str]:
    """The indicators whose score changed, with their new score."""
    old, new = scores_by_name(before), scores_by_name(after)
    return {key: new[key] for key in new if new[key] != old[key]}


def test_a_fact_moves_its_indicator_parents_total_and_grade(tmp_path: Path, before: dict[str, Any]) -> None:
    root = copy_project(tmp_path)
    # 项目总支出 4,261,313.50 → 8,000,000.00 (the denominator of 重点支出安排率)
    edit(root, "facts.yaml", "项目总支出: {value: 4261313.50,", "项目总支出: {value: 8000000.00,")
    after = score(root)
    # 重点支出安排率 = 4,220,213.50 / 8,000,000.00 = 52.7527 % → shown 52.75
    assert after["rates"]["重点支出安排率"] == "52.75"
    # score = 2 × 0.527527 = 1.0551 → 1.06 (was 1.98, −0.92)
    # 预算配置 5.98 − 0.92 = 5.06; 投入 10.98 − 0.92 = 10.06
    assert moved(before, after) == {(3, "重点支出安排率"): "1.06", (2, "预算配置"): "5.06", (1, "投入"): "10.06"}
    # total 90.34 − 0.92 = 89.42: below 90, so 优 → 良
    assert (after["total"], after["grade"]) == ("89.42", "良")


def test_a_survey_count_moves_satisfaction_and_grade(tmp_path: Path, before: dict[str, Any]) -> None:
    root = copy_project(tmp_path)
    # Q1 总体评价: 满意 192 → 100, 不满意 2 → 94 (still 194 valid questionnaires)
    edit(
        root,
        "survey.yaml",
        "{key: A, text: 满意, count: 192}\n      - {key: B, text: 不满意, count: 2}\n  - id: Q2",
        "{key: A, text: 满意, count: 100}\n      - {key: B, text: 不满意, count: 94}\n  - id: Q2",
    )
    after = score(root)
    # 社会公众满意度 = 100 / 194 × 4 = 2.0619 → 2.06 (was 3.96, −1.90); 满意度 2.06; 效益 31.86 − 1.90 = 29.96
    assert moved(before, after) == {(3, "社会公众满意度"): "2.06", (2, "满意度"): "2.06", (1, "效益"): "29.96"}
    # total 90.34 − 1.90 = 88.44 → 良
    assert (after["total"], after["grade"]) == ("88.44", "良")


def test_a_sample_amount_moves_the_derived_fact_and_its_rate(tmp_path: Path, before: dict[str, Any]) -> None:
    root = copy_project(tmp_path)
    # 表2's largest sample 3,000,000.00 → 2,000,000.00: 重点项目支出 = total("samples") = 3,220,213.50
    edit(root, "samples.csv", ",3000000.00\n", ",2000000.00\n")
    after = score(root)
    # 重点支出安排率 = 3,220,213.50 / 4,261,313.50 = 75.5686 % → 75.57
    assert after["rates"]["重点支出安排率"] == "75.57"
    # score = 2 × 0.755686 = 1.5114 → 1.51 (−0.47); 预算配置 5.51; 投入 10.51; total 89.87 → 良
    assert moved(before, after) == {(3, "重点支出安排率"): "1.51", (2, "预算配置"): "5.51", (1, "投入"): "10.51"}
    assert (after["total"], after["grade"]) == ("89.87", "良")


def test_the_original_is_untouched(before: dict[str, Any]) -> None:
    assert (before["total"], before["grade"]) == ("90.34", "优")
