"""Reading someone else's profile: coordinators of their programme, and mentors linked to a mentee.

Every such read of a person's challenges writes an access event (who, whose, which programme,
when; never the content) in the reader's transaction.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MenteeProfile, MentorProfile, UserAccount
from mentoring.domain.profiles.present import mentee_matching_read, mentee_read, mentor_read
from mentoring.domain.profiles.schemas import MenteeMatchingRead, MenteeProfileRead, MentorProfileRead
from mentoring.domain.profiles.visibility import mentor_may_see_mentee
from mentoring.domain.programs.scope import shared_program_id
from mentoring.lib.access_log import record_access
from mentoring.lib.errors import NotFoundError

CHALLENGES = "challenges"


class ProfileViewService:
    """Other people's profiles, for those allowed to see them."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _logged(self, actor_id: UUID, subject_id: UUID, program_id: UUID | None) -> None:
        if actor_id != subject_id:
            await record_access(
                self.session,
                actor_id=actor_id,
                subject_id=subject_id,
                program_id=program_id,
                field=CHALLENGES,
            )

    async def mentor_for_coordinator(self, coordinator_id: UUID, user_id: UUID) -> MentorProfileRead:
        """A mentor's profile for a coordinator of a programme they joined as a mentor (404 otherwise)."""
        program_id = await shared_program_id(self.session, coordinator_id, user_id, "mentor")
        profile = None
        if program_id is not None:
            profile = await self.session.scalar(
                select(MentorProfile)
                .join(UserAccount, UserAccount.id == MentorProfile.user_id)
                .where(MentorProfile.user_id == user_id, UserAccount.erased_at.is_(None))
            )
        if profile is None:
            raise NotFoundError(f"No mentor {user_id} in a programme you coordinate")
        await self._logged(coordinator_id, user_id, program_id)
        return await mentor_read(self.session, profile)

    async def _mentee(self, user_id: UUID) -> MenteeProfile | None:
        return await self.session.scalar(
            select(MenteeProfile)
            .join(UserAccount, UserAccount.id == MenteeProfile.user_id)
            .where(MenteeProfile.user_id == user_id, UserAccount.erased_at.is_(None))
        )

    async def mentee_for_coordinator(self, coordinator_id: UUID, user_id: UUID) -> MenteeProfileRead:
        """A mentee's profile for a coordinator of a programme they joined as a mentee (404 otherwise)."""
        program_id = await shared_program_id(self.session, coordinator_id, user_id, "mentee")
        profile = await self._mentee(user_id) if program_id is not None else None
        if profile is None:
            raise NotFoundError(f"No mentee {user_id} in a programme you coordinate")
        await self._logged(coordinator_id, user_id, program_id)
        return await mentee_read(self.session, profile)

    async def mentee_for_mentor(self, mentor_id: UUID, user_id: UUID) -> MenteeMatchingRead:
        """What a mentee shares for matching, for a mentor a proposal or pairing links them to."""
        allowed = await mentor_may_see_mentee(self.session, mentor_id, user_id)
        profile = await self._mentee(user_id) if allowed else None
        if profile is None:
            raise NotFoundError(f"No mentee {user_id} linked to you")
        await self._logged(mentor_id, user_id, None)
        return await mentee_matching_read(self.session, profile)
