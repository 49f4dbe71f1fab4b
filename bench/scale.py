"""How a build grows with the number of evaluations: time, memory and size at N = 1, 100, 1000.

For each N, ``bench/corpus.py`` writes a project (same seed, so the same evaluations), then:

* **build**: ``mkdocs build --strict`` with the hooks and ``JIXIAO_PDF=0`` (no PDFs), caches empty;
* **plain**: the same pages (bindings rendered beforehand, the generated catalogue pages and index
  included) built by MkDocs with the same theme and no hooks and no search plugin — the anchor;
* **rebuild**: the build again after one fact of one evaluation changed;
* **peak memory** of the build (the largest resident set of the build process and its workers);
* **site size** per evaluation, the reference evaluation's landing page and the home page, and the
  Pagefind index (``site/pagefind/``, which the build's finish step writes; it is part of "build").

Every build runs in a fresh process, once (``--runs`` for the best of several); the machine's other
load makes the times noisy. Prints one table.
Usage: ``.venv/bin/python bench/scale.py [--counts 1,100,1000] [--runs 1] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import REFERENCE, write_corpus  # the sibling script, importable once its folder is on the path

MKDOCS = Path(sys.executable).parent / "mkdocs"
ENV = {**os.environ, "JIXIAO_PDF": "0", "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def measured(command: list[str], cwd: Path) -> Run:
    """Wall time and peak resident memory of one command (its own process tree, via ``wait4``)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err.decode(errors='replace')[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def build(project: Path, config: Path, out: Path, runs: int, clear: bool) -> Run:
    """The best of ``runs`` builds; ``clear``: with ``.cache/`` removed before each."""
    best: Run | None = None
    for _ in range(runs):
        if clear:
            shutil.rmtree(project / ".cache", ignore_errors=True)
        run = measured([str(MKDOCS), "build", "--strict", "-q", "-f", str(config), "-d", str(out)], project)
        best = run if best is None or run.seconds < best.seconds else best
    assert best is not None
    return best


def plain_project(project: Path, work: Path) -> Path:
    """The corpus' pages as the hooks render them, in a hook-free, search-free copy of ``mkdocs.yml``."""
    from jixiao.site import FRONT_MATTER, Build, Options, edit_base

    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    docs = project / config.get("docs_dir", "docs")
    os.environ["JIXIAO_PDF"] = "0"  # the same page options as the measured build, so its cache answers
    editing = edit_base(config.get("repo_url"), config.get("edit_uri"), config.get("docs_dir", "docs"))
    result = Build.start(project, docs, Options(config.get("use_directory_urls", True), edit_base=editing, pdf=False))
    plain_docs = work / "docs"
    for path in docs.rglob("*"):
        src = path.relative_to(docs).as_posix()
        if path.is_dir() or src in result.pages or not result.publishes(src):
            continue
        dest = plain_docs / src
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
    for src, text in result.pages.items():
        dest = plain_docs / src
        dest.parent.mkdir(parents=True, exist_ok=True)
        original = (docs / src).read_text(encoding="utf-8") if (docs / src).is_file() else text
        front = FRONT_MATTER.match(original)
        if front and not FRONT_MATTER.match(text):  # the engine blanks the front matter lines; MkDocs needs them back
            text = front.group(0) + text.split("\n", front.group(0).count("\n"))[-1]
        dest.write_text(text, encoding="utf-8")
    config.pop("hooks", None)
    config.pop("watch", None)
    config["plugins"] = []
    config["docs_dir"] = str(plain_docs)
    theme = config.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str(project / theme["custom_dir"])
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


_AMOUNT = re.compile(r"^(?P<head>[^#\n:]+: \{value: )(?P<num>\d+\.\d\d)(?P<tail>, label)", re.MULTILINE)


def edit_one_fact(project: Path) -> str:
    """Add 0.01 元 to the first amount of the last evaluation (a typo corrected); return its id."""
    eval_id = sorted(p.name for p in (project / "scores").iterdir())[-1]
    facts = project / "scores" / eval_id / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    match = _AMOUNT.search(text)
    if match is None:
        raise SystemExit(f"{facts}: no amount to edit")
    edited = f"{match.group('head')}{Decimal(match.group('num')) + Decimal('0.01')}{match.group('tail')}"
    facts.write_text(text[: match.start()] + edited + text[match.end() :], encoding="utf-8")
    return eval_id


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


@dataclass(frozen=True)
class Row:
    count: int
    build: Run
    plain: Run
    rebuild: Run
    site_bytes: int
    landing: int
    home: int
    largest_page: int
    search_index: int


def measure(count: int, work: Path, runs: int) -> Row:
    project = work / f"n{count}"
    write_corpus(count, project)
    site = work / f"site-{count}"
    full = build(project, project / "mkdocs.yml", site, runs, clear=True)
    pages = [p for p in site.rglob("index.html") if p.parent.name != "mulu" and "mulu" not in p.parts]
    landing = (site / REFERENCE / "index.html").stat().st_size
    home = (site / "index.html").stat().st_size
    largest = max(p.stat().st_size for p in pages if p.parent != site)
    search = size(site / "pagefind")
    row_site = size(site)
    plain_config = plain_project(project, work / f"plain-{count}")
    plain = build(project, plain_config, work / f"plain-site-{count}", runs, clear=False)
    edit_one_fact(project)
    rebuild = build(project, project / "mkdocs.yml", site, 1, clear=False)
    return Row(count, full, plain, rebuild, row_site, landing, home, largest, search)


def table(rows: list[Row]) -> str:
    head = (
        "   N | build s | plain s | build/plain | rebuild s | rebuild/build | peak MB | site MB | MB/eval | "
        "landing KB | home KB | largest eval page KB | search index MB"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r.count:4d} | {r.build.seconds:7.1f} | {r.plain.seconds:7.1f} | {r.build.seconds / r.plain.seconds:11.2f} | "
            f"{r.rebuild.seconds:9.1f} | {r.rebuild.seconds / r.build.seconds:13.2f} | {r.build.peak_mb:7.0f} | "
            f"{r.site_bytes / 1e6:7.1f} | {r.site_bytes / 1e6 / r.count:7.2f} | {r.landing / 1e3:10.1f} | {r.home / 1e3:7.1f} | "
            f"{r.largest_page / 1e3:20.1f} | {r.search_index / 1e6:15.2f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="1,100,1000", help="comma-separated numbers of evaluations")
    parser.add_argument("--runs", type=int, default=1, help="best of this many builds (the rebuild runs once)")
    parser.add_argument("--keep", type=Path, help="write the corpora and sites here (kept) instead of a temporary folder")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="jixiao-scale-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for count in counts:
            rows.append(measure(count, work, args.runs))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
