"""Export my data, see who read my challenges; programme access events.

Erasing one's account is ``DELETE /api/me``, owned by the accounts domain, which receives the
privacy service as its ``account_eraser`` (see :func:`mentoring.app.create_app`).
"""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.types import ControllerRouterHandler

from mentoring.domain.accounts.guards import requires_coordinator
from mentoring.domain.privacy.schemas import AccessLogEntry, DataExport, ProgramAccessEvent
from mentoring.domain.privacy.services import PrivacyService
from mentoring.lib.deps import CurrentUser, Page
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination


class MyDataController(Controller):
    """The caller's own data: export and access log."""

    path = "/api/me"
    tags = ["privacy"]

    @get(
        "/export",
        operation_id="exportMyData",
        summary="Export everything held about me",
        responses=error_responses(401),
    )
    async def export_my_data(
        self, privacy: NamedDependency[PrivacyService], current_user: CurrentUser
    ) -> DataExport:
        """Every section of the caller's data (account, profiles, programmes, events, pairings…) as JSON."""
        return await privacy.export(current_user)

    @get(
        "/access-log",
        operation_id="getMyAccessLog",
        summary="Who read my challenges, and when",
        responses=error_responses(400, 401),
    )
    async def get_my_access_log(
        self, privacy: NamedDependency[PrivacyService], current_user: CurrentUser, page: Page
    ) -> OffsetPagination[AccessLogEntry]:
        """Reads of the caller's sensitive fields, newest first: by whom (name and role), where, when."""
        return await privacy.access_log(current_user, page)


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
        privacy: NamedDependency[PrivacyService],
        current_user: CurrentUser,
        program_id: FromPath[UUID],
        page: Page,
    ) -> OffsetPagination[ProgramAccessEvent]:
        """Reads of members' sensitive fields within the programme, newest first (its coordinators only)."""
        return await privacy.program_access_events(current_user, program_id, page)


ROUTES: list[ControllerRouterHandler] = [MyDataController, ProgramAccessController]
