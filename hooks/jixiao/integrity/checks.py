"""The checks a build and ``jixiao check`` run, composed from the one-check modules.

``check_evaluation`` for an evaluation's data and pages, ``check_pages`` for every page's HTML,
``check_narrative_file`` for an imported hand-typed report, ``check_build`` for all of a site.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from pathlib import Path

from ..errors import Finding
from ..score import ScoreSheet
from .arithmetic import check_arithmetic
from .document import Document
from .names import check_names
from .narrative import check_narrative
from .privacy import check_data, check_document, public_numbers
from .publication import check_publication
from .safety import check_safety


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
    """Names, typed figures, arithmetic and personal data of one evaluation's data and pages."""
    pages = evaluation_pages(sheet, root, docs_dir)
    findings = check_names(sheet, [*data_documents(sheet, root), *pages])
    allowed = public_numbers(sheet)
    for doc in pages:
        findings += check_narrative(sheet, doc, bound=True)
        findings += check_arithmetic(doc, sheet)
        findings += check_document(doc, allowed)
    findings += check_data(sheet)
    findings += check_publication(sheet)
    return _sorted(findings)


def check_pages(root: Path, docs_dir: Path, sheets: Container[str], paths: Iterable[Path] | None = None) -> list[Finding]:
    """Unsafe HTML on every page (or on ``paths``); personal data on pages outside the folders of ``sheets``.

    A build checks each evaluation's pages with that evaluation and the other pages once, so
    the checks of an unchanged evaluation are kept with its cached part.
    """
    findings = []
    for path in sorted(docs_dir.rglob("*.md") if paths is None else paths):
        doc = Document.read(path, _display(path, root))
        findings += check_safety(doc)
        if path.parent == docs_dir or path.relative_to(docs_dir).parts[0] not in sheets:
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
