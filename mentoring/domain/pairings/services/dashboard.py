"""A programme's coordinator dashboard: the queue, the proposals, loads, pairings' health, figures."""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import (
    Concern,
    ExitFeedback,
    MatchingRound,
    MentoringSession,
    MentorProfile,
    MentorshipRequest,
    Pairing,
    ProgramMembership,
    Proposal,
    UserAccount,
)
from mentoring.db.models.states import ConcernStatus
from mentoring.domain.pairings.schemas.dashboard import (
    DashboardRead,
    Figures,
    MentorLoad,
    PairingHealth,
    PeriodFigures,
    WaitingRequest,
)
from mentoring.domain.pairings.services.capacity import LIVE_PROPOSALS
from mentoring.domain.pairings.services.common import display_names
from mentoring.domain.pairings.services.proposals import proposal_reads
from mentoring.domain.pairings.services.requests import WAITING
from mentoring.domain.pairings.services.terms import committed_sessions, read_terms
from mentoring.domain.pairings.states import LIVE_PAIRING, ProposalStatus
from mentoring.domain.programs.scope import require_coordinator_of
from mentoring.lib.clock import utcnow

_PER_WEEK = {"weekly": 1.0, "biweekly": 0.5, "monthly": 0.25}
MONTHS = 12
#: Each list of the dashboard shows at most this many rows (the figures count them all).
LIST_LIMIT = 100


def _last_months(now: datetime, count: int) -> list[tuple[str, datetime, datetime]]:
    """The last ``count`` calendar months up to ``now``'s, oldest first: (``YYYY-MM``, start, end)."""
    year, month = now.year, now.month
    out = []
    for _ in range(count):
        start = datetime(year, month, 1, tzinfo=UTC)
        end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC)
        out.append((f"{year:04d}-{month:02d}", start, end))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def _per_month(column: Any, months: list[tuple[str, datetime, datetime]]) -> list[ColumnElement[Any]]:
    """One count per month of the rows whose ``column`` falls in it (portable: no date functions)."""
    return [func.sum(case((and_(column >= start, column < end), 1), else_=0)) for _, start, end in months]


def _expected(pairing: Pairing, now: datetime) -> int | None:
    terms = read_terms(pairing.terms_kind, pairing.terms)
    committed = committed_sessions(terms)
    frequency = getattr(terms, "frequency", None)
    if committed is None or frequency is None or pairing.started_at is None:
        return None
    weeks = max((now - pairing.started_at).days, 0) / 7
    return min(committed, math.floor(weeks * _PER_WEEK[frequency]))


