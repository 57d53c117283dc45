"""The check-in's red flags, in plain words, and the one rule that routes the answers.

Levels, highest first: "emergency" (call the emergency number now), "doctor" (see a doctor
before using acupressure), "pregnancy" (ask a doctor or midwife first), "appointment" (a routine
appointment is worth booking; the session may go ahead). Every page that lists the signs (the
check-in, the written routine, the about page, the home page) renders them from RED_FLAGS, and
the browser gets the same rules as page data (`rules()`), so nothing is written twice.
"""

from dataclasses import asdict, dataclass, replace

from flask_babel import get_locale

from webapp.i18n import gettext


def N_(text: str) -> str:
    """Mark a word for the catalog (pybabel -k N_); it is translated where it is shown."""
    return text


PAIN_SEE_DOCTOR_AT = 8
"""A pain score this high, before or after a session, sends the person to a doctor."""
PAIN_RISE_SEE_DOCTOR = 3
"""A rise this big during one session is a reason to stop and ask a doctor."""
LEVELS = ("emergency", "doctor", "pregnancy", "appointment")


@dataclass(frozen=True)
class RedFlag:
    key: str
    level: str
    sign: str
    """The sign in full, as the check-in, the written routine and the about page show it."""
    note: str
    """A short name for it: the saved note, the home page and the doctor screen's warning line."""
    why: str = ""
    """The doctor screen's line for it: what it is and why a doctor should look first."""
    long_term: bool = False
    """A doctor's check can be recorded for it (for CLEARANCE_DAYS), so it stops blocking."""
    during_session: bool = False
    """Asked again at check-out: it could start while pressing points."""


RED_FLAGS = (
    RedFlag(
        "saddle_numbness",
        "emergency",
        N_("New numbness or tingling around your genitals, buttocks or back passage"),
        N_("numbness around the genitals, buttocks or back passage"),
        during_session=True,
    ),
    RedFlag(
        "bladder_bowel",
        "emergency",
        N_(
            "New trouble passing urine or not being able to, or losing control of your bladder or "
            "bowels"
        ),
        N_("trouble passing urine, or losing control of the bladder or bowels"),
        during_session=True,
    ),
    RedFlag(
        "sexual_numbness",
        "emergency",
        N_(
            "New problems getting or keeping an erection, or no feeling "
            "when you wipe after the toilet"
        ),
        N_("new erection problems or no feeling when wiping"),
        during_session=True,
    ),
    RedFlag(
        "leg_weakness",
        "emergency",
        N_(
            "Numbness, pins and needles or weakness in both legs, or leg "
            "weakness that is severe or "
            "getting worse"
        ),
        N_("numbness, pins and needles or weakness in both legs"),
        during_session=True,
    ),
    RedFlag(
        "major_accident",
        "emergency",
        N_(
            "Back pain that started after a major accident, such as a car crash or a fall from a "
            "height"
        ),
        N_("back pain after a major accident"),
    ),
    RedFlag(
        "chest_pain",
        "emergency",
        N_("Chest pain or trouble breathing as well as the back pain"),
        N_("chest pain or trouble breathing"),
        during_session=True,
    ),
    RedFlag(
        "worst_ever",
        "doctor",
        N_("This is the worst pain you have ever had"),
        N_("the worst pain you have had"),
        N_("The worst pain you have had: a doctor should see it before you try self-care."),
    ),
    RedFlag(
        "recent_injury",
        "doctor",
        N_(
            "A recent injury, fall or accident, even a minor one (more so with thin bones or "
            "long-term steroid tablets)"
        ),
        N_("a recent injury or fall"),
        N_(
            "A recent injury, fall or accident: a doctor can check that "
            "nothing is broken or damaged."
        ),
    ),
    RedFlag(
        "fever_unwell",
        "doctor",
        N_("Fever, chills, or feeling generally unwell as well as the back pain"),
        N_("fever or feeling unwell"),
        N_(
            "Fever, chills or feeling unwell with back pain: a doctor should rule out an infection."
        ),
    ),
    RedFlag(
        "cancer_history",
        "doctor",
        N_("You have had cancer, at any time"),
        N_("a history of cancer"),
        N_(
            "A history of cancer: back pain is worth checking with a doctor who knows your history."
        ),
        long_term=True,
    ),
    RedFlag(
        "weight_loss",
        "doctor",
        N_("You are losing weight without trying"),
        N_("weight loss without trying"),
        N_("Losing weight without trying: a doctor should look for the cause."),
    ),
    RedFlag(
        "constant_night_pain",
        "doctor",
        N_(
            "Pain that is constant, is not eased by rest or changing "
            "position, or wakes you at night"
        ),
        N_("constant pain, or pain that wakes you at night"),
        N_("Pain that is constant or wakes you at night: a doctor should look for the cause."),
        long_term=True,
    ),
    RedFlag(
        "lump_shape",
        "doctor",
        N_("A lump or swelling in your back, or a change in the shape of your back"),
        N_("a lump, swelling or change in the shape of the back"),
        N_("A lump, swelling or change in the shape of your back: a doctor should examine it."),
    ),
    RedFlag(
        "upper_back",
        "doctor",
        N_(
            "New, constant pain high in the back, between the shoulder "
            "blades, not from a known strain"
        ),
        N_("new, constant pain between the shoulder blades"),
        N_(
            "New, constant pain between the shoulder blades: upper-back pain is less often from a "
            "muscle, so a doctor should look first."
        ),
    ),
    RedFlag(
        "pregnant",
        "pregnancy",
        N_("You are pregnant, or might be"),
        N_("pregnancy"),
        N_(
            "You are pregnant or might be: a doctor or midwife should say whether acupressure, and "
            "which points, are right for you."
        ),
    ),
    RedFlag(
        "not_improving",
        "appointment",
        N_(
            "Your back is no better after four to six weeks, is getting worse, or stops you doing "
            "daily things"
        ),
        N_("no better after four to six weeks"),
        N_(
            "Your back is no better after four to six weeks, is getting worse, or stops you doing "
            "daily things: book a routine appointment with your doctor."
        ),
    ),
)

