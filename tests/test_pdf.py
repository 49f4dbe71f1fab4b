"""The PDF report: what a reader, an archive and a rebuild see in the real file.

Every check reads the PDF that ``mkdocs build --strict`` (or ``jixiao pdf``) wrote, with
poppler's ``pdftotext``/``pdffonts`` and pypdf. Expected values come from the
reference report (90.34, 优, the 39 三级 indicator names of its 附件1).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from conftest import DATA, REFERENCE, copy_project, run

TITLE = "泸水市应急管理局2022年部门整体支出绩效评价报告"
SMALL = "shuili-2023"

# The 39 三级 indicators of the reference report's 附件1, in its order.
LEVEL3 = [
    "绩效目标合理性", "绩效指标明确性", "岗位设置及职责分工", "项目组织机构设置情况", "预算管理领导小组设置",
    "“三公经费”变动率", "重点支出安排率", "预算完成率", "预算调整率", "结转结余率", "公用经费节约率",
    "“三公经费”节约率", "政府采购执行率", "预算管理制度健全性", "资金使用合规性", "预决算信息公开性",
    "基础信息完善性", "资产管理制度健全性", "资产管理安全性", "固定资产利用率", "安全生产监督",
    "生产安全事故下降率", "应急预案演练", "加强重点领域安全监管", "全国自然灾害风险普查", "落实自然灾害救助工作",
    "补贴资金管理", "应急物资管理", "开展宣传培训工作", "现代化边境小康村建设工作任务", "补助资金发放及时率",
    "灾害上报和处置及时性", "成本节约情况", "降低经济损失", "全民安全意识和逃生技能提升", "应急管理能力提升",
    "提供生活保障", "可持续影响", "社会公众满意度",
]  # fmt: skip


def text(pdf: Path, page: int | None = None, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), *(["-f", str(page), "-l", str(page)] if page else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def reference_pdf(built_site: Path) -> Path:
    pdf = built_site / REFERENCE / f"{REFERENCE}.pdf"
    assert pdf.is_file(), "mkdocs build wrote no PDF for the reference evaluation"
    return pdf


def test_first_page_is_the_cover(reference_pdf: Path) -> None:
    cover = compact(text(reference_pdf, 1))
    for expected in (TITLE, "委托单位名称：泸水市财政局", "报告编号：LSCP-KS-2023-003", "2023年9月15日", "90.34", "优"):
        assert compact(expected) in cover
    assert "-1-" not in cover  # the cover carries no page number


def test_toc_page_numbers_are_where_the_headings_are(reference_pdf: Path) -> None:
    reader = pypdf.PdfReader(reference_pdf)
    printed: dict[int, int] = {}  # printed "- N -" → physical page
    toc_lines: list[str] = []
    in_toc = False
    for physical in range(1, len(reader.pages) + 1):
        page = text(reference_pdf, physical, layout=True)
        lines = [line for line in page.splitlines() if line.strip()]
        footer = re.fullmatch(r"\s*-\s*(\d+)\s*-\s*", lines[-1]) if lines else None
        if footer:
            printed[int(footer.group(1))] = physical
        in_toc = compact(page).startswith("目录") or (in_toc and not footer)  # the 目录 runs until page - 1 -
        if in_toc:
            toc_lines += lines[1:] if compact(page).startswith("目录") else lines
    entries: list[tuple[str, int]] = []
    pending = ""
    for line in toc_lines:
        m = re.fullmatch(r"\s*(.*?)[\s.]*-\s*(\d+)\s*-\s*", line)
        if m:
            entries.append((compact(pending + m.group(1)), int(m.group(2))))
            pending = ""
        else:
            pending += line
    names = [name for name, _ in entries]
    assert "摘要" in names and "一、基本情况" in names and "八、建议" in names, names
    assert len(entries) >= 30
    for name, number in entries:
        assert number in printed, f"目录 says {name} is on page {number}, which does not exist"
        body = compact(text(reference_pdf, printed[number]))
        assert name[:12] in body, f"{name} is not on the page numbered - {number} -"


def test_text_has_the_score_grade_and_every_level3_indicator(reference_pdf: Path) -> None:
    whole = compact(text(reference_pdf))
    assert "90.34" in whole
    assert "综合评价等级为“优”" in whole or "评价等级优" in whole
    missing = [name for name in LEVEL3 if name not in whole]
    assert len(LEVEL3) == 39 and not missing, missing


def test_cjk_fonts_are_embedded_subsets(reference_pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(reference_pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [line.split() for line in out.splitlines() if "CJK" in line]
    assert cjk, out
    for cols in cjk:
        assert re.match(r"[A-Z]{6}\+Noto-(Serif|Sans)-CJK-SC", cols[0]), cols
        assert cols[-5:-2] == ["yes", "yes", "yes"], cols  # emb, sub, uni


def test_data_files_are_attached_and_metadata_comes_from_the_data(reference_pdf: Path) -> None:
    reader = pypdf.PdfReader(reference_pdf)
    attached = reader.attachments
    data = reference_pdf.parent / "data"  # the site's open-data downloads
    for name in (f"{REFERENCE}.json", "overview.csv", "table-3.csv", "appendix-1.csv", "appendix-2.csv"):
        assert name in attached, sorted(attached)
        assert attached[name][0] == (data / name).read_bytes(), name
    assert not any(b"13988620970" in body[0] for body in attached.values())  # a private phone stays masked
    info = reader.metadata
    assert info.title == TITLE
    assert info.author == "云南昆审会计师事务所（普通合伙）"
    assert info["/CreationDate"] == "D:20230915"  # 评价报告出具时间, not the build's clock
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp or b'pdfaid:part="3"' in xmp
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    for chapter in ("摘要", "一、基本情况", "八、建议", "附件1 绩效评价指标体系及评分表"):
        assert chapter in outline, outline


def test_attachment_1_is_on_landscape_pages(reference_pdf: Path) -> None:
    reader = pypdf.PdfReader(reference_pdf)
    pages = [i for i, page in enumerate(reader.pages) if "附件1" in compact(page.extract_text() or "")[:40]]
    assert pages
    box = reader.pages[pages[-1]].mediabox
    assert box.width > box.height


def small_project(dest: Path) -> Path:
    """The project with the reference and the small 项目支出 evaluation side by side."""
    dest.mkdir()
    copy_project(dest)
    shutil.copytree(DATA / "xiangmu" / "scores" / SMALL, dest / "scores" / SMALL)
    shutil.copytree(DATA / "xiangmu" / "content" / SMALL, dest / "content" / SMALL)
    with (dest / "scores" / SMALL / "evaluation.yaml").open("a", encoding="utf-8") as fh:  # consent: published, so it has a PDF
        fh.write(
            "publication:\n  - {party: 委托方, by: 示例县财政局, date: 2024-05-20}\n  - {party: 同级财政部门, by: 示例县财政局, date: 2024-05-20}\n"
        )
    return dest


def test_same_inputs_give_the_same_bytes(tmp_path: Path, reference_pdf: Path) -> None:
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    first = run("jixiao", "--root", str(project), "pdf", REFERENCE, "-o", str(tmp_path / "a.pdf"))
    assert first.returncode == 0, first.stderr
    shutil.rmtree(project / ".cache")  # no cache: render again from scratch
    second = run("jixiao", "--root", str(project), "pdf", REFERENCE, "-o", str(tmp_path / "b.pdf"))
    assert second.returncode == 0, second.stderr
    assert "已渲染" in first.stdout and "已渲染" in second.stdout
    assert sha256(tmp_path / "a.pdf") == sha256(tmp_path / "b.pdf") == sha256(reference_pdf)


def test_rebuilds_render_only_what_changed(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    site = tmp_path / "site"

    def build() -> str:
        result = run("mkdocs", "build", "--strict", "-d", str(site), cwd=project)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stderr

    log = build()
    assert f"PDF {REFERENCE}：已渲染" in log and f"PDF {SMALL}：已渲染" in log
    pdfs = {i: site / i / f"{i}.pdf" for i in (REFERENCE, SMALL)}
    stamps = {i: p.stat().st_mtime_ns for i, p in pdfs.items()}
    digests = {i: sha256(p) for i, p in pdfs.items()}

    log = build()  # nothing changed: nothing rendered
    assert "已渲染" not in log
    assert f"PDF {REFERENCE}：输入未变，取自缓存" in log and f"PDF {SMALL}：输入未变，取自缓存" in log
    assert {i: p.stat().st_mtime_ns for i, p in pdfs.items()} == stamps
    assert {i: sha256(p) for i, p in pdfs.items()} == digests

    facts = project / "scores" / SMALL / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("value: 11400", "value: 11500"), encoding="utf-8")
    log = build()  # one evaluation changed: only its PDF is rendered
    assert f"PDF {SMALL}：已渲染" in log and f"PDF {REFERENCE}：已渲染" not in log
    assert pdfs[REFERENCE].stat().st_mtime_ns == stamps[REFERENCE]
    assert sha256(pdfs[SMALL]) != digests[SMALL]

    sums = dict(reversed(line.split("  ", 1)) for line in (site / "SHA256SUMS").read_text().splitlines())
    assert sums[f"{SMALL}/{SMALL}.pdf"] == sha256(pdfs[SMALL])
    assert sums[f"{REFERENCE}/{REFERENCE}.pdf"] == digests[REFERENCE]
    assert any(name.startswith(f"{REFERENCE}/data/") for name in sums)


def test_weasyprint_warnings_fail_a_strict_build(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    shutil.rmtree(project / "scores" / REFERENCE)
    shutil.rmtree(project / "content" / REFERENCE)
    page = project / "content" / SMALL / "pdf-03-fenxi.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<p style="color: no-such-colour">\ue000</p>\n', encoding="utf-8")
    result = run("mkdocs", "build", "--strict", "-d", str(tmp_path / "site"), cwd=project)
    assert result.returncode != 0
    assert "WeasyPrint 警告" in result.stderr and "no-such-colour" in result.stderr
    assert "U+E000" in result.stderr  # the missing glyph


def test_pdf_fetches_nothing_outside_the_project(tmp_path: Path) -> None:
    """A page naming a file of the machine is refused before the PDF is rendered (the renderer would read it)."""
    project = small_project(tmp_path / "p")
    page = project / "content" / SMALL / "pdf-03-fenxi.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + '\n<img src="/etc/hostname" alt="">\n', encoding="utf-8")
    result = run("jixiao", "--root", str(project), "pdf", SMALL, "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    line = text.count("\n") + 2
    assert f"content/{SMALL}/pdf-03-fenxi.md:{line}: 不安全内容: 页面引用 content/ 之外的文件：/etc/hostname" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_tagged_variant_is_one_option_away(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    result = run("jixiao", "--root", str(project), "pdf", SMALL, "--variant", "pdf/ua-1", "-o", str(tmp_path / "ua.pdf"))
    assert result.returncode == 0, result.stderr
    root = pypdf.PdfReader(tmp_path / "ua.pdf").trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root["/Lang"] == "zh-CN"


def test_pdf_carries_the_publication_and_update_record(reference_pdf: Path) -> None:
    """The PDF states when the report was first published and whether it was corrected since."""
    last = compact(text(reference_pdf, page=None))
    assert "发布与更新记录" in last
    assert "首次发布：2023年9月15日" in last  # the consent date recorded in the data
    assert "全部更新记录：无" in last
