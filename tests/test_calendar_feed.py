"""The private calendar feed: parses with icalendar, keeps local time across summer time,
and a revoked link is a 404."""

from datetime import UTC, datetime

from dateutil.rrule import rrulestr
from icalendar import Calendar

from webapp.extensions import db
from webapp.models import ReminderSetting


def save(auth, **change):
    body = {
        "enabled": True,
        "time": "08:15",
        "time_zone": "Europe/Berlin",
        "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "skip_if_done": True,
    } | change
    response = auth.client.put("/api/reminders", json=body, headers={"X-CSRFToken": auth.csrf()})
    assert response.status_code == 200, response.get_json()


def make_link(auth) -> str:
    response = auth.client.post("/reminders/calendar", data={"csrf_token": auth.csrf()})
    assert response.status_code == 302
    page = auth.client.get("/reminders").get_data(as_text=True)
    start = page.index('id="feed-url" type="url" value="') + len('id="feed-url" type="url" value="')
    return page[start : page.index('"', start)]


def feed(auth, url: str):
    response = auth.client.get(url.removeprefix("http://localhost"))
    return response


def test_feed_has_a_daily_event_with_an_alarm_at_local_time_across_summer_time(signed_in, app):
    save(signed_in)
    with app.app_context():
        row = db.session.get(ReminderSetting, 1)
        # Saved in March, so the series crosses the change to summer time on 29 March 2026.
        row.updated_at = datetime(2026, 3, 27, 12, tzinfo=UTC)
        db.session.commit()
    url = make_link(signed_in)
    response = feed(signed_in, url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "no-store"
    calendar = Calendar.from_ical(response.data)
    [event] = calendar.walk("VEVENT")
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert "/last-routine" in str(event["URL"])
    assert calendar.walk("VTIMEZONE"), "the zone is described for calendars that need it"
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Berlin"
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    days = rule[:4]
    assert [d.strftime("%d %H:%M") for d in days] == [
        "27 08:15",
        "28 08:15",
        "29 08:15",
        "30 08:15",
    ]
    utc_hours = [d.astimezone(UTC).hour for d in days]
    assert utc_hours == [7, 7, 6, 6]


def test_chosen_days_become_a_weekly_rule(signed_in):
    save(signed_in, days=["mon", "thu"])
    calendar = Calendar.from_ical(feed(signed_in, make_link(signed_in)).data)
    [event] = calendar.walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["MO", "TH"]


def test_reminders_off_means_no_event(signed_in):
    save(signed_in, enabled=False)
    calendar = Calendar.from_ical(feed(signed_in, make_link(signed_in)).data)
    assert calendar.walk("VEVENT") == []


def test_a_new_link_revokes_the_old_and_off_revokes_all(signed_in):
    save(signed_in)
    first = make_link(signed_in)
    second = make_link(signed_in)
    assert first != second
    assert feed(signed_in, first).status_code == 404
    assert feed(signed_in, second).status_code == 200
    signed_in.client.post("/reminders/calendar/off", data={"csrf_token": signed_in.csrf()})
    assert feed(signed_in, second).status_code == 404


def test_the_feed_needs_no_login_but_a_guess_finds_nothing(signed_in, client):
    save(signed_in)
    url = make_link(signed_in)
    signed_in.logout()
    assert feed(signed_in, url).status_code == 200
    assert client.get("/reminders/calendar/" + "x" * 43 + ".ics").status_code == 404
    assert client.get("/reminders/calendar/short.ics").status_code == 404
