"""Routes of matching rounds: run one over a programme's open requests, follow it, list the past ones."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody

from mentoring.domain.pairings.deps import provide_rounds
from mentoring.domain.pairings.guards import requires_coordinator
from mentoring.domain.pairings.schemas.rounds import RoundCreate, RoundRead
from mentoring.domain.pairings.services.rounds import RoundService
from mentoring.lib.deps import CurrentUser, Page
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination


class ProgramRoundController(Controller):
    """A programme's matching rounds, for its coordinators."""

    path = "/api/programs/{program_id:uuid}/rounds"
    tags = ["pairings"]
    guards = [requires_coordinator]
    dependencies = {"rounds": provide_rounds}

    @post(
        "/",
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
        self,
        rounds: NamedDependency[RoundService],
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        data: JSONBody[RoundCreate],
    ) -> Response[RoundRead]:
        """Match all open requests with the mentors who have a free place; a dry run only shows the outcome.

        A small programme's round runs now and answers 201 with its outcome (``done`` or ``failed``).
        Over 200 open requests, or when ``background`` is true, the round is queued for a background
        job and the answer is 202 with the ``pending`` round: ``GET /api/rounds/{id}`` shows it go
        ``running`` then ``done`` with its figures, or ``failed`` with the reason. ``background: false``
        runs it now whatever the size.
        """
        round_ = await rounds.start(current_user, program_id, data)
        return Response(round_, status_code=202 if round_.status == "pending" else 201)

    @get(
        "/",
        operation_id="listMatchingRounds",
        summary="The programme's rounds",
        responses=error_responses(400, 401, 403, 404),
    )
    async def list_rounds(
        self,
        rounds: NamedDependency[RoundService],
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        page: Page,
    ) -> OffsetPagination[RoundRead]:
        """Rounds run in the programme, newest first, with their parameters and figures, a page at a time."""
        return await rounds.history(current_user, program_id, page)


class RoundController(Controller):
    """One matching round."""

    path = "/api/rounds"
    tags = ["pairings"]
    guards = [requires_coordinator]
    dependencies = {"rounds": provide_rounds}

    @get(
        "/{round_id:uuid}",
        operation_id="getMatchingRound",
        summary="One round",
        responses=error_responses(401, 403, 404),
    )
    async def get_round(
        self, rounds: NamedDependency[RoundService], current_user: CurrentUser, round_id: FromPath[UUID]
    ) -> RoundRead:
        """A round with its outcome: the pairs found and the unmatched requests with diagnostics."""
        return await rounds.get(current_user, round_id)
