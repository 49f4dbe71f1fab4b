"""How a build grows with the number of evaluations: time, memory and size at N = 1, 100, 1000.

For each N, ``bench/corpus.py`` writes a project (same seed, so the same evaluations), then:

* **build**: ``mkdocs build --strict`` with the hooks and ``JIXIAO_PDF=0`` (no PDFs), caches empty —
  everything computed: data loaded, scored, checked, rendered, the open data written, the pages
  built by MkDocs, the Pagefind index;
* **warm**: the same build again with nothing changed (what CI does with its cache restored);
* **rebuild**: the build after one fact of one evaluation changed (a reviewer's correction);
* **plain**: the anchor — the same pages (the rendered project the cold build handed MkDocs, every
  binding resolved, catalogue pages included) built by plain ``mkdocs build``: no hooks, no search;
* **peak memory** of the cold build (the largest resident set of the build or any process it ran:
  its workers, Pagefind);
* **sizes**: the site per evaluation, the reference evaluation's landing page, the home page, the
  largest evaluation page and the Pagefind index.

Every build runs in a fresh process, once (``--runs`` for the best of several); other load on the
machine makes the times noisy. Prints one table.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import REFERENCE, write_corpus  # the sibling script, importable once its folder is on the path

MKDOCS = Path(sys.executable).parent / "mkdocs"
ENV = {**os.environ, "JIXIAO_PDF": "0", "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def measured(command: list[str], cwd: Path) -> Run:
    """Wall time and peak resident memory of one command and every process under it (``wait4``)."""
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
    warm: Run
    rebuild: Run
    plain: Run
    site_bytes: int
    landing: int
    home: int
    largest_page: int
    search_index: int


def measure(count: int, work: Path, runs: int) -> Row:
    project = work / f"n{count}"
    if not project.is_dir():
        write_corpus(count, project)
    site = work / f"site-{count}"
    full = build(project, project / "mkdocs.yml", site, runs, clear=True)
    plain_project = work / f"plain-{count}"  # the cold build hands MkDocs every page: the anchor builds the same
    shutil.rmtree(plain_project, ignore_errors=True)
    shutil.copytree(project / ".cache" / "render" / "mkdocs", plain_project)
    pages = [p for p in site.rglob("index.html") if p.parent != site and "mulu" not in p.parts]
    landing = (site / REFERENCE / "index.html").stat().st_size
    home = (site / "index.html").stat().st_size
    largest = max(p.stat().st_size for p in pages)
    search = size(site / "pagefind")
    site_bytes = size(site)
    warm = build(project, project / "mkdocs.yml", site, runs, clear=False)
    edit_one_fact(project)
    rebuild = build(project, project / "mkdocs.yml", site, 1, clear=False)
    plain = build(plain_project, plain_project / "mkdocs.yml", work / f"plain-site-{count}", runs, clear=False)
    return Row(count, full, warm, rebuild, plain, site_bytes, landing, home, largest, search)


def table(rows: list[Row]) -> str:
    head = (
        "| N | build s | warm s | rebuild s | plain s | build/plain | warm/plain | rebuild/build | peak MB | site MB | "
        "MB/eval | landing KB | home KB | largest eval page KB | Pagefind MB |"
    )
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in rows:
        lines.append(
            f"| {r.count} | {r.build.seconds:.1f} | {r.warm.seconds:.1f} | {r.rebuild.seconds:.1f} | {r.plain.seconds:.1f} | "
            f"{r.build.seconds / r.plain.seconds:.2f} | {r.warm.seconds / r.plain.seconds:.2f} | {r.rebuild.seconds / r.build.seconds:.2f} | "
            f"{r.build.peak_mb:.0f} | {r.site_bytes / 1e6:.1f} | {r.site_bytes / 1e6 / r.count:.2f} | {r.landing / 1e3:.1f} | "
            f"{r.home / 1e3:.1f} | {r.largest_page / 1e3:.1f} | {r.search_index / 1e6:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="1,100,1000", help="comma-separated numbers of evaluations")
    parser.add_argument("--runs", type=int, default=1, help="best of this many builds (the rebuild runs once)")
    parser.add_argument("--keep", type=Path, help="write the corpora and sites here (kept, and reused) instead of a temporary folder")
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
