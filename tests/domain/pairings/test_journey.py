"""The whole journey over HTTP, from a mentee's request to a closed mentorship with feedback."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from mentoring.db.engine import session_scope
from mentoring.db.models import AuditEvent, Pairing
from mentoring.domain.pairings.services.closure import complete_pairing
from mentoring.lib.clock import utcnow
from tests.domain.pairings.conftest import Workflow


async def audit_actions(flow: Workflow, entity_id: str) -> list[str]:
    async with session_scope(flow.engine) as session:
        rows = await session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity_id == uuid.UUID(entity_id))
            .order_by(AuditEvent.occurred_at, AuditEvent.created_at)
        )
        return list(rows)


async def test_formal_journey_from_request_to_closure(flow: Workflow) -> None:
    await flow.create_program(formal=True, trial_sessions=1)
    client, coord = flow.client, flow.coord
    mentee, mentor = await flow.mentee(), await flow.mentor(capacity=2)

    slots = [{"weekday": 1, "start": "18:00", "end": "21:00"}]
    for person in (mentee, mentor):
        await flow.profile(person, ("job-loss",), languages=["fr"], formats=["video"], availability=slots)

    request = await flow.request(mentee, note="I lost my job in March")
    assert request["status"] == "open"
    assert request["note"] == "I lost my job in March"
    matched = await client.post(f"/api/programs/{flow.program_id}/rounds", json={}, headers=coord)
    assert matched.status_code == 201, matched.text
    assert matched.json()["proposals_count"] == 1
    proposal_id = matched.json()["pairs"][0]["proposal_id"]
    # The parties do not see a proposal still in review.
    assert (await client.get(f"/api/proposals/{proposal_id}", headers=mentor.headers)).status_code == 404
    queue = (await client.get(f"/api/programs/{flow.program_id}/proposals", headers=coord)).json()["items"]
    assert [p["id"] for p in queue] == [proposal_id]
    assert "both speak French" in queue[0]["reason"]
    assert "lived through job" in queue[0]["reason"]
    assert sum(f["contribution"] for f in queue[0]["factors"]) == pytest.approx(queue[0]["score"])

    offered = await flow.approve(proposal_id)
    assert offered["status"] == "offered"
    assert offered["deadline_at"]
    mine = (await client.get("/api/proposals", headers=mentor.headers)).json()["items"]
    assert [p["id"] for p in mine] == [proposal_id]
    assert mine[0]["review_reason"] is None
    await flow.accept(proposal_id, mentor)
    accepted = await flow.accept(proposal_id, mentee)
    assert accepted["status"] == "accepted"
    pairing_id = accepted["pairing_id"]
    assert (await client.get(f"/api/requests/{request['id']}", headers=mentee.headers)).json()[
        "status"
    ] == "matched"
    assert await flow.load(mentor) == (1, 2)

    pairing = (await client.get(f"/api/pairings/{pairing_id}", headers=mentor.headers)).json()
    assert pairing["status"] == "awaiting_agreement"
    assert pairing["terms"]["kind"] == "formal"
    assert pairing["contact_after_closure"] == "You may stay in touch if you both wish."

    # The coordinator adjusts the terms before the start; a new text means a new version to sign.
    terms = {**pairing["terms"], "sessions": 8, "confidentiality_text": "Nothing leaves the room."}
    terms.pop("confidentiality_version")
    adjusted = await client.put(f"/api/pairings/{pairing_id}/terms", json={"terms": terms}, headers=coord)
    assert adjusted.status_code == 200, adjusted.text
    assert adjusted.json()["terms"]["confidentiality_version"] == 2
    assert adjusted.json()["sessions_committed"] == 8
    stale = await client.post(
        f"/api/pairings/{pairing_id}/agreement", json={"text_version": 1}, headers=mentee.headers
    )
    assert stale.status_code == 409
    assert "version 2" in stale.json()["detail"]
    early = await client.post(
        f"/api/pairings/{pairing_id}/sessions",
        json={"held_on": utcnow().date().isoformat(), "duration_minutes": 60, "format": "video"},
        headers=mentee.headers,
    )
    assert early.status_code == 409
    assert "awaiting_agreement" in early.json()["detail"]
    for person in (mentee, mentor):
        signed = await client.post(
            f"/api/pairings/{pairing_id}/agreement", json={"text_version": 2}, headers=person.headers
        )
        assert signed.status_code == 200, signed.text
    pairing = signed.json()
    assert pairing["status"] == "trial"
    assert {(s["role"], s["text_version"]) for s in pairing["signatures"]} == {("mentee", 2), ("mentor", 2)}
    assert pairing["ends_on"]

    # The trial: confirming before the trial session is refused; then both confirm.
    too_soon = await client.post(f"/api/pairings/{pairing_id}/trial/confirm", headers=mentee.headers)
    assert too_soon.status_code == 409
    assert "trial" in too_soon.json()["detail"]
    await flow.log_session(pairing_id, mentee, note="I felt listened to")
    for person in (mentee, mentor):
        confirmed = await client.post(f"/api/pairings/{pairing_id}/trial/confirm", headers=person.headers)
        assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "active"

    await flow.log_session(pairing_id, mentor, note="mentor's own note")
    sessions = (await client.get(f"/api/pairings/{pairing_id}/sessions", headers=mentor.headers)).json()[
        "items"
    ]
    assert [s["private_note"] for s in sessions] == [None, "mentor's own note"]
    coordinator_view = (await client.get(f"/api/pairings/{pairing_id}/sessions", headers=coord)).json()[
        "items"
    ]
    assert all(s["private_note"] is None for s in coordinator_view)
    pairing = (await client.get(f"/api/pairings/{pairing_id}", headers=mentee.headers)).json()
    assert (pairing["sessions_held"], pairing["sessions_committed"]) == (2, 8)
    assert pairing["last_contact_at"]

    # An amendment applies once the other party accepts it.
    ends_on = pairing["ends_on"]
    amendment = await client.post(
        f"/api/pairings/{pairing_id}/amendments",
        json={"extend_weeks": 4, "frequency": "biweekly"},
        headers=mentor.headers,
    )
    assert amendment.status_code == 201, amendment.text
    own = await client.post(
        f"/api/pairings/{pairing_id}/amendments/{amendment.json()['id']}/accept", headers=mentor.headers
    )
    assert own.status_code == 403
    answered = await client.post(
        f"/api/pairings/{pairing_id}/amendments/{amendment.json()['id']}/accept", headers=mentee.headers
    )
    assert answered.status_code == 200, answered.text
    pairing = (await client.get(f"/api/pairings/{pairing_id}", headers=mentee.headers)).json()
    assert pairing["terms"]["duration_weeks"] == 16
    assert pairing["terms"]["frequency"] == "biweekly"
    assert pairing["ends_on"] > ends_on

    # A concern reaches the coordinators, who pause the pairing, then resume it.
    concern = await client.post(
        f"/api/pairings/{pairing_id}/concerns",
        json={"kind": "no_show", "description": "Missed twice"},
        headers=mentee.headers,
    )
    assert concern.status_code == 201, concern.text
    listed = (await client.get(f"/api/programs/{flow.program_id}/concerns", headers=coord)).json()["items"]
    assert [c["id"] for c in listed] == [concern.json()["id"]]
    assert (await client.get(f"/api/pairings/{pairing_id}", headers=coord)).json()["open_concerns"] == 1
    assert (await client.get(f"/api/pairings/{pairing_id}/concerns", headers=mentor.headers)).json()[
        "items"
    ] == []
    handled = await client.post(
        f"/api/concerns/{concern.json()['id']}/resolve",
        json={"action": "pause", "note": "Talked to both"},
        headers=coord,
    )
    assert handled.status_code == 200, handled.text
    assert (await client.get(f"/api/pairings/{pairing_id}", headers=mentee.headers)).json()[
        "status"
    ] == "paused"
    again = await client.post(
        f"/api/concerns/{concern.json()['id']}/resolve", json={"action": "none"}, headers=coord
    )
    assert again.status_code == 409
    assert "resolved" in again.json()["detail"]
    resumed = await client.post(f"/api/pairings/{pairing_id}/resume", headers=coord)
    assert resumed.status_code == 200
    assert resumed.json()["status"] == "active"

    # Closure at the end of the terms (the job calls complete_pairing), then exit feedback.
    async with session_scope(flow.engine) as session:
        assert not await complete_pairing(session, uuid.UUID(pairing_id))  # not due yet
        await session.execute(
            update(Pairing)
            .where(Pairing.id == uuid.UUID(pairing_id))
            .values(ends_on=utcnow().date() - timedelta(days=1))
        )
    async with session_scope(flow.engine) as session:
        assert await complete_pairing(session, uuid.UUID(pairing_id))
    async with session_scope(flow.engine) as session:
        assert not await complete_pairing(session, uuid.UUID(pairing_id))  # idempotent
    assert await flow.load(mentor) == (0, 2)
    closed = (await client.get(f"/api/pairings/{pairing_id}", headers=mentee.headers)).json()
    assert (closed["status"], closed["end_kind"]) == ("ended", "completed")
    assert closed["contact_after_closure"]
    for person, rating in ((mentee, 5), (mentor, 4)):
        feedback = await client.post(
            f"/api/pairings/{pairing_id}/feedback",
            json={"rating": rating, "went_well": "Listening", "would_recommend": True},
            headers=person.headers,
        )
        assert feedback.status_code == 200, feedback.text
        assert [f["rating"] for f in feedback.json()["feedback"]] == [rating]
    twice = await client.post(
        f"/api/pairings/{pairing_id}/feedback",
        json={"rating": 1, "would_recommend": False},
        headers=mentee.headers,
    )
    assert twice.status_code == 409
    assert sorted(
        f["rating"]
        for f in (await client.get(f"/api/pairings/{pairing_id}", headers=coord)).json()["feedback"]
    ) == [4, 5]

    # A mentee may ask for a new mentor after closure.
    assert (await flow.request(mentee))["status"] == "open"
    actions = await audit_actions(flow, pairing_id)
    for action in (
        "start",
        "agreement_signed",
        "sign_agreement",
        "confirm_trial",
        "pause",
        "resume_active",
        "complete",
    ):
        assert action in actions
    assert await audit_actions(flow, proposal_id) == [
        "create",
        "approve",
        "mentor_accept",
        "mentee_accept",
        "accept",
    ]
