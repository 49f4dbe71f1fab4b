"""统计分析's questions asked of every evaluation at once, with pandas: two frames of the records
(``Frames``: one row per evaluation, one row per indicator), and the counts, grades, gaps, weakest
indicators and low runs computed from them.

Scores are held as whole cents (``int``), so every sum is exact; an average or a rate is one
``Decimal`` division of two exact sums, rounded once by the project's rule (``data.money.round2``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.presentation.statistics_paths import unit_page
from jixiao.presentation.statistics_record import cents, normalized

if TYPE_CHECKING:
    import pandas as pd


GRADES = ("优", "良", "中", "差")
#: the score below which a unit's years are listed when consecutive
LOW = 80
#: how many of the weakest indicators are listed (each with a page of the evaluations behind it)
WEAKEST = 10
#: the score distribution's bands: [low, high) in points, the last one closed
BANDS = ((0, 60), (60, 70), (70, 80), (80, 90), (90, 100))


@dataclass(frozen=True)
class Frames:
    """Every published evaluation (``evaluations``) and every indicator of each (``indicators``)."""

    evaluations: pd.DataFrame
    indicators: pd.DataFrame


def frames(records: Iterable[dict[str, Any]]) -> Frames:
    """The two frames of ``records`` (scores and points in whole cents)."""
    import pandas as pd

    rows, nodes = [], []
    for r in records:
        rows.append(
            {
                "id": r["id"],
                "title": r["title"],
                "body": r["body"],
                "unit": normalized(r["body"]),
                "year": max(r["years"]),
                "year_label": r["year_label"],
                "type": r["type"],
                "commissioner": r["commissioner"],
                "level": r["level"] or "未注明",
                "evaluator": r["evaluator"],
                "href": r["href"],
                "score": cents(r["score"]),
                "computed": cents(r["computed"]),
                "reported": cents(r["reported"]) if r["reported"] is not None else None,
                "grade": r["grade"],
                "self_score": cents(r["self_score"]) if r["self_score"] is not None else None,
            }
        )
        for level, path, points, score, _ in r["indicators"]:
            if level == 2:
                nodes.append((r["id"], normalized(path[0]), normalized(path[1]), path[0], path[1], cents(points), cents(score)))
    evaluations = pd.DataFrame(rows, columns=list(rows[0]) if rows else ["id"])
    for column in ("reported", "self_score"):
        if column in evaluations:
            evaluations[column] = evaluations[column].astype("Int64")
    indicators = pd.DataFrame(nodes, columns=["id", "l1", "l2", "name1", "name2", "points", "score"])
    return Frames(evaluations, indicators)


# -- what is asked of them -------------------------------------------------------------------


def grade_table(ev: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Evaluations per group: the count of each grade, the total count, the sum of scores (cents)."""
    import pandas as pd

    counts = pd.crosstab([ev[c] for c in by], ev["grade"]).reindex(columns=list(GRADES), fill_value=0)
    grouped = ev.groupby(by)["score"].agg(["count", "sum"])
    return counts.join(grouped).sort_index()


def score_bands(ev: pd.DataFrame) -> list[tuple[str, int]]:
    """How many scores fall in each band of ``BANDS`` (a score of 100 in the last one)."""
    out = []
    for i, (low, high) in enumerate(BANDS):
        last = i == len(BANDS) - 1
        inside = (ev["score"] >= low * 100) & ((ev["score"] <= high * 100) if last else (ev["score"] < high * 100))
        out.append((f"{low}–{high}" + ("" if last else "（不含）"), int(inside.sum())))
    return out


