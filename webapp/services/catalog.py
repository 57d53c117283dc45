"""Loading the catalog (articles, points, routines) from seed_data/ into the database."""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from webapp import bodymap
from webapp.models import PRESSURES, SIDES, Article, Point, Routine, RoutineStep
from webapp.services.catalog_text import (
    TranslationError,
    read_translations,
    seed_translations,
    translated_names,
)
from webapp.services.search import build_search_text


class SeedError(ValueError):
    """The seed files are inconsistent; the message says where."""


@dataclass
class SeedCounts:
    articles: int
    points: int
    routines: int
    steps: int
    translations: int = 0


def read_seed(directory: str | Path) -> dict:
    """Read and cross-check articles.toml, points.toml, routines.toml and the translations."""
    directory = Path(directory)
    data = {}
    for name in ("articles", "points", "routines"):
        path = directory / f"{name}.toml"
        try:
            with path.open("rb") as handle:
                data[name] = tomllib.load(handle)[name.rstrip("s")]
        except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
            raise SeedError(f"{path}: {exc}") from exc
    _check(data)
    try:
        data["translations"] = read_translations(directory, data)
    except TranslationError as exc:
        raise SeedError(str(exc)) from exc
    return data


POINT_FIELDS = (
    "pinyin",
    "name",
    "aliases",
    "region",
    "location",
    "how_to_find",
    "technique",
    "pressure",
    "bilateral",
    "avoid_in_pregnancy",
    "cautions",
)
"""Point fields copied from the seed as they are."""
REQUIRED = {
    "article": ("key", "title", "summary", "reliability"),
    "point": ("code", *POINT_FIELDS, "sources", "map"),
    "routine": ("slug", "title", "focus", "summary", "sources", "step"),
    "step": ("point", "side", "seconds", "instruction"),
}
CODE = re.compile(r"[A-Z]{2}\d{1,2}")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _shape_problems(data: dict) -> list[str]:
    """Missing keys and repeated natural keys."""
    problems = []
    items = [("article", a, a.get("key")) for a in data["articles"]]
    items += [("point", p, p.get("code")) for p in data["points"]]
    items += [("routine", r, r.get("slug")) for r in data["routines"]]
    items += [
        ("step", step, f"{r.get('slug')} step {n}")
        for r in data["routines"]
        for n, step in enumerate(r.get("step", []), start=1)
    ]
    for kind, item, name in items:
        missing = [key for key in REQUIRED[kind] if key not in item]
        if missing:
            problems.append(f"{kind} {name}: missing {', '.join(missing)}")
    for kind, key in (("articles", "key"), ("points", "code"), ("routines", "slug")):
        names = [item.get(key) for item in data[kind]]
        problems += [
            f"{kind}: {name} appears more than once"
            for name in sorted({n for n in names if names.count(n) > 1})
        ]
    problems += [
        f"point {p['code']}: code must look like BL23"
        for p in data["points"]
        if "code" in p and not CODE.fullmatch(p["code"])
    ]
    problems += [
        f"routine {r['slug']}: slug must be lower-case words and hyphens"
        for r in data["routines"]
        if "slug" in r and not SLUG.fullmatch(r["slug"])
    ]
    return problems


