"""The routine builder's forms: steps added, moved and removed on the server, saved, deleted."""

import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Routine


def builder_form(auth, title="Lunch break", steps=(("BL40", "both", "60"),), **extra) -> dict:
    data = {"csrf_token": auth.csrf(), "title": title, "summary": ""}
    for n, (point, side, seconds) in enumerate(steps):
        data |= {f"steps-{n}-point": point, f"steps-{n}-side": side, f"steps-{n}-seconds": seconds}
    return data | extra


def test_the_builder_offers_only_back_points(signed_in):
    page = signed_in.client.get("/routines/new").get_data(as_text=True)
    assert 'value="BL23"' in page and 'value="GV20"' in page
    assert 'value="SP10"' not in page and 'value="GV15"' not in page
    assert "BL23 " in page and "(not in pregnancy)" in page


def test_the_builder_needs_a_sign_in(client):
    assert client.get("/routines/new").status_code == 302


def test_step_buttons_change_the_steps_and_keep_what_was_typed(signed_in):
    steps = (("BL40", "left", "45"), ("GV20", "both", "90"))
    page = signed_in.client.post(
        "/routines/new", data=builder_form(signed_in, steps=steps, action="down-0")
    ).get_data(as_text=True)
    assert page.index('value="GV20" selected') < page.index('value="BL40" selected')
    assert 'value="Lunch break"' in page and 'value="45"' in page
    added = signed_in.client.post(
        "/routines/new", data=builder_form(signed_in, steps=steps, action="add")
    ).get_data(as_text=True)
    assert 'id="steps-2-point"' in added
    removed = signed_in.client.post(
        "/routines/new", data=builder_form(signed_in, steps=steps, action="remove-0")
    ).get_data(as_text=True)
    assert 'id="steps-1-point"' not in removed and 'value="GV20" selected' in removed


def test_saving_stores_the_routine_with_midline_points_on_the_midline(app, signed_in):
    steps = (("BL40", "right", "45"), ("GV20", "left", "90"))
    response = signed_in.client.post(
        "/routines/new", data=builder_form(signed_in, steps=steps, action="save")
    )
    assert response.status_code == 303
    with app.app_context():
        routine = db.session.scalar(sa.select(Routine).where(Routine.title == "Lunch break"))
        assert [(s.point.code, s.side, s.seconds) for s in routine.steps] == [
            ("BL40", "right", 45),
            ("GV20", "center", 90),
        ]
        assert response.headers["Location"].endswith(f"/routines/{routine.slug}")


def test_bad_input_rerenders_with_field_errors_and_loses_nothing(signed_in):
    steps = (("BL40", "both", "600"), ("", "both", "60"))
    response = signed_in.client.post(
        "/routines/new", data=builder_form(signed_in, title="", steps=steps, action="save")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give your routine a name." in page
    assert 'href="#steps-0-seconds"' in page and 'href="#steps-1-point"' in page
    assert 'value="600"' in page and 'value="BL40" selected' in page


def test_an_unknown_button_is_400(signed_in):
    response = signed_in.client.post("/routines/new", data=builder_form(signed_in, action="up-9"))
    assert response.status_code == 400


def test_delete_asks_first_and_then_takes_it_off_the_list(app, signed_in):
    signed_in.client.post("/routines/new", data=builder_form(signed_in, action="save"))
    with app.app_context():
        slug = db.session.scalar(sa.select(Routine.slug).where(Routine.title == "Lunch break"))
    assert "Lunch break" in signed_in.client.get("/routines").get_data(as_text=True)
    ask = signed_in.client.get(f"/routines/{slug}/delete").get_data(as_text=True)
    assert "no sessions with it yet" in ask
    done = signed_in.client.post(f"/routines/{slug}/delete", data={"csrf_token": signed_in.csrf()})
    assert done.status_code == 303
    after = signed_in.client.get("/routines").get_data(as_text=True)
    assert "Deleted Lunch break." in after
    assert f'href="/routines/{slug}"' not in after
    assert signed_in.client.get(f"/routines/{slug}").status_code == 404


def test_too_many_steps_are_refused_without_reading_them_all(signed_in):
    steps = [("BL40", "both", "60")] * 500
    response = signed_in.client.post(
        "/routines/new", data=builder_form(signed_in, steps=steps, action="save")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "At most 20 steps (it has 21)." in page
