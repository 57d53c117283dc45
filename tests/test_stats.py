"""The pain-log statistics: hand-computed figures for each rule and its edges."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from webapp.services.stats import (
    MIN_SESSIONS,
    OUTCOMES,
    Entry,
    Nudge,
    Period,
    current_streak,
    is_meaningful,
    nudges,
    period_unit,
    periods,
    rolling_average,
    routine_summaries,
    sessions_per_week,
)

LOCAL = timezone(timedelta(hours=2))
TODAY = date(2026, 3, 31)
TITLES = {"lower-back": "Lower back", "hips": "Calm hips", "upper": "Upper back", "neck": "Neck"}


def at(when: str, before: int, after: int | None = None, outcome="completed", routine="lower-back"):
    """An entry started at a local time given as "YYYY-MM-DD HH:MM" on a +02:00 clock."""
    started = datetime.fromisoformat(when).replace(tzinfo=LOCAL)
    return Entry(started, routine, TITLES[routine], before, after, outcome)


def ago(days: int, before: int, after: int | None = None, outcome="completed", **kw):
    """An entry at 09:00 local time, the given number of days before TODAY."""
    day = TODAY - timedelta(days=days)
    return at(f"{day.isoformat()} 09:00", before, after, outcome, **kw)


def test_outcomes_match_the_model():
    from webapp.models import OUTCOMES as MODEL_OUTCOMES

    assert OUTCOMES == MODEL_OUTCOMES


def test_day_is_the_local_day():
    # 00:30 at +02:00 is 22:30 UTC the evening before; the person lived it on March 1st.
    entry = at("2026-03-01 00:30", 5)
    assert entry.started_at.astimezone(UTC).date() == date(2026, 2, 28)
    assert entry.day == date(2026, 3, 1)


def test_change_is_after_minus_before_and_none_when_not_rated():
    assert at("2026-03-01 09:00", 6, 4).change == -2
    assert at("2026-03-01 09:00", 6).change is None
    assert at("2026-03-01 09:00", 6, outcome="safety_stop").change is None


def test_safety_stop_is_not_practice():
    assert at("2026-03-01 09:00", 9, outcome="safety_stop").practised is False
    assert at("2026-03-01 09:00", 5, 5, outcome="stopped_early").practised is True


def test_entry_refuses_a_naive_time():
    with pytest.raises(ValueError):
        Entry(datetime(2026, 3, 1, 9), "lower-back", "Lower back", 5, None, "completed")


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (3, 1, True),  # drop 2 = 67% of 3
        (10, 8, False),  # drop 2 = 20% of 10
        (6, 4, True),  # drop 2 = 33% of 6
        (7, 5, False),  # drop 2 < 0.3 * 7 = 2.1
        (10, 7, True),  # drop 3 = exactly 30% of 10
        (2, 0, True),  # drop 2 = 100%
        (1, 0, False),  # drop 1 < 2
        (4, 6, False),  # pain went up
        (6, None, False),  # not rated
    ],
)
def test_is_meaningful(before, after, expected):
    assert is_meaningful(before, after) is expected


def test_rolling_average_drops_an_entry_exactly_seven_days_earlier():
    entries = [at("2026-03-01 09:00", 6), at("2026-03-08 09:00", 4)]
    # The window is (Mar 8 09:00 - 7 days, Mar 8 09:00]: Mar 1 09:00 is outside, so 4/1 = 4.0.
    assert [average for _, average in rolling_average(entries)] == [6.0, 4.0]


def test_rolling_average_keeps_an_entry_six_days_23_hours_earlier():
    entries = [at("2026-03-01 09:00", 6), at("2026-03-08 08:00", 4)]
    # (6+4)/2 = 5.0
    assert [average for _, average in rolling_average(entries)] == [6.0, 5.0]


def test_rolling_average_is_chronological_and_counts_the_same_instant_and_safety_stops():
    later = at("2026-03-03 09:00", 5)
    same_a = at("2026-03-02 09:00", 4)
    same_b = at("2026-03-02 09:00", 5)
    first = at("2026-03-01 09:00", 9, outcome="safety_stop")
    result = rolling_average([later, same_a, first, same_b])
    assert [entry for entry, _ in result] == [first, same_a, same_b, later]
    # 9/1 = 9.0; both at Mar 2 see each other: (9+4+5)/3 = 6.0; (9+4+5+5)/4 = 5.75
    assert [average for _, average in result] == [9.0, 6.0, 6.0, 5.75]


def test_rolling_average_rounds_to_two_decimals():
    entries = [at("2026-03-01 09:00", 5), at("2026-03-01 10:00", 5), at("2026-03-01 11:00", 6)]
    # 16/3 = 5.333... -> 5.33
    assert rolling_average(entries)[-1][1] == 5.33


def test_routine_summary_needs_five_rated_sessions():
    assert MIN_SESSIONS == 5
    entries = [
        ago(5, 6, 3),
        ago(4, 5, 4),
        ago(3, 4, 4),
        ago(2, 6, 4),
        ago(1, 5),  # practised but not rated
        ago(0, 9, outcome="safety_stop"),  # not practice
    ]
    [summary] = routine_summaries(entries)
    assert (summary.sessions, summary.rated, summary.enough_data) == (5, 4, False)
    assert summary.average_change is None
    assert summary.meaningful_share is None


def test_routine_summary_figures_with_five_rated_sessions():
    entries = [ago(5, 6, 3), ago(4, 5, 4), ago(3, 4, 4), ago(2, 6, 4), ago(1, 3, 4)]
    [summary] = routine_summaries(entries)
    assert (summary.sessions, summary.rated, summary.enough_data) == (5, 5, True)
    # changes -3, -1, 0, -2, +1: -5/5 = -1.0
    assert summary.average_change == -1.0
    # meaningful: 6→3 (drop 3, 50%) and 6→4 (drop 2, 33%): 2/5 = 0.4
    assert summary.meaningful_share == 0.4


def test_routine_summary_rounds_halves_up():
    changes = [(5, 3), (10, 8), (5, 4), (5, 4), (5, 4), (5, 4), (5, 4), (5, 4)]
    [summary] = routine_summaries([ago(day, b, a) for day, (b, a) in enumerate(changes)])
    # (-2 - 2 - 6*1)/8 = -1.25 -> -1.2 (towards more pain, never overstating relief)
    assert summary.average_change == -1.2
    # only 5→3 is meaningful (10→8 is 20%): 1/8 = 0.125 -> 0.13
    assert summary.meaningful_share == 0.13


def test_routine_summaries_sort_by_sessions_then_title_and_skip_safety_stop_only():
    entries = [
        *(ago(i, 5, routine="upper") for i in range(3)),
        *(ago(i, 5, routine="hips") for i in range(3)),
        *(ago(i, 5, routine="neck") for i in range(4)),
        ago(0, 9, outcome="safety_stop", routine="lower-back"),
    ]
    summary = routine_summaries(entries)
    # Neck 4 sessions; then Calm hips and Upper back with 3 each, by title.
    assert [s.routine_title for s in summary] == ["Neck", "Calm hips", "Upper back"]


def test_streak_counts_consecutive_days_ending_today():
    entries = [ago(0, 5), ago(1, 5), ago(1, 4), ago(2, 5), ago(4, 5)]
    # today, yesterday, 2 days ago; 3 days ago is missing
    assert current_streak(entries, TODAY) == 3


def test_streak_is_not_broken_before_today_is_over():
    entries = [ago(1, 5), ago(2, 5)]
    assert current_streak(entries, TODAY) == 2


def test_streak_is_broken_by_a_missed_day():
    entries = [ago(2, 5), ago(3, 5)]
    assert current_streak(entries, TODAY) == 0


def test_streak_ignores_safety_stops():
    entries = [ago(0, 9, outcome="safety_stop"), ago(1, 9, outcome="safety_stop")]
    assert current_streak(entries, TODAY) == 0


def test_streak_uses_the_local_day():
    # 00:30 on March 31 at +02:00 is still March 30 in UTC, but it is today for the person.
    assert current_streak([at("2026-03-31 00:30", 5), ago(1, 5)], TODAY) == 2


def test_sessions_per_week_for_a_new_user_spans_at_least_seven_days():
    entries = [ago(2, 5), ago(1, 5), ago(0, 5)]
    # first session 2 days ago, but the window is at least 7 days: 3 / (7/7) = 3.0
    assert sessions_per_week(entries, TODAY) == 3.0


def test_sessions_per_week_starts_at_the_first_session_when_newer_than_the_window():
    entries = [ago(day, 5) for day in (13, 11, 9, 7, 5, 3, 1)]
    # window 13 days ago..today = 14 days: 7 / (14/7) = 3.5
    assert sessions_per_week(entries, TODAY) == 3.5


def test_sessions_per_week_over_four_weeks():
    entries = [
        ago(60, 5),  # long ago: outside the window
        ago(28, 5),  # the day before the window starts (27 days ago)
        *(ago(day, 5) for day in (27, 24, 21, 18, 15, 12, 9, 6, 3, 0)),
        ago(0, 9, outcome="safety_stop"),  # not practice
        ago(-1, 5),  # tomorrow, from a clock running ahead: not counted
    ]
    # 10 sessions in 28 days: 10 / 4 = 2.5
    assert sessions_per_week(entries, TODAY) == 2.5


def test_sessions_per_week_rounds_to_one_decimal():
    entries = [ago(day, 5) for day in (20, 10, 0)]
    # window 20 days ago..today = 21 days: 3 / 3 = 1.0; add one: 4 / 3 = 1.333 -> 1.3
    assert sessions_per_week(entries, TODAY) == 1.0
    assert sessions_per_week([*entries, ago(5, 5)], TODAY) == 1.3


def test_sessions_per_week_is_none_without_practice():
    assert sessions_per_week([], TODAY) is None
    assert sessions_per_week([ago(0, 9, outcome="safety_stop")], TODAY) is None


def test_weekly_periods_list_empty_weeks_and_are_clipped():
    entries = [
        at("2026-03-03 09:00", 9),  # before first: left out
        at("2026-03-05 09:00", 6, 3),  # drop 3 = 50%: meaningful
        at("2026-03-07 09:00", 4, 3),
        at("2026-03-07 18:00", 8, outcome="safety_stop"),
        at("2026-03-17 09:00", 5),  # not rated
        at("2026-03-23 09:00", 2, 0),  # after last: left out
    ]
    # Wednesday Mar 4 to Sunday Mar 22: weeks from Monday Mar 2, 9 and 16.
    assert periods(entries, date(2026, 3, 4), date(2026, 3, 22), "week") == [
        # before (6+4)/2 = 5.0, after (3+3)/2 = 3.0
        Period(date(2026, 3, 4), date(2026, 3, 8), 2, 1, 5.0, 3.0, 1, rated=2),
        Period(date(2026, 3, 9), date(2026, 3, 15), 0, 0, None, None, 0),
        Period(date(2026, 3, 16), date(2026, 3, 22), 1, 0, 5.0, None, 0, rated=0),
    ]


def test_monthly_periods_follow_local_month_boundaries():
    entries = [
        at("2026-01-31 23:30", 6, 4),
        at("2026-02-28 23:30", 5, 5),
        at("2026-03-01 00:30", 7, 4),  # still February 28 in UTC
        at("2026-03-10 09:00", 4, 4),
    ]
    assert periods(entries, date(2026, 1, 15), date(2026, 3, 10), "month") == [
        Period(date(2026, 1, 15), date(2026, 1, 31), 1, 0, 6.0, 4.0, 1, rated=1),
        Period(date(2026, 2, 1), date(2026, 2, 28), 1, 0, 5.0, 5.0, 0, rated=1),
        # before (7+4)/2 = 5.5, after (4+4)/2 = 4.0; 7→4 is drop 3 = 43%
        Period(date(2026, 3, 1), date(2026, 3, 10), 2, 0, 5.5, 4.0, 1, rated=2),
    ]


def test_yearly_periods():
    entries = [at("2025-12-31 23:00", 5), at("2026-01-01 01:00", 6), at("2026-02-01 09:00", 7)]
    assert periods(entries, date(2025, 11, 1), date(2026, 2, 15), "year") == [
        Period(date(2025, 11, 1), date(2025, 12, 31), 1, 0, 5.0, None, 0),
        # (6+7)/2 = 6.5
        Period(date(2026, 1, 1), date(2026, 2, 15), 2, 0, 6.5, None, 0),
    ]


def test_periods_refuse_an_unknown_unit():
    with pytest.raises(ValueError):
        periods([], date(2026, 3, 1), date(2026, 3, 31), "day")


@pytest.mark.parametrize(
    ("days", "unit"),
    [(1, "week"), (112, "week"), (113, "month"), (731, "month"), (732, "year")],
)
def test_period_unit_counts_both_ends_of_the_span(days, unit):
    first = date(2024, 1, 1)
    # 2024-01-01 + 730 days = 2025-12-31: 731 days counting both ends, 24 months.
    assert period_unit(first, first + timedelta(days=days - 1)) == unit


def four_weeks(earlier: list[int], latest: list[int], first_days_ago: int = 28) -> list[Entry]:
    """A first session, then pain_before values in the week four weeks ago and the latest week."""
    entries = [ago(first_days_ago, 6)]
    entries += [ago(27 - i, before) for i, before in enumerate(earlier)]
    entries += [ago(6 - i, before) for i, before in enumerate(latest)]
    return entries


def test_see_doctor_when_pain_has_not_come_down_after_four_weeks():
    # earlier (6+5)/2 = 5.5, latest (5+4)/2 = 4.5: drop 1 < 2
    [nudge] = nudges(four_weeks([6, 5], [5, 4]), TODAY)
    assert (nudge.kind, nudge.routine, nudge.routine_title) == ("see_doctor", None, None)
    assert "doctor or physiotherapist" in nudge.message


def test_see_doctor_when_pain_got_worse():
    # earlier (4+4)/2 = 4.0, latest (6+6)/2 = 6.0
    assert [n.kind for n in nudges(four_weeks([4, 4], [6, 6]), TODAY)] == ["see_doctor"]


def test_no_see_doctor_before_four_weeks_of_practice():
    entries = four_weeks([6, 5], [5, 4], first_days_ago=27)
    # A safety stop earlier is not practice, so it does not start the four weeks.
    entries.append(ago(40, 9, outcome="safety_stop"))
    assert nudges(entries, TODAY) == []


@pytest.mark.parametrize(("earlier", "latest"), [([6], [5, 4]), ([6, 5], [5])])
def test_no_see_doctor_with_fewer_than_two_sessions_in_a_week(earlier, latest):
    assert nudges(four_weeks(earlier, latest), TODAY) == []


def test_safety_stops_do_not_count_towards_the_weekly_sessions():
    entries = four_weeks([6], [5, 4]) + [ago(25, 9, outcome="safety_stop")]
    assert nudges(entries, TODAY) == []


@pytest.mark.parametrize(
    ("earlier", "latest"),
    [
        ([7, 7], [5, 4]),  # 7.0 → 4.5: drop 2.5 >= 2 and >= 2.1
        ([10, 10], [7, 7]),  # 10.0 → 7.0: drop 3 = exactly 30%
        ([7, 6, 7], [5, 4, 5]),  # 20/3 → 14/3: drop exactly 2 = exactly 30%
    ],
)
def test_no_see_doctor_after_a_meaningful_improvement(earlier, latest):
    assert nudges(four_weeks(earlier, latest), TODAY) == []


def test_no_see_doctor_when_latest_pain_is_below_three():
    # earlier (3+3)/2 = 3.0, latest (3+2)/2 = 2.5: not a meaningful drop, but below 3
    assert nudges(four_weeks([3, 3], [3, 2]), TODAY) == []


def test_pause_routine_after_three_worse_sessions():
    entries = [ago(3, 4, 3, routine="hips"), *(ago(day, 4, 5, routine="hips") for day in (2, 1, 0))]
    assert nudges(entries, TODAY) == [
        Nudge(
            "pause_routine",
            "hips",
            "Calm hips",
            "Your last three sessions of Calm hips each ended with more pain than they started "
            "with. Please pause this routine and ask a doctor or physiotherapist before you go on "
            "with it.",
        )
    ]


def test_a_good_latest_session_ends_the_pause_suggestion():
    entries = [*(ago(day, 4, 5, routine="hips") for day in (4, 3, 2)), ago(1, 4, 4, routine="hips")]
    assert nudges(entries, TODAY) == []


def test_pause_routine_needs_three_rated_sessions_and_skips_unrated_ones():
    worse = [ago(day, 4, 6) for day in (5, 3, 1)]
    assert nudges(worse[1:], TODAY) == []
    # An unrated and a stopped-by-safety session in between do not break the run.
    entries = [*worse, ago(2, 4), ago(0, 8, outcome="safety_stop")]
    assert [(n.kind, n.routine) for n in nudges(entries, TODAY)] == [
        ("pause_routine", "lower-back")
    ]


def test_nudges_order_see_doctor_then_routines_by_title():
    entries = four_weeks([6, 5], [5, 4])
    # latest week (5+4 + 6*5)/8 = 4.875 against 5.5 four weeks earlier: drop 0.625
    entries += [ago(day, 5, 6, routine="upper") for day in (3, 2, 1)]
    entries += [ago(day, 5, 7, routine="hips") for day in (3, 2, 1)]
    assert [(n.kind, n.routine_title) for n in nudges(entries, TODAY)] == [
        ("see_doctor", None),
        ("pause_routine", "Calm hips"),
        ("pause_routine", "Upper back"),
    ]


def test_what_helps_counts_only_sessions_with_half_the_holds_done():
    def run(day, done, total, before=6, after=2):
        base = datetime(2026, 3, 1, 9, tzinfo=UTC) + timedelta(days=day)
        return Entry(
            base, "lower-back", "Lower back", before, after, "stopped_early", "", done, total
        )

    entries = [run(0, 2, 4), run(1, 1, 4), run(2, 0, 4), run(3, 4, 4, after=6)]
    [summary] = routine_summaries(entries)
    assert (summary.sessions, summary.rated) == (2, 2)
    older = Entry(
        datetime(2026, 3, 9, 9, tzinfo=UTC), "lower-back", "Lower back", 5, 4, "completed"
    )
    assert older.counts_for_effect
