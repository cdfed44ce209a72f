"""Matching rounds and hand-made proposals, through the matching engine."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from mentoring.db.engine import session_scope
from mentoring.db.models import MatchingRound, Proposal
from tests.conftest import Person
from tests.domain.pairings.conftest import Workflow

EVENINGS = [{"weekday": d, "start": "18:00", "end": "21:00"} for d in range(5)]


async def french_and_english(flow: Workflow) -> dict[str, Person]:
    """Two mentees and two mentors who can only be matched one way, and a mentor nobody can have."""
    people = {
        "amelie": await flow.mentee(),
        "bob": await flow.mentee(),
        "xavier": await flow.mentor(capacity=1),
        "yusuf": await flow.mentor(capacity=1),
        "zeca": await flow.mentor(capacity=1),
    }
    common = {"formats": ["video"], "availability": EVENINGS, "timezone": "UTC"}
    await flow.profile(people["amelie"], ("job-loss/redundancy",), languages=["fr"], **common)
    await flow.profile(people["bob"], ("grief/parent",), languages=["en"], **common)
    await flow.profile(people["xavier"], ("job-loss/redundancy",), languages=["fr"], **common)
    await flow.profile(people["yusuf"], ("grief/parent",), languages=["en"], **common)
    await flow.profile(people["zeca"], (), languages=["pt"], **common)
    return people


async def run(flow: Workflow, **body: Any) -> dict[str, Any]:
    response = await flow.client.post(
        f"/api/programs/{flow.program_id}/rounds", json=body, headers=flow.coord
    )
    assert response.status_code == 201, response.text
    return response.json()


async def proposal_count(flow: Workflow) -> int:
    async with session_scope(flow.engine) as session:
        return int(await session.scalar(select(func.count(Proposal.id))) or 0)


async def test_dry_run_shows_the_outcome_and_creates_nothing(flow: Workflow) -> None:
    people = await french_and_english(flow)
    amelie = await flow.request(people["amelie"])
    await flow.request(people["bob"])
    dry = await run(flow, dry_run=True)
    assert dry["status"] == "done"
    assert dry["dry_run"] is True
    pairs = {(p["mentee_id"], p["mentor_id"]) for p in dry["pairs"]}
    assert pairs == {(people["amelie"].id, people["xavier"].id), (people["bob"].id, people["yusuf"].id)}
    assert all(p["proposal_id"] is None for p in dry["pairs"])
    assert (dry["requests_count"], dry["mentors_count"], dry["proposals_count"]) == (2, 3, 0)
    assert await proposal_count(flow) == 0
    assert (await flow.client.get(f"/api/requests/{amelie['id']}", headers=flow.coord)).json()[
        "status"
    ] == "open"


async def test_round_creates_explained_proposals_and_records_its_figures(flow: Workflow) -> None:
    people = await french_and_english(flow)
    amelie = await flow.request(people["amelie"])
    await flow.request(people["bob"])
    done = await run(flow, weights={"challenges": 4})
    assert done["status"] == "done"
    assert (done["requests_count"], done["proposals_count"]) == (2, 2)
    assert done["total_score"] > 0
    assert done["optimal"] is True, "the engine's certificate is recorded with the round"
    assert done["started_at"]
    assert done["finished_at"]
    assert done["parameters"]["weights"] == {"challenges": 4}
    queue = (await flow.client.get(f"/api/programs/{flow.program_id}/proposals", headers=flow.coord)).json()[
        "items"
    ]
    assert {p["status"] for p in queue} == {"pending_review"}
    french = next(p for p in queue if p["mentee_id"] == people["amelie"].id)
    assert french["mentor_id"] == people["xavier"].id
    assert french["round_id"] == done["id"]
    assert "French" in french["reason"]
    assert abs(sum(f["contribution"] for f in french["factors"]) - french["score"]) < 1e-9
    assert (await flow.client.get(f"/api/requests/{amelie['id']}", headers=flow.coord)).json()[
        "status"
    ] == "proposed"
    history = (await flow.client.get(f"/api/programs/{flow.program_id}/rounds", headers=flow.coord)).json()[
        "items"
    ]
    assert [r["id"] for r in history] == [done["id"]]
    again = (await flow.client.get(f"/api/rounds/{done['id']}", headers=flow.coord)).json()
    assert again["pairs"] == done["pairs"]
    # Requests already proposed are not proposed twice; mentors' pending proposals use their places.
    second = await run(flow)
    assert (second["requests_count"], second["proposals_count"]) == (0, 0)


async def test_a_rejected_pair_is_forbidden_until_a_coordinator_pins_it(flow: Workflow) -> None:
    people = await french_and_english(flow)
    await flow.request(people["amelie"])
    first = await run(flow)
    proposal_id = first["pairs"][0]["proposal_id"]
    rejected = await flow.client.post(
        f"/api/proposals/{proposal_id}/reject", json={"reason": "Same neighbourhood"}, headers=flow.coord
    )
    assert rejected.status_code == 200
    blocked = await run(flow)
    assert blocked["pairs"] == []
    [unmatched] = blocked["unmatched"]
    assert unmatched["mentee_id"] == people["amelie"].id
    assert any("forbidden" in d for d in unmatched["diagnostics"])
    pinned = await run(
        flow, pinned_pairs=[{"mentee_id": people["amelie"].id, "mentor_id": people["xavier"].id}]
    )
    assert [(p["mentee_id"], p["mentor_id"]) for p in pinned["pairs"]] == [
        (people["amelie"].id, people["xavier"].id)
    ]
    assert "pinned" in pinned["pairs"][0]["reason"]


async def test_a_failed_round_is_recorded_and_leaves_nothing_behind(flow: Workflow) -> None:
    people = await french_and_english(flow)
    await flow.request(people["amelie"])
    twice = [
        {"mentee_id": people["amelie"].id, "mentor_id": people["xavier"].id},
        {"mentee_id": people["amelie"].id, "mentor_id": people["yusuf"].id},
    ]
    failed = await run(flow, pinned_pairs=twice)
    assert failed["status"] == "failed"
    assert "pinned more than once" in failed["error"]
    assert await proposal_count(flow) == 0
    async with session_scope(flow.engine) as session:
        assert await session.scalar(select(MatchingRound.status)) == "failed"
    unknown = await flow.client.post(
        f"/api/programs/{flow.program_id}/rounds", json={"weights": {"astrology": 1}}, headers=flow.coord
    )
    assert unknown.status_code == 400
    assert "astrology" in unknown.json()["detail"]
    bad_mode = await flow.client.post(
        f"/api/programs/{flow.program_id}/rounds", json={"mode": "random"}, headers=flow.coord
    )
    assert bad_mode.status_code == 400


async def test_suggestions_and_a_proposal_by_hand(flow: Workflow) -> None:
    people = await french_and_english(flow)
    await flow.profile(people["yusuf"], languages=["en", "fr"])
    amelie = await flow.request(people["amelie"])
    ranked = await flow.client.get(f"/api/requests/{amelie['id']}/suggestions?limit=5", headers=flow.coord)
    assert ranked.status_code == 200, ranked.text
    suggestions = ranked.json()
    assert [s["mentor_id"] for s in suggestions] == [people["xavier"].id, people["yusuf"].id]
    assert suggestions[0]["score"] >= suggestions[1]["score"]
    assert suggestions[0]["reason"]
    assert suggestions[0]["free_places"] == 1
    manual = await flow.client.post(
        f"/api/requests/{amelie['id']}/proposals", json={"mentor_id": people["yusuf"].id}, headers=flow.coord
    )
    assert manual.status_code == 201, manual.text
    body = manual.json()
    assert (body["source"], body["status"], body["mentor_id"]) == (
        "manual",
        "pending_review",
        people["yusuf"].id,
    )
    assert body["score"] == pytest.approx(suggestions[1]["score"])
    busy = await flow.client.post(
        f"/api/requests/{amelie['id']}/proposals", json={"mentor_id": people["xavier"].id}, headers=flow.coord
    )
    assert busy.status_code == 409
    assert "proposed" in busy.json()["detail"]
    nobody = await flow.request(people["bob"])
    ruled_out = await flow.client.post(
        f"/api/requests/{nobody['id']}/proposals", json={"mentor_id": people["zeca"].id}, headers=flow.coord
    )
    assert ruled_out.status_code == 409
