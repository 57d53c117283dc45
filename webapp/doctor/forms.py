from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from webapp.doctor_models import SHARE_VALIDITY
from webapp.history.forms import PAIN_CHOICES
from webapp.services.peg import QUESTIONS


def _question(key: str) -> RadioField:
    question = next(item for item in QUESTIONS if item.key == key)
    return RadioField(
        question.text,
        choices=PAIN_CHOICES,
        coerce=int,
        validators=[InputRequired("Choose a number from 0 to 10.")],
        description=f"0 = {question.low}, 10 = {question.high}.",
    )


class PegForm(FlaskForm):
    """The PEG's three questions, each 0 to 10, about the past week."""

    pain = _question("pain")
    enjoyment = _question("enjoyment")
    activity = _question("activity")
    submit = SubmitField("Save my answers")


class DeletePegForm(FlaskForm):
    submit = SubmitField("Delete these answers")


VALIDITY_CHOICES = [
    SelectChoice("day", "A day"),
    SelectChoice("week", "A week"),
    SelectChoice("month", "A month"),
]
assert tuple(choice.value for choice in VALIDITY_CHOICES) == SHARE_VALIDITY


class ShareForm(FlaskForm):
    """A link for the clinician: for how long, an optional passcode, and what it shows."""

    valid_for = RadioField("The link works for", choices=VALIDITY_CHOICES, default="week")
    passcode = PasswordField(
        "Passcode (optional)",
        validators=[
            Optional(),
            Length(min=4, max=12, message="Use 4 to 12 characters."),
            Regexp(r"^\S+$", message="Leave out spaces."),
        ],
        description="4 to 12 characters you tell your clinician. Without one, anyone with the "
        "link can open it until it ends.",
    )
    shown_name = StringField(
        "Your name on the link (optional)",
        validators=[Length(max=120, message="Keep it to 120 characters.")],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    shown_birth_date = DateField(
        "Your date of birth on the link (optional)", validators=[Optional()]
    )
    submit = SubmitField("Make the link")


class EndShareForm(FlaskForm):
    submit = SubmitField("End this link now")


class ReportSectionsForm(FlaskForm):
    """What the report shows beyond its overview, chosen by the person (GET, with the dates)."""

    class Meta:
        csrf = False

    peg = BooleanField("Weekly PEG (pain and how it affects your life)", default=True)
    stop_details = BooleanField("Details of each safety stop", default=True)
    notes = BooleanField("Your notes", default=False)
