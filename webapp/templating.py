"""Template helpers shared by every area."""

import functools
from datetime import UTC, date, datetime

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent
from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup

from webapp import bodymap, page_data, safety
from webapp.i18n import catalog, gettext, ngettext
from webapp.models import Point
from webapp.outcomes import OUTCOME_WORDS
from webapp.services.report import UNIT_WORDS
from webapp.services.stats import is_meaningful, meaningful_rule
from webapp.vocabulary import PAIN_WORDS, PRESSURE_WORDS, REGION_WORDS, SIDE_LABELS, SIDE_WORDS


def body_map(point: Point, side: str | None = None, uid: str = "", zoom: bool = False) -> Markup:
    """The point drawn on its body view, on the given side (both sides by default)."""
    side = side or ("both" if point.bilateral else "center")
    label = gettext(
        "Where %(code)s %(name)s is: %(location)s (%(side)s)",
        code=point.code,
        name=point.name,
        location=point.location,
        side=SIDE_WORDS[side],
    )
    return bodymap.render(point.map_view, point.map_x, point.map_y, side, label, uid, zoom)


def body_map_seen(point: Point) -> str:
    """From which side the point's body map is seen, in words, for its caption."""
    view = bodymap.VIEWS.get(point.map_view)
    return view.seen if view else ""


DATE_STYLES = {
    "long": ("EEEE d MMMM y", None),
    "short": ("d MMM y", "yMMMd"),
    "day_month": ("d MMM", "MMMd"),
    "weekday": ("EEEE d MMMM", None),
    "month_year": ("MMMM y", "yMMMM"),
    "month_short": ("MMM y", "yMMM"),
}
"""English's patterns (British day-month order, as before), and the CLDR skeleton any other
language fills with its own order and words (None: that language's full date)."""


def _format_day(day: date | datetime, style: str) -> str:
    # The moment's own calendar day: Babel would move an aware datetime to its default zone.
    day = day.date() if isinstance(day, datetime) else day
    return _written_day(day, style, get_locale() or Locale("en"))


@functools.lru_cache(maxsize=4096)
def _written_day(day: date, style: str, locale: Locale) -> str:
    # A page writes the same few days many times (a long history: each session's date twice).
    english, skeleton = DATE_STYLES[style]
    if locale.language == "en":
        return format_date(day, english, locale=locale)
    if skeleton is None:
        return format_date(day, "full", locale=locale)
    return format_skeleton(skeleton, day, locale=locale)


def long_date(day: date | datetime) -> str:
    """ "Saturday 21 November 2026" (in the reader's language): unambiguous wherever they are."""
    return _format_day(day, "long")


def short_date(day: date | datetime) -> str:
    """ "21 Nov 2026", for tables."""
    return _format_day(day, "short")


def day_month(day: date | datetime) -> str:
    """ "21 Nov", for a chart's days."""
    return _format_day(day, "day_month")


def weekday_date(day: date | datetime) -> str:
    """ "Saturday 21 November", for today's heading."""
    return _format_day(day, "weekday")


def month_year(day: date | datetime) -> str:
    """ "November 2026"."""
    return _format_day(day, "month_year")


def month_short(day: date | datetime) -> str:
    """ "Nov 2026"."""
    return _format_day(day, "month_short")


def clock(moment: datetime) -> str:
    """ "18:05": the moment's own wall-clock time (it is already in the person's offset)."""
    # Babel's "HH:mm" is the same in every language (its digits are always 0-9), so it is
    # written here directly: a page with a long log writes dozens of them.
    return f"{moment.hour:02d}:{moment.minute:02d}"


def number(value) -> str:
    """A number written the reader's way (1,234.5 or 1.234,5)."""
    return format_decimal(value, locale=get_locale() or Locale("en"))


