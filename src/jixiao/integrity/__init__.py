"""Integrity checks for public disclosure, one module per check.

``narrative`` (typed figures vs data), ``names`` (name variants), ``arithmetic`` (sums, shares,
grades as typed), ``privacy`` (personal data), ``safety`` (script, third-party resources, files
outside the docs folder), ``templating`` (template code the sandbox refuses) and ``publication``
(the consent gate); ``checks`` composes them, ``published`` searches the finished site. ``jixiao check`` and the site build run the same functions: ``check_evaluation`` for an
evaluation's data and pages, ``check_pages`` for every page's HTML, ``check_narrative_file`` for
an imported hand-typed report.

The names below are imported on first use: the checks need the data model (pydantic), and a
build restored from ``.cache/build/`` runs only the search of the finished site.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "check_build": "checks",
    "check_evaluation": "checks",
    "check_narrative_file": "checks",
    "check_pages": "checks",
    "check_site": "published",
    "private_numbers": "privacy",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
