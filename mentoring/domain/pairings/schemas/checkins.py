"""Request and response bodies of check-ins and a pairing's health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from msgspec import Meta

from mentoring.lib.pagination import OffsetPagination
from mentoring.lib.schema import Input, Output

__all__ = ["CheckInAnswer", "CheckInRead", "PairingCheckInPage", "PairingHealth"]

Rating = Annotated[int, Meta(ge=1, le=5, description="1 (bad) to 5 (very good)")]
ConcernText = Annotated[str, Meta(max_length=2000)]


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


@dataclass
class PairingCheckInPage(OffsetPagination[CheckInRead]):
    """A page of a pairing's check-ins, newest first, with the pairing's health, for its coordinators."""

    health: PairingHealth
