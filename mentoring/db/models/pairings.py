"""Requests, matching rounds, proposals and pairings (the pairing workflow).

People are referred to by their account id (``user_account.id``): a request, a proposal and a
pairing name the mentee and the mentor as accounts, so authorisation compares ``request.user.id``.
State columns carry CHECK constraints; partial unique indexes protect the invariants that two
concurrent requests could otherwise break (one open request and one live pairing per mentee and
programme, one live proposal per request, one pending amendment per pairing).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.db.models.states import (
    LIVE_PROPOSAL,
    WAITING_REQUEST,
    AmendmentStatus,
    Answer,
    ConcernAction,
    ConcernKind,
    ConcernStatus,
    EndKind,
    PairingStatus,
    ProposalSource,
    ProposalStatus,
    RequestStatus,
    RoundStage,
    RoundStatus,
    SessionFormat,
    TermsKind,
)

__all__ = [
    "AgreementSignature",
    "Concern",
    "ExitFeedback",
    "MatchingRound",
    "MentoringSession",
    "MentorshipRequest",
    "Pairing",
    "Proposal",
    "TermsAmendment",
]


def _in(column: str, values: Iterable[str]) -> str:
    """``column IN ('a', 'b')``: the values in their enum's order (the constraint's text is in the schema)."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


def _partial(condition: str) -> dict[str, Any]:
    """The same WHERE clause for PostgreSQL and SQLite partial indexes."""
    return {"postgresql_where": text(condition), "sqlite_where": text(condition)}


#: The states a pairing can be paused from (and resumed to).
PAUSABLE = (PairingStatus.AWAITING_AGREEMENT, PairingStatus.TRIAL, PairingStatus.ACTIVE)
LIVE_PAIRING = f"status <> '{PairingStatus.ENDED}'"


class MentorshipRequest(UUIDAuditBase):
    """A mentee asks for a mentor in a programme; waits in the queue until a pairing starts."""

    __tablename__ = "mentorship_request"
    __table_args__ = (
        CheckConstraint(_in("status", RequestStatus), name="request_status_known"),
        # One request waiting per mentee and programme, whatever arrives at once.
        Index(
            "uq_request_waiting_per_program",
            "mentee_id",
            "program_id",
            unique=True,
            **_partial(_in("status", WAITING_REQUEST)),
        ),
    )

    mentee_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[UUID] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.OPEN.value)
    # Kept when the request returns to the queue, so waiting time and queue order survive a trial exit.
    requested_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    matched_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    closed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class MatchingRound(UUIDAuditBase):
    """One run of the matching engine over a programme's open requests: who, when, how, with what result."""

    __tablename__ = "matching_round"
    __table_args__ = (
        CheckConstraint(_in("status", RoundStatus), name="round_status_known"),
        CheckConstraint(_in("stage", RoundStage), name="round_stage_known"),
    )

    program_id: Mapped[UUID] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    run_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=RoundStatus.PENDING.value)
    stage: Mapped[str] = mapped_column(String(16), default=RoundStage.QUEUED.value)
    # When ``stage`` last changed.
    progress_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    # Weights, mode, pinned and forbidden pairs as asked (ids only).
    parameters: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    requests_count: Mapped[int] = mapped_column(Integer, default=0)
    mentors_count: Mapped[int] = mapped_column(Integer, default=0)
    proposals_count: Mapped[int] = mapped_column(Integer, default=0)
    total_score: Mapped[float] = mapped_column(Float, default=0.0)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    error: Mapped[str] = mapped_column(Text, default="")
    # The pairs found (and for a dry run, what would have been proposed) and the unmatched diagnostics.
    outcome: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)


