"""HTTP routes of the programs domain: programmes, coordinators, memberships, the taxonomy."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.types import ControllerRouterHandler

from mentoring.domain.programs.deps import PROGRAMS_DEPENDENCIES
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
from mentoring.domain.programs.taxonomy import TaxonomyService
from mentoring.lib.deps import CurrentUser, Page
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination
from mentoring.lib.schema import Language

Programs = NamedDependency[ProgramService]
Memberships = NamedDependency[MembershipService]
Taxonomy = NamedDependency[TaxonomyService]


class ProgramController(Controller):
    """The programme catalogue; coordinators create and edit the programmes they coordinate."""

    path = "/api/programs"
    tags = ["programs"]
    dependencies = PROGRAMS_DEPENDENCIES

    @get(
        "/",
        operation_id="listPrograms",
        summary="The programme catalogue",
        responses=error_responses(400, 401),
    )
    async def list_programs(self, programs: Programs, page: Page) -> OffsetPagination[ProgramRead]:
        """A page of the programmes' public settings, by name."""
        return await programs.catalogue(page)

    @post(
        "/",
        operation_id="createProgram",
        summary="Create a programme",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 409, 413),
    )
    async def create_program(
        self, programs: Programs, current_user: CurrentUser, data: JSONBody[ProgramCreate]
    ) -> ProgramRead:
        """Create a programme (coordinators only); the caller becomes its coordinator."""
        return program_read(await programs.create(current_user, data))

    @get(
        "/{program_id:uuid}",
        operation_id="getProgram",
        summary="One programme",
        responses=error_responses(400, 401, 404),
    )
    async def get_program(self, programs: Programs, program_id: FromPath[UUID]) -> ProgramRead:
        """A programme's public settings."""
        return await programs.read(program_id)

    @patch(
        "/{program_id:uuid}",
        operation_id="updateProgram",
        summary="Edit a programme",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def update_program(
        self,
        programs: Programs,
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        data: JSONBody[ProgramUpdate],
    ) -> ProgramRead:
        """Change the fields sent, in a programme the caller coordinates."""
        return program_read(await programs.update(current_user, program_id, data))

    @get(
        "/{program_id:uuid}/members",
        operation_id="listProgramMembers",
        summary="A programme's mentees and mentors",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404),
    )
    async def list_members(
        self,
        memberships: Memberships,
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        page: Page,
        role: Annotated[MembershipRole | None, QueryParameter(description="Only mentees or mentors")] = None,
    ) -> OffsetPagination[MemberRead]:
        """Who belongs to a programme the caller coordinates (no profiles, no challenges)."""
        return await memberships.members(current_user, program_id, role, page)

    @post(
        "/{program_id:uuid}/memberships",
        operation_id="joinProgram",
        summary="Join a programme as a mentee or a mentor",
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def join_program(
        self,
        memberships: Memberships,
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        data: JSONBody[MembershipCreate],
    ) -> MembershipRead:
        """Join with a role whose profile the caller holds; peer mentors cannot join professional-only ones."""
        return await memberships.join(current_user, program_id, data.role)

    @get(
        "/{program_id:uuid}/coordinators",
        operation_id="listProgramCoordinators",
        summary="A programme's coordinators",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404),
    )
    async def list_coordinators(
        self, programs: Programs, current_user: CurrentUser, program_id: FromPath[UUID], page: Page
    ) -> OffsetPagination[CoordinatorRead]:
        """Who coordinates a programme the caller coordinates."""
        return await programs.coordinators(current_user, program_id, page)

    @post(
        "/{program_id:uuid}/coordinators",
        operation_id="addProgramCoordinator",
        summary="Add a coordinator to a programme",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def add_coordinator(
        self,
        programs: Programs,
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        data: JSONBody[CoordinatorAdd],
    ) -> CoordinatorRead:
        """Add an existing coordinator account to a programme the caller coordinates."""
        return await programs.add_coordinator(current_user, program_id, data.user_id)

    @delete(
        "/{program_id:uuid}/coordinators/{user_id:uuid}",
        operation_id="removeProgramCoordinator",
        summary="Remove a coordinator from a programme",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404, 409),
    )
    async def remove_coordinator(
        self,
        programs: Programs,
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        user_id: FromPath[UUID],
    ) -> None:
        """Remove a coordinator (the caller included) from a programme; never the last one."""
        await programs.remove_coordinator(current_user, program_id, user_id)


class MembershipController(Controller):
    """The caller's own programme memberships."""

    path = "/api/memberships"
    tags = ["programs"]
    dependencies = PROGRAMS_DEPENDENCIES

    @get("/", operation_id="listMyMemberships", summary="My programmes", responses=error_responses(400, 401))
    async def list_mine(
        self, memberships: Memberships, current_user: CurrentUser, page: Page
    ) -> OffsetPagination[MembershipRead]:
        """The programmes the caller joined, and as what, oldest first."""
        return await memberships.mine(current_user, page)

    @delete(
        "/{membership_id:uuid}",
        operation_id="leaveProgram",
        summary="Leave a programme",
        responses=error_responses(400, 401, 404),
    )
    async def leave(
        self, memberships: Memberships, current_user: CurrentUser, membership_id: FromPath[UUID]
    ) -> None:
        """Leave a programme: end one of the caller's own memberships."""
        await memberships.leave(current_user, membership_id)


class TaxonomyController(Controller):
    """The challenge taxonomy, readable without an account."""

    path = "/api/taxonomy"
    tags = ["taxonomy"]
    dependencies = PROGRAMS_DEPENDENCIES

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
        taxonomy: Taxonomy,
        page: Page,
        lang: Annotated[
            Language | None, QueryParameter(description="Only the label in this language")
        ] = None,
        view: Annotated[
            Literal["flat", "tree"], QueryParameter(description="tree: roots with their children")
        ] = "flat",
    ) -> OffsetPagination[TaxonomyEntry]:
        """Every entry with its English and French labels, or only ``label`` in ``lang``.

        ``view=tree`` nests children under their parent (the page then counts roots).
        """
        return await taxonomy.entries(lang, tree=view == "tree", page=page)


class ChallengeController(Controller):
    """Coordinators extend the taxonomy (writes live outside the public ``/api/taxonomy``)."""

    path = "/api/challenges"
    tags = ["taxonomy"]
    guards = [requires_coordinator]
    dependencies = PROGRAMS_DEPENDENCIES

    @post(
        "/",
        operation_id="createChallenge",
        summary="Add a taxonomy entry",
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def create_challenge(
        self, taxonomy: Taxonomy, current_user: CurrentUser, data: JSONBody[ChallengeCreate]
    ) -> TaxonomyEntry:
        """Add a root, or ``parent/child`` under an existing root, with English and French labels.

        A child whose parent is not in the taxonomy is a 404; a slug already taken is a 409.
        """
        return await taxonomy.create(current_user, data)

    @patch(
        "/{challenge_id:uuid}",
        operation_id="updateChallenge",
        summary="Relabel a taxonomy entry",
        responses=error_responses(400, 401, 403, 404, 413),
    )
    async def update_challenge(
        self,
        taxonomy: Taxonomy,
        current_user: CurrentUser,
        challenge_id: FromPath[UUID],
        data: JSONBody[ChallengeUpdate],
    ) -> TaxonomyEntry:
        """Fix an entry's English or French label."""
        return await taxonomy.relabel(current_user, challenge_id, data)


ROUTES: list[ControllerRouterHandler] = [
    ProgramController,
    MembershipController,
    TaxonomyController,
    ChallengeController,
    FailedFollowUpController,
]
