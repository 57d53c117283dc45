"""Database helpers shared by the services."""

from functools import cache

from sqlalchemy.dialects import postgresql, sqlite

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


@cache
def _insert_statement(dialect: str, table):
    key = next(iter(table.primary_key.columns))
    return _INSERTS[dialect](table).on_conflict_do_nothing().returning(key)


def insert_if_absent(session, model, **values) -> bool:
    """Insert a row unless its key exists; True if this call inserted it.

    One statement (INSERT ... ON CONFLICT DO NOTHING), so concurrent identical inserts store
    exactly one row without an exception to recover from. A Core insert of the table (values
    by column name, which the models' attributes share) built once: the ORM's bulk path and
    building the statement were most of a POST's insert time. Defaults are filled as usual.
    """
    connection = session.connection()
    statement = _insert_statement(connection.dialect.name, model.__table__)
    return connection.execute(statement, values).first() is not None
