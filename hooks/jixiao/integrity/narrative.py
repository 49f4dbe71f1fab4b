"""Figures typed in narrative, compared with the evaluation's data.

A figure is attributed by the label typed next to it — a rate's name (``预算调整率 102.13%``),
an indicator and ``得分`` (``投入部分…得分 10.98 分``), a fact's name
(``政府采购预算数 39,000.00 元``), a survey statement (``有 99.48%的群众认为…``) or, in a
table, the row's indicator and criterion (附件1's ``A.是 100%`` and ``得分``). A typed figure
that disagrees with the value computed from data is an error. On the site's own pages a
typed figure the data holds is a warning: it should be bound (``{{ rate("…") }}``) so it
can never drift; in an imported hand-typed report (``--narrative``) agreement is silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from ..errors import Finding
from ..model import Question
from ..money import HUNDRED
from ..score import CriterionScore, IndicatorScore, ScoreSheet
from .document import NUMBER, Document, MdTable, figures

_QUOTES = str.maketrans("", "", "“”\"'‘’ ")
_GRADE = re.compile(r"等级(?:为|是|：|:)?\s*[“\"]?(优|良|中|差)")
_SCORE = re.compile(rf"(得分|分值)(?:为|是|：|:)?\s*(?P<num>{NUMBER})\s*分")
_SURVEY = re.compile(rf"有\s*(?P<num>{NUMBER})\s*%\s*的(?:群众|受访者|公众|调查对象)(?P<what>[^。；]*)")
_OPTION_SHARE = re.compile(rf"(?P<key>[A-Z])\s*[.．、]\s*(?P<text>[^\d\s%]{{1,6}})\s*(?P<num>{NUMBER})\s*%")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def quantize(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half-up to the places a figure was typed with."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal, places: int, unit: str = "") -> str:
    """``value`` as typed (at least two decimals for a percentage, so 99.48% is not shown as 99%)."""
    places = max(places, 2) if unit == "%" else places
    q = quantize(value, places)
    return (f"{q:,.{places}f}" if unit in ("元", "万元") else f"{q:.{places}f}") + unit


@dataclass
class Narrative:
    """The checks of one document against one score sheet."""

    sheet: ScoreSheet
    doc: Document
    bound: bool
    findings: list[Finding]

    def add(self, line: int, where: str, message: str, fix: str, expected: str | None, severity: str = "error") -> None:
        self.findings.append(Finding(self.doc.display, line, where, message, fix, severity, expected))  # type: ignore[arg-type]

    def compare(self, line: int, where: str, what: str, typed: Decimal, places: int, computed: Decimal, unit: str, binding: str) -> None:
        """Report a typed figure that disagrees with data (error) or, on bound pages, agrees (warning)."""
        expected = fmt(computed, places, unit)
        shown = f"{typed:,}{unit}" if unit in ("元", "万元") else f"{typed}{unit}"
        if quantize(computed, places) != typed:
            self.add(line, where, f"{what} {shown} 与数据计算值 {expected} 不符", f"改为 {binding}", expected)
        elif self.bound:
            self.add(line, where, f"{what} {shown} 为手写数字", f"改为 {binding}，数字随数据更新", expected, "warning")

    # -- prose --------------------------------------------------------------------
    def texts(self) -> Iterator[tuple[int, str]]:
        """Every paragraph and every table cell, with its line."""
        for p in self.doc.paragraphs():
            yield p.line, p.text
        for table in self.doc.tables():
            for row in table.rows:
                for cell in row.cells:
                    yield row.line, cell

    def rates(self, line: int, text: str) -> None:
        for name, value in self.sheet.rates.items():
            plain = name.translate(_QUOTES)
            aliases = {name, plain}
            if "”" in name and plain.replace(name.rsplit("”", 1)[1], "") in text.translate(_QUOTES):
                aliases.add(name.rsplit("”", 1)[1])
            for alias in aliases:
                guard = "" if alias == name or alias == plain else r"(?<![\u4e00-\u9fff”])"  # a bare 变动率 must stand alone
                for m in re.finditer(rf"{guard}{re.escape(alias)}\s*(?:为|是|：|:)?\s*(?P<num>{NUMBER})\s*%", text):
                    if alias != name and text[max(0, m.start() - 1) : m.start()] == "”":
                        continue
                    typed = Decimal(m.group("num").replace(",", ""))
                    places = len(m.group("num").split(".")[1]) if "." in m.group("num") else 0
                    self.compare(line, name, name, typed, places, value * HUNDRED, "%", f'{{{{ rate("{name}") }}}}')

    def scores(self, line: int, text: str) -> None:
        indicators = sorted(self.sheet.walk(), key=lambda i: -len(i.name))
        for sentence in _sentences(text):
            for m in _SCORE.finditer(sentence):
                node = _nearest(indicators, sentence[: m.start()])
                typed = Decimal(m.group("num").replace(",", ""))
                if node is None:
                    if m.group(1) != "得分" or "评价" not in sentence[: m.start()]:
                        continue
                    self.compare(line, "总分", "总分", typed, 2, self.sheet.total, "", "{{ total() }}")
                elif m.group(1) == "得分":
                    self.compare(
                        line, " › ".join(node.path), f"“{node.name}”得分", typed, 2, node.score, "", f'{{{{ score("{node.name}") }}}}'
                    )
                else:
                    self.compare(
                        line, " › ".join(node.path), f"“{node.name}”分值", typed, 2, node.points, "", f'{{{{ points("{node.name}") }}}}'
                    )
            for m in _GRADE.finditer(sentence):
                if m.group(1) != self.sheet.grade:
                    self.add(
                        line, "等级", f"等级“{m.group(1)}”与数据计算的等级“{self.sheet.grade}”不符", "改为 {{ grade() }}", self.sheet.grade
                    )

    def survey(self, line: int, text: str) -> None:
        survey = self.sheet.loaded.survey
        if survey is None:
            return
        for m in _SURVEY.finditer(text):
            question = _best_question(m.group("what"), survey.questions)
            if question is None or not question.options or not survey.valid_for(question):
                continue
            option = question.options[0]
            typed = Decimal(m.group("num").replace(",", ""))
            places = len(m.group("num").split(".")[1]) if "." in m.group("num") else 0
            share = Decimal(option.count) / Decimal(survey.valid_for(question)) * HUNDRED
            binding = f'{{{{ survey("{question.id}", "{option.key}") }}}}'
            self.compare(line, f"问卷 {question.id}", f"问卷 {question.id} 选项{option.key} 占比", typed, places, share, "%", binding)

    @cached_property
    def fact_names(self) -> list[tuple[str, str]]:
        """(name without quotes or spaces, name) of every fact, longest first: once per document, not per paragraph."""
        return sorted(((n.translate(_QUOTES), n) for n in self.sheet.facts), key=lambda p: -len(p[0]))

    @cached_property
    def held(self) -> set[tuple[str, Decimal]]:
        """Every (unit, value) the data holds."""
        return {(self.sheet.loaded.facts[n].unit, v) for n, v in self.sheet.facts.items()}

    def facts(self, line: int, text: str) -> None:
        names, held = self.fact_names, self.held
        years = {str(y) for y in self.sheet.evaluation.covered}
        for fig in figures(text):
            if not fig.unit or fig.unit == "%":
                continue
            label = re.sub(r"(为|是|共计|共|达|：|:|\s)+$", "", text[max(0, fig.start - 30) : fig.start]).translate(_QUOTES)
            if any(y not in years for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", label[-14:])):
                continue
            for plain, name in names:
                unit = self.sheet.loaded.facts[name].unit
                if unit != fig.unit or not label.endswith(plain):
                    continue
                before = label[: -len(plain)]
                if before and not re.search(r"(^|[^\u4e00-\u9fff]|\d年)$", before):
                    continue
                value = self.sheet.facts[name]
                if quantize(value, fig.places) != fig.value and (unit, fig.value) in held:
                    break
                self.compare(line, name, f"“{name}”", fig.value, fig.places, value, unit, f'{{{{ fact("{name}") }}}}')
                break

    # -- tables -------------------------------------------------------------------
    def table(self, table: MdTable) -> None:
        header = [h.replace(" ", "") for h in table.header]
        col = {h: i for i, h in enumerate(header)}
        name_col = col.get("三级指标", col.get("一级指标"))
        score_col = col.get("得分", col.get("评价得分"))
        points_col = col.get("指标分值", col.get("分值"))
        criteria_col = col.get("三级指标评分标准", col.get("评分标准"))
        if name_col is None or score_col is None:
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
            name = cells[name_col].replace(" ", "")
            if name:
                close()
                node = self._find(name, 3 if "三级指标" in col else 1)
            points = _number(cells[points_col]) if points_col is not None else None
            if points is not None and (name or criteria_col is not None):
                typed_points.append((row.line, points, _places(cells[points_col])))  # type: ignore[index]
            if node is None:
                continue
            if criteria_col is None:
                typed = _number(cells[score_col])
                if name and typed is not None:
                    self.compare(
                        row.line,
                        " › ".join(node.path),
                        f"“{node.name}”得分",
                        typed,
                        _places(cells[score_col]),
                        node.score,
                        "",
                        f'{{{{ score("{node.name}") }}}}',
                    )
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
                if option is None or not survey or not q or not survey.valid_for(q):
                    continue
                share = Decimal(option.count) / Decimal(survey.valid_for(q)) * HUNDRED
                typed = Decimal(m.group("num"))
                places = len(m.group("num").split(".")[1]) if "." in m.group("num") else 0
                self.compare(
                    row.line,
                    where,
                    f"问卷 {q.id} 选项{option.key} 占比",
                    typed,
                    places,
                    share,
                    "%",
                    f'{{{{ survey("{q.id}", "{option.key}") }}}}',
                )  # type: ignore[union-attr]
        close()

    def _find(self, name: str, level: int) -> IndicatorScore | None:
        name = re.sub(r"[（(]\d+分[）)]$", "", name).strip()
        try:
            return self.sheet.find(name, level)
        except KeyError:
            return None

    def run(self) -> list[Finding]:
        for line, text in self.texts():
            self.rates(line, text)
            self.scores(line, text)
            self.survey(line, text)
            self.facts(line, text)
        for table in self.doc.tables():
            self.table(table)
        return self.findings


def _sentences(text: str) -> Iterator[str]:
    yield from re.findall(r"[^。！？]+[。！？]?", text)


def _nearest(indicators: list[IndicatorScore], before: str) -> IndicatorScore | None:
    """The indicator named last before a figure (the longest name wins a tie)."""
    best, best_pos = None, -1
    for node in indicators:
        pos = before.rfind(node.name)
        if pos > best_pos:
            best, best_pos = node, pos
    return best


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _best_question(statement: str, questions: list[Question]) -> Question | None:
    """The question a survey statement restates: most shared bigrams, clearly ahead of the next."""
    said = _bigrams(statement)
    scored = sorted(((len(said & _bigrams(q.text)) / max(1, len(_bigrams(q.text))), q) for q in questions), key=lambda p: -p[0])
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


def check_narrative(sheet: ScoreSheet, doc: Document, bound: bool) -> list[Finding]:
    """Typed figures of ``doc`` against ``sheet``; ``bound`` for the site's own pages."""
    return Narrative(sheet, doc, bound, []).run()
