"""The safety routing: one table of cases (tests/safety_cases.json) for Python and JavaScript."""

import json

import pytest

from tests.conftest import ROOT
from webapp import safety

CASES = json.loads((ROOT / "tests" / "safety_cases.json").read_text())
RULES = safety.rules()


@pytest.mark.parametrize("case", CASES["checkin"], ids=[c["name"] for c in CASES["checkin"]])
def test_checkin_answers_lead_to_the_screen_in_the_table(case):
    routed = safety.route(RULES, case["answers"])
    assert (routed["screen"], routed["reasons"]) == (case["screen"], case["reasons"])
    if "clearable" in case:
        assert routed["clearable"] is case["clearable"]


@pytest.mark.parametrize("case", CASES["checkout"], ids=[c["name"] for c in CASES["checkout"]])
def test_checkout_answers_lead_to_the_advice_in_the_table(case):
    advice = safety.checkout_advice(RULES, case["answers"])
    assert advice == {"advice": case["advice"], "reasons": case["reasons"]}


def test_every_sign_has_a_case_alone_in_the_table():
    alone = {
        case["answers"]["flags"][0]: case["screen"]
        for case in CASES["checkin"]
        if len(case["answers"]["flags"]) == 1
        and not case["answers"].get("cleared")
        and not case["answers"].get("pregnancy_cleared")
    }
    expected_screen = {"emergency": "emergency", "doctor": "doctor", "pregnancy": "pregnancy"}
    for flag in safety.RED_FLAGS:
        assert flag.key in alone, f"{flag.key} has no case of its own in safety_cases.json"
        assert alone[flag.key] == expected_screen.get(flag.level, "ready")


def test_only_doctor_level_signs_can_be_cleared_and_only_emergency_signs_are_asked_again():
    for flag in safety.RED_FLAGS:
        if flag.long_term:
            assert flag.level == "doctor", flag.key
        if flag.during_session:
            assert flag.level == "emergency", flag.key


def test_every_sign_the_reference_names_is_on_the_list():
    signs = " ".join(flag.sign.lower() for flag in safety.RED_FLAGS)
    for words in (
        "numbness or tingling around your genitals",
        "trouble passing urine or not being able to",
        "losing control of your bladder or bowels",
        "erection",
        "wipe after the toilet",
        "numbness, pins and needles or weakness in both legs",
        "getting worse",
        "major accident",
        "chest pain or trouble breathing",
        "worst pain",
        "even a minor one",
        "steroid",
        "fever, chills",
        "cancer",
        "losing weight without trying",
        "not eased by rest",
        "wakes you at night",
        "lump or swelling",
        "shape of your back",
        "between the shoulder blades",
        "pregnant",
        "four to six weeks",
    ):
        assert words in signs, words


def test_every_doctor_level_sign_says_why_a_doctor_should_look():
    for flag in safety.RED_FLAGS:
        if flag.level != "emergency":
            assert flag.why.endswith("."), flag.key


def test_the_emergency_numbers_are_unique_digits():
    regions = [region for region, _, _ in safety.EMERGENCY_NUMBERS]
    assert len(regions) == len(set(regions))
    for region, name, number in safety.EMERGENCY_NUMBERS:
        assert len(region) == 2 and region.isupper() and name
        assert number.isdigit() and 3 <= len(number) <= 5
