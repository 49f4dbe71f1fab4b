"""``jixiao import survey``: 194 raw answers (问卷星 / Excel exports) → the counts of 附件2.

The answers are made here from the reference report's 附件2 (调查问卷统计表, 194 份):
row i chooses an option while i is below that option's count, so the expected counts
are the report's own numbers, typed below from the report.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import REFERENCE, copy_project, run

ROWS = 194
YES_NO = ["是", "否"]
SATISFIED = ["满意", "不满意"]
#: 附件2: question text, option texts, counts (from the reference report)
ANNEX2 = [
    ("您对泸水市应急管理局工作总体评价如何？", SATISFIED, [192, 2]),
    ("您对泸水市应急管理局在安全生产监管和执法检查方面的工作是否满意？", SATISFIED, [191, 3]),
    ("您对泸水市应急管理局防灾减灾、应急抢险方面的工作是否满意？", SATISFIED, [192, 2]),
    ("您认为加强自然灾害综合监测预警……降低经济损失方面是否起到重要作用？", YES_NO, [194, 0]),
    ("您所在社区（单位）是否开展“安全生产月”“防灾减灾日”等安全宣传活动？", YES_NO, [193, 1]),
    ("您认为泸水市应急管理局开展安全生产和防灾减灾知识宣传……是否有帮助？", YES_NO, [193, 1]),
    ("您认为组织开展应急预案演练……最大程度减少人员伤亡？", YES_NO, [194, 0]),
    ("您认为全市应急管理能力提升……保障人民生命和财产安全？", YES_NO, [193, 1]),
    ("您认为惠民惠农财政补贴资金及救灾物资的发放……幸福感？", YES_NO, [193, 1]),
    ("您认为建立健全自然灾害综合监测预警……是否具有长期可持续影响？", YES_NO, [194, 0]),
    ("您认为推进安全生产治理体系和治理能力现代化……为企业持续发展提供保障？", YES_NO, [192, 2]),
]
Q12_TEXT = "您最希望获得哪些方面的安全知识？"
Q12 = [
    ("交通安全", 172),
    ("消防安全", 172),
    ("用电安全", 171),
    ("燃气安全", 147),
    ("化学品安全", 139),
    ("地震灾害", 170),
    ("地质灾害（泥石流、滑坡等）", 171),
    ("气象灾害（暴雨等）", 154),
    ("洪涝灾害（洪水、内涝等）", 157),
    ("森林火灾", 151),
    ("其他（请注明）", 7),
]
Q13_TEXT = "您对泸水市安全生产、自然灾害防治、应急救援工作或泸水市应急管理局有哪些意见或建议？"
OPEN_ANSWERS = ["希望多开展进村入户的宣传", "加强汛期地质灾害预警"]
META = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
LETTERS = "ABCDEFGHIJK"


def single_answer(options: list[str], counts: list[int], row: int) -> int:
    """Index of the option row ``row`` chose: the first counts[0] rows chose A, and so on."""
    bound = 0
    for i, count in enumerate(counts):
        bound += count
        if row < bound:
            return i
    raise AssertionError("counts do not add up to the rows")


def q12_choices(row: int) -> list[int]:
    """Options row ``row`` ticked: option j is ticked by the rows j·17 … j·17+count−1 (mod 194)."""
    return [j for j, (_, count) in enumerate(Q12) if (row - 17 * j) % ROWS < count]


def meta(row: int) -> list[str]:
    return [str(row + 1), "2023/7/15 10:00:00", "60秒", "微信", "N/A", "10.0.0.1(云南-怒江)"]


def joined_table() -> list[list[str]]:
    """问卷星 “按选项文本” export: multiple choice joined with ┋, 其他 with its 〖text〗."""
    header = META + [f"{i + 1}、{t}" for i, (t, _, _) in enumerate(ANNEX2)] + [f"12、{Q12_TEXT}", f"13、{Q13_TEXT}"]
    rows = [header]
    for r in range(ROWS):
        answers = [opts[single_answer(opts, counts, r)] for _, opts, counts in ANNEX2]
        ticked = [Q12[j][0] if j < 10 else "其他〖防溺水〗" for j in q12_choices(r)]
        answers.append("┋".join(ticked) or "(跳过)")
        answers.append(OPEN_ANSWERS[r] if r < len(OPEN_ANSWERS) else "(跳过)")
        rows.append(meta(r) + answers)
    return rows


def split_table() -> list[list[object]]:
    """问卷星 “按选项序号” export: numbers for single choice, one 1/0 column per option of Q12."""
    header = META + [f"{i + 1}、{t}" for i, (t, _, _) in enumerate(ANNEX2)]
    header += [f"12、{Q12_TEXT}({text})" for text, _ in Q12] + [f"13、{Q13_TEXT}"]
    rows: list[list[object]] = [header]
    for r in range(ROWS):
        answers: list[object] = [single_answer(opts, counts, r) + 1 for _, opts, counts in ANNEX2]
        ticked = q12_choices(r)
        answers += [1 if j in ticked else 0 for j in range(len(Q12))]
        answers.append(OPEN_ANSWERS[r] if r < len(OPEN_ANSWERS) else "")
        rows.append([*meta(r), *answers])
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def questionnaire(path: Path) -> Path:
    """survey.yaml with the questions and options but every count still 0."""
    questions = [
        {
            "id": f"Q{i + 1}",
            "text": t,
            "type": "single",
            "options": [{"key": LETTERS[k], "text": o, "count": 0} for k, o in enumerate(opts)],
        }
        for i, (t, opts, _) in enumerate(ANNEX2)
    ]
    questions.append(
        {
            "id": "Q12",
            "text": Q12_TEXT,
            "type": "multiple",
            "options": [{"key": LETTERS[k], "text": o, "count": 0} for k, (o, _) in enumerate(Q12)],
        }
    )
    questions.append({"id": "Q13", "text": Q13_TEXT, "type": "open"})
    survey = {"channel": "问卷星", "distributed": 194, "valid": 0, "satisfied": ["Q1", "A"], "questions": questions}
    path.write_text(yaml.safe_dump(survey, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def assert_annex2(survey: dict) -> None:
    """The counts of the reference report's 附件2."""
    assert survey["valid"] == 194
    q = {x["id"]: x for x in survey["questions"]}
    for i, (_, opts, counts) in enumerate(ANNEX2):
        assert [(o["text"], o["count"]) for o in q[f"Q{i + 1}"]["options"]] == list(zip(opts, counts, strict=True)), f"Q{i + 1}"
    assert [o["count"] for o in q["Q12"]["options"]] == [172, 172, 171, 147, 139, 170, 171, 154, 157, 151, 7]
    assert q["Q13"]["answers"] == OPEN_ANSWERS


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return questionnaire(tmp_path / "survey.yaml")


