"""HTTP routes of the pairings domain: one controller module per resource, listed in ``ROUTES``."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from mentoring.domain.pairings.controllers.activity import PairingActivityController
from mentoring.domain.pairings.controllers.amendments import AmendmentController
from mentoring.domain.pairings.controllers.checkins import CheckInController, PairingCheckInController
from mentoring.domain.pairings.controllers.concerns import ConcernController, PairingConcernController
from mentoring.domain.pairings.controllers.pairings import PairingController
from mentoring.domain.pairings.controllers.programs import ProgramWorkflowController
from mentoring.domain.pairings.controllers.proposals import ProposalController
from mentoring.domain.pairings.controllers.requests import RequestController
from mentoring.domain.pairings.controllers.rounds import ProgramRoundController, RoundController

__all__ = ["ROUTES"]

ROUTES: list[ControllerRouterHandler] = [
    RequestController,
    ProposalController,
    PairingController,
    AmendmentController,
    PairingActivityController,
    PairingConcernController,
    ConcernController,
    ProgramWorkflowController,
    ProgramRoundController,
    RoundController,
    CheckInController,
    PairingCheckInController,
]
