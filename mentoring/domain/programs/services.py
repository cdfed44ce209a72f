"""Programme rules: creating and editing programmes, and who coordinates them."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Challenge, Program, ProgramCoordinator, UserAccount
from mentoring.domain.programs.schemas import CoordinatorRead, ProgramCreate, ProgramRead, ProgramUpdate
from mentoring.domain.programs.scope import get_program, require_coordinator_of
from mentoring.domain.programs.terms import next_terms, program_default_terms, store_terms
from mentoring.lib.audit import record_audit
from mentoring.lib.errors import BadRequestError, ConflictError, NotFoundError

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


class ProgramService:
    """Create, edit and list programmes; add and remove their coordinators."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

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

    async def list_programs(self) -> list[Program]:
        """Every programme, by name."""
        return list(await self.session.scalars(select(Program).order_by(Program.name, Program.slug)))

    async def get(self, program_id: UUID) -> Program:
        """One programme, or a 404."""
        return await get_program(self.session, program_id)

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
        changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
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

    async def coordinators(self, user: UserAccount, program_id: UUID) -> list[CoordinatorRead]:
        """The programme's coordinators, for its coordinators."""
        await require_coordinator_of(self.session, user, program_id)
        rows = await self.session.execute(
            select(UserAccount.id, UserAccount.display_name, ProgramCoordinator.created_at)
            .join(ProgramCoordinator, ProgramCoordinator.user_id == UserAccount.id)
            .where(ProgramCoordinator.program_id == program_id)
            .order_by(ProgramCoordinator.created_at)
        )
        return [CoordinatorRead(user_id=uid, display_name=name, since=since) for uid, name, since in rows]

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
        link = await self.session.scalar(
            select(ProgramCoordinator).where(
                ProgramCoordinator.program_id == program_id, ProgramCoordinator.user_id == coordinator_id
            )
        )
        if link is None:
            raise NotFoundError(f"{coordinator_id} does not coordinate this programme")
        count = await self.session.scalar(
            select(func.count())
            .select_from(ProgramCoordinator)
            .where(ProgramCoordinator.program_id == program_id)
        )
        if (count or 0) <= 1:
            raise ConflictError("A programme cannot be left without coordinators: add another one first")
        await self.session.delete(link)
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="program",
            entity_id=program_id,
            action="program.coordinator_removed",
            user_id=coordinator_id,
        )
        await self.session.flush()
