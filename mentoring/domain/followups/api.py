"""What other domains call to plan follow-ups and notify people.

Every function writes rows in the caller's transaction: the worker finds them later, so a follow-up
exists if and only if the change that called for it was committed. Call the planners after every
change of the object's state (they re-read it, cancel what no longer applies and plan what does;
calling them twice is harmless).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.domain.followups.checkins import pairing_health
from mentoring.domain.followups.notifications import create_notification
from mentoring.domain.followups.pairings import replan_pairing
from mentoring.domain.followups.proposals import replan_mentor_pause, replan_proposal, replan_request
from mentoring.domain.followups.rounds import schedule_round

__all__ = [
    "notify",
    "pairing_health",
    "plan_mentor_followups",
    "plan_pairing_followups",
    "plan_proposal_followups",
    "plan_request_followups",
    "plan_round",
]


async def plan_pairing_followups(session: AsyncSession, pairing_id: UUID) -> None:
    """(Re)plan a pairing's follow-ups from its state and terms; cancel those that no longer apply.

    Live pairings get their introduction, check-ins, reviews, nudges, automatic completion and the
    coordinators' monitoring; a paused one keeps only the monitoring (and completion); an ended
    formal one gets the follow-up three months after closure.
    """
    await replan_pairing(session, pairing_id)


async def plan_proposal_followups(session: AsyncSession, proposal_id: UUID) -> None:
    """Plan an offered proposal's reminders and expiry; cancel them once it is answered."""
    await replan_proposal(session, proposal_id)


async def plan_request_followups(session: AsyncSession, request_id: UUID) -> None:
    """Plan the waiting-time alert of an open request; cancel it once matched or withdrawn."""
    await replan_request(session, request_id)


async def plan_mentor_followups(session: AsyncSession, mentor_user_id: UUID) -> None:
    """Plan the end of a mentor's pause (call after pausing or resuming); an hourly sweep backs it up."""
    await replan_mentor_pause(session, mentor_user_id)


async def plan_round(session: AsyncSession, round_id: UUID) -> UUID:
    """Run a pending matching round in the background; returns the follow-up's id.

    The worker calls the workflow's ``run_round``; the round ends ``done`` or ``failed`` with the
    reason, and whoever started it is notified.
    """
    return (await schedule_round(session, round_id)).id


async def notify(
    session: AsyncSession, user_id: UUID, kind: str, params: dict[str, Any] | None = None
) -> UUID | None:
    """Put a notification in the person's inbox and plan its e-mail (sent when SMTP is configured).

    ``params`` holds ids and small values only (stored with the notification, never written into
    the e-mail). Returns the notification's id, or None when the account is erased.
    """
    notification = await create_notification(session, user_id, kind, params)
    return notification.id if notification else None
