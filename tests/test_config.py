"""One project configuration: ``mkdocs.yml`` read as MkDocs reads it (``INHERIT``, ``!ENV``), by every command.

The proof that the hooks, the CLI and the PDF read it alike is a cache hit: a PDF rendered by
``mkdocs build`` is the one ``jixiao pdf`` and ``jixiao render`` + ``finish`` take from the cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run
from test_buildcache import EVAL, built, fixture_project

from jixiao.config import ProjectConfig
from jixiao.errors import DataError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_env_values_come_from_the_environment_or_their_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(
        tmp_path / "mkdocs.yml", "site_url: !ENV [JIXIAO_TEST_SITE_URL, 'https://default.example/']\nstrict: !ENV JIXIAO_TEST_STRICT\n"
    )
    monkeypatch.delenv("JIXIAO_TEST_SITE_URL", raising=False)
    monkeypatch.delenv("JIXIAO_TEST_STRICT", raising=False)
    assert ProjectConfig.read(config).site_url == "https://default.example/"
    assert ProjectConfig.read(config).strict is False
    monkeypatch.setenv("JIXIAO_TEST_SITE_URL", "https://jixiao.example.gov.cn/")
    monkeypatch.setenv("JIXIAO_TEST_STRICT", "true")
    assert ProjectConfig.read(config).site_url == "https://jixiao.example.gov.cn/"
    assert ProjectConfig.read(config).strict is True


def test_a_child_configuration_inherits_its_parent_key_by_key(tmp_path: Path) -> None:
    write(
        tmp_path / "mkdocs.yml",
        "docs_dir: content\nuse_directory_urls: false\nextra: {version: {provider: mike}}\n"
        "markdown_extensions:\n  - jixiao.presentation.cjk\n  - toc: {permalink: true}\n",
    )
    drafts = ProjectConfig.read(
        write(tmp_path / "drafts.yml", "INHERIT: mkdocs.yml\nsite_dir: site-drafts\nextra: {jixiao: {drafts: true}}\n")
    )
    assert drafts.docs_dir == tmp_path.resolve() / "content"
    assert drafts.data["extra"] == {"version": {"provider": "mike"}, "jixiao": {"drafts": True}}
    assert drafts.markdown_extensions == (["jixiao.presentation.cjk", "toc"], {"toc": {"permalink": True}})
    options = drafts.options(pdf=False)
    assert (options.drafts, options.directory_urls, options.pdf) == (True, False, False)


def test_python_tags_are_read_as_text_not_run(tmp_path: Path) -> None:
    config = write(
        tmp_path / "mkdocs.yml",
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:os.system\n",
    )
    names, settings = ProjectConfig.read(config).markdown_extensions
    assert names == ["pymdownx.emoji"] and isinstance(settings["pymdownx.emoji"]["emoji_index"], str)


def test_a_broken_configuration_is_a_finding_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        ProjectConfig.read(write(tmp_path / "mkdocs.yml", "site_name: [unclosed\n"))
    assert caught.value.findings[0].file == "mkdocs.yml" and "无法读取配置" in caught.value.findings[0].message


def test_the_hooks_render_cli_and_pdf_command_key_the_same_pdf(tmp_path: Path) -> None:
    project = fixture_project(tmp_path / "p")
    assert f"PDF {EVAL}：已渲染" in built(project, tmp_path / "site")
    one = run("jixiao", "--root", str(project), "pdf", EVAL, "-o", str(tmp_path / "one.pdf"))
    assert one.returncode == 0, one.stderr
    assert "输入未变，取自缓存" in one.stdout
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "site" / EVAL / f"{EVAL}.pdf").read_bytes()
    rendered = run("jixiao", "--root", str(project), "render", "--out", str(tmp_path / "r"))
    assert rendered.returncode == 0, rendered.stderr
    assert run("mkdocs", "build", "-q", "-f", str(tmp_path / "r" / "mkdocs.yml"), "-d", str(tmp_path / "s2")).returncode == 0
    finished = run("jixiao", "--root", str(project), "finish", str(tmp_path / "s2"))
    assert finished.returncode == 0, finished.stderr
    assert f"PDF {EVAL}：输入未变，取自缓存" in finished.stderr
