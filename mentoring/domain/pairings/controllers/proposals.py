"""Routes of proposals: the coordinator's review and both people's answers."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from mentoring.domain.pairings.deps import provide_proposals
from mentoring.domain.pairings.guards import requires_coordinator
from mentoring.domain.pairings.schemas.proposals import (
    ProposalApprove,
    ProposalCancel,
    ProposalDecline,
    ProposalRead,
    ProposalReject,
    TermsChange,
)
from mentoring.domain.pairings.services.proposals import ProposalService
from mentoring.lib.deps import CurrentUser, Page
from mentoring.lib.errors import error_responses
from mentoring.lib.pagination import OffsetPagination

_REVIEW = error_responses(400, 401, 403, 404, 409, 413)
_ANSWER = error_responses(401, 403, 404, 409)


class ProposalController(Controller):
    """Proposals: review (coordinators) and consent (mentee and mentor)."""

    path = "/api/proposals"
    tags = ["pairings"]
    dependencies = {"proposals": provide_proposals}

    @get(
        "/",
        operation_id="listMyProposals",
        summary="Proposals offered to me",
        responses=error_responses(400, 401),
    )
    async def list_my_proposals(
        self, proposals: NamedDependency[ProposalService], current_user: CurrentUser, page: Page
    ) -> OffsetPagination[ProposalRead]:
        """Proposals offered to the caller as mentee or mentor, newest first, a page at a time."""
        return await proposals.mine(current_user, page)

    @get(
        "/{proposal_id:uuid}",
        operation_id="getProposal",
        summary="One proposal",
        responses=error_responses(401, 404),
    )
    async def get_proposal(
        self,
        proposals: NamedDependency[ProposalService],
        current_user: CurrentUser,
        proposal_id: FromPath[UUID],
    ) -> ProposalRead:
        """A proposal: for the programme's coordinators, and for both people once it is offered."""
        return await proposals.get(current_user, proposal_id)

    @put(
        "/{proposal_id:uuid}/terms",
        operation_id="updateProposalTerms",
        summary="Adjust the engagement terms of a proposal in review",
        guards=[requires_coordinator],
        responses=_REVIEW,
    )
    async def update_terms(
        self,
        proposals: NamedDependency[ProposalService],
        current_user: CurrentUser,
        proposal_id: FromPath[UUID],
        data: JSONBody[TermsChange],
    ) -> ProposalRead:
        """Terms are copied from the programme's defaults; a coordinator may adjust them before approving."""
        return await proposals.update_terms(current_user, proposal_id, data.terms)

    @post(
        "/{proposal_id:uuid}/approve",
        operation_id="approveProposal",
        summary="Approve a proposal and offer it to both",
        status_code=200,
        guards=[requires_coordinator],
        responses=_REVIEW,
    )
    async def approve(
        self,
        proposals: NamedDependency[ProposalService],
        current_user: CurrentUser,
        proposal_id: FromPath[UUID],
        data: JSONBody[ProposalApprove],
    ) -> ProposalRead:
        """Offer the proposal to the mentor and the mentee, who must answer before the deadline."""
        return await proposals.approve(current_user, proposal_id, data.deadline_days)

    @post(
        "/{proposal_id:uuid}/reject",
        operation_id="rejectProposal",
        summary="Reject a proposal in review",
        status_code=200,
        guards=[requires_coordinator],
        responses=_REVIEW,
    )
    async def reject(
        self,
        proposals: NamedDependency[ProposalService],
        current_user: CurrentUser,
        proposal_id: FromPath[UUID],
        data: JSONBody[ProposalReject],
    ) -> ProposalRead:
        """Reject with a reason: the request returns to the queue and the pair is not proposed again."""
        return await proposals.reject(current_user, proposal_id, data.reason)

    @post(
        "/{proposal_id:uuid}/cancel",
        operation_id="cancelProposal",
        summary="Withdraw a proposal in review or offered",
        status_code=200,
        guards=[requires_coordinator],
        responses=_REVIEW,
    )
    async def cancel(
        self,
        proposals: NamedDependency[ProposalService],
        current_user: CurrentUser,
        proposal_id: FromPath[UUID],
        data: JSONBody[ProposalCancel],
    ) -> ProposalRead:
        """Withdraw a proposal (the mentor became full, the situation changed): the request returns to the queue."""
        return await proposals.cancel(current_user, proposal_id, data.reason)

    @post(
        "/{proposal_id:uuid}/accept",
        operation_id="acceptProposal",
        summary="Accept an offered proposal",
        status_code=200,
        responses=_ANSWER,
    )
    async def accept(
        self,
        proposals: NamedDependency[ProposalService],
        current_user: CurrentUser,
        proposal_id: FromPath[UUID],
    ) -> ProposalRead:
        """The mentee or the mentor accepts; when both have, the pairing starts (409 if the mentor is full)."""
        return await proposals.accept(current_user, proposal_id)

    @post(
        "/{proposal_id:uuid}/decline",
        operation_id="declineProposal",
        summary="Decline an offered proposal",
        status_code=200,
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def decline(
        self,
        proposals: NamedDependency[ProposalService],
        current_user: CurrentUser,
        proposal_id: FromPath[UUID],
        data: JSONBody[ProposalDecline],
    ) -> ProposalRead:
        """Decline with a reason from the list: the request returns to the queue, the pair is not proposed again."""
        return await proposals.decline(current_user, proposal_id, data.reason, data.note)
