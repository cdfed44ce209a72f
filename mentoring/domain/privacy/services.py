"""Privacy rules: export everything, erase all-or-nothing, show who read whose challenges."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from mentoring.db.models import (
    AccessEvent,
    MentorProfile,
    Program,
    UserAccount,
)
from mentoring.domain.privacy import registry
from mentoring.domain.privacy.schemas import (
    AccessLogEntry,
    AccessLogPage,
    ActorRole,
    DataExport,
    ProgramAccessEvent,
    ProgramAccessEventPage,
)
from mentoring.domain.privacy.sections import ERASED_DISPLAY_NAME
from mentoring.domain.programs.scope import require_coordinator_of
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ForbiddenError
from mentoring.lib.security import verify_password

EXPORT_FORMAT_VERSION = 1
WRONG_PASSWORD = "The password is not correct: erasing an account needs its current password"


def _role(gone: bool, coordinator: bool | None, mentor: bool | None) -> ActorRole:
    if gone:
        return "unknown"
    return "coordinator" if coordinator else "mentor" if mentor else "mentee"


class PrivacyService:
    """Export, erasure and access logs for the caller."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def export(self, user: UserAccount) -> DataExport:
        """Every registered section of what the platform holds about ``user``."""
        sections = {name: await fn(self.session, user.id) for name, fn in registry.exporters().items()}
        return DataExport(
            user_id=user.id, exported_at=utcnow(), format_version=EXPORT_FORMAT_VERSION, sections=sections
        )

    async def erase(self, user: UserAccount, password: str) -> None:
        """Erase ``user``'s personal data after checking their password; audited, in one transaction.

        Raises:
            ForbiddenError: The password is wrong.
            ConflictError: A check refused (the last coordinator of a programme, for instance).
        """
        if not await verify_password(password, user.password_hash):
            raise ForbiddenError(WRONG_PASSWORD)
        for _, check in registry.erasure_checks():
            await check(self.session, user.id)
        erased: list[str] = []
        for name, eraser in registry.erasers():
            await eraser(self.session, user.id)
            erased.append(name)
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="user_account",
            entity_id=user.id,
            action="erased",
            erased=erased,
        )
        await self.session.flush()

    async def access_log(self, user: UserAccount, *, limit: int, offset: int) -> AccessLogPage:
        """Who read ``user``'s sensitive fields, newest first."""
        actor = aliased(UserAccount)
        where = AccessEvent.subject_id == user.id
        is_mentor = exists().where(MentorProfile.user_id == actor.id)
        rows = await self.session.execute(
            select(
                AccessEvent,
                actor.display_name,
                actor.erased_at,
                actor.is_coordinator,
                is_mentor,
                Program.name,
            )
            .outerjoin(actor, actor.id == AccessEvent.actor_id)
            .outerjoin(Program, Program.id == AccessEvent.program_id)
            .where(where)
            .order_by(AccessEvent.accessed_at.desc(), AccessEvent.id)
            .limit(limit)
            .offset(offset)
        )
        items = [
            AccessLogEntry(
                accessed_at=event.accessed_at,
                field=event.field,
                actor_id=event.actor_id,
                actor_display_name=name or ERASED_DISPLAY_NAME,
                actor_role=_role(name is None or erased_at is not None, coordinator, mentor),
                program_id=event.program_id,
                program_name=program_name,
            )
            for event, name, erased_at, coordinator, mentor, program_name in rows.all()
        ]
        return AccessLogPage(items=items, total=await self._count(where), limit=limit, offset=offset)

    async def program_access_events(
        self, user: UserAccount, program_id: UUID, *, limit: int, offset: int
    ) -> ProgramAccessEventPage:
        """Reads of members' sensitive fields within a programme; for its coordinators only.

        Raises:
            NotFoundError: No such programme.
            ForbiddenError: The caller does not coordinate it.
        """
        await require_coordinator_of(self.session, user, program_id)
        actor, subject = aliased(UserAccount), aliased(UserAccount)
        where = AccessEvent.program_id == program_id
        rows = await self.session.execute(
            select(AccessEvent, actor.display_name, subject.display_name)
            .outerjoin(actor, actor.id == AccessEvent.actor_id)
            .outerjoin(subject, subject.id == AccessEvent.subject_id)
            .where(where)
            .order_by(AccessEvent.accessed_at.desc(), AccessEvent.id)
            .limit(limit)
            .offset(offset)
        )
        items = [
            ProgramAccessEvent(
                id=event.id,
                accessed_at=event.accessed_at,
                field=event.field,
                actor_id=event.actor_id,
                actor_display_name=actor_name or ERASED_DISPLAY_NAME,
                subject_id=event.subject_id,
                subject_display_name=subject_name or ERASED_DISPLAY_NAME,
            )
            for event, actor_name, subject_name in rows.all()
        ]
        return ProgramAccessEventPage(items=items, total=await self._count(where), limit=limit, offset=offset)

    async def _count(self, where: ColumnElement[bool]) -> int:
        return int(await self.session.scalar(select(func.count(AccessEvent.id)).where(where)) or 0)
