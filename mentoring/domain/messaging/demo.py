"""Demo data for the messaging domain: a short conversation in a pairing's thread."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Pairing, PairingMessage
from mentoring.lib.clock import utcnow

__all__ = ["DEMO_CONVERSATION", "seed_demo_messages"]

#: (who writes: "mentor" or "mentee", text), oldest first.
DEMO_CONVERSATION: tuple[tuple[str, str], ...] = (
    ("mentor", "Hello! I am glad we were paired. When would suit you for a first call?"),
    ("mentee", "Hi, thank you. Monday evening after 6 pm works for me."),
    ("mentor", "Monday at 6.30 pm then, by video. Is there anything you would like to talk about first?"),
    ("mentee", "Mostly how to keep going with applications without losing heart."),
)


async def seed_demo_messages(
    session: AsyncSession,
    pairing_id: UUID,
    conversation: Sequence[tuple[str, str]] = DEMO_CONVERSATION,
    *,
    start: datetime | None = None,
    read: bool = True,
) -> list[PairingMessage]:
    """Write a conversation into a pairing's thread (idempotent: nothing if it has messages already).

    Messages are an hour apart from ``start`` (by default a day ago); all but the last are read,
    the last one too when ``read``. No notification is sent: this is demo data, not a conversation.
    """
    pairing = await session.get(Pairing, pairing_id)
    if pairing is None:
        raise ValueError(f"no pairing {pairing_id}")
    if await session.scalar(
        select(func.count(PairingMessage.id)).where(PairingMessage.pairing_id == pairing_id)
    ):
        return []
    at = start or utcnow() - timedelta(days=1)
    rows = []
    for index, (role, text) in enumerate(conversation):
        sent = at + timedelta(hours=index)
        last = index == len(conversation) - 1
        rows.append(
            PairingMessage(
                pairing_id=pairing_id,
                sender_id=pairing.mentor_id if role == "mentor" else pairing.mentee_id,
                body=text,
                sent_at=sent,
                read_at=None if last and not read else sent + timedelta(minutes=20),
            )
        )
    session.add_all(rows)
    pairing.last_contact_at = max(pairing.last_contact_at or rows[-1].sent_at, rows[-1].sent_at)
    await session.flush()
    return rows
