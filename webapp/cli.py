"""Command-line tasks: `flask --app webapp seed`."""

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from webapp.extensions import db
from webapp.services.catalog import SeedError, read_seed, seed_catalog


@click.command("seed")
@with_appcontext
@click.option("--dir", "directory", default=None, help="Folder with the seed TOML files.")
def seed_command(directory: str | None) -> None:
    """Load (or update) the point catalog and routines from seed_data/."""
    try:
        data = read_seed(directory or current_app.config["SEED_DIR"])
    except SeedError as exc:
        raise click.ClickException(str(exc)) from exc
    counts = seed_catalog(db.session, data)
    db.session.commit()
    click.echo(
        f"Seeded {counts.articles} articles, {counts.points} points, "
        f"{counts.routines} routines with {counts.steps} steps, "
        f"{counts.translations} translated points and routines."
    )


@click.command("prune-device-accounts")
@with_appcontext
@click.option("--days", type=int, default=None, help="Unused for this many days (default 90).")
def prune_device_accounts_command(days: int | None) -> None:
    """Delete device-only accounts no device has opened for 90 days (safe to run in parallel)."""
    from datetime import timedelta

    from webapp.models import utcnow
    from webapp.services import devices

    unused_for = timedelta(days=days) if days is not None else devices.UNUSED_FOR
    count = devices.prune(db.session, utcnow(), unused_for)
    db.session.commit()
    click.echo(
        f"Deleted {count} device-only account{'' if count == 1 else 's'} unused for "
        f"{unused_for.days} days."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(prune_device_accounts_command)
