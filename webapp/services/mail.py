"""Sending mail: Flask-Mail through MAIL_SERVER, or (with none set) the log, in development."""

import threading

from flask import current_app, render_template
from flask_mail import Message

from webapp.extensions import mail

SENT_TO_LOG = "No MAIL_SERVER is set: this message was not sent, here it is."


def send(to: str, subject: str, template: str, **context) -> threading.Thread | None:
    """Send one plain-text message from templates/mail/, off the request thread.

    In the background, so a page that sends a message takes no longer than one that does not
    (the reset and registration pages must not tell whether an address has an account)."""
    app = current_app._get_current_object()
    body = render_template(f"mail/{template}.txt", **context)
    if not app.config.get("MAIL_SERVER"):
        app.logger.warning("%s\nTo: %s\nSubject: %s\n\n%s", SENT_TO_LOG, to, subject, body)
        return None
    message = Message(subject=subject, recipients=[to], body=body)

    def deliver():
        with app.app_context():
            try:
                mail.send(message)
            except Exception:  # a mail server down must not lose the page; the log says so
                app.logger.exception("Could not send %r to %s", subject, to)

    thread = threading.Thread(target=deliver, daemon=True)
    thread.start()
    return thread
