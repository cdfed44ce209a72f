"""Concerns: raised by either party at any time, handled by the programme's coordinators."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Concern, Pairing, UserAccount
from mentoring.db.models.states import ConcernAction, ConcernStatus
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import notify
from mentoring.domain.pairings.schemas.activity import ConcernCreate, ConcernRead, ConcernResolve
from mentoring.domain.pairings.services.closure import ClosureService, end_pairing_early
from mentoring.domain.pairings.services.common import coordinates, fetch_page
from mentoring.domain.pairings.states import PairingStatus
from mentoring.domain.programs.scope import coordinator_ids, require_coordinator_of
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError, NotFoundError
from mentoring.lib.pagination import LimitOffset, OffsetPagination, paginate


def concern_read(concern: Concern, *, for_coordinator: bool) -> ConcernRead:
    """Describe a concern (the resolution note is for coordinators)."""
    return ConcernRead(
        id=concern.id,
        pairing_id=concern.pairing_id,
        program_id=concern.program_id,
        raised_by_id=concern.raised_by_id,
        kind=concern.kind,  # type: ignore[arg-type]
        description=concern.description,
        status=concern.status,  # type: ignore[arg-type]
        raised_at=concern.raised_at,
        handled_by_id=concern.handled_by_id,
        handled_at=concern.handled_at,
        action=concern.action,  # type: ignore[arg-type]
        resolution_note=concern.resolution_note if for_coordinator else None,
    )


async def notify_coordinators(
    session: AsyncSession, program_id: UUID, kind: NotificationKind, params: dict[str, str]
) -> None:
    """Put a notification in the inbox of each of the programme's coordinators."""
    for user_id in await coordinator_ids(session, program_id):
        await notify(session, user_id, kind, params)


class ConcernService(ClosureService):
    """Raise, list and handle concerns."""

    async def raise_concern(self, user: UserAccount, pairing_id: UUID, data: ConcernCreate) -> ConcernRead:
        """A party raises a concern; the programme's coordinators are notified at once."""
        pairing, _ = await self.as_party(user, pairing_id)
        concern = Concern(
            pairing_id=pairing_id,
            program_id=pairing.program_id,
            raised_by_id=user.id,
            kind=data.kind,
            description=data.description.strip(),
            status=ConcernStatus.OPEN.value,
            raised_at=utcnow(),
        )
        self.session.add(concern)
        await self.session.flush()
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="concern",
            entity_id=concern.id,
            action="raise",
            to=ConcernStatus.OPEN.value,
            pairing_id=pairing_id,
            kind=data.kind,
        )
        await notify_coordinators(
            self.session,
            pairing.program_id,
            NotificationKind.CONCERN_RAISED,
            {"concern_id": str(concern.id), "pairing_id": str(pairing_id), "kind": data.kind},
        )
        return concern_read(concern, for_coordinator=False)

    async def for_pairing(
        self, user: UserAccount, pairing_id: UUID, page: LimitOffset
    ) -> OffsetPagination[ConcernRead]:
        """Concerns about a pairing: all of them for coordinators, one's own for a party."""
        _, role = await self.load(user, pairing_id)
        query = select(Concern).where(Concern.pairing_id == pairing_id)
        if role is not None:
            query = query.where(Concern.raised_by_id == user.id)
        rows, total = await fetch_page(self.session, query.order_by(Concern.raised_at, Concern.id), page)
        return paginate([concern_read(c, for_coordinator=role is None) for c in rows], total, page)

    async def for_program(
        self, user: UserAccount, program_id: UUID, status: str | None, page: LimitOffset
    ) -> OffsetPagination[ConcernRead]:
        """A programme's concerns (open ones by default), oldest first: for its coordinators."""
        await require_coordinator_of(self.session, user, program_id)
        query = select(Concern).where(
            Concern.program_id == program_id, Concern.status == (status or ConcernStatus.OPEN.value)
        )
        rows, total = await fetch_page(self.session, query.order_by(Concern.raised_at, Concern.id), page)
        return paginate([concern_read(c, for_coordinator=True) for c in rows], total, page)

    async def resolve(self, user: UserAccount, concern_id: UUID, data: ConcernResolve) -> ConcernRead:
        """A coordinator handles a concern: no action, pause the pairing or end it."""
        concern = await self.session.get(Concern, concern_id)
        if concern is None or not await coordinates(self.session, user, concern.program_id):
            raise NotFoundError(f"No concern {concern_id}")
        action = {"none": ConcernAction.NONE, "pause": ConcernAction.PAUSED, "end": ConcernAction.ENDED}[
            data.action
        ].value
        row = (
            await self.session.execute(
                update(Concern)
                .where(Concern.id == concern_id, Concern.status == ConcernStatus.OPEN.value)
                .values(
                    status=ConcernStatus.RESOLVED.value,
                    handled_by_id=user.id,
                    handled_at=utcnow(),
                    action=action,
                    resolution_note=data.note.strip(),
                )
                .returning(Concern)
                .execution_options(populate_existing=True, synchronize_session=False)
            )
        ).scalar_one_or_none()
        if row is None:
            raise ConflictError(
                f"Cannot resolve this concern: it is {concern.status}", extra={"state": concern.status}
            )
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="concern",
            entity_id=concern_id,
            action="resolve",
            to=ConcernStatus.RESOLVED.value,
            outcome=action,
        )
        if data.action == "pause":
            await self.pause(user, row.pairing_id)
        elif data.action == "end":
            status = await self.session.scalar(select(Pairing.status).where(Pairing.id == row.pairing_id))
            if status != PairingStatus.ENDED:
                await end_pairing_early(self.session, row.pairing_id, data.end_reason, actor_id=user.id)
        if row.raised_by_id is not None:
            await notify(
                self.session,
                row.raised_by_id,
                NotificationKind.CONCERN_RESOLVED,
                {"concern_id": str(concern_id)},
            )
        return concern_read(row, for_coordinator=True)
