"""Doctor checks of long-term signs: "a doctor has checked my back since this began"."""

from datetime import datetime, timedelta

import sqlalchemy as sa

from webapp.models import DoctorCheck, User, UTCDateTime
from webapp.safety import CLEARANCE_DAYS, RED_FLAGS

CLEARABLE = tuple(flag.key for flag in RED_FLAGS if flag.long_term)
VALID_FOR = timedelta(days=CLEARANCE_DAYS)


def record(session, user: User, flag: str, now: datetime) -> DoctorCheck:
    """Add the person's word that a doctor checked this sign; the caller commits.

    Every record is kept (not overwritten), so the history shows when each was given.
    """
    if flag not in CLEARABLE:
        raise ValueError(flag)
    check = DoctorCheck(user_id=user.id, flag=flag, recorded_at=now)
    session.add(check)
    return check


def current(session, user: User, now: datetime) -> dict[str, datetime]:
    """The person's own signs that a doctor checked within CLEARANCE_DAYS, with when each lapses."""
    rows = session.execute(
        sa.select(
            DoctorCheck.flag,
            # max() loses the column's type; coerce it back so SQLite's value comes back aware.
            sa.type_coerce(sa.func.max(DoctorCheck.recorded_at), UTCDateTime),
        )
        .where(DoctorCheck.user_id == user.id, DoctorCheck.recorded_at > now - VALID_FOR)
        .group_by(DoctorCheck.flag)
    )
    return {flag: latest + VALID_FOR for flag, latest in rows if flag in CLEARABLE}
