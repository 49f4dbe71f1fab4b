"""Figures typed in narrative, compared with the evaluation's data.

Every sentence, list item and table row is read for *claims* (``claims.py``): a figure in one of the
wordings reports use, and the name typed before it — an indicator (``立项程序规范性得1.00分``,
``产出指标共35分``, ``| 全民安全意识和逃生技能提升 | 8.00 | 6.94 |``), the total (``综合得分``, a
``合计`` row), a count (``等 9 个项目``, ``7 个三级指标``), a rate (``预算调整率 102.13%``), a fact by its
name or label (``房屋受损农户 8 户``), a survey statement (``有 99.48%的群众认为…``) or, in 附件1, a
criterion's row. ``referents.py`` gives the value the score sheet computes for that name. A typed figure
that disagrees with it is an error; prose calling the result 良好/优秀/合格 against the computed grade
is a warning. On the site's own pages a typed figure the data holds is a warning: it should be bound
(``{{ rate("…") }}``) so it can never drift; in an imported hand-typed report (``--narrative``)
agreement is silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from jixiao.data.model import Question
from jixiao.data.money import HUNDRED
from jixiao.errors import Finding
from jixiao.integrity.claims import Form, Segment, clause_start, forms, label_values, named, nearest, number, prose_cells, segments
from jixiao.integrity.document import NUMBER, Document, MdTable, figures
from jixiao.integrity.referents import COUNTED, GRADE_WORDS, TOTAL_WORDS, Referents, Value
from jixiao.scoring.score import CriterionScore, IndicatorScore, ScoreSheet

_QUOTES = str.maketrans("", "", "“”\"'‘’ ")
_GRADE = re.compile(r"等级(?:为|是|：|:)?\s*[“\"]?(优|良|中|差)")
#: "总体评价为良好", "评价结果为“优秀”" — the result in words (not "执行情况良好")
_GRADE_WORDING = re.compile(r"评价(?:结果|结论|等级)?\s*(?:为|是|：|:)\s*[“\"]?(" + "|".join(GRADE_WORDS) + ")")
#: what may open a clause whose figure is still said of the sentence's subject: "，得15.94分", "，实际得分…"
_CARRIES = re.compile(r"(?:实际|最终|共|合计|其中|并|但)?")
#: 自评得分, 自评等级: the evaluated body's own figures, which a review (复核) may rightly differ from
_SELF = ("自评", "自评价")
_TOTAL_ROWS = {"合计", "总分", "总计", "小计"}
_LEVELS = {"一级": 1, "二级": 2, "三级": 3}
_POINTS_IN_NAME = re.compile(r"(.+?)[（(](\d+(?:\.\d+)?)分[）)]")
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
    #: the indicators of the table rows read since the last 合计 (None: a row naming no indicator)
    block: list[IndicatorScore | None] = field(default_factory=list)
    table_line: int = 0
    #: whether counts (N 个项目, N 个三级指标) are read: a count a binding prints is the data's own figure,
    #: which may rightly differ from another count (the report's 9 projects beside samples.csv's 10)
    counts: bool = True

    @cached_property
    def refs(self) -> Referents:
        return Referents(self.sheet)

    def add(self, line: int, where: str, message: str, fix: str, expected: str | None, severity: str = "error") -> None:
        self.findings.append(Finding(self.doc.display, line, where, message, fix, severity, expected))  # type: ignore[arg-type]

    def compare(
        self,
        line: int,
        where: str,
        what: str,
        typed: Decimal,
        places: int,
        computed: Decimal,
        unit: str,
        binding: str | None,
        origin: str = "",
    ) -> None:
        """Report a typed figure that disagrees with data (error) or, on bound pages, agrees (warning).

        ``binding`` is what a page would write instead (None: nothing to bind, so agreement is silent);
        ``origin`` says where a computed value comes from when ``what`` does not.
        """
        expected = fmt(computed, places, unit)
        shown = f"{typed:,}{unit}" if unit in ("元", "万元") else f"{typed}{unit}"
        if quantize(computed, places) != typed:
            fix = f"改为 {binding}" if binding else f"改为 {expected}"
            self.add(line, where, f"{what} {shown} 与数据计算值 {expected} 不符{origin}", fix, expected)
        elif self.bound and binding:
            self.add(line, where, f"{what} {shown} 为手写数字", f"改为 {binding}，数字随数据更新", expected, "warning")

    # -- rates, survey statements, facts ------------------------------------------
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

    def survey(self, line: int, text: str) -> None:
        survey = self.sheet.loaded.survey
        if survey is None:
            return
        for m in _SURVEY.finditer(text):
            question = _best_question(m.group("what"), survey.questions)
            if question is None or not question.options or not survey.share_base(question):
                continue
            option = question.options[0]
            typed = Decimal(m.group("num").replace(",", ""))
            places = len(m.group("num").split(".")[1]) if "." in m.group("num") else 0
            share = Decimal(option.count) / Decimal(survey.share_base(question)) * HUNDRED
            binding = f'{{{{ survey("{question.id}", "{option.key}") }}}}'
            self.compare(line, f"问卷 {question.id}", f"问卷 {question.id} 选项{option.key} 占比", typed, places, share, "%", binding)

    @cached_property
    def fact_names(self) -> list[tuple[str, str]]:
        """(alias, name) of every fact, longest first: its name and its label as a report words it.

        A label reads "2022年全市受灾人数" or "房屋受损农户"; without its brackets and quotes, with its year
        and without, it is an alias when no other fact's label reads the same (2021 and 2022 年死亡人数
        differ only by the year). Built once per document, not per paragraph.
        """
        aliases = [(n.translate(_QUOTES), n) for n in self.sheet.facts]
        labels: dict[str, list[str]] = {}
        for name in self.sheet.facts:
            label = re.sub(r"[（(][^）)]*[）)]|[：:]", "", self.sheet.loaded.facts[name].label or "").translate(_QUOTES)
            for plain in {label, re.sub(r"^20\d\d年(?:度|末|初)?", "", label)}:
                if len(plain) >= 4 and plain != name.translate(_QUOTES):
                    labels.setdefault(plain, []).append(name)
        aliases += [(plain, names[0]) for plain, names in labels.items() if len(names) == 1]
        return sorted(aliases, key=lambda p: -len(p[0]))

    @cached_property
    def held(self) -> set[tuple[str, Decimal]]:
        """Every (unit, value) the data holds."""
        return {(self.sheet.loaded.facts[n].unit, v) for n, v in self.sheet.facts.items()}

    def facts(self, line: int, text: str) -> None:
        names, held = self.fact_names, self.held
        years = {str(y) for y in self.sheet.evaluation.covered}
        for fig in figures(text):
            if not fig.unit:
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
                binding = f'{{{{ fact("{name}", unit=True) }}}}' if unit == "%" else f'{{{{ fact("{name}") }}}}'
                self.compare(line, name, f"“{name}”", fig.value, fig.places, value, unit, binding)
                break

    # -- claims: a figure and the indicator, total or count named before it ---------------
    def claims(self, line: int, text: str) -> None:
        """Scores, points, 得分率 and counts said of a name in one sentence or prose cell.

        A weak wording (得X分, 共X分, 为X分) takes its name from its own clause or, when the clause opens
        with it, from the figure before it in the sentence ("社会效益满分16分，得15.94分": the subject
        carries over).
        """
        known, subject = False, None
        for form in forms(text):
            if text[: form.start].endswith(_SELF):
                continue
            if form.role == "count":
                if self.counts:
                    self.count(line, text, form)
                continue
            clause = text[clause_start(text, form.start) : form.start]
            if form.whole:
                known, subject = True, None
            elif hit := nearest(clause if form.near else text[: form.start], self.refs.names):
                known, subject = True, (None if hit[0] in TOTAL_WORDS else self.refs.indicator(hit[0]))
            elif not form.near and text[: form.start].rstrip().endswith("评价"):
                known, subject = True, None  # "评价得分 90.34 分" with no indicator named: the evaluation's
            elif not form.near or not _CARRIES.fullmatch(clause.strip()):
                known = False  # "…，抽样资金占比99.04%" speaks of something else
            if known:
                self.claim(line, subject, form.role, form.value, form.places)

    def claim(self, line: int, node: IndicatorScore | None, role: str, typed: Decimal, places: int) -> None:
        """One figure said of ``node`` (None: the total) as its score, points, deduction, share or either."""
        where = " › ".join(node.path) if node else "总分"
        if role == "either":
            # 为X分 is said of a score and of points alike: a figure that is neither is compared with the score
            points = self.refs.points(node)
            if quantize(points.value, places) == typed:
                return
            role = "score"
        signed = self.sheet.signed
        if node is None and role == "score" and signed.differs and quantize(signed.total, places) == typed:
            # the total the report printed (reported_total) is the report's own score, beside the recomputed one
            self.compare(line, where, "报告所印总分", typed, places, signed.total, "", "{{ meta.reported_total | num }}")
            return
        value = {"score": self.refs.score, "points": self.refs.points, "deduction": self.refs.deduction, "share": self.refs.share}[role](
            node
        )
        unit = "%" if role == "share" else ""
        self.compare(line, where, value.source, typed, places, value.value, unit, value.binding)

    def count(self, line: int, text: str, form: Form) -> None:
        """``N 个三级指标`` against the indicator tree; ``N 个项目`` against the project table it describes."""
        before = text[: form.start]
        if form.noun == "项目":
            value = self.project_count(text)
        else:
            value = self.refs.count(COUNTED[form.noun], [n for _, n in named(before, self.refs.by_name)])
        if value is not None:
            self.compare(line, f"{form.noun}个数", f"{form.noun}个数", form.value, 0, value.value, "", None, f"（{value.source}）")

    def project_count(self, text: str) -> Value | None:
        """The rows of ``samples.csv`` when the sentence names one of its projects or its total."""
        refs = self.refs
        if not refs.projects:
            return None
        total = any(f.unit == "元" and f.value == refs.projects_total for f in figures(text))
        if total or any(name in text for name in refs.projects):
            return refs.project_count()
        return None

    def grade_words(self, line: int, text: str) -> None:
        """``等级为“良”`` is an error; prose calling the result 良好/优秀/合格 is a warning (a self-evaluation's are neither)."""
        for m in _GRADE.finditer(text):
            if m.group(1) != self.sheet.grade and not text[: m.start()].endswith(_SELF):
                self.add(
                    line, "等级", f"等级“{m.group(1)}”与数据计算的等级“{self.sheet.grade}”不符", "改为 {{ grade() }}", self.sheet.grade
                )
        for m in _GRADE_WORDING.finditer(text):
            said = GRADE_WORDS[m.group(1)]
            if said != self.sheet.grade and not text[: m.start()].endswith(_SELF):
                self.add(
                    line,
                    "等级",
                    f"正文称评价结果“{m.group(1)}”，数据计算的等级为“{self.sheet.grade}”（{self.sheet.total} 分）",
                    "改为“{{ grade() }}”，或改写措辞",
                    self.sheet.grade,
                    "warning",
                )

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
                question = _best_question(re.sub(r"^\d+[、.．]\s*", "", asked), survey.questions)
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

    def run(self) -> list[Finding]:
        for seg in segments(self.doc):
            texts = [*prose_cells(seg), *label_values(seg)] if seg.is_row else [seg.text]
            for text in texts:
                self.rates(seg.line, text)
                self.survey(seg.line, text)
                self.facts(seg.line, text)
                self.claims(seg.line, text)
                self.grade_words(seg.line, text)
            if seg.is_row:
                self.row(seg)
        for table in self.doc.tables():
            self.criteria_table(table)
            self.survey_table(table)
            self.samples_table(table)
        return self.findings


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


def _best_question(statement: str, questions: list[Question]) -> Question | None:
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


def check_narrative(sheet: ScoreSheet, doc: Document, bound: bool, counts: bool = True) -> list[Finding]:
    """Typed figures of ``doc`` against ``sheet``; ``bound`` for the site's own pages; ``counts`` false
    leaves counts of things unread (``printed.py``: the figures bindings print)."""
    return Narrative(sheet, doc, bound, [], counts=counts).run()
