"""The thread of a pairing: only its two members read and write it.

Every call starts from the pairing and the caller's place in it: anyone who is not its mentee or
mentor (another mentee, another mentor, even the programme's coordinator) gets a 404. Sending takes
the pairing's row lock with a conditional UPDATE that only matches a pairing still under way, so a
thread is read-only (409) from the moment the pairing ends, and the per-minute count of a sender's
messages is read under that lock: two concurrent sends cannot both slip under the limit.
A coordinator reads only the messages a member attached to a concern, and each such read is
recorded in the access log.
"""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Concern, ConcernMessage, ContactShare, Pairing, PairingMessage, UserAccount
from mentoring.db.models.states import PairingStatus
from mentoring.domain.messaging.schemas import (
    ContactCreate,
    ContactRead,
    Contacts,
    MessageRead,
    ReadReceipt,
    ThreadPage,
)
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import notify
from mentoring.domain.programs.scope import get_program, is_coordinator_of
from mentoring.lib.access_log import record_access
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import BadRequestError, ConflictError, DomainError, NotFoundError
from mentoring.lib.pagination import LimitOffset

__all__ = ["MESSAGES_PER_MINUTE", "MessagingService", "TooManyMessagesError", "message_read"]

#: How many messages one member may send in one thread within a minute.
MESSAGES_PER_MINUTE = 10
MESSAGES_FIELD = "messages"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{5,30}$")


class TooManyMessagesError(DomainError):
    """A member sent more messages in a minute than a conversation needs."""

    status_code = 429


def message_read(message: PairingMessage, viewer_id: UUID) -> MessageRead:
    """Describe a message for one of the two members."""
    return MessageRead(
        id=message.id,
        pairing_id=message.pairing_id,
        sender_id=message.sender_id,
        mine=message.sender_id == viewer_id,
        body=message.body,
        sent_at=message.sent_at,
        read_at=message.read_at,
    )


def _contact_read(row: ContactShare | None) -> ContactRead | None:
    if row is None:
        return None
    return ContactRead(user_id=row.user_id, kind=row.kind, value=row.value, shared_at=row.shared_at)  # type: ignore[arg-type]


