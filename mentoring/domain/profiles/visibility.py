"""Who may see a mentee's matching information: a mentor linked to them by a proposal or pairing."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Pairing, Proposal


async def mentor_may_see_mentee(session: AsyncSession, mentor_user_id: UUID, mentee_user_id: UUID) -> bool:
    """Whether a proposal offered to this mentor, or a pairing, links them to this mentee.

    An approved proposal waiting for answers (``offered``) lets the mentor see what the mentee chose
    to share for matching; so does a pairing until it ends. A proposal still in review, declined or
    expired, and an ended pairing, do not.
    """
    offered = exists().where(
        Proposal.mentor_id == mentor_user_id,
        Proposal.mentee_id == mentee_user_id,
        Proposal.status == "offered",
    )
    paired = exists().where(
        Pairing.mentor_id == mentor_user_id,
        Pairing.mentee_id == mentee_user_id,
        Pairing.status != "ended",
    )
    return bool(await session.scalar(select(or_(offered, paired))))
