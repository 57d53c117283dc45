from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    RadioField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.services.sessions import NOTE_MAX_CHARS

REPORT_MAX_DAYS = 366 * 10


def clean_note(value):
    """NULs are never typed; surrounding blank lines carry nothing."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


PAIN_CHOICES = [SelectChoice(value, str(value)) for value in range(11)]
AFTER_CHOICES = [
    SelectChoice("", _l("Not rated")),
    *[SelectChoice(str(v), str(v)) for v in range(11)],
]


def pain_or_none(value):
    """A pain score from a select, None for "not rated"."""
    if value in ("", None):
        return None
    return int(value)


def note_field():
    return TextAreaField(
        _l("Note"),
        validators=[
            Length(
                max=NOTE_MAX_CHARS, message=_l("Keep it to %(num)d characters.", num=NOTE_MAX_CHARS)
            )
        ],
        filters=[clean_note],
        description=_l("Anything worth remembering: what you were doing, how the day went."),
    )


class SessionForm(FlaskForm):
    """A correction of a logged session: its pain before and after and its note."""

    pain_before = SelectField(
        _l("Pain before (0 to 10)"), choices=PAIN_CHOICES, coerce=int, validate_choice=True
    )
    pain_after = SelectField(
        _l("Pain after (0 to 10)"), choices=AFTER_CHOICES, coerce=pain_or_none, validate_choice=True
    )
    note = note_field()
    submit = SubmitField(_l("Save the changes"))


class AddSessionForm(SessionForm):
    """A session done away from the phone, added afterwards."""

    routine = SelectField(_l("Routine"), validators=[InputRequired(_l("Choose the routine."))])
    started = DateTimeLocalField(
        _l("Date and time you started"),
        validators=[InputRequired(_l("Give the date and time, e.g. 2026-11-30 08:30."))],
    )
    utc_offset = HiddenField(default="0")
    submit = SubmitField(_l("Add the session"))

    def validate_utc_offset(self, field):
        try:
            minutes = int(field.data)
        except (TypeError, ValueError):
            minutes = None
        if minutes is None or not -14 * 60 <= minutes <= 14 * 60:
            field.data = "0"


class PainCheckForm(FlaskForm):
    """A pain rating on its own, in ten seconds."""

    pain = RadioField(
        _l("How much does your back hurt right now?"),
        choices=PAIN_CHOICES,
        coerce=int,
        validators=[InputRequired(_l("Choose a number from 0 to 10."))],
    )
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[
            Length(
                max=NOTE_MAX_CHARS, message=_l("Keep it to %(num)d characters.", num=NOTE_MAX_CHARS)
            )
        ],
        filters=[clean_note],
    )
    submit = SubmitField(_l("Log it"))


class DeleteSessionForm(FlaskForm):
    submit = SubmitField(_l("Delete this session"))


class ReportForm(FlaskForm):
    """The report's date range, sent with GET so the page can be bookmarked and printed."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[InputRequired(_l("Choose the first day."))])
    end = DateField(_l("To"), validators=[InputRequired(_l("Choose the last day."))])
    submit = SubmitField(_l("Show the report"))

    def validate_end(self, field):
        if field.data is None:
            return  # the date's own error ("Not a valid date value.") is already there
        if field.data > date.today() + timedelta(days=1):
            raise ValidationError(_("The last day must not be in the future."))
        if self.start.data:
            if field.data < self.start.data:
                raise ValidationError(_("The last day must not be before the first day."))
            if field.data - self.start.data > timedelta(days=REPORT_MAX_DAYS):
                raise ValidationError(_("Choose at most ten years."))
