"""A mentor's capacity is never exceeded, whatever arrives at once (on SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, select

from mentoring.db.engine import session_scope
from mentoring.db.models import AuditEvent, MentorshipRequest, Pairing, Proposal
from tests.domain.pairings.conftest import Workflow

SIMULTANEOUS = 50


async def test_fifty_simultaneous_acceptances_never_exceed_capacity(flow: Workflow) -> None:
    mentor = await flow.mentor(capacity=2)
    mentees = [await flow.mentee() for _ in range(SIMULTANEOUS)]
    proposals = []
    for mentee in mentees:
        request = await flow.request(mentee)
        proposal_id = await flow.propose(request["id"], mentor)
        await flow.approve(proposal_id)
        await flow.accept(proposal_id, mentor)  # the mentor accepted first: each mentee's answer completes
        proposals.append(proposal_id)

    responses = await asyncio.gather(
        *(
            flow.client.post(f"/api/proposals/{pid}/accept", headers=mentee.headers)
            for pid, mentee in zip(proposals, mentees)
        )
    )

    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 200] + [409] * (SIMULTANEOUS - 2), [
        r.text for r in responses if r.status_code not in (200, 409)
    ]
    for refused in (r for r in responses if r.status_code == 409):
        assert refused.json()["detail"]
    winners = {r.json()["id"] for r in responses if r.status_code == 200}
    assert await flow.load(mentor) == (2, 2)
    async with session_scope(flow.engine) as session:
        pairings = list(await session.scalars(select(Pairing)))
        assert len(pairings) == 2
        assert {str(p.proposal_id) for p in pairings} == winners
        # Nothing half-written: only the winners' proposals and requests moved on.
        states = dict((await session.execute(select(Proposal.id, Proposal.status))).all())
        assert sorted(states.values()).count("accepted") == 2
        assert sum(1 for s in states.values() if s == "offered") == SIMULTANEOUS - 2
        losers = [uuid.UUID(p) for p in proposals if p not in winners]
        unanswered = await session.scalar(
            select(func.count(Proposal.id)).where(Proposal.id.in_(losers), Proposal.mentee_answer.is_(None))
        )
        assert unanswered == SIMULTANEOUS - 2
        matched = await session.scalar(
            select(func.count(MentorshipRequest.id)).where(MentorshipRequest.status == "matched")
        )
        assert matched == 2
        starts = await session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.entity == "pairing", AuditEvent.action == "start"
            )
        )
        assert starts == 2


async def test_double_acceptance_of_one_proposal_starts_one_pairing(flow: Workflow) -> None:
    mentor = await flow.mentor(capacity=3)
    mentee = await flow.mentee()
    request = await flow.request(mentee)
    proposal_id = await flow.propose(request["id"], mentor)
    await flow.approve(proposal_id)
    responses = await asyncio.gather(
        *(
            flow.client.post(f"/api/proposals/{proposal_id}/accept", headers=person.headers)
            for person in [mentor, mentee, mentor, mentee, mentee]
        )
    )
    assert sorted(r.status_code for r in responses) == [200, 200, 409, 409, 409]
    async with session_scope(flow.engine) as session:
        assert await session.scalar(select(func.count(Pairing.id))) == 1
    assert await flow.load(mentor) == (1, 3)
