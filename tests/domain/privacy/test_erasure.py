"""DELETE /api/me: re-authenticated, all-or-nothing, audited, and the last coordinator must hand over."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentoring.app import privacy_sections
from mentoring.db.engine import session_scope
from mentoring.db.models import (
    AccessEvent,
    AuditEvent,
    MenteeChallenge,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    ProgramCoordinator,
    ProgramMembership,
    Qualification,
    UserAccount,
)
from mentoring.domain.privacy.services import PrivacyService
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError
from mentoring.lib.privacy import PrivacySection
from tests.conftest import PASSWORD, People
from tests.domain.privacy.helpers import (
    give_mentee_challenges,
    give_mentor_challenges,
    join,
    make_program,
    read_challenges,
)


async def erase(client, person, password: str = PASSWORD):
    return await client.request("DELETE", "/api/me", json={"password": password}, headers=person.headers)


async def count(engine, model, **where: Any) -> int:
    async with session_scope(engine) as session:
        clauses = [getattr(model, k) == (UUID(v) if k.endswith("_id") else v) for k, v in where.items()]
        return int(await session.scalar(select(func.count()).select_from(model).where(*clauses)) or 0)


async def account(engine, user_id: str) -> UserAccount:
    async with session_scope(engine) as session:
        user = await session.get(UserAccount, UUID(user_id))
        assert user is not None
        return user


async def test_erasure_removes_personal_data_and_the_token_stops_working(
    client, engine, people: People
) -> None:
    program_id = await make_program(engine)
    mentee = await people.mentee(name="Sam Doe")
    await join(engine, program_id, mentee.id, "mentee")
    await give_mentee_challenges(engine, mentee.id, "addiction/drugs")

    response = await erase(client, mentee)

    assert response.status_code == 204, response.text
    assert (await client.get("/api/me", headers=mentee.headers)).status_code == 401
    assert (await client.get("/api/me/export", headers=mentee.headers)).status_code == 401
    login = await client.post("/api/auth/login", json={"email": mentee.email, "password": PASSWORD})
    assert login.status_code == 401
    user = await account(engine, mentee.id)
    assert user.erased_at is not None
    assert user.display_name == "Erased user"
    assert user.email.endswith(".invalid")
    assert mentee.email.split("@")[0] not in user.email
    assert "argon2" not in user.password_hash
    assert await count(engine, MenteeProfile, user_id=mentee.id) == 0
    assert await count(engine, MenteeChallenge) == 0
    assert await count(engine, ProgramMembership, user_id=mentee.id) == 0


async def test_mentor_erasure_removes_challenges_and_qualifications(client, engine, people: People) -> None:
    mentor = await people.mentor()
    await give_mentor_challenges(engine, mentor.id, "addiction/alcohol", "grief/parent")

    assert (await erase(client, mentor)).status_code == 204

    assert await count(engine, MentorProfile, user_id=mentor.id) == 0
    assert await count(engine, MentorChallenge) == 0
    assert await count(engine, Qualification) == 0


async def test_erasure_is_audited_without_personal_data_and_keeps_aggregates(
    client, engine, people: People
) -> None:
    program_id = await make_program(engine)
    coordinator = await people.coordinator(program_ids=[program_id])
    mentee = await people.mentee(name="Very Unique Name")
    await read_challenges(engine, coordinator.id, mentee.id, program_id)
    async with session_scope(engine) as session:
        earlier = AuditEvent(
            actor_id=UUID(mentee.id),
            entity="mentee_profile",
            entity_id=UUID(mentee.id),
            action="updated",
            occurred_at=utcnow(),
        )
        session.add(earlier)
    earlier_id = earlier.id

    assert (await erase(client, mentee)).status_code == 204

    async with session_scope(engine) as session:
        events = list(await session.scalars(select(AuditEvent).where(AuditEvent.actor_id == UUID(mentee.id))))
        reads = await session.scalar(
            select(func.count()).select_from(AccessEvent).where(AccessEvent.subject_id == UUID(mentee.id))
        )
    assert earlier_id in {e.id for e in events}
    [erasure] = [e for e in events if e.action == "erased"]
    assert erasure.entity == "user_account"
    assert erasure.entity_id == UUID(mentee.id)
    assert "Very Unique Name" not in str(erasure.data)
    assert mentee.email not in str(erasure.data)
    assert reads == 1


async def test_wrong_password_refuses_and_changes_nothing(client, engine, people: People) -> None:
    mentee = await people.mentee()

    response = await erase(client, mentee, password="not my password at all")

    assert response.status_code == 403
    assert "password" in response.json()["detail"]
    assert (await client.get("/api/me", headers=mentee.headers)).status_code == 200


async def test_erasure_needs_the_password_field(client, people: People) -> None:
    mentee = await people.mentee()
    response = await client.request("DELETE", "/api/me", json={}, headers=mentee.headers)
    assert response.status_code == 400
    assert "password" in response.json()["detail"]


async def test_last_coordinator_must_hand_over_before_erasing(client, engine, people: People) -> None:
    program_id = await make_program(engine, "Grief peer support")
    coordinator = await people.coordinator(program_ids=[program_id])

    refused = await erase(client, coordinator)

    assert refused.status_code == 409
    assert "last coordinator" in refused.json()["detail"]
    assert "Grief peer support" in refused.json()["detail"]
    assert refused.json()["extra"] == {"program_ids": [program_id]}
    assert (await client.get("/api/me", headers=coordinator.headers)).status_code == 200
    successor = await people.coordinator(program_ids=[program_id])

    assert (await erase(client, coordinator)).status_code == 204

    assert await count(engine, ProgramCoordinator, program_id=program_id) == 1
    assert (await client.get("/api/me", headers=successor.headers)).status_code == 200
    # The successor is now the last one.
    assert (await erase(client, successor)).status_code == 409


async def test_a_coordinator_without_programmes_may_erase(client, people: People) -> None:
    coordinator = await people.coordinator()
    assert (await erase(client, coordinator)).status_code == 204


async def test_erasure_is_all_or_nothing_when_a_late_eraser_fails(client, engine, people: People) -> None:
    program_id = await make_program(engine)
    mentee = await people.mentee(name="Kept Intact")
    await join(engine, program_id, mentee.id, "mentee")
    await give_mentee_challenges(engine, mentee.id, "grief/partner")

    async def fail(session: Any, user_id: UUID) -> None:
        raise ConflictError("test eraser refuses")

    # Listed after the account itself, which is anonymised by then.
    sections = [*privacy_sections(), PrivacySection("test_failing", erase=fail)]

    async def erase_in_one_transaction() -> None:
        async with session_scope(engine) as session:  # commits at the end, as a request does
            user = await session.get(UserAccount, UUID(mentee.id))
            assert user is not None
            await PrivacyService(session, sections).erase(user, PASSWORD)

    with pytest.raises(ConflictError, match="test eraser refuses"):
        await erase_in_one_transaction()

    user = await account(engine, mentee.id)
    assert user.erased_at is None
    assert user.display_name == "Kept Intact"
    assert await count(engine, MenteeChallenge) == 1
    assert await count(engine, ProgramMembership, user_id=mentee.id) == 1
    assert await count(engine, AuditEvent, action="erased") == 0
    assert (await client.get("/api/me", headers=mentee.headers)).status_code == 200


async def test_the_email_is_free_again_after_erasure(client, people: People) -> None:
    mentee = await people.mentee()
    assert (await erase(client, mentee)).status_code == 204
    again = await client.post(
        "/api/auth/signup",
        json={"email": mentee.email, "password": PASSWORD, "display_name": "New", "role": "mentee"},
    )
    assert again.status_code == 201, again.text


async def test_two_coordinators_erasing_at_once_leave_the_programme_one(
    engine, people: People, backend: str
) -> None:
    if backend != "postgres":
        pytest.skip("SQLite serialises writers: the second erasure fails with 'busy' (a 409) instead")
    program_id = await make_program(engine)
    first = await people.coordinator(program_ids=[program_id])
    second = await people.coordinator(program_ids=[program_id])
    maker = async_sessionmaker(engine, expire_on_commit=False)

    async def erase_in(session: AsyncSession, user_id: str) -> None:
        user = await session.get(UserAccount, UUID(user_id))
        assert user is not None
        await PrivacyService(session, privacy_sections()).erase(user, PASSWORD)

    async with maker() as session_a, maker() as session_b:
        await erase_in(session_a, first.id)  # not committed yet
        racing = asyncio.create_task(erase_in(session_b, second.id))
        # Without the programme lock the second erasure would finish now, both seeing the other stay.
        done, _ = await asyncio.wait({racing}, timeout=1)
        assert not done, "the second erasure did not wait for the first"
        await session_a.commit()
        with pytest.raises(ConflictError, match="last coordinator"):
            await racing
        await session_b.rollback()

    assert await count(engine, ProgramCoordinator, program_id=program_id) == 1