def test_gbk_csv_with_joined_multiple_choice(tmp_path: Path, target: Path) -> None:
    answers = write_csv(tmp_path / "问卷星答卷.csv", joined_table(), "gbk")
    result = run("jixiao", "import", "survey", str(answers), "--into", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "194 份答卷，13 题" in result.stdout
    survey = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert_annex2(survey)
    assert survey["satisfied"] == ["Q1", "A"]
    assert survey["distributed"] == 194


def test_xlsx_with_one_column_per_option(tmp_path: Path, target: Path) -> None:
    answers = write_xlsx(tmp_path / "答卷.xlsx", split_table())
    result = run("jixiao", "import", "survey", str(answers), "--into", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_annex2(yaml.safe_load(target.read_text(encoding="utf-8")))


def test_utf8_csv_without_questionnaire_infers_it(tmp_path: Path) -> None:
    """No survey.yaml yet: questions and options come from the answers (unchosen options cannot)."""
    answers = write_csv(tmp_path / "answers.csv", joined_table(), "utf-8-sig")
    target = tmp_path / "new" / "survey.yaml"
    result = run("jixiao", "import", "survey", str(answers), "--into", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    survey = yaml.safe_load(target.read_text(encoding="utf-8"))
    q = {x["id"]: x for x in survey["questions"]}
    assert survey["channel"] == "问卷星"
    assert q["Q1"]["options"] == [{"key": "A", "text": "满意", "count": 192}, {"key": "B", "text": "不满意", "count": 2}]
    assert q["Q4"]["options"] == [{"key": "A", "text": "是", "count": 194}]
    assert q["Q12"]["type"] == "multiple"
    assert sorted(o["count"] for o in q["Q12"]["options"]) == sorted(c for _, c in Q12)
    assert q["Q13"] == {"id": "Q13", "text": Q13_TEXT, "type": "open", "answers": OPEN_ANSWERS}


def test_answer_outside_the_options_names_row_and_column(tmp_path: Path, target: Path) -> None:
    rows = joined_table()
    rows[5][6] = "很满意"
    answers = write_csv(tmp_path / "answers.csv", rows, "gbk")
    result = run("jixiao", "import", "survey", str(answers), "--into", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{answers}:6: Q1 第7列“1、{ANNEX2[0][0]}”: 答案“很满意”不是该题的选项（可用：A 满意、B 不满意" in result.stderr
    assert "Traceback" not in result.stderr


def test_imported_counts_reproduce_the_reference_score(tmp_path: Path) -> None:
    """Imported into the reference evaluation, the survey gives the report's total again."""
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    answers = write_csv(tmp_path / "answers.csv", joined_table(), "gbk")
    result = run("jixiao", "import", "survey", str(answers), "--id", REFERENCE, cwd=project)
    assert result.returncode == 0, result.stderr
    scored = run("jixiao", "score", REFERENCE, cwd=project)
    assert scored.returncode == 0, scored.stderr
    assert "总分 90.34 / 100.00  等级 优" in scored.stdout


def test_a_survey_of_several_groups_is_not_overwritten_by_one_groups_answers(tmp_path: Path) -> None:
    """One export holds one group's answers: importing it over a survey of two groups would lose the other."""
    answers = write_csv(tmp_path / "answers.csv", joined_table(), "utf-8-sig")
    target = tmp_path / "survey.yaml"
    text = (
        "groups:\n  - {id: 农户, valid: 108}\n  - {id: 公众, valid: 1330}\n"
        "questions:\n  - {id: Q1, group: 农户, text: 满意吗, options: [{key: A, text: 满意, count: 1}]}\n"
    )
    target.write_text(text, encoding="utf-8")
    result = run("jixiao", "import", "survey", str(answers), "--into", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{target}:1: groups: survey.yaml 有几组调查对象（groups），一份答卷文件只能汇总成一组"
        "（把每组的答卷分别导入到单独的 survey.yaml，再把各题份数与该组的 valid 抄入）"
    )
    assert target.read_text(encoding="utf-8") == text
