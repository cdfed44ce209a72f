"""Proposals (reminder, expiry), waiting requests, mentors' pauses and rounds in the background."""

from __future__ import annotations

import uuid
from datetime import timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.db.models import MatchingRound, MentorProfile, MentorshipRequest, Proposal
from mentoring.domain.pairings.planning.planners import (
    plan_proposal_followups,
    plan_request_followups,
    plan_round,
)
from mentoring.domain.profiles.jobs import ensure_sweep, plan_mentor_followups
from mentoring.lib.clock import utcnow
from mentoring.settings import Settings
from tests.conftest import People
from tests.domain.pairings.test_pairing_followups import kinds, later
from tests.outbox.support import drain, states


async def test_an_unanswered_proposal_is_reminded_after_3_days_then_expires_and_reopens_the_request(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, settings: Settings
) -> None:
    from tests.domain.pairings.followup_helpers import program_with_coordinator, request_and_proposal

    program_id, coordinator = await program_with_coordinator(
        client, people, proposal_deadline_days=5, waiting_target_days=10
    )
    mentee, mentor = await people.mentee(), await people.mentor()
    now = utcnow()
    async with session_scope(engine) as session:
        request, proposal = await request_and_proposal(
            session,
            program_id,
            mentee,
            mentor,
            request_status="proposed",
            requested_at=now,
            status="offered",
            offered_at=now,
            deadline_at=now + timedelta(days=5),
            mentor_answer="accepted",
            mentor_answered_at=now,
        )
        await plan_proposal_followups(session, proposal.id)
        await plan_request_followups(session, request.id)
        proposal_id, request_id = proposal.id, request.id

    await later(engine, settings, 3.1)
    assert await kinds(client, mentee) == ["proposal.reminder"]
    assert await kinds(client, mentor) == []  # the mentor already answered

    await later(engine, settings, 2)
    async with session_scope(engine) as session:
        assert (await session.get(Proposal, proposal_id)).status == "expired"  # type: ignore[union-attr]
        assert (await session.get(MentorshipRequest, request_id)).status == "open"  # type: ignore[union-attr]
    assert "proposal.expired" in await kinds(client, mentee)

    await later(engine, settings, 5)  # day 10: the mentee waited past the programme's target
    assert (await kinds(client, coordinator)).count("request.waiting") == 1
    await later(engine, settings, 5)
    assert (await kinds(client, coordinator)).count("request.waiting") == 1


async def test_an_answered_proposal_has_its_follow_ups_cancelled(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, settings: Settings
) -> None:
    from tests.domain.pairings.followup_helpers import program_with_coordinator, request_and_proposal

    program_id, _ = await program_with_coordinator(client, people)
    mentee, mentor = await people.mentee(), await people.mentor()
    now = utcnow()
    async with session_scope(engine) as session:
        _, proposal = await request_and_proposal(
            session,
            program_id,
            mentee,
            mentor,
            request_status="proposed",
            requested_at=now,
            status="offered",
            offered_at=now,
            deadline_at=now + timedelta(days=7),
        )
        await plan_proposal_followups(session, proposal.id)
        proposal.status = "declined"
        await session.flush()
        await plan_proposal_followups(session, proposal.id)
    assert await states(engine, subject="proposal") == {"cancelled": 2}
    await later(engine, settings, 8)
    assert await kinds(client, mentee) == []


async def test_a_mentors_pause_ends_on_its_date_and_they_are_told(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, settings: Settings
) -> None:
    planned, swept = await people.mentor(), await people.mentor()
    async with session_scope(engine) as session:
        await session.execute(
            update(MentorProfile)
            .where(MentorProfile.user_id.in_([uuid.UUID(planned.id), uuid.UUID(swept.id)]))
            .values(paused_until=(utcnow() + timedelta(days=2)).date())
        )
        await plan_mentor_followups(session, uuid.UUID(planned.id))
    await ensure_sweep(engine)
    await ensure_sweep(engine)  # every worker calls it at start: still one sweep
    assert await states(engine, kind="system.sweep") == {"pending": 1}
    await drain(engine, settings)
    assert await kinds(client, planned) == []

    await later(engine, settings, 2.01)
    async with session_scope(engine) as session:
        paused = await session.scalars(
            select(MentorProfile.paused_until).where(
                MentorProfile.user_id.in_([uuid.UUID(planned.id), uuid.UUID(swept.id)])
            )
        )
        assert list(paused) == [None, None]
    assert await kinds(client, planned) == ["mentor.pause_ended"]
    assert await kinds(client, swept) == ["mentor.pause_ended"]


async def test_a_round_runs_in_the_background_and_whoever_started_it_is_told(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, settings: Settings
) -> None:
    from tests.domain.pairings.followup_helpers import program_with_coordinator

    program_id, coordinator = await program_with_coordinator(client, people)
    async with session_scope(engine) as session:
        row = MatchingRound(
            program_id=uuid.UUID(program_id),
            run_by_id=uuid.UUID(coordinator.id),
            status="pending",
            dry_run=True,
        )
        session.add(row)
        await session.flush()
        await plan_round(session, row.id)
        round_id = row.id
    shown = (await client.get(f"/api/rounds/{round_id}", headers=coordinator.headers)).json()
    assert shown["status"] == "pending"

    await drain(engine, settings)
    shown = (await client.get(f"/api/rounds/{round_id}", headers=coordinator.headers)).json()
    assert shown["status"] == "done", shown
    assert "round.finished" in await kinds(client, coordinator)
    assert await states(engine, kind="round.run") == {"done": 1}
