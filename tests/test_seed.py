"""The seed loader refuses inconsistent files with a clear message and updates rows in place."""

import copy

import pytest
import sqlalchemy as sa

from tests.conftest import ROOT
from webapp.extensions import db
from webapp.models import RoutineStep
from webapp.services import catalog
from webapp.services.catalog import SeedError, read_seed, seed_catalog


@pytest.fixture(scope="module")
def seed():
    return read_seed(ROOT / "seed_data")


def broken(seed, change):
    data = copy.deepcopy(seed)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["routines"][1].update(slug=d["routines"][0]["slug"]),
            "appears more than once",
        ),
        (lambda d: d["points"][1].update(code=d["points"][0]["code"]), "appears more than once"),
        (lambda d: d["points"][0].pop("bilateral"), "missing bilateral"),
        (lambda d: d["routines"][0]["step"][0].pop("seconds"), "missing seconds"),
        (lambda d: d["points"][0].update(code="bl23"), "code must look like BL23"),
        (lambda d: d["routines"][0].update(slug="Lower Back"), "slug must be lower-case"),
        (lambda d: d["routines"][0]["step"][0].update(point="XX1"), "unknown point XX1"),
        (lambda d: d["routines"][0]["step"][0].update(seconds=5), "seconds must be 10..300"),
        (lambda d: d["routines"][0]["step"][0].update(side="up"), "side must be one of"),
        (lambda d: d["routines"][0].update(sources=["999"]), "unknown article 999"),
        (lambda d: d["points"][0].update(pressure="hard"), "pressure must be one of"),
    ],
)
def test_inconsistent_seed_files_are_refused_with_the_reason(seed, change, message):
    data = broken(seed, change)
    with pytest.raises(SeedError, match=message):
        catalog._check(data)


def test_a_midline_point_cannot_be_pressed_on_one_side(seed):
    def change(data):
        step = next(s for r in data["routines"] for s in r["step"] if s["point"] == "GV20")
        step["side"] = "left"

    with pytest.raises(SeedError, match="does not fit GV20"):
        catalog._check(broken(seed, change))


def test_reseeding_updates_steps_in_place(app, seed):
    with app.app_context():
        before = dict(db.session.execute(sa.select(RoutineStep.id, RoutineStep.seconds)).all())
        changed = broken(seed, lambda d: d["routines"][0]["step"][0].update(seconds=100))
        seed_catalog(db.session, changed)
        db.session.commit()
        after = dict(db.session.execute(sa.select(RoutineStep.id, RoutineStep.seconds)).all())
    assert after.keys() == before.keys()
    assert sorted(after.values()) != sorted(before.values())
    assert 100 in after.values()


def test_a_shorter_routine_loses_its_extra_steps(app, seed):
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(RoutineStep))
        seed_catalog(db.session, broken(seed, lambda d: d["routines"][0]["step"].pop()))
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RoutineStep)) == count - 1
