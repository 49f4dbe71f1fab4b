"""The publication gate (财监〔2021〕4号): no public page without both consents.

A third-party evaluation report may be published only once its 委托方 and the 同级财政部门
have agreed, or when its owner has already published it (``原文已公开``, with the URL).
``evaluation.publication`` records who agreed and when; without both, the evaluation builds
only in the draft preview (``jixiao preview``, ``mkdocs-drafts.yml``).
"""

from __future__ import annotations

from jixiao.data.model import Evaluation

PARTIES = ("委托方", "同级财政部门")


#: a record that the document's owner already published it: no consent is needed for what is public
ALREADY_PUBLIC = "原文已公开"


def missing_consents(evaluation: Evaluation) -> list[str]:
    """The parties whose consent is not recorded (none, for a document its owner already published)."""
    given = {c.party for c in evaluation.publication}
    if ALREADY_PUBLIC in given:
        return []
    return [p for p in PARTIES if p not in given]


def publishable(evaluation: Evaluation) -> bool:
    return not missing_consents(evaluation)
