"""(Re)plan the follow-ups of requests, proposals, pairings and rounds, in the caller's transaction.

Call a planner after every change of the object's state: it re-reads the object, cancels what no
longer applies and plans what does (calling it twice is harmless). A follow-up exists if and only
if the change that called for it commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import FollowUp, MatchingRound, MentorshipRequest, Pairing, Program, Proposal
from mentoring.domain.pairings.planning.plan import LIVE, PairingFacts, plan
from mentoring.lib.clock import utcnow
from mentoring.outbox.schedule import cancel, next_due, performed_keys, schedule

__all__ = [
    "CHECKIN_KIND",
    "EXPIRE_KIND",
    "REMINDER_KIND",
    "REMIND_AFTER",
    "ROUND_KIND",
    "WAITING_KIND",
    "facts",
    "plan_pairing_followups",
    "plan_proposal_followups",
    "plan_request_followups",
    "plan_round",
]

REMIND_AFTER = timedelta(days=3)
REMINDER_KIND = "proposal.reminder"
EXPIRE_KIND = "proposal.expire"
WAITING_KIND = "request.waiting"
ROUND_KIND = "round.run"
CHECKIN_KIND = "pairing.checkin"


def facts(pairing: Pairing) -> PairingFacts:
    """What the planner needs from the row."""
    return PairingFacts(
        id=pairing.id,
        program_id=pairing.program_id,
        mentee_id=pairing.mentee_id,
        mentor_id=pairing.mentor_id,
        status=pairing.status,
        terms_kind=pairing.terms_kind,
        terms=pairing.terms or {},
        trial_sessions=pairing.trial_sessions,
        created_at=pairing.created_at,
        started_at=pairing.started_at,
        ends_on=pairing.ends_on,
        ended_at=pairing.ended_at,
        last_contact_at=pairing.last_contact_at,
    )


async def plan_pairing_followups(
    session: AsyncSession, pairing_id: UUID, now: datetime | None = None
) -> None:
    """(Re)plan a pairing's follow-ups from its state and terms; cancel those that no longer apply.

    Live pairings get their introduction, check-ins, reviews, nudges, automatic completion and the
    coordinators' monitoring; a paused one keeps only the monitoring (and completion); an ended
    formal one gets the follow-up three months after closure.
    """
    pairing = await session.get(Pairing, pairing_id, populate_existing=True)
    if pairing is None:
        await cancel(session, pairing_id, reason="pairing gone")
        return
    specs = plan(facts(pairing), now or utcnow(), await performed_keys(session, pairing_id))
    await cancel(session, pairing_id, keep=specs.keys(), reason=f"pairing {pairing.status}")
    for key, spec in specs.items():
        await schedule(
            session,
            kind=spec.kind,
            subject="pairing",
            subject_id=pairing_id,
            key=key,
            due_at=spec.due_at,
            user_id=spec.user_id,
            program_id=pairing.program_id,
            params=spec.params,
        )
    if pairing.status in LIVE:
        pairing.next_checkin_due_at = await next_due(session, pairing_id, CHECKIN_KIND)
    else:
        pairing.next_checkin_due_at = None


async def plan_proposal_followups(session: AsyncSession, proposal_id: UUID) -> None:
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
    planned = {"expire": (EXPIRE_KIND, deadline)}
    if offered + REMIND_AFTER < deadline and (
        proposal.mentor_answer is None or proposal.mentee_answer is None
    ):
        planned["reminder"] = (REMINDER_KIND, offered + REMIND_AFTER)
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
    await cancel(session, proposal_id, keep=list(planned), reason="answered")


async def plan_request_followups(session: AsyncSession, request_id: UUID) -> None:
    """A waiting request has an alert for its coordinators once it waited past the programme's target."""
    request = await session.get(MentorshipRequest, request_id, populate_existing=True)
    if request is None or request.status not in ("open", "proposed"):
        await cancel(session, request_id, reason=f"request {request.status if request else 'gone'}")
        return
    program = await session.get(Program, request.program_id)
    target = timedelta(days=program.waiting_target_days if program else 14)
    key = f"waiting:{request.requested_at.date().isoformat()}"
    await schedule(
        session,
        kind=WAITING_KIND,
        subject="request",
        subject_id=request_id,
        key=key,
        due_at=request.requested_at + target,
        program_id=request.program_id,
    )
    await cancel(session, request_id, keep=[key], reason="re-planned")


async def plan_round(session: AsyncSession, round_id: UUID) -> UUID:
    """Run a pending matching round in the background, as soon as a worker is free.

    Returns the follow-up's id. The worker calls the workflow's ``run_round``; the round ends
    ``done`` or ``failed`` with the reason, and whoever started it is notified.
    """
    row = await session.get(MatchingRound, round_id)
    if row is None:
        raise LookupError(f"No round {round_id}")
    followup: FollowUp = await schedule(
        session,
        kind=ROUND_KIND,
        subject="round",
        subject_id=round_id,
        key="run",
        due_at=utcnow(),
        user_id=row.run_by_id,
        program_id=row.program_id,
    )
    return followup.id
