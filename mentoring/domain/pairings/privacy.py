"""The pairing workflow's part of a person's data export and account erasure.

Erasure ends what is under way (waiting requests withdrawn, proposals cancelled, live pairings
ended, freeing the mentor's place) and blanks the free text the person wrote; the rows stay, with
ids and states only, so the other person's history and the programme's figures remain true.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import (
    AgreementSignature,
    Concern,
    ExitFeedback,
    MentoringSession,
    MentorshipRequest,
    Pairing,
    Proposal,
)
from mentoring.domain.pairings.services.closure import end_pairing_early
from mentoring.domain.pairings.services.common import transition
from mentoring.domain.pairings.services.requests import WAITING, reopen_request
from mentoring.domain.pairings.states import (
    LIVE_PAIRING,
    LIVE_PROPOSAL,
    PROPOSAL_TRANSITIONS,
    REQUEST_TRANSITIONS,
)
from mentoring.lib.clock import utcnow

ERASED_TEXT = "(erased)"
LIVE_PROPOSALS = tuple(s.value for s in LIVE_PROPOSAL)


def _row(obj: Any, *names: str) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


async def export_pairings(session: AsyncSession, user_id: UUID) -> dict[str, Any]:
    """The person's requests, the proposals offered to them, their pairings and what they wrote in them."""
    requests = await session.scalars(select(MentorshipRequest).where(MentorshipRequest.mentee_id == user_id))
    proposals = await session.scalars(
        select(Proposal).where(
            or_(Proposal.mentee_id == user_id, Proposal.mentor_id == user_id),
            Proposal.offered_at.is_not(None),
        )
    )
    pairings = list(
        await session.scalars(
            select(Pairing).where(or_(Pairing.mentee_id == user_id, Pairing.mentor_id == user_id))
        )
    )
    sessions = await session.scalars(select(MentoringSession).where(MentoringSession.logged_by_id == user_id))
    concerns = await session.scalars(select(Concern).where(Concern.raised_by_id == user_id))
    feedback = await session.scalars(select(ExitFeedback).where(ExitFeedback.user_id == user_id))
    signatures = await session.scalars(
        select(AgreementSignature).where(AgreementSignature.user_id == user_id)
    )
    return {
        "requests": [
            _row(r, "id", "program_id", "status", "note", "requested_at", "matched_at", "closed_at")
            for r in requests
        ],
        "proposals": [
            _row(
                p,
                "id",
                "program_id",
                "mentee_id",
                "mentor_id",
                "status",
                "score",
                "reason",
                "offered_at",
                "mentee_answer",
                "mentor_answer",
                "closed_at",
            )
            | {"my_decline_note": p.decline_note if p.declined_by_id == user_id else None}
            for p in proposals
        ],
        "pairings": [
            _row(
                p,
                "id",
                "program_id",
                "mentee_id",
                "mentor_id",
                "status",
                "terms_kind",
                "terms",
                "started_at",
                "ends_on",
                "ended_at",
                "end_kind",
                "end_reason",
            )
            for p in pairings
        ],
        "sessions_logged": [
            _row(s, "id", "pairing_id", "held_on", "duration_minutes", "format", "private_note")
            for s in sessions
        ],
        "concerns_raised": [
            _row(c, "id", "pairing_id", "kind", "description", "status", "raised_at") for c in concerns
        ],
        "exit_feedback": [
            _row(f, "pairing_id", "rating", "went_well", "would_recommend", "submitted_at") for f in feedback
        ],
        "agreements_signed": [_row(s, "pairing_id", "text_version", "signed_at") for s in signatures],
    }


async def erase_pairings(session: AsyncSession, user_id: UUID) -> None:
    """Stop what is under way for the person and blank the free text they wrote."""
    now = utcnow()
    for proposal in list(
        await session.scalars(
            select(Proposal).where(
                or_(Proposal.mentee_id == user_id, Proposal.mentor_id == user_id),
                Proposal.status.in_(LIVE_PROPOSALS),
            )
        )
    ):
        await transition(
            session,
            Proposal,
            proposal.id,
            PROPOSAL_TRANSITIONS["cancel"],
            actor_id=None,
            values={"closed_at": now},
            audit={"because": "account_erased"},
        )
        if proposal.mentee_id != user_id:
            await reopen_request(session, proposal.request_id, None)
    for request_id in list(
        await session.scalars(
            select(MentorshipRequest.id).where(
                MentorshipRequest.mentee_id == user_id, MentorshipRequest.status.in_([*WAITING])
            )
        )
    ):
        await transition(
            session,
            MentorshipRequest,
            request_id,
            REQUEST_TRANSITIONS["withdraw"],
            actor_id=None,
            values={"closed_at": now},
            audit={"because": "account_erased"},
        )
    for pairing_id in list(
        await session.scalars(
            select(Pairing.id).where(
                or_(Pairing.mentee_id == user_id, Pairing.mentor_id == user_id),
                Pairing.status.in_([str(s) for s in LIVE_PAIRING]),
            )
        )
    ):
        await end_pairing_early(session, pairing_id, "other", actor_id=None)
    for statement in (
        update(MentorshipRequest).where(MentorshipRequest.mentee_id == user_id).values(note=""),
        update(MentoringSession).where(MentoringSession.logged_by_id == user_id).values(private_note=""),
        update(Concern).where(Concern.raised_by_id == user_id).values(description=ERASED_TEXT),
        update(ExitFeedback).where(ExitFeedback.user_id == user_id).values(went_well=""),
        update(Proposal).where(Proposal.declined_by_id == user_id).values(decline_note=""),
    ):
        await session.execute(statement.execution_options(synchronize_session=False))
