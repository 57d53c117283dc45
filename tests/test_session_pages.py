"""GET /api/sessions in pages: the limit, a cursor stable under equal start times, ETag and 304."""

import random
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import PracticeSession, Routine, User
from webapp.services import session_pages
from webapp.services.accounts import export_data

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def add_sessions(app, email: str, count: int, moments=None, created=None) -> list[str]:
    """Store `count` sessions of the person straight in the database; return their ids."""
    rng = random.Random(count)  # noqa: S311 (repeatable test data)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        routine_id = db.session.scalar(sa.select(Routine.id).order_by(Routine.position))
        rows = []
        for index in range(count):
            started = moments[index] if moments else START + timedelta(hours=index)
            rows.append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "user_id": user.id,
                    "routine_id": routine_id,
                    "started_at": started,
                    "ended_at": started + timedelta(minutes=7),
                    "pain_before": 5,
                    "pain_after": 3,
                    "outcome": "completed",
                    "note": "",
                    "created_at": created[index] if created else started + timedelta(minutes=8),
                }
            )
        db.session.execute(sa.insert(PracticeSession), rows)
        db.session.commit()
    return [str(row["id"]) for row in rows]


def next_link(response) -> str | None:
    link = response.headers.get("Link")
    if link is None:
        return None
    assert link.endswith('>; rel="next"'), link
    return link[1 : link.index(">")]


def all_pages(client, url="/api/sessions") -> list[list[dict]]:
    pages = []
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200, response.get_json()
        pages.append(response.get_json())
        url = next_link(response)
    return pages


def test_a_page_holds_the_default_limit_newest_first(app, signed_in):
    add_sessions(app, "ada@example.com", session_pages.DEFAULT_LIMIT + 5)
    response = signed_in.client.get("/api/sessions")
    listed = response.get_json()
    assert len(listed) == session_pages.DEFAULT_LIMIT
    starts = [row["started_at"] for row in listed]
    assert starts == sorted(starts, reverse=True)
    assert next_link(response) is not None


def test_the_limit_is_honoured_up_to_the_maximum(app, signed_in):
    add_sessions(app, "ada@example.com", 12)
    response = signed_in.client.get("/api/sessions?limit=5")
    assert len(response.get_json()) == 5
    assert parse_qs(urlsplit(next_link(response)).query)["limit"] == ["5"]
    whole = signed_in.client.get(f"/api/sessions?limit={session_pages.MAX_LIMIT}")
    assert len(whole.get_json()) == 12
    assert next_link(whole) is None


@pytest.mark.parametrize("limit", ["0", "-1", "501", "ten", "", "1.5"])
def test_a_bad_limit_answers_400_naming_it(signed_in, limit):
    response = signed_in.client.get("/api/sessions", query_string={"limit": limit})
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {"limit"}


@pytest.mark.parametrize(
    "before", ["yesterday", "", "x" * 300, "MjAyNi0wMy0wMQ", "bm90fGF8Y3Vyc29y", "%%%"]
)
def test_a_bad_cursor_answers_400_naming_it(signed_in, before):
    response = signed_in.client.get("/api/sessions", query_string={"before": before})
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {"before"}


def test_every_bad_parameter_is_named_at_once(signed_in):
    query = {"before": "nope", "limit": "0", "since": "last-week"}
    response = signed_in.client.get("/api/sessions", query_string=query)
    assert set(response.get_json()["errors"]) == {"before", "limit", "since"}


def test_pages_list_every_session_once_when_many_started_at_one_moment(app, signed_in):
    # Ten sessions share a start; six of those were also stored at one moment (the id decides).
    moments = [START] * 10 + [START + timedelta(minutes=index) for index in range(1, 8)]
    created = [START + timedelta(minutes=8 if index < 6 else index) for index in range(10)]
    created += [moment + timedelta(minutes=8) for moment in moments[10:]]
    ids = add_sessions(app, "ada@example.com", len(moments), moments, created)
    pages = all_pages(signed_in.client, "/api/sessions?limit=3")
    listed = [row["id"] for page in pages for row in page]
    assert sorted(listed) == sorted(ids)
    assert len(pages) == 6
    keys = [(row["started_at"], row["created_at"], row["id"]) for page in pages for row in page]
    assert keys == sorted(keys, reverse=True)


def test_a_session_stored_meanwhile_does_not_shift_the_next_page(app, signed_in):
    add_sessions(app, "ada@example.com", 6)
    first = signed_in.client.get("/api/sessions?limit=3")
    signed_in.post_session()  # newer than all: it belongs to the first page, not the next
    second = signed_in.client.get(next_link(first)).get_json()
    assert {row["id"] for row in first.get_json()}.isdisjoint(row["id"] for row in second)
    assert len(second) == 3


