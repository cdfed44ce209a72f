"""Concurrent sends: the per-minute limit and the closed thread hold under load (PostgreSQL).

On PostgreSQL the sends really run at once, each in its own transaction; the pairing's row lock
makes the count read by each one include those committed before it. SQLite serialises writers,
so there the test shows the same outcome without the race.
"""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, select

from mentoring.db.engine import session_scope
from mentoring.db.models import PairingMessage, UserAccount
from mentoring.domain.messaging.services import MESSAGES_PER_MINUTE, MessagingService
from mentoring.lib.errors import DomainError
from tests.domain.pairings.conftest import Workflow


async def _send(flow: Workflow, user_id: str, pairing_id: str, n: int) -> int:
    """One send in its own transaction; its HTTP status."""
    try:
        async with session_scope(flow.engine) as session:
            user = await session.get(UserAccount, uuid.UUID(user_id))
            assert user is not None
            await MessagingService(session).send(user, uuid.UUID(pairing_id), f"message {n}")
    except DomainError as exc:
        return exc.status_code
    return 201


async def test_concurrent_sends_never_pass_the_limit(flow: Workflow) -> None:
    mentee, mentor = await flow.mentee(), await flow.mentor()
    pairing = await flow.pair(mentee, mentor)
    attempts = MESSAGES_PER_MINUTE + 8
    statuses = await asyncio.gather(*(_send(flow, mentee.id, pairing["id"], n) for n in range(attempts)))
    assert sorted(statuses) == [201] * MESSAGES_PER_MINUTE + [429] * 8
    async with session_scope(flow.engine) as session:
        stored = await session.scalar(select(func.count()).select_from(PairingMessage))
    assert stored == MESSAGES_PER_MINUTE


async def test_a_send_racing_the_end_of_the_pairing_is_refused_or_lands_before_it(flow: Workflow) -> None:
    mentee, mentor = await flow.mentee(), await flow.mentor()
    pairing = await flow.pair(mentee, mentor)

    async def leave() -> int:
        response = await flow.client.post(
            f"/api/pairings/{pairing['id']}/trial/leave", headers=mentee.headers
        )
        return response.status_code

    results = await asyncio.gather(leave(), *(_send(flow, mentor.id, pairing["id"], n) for n in range(3)))
    assert results[0] == 200
    assert set(results[1:]) <= {201, 409}
    thread = (await flow.client.get(f"/api/pairings/{pairing['id']}/messages", headers=mentor.headers)).json()
    assert thread["open"] is False
    assert thread["total"] == results[1:].count(201)
