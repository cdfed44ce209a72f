"""Rounds queued for a background job: pending at once, then done with figures, or failed with the reason."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.app import build_outbox_registry
from mentoring.db.engine import session_scope
from mentoring.db.models import AuditEvent, FollowUp, MatchingRound
from mentoring.domain.pairings.jobs.rounds import round_failed, round_performer
from mentoring.domain.pairings.planning.planners import ROUND_KIND
from mentoring.domain.pairings.services import rounds as round_service
from mentoring.lib.clock import utcnow
from mentoring.outbox.engine import FollowUpEngine
from mentoring.settings import Settings
from tests.domain.pairings.conftest import Workflow
from tests.domain.pairings.test_rounds import french_and_english, proposal_count
from tests.outbox.support import drain


async def start(flow: Workflow, **body: object) -> dict[str, object]:
    response = await flow.client.post(
        f"/api/programs/{flow.program_id}/rounds", json=body, headers=flow.coord
    )
    assert response.status_code == 202, response.text
    return response.json()


async def shown(flow: Workflow, round_id: object) -> dict[str, object]:
    response = await flow.client.get(f"/api/rounds/{round_id}", headers=flow.coord)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_background_round_answers_pending_then_the_job_finishes_it(
    flow: Workflow, engine: AsyncEngine, settings: Settings
) -> None:
    people = await french_and_english(flow)
    await flow.request(people["amelie"])
    await flow.request(people["bob"])
    queued = await start(flow, background=True)
    assert queued["status"] == "pending"
    assert queued["pairs"] == []
    assert queued["finished_at"] is None
    assert await proposal_count(flow) == 0
    async with session_scope(engine) as session:
        kinds = list(await session.scalars(select(FollowUp.kind).where(FollowUp.subject_id == queued["id"])))
    assert kinds == ["round.run"]

    await drain(engine, settings)
    done = await shown(flow, queued["id"])
    assert done["status"] == "done", done
    assert (done["requests_count"], done["proposals_count"]) == (2, 2)
    assert {p["mentee_id"] for p in done["pairs"]} == {people["amelie"].id, people["bob"].id}
    assert await proposal_count(flow) == 2


async def test_a_background_round_whose_solve_raises_is_marked_failed_with_the_reason(
    flow: Workflow, engine: AsyncEngine, settings: Settings
) -> None:
    people = await french_and_english(flow)
    await flow.request(people["amelie"])
    twice = [
        {"mentee_id": people["amelie"].id, "mentor_id": people["xavier"].id},
        {"mentee_id": people["amelie"].id, "mentor_id": people["yusuf"].id},
    ]
    queued = await start(flow, background=True, pinned_pairs=twice)
    assert queued["status"] == "pending"
    await drain(engine, settings)
    failed = await shown(flow, queued["id"])
    assert failed["status"] == "failed"
    assert "pinned more than once" in str(failed["error"])
    assert failed["finished_at"] is not None
    assert failed["stage"] == "finished"
    assert await proposal_count(flow) == 0


async def test_a_large_programme_goes_to_the_background_unless_told_not_to(
    flow: Workflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = await french_and_english(flow)
    await flow.request(people["amelie"])
    await flow.request(people["bob"])
    monkeypatch.setattr(round_service, "BACKGROUND_FROM_REQUESTS", 1)
    assert (await start(flow, dry_run=True))["status"] == "pending"
    inline = await flow.client.post(
        f"/api/programs/{flow.program_id}/rounds",
        json={"dry_run": True, "background": False},
        headers=flow.coord,
    )
    assert inline.status_code == 201
    assert inline.json()["status"] == "done"


@pytest.mark.parametrize("mode", ["_", "random", "MAX_WEIGHT"])
async def test_round_mode_outside_the_enumeration_is_refused_by_the_schema(flow: Workflow, mode: str) -> None:
    """Regression: ``mode`` was a free string with a pattern, so "_" passed the schema and the service refused it."""
    response = await flow.client.post(
        f"/api/programs/{flow.program_id}/rounds", json={"mode": mode}, headers=flow.coord
    )
    assert response.status_code == 400
    schema = (await flow.client.get("/api/docs/openapi.json")).json()["components"]["schemas"]
    assert schema["RoundCreate"]["properties"]["mode"]["enum"] == ["max_cardinality", "max_weight", None]


async def test_round_weights_name_exactly_the_engines_factors(flow: Workflow) -> None:
    """Regression: weights were keyed by any lower-case word, which the service then refused."""
    import matching

    schema = (await flow.client.get("/api/docs/openapi.json")).json()["components"]["schemas"]
    weights = schema["RoundWeights"]
    assert set(weights["properties"]) == set(matching.FACTORS)
    assert weights["additionalProperties"] is False


async def round_actions(engine: AsyncEngine, round_id: object) -> list[tuple[str, str]]:
    """The round's audit trail: (action, state or stage reached), in the order written."""
    async with session_scope(engine) as session:
        rows = await session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "round", AuditEvent.entity_id == uuid.UUID(str(round_id)))
            .order_by(AuditEvent.occurred_at)
        )
        return [(r.action, str(r.data.get("to"))) for r in rows]


