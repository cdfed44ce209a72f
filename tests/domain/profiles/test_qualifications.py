"""Mentors list qualifications; only a coordinator of their programme verifies them."""

from __future__ import annotations

import uuid

from tests.conftest import People
from tests.domain.profiles.conftest import World, add_program, audit_events, join

QUALIFICATION = {"title": "Licensed addiction counsellor", "issuer": "State board", "document_ref": "LIC-42"}


async def _add(client, person) -> dict:
    response = await client.post(
        "/api/me/mentor-profile/qualifications", json=QUALIFICATION, headers=person.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_add_edit_delete_own_qualification(client, people: People) -> None:
    mentor = await people.mentor()
    added = await _add(client, mentor)
    assert added["verified_at"] is None
    assert added["title"] == QUALIFICATION["title"]
    url = f"/api/me/mentor-profile/qualifications/{added['id']}"
    edited = await client.patch(url, json={"issuer": "Another board"}, headers=mentor.headers)
    assert edited.status_code == 200, edited.text
    assert edited.json()["issuer"] == "Another board"
    profile = await client.get("/api/me/mentor-profile", headers=mentor.headers)
    assert [q["id"] for q in profile.json()["qualifications"]] == [added["id"]]
    assert (await client.delete(url, headers=mentor.headers)).status_code == 204
    assert (await client.delete(url, headers=mentor.headers)).status_code == 404
    profile = await client.get("/api/me/mentor-profile", headers=mentor.headers)
    assert profile.json()["qualifications"] == []


async def test_qualification_body_cannot_carry_verification(client, people: People) -> None:
    mentor = await people.mentor()
    sneaky = await client.post(
        "/api/me/mentor-profile/qualifications",
        json={**QUALIFICATION, "verified_at": "2024-01-01T00:00:00Z"},
        headers=mentor.headers,
    )
    assert sneaky.status_code == 400
    assert "verified_at" in sneaky.json()["detail"]
    added = await _add(client, mentor)
    patch = await client.patch(
        f"/api/me/mentor-profile/qualifications/{added['id']}",
        json={"verified_by_id": str(uuid.uuid4())},
        headers=mentor.headers,
    )
    assert patch.status_code == 400
    for field in ("title", "issuer", "document_ref"):
        nul = await client.post(
            "/api/me/mentor-profile/qualifications",
            json={**QUALIFICATION, field: "a\x00b"},
            headers=mentor.headers,
        )
        assert nul.status_code == 400, field
        assert "NUL" in nul.json()["detail"] or field in nul.json()["detail"]


async def test_mentee_without_mentor_profile_cannot_add(client, people: People) -> None:
    mentee = await people.mentee()
    response = await client.post(
        "/api/me/mentor-profile/qualifications", json=QUALIFICATION, headers=mentee.headers
    )
    assert response.status_code == 404


async def test_coordinator_of_the_mentors_programme_verifies(client, world: World, db) -> None:
    added = await _add(client, world.mentor)
    url = f"/api/qualifications/{added['id']}/verification"
    verified = await client.post(url, headers=world.coordinator.headers)
    assert verified.status_code == 200, verified.text
    assert verified.json()["verified_by_id"] == world.coordinator.id
    assert verified.json()["verified_at"] is not None
    assert (await client.post(url, headers=world.coordinator.headers)).status_code == 409
    profile = await client.get("/api/me/mentor-profile", headers=world.mentor.headers)
    assert profile.json()["qualifications"][0]["verified_at"] is not None
    [event] = await audit_events(db, "qualification", "verified")
    assert event.actor_id == uuid.UUID(world.coordinator.id)
    assert event.entity_id == uuid.UUID(added["id"])
    assert event.data["program_id"] == str(world.program.id)
    assert "LIC-42" not in str(event.data)
    assert "counsellor" not in str(event.data)

    revoked = await client.delete(url, headers=world.coordinator.headers)
    assert revoked.status_code == 200
    assert revoked.json()["verified_at"] is None
    assert (await client.delete(url, headers=world.coordinator.headers)).status_code == 409
    assert len(await audit_events(db, "qualification", "verification_revoked")) == 1


async def test_wrong_people_cannot_verify(client, world: World, people: People, db) -> None:
    added = await _add(client, world.mentor)
    url = f"/api/qualifications/{added['id']}/verification"
    assert (await client.post(url, headers=world.other_coordinator.headers)).status_code == 404
    for person in (world.mentor, world.mentee, world.other_mentor):
        assert (await client.post(url, headers=person.headers)).status_code == 403
    assert (await client.post(url)).status_code == 401
    unknown = f"/api/qualifications/{uuid.uuid4()}/verification"
    assert (await client.post(unknown, headers=world.coordinator.headers)).status_code == 404
    assert await audit_events(db, "qualification") == []


async def test_membership_as_mentee_does_not_let_a_coordinator_verify(client, world: World, db) -> None:
    """The coordinator's programme holds the person as a mentee only, not as a mentor."""
    await join(db, world.program, world.other_mentor, "mentee")
    added = await _add(client, world.other_mentor)
    url = f"/api/qualifications/{added['id']}/verification"
    assert (await client.post(url, headers=world.coordinator.headers)).status_code == 404


async def test_coordinator_cannot_verify_their_own_qualification(client, people: People, db) -> None:
    program = await add_program(db)
    coordinator = await people.coordinator([str(program.id)])
    await client.put("/api/me/mentor-profile", json={"kind": "professional"}, headers=coordinator.headers)
    await join(db, program, coordinator, "mentor")
    added = await _add(client, coordinator)
    response = await client.post(
        f"/api/qualifications/{added['id']}/verification", headers=coordinator.headers
    )
    assert response.status_code == 403


async def test_editing_a_verified_qualification_unverifies_it(client, world: World, db) -> None:
    added = await _add(client, world.mentor)
    await client.post(f"/api/qualifications/{added['id']}/verification", headers=world.coordinator.headers)
    url = f"/api/me/mentor-profile/qualifications/{added['id']}"
    same = await client.patch(url, json={"title": QUALIFICATION["title"]}, headers=world.mentor.headers)
    assert same.json()["verified_at"] is not None, "an edit that changes nothing keeps the verification"
    edited = await client.patch(url, json={"document_ref": "LIC-43"}, headers=world.mentor.headers)
    assert edited.status_code == 200
    assert edited.json()["verified_at"] is None
    assert edited.json()["verified_by_id"] is None
    [event] = await audit_events(db, "qualification", "verification_withdrawn")
    assert event.actor_id == uuid.UUID(world.mentor.id)
    assert event.data["fields"] == ["document_ref"]


async def test_mentor_cannot_touch_another_mentors_qualification(client, world: World) -> None:
    added = await _add(client, world.mentor)
    url = f"/api/me/mentor-profile/qualifications/{added['id']}"
    for person in (world.other_mentor, world.mentee, world.coordinator):
        assert (await client.patch(url, json={"title": "Mine"}, headers=person.headers)).status_code == 404
        assert (await client.delete(url, headers=person.headers)).status_code == 404
    profile = await client.get("/api/me/mentor-profile", headers=world.mentor.headers)
    assert profile.json()["qualifications"][0]["title"] == QUALIFICATION["title"]
