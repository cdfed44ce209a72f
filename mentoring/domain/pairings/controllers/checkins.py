"""Routes of check-ins: those put to the caller and their answers; a pairing's check-ins and health."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from mentoring.domain.accounts.guards import requires_coordinator
from mentoring.domain.pairings.schemas.checkins import CheckInAnswer, CheckInRead, PairingCheckInPage
from mentoring.domain.pairings.services.checkins import CheckInService
from mentoring.lib.deps import CurrentUser, Page, provide_service
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination

__all__ = ["CheckInController", "PairingCheckInController"]


class CheckInController(Controller):
    """Check-ins put to the caller, and their answers."""

    path = "/api/check-ins"
    tags = ["pairings"]
    dependencies = {"check_ins": provide_service(CheckInService)}

    @get("/", operation_id="listMyCheckIns", summary="My check-ins", responses=error_responses(400, 401))
    async def list_mine(
        self,
        check_ins: NamedDependency[CheckInService],
        current_user: CurrentUser,
        page: Page,
        open_only: Annotated[
            bool, QueryParameter(description="Only the check-ins not answered yet (the default)")
        ] = True,
    ) -> OffsetPagination[CheckInRead]:
        """Check-ins put to the caller, newest first (by default only those not answered yet)."""
        return await check_ins.mine(current_user, page, open_only=open_only)

    @post(
        "/{check_in_id:uuid}/answer",
        operation_id="answerCheckIn",
        summary="Answer a check-in",
        status_code=200,
        responses=error_responses(400, 401, 404, 409, 413),
    )
    async def answer(
        self,
        check_ins: NamedDependency[CheckInService],
        current_user: CurrentUser,
        check_in_id: FromPath[UUID],
        data: JSONBody[CheckInAnswer],
    ) -> CheckInRead:
        """Answer a check-in put to the caller: a low rating or a worry alerts the coordinators."""
        return await check_ins.answer(current_user, check_in_id, data)


class PairingCheckInController(Controller):
    """A pairing's check-ins and health, for the programme's coordinators."""

    path = "/api/pairings/{pairing_id:uuid}/check-ins"
    tags = ["pairings"]
    guards = [requires_coordinator]
    dependencies = {"check_ins": provide_service(CheckInService)}

    @get(
        "/",
        operation_id="listPairingCheckIns",
        summary="A pairing's check-ins and health",
        responses=error_responses(400, 401, 403, 404),
    )
    async def list_for_pairing(
        self,
        check_ins: NamedDependency[CheckInService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        page: Page,
    ) -> PairingCheckInPage:
        """The pairing's health and check-ins, newest first (coordinators of its programme only)."""
        return await check_ins.for_pairing(current_user, pairing_id, page)