PAIN_WORDS = {
    "pain_high": N_(
        "Your pain is {pain} out of 10: pain this strong should be seen by a doctor "
        "before you try self-care."
    ),
    "pain_after_high": N_("Your pain is {pain} out of 10 after the session."),
    "pain_rise": N_("Your pain went up from {before} to {pain} during the session."),
}
"""The doctor screens' lines for pain scores, filled in by the browser."""

CHECKIN_MAX_AGE_MINUTES = 60
"""No hold starts or carries on with a check-in older than this (see README): answers are
about "right now", and an hour covers the longest routine with a long pause."""
CLEARANCE_DAYS = 90
"""How long "a doctor has checked my back since this began" stands (see README)."""

EMERGENCY_NUMBERS = (
    ("AU", "Australia", "000"),
    ("AT", "Austria", "112"),
    ("BE", "Belgium", "112"),
    ("BR", "Brazil", "192"),
    ("CA", "Canada", "911"),
    ("CN", "China", "120"),
    ("DK", "Denmark", "112"),
    ("FI", "Finland", "112"),
    ("FR", "France", "112"),
    ("DE", "Germany", "112"),
    ("HK", "Hong Kong", "999"),
    ("IN", "India", "112"),
    ("IE", "Ireland", "112"),
    ("IT", "Italy", "112"),
    ("JP", "Japan", "119"),
    ("MX", "Mexico", "911"),
    ("NL", "Netherlands", "112"),
    ("NZ", "New Zealand", "111"),
    ("NO", "Norway", "113"),
    ("PL", "Poland", "112"),
    ("PT", "Portugal", "112"),
    ("SG", "Singapore", "995"),
    ("KR", "South Korea", "119"),
    ("ES", "Spain", "112"),
    ("SE", "Sweden", "112"),
    ("CH", "Switzerland", "144"),
    ("GB", "United Kingdom", "999"),
    ("US", "United States", "911"),
)
"""(region, name, number for an ambulance) for the emergency screen's tap-to-call link."""


