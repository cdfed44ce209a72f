"""Privacy request and response bodies: the export, the erasure confirmation, the access log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from mentoring.lib.schema import Input, Output, Password

ActorRole = Literal["coordinator", "mentor", "mentee", "unknown"]


class DataExport(Output):
    """Everything the platform holds about the caller, one section per kind of data."""

    user_id: UUID
    exported_at: datetime
    format_version: int
    #: Section name (account, profiles, programs, access_events, audit_events, pairings…) → content.
    sections: dict[str, Any]


class ErasureConfirmation(Input):
    """The caller's current password, to confirm that they are the one erasing the account."""

    password: Password


class AccessLogEntry(Output):
    """Someone read one of the caller's sensitive fields (their challenges)."""

    accessed_at: datetime
    field: str
    actor_id: UUID | None
    actor_display_name: str
    actor_role: ActorRole
    program_id: UUID | None
    program_name: str | None


class AccessLogPage(Output):
    """A page of the caller's access log, newest first."""

    items: list[AccessLogEntry]
    total: int
    limit: int
    offset: int


class ProgramAccessEvent(Output):
    """A read of a member's sensitive field within a programme: who, whose, what, when."""

    id: UUID
    accessed_at: datetime
    field: str
    actor_id: UUID | None
    actor_display_name: str
    subject_id: UUID | None
    subject_display_name: str


class ProgramAccessEventPage(Output):
    """A page of a programme's access events, newest first."""

    items: list[ProgramAccessEvent]
    total: int
    limit: int
    offset: int
