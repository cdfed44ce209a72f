"""What other domains call when someone reads a person's sensitive fields (their challenges)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import AccessEvent
from mentoring.lib.clock import utcnow


async def record_access(
    session: AsyncSession, *, actor_id: UUID, subject_id: UUID, program_id: UUID | None, field: str
) -> AccessEvent:
    """Record, in the reader's transaction, that ``actor_id`` read ``field`` of ``subject_id``.

    Args:
        session: The request's session (the event commits with the read's response).
        actor_id: Who read (a coordinator, a mentor…).
        subject_id: Whose data was read (a user account id).
        program_id: The programme within which it was read, if any.
        field: What was read, by name only (``"challenges"``), never its content.
    """
    event = AccessEvent(
        actor_id=actor_id,
        subject_id=subject_id,
        program_id=program_id,
        field=field[:64],
        accessed_at=utcnow(),
    )
    session.add(event)
    await session.flush()
    return event
