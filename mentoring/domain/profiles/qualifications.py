"""Mentors' qualifications, and their verification by a coordinator of the mentor's programme."""

from __future__ import annotations

from uuid import UUID

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from advanced_alchemy.service import schema_dump
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MentorProfile, Qualification
from mentoring.domain.profiles.present import qualification_read
from mentoring.domain.profiles.schemas import QualificationInput, QualificationPatch, QualificationRead
from mentoring.domain.profiles.services import mentor_profile_of
from mentoring.domain.programs.scope import shared_program_id
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError, ForbiddenError, NotFoundError

#: Most qualifications one mentor may list.
MAX_QUALIFICATIONS = 20
ENTITY = "qualification"


class QualificationRepository(SQLAlchemyAsyncRepository[Qualification]):
    """Mentors' qualifications."""

    model_type = Qualification


class QualificationService:
    """Mentors list their qualifications; coordinators verify them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.qualifications = QualificationRepository(session=session)

    async def _own(self, user_id: UUID, qualification_id: UUID) -> Qualification:
        row = await self.session.scalar(
            select(Qualification)
            .join(MentorProfile, MentorProfile.id == Qualification.mentor_id)
            .where(Qualification.id == qualification_id, MentorProfile.user_id == user_id)
        )
        if row is None:
            raise NotFoundError(f"You have no qualification {qualification_id}")
        return row

    async def add(self, user_id: UUID, data: QualificationInput) -> QualificationRead:
        """Add a qualification to the caller's mentor profile (unverified).

        Raises:
            NotFoundError: the caller has no mentor profile.
            ConflictError: the mentor already lists :data:`MAX_QUALIFICATIONS`.
        """
        profile = await mentor_profile_of(self.session, user_id)
        if await self.qualifications.count(mentor_id=profile.id) >= MAX_QUALIFICATIONS:
            raise ConflictError(f"You already list {MAX_QUALIFICATIONS} qualifications: remove one first")
        row = await self.qualifications.add(
            Qualification(
                mentor_id=profile.id,
                title=data.title.strip(),
                issuer=data.issuer.strip(),
                document_ref=data.document_ref.strip(),
            )
        )
        return qualification_read(row)

    async def update(
        self, user_id: UUID, qualification_id: UUID, data: QualificationPatch
    ) -> QualificationRead:
        """Change the caller's qualification; changing a verified one withdraws the verification."""
        row = await self._own(user_id, qualification_id)
        changes = {
            name: value.strip()
            for name, value in schema_dump(data).items()
            if value.strip() != getattr(row, name)
        }
        if not changes:
            return qualification_read(row)
        for name, value in changes.items():
            setattr(row, name, value)
        if row.verified_at is not None:
            row.verified_at = None
            row.verified_by_id = None
            await record_audit(
                self.session,
                actor_id=user_id,
                entity=ENTITY,
                entity_id=row.id,
                action="verification_withdrawn",
                reason="edited_by_mentor",
                fields=sorted(changes),
            )
        await self.session.flush()
        return qualification_read(row)

    async def delete(self, user_id: UUID, qualification_id: UUID) -> None:
        """Remove one of the caller's qualifications."""
        row = await self._own(user_id, qualification_id)
        await self.qualifications.delete(row.id)

    async def _for_coordinator(
        self, coordinator_id: UUID, qualification_id: UUID
    ) -> tuple[Qualification, UUID]:
        """The qualification and the programme through which the coordinator may act on it."""
        found = (
            await self.session.execute(
                select(Qualification, MentorProfile.user_id)
                .join(MentorProfile, MentorProfile.id == Qualification.mentor_id)
                .where(Qualification.id == qualification_id)
            )
        ).first()
        program_id = (
            await shared_program_id(self.session, coordinator_id, found[1], "mentor") if found else None
        )
        if found is None or program_id is None:
            raise NotFoundError(f"No qualification {qualification_id} in a programme you coordinate")
        if found[1] == coordinator_id:
            raise ForbiddenError("You may not verify your own qualification")
        return found[0], program_id

    async def verify(self, coordinator_id: UUID, qualification_id: UUID) -> QualificationRead:
        """Mark a qualification verified (audited).

        Raises:
            NotFoundError: no such qualification, or its mentor is in none of the caller's programmes.
            ForbiddenError: it is the caller's own.
            ConflictError: it is already verified.
        """
        row, program_id = await self._for_coordinator(coordinator_id, qualification_id)
        if row.verified_at is not None:
            raise ConflictError("This qualification is already verified")
        row.verified_at = utcnow()
        row.verified_by_id = coordinator_id
        await record_audit(
            self.session,
            actor_id=coordinator_id,
            entity=ENTITY,
            entity_id=row.id,
            action="verified",
            program_id=program_id,
            mentor_id=row.mentor_id,
        )
        await self.session.flush()
        return qualification_read(row)

    async def revoke(self, coordinator_id: UUID, qualification_id: UUID) -> QualificationRead:
        """Withdraw a verification (audited).

        Raises:
            NotFoundError: as for :meth:`verify`.
            ForbiddenError: it is the caller's own.
            ConflictError: it is not verified.
        """
        row, program_id = await self._for_coordinator(coordinator_id, qualification_id)
        if row.verified_at is None:
            raise ConflictError("This qualification is not verified")
        row.verified_at = None
        row.verified_by_id = None
        await record_audit(
            self.session,
            actor_id=coordinator_id,
            entity=ENTITY,
            entity_id=row.id,
            action="verification_revoked",
            program_id=program_id,
            mentor_id=row.mentor_id,
        )
        await self.session.flush()
        return qualification_read(row)
