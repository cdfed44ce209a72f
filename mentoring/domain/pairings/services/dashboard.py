"""A programme's coordinator dashboard: the queue, the proposals, loads, pairings' health, figures."""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
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
from mentoring.domain.pairings.states import LIVE_PAIRING
from mentoring.domain.programs.scope import require_coordinator_of
from mentoring.lib.clock import utcnow

_PER_WEEK = {"weekly": 1.0, "biweekly": 0.5, "monthly": 0.25}
MONTHS = 12


def _month(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def _last_months(now: datetime, count: int) -> list[str]:
    year, month = now.year, now.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def _expected(pairing: Pairing, now: datetime) -> int | None:
    terms = read_terms(pairing.terms_kind, pairing.terms)
    committed = committed_sessions(terms)
    frequency = getattr(terms, "frequency", None)
    if committed is None or frequency is None or pairing.started_at is None:
        return None
    weeks = max((now - pairing.started_at).days, 0) / 7
    return min(committed, math.floor(weeks * _PER_WEEK[frequency]))


class DashboardService:
    """Build the dashboard of one programme."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def build(self, user: UserAccount, program_id: UUID) -> DashboardRead:
        """Everything a coordinator watches in a programme."""
        program = await require_coordinator_of(self.session, user, program_id)
        now = utcnow()
        requests = list(
            await self.session.scalars(
                select(MentorshipRequest)
                .where(MentorshipRequest.program_id == program_id)
                .order_by(MentorshipRequest.priority.desc(), MentorshipRequest.requested_at)
            )
        )
        proposals = list(
            await self.session.scalars(
                select(Proposal).where(Proposal.program_id == program_id).order_by(Proposal.created_at)
            )
        )
        pairings = list(
            await self.session.scalars(
                select(Pairing).where(Pairing.program_id == program_id).order_by(Pairing.created_at)
            )
        )
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
            )
        ).all()
        names = await display_names(
            self.session,
            {r.mentee_id for r in requests}
            | {p.mentee_id for p in pairings}
            | {p.mentor_id for p in pairings}
            | {m.user_id for m in mentor_rows},
        )
        waiting = [r for r in requests if r.status in WAITING]
        waits = [(now - r.requested_at).total_seconds() / 86400 for r in waiting]
        live_proposals = [p for p in proposals if p.status in LIVE_PROPOSALS]
        under_way = Counter(p.mentor_id for p in live_proposals)
        live = [p for p in pairings if p.status in LIVE_PAIRING]
        held: dict[UUID, int] = {}
        if live:
            rows = await self.session.execute(
                select(MentoringSession.pairing_id, func.count(MentoringSession.id))
                .where(MentoringSession.pairing_id.in_([p.id for p in live]))
                .group_by(MentoringSession.pairing_id)
            )
            held = {pairing_id: int(n) for pairing_id, n in rows.all()}
        concerns = Counter(
            await self.session.scalars(
                select(Concern.pairing_id).where(Concern.program_id == program_id, Concern.status == "open")
            )
        )
        health = []
        for p in live:
            expected = _expected(p, now)
            count = int(held.get(p.id, 0))
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
        ratings = list(
            await self.session.scalars(
                select(ExitFeedback.rating)
                .join(Pairing, Pairing.id == ExitFeedback.pairing_id)
                .where(Pairing.program_id == program_id)
            )
        )
        answered = [p for p in proposals if p.status in ("accepted", "declined")]
        months = _last_months(now, MONTHS)
        series = {m: Counter[str]() for m in months}
        for r in requests:
            series.get(_month(r.requested_at), Counter())["requests"] += 1
        for proposal in proposals:
            series.get(_month(proposal.created_at), Counter())["proposals"] += 1
        for p in pairings:
            series.get(_month(p.created_at), Counter())["started"] += 1
            if p.ended_at is not None:
                series.get(_month(p.ended_at), Counter())["ended"] += 1
        rounds = await self.session.scalar(
            select(func.count(MatchingRound.id)).where(MatchingRound.program_id == program_id)
        )
        return DashboardRead(
            program_id=program_id,
            generated_at=now,
            waiting_requests=[
                WaitingRequest(
                    request_id=r.id,
                    mentee_id=r.mentee_id,
                    mentee_name=names.get(r.mentee_id, ""),
                    status=r.status,
                    requested_at=r.requested_at,
                    waiting_days=round(wait, 2),
                    priority=r.priority,
                    over_target=wait > program.waiting_target_days,
                )
                for r, wait in zip(waiting, waits)
            ],
            proposal_queue=await proposal_reads(self.session, live_proposals, for_coordinator=True),
            mentor_loads=[
                MentorLoad(
                    mentor_id=m.user_id,
                    mentor_name=names.get(m.user_id, ""),
                    capacity=m.capacity,
                    active_mentees=m.active_mentees,
                    proposals_under_way=under_way.get(m.user_id, 0),
                    paused_until=m.paused_until,
                )
                for m in mentor_rows
            ],
            pairings=health,
            figures=Figures(
                waiting_requests=len(waiting),
                average_wait_days=round(sum(waits) / len(waits), 2) if waits else None,
                longest_wait_days=round(max(waits), 2) if waits else None,
                waiting_target_days=program.waiting_target_days,
                proposals_in_review=sum(1 for p in proposals if p.status == "pending_review"),
                proposals_offered=sum(1 for p in proposals if p.status == "offered"),
                pairings_by_status=dict(Counter(p.status for p in pairings)),
                acceptance_rate=round(sum(p.status == "accepted" for p in answered) / len(answered), 3)
                if answered
                else None,
                average_rating=round(sum(ratings) / len(ratings), 2) if ratings else None,
                open_concerns=sum(concerns.values()),
                rounds_run=int(rounds or 0),
            ),
            months=[
                PeriodFigures(
                    period=m,
                    requests_opened=c["requests"],
                    proposals_made=c["proposals"],
                    pairings_started=c["started"],
                    pairings_ended=c["ended"],
                )
                for m, c in series.items()
            ],
        )
