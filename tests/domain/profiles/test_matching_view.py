"""Bulk loaders for the matching adapter: right content, a fixed number of queries."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.models import UserAccount
from mentoring.domain.profiles.matching_view import load_mentee_views, load_mentor_views, load_program_views
from mentoring.lib.clock import utcnow
from tests.conftest import People
from tests.domain.profiles.conftest import MENTEE_BODY, MENTOR_BODY, World, join


@contextmanager
def count_queries(engine: AsyncEngine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_mentor_views_carry_challenges_availability_and_verified_count(
    client, world: World, db
) -> None:
    await client.put("/api/me/mentor-profile", json=MENTOR_BODY, headers=world.mentor.headers)
    added = await client.post(
        "/api/me/mentor-profile/qualifications",
        json={"title": "Nurse", "issuer": "Board"},
        headers=world.mentor.headers,
    )
    await client.post(
        f"/api/qualifications/{added.json()['id']}/verification", headers=world.coordinator.headers
    )
    await db.commit()
    [view] = await load_mentor_views(db, [uuid.UUID(world.mentor.id)])
    assert view.user_id == uuid.UUID(world.mentor.id)
    assert [(c.slug, c.years_ago) for c in view.challenges] == [
        ("addiction/alcohol", 6.0),
        ("grief/parent", None),
    ]
    # Paris 18:00-20:00 Monday and 09:00-12:00 Wednesday, UTC+1 in the reference week.
    assert view.availability_utc == [(17 * 60, 19 * 60), (2 * 1440 + 8 * 60, 2 * 1440 + 11 * 60)]
    assert view.verified_qualifications == 1
    assert view.free_places == 1
    assert view.languages == ["fr", "en"]


async def test_mentee_views_and_missing_or_erased_people_are_left_out(client, people: People, db) -> None:
    mentee, erased, mentor_only = await people.mentee(), await people.mentee(), await people.mentor()
    for person in (mentee, erased):
        await client.put("/api/me/mentee-profile", json=MENTEE_BODY, headers=person.headers)
    await db.execute(
        update(UserAccount).where(UserAccount.id == uuid.UUID(erased.id)).values(erased_at=utcnow())
    )
    await db.commit()
    views = await load_mentee_views(db, [uuid.UUID(p.id) for p in (mentee, erased, mentor_only)])
    assert [v.user_id for v in views] == [uuid.UUID(mentee.id)]
    [view] = views
    assert view.challenges == ["addiction/alcohol"]
    assert view.priorities == MENTEE_BODY["priorities"]
    assert view.availability_utc == [(18 * 60, 20 * 60)]


async def test_program_loading_uses_a_fixed_number_of_queries(
    client, people: People, world: World, db, engine: AsyncEngine
) -> None:
    for _ in range(3):
        mentor, mentee = await people.mentor(), await people.mentee()
        await client.put("/api/me/mentor-profile", json=MENTOR_BODY, headers=mentor.headers)
        await client.put("/api/me/mentee-profile", json=MENTEE_BODY, headers=mentee.headers)
        await join(db, world.program, mentor, "mentor")
        await join(db, world.program, mentee, "mentee")
    await db.commit()
    with count_queries(engine) as statements:
        mentors, mentees = await load_program_views(db, world.program.id)
    assert len(mentors) == 4
    assert len(mentees) == 4
    assert sum(1 for m in mentors if m.challenges) == 3
    assert len(statements) <= 7, statements
