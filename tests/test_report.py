"""The doctor's report: counts that say what they count, the first screen, chosen sections, the
PEG by week; and clinician share links (hashed tokens, passcode limits, ending, expiry)."""

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from tests.test_history import log, text
from tests.test_peg import answer, post
from webapp.doctor_models import ShareLink
from webapp.extensions import db
from webapp.services.share import hash_token


def report(auth, **query):
    return auth.client.get("/report", query_string=query)


def test_the_counts_say_what_they_count_and_agree(signed_in):
    for day in range(3):
        log(signed_in, day + 1, 6, 3)
    log(signed_in, 5, 9, None, outcome="safety_stop")
    words = text(report(signed_in))
    assert "Check-ins 4: 3 routines done, 1 stopped at the safety check" in words
    assert "4 check-ins (3 routines done, 1 stopped at the safety check)" in words
    assert "Sessions 3" not in words


def test_a_week_is_labelled_by_its_monday_without_the_year_inside_one_year(signed_in):
    log(signed_in, 1, 6, 3)
    html = report(signed_in, start="2026-11-02", end="2026-11-29", sections="1").get_data(
        as_text=True
    )
    cells = re.findall(r'<th scope="row"><span class="nowrap">([^<]+)</span></th>', html)
    assert cells == ["2&nbsp;Nov", "9&nbsp;Nov", "16&nbsp;Nov", "23&nbsp;Nov"]
    assert "Week of" in html


def test_the_first_screen_states_trend_peg_what_helps_with_the_rule_stops_and_nudges(signed_in):
    for day in range(1, 7):
        log(signed_in, day, 7 if day > 3 else 4, 2)
    post(signed_in, answer(answered_at=(datetime.now(UTC) - timedelta(days=10)).isoformat()))
    post(signed_in, answer(pain=3, enjoyment=3, activity=3))
    words = text(report(signed_in))
    first = words[words.index("Overview") : words.index("By week")]
    assert "Average pain before routines:" in first
    assert "PEG score (0–10" in first and "2 weeks answered" in first
    assert "6.0" in first and "3.0" in first
    assert "A single week's change is not read as meaningful" in first
    assert "Lower back basics: pain" in first
    assert "a drop of at least 2 points and at least 30%" in first
    assert "None: every check-in passed the safety questions." in first
    assert "The app's suggestions" in first


def test_sections_are_chosen_and_notes_stay_out_unless_asked(signed_in):
    log(signed_in, 1, 6, 3, note="Private thought")
    log(signed_in, 2, 9, None, outcome="safety_stop", note="Numb leg")
    post(signed_in, answer())
    default = text(report(signed_in))
    assert "Private thought" not in default and "Numb leg" not in default
    assert "Safety check stops" in default and "PEG score" in default
    today = datetime.now(UTC).date()
    dates = {"start": (today - timedelta(days=6)).isoformat(), "end": today.isoformat()}
    chosen = text(report(signed_in, **dates, sections="1", notes="y"))
    assert "Private thought" in chosen
    assert "PEG score" not in chosen and "Safety check stops" not in chosen
    assert "(details not included)" in chosen


def make_link(auth, **fields) -> str:
    today = datetime.now(UTC).date()
    data = {
        "start": (today - timedelta(days=27)).isoformat(),
        "end": today.isoformat(),
        "peg": "y",
        "valid_for": "week",
        "csrf_token": auth.csrf(),
    } | fields
    response = auth.client.post("/report/share", data=data)
    assert response.status_code == 302, text(response)
    html = auth.client.get("/report/links").get_data(as_text=True)
    return re.search(r'id="new-link-url">http://localhost([^<]+)<', html).group(1)


def test_a_link_is_a_long_random_token_stored_only_as_its_hash(app, signed_in):
    path = make_link(signed_in)
    token = path.removeprefix("/shared/")
    assert len(token) >= 43
    with app.app_context():
        (stored,) = db.session.scalars(sa.select(ShareLink))
        assert stored.token_hash == hash_token(token) and token not in stored.token_hash
    again = signed_in.client.get("/report/links").get_data(as_text=True)
    assert token not in again


