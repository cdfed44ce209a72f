"""Routes of a programme's failed follow-ups, for its coordinators (``/api/followups``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from mentoring.domain.programs.followups import FailedFollowUp, FailedFollowUpService, FollowUpRead
from mentoring.domain.programs.guards import requires_coordinator
from mentoring.lib.deps import CurrentUser, Page, provide_service
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination

__all__ = ["FailedFollowUpController"]


class FailedFollowUpController(Controller):
    """Follow-ups that failed after their last attempt, for coordinators."""

    path = "/api/followups"
    tags = ["programs"]
    guards = [requires_coordinator]
    dependencies = {"followups": provide_service(FailedFollowUpService)}

    @get(
        "/failed",
        operation_id="listFailedFollowUps",
        summary="Failed follow-ups of my programmes",
        responses=error_responses(400, 401, 403, 404),
    )
    async def list_failed(
        self,
        followups: NamedDependency[FailedFollowUpService],
        current_user: CurrentUser,
        page: Page,
        program_id: Annotated[
            UUID | None, QueryParameter(description="Only this programme's (one the caller coordinates)")
        ] = None,
    ) -> OffsetPagination[FailedFollowUp]:
        """Failed follow-ups with the reason, latest first, of the programmes the caller coordinates."""
        return await followups.page(current_user, page, program_id=program_id)

    @post(
        "/{followup_id:uuid}/retry",
        operation_id="retryFollowUp",
        summary="Try a failed follow-up again",
        status_code=200,
        responses=error_responses(401, 403, 404, 409),
    )
    async def retry(
        self,
        followups: NamedDependency[FailedFollowUpService],
        current_user: CurrentUser,
        followup_id: FromPath[UUID],
    ) -> FollowUpRead:
        """Put a failed follow-up of the caller's programmes back in the queue, due now."""
        return await followups.retry(current_user, followup_id)
