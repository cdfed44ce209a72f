"""Coordinators add and remove fellow coordinators, only in programmes they coordinate."""

from __future__ import annotations

from uuid import UUID

from tests.conftest import People
from tests.domain.programs.conftest import Cast, audit_actions, create_program


async def test_coordinator_adds_then_removes_a_fellow_coordinator(client, people: People, cast: Cast) -> None:
    url = f"/api/programs/{cast.program_id}/coordinators"
    added = await client.post(
        url, json={"user_id": cast.other_coordinator.id}, headers=cast.coordinator.headers
    )
    assert added.status_code == 201, added.text
    assert added.json()["user_id"] == cast.other_coordinator.id
    # The newcomer now acts in the programme: edits it, sees its members and coordinators.
    newcomer = cast.other_coordinator.headers
    edit = await client.patch(f"/api/programs/{cast.program_id}", json={"name": "Shared"}, headers=newcomer)
    assert edit.status_code == 200
    listing = await client.get(url, headers=newcomer)
    assert [c["user_id"] for c in listing.json()["items"]] == [cast.coordinator.id, cast.other_coordinator.id]
    members = await client.get(f"/api/programs/{cast.program_id}/members", headers=newcomer)
    assert members.status_code == 200
    removed = await client.delete(f"{url}/{cast.other_coordinator.id}", headers=cast.coordinator.headers)
    assert removed.status_code == 204
    after = await client.patch(f"/api/programs/{cast.program_id}", json={"name": "Mine"}, headers=newcomer)
    assert after.status_code == 403
    trail = [(a, d) for a, d in await audit_actions(people.engine, cast.program_id) if "coordinator" in a]
    assert trail == [
        ("program.coordinator_added", {"user_id": cast.other_coordinator.id}),
        ("program.coordinator_removed", {"user_id": cast.other_coordinator.id}),
    ]


async def test_the_last_coordinator_cannot_be_removed(client, cast: Cast) -> None:
    url = f"/api/programs/{cast.program_id}/coordinators/{cast.coordinator.id}"
    response = await client.delete(url, headers=cast.coordinator.headers)
    assert response.status_code == 409
    assert "without coordinators" in response.json()["detail"]


async def test_a_coordinator_may_step_down_when_another_remains(client, cast: Cast) -> None:
    base = f"/api/programs/{cast.program_id}/coordinators"
    await client.post(base, json={"user_id": cast.other_coordinator.id}, headers=cast.coordinator.headers)
    response = await client.delete(f"{base}/{cast.coordinator.id}", headers=cast.coordinator.headers)
    assert response.status_code == 204
    listing = await client.get(base, headers=cast.other_coordinator.headers)
    assert [c["user_id"] for c in listing.json()["items"]] == [cast.other_coordinator.id]
    last = await client.delete(f"{base}/{cast.other_coordinator.id}", headers=cast.other_coordinator.headers)
    assert last.status_code == 409


async def test_only_existing_coordinator_accounts_can_be_added(client, cast: Cast) -> None:
    url = f"/api/programs/{cast.program_id}/coordinators"
    headers = cast.coordinator.headers
    for user_id in (cast.mentee.id, cast.mentor.id, str(UUID(int=5))):
        response = await client.post(url, json={"user_id": user_id}, headers=headers)
        assert response.status_code == 404, user_id
    twice = await client.post(url, json={"user_id": cast.coordinator.id}, headers=headers)
    assert twice.status_code == 409
    sneaky = await client.post(url, json={"user_id": cast.other_coordinator.id, "role": "x"}, headers=headers)
    assert sneaky.status_code == 400


async def test_removing_someone_who_does_not_coordinate_it_is_a_404(client, cast: Cast) -> None:
    url = f"/api/programs/{cast.program_id}/coordinators/{cast.other_coordinator.id}"
    response = await client.delete(url, headers=cast.coordinator.headers)
    assert response.status_code == 404


async def test_coordinators_cannot_add_themselves_to_someone_elses_programme(
    client, people: People, cast: Cast
) -> None:
    url = f"/api/programs/{cast.program_id}/coordinators"
    response = await client.post(
        url, json={"user_id": cast.other_coordinator.id}, headers=cast.other_coordinator.headers
    )
    assert response.status_code == 403
    mine = await create_program(client, cast.other_coordinator)
    foreign = await client.post(
        f"/api/programs/{mine['id']}/coordinators",
        json={"user_id": cast.other_coordinator.id},
        headers=cast.coordinator.headers,
    )
    assert foreign.status_code == 403
