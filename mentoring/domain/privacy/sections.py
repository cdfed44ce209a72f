"""The privacy domain's own export sections: who read the person's sensitive fields, what they changed.

Access events and audit events stay after an erasure (they hold ids, never content): these sections
export and erase nothing else. The other domains' sections live in their own ``privacy.py``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from mentoring.db.models import AccessEvent, AuditEvent, UserAccount
from mentoring.lib.privacy import PrivacySection

__all__ = ["ACCESS_EVENTS", "AUDIT_EVENTS", "export_access_events", "export_audit_events"]


async def export_access_events(session: AsyncSession, user_id: UUID) -> dict[str, Any]:
    """Who read the person's sensitive fields and when; and whose fields the person read."""
    actor = aliased(UserAccount)
    about = await session.execute(
        select(AccessEvent, actor.display_name)
        .outerjoin(actor, actor.id == AccessEvent.actor_id)
        .where(AccessEvent.subject_id == user_id)
        .order_by(AccessEvent.accessed_at)
    )
    by = await session.scalars(
        select(AccessEvent).where(AccessEvent.actor_id == user_id).order_by(AccessEvent.accessed_at)
    )
    return {
        "about_me": [
            {
                "accessed_at": e.accessed_at,
                "field": e.field,
                "program_id": e.program_id,
                "actor_id": e.actor_id,
                "actor_display_name": name,
            }
            for e, name in about.all()
        ],
        "by_me": [
            {
                "accessed_at": e.accessed_at,
                "field": e.field,
                "program_id": e.program_id,
                "subject_id": e.subject_id,
            }
            for e in by
        ],
    }


async def export_audit_events(session: AsyncSession, user_id: UUID) -> list[dict[str, Any]]:
    """The changes the person made, as recorded (ids and states only)."""
    events = await session.scalars(
        select(AuditEvent).where(AuditEvent.actor_id == user_id).order_by(AuditEvent.occurred_at)
    )
    return [
        {
            "id": e.id,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "action": e.action,
            "occurred_at": e.occurred_at,
            "data": e.data,
        }
        for e in events
    ]


ACCESS_EVENTS = PrivacySection("access_events", export=export_access_events)
AUDIT_EVENTS = PrivacySection("audit_events", export=export_audit_events)
