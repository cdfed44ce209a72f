"""A programme with a coordinator, mentees and mentors, and helpers that walk the workflow over HTTP.

Programmes, memberships and capacities are arranged directly in the database (they belong to other
domains); everything of the pairing workflow goes through the API.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.db.models import (
    Challenge,
    MenteeChallenge,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    MentorshipRequest,
    Program,
    ProgramMembership,
)
from mentoring.lib.clock import utcnow
from tests.conftest import People, Person
from tests.outbox.support import smtp, test_clock  # noqa: F401  (fixtures of the follow-up tests)

FORMAL_TERMS: dict[str, Any] = {
    "frequency": "weekly",
    "session_minutes": 60,
    "duration_weeks": 12,
    "sessions": 10,
    "goals": ["find a job"],
    "confidentiality_text": "What is said in our sessions stays between us.",
    "confidentiality_version": 1,
}


@dataclass
class Workflow:
    """One programme and the people in it, with the HTTP steps of the workflow."""

    client: AsyncTestClient[Litestar]
    people: People
    engine: AsyncEngine
    program_id: str = ""
    coordinator: Person | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    async def create_program(self, *, formal: bool = False, trial_sessions: int = 1, **fields: Any) -> str:
        """A programme (informal terms unless ``formal``) with a coordinator of it."""
        async with session_scope(self.engine) as session:
            program = Program(
                slug=f"programme-{uuid.uuid4().hex[:8]}",
                name="Back to work",
                terms_kind="formal" if formal else "informal",
                terms=dict(FORMAL_TERMS) if formal else {"goals": [], "confidentiality_version": 1},
                trial_sessions=trial_sessions,
                contact_after_closure="You may stay in touch if you both wish.",
                **fields,
            )
            session.add(program)
            await session.flush()
            program_id = str(program.id)
        self.program_id = program_id
        self.coordinator = await self.people.coordinator(program_ids=[program_id])
        return program_id

    async def join(self, person: Person, role: str, program_id: str | None = None) -> None:
        """Make the person a member of the programme."""
        async with session_scope(self.engine) as session:
            session.add(
                ProgramMembership(
                    program_id=uuid.UUID(program_id or self.program_id),
                    user_id=uuid.UUID(person.id),
                    role=role,
                    joined_at=utcnow(),
                )
            )

    async def mentee(self, **kwargs: Any) -> Person:
        """A mentee who joined the programme."""
        person = await self.people.mentee(**kwargs)
        await self.join(person, "mentee")
        return person

    async def mentor(self, capacity: int = 2, **kwargs: Any) -> Person:
        """A mentor of the programme with this capacity."""
        person = await self.people.mentor(**kwargs)
        await self.join(person, "mentor")
        await self.set_capacity(person, capacity)
        return person

    async def set_capacity(self, mentor: Person, capacity: int) -> None:
        async with session_scope(self.engine) as session:
            await session.execute(
                update(MentorProfile)
                .where(MentorProfile.user_id == uuid.UUID(mentor.id))
                .values(capacity=capacity)
            )

    async def profile(self, person: Person, challenges: tuple[str, ...] = (), **fields: Any) -> None:
        """Fill in the person's mentee or mentor profile (and challenges, by taxonomy slug)."""
        user_id = uuid.UUID(person.id)
        async with session_scope(self.engine) as session:
            mentor = await session.scalar(select(MentorProfile).where(MentorProfile.user_id == user_id))
            profile: MentorProfile | MenteeProfile | None = mentor or await session.scalar(
                select(MenteeProfile).where(MenteeProfile.user_id == user_id)
            )
            assert profile is not None
            for name, value in fields.items():
                setattr(profile, name, value)
            for slug in challenges:
                challenge_id = await session.scalar(select(Challenge.id).where(Challenge.slug == slug))
                if mentor is not None:
                    session.add(MentorChallenge(mentor_id=profile.id, challenge_id=challenge_id, years_ago=3))
                else:
                    session.add(MenteeChallenge(mentee_id=profile.id, challenge_id=challenge_id))

    async def load(self, mentor: Person) -> tuple[int, int]:
        """(active_mentees, capacity) of a mentor, read from the database."""
        async with session_scope(self.engine) as session:
            row = (
                await session.execute(
                    select(MentorProfile.active_mentees, MentorProfile.capacity).where(
                        MentorProfile.user_id == uuid.UUID(mentor.id)
                    )
                )
            ).one()
            return row.active_mentees, row.capacity

    @property
    def coord(self) -> dict[str, str]:
        assert self.coordinator is not None
        return self.coordinator.headers

    async def request(self, mentee: Person, note: str = "") -> dict[str, Any]:
        response = await self.client.post(
            "/api/requests", json={"program_id": self.program_id, "note": note}, headers=mentee.headers
        )
        assert response.status_code == 201, response.text
        return response.json()

    async def propose(self, request_id: str, mentor: Person, score: float = 0.5) -> str:
        """A proposal in review, as a round would create it (bypasses the engine)."""
        from mentoring.domain.pairings.services.proposals import create_proposal

        async with session_scope(self.engine) as session:
            request = await session.get(MentorshipRequest, uuid.UUID(request_id))
            assert request is not None
            proposal = await create_proposal(
                session,
                request,
                uuid.UUID(mentor.id),
                score=score,
                factors=[
                    {"factor": "challenge", "contribution": score, "detail": "both lived through job loss"}
                ],
                reason="both lived through job loss",
                source="round",
                round_id=None,
                actor_id=None,
            )
            return str(proposal.id)

    async def approve(self, proposal_id: str, **body: Any) -> dict[str, Any]:
        response = await self.client.post(
            f"/api/proposals/{proposal_id}/approve", json=body, headers=self.coord
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def accept(self, proposal_id: str, person: Person) -> dict[str, Any]:
        response = await self.client.post(f"/api/proposals/{proposal_id}/accept", headers=person.headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def pair(self, mentee: Person, mentor: Person) -> dict[str, Any]:
        """Request, proposal, approval, both accept: the started pairing."""
        request = await self.request(mentee)
        proposal_id = await self.propose(request["id"], mentor)
        await self.approve(proposal_id)
        await self.accept(proposal_id, mentor)
        proposal = await self.accept(proposal_id, mentee)
        assert proposal["status"] == "accepted"
        response = await self.client.get(f"/api/pairings/{proposal['pairing_id']}", headers=mentee.headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def log_session(
        self, pairing_id: str, person: Person, note: str = "", held_on: str | None = None
    ) -> dict[str, Any]:
        response = await self.client.post(
            f"/api/pairings/{pairing_id}/sessions",
            json={
                "held_on": held_on or utcnow().date().isoformat(),
                "duration_minutes": 60,
                "format": "video",
                "private_note": note,
            },
            headers=person.headers,
        )
        assert response.status_code == 201, response.text
        return response.json()


@pytest.fixture
async def flow(client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine) -> Workflow:
    """A programme with informal terms and its coordinator."""
    workflow = Workflow(client, people, engine)
    await workflow.create_program()
    return workflow
