"""HTTP routes of the followups domain: the inbox, check-ins, failed follow-ups."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import Body, Parameter
from litestar.types import ControllerRouterHandler

from mentoring.db.models import UserAccount
from mentoring.domain.accounts.guards import requires_coordinator
from mentoring.domain.followups.checkins import CheckInService
from mentoring.domain.followups.schemas import (
    CheckInAnswer,
    CheckInRead,
    FailedFollowUpPage,
    FollowUpRead,
    InboxPage,
    NotificationRead,
    PairingCheckIns,
    UnreadCount,
)
from mentoring.domain.followups.services import FailedFollowUpService, InboxService
from mentoring.lib.deps import DbSession
from mentoring.lib.errors import error_responses

Limit = Annotated[int, Parameter(ge=1, le=200, description="Page size (1–200)")]
Offset = Annotated[int, Parameter(ge=0, le=1_000_000, description="Items to skip")]


class InboxController(Controller):
    """The caller's in-app notifications."""

    path = "/api/inbox"
    tags = ["followups"]

    @get("/", operation_id="listInbox", summary="My notifications", responses=error_responses(400, 401))
    async def list_inbox(
        self,
        request: Request[UserAccount, Any, Any],
        db_session: DbSession,
        unread_only: bool = False,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> InboxPage:
        """The caller's notifications, newest first, in their language, with the unread count."""
        return await InboxService(db_session).page(
            request.user, unread_only=unread_only, limit=limit, offset=offset
        )

    @post(
        "/{notification_id:uuid}/read",
        operation_id="markNotificationRead",
        summary="Mark a notification read",
        status_code=200,
        responses=error_responses(401, 404),
    )
    async def mark_read(
        self, request: Request[UserAccount, Any, Any], db_session: DbSession, notification_id: UUID
    ) -> NotificationRead:
        """Mark one of the caller's notifications read (again is harmless)."""
        return await InboxService(db_session).mark_read(request.user, notification_id)

    @post(
        "/read-all",
        operation_id="markAllNotificationsRead",
        summary="Mark all my notifications read",
        status_code=200,
        responses=error_responses(401),
    )
    async def mark_all_read(
        self, request: Request[UserAccount, Any, Any], db_session: DbSession
    ) -> UnreadCount:
        """Mark every notification of the caller read."""
        return await InboxService(db_session).mark_all_read(request.user)


class CheckInController(Controller):
    """Check-ins put to the caller, and their answers."""

    path = "/api/check-ins"
    tags = ["followups"]

    @get(
        "/",
        operation_id="listMyCheckIns",
        summary="My check-ins",
        responses=error_responses(400, 401),
    )
    async def list_mine(
        self,
        request: Request[UserAccount, Any, Any],
        db_session: DbSession,
        open_only: bool = True,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> list[CheckInRead]:
        """Check-ins put to the caller, newest first (by default only those not answered yet)."""
        return await CheckInService(db_session).mine(
            request.user, open_only=open_only, limit=limit, offset=offset
        )

    @post(
        "/{check_in_id:uuid}/answer",
        operation_id="answerCheckIn",
        summary="Answer a check-in",
        status_code=200,
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def answer(
        self,
        request: Request[UserAccount, Any, Any],
        db_session: DbSession,
        check_in_id: UUID,
        data: Annotated[CheckInAnswer, Body()],
    ) -> CheckInRead:
        """Answer a check-in put to the caller: a low rating or a worry alerts the coordinators."""
        return await CheckInService(db_session).answer(request.user, check_in_id, data)


class PairingCheckInController(Controller):
    """A pairing's check-ins and health, for the programme's coordinators."""

    path = "/api/pairings/{pairing_id:uuid}/check-ins"
    tags = ["followups"]
    guards = [requires_coordinator]

    @get(
        "/",
        operation_id="listPairingCheckIns",
        summary="A pairing's check-ins and health",
        responses=error_responses(400, 401, 403, 404),
    )
    async def list_for_pairing(
        self,
        request: Request[UserAccount, Any, Any],
        db_session: DbSession,
        pairing_id: UUID,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> PairingCheckIns:
        """The pairing's health and check-ins, newest first (coordinators of its programme only)."""
        return await CheckInService(db_session).for_pairing(
            request.user, pairing_id, limit=limit, offset=offset
        )


class FailedFollowUpController(Controller):
    """Follow-ups that failed after their last attempt, for coordinators."""

    path = "/api/followups"
    tags = ["followups"]
    guards = [requires_coordinator]

    @get(
        "/failed",
        operation_id="listFailedFollowUps",
        summary="Failed follow-ups of my programmes",
        responses=error_responses(400, 401, 403, 404),
    )
    async def list_failed(
        self,
        request: Request[UserAccount, Any, Any],
        db_session: DbSession,
        program_id: UUID | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> FailedFollowUpPage:
        """Failed follow-ups with the reason, latest first, of the programmes the caller coordinates."""
        return await FailedFollowUpService(db_session).page(
            request.user, program_id=program_id, limit=limit, offset=offset
        )

    @post(
        "/{followup_id:uuid}/retry",
        operation_id="retryFollowUp",
        summary="Try a failed follow-up again",
        status_code=200,
        responses=error_responses(401, 403, 404, 409),
    )
    async def retry(
        self, request: Request[UserAccount, Any, Any], db_session: DbSession, followup_id: UUID
    ) -> FollowUpRead:
        """Put a failed follow-up of the caller's programmes back in the queue, due now."""
        return await FailedFollowUpService(db_session).retry(request.user, followup_id)


ROUTES: list[ControllerRouterHandler] = [
    InboxController,
    CheckInController,
    PairingCheckInController,
    FailedFollowUpController,
]
