"""Withdrawn evaluations: the record that a published report was taken off the site, and why.

A published report is cited; taking it down is a decision a reader must be able to see, like a
correction. When an evaluation's folder is deleted there is no ``evaluation.yaml`` left to hold that
decision, so withdrawals live in one file beside the evaluations, ``scores/withdrawals.yaml`` (a file,
so no evaluation id): one entry per withdrawn evaluation, its id, the title it was published under,
the date and the reason. It also records an evaluation whose consent (``publication``) was removed
and which stays only as a draft. Entries are only ever added. ``jixiao check --against`` requires a
new entry for every published evaluation that is gone or no longer public, and the corrections page
(``{{ corrections() }}``) lists each one as a 撤回.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from jixiao.data.load import Located, validation_findings
from jixiao.data.model import Strict
from jixiao.data.sources import load_yaml
from jixiao.errors import Finding

#: where the withdrawals are kept, relative to the project root
WITHDRAWALS = "scores/withdrawals.yaml"
#: the kind shown for a withdrawal beside 更正 and 修订
KIND = "撤回"


class Withdrawal(Strict):
    """One withdrawn evaluation: which, under what title it was published, when and why."""

    id: str
    title: str
    date: dt.date
    why: str


_LIST = TypeAdapter(list[Withdrawal])


def load_withdrawals(root: Path) -> tuple[list[Withdrawal], list[Finding]]:
    """The withdrawals recorded under ``root`` (none without the file), or the findings that stop them."""
    path = root / WITHDRAWALS
    if not path.is_file():
        return [], []
    raw, findings = load_yaml(path, WITHDRAWALS)
    if findings or raw is None:
        return [], findings
    try:
        return _LIST.validate_python(raw), []
    except ValidationError as exc:
        return [], validation_findings(exc, Located(WITHDRAWALS, raw))


def line_of_entry(root: Path, eval_id: str) -> int | None:
    """The line of ``eval_id``'s entry in the withdrawals file, for a finding about it."""
    path = root / WITHDRAWALS
    raw, _ = load_yaml(path, WITHDRAWALS) if path.is_file() else (None, [])
    if not isinstance(raw, list):
        return None
    return next((raw.item_lines[i] for i, item in enumerate(raw) if isinstance(item, dict) and item.get("id") == eval_id), None)
