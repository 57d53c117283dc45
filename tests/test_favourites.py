"""Starring routines: per person, CSRF-protected, starred ones first on routines and home."""

import re

from tests.conftest import AuthActions, session_payload


def titles(html: str) -> list[str]:
    """The routine titles on /routines, in the order shown."""
    return re.findall(r'<h2><a href="/routines/[^"]+">([^<]+)</a></h2>', html)


def star(auth: AuthActions, slug: str, starred: str = "1", **extra):
    data = {"starred": starred, "csrf_token": auth.csrf(), **extra}
    return auth.client.post(f"/routines/{slug}/star", data=data)


def test_a_starred_routine_comes_first_on_routines_and_on_home(signed_in):
    before = titles(signed_in.client.get("/routines").get_data(as_text=True))
    assert before[0] != "Upper back and shoulders"
    response = star(signed_in, "upper-back-and-shoulders", next="/routines")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/routines")
    after = titles(signed_in.client.get("/routines").get_data(as_text=True))
    assert after[0] == "Upper back and shoulders"
    assert sorted(after) == sorted(before)
    home = signed_in.client.get("/").get_data(as_text=True)
    assert "Your starred routines" in home
    assert "Start Upper back and shoulders" in home


def test_starring_twice_is_once_and_unstarring_restores_the_order(signed_in):
    before = titles(signed_in.client.get("/routines").get_data(as_text=True))
    star(signed_in, "flare-sitting")
    star(signed_in, "flare-sitting")
    html = signed_in.client.get("/routines").get_data(as_text=True)
    assert html.count("★ Starred · ") == 1
    assert star(signed_in, "flare-sitting", starred="0").status_code == 303
    assert titles(signed_in.client.get("/routines").get_data(as_text=True)) == before
    assert "Your starred routines" not in signed_in.client.get("/").get_data(as_text=True)


def test_stars_belong_to_one_person(app, signed_in):
    star(signed_in, "flare-sitting")
    signed_in.logout()
    other = AuthActions(app.test_client())
    assert other.register(email="grace@example.com").status_code == 302
    html = other.client.get("/routines").get_data(as_text=True)
    assert "★ Starred · " not in html
    assert titles(html)[0] != "Flare: three calm minutes, sitting"


def test_starring_needs_csrf_and_a_sign_in(client, signed_in):
    no_token = signed_in.client.post("/routines/flare-sitting/star", data={"starred": "1"})
    assert no_token.status_code == 400
    assert "★ Starred · " not in signed_in.client.get("/routines").get_data(as_text=True)
    signed_in.logout()
    stranger = star(signed_in, "flare-sitting")
    assert stranger.status_code == 302
    assert "/login" in stranger.headers["Location"]


def test_bad_choice_or_unknown_routine_is_answered_not_crashed(signed_in):
    assert star(signed_in, "flare-sitting", starred="maybe").status_code == 400
    assert star(signed_in, "no-such-routine").status_code == 404
    assert (
        star(signed_in, "flare-sitting", next="https://evil.example/")
        .headers["Location"]
        .endswith("/routines/flare-sitting")
    )


def test_strangers_see_no_star_buttons(client):
    assert "star-form" not in client.get("/routines").get_data(as_text=True)


def test_a_starred_own_routine_keeps_its_star_through_an_edit_after_practice(app, signed_in):
    token = {"X-CSRFToken": signed_in.csrf()}
    body = {"title": "Starred mine", "steps": [{"point": "BL40", "side": "both", "seconds": 60}]}
    slug = signed_in.client.post("/api/routines", json=body, headers=token).get_json()["slug"]
    signed_in.client.post(
        f"/routines/{slug}/star", data={"csrf_token": signed_in.csrf(), "starred": "1"}
    )
    assert signed_in.post_session(session_payload(routine=slug)).status_code == 201
    body["steps"][0]["seconds"] = 90
    assert (
        signed_in.client.put(f"/api/routines/{slug}", json=body, headers=token).status_code == 200
    )
    page = signed_in.client.get(f"/routines/{slug}").get_data(as_text=True)
    assert 'aria-pressed="true"' in page
