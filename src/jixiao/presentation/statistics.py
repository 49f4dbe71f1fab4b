"""统计分析: what a budget committee asks of all evaluations at once, computed with pandas.

Each evaluation's part carries its *record* (``statistics_record.record``): who and what it is about, the
report's score, the 自评 score it prints, and every indicator's points and score. The site-wide
step puts the records of every published evaluation into two frames (``statistics_frames.Frames``: one row per
evaluation, one row per indicator) and asks them:

* counts and grades by year × type, by commissioner level, commissioner and evaluator;
* the distribution of scores;
* the gap between a 自评 score and the third-party score of the same spending, one by one and
  on average by year and type;
* the 二级 indicators (matched by their 一级/二级 names, normalized) with the lowest 得分率;
* the units scoring below 80 in consecutive years, and each unit's scores across years.

Scores are held as whole cents (``int``), so every sum is exact; an average or a rate is one
``Decimal`` division of two exact sums, rounded once by the project's rule (``data.money.round2``).
The pages (``pages``) print those figures from the frames and say how each is computed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.data.admin_levels import LEVELS
from jixiao.data.money import round2
from jixiao.presentation.charts import GRADE_COLOURS, Chart, Series, figure_html
from jixiao.presentation.statistics_frames import GRADES, LOW, WEAKEST, frames, gaps, grade_table, low_runs, score_bands, units, weakest
from jixiao.presentation.statistics_paths import FOLDER, TITLE, indicator_page, unit_page
from jixiao.presentation.statistics_record import figure

if TYPE_CHECKING:
    import pandas as pd

    from jixiao.presentation.charts import Store

#: the pages' front matter: tables need the width of the table of contents; and they stay out of the search
#: index, which finds the reports (these pages repeat every evaluation's and indicator's name)
HIDE_TOC = "---\nhide:\n  - toc\nsearch:\n  exclude: true\n---\n"


# -- the pages -------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def text(value: object) -> str:
    """Data as Markdown text: HTML escaped, Markdown's punctuation taken literally (a name is never markup)."""
    escaped = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", escaped)


def num(value: Decimal) -> str:
    return f"{value:.2f}"


def signed(value: Decimal) -> str:
    return f"{value:+.2f}" if value else "0.00"