def test_the_shared_view_needs_no_account_and_is_never_stored_indexed_or_referred(app, signed_in):
    log(signed_in, 1, 6, 3)
    path = make_link(signed_in, shown_name="Ada Lovelace", shown_birth_date="1990-12-10")
    stranger = app.test_client()
    response = stranger.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    words = text(response)
    assert "Shared by ada@example.com" in words and "Ada Lovelace, born 10 December 1990" in words
    assert '<meta name="robots" content="noindex' in response.get_data(as_text=True)
    assert "Opened 1 time" in text(signed_in.client.get("/report/links"))


def test_a_wrong_passcode_is_refused_and_limited_like_a_login(app, signed_in):
    path = make_link(signed_in, passcode="4271")
    stranger = app.test_client()
    assert "Passcode" in text(stranger.get(path))
    token = stranger.get(path).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', token).group(1)
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        wrong = stranger.post(path, data={"passcode": "0000", "csrf_token": csrf})
        assert wrong.status_code == 400
    refused = stranger.post(path, data={"passcode": "4271", "csrf_token": csrf})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Not opened yet" in text(signed_in.client.get("/report/links"))


def test_the_right_passcode_opens_it(app, signed_in):
    path = make_link(signed_in, passcode="4271")
    stranger = app.test_client()
    page = stranger.get(path).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    opened = stranger.post(path, data={"passcode": "4271", "csrf_token": csrf})
    assert opened.status_code == 200 and "Acupressure and back pain log" in text(opened)


def test_an_ended_or_expired_link_is_a_404_and_forgets_the_name(app, signed_in):
    path = make_link(signed_in, shown_name="Ada")
    stranger = app.test_client()
    assert stranger.get(path).status_code == 200
    with app.app_context():
        link = db.session.scalars(sa.select(ShareLink)).one()
        link_id = link.id
    ended = signed_in.client.post(
        f"/report/links/{link_id}/end", data={"csrf_token": signed_in.csrf()}
    )
    assert ended.status_code == 302
    assert stranger.get(path).status_code == 404
    with app.app_context():
        assert db.session.get(ShareLink, link_id).shown_name == ""
    second = make_link(signed_in)
    with app.app_context():
        newest = db.session.scalars(sa.select(ShareLink).order_by(ShareLink.id.desc())).first()
        newest.expires_at = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    assert stranger.get(second).status_code == 404
    assert "Expired" in text(signed_in.client.get("/report/links"))


def test_guessing_links_is_rate_limited(app, client):
    for _ in range(30):
        assert client.get("/shared/not-a-real-token").status_code == 404
    assert client.get("/shared/not-a-real-token").status_code == 429


def test_nobody_ends_another_persons_link(app, signed_in, auth):
    make_link(signed_in)
    with app.app_context():
        link_id = db.session.scalars(sa.select(ShareLink.id)).one()
    auth.logout()
    auth.register(email="bea@example.com")
    response = auth.client.post(f"/report/links/{link_id}/end", data={"csrf_token": auth.csrf()})
    assert response.status_code == 404
    assert "Not opened yet" not in text(auth.client.get("/report/links"))


def test_the_share_page_without_dates_offers_the_last_four_weeks(signed_in):
    response = signed_in.client.get("/report/share")
    assert response.status_code == 200
    today = datetime.now(UTC).date()
    assert f'value="{(today - timedelta(days=27)).isoformat()}"' in response.get_data(as_text=True)


def test_a_share_with_bad_dates_or_passcode_rerenders_with_errors_and_makes_nothing(app, signed_in):
    data = {"start": "2026-05-01", "end": "2026-04-01", "valid_for": "week", "passcode": "a b"}
    response = signed_in.client.post("/report/share", data=data | {"csrf_token": signed_in.csrf()})
    assert response.status_code == 400
    words = text(response)
    assert "must not be before the first day" in words and "Leave out spaces." in words
    with app.app_context():
        assert db.session.scalars(sa.select(ShareLink)).all() == []


def test_deleting_the_account_deletes_its_peg_answers_links_and_their_opens(app, signed_in):
    from tests.conftest import PASSWORD
    from webapp.doctor_models import PegAnswer, ShareOpen

    post(signed_in, answer())
    path = make_link(signed_in)
    assert app.test_client().get(path).status_code == 200
    response = signed_in.client.post(
        "/account/delete", data={"password": PASSWORD, "csrf_token": signed_in.csrf()}
    )
    assert response.status_code == 302
    with app.app_context():
        for model in (PegAnswer, ShareLink, ShareOpen):
            assert db.session.scalars(sa.select(model)).all() == []
    assert app.test_client().get(path).status_code == 404
