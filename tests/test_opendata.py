"""Open data in the built site: every table as CSV and as a sheet of one workbook, the evaluation as JSON, a valid datapackage.

Expected figures are the reference report's (表3, 附件1, 概要表), not our code's output.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from conftest import REFERENCE

TABLES = ["overview", "table-1", "table-2", "table-3", "table-4", "table-5", "table-6", "table-7"]
APPENDICES = ["appendix-1", "appendix-2", "appendix-3", "appendix-4"]
#: the reference records the score its 附件1 printed (应急管理能力提升 4.00, computed 3.98): a 复核差异 table
REVIEW = ["review-differences"]


@pytest.fixture(scope="module")
def data(built_site: Path) -> Path:
    return built_site / REFERENCE / "data"


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_every_table_is_published_as_csv_and_as_a_sheet_of_the_workbook(data: Path) -> None:
    for slug in TABLES + APPENDICES + REVIEW:
        assert (data / f"{slug}.csv").stat().st_size > 0, slug
    book = openpyxl.load_workbook(data / f"{REFERENCE}.xlsx", read_only=True)
    assert book.sheetnames == ["概要表", "表1", "表2", "表3", "表4", "表5", "表6", "表7", "附件1", "附件2", "附件3", "附件4", "复核差异"]


def test_csv_starts_with_a_bom_so_excel_reads_chinese(data: Path) -> None:
    raw = (data / "table-3.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "一级指标".encode() in raw


def test_table3_csv_holds_the_reports_scores(data: Path) -> None:
    rows = read_csv(data / "table-3.csv")
    assert rows[0] == ["一级指标", "指标分值", "评价得分", "得分率"]
    assert rows[1:] == [
        ["投入", "13.00", "10.98", "84.46%"],
        ["过程", "27.00", "20.50", "75.93%"],
        ["产出", "28.00", "27.00", "96.43%"],
        ["效益", "32.00", "31.86", "99.56%"],
        ["合计", "100.00", "90.34", "90.34%"],
    ]


def test_amounts_lose_their_thousands_separators(data: Path) -> None:
    """表2: 合计 4,220,213.50 元 in the report is the number 4220213.50 in the CSV."""
    rows = read_csv(data / "table-2.csv")
    total = next(r for r in rows if r[0] == "合计")
    assert total[-1] == "4220213.50"


def test_appendix1_xlsx_repeats_merged_cells_on_every_row(data: Path) -> None:
    sheet = openpyxl.load_workbook(data / f"{REFERENCE}.xlsx")["附件1"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    body = [r for r in rows if r[0] != "合计"]
    assert all(r[0] and r[1] and r[2] for r in body), "一级/二级/三级 on every row"
    assert len({r[2] for r in body}) == 39
    by_name = {}
    for r in body:
        by_name.setdefault(r[2], []).append(r)
    # the report's scores: one criterion each, so the row's 得分 is the 三级 score
    assert by_name["社会公众满意度"][0][0].startswith("效益")
    assert by_name["社会公众满意度"][-1][-1] == pytest.approx(3.96)
    assert by_name["预算调整率"][-1][-1] == 0
    footer = rows[-1]
    assert footer[0] == "合计" and footer[-1] == pytest.approx(90.34)


def test_xlsx_figures_are_numbers_shown_with_two_decimals(data: Path) -> None:
    sheet = openpyxl.load_workbook(data / f"{REFERENCE}.xlsx")["表3"]
    cell = sheet["C2"]  # 投入 评价得分
    assert cell.value == pytest.approx(10.98)
    assert cell.number_format.endswith("0.00")


def test_json_holds_the_whole_evaluation(data: Path) -> None:
    doc = json.loads((data / f"{REFERENCE}.json").read_text(encoding="utf-8"))
    assert doc["evaluated_body"] == "泸水市应急管理局"
    assert doc["report_number"] == "LSCP-KS-2023-003"
    assert (doc["total"], doc["grade"]) == ("90.34", "优")
    assert [(i["name"], i["score"]) for i in doc["indicators"]] == [
        ("投入", "10.98"),
        ("过程", "20.50"),
        ("产出", "27.00"),
        ("效益", "31.86"),
    ]
    thirds = [t for top in doc["indicators"] for second in top["children"] for t in second["children"]]
    assert len(thirds) == 39
    assert all(t["criteria"] for t in thirds)
    key = next(t for t in thirds if t["name"] == "重点支出安排率")
    assert key["score"] == "1.98"
    assert key["summary"] == "重点支出安排率99.04%"  # the text as the report prints it, figures rendered
    assert "{{" not in json.dumps(doc, ensure_ascii=False)
    facts = {f["name"]: f for f in doc["facts"]}
    assert facts["基本支出年初预算"]["value"] == "4814130.68"
    assert facts["基本支出年初预算"]["source"] == "2022年决算报表"
    rates = {r["name"]: r["percent"] for r in doc["rates"]}
    assert rates["重点支出安排率"] == "99.04"
    assert doc["survey"]["valid"] == 194
    assert len(doc["samples"]) > 0


def test_no_private_phone_number_is_published(data: Path) -> None:
    """The 预算部门联系人's mobile (not public) appears only masked, in every file."""
    doc = json.loads((data / f"{REFERENCE}.json").read_text(encoding="utf-8"))
    contact = next(c for c in doc["contacts"] if c["name"] == "刘虹")
    assert contact["phone"] == "139****0970"
    for path in data.iterdir():
        if path.suffix in (".csv", ".json"):
            assert "13988620970" not in path.read_text(encoding="utf-8-sig"), path.name


