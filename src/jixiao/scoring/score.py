"""Compute the score sheet of one loaded evaluation, checking what the numbers mean.

Order: derived facts → rates → each criterion (rule, then the one rounding rule) →
三级 = Σ criteria → 二级 = Σ 三级 → 一级 = Σ 二级 → total = Σ 一级 → grade. Every
problem found on the way (a sum that does not match, a score above its points, a
zero denominator, overlapping grade bands…) is collected and raised once.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jixiao.data.load import Loaded, Located
from jixiao.data.model import Evaluation, Indicator, circled
from jixiao.data.money import fmt_score, round2
from jixiao.errors import Collector, DataError, Finding
from jixiao.scoring.dimensions import PERCENT, percent_scale
from jixiao.scoring.formula import FormulaError, evaluate, names_in
from jixiao.scoring.grades import check_bands, grade_for
from jixiao.scoring.rules import Context, Criterion, RuleProblem
from jixiao.scoring.score_sheet import LEVEL_NAMES, CriterionScore, Difference, IndicatorScore, ScoreSheet, Signed

#: the unit of what a derived fact's functions return: ``total("samples")`` adds 支出金额 in 元
FUNCTION_UNITS = {"total": "元"}


def _names(expr: str) -> set[str]:
    """Names in a formula; a formula with a syntax error depends on nothing (it fails when evaluated)."""
    try:
        return names_in(expr)
    except FormulaError:
        return set()


class _Scorer:
    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.ev = loaded.files["evaluation.yaml"]
        self.problems = Collector()
        self.differences: list[Difference] = []
        self.compared = 0
        #: facts and rates whose formula failed; whatever uses them is not reported again
        self.failed: set[str] = set()

    def finding(self, path: list[str | int], where: str, message: str, fix: str = "", located: Located | None = None) -> None:
        located = located or self.ev
        self.problems.add(Finding(located.display, located.line(path), where, message, fix))

    # -- facts and rates --------------------------------------------------------
    def facts(self) -> dict[str, Decimal]:
        values: dict[str, Decimal] = {n: f.value for n, f in self.loaded.facts.items() if f.value is not None}
        pending = {n: f.formula for n, f in self.loaded.facts.items() if f.formula is not None}
        located = self.loaded.files.get("facts.yaml")
        functions = {"total": self._total}
        while pending:
            ready = {n: e for n, e in pending.items() if not (_names(e) & set(pending))}
            if not ready:
                for name in pending:
                    self.finding([name], name, "事实的公式之间循环引用", "去掉循环", located)
                self.failed.update(pending)
                break
            for name, expr in ready.items():
                del pending[name]
                if _names(expr) & self.failed:
                    self.failed.add(name)
                    continue
                try:
                    values[name] = evaluate(expr, values, functions)
                    if self.loaded.facts[name].unit == PERCENT:
                        values[name] *= percent_scale(expr, self.units, FUNCTION_UNITS, as_rate=False)
                except FormulaError as exc:
                    self.failed.add(name)
                    self.finding([name, "formula"], name, str(exc), exc.fix, located)
        return values

    @property
    def units(self) -> dict[str, str]:
        """Each fact's unit, for the unit algebra of a percentage's formula (``dimensions``)."""
        return {n: f.unit for n, f in self.loaded.facts.items()}

    def _total(self, table: str) -> Decimal:
        if table != "samples":
            raise FormulaError(f"没有名为 '{table}' 的表（可用：samples）")
        if not self.loaded.samples:
            raise FormulaError("samples.csv 不存在或为空")
        return sum((s.amount for s in self.loaded.samples), Decimal(0))

    def rates(self, facts: dict[str, Decimal]) -> dict[str, Decimal]:
        rates = {}
        for name, expr in self.loaded.evaluation.rates.items():
            if _names(expr) & self.failed:
                self.failed.add(name)
                continue
            try:
                rates[name] = evaluate(expr, facts) * percent_scale(expr, self.units, FUNCTION_UNITS, as_rate=True)
            except FormulaError as exc:
                self.failed.add(name)
                self.finding(["rates", name], f"比率 {name}", str(exc), exc.fix)
        return rates

    # -- the tree ---------------------------------------------------------------
    def indicator(self, ind: Indicator, level: int, parents: tuple[str, ...], path: list[str | int], ctx: Context) -> IndicatorScore:
        names = (*parents, ind.name)
        where = " › ".join(names)
        line = self.ev.line(path)
        node = IndicatorScore(ind, level, names, ind.points or Decimal(0), Decimal(0), line)
        if ind.children and ind.criteria:
            self.finding([*path, "criteria"], where, f"{LEVEL_NAMES[level]}指标不能同时有下级指标和评分标准", "评分标准放在末级指标下")
        if ind.children and level == 3:
            self.finding([*path, "children"], where, "三级指标不能再有下级指标", "指标体系最多三级")
        elif ind.children:
            seen: dict[str, int] = {}
            for i, child in enumerate(ind.children):
                if child.name in seen:
                    self.finding([*path, "children", i, "name"], where, f"下级指标“{child.name}”重复", "改名或合并")
                seen[child.name] = i
                node.children.append(self.indicator(child, level + 1, names, [*path, "children", i], ctx))
            node.score = sum((c.score for c in node.children), Decimal(0))
            children_points = sum((c.points for c in node.children), Decimal(0))
            if ind.points is None:
                if level == 1:
                    self.finding(path, where, "一级指标缺少分值 points", f"写 points: {children_points}")
                node.points = children_points
            elif ind.points != children_points:
                self.finding(
                    [*path, "points"], where, f"分值 {ind.points} 与下级指标分值之和 {children_points} 不符", "改正分值或下级指标的分值"
                )
        elif not ind.criteria:
            if level == 3:
                self.finding(path, where, "三级指标没有评分标准", "添加 criteria")
            else:
                self.finding(
                    path, where, f"{LEVEL_NAMES[level]}指标既没有下级指标也没有评分标准", "添加 children（下级指标）或 criteria（评分标准）"
                )
        else:
            # a leaf: a 三级 indicator, or, in a flatter tree (a 自评表 of one or two levels), a 一级 or 二级 one
            criteria_points = sum((c.points for c in ind.criteria), Decimal(0))
            if ind.points is None:
                self.finding(path, where, f"{LEVEL_NAMES[level]}指标缺少分值 points", f"写 points: {criteria_points}")
                node.points = criteria_points
            elif ind.points != criteria_points:
                self.finding(
                    [*path, "points"], where, f"分值 {ind.points} 与评分标准分值之和 {criteria_points} 不符", "改正分值或评分标准的分值"
                )
            leaf_ctx = replace(ctx, indicator=ind)
            next_no = 1
            for i, criterion in enumerate(ind.criteria):
                scored = self.criterion(criterion, next_no, names, [*path, "criteria", i], leaf_ctx)
                next_no = (criterion.no or next_no) + len(criterion.lines)
                if scored:
                    node.criteria.append(scored)
            node.score = sum((c.score for c in node.criteria), Decimal(0))
        self.compare(ind.reported, node.score, names, None, [*path, "reported"])
        return node

    def compare(self, reported: Decimal | None, computed: Decimal, names: tuple[str, ...], no: int | None, path: list[str | int]) -> None:
        """Record a 复核差异 where a printed score (``reported``) is not the computed one."""
        if reported is None:
            return
        self.compared += 1
        if round2(reported) != computed:
            self.differences.append(Difference(names, no, reported, computed, self.ev.display, self.ev.line(path)))

    def criterion(
        self, criterion: Criterion, auto_no: int, names: tuple[str, ...], path: list[str | int], ctx: Context
    ) -> CriterionScore | None:
        """Score one criterion; ``auto_no`` (①…) counts the lines of the criteria before it unless ``no`` is set."""
        no = criterion.no or auto_no
        where = f"{' › '.join(names)} › 评分标准{circled(no)}"
        try:
            outcome = criterion.compute(ctx)
        except RuleProblem as exc:
            if exc.reported:
                return None
            self.finding([*path, exc.field] if exc.field else path, where, exc.message, exc.fix)
            return None
        score = round2(outcome.score)
        if score > criterion.points:
            self.finding(
                [*path, "score"], where, f"得分 {fmt_score(score)} 超过分值 {criterion.points}", f"得分应在 0 到 {criterion.points} 之间"
            )
        elif score < 0:
            self.finding([*path, "score"], where, f"得分 {fmt_score(score)} 为负数", f"得分应在 0 到 {criterion.points} 之间")
        self.compare(criterion.reported, score, names, no, [*path, "reported"])
        return CriterionScore(no, criterion, score, outcome.working, outcome.rate)

    def form(self, ev: Evaluation, facts: dict[str, Decimal], leaves: dict[str, IndicatorScore]) -> None:
        """A 自评表's 项目资金 cells that name facts name existing ones in the form's unit; the indicator
        named to print in those rows exists."""
        form = ev.form
        assert form is not None
        for i, row in enumerate(form.funds):
            for name in ("initial", "annual", "executed"):
                value = getattr(row, name)
                if not isinstance(value, str):
                    continue
                where = f"项目资金 {row.label}"
                fact = self.loaded.facts.get(value)
                if fact is None:
                    self.finding(["form", "funds", i, name], where, f"引用的事实 '{value}' 未定义", "写数字，或在 facts.yaml 中添加该事实")
                elif fact.unit != form.unit:
                    self.finding(
                        ["form", "funds", i, name],
                        where,
                        f"事实 '{value}' 以{fact.unit}计，自评表的项目资金以{form.unit}计",
                        f"令 form.unit 与事实的单位相同（{fact.unit}）",
                    )
        if form.budget_indicator and form.budget_indicator not in leaves:
            self.finding(["form", "budget_indicator"], "form", f"没有名为“{form.budget_indicator}”的末级指标", "改正指标名")

    def years(self, ev: Evaluation) -> None:
        """One year (``year``) or the years covered (``years``), never both nor neither."""
        if (ev.year is None) == (ev.years is None):
            both = ev.year is not None
            self.finding(
                ["year"] if both else [],
                "year",
                "year 与 years 都写了" if both else "缺少被评价的年度",
                "一年的评价写 year: 2022；多年的写 years: 2021-2024 或逐年列出",
            )
        elif ev.years is not None and (not ev.years or list(ev.years) != sorted(set(ev.years))):
            self.finding(
                ["years"],
                "years",
                f"years {list(ev.years)} 应为从早到晚、不重复的年度",
                "如 years: [2021, 2022, 2023, 2024] 或 years: 2021-2024",
            )

    # -- survey ------------------------------------------------------------------
    def survey(self) -> None:
        survey = self.loaded.survey
        located = self.loaded.files.get("survey.yaml")
        if survey is None or located is None:
            return
        if survey.groups:
            if survey.valid is not None:
                self.finding(["valid"], "问卷", "写了 groups，有效问卷数应写在每组里", "删去顶层的 valid，在每组写 valid", located)
            names: set[str] = set()
            for gi, group in enumerate(survey.groups):
                if group.id in names:
                    self.finding(["groups", gi, "id"], f"调查对象 {group.id}", f"组名 {group.id} 重复", "改正组名", located)
                names.add(group.id)
                if group.distributed is not None and group.valid > group.distributed:
                    self.finding(
                        ["groups", gi, "valid"],
                        f"调查对象 {group.id}",
                        f"有效问卷数 {group.valid} 多于发放数 {group.distributed}",
                        "改正有效问卷数或发放数",
                        located,
                    )
        elif survey.valid is None:
            self.finding([], "问卷", "缺少必填字段 'valid'", "写明有效问卷数；几组调查对象时写 groups", located)
        elif survey.distributed is not None and survey.valid > survey.distributed:
            self.finding(["valid"], "问卷", f"有效问卷数 {survey.valid} 多于发放数 {survey.distributed}", "改正有效问卷数或发放数", located)
        ids: set[str] = set()
        for qi, q in enumerate(survey.questions):
            if q.id in ids:
                self.finding(["questions", qi, "id"], q.id, f"题号 {q.id} 重复", "改正题号", located)
            ids.add(q.id)
            if survey.groups and survey.group_of(q) is None:
                known = "、".join(g.id for g in survey.groups)
                self.finding(["questions", qi], q.id, f"题目没有所属的调查对象组（group: {q.group}）", f"写 group，可用：{known}", located)
                continue
            if q.group is not None and not survey.groups:
                self.finding(
                    ["questions", qi, "group"], q.id, f"没有 groups，题目的 group “{q.group}” 无所指", "删去 group，或写出 groups", located
                )
            valid = survey.share_base(q)
            most = f" {q.pooled} 题 × 有效问卷数 {survey.valid_for(q)} = {valid}" if q.pooled else f"有效问卷数 {valid}"
            if q.pooled and q.type != "single":
                self.finding(
                    ["questions", qi, "pooled"], q.id, "pooled（几道题合计的份数）只用于单选题", "删去 pooled，或把题型改为 single", located
                )
            keys: set[str] = set()
            for oi, option in enumerate(q.options):
                if option.key in keys:
                    self.finding(["questions", qi, "options", oi, "key"], q.id, f"选项 {option.key} 重复", "改正选项字母", located)
                keys.add(option.key)
                if option.count > valid:
                    self.finding(
                        ["questions", qi, "options", oi, "count"],
                        f"{q.id} 选项{option.key}",
                        f"份数 {option.count} 多于{most}",
                        "改正份数" if q.pooled else "改正份数；若是几道题合计的份数，写 pooled: 题数",
                        located,
                    )
            if q.type == "single" and q.answered > valid:
                self.finding(
                    ["questions", qi],
                    q.id,
                    f"单选题各选项份数之和 {q.answered} 多于{most}",
                    "改正份数" if q.pooled else "改正份数；多选题把题型改为 multiple；几道题合计的份数写 pooled: 题数",
                    located,
                )
            if q.type == "open" and q.options:
                self.finding(["questions", qi, "options"], q.id, "开放题不能有选项", "删除 options 或改题型", located)
        if survey.satisfied:
            if (
                len(survey.satisfied) != 2
                or survey.question(survey.satisfied[0]) is None
                or survey.question(survey.satisfied[0]).option(survey.satisfied[1]) is None
            ):  # type: ignore[union-attr]
                self.finding(["satisfied"], "问卷", f"satisfied {survey.satisfied} 不是有效的 [题号, 选项]", "如 [Q1, A]", located)

    def run(self) -> ScoreSheet:
        ev = self.loaded.evaluation
        self.problems.extend(check_bands(ev.grades, ev.total_points, self.ev))
        self.years(ev)
        self.survey()
        facts = self.facts()
        rates = self.rates(facts)
        derived = {n for n, f in self.loaded.facts.items() if f.formula is not None}
        ctx = Context(facts, rates, self.loaded.survey, dict(ev.rates), self.failed, self.units, derived, form=ev.form)
        tops = []
        seen: set[str] = set()
        for i, top in enumerate(ev.indicators):
            if top.name in seen:
                self.finding(["indicators", i, "name"], top.name, f"一级指标“{top.name}”重复", "改名或合并")
            seen.add(top.name)
            tops.append(self.indicator(top, 1, (), ["indicators", i], ctx))
        leaves: dict[str, IndicatorScore] = {}
        for node in (n for t in tops for n in t.walk() if n.is_leaf):
            if node.name in leaves:
                first = " › ".join(leaves[node.name].path)
                kind = "三级指标" if node.level == 3 else "末级指标"
                self.problems.add(
                    Finding(self.ev.display, node.line, " › ".join(node.path), f"{kind}名“{node.name}”与“{first}”重复", f"{kind}名须唯一")
                )
            leaves[node.name] = node
        if ev.form is not None:
            self.form(ev, facts, leaves)
        points = sum((t.points for t in tops), Decimal(0))
        if points != ev.total_points:
            self.finding(["indicators"], "指标体系", f"一级指标分值之和为 {points}，应为 {ev.total_points}", "调整一级指标的分值")
        self.problems.raise_if_errors()
        total = sum((t.score for t in tops), Decimal(0))
        self.compare(ev.reported_total, total, (), None, ["reported_total"])
        differences = sorted(self.differences, key=lambda d: d.line or 0)  # the order they are written in
        return ScoreSheet(self.loaded, tops, total, grade_for(total, ev.grades), facts, rates, differences, self.compared)


def score(loaded: Loaded) -> ScoreSheet:
    """Score ``loaded``; raise ``DataError`` listing every problem found."""
    return _Scorer(loaded).run()


__all__ = ["CriterionScore", "DataError", "Difference", "IndicatorScore", "ScoreSheet", "Signed", "grade_for", "score"]
