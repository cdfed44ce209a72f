"""HTTP routes of the notifications domain: the caller's inbox."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.types import ControllerRouterHandler

from mentoring.domain.notifications.schemas import InboxPage, NotificationRead, UnreadCount
from mentoring.domain.notifications.services import InboxService
from mentoring.lib.deps import CurrentUser, Page, provide_service
from mentoring.lib.errors import error_responses

__all__ = ["ROUTES", "InboxController"]


class InboxController(Controller):
    """The caller's in-app notifications."""

    path = "/api/inbox"
    tags = ["notifications"]
    dependencies = {"inbox": provide_service(InboxService)}

    @get("/", operation_id="listInbox", summary="My notifications", responses=error_responses(400, 401))
    async def list_inbox(
        self,
        inbox: NamedDependency[InboxService],
        current_user: CurrentUser,
        page: Page,
        unread_only: Annotated[
            bool, QueryParameter(description="Only the notifications not read yet")
        ] = False,
    ) -> InboxPage:
        """The caller's notifications, newest first, in their language, with the unread count."""
        return await inbox.page(current_user, page, unread_only=unread_only)

    @post(
        "/{notification_id:uuid}/read",
        operation_id="markNotificationRead",
        summary="Mark a notification read",
        status_code=200,
        responses=error_responses(401, 404),
    )
    async def mark_read(
        self, inbox: NamedDependency[InboxService], current_user: CurrentUser, notification_id: FromPath[UUID]
    ) -> NotificationRead:
        """Mark one of the caller's notifications read (again is harmless)."""
        return await inbox.mark_read(current_user, notification_id)

    @post(
        "/read-all",
        operation_id="markAllNotificationsRead",
        summary="Mark all my notifications read",
        status_code=200,
        responses=error_responses(401),
    )
    async def mark_all_read(
        self, inbox: NamedDependency[InboxService], current_user: CurrentUser
    ) -> UnreadCount:
        """Mark every notification of the caller read."""
        return await inbox.mark_all_read(current_user)


ROUTES: list[ControllerRouterHandler] = [InboxController]
