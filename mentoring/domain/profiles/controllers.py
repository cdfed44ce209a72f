"""HTTP routes of the profiles domain: one's own profiles, and other people's for those allowed."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.params import Body
from litestar.types import ControllerRouterHandler

from mentoring.db.models import UserAccount
from mentoring.domain.accounts.guards import requires_coordinator
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
from mentoring.lib.deps import DbSession
from mentoring.lib.errors import error_responses

AuthRequest = Request[UserAccount, Any, Any]


class MyMentorProfileController(Controller):
    """The caller's own mentor profile, capacity, pause and qualifications."""

    path = "/api/me/mentor-profile"
    tags = ["profiles"]

    @get(
        "/",
        operation_id="getMyMentorProfile",
        summary="My mentor profile",
        responses=error_responses(401, 404),
    )
    async def get_profile(self, request: AuthRequest, db_session: DbSession) -> MentorProfileRead:
        """The caller's mentor profile, with their qualifications."""
        return await ProfileService(db_session).my_mentor_profile(request.user.id)

    @put(
        "/",
        operation_id="putMyMentorProfile",
        summary="Create or replace my mentor profile",
        responses=error_responses(400, 401, 409, 413),
    )
    async def put_profile(
        self, request: AuthRequest, db_session: DbSession, data: Annotated[MentorProfileInput, Body()]
    ) -> MentorProfileRead:
        """Create the caller's mentor profile or replace it; capacity and pause are kept."""
        return await ProfileService(db_session).put_mentor_profile(request.user.id, data)

    @patch(
        "/",
        operation_id="updateMyMentorProfile",
        summary="Change some fields of my mentor profile",
        responses=error_responses(400, 401, 404, 413),
    )
    async def patch_profile(
        self, request: AuthRequest, db_session: DbSession, data: Annotated[MentorProfilePatch, Body()]
    ) -> MentorProfileRead:
        """Change the fields sent; the others stay as they are."""
        return await ProfileService(db_session).patch_mentor_profile(request.user.id, data)

    @patch(
        "/capacity",
        operation_id="setMyMentorCapacity",
        summary="Set how many mentees I take at once",
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def set_capacity(
        self, request: AuthRequest, db_session: DbSession, data: Annotated[CapacityInput, Body()]
    ) -> MentorProfileRead:
        """Set the capacity; refused (409) below the number of mentees the mentor has now."""
        return await ProfileService(db_session).set_capacity(request.user.id, data.capacity)

    @put(
        "/pause",
        operation_id="pauseMyMentoring",
        summary="Take no new mentees until a date",
        responses=error_responses(400, 401, 404, 413),
    )
    async def pause(
        self, request: AuthRequest, db_session: DbSession, data: Annotated[PauseInput, Body()]
    ) -> MentorProfileRead:
        """Pause until the given date (after today, at most two years ahead)."""
        return await ProfileService(db_session).pause(request.user.id, data.until)

    @delete(
        "/pause",
        operation_id="resumeMyMentoring",
        summary="End my pause now",
        status_code=200,
        responses=error_responses(401, 404, 409),
    )
    async def resume(self, request: AuthRequest, db_session: DbSession) -> MentorProfileRead:
        """End the pause (409 if the mentor is not paused)."""
        return await ProfileService(db_session).resume(request.user.id)

    @post(
        "/qualifications",
        operation_id="addMyQualification",
        summary="Add a qualification",
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def add_qualification(
        self, request: AuthRequest, db_session: DbSession, data: Annotated[QualificationInput, Body()]
    ) -> QualificationRead:
        """Add an unverified qualification to the caller's mentor profile."""
        return await QualificationService(db_session).add(request.user.id, data)

    @patch(
        "/qualifications/{qualification_id:uuid}",
        operation_id="updateMyQualification",
        summary="Change a qualification",
        responses=error_responses(400, 401, 404, 413),
    )
    async def update_qualification(
        self,
        request: AuthRequest,
        db_session: DbSession,
        qualification_id: UUID,
        data: Annotated[QualificationPatch, Body()],
    ) -> QualificationRead:
        """Change one of the caller's qualifications; a verified one becomes unverified."""
        return await QualificationService(db_session).update(request.user.id, qualification_id, data)

    @delete(
        "/qualifications/{qualification_id:uuid}",
        operation_id="deleteMyQualification",
        summary="Remove a qualification",
        responses=error_responses(401, 404),
    )
    async def delete_qualification(
        self, request: AuthRequest, db_session: DbSession, qualification_id: UUID
    ) -> None:
        """Remove one of the caller's qualifications."""
        await QualificationService(db_session).delete(request.user.id, qualification_id)


class MyMenteeProfileController(Controller):
    """The caller's own mentee profile."""

    path = "/api/me/mentee-profile"
    tags = ["profiles"]

    @get(
        "/",
        operation_id="getMyMenteeProfile",
        summary="My mentee profile",
        responses=error_responses(401, 404),
    )
    async def get_profile(self, request: AuthRequest, db_session: DbSession) -> MenteeProfileRead:
        """The caller's mentee profile."""
        return await ProfileService(db_session).my_mentee_profile(request.user.id)

    @put(
        "/",
        operation_id="putMyMenteeProfile",
        summary="Create or replace my mentee profile",
        responses=error_responses(400, 401, 409, 413),
    )
    async def put_profile(
        self, request: AuthRequest, db_session: DbSession, data: Annotated[MenteeProfileInput, Body()]
    ) -> MenteeProfileRead:
        """Create the caller's mentee profile or replace it."""
        return await ProfileService(db_session).put_mentee_profile(request.user.id, data)

    @patch(
        "/",
        operation_id="updateMyMenteeProfile",
        summary="Change some fields of my mentee profile",
        responses=error_responses(400, 401, 404, 413),
    )
    async def patch_profile(
        self, request: AuthRequest, db_session: DbSession, data: Annotated[MenteeProfilePatch, Body()]
    ) -> MenteeProfileRead:
        """Change the fields sent; the others stay as they are."""
        return await ProfileService(db_session).patch_mentee_profile(request.user.id, data)


class CoordinatorProfileController(Controller):
    """Coordinators read the profiles of their programmes' members and verify qualifications."""

    path = "/api"
    tags = ["profiles"]
    guards = [requires_coordinator]

    @get(
        "/mentors/{user_id:uuid}/profile",
        operation_id="getMentorProfile",
        summary="A mentor's profile (coordinators of their programme)",
        responses=error_responses(401, 403, 404),
    )
    async def get_mentor(
        self, request: AuthRequest, db_session: DbSession, user_id: UUID
    ) -> MentorProfileRead:
        """A mentor's whole profile; the read of their challenges is logged."""
        return await ProfileViewService(db_session).mentor_for_coordinator(request.user.id, user_id)

    @get(
        "/mentees/{user_id:uuid}/profile",
        operation_id="getMenteeProfile",
        summary="A mentee's profile (coordinators of their programme)",
        responses=error_responses(401, 403, 404),
    )
    async def get_mentee(
        self, request: AuthRequest, db_session: DbSession, user_id: UUID
    ) -> MenteeProfileRead:
        """A mentee's whole profile; the read of their challenges is logged."""
        return await ProfileViewService(db_session).mentee_for_coordinator(request.user.id, user_id)

    @post(
        "/qualifications/{qualification_id:uuid}/verification",
        operation_id="verifyQualification",
        summary="Mark a mentor's qualification verified",
        status_code=200,
        responses=error_responses(401, 403, 404, 409),
    )
    async def verify(
        self, request: AuthRequest, db_session: DbSession, qualification_id: UUID
    ) -> QualificationRead:
        """Verify a qualification of a mentor in one of the caller's programmes (audited)."""
        return await QualificationService(db_session).verify(request.user.id, qualification_id)

    @delete(
        "/qualifications/{qualification_id:uuid}/verification",
        operation_id="revokeQualificationVerification",
        summary="Withdraw a qualification's verification",
        status_code=200,
        responses=error_responses(401, 403, 404, 409),
    )
    async def revoke(
        self, request: AuthRequest, db_session: DbSession, qualification_id: UUID
    ) -> QualificationRead:
        """Withdraw the verification of a qualification (audited)."""
        return await QualificationService(db_session).revoke(request.user.id, qualification_id)


class MenteeMatchingController(Controller):
    """What a mentee shares with the mentors a proposal or pairing links them to."""

    path = "/api/mentees"
    tags = ["profiles"]

    @get(
        "/{user_id:uuid}/matching-profile",
        operation_id="getMenteeMatchingProfile",
        summary="What a mentee shares with a linked mentor",
        responses=error_responses(401, 404),
    )
    async def get_matching(
        self, request: AuthRequest, db_session: DbSession, user_id: UUID
    ) -> MenteeMatchingRead:
        """The mentee's matching information, for a mentor linked to them (404 for anyone else)."""
        return await ProfileViewService(db_session).mentee_for_mentor(request.user.id, user_id)


ROUTES: list[ControllerRouterHandler] = [
    MyMentorProfileController,
    MyMenteeProfileController,
    CoordinatorProfileController,
    MenteeMatchingController,
]
