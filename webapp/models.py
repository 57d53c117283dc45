"""The data model: the point catalog, routines, people and their practice sessions."""

import functools
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db, login_manager
from webapp.outcomes import OUTCOMES
from webapp.vocabulary import PRESSURES, SIDES

STEP_COUNTS = ("steps_completed", "steps_skipped", "steps_not_reached")
GET_READY_SECONDS = 3
"""The player's pause before each hold, counted in a routine's length."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator):
    """A timezone-aware datetime stored as UTC, also on SQLite (which keeps no offset)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give a timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Article(db.Model):
    """One of the source articles the catalog was reconciled from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(8), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text)
    reliability: Mapped[str] = mapped_column(sa.Text)


class Point(db.Model):
    """An acupressure point, keyed by its WHO 2008 code."""

    __table_args__ = (sa.CheckConstraint(_in("pressure", PRESSURES), name="pressure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    pinyin: Mapped[str] = mapped_column(sa.String(80))
    name: Mapped[str] = mapped_column(sa.String(120))
    aliases: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    search_text: Mapped[str] = mapped_column(sa.Text, default="")
    region: Mapped[str] = mapped_column(sa.String(40))
    location: Mapped[str] = mapped_column(sa.Text)
    how_to_find: Mapped[str] = mapped_column(sa.Text)
    technique: Mapped[str] = mapped_column(sa.Text)
    pressure: Mapped[str] = mapped_column(sa.String(10))
    bilateral: Mapped[bool]
    needs_partner_or_ball: Mapped[bool] = mapped_column(default=False)
    reach_tip: Mapped[str] = mapped_column(sa.Text, default="")
    avoid_in_pregnancy: Mapped[bool] = mapped_column(default=False)
    pregnancy_note: Mapped[str] = mapped_column(sa.Text, default="")
    cautions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    sources: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    corrections: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    back_routine: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    map_view: Mapped[str] = mapped_column(sa.String(20), default="", server_default="")
    map_x: Mapped[float] = mapped_column(default=0.0, server_default="0")
    map_y: Mapped[float] = mapped_column(default=0.0, server_default="0")
    """Where the point is drawn on the body map (see webapp/bodymap.py), on the person's left."""

    def to_dict(self) -> dict:
        """The point as the JSON API shows it."""
        return {
            "code": self.code,
            "pinyin": self.pinyin,
            "name": self.name,
            "aliases": list(self.aliases),
            "region": self.region,
            "location": self.location,
            "how_to_find": self.how_to_find,
            "technique": self.technique,
            "pressure": self.pressure,
            "bilateral": self.bilateral,
            "needs_partner_or_ball": self.needs_partner_or_ball,
            "reach_tip": self.reach_tip,
            "avoid_in_pregnancy": self.avoid_in_pregnancy,
            "pregnancy_note": self.pregnancy_note,
            "cautions": list(self.cautions),
            "sources": list(self.sources),
            "corrections": list(self.corrections),
            "back_routine": self.back_routine,
            "note": self.note,
            "map": {"view": self.map_view, "x": self.map_x, "y": self.map_y},
        }


