"""Failed follow-ups of the programmes a coordinator runs: list them with the reason, try one again.

The rows are the outbox's (:mod:`mentoring.outbox.failures`); this service decides who sees which:
a coordinator sees and retries the failures of the programmes they coordinate, no others.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import FollowUp, UserAccount
from mentoring.domain.programs.scope import coordinated_program_ids, require_coordinator_of
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError, ForbiddenError, NotFoundError
from mentoring.lib.pagination import LimitOffset, OffsetPagination, paginate
from mentoring.lib.schema import Output
from mentoring.outbox.failures import get_followup, list_failed, pending_twin, retry_failed

__all__ = ["FailedFollowUp", "FailedFollowUpService", "FollowUpRead"]


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


class FollowUpRead(Output):
    """A follow-up's state."""

    id: UUID
    kind: str
    state: Literal["pending", "done", "cancelled", "failed"]
    due_at: datetime
    attempts: int
    last_error: str | None


def failed_read(row: FollowUp) -> FailedFollowUp:
    """Describe a failed follow-up."""
    return FailedFollowUp(
        id=row.id,
        kind=row.kind,
        subject=row.subject,
        subject_id=row.subject_id,
        program_id=row.program_id,
        user_id=row.user_id,
        due_at=row.due_at,
        attempts=row.attempts,
        last_error=row.last_error,
        finished_at=row.finished_at,
    )


class FailedFollowUpService:
    """Failed follow-ups of the programmes a coordinator runs: list them, try one again."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self, user: UserAccount, page: LimitOffset, *, program_id: UUID | None
    ) -> OffsetPagination[FailedFollowUp]:
        """Failed follow-ups of the caller's programmes (or of one of them), latest first."""
        if program_id is not None:
            await require_coordinator_of(self.session, user, program_id)
            programs = {program_id}
        else:
            programs = await coordinated_program_ids(self.session, user.id)
        rows, total = await list_failed(self.session, programs, limit=page.limit, offset=page.offset)
        return paginate([failed_read(r) for r in rows], total, page)

    async def retry(self, user: UserAccount, followup_id: UUID) -> FollowUpRead:
        """Put a failed follow-up back in the queue, due now, with fresh attempts."""
        row = await get_followup(self.session, followup_id)
        programs = await coordinated_program_ids(self.session, user.id)
        if row is None or row.program_id not in programs:
            raise NotFoundError(f"No follow-up {followup_id}")
        if row.state != "failed":
            raise ConflictError(f"Only a failed follow-up can be retried: it is {row.state}")
        if not user.is_coordinator:
            raise ForbiddenError("Only coordinators may do this")
        if await pending_twin(self.session, row) is not None:
            raise ConflictError("This follow-up was planned again meanwhile: nothing to retry")
        if not await retry_failed(self.session, followup_id, utcnow()):
            raise ConflictError("The follow-up changed meanwhile: try again")
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="follow_up",
            entity_id=followup_id,
            action="retry",
            kind=row.kind,
        )
        await self.session.refresh(row)
        return FollowUpRead(
            id=row.id,
            kind=row.kind,
            state=row.state,  # type: ignore[arg-type]
            due_at=row.due_at,
            attempts=row.attempts,
            last_error=row.last_error,
        )
