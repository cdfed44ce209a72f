"""The coordinator's dashboard of a programme."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import update

from mentoring.db.engine import session_scope
from mentoring.db.models import MentorshipRequest, Pairing
from mentoring.lib.clock import utcnow
from tests.domain.pairings.conftest import Workflow


async def test_dashboard_shows_queue_loads_health_and_figures(flow: Workflow) -> None:
    mentor = await flow.mentor(capacity=3)
    paired = await flow.mentee()
    pairing = await flow.pair(paired, mentor)
    await flow.log_session(pairing["id"], paired)
    await flow.client.post(
        f"/api/pairings/{pairing['id']}/concerns",
        json={"kind": "conduct", "description": "Rude"},
        headers=paired.headers,
    )
    waiting_long, waiting_new = await flow.mentee(), await flow.mentee()
    old = await flow.request(waiting_long)
    new = await flow.request(waiting_new)
    proposal_id = await flow.propose(new["id"], mentor)
    async with session_scope(flow.engine) as session:
        await session.execute(
            update(MentorshipRequest)
            .where(MentorshipRequest.id == uuid.UUID(old["id"]))
            .values(requested_at=utcnow() - timedelta(days=40))
        )
        await session.execute(
            update(Pairing)
            .where(Pairing.id == uuid.UUID(pairing["id"]))
            .values(next_checkin_due_at=utcnow() - timedelta(days=1))
        )

    response = await flow.client.get(f"/api/programs/{flow.program_id}/dashboard", headers=flow.coord)
    assert response.status_code == 200, response.text
    board = response.json()
    assert [r["request_id"] for r in board["waiting_requests"]] == [old["id"], new["id"]]
    assert board["waiting_requests"][0]["waiting_days"] >= 40
    assert [r["over_target"] for r in board["waiting_requests"]] == [True, False]
    assert [p["id"] for p in board["proposal_queue"]] == [proposal_id]
    [load] = board["mentor_loads"]
    assert (load["capacity"], load["active_mentees"], load["proposals_under_way"]) == (3, 1, 1)
    [health] = board["pairings"]
    assert health["pairing_id"] == pairing["id"]
    assert (health["sessions_held"], health["open_concerns"], health["checkin_overdue"]) == (1, 1, True)
    assert health["last_contact_at"]
    figures = board["figures"]
    assert figures["waiting_requests"] == 2
    assert figures["longest_wait_days"] >= 40
    assert figures["pairings_by_status"] == {"trial": 1}
    assert figures["acceptance_rate"] == 1.0
    assert figures["open_concerns"] == 1
    this_month = board["months"][-1]
    assert (this_month["requests_opened"], this_month["pairings_started"], this_month["proposals_made"]) == (
        2,
        1,
        2,
    )
    assert len(board["months"]) == 12
