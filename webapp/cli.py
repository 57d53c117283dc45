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
        f"{counts.routines} routines with {counts.steps} steps."
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_command)
