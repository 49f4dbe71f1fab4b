"""The pages outside every evaluation: the home page's catalogue, the corrections, search, the catalogue pages.

They show what every evaluation's part holds (its catalogue row, its corrections), never a score
sheet, so a build that restored every part from the cache renders them without loading any
evaluation; they are kept under a key of their own files and every part's key (``build.cache``).
"""

from __future__ import annotations

from functools import partial

from jixiao.build.cache import SitePart
from jixiao.build.catalogue import INDEX, Entry, Links, catalogue_html, index_json, ordered, pages
from jixiao.build.search import search_box
from jixiao.build.state import BuildState
from jixiao.build.urls import display, url_dir
from jixiao.errors import Collector, DataError
from jixiao.integrity.checks import check_pages
from jixiao.integrity.templating import SITE_FUNCTIONS
from jixiao.presentation.bindings import SiteBinder
from jixiao.presentation.page_source import without_front_matter
from jixiao.presentation.record import Correction, corrections_markdown


def catalogue_entries(state: BuildState) -> list[Entry]:
    """Every published evaluation as the catalogue lists it (rows kept in each evaluation's part)."""
    return ordered([Entry(**state.parts[i].entry) for i in state.sheets])


def corrections(state: BuildState) -> str:
    """Every 更正 and 修订 of the evaluations this build publishes (``{{ corrections() }}``)."""
    rows = [Correction(**c) for i in state.sheets for c in state.parts[i].corrections]
    links = {i: f"{i}/index.md" for i in state.sheets if f"{i}/index.md" in state.pages}
    return corrections_markdown(rows, links)


def site_binder(state: BuildState, src: str) -> SiteBinder:
    """A page outside the evaluations: the catalogue, the corrections, the search box."""
    links = Links(url_dir(src, state.options), state.options.directory_urls)
    functions = {
        "catalogue": lambda: catalogue_html(catalogue_entries(state), links),
        "corrections": partial(corrections, state),
        "search_box": partial(search_box, url_dir(src, state.options)),
    }
    assert tuple(functions) == SITE_FUNCTIONS  # what `jixiao check` allows on these pages
    return SiteBinder(functions)


def compute_site(state: BuildState) -> SitePart:
    """The pages outside every published evaluation's folder, bound to the parts; and their checks."""
    problems = Collector()
    rendered = {}
    paths = [p for p in sorted(state.docs_dir.rglob("*.md")) if not state.in_evaluation(p.relative_to(state.docs_dir).as_posix())]
    for path in paths:
        src = path.relative_to(state.docs_dir).as_posix()
        if not state.publishes(src):
            continue
        try:
            text = without_front_matter(path.read_text(encoding="utf-8"))
            rendered[src] = site_binder(state, src).render(text, display(state.root, state.docs_dir, src), html=True)
        except DataError as exc:
            problems.extend(exc.findings)
    problems.raise_if_errors()
    items = catalogue_entries(state)  # generated: mulu/… and the script's index file
    rendered.update({**pages(items, state.options.directory_urls), INDEX: index_json(items)})
    warnings = []
    for finding in check_pages(state.root, state.docs_dir, state.sheets, paths):
        if finding.severity == "warning":
            warnings.append(finding)
        else:
            problems.add(finding)
    problems.raise_if_errors()
    return SitePart(rendered, warnings)
