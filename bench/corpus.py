"""A project of N published evaluations, for benchmarks and scale tests.

``bench/corpus.py --count N --out DIR [--seed S]`` writes a copy of this project's configuration
(``mkdocs.yml``, ``hooks/``, the home and corrections pages, the assets) and N
evaluations under ``scores/`` and ``content/``. The first is the reference evaluation as it is, so
N = 1 is the real project; the others are varied as a province's publications are:

* **部门整体支出**: the reference evaluation (its indicator system, facts and 14 pages of
  narrative) for another body, place, commissioner, evaluator and year, its amounts scaled and its
  judged scores set for a drawn total;
* **项目支出**: the ``jixiao new --template 项目支出`` scaffold (财预〔2020〕10号 共性指标框架)
  for a named project, with funds facts scored by ratio rules and every gap filled in;
* **自评**: the 自评表 scaffold, likewise.

Years 2019–2025; commissioners at 省, 市 and 县 level; a dozen evaluators; totals drawn across all
four grades. The same seed writes the same corpus byte for byte. Every evaluation carries both
publication consents, and the corpus passes ``jixiao check`` with no error.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from string import Template
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "lushui-yingji-2022"
SCAFFOLDS = ROOT / "src" / "jixiao" / "tools" / "scaffolds"
#: the reference evaluation's names, replaced in its copies
REF_BODY, REF_COMMISSIONER, REF_EVALUATOR, REF_PLACE = "泸水市应急管理局", "泸水市财政局", "云南昆审会计师事务所（普通合伙）", "泸水市"
REF_PROVINCE, REF_CITIES = "云南省", ("怒江傈僳族自治州", "怒江州")
REF_YEAR = 2022
YEARS = range(2019, 2026)
KINDS = ("部门整体支出", "项目支出", "自评")
CODES = {"部门整体支出": "bm", "项目支出": "xm", "自评": "zp"}

PROVINCES = {
    "云南省": {"昆明市": ["宜良县", "石林县", "嵩明县"], "曲靖市": ["陆良县", "师宗县", "罗平县"], "大理白族自治州": ["宾川县", "弥渡县"]},
    "贵州省": {"遵义市": ["桐梓县", "绥阳县", "正安县"], "安顺市": ["普定县", "镇宁县"]},
    "四川省": {"绵阳市": ["三台县", "盐亭县", "梓潼县"], "南充市": ["南部县", "营山县", "蓬安县"]},
    "湖南省": {"常德市": ["安乡县", "汉寿县", "澧县"], "邵阳市": ["新邵县", "隆回县", "洞口县"]},
    "江西省": {"赣州市": ["信丰县", "大余县", "上犹县"], "吉安市": ["吉水县", "峡江县", "永丰县"]},
    "甘肃省": {"天水市": ["清水县", "秦安县", "甘谷县"], "平凉市": ["泾川县", "灵台县"]},
}
EVALUATORS = [
    "云南明信会计师事务所（普通合伙）",
    "贵州黔诚绩效评价咨询有限公司",
    "四川蜀衡会计师事务所有限公司",
    "湖南湘信工程咨询有限公司",
    "江西赣正会计师事务所（特殊普通合伙）",
    "甘肃陇原财务咨询有限公司",
    "中审华信会计师事务所（特殊普通合伙）",
    "立达绩效管理咨询（北京）有限公司",
    "华正预算绩效研究院",
    "远衡工程造价咨询有限公司",
    "信诚资产评估有限公司",
    "宏昌会计师事务所有限公司",
]
#: 项目支出 and 自评: the evaluated department, its project, a unit and target for the output indicator
PROJECTS = [
    ("农业农村局", "高标准农田建设", "亩", 12000),
    ("教育体育局", "义务教育薄弱环节改善", "所", 18),
    ("卫生健康局", "基本公共卫生服务", "人", 85000),
    ("交通运输局", "农村公路养护", "公里", 640),
    ("自然资源局", "地质灾害综合治理", "处", 26),
    ("住房和城乡建设局", "老旧小区改造", "个", 14),
    ("生态环境局", "农村环境整治", "个", 45),
    ("文化和旅游局", "公共文化服务体系建设", "场次", 320),
    ("人力资源和社会保障局", "职业技能提升行动", "人次", 5600),
    ("林业和草原局", "森林防火能力提升", "公里", 150),
    ("市场监督管理局", "食品安全抽检", "批次", 2400),
    ("应急管理局", "应急物资储备", "批", 12),
]
#: the range of totals drawn for each grade (the grade bands are 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60)
TOTALS = {"优": (90.5, 97.0), "良": (80.5, 89.5), "中": (61.0, 79.0), "差": (42.0, 59.0)}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Profile:
    """Who and what one generated evaluation is about."""

    id: str
    kind: str
    year: int
    place: str
    level: str
    #: the province and the city (prefecture) the place is in (the place itself at that level)
    province: str
    city: str
    body: str
    commissioner: str
    evaluator: str
    grade: str
    target: Decimal
    project: tuple[str, str, str, int] | None
    seed: int


def plan(count: int, seed: int) -> list[Profile]:
    """The evaluations after the reference one, drawn from ``seed``."""
    rng = random.Random(seed)
    places = []
    for province, cities in PROVINCES.items():
        places.append(("省", province, province, next(iter(cities))))
        for city, counties in cities.items():
            places.append(("市", city, province, city))
            places.extend(("县", county, province, city) for county in counties)
    out = []
    for i in range(1, count):
        kind = KINDS[i % len(KINDS)]
        level, place, province, city = rng.choice(places)
        year = rng.choice(YEARS)
        grade = "优良中差"[i % 4]
        project = rng.choice(PROJECTS)
        bureau = "应急管理局" if kind == "部门整体支出" else project[0]
        body = place + (bureau[:-1] + "厅" if level == "省" else bureau)
        commissioner = place + ("财政厅" if level == "省" else "财政局")
        evaluator = body if kind == "自评" else rng.choice(EVALUATORS)
        low, high = TOTALS[grade]
        target = Decimal(str(round(rng.uniform(low, high), 2)))
        out.append(
            Profile(
                f"{CODES[kind]}{i:04d}-{year}",
                kind,
                year,
                place,
                level,
                province,
                city,
                body,
                commissioner,
                evaluator,
                grade,
                target,
                project,
                rng.randrange(2**32),
            )
        )
    return related(out)


def related(profiles: list[Profile]) -> list[Profile]:
    """Some evaluations made about the same spending as others, as a province's publications are
    (drawn from the positions, not from the seed's draws, so the others stay as they were):

    * every 6th (a 自评, from the 6th on) is the 自评表 of the 项目支出 before it: same unit, project and year;
    * every 9th (a 部门整体支出, from the 9th on) is the same unit as the one three before, a year later
      (or earlier, after 2025); every 18th of those, and the one it follows, score 中 and 差 —
      a unit below 80 two years running.
    """
    out = list(profiles)
    for i in range(6, len(out) + 1):
        p = out[i - 1]
        if i % 6 == 5 and p.kind == "自评":
            source = out[i - 2]
            same = {k: getattr(source, k) for k in ("level", "place", "province", "city", "body", "commissioner", "project", "year")}
            # a unit scores its own spending a few points above the third party, as 自评 usually do
            target = min(Decimal("97.00"), source.target + Decimal(p.seed % 600) / 100)
            grade = "优" if target >= 90 else "良" if target >= 80 else "中" if target >= 60 else "差"
            out[i - 1] = replace(p, **same, evaluator=source.body, id=f"{CODES[p.kind]}{i:04d}-{source.year}", target=target, grade=grade)
        elif i % 9 == 0 and p.kind == "部门整体支出":
            source = out[i - 4]
            year = source.year + 1 if source.year < max(YEARS) else source.year - 1
            same = {k: getattr(source, k) for k in ("level", "place", "province", "city", "body", "commissioner")}
            out[i - 1] = replace(p, **same, year=year, id=f"{CODES[p.kind]}{i:04d}-{year}")
            if i % 18 == 0:
                out[i - 1] = replace(out[i - 1], grade="中", target=drawn_total("中", out[i - 1].seed))
                out[i - 4] = replace(source, grade="差", target=drawn_total("差", source.seed))
    return out


def drawn_total(grade: str, seed: int) -> Decimal:
    """A total in ``grade``'s range, from a profile's own seed."""
    low, high = TOTALS[grade]
    return Decimal(str(round(low + (high - low) * (seed % 1000) / 1000, 2)))


def self_score(profile: Profile) -> dict[str, Any] | None:
    """The 自评 score two of three 部门整体支出 copies print in their 概要表: a few points above the
    total drawn for the third-party evaluation, as 自评 scores usually are (``None``: not printed)."""
    if profile.seed % 3 == 0:
        return None
    score = min(Decimal(100), profile.target + Decimal((profile.seed >> 8) % 800) / 100)
    grade = next(g for g, (low, _) in (("优", (90, 0)), ("良", (80, 0)), ("中", (60, 0)), ("差", (0, 0))) if score >= low)
    return {"method": "部门自评", "score": float(round2(score)), "grade": grade}


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def judged_scores(criteria: list[dict[str, Any]], target: Decimal, rng: random.Random) -> None:
    """Set the judged criteria's scores so that they add up to about ``target`` points.

    Each criterion gets the same share of its points (the judged sum over their points), spread
    a little per criterion, in steps of 0.5 and within [0, points].
    """
    total = sum(Decimal(str(c["points"])) for c in criteria)
    share = min(Decimal(1), max(Decimal(0), target / total)) if total else Decimal(0)
    for c in criteria:
        points = Decimal(str(c["points"]))
        spread = Decimal(str(round(rng.uniform(-0.15, 0.15), 3)))
        raw = min(points, max(Decimal(0), points * (share + spread)))
        c["score"] = float((raw * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2)
        if c["score"] < float(points):
            c["reason"] = rng.choice(REASONS)
        else:
            c["reason"] = "符合评分标准，得满分"


REASONS = [
    "相关制度未及时修订，执行中存在薄弱环节",
    "部分指标未量化，无法准确衡量完成情况",
    "资料不完整，部分事项未提供佐证",
    "存在进度滞后，未在计划期限内完成",
    "监督检查覆盖面不足",
    "绩效目标与实际工作存在偏差",
]


def criteria_of(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every criterion of an indicator tree, in order."""
    out = []
    for node in indicators:
        out.extend(node.get("criteria", []))
        out.extend(criteria_of(node.get("children", [])))
    return out


class Yaml11Safe(yaml.SafeLoader):
    """PyYAML's safe loader without YAML 1.1's ``no``/``yes`` booleans (the data has a ``no:`` field)."""


Yaml11Safe.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml11Safe.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def load(text: str) -> dict[str, Any]:
    return yaml.load(text, Loader=Yaml11Safe)  # a SafeLoader subclass: no arbitrary objects


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def consents(profile: Profile, issued: str) -> list[dict[str, str]]:
    return [
        {"party": "委托方", "by": profile.commissioner, "date": issued},
        {"party": "同级财政部门", "by": profile.commissioner, "date": issued},
    ]


# ── 部门整体支出: the reference evaluation for another body ─────────────────────────────────

_YEAR = re.compile(r"(?<![\d.])(20[12]\d)(?![\d.])")


def shift_years(text: str, delta: int) -> str:
    """Move every year (2010–2029) by ``delta``: dates, 〔2019〕 document numbers, prose."""
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


def renamed(text: str, profile: Profile) -> str:
    """The reference's names replaced by the profile's, and its years shifted."""
    # 审计局 and 财政局 differ in two characters, which the name-variant check flags in a long place name
    names = [
        ("泸水市审计局", f"{profile.place}审计机关"),
        (REF_BODY, profile.body),
        (REF_COMMISSIONER, profile.commissioner),
        (REF_EVALUATOR, profile.evaluator),
        (REF_PLACE, profile.place),
    ]
    names += [(REF_PROVINCE, profile.province), *((city, profile.city) for city in REF_CITIES)]
    for old, new in names:
        text = text.replace(old, new)
    return shift_years(text, profile.year - REF_YEAR)


_AMOUNT = re.compile(r"\{value: (?P<num>-?\d+(?:\.\d+)?),")


def scaled_facts(text: str, factor: Decimal) -> str:
    """Amounts in 元 (facts without a unit) times ``factor``; counts and rates as they are."""

    def line(row: str) -> str:
        if "unit:" in row:
            return row
        return _AMOUNT.sub(lambda m: f"{{value: {round2(Decimal(m.group('num')) * factor):.2f},", row)

    return "\n".join(line(row) for row in text.split("\n"))


def scaled_samples(text: str, factor: Decimal) -> str:
    lines = text.split("\n")
    out = [lines[0]]
    for row in lines[1:]:
        if row:
            head, amount = row.rsplit(",", 1)
            row = f"{head},{round2(Decimal(amount) * factor):.2f}"
        out.append(row)
    return "\n".join(out)


def write_bumen(profile: Profile, reference: Decimal, judged_ref: Decimal, out: Path) -> None:
    """A copy of the reference evaluation: names, years, amounts and judged scores changed."""
    rng = random.Random(profile.seed)
    factor = Decimal(str(round(rng.uniform(0.4, 3.0), 3)))
    scores, content = out / "scores" / profile.id, out / "content" / profile.id
    shutil.copytree(ROOT / "content" / REFERENCE, content)
    scores.mkdir(parents=True)
    for path in sorted(content.glob("*.md")):
        path.write_text(renamed(path.read_text(encoding="utf-8"), profile), encoding="utf-8")
    for path in sorted((ROOT / "scores" / REFERENCE).iterdir()):
        text = renamed(path.read_text(encoding="utf-8"), profile)
        if path.name == "facts.yaml":
            text = scaled_facts(text, factor)
        elif path.name == "samples.csv":
            text = scaled_samples(text, factor)
        elif path.name == "evaluation.yaml":
            data = load(text)
            data["report_number"] = f"{CODES[profile.kind].upper()}-{profile.year + 1}-{profile.seed % 1000:03d}"
            selfev = self_score(profile)
            if selfev is not None:
                data["self_evaluation"] = selfev
            judged = [c for c in criteria_of(data["indicators"]) if c.get("rule") == "judged"]
            # the rules that are not judged score the same as in the reference (amounts scale together)
            judged_scores(judged, profile.target - (reference - judged_ref), rng)
            text = dump(data)
        (scores / path.name).write_text(text, encoding="utf-8")


# ── 项目支出 and 自评: the scaffolds, filled in ──────────────────────────────────────────────

#: scaffold placeholder → what a writer would have put there (``$project`` etc. filled in per evaluation)
FILL = {
    "（待填写：项目背景、主要内容及实施情况、资金投入和使用情况等。文中数字不要手打：先在 facts.yaml 中登记，再用 fact 绑定引用，见 README“叙述中的数字”。）": (
        '$project项目是$body落实上级决策部署、保障民生的重点项目。项目当年安排预算资金 {{ fact("预算资金") | yuan }}，'
        '实际到位 {{ fact("到位资金") | yuan }}，实际支出 {{ fact("实际支出") | yuan }}，计划完成$unit_target，由$body组织实施。'
    ),
    "（待填写：总体目标和阶段性目标。）": "按期完成年度建设任务，项目资金使用规范，服务对象满意度不低于 85%。",
    "（待填写分析）": "从评价情况看，该项指标总体完成，部分环节仍有改进空间。",
}
PARAGRAPHS = [
    "项目单位建立了项目管理制度，明确了资金使用范围和审批程序，资金拨付按进度执行。",
    "评价组通过查阅资料、现场核查和问卷调查相结合的方式开展评价，核查了项目台账与会计凭证。",
    "部分绩效指标设置不够细化，年度目标与实际工作的对应关系不够清晰，绩效监控流于形式。",
    "建议进一步完善绩效目标管理，细化量化绩效指标，加强绩效运行监控和结果应用。",
    "项目实施后，服务对象的获得感明显增强，社会效益逐步显现，但长效管护机制尚需健全。",
]


def fill_text(text: str, profile: Profile, rng: random.Random) -> str:
    """A scaffold page with its 待填写 gaps written (and its draft banner gone)."""
    _, project, unit, target = profile.project or ("", "", "", 0)
    values = {"project": project, "body": profile.body, "unit_target": f"{target}{unit}"}
    for gap, words in FILL.items():
        text = text.replace(gap, Template(words).safe_substitute(values))
    text = re.sub(r"^> \*\*草稿\*\*.*\n\n?", "", text, flags=re.MULTILINE)
    return re.sub(r"（待填写[^）]*）", lambda _: rng.choice(PARAGRAPHS), text)


def scaffold_files(template: str, profile: Profile) -> dict[str, str]:
    """The scaffold's files (``scores/…``, ``content/…``) with ``jixiao new``'s placeholders filled."""
    folder = {"项目支出": "xiangmu", "自评": "ziping"}[template]
    values = {"id": profile.id, "years": f"year: {profile.year}", "next": str(profile.year + 1), "title": title(profile)}
    files = {}
    for part in ("scores", "content"):
        source = SCAFFOLDS / folder / part
        for src in sorted(p for p in source.rglob("*") if p.is_file()):
            files[f"{part}/{src.relative_to(source).as_posix()}"] = Template(src.read_text(encoding="utf-8")).safe_substitute(values)
    return files


def title(profile: Profile) -> str:
    project = profile.project[1] if profile.project else ""
    what = "项目支出绩效自评表" if profile.kind == "自评" else "项目支出绩效评价报告"
    return f"{profile.body}{profile.year}年{project}{what}"


def funds(rng: random.Random) -> tuple[Decimal, Decimal, Decimal]:
    """预算资金, 到位资金, 实际支出: to hand and spent mostly, sometimes much less."""
    budget = round2(Decimal(rng.randrange(300_000, 30_000_000)) + Decimal(rng.randrange(100)) / 100)
    arrived = round2(budget * Decimal(str(round(rng.uniform(0.7, 1.0), 4))))
    spent = round2(arrived * Decimal(str(round(rng.uniform(0.55, 1.0), 4))))
    return budget, arrived, spent


def write_scaffolded(profile: Profile, out: Path) -> None:
    """A 项目支出 evaluation or a 自评表 from its scaffold, with data and text."""
    rng = random.Random(profile.seed)
    files = scaffold_files("自评" if profile.kind == "自评" else "项目支出", profile)
    data = load(files["scores/evaluation.yaml"])
    issued = f"{profile.year + 1}-{rng.randrange(3, 10):02d}-{rng.randrange(1, 28):02d}"
    data.update(
        evaluated_body=profile.body,
        commissioner=profile.commissioner,
        evaluator=profile.evaluator,
        report_number=f"{CODES[profile.kind].upper()}-{profile.year + 1}-{profile.seed % 1000:03d}",
        period={"start": f"{profile.year + 1}-02-01", "end": issued},
        issued=issued,
        publication=consents(profile, issued),
    )
    budget, arrived, spent = funds(rng)
    fact_rows = {
        "预算资金": (budget, "项目预算资金", "预算批复文件"),
        "到位资金": (arrived, "实际到位资金", "资金拨付文件"),
        "实际支出": (spent, "实际支出资金", "项目明细账"),
    }
    criteria = criteria_of(data["indicators"])
    ruled = {"资金到位率": "到位资金 / 预算资金", "预算执行率": "实际支出 / 到位资金"}
    data["rates"] = ruled
    for node in walk(data["indicators"]):
        if node["name"] in ruled:
            for c in node["criteria"]:
                c.update(rule="ratio", rate=node["name"])
                c.pop("score", None)
                c.pop("reason", None)
    for i, node in enumerate(n for n in walk(data["indicators"]) if n["name"].startswith("（待填写）")):
        node["name"] = f"{node['name'].removeprefix('（待填写）')}{i + 1}"
    for c in criteria:
        if c.get("text", "").startswith("待填写"):
            c["text"] = "按年度指标值与实际完成值的比较评分"
    rate_points = sum(Decimal(str(c["points"])) for c in criteria if c.get("rule") == "ratio")
    expected = rate_points * (arrived / budget + spent / arrived) / 2
    judged_scores([c for c in criteria if c.get("rule") == "judged"], profile.target - expected, rng)
    files["scores/evaluation.yaml"] = dump(data)
    files["scores/facts.yaml"] = "".join(
        f"{name}: {{value: {value:.2f}, label: {label}, source: {source}}}\n" for name, (value, label, source) in fact_rows.items()
    )
    for rel, text in files.items():
        if rel.startswith("content/"):
            text = fill_text(text, profile, rng)
        path = out / rel.split("/", 1)[0] / profile.id / rel.split("/", 1)[1]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for node in nodes:
        out.append(node)
        out.extend(walk(node.get("children", [])))
    return out


# ── the project around them ────────────────────────────────────────────────────────────────

PROJECT_FILES = (
    "mkdocs.yml",
    "mkdocs-drafts.yml",
    "hooks",
    "content/index.md",
    "content/corrections.md",
    "content/search.md",
    "content/assets",
)


def copy_project(out: Path) -> None:
    """This project's configuration, engine and site pages, and the reference evaluation."""
    for name in (*PROJECT_FILES, f"scores/{REFERENCE}", f"content/{REFERENCE}"):
        src, dest = ROOT / name, out / name
        if not src.exists():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest)


