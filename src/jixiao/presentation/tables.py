"""Every table of a report, built from the score sheet as rows of cells.

A ``Table`` is generator-neutral: HTML (``presentation.table_html``), CSV/XLSX downloads
(``outputs.opendata``) and the PDF all render the same object. Cells carry their
row/column spans (附件1 merges 一级/二级 like the original) and whether they hold a
figure (right-aligned). Tables are looked up by the key a page writes:
``{{ table("表3") }}``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.data.admin_levels import overview_labels
from jixiao.data.contacts import contact_text
from jixiao.data.load import circled
from jixiao.data.money import TEN_THOUSAND, fmt_percent, fmt_score, fmt_wan, fmt_yuan, round2
from jixiao.errors import DataError, Finding
from jixiao.presentation.bindings import Binder
from jixiao.presentation.cells import Cell, Table, num
from jixiao.presentation.numbers import WAN, cn_date
from jixiao.scoring.rules.graded_survey import GradedSurvey
from jixiao.scoring.score import CriterionScore, IndicatorScore, ScoreSheet

DASH = "-"
#: the 复核差异 table's slug (its HTML id): a recomputed score beside a printed one links to it
REVIEW_SLUG = "review-differences"


class TableBuilder:
    """Builds the tables of one sheet; text fields are rendered through the binder."""

    def __init__(self, sheet: ScoreSheet, binder: Binder | None = None, review_href: str | None = None) -> None:
        self.sheet = sheet
        self.binder = binder or Binder(sheet)
        #: where the 复核差异 table is, relative to the page these tables are placed in (None: no such page)
        self.review_href = review_href
        self.ev = sheet.evaluation
        self.file = sheet.loaded.files["evaluation.yaml"].display
        self.folder = f"scores/{sheet.id}"

    def text(self, value: str | None, line: int | None, where: str = "") -> str:
        return self.binder.render(value, self.file, line or 1, where) if value else ""

    def fact(self, name: str | None) -> Decimal | None:
        """A fact's amount in 元 (the 概要表 divides by 10,000); a fact kept in 万元 is converted."""
        if name is None:
            return None
        if name not in self.sheet.facts:
            raise DataError([Finding(self.file, None, "overview", f"概要表引用的事实 '{name}' 未定义", "在 facts.yaml 中添加它")])
        value = self.sheet.facts[name]
        return value * TEN_THOUSAND if self.sheet.loaded.facts[name].unit == WAN else value

    # -- 概要表 ---------------------------------------------------------------------
    def overview(self) -> Table:
        ev, sheet, ov = self.ev, self.sheet, self.ev.overview
        survey = sheet.loaded.survey
        contact = {c.role: c for c in ev.contacts}

        def wan(value: Decimal | None) -> Cell:
            return num(fmt_wan(value) if value is not None else DASH)

        def share(part: Decimal | None, whole: Decimal | None) -> Cell:
            return num(fmt_percent(part / whole) if part is not None and whole else DASH)

        def person(role: str) -> str:
            return contact_text(contact.get(role))

        sampled = sum((s.amount for s in sheet.loaded.samples), Decimal(0)) if sheet.loaded.samples else None
        project = self.fact(ov.project_funds)
        funds_total = self.fact(ov.funds_total)
        sampled_funds = self.fact(ov.sampled_funds)
        selfev = ev.self_evaluation
        h = lambda t, **kw: Cell(t, header=True, **kw)  # noqa: E731
        finance_label, body_label = overview_labels(ev)
        rows = [
            [h("项目名称"), Cell(ev.title, colspan=3), h("开展评价年度"), Cell(f"{ev.year_label}年", colspan=2)],
            [h("评价类型"), Cell(ev.kind or ev.type, colspan=3), h(finance_label), Cell(ev.finance_section or DASH, colspan=2)],
            [h(body_label), Cell(ev.evaluated_body, colspan=3), h("联系人及联系方式"), Cell(person("预算部门联系人"), colspan=2)],
            [h("评价机构"), Cell(ev.evaluator, colspan=3), h("项目负责人及联系方式"), Cell(person("项目负责人"), colspan=2)],
            [
                h("自评方式"),
                Cell(selfev.method if selfev else DASH),
                h("自评分值"),
                num(fmt_score(selfev.score) if selfev and selfev.score is not None else DASH),
                h("自评等级"),
                Cell(selfev.grade if selfev and selfev.grade else DASH, colspan=2),
            ],
            [h("评价方式"), Cell(ev.method), h("评价分值"), self.signed_score(), h("评价等级"), self.signed_grade(colspan=2)],
            [
                h("项目支出资金"),
                wan(project),
                h("抽查项目资金"),
                wan(sampled),
                h("占比(%)"),
                Cell(share(sampled, project).text, numeric=True, colspan=2),
            ],
            [
                h("项目类数"),
                num(str(ov.project_types) if ov.project_types else DASH),
                h("抽查类数"),
                num(str(ov.sampled_types) if ov.sampled_types else DASH),
                h("占比(%)"),
                Cell(
                    fmt_percent(Decimal(ov.sampled_types) / ov.project_types) if ov.project_types and ov.sampled_types else DASH,
                    numeric=True,
                    colspan=2,
                ),
            ],
            [h("资金情况", rowspan=3), h("合计"), *[h(name) for name in ov.funds_by_source]],
            [wan(funds_total), *[wan(self.fact(f)) for f in ov.funds_by_source.values()]],
            [
                h("抽查资金"),
                wan(sampled_funds),
                h("抽查资金占比(%)", colspan=2),
                Cell(share(sampled_funds, funds_total).text, numeric=True, colspan=2),
            ],
            [h("抽查区域"), Cell(ev.scope or DASH, colspan=6)],
        ]
        if survey:
            satisfied, asked, counted = None, 0, "份"
            if survey.satisfied:
                q = survey.question(survey.satisfied[0])
                o = q.option(survey.satisfied[1]) if q else None
                satisfied = o.count if o else None
                asked = survey.share_base(q) if q else 0
                counted = "人次" if q and q.pooled else "份"  # a pooled count is of answers, not questionnaires
            rows.append(
                [
                    h("有效问卷数"),
                    Cell("、".join(f"{audience or ''}问卷{valid:,}份" for audience, _, valid in survey.respondents())),
                    h("达到满意以上份数"),
                    num(f"{satisfied:,}{counted}" if satisfied is not None else DASH),
                    h("占比(%)"),
                    Cell(
                        fmt_percent(Decimal(satisfied) / asked) if satisfied is not None and asked else DASH,
                        numeric=True,
                        colspan=2,
                    ),
                ]
            )
        return Table("概要表", "overview", "概要表", [], rows, unit="金额单位：万元", source=f"{self.folder}/evaluation.yaml")

    def signed_score(self) -> Cell:
        """The report's score as signed (``reported_total``), the recomputed one beside it when it differs,
        linked to the 复核差异 table."""
        signed = self.sheet.signed
        cell = num(fmt_score(signed.total))
        if signed.differs:
            cell.note, cell.href = f"（复核 {fmt_score(signed.recomputed)}）", self.review_href
        return cell

    def signed_grade(self, colspan: int = 1) -> Cell:
        """The grade of the signed score; the recomputed score's grade beside it when the two differ."""
        signed = self.sheet.signed
        cell = Cell(signed.grade, colspan=colspan)
        if signed.grade != signed.recomputed_grade:
            cell.note, cell.href = f"（复核 {signed.recomputed_grade}）", self.review_href
        return cell

    # -- 表1 --------------------------------------------------------------------------
    def grades(self) -> Table:
        bands = sorted(self.ev.grades, key=lambda b: b.min, reverse=True)

        def band_text(b):
            if b.below is None:
                return f"≥{b.min.normalize():f}"
            if b.min == 0:
                return f"<{b.below.normalize():f}"
            return f"≥{b.min.normalize():f}, <{b.below.normalize():f}"

        rows = [[Cell("分值", header=True), *[num(band_text(b)) for b in bands]]]
        return Table(
            "表1", "table-1", "表1 评价分值与评价等级表", ["等级", *[b.grade for b in bands]], rows, source=f"{self.folder}/evaluation.yaml"
        )

    # -- 表2 --------------------------------------------------------------------------
    def samples(self) -> Table:
        samples = self.sheet.loaded.samples
        rows = [[num(str(i)), Cell(s.unit), Cell(s.name), num(fmt_yuan(s.amount))] for i, s in enumerate(samples, 1)]
        total = sum((s.amount for s in samples), Decimal(0))
        foot = [[Cell("合计", colspan=3, header=True), num(fmt_yuan(total))]]
        base = self.fact(self.ev.sampling_base)
        if base is not None:
            foot.append([Cell("部门项目总支出", colspan=3, header=True), num(fmt_yuan(base))])
            foot.append([Cell("抽样项目占部门项目总支出比例", colspan=3, header=True), num(fmt_percent(total / base) if base else DASH)])
        return Table(
            "表2",
            "table-2",
            "表2 项目支出抽样情况表",
            ["序号", "项目实施单位", "项目名称", "支出金额"],
            rows,
            foot,
            unit="金额单位：元",
            source=f"{self.folder}/samples.csv",
        )

    # -- 表3 --------------------------------------------------------------------------
    def level1(self) -> Table:
        rows = [
            [Cell(t.name, header=True), num(fmt_score(t.points)), num(fmt_score(t.score)), num(fmt_percent(t.share))]
            for t in self.sheet.indicators
        ]
        points = self.sheet.total_points
        foot = [
            [
                Cell("合计", header=True),
                num(fmt_score(points)),
                num(fmt_score(self.sheet.total)),
                num(fmt_percent(self.sheet.total / points)),
            ]
        ]
        return Table(
            "表3",
            "table-3",
            f"表3 {self.ev.type}指标得分表",
            ["一级指标", "指标分值", "评价得分", "得分率"],
            rows,
            foot,
            source=f"{self.folder}/evaluation.yaml",
        )

    # -- 评价意见 ---------------------------------------------------------------------------
    def shows_opinions(self, table: str) -> str | None:
        """The 评价意见 column's title if ``table`` (附件1 or 表4-7) prints it, else ``None``."""
        opinions = self.ev.opinions
        return opinions.title if opinions and table in opinions.tables else None

    def opinion(self, crit: CriterionScore, third: IndicatorScore) -> str:
        """A criterion's 评价意见 as the report prints it, its bindings rendered: the judgement, the
        要点 met or not, the problems counted — or, for a rule that computes, its working."""
        return self.text(crit.criterion.finding() or crit.working, third.line, " › ".join(third.path))

    def opinions(self, third: IndicatorScore) -> str:
        """A 三级 indicator's 评价意见: its criteria's, marked ①②… when there are several."""
        found = [(crit, self.opinion(crit, third)) for crit in third.criteria]
        found = [(crit, text) for crit, text in found if text]
        if len(third.criteria) == 1:
            return found[0][1] if found else ""
        return "\n".join(f"{crit.mark}{text}" for crit, text in found)

    # -- 表4–7 --------------------------------------------------------------------------
    def level23(self, top: IndicatorScore, number: int) -> Table:
        opinion_title = self.shows_opinions("表4-7")
        rows: list[list[Cell]] = []
        for second in top.children or [top]:
            for i, third in enumerate(second.children or [second]):
                if second.is_leaf:  # a 二级 (or 一级) leaf of a flatter tree spans the 二级 and 三级 columns
                    row = [Cell(third.name, colspan=2, header=True)]
                else:
                    row = [Cell(second.name, rowspan=len(second.children), header=True)] if i == 0 else []
                    row.append(Cell(third.name))
                row += [
                    num(fmt_score(third.points)),
                    num(fmt_score(third.score)),
                    Cell(self.text(third.indicator.summary, third.line, " › ".join(third.path))),
                ]
                if opinion_title:
                    row.append(Cell(self.opinions(third)))
                rows.append(row)
        foot = [[Cell("总分", colspan=2, header=True), num(fmt_score(top.points)), num(fmt_score(top.score)), Cell("")]]
        if opinion_title:
            foot[0].append(Cell(""))
        key = f"表{number}"
        return Table(
            key,
            f"table-{number}",
            f"{key} {top.indicator.caption or f'{top.name}指标得分表'}",
            ["二级指标", "三级指标", "分值", "得分", "评分依据", *([opinion_title] if opinion_title else [])],
            rows,
            foot,
            source=f"{self.folder}/evaluation.yaml",
        )

    # -- 附件1 --------------------------------------------------------------------------
    def appendix1(self) -> Table:
        opinion_title = self.shows_opinions("附件1")
        rubric_indexed = self.ev.type == "自评"  # a self-evaluation's form is the report itself: all of it is searched
        rows: list[list[Cell]] = []
        for top in self.sheet.indicators:
            top_rows = sum(len(t.criteria) for t in top.walk() if t.is_leaf)
            first_top = True
            for second in top.children or [top]:
                second_rows = sum(len(t.criteria) for t in second.walk() if t.is_leaf)
                first_second = not second.is_leaf
                for third in second.children or [second]:
                    where = " › ".join(third.path)
                    shared_basis = self.text(third.indicator.basis, third.line, where)
                    for k, crit in enumerate(third.criteria):
                        row: list[Cell] = []
                        if first_top and not top.is_leaf:
                            row.append(Cell(f"{top.name}\n({top.points.normalize():f}分)", rowspan=top_rows, header=True))
                            first_top = False
                        if first_second:
                            row.append(Cell(second.name, rowspan=second_rows, header=True))
                            first_second = False
                        n = len(third.criteria)
                        if k == 0:
                            # a leaf above 三级 (a flatter 自评表) spans the levels it stands for
                            span = 4 - third.level
                            name = f"{third.name}\n({third.points.normalize():f}分)" if third.level == 1 else third.name
                            row += [
                                Cell(name, rowspan=n, colspan=span, header=span > 1),
                                num(f"{third.points.normalize():f}"),
                                Cell(self.text(third.indicator.explanation, third.line, where), rowspan=n, indexed=rubric_indexed),
                            ]
                            row[-2].rowspan = n
                        lines = crit.criterion.lines
                        marks = [circled(crit.no + j) for j in range(len(lines))]
                        row.append(
                            Cell(
                                "\n".join(f"{m}{self.text(t, third.line, where)}" for m, t in zip(marks, lines, strict=True)),
                                indexed=rubric_indexed,
                            )
                        )
                        if third.indicator.basis:
                            if k == 0:
                                row.append(Cell(shared_basis, rowspan=n))
                        else:
                            row.append(Cell(self.text(crit.criterion.basis, third.line, where)))
                        if opinion_title:
                            row.append(Cell(self.opinion(crit, third)))
                        row.append(num(fmt_score(crit.score)))
                        rows.append(row)
        foot = [
            [
                Cell("合计", colspan=3, header=True),
                num(fmt_score(self.sheet.total_points)),
                Cell("", colspan=4 if opinion_title else 3),
                num(fmt_score(self.sheet.total)),
            ]
        ]
        return Table(
            "附件1",
            "appendix-1",
            f"{self.ev.evaluated_body} {self.ev.year_label} 年{self.ev.type}绩效评价指标体系及评分表",
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "指标分值",
                "指标解释",
                "三级指标评分标准",
                "评价依据",
                *([opinion_title] if opinion_title else []),
                "得分",
            ],
            rows,
            foot,
            source=f"{self.folder}/evaluation.yaml",
            landscape=True,
        )

    # -- 附件2 --------------------------------------------------------------------------
    def appendix2(self) -> Table:
        """附件2: every question's counts and shares, group by group, then the graded satisfaction rates."""
        survey = self.sheet.loaded.survey
        if survey is None:
            raise DataError([Finding(f"{self.folder}/survey.yaml", None, "附件2", "该评价没有问卷数据", "添加 survey.yaml")])
        rows: list[list[Cell]] = []
        group = None
        for i, q in enumerate(survey.questions, 1):
            valid = survey.share_base(q)
            if survey.groups and survey.group_of(q) is not group:
                group = survey.group_of(q)
                if group is not None:
                    distributed = f"发放{group.distributed:,}份，" if group.distributed is not None else ""
                    heading = f"{group.title or f'{group.audience or group.id}问卷'}（{distributed}有效问卷{group.valid:,}份）"
                    rows.append([Cell(heading, colspan=4, header=True)])
            label = f"{i}、{q.text}" + ("（多选）" if q.type == "multiple" else "")
            if q.pooled:
                label += f"（{q.pooled}题合计，回答总数{q.answered:,}）"
            elif q.type == "single" and q.options and q.answered != valid:
                label += f"（回答{q.answered:,}份）"
            if not q.options:
                answers = "；".join(q.answers) if q.answers else ""
                rows.append([Cell(label, header=True), Cell(answers, colspan=3)])
                continue
            for k, o in enumerate(q.options):
                row = [Cell(label, rowspan=len(q.options), header=True)] if k == 0 else []
                share = fmt_percent(Decimal(o.count) / valid) if valid else DASH
                row += [Cell(f"{o.key}. {o.text}"), num(f"{o.count:,}"), num(share)]
                rows.append(row)
        rows += self.satisfaction_rows()
        notes = [
            f"{audience + '：' if survey.groups and audience else ''}问卷发放数：{f'{distributed:,}' if distributed is not None else DASH}；有效问卷数：{valid:,}"
            for audience, distributed, valid in survey.respondents()
        ]
        return Table(
            "附件2",
            "appendix-2",
            f"{self.ev.evaluated_body} {self.ev.year_label} 年{self.ev.type}绩效评价调查问卷统计表",
            ["问卷题目", "选项", "小计", "占比"],
            rows,
            source=f"{self.folder}/survey.yaml",
            note="。".join(notes),
        )

    def satisfaction_rows(self) -> list[list[Cell]]:
        """The graded satisfaction rates that add up several questions (or a pooled count of several):
        回答总数 is not 有效问卷数 there."""
        rows: list[list[Cell]] = []
        survey = self.sheet.loaded.survey
        numbers = {q.id: str(i) for i, q in enumerate(survey.questions, 1)} if survey else {}
        for third in self.sheet.leaves():
            for crit in third.criteria:
                if not isinstance(crit.criterion, GradedSurvey):
                    continue
                tally = crit.criterion.tally(self.sheet.loaded.survey)
                if not tally.added_up:
                    continue
                asked = "、".join(numbers.get(qid, qid) for qid in tally.questions)
                pooled = survey.question(tally.questions[0]) if survey and len(tally.questions) == 1 else None
                which = f"第{asked}题满意度（{pooled.pooled}题合计）" if pooled and pooled.pooled else f"第{asked}题合计满意度"
                label = f"{third.name}{crit.mark if len(third.criteria) > 1 else ''}：{which}"
                rows += [
                    [Cell(label, rowspan=3, header=True), Cell("回答总数"), num(f"{tally.answered:,}"), num(DASH)],
                    [Cell("有效问卷数"), num(f"{tally.valid:,}"), num(DASH)],
                    [Cell("满意度（加权）"), num(DASH), num(fmt_percent(tally.rate))],
                ]
        return rows

    # -- 附件3 / 附件4 --------------------------------------------------------------------
    def _feedback(self):
        fb = self.sheet.loaded.feedback
        if fb is None:
            raise DataError([Finding(f"{self.folder}/feedback.yaml", None, "附件3", "该评价没有意见反馈数据", "添加 feedback.yaml")])
        return fb

    def appendix3(self) -> Table:
        fb = self._feedback()
        contact = {c.role: c for c in self.ev.contacts}
        ev_contact = contact.get("项目负责人")
        body_contact = contact.get("预算部门联系人")
        h = lambda t: Cell(t, header=True)  # noqa: E731
        opinions = "\n".join(item.opinion for item in fb.items)
        rows = [
            [h("报告名称"), Cell(self.ev.title, colspan=3)],
            [h("评价实施中介机构"), Cell(self.ev.evaluator), h("联系人及电话"), Cell(contact_text(ev_contact))],
            [h("预算部门(单位)"), Cell(self.ev.evaluated_body), h("联系人及电话"), Cell(contact_text(body_contact))],
            [h("预算部门(单位)意见"), Cell(opinions, colspan=3)],
            [h("预算部门(单位)签章确认"), Cell(f"预算部门(单位)（签章）　{cn_date(fb.signed) if fb.signed else ''}", colspan=3)],
        ]
        return Table("附件3", "appendix-3", "绩效评价报告意见反馈表", [], rows, source=f"{self.folder}/feedback.yaml")

    def appendix4(self) -> Table:
        fb = self._feedback()
        rows = [[Cell(item.opinion), Cell(item.response)] for item in fb.items]
        note = f"填表时间：{cn_date(fb.filled)}" if fb.filled else None
        return Table(
            "附件4",
            "appendix-4",
            "绩效评价报告意见反馈采纳情况表（部门）",
            ["部门（单位）意见", "中介机构采纳意见"],
            rows,
            source=f"{self.folder}/feedback.yaml",
            note=note,
        )

    # -- 复核差异 --------------------------------------------------------------------------
    def differences(self) -> Table:
        """Every printed score (``reported``) that is not the computed one, at any level."""
        rows = [
            [
                Cell(d.label, header=True),
                Cell(d.level),
                num(fmt_score(d.reported)),
                num(fmt_score(d.computed)),
                num(fmt_score(d.computed - round2(d.reported))),
            ]
            for d in self.sheet.differences
        ]
        if not rows:
            rows = [[Cell("填报得分与复核得分一致", colspan=5)]]
        return Table(
            "复核差异",
            REVIEW_SLUG,
            "复核差异表（填报得分与复核得分不一致之处）",
            ["指标", "层级", "填报得分", "复核得分", "差额"],
            rows,
            source=f"{self.folder}/evaluation.yaml",
        )

    # -- lookup --------------------------------------------------------------------------
    def builders(self) -> dict[str, Callable[[], Table]]:
        """Table key → builder, in the report's order."""
        out: dict[str, Callable[[], Table]] = {"概要表": self.overview, "表1": self.grades, "表2": self.samples, "表3": self.level1}
        for i, top in enumerate(self.sheet.indicators):
            out[f"表{4 + i}"] = lambda top=top, n=4 + i: self.level23(top, n)
        out.update({"附件1": self.appendix1, "附件2": self.appendix2, "附件3": self.appendix3, "附件4": self.appendix4})
        out["复核差异"] = self.differences
        if self.ev.form is not None:
            from jixiao.presentation.self_evaluation_form import form_table

            out["自评表"] = lambda: form_table(self.sheet, self.folder)
        return out

    def get(self, key: str) -> Table:
        builders = self.builders()
        if key not in builders:
            raise DataError([Finding(self.file, None, key, f"没有表格“{key}”", "可用：" + "、".join(builders))])
        return builders[key]()
