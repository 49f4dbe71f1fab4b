"""``bench/corpus.py``: a project of many varied evaluations that checks and builds.

The benchmarks' figures mean something only if the corpus is like real publications:
several types, years, bodies, commissioners and grades, and every evaluation valid.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BIN, REFERENCE, ROOT, run

CORPUS = ROOT / "bench" / "corpus.py"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "project"
    result = run(sys.executable, str(CORPUS), "--count", "5", "--out", str(out), "--seed", "7")
    assert result.returncode == 0, result.stderr
    return out


def scored(root: Path, eval_id: str) -> dict:
    result = run("jixiao", "--root", str(root), "score", eval_id, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_corpus_passes_check_with_no_error(corpus: Path) -> None:
    result = run("jixiao", "--root", str(corpus), "check")
    assert result.returncode == 0, result.stderr
    assert "检查了 5 个评价：0 个错误" in result.stdout + result.stderr


def test_the_evaluations_differ_as_real_ones_do(corpus: Path) -> None:
    ids = sorted(p.name for p in (corpus / "scores").iterdir())
    assert len(ids) == 5 and REFERENCE in ids
    sheets = [scored(corpus, i) for i in ids]
    metas = [yaml.safe_load((corpus / "scores" / i / "evaluation.yaml").read_text(encoding="utf-8")) for i in ids]
    assert {m["type"] for m in metas} == {"部门整体支出", "项目支出", "自评"}
    assert len({m["evaluated_body"] for m in metas}) == 5
    assert len({m["year"] for m in metas}) >= 3
    assert len({s["grade"] for s in sheets}) >= 3
    assert len({m["commissioner"] for m in metas}) >= 3


def test_the_same_seed_writes_the_same_corpus(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run(sys.executable, str(CORPUS), "--count", "5", "--out", str(again), "--seed", "7").returncode == 0
    files = sorted(p.relative_to(corpus) for p in (corpus / "scores").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in (again / "scores").rglob("*") if p.is_file())
    assert all((corpus / f).read_bytes() == (again / f).read_bytes() for f in files)


def build(project: Path) -> Path:
    """``mkdocs build --strict`` of a corpus project without PDFs; the site folder."""
    site = project / "site"
    command = [str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "JIXIAO_PDF": "0"}, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def test_the_corpus_builds_strict_with_every_evaluation_in_the_catalogue(corpus: Path) -> None:
    site = build(corpus)
    home = (site / "index.html").read_text(encoding="utf-8")
    for eval_dir in (corpus / "scores").iterdir():
        assert (site / eval_dir.name / "index.html").is_file()
    assert "共公开 <strong>5</strong> 份评价报告" in home
    assert not list(site.rglob("*.pdf")), "JIXIAO_PDF=0 builds no PDF"
    assert ".pdf" not in (site / REFERENCE / "index.html").read_text(encoding="utf-8"), "and links none"


def test_an_evaluations_pages_do_not_grow_with_the_others(corpus: Path, tmp_path: Path) -> None:
    """The reference's pages in a site of 5 evaluations are the size they are in a site of 1 (±5 %: titles in the footer)."""
    alone = tmp_path / "alone"
    assert run(sys.executable, str(CORPUS), "--count", "1", "--out", str(alone)).returncode == 0
    one, five = build(alone), corpus / "site"
    if not (five / REFERENCE).is_dir():
        five = build(corpus)
    pages = sorted(p.relative_to(one) for p in (one / REFERENCE).rglob("index.html"))
    assert len(pages) == 14
    for page in pages:
        assert (five / page).stat().st_size <= 1.05 * (one / page).stat().st_size, page
