"""Name variants: a declared name typed elsewhere with one or two characters changed.

A hand-typed report drifts: 泸水市应急管理局 becomes 泸州市应急管理局 on the cover, the
evaluator's 审 becomes 甯, a contact's 瑛 becomes 琰. Every name the data declares (evaluated
body, commissioner, evaluator, contact persons and their organisations, sampled projects and
their units) is compared with every same-length stretch of text. Only differences between two
Chinese characters count: spacing and bracket styles (（普通合伙） vs 普通合伙) are not variants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.errors import Finding
from jixiao.integrity.document import Document
from jixiao.scoring.score_sheet import ScoreSheet

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Declared:
    name: str
    role: str


def declared_names(sheet: ScoreSheet) -> list[Declared]:
    """The names an evaluation declares, each with what it is (for the message)."""
    ev = sheet.evaluation
    names = [
        Declared(ev.evaluated_body, "被评价单位"),
        Declared(ev.commissioner, "委托单位"),
        Declared(ev.evaluator, "评价机构"),
    ]
    for contact in ev.contacts:
        names.append(Declared(contact.name, f"{contact.role}姓名"))
        if contact.organisation:
            names.append(Declared(contact.organisation, f"{contact.role}所在单位"))
    for sample in sheet.loaded.samples:
        names.append(Declared(sample.name, "抽样项目名称"))
        names.append(Declared(sample.unit, "项目实施单位"))
    out: dict[str, Declared] = {}
    for d in names:
        core = re.sub(r"[（(][^）)]*[）)]$", "", d.name).strip()
        for variant in {d.name, core}:
            if len(_CJK.findall(variant)) >= 3 and variant not in out:
                out[variant] = Declared(variant, d.role)
    return list(out.values())


def _allowed(name: str) -> int:
    """How many changed characters still make a *variant*: 1 for short names, 2 from 8 characters."""
    return 2 if len(name) >= 8 else 1


def _diff(window: str, name: str) -> list[tuple[str, str]] | None:
    """Changed (typed, declared) character pairs, or None if this stretch is no variant.

    A non-Chinese difference (spacing, brackets) is no variant; two changes count only when
    the first and last characters agree (``涉及的市应急管理局`` is not a variant of 泸水市…).
    """
    if sum(a != b for a, b in zip(window, name, strict=True)) > 1 and (window[0] != name[0] or window[-1] != name[-1]):
        return None
    pairs = []
    for a, b in zip(window, name, strict=True):
        if a != b:
            if not (_CJK.match(a) and _CJK.match(b)):
                return None
            pairs.append((a, b))
    return pairs


def _by_end(declared: list[Declared]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The names (by index) by their first and by their last character."""
    first: dict[str, list[int]] = {}
    last: dict[str, list[int]] = {}
    for k, d in enumerate(declared):
        first.setdefault(d.name[0], []).append(k)
        last.setdefault(d.name[-1], []).append(k)
    return first, last


def _starts(line: str, declared: list[Declared], first: dict[str, list[int]], last: dict[str, list[int]]) -> dict[int, list[int]]:
    """Where a variant of each name (by index, in order) could start: a variant keeps its first or its last character.

    One pass over the line finds them for every name at once.
    """
    found: dict[int, set[int]] = {}
    for i, ch in enumerate(line):
        for k in first.get(ch, ()):
            if i + len(declared[k].name) <= len(line):
                found.setdefault(k, set()).add(i)
        for k in last.get(ch, ()):
            start = i - len(declared[k].name) + 1
            if start >= 0:
                found.setdefault(k, set()).add(start)
    return {k: sorted(found[k]) for k in sorted(found)}


def check_names(sheet: ScoreSheet, documents: list[Document]) -> list[Finding]:
    """Every variant of a declared name, once per line and variant."""
    declared = sorted(declared_names(sheet), key=lambda d: -len(d.name))
    exact = {d.name for d in declared}
    first, last = _by_end(declared)
    findings = []
    for doc in documents:
        for line_no, line in doc.text_lines():
            seen: set[str] = set()
            taken: set[int] = set()
            for k, starts in _starts(line, declared, first, last).items():
                d = declared[k]
                n = len(d.name)
                for start in starts:
                    window = line[start : start + n]
                    if window == d.name or window in exact or window in seen or taken & set(range(start, start + n)):
                        continue
                    pairs = _diff(window, d.name)
                    if not pairs or len(pairs) > _allowed(d.name) or len(pairs) * 3 > n:
                        continue
                    seen.add(window)
                    taken.update(range(start, start + n))
                    changed = "、".join(f"{a}≠{b}" for a, b in pairs)
                    findings.append(
                        Finding(
                            doc.display,
                            line_no,
                            "名称",
                            f"“{window}”与{d.role}“{d.name}”相差 {len(pairs)} 个字（{changed}）",
                            f"改为“{d.name}”",
                            "error",
                            d.name,
                        )
                    )
    return findings
