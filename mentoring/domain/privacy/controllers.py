"""Export my data, erase my account, see who read my challenges; programme access events."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, delete, get
from litestar.params import Body, Parameter
from litestar.types import ControllerRouterHandler

from mentoring.db.models import UserAccount
from mentoring.domain.accounts.guards import requires_coordinator
from mentoring.domain.privacy.schemas import (
    AccessLogPage,
    DataExport,
    ErasureConfirmation,
    ProgramAccessEventPage,
)
from mentoring.domain.privacy.services import PrivacyService
from mentoring.lib.deps import DbSession
from mentoring.lib.errors import error_responses

Limit = Annotated[int, Parameter(ge=1, le=200, description="Page size (1–200)")]
Offset = Annotated[int, Parameter(ge=0, le=1_000_000, description="Items to skip")]


class MyDataController(Controller):
    """The caller's own data: export and access log (erasure is :func:`erase_my_account`)."""

    path = "/api/me"
    tags = ["privacy"]

    @get(
        "/export",
        operation_id="exportMyData",
        summary="Export everything held about me",
        responses=error_responses(401),
    )
    async def export_my_data(
        self, request: Request[UserAccount, Any, Any], db_session: DbSession
    ) -> DataExport:
        """Every section of the caller's data (account, profiles, programmes, events, pairings…) as JSON."""
        return await PrivacyService(db_session).export(request.user)

    @get(
        "/access-log",
        operation_id="getMyAccessLog",
        summary="Who read my challenges, and when",
        responses=error_responses(400, 401),
    )
    async def get_my_access_log(
        self,
        request: Request[UserAccount, Any, Any],
        db_session: DbSession,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> AccessLogPage:
        """Reads of the caller's sensitive fields, newest first: by whom (name and role), where, when."""
        return await PrivacyService(db_session).access_log(request.user, limit=limit, offset=offset)


# A plain handler, not a method of MyDataController: Litestar cannot merge two controllers' routes
# on the same path (each brings its own OPTIONS handler), and GET /api/me is the accounts domain's.
@delete(
    "/api/me",
    operation_id="eraseMyAccount",
    summary="Erase my account and personal data",
    tags=["privacy"],
    responses=error_responses(400, 401, 403, 409, 413),
)
async def erase_my_account(
    request: Request[UserAccount, Any, Any],
    db_session: DbSession,
    data: Annotated[ErasureConfirmation, Body()],
) -> None:
    """Erase the caller's personal data at once (aggregates stay); needs the current password.

    The last coordinator of a programme is refused (409) until someone else coordinates it.
    """
    await PrivacyService(db_session).erase(request.user, data.password)


class ProgramAccessController(Controller):
    """A programme's access events, for its coordinators."""

    path = "/api/programs/{program_id:uuid}/access-events"
    tags = ["privacy"]
    guards = [requires_coordinator]

    @get(
        "/",
        operation_id="listProgramAccessEvents",
        summary="Who read which member's challenges in a programme",
        responses=error_responses(400, 401, 403, 404),
    )
    async def list_program_access_events(
        self,
        request: Request[UserAccount, Any, Any],
        db_session: DbSession,
        program_id: UUID,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> ProgramAccessEventPage:
        """Reads of members' sensitive fields within the programme, newest first (its coordinators only)."""
        return await PrivacyService(db_session).program_access_events(
            request.user, program_id, limit=limit, offset=offset
        )


ROUTES: list[ControllerRouterHandler] = [MyDataController, erase_my_account, ProgramAccessController]
