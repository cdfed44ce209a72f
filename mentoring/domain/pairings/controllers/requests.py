"""Routes of mentees' requests, and the coordinator's suggestions and hand-made proposals for one."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from mentoring.domain.pairings.deps import provide_requests, provide_rounds
from mentoring.domain.pairings.guards import requires_coordinator
from mentoring.domain.pairings.schemas.proposals import ProposalCreate, ProposalRead, Suggestion
from mentoring.domain.pairings.schemas.requests import RequestCreate, RequestRead
from mentoring.domain.pairings.services.requests import RequestService
from mentoring.domain.pairings.services.rounds import RoundService
from mentoring.lib.deps import CurrentUser, Page
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination


class RequestController(Controller):
    """A mentee's requests for a mentor."""

    path = "/api/requests"
    tags = ["pairings"]
    dependencies = {"requests": provide_requests, "rounds": provide_rounds}

    @post(
        "/",
        operation_id="createRequest",
        summary="Request a mentor in a programme",
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def create_request(
        self,
        requests: NamedDependency[RequestService],
        current_user: CurrentUser,
        data: JSONBody[RequestCreate],
    ) -> RequestRead:
        """A mentee asks for a mentor in a programme they joined (one waiting per programme, three overall)."""
        return await requests.open(current_user, data.program_id, data.note)

    @get("/", operation_id="listMyRequests", summary="My requests", responses=error_responses(400, 401))
    async def list_my_requests(
        self, requests: NamedDependency[RequestService], current_user: CurrentUser, page: Page
    ) -> OffsetPagination[RequestRead]:
        """The caller's requests, newest first, a page at a time."""
        return await requests.mine(current_user, page)

    @get(
        "/{request_id:uuid}",
        operation_id="getRequest",
        summary="One request",
        responses=error_responses(401, 404),
    )
    async def get_request(
        self, requests: NamedDependency[RequestService], current_user: CurrentUser, request_id: FromPath[UUID]
    ) -> RequestRead:
        """A request, for its mentee or the programme's coordinators."""
        return await requests.get(current_user, request_id)

    @post(
        "/{request_id:uuid}/withdraw",
        operation_id="withdrawRequest",
        summary="Withdraw a waiting request",
        status_code=200,
        responses=error_responses(401, 403, 404, 409),
    )
    async def withdraw_request(
        self, requests: NamedDependency[RequestService], current_user: CurrentUser, request_id: FromPath[UUID]
    ) -> RequestRead:
        """The mentee withdraws a request still waiting; a proposal under way for it is cancelled."""
        return await requests.withdraw(current_user, request_id)

    @get(
        "/{request_id:uuid}/suggestions",
        operation_id="listRequestSuggestions",
        summary="Mentors ranked for this request",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404, 409),
    )
    async def list_suggestions(
        self,
        rounds: NamedDependency[RoundService],
        current_user: CurrentUser,
        request_id: FromPath[UUID],
        limit: Annotated[int, QueryParameter(ge=1, le=50, description="How many mentors")] = 10,
    ) -> list[Suggestion]:
        """The programme's mentors with a free place, best first, each with its score and reasons."""
        return await rounds.suggestions(current_user, request_id, limit)

    @post(
        "/{request_id:uuid}/proposals",
        operation_id="createManualProposal",
        summary="Propose a mentor for this request by hand",
        guards=[requires_coordinator],
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def create_manual_proposal(
        self,
        rounds: NamedDependency[RoundService],
        current_user: CurrentUser,
        request_id: FromPath[UUID],
        data: JSONBody[ProposalCreate],
    ) -> ProposalRead:
        """A coordinator proposes a mentor (scored and explained like a round's proposals); it awaits review."""
        return await rounds.propose_by_hand(current_user, request_id, data.mentor_id)
