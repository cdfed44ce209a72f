"""A person's messages in the export, and out of the database on erasure."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import ContactShare, Pairing, PairingMessage
from mentoring.lib.privacy import PrivacySection

__all__ = ["MESSAGES", "erase_messages", "export_messages"]


async def export_messages(session: AsyncSession, user_id: UUID) -> dict[str, Any]:
    """The threads of the person's pairings (what they sent and received) and what they share."""
    pairings = select(Pairing.id).where(or_(Pairing.mentee_id == user_id, Pairing.mentor_id == user_id))
    rows = await session.scalars(
        select(PairingMessage)
        .where(PairingMessage.pairing_id.in_(pairings))
        .order_by(PairingMessage.sent_at, PairingMessage.id)
    )
    contacts = await session.scalars(select(ContactShare).where(ContactShare.user_id == user_id))
    return {
        "messages": [
            {
                "pairing_id": m.pairing_id,
                "sent_by_me": m.sender_id == user_id,
                "body": m.body,
                "sent_at": m.sent_at,
                "read_at": m.read_at,
            }
            for m in rows
        ],
        "contact_shared": [
            {"pairing_id": c.pairing_id, "kind": c.kind, "value": c.value, "shared_at": c.shared_at}
            for c in contacts
        ],
    }


async def erase_messages(session: AsyncSession, user_id: UUID) -> None:
    """Delete the messages the person sent and the contact details they shared."""
    await session.execute(delete(PairingMessage).where(PairingMessage.sender_id == user_id))
    await session.execute(delete(ContactShare).where(ContactShare.user_id == user_id))
    await session.flush()


MESSAGES = PrivacySection("messages", export=export_messages, erase=erase_messages)
