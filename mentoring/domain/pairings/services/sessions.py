"""Meetings logged by either party; the private note is shown to its author only."""

from __future__ import annotations

from datetime import datetime, time
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MentoringSession, UserAccount
from mentoring.domain.pairings.schemas.activity import SessionCreate, SessionRead
from mentoring.domain.pairings.services.common import fetch_page
from mentoring.domain.pairings.services.pairings import PairingService, lock_pairing
from mentoring.domain.pairings.states import PairingStatus
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import BadRequestError
from mentoring.lib.pagination import LimitOffset, OffsetPagination, paginate

PA = PairingStatus


def session_read(meeting: MentoringSession, viewer_id: UUID) -> SessionRead:
    """Describe a meeting for this viewer."""
    return SessionRead(
        id=meeting.id,
        pairing_id=meeting.pairing_id,
        logged_by_id=meeting.logged_by_id,
        held_on=meeting.held_on,
        duration_minutes=meeting.duration_minutes,
        format=meeting.format,  # type: ignore[arg-type]
        private_note=meeting.private_note if meeting.logged_by_id == viewer_id else None,
        created_at=meeting.created_at,
    )


class SessionService(PairingService):
    """Log and list meetings."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)

    async def log(self, user: UserAccount, pairing_id: UUID, data: SessionCreate) -> SessionRead:
        """A party logs a meeting held during the trial or the mentorship."""
        await self.as_party(user, pairing_id)
        pairing = await lock_pairing(self.session, pairing_id, {PA.TRIAL, PA.ACTIVE}, "log a meeting in")
        now = utcnow()
        if data.held_on > now.date():
            raise BadRequestError("held_on: a meeting is logged once it took place, not in advance")
        if pairing.started_at is not None and data.held_on < pairing.started_at.date():
            raise BadRequestError("held_on: the meeting is dated before the pairing started")
        meeting = MentoringSession(
            pairing_id=pairing_id,
            logged_by_id=user.id,
            held_on=data.held_on,
            duration_minutes=data.duration_minutes,
            format=data.format,
            private_note=data.private_note.strip(),
        )
        self.session.add(meeting)
        held_at = datetime.combine(data.held_on, time(12), tzinfo=now.tzinfo)
        if pairing.last_contact_at is None or pairing.last_contact_at < held_at:
            pairing.last_contact_at = min(held_at, now)
        await self.session.flush()
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="pairing",
            entity_id=pairing_id,
            action="session_logged",
            session_id=meeting.id,
        )
        return session_read(meeting, user.id)

    async def for_pairing(
        self, user: UserAccount, pairing_id: UUID, page: LimitOffset
    ) -> OffsetPagination[SessionRead]:
        """The pairing's meetings, oldest first (parties and coordinators)."""
        await self.load(user, pairing_id)
        rows, total = await fetch_page(
            self.session,
            select(MentoringSession)
            .where(MentoringSession.pairing_id == pairing_id)
            .order_by(MentoringSession.held_on, MentoringSession.created_at, MentoringSession.id),
            page,
        )
        return paginate([session_read(m, user.id) for m in rows], total, page)
