"""HTTP routes of the programs domain: programmes, coordinators, memberships, the taxonomy."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Controller, Request, delete, get, patch, post
from litestar.params import Body, Parameter
from litestar.types import ControllerRouterHandler

from mentoring.db.models import UserAccount
from mentoring.domain.programs.challenges import TaxonomyService
from mentoring.domain.programs.followups_controller import FailedFollowUpController
from mentoring.domain.programs.guards import requires_coordinator
from mentoring.domain.programs.memberships import MembershipService
from mentoring.domain.programs.schemas import (
    ChallengeCreate,
    ChallengeUpdate,
    CoordinatorAdd,
    CoordinatorRead,
    MemberRead,
    MembershipCreate,
    MembershipRead,
    MembershipRole,
    ProgramCreate,
    ProgramRead,
    ProgramUpdate,
    TaxonomyEntry,
)
from mentoring.domain.programs.services import ProgramService, program_read
from mentoring.lib.deps import DbSession
from mentoring.lib.errors import error_responses
from mentoring.lib.schema import Language

AuthRequest = Request[UserAccount, Any, Any]


class ProgramController(Controller):
    """The programme catalogue; coordinators create and edit the programmes they coordinate."""

    path = "/api/programs"
    tags = ["programs"]

    @get("/", operation_id="listPrograms", summary="The programme catalogue", responses=error_responses(401))
    async def list_programs(self, db_session: DbSession) -> list[ProgramRead]:
        """Every programme's public settings, by name."""
        return [program_read(p) for p in await ProgramService(db_session).list_programs()]

    @post(
        "/",
        operation_id="createProgram",
        summary="Create a programme",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 409, 413),
    )
    async def create_program(
        self, request: AuthRequest, db_session: DbSession, data: Annotated[ProgramCreate, Body()]
    ) -> ProgramRead:
        """Create a programme (coordinators only); the caller becomes its coordinator."""
        return program_read(await ProgramService(db_session).create(request.user, data))

    @get(
        "/{program_id:uuid}",
        operation_id="getProgram",
        summary="One programme",
        responses=error_responses(400, 401, 404),
    )
    async def get_program(self, db_session: DbSession, program_id: UUID) -> ProgramRead:
        """A programme's public settings."""
        return program_read(await ProgramService(db_session).get(program_id))

    @patch(
        "/{program_id:uuid}",
        operation_id="updateProgram",
        summary="Edit a programme",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def update_program(
        self,
        request: AuthRequest,
        db_session: DbSession,
        program_id: UUID,
        data: Annotated[ProgramUpdate, Body()],
    ) -> ProgramRead:
        """Change the fields sent, in a programme the caller coordinates."""
        return program_read(await ProgramService(db_session).update(request.user, program_id, data))

    @get(
        "/{program_id:uuid}/members",
        operation_id="listProgramMembers",
        summary="A programme's mentees and mentors",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404),
    )
    async def list_members(
        self,
        request: AuthRequest,
        db_session: DbSession,
        program_id: UUID,
        role: MembershipRole | None = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 100,
        offset: Annotated[int, Parameter(ge=0, le=1_000_000)] = 0,
    ) -> list[MemberRead]:
        """Who belongs to a programme the caller coordinates (no profiles, no challenges)."""
        return await MembershipService(db_session).members(request.user, program_id, role, limit, offset)

    @post(
        "/{program_id:uuid}/memberships",
        operation_id="joinProgram",
        summary="Join a programme as a mentee or a mentor",
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def join_program(
        self,
        request: AuthRequest,
        db_session: DbSession,
        program_id: UUID,
        data: Annotated[MembershipCreate, Body()],
    ) -> MembershipRead:
        """Join with a role whose profile the caller holds; peer mentors cannot join professional-only ones."""
        return await MembershipService(db_session).join(request.user, program_id, data.role)

    @get(
        "/{program_id:uuid}/coordinators",
        operation_id="listProgramCoordinators",
        summary="A programme's coordinators",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404),
    )
    async def list_coordinators(
        self, request: AuthRequest, db_session: DbSession, program_id: UUID
    ) -> list[CoordinatorRead]:
        """Who coordinates a programme the caller coordinates."""
        return await ProgramService(db_session).coordinators(request.user, program_id)

    @post(
        "/{program_id:uuid}/coordinators",
        operation_id="addProgramCoordinator",
        summary="Add a coordinator to a programme",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def add_coordinator(
        self,
        request: AuthRequest,
        db_session: DbSession,
        program_id: UUID,
        data: Annotated[CoordinatorAdd, Body()],
    ) -> CoordinatorRead:
        """Add an existing coordinator account to a programme the caller coordinates."""
        return await ProgramService(db_session).add_coordinator(request.user, program_id, data.user_id)

    @delete(
        "/{program_id:uuid}/coordinators/{user_id:uuid}",
        operation_id="removeProgramCoordinator",
        summary="Remove a coordinator from a programme",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404, 409),
    )
    async def remove_coordinator(
        self, request: AuthRequest, db_session: DbSession, program_id: UUID, user_id: UUID
    ) -> None:
        """Remove a coordinator (the caller included) from a programme; never the last one."""
        await ProgramService(db_session).remove_coordinator(request.user, program_id, user_id)


