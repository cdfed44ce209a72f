"""Request and response bodies of a pairing's thread and of the contact details its members share."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from msgspec import Meta

from mentoring.db.models.messaging import MESSAGE_MAX_LENGTH
from mentoring.lib.schema import Input, Output

__all__ = [
    "ConcernAttachment",
    "ContactCreate",
    "ContactRead",
    "Contacts",
    "MessageCreate",
    "MessageRead",
    "ReadReceipt",
    "ThreadPage",
]

Body = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MESSAGE_MAX_LENGTH,
        pattern=r"\S",
        description=f"Plain text, 1 to {MESSAGE_MAX_LENGTH} characters (HTML is shown as text)",
    ),
]
ContactKind = Literal["email", "phone"]
ContactValue = Annotated[str, Meta(min_length=3, max_length=320, pattern=r"\S")]


class MessageCreate(Input):
    """A message to the other member of the pairing."""

    body: Body


class MessageRead(Output):
    """A message of the thread; ``mine`` tells the reader's own from the other member's."""

    id: UUID
    pairing_id: UUID
    sender_id: UUID | None
    mine: bool
    body: str
    sent_at: datetime
    read_at: datetime | None


class ThreadPage(Output):
    """A page of a thread, oldest first, and whether the thread still takes messages."""

    items: list[MessageRead]
    limit: int
    offset: int
    total: int
    unread: int
    open: bool
    contact_after_closure: str


class ReadReceipt(Output):
    """How many of the other member's messages this call marked read."""

    marked: int


class ContactCreate(Input):
    """A contact detail to show the other member: an e-mail address or a phone number."""

    kind: ContactKind
    value: ContactValue


class ContactRead(Output):
    """A contact detail one member shares with the other."""

    user_id: UUID
    kind: ContactKind
    value: str
    shared_at: datetime


class Contacts(Output):
    """What the reader shares, and what the other member shares with them."""

    mine: ContactRead | None
    theirs: ContactRead | None


class ConcernAttachment(Input):
    """Messages of the pairing's thread a member attaches to the concern they raised."""

    message_ids: Annotated[list[UUID], Meta(min_length=1, max_length=50)]
