"""GET /api/me/export: everything held about the caller, and nothing about anyone else."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from uuid import UUID

import mentoring.domain
from mentoring.domain.privacy.registry import exporters, register_exporter, unregister
from tests.conftest import People
from tests.domain.privacy.helpers import (
    add_coordinator,
    give_mentee_challenges,
    give_mentor_challenges,
    join,
    make_program,
    read_challenges,
)


async def test_mentee_export_holds_account_profile_memberships_and_reads(
    client, engine, people: People
) -> None:
    program_id = await make_program(engine, "Recovery from addiction")
    coordinator = await people.coordinator(program_ids=[program_id])
    mentee = await people.mentee(name="Alex")
    await join(engine, program_id, mentee.id, "mentee")
    await give_mentee_challenges(engine, mentee.id, "addiction/alcohol", "mental-health/anxiety")
    await read_challenges(engine, coordinator.id, mentee.id, program_id)

    response = await client.get("/api/me/export", headers=mentee.headers)

    assert response.status_code == 200, response.text
    assert "password" not in response.text
    body = response.json()
    assert body["user_id"] == mentee.id
    sections = body["sections"]
    assert sections["account"]["email"] == mentee.email
    assert sections["account"]["display_name"] == "Alex"
    profile = sections["profiles"]["mentee"]
    assert profile["challenges"] == ["addiction/alcohol", "mental-health/anxiety"]
    assert profile["availability"] == [{"weekday": 0, "start": "18:00", "end": "20:00"}]
    assert profile["goals"] == "Sleep through the night again"
    assert sections["profiles"]["mentor"] is None
    [membership] = sections["programs"]["memberships"]
    assert membership["program_id"] == program_id
    assert membership["program_name"] == "Recovery from addiction"
    assert membership["role"] == "mentee"
    [read] = sections["access_events"]["about_me"]
    assert read["actor_id"] == coordinator.id
    assert read["actor_display_name"] == "Coordinator"
    assert read["field"] == "challenges"
    assert read["accessed_at"]


async def test_mentor_export_holds_challenges_with_years_and_qualifications(
    client, engine, people: People
) -> None:
    mentor = await people.mentor()
    await give_mentor_challenges(engine, mentor.id, "addiction/alcohol")

    body = (await client.get("/api/me/export", headers=mentor.headers)).json()

    profile = body["sections"]["profiles"]["mentor"]
    assert profile["challenges"] == [{"slug": "addiction/alcohol", "years_ago": 10}]
    assert [q["title"] for q in profile["qualifications"]] == ["Addiction counsellor"]
    assert profile["bio"] == "Ten years sober"
    assert profile["availability"] == [{"weekday": 1, "start": "09:00", "end": "11:00"}]


async def test_coordinator_export_holds_coordinations_and_their_own_reads(
    client, engine, people: People
) -> None:
    program_id = await make_program(engine)
    coordinator = await people.coordinator(program_ids=[program_id])
    mentee = await people.mentee()
    await read_challenges(engine, coordinator.id, mentee.id, program_id)

    sections = (await client.get("/api/me/export", headers=coordinator.headers)).json()["sections"]

    assert [c["program_id"] for c in sections["programs"]["coordinations"]] == [program_id]
    assert [e["subject_id"] for e in sections["access_events"]["by_me"]] == [mentee.id]
    assert sections["access_events"]["about_me"] == []


async def test_export_holds_nothing_about_other_people(client, engine, people: People) -> None:
    program_id = await make_program(engine)
    mine, other = await people.mentee(name="Mine"), await people.mentee(name="Someone Else")
    await join(engine, program_id, other.id, "mentee")
    await give_mentee_challenges(engine, other.id, "grief/child")
    coordinator = await people.coordinator(program_ids=[program_id])
    await read_challenges(engine, coordinator.id, other.id, program_id)

    response = await client.get("/api/me/export", headers=mine.headers)

    assert other.email not in response.text
    assert other.id not in response.text
    assert "grief/child" not in response.text
    assert response.json()["sections"]["programs"]["memberships"] == []


async def test_export_includes_sections_other_domains_register(client, people: People) -> None:
    seen: list[UUID] = []

    async def export_pairings(session: Any, user_id: UUID) -> list[dict[str, Any]]:
        seen.append(user_id)
        return [{"pairing": "p1", "state": "active"}]

    register_exporter("test_pairings", export_pairings)
    try:
        mentee = await people.mentee()
        body = (await client.get("/api/me/export", headers=mentee.headers)).json()
    finally:
        unregister("test_pairings")
    assert body["sections"]["test_pairings"] == [{"pairing": "p1", "state": "active"}]
    assert seen == [UUID(mentee.id)]
    assert "test_pairings" not in exporters()


async def test_a_second_coordination_shows_in_the_export(client, engine, people: People) -> None:
    first, second = await make_program(engine, "First"), await make_program(engine, "Second")
    coordinator = await people.coordinator(program_ids=[first])
    await add_coordinator(engine, second, coordinator.id)

    sections = (await client.get("/api/me/export", headers=coordinator.headers)).json()["sections"]

    assert sorted(c["program_name"] for c in sections["programs"]["coordinations"]) == ["First", "Second"]


async def test_every_domains_privacy_module_contributes_to_the_export(client, people: People) -> None:
    domain_dir = Path(mentoring.domain.__file__).parent
    contributors = sorted(p.parent.name for p in domain_dir.glob("*/privacy.py"))

    mentee = await people.mentee()
    sections = (await client.get("/api/me/export", headers=mentee.headers)).json()["sections"]

    for name in contributors:
        assert f"mentoring.domain.{name}.privacy" in sys.modules, f"{name}/privacy.py was not discovered"
    assert set(sections) == set(exporters())
    assert {"account", "profiles", "programs", "access_events", "audit_events"} <= set(sections)
