"""Creating, editing and reading programmes, and their default engagement terms."""

from __future__ import annotations

from uuid import UUID

import pytest

from mentoring.db.engine import session_scope
from mentoring.db.models import Program
from mentoring.domain.programs.schemas import FormalTerms, InformalTerms
from mentoring.domain.programs.scope import program_default_terms
from tests.conftest import People
from tests.domain.programs.conftest import FORMAL, audit_actions, create_program, program_body


async def test_coordinator_creates_a_programme_and_becomes_its_coordinator(client, people: People) -> None:
    coordinator = await people.coordinator()
    body = program_body()
    response = await client.post("/api/programs", json=body, headers=coordinator.headers)
    assert response.status_code == 201, response.text
    program = response.json()
    for field in ("name", "slug", "description", "themes", "region_scope", "trial_sessions"):
        assert program[field] == body[field]
    assert program["proposal_deadline_days"] == 5
    assert program["waiting_target_days"] == 21
    assert program["contact_after_closure"] == body["contact_after_closure"]
    assert program["terms"] == {**FORMAL, "confidentiality_version": 1}
    me = await client.get("/api/me", headers=coordinator.headers)
    assert me.json()["coordinated_program_ids"] == [program["id"]]
    assert await audit_actions(people.engine, program["id"]) == [("program.created", {})]


async def test_defaults_are_informal_terms_anywhere(client, people: People) -> None:
    coordinator = await people.coordinator()
    program = await create_program(
        client, coordinator, themes=[], region_scope=[], terms={"kind": "informal"}, trial_sessions=1
    )
    assert program["terms"] == {
        "kind": "informal",
        "confidentiality_text": None,
        "goals": [],
        "confidentiality_version": 1,
    }
    assert program["region_scope"] == []
    minimal = await client.post(
        "/api/programs", json={"name": "Parents", "slug": "parents-x"}, headers=coordinator.headers
    )
    assert minimal.status_code == 201, minimal.text
    assert minimal.json()["terms"]["kind"] == "informal"
    assert minimal.json()["trial_sessions"] == 1
    assert minimal.json()["mentors_must_be_professional"] is False


@pytest.mark.parametrize("minutes", [59, 91, 30, 120])
async def test_formal_session_length_outside_60_90_is_a_400_naming_the_field(
    client, people: People, minutes: int
) -> None:
    coordinator = await people.coordinator()
    body = program_body(terms={**FORMAL, "session_minutes": minutes})
    response = await client.post("/api/programs", json=body, headers=coordinator.headers)
    assert response.status_code == 400
    assert "session_minutes" in response.json()["detail"]


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({k: v for k, v in FORMAL.items() if k != "confidentiality_text"}, "confidentiality_text"),
        ({**FORMAL, "confidentiality_text": "   "}, "confidentiality_text"),
        ({**FORMAL, "frequency": "daily"}, "frequency"),
        ({**FORMAL, "duration_weeks": 0}, "duration_weeks"),
        ({**FORMAL, "goals": ["x"] * 21}, "goals"),
        ({**FORMAL, "kind": "casual"}, "kind"),
        ({**FORMAL, "confidentiality_version": 7}, "confidentiality_version"),
        ({"kind": "informal", "frequency": "weekly"}, "frequency"),
        ({**FORMAL, "sessions": 13}, "terms.sessions"),
        ({**FORMAL, "frequency": "monthly", "duration_weeks": 8, "sessions": 3}, "terms.sessions"),
    ],
)
async def test_bad_terms_are_a_400_naming_the_field(client, people: People, terms, field: str) -> None:
    coordinator = await people.coordinator()
    response = await client.post("/api/programs", json=program_body(terms=terms), headers=coordinator.headers)
    assert response.status_code == 400, response.text
    assert field in response.json()["detail"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"trial_sessions": 3}, "trial_sessions"),
        ({"trial_sessions": 0}, "trial_sessions"),
        ({"slug": "Not A Slug"}, "slug"),
        ({"name": ""}, "name"),
        ({"proposal_deadline_days": 0}, "proposal_deadline_days"),
        ({"waiting_target_days": -1}, "waiting_target_days"),
        ({"themes": ["no-such-theme"]}, "themes"),
        ({"themes": ["grief/no-such-child"]}, "themes"),
        ({"region_scope": [""]}, "region_scope"),
        ({"created_by_id": "00000000-0000-0000-0000-000000000000"}, "created_by_id"),
        ({"terms_kind": "formal"}, "terms_kind"),
    ],
)
async def test_bad_programme_input_is_a_400_naming_the_field(
    client, people: People, overrides, field: str
) -> None:
    coordinator = await people.coordinator()
    response = await client.post("/api/programs", json=program_body(**overrides), headers=coordinator.headers)
    assert response.status_code == 400, response.text
    assert field in response.json()["detail"]


async def test_duplicate_slug_is_a_409(client, people: People) -> None:
    first, second = await people.coordinator(), await people.coordinator()
    program = await create_program(client, first)
    again = await client.post(
        "/api/programs", json=program_body(slug=program["slug"]), headers=second.headers
    )
    assert again.status_code == 409
    other = await create_program(client, first)
    renamed = await client.patch(
        f"/api/programs/{other['id']}", json={"slug": program["slug"]}, headers=first.headers
    )
    assert renamed.status_code == 409


