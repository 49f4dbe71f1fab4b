"""Bytes a reader downloads for a first search, measured in Chromium from its request log.

Serves a built site (``scripts/build``, or ``jixiao finish`` of a generator's output) on
127.0.0.1 with a plain static server (no compression: Pagefind's index files are compressed
already, its scripts would shrink further behind a compressing server), opens the search page
in a fresh browser (empty cache) for each query, and sums the bytes of every response:

* **page**: the search page with everything it loads before a word is typed (HTML, theme,
  Pagefind's UI script and style);
* **query**: everything fetched from typing the query until its results are shown (Pagefind's
  search script, its WebAssembly, the index metadata, the index chunks and the result fragments).

Goal (issue 11): a first query at 1,000 evaluations transfers at most 300 KB.
Usage: ``.venv/bin/python bench/search_transfer.py SITE [--query 应急物资 --query …]``
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
QUERIES = ("应急物资", "满意度", "预算执行率")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def transferred(requests: list) -> int:
    """Bytes on the wire for finished requests: response headers and bodies."""
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseHeadersSize"] + sizes["responseBodySize"]
    return total


def measure(browser, url: str, query: str, verbose: bool = False) -> tuple[int, int, int, int]:
    """(page bytes, query bytes, query requests, results shown) for one query in a fresh context."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    finished: list = []
    ctx.on("requestfinished", lambda request: finished.append(request))
    page = ctx.new_page()
    page.goto(f"{url}/search/")
    page.wait_for_load_state("networkidle")
    before = len(finished)
    page.locator("#jx-search input.pagefind-ui__search-input").fill(query)
    page.locator(".pagefind-ui__result").first.wait_for(timeout=60000)
    page.wait_for_load_state("networkidle")
    results = page.locator(".pagefind-ui__result").count()
    page_bytes, query_bytes = transferred(finished[:before]), transferred(finished[before:])
    count = len(finished) - before
    if verbose:
        for request in finished[before:]:
            print(f"    {transferred([request]) / 1024:8.1f} KB  {request.url.removeprefix(url)}")
    ctx.close()
    return page_bytes, query_bytes, count, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built and finished site (with pagefind/)")
    parser.add_argument("--query", action="append", help="a query (repeatable); default: " + "、".join(QUERIES))
    parser.add_argument("--verbose", action="store_true", help="list every file a query fetched")
    args = parser.parse_args()
    site = args.site.resolve()
    if not (site / "pagefind" / "pagefind-entry.json").is_file():
        parser.error(f"{site} has no Pagefind index: build it with scripts/build (or run jixiao finish)")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    pages = sum(1 for _ in site.rglob("index.html"))
    index = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    print(f"site: {site}  ({pages} pages; pagefind/ {index / 1024:.0f} KB on disk)")
    print(f"{'query':<12}{'page KB':>10}{'query KB':>10}{'requests':>10}{'results':>9}")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
            for query in args.query or QUERIES:
                page_bytes, query_bytes, count, results = measure(browser, url, query, args.verbose)
                print(f"{query:<12}{page_bytes / 1024:>10.1f}{query_bytes / 1024:>10.1f}{count:>10}{results:>9}")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
