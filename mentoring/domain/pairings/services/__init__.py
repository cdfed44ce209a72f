"""Pairing workflow services; the functions the follow-up jobs call are re-exported here."""

from mentoring.domain.pairings.services.closure import complete_pairing
from mentoring.domain.pairings.services.proposals import expire_proposal
from mentoring.domain.pairings.services.rounds import run_round

__all__ = ["complete_pairing", "expire_proposal", "run_round"]
