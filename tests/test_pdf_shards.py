"""``jixiao pdf --all --shard I/N``: separate machines render disjoint parts; the site build renders none again.

This is what the CI workflow does with a matrix of jobs: each shard fills its own ``.cache/pdf/``,
the folders are merged, and ``mkdocs build`` takes every PDF from the merged cache.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REFERENCE, run
from test_pdf import SMALL, small_project


def test_two_shards_render_each_pdf_once_and_the_build_takes_them_from_the_cache(tmp_path: Path) -> None:
    shards, counts = [], []
    for i in (1, 2):
        project = small_project(tmp_path / f"shard{i}")
        result = run("jixiao", "--root", str(project), "pdf", "--all", "--shard", f"{i}/2", "-o", str(tmp_path / f"out{i}"))
        assert result.returncode == 0, result.stderr
        assert f"分片 {i}/2：" in result.stdout and "取自缓存" in result.stdout
        counts.append(len(list((tmp_path / f"out{i}").glob("*/*.pdf"))) if (tmp_path / f"out{i}").exists() else 0)
        shards.append(project)
    # each evaluation's PDF is rendered by exactly one shard
    made = sorted(p.name for i in (1, 2) for p in (tmp_path / f"out{i}").glob("*/*.pdf"))
    # the project's two evaluations (the reference and the 廊坊 自评表) and the small fixture's
    assert made == sorted(["langfang-nuantong-2019.pdf", f"{REFERENCE}.pdf", f"{SMALL}.pdf"]) and sum(counts) == 3
    assert all(pdf.read_bytes()[:5] == b"%PDF-" for i in (1, 2) for pdf in (tmp_path / f"out{i}").glob("*/*.pdf"))

    site_project = small_project(tmp_path / "assemble")
    for project in shards:
        shutil.copytree(project / ".cache" / "pdf", site_project / ".cache" / "pdf", dirs_exist_ok=True)
    result = run("mkdocs", "build", "--strict", "-d", str(tmp_path / "site"), cwd=site_project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "已渲染" not in result.stderr
    for eval_id in (REFERENCE, SMALL):
        assert f"PDF {eval_id}：输入未变，取自缓存" in result.stderr
        pdf = tmp_path / "site" / eval_id / f"{eval_id}.pdf"
        shard_copy = next(tmp_path / f"out{i}" / eval_id / f"{eval_id}.pdf" for i in (1, 2) if (tmp_path / f"out{i}" / eval_id).is_dir())
        assert pdf.read_bytes() == shard_copy.read_bytes()


def test_a_shard_outside_its_count_is_refused(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    result = run("jixiao", "--root", str(project), "pdf", "--all", "--shard", "3/2")
    assert result.returncode == 1
    assert "分片“3/2”无效" in result.stderr and "Traceback" not in result.stderr
