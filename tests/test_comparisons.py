"""The fair comparison: balanced random days, which sessions count, the result and its words."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from tests.conftest import session_payload
from webapp.extensions import db
from webapp.models import Comparison, Routine, User
from webapp.services import comparisons

A, B = "lower-back-basics", "upper-back-and-shoulders"


def test_every_block_of_four_days_holds_each_routine_twice():
    for seed in range(50):
        for block in range(6):
            days = [comparisons.proposal(seed, 4 * block + n) for n in range(4)]
            assert Counter(days) == {"a": 2, "b": 2}


def test_the_plan_is_fixed_by_its_seed_and_differs_between_seeds():
    plan = [comparisons.proposal(9, day) for day in range(28)]
    assert plan == [comparisons.proposal(9, day) for day in range(28)]
    plans = {tuple(comparisons.proposal(seed, day) for day in range(12)) for seed in range(30)}
    assert len(plans) > 5


def begin(app, days_ago: int) -> tuple[int, int]:
    """A comparison of A and B for ada@example.com that began `days_ago` days ago, at 06:00 UTC."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "ada@example.com"))
        routines = {r.slug: r for r in db.session.scalars(sa.select(Routine))}
        now = datetime.now(UTC)
        started = (now - timedelta(days=days_ago)).replace(hour=6, minute=0, second=0)
        comparison = comparisons.start(db.session, user, routines[A], routines[B], 0, started)
        db.session.commit()
        return comparison.id, comparison.seed


def log(auth, started: datetime, slug: str, before: int, after: int):
    ended = started + timedelta(minutes=7)
    body = session_payload(
        routine=slug,
        started_at=started.isoformat(),
        ended_at=ended.isoformat(),
        pain_before=before,
        pain_after=after,
    )
    assert auth.post_session(body).status_code == 201


def follow(auth, app, days: range, days_ago: int, seed: int, a_after=3, b_after=5):
    start = (datetime.now(UTC) - timedelta(days=days_ago)).replace(hour=8, minute=0, second=0)
    for day in days:
        pick = comparisons.proposal(seed, day)
        log(
            auth,
            start + timedelta(days=day),
            A if pick == "a" else B,
            6,
            a_after if pick == "a" else b_after,
        )


def progress(app, comparison_id: int):
    with app.app_context():
        comparison = db.session.get(Comparison, comparison_id)
        result = comparisons.progress(db.session, comparison, datetime.now(UTC))
        words = comparisons.verdict(result, comparison.routine_a, comparison.routine_b)
        return result, words


def test_too_few_sessions_say_how_many_are_still_needed(app, signed_in):
    comparison_id, seed = begin(app, 30)
    follow(signed_in, app, range(9), 30, seed)
    result, words = progress(app, comparison_id)
    assert len(result.changes["a"]) + len(result.changes["b"]) == 9
    assert result.result is None
    assert words.startswith("Not enough sessions yet")


def test_only_the_first_session_of_a_day_done_as_proposed_counts(app, signed_in):
    comparison_id, seed = begin(app, 30)
    follow(signed_in, app, range(12), 30, seed)
    start = (datetime.now(UTC) - timedelta(days=30)).replace(hour=8, minute=0, second=0)
    other = B if comparisons.proposal(seed, 0) == "a" else A
    log(signed_in, start + timedelta(hours=3), other, 6, 0)  # not the day's routine
    log(signed_in, start + timedelta(hours=5), A, 6, 0)  # a second session that day (or wrong)
    log(signed_in, start - timedelta(days=2), A, 6, 0)  # before the comparison began
    result, words = progress(app, comparison_id)
    assert (len(result.changes["a"]), len(result.changes["b"])) == (6, 6)
    assert result.skipped == 2
    assert (result.result.mean_a, result.result.mean_b, result.result.difference) == (-3, -1, -2)
    assert result.result.clear
    assert "pain dropped about 2 points more after Lower back basics" in words
    assert "does not show that one routine treats back pain better" in words


def test_equal_results_say_no_clear_difference_yet(app, signed_in):
    comparison_id, seed = begin(app, 30)
    start = (datetime.now(UTC) - timedelta(days=30)).replace(hour=8, minute=0, second=0)
    done = {"a": 0, "b": 0}
    for day in range(12):
        pick = comparisons.proposal(seed, day)
        # Each routine gets the same changes (-3, -2, -1, ...) whatever the random order.
        after = 3 + done[pick] % 3
        done[pick] += 1
        log(signed_in, start + timedelta(days=day), A if pick == "a" else B, 6, after)
    result, words = progress(app, comparison_id)
    assert result.result.difference == 0
    assert result.result is not None and not result.result.clear
    assert words.startswith("No clear difference yet.")


def test_the_page_starts_shows_the_day_and_stops(app, signed_in):
    client = signed_in.client
    page = client.get("/compare").get_data(as_text=True)
    assert "Start the comparison" in page
    same = client.post(
        "/compare", data={"csrf_token": signed_in.csrf(), "routine_a": A, "routine_b": A}
    )
    assert same.status_code == 400 and "Choose two different routines." in same.get_data(True)
    started = client.post(
        "/compare",
        data={"csrf_token": signed_in.csrf(), "routine_a": A, "routine_b": B, "utc_offset": "60"},
    )
    assert started.status_code == 303
    page = client.get("/compare").get_data(as_text=True)
    assert "Today: " in page and "Not enough sessions yet" in page
    with app.app_context():
        assert db.session.scalar(sa.select(Comparison.utc_offset_minutes)) == 60
    client.post("/compare/stop", data={"csrf_token": signed_in.csrf()})
    assert "Start the comparison" in client.get("/compare").get_data(as_text=True)


def test_another_persons_routine_cannot_be_compared(app, signed_in):
    response = signed_in.client.post(
        "/compare",
        data={"csrf_token": signed_in.csrf(), "routine_a": A, "routine_b": "my-00000000"},
    )
    assert response.status_code == 400


def test_editing_a_compared_own_routine_goes_on_with_the_new_steps_and_delete_stops_it(
    app, signed_in
):
    steps = [{"point": "BL40", "side": "both", "seconds": 60}]
    body = {"title": "Mine", "steps": steps}
    token = {"X-CSRFToken": signed_in.csrf()}
    slug = signed_in.client.post("/api/routines", json=body, headers=token).get_json()["slug"]
    signed_in.client.post(
        "/compare", data={"csrf_token": signed_in.csrf(), "routine_a": A, "routine_b": slug}
    )
    signed_in.post_session(session_payload(routine=slug))
    edit = signed_in.client.get(f"/routines/{slug}/edit").get_data(as_text=True)
    assert "This routine is in your comparison" in edit
    changed = {"title": "Mine", "steps": [{"point": "GV20", "side": "center", "seconds": 60}]}
    signed_in.client.put(f"/api/routines/{slug}", json=changed, headers=token)
    page = signed_in.client.get("/compare").get_data(as_text=True)
    assert f'href="/routines/{A}/session"' in page or f'href="/routines/{slug}/session"' in page
    with app.app_context():
        comparison = db.session.scalar(sa.select(Comparison))
        assert comparison.routine_b.slug == slug and comparison.routine_b.retired_at is None
    signed_in.client.delete(f"/api/routines/{slug}", headers=token)
    assert "Start the comparison" in signed_in.client.get("/compare").get_data(as_text=True)