class Routine(db.Model):
    """A named sequence of holds, adapted from one or more articles."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    focus: Mapped[str] = mapped_column(sa.String(80))
    summary: Mapped[str] = mapped_column(sa.Text)
    adaptation: Mapped[str] = mapped_column(sa.Text, default="")
    sources: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    lying_down: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    """Done lying down, eyes closed: the player offers spoken guidance."""
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    """The person who made it (see services/own_routines.py); None for the catalog's."""
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When its owner deleted it or an edit replaced it: kept (unlisted) for its past sessions."""
    steps: Mapped[list["RoutineStep"]] = relationship(
        back_populates="routine",
        order_by="RoutineStep.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def total_seconds(self) -> int:
        """Hold time plus the get-ready pause before each hold."""
        return sum(step.seconds + GET_READY_SECONDS for step in self.steps)

    @property
    def minutes(self) -> int:
        return max(1, round(self.total_seconds / 60))

    @property
    def points(self) -> list["Point"]:
        """The distinct points of the routine, in the order they first appear."""
        seen: dict[int, Point] = {}
        for step in self.steps:
            seen.setdefault(step.point_id, step.point)
        return list(seen.values())

    @property
    def avoid_in_pregnancy(self) -> bool:
        return any(point.avoid_in_pregnancy for point in self.points)

    def to_dict(self) -> dict:
        """The routine as the JSON API shows it."""
        return {
            "slug": self.slug,
            "title": self.title,
            "focus": self.focus,
            "summary": self.summary,
            "adaptation": self.adaptation,
            "minutes": self.minutes,
            "total_seconds": self.total_seconds,
            "get_ready_seconds": GET_READY_SECONDS,
            "points_count": len(self.points),
            "avoid_in_pregnancy": self.avoid_in_pregnancy,
            "lying_down": self.lying_down,
            "sources": list(self.sources),
            "own": self.owner_id is not None,
            "steps": [step.to_dict() for step in self.steps],
        }


class RoutineStep(db.Model):
    """One timed hold of one point on one side (or both, or the midline)."""

    __table_args__ = (
        sa.UniqueConstraint("routine_id", "position", name="uq_routine_step_position"),
        sa.CheckConstraint(_in("side", SIDES), name="side"),
        # The seed check keeps content to 10..300 s; the database only rejects nonsense.
        sa.CheckConstraint("seconds BETWEEN 1 AND 600", name="seconds"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    routine_id: Mapped[int] = mapped_column(sa.ForeignKey("routine.id", ondelete="CASCADE"))
    position: Mapped[int]
    point_id: Mapped[int] = mapped_column(sa.ForeignKey("point.id"))
    seconds: Mapped[int]
    side: Mapped[str] = mapped_column(sa.String(10))
    instruction: Mapped[str] = mapped_column(sa.Text)
    routine: Mapped[Routine] = relationship(back_populates="steps")
    point: Mapped[Point] = relationship(lazy="joined")

    def to_dict(self) -> dict:
        return {
            "point": self.point.code,
            "point_name": self.point.name,
            "seconds": self.seconds,
            "side": self.side,
            "instruction": self.instruction,
        }


SIGN_IN_METHODS = ("password", "registration", "earlier", "reset", "device", "passkey")
"""How a sign-in began; "earlier" is a login carried over from before sign-ins were listed."""


class User(UserMixin, db.Model):
    """A person with an account; owns their practice sessions and sign-ins."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    """None for a device-only account (started without signing up, kept by its cookie)."""
    password_hash: Mapped[str | None] = mapped_column(sa.String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    welcomed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    device_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When a device-only account was told, once, that its log lives only on this device."""
    language: Mapped[str | None] = mapped_column(sa.String(16))
    """The interface language the person chose (None: their browser's, see i18n.py)."""
    sessions_version: Mapped[int] = mapped_column(sa.BigInteger, default=0, server_default="0")
    """A new random value with every change to the person's sessions, set by the database's own
    triggers (migration 0015): what a page of the sessions API was written from is still so
    while it stays the same. Never written by the app."""
    sessions: Mapped[list["PracticeSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )
    passkeys: Mapped[list["Passkey"]] = relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Passkey.id",
    )
    # The sign-in this request runs under and the token its cookie carries (not stored).
    sign_in = None
    sign_in_token = None
    sign_in_seen_at = None
    doctor_checks: Mapped[list["DoctorCheck"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    def get_id(self) -> str | None:
        """What the login cookie carries: the sign-in's token, never the id (see SignIn)."""
        return self.sign_in_token

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash, password)

    @property
    def device_only(self) -> bool:
        """Started without signing up and not secured since: no email and no passkey, only
        this device's cookie (a passkey alone secures an account)."""
        return self.email is None and not self.passkeys


class SignIn(db.Model):
    """One login on one device. Its cookie carries a random token; only its hash is stored, so
    deleting the row (logging out, signing a device out) makes a copied cookie worthless."""

    __table_args__ = (sa.CheckConstraint(_in("method", SIGN_IN_METHODS), name="method"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    method: Mapped[str] = mapped_column(sa.String(20))
    device: Mapped[str] = mapped_column(sa.String(120), default="")
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship(lazy="joined")


class Passkey(db.Model):
    """A WebAuthn credential of one person (its public key only; the secret stays on the device)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[bytes] = mapped_column(sa.LargeBinary(1023), unique=True)
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sign_count: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user: Mapped[User] = relationship(back_populates="passkeys")


EMAIL_TOKEN_PURPOSES = ("reset", "verify")


class EmailToken(db.Model):
    """A single-use link sent by email (password reset, address check); only its hash is kept."""

    __table_args__ = (sa.CheckConstraint(_in("purpose", EMAIL_TOKEN_PURPOSES), name="purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(10))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PracticeSession(db.Model):
    """One check-in and (unless the safety screen stopped it) one run through a routine."""

    __table_args__ = (
        sa.CheckConstraint(_in("outcome", OUTCOMES), name="outcome"),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name="pain_before"),
        sa.CheckConstraint("pain_after IS NULL OR pain_after BETWEEN 0 AND 10", name="pain_after"),
        sa.CheckConstraint("ended_at >= started_at", name="ended_after_started"),
        sa.CheckConstraint(
            "(held_seconds IS NULL AND steps_completed IS NULL AND steps_skipped IS NULL"
            " AND steps_not_reached IS NULL) OR (held_seconds >= 0 AND steps_completed >= 0"
            " AND steps_skipped >= 0 AND steps_not_reached >= 0)",
            name="held",
        ),
        # The order every list of a person's sessions uses (a page cursor included), so their
        # queries read the index in order and stop at the page's end.
        sa.Index("ix_practice_session_user_order", "user_id", "started_at", "created_at", "id"),
        # Each routine's latest sessions (the "pause this routine" nudge), without a sort.
        sa.Index(
            "ix_practice_session_user_routine",
            "user_id",
            "routine_id",
            "started_at",
            "created_at",
            "id",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    routine_id: Mapped[int] = mapped_column(sa.ForeignKey("routine.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    utc_offset_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    """The person's clock offset when they started, so days and times read as they lived them."""
    pain_before: Mapped[int]
    pain_after: Mapped[int | None]
    outcome: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    checkout_screening: Mapped[dict | None] = mapped_column(sa.JSON(none_as_null=True))
    """What the check-out asked and advised: {"signs": [...], "advice": ..., "reasons": [...]};
    None for check-in stops and for sessions sent by an app from before it asked."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    held_seconds: Mapped[int | None]
    """Seconds of the holds actually held; None for sessions logged before it was recorded
    (migration 0007) and for sessions added by hand."""
    steps_completed: Mapped[int | None]
    steps_skipped: Mapped[int | None]
    """Steps begun or passed but whose hold was not done."""
    steps_not_reached: Mapped[int | None]
    manual: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    """Added afterwards in the history (done away from the phone), not recorded by the player."""
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the person last corrected it; None if never."""
    user: Mapped[User] = relationship(back_populates="sessions")
    routine: Mapped[Routine] = relationship(lazy="joined")

    def local(self, moment: datetime) -> datetime:
        """The moment on the person's own clock."""
        return moment.astimezone(_offset_zone(self.utc_offset_minutes))

    def to_dict(self) -> dict:
        """The session as the JSON API shows it, times in the person's own offset."""
        return session_json(
            id=self.id,
            routine_slug=self.routine.slug,
            routine_title=self.routine.title,
            started_at=self.started_at,
            ended_at=self.ended_at,
            utc_offset_minutes=self.utc_offset_minutes,
            pain_before=self.pain_before,
            pain_after=self.pain_after,
            outcome=self.outcome,
            note=self.note,
            checkout_screening=self.checkout_screening,
            created_at=self.created_at,
            held_seconds=self.held_seconds,
            steps_completed=self.steps_completed,
            steps_skipped=self.steps_skipped,
            steps_not_reached=self.steps_not_reached,
            manual=self.manual,
            updated_at=self.updated_at,
        )


class RoutineTally(db.Model):
    """A person's running totals for one routine, which "What seems to help you" reads instead
    of every session they ever logged: kept by the database itself, by triggers on
    practice_session (migration 0015), so every way a session is written, corrected, moved or
    deleted keeps them right, in the same transaction.

    counted: sessions that count as the routine's effect (practised, at least EFFECT_SHARE of
    the holds done); rated: those of them with a pain after; change_sum: their pain after minus
    before, summed; meaningful: those with a meaningful drop (stats.py's rule)."""

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    routine_id: Mapped[int] = mapped_column(
        sa.ForeignKey("routine.id", ondelete="CASCADE"), primary_key=True
    )
    sessions: Mapped[int] = mapped_column(default=0, server_default="0")
    counted: Mapped[int] = mapped_column(default=0, server_default="0")
    rated: Mapped[int] = mapped_column(default=0, server_default="0")
    change_sum: Mapped[int] = mapped_column(default=0, server_default="0")
    meaningful: Mapped[int] = mapped_column(default=0, server_default="0")


class DoctorCheck(db.Model):
    """The person said a doctor has checked their back for a long-term sign (see safety.py)."""

    __table_args__ = (sa.Index("ix_doctor_check_user_flag", "user_id", "flag", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    flag: Mapped[str] = mapped_column(sa.String(40))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@functools.lru_cache(maxsize=64)
def _offset_zone(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


def session_json(
    *,
    id: uuid.UUID,
    routine_slug: str,
    routine_title: str,
    started_at: datetime,
    ended_at: datetime,
    utc_offset_minutes: int,
    pain_before: int,
    pain_after: int | None,
    outcome: str,
    note: str,
    created_at: datetime,
    held_seconds: int | None = None,
    steps_completed: int | None = None,
    steps_skipped: int | None = None,
    steps_not_reached: int | None = None,
    manual: bool = False,
    updated_at: datetime | None = None,
    checkout_screening: dict | None = None,
) -> dict:
    """A session as the JSON API shows it, from its stored values, times in its own offset.

    Listing a long history builds this from plain columns, not PracticeSession objects.
    """
    zone = _offset_zone(utc_offset_minutes)
    return {
        "id": str(id),
        "routine": routine_slug,
        "routine_title": routine_title,
        "started_at": started_at.astimezone(zone).isoformat(),
        "ended_at": ended_at.astimezone(zone).isoformat(),
        "pain_before": pain_before,
        "pain_after": pain_after,
        "outcome": outcome,
        "note": note,
        "checkout_screening": checkout_screening,
        "created_at": created_at.isoformat(),
        "held_seconds": held_seconds,
        "steps_completed": steps_completed,
        "steps_skipped": steps_skipped,
        "steps_not_reached": steps_not_reached,
        "manual": manual,
        "updated_at": None if updated_at is None else updated_at.isoformat(),
    }


class PainCheck(db.Model):
    """A pain rating on its own, without a routine: never counted as any routine's effect."""

    __table_args__ = (
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name="pain"),
        sa.Index("ix_pain_check_user_taken", "user_id", "taken_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    utc_offset_minutes: Mapped[int] = mapped_column(default=0)
    pain: Mapped[int]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def local(self, moment: datetime) -> datetime:
        """The moment on the person's own clock."""
        return moment.astimezone(_offset_zone(self.utc_offset_minutes))

    def to_dict(self) -> dict:
        """The pain check as the JSON API shows it, its time in the person's own offset."""
        return {
            "id": str(self.id),
            "taken_at": self.local(self.taken_at).isoformat(),
            "pain": self.pain,
            "note": self.note,
            "created_at": self.created_at.isoformat(),
        }


class LoginThrottle(db.Model):
    """Recent failed logins for one key (an account's email or a client address)."""

    key: Mapped[str] = mapped_column(sa.String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Reminder days, in the order of date.weekday()."""


class ReminderSetting(db.Model):
    """When one person wants to be reminded, and when the next reminder falls due."""

    __table_args__ = (sa.Index("ix_reminder_setting_due", "enabled", "next_due_at"),)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=False)
    local_time: Mapped[str] = mapped_column(sa.String(5), default="08:00")
    """HH:MM on the person's own clock."""
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    """An IANA name such as Europe/Berlin, so summer time moves with the person."""
    days: Mapped[list[str]] = mapped_column(sa.JSON, default=lambda: list(WEEKDAYS))
    skip_if_done: Mapped[bool] = mapped_column(default=True)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_sent_on: Mapped[date | None] = mapped_column(sa.Date)
    """The person's local day the last reminder was handled for (sent or skipped): claims rely
    on it, so two senders never send one day twice."""
    calendar_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    """When the schedule was last saved: the calendar series starts that day."""


class PushSubscription(db.Model):
    """One device's Web Push subscription (PushSubscription.toJSON()) for one person."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(sa.String(2048), unique=True)
    p256dh: Mapped[str] = mapped_column(sa.String(128))
    auth: Mapped[str] = mapped_column(sa.String(64))
    sign_in_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sign_in.id", ondelete="CASCADE"), index=True
    )
    """The sign-in (device login) that subscribed: when it ends (logout, "sign out" on the device
    list, a new password), the database deletes this row, so that device gets no more reminders."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def to_info(self) -> dict:
        """The subscription as pywebpush takes it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """Find the signed-in person from the sign-in token in their cookie (None once revoked)."""
    from webapp.services.sign_ins import find

    return find(db.session, token, utcnow())


class Favourite(db.Model):
    """A routine one person starred: starred routines come first on their home and routines."""

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    routine_id: Mapped[int] = mapped_column(
        sa.ForeignKey("routine.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Comparison(db.Model):
    """A person's fair test of two routines: the app proposes which to do each day, in a
    balanced random order (services/comparisons.py), until they stop it."""

    __table_args__ = (
        sa.CheckConstraint("routine_a_id <> routine_b_id", name="two_routines"),
        sa.Index("ix_comparison_user_started", "user_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    routine_a_id: Mapped[int] = mapped_column(sa.ForeignKey("routine.id"))
    routine_b_id: Mapped[int] = mapped_column(sa.ForeignKey("routine.id"))
    seed: Mapped[int]
    """Seeds the order of days and the bootstrap, so the plan and the interval stay put."""
    utc_offset_minutes: Mapped[int] = mapped_column(default=0)
    """The person's clock offset when they started: the plan's days are their days."""
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    routine_a: Mapped[Routine] = relationship(foreign_keys=[routine_a_id], lazy="joined")
    routine_b: Mapped[Routine] = relationship(foreign_keys=[routine_b_id], lazy="joined")


# The doctor's models live in their own module (this one is long); importing them here puts
# them in the metadata the migrations compare against.
from webapp.doctor_models import PegAnswer, ShareLink, ShareOpen  # noqa: E402, F401
from webapp.translation_models import CatalogText  # noqa: E402, F401
