"""Mentees and mentors join and leave programmes; coordinators see who belongs."""

from __future__ import annotations

from uuid import UUID

from tests.conftest import People
from tests.domain.programs.conftest import Cast, audit_actions, create_program, make_professional


async def test_members_list_their_memberships_and_leave(client, people: People, cast: Cast) -> None:
    mine = await client.get("/api/memberships", headers=cast.mentee.headers)
    assert mine.status_code == 200
    [membership] = mine.json()["items"]
    assert membership["id"] == cast.mentee_membership
    assert membership["program_id"] == cast.program_id
    assert membership["program_slug"] == cast.program["slug"]
    assert membership["role"] == "mentee"
    left = await client.delete(f"/api/memberships/{cast.mentee_membership}", headers=cast.mentee.headers)
    assert left.status_code == 204
    assert (await client.get("/api/memberships", headers=cast.mentee.headers)).json()["items"] == []
    again = await client.delete(f"/api/memberships/{cast.mentee_membership}", headers=cast.mentee.headers)
    assert again.status_code == 404
    trail = await audit_actions(people.engine, cast.mentee_membership)
    expected = {"program_id": cast.program_id, "user_id": cast.mentee.id, "role": "mentee"}
    assert trail == [("membership.joined", expected), ("membership.left", expected)]
    rejoin = await client.post(
        f"/api/programs/{cast.program_id}/memberships", json={"role": "mentee"}, headers=cast.mentee.headers
    )
    assert rejoin.status_code == 201


async def test_nobody_leaves_for_someone_else(client, cast: Cast) -> None:
    for person in (cast.mentor, cast.coordinator, cast.other_coordinator):
        response = await client.delete(f"/api/memberships/{cast.mentee_membership}", headers=person.headers)
        assert response.status_code == 404
    still = await client.get("/api/memberships", headers=cast.mentee.headers)
    assert len(still.json()["items"]) == 1


async def test_joining_twice_is_a_409(client, cast: Cast) -> None:
    response = await client.post(
        f"/api/programs/{cast.program_id}/memberships", json={"role": "mentor"}, headers=cast.mentor.headers
    )
    assert response.status_code == 409


async def test_joining_needs_the_matching_profile(client, cast: Cast) -> None:
    url = f"/api/programs/{cast.program_id}/memberships"
    as_mentor = await client.post(url, json={"role": "mentor"}, headers=cast.mentee.headers)
    assert as_mentor.status_code == 403
    assert "mentor profile" in as_mentor.json()["detail"]
    as_mentee = await client.post(url, json={"role": "mentee"}, headers=cast.mentor.headers)
    assert as_mentee.status_code == 403
    coordinator = await client.post(url, json={"role": "mentee"}, headers=cast.coordinator.headers)
    assert coordinator.status_code == 403
    bad_role = await client.post(url, json={"role": "coordinator"}, headers=cast.mentee.headers)
    assert bad_role.status_code == 400
    missing = await client.post(
        f"/api/programs/{UUID(int=9)}/memberships", json={"role": "mentee"}, headers=cast.mentee.headers
    )
    assert missing.status_code == 404


async def test_professional_only_programme_refuses_peer_mentors(client, people: People) -> None:
    coordinator = await people.coordinator()
    program = await create_program(client, coordinator, mentors_must_be_professional=True)
    url = f"/api/programs/{program['id']}/memberships"
    peer = await people.mentor()
    refused = await client.post(url, json={"role": "mentor"}, headers=peer.headers)
    assert refused.status_code == 409
    assert "professional mentors only" in refused.json()["detail"]
    professional = await people.mentor()
    await make_professional(people.engine, professional)
    accepted = await client.post(url, json={"role": "mentor"}, headers=professional.headers)
    assert accepted.status_code == 201
    mentee = await people.mentee()
    assert (await client.post(url, json={"role": "mentee"}, headers=mentee.headers)).status_code == 201


async def test_coordinators_see_members_but_nothing_of_their_profiles(
    client, people: People, cast: Cast
) -> None:
    url = f"/api/programs/{cast.program_id}/members"
    response = await client.get(url, headers=cast.coordinator.headers)
    assert response.status_code == 200
    members = response.json()["items"]
    assert response.json()["total"] == 2
    assert [(m["user_id"], m["role"]) for m in members] == [
        (cast.mentee.id, "mentee"),
        (cast.mentor.id, "mentor"),
    ]
    assert set(members[0]) == {"user_id", "display_name", "role", "joined_at"}
    mentors = await client.get(url, params={"role": "mentor"}, headers=cast.coordinator.headers)
    assert [m["user_id"] for m in mentors.json()["items"]] == [cast.mentor.id]
    assert mentors.json()["total"] == 1
    page = await client.get(url, params={"limit": 1, "offset": 1}, headers=cast.coordinator.headers)
    assert [m["user_id"] for m in page.json()["items"]] == [cast.mentor.id]
    assert (page.json()["total"], page.json()["limit"], page.json()["offset"]) == (2, 1, 1)
    too_many = await client.get(url, params={"limit": 201}, headers=cast.coordinator.headers)
    assert too_many.status_code == 400
    # Members of another programme are not listed here.
    elsewhere = await people.mentee()
    await client.post(
        f"/api/programs/{cast.other_program['id']}/memberships",
        json={"role": "mentee"},
        headers=elsewhere.headers,
    )
    again = await client.get(url, headers=cast.coordinator.headers)
    assert elsewhere.id not in {m["user_id"] for m in again.json()["items"]}


async def test_a_person_can_be_mentee_in_one_programme_and_member_of_several(
    client, people: People, cast: Cast
) -> None:
    joined = await client.post(
        f"/api/programs/{cast.other_program['id']}/memberships",
        json={"role": "mentee"},
        headers=cast.mentee.headers,
    )
    assert joined.status_code == 201
    mine = await client.get("/api/memberships", headers=cast.mentee.headers)
    assert {m["program_id"] for m in mine.json()["items"]} == {cast.program_id, cast.other_program["id"]}
