"""The report's own tables: 概要表, 表1 (grade bands), 表2 (sampled projects), 表3 (一级), 表4–7 (each 一级's 二级/三级)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.data.admin_levels import overview_labels
from jixiao.data.contacts import contact_text
from jixiao.data.money import fmt_percent, fmt_score, fmt_wan, fmt_yuan
from jixiao.presentation.cells import Cell, Table, num
from jixiao.presentation.table_base import DASH, TableBase
from jixiao.scoring.score_sheet import IndicatorScore


class ReportTables(TableBase):
    """The tables a third-party report prints in its chapters."""

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
