"""The appendices: 附件1 (the full rubric and every criterion's score), 附件2 (the survey), 附件3/4 (feedback
and how it was taken up), and the 复核差异 table of printed scores the recomputation does not reproduce."""

from __future__ import annotations

from decimal import Decimal

from jixiao.data.contacts import contact_text
from jixiao.data.model import circled
from jixiao.data.money import fmt_percent, fmt_score, round2
from jixiao.errors import DataError, Finding
from jixiao.presentation.cells import Cell, Table, num
from jixiao.presentation.numbers import cn_date
from jixiao.presentation.table_base import DASH, REVIEW_SLUG, TableBase
from jixiao.scoring.rules.graded_survey import GradedSurvey


class AppendixTables(TableBase):
    """The tables a report prints after its chapters."""

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
