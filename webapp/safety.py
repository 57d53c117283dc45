"""The check-in's red flags, in plain words, and what each one means for today's session.

Levels, highest first: "emergency" (call the emergency number now), "doctor" (see a doctor
before using acupressure), "pregnancy" (ask a doctor or midwife first). The check-in page
renders these as data; its script applies the highest level any answer reaches.
"""

from dataclasses import dataclass

PAIN_SEE_DOCTOR_AT = 8
LEVELS = ("emergency", "doctor", "pregnancy")


@dataclass(frozen=True)
class RedFlag:
    key: str
    level: str
    question: str
    reason: str
    """How the doctor screen and the saved note name it."""


RED_FLAGS = (
    RedFlag(
        "saddle_numbness",
        "emergency",
        "New numbness or tingling around your genitals, buttocks or back passage",
        "new numbness around the genitals, buttocks or back passage",
    ),
    RedFlag(
        "bladder_bowel",
        "emergency",
        "New trouble passing urine, or losing control of your bladder or bowels",
        "new bladder or bowel trouble",
    ),
    RedFlag(
        "leg_weakness",
        "emergency",
        "Numbness or weakness in both legs, or leg weakness that is severe or getting worse",
        "numbness or weakness in both legs, or severe or worsening leg weakness",
    ),
    RedFlag(
        "major_accident",
        "emergency",
        "The pain started after a major accident, such as a car crash or a fall from a height",
        "pain after a major accident",
    ),
    RedFlag(
        "chest_pain",
        "emergency",
        "Chest pain or trouble breathing as well as the back pain",
        "back pain with chest pain or trouble breathing",
    ),
    RedFlag(
        "worst_ever",
        "doctor",
        "This is the worst pain you have ever had",
        "the worst pain you have had",
    ),
    RedFlag(
        "recent_injury",
        "doctor",
        "A recent injury, fall or accident, even a minor one",
        "a recent injury or fall",
    ),
    RedFlag(
        "fever_unwell",
        "doctor",
        "Fever, chills, or feeling generally unwell",
        "fever or feeling unwell",
    ),
    RedFlag(
        "cancer_weight_loss",
        "doctor",
        "You have had cancer, or you are losing weight without trying",
        "a history of cancer or unexplained weight loss",
    ),
    RedFlag(
        "constant_night_pain",
        "doctor",
        "Pain that is constant, is not eased by rest or moving, or wakes you at night",
        "constant pain, or pain at night",
    ),
    RedFlag(
        "pregnant",
        "pregnancy",
        "You are pregnant, or might be",
        "pregnancy",
    ),
)
