"""Helpers for the programs domain: programmes made through the API, a cast of people around one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.db.models import AuditEvent, MentorProfile
from tests.conftest import People, Person

FORMAL = {
    "kind": "formal",
    "frequency": "weekly",
    "session_minutes": 60,
    "duration_weeks": 12,
    "sessions": 10,
    "goals": ["Find a routine", "Rebuild a support network"],
    "confidentiality_text": "What is said in a session stays in the session.",
}


def program_body(**overrides: Any) -> dict[str, Any]:
    """A valid programme creation body with a unique slug."""
    import uuid

    body: dict[str, Any] = {
        "name": "Grief support",
        "slug": f"grief-{uuid.uuid4().hex[:8]}",
        "description": "Peer support after a loss.",
        "themes": ["grief", "grief/partner"],
        "region_scope": ["Île-de-France"],
        "trial_sessions": 2,
        "proposal_deadline_days": 5,
        "waiting_target_days": 21,
        "contact_after_closure": "You may stay in touch if you both wish.",
        "terms": FORMAL,
    }
    body.update(overrides)
    return body


async def create_program(
    client: AsyncTestClient[Litestar], coordinator: Person, **overrides: Any
) -> dict[str, Any]:
    """Create a programme through the API as this coordinator."""
    response = await client.post("/api/programs", json=program_body(**overrides), headers=coordinator.headers)
    assert response.status_code == 201, response.text
    return response.json()


async def make_professional(engine: AsyncEngine, person: Person) -> None:
    """Turn a mentor's profile into a professional's (the profiles domain owns that route)."""
    async with session_scope(engine) as session:
        await session.execute(
            update(MentorProfile).where(MentorProfile.user_id == UUID(person.id)).values(kind="professional")
        )


async def audit_actions(engine: AsyncEngine, entity_id: str) -> list[tuple[str, dict[str, Any]]]:
    """The audit trail of one entity, oldest first."""
    async with session_scope(engine) as session:
        rows = await session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == UUID(entity_id)).order_by(AuditEvent.occurred_at)
        )
        return [(e.action, e.data) for e in rows]


@dataclass
class Cast:
    """A programme with its coordinator, a member mentee and mentor, and outsiders of every kind."""

    program: dict[str, Any]
    coordinator: Person
    other_coordinator: Person
    other_program: dict[str, Any]
    mentee: Person
    mentor: Person
    mentee_membership: str
    mentor_membership: str

    @property
    def program_id(self) -> str:
        return str(self.program["id"])


@pytest.fixture
async def cast(client: AsyncTestClient[Litestar], people: People) -> Cast:
    """One programme with members, and a coordinator of another programme."""
    coordinator = await people.coordinator()
    other_coordinator = await people.coordinator()
    program = await create_program(client, coordinator)
    other_program = await create_program(client, other_coordinator, name="Addiction recovery")
    mentee = await people.mentee()
    mentor = await people.mentor()
    ids = []
    for person, role in ((mentee, "mentee"), (mentor, "mentor")):
        joined = await client.post(
            f"/api/programs/{program['id']}/memberships", json={"role": role}, headers=person.headers
        )
        assert joined.status_code == 201, joined.text
        ids.append(joined.json()["id"])
    return Cast(program, coordinator, other_coordinator, other_program, mentee, mentor, ids[0], ids[1])
