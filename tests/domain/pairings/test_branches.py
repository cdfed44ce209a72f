"""The other ways a request, a proposal and a pairing can go: rejection, decline, expiry, early exits."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import update

from mentoring.db.engine import session_scope
from mentoring.db.models import Proposal
from mentoring.domain.pairings.services.proposals import expire_proposal
from mentoring.domain.pairings.services.rounds import forbidden_by_history
from mentoring.lib.clock import utcnow
from tests.domain.pairings.conftest import Workflow


async def forbidden(flow: Workflow, mentee_id: str, mentor_id: str) -> bool:
    async with session_scope(flow.engine) as session:
        pairs = await forbidden_by_history(session, {uuid.UUID(mentee_id)}, {uuid.UUID(mentor_id)})
        return (uuid.UUID(mentee_id), uuid.UUID(mentor_id)) in pairs


async def test_rejection_reopens_the_request_and_forbids_the_pair(flow: Workflow) -> None:
    mentee, mentor = await flow.mentee(), await flow.mentor()
    request = await flow.request(mentee)
    proposal_id = await flow.propose(request["id"], mentor)
    missing = await flow.client.post(f"/api/proposals/{proposal_id}/reject", json={}, headers=flow.coord)
    assert missing.status_code == 400
    assert "reason" in missing.json()["detail"]
    rejected = await flow.client.post(
        f"/api/proposals/{proposal_id}/reject", json={"reason": "Too close to home"}, headers=flow.coord
    )
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["review_reason"]) == ("rejected", "Too close to home")
    after = (await flow.client.get(f"/api/requests/{request['id']}", headers=mentee.headers)).json()
    assert (after["status"], after["requested_at"]) == ("open", request["requested_at"])
    assert await forbidden(flow, mentee.id, mentor.id)
    # The parties never saw it.
    assert (await flow.client.get("/api/proposals", headers=mentee.headers)).json()["items"] == []
    approve = await flow.client.post(f"/api/proposals/{proposal_id}/approve", json={}, headers=flow.coord)
    assert approve.status_code == 409
    assert "rejected" in approve.json()["detail"]


async def test_decline_with_a_reason_reopens_and_forbids(flow: Workflow) -> None:
    mentee, mentor = await flow.mentee(), await flow.mentor()
    request = await flow.request(mentee)
    proposal_id = await flow.propose(request["id"], mentor)
    await flow.approve(proposal_id)
    await flow.accept(proposal_id, mentee)
    bad = await flow.client.post(
        f"/api/proposals/{proposal_id}/decline", json={"reason": "whatever"}, headers=mentor.headers
    )
    assert bad.status_code == 400
    declined = await flow.client.post(
        f"/api/proposals/{proposal_id}/decline",
        json={"reason": "no_time", "note": "Too busy this spring"},
        headers=mentor.headers,
    )
    assert declined.status_code == 200, declined.text
    body = declined.json()
    assert (body["status"], body["mentor_answer"], body["decline_reason"]) == (
        "declined",
        "declined",
        "no_time",
    )
    assert body["decline_note"] is None  # the free text is for coordinators
    coordinator_view = (await flow.client.get(f"/api/proposals/{proposal_id}", headers=flow.coord)).json()
    assert coordinator_view["decline_note"] == "Too busy this spring"
    assert (await flow.client.get(f"/api/requests/{request['id']}", headers=mentee.headers)).json()[
        "status"
    ] == "open"
    assert await forbidden(flow, mentee.id, mentor.id)
    late = await flow.client.post(f"/api/proposals/{proposal_id}/accept", headers=mentee.headers)
    assert late.status_code == 409
    assert "declined" in late.json()["detail"]
    assert await flow.load(mentor) == (0, 2)


async def test_an_unanswered_proposal_expires_and_reopens_the_request(flow: Workflow) -> None:
    mentee, mentor = await flow.mentee(), await flow.mentor()
    request = await flow.request(mentee)
    proposal_id = await flow.propose(request["id"], mentor)
    await flow.approve(proposal_id, deadline_days=3)
    async with session_scope(flow.engine) as session:
        assert not await expire_proposal(session, uuid.UUID(proposal_id))  # not due yet
        await session.execute(
            update(Proposal)
            .where(Proposal.id == uuid.UUID(proposal_id))
            .values(deadline_at=utcnow() - timedelta(minutes=1))
        )
    late = await flow.client.post(f"/api/proposals/{proposal_id}/accept", headers=mentee.headers)
    assert late.status_code == 409
    assert "deadline" in late.json()["detail"]
    async with session_scope(flow.engine) as session:
        assert await expire_proposal(session, uuid.UUID(proposal_id))
    async with session_scope(flow.engine) as session:
        assert not await expire_proposal(session, uuid.UUID(proposal_id))  # idempotent
    assert (await flow.client.get(f"/api/proposals/{proposal_id}", headers=mentee.headers)).json()[
        "status"
    ] == "expired"
    assert (await flow.client.get(f"/api/requests/{request['id']}", headers=mentee.headers)).json()[
        "status"
    ] == "open"
    assert not await forbidden(flow, mentee.id, mentor.id)  # nobody said no: they may be proposed again


async def test_leaving_the_trial_requeues_the_mentee_ahead_of_newer_requests(flow: Workflow) -> None:
    mentor = await flow.mentor(capacity=1)
    mentee = await flow.mentee()
    pairing = await flow.pair(mentee, mentor)
    assert pairing["status"] == "trial"
    newer = await flow.request(await flow.mentee())
    left = await flow.client.post(f"/api/pairings/{pairing['id']}/trial/leave", headers=mentor.headers)
    assert left.status_code == 200, left.text
    assert (left.json()["status"], left.json()["end_kind"]) == ("ended", "trial_exit")
    assert await flow.load(mentor) == (0, 1)
    queue = (await flow.client.get(f"/api/programs/{flow.program_id}/requests", headers=flow.coord)).json()[
        "items"
    ]
    assert [r["id"] for r in queue] == [pairing["request_id"], newer["id"]]
    assert queue[0]["priority"] is True
    assert await forbidden(flow, mentee.id, mentor.id)
    # Leaving twice, or confirming a trial that is over, names the state.
    again = await flow.client.post(f"/api/pairings/{pairing['id']}/trial/leave", headers=mentee.headers)
    assert again.status_code == 409
    assert "ended" in again.json()["detail"]


async def test_ending_early_frees_the_place_and_asks_for_feedback(flow: Workflow) -> None:
    mentor = await flow.mentor(capacity=1)
    mentee = await flow.mentee()
    pairing = await flow.pair(mentee, mentor)
    await flow.log_session(pairing["id"], mentor)
    for person in (mentee, mentor):
        await flow.client.post(f"/api/pairings/{pairing['id']}/trial/confirm", headers=person.headers)
    unknown = await flow.client.post(
        f"/api/pairings/{pairing['id']}/end", json={"reason": "bored"}, headers=mentee.headers
    )
    assert unknown.status_code == 400
    ended = await flow.client.post(
        f"/api/pairings/{pairing['id']}/end", json={"reason": "moved_on"}, headers=mentee.headers
    )
    assert ended.status_code == 200, ended.text
    assert (ended.json()["status"], ended.json()["end_kind"], ended.json()["end_reason"]) == (
        "ended",
        "early",
        "moved_on",
    )
    assert await flow.load(mentor) == (0, 1)
    again = await flow.client.post(
        f"/api/pairings/{pairing['id']}/end", json={"reason": "other"}, headers=flow.coord
    )
    assert again.status_code == 409
    assert "ended" in again.json()["detail"]
    feedback = await flow.client.post(
        f"/api/pairings/{pairing['id']}/feedback",
        json={"rating": 3, "would_recommend": False},
        headers=mentor.headers,
    )
    assert feedback.status_code == 200
    # The mentor's place is free again: another mentee can be paired with them.
    assert (await flow.pair(await flow.mentee(), mentor))["status"] == "trial"


async def test_a_concern_can_end_the_pairing(flow: Workflow) -> None:
    mentor = await flow.mentor(capacity=1)
    mentee = await flow.mentee()
    pairing = await flow.pair(mentee, mentor)
    concern = await flow.client.post(
        f"/api/pairings/{pairing['id']}/concerns",
        json={"kind": "safety", "description": "Asked for money"},
        headers=mentee.headers,
    )
    resolved = await flow.client.post(
        f"/api/concerns/{concern.json()['id']}/resolve",
        json={"action": "end", "end_reason": "concern"},
        headers=flow.coord,
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["action"] == "ended"
    after = (await flow.client.get(f"/api/pairings/{pairing['id']}", headers=mentee.headers)).json()
    assert (after["status"], after["end_reason"]) == ("ended", "concern")
    assert await flow.load(mentor) == (0, 1)


async def test_withdrawing_a_request_cancels_its_offered_proposal(flow: Workflow) -> None:
    mentee, mentor = await flow.mentee(), await flow.mentor()
    request = await flow.request(mentee)
    proposal_id = await flow.propose(request["id"], mentor)
    await flow.approve(proposal_id)
    withdrawn = await flow.client.post(f"/api/requests/{request['id']}/withdraw", headers=mentee.headers)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert (await flow.client.get(f"/api/proposals/{proposal_id}", headers=mentor.headers)).json()[
        "status"
    ] == "cancelled"
    twice = await flow.client.post(f"/api/requests/{request['id']}/withdraw", headers=mentee.headers)
    assert twice.status_code == 409
    assert "withdrawn" in twice.json()["detail"]


async def test_request_rules(flow: Workflow) -> None:
    mentee = await flow.mentee()
    await flow.request(mentee)
    same = await flow.client.post(
        "/api/requests", json={"program_id": flow.program_id}, headers=mentee.headers
    )
    assert same.status_code == 409
    assert "this programme" in same.json()["detail"]
    others = []
    for _ in range(3):
        other = Workflow(flow.client, flow.people, flow.engine)
        await other.create_program()
        await other.join(mentee, "mentee")
        others.append(other)
    for other in others[:2]:
        assert (await other.request(mentee))["status"] == "open"
    fourth = await flow.client.post(
        "/api/requests", json={"program_id": others[2].program_id}, headers=mentee.headers
    )
    assert fourth.status_code == 409
    assert "at most 3" in fourth.json()["detail"]
    outsider = await flow.people.mentee()
    not_member = await flow.client.post(
        "/api/requests", json={"program_id": flow.program_id}, headers=outsider.headers
    )
    assert not_member.status_code == 403
    mentor = await flow.mentor()
    as_mentor = await flow.client.post(
        "/api/requests", json={"program_id": flow.program_id}, headers=mentor.headers
    )
    assert as_mentor.status_code == 403
    sneaky = await flow.client.post(
        "/api/requests", json={"program_id": flow.program_id, "status": "matched"}, headers=outsider.headers
    )
    assert sneaky.status_code == 400


async def test_one_live_pairing_per_mentee_and_programme(flow: Workflow) -> None:
    mentee = await flow.mentee()
    await flow.pair(mentee, await flow.mentor())
    again = await flow.client.post(
        "/api/requests", json={"program_id": flow.program_id}, headers=mentee.headers
    )
    assert again.status_code == 409
    assert "already have a mentor" in again.json()["detail"]
