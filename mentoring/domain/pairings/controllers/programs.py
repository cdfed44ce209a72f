"""Routes a coordinator uses per programme: the request queue, the proposal queue, concerns, the dashboard."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from mentoring.domain.pairings.deps import (
    provide_concerns,
    provide_dashboard,
    provide_proposals,
    provide_requests,
)
from mentoring.domain.pairings.guards import requires_coordinator
from mentoring.domain.pairings.schemas.activity import ConcernRead, ConcernState
from mentoring.domain.pairings.schemas.dashboard import DashboardRead
from mentoring.domain.pairings.schemas.proposals import ProposalRead, ProposalState
from mentoring.domain.pairings.schemas.requests import RequestRead, RequestState
from mentoring.domain.pairings.services.concerns import ConcernService
from mentoring.domain.pairings.services.dashboard import DashboardService
from mentoring.domain.pairings.services.proposals import ProposalService
from mentoring.domain.pairings.services.requests import RequestService
from mentoring.lib.deps import CurrentUser, Page
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination

_LIST = error_responses(400, 401, 403, 404)


class ProgramWorkflowController(Controller):
    """A programme's pairing workflow, for its coordinators."""

    path = "/api/programs/{program_id:uuid}"
    tags = ["pairings"]
    guards = [requires_coordinator]
    dependencies = {
        "requests": provide_requests,
        "proposals": provide_proposals,
        "concerns": provide_concerns,
        "dashboard": provide_dashboard,
    }

    @get("/requests", operation_id="listProgramRequests", summary="The programme's requests", responses=_LIST)
    async def list_requests(
        self,
        requests: NamedDependency[RequestService],
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        page: Page,
        status: Annotated[
            RequestState | None, QueryParameter(description="Only requests in this state (default: waiting)")
        ] = None,
    ) -> OffsetPagination[RequestRead]:
        """Requests in queue order (waiting ones unless a status is given), with their waiting time."""
        return await requests.for_program(current_user, program_id, status, page)

    @get("/proposals", operation_id="listProgramProposals", summary="The proposal queue", responses=_LIST)
    async def list_proposals(
        self,
        proposals: NamedDependency[ProposalService],
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        page: Page,
        status: Annotated[
            ProposalState | None,
            QueryParameter(description="Only proposals in this state (default: in review or offered)"),
        ] = None,
    ) -> OffsetPagination[ProposalRead]:
        """Proposals in review or offered (or of the given status), oldest first."""
        return await proposals.for_program(current_user, program_id, status, page)

    @get("/concerns", operation_id="listProgramConcerns", summary="The programme's concerns", responses=_LIST)
    async def list_concerns(
        self,
        concerns: NamedDependency[ConcernService],
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        page: Page,
        status: Annotated[
            ConcernState | None, QueryParameter(description="Only concerns in this state (default: open)")
        ] = None,
    ) -> OffsetPagination[ConcernRead]:
        """Open concerns (or resolved ones), oldest first."""
        return await concerns.for_program(current_user, program_id, status, page)

    @get(
        "/dashboard", operation_id="getProgramDashboard", summary="The programme's dashboard", responses=_LIST
    )
    async def dashboard(
        self,
        dashboard: NamedDependency[DashboardService],
        current_user: CurrentUser,
        program_id: FromPath[UUID],
    ) -> DashboardRead:
        """Waiting requests, proposal queue, mentors' loads, pairings' health and the figures over time."""
        return await dashboard.build(current_user, program_id)
