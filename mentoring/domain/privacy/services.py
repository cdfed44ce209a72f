"""Privacy rules: export everything, erase all-or-nothing, show who read whose challenges."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import AccessEvent, MentorProfile, Program, UserAccount
from mentoring.domain.accounts.privacy import ERASED_DISPLAY_NAME
from mentoring.domain.privacy.schemas import AccessLogEntry, ActorRole, DataExport, ProgramAccessEvent
from mentoring.domain.programs.scope import require_coordinator_of
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ForbiddenError
from mentoring.lib.pagination import OffsetPagination, paginate
from mentoring.lib.privacy import PrivacySection, check_unique_names
from mentoring.lib.security import verify_password

__all__ = ["EXPORT_FORMAT_VERSION", "WRONG_PASSWORD", "AccessEventRepository", "PrivacyService"]

EXPORT_FORMAT_VERSION = 1
WRONG_PASSWORD = "The password is not correct: erasing an account needs its current password"
#: Newest first; the id breaks ties so pages never overlap.
NEWEST_FIRST = [OrderBy("accessed_at", "desc"), OrderBy("id", "asc")]


class AccessEventRepository(SQLAlchemyAsyncRepository[AccessEvent]):
    """Reads of people's sensitive fields (written by :func:`mentoring.lib.access_log.record_access`)."""

    model_type = AccessEvent
    count_with_window_function = False  # a page past the end still says the total


class _Person:
    """What an access log shows of a reader or a subject."""

    __slots__ = ("coordinator", "erased", "mentor", "name")

    def __init__(self, name: str, erased: bool, coordinator: bool, mentor: bool) -> None:
        self.name, self.erased, self.coordinator, self.mentor = name, erased, coordinator, mentor

    @property
    def role(self) -> ActorRole:
        if self.erased:
            return "unknown"
        return "coordinator" if self.coordinator else "mentor" if self.mentor else "mentee"


class PrivacyService:
    """Export, erasure and access logs for the caller.

    Args:
        session: The request's session (the erasure commits with the response, or not at all).
        sections: Every domain's part of a person's data, in order (see
            :mod:`mentoring.lib.privacy`); the composition root lists them.
    """

    def __init__(self, session: AsyncSession, sections: Sequence[PrivacySection] = ()) -> None:
        self.session = session
        self.sections = check_unique_names(sections)
        self.events = AccessEventRepository(session=session)

    async def export(self, user: UserAccount) -> DataExport:
        """Every section of what the platform holds about ``user``."""
        sections = {s.name: await s.export(self.session, user.id) for s in self.sections if s.export}
        return DataExport(
            user_id=user.id, exported_at=utcnow(), format_version=EXPORT_FORMAT_VERSION, sections=sections
        )

    async def erase(self, user: UserAccount, password: str) -> None:
        """Erase ``user``'s personal data after checking their password; audited, in one transaction.

        Every section's check runs first, then every eraser in the sections' order.

        Raises:
            ForbiddenError: The password is wrong.
            ConflictError: A check refused (the last coordinator of a programme, for instance).
        """
        if not await verify_password(password, user.password_hash):
            raise ForbiddenError(WRONG_PASSWORD)
        for section in self.sections:
            if section.check is not None:
                await section.check(self.session, user.id)
        erased: list[str] = []
        for section in self.sections:
            if section.erase is not None:
                await section.erase(self.session, user.id)
                erased.append(section.name)
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="user_account",
            entity_id=user.id,
            action="erased",
            erased=erased,
        )
        await self.session.flush()

    async def access_log(self, user: UserAccount, page: LimitOffset) -> OffsetPagination[AccessLogEntry]:
        """Who read ``user``'s sensitive fields, newest first."""
        events, total = await self.events.get_many_and_count(
            AccessEvent.subject_id == user.id, page, *NEWEST_FIRST
        )
        people = await self._people(e.actor_id for e in events)
        programs = await self._program_names(e.program_id for e in events)
        unknown = _Person(ERASED_DISPLAY_NAME, True, False, False)
        items = []
        for event in events:
            actor = people.get(event.actor_id, unknown) if event.actor_id else unknown
            items.append(
                AccessLogEntry(
                    accessed_at=event.accessed_at,
                    field=event.field,
                    actor_id=event.actor_id,
                    actor_display_name=actor.name,
                    actor_role=actor.role,
                    program_id=event.program_id,
                    program_name=programs.get(event.program_id) if event.program_id else None,
                )
            )
        return paginate(items, total, page)

    async def program_access_events(
        self, user: UserAccount, program_id: UUID, page: LimitOffset
    ) -> OffsetPagination[ProgramAccessEvent]:
        """Reads of members' sensitive fields within a programme; for its coordinators only.

        Raises:
            NotFoundError: No such programme.
            ForbiddenError: The caller does not coordinate it.
        """
        await require_coordinator_of(self.session, user, program_id)
        events, total = await self.events.get_many_and_count(
            AccessEvent.program_id == program_id, page, *NEWEST_FIRST
        )
        people = await self._people([*(e.actor_id for e in events), *(e.subject_id for e in events)])

        def name(user_id: UUID | None) -> str:
            person = people.get(user_id) if user_id else None
            return person.name if person else ERASED_DISPLAY_NAME

        items = [
            ProgramAccessEvent(
                id=event.id,
                accessed_at=event.accessed_at,
                field=event.field,
                actor_id=event.actor_id,
                actor_display_name=name(event.actor_id),
                subject_id=event.subject_id,
                subject_display_name=name(event.subject_id),
            )
            for event in events
        ]
        return paginate(items, total, page)

    async def _people(self, ids: Iterable[UUID | None]) -> dict[UUID, _Person]:
        """Names and roles of the page's people, in one query."""
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        is_mentor = exists().where(MentorProfile.user_id == UserAccount.id)
        rows = await self.session.execute(
            select(
                UserAccount.id,
                UserAccount.display_name,
                UserAccount.erased_at,
                UserAccount.is_coordinator,
                is_mentor,
            ).where(UserAccount.id.in_(wanted))
        )
        return {
            uid: _Person(name, erased_at is not None, bool(coordinator), bool(mentor))
            for uid, name, erased_at, coordinator, mentor in rows.all()
        }

    async def _program_names(self, ids: Iterable[UUID | None]) -> dict[UUID, str]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        rows = await self.session.execute(select(Program.id, Program.name).where(Program.id.in_(wanted)))
        return dict(rows.tuples().all())
