"""Proposals: created by a round or by hand, reviewed by a coordinator, answered by both people."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MentorProfile, MentorshipRequest, Pairing, Proposal, UserAccount
from mentoring.db.models.states import Answer
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import notify
from mentoring.domain.pairings.planning.planners import plan_proposal_followups, plan_request_followups
from mentoring.domain.pairings.schemas.common import Factor
from mentoring.domain.pairings.schemas.proposals import ProposalRead
from mentoring.domain.pairings.services.common import coordinates, display_names, fetch_page, transition
from mentoring.domain.pairings.services.requests import reopen_request
from mentoring.domain.pairings.services.terms import read_terms, split_terms
from mentoring.domain.pairings.states import (
    LIVE_PROPOSAL,
    PROPOSAL_TRANSITIONS,
    REQUEST_TRANSITIONS,
    ProposalStatus,
)
from mentoring.domain.programs.schemas import TermsInput
from mentoring.domain.programs.scope import get_program, program_default_terms, require_coordinator_of
from mentoring.domain.programs.terms import next_terms
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError, ForbiddenError, NotFoundError
from mentoring.lib.pagination import LimitOffset, OffsetPagination, paginate

OFFERED = ProposalStatus.OFFERED.value


async def proposal_reads(
    session: AsyncSession, proposals: list[Proposal], *, for_coordinator: bool
) -> list[ProposalRead]:
    """Describe proposals; review and decline notes only for coordinators."""
    names = await display_names(session, {p.mentee_id for p in proposals} | {p.mentor_id for p in proposals})
    pairing_ids: dict[UUID, UUID] = {}
    if proposals:
        rows = await session.execute(
            select(Pairing.proposal_id, Pairing.id).where(Pairing.proposal_id.in_([p.id for p in proposals]))
        )
        pairing_ids = {proposal_id: pairing_id for proposal_id, pairing_id in rows.all()}
    return [
        ProposalRead(
            id=p.id,
            request_id=p.request_id,
            program_id=p.program_id,
            mentee_id=p.mentee_id,
            mentee_name=names.get(p.mentee_id, ""),
            mentor_id=p.mentor_id,
            mentor_name=names.get(p.mentor_id, ""),
            status=p.status,  # type: ignore[arg-type]
            source=p.source,  # type: ignore[arg-type]
            round_id=p.round_id,
            score=p.score,
            factors=[Factor(**f) for f in p.factors or []],
            reason=p.reason,
            terms=read_terms(p.terms_kind, p.terms),
            created_at=p.created_at,
            offered_at=p.offered_at,
            deadline_at=p.deadline_at,
            mentor_answer=p.mentor_answer,  # type: ignore[arg-type]
            mentee_answer=p.mentee_answer,  # type: ignore[arg-type]
            decline_reason=p.decline_reason,  # type: ignore[arg-type]
            closed_at=p.closed_at,
            pairing_id=pairing_ids.get(p.id),
            review_reason=p.review_reason if for_coordinator else None,
            decline_note=p.decline_note if for_coordinator else None,
        )
        for p in proposals
    ]


async def create_proposal(
    session: AsyncSession,
    request: MentorshipRequest,
    mentor_id: UUID,
    *,
    score: float,
    factors: list[dict[str, Any]],
    reason: str,
    source: str,
    round_id: UUID | None,
    actor_id: UUID | None,
) -> Proposal:
    """Propose a mentor for an open request (the request moves to ``proposed``); terms from the programme."""
    await transition(
        session,
        MentorshipRequest,
        request.id,
        REQUEST_TRANSITIONS["propose"],
        actor_id=actor_id,
        audit={"mentor_id": mentor_id},
    )
    program = await get_program(session, request.program_id)
    kind, terms = split_terms(program_default_terms(program))
    proposal = Proposal(
        request_id=request.id,
        program_id=request.program_id,
        mentee_id=request.mentee_id,
        mentor_id=mentor_id,
        round_id=round_id,
        source=source,
        status=ProposalStatus.PENDING_REVIEW.value,
        score=score,
        factors=factors,
        reason=reason,
        terms_kind=kind,
        terms=terms,
        created_by_id=actor_id,
    )
    session.add(proposal)
    await session.flush()
    await record_audit(
        session,
        actor_id=actor_id,
        entity="proposal",
        entity_id=proposal.id,
        action="create",
        to=proposal.status,
        source=source,
        request_id=request.id,
        mentor_id=mentor_id,
        mentee_id=request.mentee_id,
    )
    await plan_request_followups(session, request.id)
    return proposal


async def expire_proposal(session: AsyncSession, proposal_id: UUID) -> bool:
    """Expire an offered proposal past its deadline and reopen its request; idempotent.

    Returns:
        Whether this call expired it (False when it was answered, already expired, or not yet due).
    """
    now = utcnow()
    due = await session.scalar(
        select(Proposal.id).where(
            Proposal.id == proposal_id, Proposal.status == OFFERED, Proposal.deadline_at <= now
        )
    )
    if due is None:
        return False
    try:
        proposal = await transition(
            session,
            Proposal,
            proposal_id,
            PROPOSAL_TRANSITIONS["expire"],
            actor_id=None,
            values={"closed_at": now},
            where=(Proposal.deadline_at <= now,),
        )
    except ConflictError:  # answered between the look and the change
        return False
    await reopen_request(session, proposal.request_id, None)
    await plan_proposal_followups(session, proposal_id)
    for user_id in (proposal.mentee_id, proposal.mentor_id):
        await notify(session, user_id, NotificationKind.PROPOSAL_EXPIRED, {"proposal_id": str(proposal_id)})
    return True


class ProposalService:
    """Review (coordinators) and consent (the mentee and the mentor)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _load(self, user: UserAccount, proposal_id: UUID) -> tuple[Proposal, bool]:
        """The proposal and whether the caller coordinates it; parties see it once offered; else 404."""
        proposal = await self.session.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFoundError(f"No proposal {proposal_id}")
        if await coordinates(self.session, user, proposal.program_id):
            return proposal, True
        if user.id in (proposal.mentee_id, proposal.mentor_id) and proposal.offered_at is not None:
            return proposal, False
        raise NotFoundError(f"No proposal {proposal_id}")

    async def _as_coordinator(self, user: UserAccount, proposal_id: UUID) -> Proposal:
        proposal, coordinator = await self._load(user, proposal_id)
        if not coordinator:
            raise ForbiddenError("Only the programme's coordinators may review proposals")
        return proposal

    async def _read(self, proposal: Proposal, coordinator: bool) -> ProposalRead:
        return (await proposal_reads(self.session, [proposal], for_coordinator=coordinator))[0]

    async def get(self, user: UserAccount, proposal_id: UUID) -> ProposalRead:
        """One proposal, as the caller may see it."""
        proposal, coordinator = await self._load(user, proposal_id)
        return await self._read(proposal, coordinator)

    async def mine(self, user: UserAccount, page: LimitOffset) -> OffsetPagination[ProposalRead]:
        """Proposals offered to the caller (as mentee or mentor), newest first."""
        rows, total = await fetch_page(
            self.session,
            select(Proposal)
            .where(
                or_(Proposal.mentee_id == user.id, Proposal.mentor_id == user.id),
                Proposal.offered_at.is_not(None),
            )
            .order_by(Proposal.offered_at.desc(), Proposal.id),
            page,
        )
        return paginate(await proposal_reads(self.session, rows, for_coordinator=False), total, page)

    async def for_program(
        self, user: UserAccount, program_id: UUID, status: str | None, page: LimitOffset
    ) -> OffsetPagination[ProposalRead]:
        """A programme's proposals (by default those under way), oldest first: for its coordinators."""
        await require_coordinator_of(self.session, user, program_id)
        states = [status] if status else [s.value for s in LIVE_PROPOSAL]
        rows, total = await fetch_page(
            self.session,
            select(Proposal)
            .where(Proposal.program_id == program_id, Proposal.status.in_(states))
            .order_by(Proposal.created_at, Proposal.id),
            page,
        )
        return paginate(await proposal_reads(self.session, rows, for_coordinator=True), total, page)

    async def update_terms(self, user: UserAccount, proposal_id: UUID, terms: TermsInput) -> ProposalRead:
        """Adjust the terms of a proposal still in review."""
        proposal = await self._as_coordinator(user, proposal_id)
        if proposal.status != ProposalStatus.PENDING_REVIEW:
            raise ConflictError(f"Cannot change the terms of this proposal: it is {proposal.status}")
        kind, data = split_terms(next_terms(terms, read_terms(proposal.terms_kind, proposal.terms)))
        proposal.terms_kind, proposal.terms = kind, data
        await self.session.flush()
        await record_audit(
            self.session, actor_id=user.id, entity="proposal", entity_id=proposal.id, action="update_terms"
        )
        return await self._read(proposal, True)

    async def approve(self, user: UserAccount, proposal_id: UUID, deadline_days: int | None) -> ProposalRead:
        """Offer the proposal to the mentor and the mentee, with an answer deadline."""
        proposal = await self._as_coordinator(user, proposal_id)
        program = await get_program(self.session, proposal.program_id)
        if await self._mentor_full(proposal.mentor_id):
            raise ConflictError("The mentor has no free place left: cancel this proposal instead")
        now = utcnow()
        days = deadline_days or program.proposal_deadline_days
        proposal = await transition(
            self.session,
            Proposal,
            proposal_id,
            PROPOSAL_TRANSITIONS["approve"],
            actor_id=user.id,
            values={
                "reviewed_by_id": user.id,
                "reviewed_at": now,
                "offered_at": now,
                "deadline_at": now + timedelta(days=days),
            },
        )
        await plan_proposal_followups(self.session, proposal_id)
        for user_id in (proposal.mentee_id, proposal.mentor_id):
            await notify(
                self.session, user_id, NotificationKind.PROPOSAL_OFFERED, {"proposal_id": str(proposal_id)}
            )
        return await self._read(proposal, True)

    async def _mentor_full(self, mentor_id: UUID) -> bool:
        row = (
            await self.session.execute(
                select(MentorProfile.capacity, MentorProfile.active_mentees).where(
                    MentorProfile.user_id == mentor_id
                )
            )
        ).first()
        return row is None or row.active_mentees >= row.capacity

    async def reject(self, user: UserAccount, proposal_id: UUID, reason: str) -> ProposalRead:
        """Reject a proposal in review: the request returns to the queue, the pair is not proposed again."""
        await self._as_coordinator(user, proposal_id)
        proposal = await transition(
            self.session,
            Proposal,
            proposal_id,
            PROPOSAL_TRANSITIONS["reject"],
            actor_id=user.id,
            values={
                "reviewed_by_id": user.id,
                "reviewed_at": utcnow(),
                "review_reason": reason,
                "closed_at": utcnow(),
            },
        )
        await reopen_request(self.session, proposal.request_id, user.id)
        return await self._read(proposal, True)

    async def cancel(self, user: UserAccount, proposal_id: UUID, reason: str) -> ProposalRead:
        """Withdraw a proposal in review or offered: the request returns to the queue."""
        before = await self._as_coordinator(user, proposal_id)
        was_offered = before.status == OFFERED
        proposal = await transition(
            self.session,
            Proposal,
            proposal_id,
            PROPOSAL_TRANSITIONS["cancel"],
            actor_id=user.id,
            values={"review_reason": reason, "closed_at": utcnow()},
        )
        await reopen_request(self.session, proposal.request_id, user.id)
        await plan_proposal_followups(self.session, proposal_id)
        if was_offered:
            for user_id in (proposal.mentee_id, proposal.mentor_id):
                await notify(
                    self.session,
                    user_id,
                    NotificationKind.PROPOSAL_CANCELLED,
                    {"proposal_id": str(proposal_id)},
                )
        return await self._read(proposal, True)

    async def _as_party(self, user: UserAccount, proposal_id: UUID) -> tuple[Proposal, str]:
        proposal, _ = await self._load(user, proposal_id)
        if user.id == proposal.mentee_id:
            return proposal, "mentee"
        if user.id == proposal.mentor_id:
            return proposal, "mentor"
        raise ForbiddenError("Only the mentee and the mentor answer a proposal")

    async def accept(self, user: UserAccount, proposal_id: UUID) -> ProposalRead:
        """Accept an offered proposal; the second acceptance starts the pairing in the same transaction.

        The answer is recorded with a conditional UPDATE (only while offered and unanswered by this
        party), which also takes the proposal's row lock: of two concurrent acceptances, the second
        sees the first's answer and is the one that starts the pairing.
        """
        from mentoring.domain.pairings.services.pairings import start_pairing

        proposal, role = await self._as_party(user, proposal_id)
        now = utcnow()
        if proposal.status == OFFERED and proposal.deadline_at is not None and proposal.deadline_at <= now:
            raise ConflictError("Cannot accept this proposal: its answer deadline has passed")
        answer = getattr(Proposal, f"{role}_answer")
        row = (
            await self.session.execute(
                update(Proposal)
                .where(Proposal.id == proposal_id, Proposal.status == OFFERED, answer.is_(None))
                .values({f"{role}_answer": Answer.ACCEPTED.value, f"{role}_answered_at": now})
                .returning(Proposal.mentor_answer, Proposal.mentee_answer)
                .execution_options(synchronize_session=False)
            )
        ).first()
        if row is None:
            await self.session.refresh(proposal)
            if proposal.status == OFFERED:
                raise ConflictError(
                    f"Cannot accept this proposal: you already answered it ({getattr(proposal, f'{role}_answer')})"
                )
            raise ConflictError(
                f"Cannot accept this proposal: it is {proposal.status}", extra={"state": proposal.status}
            )
        await record_audit(
            self.session, actor_id=user.id, entity="proposal", entity_id=proposal_id, action=f"{role}_accept"
        )
        other = proposal.mentor_id if role == "mentee" else proposal.mentee_id
        if row.mentor_answer == Answer.ACCEPTED and row.mentee_answer == Answer.ACCEPTED:
            await start_pairing(self.session, proposal_id, actor_id=user.id)
        else:
            await notify(
                self.session, other, NotificationKind.PROPOSAL_ANSWERED, {"proposal_id": str(proposal_id)}
            )
        await plan_proposal_followups(self.session, proposal_id)
        await self.session.refresh(proposal)
        return await self._read(proposal, False)

    async def decline(self, user: UserAccount, proposal_id: UUID, reason: str, note: str) -> ProposalRead:
        """Decline an offered proposal: the request returns to the queue and the pair is not proposed again."""
        _, role = await self._as_party(user, proposal_id)
        now = utcnow()
        proposal = await transition(
            self.session,
            Proposal,
            proposal_id,
            PROPOSAL_TRANSITIONS["decline"],
            actor_id=user.id,
            values={
                f"{role}_answer": Answer.DECLINED.value,
                f"{role}_answered_at": now,
                "decline_reason": reason,
                "decline_note": note.strip(),
                "declined_by_id": user.id,
                "closed_at": now,
            },
            audit={"by": role, "reason": reason},
        )
        await reopen_request(self.session, proposal.request_id, user.id)
        await plan_proposal_followups(self.session, proposal_id)
        other = proposal.mentor_id if role == "mentee" else proposal.mentee_id
        await notify(
            self.session, other, NotificationKind.PROPOSAL_DECLINED, {"proposal_id": str(proposal_id)}
        )
        return await self._read(proposal, False)
