"""During the mentorship: meetings logged and concerns raised."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from msgspec import Meta

from mentoring.domain.pairings.schemas.common import ConcernKind, EndReason, Note
from mentoring.lib.schema import Format, Input, Output

ConcernState = Literal["open", "resolved"]


class SessionCreate(Input):
    """A meeting held: when, how long, how; the private note is shown to its author only."""

    held_on: date
    duration_minutes: Annotated[int, Meta(ge=5, le=480)]
    format: Format
    private_note: Annotated[str, Meta(max_length=5000)] = ""


class SessionRead(Output):
    """A meeting; ``private_note`` is null unless the reader logged it."""

    id: UUID
    pairing_id: UUID
    logged_by_id: UUID | None
    held_on: date
    duration_minutes: int
    format: Format
    private_note: str | None
    created_at: datetime


class ConcernCreate(Input):
    """Raise a concern about a pairing: it reaches the programme's coordinators at once."""

    kind: ConcernKind
    description: Annotated[str, Meta(min_length=1, max_length=5000, pattern=r"\S")]


class ConcernRead(Output):
    """A concern, shown to whoever raised it and to the programme's coordinators."""

    id: UUID
    pairing_id: UUID
    program_id: UUID
    raised_by_id: UUID | None
    kind: ConcernKind
    description: str
    status: ConcernState
    raised_at: datetime
    handled_by_id: UUID | None
    handled_at: datetime | None
    action: Literal["none", "paused", "ended"] | None
    resolution_note: str | None


class ConcernResolve(Input):
    """A coordinator handles a concern: no action, pause the pairing, or end it."""

    action: Literal["none", "pause", "end"]
    note: Note = ""
    end_reason: EndReason = "concern"
