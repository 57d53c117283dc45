from flask_babel import format_number
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from webapp.i18n import gettext as _
from webapp.i18n import lazy_gettext as _l
from webapp.passwords import COMMON_COUNT, is_common

PASSWORD_MIN = 8


def strip(value):
    """Phones' autocomplete often adds a space after an email address; NULs are never typed."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


def new_password(form, field):
    """At least PASSWORD_MIN characters, and not the email address itself."""
    if len(field.data or "") < PASSWORD_MIN:
        raise ValidationError(_("Use at least %(num)d characters.", num=PASSWORD_MIN))
    email = form.email.data if "email" in form else getattr(form, "account_email", "")
    if email and field.data.strip().lower() == email.strip().lower():
        raise ValidationError(_("Choose a password that is not your email address."))
    if is_common(field.data):
        raise ValidationError(
            _(
                "This is one of the %(num)s most used passwords, the first ones anyone "
                "guessing would try. Choose another: a few unrelated words are easy to remember.",
                num=format_number(COMMON_COUNT),
            )
        )


def new_password_fields(new: bool = False) -> tuple[PasswordField, PasswordField]:
    """A new password and its confirmation, checked alike wherever a password is chosen."""
    password = PasswordField(
        _l("New password") if new else _l("Password"),
        validators=[
            DataRequired(_l("Choose a new password.") if new else _l("Choose a password.")),
            new_password,
            Length(max=200),
        ],
        description=_l(
            "At least %(num)d characters, not your email address and not one of the "
            "most used passwords.",
            num=PASSWORD_MIN,
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("New password again") if new else _l("Password again"),
        validators=[
            DataRequired(
                _l("Type the new password again.") if new else _l("Type the password again.")
            ),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class RegisterForm(FlaskForm):
    """Registering (and securing a device log) asks for the address only: the password is
    chosen through the link mailed to it, so the page answers alike for a taken address."""

    email = EmailField(
        _l("Email"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter a valid email address.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )
    submit = SubmitField(_l("Email me a link"))


class ChoosePasswordForm(FlaskForm):
    """The password of a new account, chosen on the page the registration link opens."""

    def __init__(self, account_email: str, **kwargs):
        super().__init__(**kwargs)
        self.account_email = account_email

    password, confirm = new_password_fields()
    submit = SubmitField(_l("Create my account"))


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        filters=[strip],
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
        render_kw={"autocomplete": "username", "inputmode": "email"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"), default=True)
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(FlaskForm):
    def __init__(self, account_email: str, **kwargs):
        super().__init__(**kwargs)
        self.account_email = account_email

    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = new_password_fields(new=True)
    submit = SubmitField(_l("Change password"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password, to confirm"),
        validators=[DataRequired(_l("Enter your password to confirm."))],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Delete my account and all my data"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Log out"))


class WelcomeForm(FlaskForm):
    submit = SubmitField(_l("I understand: show me the routines"))


class SignOutForm(FlaskForm):
    """The CSRF check of the device list's sign-out buttons."""

    submit = SubmitField(_l("Sign out"))


class ForgotForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter a valid email address.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )
    submit = SubmitField(_l("Send me a link"))


class ResetForm(FlaskForm):
    def __init__(self, account_email: str, **kwargs):
        super().__init__(**kwargs)
        self.account_email = account_email

    password, confirm = new_password_fields(new=True)
    submit = SubmitField(_l("Set my new password"))
