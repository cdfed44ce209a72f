"""Who read my challenges (GET /api/me/access-log) and a programme's access events for its coordinators."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import PASSWORD, People
from tests.domain.privacy.helpers import make_program, read_challenges


async def test_my_access_log_names_who_read_my_challenges_newest_first(
    client, engine, people: People
) -> None:
    program_id = await make_program(engine, "Recovery from addiction")
    coordinator = await people.coordinator(program_ids=[program_id])
    mentor = await people.mentor(name="Morgan")
    mentee, other = await people.mentee(), await people.mentee()
    await read_challenges(engine, coordinator.id, mentee.id, program_id)
    await read_challenges(engine, mentor.id, mentee.id, None)
    await read_challenges(engine, coordinator.id, other.id, program_id)

    response = await client.get("/api/me/access-log", headers=mentee.headers)

    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == 2
    first, second = page["items"]
    assert first["actor_id"] == mentor.id
    assert first["actor_display_name"] == "Morgan"
    assert first["actor_role"] == "mentor"
    assert first["program_id"] is None
    assert second["actor_id"] == coordinator.id
    assert second["actor_role"] == "coordinator"
    assert second["program_name"] == "Recovery from addiction"
    assert second["field"] == "challenges"
    assert first["accessed_at"] >= second["accessed_at"]


async def test_access_log_pages(client, engine, people: People) -> None:
    coordinator = await people.coordinator()
    mentee = await people.mentee()
    for _ in range(3):
        await read_challenges(engine, coordinator.id, mentee.id, None)

    page = (await client.get("/api/me/access-log?limit=2&offset=2", headers=mentee.headers)).json()

    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (3, 2, 2, 1)


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "offset=-1", "limit=many"])
async def test_access_log_bounds_are_a_clear_400(client, people: People, query: str) -> None:
    mentee = await people.mentee()
    response = await client.get(f"/api/me/access-log?{query}", headers=mentee.headers)
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["detail"]


async def test_an_erased_reader_shows_as_erased(client, engine, people: People) -> None:
    coordinator = await people.coordinator()
    mentee = await people.mentee()
    await read_challenges(engine, coordinator.id, mentee.id, None)
    erased = await client.request(
        "DELETE", "/api/me", json={"password": PASSWORD}, headers=coordinator.headers
    )
    assert erased.status_code == 204

    [entry] = (await client.get("/api/me/access-log", headers=mentee.headers)).json()["items"]

    assert entry["actor_display_name"] == "Erased user"
    assert entry["actor_role"] == "unknown"


async def test_program_coordinators_see_their_programmes_access_events(
    client, engine, people: People
) -> None:
    program_id, elsewhere = await make_program(engine), await make_program(engine)
    coordinator = await people.coordinator(program_ids=[program_id])
    colleague = await people.coordinator(program_ids=[program_id])
    mentee = await people.mentee(name="Robin")
    await read_challenges(engine, colleague.id, mentee.id, program_id)
    await read_challenges(engine, colleague.id, mentee.id, elsewhere)

    response = await client.get(f"/api/programs/{program_id}/access-events", headers=coordinator.headers)

    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == 1
    [event] = page["items"]
    assert (event["actor_id"], event["subject_id"]) == (colleague.id, mentee.id)
    assert event["subject_display_name"] == "Robin"
    assert event["field"] == "challenges"


async def test_program_access_events_are_for_that_programmes_coordinators_only(
    client, engine, people: People
) -> None:
    program_id, elsewhere = await make_program(engine), await make_program(engine)
    outsider = await people.coordinator(program_ids=[elsewhere])
    mentee, mentor = await people.mentee(), await people.mentor()
    url = f"/api/programs/{program_id}/access-events"

    assert (await client.get(url, headers=outsider.headers)).status_code == 403
    assert (await client.get(url, headers=mentee.headers)).status_code == 403
    assert (await client.get(url, headers=mentor.headers)).status_code == 403
    assert (await client.get(url)).status_code == 401
    missing = await client.get(f"/api/programs/{uuid.uuid4()}/access-events", headers=outsider.headers)
    assert missing.status_code == 404
    bounded = await client.get(f"{url}?limit=500", headers=outsider.headers)
    assert bounded.status_code == 400


async def test_program_access_events_pages(client, engine, people: People) -> None:
    program_id = await make_program(engine)
    coordinator = await people.coordinator(program_ids=[program_id])
    mentee = await people.mentee()
    for _ in range(3):
        await read_challenges(engine, coordinator.id, mentee.id, program_id)
    url = f"/api/programs/{program_id}/access-events"

    whole = (await client.get(url, headers=coordinator.headers)).json()
    page = (await client.get(f"{url}?limit=2&offset=2", headers=coordinator.headers)).json()
    beyond = (await client.get(f"{url}?offset=5", headers=coordinator.headers)).json()

    assert (whole["total"], whole["limit"], whole["offset"], len(whole["items"])) == (3, 50, 0, 3)
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 2)
    assert [e["id"] for e in page["items"]] == [whole["items"][2]["id"]]
    assert (beyond["total"], beyond["items"]) == (3, [])
    assert (await client.get(f"{url}?limit=201", headers=coordinator.headers)).status_code == 400
