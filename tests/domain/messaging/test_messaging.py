"""The thread of a pairing through the API: only its two members, read receipts, limits, privacy."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from mentoring.db.engine import session_scope
from mentoring.db.models import AccessEvent, Notification, PairingMessage
from mentoring.domain.messaging.services import MESSAGES_PER_MINUTE
from tests.conftest import PASSWORD
from tests.domain.pairings.conftest import Workflow


async def _pair(flow: Workflow):  # type: ignore[no-untyped-def]
    mentee, mentor = await flow.mentee(), await flow.mentor()
    pairing = await flow.pair(mentee, mentor)
    return mentee, mentor, pairing["id"]


async def test_members_exchange_messages_with_read_receipts(flow: Workflow) -> None:
    mentee, mentor, pid = await _pair(flow)
    sent = await flow.client.post(
        f"/api/pairings/{pid}/messages", json={"body": "<b>Hi</b> https://x.org"}, headers=mentee.headers
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["body"] == "<b>Hi</b> https://x.org"
    assert sent.json()["read_at"] is None
    thread = (await flow.client.get(f"/api/pairings/{pid}/messages", headers=mentor.headers)).json()
    assert thread["total"] == 1
    assert thread["unread"] == 1
    assert thread["items"][0]["mine"] is False
    marked = await flow.client.post(f"/api/pairings/{pid}/messages/read", headers=mentor.headers)
    assert marked.json() == {"marked": 1}
    mine = (await flow.client.get(f"/api/pairings/{pid}/messages", headers=mentee.headers)).json()
    assert mine["items"][0]["read_at"] is not None
    assert mine["items"][0]["mine"] is True


async def test_new_message_notifies_without_its_text(flow: Workflow) -> None:
    mentee, mentor, pid = await _pair(flow)
    for body in ("secret one", "secret two"):
        await flow.client.post(f"/api/pairings/{pid}/messages", json={"body": body}, headers=mentee.headers)
    async with session_scope(flow.engine) as session:
        rows = list(
            await session.scalars(
                select(Notification).where(
                    Notification.user_id == uuid.UUID(mentor.id), Notification.kind == "message.received"
                )
            )
        )
    assert len(rows) == 1  # one per unread run
    inbox = (await flow.client.get("/api/inbox", headers=mentor.headers)).text
    assert "secret" not in inbox


async def test_nobody_else_reads_or_writes_the_thread(flow: Workflow) -> None:
    mentee, _mentor, pid = await _pair(flow)
    await flow.client.post(f"/api/pairings/{pid}/messages", json={"body": "hello"}, headers=mentee.headers)
    others = [await flow.mentee(), await flow.mentor(), flow.coordinator]
    for person in others:
        assert person is not None
        for method, path, body in (
            ("GET", f"/api/pairings/{pid}/messages", None),
            ("POST", f"/api/pairings/{pid}/messages", {"body": "intrusion"}),
            ("POST", f"/api/pairings/{pid}/messages/read", None),
            ("GET", f"/api/pairings/{pid}/contact", None),
            ("PUT", f"/api/pairings/{pid}/contact", {"kind": "email", "value": "x@example.org"}),
        ):
            response = await flow.client.request(method, path, json=body, headers=person.headers)
            assert response.status_code == 404, (method, path, response.text)


async def test_bad_bodies_are_refused(flow: Workflow) -> None:
    mentee, _, pid = await _pair(flow)
    url = f"/api/pairings/{pid}/messages"
    for body in ({"body": ""}, {"body": "   "}, {"body": "x" * 4001}, {"body": "hi", "sender_id": mentee.id}):
        response = await flow.client.post(url, json=body, headers=mentee.headers)
        assert response.status_code == 400, (body, response.text)
    ok = await flow.client.post(url, json={"body": "x" * 4000}, headers=mentee.headers)
    assert ok.status_code == 201


async def test_rate_limit_per_sender(flow: Workflow) -> None:
    mentee, mentor, pid = await _pair(flow)
    url = f"/api/pairings/{pid}/messages"
    for n in range(MESSAGES_PER_MINUTE):
        assert (
            await flow.client.post(url, json={"body": f"m{n}"}, headers=mentee.headers)
        ).status_code == 201
    refused = await flow.client.post(url, json={"body": "one too many"}, headers=mentee.headers)
    assert refused.status_code == 429, refused.text
    # the other member is not held back by the first one's rate
    assert (await flow.client.post(url, json={"body": "reply"}, headers=mentor.headers)).status_code == 201


async def test_closed_thread_is_read_only(flow: Workflow) -> None:
    mentee, mentor, pid = await _pair(flow)
    await flow.client.post(f"/api/pairings/{pid}/messages", json={"body": "before"}, headers=mentee.headers)
    ended = await flow.client.post(f"/api/pairings/{pid}/trial/leave", headers=mentee.headers)
    assert ended.status_code in (200, 201), ended.text
    refused = await flow.client.post(
        f"/api/pairings/{pid}/messages", json={"body": "after"}, headers=mentor.headers
    )
    assert refused.status_code == 409, refused.text
    share = await flow.client.put(
        f"/api/pairings/{pid}/contact",
        json={"kind": "phone", "value": "+33 6 12 34 56 78"},
        headers=mentor.headers,
    )
    assert share.status_code == 409
    thread = (await flow.client.get(f"/api/pairings/{pid}/messages", headers=mentor.headers)).json()
    assert thread["open"] is False
    assert thread["total"] == 1
    assert thread["contact_after_closure"] == "You may stay in touch if you both wish."


async def test_contact_shared_and_revoked(flow: Workflow) -> None:
    mentee, mentor, pid = await _pair(flow)
    url = f"/api/pairings/{pid}/contact"
    bad = await flow.client.put(
        url, json={"kind": "email", "value": "not an address"}, headers=mentee.headers
    )
    assert bad.status_code == 400
    shared = await flow.client.put(
        url, json={"kind": "email", "value": "ada@example.org"}, headers=mentee.headers
    )
    assert shared.status_code == 200
    assert shared.json()["mine"]["value"] == "ada@example.org"
    seen = (await flow.client.get(url, headers=mentor.headers)).json()
    assert seen["theirs"]["value"] == "ada@example.org"
    assert seen["mine"] is None
    revoked = await flow.client.delete(url, headers=mentee.headers)
    assert revoked.json()["mine"] is None
    assert (await flow.client.get(url, headers=mentor.headers)).json()["theirs"] is None


async def test_concern_attachment_is_the_only_part_coordinators_read_and_it_is_logged(flow: Workflow) -> None:
    mentee, mentor, pid = await _pair(flow)
    first = (
        await flow.client.post(f"/api/pairings/{pid}/messages", json={"body": "fine"}, headers=mentor.headers)
    ).json()
    worrying = (
        await flow.client.post(
            f"/api/pairings/{pid}/messages", json={"body": "worrying"}, headers=mentor.headers
        )
    ).json()
    concern = await flow.client.post(
        f"/api/pairings/{pid}/concerns",
        json={"kind": "conduct", "description": "See the message"},
        headers=mentee.headers,
    )
    assert concern.status_code == 201, concern.text
    cid = concern.json()["id"]
    other = await flow.mentee()
    assert (
        await flow.client.post(
            f"/api/concerns/{cid}/messages", json={"message_ids": [worrying["id"]]}, headers=other.headers
        )
    ).status_code == 404
    attached = await flow.client.post(
        f"/api/concerns/{cid}/messages", json={"message_ids": [worrying["id"]]}, headers=mentee.headers
    )
    assert attached.status_code == 200, attached.text
    excerpt = await flow.client.get(f"/api/concerns/{cid}/messages", headers=flow.coord)
    assert [m["body"] for m in excerpt.json()] == ["worrying"]
    assert first["id"] not in excerpt.text
    async with session_scope(flow.engine) as session:
        events = list(await session.scalars(select(AccessEvent).where(AccessEvent.field == "messages")))
    assert [(str(e.actor_id), str(e.subject_id)) for e in events] == [(flow.coordinator.id, mentor.id)]  # type: ignore[union-attr]


async def test_export_and_erasure(flow: Workflow) -> None:
    mentee, mentor, pid = await _pair(flow)
    await flow.client.post(
        f"/api/pairings/{pid}/messages", json={"body": "from the mentee"}, headers=mentee.headers
    )
    await flow.client.post(
        f"/api/pairings/{pid}/messages", json={"body": "from the mentor"}, headers=mentor.headers
    )
    await flow.client.put(
        f"/api/pairings/{pid}/contact",
        json={"kind": "email", "value": "ada@example.org"},
        headers=mentee.headers,
    )
    export = await flow.client.get("/api/me/export", headers=mentee.headers)
    assert export.status_code == 200, export.text
    section = export.json()["sections"]["messages"]
    assert [m["body"] for m in section["messages"]] == ["from the mentee", "from the mentor"]
    assert section["contact_shared"][0]["value"] == "ada@example.org"
    erased = await flow.client.request(
        "DELETE", "/api/me", json={"password": PASSWORD}, headers=mentee.headers
    )
    assert erased.status_code in (200, 204), erased.text
    async with session_scope(flow.engine) as session:
        bodies = list(await session.scalars(select(PairingMessage.body)))
        count = await session.scalar(select(func.count()).select_from(PairingMessage))
    assert bodies == ["from the mentor"]
    assert count == 1


async def test_demo_conversation_is_seeded_once(flow: Workflow) -> None:
    from mentoring.domain.messaging.demo import DEMO_CONVERSATION, seed_demo_messages

    mentee, _, pid = await _pair(flow)
    async with session_scope(flow.engine) as session:
        assert len(await seed_demo_messages(session, uuid.UUID(pid))) == len(DEMO_CONVERSATION)
        assert await seed_demo_messages(session, uuid.UUID(pid)) == []
    thread = (await flow.client.get(f"/api/pairings/{pid}/messages", headers=mentee.headers)).json()
    assert [m["body"] for m in thread["items"]] == [text for _, text in DEMO_CONVERSATION]
