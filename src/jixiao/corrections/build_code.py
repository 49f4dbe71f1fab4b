"""Which files of a change are build code, so the PR comment can say so plainly.

A pull request that changes only ``scores/`` and ``content/`` changes data and prose, which every
check and the sandbox hold to what a page may do. One that changes the engine, the hooks, the
scripts, the workflows, the dependencies, or the parts of ``mkdocs.yml`` that load code (``hooks``,
``plugins``, ``markdown_extensions``, ``theme.custom_dir``, ``INHERIT``) runs its own code in CI and,
once merged, in every build: the reviewer must read it as code, line by line, not as content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: folders whose files are code (the engine, the MkDocs glue, scripts, CI, tests, benchmarks, theme overrides)
CODE_FOLDERS = ("src/", "hooks/", "scripts/", ".github/", ".ci/", "tests/", "bench/", "overrides/")
#: files that decide what code is installed
CODE_FILES = ("pyproject.toml", "constraints.txt")
#: the keys of a generator configuration that load code
CONFIG_KEYS = ("hooks", "plugins", "markdown_extensions", "INHERIT")


def is_config(path: str) -> bool:
    """A generator configuration at the project's top (``mkdocs.yml``, ``mkdocs-drafts.yml``)."""
    return "/" not in path and path.startswith("mkdocs") and path.endswith((".yml", ".yaml"))


def build_code_changes(files: list[str], old_root: Path, new_root: Path) -> list[str]:
    """The changed files that are build code, each as the comment shows it (a configuration with its keys)."""
    found = []
    for path in files:
        if path.startswith(CODE_FOLDERS) or path in CODE_FILES:
            found.append(f"`{path}`")
        elif is_config(path):
            keys = _changed_keys(old_root / path, new_root / path)
            if keys:
                found.append(f"`{path}`（{'、'.join(keys)}）")
    return found


class _AnyTags(yaml.SafeLoader):
    """Reads a configuration whatever its tags (``!!python/name:…``, ``!ENV``): as text, never run."""


def _as_text(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return f"{node.tag} {node.value}"
    if isinstance(node, yaml.SequenceNode):
        return [f"{node.tag}", *loader.construct_sequence(node, deep=True)]
    return {"tag": node.tag, **loader.construct_mapping(node, deep=True)}  # type: ignore[arg-type]


_AnyTags.add_multi_constructor("!", _as_text)
_AnyTags.add_multi_constructor("tag:", _as_text)


def _code_part(path: Path) -> dict[str, Any] | None:
    """What of a configuration loads code; ``None`` when the file cannot be read (then all of it counts)."""
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTags)  # a safe loader: it builds no objects
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return None
    if not isinstance(data, dict):
        return None
    part = {key: data.get(key) for key in CONFIG_KEYS}
    theme = data.get("theme")
    part["theme.custom_dir"] = theme.get("custom_dir") if isinstance(theme, dict) else None
    return part


def _changed_keys(old: Path, new: Path) -> list[str]:
    before, after = _code_part(old), _code_part(new)
    if before is None or after is None:
        return ["无法读取，按代码审阅"]
    return [key for key in after if before.get(key) != after.get(key)]
