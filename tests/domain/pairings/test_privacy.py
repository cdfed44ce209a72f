"""The pairing workflow's part of the data export and of account erasure."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from mentoring.db.engine import session_scope
from mentoring.db.models import MentoringSession, MentorshipRequest
from tests.conftest import PASSWORD
from tests.domain.pairings.conftest import Workflow


async def test_export_holds_my_requests_pairings_and_what_i_wrote(flow: Workflow) -> None:
    mentee, mentor = await flow.mentee(), await flow.mentor()
    pairing = await flow.pair(mentee, mentor)
    await flow.log_session(pairing["id"], mentee, note="my own note")
    export = await flow.client.get("/api/me/export", headers=mentee.headers)
    assert export.status_code == 200, export.text
    section = export.json()["sections"]["pairings"]
    assert [p["id"] for p in section["pairings"]] == [pairing["id"]]
    assert [s["private_note"] for s in section["sessions_logged"]] == ["my own note"]
    assert len(section["requests"]) == 1
    mentor_export = (await flow.client.get("/api/me/export", headers=mentor.headers)).json()["sections"][
        "pairings"
    ]
    assert mentor_export["sessions_logged"] == []  # the mentee's note is not the mentor's data


async def test_erasing_a_mentee_ends_their_pairing_and_frees_the_place(flow: Workflow) -> None:
    mentee, mentor = await flow.mentee(), await flow.mentor(capacity=1)
    pairing = await flow.pair(mentee, mentor)
    await flow.log_session(pairing["id"], mentee, note="private")
    erased = await flow.client.request(
        "DELETE", "/api/me", json={"password": PASSWORD}, headers=mentee.headers
    )
    assert erased.status_code in (200, 204), erased.text
    after = (await flow.client.get(f"/api/pairings/{pairing['id']}", headers=mentor.headers)).json()
    assert (after["status"], after["end_kind"]) == ("ended", "early")
    assert await flow.load(mentor) == (0, 1)
    sessions = (await flow.client.get(f"/api/pairings/{pairing['id']}/sessions", headers=flow.coord)).json()[
        "items"
    ]
    assert len(sessions) == 1
    async with session_scope(flow.engine) as session:
        notes = await session.scalars(
            select(MentoringSession.private_note).where(
                MentoringSession.pairing_id == uuid.UUID(pairing["id"])
            )
        )
        assert list(notes) == [""]
        request = await session.get(MentorshipRequest, uuid.UUID(pairing["request_id"]))
        assert request is not None
        assert request.note == ""
