"""Request and response bodies of the inbox, check-ins and failed follow-ups."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from msgspec import Meta

from mentoring.lib.schema import Input, Output

Rating = Annotated[int, Meta(ge=1, le=5, description="1 (bad) to 5 (very good)")]
ConcernText = Annotated[str, Meta(max_length=2000)]


class NotificationRead(Output):
    """A message of the caller's inbox, in their language."""

    id: UUID
    kind: str
    subject: str
    body: str
    params: dict[str, Any]
    sent_at: datetime
    read_at: datetime | None
    email_state: Literal["none", "pending", "sent", "skipped", "failed"]


class InboxPage(Output):
    """A page of the inbox, newest first, with the counts."""

    items: list[NotificationRead]
    total: int
    unread: int


class UnreadCount(Output):
    """How many notifications are unread."""

    unread: int


class CheckInAnswer(Input):
    """The answer to a check-in: did you meet, how was it, is anything worrying you."""

    met: bool
    rating: Rating
    worried: bool = False
    concern: ConcernText | None = None


class CheckInRead(Output):
    """A check-in put to the caller (or, for coordinators, to a party of a pairing)."""

    id: UUID
    pairing_id: UUID
    role: Literal["mentee", "mentor", "coordinator"]
    asked_at: datetime
    answered_at: datetime | None
    met: bool | None
    rating: int | None
    worried: bool | None
    concern: str | None


class PairingHealth(Output):
    """What the check-ins say about a pairing: ``good``, ``watch`` or ``at_risk`` (``unknown`` before any)."""

    pairing_id: UUID
    status: Literal["unknown", "good", "watch", "at_risk"]
    answered: int
    unanswered: int
    average_rating: float | None
    worries: int
    last_answer_at: datetime | None


class PairingCheckIns(Output):
    """A pairing's health and its check-ins, for its coordinators."""

    health: PairingHealth
    check_ins: list[CheckInRead]


class FailedFollowUp(Output):
    """A follow-up that failed after its last attempt, with the reason."""

    id: UUID
    kind: str
    subject: str
    subject_id: UUID
    program_id: UUID | None
    user_id: UUID | None
    due_at: datetime
    attempts: int
    last_error: str | None
    finished_at: datetime | None


class FailedFollowUpPage(Output):
    """A page of failed follow-ups, most recent first."""

    items: list[FailedFollowUp]
    total: int


class FollowUpRead(Output):
    """A follow-up's state."""

    id: UUID
    kind: str
    state: Literal["pending", "done", "cancelled", "failed"]
    due_at: datetime
    attempts: int
    last_error: str | None
