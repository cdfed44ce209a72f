"""Routes of pairings: reading them, terms, agreement, trial, pauses, closure and exit feedback."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from mentoring.domain.pairings.deps import provide_closure, provide_pairings
from mentoring.domain.pairings.guards import requires_coordinator
from mentoring.domain.pairings.schemas.pairings import AgreementSign, FeedbackCreate, PairingEnd, PairingRead
from mentoring.domain.pairings.schemas.proposals import TermsChange
from mentoring.domain.pairings.services.closure import ClosureService
from mentoring.domain.pairings.services.pairings import PairingService
from mentoring.lib.deps import CurrentUser, Page
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination

_BODY = error_responses(400, 401, 403, 404, 409, 413)
_ACTION = error_responses(401, 403, 404, 409)


class PairingController(Controller):
    """A mentorship, from the agreement to the exit feedback."""

    path = "/api/pairings"
    tags = ["pairings"]
    dependencies = {"pairings": provide_pairings, "closure": provide_closure}

    @get("/", operation_id="listMyPairings", summary="My pairings", responses=error_responses(400, 401))
    async def list_my_pairings(
        self, pairings: NamedDependency[PairingService], current_user: CurrentUser, page: Page
    ) -> OffsetPagination[PairingRead]:
        """The caller's pairings as mentee or mentor, newest first, a page at a time."""
        return await pairings.mine(current_user, page)

    @get(
        "/{pairing_id:uuid}",
        operation_id="getPairing",
        summary="One pairing",
        responses=error_responses(401, 404),
    )
    async def get_pairing(
        self, pairings: NamedDependency[PairingService], current_user: CurrentUser, pairing_id: FromPath[UUID]
    ) -> PairingRead:
        """A pairing with its terms, sessions held against them, and the rule on contact after closure."""
        return await pairings.get(current_user, pairing_id)

    @put(
        "/{pairing_id:uuid}/terms",
        operation_id="updatePairingTerms",
        summary="Adjust formal terms before the start",
        guards=[requires_coordinator],
        responses=_BODY,
    )
    async def update_terms(
        self,
        pairings: NamedDependency[PairingService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        data: JSONBody[TermsChange],
    ) -> PairingRead:
        """While the agreement awaits signatures, a coordinator may adjust the formal terms."""
        return await pairings.update_terms(current_user, pairing_id, data.terms)

    @post(
        "/{pairing_id:uuid}/agreement",
        operation_id="signPairingAgreement",
        summary="Accept the confidentiality agreement",
        status_code=200,
        responses=_BODY,
    )
    async def sign_agreement(
        self,
        pairings: NamedDependency[PairingService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        data: JSONBody[AgreementSign],
    ) -> PairingRead:
        """Accept the version of the agreement one read; once both accepted, the trial starts."""
        return await pairings.sign_agreement(current_user, pairing_id, data.text_version)

    @post(
        "/{pairing_id:uuid}/trial/confirm",
        operation_id="confirmPairingTrial",
        summary="Confirm to continue after the trial",
        status_code=200,
        responses=_ACTION,
    )
    async def confirm_trial(
        self, closure: NamedDependency[ClosureService], current_user: CurrentUser, pairing_id: FromPath[UUID]
    ) -> PairingRead:
        """After the trial sessions, each party confirms; once both have, the pairing is active."""
        return await closure.confirm_trial(current_user, pairing_id)

    @post(
        "/{pairing_id:uuid}/trial/leave",
        operation_id="leavePairingTrial",
        summary="Leave during the trial, without fault",
        status_code=200,
        responses=_ACTION,
    )
    async def leave_trial(
        self, closure: NamedDependency[ClosureService], current_user: CurrentUser, pairing_id: FromPath[UUID]
    ) -> PairingRead:
        """Either party leaves the trial: the mentee's request returns to the queue ahead of newer ones."""
        return await closure.leave_trial(current_user, pairing_id)

    @post(
        "/{pairing_id:uuid}/pause",
        operation_id="pausePairing",
        summary="Pause a pairing",
        status_code=200,
        guards=[requires_coordinator],
        responses=_ACTION,
    )
    async def pause(
        self, closure: NamedDependency[ClosureService], current_user: CurrentUser, pairing_id: FromPath[UUID]
    ) -> PairingRead:
        """A coordinator pauses a pairing (the mentor's place stays taken)."""
        return await closure.pause(current_user, pairing_id)

    @post(
        "/{pairing_id:uuid}/resume",
        operation_id="resumePairing",
        summary="Resume a paused pairing",
        status_code=200,
        guards=[requires_coordinator],
        responses=_ACTION,
    )
    async def resume(
        self, closure: NamedDependency[ClosureService], current_user: CurrentUser, pairing_id: FromPath[UUID]
    ) -> PairingRead:
        """A coordinator resumes a paused pairing where it was."""
        return await closure.resume(current_user, pairing_id)

    @post(
        "/{pairing_id:uuid}/end",
        operation_id="endPairing",
        summary="End a pairing early",
        status_code=200,
        responses=_BODY,
    )
    async def end(
        self,
        closure: NamedDependency[ClosureService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        data: JSONBody[PairingEnd],
    ) -> PairingRead:
        """Either party or a coordinator ends the pairing with a reason; the mentor's place is freed."""
        return await closure.end_early(current_user, pairing_id, data.reason)

    @post(
        "/{pairing_id:uuid}/feedback",
        operation_id="giveExitFeedback",
        summary="Give exit feedback on an ended pairing",
        status_code=200,
        responses=_BODY,
    )
    async def give_feedback(
        self,
        closure: NamedDependency[ClosureService],
        current_user: CurrentUser,
        pairing_id: FromPath[UUID],
        data: JSONBody[FeedbackCreate],
    ) -> PairingRead:
        """A rating, what went well, and whether one would recommend it: once per party."""
        return await closure.give_feedback(current_user, pairing_id, data)
