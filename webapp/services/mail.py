"""Sending mail: Flask-Mail through MAIL_SERVER, or (with none set) the log, in development."""

import threading
import time

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_mail import Message

from webapp.extensions import mail
from webapp.i18n import DEFAULT_LOCALE, current_language

SENT_TO_LOG = "No MAIL_SERVER is set: this message was not sent, here it is."

_running: set[threading.Thread] = set()
_running_lock = threading.Lock()


def deliver(to: str, subject: str, template: str, **context) -> None:
    """Send one plain-text message from templates/mail/ now (needs an app context)."""
    app = current_app
    body = render_template(f"mail/{template}.txt", **context)
    if not app.config.get("MAIL_SERVER"):
        app.logger.warning("%s\nTo: %s\nSubject: %s\n\n%s", SENT_TO_LOG, to, subject, body)
        return
    try:
        mail.send(Message(subject=subject, recipients=[to], body=body))
    except Exception:  # a mail server down must not lose the page; the log says so
        app.logger.exception("Could not send %r to %s", subject, to)


def later(work, *args, **kwargs) -> threading.Thread:
    """Run work(*args) off the request thread, in its own app context (and database session).

    A page that sends a message then takes no longer than one that does not: the reset and
    registration pages must not tell whether an address has an account."""
    app = current_app._get_current_object()
    # The message goes out in the language of the page that asked for it.
    language = current_language() if has_request_context() else DEFAULT_LOCALE

    def run():
        try:
            with app.app_context(), force_locale(language):
                try:
                    work(*args, **kwargs)
                except Exception:
                    app.logger.exception("Background work %s failed", work.__name__)
        finally:  # after the app context has handed its database connection back
            with _running_lock:
                _running.discard(thread)

    thread = threading.Thread(target=run, daemon=True)
    with _running_lock:
        _running.add(thread)
    thread.start()
    return thread


def finish_background_work(timeout: float) -> bool:
    """Wait up to `timeout` seconds for the work later() started in this process; True when
    none is left. A worker that is stopping calls it (gunicorn.conf.py's worker_exit), so a
    reset link asked for just before a restart is still sent; so does a test before it closes
    its app's database connections, which a thread still working would otherwise hold open."""
    deadline = time.monotonic() + timeout
    while True:
        with _running_lock:
            running = next(iter(_running), None)
        if running is None:
            return True
        running.join(max(0.0, deadline - time.monotonic()))
        if running.is_alive():
            return False


def send(to: str, subject: str, template: str, **context) -> threading.Thread:
    """deliver() in the background."""
    return later(deliver, to, subject, template, **context)