class Page:
    """Markdown under construction for one page at ``src`` (links are written relative to it)."""

    def __init__(self, src: str, title: str) -> None:
        self.src = src
        self.lines = [HIDE_TOC + f"# {title}", ""]

    def link(self, label: str, target: str | None) -> str:
        """A Markdown link from this page to the page ``target`` (a source path, or ``<id>/`` of an evaluation)."""
        if not target:
            return text(label)
        if target.endswith("/"):
            target += "index.md"
        return f"[{text(label)}]({posixpath.relpath(target, posixpath.dirname(self.src))})"

    def add(self, *blocks: str) -> None:
        """Paragraphs (or other blocks), each followed by an empty line."""
        for block in blocks:
            self.lines += [block, ""]

    def table(self, head: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        """A Markdown table; cells are written already escaped (``text``) or as links."""
        out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|"]
        out += ["| " + " | ".join(row) + " |" for row in rows]
        self.add("\n".join(out))

    def chart(self, html: str) -> None:
        self.add(html)

    def markdown(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def _grade_rows(table: pd.DataFrame, label: Callable[[Any], list[str]]) -> list[list[str]]:
    rows = []
    for key, row in table.iterrows():
        counts = [str(int(row[g])) for g in GRADES]
        rows.append([*label(key), *counts, str(int(row["count"])), num(figure(int(row["sum"]), int(row["count"])))])
    return rows


GRADE_HEAD = ["优", "良", "中", "差", "合计", "平均得分"]
HOW_SCORE = (
    "得分为报告的得分：报告印有总分（`reported_total`）时取所印总分，否则取按评分标准重新计算的总分；等级为该得分所在的等级区间。"
    "多年度的评价计入其最后一个年度。平均得分 = 得分之和 ÷ 份数，四舍五入到 0.01。"
)


def pages(records: list[dict[str, Any]], downloads: list[tuple[str, str]], store: Store | None = None) -> dict[str, str]:
    """The statistics pages' Markdown by source path (``tongji/…``).

    ``downloads``: (label, site path) of the long-table files (``outputs.long_table``) linked from
    the first page. ``store`` keeps the drawn charts by their content, so a rebuild whose figures
    did not move draws none.
    """
    f = frames(records)
    ev = f.evaluations
    out: dict[str, str] = {}
    index = Page(f"{FOLDER}/index.md", TITLE)
    if ev.empty or "score" not in ev:
        index.add("本站尚无公开的评价报告。")
        return {index.src: index.markdown()}
    total = len(ev)
    index.add(
        f"本页由本站全部 {total} 份公开评价的数据计算（pandas），每个数字都从数据算出，不手工填写。{HOW_SCORE}",
        "另见："
        + " · ".join(
            [
                index.link("按委托单位与评价机构", f"{FOLDER}/weituo.md"),
                index.link("自评与第三方评价", f"{FOLDER}/ziping.md"),
                index.link("被评价单位的历年得分", f"{FOLDER}/danwei/index.md"),
            ]
        ),
    )
    _downloads(index, downloads)
    _by_year(index, ev, store)
    _by_level(index, ev)
    _distribution(index, ev, store)
    gap = gaps(ev)
    _gap_summary(index, gap, store)
    _weakest(index, f.indicators, ev, store, out)
    _low(index, ev)
    out[index.src] = index.markdown()
    out[f"{FOLDER}/weituo.md"] = _groups(ev)
    out[f"{FOLDER}/ziping.md"] = _gap_page(gap)
    out.update(_unit_pages(ev))
    return dict(sorted(out.items()))


def _downloads(page: Page, downloads: list[tuple[str, str]]) -> None:
    if not downloads:
        return
    here = posixpath.dirname(page.src)
    links = " · ".join(f'<a href="{posixpath.relpath(path, here)}" download>{label}</a>' for label, path in downloads)
    page.add(
        "## 下载全部指标得分",
        "全部评价 × 全部指标（一级、二级、三级）的长表，一行一个指标：评价、年度、类型、委托单位、指标层级路径、分值、得分、"
        "填报得分与报告得分；字段说明见 `datapackage.json`（Frictionless Data Package）。",
        f'<p class="jx-downloads">{links}</p>',
    )


def _by_year(page: Page, ev: pd.DataFrame, store: Store | None) -> None:
    table = grade_table(ev, ["year", "type"])
    page.add("## 按年度与类型：份数与等级", "每个年度、每种评价类型的报告份数，按报告得分的等级分列。")
    page.table(["年度", "类型", *GRADE_HEAD], _grade_rows(table, lambda k: [str(k[0]), text(k[1])]))
    years = grade_table(ev, ["year"])
    cats = [str(y) for y in years.index]
    desc = "；".join(f"{y} 年：" + "，".join(f"{g} {int(years.loc[int(y), g])} 份" for g in GRADES) for y in cats) + "。"
    chart = Chart(
        "stacked",
        "各年度评价报告的等级分布",
        desc,
        cats,
        [Series(g, [float(years.loc[int(y), g]) for y in cats], GRADE_COLOURS[i]) for i, g in enumerate(GRADES)],
        unit="份数",
        counts=True,
    )
    rows = [[y, *(str(int(years.loc[int(y), g])) for g in GRADES), str(int(years.loc[int(y), "count"]))] for y in cats]
    page.chart(
        figure_html(chart, "tongji-years", "每个年度的报告份数，按等级分段（优、良、中、差）。", ["年度", *GRADES, "合计"], rows, store)
    )


def _by_level(page: Page, ev: pd.DataFrame) -> None:
    order = [*LEVELS, "未注明"]  # 省 first, as the administrative order goes
    table = grade_table(ev, ["level"])
    table = table.loc[sorted(table.index, key=order.index)]
    page.add(
        "## 按委托单位级别",
        "委托单位的行政级别取 `evaluation.yaml` 的 `level`，未写时从委托单位名看出（“…省财政厅”为省）；都没有时为“未注明”。",
    )
    page.table(["级别", *GRADE_HEAD], _grade_rows(table, lambda k: [text(k)]))


def _distribution(page: Page, ev: pd.DataFrame, store: Store | None) -> None:
    bands = score_bands(ev)
    page.add("## 得分分布", "报告得分落在各分数段的份数（每段含下限、不含上限，90–100 含 100 分）。")
    chart = Chart(
        "bars",
        "报告得分的分布",
        "；".join(f"{label} 分：{n} 份" for label, n in bands) + "。",
        [label.removesuffix("（不含）") for label, _ in bands],
        [Series("份数", [float(n) for _, n in bands])],
        unit="份数",
        counts=True,
        labels=[str(n) for _, n in bands],
    )
    rows = [[label, str(n)] for label, n in bands]
    page.chart(figure_html(chart, "tongji-scores", "各分数段的报告份数。", ["分数段", "份数"], rows, store))


def _gap_summary(page: Page, gap: pd.DataFrame, store: Store | None) -> None:
    page.add(
        "## 自评与第三方评价",
        "差值 = 自评得分 − 第三方评价得分（正数：自评高于第三方）。自评得分取第三方报告概要表所印的自评分（`self_evaluation.score`），"
        "报告未印时取同一被评价单位、同一年度公开的自评表的得分。平均差值 = 差值之和 ÷ 对数，四舍五入到 0.01。",
    )
    if gap.empty:
        page.add("目前没有同时有自评得分和第三方评价得分的评价。")
        return
    page.add(
        f"共 {len(gap)} 对，平均差值 **{signed(figure(int(gap['gap'].sum()), len(gap)))}** 分"
        f"（自评平均 {num(figure(int(gap['self_score'].sum()), len(gap)))} 分，第三方平均 {num(figure(int(gap['score'].sum()), len(gap)))} 分）。"
        f"逐对列表见{page.link('自评与第三方评价', f'{FOLDER}/ziping.md')}。"
    )
    by_year = gap.groupby("year")["gap"].agg(["count", "sum"])
    cats = [str(y) for y in by_year.index]
    avgs = [figure(int(r["sum"]), int(r["count"])) for _, r in by_year.iterrows()]
    rows = [[y, str(int(r["count"])), signed(a)] for y, (_, r), a in zip(cats, by_year.iterrows(), avgs, strict=True)]
    chart = Chart(
        "bars",
        "各年度自评与第三方评价的平均差值",
        "；".join(f"{y} 年：{n} 对，平均差值 {a} 分" for y, (n, a) in zip(cats, ((r[1], r[2]) for r in rows), strict=True)) + "。",
        cats,
        [Series("平均差值（分）", [float(a) for a in avgs])],
        unit="分",
        labels=[signed(a) for a in avgs],
    )
    page.chart(
        figure_html(chart, "tongji-gaps", "自评得分 − 第三方评价得分，按年度平均。", ["年度", "对数", "平均差值（分）"], rows, store)
    )
    by_type = gap.groupby("type")["gap"].agg(["count", "sum"])
    page.add("按第三方评价的类型：")
    page.table(
        ["类型", "对数", "平均差值（分）"],
        [[text(t), str(int(r["count"])), signed(figure(int(r["sum"]), int(r["count"])))] for t, r in by_type.iterrows()],
    )


def _weakest(page: Page, ind: pd.DataFrame, ev: pd.DataFrame, store: Store | None, out: dict[str, str]) -> None:
    weak = weakest(ind)
    page.add(
        f"## 得分率最低的 {WEAKEST} 个二级指标",
        "各评价的二级指标按“一级指标名 / 二级指标名”归并（全角半角统一、去掉空白）。得分率 = 该指标在各评价中的得分之和 ÷ 分值之和"
        "（即按分值加权的平均得分率），四舍五入到 0.01%。指标名链接到其所在的每一份评价。",
    )
    if weak.empty:
        page.add("没有可比较的指标。")
        return
    rows, labels, values = [], [], []
    for _, w in weak.iterrows():
        target = indicator_page(w["l1"] + "/" + w["l2"])
        rate = round2(w["rate"] * 100)
        name = f"{w['name1']} › {w['name2']}"
        rows.append(
            [
                page.link(name, target),
                str(int(w["evaluations"])),
                num(figure(int(w["points"]))),
                num(figure(int(w["score"]))),
                f"{rate:.2f}%",
            ]
        )
        labels.append(name)
        values.append(rate)
        out[target] = _indicator_page(target, name, w, ind, ev)
    page.table(["指标（一级 › 二级）", "评价份数", "分值之和", "得分之和", "得分率"], rows)
    chart = Chart(
        "hbar",
        f"得分率最低的 {len(labels)} 个二级指标",
        "；".join(f"{n}：{v:.2f}%" for n, v in zip(labels, values, strict=True)) + "。",
        labels,
        [Series("得分率", [float(v) for v in values])],
        unit="得分率（%）",
        limit=100,
        labels=[f"{v:.2f}%" for v in values],
    )
    data = [[n, f"{v:.2f}%"] for n, v in zip(labels, values, strict=True)]
    page.chart(figure_html(chart, "tongji-weakest", "得分之和 ÷ 分值之和，最低的在上。", ["指标", "得分率"], data, store))


def _indicator_page(src: str, name: str, w: pd.Series, ind: pd.DataFrame, ev: pd.DataFrame) -> str:
    page = Page(src, f"指标：{text(name)}")
    rate = round2(w["rate"] * 100)
    page.add(
        f"{page.link(TITLE, f'{FOLDER}/index.md')} › 得分率最低的二级指标",
        f"这个二级指标出现在 {int(w['evaluations'])} 份评价中，得分之和 {num(figure(int(w['score'])))} 分、分值之和 "
        f"{num(figure(int(w['points'])))} 分，得分率 {rate:.2f}%。下表为每份评价中它的得分率（得分 ÷ 分值），从低到高。",
    )
    rows = ind[(ind["l1"] == w["l1"]) & (ind["l2"] == w["l2"])].merge(ev[["id", "body", "year_label", "type", "href"]], on="id")
    rows = rows.assign(rate=[Decimal(s) / Decimal(p) if p else Decimal(0) for s, p in zip(rows["score"], rows["points"], strict=True)])
    ordered = sorted(rows.to_dict("records"), key=lambda r: (r["rate"], r["id"]))
    page.table(
        ["评价", "年度", "类型", "分值", "得分", "得分率"],
        [
            [
                page.link(r["body"], r["href"]),
                text(r["year_label"]),
                text(r["type"]),
                num(figure(r["points"])),
                num(figure(r["score"])),
                f"{round2(r['rate'] * 100):.2f}%",
            ]
            for r in ordered
        ],
    )
    return page.markdown()


def _low(page: Page, ev: pd.DataFrame) -> None:
    runs = low_runs(ev)
    page.add(
        f"## 连续两年及以上低于 {LOW} 分的被评价单位",
        f"同一被评价单位（名称全角半角统一、去掉空白后相同）在相邻年度的得分都低于 {LOW} 分。一个年度有第三方评价时取第三方评价的得分"
        "（几份时取最低的），否则取自评得分。",
    )
    if not runs:
        page.add(f"没有连续两年低于 {LOW} 分的被评价单位。")
        return
    rows = []
    for run in runs:
        years = "、".join(str(y) for y in run["year"])
        scores = "、".join(
            page.link(f"{y}年 {num(figure(int(s)))}", h) for y, s, h in zip(run["year"], run["score"], run["href"], strict=True)
        )
        rows.append([text(run["body"].iloc[0]), years, scores])
    page.table(["被评价单位", "年度", "得分"], rows)


def _groups(ev: pd.DataFrame) -> str:
    page = Page(f"{FOLDER}/weituo.md", "按委托单位与评价机构")
    page.add(f"{page.link(TITLE, f'{FOLDER}/index.md')} · {HOW_SCORE}")
    for column, label in (("commissioner", "委托单位"), ("evaluator", "评价机构")):
        table = grade_table(ev, [column])
        page.add(f"## 按{label}", f"每个{label}的报告份数、等级分布与平均得分，按名称排序。")
        page.table([label, *GRADE_HEAD], _grade_rows(table, lambda k: [text(k)]))
    return page.markdown()


def _gap_page(gap: pd.DataFrame) -> str:
    page = Page(f"{FOLDER}/ziping.md", "自评与第三方评价")
    page.add(
        f"{page.link(TITLE, f'{FOLDER}/index.md')} · 每一对自评得分与第三方评价得分。差值 = 自评得分 − 第三方评价得分；"
        "自评得分取第三方报告概要表所印的自评分，报告未印时取同一被评价单位、同一年度公开的自评表的得分。"
    )
    if gap.empty:
        page.add("目前没有同时有自评得分和第三方评价得分的评价。")
        return page.markdown()
    rows = []
    for r in gap.to_dict("records"):
        source = page.link("自评表", r["self_href"]) if r["self_id"] else text(r["self_source"])
        rows.append(
            [
                page.link(r["body"], r["href"]),
                str(r["year"]),
                text(r["type"]),
                num(figure(int(r["self_score"]))),
                source,
                num(figure(int(r["score"]))),
                signed(figure(int(r["gap"]))),
            ]
        )
    page.table(["被评价单位（第三方评价）", "年度", "类型", "自评得分", "自评得分来源", "第三方得分", "差值"], rows)
    return page.markdown()


def _unit_pages(ev: pd.DataFrame) -> dict[str, str]:
    out = {}
    listing = Page(f"{FOLDER}/danwei/index.md", "被评价单位的历年得分")
    listing.add(
        f"{listing.link(TITLE, f'{FOLDER}/index.md')} · 有两份及以上公开评价的被评价单位（名称全角半角统一、去掉空白后相同即为同一单位），"
        "每个单位一页，列出其各年度的评价与得分。"
    )
    rows = []
    for unit, evs in units(ev).items():
        src = unit_page(unit)
        body = evs["body"].iloc[0]
        page = Page(src, text(body))
        page.add(
            f"{page.link(TITLE, f'{FOLDER}/index.md')} › {page.link('被评价单位的历年得分', f'{FOLDER}/danwei/index.md')}",
            f"{text(body)}共有 {len(evs)} 份公开评价，按年度列出。{HOW_SCORE}",
        )
        page.table(
            ["年度", "类型", "报告", "委托单位", "评价机构", "得分", "等级"],
            [
                [
                    text(r["year_label"]),
                    text(r["type"]),
                    page.link(r["title"], r["href"]),
                    text(r["commissioner"]),
                    text(r["evaluator"]),
                    num(figure(r["score"])),
                    r["grade"],
                ]
                for r in evs.to_dict("records")
            ],
        )
        out[src] = page.markdown()
        years = "、".join(sorted({str(y) for y in evs["year"]}))
        rows.append([listing.link(body, src), str(len(evs)), years])
    if rows:
        listing.table(["被评价单位", "评价份数", "年度"], rows)
    else:
        listing.add("目前没有两份及以上公开评价的被评价单位。")
    out[listing.src] = listing.markdown()
    return out
