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
from webapp.i18n import lazy_gettext as _l
from webapp.services.peg import QUESTIONS


def _question(key: str) -> RadioField:
    question = next(item for item in QUESTIONS if item.key == key)
    return RadioField(
        question.text,
        choices=PAIN_CHOICES,
        coerce=int,
        validators=[InputRequired(_l("Choose a number from 0 to 10."))],
        description=_l("0 = %(low)s, 10 = %(high)s.", low=question.low, high=question.high),
    )


class PegForm(FlaskForm):
    """The PEG's three questions, each 0 to 10, about the past week."""

    pain = _question("pain")
    enjoyment = _question("enjoyment")
    activity = _question("activity")
    submit = SubmitField(_l("Save my answers"))


class DeletePegForm(FlaskForm):
    submit = SubmitField(_l("Delete these answers"))


VALIDITY_CHOICES = [
    SelectChoice("day", _l("A day")),
    SelectChoice("week", _l("A week")),
    SelectChoice("month", _l("A month")),
]
assert tuple(choice.value for choice in VALIDITY_CHOICES) == SHARE_VALIDITY


class ShareForm(FlaskForm):
    """A link for the clinician: for how long, an optional passcode, and what it shows."""

    valid_for = RadioField(_l("The link works for"), choices=VALIDITY_CHOICES, default="week")
    passcode = PasswordField(
        _l("Passcode (optional)"),
        validators=[
            Optional(),
            Length(min=4, max=12, message=_l("Use 4 to 12 characters.")),
            Regexp(r"^\S+$", message=_l("Leave out spaces.")),
        ],
        description=_l(
            "4 to 12 characters you tell your clinician. Without one, anyone with the "
            "link can open it until it ends."
        ),
    )
    shown_name = StringField(
        _l("Your name on the link (optional)"),
        validators=[Length(max=120, message=_l("Keep it to 120 characters."))],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    shown_birth_date = DateField(
        _l("Your date of birth on the link (optional)"), validators=[Optional()]
    )
    submit = SubmitField(_l("Make the link"))


class EndShareForm(FlaskForm):
    submit = SubmitField(_l("End this link now"))


class ReportSectionsForm(FlaskForm):
    """What the report shows beyond its overview, chosen by the person (GET, with the dates)."""

    class Meta:
        csrf = False

    peg = BooleanField(_l("Weekly PEG (pain and how it affects your life)"), default=True)
    stop_details = BooleanField(_l("Details of each safety stop"), default=True)
    notes = BooleanField(_l("Your notes"), default=False)
