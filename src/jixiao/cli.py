"""The ``jixiao`` command: the same pipeline as the site build, without MkDocs.

The engine raises ``DataError``; only this module turns it into messages and exit
codes (1 for bad data, and for a file the machine would not read or write — a full disk,
a read-only folder — named in the message; 2 for a bug, whose traceback ``--debug`` shows).
Each command imports its own stage when it runs (marked ``# this command only``), so
``jixiao score`` starts without loading the build, pandas or WeasyPrint (about three seconds of imports).
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from jixiao.config import ProjectConfig
from jixiao.data.evaluations import evaluation_ids
from jixiao.data.money import fmt_score
from jixiao.errors import DataError, Finding, write_failure
from jixiao.outputs.score_json import sheet_dict
from jixiao.scoring.from_folder import sheet, sheets
from jixiao.tools.score_text import indicator_table, rate_table

app = typer.Typer(
    help="jixiao（绩效）：把预算绩效评价报告作为数据来校验、计分和发布。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

T = TypeVar("T")


class State:
    root: Path = Path(".")
    debug: bool = False


class Generator(StrEnum):
    """The generators a rendered project is built with (``scripts/build --generator``)."""

    mkdocs = "mkdocs"
    zensical = "zensical"


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.callback()
def main_options(
    root: Annotated[Path, typer.Option("--root", help="项目根目录（含 mkdocs.yml 与 scores/）")] = Path("."),
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示 Python 回溯")] = False,
) -> None:
    State.root = root.resolve()
    State.debug = debug


def run(action: Callable[[], T]) -> T:
    """Run an engine call; turn a ``DataError`` into findings on stderr and exit 1."""
    try:
        return action()
    except DataError as exc:
        findings = exc.findings
    except OSError as exc:  # a file the engine did not name itself (``errors.writing`` names most)
        findings = write_failure(exc, action="读写").findings
    print_findings(findings, Format.text)
    errors = sum(1 for f in findings if f.severity == "error")
    typer.echo(f"{errors} 个错误", err=True)
    raise typer.Exit(1)


def print_findings(findings: list[Finding], fmt: Format) -> None:
    if fmt is Format.json:
        typer.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
        return
    for f in findings:
        if fmt is Format.github:
            line = f",line={f.line}" if f.line else ""
            level = "error" if f.severity == "error" else "warning"
            text = f"{f.where}: {f.message}" + (f"（{f.fix}）" if f.fix else "")
            typer.echo(f"::{level} file={f.file}{line}::{text}")
        else:
            typer.echo(str(f), err=True)


@app.command()
def check(
    eval_id: Annotated[str | None, typer.Argument(help="只检查这一个评价")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="text、json 或 github（CI 注释）")] = Format.text,
    against: Annotated[str | None, typer.Option("--against", help="与该 git 版本比较：已公开的数字改动须有更新记录")] = None,
    narrative: Annotated[Path | None, typer.Option("--narrative", help="再检查一份手写的 Markdown 报告（需指定评价）")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="项目的配置文件（默认 mkdocs.yml），页面在其 docs_dir 中")] = None,
) -> None:
    """校验 scores/ 下的每个评价（或指定的一个）及其页面的完整性；有错误时退出码为 1。"""
    from jixiao.integrity.command import integrity_findings  # this command only

    if narrative is not None and not eval_id:
        typer.echo("--narrative 需要指定评价，如 jixiao check lushui-yingji-2022 --narrative 报告.md", err=True)
        raise typer.Exit(1)
    if eval_id:
        try:
            sheet(State.root, eval_id)
            findings: list[Finding] = []
            count = 1
        except DataError as exc:
            findings, count = exc.findings, 1
    else:
        ids = evaluation_ids(State.root)
        if not ids:
            typer.echo(f"{State.root}/scores 下没有评价", err=True)
            raise typer.Exit(1)
        _, findings = sheets(State.root)
        count = len(ids)
    if against:
        from jixiao.corrections.against import check_against  # this command only

        findings = findings + run(lambda: check_against(State.root, against))
    project = run(lambda: ProjectConfig.of(State.root, config))
    findings = list(dict.fromkeys(findings + integrity_findings(State.root, project.docs_dir, eval_id, narrative)))  # a linked root, once
    errors = [f for f in findings if f.severity == "error"]
    if fmt is Format.json:
        print_findings(findings, fmt)
    else:
        print_findings(findings, fmt)
        summary = f"检查了 {count} 个评价：{len(errors)} 个错误，{len(findings) - len(errors)} 个警告"
        typer.echo(summary, err=bool(errors))
    if errors:
        raise typer.Exit(1)


@app.command()
def preview() -> None:
    """生成草稿预览（site-drafts/）：含尚未取得公开同意的评价，不用于公开。"""
    from jixiao.integrity.command import preview as build_preview  # this command only

    raise typer.Exit(build_preview(State.root))


@app.command()
def score(
    eval_id: Annotated[str, typer.Argument(help="评价 id（scores/ 下的文件夹名）")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """计算并打印一个评价的得分表。"""
    result = run(lambda: sheet(State.root, eval_id))
    if as_json:
        typer.echo(json.dumps(sheet_dict(result), ensure_ascii=False, indent=2))
        return
    ev = result.evaluation
    signed = result.signed
    printed = f"  报告所印 {fmt_score(signed.total)}（{signed.grade}）" if signed.differs else ""
    typer.echo(f"{ev.title}\n总分 {fmt_score(result.total)} / {fmt_score(result.total_points)}  等级 {result.grade}{printed}\n")
    typer.echo(indicator_table(result))
    if result.rates:
        typer.echo("\n比率")
        typer.echo(rate_table(result))
    if result.differences:
        typer.echo("\n复核差异（填报 ≠ 复核）")
        for diff in result.differences:
            typer.echo(f"  {diff}")


@app.command("diff")
def diff_command(
    base: Annotated[str, typer.Argument(help="基准 git 版本，如 origin/main、HEAD~1")],
    head: Annotated[str | None, typer.Argument(help="对比的 git 版本；省略时为工作区")] = None,
    full: Annotated[Path | None, typer.Option("--full", help="把不截断的完整明细写入此文件")] = None,
) -> None:
    """打印改动对得分的影响（Markdown，供 PR 评论）。"""
    from jixiao.corrections.diff import diff  # this command only

    report = run(lambda: diff(State.root, base, head))
    if full:
        full.write_text(report.markdown(full=True), encoding="utf-8")
    typer.echo(report.markdown())


@app.command("new")
def new_command(
    eval_id: Annotated[str, typer.Argument(help="新评价的 id（文件夹名与网址），如 shuili-2024")],
    template: Annotated[str, typer.Option("--template", help="部门整体支出、项目支出 或 自评表")] = "项目支出",
    year: Annotated[str | None, typer.Option("--year", help="被评价的预算年度（一年）；默认取 id 末尾的年份")] = None,
    years: Annotated[str | None, typer.Option("--years", help="多年评价覆盖的年度区间，如 2021-2024")] = None,
) -> None:
    """按模板新建评价：scores/<id>/ 与 content/<id>/，立即可以构建（草稿，未经同意不公开）。"""
    from jixiao.tools.scaffold import new_evaluation  # this command only

    written = run(lambda: new_evaluation(State.root, eval_id, template, year, years))
    for path in written:
        typer.echo(f"  {path.relative_to(State.root).as_posix()}")
    typer.echo(
        f"已新建 {eval_id}（{template}）：{len(written)} 个文件。先改“待填写”之处；取得公开同意后在 evaluation.yaml 中填写 publication。"
    )


@app.command("pdf")
def pdf_command(
    eval_id: Annotated[str | None, typer.Argument(help="评价 id（scores/ 下的文件夹名）；与 --all 二选一")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="PDF 写到这里；默认 ./<id>.pdf（--all 时为文件夹，按 <id>/<id>.pdf）")
    ] = None,
    variant: Annotated[str | None, typer.Option("--variant", help="pdf/a-3b（默认）、pdf/a-3u 或 pdf/ua-1（带标签）")] = None,
    every: Annotated[bool, typer.Option("--all", help="生成每个公开评价的 PDF（存入 .cache/pdf/）")] = False,
    shard: Annotated[str, typer.Option("--shard", help="与 --all 同用：只生成第 I 份（共 N 份），如 2/4")] = "1/1",
    config: Annotated[Path | None, typer.Option("--config", help="项目的配置文件（默认 mkdocs.yml）")] = None,
) -> None:
    """生成评价的 PDF 报告（与站点中的相同；输入未变时取自 .cache/pdf/）。"""
    from jixiao.build.pdfs import Shard, pdf_all_command  # this command only
    from jixiao.build.pdfs import pdf_command as make_pdf  # this command only

    if every == (eval_id is not None):
        typer.echo("请给出评价 id 或 --all 之一", err=True)
        raise typer.Exit(1)
    project = run(lambda: ProjectConfig.of(State.root, config))
    if eval_id is None:
        part = run(lambda: Shard.parse(shard))
        done = run(lambda: pdf_all_command(project, part, output, variant))
        rendered = [p for p in done if p.rendered]
        seconds = sum(p.seconds or 0 for p in rendered)
        typer.echo(
            f"分片 {part.index}/{part.count}：{len(done)} 份 PDF，渲染 {len(rendered)} 份（{seconds:.1f} 秒），{len(done) - len(rendered)} 份取自缓存"
        )
        return
    target, one = run(lambda: make_pdf(project, eval_id, output, variant))
    how = f"已渲染 {one.pages} 页，用时 {one.seconds:.2f} 秒" if one.rendered else "输入未变，取自缓存"
    typer.echo(f"{target}（{how}）")


@app.command("render")
def render_command(
    out: Annotated[Path, typer.Option("--out", help="渲染后的项目写到这里（docs/、mkdocs.yml、overrides/）")],
    config: Annotated[Path, typer.Option("--config", help="项目的配置文件；mkdocs-drafts.yml 渲染草稿预览")] = Path("mkdocs.yml"),
    generator: Annotated[Generator, typer.Option("--generator", help="构建渲染结果的生成器")] = Generator.mkdocs,
) -> None:
    """把站点渲染为任何生成器都能构建的项目：页面中的数字、表格、目录与更正都已填好，配置不含钩子。"""
    from jixiao.build.project import write_project  # this command only
    from jixiao.build.start import start_project  # this command only

    project = run(lambda: ProjectConfig.of(State.root, config))
    warned = _log_to_stderr()
    build = run(lambda: start_project(project, generator.value))
    for finding in [*build.warnings, *build.notes]:
        typer.echo(str(finding), err=True)
    _stop_if_strict(project, len(build.warnings) + warned.count)
    rendered = run(lambda: write_project(build, out.resolve(), project))
    typer.echo(f"已渲染到 {out}：用 mkdocs build -f 或 zensical build -f {out / rendered.config_file.name} 构建，再运行 jixiao finish")


@app.command("finish")
def finish_command(
    site: Annotated[Path, typer.Argument(help="生成器构建好的站点目录")],
    config: Annotated[Path, typer.Option("--config", help="渲染时用的配置文件")] = Path("mkdocs.yml"),
    generator: Annotated[Generator, typer.Option("--generator", help="渲染时指定的生成器")] = Generator.mkdocs,
) -> None:
    """完成生成器构建的站点：开放数据、PDF（JIXIAO_PDF=0 时不生成）、SHA256SUMS、搜索索引、个人信息检查。"""
    from jixiao.build.finish import finish  # this command only
    from jixiao.build.project import handover  # this command only
    from jixiao.build.start import start_project  # this command only

    project = run(lambda: ProjectConfig.of(State.root, config))
    warned = _log_to_stderr()
    build = run(lambda: start_project(project, generator.value))
    run(lambda: finish(build, site.resolve(), handover(build, project), project))
    _stop_if_strict(project, warned.count)
    typer.echo(f"{site} 已完成")


class _Counter:
    """How many warnings the engine logged (a strict build fails on any, as ``mkdocs build --strict`` does)."""

    count = 0


def _log_to_stderr() -> _Counter:
    """The engine's log (what was computed, PDFs rendered or kept, WeasyPrint's warnings) on stderr."""
    import logging

    counter = _Counter()

    class Handler(logging.StreamHandler):
        def emit(self, record: logging.LogRecord) -> None:
            counter.count += record.levelno >= logging.WARNING
            super().emit(record)

    handler = Handler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    for name, level in (("jixiao", logging.INFO), ("weasyprint", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(level)
    return counter


def _stop_if_strict(project: ProjectConfig, warnings: int) -> None:
    """Exit 1 when the configuration says ``strict: true`` and there were warnings."""
    if warnings and project.strict:
        typer.echo(f"{warnings} 个警告；配置为 strict: true，构建中止", err=True)
        raise typer.Exit(1)


@app.command("publish")
def publish_command(
    version: Annotated[str, typer.Argument(help="版本名，通常是公开的年度，如 2024")],
    latest: Annotated[bool, typer.Option("--latest/--not-latest", help="同时设为 latest 别名与默认版本")] = True,
    title: Annotated[str | None, typer.Option("--title", help="版本选择器中显示的名称")] = None,
    branch: Annotated[str, typer.Option("--branch", help="部署到的 git 分支")] = "gh-pages",
    push: Annotated[bool, typer.Option("--push", help="部署后推送到 origin（默认只在本地提交）")] = False,
) -> None:
    """用 mike 把站点作为一个版本部署到 git 分支（旧版本保留，可在版本选择器中查看）。"""
    from jixiao.tools.editions import publish  # this command only

    typer.echo(run(lambda: publish(State.root, version, latest=latest, title=title, branch=branch, push=push)), nl=False)


import_app = typer.Typer(help="把外部数据导入 scores/。", no_args_is_help=True)
app.add_typer(import_app, name="import")


@import_app.command("survey")
def import_survey_command(
    answers: Annotated[Path, typer.Argument(help="问卷星或 Excel 导出的答卷（.xlsx 或 .csv，UTF-8 或 GBK）")],
    eval_id: Annotated[str | None, typer.Option("--id", help="写入 scores/<id>/survey.yaml")] = None,
    into: Annotated[Path | None, typer.Option("--into", help="写入此 survey.yaml（与 --id 二选一）")] = None,
) -> None:
    """把逐份答卷汇总为 survey.yaml 的各选项份数（已有的 survey.yaml 提供题目与选项）。"""
    from jixiao.tools.survey_import import import_survey  # this command only

    if (eval_id is None) == (into is None):
        typer.echo("请给出 --id <评价id> 或 --into <survey.yaml> 之一", err=True)
        raise typer.Exit(1)
    target = into or State.root / "scores" / str(eval_id) / "survey.yaml"
    survey = run(lambda: import_survey(answers, target))
    typer.echo(f"已写入 {target}：{survey['valid']} 份答卷，{len(survey['questions'])} 题")


def import_forms_command(
    files: Annotated[list[Path], typer.Argument(help="填好的自评表：.xlsx（每个工作表一张）或 .docx（每个文件一张）")],
    partial: Annotated[bool, typer.Option("--partial", help="有读不出的格也导入能读的部分，读不出之处标为无法辨认（草稿）")] = False,
    public_url: Annotated[str | None, typer.Option("--public-url", help="原表已由单位公开时的网址（记为 原文已公开）")] = None,
    found: Annotated[str | None, typer.Option("--found", help="与 --public-url 同用：查得原文的日期，默认今天")] = None,
) -> None:
    """把单位填报的自评表（Excel/Word）导入为 scores/<id>/ 与 content/<id>/：逐个文件列出读到的、读不出的格与总分复核。"""
    import datetime as dt

    from jixiao.tools.ziping_import import import_forms

    public = None
    if public_url:
        try:
            public = (public_url, dt.date.fromisoformat(found) if found else dt.date.today())
        except ValueError:
            typer.echo(f"--found “{found}”不是日期（写 YYYY-MM-DD）", err=True)
            raise typer.Exit(1) from None
    results = run(lambda: import_forms(State.root, files, partial, public))
    for result in results:
        for line in result.lines:
            typer.echo(line)
    written = [r for r in results if r.eval_id]
    typer.echo(f"导入 {len(written)} 张自评表，{len(results) - len(written)} 张未写入")
    if len(written) < len(results):
        raise typer.Exit(1)


import_app.command("自评表")(import_forms_command)
import_app.command("ziping")(import_forms_command)


cache_app = typer.Typer(help="构建缓存（.cache/）：查看与清除。", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info_command() -> None:
    """列出各缓存的大小，以及 PDF 缓存键所含的渲染环境（HarfBuzz-Subset、Pango、字体、系统库）。"""
    from jixiao.build.cache_folders import usage  # this command only
    from jixiao.outputs.pdf.environment import describe  # this command only

    for entry in usage(State.root):
        typer.echo(f".cache/{entry.name}/  {entry.files} 个文件，{entry.size / 1e6:.1f} MB（{entry.what}）")
    typer.echo("渲染环境（变化时 PDF 重新渲染）：")
    for line in describe():
        typer.echo(f"  {line}")


@cache_app.command("clear")
def cache_clear_command() -> None:
    """删除 .cache/ 下的全部缓存；下次构建重新计算一切（结果相同，只是更慢）。"""
    from jixiao.build.cache_folders import clear  # this command only

    for entry in clear(State.root):
        typer.echo(f"已删除 .cache/{entry.name}/：{entry.files} 个文件，{entry.size / 1e6:.1f} MB")


def main() -> None:
    """Console entry point: no traceback reaches a user unless ``--debug``."""
    try:
        app()
    except SystemExit:
        raise
    except OSError as exc:
        if "--debug" in sys.argv:
            traceback.print_exc()
        failure = exc if isinstance(exc, DataError) else write_failure(exc, action="读写")
        for finding in failure.findings:
            typer.echo(str(finding), err=True)
        sys.exit(1)
    except DataError as exc:
        for finding in exc.findings:
            typer.echo(str(finding), err=True)
        sys.exit(1)
    except Exception as exc:
        if "--debug" in sys.argv:
            traceback.print_exc()
        else:
            typer.echo(f"jixiao 内部错误：{exc}（加 --debug 查看回溯，并请报告此问题）", err=True)
        sys.exit(2)
