"""HTTP routes of the pairings domain: one controller module per resource, listed in ``ROUTES``."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from mentoring.domain.pairings.controllers.activity import ConcernController, PairingActivityController
from mentoring.domain.pairings.controllers.pairings import PairingController
from mentoring.domain.pairings.controllers.programs import ProgramWorkflowController, RoundController
from mentoring.domain.pairings.controllers.proposals import ProposalController
from mentoring.domain.pairings.controllers.requests import RequestController

ROUTES: list[ControllerRouterHandler] = [
    RequestController,
    ProposalController,
    PairingController,
    PairingActivityController,
    ConcernController,
    ProgramWorkflowController,
    RoundController,
]
