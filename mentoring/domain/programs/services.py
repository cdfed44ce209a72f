"""Programme rules: creating and editing programmes, and who coordinates them."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import schema_dump
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Challenge, Program, ProgramCoordinator, UserAccount
from mentoring.domain.programs.schemas import CoordinatorRead, ProgramCreate, ProgramRead, ProgramUpdate
from mentoring.domain.programs.scope import require_coordinator_of
from mentoring.domain.programs.terms import next_terms, program_default_terms, store_terms
from mentoring.lib.audit import record_audit
from mentoring.lib.errors import BadRequestError, ConflictError, NotFoundError
from mentoring.lib.pagination import OffsetPagination, paginate

__all__ = ["ProgramCoordinatorRepository", "ProgramRepository", "ProgramService", "program_read"]

# Plain settings copied from the bodies as they are (themes and terms are checked first).
_PLAIN_FIELDS = (
    "name",
    "description",
    "mentors_must_be_professional",
    "trial_sessions",
    "proposal_deadline_days",
    "waiting_target_days",
    "contact_after_closure",
)


def _unique(values: Iterable[str]) -> list[str]:
    """Drop repeats (surrounding spaces too), keeping the first occurrence's order."""
    return list(dict.fromkeys(v.strip() for v in values))


def program_read(program: Program) -> ProgramRead:
    """The catalogue view of a programme (no coordinator or member information)."""
    return ProgramRead(
        id=program.id,
        slug=program.slug,
        name=program.name,
        description=program.description,
        themes=list(program.themes),
        mentors_must_be_professional=program.mentors_must_be_professional,
        region_scope=list(program.region_scope),
        trial_sessions=program.trial_sessions,
        proposal_deadline_days=program.proposal_deadline_days,
        waiting_target_days=program.waiting_target_days,
        contact_after_closure=program.contact_after_closure,
        terms=program_default_terms(program),
        created_at=program.created_at,
        updated_at=program.updated_at,
    )


class ProgramRepository(SQLAlchemyAsyncRepository[Program]):
    """Programme rows."""

    model_type = Program
    count_with_window_function = False  # a page past the end still says the total


class ProgramCoordinatorRepository(SQLAlchemyAsyncRepository[ProgramCoordinator]):
    """Who coordinates which programme."""

    model_type = ProgramCoordinator
    count_with_window_function = False  # a page past the end still says the total


