"""A mentee's requests for a mentor: open, list, withdraw; and the queue moves other services make."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MenteeProfile, MentorshipRequest, Pairing, Proposal, UserAccount
from mentoring.db.models.states import RequestStatus
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import notify
from mentoring.domain.pairings.planning.planners import plan_proposal_followups, plan_request_followups
from mentoring.domain.pairings.schemas.requests import RequestRead
from mentoring.domain.pairings.services.common import coordinates, fetch_page, transition
from mentoring.domain.pairings.states import (
    LIVE_PAIRING,
    PROPOSAL_TRANSITIONS,
    REQUEST_TRANSITIONS,
    WAITING_REQUEST,
    ProposalStatus,
)
from mentoring.domain.programs.scope import require_coordinator_of, require_member
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError, ForbiddenError, NotFoundError
from mentoring.lib.pagination import LimitOffset, OffsetPagination, paginate

#: A mentee waits for at most this many mentors at once (and one per programme).
MAX_WAITING_REQUESTS = 3
WAITING = tuple(s.value for s in WAITING_REQUEST)


def request_read(request: MentorshipRequest) -> RequestRead:
    """Describe a request, with its waiting time so far (or until it was matched or closed)."""
    waiting = request.status in WAITING
    until = utcnow() if waiting else (request.matched_at or request.closed_at or utcnow())
    return RequestRead(
        id=request.id,
        program_id=request.program_id,
        mentee_id=request.mentee_id,
        status=request.status,  # type: ignore[arg-type]
        note=request.note,
        requested_at=request.requested_at,
        waiting_days=round(max((until - request.requested_at).total_seconds(), 0) / 86400, 2),
        priority=request.priority,
        matched_at=request.matched_at,
        closed_at=request.closed_at,
    )


async def reopen_request(session: AsyncSession, request_id: UUID, actor_id: UUID | None) -> None:
    """Put a request whose proposal fell through back in the queue (its requested_at is kept)."""
    await transition(session, MentorshipRequest, request_id, REQUEST_TRANSITIONS["reopen"], actor_id=actor_id)
    await plan_request_followups(session, request_id)


class RequestService:
    """Requests as their mentee (and the programme's coordinators) see them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open(self, user: UserAccount, program_id: UUID, note: str) -> RequestRead:
        """Ask for a mentor in a programme the mentee joined: one waiting request per programme, a few overall."""
        if (
            await self.session.scalar(select(MenteeProfile.id).where(MenteeProfile.user_id == user.id))
            is None
        ):
            raise ForbiddenError("Only mentees may request a mentor")
        await require_member(self.session, user.id, program_id, "mentee")
        live = await self.session.scalar(
            select(Pairing.id).where(
                Pairing.mentee_id == user.id,
                Pairing.program_id == program_id,
                Pairing.status.in_([str(s) for s in LIVE_PAIRING]),
            )
        )
        if live is not None:
            raise ConflictError("You already have a mentor in this programme")
        waiting = list(
            await self.session.scalars(
                select(MentorshipRequest.program_id).where(
                    MentorshipRequest.mentee_id == user.id, MentorshipRequest.status.in_(WAITING)
                )
            )
        )
        if program_id in waiting:
            raise ConflictError("You already have a request waiting in this programme")
        if len(waiting) >= MAX_WAITING_REQUESTS:
            raise ConflictError(
                f"You already have {len(waiting)} requests waiting (at most {MAX_WAITING_REQUESTS})"
            )
        request = MentorshipRequest(
            mentee_id=user.id,
            program_id=program_id,
            note=note.strip(),
            status=RequestStatus.OPEN.value,
            requested_at=utcnow(),
        )
        self.session.add(request)
        await self.session.flush()
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="request",
            entity_id=request.id,
            action="open",
            to=RequestStatus.OPEN.value,
        )
        await plan_request_followups(self.session, request.id)
        return request_read(request)

    async def visible(self, user: UserAccount, request_id: UUID) -> MentorshipRequest:
        """The request if the caller is its mentee or coordinates its programme; 404 otherwise."""
        request = await self.session.get(MentorshipRequest, request_id)
        if request is None or (
            request.mentee_id != user.id and not await coordinates(self.session, user, request.program_id)
        ):
            raise NotFoundError(f"No request {request_id}")
        return request

    async def get(self, user: UserAccount, request_id: UUID) -> RequestRead:
        """One request."""
        return request_read(await self.visible(user, request_id))

    async def mine(self, user: UserAccount, page: LimitOffset) -> OffsetPagination[RequestRead]:
        """The caller's requests, newest first."""
        rows, total = await fetch_page(
            self.session,
            select(MentorshipRequest)
            .where(MentorshipRequest.mentee_id == user.id)
            .order_by(MentorshipRequest.requested_at.desc(), MentorshipRequest.id),
            page,
        )
        return paginate([request_read(r) for r in rows], total, page)

    async def withdraw(self, user: UserAccount, request_id: UUID) -> RequestRead:
        """The mentee withdraws a waiting request; a proposal under way for it is cancelled."""
        request = await self.visible(user, request_id)
        if request.mentee_id != user.id:
            raise ForbiddenError("Only the mentee may withdraw their request")
        now = utcnow()
        request = await transition(
            self.session,
            MentorshipRequest,
            request_id,
            REQUEST_TRANSITIONS["withdraw"],
            actor_id=user.id,
            values={"closed_at": now},
        )
        live = await self.session.scalar(
            select(Proposal).where(
                Proposal.request_id == request_id,
                Proposal.status.in_([ProposalStatus.PENDING_REVIEW.value, ProposalStatus.OFFERED.value]),
            )
        )
        if live is not None:
            was_offered = live.status == ProposalStatus.OFFERED
            await transition(
                self.session,
                Proposal,
                live.id,
                PROPOSAL_TRANSITIONS["cancel"],
                actor_id=user.id,
                values={"closed_at": now},
                audit={"because": "request_withdrawn"},
            )
            await plan_proposal_followups(self.session, live.id)
            if was_offered:
                await notify(
                    self.session,
                    live.mentor_id,
                    NotificationKind.PROPOSAL_CANCELLED,
                    {"proposal_id": str(live.id)},
                )
        await plan_request_followups(self.session, request_id)
        return request_read(request)

    async def for_program(
        self, user: UserAccount, program_id: UUID, status: str | None, page: LimitOffset
    ) -> OffsetPagination[RequestRead]:
        """A programme's requests (waiting ones by default), queue order: for its coordinators."""
        await require_coordinator_of(self.session, user, program_id)
        states = [status] if status else list(WAITING)
        rows, total = await fetch_page(
            self.session,
            select(MentorshipRequest)
            .where(MentorshipRequest.program_id == program_id, MentorshipRequest.status.in_(states))
            .order_by(
                MentorshipRequest.priority.desc(), MentorshipRequest.requested_at, MentorshipRequest.id
            ),
            page,
        )
        return paginate([request_read(r) for r in rows], total, page)
