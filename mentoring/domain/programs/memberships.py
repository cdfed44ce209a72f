"""Membership rules: mentees and mentors join and leave programmes; coordinators see who belongs."""

from __future__ import annotations

from uuid import UUID

from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MenteeProfile, MentorProfile, Program, ProgramMembership, UserAccount
from mentoring.domain.programs.schemas import MemberRead, MembershipRead, MembershipRole
from mentoring.domain.programs.scope import get_program, require_coordinator_of
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError, ForbiddenError, NotFoundError
from mentoring.lib.pagination import OffsetPagination, paginate

__all__ = ["MembershipRepository", "MembershipService"]

#: Oldest first; the id breaks ties so pages never overlap.
JOINED_FIRST = [OrderBy("joined_at"), OrderBy("id")]


class MembershipRepository(SQLAlchemyAsyncRepository[ProgramMembership]):
    """Who joined which programme, as what."""

    model_type = ProgramMembership
    count_with_window_function = False  # a page past the end still says the total


def _membership_read(membership: ProgramMembership, program: Program) -> MembershipRead:
    return MembershipRead(
        id=membership.id,
        program_id=program.id,
        program_slug=program.slug,
        program_name=program.name,
        role=membership.role,  # type: ignore[arg-type]
        joined_at=membership.joined_at,
    )


class MembershipService:
    """Join, leave and list programme memberships."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.memberships = MembershipRepository(session=session)

    async def join(self, user: UserAccount, program_id: UUID, role: str) -> MembershipRead:
        """Join a programme as a mentee or a mentor, holding that profile.

        A programme that requires professional mentors refuses peer mentors (409).
        """
        program = await get_program(self.session, program_id)
        if role == "mentor":
            kind = await self.session.scalar(
                select(MentorProfile.kind).where(MentorProfile.user_id == user.id)
            )
            if kind is None:
                raise ForbiddenError("Only people with a mentor profile can join as a mentor")
            if program.mentors_must_be_professional and kind != "professional":
                raise ConflictError(
                    "This programme accepts professional mentors only; your mentor profile is a peer's"
                )
        elif (
            await self.session.scalar(select(MenteeProfile.id).where(MenteeProfile.user_id == user.id))
            is None
        ):
            raise ForbiddenError("Only people with a mentee profile can join as a mentee")
        if await self.memberships.exists(program_id=program_id, user_id=user.id, role=role):
            raise ConflictError(f"You already joined this programme as a {role}")
        membership = await self.memberships.add(
            ProgramMembership(program_id=program_id, user_id=user.id, role=role, joined_at=utcnow())
        )
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="program_membership",
            entity_id=membership.id,
            action="membership.joined",
            program_id=program_id,
            user_id=user.id,
            role=role,
        )
        await self.session.flush()
        return _membership_read(membership, program)

    async def mine(self, user: UserAccount, page: LimitOffset) -> OffsetPagination[MembershipRead]:
        """A page of the caller's memberships, oldest first."""
        memberships, total = await self.memberships.get_many_and_count(
            ProgramMembership.user_id == user.id, page, *JOINED_FIRST
        )
        programs = {
            p.id: p
            for p in await self.session.scalars(
                select(Program).where(Program.id.in_({m.program_id for m in memberships}))
            )
        }
        return paginate([_membership_read(m, programs[m.program_id]) for m in memberships], total, page)

    async def leave(self, user: UserAccount, membership_id: UUID) -> None:
        """Leave a programme (only one's own membership; anyone else's is a 404)."""
        membership = await self.memberships.get_one_or_none(id=membership_id, user_id=user.id)
        if membership is None:
            raise NotFoundError(f"No membership {membership_id}")
        await self.memberships.delete(membership.id)
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="program_membership",
            entity_id=membership.id,
            action="membership.left",
            program_id=membership.program_id,
            user_id=user.id,
            role=membership.role,
        )
        await self.session.flush()

    async def members(
        self, user: UserAccount, program_id: UUID, role: MembershipRole | None, page: LimitOffset
    ) -> OffsetPagination[MemberRead]:
        """A page of the programme's live members, for its coordinators: who and since when, nothing
        of their profiles."""
        await require_coordinator_of(self.session, user, program_id)
        live = select(ProgramMembership).join(UserAccount, UserAccount.id == ProgramMembership.user_id)
        where = [ProgramMembership.program_id == program_id, UserAccount.erased_at.is_(None)]
        if role is not None:
            where.append(ProgramMembership.role == role)
        memberships, total = await self.memberships.get_many_and_count(
            *where, page, *JOINED_FIRST, statement=live
        )
        names = dict(
            (
                await self.session.execute(
                    select(UserAccount.id, UserAccount.display_name).where(
                        UserAccount.id.in_({m.user_id for m in memberships})
                    )
                )
            )
            .tuples()
            .all()
        )
        items = [
            MemberRead(user_id=m.user_id, display_name=names[m.user_id], role=m.role, joined_at=m.joined_at)  # type: ignore[arg-type]
            for m in memberships
        ]
        return paginate(items, total, page)
