"""Routes of what happens during a mentorship: meetings logged, concerns raised and handled."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import Body

from mentoring.db.models import UserAccount
from mentoring.domain.accounts.guards import requires_coordinator
from mentoring.domain.pairings.schemas.activity import (
    ConcernCreate,
    ConcernRead,
    ConcernResolve,
    SessionCreate,
    SessionRead,
)
from mentoring.domain.pairings.services.concerns import ConcernService
from mentoring.domain.pairings.services.sessions import SessionService
from mentoring.lib.deps import DbSession
from mentoring.lib.errors import error_responses

Req = Request[UserAccount, Any, Any]


class PairingActivityController(Controller):
    """Meetings and concerns of one pairing."""

    path = "/api/pairings/{pairing_id:uuid}"
    tags = ["pairings"]

    @post(
        "/sessions",
        operation_id="logPairingSession",
        summary="Log a meeting",
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def log_session(
        self, request: Req, db_session: DbSession, pairing_id: UUID, data: Annotated[SessionCreate, Body()]
    ) -> SessionRead:
        """Either party logs a meeting held (date, duration, format, a private note for themselves)."""
        return await SessionService(db_session).log(request.user, pairing_id, data)

    @get(
        "/sessions",
        operation_id="listPairingSessions",
        summary="The meetings held",
        responses=error_responses(401, 404),
    )
    async def list_sessions(self, request: Req, db_session: DbSession, pairing_id: UUID) -> list[SessionRead]:
        """The pairing's meetings; each private note only for its author."""
        return await SessionService(db_session).list(request.user, pairing_id)

    @post(
        "/concerns",
        operation_id="raiseConcern",
        summary="Raise a concern",
        responses=error_responses(400, 401, 403, 404, 413),
    )
    async def raise_concern(
        self, request: Req, db_session: DbSession, pairing_id: UUID, data: Annotated[ConcernCreate, Body()]
    ) -> ConcernRead:
        """Either party raises a concern at any time; the programme's coordinators are told at once."""
        return await ConcernService(db_session).raise_concern(request.user, pairing_id, data)

    @get(
        "/concerns",
        operation_id="listPairingConcerns",
        summary="Concerns about a pairing",
        responses=error_responses(401, 404),
    )
    async def list_concerns(self, request: Req, db_session: DbSession, pairing_id: UUID) -> list[ConcernRead]:
        """All concerns for the programme's coordinators; a party sees those they raised."""
        return await ConcernService(db_session).for_pairing(request.user, pairing_id)


class ConcernController(Controller):
    """Coordinators handle concerns."""

    path = "/api/concerns"
    tags = ["pairings"]
    guards = [requires_coordinator]

    @post(
        "/{concern_id:uuid}/resolve",
        operation_id="resolveConcern",
        summary="Handle a concern",
        status_code=200,
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def resolve(
        self, request: Req, db_session: DbSession, concern_id: UUID, data: Annotated[ConcernResolve, Body()]
    ) -> ConcernRead:
        """Resolve a concern with no action, by pausing the pairing, or by ending it."""
        return await ConcernService(db_session).resolve(request.user, concern_id, data)
