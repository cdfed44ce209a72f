"""Which programme, if any, lets a coordinator act on a person in a given role."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import ProgramCoordinator, ProgramMembership


async def shared_program_id(
    session: AsyncSession, coordinator_id: UUID, person_id: UUID, role: Literal["mentee", "mentor"]
) -> UUID | None:
    """The earliest-joined programme the coordinator coordinates and the person belongs to in ``role``.

    ``None`` when there is none: the coordinator may then not see that profile at all.
    """
    return await session.scalar(
        select(ProgramMembership.program_id)
        .join(ProgramCoordinator, ProgramCoordinator.program_id == ProgramMembership.program_id)
        .where(
            ProgramCoordinator.user_id == coordinator_id,
            ProgramMembership.user_id == person_id,
            ProgramMembership.role == role,
        )
        .order_by(ProgramMembership.joined_at, ProgramMembership.program_id)
        .limit(1)
    )
