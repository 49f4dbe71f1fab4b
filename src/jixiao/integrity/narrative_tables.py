"""Typed figures in a document's tables: indicator rows and their 合计, 附件1's criteria, 附件2's survey counts
and shares, 表2's sampled projects — each compared with the score sheet, cell by cell."""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.data.model import Question
from jixiao.data.money import HUNDRED
from jixiao.integrity.claims import Segment, number
from jixiao.integrity.document import NUMBER, MdTable
from jixiao.integrity.narrative_base import NarrativeBase
from jixiao.scoring.score_sheet import CriterionScore, IndicatorScore

_TOTAL_ROWS = {"合计", "总分", "总计", "小计"}
_LEVELS = {"一级": 1, "二级": 2, "三级": 3}
_POINTS_IN_NAME = re.compile(r"(.+?)[（(](\d+(?:\.\d+)?)分[）)]")
_OPTION_SHARE = re.compile(rf"(?P<key>[A-Z])\s*[.．、]\s*(?P<text>[^\d\s%]{{1,6}})\s*(?P<num>{NUMBER})\s*%")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


class TableChecks(NarrativeBase):
    """The table rows of one document."""

    def row(self, seg: Segment) -> None:
        """A table row naming an indicator (or closing rows with 合计/总分/小计): its 分值, 得分, 得分率 cells."""
        if seg.table != self.table_line:
            self.table_line, self.block = seg.table, []
        columns = _columns(seg.header)
        if "score" not in columns and "points" not in columns:
            return
        kind, node = self._row_label(seg, columns)
        if kind == "none":
            return
        if kind == "total":
            known, node = self._block_parent()
            if not known:
                return
        else:
            self.block.append(node)
            if node is None:
                return
        for role, col in columns.items():
            cell = seg.cells[col]
            m = re.fullmatch(rf"\s*({NUMBER})\s*(%|分)?\s*", cell)
            if m is None or (role == "share") != (m.group(2) == "%"):
                continue
            value, places = number(m.group(1))
            self.claim(seg.line, node, role, value, places)

    def _row_label(self, seg: Segment, columns: dict[str, int]) -> tuple[str, IndicatorScore | None]:
        """("total", None) for 合计/总分/小计, ("indicator", node), ("unknown", None) or ("none", None) for no label."""
        first = min(columns.values())
        labels = [(seg.header[i], seg.cells[i].replace(" ", "")) for i in range(first)]
        if any(cell in _TOTAL_ROWS for _, cell in labels):
            return "total", None
        named = [(h, c) for h, c in labels if c]
        if not named:
            return "none", None
        head, cell = named[-1]  # the most detailed name: 二级 | 三级 rows name their 三级
        node = self.refs.indicator(_POINTS_IN_NAME.sub(r"\1", cell), _LEVELS.get(head[:2]))
        if node is not None:
            return "indicator", node
        return "unknown", None

    def _block_parent(self) -> tuple[bool, IndicatorScore | None]:
        """What a 合计 row sums: (True, the indicator whose parts are the rows above it; None: the total), or (False, None)."""
        rows, self.block = self.block, []
        paths = {r.path for r in rows if r is not None}
        if not rows or len(paths) < len(rows):
            return False, None  # no rows, a row naming no indicator, or one listed twice
        if any(a != b and b[: len(a)] == a for a in paths for b in paths):
            return False, None  # a parent and its own child listed: no single sum
        if all(_covered(top, paths) for top in self.sheet.indicators):
            return True, None
        for node in self.sheet.walk():
            under = all(p[: len(node.path)] == node.path for p in paths)
            if under and node.path not in paths and node.children and all(_covered(c, paths) for c in node.children):
                return True, node
        return False, None

    # -- 附件2: the survey table ----------------------------------------------------
    def survey_table(self, table: MdTable) -> None:
        """附件2: each option's 小计 (count) and 占比 (count ÷ valid questionnaires) against ``survey.yaml``."""
        survey = self.sheet.loaded.survey
        header = [h.replace(" ", "") for h in table.header]
        if survey is None or "选项" not in header:
            return
        option_col = header.index("选项")
        count_col = next((i for i, h in enumerate(header) if h in ("小计", "份数", "人数", "票数")), None)
        share_col = next((i for i, h in enumerate(header) if "占比" in h or "比例" in h), None)
        question: Question | None = None
        for row in table.rows:
            cells = row.cells + [""] * (len(header) - len(row.cells))
            asked = " ".join(cells[:option_col]).strip()
            if asked:
                question = best_question(re.sub(r"^\d+[、.．]\s*", "", asked), survey.questions)
            m = re.match(r"\s*([A-Z])\s*[.．、]", cells[option_col])
            option = question.option(m.group(1)) if question and m else None
            if question is None or option is None:
                continue
            where = f"问卷 {question.id} 选项{option.key}"
            count = _number(cells[count_col]) if count_col is not None else None
            if count is not None:
                binding = f'{{{{ survey("{question.id}", "{option.key}", "count") }}}}'
                self.compare(row.line, where, f"{where} 份数", count, 0, Decimal(option.count), "", binding)
            share = re.fullmatch(rf"\s*({NUMBER})\s*%\s*", cells[share_col]) if share_col is not None else None
            if share is not None and survey.share_base(question):
                typed, places = number(share.group(1))
                computed = Decimal(option.count) / Decimal(survey.share_base(question)) * HUNDRED
                binding = f'{{{{ survey("{question.id}", "{option.key}") }}}}'
                self.compare(row.line, where, f"{where} 占比", typed, places, computed, "%", binding)

    # -- 表2: the project table ----------------------------------------------------
    def samples_table(self, table: MdTable) -> None:
        """表2: each project's typed amount against ``samples.csv`` (by its name), and the 合计 against their sum."""
        header = [h.replace(" ", "") for h in table.header]
        amount_col = next((i for i, h in enumerate(header) if h in ("支出金额", "金额", "抽样金额", "资金")), None)
        if "项目名称" not in header or amount_col is None or not self.refs.projects:
            return
        name_col = header.index("项目名称")
        amounts = {s.name: s.amount for s in self.sheet.loaded.samples}
        source = f"{self.sheet.id}/samples.csv"
        for row in table.rows:
            cells = row.cells + [""] * (len(header) - len(row.cells))
            typed = _number(cells[amount_col])
            name = cells[name_col].strip()
            if typed is None:
                continue
            places = _places(cells[amount_col])
            if name in amounts:
                self.compare(row.line, f"表2 {name}", f"“{name}”支出金额", typed, places, amounts[name], "元", None, f"（{source}）")
            elif any(c.replace(" ", "") in _TOTAL_ROWS for c in cells[:amount_col]):
                self.compare(
                    row.line, "表2 合计", "抽样项目支出合计", typed, places, self.refs.projects_total, "元", "{{ samples_total() }}"
                )

    # -- 附件1: the criteria table ---------------------------------------------------
    def criteria_table(self, table: MdTable) -> None:
        """附件1: each criterion's typed score, an indicator's points (split over its rows), survey shares."""
        header = [h.replace(" ", "") for h in table.header]
        col = {h: i for i, h in enumerate(header)}
        name_col = col.get("三级指标", col.get("一级指标"))
        score_col = col.get("得分", col.get("评价得分"))
        points_col = col.get("指标分值", col.get("分值"))
        criteria_col = col.get("三级指标评分标准", col.get("评分标准"))
        if name_col is None or score_col is None or criteria_col is None:
            return
        node: IndicatorScore | None = None
        typed_points: list[tuple[int, Decimal, int]] = []

        def close() -> None:
            # 附件1 may print an indicator's points split over its criteria's rows (2 + 2): compare the sum
            if node is not None and typed_points:
                line, places = typed_points[0][0], typed_points[0][2]
                total = sum((p for _, p, _ in typed_points), Decimal(0))
                self.compare(
                    line, " › ".join(node.path), f"“{node.name}”分值", total, places, node.points, "", f'{{{{ points("{node.name}") }}}}'
                )
            typed_points.clear()

        for row in table.rows:
            cells = row.cells + [""] * (len(header) - len(row.cells))
            for cell in cells[:name_col]:
                if m := _POINTS_IN_NAME.fullmatch(cell.replace(" ", "")):
                    self.claim(row.line, self.refs.indicator(m.group(1), 1), "points", *number(m.group(2)))
            name = cells[name_col].replace(" ", "")
            if name:
                close()
                node = self.refs.indicator(name, 3)
            points = _number(cells[points_col]) if points_col is not None else None
            if points is not None:
                typed_points.append((row.line, points, _places(cells[points_col])))  # type: ignore[index]
            if node is None:
                continue
            crit = _criterion(node, cells[criteria_col])
            if crit is None:
                continue
            where = f"{' › '.join(node.path)} › 评分标准{crit.mark}"
            typed = _number(cells[score_col])
            if typed is not None:
                self.compare(row.line, where, "得分", typed, _places(cells[score_col]), crit.score, "", f'{{{{ score("{node.name}") }}}}')
            question = getattr(crit.criterion, "question", None)
            survey = self.sheet.loaded.survey
            q = survey.question(question) if survey and question else None
            for m in list(_OPTION_SHARE.finditer(" ".join(cells)))[:1]:
                option = q.option(m.group("key")) if q else None
                if q is None or option is None or not survey or not survey.share_base(q):
                    continue
                share = Decimal(option.count) / Decimal(survey.share_base(q)) * HUNDRED
                typed, places = number(m.group("num"))
                binding = f'{{{{ survey("{q.id}", "{option.key}") }}}}'
                self.compare(row.line, where, f"问卷 {q.id} 选项{option.key} 占比", typed, places, share, "%", binding)
        close()


