"""The audit trail: one writer every domain calls in the transaction of the change it records."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import AuditEvent
from mentoring.lib.clock import utcnow

__all__ = ["record_audit"]


async def record_audit(
    session: AsyncSession,
    *,
    actor_id: UUID | None,
    entity: str,
    entity_id: UUID,
    action: str,
    **data: Any,
) -> None:
    """Write an audit event in the current transaction (ids and states only, never content)."""
    session.add(
        AuditEvent(
            actor_id=actor_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            occurred_at=utcnow(),
            data={key: str(v) if isinstance(v, UUID) else v for key, v in data.items()},
        )
    )
