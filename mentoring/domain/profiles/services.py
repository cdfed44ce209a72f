"""A person's own profiles: create, replace, change, capacity, pause and resume."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, cast
from uuid import UUID

from advanced_alchemy.service import schema_dump
from sqlalchemy import CursorResult, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Challenge, MenteeChallenge, MenteeProfile, MentorChallenge, MentorProfile
from mentoring.domain.profiles.availability import check_slots, check_timezone
from mentoring.domain.profiles.jobs import plan_mentor_followups
from mentoring.domain.profiles.present import mentee_read, mentor_read
from mentoring.domain.profiles.schemas import (
    MenteeProfileInput,
    MenteeProfilePatch,
    MenteeProfileRead,
    MentorChallengeIn,
    MentorProfileInput,
    MentorProfilePatch,
    MentorProfileRead,
)
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import BadRequestError, ConflictError, NotFoundError

#: How far ahead a mentor may pause.
MAX_PAUSE = timedelta(days=730)
_UNIQUE_LISTS = ("support_offered", "support_wanted", "formats", "languages", "priorities")


def _dedupe(values: Sequence[str]) -> list[str]:
    """The values without repeats, first occurrence first (a repeat adds nothing, so it is dropped)."""
    return list(dict.fromkeys(values))


async def mentor_profile_of(session: AsyncSession, user_id: UUID) -> MentorProfile:
    """The person's mentor profile, or a 404 saying how to create one."""
    profile = await session.scalar(select(MentorProfile).where(MentorProfile.user_id == user_id))
    if profile is None:
        raise NotFoundError("You have no mentor profile: create one with PUT /api/me/mentor-profile")
    return profile


async def mentee_profile_of(session: AsyncSession, user_id: UUID) -> MenteeProfile:
    """The person's mentee profile, or a 404 saying how to create one."""
    profile = await session.scalar(select(MenteeProfile).where(MenteeProfile.user_id == user_id))
    if profile is None:
        raise NotFoundError("You have no mentee profile: create one with PUT /api/me/mentee-profile")
    return profile


