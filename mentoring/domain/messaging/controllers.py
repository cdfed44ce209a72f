"""Routes of a pairing's thread and shared contact details (members only), and concern excerpts."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from mentoring.domain.messaging.deps import provide_messaging
from mentoring.domain.messaging.schemas import (
    ConcernAttachment,
    ContactCreate,
    Contacts,
    MessageCreate,
    MessageRead,
    ReadReceipt,
    ThreadPage,
)
from mentoring.domain.messaging.services import MessagingService
from mentoring.lib.deps import CurrentUser, Page
from mentoring.lib.errors import error_responses

__all__ = ["ROUTES"]


class ThreadController(Controller):
    """The messages between a pairing's mentee and mentor."""

    path = "/api/pairings/{pairing_id:uuid}"
    tags = ["messaging"]
    dependencies = {"messaging": provide_messaging}

    @get(
        "/messages",
        operation_id="listMessages",
        summary="The thread",
        responses=error_responses(400, 401, 404),
    )
    async def list_messages(
        self,
        messaging: NamedDependency[MessagingService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        page: Page,
    ) -> ThreadPage:
        """The pairing's messages, oldest first: for its two members only."""
        return await messaging.thread(current_user, pairing_id, page)

    @post(
        "/messages",
        operation_id="sendMessage",
        summary="Send a message",
        responses=error_responses(400, 401, 404, 409, 413, 429),
    )
    async def send(
        self,
        messaging: NamedDependency[MessagingService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        data: JSONBody[MessageCreate],
    ) -> MessageRead:
        """Send plain text to the other member (409 once the mentorship ended; 429 past the rate)."""
        return await messaging.send(current_user, pairing_id, data.body)

    @post(
        "/messages/read",
        operation_id="markMessagesRead",
        summary="Mark the thread read",
        status_code=200,
        responses=error_responses(401, 404),
    )
    async def mark_read(
        self,
        messaging: NamedDependency[MessagingService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
    ) -> ReadReceipt:
        """Mark the other member's messages read (their read receipt)."""
        return await messaging.mark_read(current_user, pairing_id)

    @get(
        "/contact",
        operation_id="getContacts",
        summary="Shared contact details",
        responses=error_responses(401, 404),
    )
    async def contacts(
        self,
        messaging: NamedDependency[MessagingService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
    ) -> Contacts:
        """The contact detail the caller shares, and the one the other member shares."""
        return await messaging.contacts(current_user, pairing_id)

    @put(
        "/contact",
        operation_id="shareContact",
        summary="Share a contact detail",
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def share(
        self,
        messaging: NamedDependency[MessagingService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        data: JSONBody[ContactCreate],
    ) -> Contacts:
        """Show the other member an e-mail address or a phone number."""
        return await messaging.share_contact(current_user, pairing_id, data)

    @delete(
        "/contact",
        operation_id="revokeContact",
        summary="Stop sharing a contact detail",
        status_code=200,
        responses=error_responses(401, 404),
    )
    async def revoke(
        self,
        messaging: NamedDependency[MessagingService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
    ) -> Contacts:
        """Take back the contact detail the caller shared."""
        return await messaging.revoke_contact(current_user, pairing_id)


class ConcernMessagesController(Controller):
    """The part of a thread a member attached to a concern."""

    path = "/api/concerns/{concern_id:uuid}/messages"
    tags = ["messaging"]
    dependencies = {"messaging": provide_messaging}

    @post(
        "/",
        operation_id="attachMessagesToConcern",
        summary="Attach messages to a concern",
        status_code=200,
        responses=error_responses(400, 401, 404, 413),
    )
    async def attach(
        self,
        messaging: NamedDependency[MessagingService],
        current_user: CurrentUser,
        concern_id: FromPath[UUID],
        data: JSONBody[ConcernAttachment],
    ) -> list[MessageRead]:
        """The concern's author attaches messages of the thread; the coordinators can then read them."""
        await messaging.attach_to_concern(current_user, concern_id, data.message_ids)
        return await messaging.concern_excerpt(current_user, concern_id)

    @get(
        "/",
        operation_id="listConcernMessages",
        summary="Messages attached to a concern",
        responses=error_responses(401, 404),
    )
    async def excerpt(
        self,
        messaging: NamedDependency[MessagingService],
        current_user: CurrentUser,
        concern_id: FromPath[UUID],
    ) -> list[MessageRead]:
        """For the concern's author and the programme's coordinators (each coordinator read is logged)."""
        return await messaging.concern_excerpt(current_user, concern_id)


ROUTES = [ThreadController, ConcernMessagesController]
