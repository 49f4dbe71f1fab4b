"""Arithmetic a reader can redo with a calculator: totals, shares, rates and grades as typed.

Nothing here needs the data: a typed table's 合计 must be the sum of its rows, 得分率 must be
得分 / 分值, a score cannot exceed its points, a percentage must agree with the numerator and
denominator typed in the same sentence (``完成预算的 175.15%`` beside 22,300.00 and 61,358.00),
the parts after ``其中`` must add up, and a grade must be the band of the score beside it. Where
the data holds a quantity the sentence leaves out (2021 年死亡人数) the check uses it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.data.money import HUNDRED
from jixiao.errors import Finding
from jixiao.integrity.document import NUMBER, Document, Figure, MdTable, figures
from jixiao.integrity.narrative_base import fmt, quantize
from jixiao.scoring.grades import grade_for
from jixiao.scoring.score_sheet import ScoreSheet

_TOTAL = {"合计", "总分", "总计"}
_DROP = re.compile(rf"(?P<subject>[\u4e00-\u9fff]{{2,8}}?)减少(?P<n>{NUMBER})(?P<unit>起|人|户|个|次|项|处)[，,]\s*下降(?P<p>{NUMBER})%")


class Arithmetic:
    def __init__(self, doc: Document, sheet: ScoreSheet | None) -> None:
        self.doc = doc
        self.sheet = sheet
        self.findings: list[Finding] = []

    def add(self, line: int, where: str, message: str, fix: str, expected: str | None, severity: str = "error") -> None:
        self.findings.append(Finding(self.doc.display, line, where, message, fix, severity, expected))  # type: ignore[arg-type]

    def percent(self, line: int, where: str, fig: Figure, computed: Decimal, working: str) -> None:
        """A typed percentage against its own numerator and denominator."""
        if quantize(computed * HUNDRED, fig.places) != fig.value:
            expected = fmt(computed * HUNDRED, fig.places, "%")
            self.add(line, where, f"{fig.text}% 与同句数字不符：{working} = {expected}", f"改为 {expected}，或改正同句的数字", expected)

    # -- sentences ------------------------------------------------------------------
    def paragraph(self, line: int, text: str) -> None:
        for sentence in re.findall(r"[^。！？]+[。！？]?", text):
            figs = figures(sentence)
            money = [f for f in figs if f.unit == "元"]
            for i, fig in enumerate(figs):
                if fig.unit != "%":
                    continue
                label = sentence[max(0, fig.start - 12) : fig.start].rstrip()
                if label.endswith("完成预算的"):
                    actual = _labelled(sentence, money, "决算数")
                    budget = _labelled(sentence, money, "预算数", exclude=("决算", "超预算"))
                    if actual and budget and budget.value:
                        self.percent(line, "完成预算", fig, actual.value / budget.value, f"{actual.text} ÷ {budget.text}")
                elif re.search(r"预算调整率\s*(为|是)?\s*$", label):
                    start = _labelled(sentence, money, "年初预算数")
                    final = _labelled(sentence, money, "调整后预算数") or _labelled(sentence, money, "全年预算数")
                    if start and final and start.value:
                        working = f"({final.text} − {start.text}) ÷ {start.text}"
                        self.percent(line, "预算调整率", fig, (final.value - start.value) / start.value, working)
                elif re.search(r"占[^，。；\d]{0,12}的?\s*$", sentence[: fig.start]) or re.search(r"占\s*$", label):
                    self.share(line, text, sentence, figs[:i], fig)
            for m in _DROP.finditer(sentence):
                self.drop(line, sentence, m)
        self.parts(line, text)
        self.grade(line, text)

    def share(self, line: int, paragraph: str, sentence: str, before: list[Figure], fig: Figure) -> None:
        """``X 元，占 P%`` / ``X 元占 Y 元的 P%``: P = X / Y (Y typed, or the whole before ``其中``)."""
        cut = sentence.rfind("占", 0, fig.start)
        inside = [f for f in before if f.start > cut and f.unit != "%"]
        part = next((f for f in reversed(before) if f.start < cut and f.unit not in ("%", "")), None)
        if part is None:
            return
        if inside:
            whole = inside[-1]
            if whole.value:
                self.percent(line, "占比", fig, part.value / whole.value, f"{part.text} ÷ {whole.text}")
            return
        head = paragraph.find(sentence)
        split = paragraph.rfind("其中", 0, head + part.start)
        if split < 0:
            return
        wholes = [f for f in figures(paragraph[:split]) if f.unit == part.unit and f.value]
        if wholes and not any(quantize(part.value / w.value * HUNDRED, fig.places) == fig.value for w in wholes):
            self.percent(line, "占比", fig, part.value / wholes[-1].value, f"{part.text} ÷ {wholes[-1].text}")

    def drop(self, line: int, sentence: str, m: re.Match[str]) -> None:
        """``减少 N 人，下降 P%``: P = N / (now + N), ``now`` typed before it or held by the data."""
        n = Decimal(m.group("n").replace(",", ""))
        unit = m.group("unit")
        subject = m.group("subject").removeprefix("与上年同期相比").strip("，, ")
        typed = Figure(Decimal(m.group("p")), m.group("p"), "%", m.start("p"), m.end("p"))
        now = next((f.value for f in reversed(figures(sentence[: m.start()])) if f.unit == unit), None)
        facts = self.sheet.facts if self.sheet else {}
        if now is None and subject in facts:
            now = facts[subject]
        if now is None or not now + n:
            return
        self.percent(line, f"{subject}下降率", typed, n / (now + n), f"{m.group('n')} ÷ ({_plain(now)} + {m.group('n')})")
        if self.sheet is None:
            return
        implied = now + n
        for name, value in facts.items():
            if name.startswith("上年") and subject in name and value != implied and self.sheet.loaded.facts[name].unit == unit:
                rate = fmt((value - now) / value * HUNDRED, 2, "%") if value else "-"
                self.add(
                    line,
                    f"{subject}下降率",
                    f"“减少{m.group('n')}{unit}，下降{m.group('p')}%”推算上年为 {_plain(implied)}{unit}，"
                    f"而数据“{name}”为 {_plain(value)}{unit}（按此应减少 {_plain(value - now)}{unit}、下降 {rate}）",
                    "核对上年数的口径，统一正文与附件",
                    rate,
                    "warning",
                )

    def parts(self, line: int, text: str) -> None:
        """``X 元，其中：a 元、b 元`` — the parts (up to ；。）) add up to the whole before 其中."""
        for m in re.finditer(r"其中[:：]?", text):
            tail = re.split(r"[；;。）)]", text[m.end() :], maxsplit=1)[0]
            parts = [f for f in figures(tail) if f.unit not in ("%", "")]
            if len(parts) < 2 or len({f.unit for f in parts}) != 1:
                continue
            unit = parts[0].unit
            wholes = [f for f in figures(text[: m.start()]) if f.unit == unit]
            total = sum((f.value for f in parts), Decimal(0))
            if wholes and total not in {w.value for w in wholes}:
                whole = wholes[-1]
                shown = " + ".join(f.text for f in parts)
                expected = fmt(total, max(f.places for f in parts), unit)
                self.add(line, "其中", f"{whole.text}{unit} 与其中各项之和不符：{shown} = {expected}", "改正合计或各项", expected)

    def grade(self, line: int, text: str) -> None:
        """A score and a grade on one line: the grade must be the band of the score."""
        if self.sheet is None:
            return
        score = re.search(rf"(?:得分为|分值[：:]?|得分[：:])\s*({NUMBER})\s*分?", text)
        grade = re.search(r"等级(?:为|是|[：:])?\s*[“\"]?(优|良|中|差)", text)
        if score and grade and score.start() < grade.start():
            value = Decimal(score.group(1))
            band = grade_for(value, self.sheet.evaluation.grades)
            if band != grade.group(1):
                self.add(line, "等级", f"{score.group(1)} 分对应等级“{band}”，正文写“{grade.group(1)}”", f"改为“{band}”", band)

    # -- tables ---------------------------------------------------------------------
    def table(self, table: MdTable) -> None:
        header = [h.replace(" ", "") for h in table.header]
        where = self.caption(table)
        points = _col(header, ("分值", "指标分值"))
        score = _col(header, ("得分", "评价得分"))
        rate = next((i for i, h in enumerate(header) if h.endswith("率") or "占比" in h), None)
        body: list[list[str]] = []
        for k, row in enumerate(table.rows):
            cells = row.cells + [""] * (len(header) - len(row.cells))
            label = next((c for c in cells if c.strip()), "").replace(" ", "")
            if points is not None and score is not None:
                p, s = _num(cells[points]), _num(cells[score])
                if p is not None and s is not None and s > p:
                    self.add(row.line, where, f"得分 {cells[score]} 超过分值 {cells[points]}", "得分应在 0 到分值之间", cells[points])
                if rate is not None and p and s is not None and "%" in cells[rate]:
                    fig = figures(cells[rate])[0]
                    self.percent(row.line, where, fig, s / p, f"{cells[score]} ÷ {cells[points]}")
            if label in _TOTAL:
                self.total(row.line, where, header, body, cells)
                body = []
            elif ("比例" in label or "占比" in label) and k >= 2 and "%" in " ".join(cells):
                a, b = _last_num(table.rows[k - 2].cells), _last_num(table.rows[k - 1].cells)
                fig = figures(" ".join(cells))[-1]
                if a is not None and b:
                    self.percent(row.line, where, fig, a / b, f"{a:,} ÷ {b:,}")
            else:
                body.append(cells)

    def total(self, line: int, where: str, header: list[str], body: list[list[str]], cells: list[str]) -> None:
        for c, cell in enumerate(cells):
            typed = _num(cell)
            values = [_num(r[c]) for r in body if c < len(r)]
            values = [v for v in values if v is not None]
            if typed is None or "%" in cell or not values or "率" in (header[c] if c < len(header) else ""):
                continue
            total = sum(values, Decimal(0))
            if total != typed:
                places = len(cell.split(".")[1]) if "." in cell else 0
                expected = f"{quantize(total, places):,.{places}f}"
                self.add(
                    line,
                    where,
                    f"{header[c] if c < len(header) else '合计'}合计 {cell.strip()} 与各行之和 {expected} 不符",
                    "改正合计或各行",
                    expected,
                )

    def caption(self, table: MdTable) -> str:
        for p in self.doc.paragraphs():
            if table.line - 4 <= p.line < table.line and re.match(r"^表\s?\d|^附件", p.text):
                return p.text.split()[0] + (p.text.split()[1] if re.fullmatch(r"表", p.text.split()[0]) else "")
        return "表格"

    def run(self) -> list[Finding]:
        for p in self.doc.paragraphs():
            self.paragraph(p.line, p.text)
        for table in self.doc.tables():
            self.table(table)
        return self.findings


def _labelled(sentence: str, figs: list[Figure], label: str, exclude: tuple[str, ...] = ()) -> Figure | None:
    """The figure whose own label (the words since the last punctuation) ends with ``label``."""
    for f in figs:
        own = re.split(r"[，,；;：:。、（）()]", sentence[: f.start])[-1]
        own = re.sub(r"(为|是|共计|共|达)\s*$", "", own).strip()
        if own.endswith(label) and not any(x in own for x in exclude):
            return f
    return None


def _plain(value: Decimal) -> str:
    """``10``, not ``1E+1``."""
    return format(value.normalize(), "f")


def _col(header: list[str], names: tuple[str, ...]) -> int | None:
    return next((header.index(n) for n in names if n in header), None)


def _num(cell: str) -> Decimal | None:
    m = re.fullmatch(rf"\s*({NUMBER})\s*", cell)
    return Decimal(m.group(1).replace(",", "")) if m else None


def _last_num(cells: list[str]) -> Decimal | None:
    values = [_num(c) for c in cells]
    return next((v for v in reversed(values) if v is not None), None)


def check_arithmetic(doc: Document, sheet: ScoreSheet | None = None) -> list[Finding]:
    """Every sum, share and grade typed in ``doc`` that a calculator disproves."""
    return Arithmetic(doc, sheet).run()
