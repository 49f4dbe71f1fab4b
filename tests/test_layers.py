"""The engine's structure is its documentation: stages layered, no import cycle, no module too long to read,
and no document or docstring naming a module that does not exist.

A newcomer reads the folder tree (ARCHITECTURE.md draws it) to learn the pipeline; these tests fail
when the code stops matching what the tree and the documents say.
"""

from __future__ import annotations

import ast
import importlib.util
import re

import grimp
import pytest
from conftest import ROOT, run

PACKAGE = ROOT / "src" / "jixiao"
#: a module longer than this is doing more than one job
MAX_LINES = 450


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """Every import of the engine, those inside functions and under ``TYPE_CHECKING`` included."""
    return grimp.build_graph("jixiao", cache_dir=None)


def test_the_stages_keep_their_layers() -> None:
    result = run("lint-imports", "--no-cache", cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_no_module_imports_itself_through_others(graph: grimp.ImportGraph) -> None:
    cycles = [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert cycles == []


def test_no_module_is_too_long_to_read() -> None:
    lengths = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def _exists(dotted: str) -> bool:
    """A module of the package, or a name one of its modules defines (``jixiao.build.start.start``)."""
    parts = dotted.split(".")
    found: object = importlib.import_module(parts[0])
    for i, part in enumerate(parts[1:], 2):
        if hasattr(found, part):
            found = getattr(found, part)
        elif hasattr(found, "__path__") and importlib.util.find_spec(".".join(parts[:i])) is not None:
            found = importlib.import_module(".".join(parts[:i]))
        else:
            return False
    return True


def _mentions() -> list[tuple[str, str]]:
    """(where, dotted name) for every module of the package a document or docstring names."""
    texts = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "README.md", ROOT / "ARCHITECTURE.md")}
    for path in [*PACKAGE.rglob("*.py"), ROOT / "hooks" / "mkdocs_hooks.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = [ast.get_docstring(node) for node in ast.walk(tree) if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)]
        texts[path.relative_to(ROOT).as_posix()] = "\n".join(d for d in docs if d)
    stages = "|".join(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    patterns = [  # jixiao.build.start, src/jixiao/build/start.py, ``build.start``, `build/start.py`
        (re.compile(r"\bjixiao((?:\.[a-z_][a-z0-9_]*)+)"), "."),
        (re.compile(r"src/jixiao/([a-z_/]+)\.py"), "/"),
        (re.compile(rf"``((?:{stages})(?:\.[a-z_][a-z0-9_]*)+)``"), "."),
        (re.compile(rf"`((?:{stages})(?:/[a-z_][a-z0-9_]*)+)\.py`"), "/"),
    ]
    found = []
    for where, text in texts.items():
        for pattern, separator in patterns:
            for match in pattern.finditer(text):
                found.append((where, "jixiao." + match.group(1).strip(".").replace(separator, ".")))
    return found


def test_documents_and_docstrings_name_only_modules_that_exist() -> None:
    mentions = _mentions()
    assert len(mentions) > 20  # the documents do name modules: the test reads them
    assert [(where, name) for where, name in mentions if not _exists(name)] == []


def test_every_folder_of_the_package_is_in_the_architecture_picture() -> None:
    picture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    folders = sorted(p.parent.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("__init__.py") if p.parent != PACKAGE)
    assert [f for f in folders if f"{f.rsplit('/', 1)[-1]}/" not in picture] == []
