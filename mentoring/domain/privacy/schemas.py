"""Privacy response bodies: the export and the access logs (pages of them are ``OffsetPagination``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from mentoring.lib.schema import Output

ActorRole = Literal["coordinator", "mentor", "mentee", "unknown"]


class DataExport(Output):
    """Everything the platform holds about the caller, one section per kind of data."""

    user_id: UUID
    exported_at: datetime
    format_version: int
    #: Section name (account, profiles, programs, access_events, audit_events, pairings…) → content.
    sections: dict[str, Any]


class AccessLogEntry(Output):
    """Someone read one of the caller's sensitive fields (their challenges)."""

    accessed_at: datetime
    field: str
    actor_id: UUID | None
    actor_display_name: str
    actor_role: ActorRole
    program_id: UUID | None
    program_name: str | None


class ProgramAccessEvent(Output):
    """A read of a member's sensitive field within a programme: who, whose, what, when."""

    id: UUID
    accessed_at: datetime
    field: str
    actor_id: UUID | None
    actor_display_name: str
    subject_id: UUID | None
    subject_display_name: str