def _columns(header: tuple[str, ...]) -> dict[str, int]:
    """The 分值, 得分 and 得分率 columns of an indicator table (none in 附件1, whose rows are criteria)."""
    if any("评分标准" in h for h in header):
        return {}
    roles = {"points": ("分值", "指标分值", "总分值", "满分"), "score": ("得分", "评价得分", "实际得分")}
    out = {role: header.index(h) for role, names in roles.items() for h in names if h in header}
    share = next((i for i, h in enumerate(header) if "得分率" in h or "占比" in h), None)
    if share is not None and out:
        out["share"] = share
    return out


def _covered(node: IndicatorScore, paths: set[tuple[str, ...]]) -> bool:
    """Whether the rows ``paths`` list ``node`` or, together, all of its parts."""
    return node.path in paths or (bool(node.children) and all(_covered(c, paths) for c in node.children))


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def best_question(statement: str, questions: list[Question]) -> Question | None:
    """The question a survey statement restates: most shared bigrams, clearly ahead of the next.

    Shared bigrams are counted against the shorter of the two texts, so a statement that restates only
    part of a long question ("认为惠民惠农财政补贴资金及救灾物资的发放能够保障…") still finds it.
    """
    said = _bigrams(statement)

    def overlap(q: Question) -> float:
        own = _bigrams(q.text)
        return len(said & own) / max(1, min(len(said), len(own)))

    scored = sorted(((overlap(q), q) for q in questions), key=lambda p: -p[0])
    if not scored or scored[0][0] < 0.5 or (len(scored) > 1 and scored[0][0] - scored[1][0] < 0.15):
        return None
    return scored[0][1]


def _number(cell: str) -> Decimal | None:
    m = re.fullmatch(rf"\s*({NUMBER})\s*(分)?\s*", cell)
    return Decimal(m.group(1).replace(",", "")) if m else None


def _places(cell: str) -> int:
    m = re.search(rf"{NUMBER}", cell)
    return len(m.group(0).split(".")[1]) if m and "." in m.group(0) else 0


def _normal(text: str) -> str:
    return re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", text)


def _criterion(node: IndicatorScore, typed: str) -> CriterionScore | None:
    """The scored criterion a typed 评分标准 cell is, by its words (merged criteria are skipped)."""
    text = _normal(typed.lstrip(_CIRCLED))
    if len(text) < 6:
        return None
    for crit in node.criteria:
        if not isinstance(crit.criterion.text, str):
            continue
        own = _normal(crit.criterion.text)
        if own and (own in text or text in own):
            return crit
    return None
