"""Facts the tests and the benchmarks share, with no pytest in sight: how Chromium is launched,
the phone the pages are checked on, a valid session body, and a short routine for timing."""

import os
import shutil
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from webapp.models import Point, Routine, RoutineStep

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 780}
PASSWORD = "a calm back 42"  # noqa: S105 (throwaway accounts in throwaway databases)
TIMING_ROUTINE = "timing-check"


def session_payload(**overrides) -> dict:
    """A valid body for POST /api/sessions: a 7-minute session that ended a minute ago."""
    ended = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    payload = {
        "id": str(uuid.uuid4()),
        "routine": "lower-back-basics",
        "started_at": (ended - timedelta(minutes=7)).isoformat(),
        "ended_at": ended.isoformat(),
        "pain_before": 6,
        "pain_after": 3,
        "outcome": "completed",
        "note": "",
    }
    payload.update(overrides)
    return payload


def add_timing_routine(session, holds: list[tuple[str, str, int]]) -> str:
    """Store (once) a short routine of (point code, side, seconds) holds; return its slug.

    The caller commits."""
    if session.scalar(sa.select(Routine).where(Routine.slug == TIMING_ROUTINE)) is None:
        points = {point.code: point for point in session.scalars(sa.select(Point))}
        session.add(
            Routine(
                slug=TIMING_ROUTINE,
                title="Timing check",
                focus="Timing",
                summary="Short.",
                sources=[],
                position=99,
                steps=[
                    RoutineStep(
                        position=n,
                        point=points[code],
                        side=side,
                        seconds=seconds,
                        instruction="Hold.",
                    )
                    for n, (code, side, seconds) in enumerate(holds, start=1)
                ],
            )
        )
    return TIMING_ROUTINE
