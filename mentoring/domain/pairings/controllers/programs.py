"""Routes a coordinator uses per programme: the queue, proposals, concerns, rounds and the dashboard."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body

from mentoring.db.models import UserAccount
from mentoring.domain.accounts.guards import requires_coordinator
from mentoring.domain.pairings.schemas.activity import ConcernRead
from mentoring.domain.pairings.schemas.dashboard import DashboardRead
from mentoring.domain.pairings.schemas.proposals import ProposalRead, ProposalState
from mentoring.domain.pairings.schemas.requests import RequestRead
from mentoring.domain.pairings.schemas.rounds import RoundCreate, RoundRead
from mentoring.domain.pairings.services.concerns import ConcernService
from mentoring.domain.pairings.services.dashboard import DashboardService
from mentoring.domain.pairings.services.proposals import ProposalService
from mentoring.domain.pairings.services.requests import RequestService
from mentoring.domain.pairings.services.rounds import RoundService
from mentoring.domain.programs.scope import require_coordinator_of
from mentoring.lib.deps import DbSession
from mentoring.lib.errors import error_responses

Req = Request[UserAccount, Any, Any]
_LIST = error_responses(400, 401, 403, 404)


class ProgramWorkflowController(Controller):
    """A programme's pairing workflow, for its coordinators."""

    path = "/api/programs/{program_id:uuid}"
    tags = ["pairings"]
    guards = [requires_coordinator]

    @get("/requests", operation_id="listProgramRequests", summary="The programme's requests", responses=_LIST)
    async def list_requests(
        self,
        request: Req,
        db_session: DbSession,
        program_id: UUID,
        status: Literal["open", "proposed", "matched", "withdrawn"] | None = None,
    ) -> list[RequestRead]:
        """Requests in queue order (waiting ones unless a status is given), with their waiting time."""
        return await RequestService(db_session).for_program(request.user, program_id, status)

    @get("/proposals", operation_id="listProgramProposals", summary="The proposal queue", responses=_LIST)
    async def list_proposals(
        self, request: Req, db_session: DbSession, program_id: UUID, status: ProposalState | None = None
    ) -> list[ProposalRead]:
        """Proposals in review or offered (or of the given status), oldest first."""
        await require_coordinator_of(db_session, request.user, program_id)
        return await ProposalService(db_session).queue(program_id, status)

    @get("/concerns", operation_id="listProgramConcerns", summary="The programme's concerns", responses=_LIST)
    async def list_concerns(
        self,
        request: Req,
        db_session: DbSession,
        program_id: UUID,
        status: Literal["open", "resolved"] | None = None,
    ) -> list[ConcernRead]:
        """Open concerns (or resolved ones), oldest first."""
        return await ConcernService(db_session).for_program(request.user, program_id, status)

    @post(
        "/rounds",
        operation_id="runMatchingRound",
        summary="Run a matching round",
        status_code=201,
        responses={
            202: ResponseSpec(
                data_container=RoundRead,
                description="The round is pending: a background job runs it (follow it with getMatchingRound)",
                generate_examples=False,
            ),
            **error_responses(400, 401, 403, 404, 413),
        },
    )
    async def run_round(
        self, request: Req, db_session: DbSession, program_id: UUID, data: Annotated[RoundCreate, Body()]
    ) -> Response[RoundRead]:
        """Match all open requests with the mentors who have a free place; a dry run only shows the outcome.

        A small programme's round runs now and answers 201 with its outcome (``done`` or ``failed``).
        Over 200 open requests, or when ``background`` is true, the round is queued for a background
        job and the answer is 202 with the ``pending`` round: ``GET /api/rounds/{id}`` shows it go
        ``running`` then ``done`` with its figures, or ``failed`` with the reason. ``background: false``
        runs it now whatever the size.
        """
        round_ = await RoundService(db_session).start(request.user, program_id, data)
        return Response(round_, status_code=202 if round_.status == "pending" else 201)

    @get("/rounds", operation_id="listMatchingRounds", summary="The programme's rounds", responses=_LIST)
    async def list_rounds(self, request: Req, db_session: DbSession, program_id: UUID) -> list[RoundRead]:
        """Rounds run in the programme, newest first, with their parameters and figures."""
        return await RoundService(db_session).history(request.user, program_id)

    @get(
        "/dashboard", operation_id="getProgramDashboard", summary="The programme's dashboard", responses=_LIST
    )
    async def dashboard(self, request: Req, db_session: DbSession, program_id: UUID) -> DashboardRead:
        """Waiting requests, proposal queue, mentors' loads, pairings' health and the figures over time."""
        return await DashboardService(db_session).build(request.user, program_id)


class RoundController(Controller):
    """One matching round."""

    path = "/api/rounds"
    tags = ["pairings"]
    guards = [requires_coordinator]

    @get(
        "/{round_id:uuid}",
        operation_id="getMatchingRound",
        summary="One round",
        responses=error_responses(401, 403, 404),
    )
    async def get_round(self, request: Req, db_session: DbSession, round_id: UUID) -> RoundRead:
        """A round with its outcome: the pairs found and the unmatched requests with diagnostics."""
        return await RoundService(db_session).get(request.user, round_id)