def ago(moment: datetime) -> str:
    """ "just now", "25 minutes ago", "3 hours ago", else the date: when a device was last used."""
    minutes = int((datetime.now(UTC) - moment).total_seconds() // 60)
    if minutes < 5:
        return gettext("just now")
    if minutes < 60:
        return ngettext("%(num)d minute ago", "%(num)d minutes ago", minutes)
    if minutes < 24 * 60:
        hours = minutes // 60
        return ngettext("%(num)d hour ago", "%(num)d hours ago", hours)
    return gettext("on %(date)s", date=short_date(moment))


def pain_change(before: int, after: int | None) -> Markup:
    """A session's change in pain, as the history and a session's page write it, with the
    meaningful-drop tag. Written once per language and pair of ratings (121 pairs): the log
    writes one for each of its sessions. Translations are text here (escaped), as they hold no
    markup."""
    return _pain_change(before, after, catalog())


@functools.lru_cache(maxsize=1024)
def _pain_change(before: int, after: int | None, _catalog) -> Markup:
    # Keyed by the translations in use (one object per app, language and folders), so two apps
    # in one process, or a language forced within a request, never share a line.
    if after is None:
        words = gettext("Pain %(before)d; not rated after", before=before)
        return Markup('<span class="change">%s</span>') % words
    written = Markup('<span class="change">%s</span>') % pain_change_words(before, after)
    if is_meaningful(before, after):
        written += Markup(' <span class="tag tag-good">%s</span>') % PAIN_WORDS["meaningful"]
    return written


def held_summary(row) -> Markup:
    """How much of a session's holds were done ("Held 6:30 · 7 of 8 holds done"), or that it
    was added afterwards; nothing for a session from before holds were recorded."""
    if row.held_seconds is not None:
        total = row.steps_completed + row.steps_skipped + row.steps_not_reached
        held = f"{row.held_seconds // 60}:{row.held_seconds % 60:02d}"
        return Markup('<span class="held">%s · %s</span>') % (
            gettext("Held %(time)s", time=held),
            ngettext(
                "%(done)d of %(num)d hold done",
                "%(done)d of %(num)d holds done",
                total,
                done=row.steps_completed,
            ),
        )
    if row.manual:
        return Markup('<span class="held">%s</span>') % gettext("Added afterwards")
    return Markup()


def pain_change_words(before: int, after: int) -> str:
    """ "Pain 6 → 3: down 3 points (50%)", the history's line for one session's change."""
    drop = before - after
    if drop > 0:
        change = ngettext(
            "down %(num)d point (%(percent)s)",
            "down %(num)d points (%(percent)s)",
            drop,
            percent=format_percent(drop / before, locale=get_locale() or Locale("en")),
        )
    elif drop < 0:
        change = ngettext("up %(num)d point", "up %(num)d points", -drop)
    else:
        change = gettext("no change")
    return gettext(
        "Pain %(before)d → %(after)d: %(change)s", before=before, after=after, change=change
    )


def decimal1(value: float) -> str:
    """A number with one decimal, written the reader's way ("1.5", "1,5")."""
    return format_decimal(value, "0.0", locale=get_locale() or Locale("en"))


def percent(share: float) -> str:
    """A share as a whole percentage ("40%", "40 %")."""
    return format_percent(share, locale=get_locale() or Locale("en"))


def safety_flags(*levels: str) -> list[safety.RedFlag]:
    """The red flags at these levels (all when none given), read from safety.py at each call."""
    return [
        safety.translated(flag) for flag in safety.RED_FLAGS if not levels or flag.level in levels
    ]


def init_app(app: Flask) -> None:
    app.add_template_global(body_map)
    app.add_template_global(SIDE_WORDS, "side_words")
    app.add_template_global(SIDE_LABELS, "side_labels")
    app.add_template_global(PRESSURE_WORDS, "pressure_words")
    app.add_template_global(REGION_WORDS, "region_words")
    app.add_template_global(body_map_seen)
    app.add_template_global(safety_flags)
    app.add_template_global(safety.pregnancy_points)
    app.add_template_global(safety.PAIN_SEE_DOCTOR_AT, "pain_see_doctor_at")
    app.add_template_global(OUTCOME_WORDS, "outcome_words")
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(ago)
    app.add_template_global(pain_change)
    app.add_template_global(held_summary)
    app.add_template_global(page_data.app_data)
    app.add_template_global(UNIT_WORDS, "unit_words")
    app.add_template_global(PAIN_WORDS, "pain_words")
    app.add_template_global(meaningful_rule(), "meaningful")
    for helper in (
        day_month,
        weekday_date,
        month_year,
        month_short,
        clock,
        number,
        decimal1,
        percent,
    ):
        app.add_template_filter(helper)