async def test_repeated_themes_and_regions_are_kept_once(client, people: People) -> None:
    coordinator = await people.coordinator()
    program = await create_program(
        client, coordinator, themes=["grief", "grief", "addiction"], region_scope=["Lyon", "Lyon", "Paris"]
    )
    assert program["themes"] == ["grief", "addiction"]
    assert program["region_scope"] == ["Lyon", "Paris"]


async def test_edit_changes_only_what_is_sent_and_is_audited(client, people: People) -> None:
    coordinator = await people.coordinator()
    program = await create_program(client, coordinator)
    response = await client.patch(
        f"/api/programs/{program['id']}",
        json={"name": "Grief support, Lyon", "region_scope": [], "mentors_must_be_professional": True},
        headers=coordinator.headers,
    )
    assert response.status_code == 200, response.text
    edited = response.json()
    assert edited["name"] == "Grief support, Lyon"
    assert edited["region_scope"] == []
    assert edited["mentors_must_be_professional"] is True
    assert edited["themes"] == program["themes"]
    assert edited["terms"] == program["terms"]
    read = await client.get(f"/api/programs/{program['id']}", headers=coordinator.headers)
    assert read.json() == edited
    trail = await audit_actions(people.engine, program["id"])
    assert trail[-1] == (
        "program.updated",
        {"fields": ["mentors_must_be_professional", "name", "region_scope"], "confidentiality_version": 1},
    )


async def test_edit_rejects_unknown_fields_and_unknown_themes(client, people: People) -> None:
    coordinator = await people.coordinator()
    program = await create_program(client, coordinator)
    url = f"/api/programs/{program['id']}"
    sneaky = await client.patch(url, json={"created_by_id": None}, headers=coordinator.headers)
    assert sneaky.status_code == 400
    assert "created_by_id" in sneaky.json()["detail"]
    theme = await client.patch(url, json={"themes": ["grief", "nope"]}, headers=coordinator.headers)
    assert theme.status_code == 400
    assert "nope" in theme.json()["detail"]
    unchanged = await client.get(url, headers=coordinator.headers)
    assert unchanged.json()["themes"] == program["themes"]


async def test_confidentiality_version_goes_up_only_when_the_text_changes(client, people: People) -> None:
    coordinator = await people.coordinator()
    program = await create_program(client, coordinator)
    url = f"/api/programs/{program['id']}"

    async def set_terms(terms: dict) -> dict:
        response = await client.patch(url, json={"terms": terms}, headers=coordinator.headers)
        assert response.status_code == 200, response.text
        return response.json()["terms"]

    same_text = await set_terms({**FORMAL, "session_minutes": 90, "goals": ["Sleep better"]})
    assert same_text["confidentiality_version"] == 1
    assert same_text["session_minutes"] == 90
    new_text = await set_terms({**FORMAL, "confidentiality_text": "Nothing leaves the room."})
    assert new_text["confidentiality_version"] == 2
    informal_same_text = await set_terms(
        {"kind": "informal", "confidentiality_text": "Nothing leaves the room."}
    )
    assert informal_same_text == {
        "kind": "informal",
        "confidentiality_text": "Nothing leaves the room.",
        "goals": [],
        "confidentiality_version": 2,
    }
    dropped = await set_terms({"kind": "informal"})
    assert dropped["confidentiality_version"] == 3
    unrelated = await client.patch(url, json={"name": "Renamed"}, headers=coordinator.headers)
    assert unrelated.json()["terms"]["confidentiality_version"] == 3
    trail = [data for action, data in await audit_actions(people.engine, program["id"]) if data]
    assert [d["confidentiality_version"] for d in trail] == [1, 2, 2, 3, 3]


async def test_default_terms_read_back_as_structs_for_other_domains(client, people: People) -> None:
    coordinator = await people.coordinator()
    formal = await create_program(client, coordinator)
    informal = await create_program(client, coordinator, terms={"kind": "informal", "goals": ["Talk"]})
    async with session_scope(people.engine) as session:
        terms = program_default_terms(await session.get(Program, UUID(formal["id"])))
        assert isinstance(terms, FormalTerms)
        assert (terms.frequency, terms.session_minutes, terms.sessions) == ("weekly", 60, 10)
        assert terms.confidentiality_version == 1
        loose = program_default_terms(await session.get(Program, UUID(informal["id"])))
        assert loose == InformalTerms(goals=["Talk"])
        # A programme created by a script without terms reads as informal.
        bare = Program(slug="bare", name="Bare")
        assert program_default_terms(bare) == InformalTerms()


async def test_catalogue_lists_every_programme_for_anyone_signed_in(client, people: People) -> None:
    one, two = await people.coordinator(), await people.coordinator()
    a = await create_program(client, one, name="Addiction recovery")
    b = await create_program(client, two, name="Burnout")
    mentee = await people.mentee()
    listing = await client.get("/api/programs", headers=mentee.headers)
    assert listing.status_code == 200
    assert [p["id"] for p in listing.json()["items"]] == [a["id"], b["id"]]
    assert listing.json()["total"] == 2
    assert "created_by_id" not in listing.json()["items"][0]
    single = await client.get(f"/api/programs/{a['id']}", headers=mentee.headers)
    assert single.json() == a
    missing = await client.get(f"/api/programs/{UUID(int=1)}", headers=mentee.headers)
    assert missing.status_code == 404