class ProfileService:
    """Edit the caller's own mentor and mentee profiles."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _challenge_ids(self, slugs: Sequence[str]) -> dict[str, UUID]:
        rows = await self.session.execute(
            select(Challenge.slug, Challenge.id).where(Challenge.slug.in_(list(slugs)))
        )
        found: dict[str, UUID] = {slug: cid for slug, cid in rows.all()}
        unknown = [s for s in slugs if s not in found]
        if unknown:
            raise BadRequestError(f"challenges: unknown challenge(s) {', '.join(unknown)}")
        return found

    def _apply_plain(self, profile: MentorProfile | MenteeProfile, fields: dict[str, Any]) -> None:
        for name in _UNIQUE_LISTS:
            if name in fields:
                fields[name] = _dedupe(fields[name])
        if "timezone" in fields:
            check_timezone(fields["timezone"])
        if "availability" in fields:
            fields["availability"] = check_slots(fields["availability"])
        if isinstance(fields.get("region"), str):
            fields["region"] = fields["region"].strip()
        for name, value in fields.items():
            setattr(profile, name, list(value) if isinstance(value, list) else value)

    async def _apply_mentor(self, profile: MentorProfile, fields: dict[str, Any]) -> None:
        items: list[MentorChallengeIn] | None = fields.pop("challenges", None)
        self._apply_plain(profile, fields)
        if items is None:
            return
        ids = await self._challenge_ids(_dedupe([c.slug for c in items]))
        wanted: dict[UUID, float | None] = {}
        for item in items:
            wanted.setdefault(ids[item.slug], item.years_ago)
        existing = {row.challenge_id: row for row in profile.challenges}
        for challenge_id, row in existing.items():
            if challenge_id not in wanted:
                profile.challenges.remove(row)
        for challenge_id, years_ago in wanted.items():
            if challenge_id in existing:
                existing[challenge_id].years_ago = years_ago
            else:
                profile.challenges.append(MentorChallenge(challenge_id=challenge_id, years_ago=years_ago))

    async def _apply_mentee(self, profile: MenteeProfile, fields: dict[str, Any]) -> None:
        slugs: list[str] | None = fields.pop("challenges", None)
        self._apply_plain(profile, fields)
        if slugs is None:
            return
        wanted = set((await self._challenge_ids(_dedupe(slugs))).values())
        existing = {row.challenge_id: row for row in profile.challenges}
        for challenge_id, row in existing.items():
            if challenge_id not in wanted:
                profile.challenges.remove(row)
        for challenge_id in wanted - existing.keys():
            profile.challenges.append(MenteeChallenge(challenge_id=challenge_id))

    async def my_mentor_profile(self, user_id: UUID) -> MentorProfileRead:
        """The caller's mentor profile."""
        return await mentor_read(self.session, await mentor_profile_of(self.session, user_id))

    async def put_mentor_profile(self, user_id: UUID, data: MentorProfileInput) -> MentorProfileRead:
        """Create the caller's mentor profile, or replace it (capacity, load, pause are kept)."""
        profile = await self.session.scalar(select(MentorProfile).where(MentorProfile.user_id == user_id))
        if profile is None:
            profile = MentorProfile(user_id=user_id, challenges=[], qualifications=[])
            self.session.add(profile)
        await self._apply_mentor(profile, schema_dump(data))
        await self.session.flush()
        return await mentor_read(self.session, profile)

    async def patch_mentor_profile(self, user_id: UUID, data: MentorProfilePatch) -> MentorProfileRead:
        """Change the fields sent, keep the others."""
        profile = await mentor_profile_of(self.session, user_id)
        await self._apply_mentor(profile, schema_dump(data))
        await self.session.flush()
        return await mentor_read(self.session, profile)

    async def set_capacity(self, user_id: UUID, capacity: int) -> MentorProfileRead:
        """Set how many mentees the mentor takes at once, never below how many they have now.

        A single conditional UPDATE decides, so a pairing starting at the same moment cannot
        slip between a check and the write.

        Raises:
            NotFoundError: the caller has no mentor profile.
            ConflictError: the mentor has more active mentees than ``capacity``.
        """
        profile = await mentor_profile_of(self.session, user_id)
        result = cast(
            "CursorResult[Any]",
            await self.session.execute(
                update(MentorProfile)
                .where(MentorProfile.id == profile.id, MentorProfile.active_mentees <= capacity)
                .values(capacity=capacity)
                .execution_options(synchronize_session=False)
            ),
        )
        await self.session.refresh(profile, ["capacity", "active_mentees", "updated_at"])
        if result.rowcount == 0:
            active = profile.active_mentees
            raise ConflictError(
                f"You have {active} active mentee(s) now: your capacity cannot go below {active}",
                extra={"active_mentees": active},
            )
        await record_audit(
            self.session,
            actor_id=user_id,
            entity="mentor_profile",
            entity_id=profile.id,
            action="capacity_changed",
            capacity=capacity,
        )
        await self.session.flush()
        return await mentor_read(self.session, profile)

    async def pause(self, user_id: UUID, until: date) -> MentorProfileRead:
        """Take no new mentees until ``until`` (a future date, at most two years ahead)."""
        profile = await mentor_profile_of(self.session, user_id)
        today = utcnow().date()
        if until <= today:
            raise BadRequestError("until: the pause must end after today")
        if until > today + MAX_PAUSE:
            raise BadRequestError(f"until: a pause may last at most {MAX_PAUSE.days} days")
        profile.paused_until = until
        await record_audit(
            self.session,
            actor_id=user_id,
            entity="mentor_profile",
            entity_id=profile.id,
            action="paused",
            until=until.isoformat(),
        )
        await self.session.flush()
        await plan_mentor_followups(self.session, user_id)  # the pause's end restores availability on time
        return await mentor_read(self.session, profile)

    async def resume(self, user_id: UUID) -> MentorProfileRead:
        """End a pause now.

        Raises:
            ConflictError: the mentor is not paused.
        """
        profile = await mentor_profile_of(self.session, user_id)
        if profile.paused_until is None or profile.paused_until <= utcnow().date():
            raise ConflictError("You are not paused")
        profile.paused_until = None
        await record_audit(
            self.session, actor_id=user_id, entity="mentor_profile", entity_id=profile.id, action="resumed"
        )
        await self.session.flush()
        await plan_mentor_followups(self.session, user_id)  # cancels the planned end of the pause
        return await mentor_read(self.session, profile)

    async def my_mentee_profile(self, user_id: UUID) -> MenteeProfileRead:
        """The caller's mentee profile."""
        return await mentee_read(self.session, await mentee_profile_of(self.session, user_id))

    async def put_mentee_profile(self, user_id: UUID, data: MenteeProfileInput) -> MenteeProfileRead:
        """Create the caller's mentee profile, or replace it."""
        profile = await self.session.scalar(select(MenteeProfile).where(MenteeProfile.user_id == user_id))
        if profile is None:
            profile = MenteeProfile(user_id=user_id, challenges=[])
            self.session.add(profile)
        await self._apply_mentee(profile, schema_dump(data))
        await self.session.flush()
        return await mentee_read(self.session, profile)

    async def patch_mentee_profile(self, user_id: UUID, data: MenteeProfilePatch) -> MenteeProfileRead:
        """Change the fields sent, keep the others."""
        profile = await mentee_profile_of(self.session, user_id)
        await self._apply_mentee(profile, schema_dump(data))
        await self.session.flush()
        return await mentee_read(self.session, profile)
