"""checklist — 评价要点, each a share of the points, met / unmet / partly met."""

from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jixiao.scoring.rules.base import Context, Criterion, Outcome, RuleProblem, Share, clamp, exact, show_share
from jixiao.scoring.rules.registry import register

STATUS_TEXT = {"met": "达到", "unmet": "未达到", "partial": "部分达到"}


class Point(BaseModel):
    """One 评价要点."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    weight: Share | None = Field(default=None, gt=0, description="相对权重（10、10%、1/3）；全部省略时等分")
    status: Literal["met", "unmet", "partial"] = "met"
    keep: Share | None = Field(default=None, ge=0, le=1, description="partial 时保留的比例，如 0.5 即扣除该要点50%，可写 2/3")
    defects: int | None = Field(default=None, ge=0, description="缺陷数，与 defects_to_zero 一起使用")
    defects_to_zero: int | None = Field(default=None, gt=0, description="多少个缺陷扣完该要点，如 3 即每个缺陷扣 1/3")
    reason: str | None = Field(default=None, description="评价意见：为什么未达到或部分达到")

    def kept(self) -> Fraction:
        if self.defects is not None:
            if self.defects_to_zero is None:
                raise RuleProblem(f"要点“{self.text}”写了 defects 但没有 defects_to_zero", "items", "补上 defects_to_zero")
            return max(Fraction(0), 1 - Fraction(self.defects, self.defects_to_zero))
        if self.status == "met":
            return Fraction(1)
        if self.status == "unmet":
            return Fraction(0)
        if self.keep is None:
            raise RuleProblem(f"要点“{self.text}”为 partial 但没有 keep", "items", "写明保留比例，如 keep: 0.5")
        return self.keep

    def finding(self) -> str:
        """The 要点's 评价意见 as reports print it: 达到 / 未达到 / 部分达到（扣除…）/ 缺陷 n 个."""
        if self.defects is not None:
            verdict = f"缺陷{self.defects}个（每个扣该要点{show_share(Fraction(1, self.defects_to_zero or 1))}）"
        elif self.status == "partial" and self.keep is not None:
            verdict = f"部分达到（扣除该要点{show_share((1 - self.keep) * 100)}%）"
        else:
            verdict = STATUS_TEXT[self.status]
        return f"{self.text}：{verdict}" + (f"，{self.reason}" if self.reason else "")


@register
class Checklist(Criterion):
    """要点清单：每个评价要点占分值的一份（等分，或按 weight 相对权重，可写 10、10%、1/3），
    达到（met）得全份、未达到（unmet）0、部分达到（partial）得 keep 比例；
    也可按缺陷计：defects / defects_to_zero（如每个缺陷扣该要点 1/3，3 个扣完）。
    各要点的份额精确相加（1/3 不先化成 0.33），评分标准的得分只取整一次。

    ```yaml
    rule: checklist
    points: 5
    items:
      - {text: 项目立项符合规定, weight: 10, status: met}
      - {text: 事前经过必要的可行性研究, weight: 80, status: partial, keep: 0.5}
      - {text: 审批文件齐全, weight: 10, defects: 1, defects_to_zero: 3}
    ```
    """

    summary = "评价要点等分或按权重，达到/未达到/部分达到/按缺陷扣"
    rule: Literal["checklist"]
    items: list[Point] = Field(min_length=1)

    def compute(self, ctx: Context) -> Outcome:
        weights = [p.weight for p in self.items]
        if any(w is None for w in weights) and not all(w is None for w in weights):
            raise RuleProblem("要点的 weight 要么全部写明，要么全部省略", "items", "补齐或删去 weight")
        total = sum((w or Fraction(1) for w in weights), Fraction(0))
        kept = Fraction(0)
        parts = []
        for point in self.items:
            share = (point.weight or Fraction(1)) / total
            kept += share * point.kept()
            parts.append(show_share(point.kept()))
        score = exact(Fraction(self.points) * kept)
        return Outcome(clamp(score, self.points), f"要点得分比例 {' / '.join(parts)}")

    def finding(self) -> str:
        return "；".join(p.finding() for p in self.items)
