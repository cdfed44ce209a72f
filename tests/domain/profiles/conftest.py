"""Programmes with coordinators and members, arranged directly in the database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import AccessEvent, AuditEvent, Program, ProgramMembership
from mentoring.lib.clock import utcnow
from tests.conftest import People, Person

MENTOR_BODY: dict[str, Any] = {
    "kind": "peer",
    "challenges": [{"slug": "addiction/alcohol", "years_ago": 6}, {"slug": "grief/parent"}],
    "support_offered": ["emotional", "practical"],
    "formats": ["video", "chat"],
    "region": "Île-de-France",
    "languages": ["fr", "en"],
    "timezone": "Europe/Paris",
    "availability": [
        {"weekday": 0, "start": "18:00", "end": "20:00"},
        {"weekday": 2, "start": "09:00", "end": "12:00"},
    ],
    "engagement": "informal",
    "bio": "Sober for six years.",
}

MENTEE_BODY: dict[str, Any] = {
    "challenges": ["addiction/alcohol"],
    "support_wanted": ["emotional"],
    "priorities": ["shared_experience", "availability", "language"],
    "formats": ["video"],
    "region": "Île-de-France",
    "languages": ["fr"],
    "timezone": "Europe/Paris",
    "availability": [{"weekday": 0, "start": "19:00", "end": "21:00"}],
    "frequency": "biweekly",
    "session_minutes": 45,
    "engagement": "informal",
    "mentor_kind": "peer",
    "goals": "Stay sober through the holidays.",
}


async def add_program(db: AsyncSession) -> Program:
    """A programme, committed so the app sees it."""
    program = Program(slug=f"prog-{uuid.uuid4().hex[:8]}", name="Recovery")
    db.add(program)
    await db.commit()
    return program


async def join(db: AsyncSession, program: Program, person: Person, role: str) -> None:
    """Make the person a member of the programme in that role, committed."""
    db.add(
        ProgramMembership(program_id=program.id, user_id=uuid.UUID(person.id), role=role, joined_at=utcnow())
    )
    await db.commit()


async def access_events(db: AsyncSession, subject: Person) -> list[AccessEvent]:
    """The access events recorded about a person."""
    await db.commit()  # a fresh snapshot: SQLite keeps the old one while a transaction is open
    rows = await db.scalars(select(AccessEvent).where(AccessEvent.subject_id == uuid.UUID(subject.id)))
    return list(rows)


async def audit_events(db: AsyncSession, entity: str, action: str | None = None) -> list[AuditEvent]:
    """The audit events about an entity kind (optionally one action), oldest first."""
    await db.commit()  # a fresh snapshot: SQLite keeps the old one while a transaction is open
    query = select(AuditEvent).where(AuditEvent.entity == entity).order_by(AuditEvent.occurred_at)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(await db.scalars(query))


@dataclass
class World:
    """Programme A (coordinator, a mentor and a mentee in it) and programme B (its own coordinator).

    ``other_mentee`` and ``other_mentor`` belong to programme B only.
    """

    program: Program
    other_program: Program
    coordinator: Person
    other_coordinator: Person
    mentor: Person
    mentee: Person
    other_mentor: Person
    other_mentee: Person


@pytest.fixture
async def world(people: People, db: AsyncSession) -> World:
    """Two programmes with their coordinators and members."""
    program, other_program = await add_program(db), await add_program(db)
    mentor, mentee = await people.mentor(), await people.mentee()
    other_mentor, other_mentee = await people.mentor(), await people.mentee()
    await join(db, program, mentor, "mentor")
    await join(db, program, mentee, "mentee")
    await join(db, other_program, other_mentor, "mentor")
    await join(db, other_program, other_mentee, "mentee")
    return World(
        program=program,
        other_program=other_program,
        coordinator=await people.coordinator([str(program.id)]),
        other_coordinator=await people.coordinator([str(other_program.id)]),
        mentor=mentor,
        mentee=mentee,
        other_mentor=other_mentor,
        other_mentee=other_mentee,
    )
