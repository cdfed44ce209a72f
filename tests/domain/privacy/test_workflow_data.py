"""A person's part of the mentoring workflow is in their export, and none of their free text survives erasure."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.db.models import AuditEvent, CheckIn, MenteeProfile, Notification, Pairing, metadata
from mentoring.domain.pairings.services.checkins import ask
from mentoring.lib.clock import utcnow
from tests.conftest import PASSWORD, People, Person
from tests.domain.pairings.conftest import Workflow


@pytest.fixture
async def flow(client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine) -> Workflow:
    """A programme with formal terms (so an agreement is signed) and its coordinator."""
    workflow = Workflow(client, people, engine)
    await workflow.create_program(formal=True)
    return workflow


async def dump(engine: AsyncEngine) -> str:
    """Every value of every row of every table, as one text."""
    parts: list[str] = []
    async with session_scope(engine) as session:
        for table in metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                parts.append(json.dumps([str(v) for v in row], ensure_ascii=False))
    return "\n".join(parts)


async def mentee_with_history(flow: Workflow, marker: str) -> tuple[Person, Person, str]:
    """A mentee who wrote ``marker`` everywhere they can, in a pairing that ended; (mentee, mentor, pairing id)."""
    client = flow.client
    mentee = await flow.mentee(name=f"Robin {marker}")
    mentor = await flow.mentor()
    async with session_scope(flow.engine) as session:
        profile = await session.scalar(
            select(MenteeProfile).where(MenteeProfile.user_id == uuid.UUID(mentee.id))
        )
        assert profile is not None
        profile.goals = f"goal {marker}"
    pairing = await flow.pair(mentee, mentor)
    pairing_id = pairing["id"]
    for person in (mentee, mentor):
        signed = await client.post(
            f"/api/pairings/{pairing_id}/agreement", json={"text_version": 1}, headers=person.headers
        )
        assert signed.status_code == 200, signed.text
    await flow.log_session(pairing_id, mentee, note=f"session {marker}")
    concern = await client.post(
        f"/api/pairings/{pairing_id}/concerns",
        json={"kind": "other", "description": f"concern {marker}"},
        headers=mentee.headers,
    )
    assert concern.status_code == 201, concern.text
    async with session_scope(flow.engine) as session:
        row = await session.get(Pairing, uuid.UUID(pairing_id))
        assert row is not None
        check_in = await ask(session, row, uuid.UUID(mentee.id), "mentee", None, utcnow())
        check_in_id = check_in.id
    answered = await client.post(
        f"/api/check-ins/{check_in_id}/answer",
        json={"met": True, "rating": 2, "worried": True, "concern": f"check-in {marker}"},
        headers=mentee.headers,
    )
    assert answered.status_code == 200, answered.text
    ended = await client.post(
        f"/api/pairings/{pairing_id}/end", json={"reason": "not_a_good_fit"}, headers=mentee.headers
    )
    assert ended.status_code == 200, ended.text
    feedback = await client.post(
        f"/api/pairings/{pairing_id}/feedback",
        json={"rating": 3, "would_recommend": True, "went_well": f"feedback {marker}"},
        headers=mentee.headers,
    )
    assert feedback.status_code == 200, feedback.text
    return mentee, mentor, pairing_id


async def test_export_holds_every_part_of_the_workflow(flow: Workflow) -> None:
    marker = f"m{uuid.uuid4().hex}"
    mentee, _, pairing_id = await mentee_with_history(flow, marker)
    response = await flow.client.get("/api/me/export", headers=mentee.headers)
    assert response.status_code == 200, response.text
    export: dict[str, Any] = response.json()
    text = json.dumps(export, ensure_ascii=False)
    for written in ("goal", "session", "concern", "check-in", "feedback"):
        assert f"{written} {marker}" in text, written
    pairings = export["sections"]["pairings"]
    assert [r["status"] for r in pairings["requests"]] == ["matched"]
    assert len(pairings["proposals"]) == 1
    assert [p["id"] for p in pairings["pairings"]] == [pairing_id]
    assert len(pairings["sessions_logged"]) == 1
    assert len(pairings["concerns_raised"]) == 1
    assert len(pairings["exit_feedback"]) == 1
    assert len(pairings["agreements_signed"]) == 1
    sections = export["sections"]
    assert [c["concern"] for c in sections["check_ins"]] == [f"check-in {marker}"]
    kinds = {n["kind"] for n in sections["notifications"]}
    assert {"proposal.offered", "pairing.started", "checkin.due"} <= kinds


async def test_after_erasure_no_free_text_of_theirs_remains_in_any_table(flow: Workflow) -> None:
    marker = f"m{uuid.uuid4().hex}"
    mentee, mentor, pairing_id = await mentee_with_history(flow, marker)
    before = await dump(flow.engine)
    for trace in (mentee.email, marker):
        assert trace in before
    async with session_scope(flow.engine) as session:
        audit_before = int(
            await session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.entity_id == uuid.UUID(pairing_id))
            )
            or 0
        )
    assert audit_before > 0

    erased = await flow.client.request(
        "DELETE", "/api/me", json={"password": PASSWORD}, headers=mentee.headers
    )
    assert erased.status_code == 204, erased.text

    after = await dump(flow.engine)
    for trace in (mentee.email, marker, f"Robin {marker}"):
        assert trace not in after, trace
    async with session_scope(flow.engine) as session:
        pairing = await session.get(Pairing, uuid.UUID(pairing_id))
        assert pairing is not None
        assert str(pairing.mentee_id) == mentee.id
        assert str(pairing.mentor_id) == mentor.id
        audit_after = int(
            await session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.entity_id == uuid.UUID(pairing_id))
            )
            or 0
        )
        assert audit_after >= audit_before
        check_ins = list(
            await session.scalars(select(CheckIn).where(CheckIn.user_id == uuid.UUID(mentee.id)))
        )
        assert [(c.rating, c.concern) for c in check_ins] == [(2, None)]
        inbox = await session.scalar(
            select(func.count()).select_from(Notification).where(Notification.user_id == uuid.UUID(mentee.id))
        )
        assert inbox == 0
    # The mentor's side is intact: they still see the pairing.
    seen = await flow.client.get(f"/api/pairings/{pairing_id}", headers=mentor.headers)
    assert seen.status_code == 200, seen.text
