"""Routes of pairings: terms, agreement, trial, pauses, amendments, closure and exit feedback."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get, post, put
from litestar.params import Body

from mentoring.db.models import UserAccount
from mentoring.domain.accounts.guards import requires_coordinator
from mentoring.domain.pairings.schemas.pairings import (
    AgreementSign,
    AmendmentChanges,
    AmendmentRead,
    FeedbackCreate,
    PairingEnd,
    PairingRead,
)
from mentoring.domain.pairings.schemas.proposals import TermsChange
from mentoring.domain.pairings.services.amendments import AmendmentService
from mentoring.domain.pairings.services.closure import ClosureService
from mentoring.domain.pairings.services.pairings import PairingService
from mentoring.lib.deps import DbSession
from mentoring.lib.errors import error_responses

_BODY = error_responses(400, 401, 403, 404, 409, 413)
_ACTION = error_responses(401, 403, 404, 409)
Req = Request[UserAccount, Any, Any]


class PairingController(Controller):
    """A mentorship, from the agreement to the exit feedback."""

    path = "/api/pairings"
    tags = ["pairings"]

    @get("/", operation_id="listMyPairings", summary="My pairings", responses=error_responses(401))
    async def list_my_pairings(self, request: Req, db_session: DbSession) -> list[PairingRead]:
        """The caller's pairings as mentee or mentor, newest first."""
        return await PairingService(db_session).mine(request.user)

    @get(
        "/{pairing_id:uuid}",
        operation_id="getPairing",
        summary="One pairing",
        responses=error_responses(401, 404),
    )
    async def get_pairing(self, request: Req, db_session: DbSession, pairing_id: UUID) -> PairingRead:
        """A pairing with its terms, sessions held against them, and the rule on contact after closure."""
        return await PairingService(db_session).get(request.user, pairing_id)

    @put(
        "/{pairing_id:uuid}/terms",
        operation_id="updatePairingTerms",
        summary="Adjust formal terms before the start",
        guards=[requires_coordinator],
        responses=_BODY,
    )
    async def update_terms(
        self, request: Req, db_session: DbSession, pairing_id: UUID, data: Annotated[TermsChange, Body()]
    ) -> PairingRead:
        """While the agreement awaits signatures, a coordinator may adjust the formal terms."""
        return await PairingService(db_session).update_terms(request.user, pairing_id, data.terms)

    @post(
        "/{pairing_id:uuid}/agreement",
        operation_id="signPairingAgreement",
        summary="Accept the confidentiality agreement",
        status_code=200,
        responses=_BODY,
    )
    async def sign_agreement(
        self, request: Req, db_session: DbSession, pairing_id: UUID, data: Annotated[AgreementSign, Body()]
    ) -> PairingRead:
        """Accept the version of the agreement one read; once both accepted, the trial starts."""
        return await PairingService(db_session).sign_agreement(request.user, pairing_id, data.text_version)

    @post(
        "/{pairing_id:uuid}/trial/confirm",
        operation_id="confirmPairingTrial",
        summary="Confirm to continue after the trial",
        status_code=200,
        responses=_ACTION,
    )
    async def confirm_trial(self, request: Req, db_session: DbSession, pairing_id: UUID) -> PairingRead:
        """After the trial sessions, each party confirms; once both have, the pairing is active."""
        return await ClosureService(db_session).confirm_trial(request.user, pairing_id)

    @post(
        "/{pairing_id:uuid}/trial/leave",
        operation_id="leavePairingTrial",
        summary="Leave during the trial, without fault",
        status_code=200,
        responses=_ACTION,
    )
    async def leave_trial(self, request: Req, db_session: DbSession, pairing_id: UUID) -> PairingRead:
        """Either party leaves the trial: the mentee's request returns to the queue ahead of newer ones."""
        return await ClosureService(db_session).leave_trial(request.user, pairing_id)

    @post(
        "/{pairing_id:uuid}/pause",
        operation_id="pausePairing",
        summary="Pause a pairing",
        status_code=200,
        guards=[requires_coordinator],
        responses=_ACTION,
    )
    async def pause(self, request: Req, db_session: DbSession, pairing_id: UUID) -> PairingRead:
        """A coordinator pauses a pairing (the mentor's place stays taken)."""
        return await ClosureService(db_session).pause(request.user, pairing_id)

    @post(
        "/{pairing_id:uuid}/resume",
        operation_id="resumePairing",
        summary="Resume a paused pairing",
        status_code=200,
        guards=[requires_coordinator],
        responses=_ACTION,
    )
    async def resume(self, request: Req, db_session: DbSession, pairing_id: UUID) -> PairingRead:
        """A coordinator resumes a paused pairing where it was."""
        return await ClosureService(db_session).resume(request.user, pairing_id)

    @post(
        "/{pairing_id:uuid}/end",
        operation_id="endPairing",
        summary="End a pairing early",
        status_code=200,
        responses=_BODY,
    )
    async def end(
        self, request: Req, db_session: DbSession, pairing_id: UUID, data: Annotated[PairingEnd, Body()]
    ) -> PairingRead:
        """Either party or a coordinator ends the pairing with a reason; the mentor's place is freed."""
        return await ClosureService(db_session).end_early(request.user, pairing_id, data.reason)

    @post(
        "/{pairing_id:uuid}/feedback",
        operation_id="giveExitFeedback",
        summary="Give exit feedback on an ended pairing",
        status_code=200,
        responses=_BODY,
    )
    async def give_feedback(
        self, request: Req, db_session: DbSession, pairing_id: UUID, data: Annotated[FeedbackCreate, Body()]
    ) -> PairingRead:
        """A rating, what went well, and whether one would recommend it: once per party."""
        return await ClosureService(db_session).give_feedback(request.user, pairing_id, data)

    @post(
        "/{pairing_id:uuid}/amendments",
        operation_id="proposeAmendment",
        summary="Propose an amendment of the terms",
        responses=_BODY,
    )
    async def propose_amendment(
        self, request: Req, db_session: DbSession, pairing_id: UUID, data: Annotated[AmendmentChanges, Body()]
    ) -> AmendmentRead:
        """Extend, change the frequency or the number of sessions: applies once the other party accepts."""
        return await AmendmentService(db_session).propose_amendment(request.user, pairing_id, data)

    @post(
        "/{pairing_id:uuid}/amendments/{amendment_id:uuid}/accept",
        operation_id="acceptAmendment",
        summary="Accept the other party's amendment",
        status_code=200,
        responses=_ACTION,
    )
    async def accept_amendment(
        self, request: Req, db_session: DbSession, pairing_id: UUID, amendment_id: UUID
    ) -> AmendmentRead:
        """The terms change now."""
        return await AmendmentService(db_session).accept_amendment(request.user, pairing_id, amendment_id)

    @post(
        "/{pairing_id:uuid}/amendments/{amendment_id:uuid}/decline",
        operation_id="declineAmendment",
        summary="Decline the other party's amendment",
        status_code=200,
        responses=_ACTION,
    )
    async def decline_amendment(
        self, request: Req, db_session: DbSession, pairing_id: UUID, amendment_id: UUID
    ) -> AmendmentRead:
        """The terms stay as they are."""
        return await AmendmentService(db_session).decline_amendment(request.user, pairing_id, amendment_id)
