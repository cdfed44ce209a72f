"""HTTP routes of the pairings domain (the controllers live in :mod:`mentoring.domain.pairings.handlers`)."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from mentoring.domain.pairings.handlers.activity import ConcernController, PairingActivityController
from mentoring.domain.pairings.handlers.checkins import CheckInController, PairingCheckInController
from mentoring.domain.pairings.handlers.pairings import PairingController
from mentoring.domain.pairings.handlers.programs import ProgramWorkflowController, RoundController
from mentoring.domain.pairings.handlers.proposals import ProposalController
from mentoring.domain.pairings.handlers.requests import RequestController

ROUTES: list[ControllerRouterHandler] = [
    RequestController,
    ProposalController,
    PairingController,
    PairingActivityController,
    ConcernController,
    ProgramWorkflowController,
    RoundController,
    CheckInController,
    PairingCheckInController,
]
