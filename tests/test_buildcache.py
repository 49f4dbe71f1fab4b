"""The build cache (``.cache/build/``): a rebuild takes what did not change, and only that.

Real ``mkdocs build --strict`` runs of a copy of the small 项目支出 fixture. Expected scores
are hand-calculated: 受益人口覆盖率 is worth 15 points × 受益人口 / 计划受益人口, so
15 × 11400 / 12000 = 14.25 and, after the edit, 15 × 11500 / 12000 = 14.375 → 14.38.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml
from conftest import BIN, DATA, ROOT, run

EVAL = "shuili-2023"


def fixture_project(dest: Path) -> Path:
    """A copy of ``tests/data/xiangmu`` that builds with this repository's hooks."""
    shutil.copytree(DATA / "xiangmu", dest, symlinks=True, ignore=shutil.ignore_patterns(".cache"))
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../hooks/", f"{(ROOT / 'hooks').as_posix()}/"), encoding="utf-8")
    assets = dest / "content" / "assets"
    if assets.is_symlink():
        assets.unlink()
        shutil.copytree(ROOT / "content" / "assets", assets)
    return dest


def build(project: Path, site: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run("mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), env=env)


def built(project: Path, site: Path, env: dict[str, str] | None = None) -> str:
    result = build(project, site, env)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def coverage_score(site: Path, eval_id: str = EVAL) -> str:
    """The score of 受益人口覆盖率 in the downloadable 附件1 CSV."""
    with (site / eval_id / "data" / "appendix-1.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = [row for row in csv.reader(fh) if "受益人口覆盖率" in row]
    assert rows, "附件1 lists 受益人口覆盖率"
    return rows[0][-1]


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def digests(site: Path) -> dict[str, str]:
    """Every generated download and PDF, and every page, by content hash."""
    files = [*site.glob(f"{EVAL}/data/*"), site / EVAL / f"{EVAL}.pdf", site / "SHA256SUMS", *site.rglob("index.html")]
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_an_unchanged_rebuild_publishes_the_same_site_from_the_cache(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "p")
    first = built(project, tmp_path / "a")
    assert f"PDF {EVAL}：已渲染" in first
    again = built(project, tmp_path / "b")
    assert f"PDF {EVAL}：输入未变，取自缓存" in again and "已渲染" not in again
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert coverage_score(tmp_path / "b") == "14.25"


def test_a_changed_fact_changes_the_cached_open_data_and_pdf(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "p")
    site = tmp_path / "site"
    built(project, site)
    pdf = site / EVAL / f"{EVAL}.pdf"
    before = pdf.read_bytes()
    assert coverage_score(site) == "14.25"

    facts = project / "scores" / EVAL / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("value: 11400", "value: 11500"), encoding="utf-8")
    log = built(project, site)
    assert f"PDF {EVAL}：已渲染" in log
    assert coverage_score(site) == "14.38"
    document = json.loads((site / EVAL / "data" / f"{EVAL}.json").read_text(encoding="utf-8"))
    assert {f["name"]: f["value"] for f in document["facts"]}["受益人口"] == "11500"
    assert pdf.read_bytes() != before
    assert "14.38" in pdf_text(pdf)


def test_a_page_edit_shows_on_the_rebuilt_page(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "p")
    site = tmp_path / "site"
    built(project, site)
    page = project / "content" / EVAL / "pdf-03-fenxi.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n本段为重建测试新增。\n", encoding="utf-8")
    built(project, site)
    assert "本段为重建测试新增。" in (site / EVAL / "pdf-03-fenxi" / "index.html").read_text(encoding="utf-8")
    assert "本段为重建测试新增。" in pdf_text(site / EVAL / f"{EVAL}.pdf")


def test_bad_data_fails_every_build_with_the_same_message(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "p")
    built(project, tmp_path / "site")
    facts = project / "scores" / EVAL / "facts.yaml"
    good = facts.read_text(encoding="utf-8")
    facts.write_text(good.replace("受益人口: {value: 11400", "受益人数: {value: 11400"), encoding="utf-8")
    failures = [build(project, tmp_path / "site") for _ in range(2)]
    for result in failures:
        assert result.returncode != 0
        assert "受益人口" in result.stderr and "Traceback" not in result.stderr
    assert failures[0].stderr.split("jixiao:", 1)[1][:500] == failures[1].stderr.split("jixiao:", 1)[1][:500]
    facts.write_text(good, encoding="utf-8")
    assert f"PDF {EVAL}：输入未变，取自缓存" in built(project, tmp_path / "site")


def test_a_pdf_warning_fails_every_strict_build(tmp_path: Path) -> None:
    """A PDF that came with WeasyPrint's warnings is never kept: every build renders it again and fails again."""
    project = fixture_project(tmp_path / "p")
    page = project / "content" / EVAL / "pdf-03-fenxi.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<p style="color: no-such-colour">色</p>\n', encoding="utf-8")
    for _ in range(2):
        result = build(project, tmp_path / "site")
        assert result.returncode != 0
        assert "WeasyPrint 警告" in result.stderr and "no-such-colour" in result.stderr
        assert f"PDF {EVAL}：已渲染" in result.stderr and f"PDF {EVAL}：输入未变，取自缓存" not in result.stderr


def build_without_harfbuzz_subset(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` as on a machine without HarfBuzz-Subset, as a bare Debian is.

    The library is hidden from this one command only: its ``LD_LIBRARY_PATH`` starts with a
    folder whose ``libharfbuzz-subset.so.0`` is an empty file, which the dynamic loader finds
    first and cannot load, so WeasyPrint finds no usable library (as when none is installed).
    """
    shadow = project.parent / "no-harfbuzz-subset"
    shadow.mkdir(exist_ok=True)
    (shadow / "libharfbuzz-subset.so.0").write_bytes(b"")
    env = {**os.environ, "LD_LIBRARY_PATH": str(shadow)}
    command = [str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)


def test_a_build_failed_by_the_machine_passes_once_the_machine_is_fixed(tmp_path: Path) -> None:
    """Without HarfBuzz-Subset WeasyPrint warns and the strict build fails; with it, the next build passes by itself."""
    project = fixture_project(tmp_path / "p")
    broken = build_without_harfbuzz_subset(project, tmp_path / "site")
    assert broken.returncode != 0
    assert "Using fontTools instead of HarfBuzz-Subset" in broken.stderr
    fixed = built(project, tmp_path / "site")
    assert f"PDF {EVAL}：已渲染" in fixed and f"PDF {EVAL}：输入未变，取自缓存" not in fixed
    assert "14.25" in pdf_text(tmp_path / "site" / EVAL / f"{EVAL}.pdf")


def test_a_pdf_cached_on_one_machine_is_rendered_again_on_another(tmp_path: Path) -> None:
    """Same inputs, other rendering environment: the cached PDF is not replayed."""
    project = fixture_project(tmp_path / "p")
    assert f"PDF {EVAL}：已渲染" in built(project, tmp_path / "a")
    other = build_without_harfbuzz_subset(project, tmp_path / "b")
    assert f"PDF {EVAL}：已渲染" in other.stderr and f"PDF {EVAL}：输入未变，取自缓存" not in other.stderr
    assert f"PDF {EVAL}：输入未变，取自缓存" in built(project, tmp_path / "c")


def test_a_build_whose_generated_files_left_the_cache_writes_them_again(tmp_path: Path) -> None:
    """The pages come from the cache, the downloads and the PDF are made again from the data."""
    project = fixture_project(tmp_path / "p")
    built(project, tmp_path / "a")
    for entry in (project / ".cache" / "build").glob(f"{EVAL}--*"):
        shutil.rmtree(entry)
    built(project, tmp_path / "b")
    assert digests(tmp_path / "b").keys() == digests(tmp_path / "a").keys()
    assert coverage_score(tmp_path / "b") == "14.25"
    assert "14.25" in pdf_text(tmp_path / "b" / EVAL / f"{EVAL}.pdf")


def test_cache_clear_drops_every_cache_and_the_next_build_renders_anew(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "p")
    built(project, tmp_path / "a")
    info = run("jixiao", "--root", str(project), "cache", "info")
    assert info.returncode == 0, info.stderr
    assert "HarfBuzz-Subset：有" in info.stdout and "NotoSansCJK" in info.stdout
    cleared = run("jixiao", "--root", str(project), "cache", "clear")
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout.startswith("已删除 .cache/build/：")
    assert not (project / ".cache" / "build").exists()
    again = built(project, tmp_path / "b")
    assert f"PDF {EVAL}：已渲染" in again and f"PDF {EVAL}：输入未变，取自缓存" not in again
    assert coverage_score(tmp_path / "b") == "14.25"
    assert (tmp_path / "a" / EVAL / f"{EVAL}.pdf").read_bytes() == (tmp_path / "b" / EVAL / f"{EVAL}.pdf").read_bytes()


def test_editing_one_of_two_evaluations_recomputes_only_that_one(tmp_path: Path) -> None:
    """The build's record (its log) names what it computed; the other evaluation comes from the cache."""
    project = fixture_project(tmp_path / "p")
    other = "shuili-2024"
    for kind in ("scores", "content"):
        shutil.copytree(project / kind / EVAL, project / kind / other)
    site = tmp_path / "site"
    no_pdf = {"JIXIAO_PDF": "0"}
    first = built(project, site, no_pdf)
    assert f"jixiao：2 个评价重新计算（{EVAL}、{other}），0 个输入未变、取自缓存" in first
    assert "开放数据在完成步骤中生成" not in first  # written by the step that computed them

    facts = project / "scores" / other / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("value: 11400", "value: 11500"), encoding="utf-8")
    again = built(project, site, no_pdf)
    assert f"jixiao：1 个评价重新计算（{other}），1 个输入未变、取自缓存" in again
    assert (coverage_score(site, EVAL), coverage_score(site, other)) == ("14.25", "14.38")
    totals = [json.loads((site / i / "data" / f"{i}.json").read_text(encoding="utf-8"))["total"] for i in (EVAL, other)]
    assert totals == ["83.66", "83.79"]  # the open data follows the edit too
    # the catalogue is rebuilt from both parts: 83.66 as before, and 83.66 + (14.38 − 14.25) = 83.79
    home = (site / "index.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'class="jx-num">(\d+\.\d\d)</td>.*?<a href="(shuili-\d+)/">', home, re.S))
    assert rows == {"83.66": EVAL, "83.79": other}

    unchanged = built(project, site, no_pdf)
    assert "jixiao：0 个评价重新计算（无），2 个输入未变、取自缓存" in unchanged


def test_jixiao_pdf_0_builds_without_pdfs_and_without_links_to_them(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "p")
    site = tmp_path / "site"
    log = built(project, site, {"JIXIAO_PDF": "0"})
    assert "已渲染" not in log
    assert not list(site.rglob("*.pdf"))
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("index.html")]
    assert not any(".pdf" in text for text in pages)
    assert (site / EVAL / "data" / "appendix-1.csv").is_file() and (site / "SHA256SUMS").is_file()


def test_a_rebuild_hands_the_generator_only_the_edited_evaluation_and_publishes_what_a_cold_build_does(tmp_path: Path) -> None:
    """The unchanged evaluation's HTML comes from the cache; every page and the sitemap equal a build from nothing."""
    project = fixture_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://example.org/gongkai/\n", encoding="utf-8")
    other = "shuili-2024"
    for kind in ("scores", "content"):
        shutil.copytree(project / kind / EVAL, project / kind / other)
    no_pdf = {"JIXIAO_PDF": "0"}
    built(project, tmp_path / "first", no_pdf)
    facts = project / "scores" / other / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("value: 11400", "value: 11500"), encoding="utf-8")
    built(project, tmp_path / "rebuilt", no_pdf)

    rendered = yaml.safe_load((project / ".cache" / "render" / "mkdocs" / "mkdocs.yml").read_text(encoding="utf-8"))
    left_out = rendered["exclude_docs"].splitlines()
    assert "/*/" in left_out and f"!/{other}/" in left_out and f"!/{EVAL}/" not in left_out
    assert not any(EVAL in str(item) for item in rendered["nav"])

    shutil.rmtree(project / ".cache")
    built(project, tmp_path / "cold", no_pdf)
    pages = sorted(p.relative_to(tmp_path / "cold").as_posix() for p in (tmp_path / "cold").rglob("*.html"))
    assert any(p.startswith(f"{EVAL}/") for p in pages) and any(p.startswith(f"{other}/") for p in pages)
    for name in [*pages, "sitemap.xml"]:
        assert (tmp_path / "rebuilt" / name).read_bytes() == (tmp_path / "cold" / name).read_bytes(), name
    sitemap = (tmp_path / "rebuilt" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>https://example.org/gongkai/{EVAL}/</loc>" in sitemap and f"<loc>https://example.org/gongkai/{other}/</loc>" in sitemap
