"""Routes of concerns: raised by either party about their pairing, handled by the programme's coordinators."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from mentoring.domain.pairings.deps import provide_concerns
from mentoring.domain.pairings.guards import requires_coordinator
from mentoring.domain.pairings.schemas.activity import ConcernCreate, ConcernRead, ConcernResolve
from mentoring.domain.pairings.services.concerns import ConcernService
from mentoring.lib.deps import CurrentUser, Page
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination


class PairingConcernController(Controller):
    """Concerns about one pairing."""

    path = "/api/pairings/{pairing_id:uuid}/concerns"
    tags = ["pairings"]
    dependencies = {"concerns": provide_concerns}

    @post(
        "/",
        operation_id="raiseConcern",
        summary="Raise a concern",
        responses=error_responses(400, 401, 403, 404, 413),
    )
    async def raise_concern(
        self,
        concerns: NamedDependency[ConcernService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        data: JSONBody[ConcernCreate],
    ) -> ConcernRead:
        """Either party raises a concern at any time; the programme's coordinators are told at once."""
        return await concerns.raise_concern(current_user, pairing_id, data)

    @get(
        "/",
        operation_id="listPairingConcerns",
        summary="Concerns about a pairing",
        responses=error_responses(400, 401, 404),
    )
    async def list_concerns(
        self,
        concerns: NamedDependency[ConcernService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        page: Page,
    ) -> OffsetPagination[ConcernRead]:
        """All concerns for the programme's coordinators, a party those they raised; oldest first."""
        return await concerns.for_pairing(current_user, pairing_id, page)


class ConcernController(Controller):
    """Coordinators handle concerns."""

    path = "/api/concerns"
    tags = ["pairings"]
    guards = [requires_coordinator]
    dependencies = {"concerns": provide_concerns}

    @post(
        "/{concern_id:uuid}/resolve",
        operation_id="resolveConcern",
        summary="Handle a concern",
        status_code=200,
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def resolve(
        self,
        concerns: NamedDependency[ConcernService],
        current_user: CurrentUser,
        concern_id: FromPath[UUID],
        data: JSONBody[ConcernResolve],
    ) -> ConcernRead:
        """Resolve a concern with no action, by pausing the pairing, or by ending it."""
        return await concerns.resolve(current_user, concern_id, data)