class ProgramService:
    """Create, edit and list programmes; add and remove their coordinators."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.programs = ProgramRepository(session=session)
        self.links = ProgramCoordinatorRepository(session=session)

    async def _check_themes(self, themes: list[str]) -> list[str]:
        themes = _unique(themes)
        known = set(await self.session.scalars(select(Challenge.slug).where(Challenge.slug.in_(themes))))
        unknown = [t for t in themes if t not in known]
        if unknown:
            raise BadRequestError(f"themes: unknown taxonomy slug(s) {', '.join(unknown)}")
        return themes

    async def _check_slug_free(self, slug: str, program_id: UUID | None = None) -> None:
        taken = await self.session.scalar(select(Program.id).where(Program.slug == slug))
        if taken is not None and taken != program_id:
            raise ConflictError(f"A programme with slug {slug!r} already exists")

    async def catalogue(self, page: LimitOffset) -> OffsetPagination[ProgramRead]:
        """A page of the programmes, by name."""
        programs, total = await self.programs.get_many_and_count(page, OrderBy("name"), OrderBy("slug"))
        return paginate([program_read(p) for p in programs], total, page)

    async def get(self, program_id: UUID) -> Program:
        """One programme, or a 404."""
        return await self.programs.get(program_id, error_messages={"not_found": f"No programme {program_id}"})

    async def read(self, program_id: UUID) -> ProgramRead:
        """One programme's public settings, or a 404."""
        return program_read(await self.get(program_id))

    async def create(self, user: UserAccount, data: ProgramCreate) -> Program:
        """Create a programme; its creator becomes its first coordinator."""
        await self._check_slug_free(data.slug)
        program = Program(
            slug=data.slug,
            themes=await self._check_themes(data.themes),
            region_scope=_unique(data.region_scope),
            created_by_id=user.id,
            **{name: getattr(data, name) for name in _PLAIN_FIELDS},
        )
        store_terms(program, next_terms(data.terms, None))
        self.session.add(program)
        await self.session.flush()
        self.session.add(ProgramCoordinator(program_id=program.id, user_id=user.id))
        await record_audit(
            self.session, actor_id=user.id, entity="program", entity_id=program.id, action="program.created"
        )
        await self.session.flush()
        return program

    async def update(self, user: UserAccount, program_id: UUID, data: ProgramUpdate) -> Program:
        """Change the settings sent; a new confidentiality text bumps the agreement's version."""
        program = await require_coordinator_of(self.session, user, program_id)
        changes = schema_dump(data)  # the fields sent (a PATCH leaves the others UNSET)
        if "slug" in changes:
            await self._check_slug_free(changes["slug"], program.id)
        if "themes" in changes:
            changes["themes"] = await self._check_themes(changes["themes"])
        if "region_scope" in changes:
            changes["region_scope"] = _unique(changes["region_scope"])
        changed: list[str] = []
        if "terms" in changes:
            before = program_default_terms(program)
            after = next_terms(changes.pop("terms"), before)
            if after != before:
                store_terms(program, after)
                changed.append("terms")
        for name, value in changes.items():
            if getattr(program, name) != value:
                setattr(program, name, value)
                changed.append(name)
        if changed:
            await record_audit(
                self.session,
                actor_id=user.id,
                entity="program",
                entity_id=program.id,
                action="program.updated",
                fields=sorted(changed),
                confidentiality_version=program_default_terms(program).confidentiality_version,
            )
            await self.session.flush()
        return program

    async def coordinators(
        self, user: UserAccount, program_id: UUID, page: LimitOffset
    ) -> OffsetPagination[CoordinatorRead]:
        """A page of the programme's coordinators, longest-serving first, for its coordinators."""
        await require_coordinator_of(self.session, user, program_id)
        links, total = await self.links.get_many_and_count(
            ProgramCoordinator.program_id == program_id, page, OrderBy("created_at"), OrderBy("id")
        )
        names = dict(
            (
                await self.session.execute(
                    select(UserAccount.id, UserAccount.display_name).where(
                        UserAccount.id.in_([link.user_id for link in links])
                    )
                )
            )
            .tuples()
            .all()
        )
        items = [
            CoordinatorRead(
                user_id=link.user_id, display_name=names.get(link.user_id, ""), since=link.created_at
            )
            for link in links
        ]
        return paginate(items, total, page)

    async def add_coordinator(
        self, user: UserAccount, program_id: UUID, coordinator_id: UUID
    ) -> CoordinatorRead:
        """Add an existing coordinator account to a programme the caller coordinates."""
        await require_coordinator_of(self.session, user, program_id)
        other = await self.session.get(UserAccount, coordinator_id)
        if other is None or not other.is_coordinator or other.erased_at is not None:
            raise NotFoundError(f"No coordinator account {coordinator_id}")
        existing = await self.session.scalar(
            select(ProgramCoordinator.id).where(
                ProgramCoordinator.program_id == program_id, ProgramCoordinator.user_id == coordinator_id
            )
        )
        if existing is not None:
            raise ConflictError("This person already coordinates the programme")
        link = ProgramCoordinator(program_id=program_id, user_id=coordinator_id)
        self.session.add(link)
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="program",
            entity_id=program_id,
            action="program.coordinator_added",
            user_id=coordinator_id,
        )
        await self.session.flush()
        return CoordinatorRead(user_id=other.id, display_name=other.display_name, since=link.created_at)

    async def remove_coordinator(self, user: UserAccount, program_id: UUID, coordinator_id: UUID) -> None:
        """Remove a coordinator (the caller themself included), never the last one."""
        await require_coordinator_of(self.session, user, program_id)
        # Lock the programme row so two coordinators removing each other cannot leave none.
        await self.session.execute(select(Program.id).where(Program.id == program_id).with_for_update())
        link = await self.links.get_one_or_none(
            ProgramCoordinator.program_id == program_id, ProgramCoordinator.user_id == coordinator_id
        )
        if link is None:
            raise NotFoundError(f"{coordinator_id} does not coordinate this programme")
        if await self.links.count(ProgramCoordinator.program_id == program_id) <= 1:
            raise ConflictError("A programme cannot be left without coordinators: add another one first")
        await self.links.delete(link.id)
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="program",
            entity_id=program_id,
            action="program.coordinator_removed",
            user_id=coordinator_id,
        )
        await self.session.flush()
