from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.i18n import lazy_gettext as _l
from webapp.models import WEEKDAYS
from webapp.services import reminders


class ReminderForm(FlaskForm):
    """The settings page; the rules themselves live in services.reminders.validate."""

    enabled = BooleanField(_l("Remind me to do a routine"))
    time = StringField(_l("Time of day"), description=_l("On your own clock, e.g. 08:30."))
    time_zone = SelectField(
        _l("Time zone"), description=_l("Filled in from this device; change it if you travel.")
    )
    days = SelectMultipleField(
        _l("Days"),
        choices=[SelectChoice(day, reminders.DAY_WORDS[day]) for day in WEEKDAYS],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )
    skip_if_done = BooleanField(_l("Skip the reminder on days I have already done a session"))
    submit = SubmitField(_l("Save reminder settings"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = [SelectChoice(zone) for zone in reminders.time_zones()]
        self.time_zone.validate_choice = False
        self.time.render_kw = {"type": "time", "inputmode": "numeric", "autocomplete": "off"}

    def values(self) -> dict:
        """The form's entries in the shape the JSON API takes."""
        return {
            "enabled": bool(self.enabled.data),
            "time": (self.time.data or "").strip(),
            "time_zone": self.time_zone.data or "",
            "days": list(self.days.data or []),
            "skip_if_done": bool(self.skip_if_done.data),
        }