async def test_a_background_rounds_stages_are_recorded_in_order_and_shown_while_it_runs(
    flow: Workflow, engine: AsyncEngine, settings: Settings, backend: str
) -> None:
    people = await french_and_english(flow)
    await flow.request(people["amelie"])
    await flow.request(people["bob"])
    queued = await start(flow, background=True)
    assert (queued["stage"], queued["started_at"], queued["progress_at"]) == ("queued", None, None)
    seen: list[tuple[str, dict[str, object]]] = []

    async def watch(round_id: uuid.UUID, stage: str) -> None:
        seen.append((stage, await shown(flow, round_id)))

    registry = build_outbox_registry()
    registry.register(
        ROUND_KIND, round_performer(on_stage=watch), on_final_failure=round_failed, replace=True
    )
    await FollowUpEngine(engine, settings, registry).drain()

    assert [stage for stage, _ in seen] == ["loading", "matching", "writing"]
    if backend == "postgres":  # each stage committed on its own: another reader sees the round running
        for stage, read in seen:
            assert (read["status"], read["stage"]) == ("running", stage), read
            assert read["started_at"] is not None
            assert read["progress_at"] is not None
    done = await shown(flow, queued["id"])
    assert (done["status"], done["stage"], done["proposals_count"]) == ("done", "finished", 2)
    assert done["started_at"] is not None
    assert done["progress_at"] is not None
    assert [a for a in await round_actions(engine, queued["id"]) if a[0] != "create"] == [
        ("start", "running"),
        ("progress", "matching"),
        ("progress", "writing"),
        ("finish", "done"),
    ]


async def reperform(
    engine: AsyncEngine, settings: Settings, round_id: object, **round_values: object
) -> None:
    """As if the worker died after the round's effects but before its follow-up was marked done."""
    async with session_scope(engine) as session:
        await session.execute(
            update(FollowUp)
            .where(FollowUp.subject_id == uuid.UUID(str(round_id)))
            .values(state="pending", finished_at=None, locked_by=None, locked_until=None)
        )
        if round_values:
            await session.execute(
                update(MatchingRound)
                .where(MatchingRound.id == uuid.UUID(str(round_id)))
                .values(**round_values)
            )
    report = await drain(engine, settings)
    assert report.done == 1


@pytest.mark.parametrize("left", [{}, {"status": "running", "stage": "writing"}], ids=["done", "running"])
async def test_reperforming_a_rounds_follow_up_after_its_proposals_were_written_writes_none_again(
    flow: Workflow, engine: AsyncEngine, settings: Settings, left: dict[str, object]
) -> None:
    people = await french_and_english(flow)
    await flow.request(people["amelie"])
    await flow.request(people["bob"])
    queued = await start(flow, background=True)
    await drain(engine, settings)
    assert await proposal_count(flow) == 2

    await reperform(engine, settings, queued["id"], **left)
    assert await proposal_count(flow) == 2
    async with session_scope(engine) as session:
        outcome = await session.scalar(select(FollowUp.outcome).where(FollowUp.subject_id == queued["id"]))
    assert outcome == "skipped: not pending"


async def test_a_round_left_running_by_a_dead_worker_restarts_from_loading_when_reclaimed(
    flow: Workflow, engine: AsyncEngine, settings: Settings
) -> None:
    people = await french_and_english(flow)
    await flow.request(people["amelie"])
    await flow.request(people["bob"])
    queued = await start(flow, background=True)
    long_ago = utcnow() - timedelta(hours=1)
    async with session_scope(engine) as session:  # what the dead worker's committed progress left
        await session.execute(
            update(MatchingRound)
            .where(MatchingRound.id == uuid.UUID(str(queued["id"])))
            .values(status="running", stage="matching", started_at=long_ago, progress_at=long_ago)
        )
        await session.execute(
            update(FollowUp)
            .where(FollowUp.subject_id == uuid.UUID(str(queued["id"])))
            .values(locked_by="dead-worker", locked_until=long_ago)
        )
    running = await shown(flow, queued["id"])
    assert (running["status"], running["stage"]) == ("running", "matching")

    await drain(engine, settings)
    done = await shown(flow, queued["id"])
    assert (done["status"], done["stage"], done["proposals_count"]) == ("done", "finished", 2)
    assert done["started_at"] > running["started_at"]
    assert await proposal_count(flow) == 2
    assert ("restart", "running") in await round_actions(engine, queued["id"])
