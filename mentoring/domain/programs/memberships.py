"""Membership rules: mentees and mentors join and leave programmes; coordinators see who belongs."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MenteeProfile, MentorProfile, Program, ProgramMembership, UserAccount
from mentoring.domain.programs.schemas import MemberRead, MembershipRead
from mentoring.domain.programs.scope import get_program, require_coordinator_of
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError, ForbiddenError, NotFoundError


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
        existing = await self.session.scalar(
            select(ProgramMembership.id).where(
                ProgramMembership.program_id == program_id,
                ProgramMembership.user_id == user.id,
                ProgramMembership.role == role,
            )
        )
        if existing is not None:
            raise ConflictError(f"You already joined this programme as a {role}")
        membership = ProgramMembership(program_id=program_id, user_id=user.id, role=role, joined_at=utcnow())
        self.session.add(membership)
        await self.session.flush()
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

    async def mine(self, user: UserAccount) -> list[MembershipRead]:
        """The caller's memberships, oldest first."""
        rows = await self.session.execute(
            select(ProgramMembership, Program)
            .join(Program, Program.id == ProgramMembership.program_id)
            .where(ProgramMembership.user_id == user.id)
            .order_by(ProgramMembership.joined_at, Program.slug, ProgramMembership.role)
        )
        return [_membership_read(membership, program) for membership, program in rows.tuples()]

    async def leave(self, user: UserAccount, membership_id: UUID) -> None:
        """Leave a programme (only one's own membership; anyone else's is a 404)."""
        membership = await self.session.get(ProgramMembership, membership_id)
        if membership is None or membership.user_id != user.id:
            raise NotFoundError(f"No membership {membership_id}")
        await self.session.delete(membership)
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
        self, user: UserAccount, program_id: UUID, role: str | None, limit: int, offset: int
    ) -> list[MemberRead]:
        """The programme's members, for its coordinators: who and since when, nothing of their profiles."""
        await require_coordinator_of(self.session, user, program_id)
        query = (
            select(
                UserAccount.id, UserAccount.display_name, ProgramMembership.role, ProgramMembership.joined_at
            )
            .join(ProgramMembership, ProgramMembership.user_id == UserAccount.id)
            .where(ProgramMembership.program_id == program_id, UserAccount.erased_at.is_(None))
            .order_by(ProgramMembership.joined_at, ProgramMembership.id)
            .limit(limit)
            .offset(offset)
        )
        if role is not None:
            query = query.where(ProgramMembership.role == role)
        rows = await self.session.execute(query)
        return [
            MemberRead(user_id=uid, display_name=name, role=r, joined_at=joined)
            for uid, name, r, joined in rows
        ]
