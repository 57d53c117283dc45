"""The private calendar feed: a daily event at the reminder time, in the person's time zone."""

import zoneinfo
from datetime import datetime, time, timedelta

from icalendar import Alarm, Calendar, Event, vRecur

from webapp.models import WEEKDAYS, ReminderSetting

EVENT_MINUTES = 10
ICAL_DAYS = dict(zip(WEEKDAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))


def feed(row: ReminderSetting, routine_url: str, settings_url: str, now: datetime) -> bytes:
    """The .ics body; with reminders off it has no event, so calendars drop the old one."""
    calendar = Calendar()
    calendar.add("prodid", "-//Backpoint//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Backpoint reminders")
    calendar.add("x-wr-timezone", row.time_zone)
    # Calendar apps poll feeds; asking for twice a day keeps changes from lagging long.
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    if row.enabled and row.days:
        calendar.add_component(_event(row, routine_url, settings_url, now))
        calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(row: ReminderSetting, routine_url: str, settings_url: str, now: datetime) -> Event:
    zone = zoneinfo.ZoneInfo(row.time_zone)
    hour, minute = (int(part) for part in row.local_time.split(":"))
    # The series starts on the day the settings were saved, so no past events fill the calendar.
    first_day = (row.updated_at or now).astimezone(zone).date()
    start = datetime.combine(first_day, time(hour, minute), tzinfo=zone)
    event = Event()
    event.add("uid", f"reminder-{row.user_id}-{row.calendar_token[:12]}@backpoint")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=EVENT_MINUTES))
    event.add("summary", "Backpoint: a few calm minutes for your back")
    event.add(
        "description",
        f"Your acupressure routine: {routine_url}\nChange or stop these reminders: {settings_url}",
    )
    event.add("url", routine_url)
    event.add("transp", "TRANSPARENT")
    chosen = [ICAL_DAYS[day] for day in WEEKDAYS if day in row.days]
    rule = {"freq": "daily"} if len(chosen) == 7 else {"freq": "weekly", "byday": chosen}
    event.add("rrule", vRecur(rule))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Time for your back routine")
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event
