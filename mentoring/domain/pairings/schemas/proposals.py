"""Proposals: the suggested pair, its score and reasons, the review and both answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from msgspec import Meta

from mentoring.domain.pairings.schemas.common import DeclineReason, Factor, Note, Reason
from mentoring.domain.programs.schemas import FormalTerms, InformalTerms, TermsInput
from mentoring.lib.schema import Input, Output

ProposalState = Literal[
    "pending_review", "offered", "accepted", "rejected", "declined", "expired", "cancelled"
]
Answer = Literal["accepted", "declined"]


class ProposalRead(Output):
    """A proposal as its reader may see it (review and decline notes are for coordinators only)."""

    id: UUID
    request_id: UUID
    program_id: UUID
    mentee_id: UUID
    mentee_name: str
    mentor_id: UUID
    mentor_name: str
    status: ProposalState
    source: Literal["round", "manual"]
    round_id: UUID | None
    score: float
    factors: list[Factor]
    reason: str
    terms: FormalTerms | InformalTerms
    created_at: datetime
    offered_at: datetime | None
    deadline_at: datetime | None
    mentor_answer: Answer | None
    mentee_answer: Answer | None
    decline_reason: DeclineReason | None
    closed_at: datetime | None
    pairing_id: UUID | None = None
    review_reason: str | None = None
    decline_note: str | None = None


class ProposalCreate(Input):
    """A coordinator proposes a pair by hand (usually one of the ranked suggestions)."""

    mentor_id: UUID


class ProposalApprove(Input):
    """Approve and offer to both; the answer deadline defaults to the programme's."""

    deadline_days: Annotated[int, Meta(ge=1, le=60)] | None = None


class ProposalReject(Input):
    """Reject a proposal in review, saying why (kept for coordinators)."""

    reason: Reason


class ProposalCancel(Input):
    """Withdraw a proposal in review or offered (the mentor is full, the situation changed…)."""

    reason: Reason


class ProposalDecline(Input):
    """Decline an offered proposal: a reason from the list, and free text for the coordinators."""

    reason: DeclineReason
    note: Note = ""


class TermsChange(Input):
    """New engagement terms for a proposal in review or a pairing not yet started."""

    terms: TermsInput


class Suggestion(Output):
    """A mentor ranked for one mentee, with the score and why."""

    mentor_id: UUID
    mentor_name: str
    score: float
    reason: str
    factors: list[Factor]
    free_places: int
