"""The access helpers other domains import, on the real database."""

from __future__ import annotations

from uuid import UUID

import pytest

from mentoring.db.engine import session_scope
from mentoring.db.models import UserAccount
from mentoring.domain.programs.scope import (
    coordinated_program_ids,
    coordinator_shares_program_with,
    require_coordinator_of,
    require_member,
)
from mentoring.lib.errors import ForbiddenError, NotFoundError
from tests.conftest import People
from tests.domain.programs.conftest import Cast


async def test_coordinated_program_ids(people: People, cast: Cast) -> None:
    async with session_scope(people.engine) as session:
        assert await coordinated_program_ids(session, UUID(cast.coordinator.id)) == {UUID(cast.program_id)}
        assert await coordinated_program_ids(session, UUID(cast.other_coordinator.id)) == {
            UUID(cast.other_program["id"])
        }
        assert await coordinated_program_ids(session, UUID(cast.mentee.id)) == set()


async def test_require_coordinator_of(people: People, cast: Cast) -> None:
    async with session_scope(people.engine) as session:
        owner = await session.get(UserAccount, UUID(cast.coordinator.id))
        other = await session.get(UserAccount, UUID(cast.other_coordinator.id))
        mentee = await session.get(UserAccount, UUID(cast.mentee.id))
        assert owner
        assert other
        assert mentee
        program = await require_coordinator_of(session, owner, UUID(cast.program_id))
        assert str(program.id) == cast.program_id
        for outsider in (other, mentee):
            with pytest.raises(ForbiddenError):
                await require_coordinator_of(session, outsider, UUID(cast.program_id))
        with pytest.raises(NotFoundError):
            await require_coordinator_of(session, owner, UUID(int=1))


async def test_coordinator_shares_program_with(client, people: People, cast: Cast) -> None:
    owner, other = UUID(cast.coordinator.id), UUID(cast.other_coordinator.id)
    async with session_scope(people.engine) as session:
        assert await coordinator_shares_program_with(session, owner, UUID(cast.mentee.id))
        assert await coordinator_shares_program_with(session, owner, UUID(cast.mentor.id))
        assert not await coordinator_shares_program_with(session, other, UUID(cast.mentee.id))
        assert not await coordinator_shares_program_with(session, owner, UUID(cast.other_coordinator.id))
    await client.delete(f"/api/memberships/{cast.mentee_membership}", headers=cast.mentee.headers)
    async with session_scope(people.engine) as session:
        assert not await coordinator_shares_program_with(session, owner, UUID(cast.mentee.id))


async def test_require_member(people: People, cast: Cast) -> None:
    program_id = UUID(cast.program_id)
    async with session_scope(people.engine) as session:
        membership = await require_member(session, UUID(cast.mentee.id), program_id, "mentee")
        assert str(membership.id) == cast.mentee_membership
        with pytest.raises(ForbiddenError):
            await require_member(session, UUID(cast.mentee.id), program_id, "mentor")
        with pytest.raises(ForbiddenError):
            await require_member(session, UUID(cast.mentee.id), UUID(cast.other_program["id"]), "mentee")
        with pytest.raises(NotFoundError):
            await require_member(session, UUID(cast.mentee.id), UUID(int=2), "mentee")