def _check(data: dict) -> None:
    problems = _shape_problems(data)
    if problems:
        raise SeedError("; ".join(problems))
    articles = {a["key"] for a in data["articles"]}
    points = {p["code"]: p for p in data["points"]}
    for point in data["points"]:
        where = f"point {point['code']}"
        if point["map"].get("view") not in bodymap.VIEWS:
            problems.append(f"{where}: map view must be one of {sorted(bodymap.VIEWS)}")
        if point["pressure"] not in PRESSURES:
            problems.append(f"{where}: pressure must be one of {PRESSURES}")
        problems += [f"{where}: unknown article {k}" for k in point["sources"] if k not in articles]
        problems += [
            f"{where}: correction names unknown article {c['article']}"
            for c in point.get("correction", [])
            if c["article"] not in articles
        ]
    for routine in data["routines"]:
        where = f"routine {routine['slug']}"
        problems += [
            f"{where}: unknown article {k}" for k in routine["sources"] if k not in articles
        ]
        if not routine.get("step"):
            problems.append(f"{where}: has no steps")
        for number, step in enumerate(routine.get("step", []), start=1):
            at = f"{where} step {number}"
            point = points.get(step["point"])
            if point is None:
                problems.append(f"{at}: unknown point {step['point']}")
                continue
            if step["side"] not in SIDES:
                problems.append(f"{at}: side must be one of {SIDES}")
            elif point["bilateral"] == (step["side"] == "center"):
                problems.append(f"{at}: side {step['side']} does not fit {point['code']}")
            if not 10 <= step["seconds"] <= 300:
                problems.append(f"{at}: seconds must be 10..300")
    if problems:
        raise SeedError("; ".join(problems))


def _upsert(session, model, key: str, value, fields: dict):
    row = session.scalar(sa.select(model).where(getattr(model, key) == value))
    if row is None:
        row = model(**{key: value})
        session.add(row)
    for name, field_value in fields.items():
        setattr(row, name, field_value)
    return row


def _sync_steps(session, routine: Routine, items: list[dict], points: dict) -> None:
    """Make the routine's steps match the seed, updating rows in place by position."""
    by_position = {step.position: step for step in routine.steps}
    for number, item in enumerate(items, start=1):
        step = by_position.pop(number, None)
        if step is None:
            step = RoutineStep(position=number)
            routine.steps.append(step)
        step.point = points[item["point"]]
        step.seconds = item["seconds"]
        step.side = item["side"]
        step.instruction = item["instruction"]
    for extra in by_position.values():
        routine.steps.remove(extra)
    session.flush()


def seed_catalog(session, data: dict) -> SeedCounts:
    """Insert or update every article, point and routine by natural key; the caller commits.

    Rows that left the seed files are kept: sessions may still refer to them.
    """
    titles = {}
    for article in data["articles"]:
        titles[article["key"]] = article["title"]
        _upsert(
            session,
            Article,
            "key",
            article["key"],
            {k: article[k] for k in ("title", "summary", "reliability")},
        )
    points = {}
    optional = {
        "reach_tip": "",
        "pregnancy_note": "",
        "note": "",
        "needs_partner_or_ball": False,
        "back_routine": True,
    }
    for item in data["points"]:
        fields = {k: item[k] for k in POINT_FIELDS}
        fields |= {k: item.get(k, default) for k, default in optional.items()}
        fields |= {
            "map_view": item["map"]["view"],
            "map_x": float(item["map"]["x"]),
            "map_y": float(item["map"]["y"]),
        }
        fields["sources"] = [titles[k] for k in item["sources"]]
        fields["corrections"] = [
            {"article": titles[c["article"]], "said": c["said"], "correct": c["correct"]}
            for c in item.get("correction", [])
        ]
        point = _upsert(session, Point, "code", item["code"], fields)
        names = translated_names(data.get("translations", {}), point.code)
        point.search_text = build_search_text(point, names)
        points[point.code] = point
    session.flush()
    steps = 0
    for position, item in enumerate(data["routines"]):
        routine = _upsert(
            session,
            Routine,
            "slug",
            item["slug"],
            {
                "title": item["title"],
                "focus": item["focus"],
                "summary": item["summary"],
                "adaptation": item.get("adaptation", ""),
                "sources": [titles[k] for k in item["sources"]],
                "position": position,
                "lying_down": bool(item.get("lying_down", False)),
            },
        )
        _sync_steps(session, routine, item["step"], points)
        steps += len(item["step"])
    translations = seed_translations(session, data.get("translations", {}))
    session.flush()
    return SeedCounts(len(titles), len(points), len(data["routines"]), steps, translations)
