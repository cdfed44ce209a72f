"""What other domains call to plan follow-ups and notify people (placeholders until the jobs work lands).

Every function writes rows in the caller's transaction: the worker finds them later, so a follow-up
exists if and only if the change that called for it was committed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession


async def plan_pairing_followups(session: AsyncSession, pairing_id: UUID) -> None:
    """(Re)plan a pairing's follow-ups from its state and terms; cancel those that no longer apply."""


async def plan_proposal_followups(session: AsyncSession, proposal_id: UUID) -> None:
    """Plan an offered proposal's reminders and expiry; cancel them once it is answered."""


async def plan_request_followups(session: AsyncSession, request_id: UUID) -> None:
    """Plan the waiting-time alert of an open request; cancel it once matched or withdrawn."""


async def notify(session: AsyncSession, user_id: UUID, kind: str, params: dict[str, Any] | None = None) -> None:
    """Put a notification in the person's inbox (and, with SMTP configured, an e-mail in the outbox)."""
