from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import DateField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from webapp.services.sessions import NOTE_MAX_CHARS

REPORT_MAX_DAYS = 366 * 10


def clean_note(value):
    """NULs are never typed; surrounding blank lines carry nothing."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


class NoteForm(FlaskForm):
    note = TextAreaField(
        "Note",
        validators=[Length(max=NOTE_MAX_CHARS, message=f"Keep it to {NOTE_MAX_CHARS} characters.")],
        filters=[clean_note],
        description="Anything worth remembering: what you were doing, how the day went.",
    )
    submit = SubmitField("Save the note")


class DeleteSessionForm(FlaskForm):
    submit = SubmitField("Delete this session")


class ReportForm(FlaskForm):
    """The report's date range, sent with GET so the page can be bookmarked and printed."""

    class Meta:
        csrf = False

    start = DateField("From", validators=[InputRequired("Choose the first day.")])
    end = DateField("To", validators=[InputRequired("Choose the last day.")])
    submit = SubmitField("Show the report")

    def validate_end(self, field):
        if field.data is None:
            return  # the date's own error ("Not a valid date value.") is already there
        if field.data > date.today() + timedelta(days=1):
            raise ValidationError("The last day must not be in the future.")
        if self.start.data:
            if field.data < self.start.data:
                raise ValidationError("The last day must not be before the first day.")
            if field.data - self.start.data > timedelta(days=REPORT_MAX_DAYS):
                raise ValidationError("Choose at most ten years.")