def reference_scores() -> tuple[Decimal, Decimal]:
    """The reference evaluation's total and the part of it its judged criteria give."""
    from jixiao.scoring.from_folder import sheet

    ref = sheet(ROOT, REFERENCE)
    judged = Decimal(0)
    for node in ref.walk():
        judged += sum((c.score for c in getattr(node, "criteria", ()) if c.criterion.rule == "judged"), Decimal(0))
    return ref.total, judged


def write_corpus(count: int, out: Path, seed: int = 1) -> list[Profile]:
    """Write the project with ``count`` evaluations to ``out`` (which must not exist)."""
    if out.exists():
        raise SystemExit(f"{out} 已存在：请给出一个新的文件夹")
    copy_project(out)
    profiles = plan(count, seed)
    if any(p.kind == "部门整体支出" for p in profiles):
        total, judged = reference_scores()
    for profile in profiles:
        if profile.kind == "部门整体支出":
            write_bumen(profile, total, judged, out)
        else:
            write_scaffolded(profile, out)
    return profiles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="评价份数（第 1 份为参考评价）")
    parser.add_argument("--out", type=Path, required=True, help="写到这个新文件夹")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.count < 1:
        raise SystemExit("--count 至少为 1")
    profiles = write_corpus(args.count, args.out, args.seed)
    print(f"{args.out}: {len(profiles) + 1} 份评价")


if __name__ == "__main__":
    main()
