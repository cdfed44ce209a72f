"""Add the pairings domain's follow-ups to the outbox registry (see :func:`mentoring.app.build_outbox_registry`)."""

from __future__ import annotations

from mentoring.domain.pairings.jobs import pairings, proposals
from mentoring.domain.pairings.jobs.rounds import round_failed, round_performer
from mentoring.domain.pairings.planning.planners import ROUND_KIND
from mentoring.domain.pairings.services.rounds import StageObserver
from mentoring.outbox.registry import OutboxRegistry

__all__ = ["register"]


def register(registry: OutboxRegistry, *, on_round_stage: StageObserver | None = None) -> None:
    """Register every pairings follow-up kind; ``on_round_stage`` watches background rounds' stages."""
    for kind, performer in {**proposals.PERFORMERS, **pairings.PERFORMERS}.items():
        registry.register(kind, performer)
    registry.register(ROUND_KIND, round_performer(on_round_stage), on_final_failure=round_failed)
