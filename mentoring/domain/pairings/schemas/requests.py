"""A mentee's request for a mentor."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from mentoring.domain.pairings.schemas.common import Note
from mentoring.lib.schema import Input, Output

#: The states of :class:`mentoring.db.models.states.RequestStatus` (a test keeps them equal).
RequestState = Literal["open", "proposed", "matched", "withdrawn"]


class RequestCreate(Input):
    """Ask for a mentor in a programme one belongs to, with an optional note for the coordinators."""

    program_id: UUID
    note: Note = ""


class RequestRead(Output):
    """A request and how long it has waited."""

    id: UUID
    program_id: UUID
    mentee_id: UUID
    status: RequestState
    note: str
    requested_at: datetime
    waiting_days: float
    priority: bool
    matched_at: datetime | None
    closed_at: datetime | None
