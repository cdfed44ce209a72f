"""Matching rounds over a programme's open requests, and ranked suggestions for one request.

:func:`run_round` is the unit a background job can call: it takes a round's id, moves it from
``pending`` to ``running`` to ``done`` (or ``failed``), and records its figures.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from mentoring.db.engine import session_scope
from mentoring.db.models import (
    MatchingRound,
    MentorProfile,
    MentorshipRequest,
    Pairing,
    ProgramMembership,
    Proposal,
    UserAccount,
)
from mentoring.db.models.states import ProposalSource
from mentoring.domain.pairings import matching_adapter as adapter
from mentoring.domain.pairings.planning.planners import plan_round
from mentoring.domain.pairings.schemas.common import Factor
from mentoring.domain.pairings.schemas.proposals import ProposalRead, Suggestion
from mentoring.domain.pairings.schemas.rounds import RoundCreate, RoundPair, RoundRead, RoundUnmatched
from mentoring.domain.pairings.services.capacity import free_places
from mentoring.domain.pairings.services.common import display_names, fetch_page
from mentoring.domain.pairings.services.proposals import create_proposal, proposal_reads
from mentoring.domain.pairings.states import (
    ROUND_TRANSITIONS,
    PairingStatus,
    ProposalStatus,
    RequestStatus,
    RoundStage,
    RoundStatus,
)
from mentoring.domain.programs.scope import get_program, require_coordinator_of
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import BadRequestError, ConflictError, NotFoundError
from mentoring.lib.pagination import LimitOffset, OffsetPagination, paginate

Pair = tuple[UUID, UUID]
#: Outcomes after which a pair is not proposed again unless a coordinator pins it.
CLOSED_PROPOSALS = (ProposalStatus.REJECTED.value, ProposalStatus.DECLINED.value)
#: From this many open requests a round runs in the background unless ``background`` says otherwise.
BACKGROUND_FROM_REQUESTS = 200
#: ``await on_stage(round_id, stage)`` after each stage of a running round is recorded.
StageObserver = Callable[[UUID, str], Awaitable[None]]


def round_read(row: MatchingRound) -> RoundRead:
    """Describe a round."""
    outcome = row.outcome or {}
    return RoundRead(
        id=row.id,
        program_id=row.program_id,
        run_by_id=row.run_by_id,
        status=row.status,  # type: ignore[arg-type]
        stage=row.stage,  # type: ignore[arg-type]
        dry_run=row.dry_run,
        parameters=row.parameters,
        requests_count=row.requests_count,
        mentors_count=row.mentors_count,
        proposals_count=row.proposals_count,
        total_score=row.total_score,
        duration_ms=row.duration_ms,
        created_at=row.created_at,
        started_at=row.started_at,
        progress_at=row.progress_at,
        finished_at=row.finished_at,
        error=row.error,
        pairs=msgspec.convert(outcome.get("pairs", []), list[RoundPair]),
        unmatched=msgspec.convert(outcome.get("unmatched", []), list[RoundUnmatched]),
        optimal=outcome.get("optimal"),
    )


async def forbidden_by_history(
    session: AsyncSession, mentee_ids: set[UUID], mentor_ids: set[UUID]
) -> set[Pair]:
    """Pairs declined or rejected once, or whose pairing ended: not proposed again by default."""
    if not mentee_ids or not mentor_ids:
        return set()
    proposals = await session.execute(
        select(Proposal.mentee_id, Proposal.mentor_id).where(
            Proposal.mentee_id.in_(mentee_ids),
            Proposal.mentor_id.in_(mentor_ids),
            Proposal.status.in_(CLOSED_PROPOSALS),
        )
    )
    pairings = await session.execute(
        select(Pairing.mentee_id, Pairing.mentor_id).where(
            Pairing.mentee_id.in_(mentee_ids),
            Pairing.mentor_id.in_(mentor_ids),
            Pairing.status == PairingStatus.ENDED.value,
        )
    )
    return {(a, b) for a, b in [*proposals.all(), *pairings.all()]}


async def mentors_with_places(session: AsyncSession, program_id: UUID) -> dict[UUID, int]:
    """The programme's mentors who are not paused and can take more mentees: places each can be proposed for."""
    today = utcnow().date()
    ids = set(
        await session.scalars(
            select(ProgramMembership.user_id)
            .join(MentorProfile, MentorProfile.user_id == ProgramMembership.user_id)
            .join(UserAccount, UserAccount.id == ProgramMembership.user_id)
            .where(
                ProgramMembership.program_id == program_id,
                ProgramMembership.role == "mentor",
                UserAccount.erased_at.is_(None),
                or_(MentorProfile.paused_until.is_(None), MentorProfile.paused_until < today),
            )
        )
    )
    return {uid: n for uid, n in (await free_places(session, ids)).items() if n > 0}


