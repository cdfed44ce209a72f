"""A pairing's follow-ups, from its terms: performed by the engine as the clock moves."""

from __future__ import annotations

import uuid
from datetime import timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.db.models import FollowUp, Pairing
from mentoring.domain.pairings.planning.planners import plan_pairing_followups
from mentoring.settings import Settings
from tests.conftest import People, Person
from tests.domain.pairings.followup_helpers import FORMAL, make_pairing, program_with_coordinator
from tests.outbox.support import Mailbox, drain, travel, with_smtp


async def kinds(client: AsyncTestClient[Litestar], person: Person) -> list[str]:
    """The kinds of notification in the person's inbox, oldest first."""
    page = (await client.get("/api/inbox?limit=200", headers=person.headers)).json()
    return [item["kind"] for item in reversed(page["items"])]


async def pending(engine: AsyncEngine, pairing_id: uuid.UUID) -> set[str]:
    async with session_scope(engine) as session:
        return set(
            await session.scalars(
                select(FollowUp.key).where(FollowUp.subject_id == pairing_id, FollowUp.state == "pending")
            )
        )


async def later(engine: AsyncEngine, settings: Settings, days: float) -> None:
    """Move the clock and perform what came due."""
    travel(timedelta(days=days))
    await drain(engine, settings)


async def test_formal_pairing_introduction_first_week_check_and_a_worrying_answer_alerts_coordinators(
    client: AsyncTestClient[Litestar],
    people: People,
    engine: AsyncEngine,
    settings: Settings,
    smtp: tuple[Mailbox, int],
) -> None:
    mailbox, port = smtp
    program_id, coordinator = await program_with_coordinator(client, people, terms=FORMAL)
    mentee, mentor = await people.mentee(language="fr"), await people.mentor()
    pairing_id = await make_pairing(engine, program_id, mentee, mentor, formal=True)

    keys = await pending(engine, pairing_id)
    assert {
        "intro:mentee",
        "intro:mentor",
        "first_week:mentee",
        "checkin:3:mentor",
        "midpoint:mentee",
    } <= keys
    assert {"end_review:mentor", "trial_decision:mentee", "coordinator:1", "sessions:1"} <= keys
    assert "complete" not in keys  # a pairing in trial is not completed by the clock

    await drain(engine, with_smtp(settings, port))
    assert await kinds(client, mentee) == ["pairing.introduction"]
    assert await kinds(client, mentor) == ["pairing.introduction"]

    await later(engine, with_smtp(settings, port), 7)
    assert (await kinds(client, mentee))[-1] == "pairing.first_week"
    open_page = (await client.get("/api/check-ins", headers=mentee.headers)).json()
    assert (len(open_page["items"]), open_page["total"]) == (1, 1)
    open_check_ins = open_page["items"]

    answer = {"met": True, "rating": 2, "worried": True, "concern": "He shouted at me"}
    answered = await client.post(
        f"/api/check-ins/{open_check_ins[0]['id']}/answer", json=answer, headers=mentee.headers
    )
    assert answered.status_code == 200, answered.text
    again = await client.post(
        f"/api/check-ins/{open_check_ins[0]['id']}/answer", json=answer, headers=mentee.headers
    )
    assert again.status_code == 409
    stolen = await client.post(
        f"/api/check-ins/{open_check_ins[0]['id']}/answer", json=answer, headers=mentor.headers
    )
    assert stolen.status_code == 404

    assert "alert.checkin_low" in await kinds(client, coordinator)
    view = (await client.get(f"/api/pairings/{pairing_id}/check-ins", headers=coordinator.headers)).json()
    assert view["health"]["status"] == "at_risk"
    assert "He shouted at me" in [c["concern"] for c in view["items"]]
    assert view["total"] == len(view["items"])
    assert (
        await client.get(f"/api/pairings/{pairing_id}/check-ins", headers=mentee.headers)
    ).status_code == 403

    await drain(engine, with_smtp(settings, port))
    assert mailbox.messages, "the notifications were e-mailed"
    for message in mailbox.messages:
        assert "shouted" not in message.as_string()
    french = [m for m, rcpt in zip(mailbox.messages, mailbox.recipients) if rcpt == [mentee.email]]
    assert french
    assert all(m["Content-Language"] == "fr" for m in french)


