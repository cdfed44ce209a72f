"""Pairings: terms, agreement, trial, amendments, closure and exit feedback."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from msgspec import Meta

from mentoring.domain.pairings.schemas.common import EndReason
from mentoring.domain.programs.schemas import FormalTerms, InformalTerms, SessionCount
from mentoring.lib.schema import Frequency, Input, Output

PairingState = Literal["awaiting_agreement", "trial", "active", "paused", "ended"]
Role = Literal["mentee", "mentor"]


class SignatureRead(Output):
    """Who accepted the confidentiality agreement, which version, when."""

    user_id: UUID | None
    role: Role
    text_version: int
    signed_at: datetime


class AmendmentChanges(Input):
    """What an amendment changes: extend by some weeks, a new frequency, a new number of sessions."""

    extend_weeks: Annotated[int, Meta(ge=1, le=52)] | None = None
    frequency: Frequency | None = None
    sessions: SessionCount | None = None


class AmendmentRead(Output):
    """A proposed change of terms and its answer."""

    id: UUID
    pairing_id: UUID
    proposed_by_id: UUID | None
    extend_weeks: int | None
    frequency: Frequency | None
    sessions: int | None
    status: Literal["pending", "accepted", "declined"]
    created_at: datetime
    answered_at: datetime | None


class FeedbackCreate(Input):
    """Exit feedback once the pairing ended."""

    rating: Annotated[int, Meta(ge=1, le=5)]
    would_recommend: bool
    went_well: Annotated[str, Meta(max_length=5000)] = ""


class FeedbackRead(Output):
    """Exit feedback as given."""

    role: Role
    rating: int
    went_well: str
    would_recommend: bool
    submitted_at: datetime


class AgreementSign(Input):
    """Accept the confidentiality agreement of the version one read."""

    text_version: Annotated[int, Meta(ge=1, le=1_000_000)]


class PairingEnd(Input):
    """End a pairing before the end of its terms, with a reason from the list."""

    reason: EndReason


class PairingRead(Output):
    """A pairing, its terms and how it is going."""

    id: UUID
    proposal_id: UUID
    request_id: UUID
    program_id: UUID
    mentee_id: UUID
    mentee_name: str
    mentor_id: UUID
    mentor_name: str
    status: PairingState
    paused_from: PairingState | None
    terms: FormalTerms | InformalTerms
    terms_version: int
    trial_sessions: int
    sessions_held: int
    minutes_held: int
    sessions_committed: int | None
    signatures: list[SignatureRead]
    mentee_confirmed_at: datetime | None
    mentor_confirmed_at: datetime | None
    created_at: datetime
    started_at: datetime | None
    active_since: datetime | None
    ends_on: date | None
    last_contact_at: datetime | None
    next_checkin_due_at: datetime | None
    ended_at: datetime | None
    end_kind: Literal["completed", "early", "trial_exit"] | None
    end_reason: EndReason | None
    contact_after_closure: str
    pending_amendment: AmendmentRead | None
    feedback: list[FeedbackRead]
    open_concerns: int | None = None
