"""How fast is the PDF? Cold seconds per PDF, the cache-hit time, pages and pages per second.

Usage: ``.venv/bin/python bench/pdf_render.py [--root .] [--runs 3]``. Renders every
evaluation of the project with an empty cache (in this process, one at a time, so the
figure is per PDF), then once more from the cache. Goal: at most 0.1 s per page, cold.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from jixiao.build.pdfs import cached_pdfs
from jixiao.build.start import start_project
from jixiao.config import ProjectConfig
from jixiao.outputs.pdf.document import assemble
from jixiao.outputs.pdf.render import render
from jixiao.outputs.pdf.settings import PdfSettings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--runs", type=int, default=3, help="cold renders per evaluation (the median is reported)")
    args = parser.parse_args()
    root = args.root.resolve()
    config = ProjectConfig.of(root)
    settings = PdfSettings.of(config)
    build = start_project(config, pdf=True)
    print(f"{'evaluation':<24}{'pages':>6}{'assemble s':>12}{'first s':>9}{'cold s':>9}{'s/page':>8}{'pages/s':>9}")
    for eval_id in sorted(build.sheets):
        started = time.perf_counter()
        job = assemble(build, eval_id, settings)
        assembled = time.perf_counter() - started
        first = render(job).seconds  # the first render in this process also loads the fonts
        cold = [render(job) for _ in range(args.runs)]
        seconds = statistics.median(r.seconds for r in cold)
        pages = cold[0].pages
        print(f"{eval_id:<24}{pages:>6}{assembled:>12.2f}{first:>9.2f}{seconds:>9.2f}{seconds / pages:>8.3f}{pages / seconds:>9.1f}")
    cached_pdfs(build, settings, sorted(build.sheets))  # fill .cache/pdf/ if it is not
    started = time.perf_counter()
    done = cached_pdfs(build, settings, sorted(build.sheets))  # a rebuild's PDF step with nothing changed: key, find
    hit = time.perf_counter() - started
    assert not any(p.rendered for p in done.values())
    print(f"cache hit (all {len(done)} evaluations, nothing rendered): {hit:.2f} s")


if __name__ == "__main__":
    main()
