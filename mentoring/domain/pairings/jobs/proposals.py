"""Performers of proposals' reminders and expiry, and of requests' waiting alerts.

Planned by :func:`.planners.plan_proposal_followups` and :func:`.planners.plan_request_followups`.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MentorshipRequest, Proposal
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import create_notification
from mentoring.domain.pairings.planning.planners import (
    EXPIRE_KIND,
    REMINDER_KIND,
    WAITING_KIND,
    plan_proposal_followups,
)
from mentoring.domain.pairings.services.checkins import alert_coordinators
from mentoring.domain.pairings.services.proposals import expire_proposal
from mentoring.outbox.registry import Due, Performer, RunContext

__all__ = ["PERFORMERS"]


async def remind(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Remind whoever has not answered the proposal yet."""
    proposal = await session.get(Proposal, due.subject_id, populate_existing=True)
    if proposal is None or proposal.status != "offered":
        return "skipped: answered"
    waiting = [
        user_id
        for user_id, answer in (
            (proposal.mentor_id, proposal.mentor_answer),
            (proposal.mentee_id, proposal.mentee_answer),
        )
        if answer is None
    ]
    for user_id in waiting:
        await create_notification(
            session,
            user_id,
            NotificationKind.PROPOSAL_REMINDER,
            {"proposal_id": proposal.id, "program_id": proposal.program_id},
        )
    return f"reminded {len(waiting)}"


async def expire(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Expire the proposal at its deadline (the workflow reopens the request and tells both)."""
    if await expire_proposal(session, due.subject_id):
        return "expired"
    proposal = await session.get(Proposal, due.subject_id, populate_existing=True)
    if proposal is not None and proposal.status == "offered":
        # Not due yet by the workflow's reckoning (deadline moved): plan it again.
        await plan_proposal_followups(session, proposal.id)
        return "skipped: not due"
    return "skipped: answered"


async def waiting_alert(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Tell the coordinators a mentee has waited longer than the programme's target."""
    request = await session.get(MentorshipRequest, due.subject_id, populate_existing=True)
    if request is None or request.status not in ("open", "proposed"):
        return "skipped: no longer waiting"
    sent = await alert_coordinators(
        session, request.program_id, NotificationKind.REQUEST_WAITING, request_id=request.id
    )
    return f"alerted {sent}"


PERFORMERS: dict[str, Performer] = {
    REMINDER_KIND: remind,
    EXPIRE_KIND: expire,
    WAITING_KIND: waiting_alert,
}
