"""HTTP routes of the profiles domain: one's own profiles, and other people's for those allowed."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.types import ControllerRouterHandler

from mentoring.domain.profiles.deps import PROFILES_DEPENDENCIES
from mentoring.domain.profiles.guards import requires_coordinator
from mentoring.domain.profiles.qualifications import QualificationService
from mentoring.domain.profiles.schemas import (
    CapacityInput,
    MenteeMatchingRead,
    MenteeProfileInput,
    MenteeProfilePatch,
    MenteeProfileRead,
    MentorProfileInput,
    MentorProfilePatch,
    MentorProfileRead,
    PauseInput,
    QualificationInput,
    QualificationPatch,
    QualificationRead,
)
from mentoring.domain.profiles.services import ProfileService
from mentoring.domain.profiles.viewing import ProfileViewService
from mentoring.lib.deps import CurrentUser
from mentoring.lib.errors import error_responses

Profiles = NamedDependency[ProfileService]
Qualifications = NamedDependency[QualificationService]
Viewing = NamedDependency[ProfileViewService]


class MyMentorProfileController(Controller):
    """The caller's own mentor profile, capacity, pause and qualifications."""

    path = "/api/me/mentor-profile"
    tags = ["profiles"]
    dependencies = PROFILES_DEPENDENCIES

    @get(
        "/",
        operation_id="getMyMentorProfile",
        summary="My mentor profile",
        responses=error_responses(401, 404),
    )
    async def get_profile(self, profiles: Profiles, current_user: CurrentUser) -> MentorProfileRead:
        """The caller's mentor profile, with their qualifications."""
        return await profiles.my_mentor_profile(current_user.id)

    @put(
        "/",
        operation_id="putMyMentorProfile",
        summary="Create or replace my mentor profile",
        responses=error_responses(400, 401, 409, 413),
    )
    async def put_profile(
        self, profiles: Profiles, current_user: CurrentUser, data: JSONBody[MentorProfileInput]
    ) -> MentorProfileRead:
        """Create the caller's mentor profile or replace it; capacity and pause are kept."""
        return await profiles.put_mentor_profile(current_user.id, data)

    @patch(
        "/",
        operation_id="updateMyMentorProfile",
        summary="Change some fields of my mentor profile",
        responses=error_responses(400, 401, 404, 413),
    )
    async def patch_profile(
        self, profiles: Profiles, current_user: CurrentUser, data: JSONBody[MentorProfilePatch]
    ) -> MentorProfileRead:
        """Change the fields sent; the others stay as they are."""
        return await profiles.patch_mentor_profile(current_user.id, data)

    @patch(
        "/capacity",
        operation_id="setMyMentorCapacity",
        summary="Set how many mentees I take at once",
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def set_capacity(
        self, profiles: Profiles, current_user: CurrentUser, data: JSONBody[CapacityInput]
    ) -> MentorProfileRead:
        """Set the capacity; refused (409) below the number of mentees the mentor has now."""
        return await profiles.set_capacity(current_user.id, data.capacity)

    @put(
        "/pause",
        operation_id="pauseMyMentoring",
        summary="Take no new mentees until a date",
        responses=error_responses(400, 401, 404, 413),
    )
    async def pause(
        self, profiles: Profiles, current_user: CurrentUser, data: JSONBody[PauseInput]
    ) -> MentorProfileRead:
        """Pause until the given date (after today, at most two years ahead)."""
        return await profiles.pause(current_user.id, data.until)

    @delete(
        "/pause",
        operation_id="resumeMyMentoring",
        summary="End my pause now",
        status_code=200,
        responses=error_responses(401, 404, 409),
    )
    async def resume(self, profiles: Profiles, current_user: CurrentUser) -> MentorProfileRead:
        """End the pause (409 if the mentor is not paused)."""
        return await profiles.resume(current_user.id)

    @post(
        "/qualifications",
        operation_id="addMyQualification",
        summary="Add a qualification",
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def add_qualification(
        self, qualifications: Qualifications, current_user: CurrentUser, data: JSONBody[QualificationInput]
    ) -> QualificationRead:
        """Add an unverified qualification to the caller's mentor profile."""
        return await qualifications.add(current_user.id, data)

    @patch(
        "/qualifications/{qualification_id:uuid}",
        operation_id="updateMyQualification",
        summary="Change a qualification",
        responses=error_responses(400, 401, 404, 413),
    )
    async def update_qualification(
        self,
        qualifications: Qualifications,
        current_user: CurrentUser,
        qualification_id: FromPath[UUID],
        data: JSONBody[QualificationPatch],
    ) -> QualificationRead:
        """Change one of the caller's qualifications; a verified one becomes unverified."""
        return await qualifications.update(current_user.id, qualification_id, data)

    @delete(
        "/qualifications/{qualification_id:uuid}",
        operation_id="deleteMyQualification",
        summary="Remove a qualification",
        responses=error_responses(401, 404),
    )
    async def delete_qualification(
        self, qualifications: Qualifications, current_user: CurrentUser, qualification_id: FromPath[UUID]
    ) -> None:
        """Remove one of the caller's qualifications."""
        await qualifications.delete(current_user.id, qualification_id)


class MyMenteeProfileController(Controller):
    """The caller's own mentee profile."""

    path = "/api/me/mentee-profile"
    tags = ["profiles"]
    dependencies = PROFILES_DEPENDENCIES

    @get(
        "/",
        operation_id="getMyMenteeProfile",
        summary="My mentee profile",
        responses=error_responses(401, 404),
    )
    async def get_profile(self, profiles: Profiles, current_user: CurrentUser) -> MenteeProfileRead:
        """The caller's mentee profile."""
        return await profiles.my_mentee_profile(current_user.id)

    @put(
        "/",
        operation_id="putMyMenteeProfile",
        summary="Create or replace my mentee profile",
        responses=error_responses(400, 401, 409, 413),
    )
    async def put_profile(
        self, profiles: Profiles, current_user: CurrentUser, data: JSONBody[MenteeProfileInput]
    ) -> MenteeProfileRead:
        """Create the caller's mentee profile or replace it."""
        return await profiles.put_mentee_profile(current_user.id, data)

    @patch(
        "/",
        operation_id="updateMyMenteeProfile",
        summary="Change some fields of my mentee profile",
        responses=error_responses(400, 401, 404, 413),
    )
    async def patch_profile(
        self, profiles: Profiles, current_user: CurrentUser, data: JSONBody[MenteeProfilePatch]
    ) -> MenteeProfileRead:
        """Change the fields sent; the others stay as they are."""
        return await profiles.patch_mentee_profile(current_user.id, data)


class CoordinatorProfileController(Controller):
    """Coordinators read the profiles of their programmes' members and verify qualifications."""

    path = "/api"
    tags = ["profiles"]
    dependencies = PROFILES_DEPENDENCIES
    guards = [requires_coordinator]

    @get(
        "/mentors/{user_id:uuid}/profile",
        operation_id="getMentorProfile",
        summary="A mentor's profile (coordinators of their programme)",
        responses=error_responses(401, 403, 404),
    )
    async def get_mentor(
        self, viewing: Viewing, current_user: CurrentUser, user_id: FromPath[UUID]
    ) -> MentorProfileRead:
        """A mentor's whole profile; the read of their challenges is logged."""
        return await viewing.mentor_for_coordinator(current_user.id, user_id)

    @get(
        "/mentees/{user_id:uuid}/profile",
        operation_id="getMenteeProfile",
        summary="A mentee's profile (coordinators of their programme)",
        responses=error_responses(401, 403, 404),
    )
    async def get_mentee(
        self, viewing: Viewing, current_user: CurrentUser, user_id: FromPath[UUID]
    ) -> MenteeProfileRead:
        """A mentee's whole profile; the read of their challenges is logged."""
        return await viewing.mentee_for_coordinator(current_user.id, user_id)

    @post(
        "/qualifications/{qualification_id:uuid}/verification",
        operation_id="verifyQualification",
        summary="Mark a mentor's qualification verified",
        status_code=200,
        responses=error_responses(401, 403, 404, 409),
    )
    async def verify(
        self, qualifications: Qualifications, current_user: CurrentUser, qualification_id: FromPath[UUID]
    ) -> QualificationRead:
        """Verify a qualification of a mentor in one of the caller's programmes (audited)."""
        return await qualifications.verify(current_user.id, qualification_id)

    @delete(
        "/qualifications/{qualification_id:uuid}/verification",
        operation_id="revokeQualificationVerification",
        summary="Withdraw a qualification's verification",
        status_code=200,
        responses=error_responses(401, 403, 404, 409),
    )
    async def revoke(
        self, qualifications: Qualifications, current_user: CurrentUser, qualification_id: FromPath[UUID]
    ) -> QualificationRead:
        """Withdraw the verification of a qualification (audited)."""
        return await qualifications.revoke(current_user.id, qualification_id)


class MenteeMatchingController(Controller):
    """What a mentee shares with the mentors a proposal or pairing links them to."""

    path = "/api/mentees"
    tags = ["profiles"]
    dependencies = PROFILES_DEPENDENCIES

    @get(
        "/{user_id:uuid}/matching-profile",
        operation_id="getMenteeMatchingProfile",
        summary="What a mentee shares with a linked mentor",
        responses=error_responses(401, 404),
    )
    async def get_matching(
        self, viewing: Viewing, current_user: CurrentUser, user_id: FromPath[UUID]
    ) -> MenteeMatchingRead:
        """The mentee's matching information, for a mentor linked to them (404 for anyone else)."""
        return await viewing.mentee_for_mentor(current_user.id, user_id)


ROUTES: list[ControllerRouterHandler] = [
    MyMentorProfileController,
    MyMenteeProfileController,
    CoordinatorProfileController,
    MenteeMatchingController,
]
