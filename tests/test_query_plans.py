"""The hot queries read the sessions table through an index, never a whole-table scan or a sort.

Each service call's real statements are caught as they run and explained on the same database:
SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN with scans and sorts priced out (a few
test rows would make a scan cheapest; the question is whether an index can serve the query).
"""

import json
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.test_figures import NOW, random_log
from webapp.extensions import db
from webapp.models import User
from webapp.services import figures, history, session_pages, sessions, sign_ins, trend

ORDER_INDEX = "ix_practice_session_user_order"
ROUTINE_INDEX = "ix_practice_session_user_routine"


@contextmanager
def caught():
    """The statements (and parameters) sent to the database inside the block."""
    found = []

    def catch(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT") or "RETURNING" in statement:
            found.append((statement, parameters))

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", catch)
    try:
        yield found
    finally:
        sa.event.remove(engine, "before_cursor_execute", catch)


def sqlite_plan(statement, parameters) -> list[str]:
    rows = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
    return [row[-1] for row in rows]


def postgres_plan(statement, parameters) -> list[dict]:
    connection = db.session.connection()
    # With a few rows, scanning and sorting are cheapest: price them out, to ask whether an
    # index can deliver the rows in order (the growth bench shows plans at full size).
    for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
        connection.exec_driver_sql(f"SET LOCAL {setting} = off")
    text = "EXPLAIN (FORMAT JSON) " + statement
    plan = connection.exec_driver_sql(text, parameters).scalar()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes, stack = [], [plan[0]["Plan"]]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.get("Plans", []))
    return nodes


def sessions_read_by_index(statement, parameters, indexes: set[str], grouped=False) -> None:
    """Every read of practice_session in the statement's plan goes through one of `indexes`
    (and nothing is sorted; when `grouped`, one person's rows may be sorted into groups)."""
    if db.engine.dialect.name == "sqlite":
        details = sqlite_plan(statement, parameters)
        reads = [line for line in details if "practice_session" in line]
        totals = [line for line in details if "routine_tally" in line]
        assert reads or totals, details
        for line in totals:
            # The person's running totals: a few rows, found by the primary key's first column.
            assert line.startswith("SEARCH routine_tally USING"), details
            assert "(user_id=?" in line, details
        for line in reads:
            assert line.startswith("SEARCH"), details
            assert any(f"INDEX {name} " in line + " " for name in indexes), details
        sorts = [line for line in details if "TEMP B-TREE" in line]
        assert not sorts or grouped and all("GROUP BY" in line for line in sorts), details
    else:
        nodes = postgres_plan(statement, parameters)
        reads = [node for node in nodes if node.get("Relation Name") == "practice_session"]
        reads += [node for node in nodes if node.get("Index Name") in indexes]
        totals = [node for node in nodes if node.get("Relation Name") == "routine_tally"]
        assert reads or totals, nodes
        for node in totals:
            assert node.get("Index Name") == "pk_routine_tally", nodes
        for node in reads:
            assert "Index" in node["Node Type"], nodes
            assert node.get("Index Name") in indexes, nodes
        assert grouped or not any(node["Node Type"] == "Sort" for node in nodes), nodes


@pytest.fixture
def ada(app):
    random_log(app, 1, count=300)
    with app.app_context():
        yield db.session.scalar(sa.select(User).where(User.email == "p1@example.com"))


def check(call, indexes: set[str], grouped=False):
    with caught() as statements:
        call()
    assert statements
    for statement, parameters in statements:
        sessions_read_by_index(statement, parameters, indexes, grouped)


def test_a_page_of_the_sessions_api_reads_the_order_index(ada):
    first = session_pages.page_for(db.session, ada, 10)
    check(lambda: session_pages.page_for(db.session, ada, 10), {ORDER_INDEX})
    check(lambda: session_pages.page_for(db.session, ada, 10, first.next), {ORDER_INDEX})
    since = NOW - timedelta(days=30)
    check(lambda: session_pages.page_for(db.session, ada, 10, first.next, since), {ORDER_INDEX})


def test_the_history_figures_read_indexes(ada):
    today = figures.today_for(db.session, ada, NOW)
    check(lambda: figures.today_for(db.session, ada, NOW), {ORDER_INDEX})
    check(lambda: figures.chart_entries(db.session, ada, 30, NOW), {ORDER_INDEX})
    check(lambda: figures.streak(db.session, ada, today), {ORDER_INDEX})
    check(lambda: history.log_page(db.session, ada, 2, 300), {ORDER_INDEX})
    start = today - timedelta(days=364)
    check(lambda: figures.report_entries(db.session, ada, start, today), {ORDER_INDEX})
    # The count and the routines' totals read the person's running totals (no session);
    # the latest sessions of each routine may read either index (both begin with the person).
    check(lambda: figures.count(db.session, ada), set())
    check(lambda: figures.routine_summaries(db.session, ada), {ORDER_INDEX, ROUTINE_INDEX})
    check(lambda: figures.recent_entries(db.session, ada, today), {ORDER_INDEX, ROUTINE_INDEX})


def test_the_long_chart_reads_the_order_index_and_sorts_only_its_buckets(ada):
    since = NOW - timedelta(days=365)
    check(lambda: figures.counts(db.session, ada, since), {ORDER_INDEX, ROUTINE_INDEX})
    check(lambda: trend.first_day(db.session, ada, None), {ORDER_INDEX})
    both = {ORDER_INDEX, ROUTINE_INDEX}  # both begin with the person
    check(lambda: trend.grouped(db.session, ada, 7), both, grouped=True)
    check(lambda: trend.grouped(db.session, ada, 1, since), {ORDER_INDEX}, grouped=True)


def test_posting_a_session_looks_up_by_unique_keys(ada):
    """The login lookup (token hash), the routine (slug) and the insert use unique indexes."""
    now = datetime.now(UTC)
    with caught() as statements:
        sign_ins.find(db.session, "not-a-token", now)
        body = {
            "id": str(uuid.uuid4()),
            "routine": "lower-back-basics",
            "started_at": (now - timedelta(minutes=8)).isoformat(),
            "ended_at": (now - timedelta(minutes=1)).isoformat(),
            "pain_before": 5,
            "pain_after": 3,
            "outcome": "completed",
        }
        item, errors = sessions.validate(db.session, body, now)
        assert not errors
        sessions.store(db.session, ada, item)
    explain = sqlite_plan if db.engine.dialect.name == "sqlite" else postgres_plan
    for statement, parameters in statements:
        if statement.lstrip().upper().startswith("INSERT"):
            continue
        plan = explain(statement, parameters)
        text = json.dumps(plan) if isinstance(plan[0], dict) else " ".join(plan)
        assert "Seq Scan" not in text and "SCAN " not in text.replace("SEARCH", ""), plan
    db.session.rollback()
