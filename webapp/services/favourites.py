"""Starred routines: one person's favourites, always scoped to that person."""

import sqlalchemy as sa

from webapp.models import Favourite, Routine, User


def starred_ids(session, user) -> set[int]:
    """The ids of the routines this person starred (none for a stranger)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(session.scalars(sa.select(Favourite.routine_id).where(Favourite.user_id == user.id)))


def starred_first(routines: list[Routine], starred: set[int]) -> list[Routine]:
    """Starred routines first, each group in the catalog's order (the sort is stable)."""
    return sorted(routines, key=lambda routine: routine.id not in starred)


def set_starred(session, user: User, routine: Routine, starred: bool) -> None:
    """Star or unstar; doing it twice is the same as once."""
    existing = session.get(Favourite, (user.id, routine.id))
    if starred and existing is None:
        session.add(Favourite(user_id=user.id, routine_id=routine.id))
    elif not starred and existing is not None:
        session.delete(existing)
    session.commit()
