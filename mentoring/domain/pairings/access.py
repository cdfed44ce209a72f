"""Who may see a mentee's matching information: a mentor linked to them by a proposal or pairing.

Placeholder until the pairing workflow lands: no mentor is linked to any mentee yet.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession


async def mentor_may_see_mentee(session: AsyncSession, mentor_user_id: UUID, mentee_user_id: UUID) -> bool:
    """Whether a proposal offered to this mentor, or a pairing, links them to this mentee."""
    return False