def test_datapackage_describes_every_file_and_validates(data: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == REFERENCE
    paths = {r["path"] for r in package["resources"]}
    assert paths == {f"{s}.csv" for s in TABLES + APPENDICES + REVIEW} | {f"{REFERENCE}.xlsx", f"{REFERENCE}.json"}
    table3 = next(r for r in package["resources"] if r["path"] == "table-3.csv")
    assert table3["mediatype"] == "text/csv"
    assert [(f["name"], f["type"]) for f in table3["schema"]["fields"]] == [
        ("一级指标", "string"),
        ("指标分值", "number"),
        ("评价得分", "number"),
        ("得分率", "string"),
    ]
    report = frictionless.validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])


def test_project_without_feedback_publishes_no_empty_appendix(xiangmu_site: Path) -> None:
    """shuili-2023 has a survey but no feedback: 附件2 is published, 附件3/4 are not."""
    data = xiangmu_site / "shuili-2023" / "data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    assert "appendix-2" in names
    assert not names & {"appendix-3", "appendix-4"}
    rows = read_csv(data / "table-3.csv")
    assert ["过程", "25.00", "20.75", "83.00%"] in rows


def test_review_differences_csv_lists_the_printed_score_that_differs(data: Path) -> None:
    assert read_csv(data / "review-differences.csv") == [
        ["指标", "层级", "填报得分", "复核得分", "差额"],
        [
            "效益 › 社会效益 › 应急管理能力提升 › 评分标准①",
            "评分标准",
            "4.00",
            "3.98",
            "-0.02",
        ],  # 附件1 printed 4.00; 附件2 Q8: 193/194 × 4 = 3.979 → 3.98
    ]


def test_the_workbook_is_the_same_bytes_from_build_to_build(data: Path, tmp_path: Path) -> None:
    """A reader checks downloads against SHA256SUMS: unchanged data must keep its checksum in every rebuild."""
    from conftest import ROOT

    from jixiao.outputs import opendata
    from jixiao.scoring.from_folder import sheet

    again = opendata.publish(sheet(ROOT, REFERENCE), tmp_path)
    workbook = next(p for p in again if p.suffix == ".xlsx")
    assert workbook.read_bytes() == (data / f"{REFERENCE}.xlsx").read_bytes()
    book = openpyxl.load_workbook(workbook, read_only=True)
    assert book.properties.modified.date().isoformat() == "2023-09-15"  # the report's issue date, not the build's
