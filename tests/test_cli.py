"""The ``jixiao`` command as a user runs it: readable text, stable JSON, clear failures."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from conftest import DATA, REFERENCE, ROOT, run

XIANGMU = DATA / "xiangmu"


def width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_score_text_is_a_readable_table() -> None:
    result = run("jixiao", "--root", str(XIANGMU), "score", "shuili-2023")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "示例县水利局2023年农村供水保障项目支出绩效评价报告"
    assert lines[1] == "总分 83.66 / 100.00  等级 良"
    rows = lines[lines.index(next(line for line in lines if line.startswith("指标"))) + 1 : lines.index("比率") - 1]
    assert [row.split()[0] for row in rows][:4] == ["决策", "项目立项", "立项依据充分性", "绩效目标合理性"]
    # levels indented two spaces each; points and score columns end at the same column on every row
    assert rows[0].startswith("决策") and rows[1].startswith("  项目立项") and rows[2].startswith("    立项依据充分性")
    assert len({width(row) for row in rows}) == 1
    assert rows[2].split()[-2:] == ["5.00", "2.83"]
    assert "  预算执行率  95.00%" in lines


def test_score_text_aligns_chinese_columns_by_display_width() -> None:
    """Names with quotes (“三公经费”变动率), full-width brackets and levels of every depth: the header
    and every row end at the same terminal column, and so do the rates."""
    result = run("jixiao", "score", REFERENCE)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("指标")))
    rows = lines[header : lines.index("比率") - 1]
    tree = json.loads(run("jixiao", "score", REFERENCE, "--json").stdout)["indicators"]
    assert len(rows) == 1 + 4 + 12 + 39  # header, 一级, 二级, 三级 of the reference report's 附件1
    widest = max(width("  " * (i["level"] - 1) + i["name"]) for i in tree)
    assert {width(row) for row in rows} == {widest + 2 + 5 + 2 + 5}  # name, gap, “13.00”, gap, “10.98”
    assert rows[0].split() == ["指标", "分值", "得分"]
    assert "    “三公经费”变动率               2.00   2.00" in rows
    rates = lines[lines.index("比率") + 1 : lines.index("复核差异（填报 ≠ 复核）") - 1]
    assert len({width(line) for line in rates}) == 1
    assert "  “三公经费”变动率   -0.45%" in rates and "  预算调整率        102.13%" in rates


def test_score_text_lists_review_differences() -> None:
    result = run("jixiao", "score", REFERENCE)
    assert result.returncode == 0, result.stderr
    tail = result.stdout[result.stdout.index("复核差异（填报 ≠ 复核）") :]
    assert "效益 › 社会效益 › 应急管理能力提升 › 评分标准①: 填报 4.00，复核 3.98" in tail


def test_score_json_shape_in_tree_order() -> None:
    result = run("jixiao", "--root", str(XIANGMU), "score", "shuili-2023", "--json")
    data = json.loads(result.stdout)
    assert {"id", "total", "grade", "indicators", "rates"} <= set(data)
    assert isinstance(data["total"], str) and isinstance(data["rates"], dict)
    last_at_level: dict[int, str] = {}
    for item in data["indicators"]:
        assert {"level", "name", "parent", "points", "score"} <= set(item)
        assert item["level"] in (1, 2, 3)
        # tree order: each indicator's parent is the latest indicator one level up
        assert item["parent"] == (last_at_level[item["level"] - 1] if item["level"] > 1 else None)
        last_at_level[item["level"]] = item["name"]
    assert [i["name"] for i in data["indicators"] if i["level"] == 1] == ["决策", "过程", "产出", "效益"]


def test_unknown_id_is_a_clear_message() -> None:
    result = run("jixiao", "--root", str(XIANGMU), "score", "nope")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["scores/nope: 没有评价 'nope'（已有：shuili-2023）", "1 个错误"]


def test_root_without_evaluations(tmp_path: Path) -> None:
    result = run("jixiao", "--root", str(tmp_path), "check")
    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path}/scores 下没有评价"


def test_check_runs_from_the_project_root_by_default() -> None:
    result = run("jixiao", "check", REFERENCE, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_a_data_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    """evaluation.yaml that is a folder: the machine refuses to read it, and the message says which file."""
    (tmp_path / "scores" / "deep" / "evaluation.yaml").mkdir(parents=True)
    result = run("jixiao", "--root", str(tmp_path), "check")
    assert result.returncode == 1
    expected = f"{tmp_path}/scores/deep/evaluation.yaml: 读写: 无法读写：这里是一个文件夹（EISDIR）（腾出磁盘空间、改正权限或换一个输出位置后重新运行）"
    assert expected in result.stderr.splitlines() and "Traceback" not in result.stderr


#: a bug — a RuntimeError put into the check from outside — in a ``jixiao`` run with ``args``
BUG = (
    "import sys, jixiao.cli as cli\n"
    "def broken(root):\n    raise RuntimeError('坏了')\n"
    "cli.sheets = broken\n"
    "sys.argv = ['jixiao', *sys.argv[1:]]\n"
    "cli.main()\n"
)


def test_internal_error_hides_the_traceback() -> None:
    """A bug is 内部错误 with exit 2, never a traceback."""
    result = run(sys.executable, "-c", BUG, "--root", str(ROOT), "check")
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("jixiao 内部错误：坏了")
    assert result.stderr.rstrip().endswith("（加 --debug 查看回溯，并请报告此问题）")


def test_debug_shows_the_traceback() -> None:
    result = run(sys.executable, "-c", BUG, "--root", str(ROOT), "--debug", "check")
    assert result.returncode == 2
    assert result.stderr.startswith("Traceback (most recent call last):")


def test_debug_does_not_change_data_findings() -> None:
    broken = DATA / "broken" / "wrong-date"
    plain = run("jixiao", "--root", str(broken), "check")
    debug = run("jixiao", "--root", str(broken), "--debug", "check")
    assert (debug.returncode, debug.stderr) == (plain.returncode, plain.stderr) == (1, plain.stderr)
    assert "Traceback" not in debug.stderr
