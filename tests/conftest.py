"""Shared fixtures: the real CLI, a real MkDocs build, a local server and real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
BIN = Path(sys.executable).parent
REFERENCE = "lushui-yingji-2022"


# Tests commit to throw-away repositories (and mike commits editions): a fresh machine has no git
# identity, so one is given here for this process and every command it starts.
for _variable, _value in {
    "GIT_AUTHOR_NAME": "jixiao tests",
    "GIT_AUTHOR_EMAIL": "tests@jixiao.invalid",
    "GIT_COMMITTER_NAME": "jixiao tests",
    "GIT_COMMITTER_EMAIL": "tests@jixiao.invalid",
}.items():
    os.environ.setdefault(_variable, _value)


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` and return what it printed."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def run(*args: str, cwd: Path = ROOT, check: bool = False, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command of the installed project (``jixiao``, ``mkdocs``…) and capture its output; ``env`` adds variables."""
    exe = str(BIN / args[0]) if (BIN / args[0]).exists() else args[0]
    environ = {**os.environ, **env} if env else None
    return subprocess.run([exe, *args[1:]], cwd=cwd, capture_output=True, text=True, check=check, timeout=600, env=environ)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's real site, built once per test session with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("site")
    result = run("mkdocs", "build", "--strict", "-d", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    return out


@pytest.fixture(scope="session")
def xiangmu_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small 项目支出 fixture project (``tests/data/xiangmu``) built with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("xiangmu-site")
    result = run("mkdocs", "build", "--strict", "-f", str(DATA / "xiangmu" / "mkdocs.yml"), "-d", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the project (config, data, content, hooks) to break or change."""
    for name in ("mkdocs.yml", "mkdocs-drafts.yml", "scores", "content", "hooks"):
        src = ROOT / name
        if not src.exists():
            continue
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on localhost, as a static server would."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup --browser")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