def translated(flag: RedFlag) -> RedFlag:
    """The flag with its words in this request's language (the table itself stays English)."""
    return replace(
        flag,
        sign=gettext(flag.sign),
        note=gettext(flag.note),
        why=gettext(flag.why) if flag.why else "",
    )


def _country(region: str, name: str) -> str:
    """A country's name in this request's language (Babel's CLDR names), else the English."""
    locale = get_locale()
    return locale.territories.get(region, name) if locale else name


def flags_at(level: str) -> list[RedFlag]:
    return [flag for flag in RED_FLAGS if flag.level == level]


def rules(checkin_max_age_minutes: int = CHECKIN_MAX_AGE_MINUTES) -> dict:
    """Everything the browser needs to route answers and word the screens (its page data)."""
    return {
        "pain_threshold": PAIN_SEE_DOCTOR_AT,
        "pain_rise": PAIN_RISE_SEE_DOCTOR,
        "checkin_max_age_ms": checkin_max_age_minutes * 60 * 1000,
        "flags": [asdict(translated(flag)) for flag in RED_FLAGS],
        "pain_words": {key: gettext(words) for key, words in PAIN_WORDS.items()},
        "emergency_numbers": [
            {"region": region, "name": _country(region, name), "number": number}
            for region, name, number in EMERGENCY_NUMBERS
        ],
    }


def route(rules: dict, answers: dict) -> dict:
    """Which screen a check-in leads to, and the reasons, highest level first.

    answers: pain, flags (keys ticked), cleared (long-term keys a doctor has checked),
    pregnancy_cleared (a clinician said yes), routine_safe_in_pregnancy. Mirrors route() in
    static/js/safety-route.js; tests/safety_cases.json runs against both.
    """
    ticked = set(answers.get("flags", []))
    cleared = set(answers.get("cleared", []))
    active = [
        flag
        for flag in rules["flags"]
        if flag["key"] in ticked and not (flag["long_term"] and flag["key"] in cleared)
    ]
    levels = {flag["level"] for flag in active}
    keys = lambda *wanted: [f["key"] for f in active if f["level"] in wanted]  # noqa: E731
    pain_high = answers["pain"] >= rules["pain_threshold"]
    if "emergency" in levels:
        return {"screen": "emergency", "reasons": keys("emergency"), "clearable": False}
    if pain_high or "doctor" in levels:
        reasons = (["pain_high"] if pain_high else []) + keys("doctor", "pregnancy")
        long_term = {f["key"] for f in active if f["long_term"]}
        clearable = all(reason in long_term for reason in reasons)
        return {"screen": "doctor", "reasons": reasons, "clearable": clearable}
    if "pregnancy" in levels:
        if not answers.get("pregnancy_cleared"):
            screen = "pregnancy"
        elif answers.get("routine_safe_in_pregnancy"):
            screen = "ready"
        else:
            screen = "pregnancy_routines"
        return {"screen": screen, "reasons": keys("pregnancy", "appointment"), "clearable": False}
    return {"screen": "ready", "reasons": keys("appointment"), "clearable": False}


def checkout_advice(rules: dict, answers: dict) -> dict:
    """What the check-out shows: "emergency", "doctor" or "none", with the reasons.

    answers: before, after (pain scores) and signs (emergency keys that started during the
    session). Mirrors checkoutAdvice() in static/js/safety-route.js.
    """
    signs = set(answers.get("signs", []))
    emergency = [
        f["key"]
        for f in rules["flags"]
        if f["key"] in signs and f["level"] == "emergency" and f["during_session"]
    ]
    if emergency:
        return {"advice": "emergency", "reasons": emergency}
    after, before = answers["after"], answers["before"]
    reasons = []
    if after is not None and after >= rules["pain_threshold"]:
        reasons.append("pain_after_high")
    if after is not None and before is not None and after - before >= rules["pain_rise"]:
        reasons.append("pain_rise")
    return {"advice": "doctor" if reasons else "none", "reasons": reasons}


def pregnancy_points(routine) -> list:
    """The routine's points that are avoided, or treated with caution, in pregnancy."""
    return [point for point in routine.points if point.avoid_in_pregnancy or point.pregnancy_note]