class MembershipController(Controller):
    """The caller's own programme memberships."""

    path = "/api/memberships"
    tags = ["programs"]

    @get("/", operation_id="listMyMemberships", summary="My programmes", responses=error_responses(401))
    async def list_mine(self, request: AuthRequest, db_session: DbSession) -> list[MembershipRead]:
        """The programmes the caller joined, and as what."""
        return await MembershipService(db_session).mine(request.user)

    @delete(
        "/{membership_id:uuid}",
        operation_id="leaveProgram",
        summary="Leave a programme",
        responses=error_responses(400, 401, 404),
    )
    async def leave(self, request: AuthRequest, db_session: DbSession, membership_id: UUID) -> None:
        """Leave a programme: end one of the caller's own memberships."""
        await MembershipService(db_session).leave(request.user, membership_id)


class TaxonomyController(Controller):
    """The challenge taxonomy, readable without an account."""

    path = "/api/taxonomy"
    tags = ["taxonomy"]

    @get(
        "/",
        operation_id="getTaxonomy",
        summary="The challenge taxonomy",
        exclude_from_auth=True,
        security=[{}],
        responses=error_responses(400),
    )
    async def get_taxonomy(
        self,
        db_session: DbSession,
        lang: Language | None = None,
        view: Literal["flat", "tree"] = "flat",
    ) -> list[TaxonomyEntry]:
        """Every entry with its English and French labels, or only ``label`` in ``lang``.

        ``view=tree`` nests children under their parent.
        """
        return await TaxonomyService(db_session).entries(lang, tree=view == "tree")


class ChallengeController(Controller):
    """Coordinators extend the taxonomy (writes live outside the public ``/api/taxonomy``)."""

    path = "/api/challenges"
    tags = ["taxonomy"]
    guards = [requires_coordinator]

    @post(
        "/",
        operation_id="createChallenge",
        summary="Add a taxonomy entry",
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def create_challenge(
        self, request: AuthRequest, db_session: DbSession, data: Annotated[ChallengeCreate, Body()]
    ) -> TaxonomyEntry:
        """Add a root, or ``parent/child`` under an existing root, with English and French labels.

        A child whose parent is not in the taxonomy is a 404; a slug already taken is a 409.
        """
        return await TaxonomyService(db_session).create(request.user, data)

    @patch(
        "/{challenge_id:uuid}",
        operation_id="updateChallenge",
        summary="Relabel a taxonomy entry",
        responses=error_responses(400, 401, 403, 404, 413),
    )
    async def update_challenge(
        self,
        request: AuthRequest,
        db_session: DbSession,
        challenge_id: UUID,
        data: Annotated[ChallengeUpdate, Body()],
    ) -> TaxonomyEntry:
        """Fix an entry's English or French label."""
        return await TaxonomyService(db_session).relabel(request.user, challenge_id, data)


ROUTES: list[ControllerRouterHandler] = [
    ProgramController,
    MembershipController,
    TaxonomyController,
    ChallengeController,
    FailedFollowUpController,
]