async def test_informal_pairing_checks_in_after_30_days_nudges_after_45_and_alerts_on_two_unanswered(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, settings: Settings
) -> None:
    program_id, coordinator = await program_with_coordinator(client, people)
    mentee, mentor = await people.mentee(), await people.mentor()
    await make_pairing(engine, program_id, mentee, mentor, formal=False)
    await drain(engine, settings)
    assert await kinds(client, mentee) == ["pairing.introduction"]

    await later(engine, settings, 30)
    assert (await kinds(client, mentee))[-1] == "checkin.due"
    assert "coordinator.checkin" in await kinds(client, coordinator)
    await later(engine, settings, 15)
    assert (await kinds(client, mentee))[-1] == "pairing.nudge"
    assert (await kinds(client, mentor)).count("pairing.nudge") == 1
    await later(engine, settings, 45)  # day 90: second check-in, unanswered like the first
    assert (await kinds(client, mentee)).count("checkin.due") == 2
    assert "alert.checkins_unanswered" not in await kinds(client, coordinator)
    await later(engine, settings, 60)  # day 150: the third is asked after two went unanswered
    assert (await kinds(client, coordinator)).count("alert.checkins_unanswered") == 2  # one per party
    assert (await kinds(client, mentee)).count("pairing.nudge") == 1


async def test_pausing_cancels_the_parties_follow_ups_and_resuming_plans_them_again(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, settings: Settings
) -> None:
    program_id, _ = await program_with_coordinator(client, people, terms=FORMAL)
    mentee, mentor = await people.mentee(), await people.mentor()
    pairing_id = await make_pairing(engine, program_id, mentee, mentor, formal=True, status="active")
    await drain(engine, settings)
    async with session_scope(engine) as session:
        pairing = await session.get(Pairing, pairing_id)
        assert pairing is not None
        pairing.status, pairing.paused_from = "paused", "active"
        await session.flush()
        await plan_pairing_followups(session, pairing_id)
    assert await pending(engine, pairing_id) == {"coordinator:1", "complete"}

    await later(engine, settings, 20)
    assert "checkin.due" not in await kinds(client, mentee)

    async with session_scope(engine) as session:
        pairing = await session.get(Pairing, pairing_id)
        assert pairing is not None
        pairing.status, pairing.paused_from = "active", None
        await session.flush()
        await plan_pairing_followups(session, pairing_id)
        await plan_pairing_followups(session, pairing_id)  # twice is harmless
    keys = await pending(engine, pairing_id)
    assert "checkin:3:mentee" in keys  # the latest missed check-in, due at once
    assert "intro:mentee" not in keys  # already performed
    await drain(engine, settings)
    assert (await kinds(client, mentee)).count("checkin.due") == 1


async def test_formal_pairing_completes_at_its_end_date_and_is_followed_up_three_months_later(
    client: AsyncTestClient[Litestar], people: People, engine: AsyncEngine, settings: Settings
) -> None:
    program_id, _ = await program_with_coordinator(client, people, terms=FORMAL)
    mentee, mentor = await people.mentee(), await people.mentor()
    pairing_id = await make_pairing(
        engine, program_id, mentee, mentor, formal=True, status="active", weeks=4, sessions=2
    )
    await drain(engine, settings)
    await later(engine, settings, 2 * 7 + 1)
    assert "pairing.midpoint_review" in await kinds(client, mentee)
    await later(engine, settings, 7)
    assert "pairing.end_review" in await kinds(client, mentor)
    await later(engine, settings, 7)
    async with session_scope(engine) as session:
        pairing = await session.get(Pairing, pairing_id)
        assert pairing is not None
        assert pairing.status == "ended"
        assert pairing.end_kind == "completed"
    assert await pending(engine, pairing_id) == {"after_closure:mentee", "after_closure:mentor"}
    await later(engine, settings, 92)
    assert (await kinds(client, mentee))[-1] == "pairing.after_closure"
