"""Check-ins: ask a party how the pairing goes, take the answer, read the pairing's health.

The questions are put by the pairing's follow-ups (:mod:`mentoring.domain.pairings.jobs.pairings`);
people answer through ``/api/check-ins``; coordinators read a pairing's check-ins and health.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import CheckIn, Pairing, UserAccount
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import create_notification
from mentoring.domain.pairings.schemas.checkins import (
    CheckInAnswer,
    CheckInRead,
    PairingCheckInPage,
    PairingHealth,
)
from mentoring.domain.programs.scope import coordinator_ids, is_coordinator_of
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError, NotFoundError
from mentoring.lib.pagination import LimitOffset, OffsetPagination, paginate

__all__ = [
    "HEALTH_WINDOW",
    "LOW_RATING",
    "CheckInService",
    "alert_coordinators",
    "ask",
    "erase_check_in_concerns",
    "export_check_ins",
    "health_of",
    "pairing_health",
]

#: A rating at or below this alerts the coordinators.
LOW_RATING = 2
#: How many recent check-ins the health looks at.
HEALTH_WINDOW = 6


def check_in_read(row: CheckIn, *, with_concern: bool) -> CheckInRead:
    """Describe a check-in; the concern text only for its author and the coordinators."""
    return CheckInRead(
        id=row.id,
        pairing_id=row.pairing_id,
        role=row.role,  # type: ignore[arg-type]
        asked_at=row.asked_at,
        answered_at=row.answered_at,
        met=row.met,
        rating=row.rating,
        worried=row.worried,
        concern=row.concern if with_concern else None,
    )


async def alert_coordinators(
    session: AsyncSession, program_id: UUID, kind: NotificationKind, **params: object
) -> int:
    """Notify every coordinator of the programme; returns how many were notified."""
    count = 0
    for user_id in await coordinator_ids(session, program_id):
        if await create_notification(session, user_id, kind, {"program_id": program_id, **params}):
            count += 1
    return count


async def ask(
    session: AsyncSession,
    pairing: Pairing,
    user_id: UUID,
    role: str,
    followup_id: UUID | None,
    now: datetime,
    *,
    message: NotificationKind = NotificationKind.CHECKIN_DUE,
) -> CheckIn:
    """Put a check-in to one party, notify them, and alert coordinators after two unanswered ones."""
    previous = list(
        await session.scalars(
            select(CheckIn)
            .where(CheckIn.pairing_id == pairing.id, CheckIn.user_id == user_id)
            .order_by(CheckIn.asked_at.desc())
            .limit(2)
        )
    )
    row = CheckIn(
        pairing_id=pairing.id,
        program_id=pairing.program_id,
        user_id=user_id,
        role=role,
        followup_id=followup_id,
        asked_at=now,
    )
    session.add(row)
    await session.flush()
    await create_notification(session, user_id, message, {"check_in_id": row.id, "pairing_id": pairing.id})
    if len(previous) == 2 and all(p.answered_at is None for p in previous):
        if all(p.alerted_at is None for p in previous):
            await alert_coordinators(
                session, pairing.program_id, NotificationKind.ALERT_CHECKINS_UNANSWERED, pairing_id=pairing.id
            )
        for p in previous:
            p.alerted_at = p.alerted_at or now
    return row


def health_of(pairing_id: UUID, rows: list[CheckIn]) -> PairingHealth:
    """Read a pairing's health from its recent check-ins (newest first)."""
    answered = [r for r in rows if r.answered_at is not None]
    unanswered = [r for r in rows if r.answered_at is None]
    ratings = [r.rating for r in answered if r.rating is not None]
    average = round(sum(ratings) / len(ratings), 2) if ratings else None
    worries = sum(1 for r in answered if r.worried)
    latest: dict[UUID, CheckIn] = {}
    streak: dict[UUID, int] = {}
    for r in rows:
        latest.setdefault(r.user_id, r)
    for user_id in latest:
        count = 0
        for r in (r for r in rows if r.user_id == user_id):
            if r.answered_at is not None:
                break
            count += 1
        streak[user_id] = count
    latest_answers = [r for r in answered if latest.get(r.user_id) is r]
    if not rows:
        status = "unknown"
    elif any(n >= 2 for n in streak.values()) or any(
        r.worried or (r.rating is not None and r.rating <= LOW_RATING) for r in latest_answers
    ):
        status = "at_risk"
    elif unanswered or (average is not None and average < 3.5) or any(r.met is False for r in latest_answers):
        status = "watch"
    else:
        status = "good"
    return PairingHealth(
        pairing_id=pairing_id,
        status=status,  # type: ignore[arg-type]
        answered=len(answered),
        unanswered=len(unanswered),
        average_rating=average,
        worries=worries,
        last_answer_at=max((r.answered_at for r in answered if r.answered_at), default=None),
    )


