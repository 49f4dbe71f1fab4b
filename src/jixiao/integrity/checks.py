"""The checks a build and ``jixiao check`` run, composed from the one-check modules.

``check_evaluation`` for an evaluation's data and pages, ``check_pages`` for every page's HTML,
``check_narrative_file`` for an imported hand-typed report, ``check_build`` for all of a site.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from jixiao.data.publication import publishable
from jixiao.errors import Finding
from jixiao.integrity.arithmetic import check_arithmetic
from jixiao.integrity.document import Document
from jixiao.integrity.names import check_names
from jixiao.integrity.narrative import check_narrative
from jixiao.integrity.placeholders import check_placeholders
from jixiao.integrity.printed import check_printed
from jixiao.integrity.privacy import check_data, check_document, public_numbers
from jixiao.integrity.publication import check_publication
from jixiao.integrity.review import check_review
from jixiao.integrity.safety import check_safety
from jixiao.integrity.templating import PAGE_EXTRAS, binding_names, check_data_templates, check_page_template, site_bindings
from jixiao.scoring.score_sheet import ScoreSheet


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.line or 0))


def evaluation_pages(sheet: ScoreSheet, root: Path, docs_dir: Path) -> list[Document]:
    """The Markdown pages of ``content/<id>/``."""
    folder = docs_dir / sheet.id
    return [Document.read(p, _display(p, root)) for p in sorted(folder.rglob("*.md"))] if folder.is_dir() else []


def data_documents(sheet: ScoreSheet, root: Path) -> list[Document]:
    """The evaluation's data files as text, so names typed in text fields are checked at their line."""
    return [
        Document.read(p, _display(p, root))
        for p in sorted(sheet.loaded.folder.iterdir())
        if p.is_file() and p.suffix in (".yaml", ".yml", ".csv")
    ]


def check_evaluation(sheet: ScoreSheet, root: Path, docs_dir: Path) -> list[Finding]:
    """Names, typed figures, arithmetic and personal data of one evaluation's data and pages, and a page
    for the 复核差异 a printed total needs; template text too, once the evaluation is published."""
    pages = evaluation_pages(sheet, root, docs_dir)
    findings = check_names(sheet, [*data_documents(sheet, root), *pages])
    allowed = public_numbers(sheet)
    for doc in pages:
        findings += check_narrative(sheet, doc, bound=True)
        findings += check_printed(sheet, doc)
        findings += check_arithmetic(doc, sheet)
        findings += check_document(doc, allowed)
    findings += check_data(sheet)
    findings += check_data_templates(sheet)
    findings += check_publication(sheet)
    findings += check_review(sheet, [(doc.display, doc.text) for doc in pages])
    if publishable(sheet.evaluation):
        findings += check_placeholders([*data_documents(sheet, root), *pages])
    return _sorted(findings)


def check_pages(root: Path, docs_dir: Path, sheets: Mapping[str, ScoreSheet], paths: Iterable[Path] | None = None) -> list[Finding]:
    """Unsafe HTML and refused template code on every page (or on ``paths``); personal data on pages
    outside the folders of ``sheets``.

    The template check of an evaluation's page needs its data (the names it may call): a page
    of an evaluation whose data does not load is left to the data errors. A build checks each
    evaluation's pages with that evaluation and the other pages once, so the checks of an
    unchanged evaluation are kept with its cached part.
    """
    findings = []
    for path in sorted(docs_dir.rglob("*.md") if paths is None else paths):
        doc = Document.read(path, _display(path, root))
        src = path.relative_to(docs_dir)
        findings += check_safety(doc, len(src.parts) - 1)
        head = src.parts[0] if len(src.parts) > 1 else None
        if head in sheets:
            findings += check_page_template(doc, binding_names(sheets[head]) | PAGE_EXTRAS)
        elif head is None or not (root / "scores" / head).is_dir():
            findings += check_page_template(doc, *site_bindings())
        if path.parent == docs_dir or head not in sheets:
            findings += check_document(doc, set())
    return _sorted(findings)


def check_narrative_file(sheet: ScoreSheet, path: Path, root: Path) -> list[Finding]:
    """An imported hand-typed report (``--narrative``): every slip with its line.

    Agreement with data is silent (the file is not a page of the site); personal data is a
    warning, since the file is not published as it is.
    """
    doc = Document.read(path, _display(path, root))
    findings = check_names(sheet, [doc])
    findings += check_narrative(sheet, doc, bound=False)
    findings += check_arithmetic(doc, sheet)
    findings += check_document(doc, public_numbers(sheet), "warning")
    findings += check_safety(doc)
    return _sorted(findings)


def check_build(root: Path, docs_dir: Path, sheets: dict[str, ScoreSheet]) -> list[Finding]:
    """Everything a site build checks: every page's HTML and each published evaluation."""
    findings = check_pages(root, docs_dir, sheets)
    for sheet in sheets.values():
        findings += check_evaluation(sheet, root, docs_dir)
    return findings
