"""Notifications land in the inbox and, with SMTP configured, as one e-mail in the person's language."""

from __future__ import annotations

import uuid
from datetime import timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import notify
from mentoring.settings import Settings
from tests.conftest import People
from tests.domain.pairings.followup_helpers import program_with_coordinator
from tests.outbox.support import Mailbox, drain, free_port, states, travel, with_smtp


async def test_a_notification_is_in_the_inbox_and_emailed_once_in_french(
    client: AsyncTestClient[Litestar],
    people: People,
    engine: AsyncEngine,
    settings: Settings,
    smtp: tuple[Mailbox, int],
) -> None:
    mailbox, port = smtp
    mentee = await people.mentee(language="fr")
    async with session_scope(engine) as session:
        await notify(
            session, uuid.UUID(mentee.id), NotificationKind.PROPOSAL_REMINDER, {"proposal_id": uuid.uuid4()}
        )

    inbox = (await client.get("/api/inbox", headers=mentee.headers)).json()
    assert inbox["total"] == 1
    assert inbox["unread"] == 1
    assert inbox["items"][0]["subject"] == "Une proposition attend votre réponse"
    assert inbox["items"][0]["email_state"] == "pending"

    report = await drain(engine, with_smtp(settings, port))
    assert report.done == 1
    await drain(engine, with_smtp(settings, port))  # again: nothing left to send
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert mailbox.recipients[0] == [mentee.email]
    assert message["Subject"] == "Une proposition attend votre réponse"
    assert message["Content-Language"] == "fr"
    assert "Ouvrir Mentoring" in message.get_content()

    item = (await client.get("/api/inbox", headers=mentee.headers)).json()["items"][0]
    assert item["email_state"] == "sent"
    read = await client.post(f"/api/inbox/{item['id']}/read", headers=mentee.headers)
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert (await client.get("/api/inbox", headers=mentee.headers)).json()["unread"] == 0


async def test_someone_elses_notification_cannot_be_marked_read(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine
) -> None:
    mentee, other = await people.mentee(), await people.mentee()
    async with session_scope(engine) as session:
        notification_id = await notify(session, uuid.UUID(mentee.id), NotificationKind.CHECKIN_DUE)
    response = await client.post(f"/api/inbox/{notification_id}/read", headers=other.headers)
    assert response.status_code == 404
    assert (await client.get("/api/inbox", headers=other.headers)).json()["total"] == 0
    marked = await client.post("/api/inbox/read-all", headers=mentee.headers)
    assert marked.status_code == 200
    assert (await client.get("/api/inbox?unread_only=true", headers=mentee.headers)).json()["total"] == 0


async def test_without_smtp_the_inbox_still_gets_it_and_no_email_is_attempted(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, settings: Settings
) -> None:
    mentor = await people.mentor()
    async with session_scope(engine) as session:
        await notify(session, uuid.UUID(mentor.id), NotificationKind.MENTOR_PAUSE_ENDED)
    await drain(engine, settings)
    item = (await client.get("/api/inbox", headers=mentor.headers)).json()["items"][0]
    assert item["subject"] == "Welcome back"
    assert item["email_state"] == "skipped"


async def test_an_unreachable_smtp_server_is_retried_with_backoff_then_shown_failed_to_coordinators(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, settings: Settings
) -> None:
    program_id, coordinator = await program_with_coordinator(client, people)
    outsider = await people.coordinator()
    mentee = await people.mentee()
    broken = with_smtp(settings, free_port())  # nothing listens there
    broken = broken.with_overrides(jobs=broken.jobs.__class__(max_attempts=3, backoff_seconds=60))
    async with session_scope(engine) as session:
        await notify(session, uuid.UUID(mentee.id), NotificationKind.CHECKIN_DUE, {"program_id": program_id})

    assert (await drain(engine, broken)).retried == 1
    assert (await drain(engine, broken)).claimed == 0  # the next attempt waits for its back-off
    travel(timedelta(seconds=61))
    assert (await drain(engine, broken)).retried == 1
    travel(timedelta(seconds=121))
    assert (await drain(engine, broken)).failed == 1
    assert (await states(engine, kind="email.send")) == {"failed": 1}

    page = (await client.get("/api/followups/failed", headers=coordinator.headers)).json()
    assert page["total"] == 1
    failed = page["items"][0]
    assert failed["kind"] == "email.send"
    assert failed["attempts"] == 3
    assert "Error" in failed["last_error"]
    assert (await client.get("/api/followups/failed", headers=outsider.headers)).json()["total"] == 0
    forbidden = await client.get(f"/api/followups/failed?program_id={program_id}", headers=outsider.headers)
    assert forbidden.status_code == 403
    assert (await client.get("/api/followups/failed", headers=mentee.headers)).status_code == 403
    item = (await client.get("/api/inbox", headers=mentee.headers)).json()["items"][0]
    assert item["email_state"] == "failed"

    retried = await client.post(f"/api/followups/{failed['id']}/retry", headers=coordinator.headers)
    assert retried.status_code == 200
    assert retried.json()["state"] == "pending"
    again = await client.post(f"/api/followups/{failed['id']}/retry", headers=coordinator.headers)
    assert again.status_code == 409
    assert (
        await client.post(f"/api/followups/{failed['id']}/retry", headers=outsider.headers)
    ).status_code == 404


async def test_erasing_an_account_deletes_its_inbox_and_cancels_its_pending_follow_ups(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, settings: Settings
) -> None:
    from tests.conftest import PASSWORD

    mentee = await people.mentee()
    async with session_scope(engine) as session:
        await notify(session, uuid.UUID(mentee.id), NotificationKind.CHECKIN_DUE)
    exported = (await client.get("/api/me/export", headers=mentee.headers)).json()
    assert [n["kind"] for n in exported["sections"]["notifications"]] == ["checkin.due"]

    erased = await client.request("DELETE", "/api/me", json={"password": PASSWORD}, headers=mentee.headers)
    assert erased.status_code in (200, 204), erased.text
    assert await states(engine, kind="email.send") == {"cancelled": 1}
    async with session_scope(engine) as session:
        assert await notify(session, uuid.UUID(mentee.id), NotificationKind.CHECKIN_DUE) is None
    await drain(engine, settings)


async def test_the_inbox_is_paginated_with_its_totals(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine
) -> None:
    mentee = await people.mentee()
    async with session_scope(engine) as session:
        for kind in (
            NotificationKind.CHECKIN_DUE,
            NotificationKind.PAIRING_NUDGE,
            NotificationKind.PAIRING_PAUSED,
        ):
            await notify(session, uuid.UUID(mentee.id), kind)
    page = (await client.get("/api/inbox?limit=2&offset=2", headers=mentee.headers)).json()
    assert (len(page["items"]), page["limit"], page["offset"], page["total"], page["unread"]) == (
        1,
        2,
        2,
        3,
        3,
    )
    first = (await client.get("/api/inbox?limit=2", headers=mentee.headers)).json()
    assert len({item["id"] for item in first["items"] + page["items"]}) == 3
    assert (await client.get("/api/inbox?limit=201", headers=mentee.headers)).status_code == 400