class DashboardService:
    """Build the dashboard of one programme: figures counted in SQL, each list capped at LIST_LIMIT rows."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def build(self, user: UserAccount, program_id: UUID) -> DashboardRead:
        """Everything a coordinator watches in a programme.

        The lists (waiting requests in queue order, proposals under way oldest first, the mentors,
        live pairings oldest first) show at most :data:`LIST_LIMIT` rows each; the figures count all.
        """
        program = await require_coordinator_of(self.session, user, program_id)
        now = utcnow()
        waiting_requests = await self._waiting(program_id, now, program.waiting_target_days)
        proposals = list(
            await self.session.scalars(
                select(Proposal)
                .where(Proposal.program_id == program_id, Proposal.status.in_(LIVE_PROPOSALS))
                .order_by(Proposal.created_at, Proposal.id)
                .limit(LIST_LIMIT)
            )
        )
        return DashboardRead(
            program_id=program_id,
            generated_at=now,
            waiting_requests=waiting_requests,
            proposal_queue=await proposal_reads(self.session, proposals, for_coordinator=True),
            mentor_loads=await self._mentor_loads(program_id),
            pairings=await self._health(program_id, now),
            figures=await self._figures(program_id, now, program.waiting_target_days),
            months=await self._months(program_id, now),
        )

    async def _waiting(self, program_id: UUID, now: datetime, target_days: int) -> list[WaitingRequest]:
        requests = list(
            await self.session.scalars(
                select(MentorshipRequest)
                .where(MentorshipRequest.program_id == program_id, MentorshipRequest.status.in_(WAITING))
                .order_by(
                    MentorshipRequest.priority.desc(), MentorshipRequest.requested_at, MentorshipRequest.id
                )
                .limit(LIST_LIMIT)
            )
        )
        names = await display_names(self.session, {r.mentee_id for r in requests})
        out = []
        for r in requests:
            wait = (now - r.requested_at).total_seconds() / 86400
            out.append(
                WaitingRequest(
                    request_id=r.id,
                    mentee_id=r.mentee_id,
                    mentee_name=names.get(r.mentee_id, ""),
                    status=r.status,
                    requested_at=r.requested_at,
                    waiting_days=round(wait, 2),
                    priority=r.priority,
                    over_target=wait > target_days,
                )
            )
        return out

    async def _mentor_loads(self, program_id: UUID) -> list[MentorLoad]:
        mentor_rows = (
            await self.session.execute(
                select(
                    MentorProfile.user_id,
                    MentorProfile.capacity,
                    MentorProfile.active_mentees,
                    MentorProfile.paused_until,
                )
                .join(ProgramMembership, ProgramMembership.user_id == MentorProfile.user_id)
                .where(ProgramMembership.program_id == program_id, ProgramMembership.role == "mentor")
                .order_by(ProgramMembership.created_at, ProgramMembership.id)
                .limit(LIST_LIMIT)
            )
        ).all()
        ids = {m.user_id for m in mentor_rows}
        under_way: dict[UUID, int] = {}
        if ids:
            rows = await self.session.execute(
                select(Proposal.mentor_id, func.count(Proposal.id))
                .where(
                    Proposal.program_id == program_id,
                    Proposal.mentor_id.in_(ids),
                    Proposal.status.in_(LIVE_PROPOSALS),
                )
                .group_by(Proposal.mentor_id)
            )
            under_way = {mentor_id: int(n) for mentor_id, n in rows.all()}
        names = await display_names(self.session, ids)
        return [
            MentorLoad(
                mentor_id=m.user_id,
                mentor_name=names.get(m.user_id, ""),
                capacity=m.capacity,
                active_mentees=m.active_mentees,
                proposals_under_way=under_way.get(m.user_id, 0),
                paused_until=m.paused_until,
            )
            for m in mentor_rows
        ]

    async def _health(self, program_id: UUID, now: datetime) -> list[PairingHealth]:
        live = list(
            await self.session.scalars(
                select(Pairing)
                .where(Pairing.program_id == program_id, Pairing.status.in_([str(s) for s in LIVE_PAIRING]))
                .order_by(Pairing.created_at, Pairing.id)
                .limit(LIST_LIMIT)
            )
        )
        if not live:
            return []
        ids = [p.id for p in live]
        held_rows = await self.session.execute(
            select(MentoringSession.pairing_id, func.count(MentoringSession.id))
            .where(MentoringSession.pairing_id.in_(ids))
            .group_by(MentoringSession.pairing_id)
        )
        held = {pairing_id: int(n) for pairing_id, n in held_rows.all()}
        concern_rows = await self.session.execute(
            select(Concern.pairing_id, func.count(Concern.id))
            .where(Concern.pairing_id.in_(ids), Concern.status == ConcernStatus.OPEN.value)
            .group_by(Concern.pairing_id)
        )
        concerns = {pairing_id: int(n) for pairing_id, n in concern_rows.all()}
        names = await display_names(self.session, {p.mentee_id for p in live} | {p.mentor_id for p in live})
        health = []
        for p in live:
            expected = _expected(p, now)
            count = held.get(p.id, 0)
            health.append(
                PairingHealth(
                    pairing_id=p.id,
                    mentee_id=p.mentee_id,
                    mentee_name=names.get(p.mentee_id, ""),
                    mentor_id=p.mentor_id,
                    mentor_name=names.get(p.mentor_id, ""),
                    status=p.status,
                    sessions_held=count,
                    sessions_committed=committed_sessions(read_terms(p.terms_kind, p.terms)),
                    sessions_expected_by_now=expected,
                    behind_schedule=expected is not None and count < expected,
                    last_contact_at=p.last_contact_at,
                    days_since_contact=(now - p.last_contact_at).days if p.last_contact_at else None,
                    next_checkin_due_at=p.next_checkin_due_at,
                    checkin_overdue=p.next_checkin_due_at is not None and p.next_checkin_due_at < now,
                    open_concerns=concerns.get(p.id, 0),
                    ends_on=p.ends_on,
                )
            )
        return health

    async def _counts(self, column: Any, *where: ColumnElement[bool]) -> Counter[str]:
        rows = await self.session.execute(select(column, func.count()).where(*where).group_by(column))
        return Counter({str(value): int(n) for value, n in rows.all()})

    async def _figures(self, program_id: UUID, now: datetime, target_days: int) -> Figures:
        # One timestamp per waiting request: the average wait needs them (no portable SQL average of times).
        requested = list(
            await self.session.scalars(
                select(MentorshipRequest.requested_at).where(
                    MentorshipRequest.program_id == program_id, MentorshipRequest.status.in_(WAITING)
                )
            )
        )
        waits = [(now - at).total_seconds() / 86400 for at in requested]
        proposals = await self._counts(Proposal.status, Proposal.program_id == program_id)
        pairings = await self._counts(Pairing.status, Pairing.program_id == program_id)
        answered = proposals[ProposalStatus.ACCEPTED] + proposals[ProposalStatus.DECLINED]
        rating = await self.session.scalar(
            select(func.avg(ExitFeedback.rating))
            .join(Pairing, Pairing.id == ExitFeedback.pairing_id)
            .where(Pairing.program_id == program_id)
        )
        open_concerns = await self.session.scalar(
            select(func.count(Concern.id)).where(
                Concern.program_id == program_id, Concern.status == ConcernStatus.OPEN.value
            )
        )
        rounds = await self.session.scalar(
            select(func.count(MatchingRound.id)).where(MatchingRound.program_id == program_id)
        )
        return Figures(
            waiting_requests=len(waits),
            average_wait_days=round(sum(waits) / len(waits), 2) if waits else None,
            longest_wait_days=round(max(waits), 2) if waits else None,
            waiting_target_days=target_days,
            proposals_in_review=proposals[ProposalStatus.PENDING_REVIEW],
            proposals_offered=proposals[ProposalStatus.OFFERED],
            pairings_by_status=dict(pairings),
            acceptance_rate=round(proposals[ProposalStatus.ACCEPTED] / answered, 3) if answered else None,
            average_rating=round(float(rating), 2) if rating is not None else None,
            open_concerns=int(open_concerns or 0),
            rounds_run=int(rounds or 0),
        )

    async def _months(self, program_id: UUID, now: datetime) -> list[PeriodFigures]:
        months = _last_months(now, MONTHS)
        since = months[0][1]

        async def series(column: Any, *where: ColumnElement[bool]) -> list[int]:
            row = (await self.session.execute(select(*_per_month(column, months)).where(*where))).one()
            return [int(n or 0) for n in row]

        opened = await series(
            MentorshipRequest.requested_at,
            MentorshipRequest.program_id == program_id,
            MentorshipRequest.requested_at >= since,
        )
        proposed = await series(
            Proposal.created_at, Proposal.program_id == program_id, Proposal.created_at >= since
        )
        started = await series(
            Pairing.created_at, Pairing.program_id == program_id, Pairing.created_at >= since
        )
        ended = await series(Pairing.ended_at, Pairing.program_id == program_id, Pairing.ended_at >= since)
        return [
            PeriodFigures(
                period=period,
                requests_opened=opened[i],
                proposals_made=proposed[i],
                pairings_started=started[i],
                pairings_ended=ended[i],
            )
            for i, (period, _, _) in enumerate(months)
        ]
