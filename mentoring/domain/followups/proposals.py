"""Follow-ups of proposals (reminder, expiry), requests (waiting too long) and mentors' pauses."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MentorProfile, MentorshipRequest, Program, Proposal
from mentoring.domain.followups.checkins import alert_coordinators
from mentoring.domain.followups.notifications import create_notification
from mentoring.domain.followups.pairing_plan import midnight
from mentoring.domain.followups.registry import Due, RunContext, performs
from mentoring.domain.followups.schedule import cancel, schedule
from mentoring.lib.clock import utcnow

REMIND_AFTER = timedelta(days=3)


async def replan_proposal(session: AsyncSession, proposal_id: UUID) -> None:
    """An offered proposal has a reminder after 3 days and an expiry at its deadline; others none."""
    proposal = await session.get(Proposal, proposal_id, populate_existing=True)
    if proposal is None or proposal.status != "offered":
        await cancel(session, proposal_id, reason=f"proposal {proposal.status if proposal else 'gone'}")
        return
    offered = proposal.offered_at or utcnow()
    deadline = proposal.deadline_at
    if deadline is None:
        program = await session.get(Program, proposal.program_id)
        deadline = offered + timedelta(days=program.proposal_deadline_days if program else 7)
    planned = {"expire": ("proposal.expire", deadline)}
    if offered + REMIND_AFTER < deadline and (
        proposal.mentor_answer is None or proposal.mentee_answer is None
    ):
        planned["reminder"] = ("proposal.reminder", offered + REMIND_AFTER)
    for key, (kind, due_at) in planned.items():
        await schedule(
            session,
            kind=kind,
            subject="proposal",
            subject_id=proposal_id,
            key=key,
            due_at=due_at,
            program_id=proposal.program_id,
        )
    keep = list(planned)
    await cancel(session, proposal_id, keep=keep, reason="answered")


@performs("proposal.reminder")
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
            "proposal.reminder",
            {"proposal_id": proposal.id, "program_id": proposal.program_id},
        )
    return f"reminded {len(waiting)}"


@performs("proposal.expire")
async def expire(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Expire the proposal at its deadline (the workflow reopens the request and tells both)."""
    from mentoring.domain.pairings.services import expire_proposal

    if await expire_proposal(session, due.subject_id):
        return "expired"
    proposal = await session.get(Proposal, due.subject_id, populate_existing=True)
    if proposal is not None and proposal.status == "offered":
        # Not due yet by the workflow's reckoning (deadline moved): plan it again.
        await replan_proposal(session, proposal.id)
        return "skipped: not due"
    return "skipped: answered"


async def replan_request(session: AsyncSession, request_id: UUID) -> None:
    """A waiting request has an alert for its coordinators once it waited past the programme's target."""
    request = await session.get(MentorshipRequest, request_id, populate_existing=True)
    if request is None or request.status not in ("open", "proposed"):
        await cancel(session, request_id, reason=f"request {request.status if request else 'gone'}")
        return
    program = await session.get(Program, request.program_id)
    target = timedelta(days=program.waiting_target_days if program else 14)
    await schedule(
        session,
        kind="request.waiting",
        subject="request",
        subject_id=request_id,
        key=f"waiting:{request.requested_at.date().isoformat()}",
        due_at=request.requested_at + target,
        program_id=request.program_id,
    )
    await cancel(
        session, request_id, keep=[f"waiting:{request.requested_at.date().isoformat()}"], reason="re-planned"
    )


@performs("request.waiting")
async def waiting_alert(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Tell the coordinators a mentee has waited longer than the programme's target."""
    request = await session.get(MentorshipRequest, due.subject_id, populate_existing=True)
    if request is None or request.status not in ("open", "proposed"):
        return "skipped: no longer waiting"
    sent = await alert_coordinators(session, request.program_id, "request.waiting", request_id=request.id)
    return f"alerted {sent}"


async def replan_mentor_pause(session: AsyncSession, mentor_user_id: UUID) -> None:
    """A paused mentor has a follow-up at the end of the pause that restores their availability."""
    profile = await session.scalar(select(MentorProfile).where(MentorProfile.user_id == mentor_user_id))
    if profile is None or profile.paused_until is None:
        await cancel(session, mentor_user_id, kinds=["mentor.pause_end"], reason="not paused")
        return
    await schedule(
        session,
        kind="mentor.pause_end",
        subject="mentor",
        subject_id=mentor_user_id,
        key="pause_end",
        due_at=midnight(profile.paused_until),
        user_id=mentor_user_id,
    )


@performs("mentor.pause_end")
async def pause_end(session: AsyncSession, due: Due, context: RunContext) -> str:
    """The pause is over: the mentor is available again (and told so)."""
    profile = await session.scalar(select(MentorProfile).where(MentorProfile.user_id == due.subject_id))
    if profile is None or profile.paused_until is None:
        return "skipped: not paused"
    if profile.paused_until > context.now.date():
        await replan_mentor_pause(session, due.subject_id)
        return "skipped: pause extended"
    profile.paused_until = None
    await create_notification(session, due.subject_id, "mentor.pause_ended")
    return "resumed"
