"""Routes of what happens during a mentorship: the meetings its parties log."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from mentoring.domain.pairings.deps import provide_sessions
from mentoring.domain.pairings.schemas.activity import SessionCreate, SessionRead
from mentoring.domain.pairings.services.sessions import SessionService
from mentoring.lib.deps import CurrentUser, Page
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination


class PairingActivityController(Controller):
    """Meetings of one pairing."""

    path = "/api/pairings/{pairing_id:uuid}/sessions"
    tags = ["pairings"]
    dependencies = {"sessions": provide_sessions}

    @post(
        "/",
        operation_id="logPairingSession",
        summary="Log a meeting",
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def log_session(
        self,
        sessions: NamedDependency[SessionService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        data: JSONBody[SessionCreate],
    ) -> SessionRead:
        """Either party logs a meeting held (date, duration, format, a private note for themselves)."""
        return await sessions.log(current_user, pairing_id, data)

    @get(
        "/",
        operation_id="listPairingSessions",
        summary="The meetings held",
        responses=error_responses(400, 401, 404),
    )
    async def list_sessions(
        self,
        sessions: NamedDependency[SessionService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        page: Page,
    ) -> OffsetPagination[SessionRead]:
        """The pairing's meetings, oldest first, a page at a time; each private note only for its author."""
        return await sessions.for_pairing(current_user, pairing_id, page)
