"""Proposal pages: the proposals offered to the reader, one proposal with its reasons, accept, decline."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from mentoring.domain.pairings.deps import provide_proposals
from mentoring.domain.pairings.pages.present import DECLINE_REASONS, FORMATS, FREQUENCIES, STATES
from mentoring.domain.pairings.pages.views import proposal_view
from mentoring.domain.pairings.services.proposals import ProposalService
from mentoring.domain.programs.schemas import FormalTerms
from mentoring.lib.deps import DbSession
from mentoring.lib.errors import ConflictError
from mentoring.lib.pagination import LimitOffset
from mentoring.web.context import Web
from mentoring.web.forms import FormData, FormErrors, field_text
from mentoring.web.i18n import N_

__all__ = ["ProposalPages"]

LABELS: dict[str, Any] = {
    "formats": FORMATS,
    "frequencies": FREQUENCIES,
    "states": STATES,
    "decline_reasons": DECLINE_REASONS,
}


class ProposalPages(Controller):
    """The proposals a mentee or a mentor is asked to answer."""

    path = "/proposals"
    dependencies = {"proposals": provide_proposals}

    @get("/", name="proposals")
    async def index(self, web: Web, proposals: NamedDependency[ProposalService]) -> Template:
        """Proposals offered to the reader, newest first."""
        assert web.user is not None
        page = await proposals.mine(web.user, LimitOffset(limit=50, offset=0))
        return web.render("pairings/proposals.html", proposals=page.items, **LABELS)

    async def _page(
        self, web: Web, db_session: DbSession, proposal_id: UUID, errors: FormErrors, status_code: int = 200
    ) -> Template:
        assert web.user is not None
        proposal, match = await proposal_view(db_session, web.user, proposal_id, web.language)
        role = "mentee" if web.user.id == proposal.mentee_id else "mentor"
        return web.render(
            "pairings/proposal.html",
            status_code=status_code,
            proposal=proposal,
            match=match,
            role=role,
            formal=isinstance(proposal.terms, FormalTerms),
            errors=errors,
            form={"reason": "", "note": ""},
            **LABELS,
        )

    @get("/{proposal_id:uuid}", name="proposal")
    async def show(self, web: Web, db_session: DbSession, proposal_id: FromPath[UUID]) -> Template:
        """One proposal: who, why, the terms, the deadline, and the two answers (404 for anyone else)."""
        return await self._page(web, db_session, proposal_id, FormErrors())

    @post("/{proposal_id:uuid}/accept", name="proposal_accept")
    async def accept(
        self,
        web: Web,
        proposals: NamedDependency[ProposalService],
        db_session: DbSession,
        proposal_id: FromPath[UUID],
    ) -> Template | Redirect:
        """Accept; the second acceptance starts the mentorship (then its page opens)."""
        assert web.user is not None
        try:
            read = await proposals.accept(web.user, proposal_id)
        except ConflictError:
            errors = FormErrors()
            errors.add("answer", N_("This proposal can no longer be accepted"))
            return await self._page(web, db_session, proposal_id, errors, status_code=409)
        if read.pairing_id is not None:
            return web.redirect(f"/mentorships/{read.pairing_id}?started=true")
        return web.redirect(f"/proposals/{proposal_id}?accepted=true")

    @post("/{proposal_id:uuid}/decline", name="proposal_decline")
    async def decline(
        self,
        web: Web,
        proposals: NamedDependency[ProposalService],
        db_session: DbSession,
        proposal_id: FromPath[UUID],
        data: FormData,
    ) -> Template | Redirect:
        """Decline with a reason from the list (and a note for the coordinators)."""
        assert web.user is not None
        reason, note = field_text(data, "reason"), field_text(data, "note").strip()
        errors = FormErrors()
        if reason not in DECLINE_REASONS:
            errors.add("reason", N_("Choose why you decline"))
        if len(note) > 2000:
            errors.add("note", N_("Your note must be 2,000 characters or fewer"))
        if not errors:
            try:
                await proposals.decline(web.user, proposal_id, reason, note)
            except ConflictError:
                errors.add("reason", N_("This proposal can no longer be declined"))
            else:
                return web.redirect(f"/proposals/{proposal_id}?declined=true")
        page = await self._page(web, db_session, proposal_id, errors, status_code=400)
        page.context["form"] = {"reason": reason, "note": note}
        return page