def gaps(ev: pd.DataFrame) -> pd.DataFrame:
    """Every 自评 beside the third-party score of the same spending, and the gap (自评 − 第三方, cents).

    A third-party evaluation that prints a 自评 score (``self_evaluation.score``) is one pair; one
    without it is paired with a published 自评 form of the same unit and year, if there is one.
    """
    import pandas as pd

    third = ev[ev["type"] != "自评"]
    forms = ev[ev["type"] == "自评"].sort_values("id")
    own = third[third["self_score"].notna()].assign(self_id=None, self_href=None)
    own = own.assign(self_source="概要表所印自评分")
    rest = third[third["self_score"].isna()]
    paired = rest.merge(
        forms[["unit", "year", "id", "href", "score"]]
        .drop_duplicates(["unit", "year"])
        .rename(columns={"id": "self_id", "href": "self_href", "score": "form_score"}),
        on=["unit", "year"],
    )
    paired = paired.assign(self_score=paired["form_score"].astype("Int64"), self_source="同单位同年度的自评表").drop(columns="form_score")
    columns = ["id", "title", "body", "year", "type", "href", "score", "self_score", "self_id", "self_href", "self_source"]
    out = pd.concat([own[columns], paired[columns]], ignore_index=True) if len(own) or len(paired) else pd.DataFrame(columns=columns)
    out["gap"] = out["self_score"].astype("int64") - out["score"].astype("int64") if len(out) else []
    return out.sort_values(["year", "id"]).reset_index(drop=True)


def weakest(ind: pd.DataFrame, count: int = WEAKEST) -> pd.DataFrame:
    """The 二级 indicators with the lowest 得分率 (Σ score ÷ Σ points over the evaluations that have them).

    Matched by the normalized 一级 and 二级 names; ties by the number of evaluations (more
    first), then by name. Shown by the names as the first evaluation (by id) writes them.
    """
    import pandas as pd

    if ind.empty:
        return pd.DataFrame(columns=["l1", "l2", "points", "score", "evaluations", "rate", "name1", "name2"])
    first = ind.sort_values("id").drop_duplicates(["l1", "l2"])[["l1", "l2", "name1", "name2"]]
    groups = ind.groupby(["l1", "l2"]).agg(points=("points", "sum"), score=("score", "sum"), evaluations=("id", "nunique")).reset_index()
    groups = groups[groups["points"] > 0]
    groups = groups.assign(rate=[Decimal(s) / Decimal(p) for s, p in zip(groups["score"], groups["points"], strict=True)])
    groups = groups.merge(first, on=["l1", "l2"])
    ordered = sorted(groups.to_dict("records"), key=lambda g: (g["rate"], -g["evaluations"], g["l1"], g["l2"]))[:count]
    return pd.DataFrame(ordered, columns=groups.columns)


def yearly(ev: pd.DataFrame) -> pd.DataFrame:
    """Each unit's score per year: its third-party evaluations' (the lowest, if several), else its 自评's."""
    ranked = ev.assign(own=(ev["type"] == "自评").astype(int)).sort_values(["unit", "year", "own", "score", "id"])
    return ranked.drop_duplicates(["unit", "year"])[["unit", "body", "year", "score", "id", "href", "type"]]


def low_runs(ev: pd.DataFrame) -> list[pd.DataFrame]:
    """The units with a score below ``LOW`` in two or more consecutive years: each run's rows."""
    runs = []
    low = yearly(ev)
    low = low[low["score"] < LOW * 100]
    for _, rows in low.groupby("unit", sort=True):
        rows = rows.sort_values("year")
        run: list[int] = []
        for i, year in enumerate(rows["year"]):
            if run and year == rows["year"].iloc[run[-1]] + 1:
                run.append(i)
                continue
            if len(run) >= 2:
                runs.append(rows.iloc[run])
            run = [i]
        if len(run) >= 2:
            runs.append(rows.iloc[run])
    return runs


def units(ev: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The units with two or more published evaluations: unit → its evaluations, by year."""
    counts = ev["unit"].value_counts()
    many = sorted(counts[counts >= 2].index)
    return {u: ev[ev["unit"] == u].sort_values(["year", "type", "id"]) for u in many}


def unit_links(ev: pd.DataFrame) -> dict[str, str]:
    """Evaluation id → its unit's page, for each evaluation of a unit that has two or more."""
    return {i: unit_page(u) for u, rows in units(ev).items() for i in rows["id"]}