async def pairing_health(session: AsyncSession, pairing_id: UUID) -> PairingHealth:
    """A pairing's health from its last check-ins."""
    rows = list(
        await session.scalars(
            select(CheckIn)
            .where(CheckIn.pairing_id == pairing_id, CheckIn.role != "coordinator")
            .order_by(CheckIn.asked_at.desc())
            .limit(HEALTH_WINDOW)
        )
    )
    return health_of(pairing_id, rows)


class CheckInService:
    """Check-ins as people see them through the API."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def mine(
        self, user: UserAccount, page: LimitOffset, *, open_only: bool
    ) -> OffsetPagination[CheckInRead]:
        """Check-ins put to the caller, newest first."""
        where = [CheckIn.user_id == user.id]
        if open_only:
            where.append(CheckIn.answered_at.is_(None))
        total = await self.session.scalar(select(func.count()).select_from(CheckIn).where(*where))
        rows = await self.session.scalars(
            select(CheckIn)
            .where(*where)
            .order_by(CheckIn.asked_at.desc(), CheckIn.id)
            .limit(page.limit)
            .offset(page.offset)
        )
        return paginate([check_in_read(r, with_concern=True) for r in rows], int(total or 0), page)

    async def answer(self, user: UserAccount, check_in_id: UUID, data: CheckInAnswer) -> CheckInRead:
        """Record the caller's answer once; a low rating or a worry alerts the coordinators."""
        row = await self.session.get(CheckIn, check_in_id, with_for_update=True)
        if row is None or row.user_id != user.id:
            raise NotFoundError(f"No check-in {check_in_id}")
        if row.answered_at is not None:
            raise ConflictError("This check-in was already answered")
        now = utcnow()
        row.answered_at, row.met, row.rating = now, data.met, data.rating
        row.worried = data.worried or bool(data.concern and data.concern.strip())
        row.concern = data.concern.strip() if data.concern and data.concern.strip() else None
        pairing = await self.session.get(Pairing, row.pairing_id)
        if pairing is not None:
            pairing.last_checkin_at = now
            if data.met:
                pairing.last_contact_at = max(pairing.last_contact_at or now, now)
        if row.worried or data.rating <= LOW_RATING:
            row.alerted_at = now
            if row.program_id is not None:
                await alert_coordinators(
                    self.session,
                    row.program_id,
                    NotificationKind.ALERT_CHECKIN_LOW,
                    pairing_id=row.pairing_id,
                    check_in_id=row.id,
                )
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="check_in",
            entity_id=row.id,
            action="answer",
            pairing_id=row.pairing_id,
            alerted=row.alerted_at is not None,
        )
        await self.session.flush()
        return check_in_read(row, with_concern=True)

    async def for_pairing(self, user: UserAccount, pairing_id: UUID, page: LimitOffset) -> PairingCheckInPage:
        """A pairing's check-ins and health, for the coordinators of its programme."""
        pairing = await self.session.get(Pairing, pairing_id)
        if pairing is None or not await is_coordinator_of(self.session, user.id, pairing.program_id):
            raise NotFoundError(f"No pairing {pairing_id}")
        where = CheckIn.pairing_id == pairing_id
        total = await self.session.scalar(select(func.count()).select_from(CheckIn).where(where))
        rows = await self.session.scalars(
            select(CheckIn)
            .where(where)
            .order_by(CheckIn.asked_at.desc(), CheckIn.id)
            .limit(page.limit)
            .offset(page.offset)
        )
        return PairingCheckInPage(
            items=[check_in_read(r, with_concern=True) for r in rows],
            limit=page.limit,
            offset=page.offset,
            total=int(total or 0),
            health=await pairing_health(self.session, pairing_id),
        )


async def export_check_ins(session: AsyncSession, user_id: UUID) -> list[dict[str, object]]:
    """The check-ins put to a person, with what they wrote (their data export)."""
    rows = await session.scalars(select(CheckIn).where(CheckIn.user_id == user_id).order_by(CheckIn.asked_at))
    return [
        {
            "pairing_id": c.pairing_id,
            "asked_at": c.asked_at,
            "answered_at": c.answered_at,
            "met": c.met,
            "rating": c.rating,
            "worried": c.worried,
            "concern": c.concern,
        }
        for c in rows
    ]


async def erase_check_in_concerns(session: AsyncSession, user_id: UUID) -> None:
    """Blank what a person wrote in their check-ins; the figures stay, so a pairing's health stays true."""
    await session.execute(
        update(CheckIn)
        .where(CheckIn.user_id == user_id)
        .values(concern=None)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