class Proposal(UUIDAuditBase):
    """A suggested pair with its score and reasons: reviewed by a coordinator, then answered by both."""

    __tablename__ = "proposal"
    __table_args__ = (
        CheckConstraint(_in("status", ProposalStatus), name="proposal_status_known"),
        CheckConstraint(
            f"mentor_answer IS NULL OR {_in('mentor_answer', Answer)}", name="mentor_answer_known"
        ),
        CheckConstraint(
            f"mentee_answer IS NULL OR {_in('mentee_answer', Answer)}", name="mentee_answer_known"
        ),
        CheckConstraint(_in("source", ProposalSource), name="proposal_source_known"),
        CheckConstraint(_in("terms_kind", TermsKind), name="proposal_terms_kind_known"),
        # A request has at most one proposal under way.
        Index(
            "uq_proposal_live_per_request",
            "request_id",
            unique=True,
            **_partial(_in("status", LIVE_PROPOSAL)),
        ),
    )

    request_id: Mapped[UUID] = mapped_column(
        ForeignKey("mentorship_request.id", ondelete="CASCADE"), index=True
    )
    program_id: Mapped[UUID] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[UUID | None] = mapped_column(ForeignKey("matching_round.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(16), default=ProposalSource.ROUND.value)
    status: Mapped[str] = mapped_column(String(16), default=ProposalStatus.PENDING_REVIEW.value)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    # [{"factor", "weight", "value", "contribution", "detail"}]: the contributions sum to the score.
    factors: Mapped[list[dict[str, Any]]] = mapped_column(JsonB, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    terms_kind: Mapped[str] = mapped_column(String(16), default=TermsKind.INFORMAL.value)
    terms: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    created_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    review_reason: Mapped[str] = mapped_column(Text, default="")
    offered_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    deadline_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None, index=True)
    mentor_answer: Mapped[str | None] = mapped_column(String(16), default=None)
    mentor_answered_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    mentee_answer: Mapped[str | None] = mapped_column(String(16), default=None)
    mentee_answered_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    decline_reason: Mapped[str | None] = mapped_column(String(32), default=None)
    decline_note: Mapped[str] = mapped_column(Text, default="")
    declined_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class Pairing(UUIDAuditBase):
    """A mentorship between a mentee and a mentor, under terms, from its start to its closure."""

    __tablename__ = "pairing"
    __table_args__ = (
        CheckConstraint(_in("status", PairingStatus), name="pairing_status_known"),
        CheckConstraint(
            f"paused_from IS NULL OR {_in('paused_from', PAUSABLE)}",
            name="pairing_paused_from_known",
        ),
        CheckConstraint(
            f"end_kind IS NULL OR {_in('end_kind', EndKind)}",
            name="pairing_end_kind_known",
        ),
        CheckConstraint(_in("terms_kind", TermsKind), name="pairing_terms_kind_known"),
        CheckConstraint("trial_sessions BETWEEN 1 AND 2", name="pairing_trial_sessions_range"),
        # One live mentorship per mentee and programme.
        Index(
            "uq_pairing_live_per_program", "mentee_id", "program_id", unique=True, **_partial(LIVE_PAIRING)
        ),
    )

    proposal_id: Mapped[UUID] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), unique=True)
    request_id: Mapped[UUID] = mapped_column(
        ForeignKey("mentorship_request.id", ondelete="CASCADE"), index=True
    )
    program_id: Mapped[UUID] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(24))
    paused_from: Mapped[str | None] = mapped_column(String(24), default=None)
    terms_kind: Mapped[str] = mapped_column(String(16))
    terms: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    terms_version: Mapped[int] = mapped_column(Integer, default=1)
    trial_sessions: Mapped[int] = mapped_column(Integer, default=1)
    mentee_confirmed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    mentor_confirmed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    started_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    active_since: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    last_contact_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    # Hooks for the follow-up jobs: when the next check-in is due and when the last one was answered.
    next_checkin_due_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    last_checkin_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    ended_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    end_kind: Mapped[str | None] = mapped_column(String(16), default=None)
    end_reason: Mapped[str | None] = mapped_column(String(32), default=None)
    ended_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class AgreementSignature(UUIDAuditBase):
    """A party accepted the confidentiality agreement of formal terms: which version, when."""

    __tablename__ = "agreement_signature"
    __table_args__ = (UniqueConstraint("pairing_id", "user_id", "text_version"),)

    pairing_id: Mapped[UUID] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    # The confidentiality agreement's version the person read and accepted.
    text_version: Mapped[int] = mapped_column(Integer)
    signed_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class TermsAmendment(UUIDAuditBase):
    """A change of terms one party proposes (extend, change frequency); applies once the other accepts."""

    __tablename__ = "terms_amendment"
    __table_args__ = (
        CheckConstraint(_in("status", AmendmentStatus), name="amendment_status_known"),
        Index(
            "uq_amendment_pending_per_pairing",
            "pairing_id",
            unique=True,
            **_partial(f"status = '{AmendmentStatus.PENDING}'"),
        ),
    )

    pairing_id: Mapped[UUID] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    proposed_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    changes: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=AmendmentStatus.PENDING.value)
    answered_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class MentoringSession(UUIDAuditBase):
    """A meeting one party logged; the private note is shown to its author only."""

    __tablename__ = "mentoring_session"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 5 AND 480", name="session_duration_range"),
        CheckConstraint(_in("format", SessionFormat), name="session_format_known"),
    )

    pairing_id: Mapped[UUID] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    logged_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    held_on: Mapped[date] = mapped_column(Date)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(16))
    private_note: Mapped[str] = mapped_column(Text, default="")


class Concern(UUIDAuditBase):
    """A party raised a concern (safety, no-show, conduct…): the programme's coordinators handle it."""

    __tablename__ = "concern"
    __table_args__ = (
        CheckConstraint(_in("kind", ConcernKind), name="concern_kind_known"),
        CheckConstraint(_in("status", ConcernStatus), name="concern_status_known"),
        CheckConstraint(f"action IS NULL OR {_in('action', ConcernAction)}", name="concern_action_known"),
    )

    pairing_id: Mapped[UUID] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[UUID] = mapped_column(ForeignKey("program.id", ondelete="CASCADE"), index=True)
    raised_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=ConcernStatus.OPEN.value)
    raised_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    handled_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    action: Mapped[str | None] = mapped_column(String(16), default=None)
    resolution_note: Mapped[str] = mapped_column(Text, default="")


class ExitFeedback(UUIDAuditBase):
    """What a party says once the pairing ended: a rating, what went well, would they recommend."""

    __tablename__ = "exit_feedback"
    __table_args__ = (
        UniqueConstraint("pairing_id", "user_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="feedback_rating_range"),
    )

    pairing_id: Mapped[UUID] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[UUID | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int] = mapped_column(Integer)
    went_well: Mapped[str] = mapped_column(Text, default="")
    would_recommend: Mapped[bool] = mapped_column(Boolean)
    submitted_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
