from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from webapp.passwords import COMMON_COUNT, is_common

PASSWORD_MIN = 8


def strip(value):
    """Phones' autocomplete often adds a space after an email address; NULs are never typed."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


def new_password(form, field):
    """At least PASSWORD_MIN characters, and not the email address itself."""
    if len(field.data or "") < PASSWORD_MIN:
        raise ValidationError(f"Use at least {PASSWORD_MIN} characters.")
    email = form.email.data if "email" in form else getattr(form, "account_email", "")
    if email and field.data.strip().lower() == email.strip().lower():
        raise ValidationError("Choose a password that is not your email address.")
    if is_common(field.data):
        raise ValidationError(
            f"This is one of the {COMMON_COUNT:,} most used passwords, the first ones anyone "
            "guessing would try. Choose another: a few unrelated words are easy to remember."
        )


def new_password_fields(label: str) -> tuple[PasswordField, PasswordField]:
    """A new password and its confirmation, checked alike wherever a password is chosen."""
    password = PasswordField(
        label,
        validators=[DataRequired(f"Choose a {label.lower()}."), new_password, Length(max=200)],
        description=(
            f"At least {PASSWORD_MIN} characters, not your email address and not one of the "
            "most used passwords."
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        f"{label} again",
        validators=[
            DataRequired(f"Type the {label.lower()} again."),
            EqualTo("password", "The two passwords are not the same."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class RegisterForm(FlaskForm):
    """Registering (and securing a device log) asks for the address only: the password is
    chosen through the link mailed to it, so the page answers alike for a taken address."""

    email = EmailField(
        "Email",
        filters=[strip],
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter a valid email address."),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )
    submit = SubmitField("Email me a link")


class ChoosePasswordForm(FlaskForm):
    """The password of a new account, chosen on the page the registration link opens."""

    def __init__(self, account_email: str, **kwargs):
        super().__init__(**kwargs)
        self.account_email = account_email

    password, confirm = new_password_fields("Password")
    submit = SubmitField("Create my account")


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[strip],
        validators=[DataRequired("Enter your email address."), Length(max=254)],
        render_kw={"autocomplete": "username", "inputmode": "email"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me signed in on this device", default=True)
    submit = SubmitField("Log in")


class ChangePasswordForm(FlaskForm):
    def __init__(self, account_email: str, **kwargs):
        super().__init__(**kwargs)
        self.account_email = account_email

    current = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = new_password_fields("New password")
    submit = SubmitField("Change password")


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Your password, to confirm",
        validators=[DataRequired("Enter your password to confirm.")],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Delete my account and all my data")


class LogoutForm(FlaskForm):
    submit = SubmitField("Log out")


class WelcomeForm(FlaskForm):
    submit = SubmitField("I understand: show me the routines")


class SignOutForm(FlaskForm):
    """The CSRF check of the device list's sign-out buttons."""

    submit = SubmitField("Sign out")


class ForgotForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[strip],
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter a valid email address."),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )
    submit = SubmitField("Send me a link")


class ResetForm(FlaskForm):
    def __init__(self, account_email: str, **kwargs):
        super().__init__(**kwargs)
        self.account_email = account_email

    password, confirm = new_password_fields("New password")
    submit = SubmitField("Set my new password")
