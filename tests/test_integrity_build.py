"""Integrity in the real ``mkdocs build --strict``: no personal number anywhere in the site, unsafe pages
refused with file and line, and evaluations without publication consent kept out of the public site."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

from conftest import DATA, ROOT, copy_project, run
from pypdf import PdfReader

PHONES = ("13988620970", "13518703823")  # 概要表 and 附件3 of the reference report


def site_texts(site: Path) -> dict[str, str]:
    """The text of every file a reader can fetch: pages, search index, downloads, PDF text and attachments."""
    texts = {}
    for path in (p for p in site.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
            attached = [d.decode("utf-8", "ignore") for ds in PdfReader(path).attachments.values() for d in ds]
            texts[str(path)] = "\n".join([text, *attached])
        elif path.suffix == ".pf_fragment":  # Pagefind's text of one page, gzipped, words split by U+200B
            texts[str(path)] = gzip.decompress(path.read_bytes()).decode("utf-8", "ignore").replace("\u200b", "")
        elif path.suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True)
            texts[str(path)] = "\n".join(str(v) for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r if v)
        else:
            texts[str(path)] = path.read_bytes().decode("utf-8", "ignore")
    return texts


def test_personal_mobile_numbers_appear_nowhere_in_the_site(built_site: Path) -> None:
    texts = site_texts(built_site)
    assert any(p.endswith(".pdf") for p in texts), "the site has a PDF to grep"
    assert any(p.endswith(".pf_fragment") and "应急物资" in t for p, t in texts.items()), "the search index's text is searched too"
    assert any(p.endswith((".csv", ".xlsx")) for p in texts)
    leaks = [(p, n) for p, t in texts.items() for n in PHONES if n in t]
    assert leaks == []
    assert any("139****0970" in t for p, t in texts.items() if p.endswith(".pdf"))


def test_script_or_third_party_image_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "content" / "unsafe.md").write_text(
        "# 公告\n\n<script>alert(1)</script>\n\n<img src=http://example.com/a.png>\n", encoding="utf-8"
    )
    result = run("mkdocs", "build", "--strict", "-d", str(tmp_path / "site"), cwd=project)
    assert result.returncode != 0
    assert "content/unsafe.md:3: 不安全内容: 页面含 <script> 标签" in result.stderr
    assert "content/unsafe.md:5: 不安全内容: 页面从第三方地址加载 <img>：http://example.com/a.png" in result.stderr


def test_typed_figure_the_data_holds_fails_strict_as_a_warning(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    page = project / "content" / "lushui-yingji-2022" / "typed.md"
    page.write_text("# 手写数字\n\n重点支出安排率 99.04%。\n", encoding="utf-8")
    result = run("mkdocs", "build", "--strict", "-d", str(tmp_path / "site"), cwd=project)
    assert result.returncode != 0
    assert "WARNING" in result.stderr
    assert "content/lushui-yingji-2022/typed.md:3: 重点支出安排率: 重点支出安排率 99.04% 为手写数字" in result.stderr


def test_evaluation_without_consent_only_in_the_draft_preview(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    shutil.copytree(DATA / "xiangmu" / "scores" / "shuili-2023", project / "scores" / "shuili-2023")
    (project / "content" / "shuili-2023").mkdir()
    (project / "content" / "shuili-2023" / "index.md").write_text("# {{ meta.title }}\n\n总分 {{ total() }}\n", encoding="utf-8")
    shutil.copy(ROOT / "mkdocs-drafts.yml", project / "mkdocs-drafts.yml")

    public = run("mkdocs", "build", "--strict", "-d", str(tmp_path / "public"), cwd=project)
    assert public.returncode == 0, public.stderr[-3000:]
    assert not (tmp_path / "public" / "shuili-2023").exists()
    fragments = site_texts(tmp_path / "public" / "pagefind")
    assert fragments and not any("示例县水利局" in text for text in fragments.values()), "the search index knows nothing of it"
    assert (tmp_path / "public" / "lushui-yingji-2022" / "index.html").is_file()

    drafts = run("jixiao", "preview", cwd=project)
    assert drafts.returncode == 0, drafts.stderr[-3000:]
    page = project / "site-drafts" / "shuili-2023" / "index.html"
    assert "示例县水利局2023年农村供水保障项目支出绩效评价报告" in page.read_text(encoding="utf-8")