class MessagingService:
    """Read and write a pairing's thread; share and revoke contact details; concern excerpts."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def member_of(self, user: UserAccount, pairing_id: UUID) -> Pairing:
        """The pairing when the caller is its mentee or mentor; 404 for anyone else."""
        pairing = await self.session.get(Pairing, pairing_id)
        if pairing is None or user.id not in (pairing.mentee_id, pairing.mentor_id):
            raise NotFoundError(f"No pairing {pairing_id}")
        return pairing

    async def _lock_open(self, pairing_id: UUID, doing: str) -> Pairing:
        row = (
            await self.session.execute(
                update(Pairing)
                .where(Pairing.id == pairing_id, Pairing.status != PairingStatus.ENDED.value)
                .values(updated_at=utcnow())
                .returning(Pairing)
                .execution_options(populate_existing=True, synchronize_session=False)
            )
        ).scalar_one_or_none()
        if row is None:
            raise ConflictError(
                f"Cannot {doing}: this mentorship has ended and its thread is read-only",
                extra={"state": PairingStatus.ENDED.value},
            )
        return row

    async def _unread(self, pairing_id: UUID, reader_id: UUID) -> int:
        return int(
            await self.session.scalar(
                select(func.count(PairingMessage.id)).where(
                    PairingMessage.pairing_id == pairing_id,
                    PairingMessage.sender_id != reader_id,
                    PairingMessage.read_at.is_(None),
                )
            )
            or 0
        )

    async def thread(self, user: UserAccount, pairing_id: UUID, page: LimitOffset) -> ThreadPage:
        """One page of the thread, oldest first (the newest page: ``offset = total - limit``)."""
        pairing = await self.member_of(user, pairing_id)
        where = PairingMessage.pairing_id == pairing_id
        total = int(await self.session.scalar(select(func.count(PairingMessage.id)).where(where)) or 0)
        rows = await self.session.scalars(
            select(PairingMessage)
            .where(where)
            .order_by(PairingMessage.sent_at, PairingMessage.id)
            .limit(page.limit)
            .offset(page.offset)
        )
        program = await get_program(self.session, pairing.program_id)
        return ThreadPage(
            items=[message_read(m, user.id) for m in rows],
            limit=page.limit,
            offset=page.offset,
            total=total,
            unread=await self._unread(pairing_id, user.id),
            open=pairing.status != PairingStatus.ENDED.value,
            contact_after_closure=program.contact_after_closure,
        )

    async def latest(self, user: UserAccount, pairing_id: UUID, limit: int) -> ThreadPage:
        """The last ``limit`` messages of the thread, oldest first (what the mentorship page shows)."""
        await self.member_of(user, pairing_id)
        total = int(
            await self.session.scalar(
                select(func.count(PairingMessage.id)).where(PairingMessage.pairing_id == pairing_id)
            )
            or 0
        )
        return await self.thread(user, pairing_id, LimitOffset(limit=limit, offset=max(0, total - limit)))

    async def send(self, user: UserAccount, pairing_id: UUID, body: str) -> MessageRead:
        """Send a text message to the other member; they get a notification without its text."""
        await self.member_of(user, pairing_id)
        text = body.strip()
        if not text:
            raise BadRequestError("body: write a message")
        pairing = await self._lock_open(pairing_id, "send a message")
        now = utcnow()
        recent = await self.session.scalar(
            select(func.count(PairingMessage.id)).where(
                PairingMessage.pairing_id == pairing_id,
                PairingMessage.sender_id == user.id,
                PairingMessage.sent_at > now - timedelta(minutes=1),
            )
        )
        if int(recent or 0) >= MESSAGES_PER_MINUTE:
            raise TooManyMessagesError(
                f"You sent {MESSAGES_PER_MINUTE} messages in the last minute: wait a moment before the next"
            )
        reader = pairing.mentor_id if user.id == pairing.mentee_id else pairing.mentee_id
        # One notification per unread run: none while the reader still has an unread message.
        already_waiting = await self._unread(pairing_id, reader) > 0
        message = PairingMessage(pairing_id=pairing_id, sender_id=user.id, body=text, sent_at=now)
        self.session.add(message)
        pairing.last_contact_at = now
        await self.session.flush()
        if not already_waiting:
            await notify(
                self.session,
                reader,
                NotificationKind.MESSAGE_RECEIVED,
                {"pairing_id": str(pairing_id), "program_id": str(pairing.program_id)},
            )
        return message_read(message, user.id)

    async def mark_read(self, user: UserAccount, pairing_id: UUID) -> ReadReceipt:
        """Mark every message of the other member read (the read receipt they see)."""
        await self.member_of(user, pairing_id)
        result = await self.session.execute(
            update(PairingMessage)
            .where(
                PairingMessage.pairing_id == pairing_id,
                PairingMessage.sender_id != user.id,
                PairingMessage.read_at.is_(None),
            )
            .values(read_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        return ReadReceipt(marked=int(result.rowcount or 0))  # type: ignore[attr-defined]

    async def contacts(self, user: UserAccount, pairing_id: UUID) -> Contacts:
        """What the caller shares with the other member, and what the other member shares."""
        await self.member_of(user, pairing_id)
        rows = {
            row.user_id: row
            for row in await self.session.scalars(
                select(ContactShare).where(ContactShare.pairing_id == pairing_id)
            )
        }
        theirs = next((row for uid, row in rows.items() if uid != user.id), None)
        return Contacts(mine=_contact_read(rows.get(user.id)), theirs=_contact_read(theirs))

    async def share_contact(self, user: UserAccount, pairing_id: UUID, data: ContactCreate) -> Contacts:
        """Show the other member an e-mail address or a phone number (replacing one shared before)."""
        await self.member_of(user, pairing_id)
        value = data.value.strip()
        pattern = _EMAIL if data.kind == "email" else _PHONE
        if not pattern.match(value):
            raise BadRequestError(
                "value: enter an e-mail address like name@example.org"
                if data.kind == "email"
                else "value: enter a phone number like +33 6 12 34 56 78"
            )
        await self._lock_open(pairing_id, "share a contact detail")
        row = await self.session.scalar(
            select(ContactShare).where(ContactShare.pairing_id == pairing_id, ContactShare.user_id == user.id)
        )
        if row is None:
            row = ContactShare(
                pairing_id=pairing_id, user_id=user.id, kind=data.kind, value=value, shared_at=utcnow()
            )
            self.session.add(row)
        else:
            row.kind, row.value, row.shared_at = data.kind, value, utcnow()
        await self.session.flush()
        await record_audit(
            self.session, actor_id=user.id, entity="pairing", entity_id=pairing_id, action="contact_shared"
        )
        return await self.contacts(user, pairing_id)

    async def revoke_contact(self, user: UserAccount, pairing_id: UUID) -> Contacts:
        """Stop showing the caller's contact detail (also after the mentorship ended)."""
        await self.member_of(user, pairing_id)
        row = await self.session.scalar(
            select(ContactShare).where(ContactShare.pairing_id == pairing_id, ContactShare.user_id == user.id)
        )
        if row is not None:
            await self.session.delete(row)
            await self.session.flush()
            await record_audit(
                self.session,
                actor_id=user.id,
                entity="pairing",
                entity_id=pairing_id,
                action="contact_revoked",
            )
        return await self.contacts(user, pairing_id)

    async def attach_to_concern(self, user: UserAccount, concern_id: UUID, message_ids: list[UUID]) -> int:
        """Attach messages of the thread to a concern the caller raised; how many are attached now."""
        concern = await self.session.get(Concern, concern_id)
        if concern is None or concern.raised_by_id != user.id:
            raise NotFoundError(f"No concern {concern_id}")
        await self.member_of(user, concern.pairing_id)
        wanted = set(message_ids)
        found = set(
            await self.session.scalars(
                select(PairingMessage.id).where(
                    PairingMessage.id.in_(wanted), PairingMessage.pairing_id == concern.pairing_id
                )
            )
        )
        if found != wanted:
            raise BadRequestError("message_ids: name messages of this mentorship's thread")
        attached = set(
            await self.session.scalars(
                select(ConcernMessage.message_id).where(ConcernMessage.concern_id == concern_id)
            )
        )
        for message_id in sorted(wanted - attached):
            self.session.add(
                ConcernMessage(concern_id=concern_id, message_id=message_id, attached_by_id=user.id)
            )
        await self.session.flush()
        return len(wanted | attached)

    async def concern_excerpt(self, user: UserAccount, concern_id: UUID) -> list[MessageRead]:
        """The messages attached to a concern, for the concern's author or a coordinator of its
        programme; a coordinator's read is recorded in the access log (once per author of them)."""
        concern = await self.session.get(Concern, concern_id)
        if concern is None:
            raise NotFoundError(f"No concern {concern_id}")
        coordinator = await is_coordinator_of(self.session, user.id, concern.program_id)
        if not coordinator and concern.raised_by_id != user.id:
            raise NotFoundError(f"No concern {concern_id}")
        rows = list(
            await self.session.scalars(
                select(PairingMessage)
                .join(ConcernMessage, ConcernMessage.message_id == PairingMessage.id)
                .where(ConcernMessage.concern_id == concern_id)
                .order_by(PairingMessage.sent_at, PairingMessage.id)
            )
        )
        if coordinator:
            for author in sorted({m.sender_id for m in rows if m.sender_id is not None}):
                await record_access(
                    self.session,
                    actor_id=user.id,
                    subject_id=author,
                    program_id=concern.program_id,
                    field=MESSAGES_FIELD,
                )
        return [message_read(m, user.id) for m in rows]
