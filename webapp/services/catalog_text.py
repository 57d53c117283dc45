"""The catalog in other languages: reading seed_data/<locale>/, storing it, and showing it.

English in seed_data/*.toml is the catalog; a translation holds only the words a person reads,
keyed by point code and routine slug (steps by position, each naming its point), so codes,
sides, seconds and safety flags exist once. A field missing in a language falls back to English.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from webapp.translation_models import CatalogText

DEFAULT_LOCALE = "en"
"""The language the seed files are written in."""
POINT_TEXT = (
    "name",
    "aliases",
    "location",
    "how_to_find",
    "technique",
    "reach_tip",
    "pregnancy_note",
    "cautions",
    "note",
)
ROUTINE_TEXT = ("title", "focus", "summary", "adaptation")
LOCALE_FOLDER = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
SYNONYMS_FILE = "synonyms.toml"


class TranslationError(ValueError):
    """A translation does not fit the English catalog; the message says where."""


def locale_folders(directory: str | Path) -> list[Path]:
    """The seed folder's translations: its subfolders named like a locale ("es", "pt_BR")."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(
        path for path in directory.iterdir() if path.is_dir() and LOCALE_FOLDER.fullmatch(path.name)
    )


def _load(path: Path, table: str) -> list[dict]:
    if not path.exists():
        return []
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle).get(table, [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TranslationError(f"{path}: {exc}") from exc


def _point_text(item: dict, english: dict, where: str) -> tuple[dict, list[str]]:
    problems = [
        f"{where}: unknown field {k}" for k in item if k not in (*POINT_TEXT, "code", "correction")
    ]
    text = {k: item[k] for k in POINT_TEXT if k in item}
    # Cautions are read one by one (the player puts the serious ones first by the English).
    if "cautions" in text and len(text["cautions"]) != len(english.get("cautions", [])):
        problems.append(
            f"{where}: {len(text['cautions'])} cautions, English has {len(english['cautions'])}"
        )
    fixes = item.get("correction", [])
    if fixes:
        articles = [c["article"] for c in english.get("correction", [])]
        if [c.get("article") for c in fixes] != articles:
            problems.append(
                f"{where}: corrections must follow the English ones (articles {articles})"
            )
        text["corrections"] = [{k: c[k] for k in ("said", "correct") if k in c} for c in fixes]
    return text, problems


def _routine_text(item: dict, english: dict, where: str) -> tuple[dict, list[str]]:
    known = (*ROUTINE_TEXT, "slug", "step")
    problems = [f"{where}: unknown field {k}" for k in item if k not in known]
    text = {k: item[k] for k in ROUTINE_TEXT if k in item}
    steps = item.get("step", [])
    if steps:
        points = [s["point"] for s in english["step"]]
        if [s.get("point") for s in steps] != points:
            problems.append(f"{where}: steps must name the English steps' points in order {points}")
        text["steps"] = [s.get("instruction", "") for s in steps]
    return text, problems


def read_translations(directory: str | Path, data: dict) -> dict[str, dict]:
    """Each locale's point and routine text, checked against the English seed `data`.

    A translated entry with no English one, a step or correction out of step with the English,
    or a synonym that points at no English word is refused: shown, it would say the wrong thing.
    """
    points = {p["code"]: p for p in data["points"]}
    routines = {r["slug"]: r for r in data["routines"]}
    english_words = {
        w for entry in _load(Path(directory) / SYNONYMS_FILE, "synonym") for w in entry["words"]
    }
    out, problems = {}, []
    for folder in locale_folders(directory):
        found = {"points": {}, "routines": {}, "synonyms": []}
        kinds = (
            ("points", "code", "point", points, _point_text),
            ("routines", "slug", "routine", routines, _routine_text),
        )
        for kind, key, label, english, read in kinds:
            for item in _load(folder / f"{kind}.toml", label):
                where = f"{folder.name}/{kind}.toml {item.get(key)}"
                if item.get(key) not in english:
                    problems.append(f"{where}: no English {label} with that {key}")
                    continue
                text, wrong = read(item, english[item[key]], where)
                found[kind][item[key]] = text
                problems += wrong
        for entry in _load(folder / SYNONYMS_FILE, "synonym"):
            if entry.get("like") not in english_words or not entry.get("words"):
                problems.append(
                    f"{folder.name}/{SYNONYMS_FILE}: {entry.get('like')!r} is no English word"
                )
            found["synonyms"].append(entry)
        out[folder.name] = found
    if problems:
        raise TranslationError("; ".join(problems))
    return out


def missing_translations(data: dict, translation: dict) -> list[str]:
    """Every English entry or field that has no text in this translation, as "point BL23: note"."""
    missing = []
    for point in data["points"]:
        text = translation["points"].get(point["code"])
        if text is None:
            missing.append(f"point {point['code']}")
            continue
        missing += [
            f"point {point['code']}: {k}" for k in POINT_TEXT if point.get(k) and not text.get(k)
        ]
        if point.get("correction") and len(text.get("corrections", [])) != len(point["correction"]):
            missing.append(f"point {point['code']}: corrections")
        missing += [
            f"point {point['code']}: correction {n} {k}"
            for n, fix in enumerate(text.get("corrections", []), start=1)
            for k in ("said", "correct")
            if not fix.get(k)
        ]
    for routine in data["routines"]:
        text = translation["routines"].get(routine["slug"])
        if text is None:
            missing.append(f"routine {routine['slug']}")
            continue
        missing += [
            f"routine {routine['slug']}: {k}"
            for k in ROUTINE_TEXT
            if routine.get(k) and not text.get(k)
        ]
        steps = text.get("steps", [])
        if len(steps) != len(routine["step"]) or not all(steps):
            missing.append(f"routine {routine['slug']}: steps")
    return missing


def seed_translations(session, translations: dict[str, dict]) -> int:
    """Insert or update every translated point and routine by (locale, kind, key); returns rows."""
    rows = {(row.locale, row.kind, row.key): row for row in session.scalars(sa.select(CatalogText))}
    count = 0
    for locale, found in translations.items():
        for kind, items in (("point", found["points"]), ("routine", found["routines"])):
            for key, text in items.items():
                row = rows.get((locale, kind, key))
                if row is None:
                    row = CatalogText(locale=locale, kind=kind, key=key)
                    session.add(row)
                row.fields = text
                count += 1
    session.flush()
    return count


def translated_names(translations: dict[str, dict], code: str) -> list[str]:
    """A point's names in every language, so a search in any of them finds it."""
    names = []
    for found in translations.values():
        text = found["points"].get(code, {})
        names += [text["name"]] if "name" in text else []
        names += text.get("aliases", [])
    return names


def original(item):
    """The English database row behind a translated point, routine or step (or the row itself)."""
    return getattr(item, "_row", item)


class _Translated:
    """A row seen through one language: its text fields replaced, everything else the row's."""

    __slots__ = ("_row", "_text")
    TEXT: tuple[str, ...] = ()

    def __init__(self, row, text: dict):
        self._row = row
        self._text = text

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self.TEXT and name in self._text:
            return self._text[name]
        return getattr(self._row, name)

    def __eq__(self, other) -> bool:
        return original(self) == original(other)

    def __hash__(self) -> int:
        return hash(self._row)


class TranslatedPoint(_Translated):
    __slots__ = ()
    TEXT = POINT_TEXT

    @property
    def corrections(self) -> list[dict]:
        fixes = self._text.get("corrections")
        if not fixes:
            return self._row.corrections
        return [english | text for english, text in zip(self._row.corrections, fixes, strict=False)]

    def to_dict(self) -> dict:
        data = self._row.to_dict() | {k: self._text[k] for k in POINT_TEXT if k in self._text}
        return data | {"corrections": self.corrections}


class TranslatedStep(_Translated):
    __slots__ = ("point",)

    TEXT = ("instruction",)

    def __init__(self, row, instruction: str | None, point):
        super().__init__(row, {"instruction": instruction} if instruction else {})
        self.point = point

    def to_dict(self) -> dict:
        return self._row.to_dict() | {
            "point_name": self.point.name,
            "instruction": self.instruction,
        }


class TranslatedRoutine(_Translated):
    __slots__ = ("steps",)
    TEXT = ROUTINE_TEXT

    def __init__(self, row, text: dict, texts: "CatalogTexts"):
        super().__init__(row, text)
        instructions = text.get("steps", [])
        self.steps = [
            TranslatedStep(
                step,
                instructions[n] if n < len(instructions) else None,
                texts.point(step.point),
            )
            for n, step in enumerate(row.steps)
        ]

    @property
    def points(self) -> list:
        seen = {}
        for step in self.steps:
            seen.setdefault(step.point_id, step.point)
        return list(seen.values())

    def to_dict(self) -> dict:
        data = self._row.to_dict() | {k: self._text[k] for k in ROUTINE_TEXT if k in self._text}
        return data | {"steps": [step.to_dict() for step in self.steps]}


@dataclass
class CatalogTexts:
    """The catalog's text in one language; English rows pass through unchanged."""

    locale: str = DEFAULT_LOCALE
    points_text: dict[str, dict] = field(default_factory=dict)
    routines_text: dict[str, dict] = field(default_factory=dict)

    def point(self, point):
        text = self.points_text.get(point.code)
        return TranslatedPoint(original(point), text) if text else point

    def routine(self, routine):
        if not self.points_text and not self.routines_text:
            return routine
        # A person's own routine has no text of its own, but its points have.
        return TranslatedRoutine(original(routine), self.routines_text.get(routine.slug, {}), self)

    def points(self, points) -> list:
        return [self.point(point) for point in points]

    def routines(self, routines) -> list:
        return [self.routine(routine) for routine in routines]


def catalog_texts(session, locale: str) -> CatalogTexts:
    """The stored text of one language (nothing to look up for the catalog's own, English)."""
    if locale == DEFAULT_LOCALE:
        return CatalogTexts()
    rows = session.scalars(sa.select(CatalogText).where(CatalogText.locale == locale)).all()
    return CatalogTexts(
        locale,
        {row.key: row.fields for row in rows if row.kind == "point"},
        {row.key: row.fields for row in rows if row.kind == "routine"},
    )
