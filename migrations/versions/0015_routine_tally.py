"""speed: each person's running totals per routine, and a version of their sessions, kept by
triggers on practice_session

"What seems to help you" summed every session a person ever logged on every visit to the
history. The totals are now kept in routine_tally by the database, in the same statement as
each insert, correction, move (user_id) or delete of a session, whichever code or tool makes
it. The rule is the app's of today (webapp/outcomes.py EFFECT_SHARE = 1/2, stats.py
MEANINGFUL_POINTS = 2 and MEANINGFUL_PERCENT = 30), written here as it stands now: a later
change of the rule needs a migration that replaces the triggers and rebuilds the totals
(tests/test_figures.py compares the totals with stats.py over every session, so it would fail).

user.sessions_version takes a new random value with every change to a person's sessions (both
people's, when a device's log moves into an account): a page of the sessions API written once
is valid for as long as it stays the same (services/session_pages.py).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 01:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

COLUMNS = ("sessions", "counted", "rated", "change_sum", "meaningful")


def contribution(row: str) -> dict[str, str]:
    """What one session (the trigger's NEW or OLD row) adds to its routine's totals, in SQL."""
    done = f"{row}.steps_completed"
    total = f"({row}.steps_completed + {row}.steps_skipped + {row}.steps_not_reached)"
    # Practised (not stopped at the safety questions), with at least half its holds done;
    # a session that recorded no holds counts, as it always did.
    counts = (
        f"{row}.outcome <> 'safety_stop' AND ({done} IS NULL OR {total} IS NULL"
        f" OR {total} = 0 OR {done} * 2 >= {total})"
    )
    rated = f"{counts} AND {row}.pain_after IS NOT NULL"
    drop = f"({row}.pain_before - {row}.pain_after)"
    meaningful = f"{rated} AND {drop} >= 2 AND 100 * {drop} >= 30 * {row}.pain_before"
    return {
        "sessions": "1",
        "counted": f"CASE WHEN {counts} THEN 1 ELSE 0 END",
        "rated": f"CASE WHEN {rated} THEN 1 ELSE 0 END",
        "change_sum": f"CASE WHEN {rated} THEN {row}.pain_after - {row}.pain_before ELSE 0 END",
        "meaningful": f"CASE WHEN {meaningful} THEN 1 ELSE 0 END",
    }


def add_new() -> str:
    """Add the NEW row's share to its person's routine (the totals' row made if absent)."""
    values = contribution("NEW")
    sums = ", ".join(f"{name} = routine_tally.{name} + excluded.{name}" for name in COLUMNS)
    return (
        f"INSERT INTO routine_tally (user_id, routine_id, {', '.join(COLUMNS)})"
        f" VALUES (NEW.user_id, NEW.routine_id, {', '.join(values[name] for name in COLUMNS)})"
        f" ON CONFLICT (user_id, routine_id) DO UPDATE SET {sums}"
    )


def take_old() -> str:
    """Take the OLD row's share away. An UPDATE only: when the person's totals are already gone
    (their account deleted in the same statement), there is nothing to take from."""
    values = contribution("OLD")
    sums = ", ".join(f"{name} = {name} - ({values[name]})" for name in COLUMNS)
    return (
        f"UPDATE routine_tally SET {sums}"
        " WHERE user_id = OLD.user_id AND routine_id = OLD.routine_id"
    )


def fresh_version(dialect: str) -> str:
    """A new version of a person's sessions: a random number, not a count, so a database
    restored from a backup, or built again under the same address, never comes back to a
    version a process has kept a different page for."""
    return "random()" if dialect == "sqlite" else "floor(random() * 9007199254740991)::bigint"


def bump(row: str, dialect: str) -> str:
    """A new version of the sessions of the person owning the trigger's NEW or OLD row."""
    return f'UPDATE "user" SET sessions_version = {fresh_version(dialect)} WHERE id = {row}.user_id'


WATCHED = (
    "user_id, routine_id, outcome, pain_before, pain_after,"
    " steps_completed, steps_skipped, steps_not_reached"
)
"""The columns the totals depend on: an update of any other (a note, a time) changes none."""


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sessions_version", sa.BigInteger(), server_default="0", nullable=False)
        )
    op.create_table(
        "routine_tally",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), server_default="0", nullable=False) for name in COLUMNS),
        sa.ForeignKeyConstraint(
            ["routine_id"],
            ["routine.id"],
            name=op.f("fk_routine_tally_routine_id_routine"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_routine_tally_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "routine_id", name=op.f("pk_routine_tally")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION routine_tally_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n"
            f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN {take_old()}; {bump('OLD', 'postgresql')}; END IF;\n"
            f"  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id) THEN\n"
            f"    {bump('NEW', 'postgresql')};\n"
            "  END IF;\n"
            f"  IF TG_OP IN ('INSERT', 'UPDATE') THEN {add_new()}; END IF;\n"
            "  RETURN NULL;\n"
            "END $$"
        )
        op.execute(
            "CREATE TRIGGER routine_tally_insert_delete AFTER INSERT OR DELETE ON practice_session"
            " FOR EACH ROW EXECUTE FUNCTION routine_tally_keep()"
        )
        op.execute(
            "CREATE TRIGGER routine_tally_update AFTER UPDATE ON practice_session"
            " FOR EACH ROW EXECUTE FUNCTION routine_tally_keep()"
        )
    else:
        op.execute(
            "CREATE TRIGGER routine_tally_insert AFTER INSERT ON practice_session"
            f" BEGIN {add_new()}; {bump('NEW', 'sqlite')}; END"
        )
        op.execute(
            "CREATE TRIGGER routine_tally_delete AFTER DELETE ON practice_session"
            f" BEGIN {take_old()}; {bump('OLD', 'sqlite')}; END"
        )
        op.execute(
            f"CREATE TRIGGER routine_tally_update AFTER UPDATE OF {WATCHED} ON practice_session"
            f" BEGIN {take_old()}; {add_new()}; END"
        )
        # Any change at all (a note, a time) makes a new version of the person's sessions.
        op.execute(
            "CREATE TRIGGER sessions_version_update AFTER UPDATE ON practice_session"
            f" BEGIN {bump('OLD', 'sqlite')}; {bump('NEW', 'sqlite')}; END"
        )
    # Everyone's sessions as they stand get a version of their own (not the column's 0).
    op.execute(f'UPDATE "user" SET sessions_version = {fresh_version(op.get_bind().dialect.name)}')
    # The totals of the sessions already stored, by the same rule.
    values = contribution("practice_session")
    op.execute(
        f"INSERT INTO routine_tally (user_id, routine_id, {', '.join(COLUMNS)})"
        " SELECT user_id, routine_id, "
        + ", ".join(f"sum({values[name]})" for name in COLUMNS)
        + " FROM practice_session GROUP BY user_id, routine_id"
    )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER routine_tally_update ON practice_session")
        op.execute("DROP TRIGGER routine_tally_insert_delete ON practice_session")
        op.execute("DROP FUNCTION routine_tally_keep()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER routine_tally_{name}")
        op.execute("DROP TRIGGER sessions_version_update")
    op.drop_table("routine_tally")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("sessions_version")
