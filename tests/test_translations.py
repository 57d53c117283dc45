"""The Spanish catalog: complete, in step with the English, as careful, and loaded by flask seed."""

import copy
import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.services.catalog import SeedError, read_seed, seed_catalog
from webapp.services.catalog_text import POINT_TEXT, ROUTINE_TEXT, missing_translations
from webapp.translation_models import CatalogText

SEED = Path(__file__).resolve().parent.parent / "seed_data"
DATA = read_seed(SEED)
SPANISH = DATA["translations"]["es"]
CODE = re.compile(r"\b[A-Z]{2,3}\d{1,2}\b")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def spanish_fields():
    """(where, English text, Spanish text) for every translated text of the catalog."""
    for point in DATA["points"]:
        text = SPANISH["points"][point["code"]]
        for name in POINT_TEXT:
            english, spanish = point.get(name), text.get(name)
            if isinstance(english, list):
                if name == "cautions":
                    yield from (
                        (f"{point['code']} {name} {n}", e, s)
                        for n, (e, s) in enumerate(zip(english, spanish, strict=True))
                    )
            elif english:
                yield f"{point['code']} {name}", english, spanish
        for n, (fix, said) in enumerate(
            zip(point.get("correction", []), text.get("corrections", []), strict=True), 1
        ):
            yield f"{point['code']} correction {n}", fix["said"], said["said"]
            yield f"{point['code']} correction {n}", fix["correct"], said["correct"]
    for routine in DATA["routines"]:
        text = SPANISH["routines"][routine["slug"]]
        for name in ROUTINE_TEXT:
            if routine.get(name):
                yield f"{routine['slug']} {name}", routine[name], text[name]
        for n, (step, spanish) in enumerate(zip(routine["step"], text["steps"], strict=True), 1):
            yield f"{routine['slug']} step {n}", step["instruction"], spanish


FIELDS = list(spanish_fields())


def test_every_english_entry_and_field_has_its_spanish_text():
    assert missing_translations(DATA, SPANISH) == []


def test_a_missing_spanish_field_is_named():
    gaps = copy.deepcopy(SPANISH)
    del gaps["points"]["BL40"]["cautions"]
    del gaps["routines"]["flare-sitting"]
    gaps["routines"]["lower-back-basics"]["steps"][1] = ""
    assert missing_translations(DATA, gaps) == [
        "point BL40: cautions",
        "routine lower-back-basics: steps",
        "routine flare-sitting",
    ]


@pytest.mark.parametrize(
    "where, english, spanish", FIELDS, ids=[f"{w} {n}" for n, (w, _, _) in enumerate(FIELDS)]
)
def test_codes_and_numbers_are_kept_as_they_are(where, english, spanish):
    """WHO codes (BL40, L2) and every figure (1.5 cun, 2015, 30 seconds) say the same in Spanish."""
    assert sorted(CODE.findall(spanish)) == sorted(CODE.findall(english))
    figures = sorted(n.replace(".", ",") for n in NUMBER.findall(english))
    assert sorted(NUMBER.findall(spanish)) == figures


def test_the_blood_clot_warning_behind_the_knee_is_as_strong():
    cautions = SPANISH["points"]["BL40"]["cautions"]
    clot = next(c for c in cautions if "coágulo" in c)
    assert "Sáltatelo" in clot and "ve pronto al médico" in clot
    assert "hinchad" in clot and "duelen" in clot
    assert any(c.startswith("Solo presión suave") for c in cautions)


def test_every_point_avoided_in_pregnancy_says_so_in_spanish():
    for point in DATA["points"]:
        text = SPANISH["points"][point["code"]]
        if point["avoid_in_pregnancy"]:
            assert "si estás embarazada" in text["pregnancy_note"], point["code"]
            assert "Backpoint prefiere ser prudente" in text["pregnancy_note"], point["code"]
        elif point.get("pregnancy_note"):
            assert "trátalo con prudencia" in text["pregnancy_note"], point["code"]


def test_spanish_promises_no_cure():
    for where, english, spanish in FIELDS:
        if "not a cure" in english:
            assert "no es una cura" in spanish, where
        assert not re.search(r"\bcura(r|rá|n)?\b", spanish.replace("no es una cura", "")), where
        for word in ("garantiza", "elimina", "desintoxica", "en segundos"):
            assert word not in spanish.lower(), where


def test_firm_but_never_painful_is_said_the_same_way():
    for where, english, spanish in FIELDS:
        if "must not hurt" in english:
            assert "sin que duela" in spanish, where


def copy_seed(tmp_path: Path) -> Path:
    folder = tmp_path / "seed"
    shutil.copytree(SEED, folder)
    return folder


@pytest.mark.parametrize(
    "change, message",
    [
        (('code = "BL23"', 'code = "BL99"', "points"), "no English point with that code"),
        (('slug = "flare-sitting"', 'slug = "flare-standing"', "routines"), "no English routine"),
        (('point = "BL40"', 'point = "BL23"', "routines"), "steps must name the English steps"),
        (('article = "004"', 'article = "002"', "points"), "corrections must follow the English"),
        (
            ('how_to_find = "Busca primero', 'how_to_fnd = "Busca primero', "points"),
            "unknown field",
        ),
        (('like = "neck"', 'like = "cuello"', "synonyms"), "'cuello' is no English word"),
        (('"No durante el embarazo.",\n', "", "points"), "4 cautions, English has 5"),
    ],
)
def test_a_spanish_text_out_of_step_with_the_english_is_refused(tmp_path, change, message):
    old, new, name = change
    folder = copy_seed(tmp_path)
    path = folder / "es" / f"{name}.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(SeedError, match=message):
        read_seed(folder)


def test_seeding_twice_keeps_one_row_each_and_updates_the_text(app, tmp_path):
    folder = copy_seed(tmp_path)
    path = folder / "es" / "points.toml"
    path.write_text(path.read_text().replace('name = "Centro que Manda"', 'name = "Centro"'))
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(CatalogText))
        assert before == len(SPANISH["points"]) + len(SPANISH["routines"])
        counts = seed_catalog(db.session, read_seed(folder))
        seed_catalog(db.session, read_seed(folder))
        db.session.commit()
        after = db.session.scalar(sa.select(sa.func.count()).select_from(CatalogText))
        row = db.session.scalar(
            sa.select(CatalogText).where(CatalogText.kind == "point", CatalogText.key == "BL40")
        )
    assert counts.translations == after == before
    assert row.locale == "es"
    assert row.fields["name"] == "Centro"


def test_flask_seed_says_how_many_texts_it_loaded(runner):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "25 translated points and routines" in result.output
