"""Schema changes only through migrations: they build an empty database and match the models."""

import flask_migrate
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.conftest import MIGRATIONS, dispose_engine, make_app
from webapp.extensions import db


def test_upgrade_builds_the_schema_on_an_empty_database_and_matches_the_models(empty_database):
    app = make_app(empty_database)
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"point", "routine", "routine_step", "user", "practice_session"} <= tables
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        dispose_engine()
    assert diff == []


def test_downgrade_to_base_and_back_up(empty_database):
    app = make_app(empty_database)
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        flask_migrate.downgrade(directory=MIGRATIONS, revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        flask_migrate.upgrade(directory=MIGRATIONS)
        assert "practice_session" in sa.inspect(db.engine).get_table_names()
        dispose_engine()
