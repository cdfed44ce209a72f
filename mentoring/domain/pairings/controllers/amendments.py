"""Routes of amendments: one party proposes a change of formal terms, the other accepts or declines it."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from mentoring.domain.pairings.deps import provide_amendments
from mentoring.domain.pairings.schemas.pairings import AmendmentChanges, AmendmentRead
from mentoring.domain.pairings.services.amendments import AmendmentService
from mentoring.lib.deps import CurrentUser
from mentoring.lib.errors import error_responses

_ACTION = error_responses(401, 403, 404, 409)


class AmendmentController(Controller):
    """Amendments of a pairing's terms (the pending one shows in the pairing itself)."""

    path = "/api/pairings/{pairing_id:uuid}/amendments"
    tags = ["pairings"]
    dependencies = {"amendments": provide_amendments}

    @post(
        "/",
        operation_id="proposeAmendment",
        summary="Propose an amendment of the terms",
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def propose_amendment(
        self,
        amendments: NamedDependency[AmendmentService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        data: JSONBody[AmendmentChanges],
    ) -> AmendmentRead:
        """Extend, change the frequency or the number of sessions: applies once the other party accepts."""
        return await amendments.propose_amendment(current_user, pairing_id, data)

    @post(
        "/{amendment_id:uuid}/accept",
        operation_id="acceptAmendment",
        summary="Accept the other party's amendment",
        status_code=200,
        responses=_ACTION,
    )
    async def accept_amendment(
        self,
        amendments: NamedDependency[AmendmentService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        amendment_id: FromPath[UUID],
    ) -> AmendmentRead:
        """The terms change now."""
        return await amendments.accept_amendment(current_user, pairing_id, amendment_id)

    @post(
        "/{amendment_id:uuid}/decline",
        operation_id="declineAmendment",
        summary="Decline the other party's amendment",
        status_code=200,
        responses=_ACTION,
    )
    async def decline_amendment(
        self,
        amendments: NamedDependency[AmendmentService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        amendment_id: FromPath[UUID],
    ) -> AmendmentRead:
        """The terms stay as they are."""
        return await amendments.decline_amendment(current_user, pairing_id, amendment_id)