async def _set_round(session: AsyncSession, round_id: UUID, action: str, **values: Any) -> bool:
    step = ROUND_TRANSITIONS[action]
    result = await session.execute(
        update(MatchingRound)
        .where(MatchingRound.id == round_id, MatchingRound.status.in_(sorted(str(s) for s in step.sources)))
        .values(status=str(step.target), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        return False
    await record_audit(
        session, actor_id=None, entity="round", entity_id=round_id, action=action, to=str(step.target)
    )
    return True


class _Progress:
    """Records a round's start and stages: each committed on its own through ``side``, else in ``session``."""

    def __init__(
        self,
        session: AsyncSession,
        round_id: UUID,
        side: AsyncEngine | None,
        on_stage: StageObserver | None = None,
    ) -> None:
        self.session = session
        self.round_id = round_id
        self.side = side
        self.on_stage = on_stage

    async def _write(self, write: Callable[[AsyncSession], Awaitable[bool]]) -> bool:
        if self.side is None:
            return await write(self.session)
        async with session_scope(self.side) as session:
            return await write(session)

    async def start(self) -> bool:
        """Move a pending round, or one a dead worker left running, to ``running`` at stage ``loading``."""
        now = utcnow()

        async def write(session: AsyncSession) -> bool:
            for action, source in (("start", RoundStatus.PENDING), ("restart", RoundStatus.RUNNING)):
                result = await session.execute(
                    update(MatchingRound)
                    .where(MatchingRound.id == self.round_id, MatchingRound.status == source.value)
                    .values(
                        status=RoundStatus.RUNNING.value,
                        stage=RoundStage.LOADING.value,
                        started_at=now,
                        progress_at=now,
                    )
                    .execution_options(synchronize_session=False)
                )
                if result.rowcount:  # type: ignore[attr-defined]
                    await record_audit(
                        session,
                        actor_id=None,
                        entity="round",
                        entity_id=self.round_id,
                        action=action,
                        to=RoundStatus.RUNNING.value,
                        stage=RoundStage.LOADING.value,
                    )
                    return True
            return False

        if not await self._write(write):
            return False
        await self._tell(RoundStage.LOADING.value)
        return True

    async def stage(self, stage: str) -> None:
        """Move a running round forward to ``stage`` (never back)."""
        stages = [s.value for s in RoundStage]
        earlier = stages[: stages.index(stage)]

        async def write(session: AsyncSession) -> bool:
            result = await session.execute(
                update(MatchingRound)
                .where(
                    MatchingRound.id == self.round_id,
                    MatchingRound.status == RoundStatus.RUNNING.value,
                    MatchingRound.stage.in_(earlier),
                )
                .values(stage=stage, progress_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                return False
            await record_audit(
                session, actor_id=None, entity="round", entity_id=self.round_id, action="progress", to=stage
            )
            return True

        if await self._write(write):
            await self._tell(stage)

    async def _tell(self, stage: str) -> None:
        if self.on_stage is not None:
            await self.on_stage(self.round_id, stage)


async def _match(session: AsyncSession, row: MatchingRound, progress: _Progress) -> dict[str, Any]:
    """Run the engine over the open requests and, unless a dry run, create the proposals.

    Everything before the ``writing`` stage only reads, so the stages can commit beside it.
    """
    program = await get_program(session, row.program_id)
    requests = list(
        await session.scalars(
            select(MentorshipRequest)
            .where(
                MentorshipRequest.program_id == row.program_id,
                MentorshipRequest.status == RequestStatus.OPEN.value,
            )
            .order_by(MentorshipRequest.priority.desc(), MentorshipRequest.requested_at, MentorshipRequest.id)
        )
    )
    places = await mentors_with_places(session, row.program_id)
    params = msgspec.convert(row.parameters, RoundCreate)
    pinned = {(p.mentee_id, p.mentor_id) for p in params.pinned_pairs}
    forbidden = {(p.mentee_id, p.mentor_id) for p in params.forbidden_pairs}
    history = await forbidden_by_history(session, {r.mentee_id for r in requests}, set(places))
    forbidden |= history - pinned
    await progress.stage(RoundStage.MATCHING.value)
    outcome = await adapter.propose_round(
        session,
        program,
        [(r.mentee_id, r.requested_at) for r in requests],
        places,
        forbidden=forbidden,
        pinned=pinned,
        weights=msgspec.to_builtins(params.weights),
        mode=params.mode,
    )
    await progress.stage(RoundStage.WRITING.value)
    by_mentee = {r.mentee_id: r for r in requests}
    pairs: list[dict[str, Any]] = []
    for found in outcome.pairs:
        request = by_mentee[found.mentee_id]
        proposal_id = None
        if not row.dry_run:
            proposal = await create_proposal(
                session,
                request,
                found.mentor_id,
                score=found.score,
                factors=found.factors,
                reason=found.reason,
                source=ProposalSource.ROUND.value,
                round_id=row.id,
                actor_id=row.run_by_id,
            )
            proposal_id = str(proposal.id)
        pairs.append(
            {
                "request_id": str(request.id),
                "mentee_id": str(found.mentee_id),
                "mentor_id": str(found.mentor_id),
                "score": found.score,
                "reason": found.reason,
                "factors": found.factors,
                "proposal_id": proposal_id,
            }
        )
    unmatched = [
        {"request_id": str(by_mentee[m].id), "mentee_id": str(m), "diagnostics": reasons}
        for m, reasons in outcome.unmatched
        if m in by_mentee
    ]
    return {
        "requests_count": len(requests),
        "mentors_count": len(places),
        "proposals_count": 0 if row.dry_run else len(pairs),
        "total_score": round(sum(p["score"] for p in pairs), 6),
        "outcome": {"pairs": pairs, "unmatched": unmatched, "optimal": outcome.optimal},
    }


async def run_round(
    session: AsyncSession,
    round_id: UUID,
    *,
    progress: AsyncEngine | None = None,
    on_stage: StageObserver | None = None,
) -> bool:
    """Run a round to ``done`` (or ``failed``, with the error recorded); idempotent.

    Only a round still ``pending``, or ``running`` with no proposal written (its worker died), runs; it
    restarts from ``loading``. The proposals are created in a savepoint: a failure leaves none behind,
    only the failed round. Given ``progress`` (an engine other than SQLite's, whose single writer is
    the caller's transaction), the start and each stage commit on their own so others see them.
    ``on_stage(round_id, stage)`` is awaited after each stage is recorded.

    Returns:
        Whether this call ran the round.
    """
    row = await session.get(MatchingRound, round_id, populate_existing=True)
    if row is None or row.status not in (RoundStatus.PENDING, RoundStatus.RUNNING):
        return False
    if await session.scalar(select(func.count()).select_from(Proposal).where(Proposal.round_id == round_id)):
        return False
    side = progress if progress is not None and progress.dialect.name != "sqlite" else None
    tracker = _Progress(session, round_id, side, on_stage)
    if not await tracker.start():
        return False
    began = time.perf_counter()
    try:
        async with session.begin_nested():
            figures = await _match(session, row, tracker)
    except Exception as exc:  # a failed round must be recorded, whatever failed
        await _set_round(
            session,
            round_id,
            "fail",
            stage=RoundStage.FINISHED.value,
            progress_at=utcnow(),
            finished_at=utcnow(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
            duration_ms=int((time.perf_counter() - began) * 1000),
        )
        return True
    await _set_round(
        session,
        round_id,
        "finish",
        stage=RoundStage.FINISHED.value,
        progress_at=utcnow(),
        finished_at=utcnow(),
        duration_ms=int((time.perf_counter() - began) * 1000),
        **figures,
    )
    return True


class RoundService:
    """Coordinators run rounds, read them, and rank mentors for one request."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def start(self, user: UserAccount, program_id: UUID, data: RoundCreate) -> RoundRead:
        """Record a round and run it now, or leave it pending for a background job.

        ``data.background`` decides when given; otherwise a round over more than
        :data:`BACKGROUND_FROM_REQUESTS` open requests goes to the background, a smaller one runs now.
        """
        await require_coordinator_of(self.session, user, program_id)
        both = {(p.mentee_id, p.mentor_id) for p in data.pinned_pairs} & {
            (p.mentee_id, p.mentor_id) for p in data.forbidden_pairs
        }
        if both:
            raise BadRequestError("pinned_pairs and forbidden_pairs share a pair")
        adapter.check_policy(msgspec.to_builtins(data.weights), data.mode)
        row = MatchingRound(
            program_id=program_id,
            run_by_id=user.id,
            status=RoundStatus.PENDING.value,
            dry_run=data.dry_run,
            parameters=msgspec.to_builtins(data),
        )
        self.session.add(row)
        await self.session.flush()
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="round",
            entity_id=row.id,
            action="create",
            to=RoundStatus.PENDING.value,
            dry_run=data.dry_run,
        )
        if await self._in_background(program_id, data):
            await plan_round(self.session, row.id)
        else:
            await run_round(self.session, row.id)
            await self.session.refresh(row)
        return round_read(row)

    async def _in_background(self, program_id: UUID, data: RoundCreate) -> bool:
        if data.background is not None:
            return data.background
        waiting = await self.session.scalar(
            select(func.count())
            .select_from(MentorshipRequest)
            .where(
                MentorshipRequest.program_id == program_id,
                MentorshipRequest.status == RequestStatus.OPEN.value,
            )
        )
        return (waiting or 0) > BACKGROUND_FROM_REQUESTS

    async def get(self, user: UserAccount, round_id: UUID) -> RoundRead:
        """One round, for the programme's coordinators."""
        row = await self.session.get(MatchingRound, round_id)
        if row is None:
            raise NotFoundError(f"No round {round_id}")
        await require_coordinator_of(self.session, user, row.program_id)
        return round_read(row)

    async def history(
        self, user: UserAccount, program_id: UUID, page: LimitOffset
    ) -> OffsetPagination[RoundRead]:
        """The programme's rounds, newest first."""
        await require_coordinator_of(self.session, user, program_id)
        rows, total = await fetch_page(
            self.session,
            select(MatchingRound)
            .where(MatchingRound.program_id == program_id)
            .order_by(MatchingRound.created_at.desc(), MatchingRound.id),
            page,
        )
        return paginate([round_read(r) for r in rows], total, page)

    async def _open_request(self, user: UserAccount, request_id: UUID) -> MentorshipRequest:
        request = await self.session.get(MentorshipRequest, request_id)
        if request is None:
            raise NotFoundError(f"No request {request_id}")
        await require_coordinator_of(self.session, user, request.program_id)
        if request.status != RequestStatus.OPEN:
            raise ConflictError(f"This request is {request.status}: only open requests get proposals")
        return request

    async def suggestions(self, user: UserAccount, request_id: UUID, limit: int) -> list[Suggestion]:
        """The programme's mentors with a free place, ranked for this request (forbidden pairs left out)."""
        request = await self._open_request(user, request_id)
        program = await get_program(self.session, request.program_id)
        places = await mentors_with_places(self.session, request.program_id)
        forbidden = await forbidden_by_history(self.session, {request.mentee_id}, set(places))
        ranked = await adapter.rank_mentors(
            self.session, program, request.mentee_id, places, forbidden, limit
        )
        names = await display_names(self.session, {s.mentor_id for s in ranked})
        return [
            Suggestion(
                mentor_id=s.mentor_id,
                mentor_name=names.get(s.mentor_id, ""),
                score=s.score,
                reason=s.reason,
                factors=[Factor(**f) for f in s.factors],
                free_places=places.get(s.mentor_id, 0),
            )
            for s in ranked
        ]

    async def propose_by_hand(self, user: UserAccount, request_id: UUID, mentor_id: UUID) -> ProposalRead:
        """Propose a mentor of the programme with a free place, scored and explained by the engine."""
        request = await self._open_request(user, request_id)
        program = await get_program(self.session, request.program_id)
        places = await mentors_with_places(self.session, request.program_id)
        if mentor_id not in places:
            raise ConflictError("This person is not a mentor of the programme with a free place")
        if mentor_id == request.mentee_id:
            raise ConflictError("A mentee cannot be their own mentor")
        scored = await adapter.score_pair(self.session, program, request.mentee_id, mentor_id)
        proposal = await create_proposal(
            self.session,
            request,
            mentor_id,
            score=scored.score,
            factors=scored.factors,
            reason=scored.reason,
            source=ProposalSource.MANUAL.value,
            round_id=None,
            actor_id=user.id,
        )
        return (await proposal_reads(self.session, [proposal], for_coordinator=True))[0]
