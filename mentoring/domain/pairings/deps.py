"""Providers of the pairings domain's services, for the controllers' ``dependencies``.

Each builds its service once per request on the request's database session (committed at the
edge, never by the service)::

    class ProposalController(Controller):
        dependencies = {"proposals": provide_proposals}
"""

from __future__ import annotations

from mentoring.domain.pairings.services.amendments import AmendmentService
from mentoring.domain.pairings.services.closure import ClosureService
from mentoring.domain.pairings.services.concerns import ConcernService
from mentoring.domain.pairings.services.dashboard import DashboardService
from mentoring.domain.pairings.services.pairings import PairingService
from mentoring.domain.pairings.services.proposals import ProposalService
from mentoring.domain.pairings.services.requests import RequestService
from mentoring.domain.pairings.services.rounds import RoundService
from mentoring.domain.pairings.services.sessions import SessionService
from mentoring.lib.deps import provide_service

__all__ = [
    "provide_amendments",
    "provide_closure",
    "provide_concerns",
    "provide_dashboard",
    "provide_pairings",
    "provide_proposals",
    "provide_requests",
    "provide_rounds",
    "provide_sessions",
]

provide_requests = provide_service(RequestService)
provide_rounds = provide_service(RoundService)
provide_proposals = provide_service(ProposalService)
provide_pairings = provide_service(PairingService)
provide_closure = provide_service(ClosureService)
provide_amendments = provide_service(AmendmentService)
provide_sessions = provide_service(SessionService)
provide_concerns = provide_service(ConcernService)
provide_dashboard = provide_service(DashboardService)
