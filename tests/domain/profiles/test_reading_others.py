"""Coordinators read their members' profiles (logged); linked mentors see a mentee's matching view."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from tests.domain.profiles.conftest import MENTEE_BODY, MENTOR_BODY, World, access_events, join


async def test_coordinator_reads_a_member_mentee_and_it_is_logged(client, world: World, db) -> None:
    await client.put("/api/me/mentee-profile", json=MENTEE_BODY, headers=world.mentee.headers)
    before = datetime.now(UTC)
    response = await client.get(f"/api/mentees/{world.mentee.id}/profile", headers=world.coordinator.headers)
    assert response.status_code == 200, response.text
    assert response.json()["challenges"] == ["addiction/alcohol"]
    [event] = await access_events(db, world.mentee)
    assert event.actor_id == uuid.UUID(world.coordinator.id)
    assert event.program_id == world.program.id
    assert event.field == "challenges"
    assert event.accessed_at >= before.replace(microsecond=0)
    await client.get(f"/api/mentees/{world.mentee.id}/profile", headers=world.coordinator.headers)
    assert len(await access_events(db, world.mentee)) == 2, "every read is logged"


async def test_coordinator_reads_a_member_mentor_and_it_is_logged(client, world: World, db) -> None:
    await client.put("/api/me/mentor-profile", json=MENTOR_BODY, headers=world.mentor.headers)
    response = await client.get(f"/api/mentors/{world.mentor.id}/profile", headers=world.coordinator.headers)
    assert response.status_code == 200, response.text
    assert response.json()["bio"] == MENTOR_BODY["bio"]
    [event] = await access_events(db, world.mentor)
    assert (event.actor_id, event.program_id) == (uuid.UUID(world.coordinator.id), world.program.id)


async def test_self_reads_are_not_logged(client, world: World, db) -> None:
    await client.get("/api/me/mentee-profile", headers=world.mentee.headers)
    await client.get("/api/me/mentor-profile", headers=world.mentor.headers)
    assert await access_events(db, world.mentee) == []
    assert await access_events(db, world.mentor) == []


async def test_coordinator_of_another_programme_gets_404_and_nothing_is_logged(
    client, world: World, db
) -> None:
    for url in (f"/api/mentees/{world.mentee.id}/profile", f"/api/mentors/{world.mentor.id}/profile"):
        response = await client.get(url, headers=world.other_coordinator.headers)
        assert response.status_code == 404, url
    assert await access_events(db, world.mentee) == []
    assert await access_events(db, world.mentor) == []


async def test_membership_role_must_match_the_profile_read(client, world: World, db) -> None:
    """A mentor of programme A who also holds a mentee profile: A's coordinator sees the mentor side only."""
    await client.put("/api/me/mentee-profile", json=MENTEE_BODY, headers=world.mentor.headers)
    mentee_side = await client.get(
        f"/api/mentees/{world.mentor.id}/profile", headers=world.coordinator.headers
    )
    assert mentee_side.status_code == 404
    await join(db, world.program, world.mentor, "mentee")
    mentee_side = await client.get(
        f"/api/mentees/{world.mentor.id}/profile", headers=world.coordinator.headers
    )
    assert mentee_side.status_code == 200


async def test_unknown_person_is_404_for_a_coordinator(client, world: World) -> None:
    for kind in ("mentees", "mentors"):
        response = await client.get(f"/api/{kind}/{uuid.uuid4()}/profile", headers=world.coordinator.headers)
        assert response.status_code == 404


@pytest.fixture
async def linked(client, world: World) -> World:
    """Link world.mentor to world.mentee for real: a request, a proposal by hand, approved and offered."""
    await client.put("/api/me/mentee-profile", json=MENTEE_BODY, headers=world.mentee.headers)
    await client.put("/api/me/mentor-profile", json=MENTOR_BODY, headers=world.mentor.headers)
    request = await client.post(
        "/api/requests", json={"program_id": str(world.program.id)}, headers=world.mentee.headers
    )
    assert request.status_code == 201, request.text
    proposal = await client.post(
        f"/api/requests/{request.json()['id']}/proposals",
        json={"mentor_id": world.mentor.id},
        headers=world.coordinator.headers,
    )
    assert proposal.status_code == 201, proposal.text
    approved = await client.post(
        f"/api/proposals/{proposal.json()['id']}/approve", json={}, headers=world.coordinator.headers
    )
    assert approved.status_code == 200, approved.text
    return world


async def test_linked_mentor_sees_only_the_matching_view(client, linked: World, db) -> None:
    await client.put("/api/me/mentee-profile", json=MENTEE_BODY, headers=linked.mentee.headers)
    url = f"/api/mentees/{linked.mentee.id}/matching-profile"
    response = await client.get(url, headers=linked.mentor.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {
        "user_id",
        "challenges",
        "support_wanted",
        "formats",
        "languages",
        "region",
        "timezone",
        "availability",
        "goals",
    }
    assert body["challenges"] == ["addiction/alcohol"]
    assert body["goals"] == MENTEE_BODY["goals"]
    assert linked.mentee.email not in response.text
    [event] = await access_events(db, linked.mentee)
    assert event.actor_id == uuid.UUID(linked.mentor.id)
    assert event.program_id is None


async def test_unlinked_people_never_see_the_matching_view(client, linked: World, db) -> None:
    url = f"/api/mentees/{linked.mentee.id}/matching-profile"
    for person in (linked.other_mentor, linked.other_mentee, linked.coordinator, linked.other_coordinator):
        assert (await client.get(url, headers=person.headers)).status_code == 404
    assert (await client.get(url)).status_code == 401
    assert await access_events(db, linked.mentee) == []


async def test_without_a_link_a_mentor_sees_nothing(client, world: World) -> None:
    response = await client.get(
        f"/api/mentees/{world.mentee.id}/matching-profile", headers=world.mentor.headers
    )
    assert response.status_code == 404
