"""GET /api/me/export: everything held about the caller, and nothing about anyone else."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

import mentoring.domain
from mentoring.app import privacy_sections
from mentoring.db.engine import session_scope
from mentoring.db.models import UserAccount
from mentoring.domain.privacy.services import PrivacyService
from mentoring.lib.privacy import PrivacySection
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


async def test_export_includes_every_section_it_is_given(engine, people: People) -> None:
    seen: list[UUID] = []

    async def export_pairings(session: Any, user_id: UUID) -> list[dict[str, Any]]:
        seen.append(user_id)
        return [{"pairing": "p1", "state": "active"}]

    mentee = await people.mentee()
    sections = [*privacy_sections(), PrivacySection("test_pairings", export=export_pairings)]
    async with session_scope(engine) as session:
        user = await session.get(UserAccount, UUID(mentee.id))
        assert user is not None
        export = await PrivacyService(session, sections).export(user)

    assert export.sections["test_pairings"] == [{"pairing": "p1", "state": "active"}]
    assert seen == [UUID(mentee.id)]
    assert "test_pairings" not in {s.name for s in privacy_sections()}


async def test_a_second_coordination_shows_in_the_export(client, engine, people: People) -> None:
    first, second = await make_program(engine, "First"), await make_program(engine, "Second")
    coordinator = await people.coordinator(program_ids=[first])
    await add_coordinator(engine, second, coordinator.id)

    sections = (await client.get("/api/me/export", headers=coordinator.headers)).json()["sections"]

    assert sorted(c["program_name"] for c in sections["programs"]["coordinations"]) == ["First", "Second"]


async def test_every_domains_privacy_module_is_listed_by_the_composition_root(client, people: People) -> None:
    domain_dir = Path(mentoring.domain.__file__).parent
    contributors = sorted(p.parent.name for p in domain_dir.glob("*/privacy.py"))
    listed = privacy_sections()
    functions = {fn for s in listed for fn in (s.export, s.erase, s.check) if fn is not None}

    mentee = await people.mentee()
    sections = (await client.get("/api/me/export", headers=mentee.headers)).json()["sections"]

    for name in contributors:
        module = importlib.import_module(f"mentoring.domain.{name}.privacy")
        mine = {fn for fn in functions if fn.__module__ == module.__name__}
        assert mine, f"{name}/privacy.py has no section in mentoring.app.privacy_sections()"
    assert list(sections) == [s.name for s in listed if s.export is not None]
    assert {"account", "profiles", "programs", "access_events", "audit_events"} <= set(sections)


async def test_a_section_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="account"):
        PrivacyService(None, [*privacy_sections(), privacy_sections()[-1]])  # type: ignore[arg-type]