def test_since_is_kept_in_the_next_link(app, signed_in):
    add_sessions(app, "ada@example.com", 10)
    since = (START + timedelta(hours=4)).isoformat()
    pages = all_pages(signed_in.client, f"/api/sessions?limit=2&since={since.replace('+', '%2B')}")
    assert [len(page) for page in pages] == [2, 2, 2]


def test_an_unchanged_page_answers_304_to_its_etag(app, signed_in):
    add_sessions(app, "ada@example.com", 3)
    first = signed_in.client.get("/api/sessions")
    etag = first.headers["ETag"]
    again = signed_in.client.get("/api/sessions", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag


def test_a_changed_page_answers_200_with_a_new_etag(app, signed_in):
    ids = add_sessions(app, "ada@example.com", 3)
    etag = signed_in.client.get("/api/sessions").headers["ETag"]
    token = signed_in.csrf()
    edited = signed_in.client.patch(
        f"/api/sessions/{ids[0]}", json={"note": "Better."}, headers={"X-CSRFToken": token}
    )
    assert edited.status_code == 200
    after = signed_in.client.get("/api/sessions", headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag
    deleted = signed_in.client.delete(f"/api/sessions/{ids[1]}", headers={"X-CSRFToken": token})
    assert deleted.status_code == 204
    gone = signed_in.client.get("/api/sessions", headers={"If-None-Match": after.headers["ETag"]})
    assert gone.status_code == 200
    assert ids[1] not in {row["id"] for row in gone.get_json()}


def test_another_persons_etag_and_cursor_show_nothing_of_theirs(app, signed_in):
    add_sessions(app, "ada@example.com", 4)
    ada = signed_in.client.get("/api/sessions?limit=2")
    signed_in.logout()
    assert signed_in.register("bea@example.com").status_code == 302
    bea = signed_in.client.get(next_link(ada), headers={"If-None-Match": ada.headers["ETag"]})
    assert bea.status_code == 200
    assert bea.get_json() == []


def test_the_export_keeps_the_whole_history(app, signed_in):
    add_sessions(app, "ada@example.com", session_pages.MAX_LIMIT + 1)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "ada@example.com"))
        assert len(export_data(db.session, user)["sessions"]) == session_pages.MAX_LIMIT + 1


def fresh_pages(client, url: str) -> list[list[dict]]:
    """The pages as read and written anew, none from the process's written pages."""
    session_pages.forget_written()
    return all_pages(client, url)


def test_written_pages_follow_every_change_to_the_sessions(app, signed_in):
    """A page is kept written while the person's sessions stay the same: after each kind of
    change, the pages served equal the pages read afresh, and an unchanged page is the same."""
    client, token = signed_in.client, signed_in.csrf()
    ids = add_sessions(app, "ada@example.com", 25)
    checks = 0

    def same_as_fresh():
        nonlocal checks
        for url in (
            "/api/sessions",
            "/api/sessions?limit=7",
            "/api/sessions?since=2026-03-01T12:00:00Z",
        ):
            served = all_pages(client, url)  # written now, or kept from before
            assert all_pages(client, url) == served  # kept: the same again
            assert served == fresh_pages(client, url)
            checks += 1

    same_as_fresh()
    assert signed_in.post_session().status_code == 201  # a new one
    same_as_fresh()
    headers = {"X-CSRFToken": token}
    assert (
        client.patch(
            f"/api/sessions/{ids[3]}", json={"note": "Later."}, headers=headers
        ).status_code
        == 200
    )
    same_as_fresh()  # only a note: no total changes, yet the page does
    assert (
        client.patch(f"/api/sessions/{ids[4]}", json={"pain_after": 1}, headers=headers).status_code
        == 200
    )
    same_as_fresh()
    assert client.delete(f"/api/sessions/{ids[5]}", headers=headers).status_code == 204
    same_as_fresh()
    add_sessions(app, "ada@example.com", 2, moments=[START + timedelta(minutes=30)] * 2)
    same_as_fresh()  # stored by a statement outside the app
    assert checks == 18


def test_a_page_kept_written_is_not_another_persons(app, signed_in):
    ada_ids = add_sessions(app, "ada@example.com", 3)
    assert {row["id"] for row in signed_in.client.get("/api/sessions").get_json()} == set(ada_ids)
    signed_in.logout()
    assert signed_in.register("bea@example.com").status_code == 302
    bea_ids = add_sessions(app, "bea@example.com", 2)
    with app.app_context():
        # The same version as Ada's (a one in 2^63 chance): the person is part of the key too.
        ada = db.session.scalar(sa.select(User).where(User.email == "ada@example.com"))
        db.session.execute(
            sa.update(User)
            .where(User.email == "bea@example.com")
            .values(sessions_version=ada.sessions_version)
        )
        db.session.commit()
    assert {row["id"] for row in signed_in.client.get("/api/sessions").get_json()} == set(bea_ids)
