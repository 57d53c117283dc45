"""The data kept for the doctor: the weekly PEG answers and the clinician share links."""

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models import UTCDateTime, _offset_zone, utcnow
from webapp.services.stats import round_ratio

PEG_ITEMS = ("pain", "enjoyment", "activity")
"""The PEG's three answers, in the published order: Pain, Enjoyment of life, General activity."""


class PegAnswer(db.Model):
    """One week's PEG: average pain, and how much pain interfered with enjoyment and activity."""

    __table_args__ = (
        *(sa.CheckConstraint(f"{item} BETWEEN 0 AND 10", name=item) for item in PEG_ITEMS),
        sa.Index("ix_peg_answer_user_answered", "user_id", "answered_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True)
    """Chosen by the device, so an answer sent twice from the outbox is stored once."""
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    utc_offset_minutes: Mapped[int] = mapped_column(default=0)
    pain: Mapped[int]
    enjoyment: Mapped[int]
    activity: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the person last corrected it; None if never."""

    @property
    def score(self) -> float:
        """The PEG score: the mean of the three answers, to one decimal."""
        return round_ratio(self.pain + self.enjoyment + self.activity, 3, 1)

    def local(self, moment: datetime) -> datetime:
        """The moment on the person's own clock."""
        return moment.astimezone(_offset_zone(self.utc_offset_minutes))

    @property
    def day(self) -> date:
        return self.local(self.answered_at).date()

    def to_dict(self) -> dict:
        """The answer as the JSON API and the export show it, its time in the person's offset."""
        return {
            "id": str(self.id),
            "answered_at": self.local(self.answered_at).isoformat(),
            "pain": self.pain,
            "enjoyment": self.enjoyment,
            "activity": self.activity,
            "score": self.score,
            "created_at": self.created_at.isoformat(),
            "updated_at": None if self.updated_at is None else self.updated_at.isoformat(),
        }


SHARE_VALIDITY = ("day", "week", "month")


class ShareLink(db.Model):
    """A read-only link to one report (its dates and sections) for a clinician, until it ends.

    The link carries a random token; only its SHA-256 is stored, so the database cannot give it
    away. The name and date of birth shown on it are kept only if the person typed them for it,
    and are wiped when the link ends."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    first_day: Mapped[date] = mapped_column(sa.Date)
    last_day: Mapped[date] = mapped_column(sa.Date)
    sections: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    shown_name: Mapped[str] = mapped_column(sa.String(120), default="")
    shown_birth_date: Mapped[date | None] = mapped_column(sa.Date)
    passcode_hash: Mapped[str | None] = mapped_column(sa.String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the person ended it by hand; None while it runs its course."""
    opens: Mapped[list["ShareOpen"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ShareOpen.opened_at"
    )

    def live(self, now: datetime) -> bool:
        return self.ended_at is None and now < self.expires_at


class ShareOpen(db.Model):
    """One time the shared report was opened (shown, not just its passcode page)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        sa.ForeignKey("share_link.id", ondelete="CASCADE"), index=True
    )
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
