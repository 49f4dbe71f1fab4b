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
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from jixiao.data.money import HUNDRED
from jixiao.errors import Finding
from jixiao.integrity.claims import Form, clause_start, forms, label_values, named, nearest, prose_cells, segments
from jixiao.integrity.document import NUMBER, Document, figures
from jixiao.integrity.narrative_base import quantize
from jixiao.integrity.narrative_tables import TableChecks, best_question
from jixiao.integrity.referents import COUNTED, GRADE_WORDS, TOTAL_WORDS, Value
from jixiao.scoring.score_sheet import ScoreSheet

_QUOTES = str.maketrans("", "", "“”\"'‘’ ")
_GRADE = re.compile(r"等级(?:为|是|：|:)?\s*[“\"]?(优|良|中|差)")
#: "总体评价为良好", "评价结果为“优秀”" — the result in words (not "执行情况良好")
_GRADE_WORDING = re.compile(r"评价(?:结果|结论|等级)?\s*(?:为|是|：|:)\s*[“\"]?(" + "|".join(GRADE_WORDS) + ")")
#: what may open a clause whose figure is still said of the sentence's subject: "，得15.94分", "，实际得分…"
_CARRIES = re.compile(r"(?:实际|最终|共|合计|其中|并|但)?")
#: 自评得分, 自评等级: the evaluated body's own figures, which a review (复核) may rightly differ from
_SELF = ("自评", "自评价")
_SURVEY = re.compile(rf"有\s*(?P<num>{NUMBER})\s*%\s*的(?:群众|受访者|公众|调查对象)(?P<what>[^。；]*)")


@dataclass
class Narrative(TableChecks):
    """The checks of one document against one score sheet: its prose, then its tables."""

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
            question = best_question(m.group("what"), survey.questions)
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


def check_narrative(sheet: ScoreSheet, doc: Document, bound: bool, counts: bool = True) -> list[Finding]:
    """Typed figures of ``doc`` against ``sheet``; ``bound`` for the site's own pages; ``counts`` false
    leaves counts of things unread (``printed.py``: the figures bindings print)."""
    return Narrative(sheet, doc, bound, [], counts=counts).run()
