"""Programmes and people made through the API, for the follow-up tests."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from mentoring.db.engine import session_scope
from mentoring.db.models import MentorshipRequest, Pairing, Proposal
from mentoring.domain.pairings.planning.planners import plan_pairing_followups
from mentoring.lib.clock import utcnow
from tests.conftest import People, Person

FORMAL = {
    "kind": "formal",
    "frequency": "weekly",
    "session_minutes": 60,
    "duration_weeks": 12,
    "sessions": 8,
    "goals": ["Find a routine"],
    "confidentiality_text": "What is said in a session stays in the session.",
}
INFORMAL = {"kind": "informal"}


async def program_with_coordinator(
    client: AsyncTestClient[Litestar], people: People, *, terms: dict[str, Any] | None = None, **settings: Any
) -> tuple[str, Person]:
    """A programme created through the API by a new coordinator: (programme id, coordinator)."""
    coordinator = await people.coordinator()
    body: dict[str, Any] = {
        "name": "Recovery together",
        "slug": f"recovery-{uuid.uuid4().hex[:8]}",
        "terms": terms or INFORMAL,
        **settings,
    }
    response = await client.post("/api/programs", json=body, headers=coordinator.headers)
    assert response.status_code == 201, response.text
    return response.json()["id"], coordinator


async def request_and_proposal(
    session: AsyncSession,
    program_id: str,
    mentee: Person,
    mentor: Person,
    *,
    request_status: str,
    requested_at: datetime,
    **proposal_fields: Any,
) -> tuple[MentorshipRequest, Proposal]:
    """A request and its proposal, written directly and flushed (the workflow is not under test)."""
    request = MentorshipRequest(
        mentee_id=uuid.UUID(mentee.id),
        program_id=uuid.UUID(program_id),
        status=request_status,
        requested_at=requested_at,
    )
    session.add(request)
    await session.flush()
    proposal = Proposal(
        request_id=request.id,
        program_id=uuid.UUID(program_id),
        mentee_id=uuid.UUID(mentee.id),
        mentor_id=uuid.UUID(mentor.id),
        **proposal_fields,
    )
    session.add(proposal)
    await session.flush()
    return request, proposal


async def make_pairing(
    engine: AsyncEngine,
    program_id: str,
    mentee: Person,
    mentor: Person,
    *,
    formal: bool,
    status: str = "trial",
    started_at: datetime | None = None,
    weeks: int = 12,
    sessions: int = 8,
    frequency: str = "weekly",
) -> uuid.UUID:
    """A request, an accepted proposal and a pairing, written directly (the workflow is not under test)."""
    now = started_at or utcnow()
    terms: dict[str, Any] = (
        {
            "frequency": frequency,
            "session_minutes": 60,
            "duration_weeks": weeks,
            "sessions": sessions,
            "confidentiality_text": "Stays here.",
            "goals": [],
            "confidentiality_version": 1,
        }
        if formal
        else {"goals": [], "confidentiality_version": 1}
    )
    kind = "formal" if formal else "informal"
    async with session_scope(engine) as session:
        request, proposal = await request_and_proposal(
            session,
            program_id,
            mentee,
            mentor,
            request_status="matched",
            requested_at=now,
            status="accepted",
            terms_kind=kind,
            terms=terms,
        )
        pairing = Pairing(
            proposal_id=proposal.id,
            request_id=request.id,
            program_id=uuid.UUID(program_id),
            mentee_id=uuid.UUID(mentee.id),
            mentor_id=uuid.UUID(mentor.id),
            status=status,
            terms_kind=kind,
            terms=terms,
            started_at=now,
            active_since=now if status == "active" else None,
            ends_on=(now + timedelta(weeks=weeks)).date() if formal else None,
        )
        session.add(pairing)
        await session.flush()
        await plan_pairing_followups(session, pairing.id)
        return pairing.id
