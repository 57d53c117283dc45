"""`flask reminders keys | send | clock`: VAPID keys, one sending pass, or a pass every minute."""

import signal
import threading
import time
from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from webapp.extensions import db
from webapp.models import utcnow
from webapp.services import push, reminder_sender

group = AppGroup("reminders", help="Reminders: VAPID keys and sending.")


@group.command("keys")
def keys_command() -> None:
    """Print a new VAPID key pair to put in the environment."""
    private, public = push.new_key_pair()
    click.echo(f"VAPID_PRIVATE_KEY={private}")
    click.echo(f"VAPID_PUBLIC_KEY={public}")


def _send_once() -> reminder_sender.SendReport:
    config = current_app.config
    pusher = push.Pusher(
        push.vapid_keys(config, current_app.instance_path),
        timeout=float(config.get("PUSH_TIMEOUT_SECONDS", 10)),
    )
    workers = int(config.get("REMINDER_SEND_WORKERS", 16))
    late = timedelta(minutes=int(config.get("REMINDER_LATE_LIMIT_MINUTES", 180)))
    report = reminder_sender.send_due(
        db.session, pusher, utcnow(), workers=workers, late_limit=late
    )
    db.session.remove()
    return report


def _describe(report: reminder_sender.SendReport) -> str:
    return (
        f"{report.claimed} due, {report.skipped_done} skipped (already practised), "
        f"{report.skipped_late} dropped (too late after downtime), "
        f"{report.sent} sent, {report.failed} failed, {report.removed} subscriptions removed, "
        f"{report.rescheduled} moved on."
    )


@group.command("send")
def send_command() -> None:
    """Send every reminder that is due now (safe to run on several machines at once)."""
    click.echo(_describe(_send_once()))


@group.command("clock")
@click.option("--every", default=60, show_default=True, help="Seconds between passes.")
def clock_command(every: int) -> None:
    """Send due reminders now and then once a minute, until stopped (the Procfile's clock).

    SIGTERM (what a process manager sends) or SIGINT lets the pass under way finish, then the
    clock stops: no reminder is left claimed and unsent by a restart."""
    stopping = threading.Event()

    def stop(_signum, _frame) -> None:
        stopping.set()

    # Set outright: a clock started in the background may have inherited SIGINT ignored.
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, stop)
    while not stopping.is_set():
        started = time.monotonic()
        try:
            report = _send_once()
            if report.claimed or report.rescheduled:
                click.echo(_describe(report))
        except Exception:  # noqa: BLE001 (a bad pass must not stop the next one)
            current_app.logger.exception("Reminder pass failed")
            db.session.remove()
        stopping.wait(max(1.0, every - (time.monotonic() - started)))
    click.echo("Clock stopped.")
