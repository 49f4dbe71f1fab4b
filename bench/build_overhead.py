"""How much the jixiao hooks add to a site build.

Builds the real project three ways, each best of 3 (after one warm-up build that fills the
caches, so every timed build is a rebuild as an editor experiences it):

* **with hooks**: ``mkdocs build`` of the project as it is (load, score, render, open data, PDFs),
  inputs unchanged since the last build, so ``.cache/build/`` has every result;
* **with hooks, build cache cleared**: the same with ``.cache/build/`` removed before each build,
  so everything is computed again (the PDF cache is kept: rendering a PDF takes seconds and
  is measured by ``bench/pdf_render.py``); this is the cost of a rebuild after a data edit;
* **plain**: the same pages as ``jixiao render`` writes them (bindings resolved, configuration
  without hooks and without search), built by MkDocs alone.

Prints the times and the ratios. Goal: the hooks add at most 25 %.
Usage: ``.venv/bin/python bench/build_overhead.py [--root .] [--runs 3]``
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jixiao.build.project import write_project
from jixiao.build.start import start_project
from jixiao.config import ProjectConfig

MKDOCS = Path(sys.executable).parent / "mkdocs"


def build_seconds(config: Path, out: Path) -> float:
    """Wall time of one ``mkdocs build`` in a fresh process (startup included, as for a user)."""
    start = time.perf_counter()
    subprocess.run([str(MKDOCS), "build", "-q", "-f", str(config), "-d", str(out)], check=True, capture_output=True)
    return time.perf_counter() - start


def best(config: Path, out: Path, runs: int) -> float:
    return min(build_seconds(config, out) for _ in range(runs))


def best_uncached(config: Path, out: Path, runs: int, root: Path) -> float:
    """Best of ``runs`` builds, each after removing the build cache (it is refilled by the build)."""
    times = []
    for _ in range(runs):
        shutil.rmtree(root / ".cache" / "build", ignore_errors=True)
        times.append(build_seconds(config, out))
    return min(times)


def plain_project(root: Path, work: Path) -> Path:
    """The project as ``jixiao render`` writes it (bindings resolved, no hooks, no search); returns its config."""
    config = ProjectConfig.of(root)
    return write_project(start_project(config), work / "rendered", config).config_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = args.root.resolve()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        work = Path(tmp)
        real_config = root / "mkdocs.yml"
        cold = build_seconds(real_config, work / "site-hooks")
        hooks = best(real_config, work / "site-hooks", args.runs)
        uncached = best_uncached(real_config, work / "site-hooks", args.runs, root)
        plain_config = plain_project(root, work)
        build_seconds(plain_config, work / "site-plain")
        plain = best(plain_config, work / "site-plain", args.runs)
    print(f"with hooks (first build, caches as found):        {cold:6.2f} s")
    print(f"with hooks (best of {args.runs}):                       {hooks:6.2f} s")
    print(f"with hooks, build cache cleared (best of {args.runs}):  {uncached:6.2f} s")
    print(f"plain pre-rendered Markdown (best of {args.runs}):      {plain:6.2f} s")
    print(f"ratio hooks / plain: {hooks / plain:.2f}  (hooks add {100 * (hooks / plain - 1):.0f} %; goal ≤ 25 %)")
    print(f"ratio hooks, build cache cleared / plain: {uncached / plain:.2f}  (hooks add {100 * (uncached / plain - 1):.0f} %)")


if __name__ == "__main__":
    main()
