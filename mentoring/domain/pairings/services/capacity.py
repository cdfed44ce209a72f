"""A mentor's places: taken and freed with conditional UPDATEs the database's CHECK backs up."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MentorProfile, Proposal
from mentoring.domain.pairings.states import LIVE_PROPOSAL
from mentoring.lib.errors import ConflictError, NotFoundError

LIVE_PROPOSALS = tuple(s.value for s in LIVE_PROPOSAL)


async def take_place(session: AsyncSession, mentor_id: UUID) -> None:
    """Count one more mentee for the mentor, or refuse with a 409 when every place is taken.

    ``active_mentees < capacity`` is checked by the UPDATE itself: concurrent starts queue on the
    mentor's row (PostgreSQL) or on the write lock (SQLite), and only those that still fit match.
    """
    result = await session.execute(
        update(MentorProfile)
        .where(MentorProfile.user_id == mentor_id, MentorProfile.active_mentees < MentorProfile.capacity)
        .values(active_mentees=MentorProfile.active_mentees + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        row = (
            await session.execute(
                select(MentorProfile.capacity, MentorProfile.active_mentees).where(
                    MentorProfile.user_id == mentor_id
                )
            )
        ).first()
        if row is None:
            raise NotFoundError("The mentor has no mentor profile any more")
        raise ConflictError(
            f"The mentor has no free place: {row.active_mentees} mentee(s) for a capacity of {row.capacity}",
            extra={"capacity": row.capacity, "active_mentees": row.active_mentees},
        )


async def free_place(session: AsyncSession, mentor_id: UUID) -> None:
    """Count one mentee fewer for the mentor (never below zero)."""
    await session.execute(
        update(MentorProfile)
        .where(MentorProfile.user_id == mentor_id, MentorProfile.active_mentees > 0)
        .values(active_mentees=MentorProfile.active_mentees - 1)
        .execution_options(synchronize_session=False)
    )


async def free_places(session: AsyncSession, mentor_ids: Iterable[UUID]) -> dict[UUID, int]:
    """Places each mentor can still be proposed for: capacity − active mentees − proposals under way."""
    ids = set(mentor_ids)
    if not ids:
        return {}
    loads = {
        uid: cap - active
        for uid, cap, active in (
            await session.execute(
                select(MentorProfile.user_id, MentorProfile.capacity, MentorProfile.active_mentees).where(
                    MentorProfile.user_id.in_(ids)
                )
            )
        ).all()
    }
    pending: dict[UUID, int] = {
        uid: n
        for uid, n in (
            await session.execute(
                select(Proposal.mentor_id, func.count(Proposal.id))
                .where(Proposal.mentor_id.in_(ids), Proposal.status.in_(LIVE_PROPOSALS))
                .group_by(Proposal.mentor_id)
            )
        ).all()
    }
    return {uid: max(free - int(pending.get(uid, 0)), 0) for uid, free in loads.items()}
