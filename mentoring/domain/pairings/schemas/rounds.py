"""Matching rounds: what a coordinator asks for, and what the round found."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from mentoring.domain.pairings.schemas.common import Factor
from mentoring.lib.schema import Input, Output

Weight = Annotated[float, Meta(ge=0, le=100)]
#: How a round trades the number of pairs against their scores (``matching.assign.Mode``).
RoundMode = Literal["max_cardinality", "max_weight"]
#: How far a round has got (``matching`` covers scoring and solving, one call to the engine).
RoundStage = Literal["queued", "loading", "matching", "writing", "finished"]
RoundState = Literal["pending", "running", "done", "failed"]


class RoundWeights(Input, omit_defaults=True):
    """Weights overriding the engine's defaults, one per factor (``matching.FACTORS``); unset ones keep theirs."""

    challenges: Weight | None = None
    support: Weight | None = None
    availability: Weight | None = None
    engagement: Weight | None = None
    mentor_kind: Weight | None = None
    region: Weight | None = None
    recency: Weight | None = None


class PairRef(Input):
    """A mentee and a mentor, by account id."""

    mentee_id: UUID
    mentor_id: UUID


class RoundCreate(Input):
    """Run a matching round over the programme's open requests; a dry run creates nothing."""

    dry_run: bool = False
    weights: RoundWeights = msgspec.field(default_factory=RoundWeights)
    mode: RoundMode | None = None
    background: bool | None = None
    pinned_pairs: Annotated[list[PairRef], Meta(max_length=200)] = []
    forbidden_pairs: Annotated[list[PairRef], Meta(max_length=200)] = []


class RoundPair(Output):
    """A pair the round found (a proposal, unless it was a dry run)."""

    request_id: UUID
    mentee_id: UUID
    mentor_id: UUID
    score: float
    reason: str
    factors: list[Factor]
    proposal_id: UUID | None = None


class RoundUnmatched(Output):
    """A request the round could not match, and why."""

    request_id: UUID
    mentee_id: UUID
    diagnostics: list[str]


class RoundRead(Output):
    """A matching round: who ran it, when, how, with what figures and outcome."""

    id: UUID
    program_id: UUID
    run_by_id: UUID | None
    status: RoundState
    stage: RoundStage
    dry_run: bool
    parameters: dict[str, Any]
    requests_count: int
    mentors_count: int
    proposals_count: int
    total_score: float
    duration_ms: int
    created_at: datetime
    started_at: datetime | None
    progress_at: datetime | None
    finished_at: datetime | None
    error: str
    pairs: list[RoundPair]
    unmatched: list[RoundUnmatched]
    #: Whether the engine certified the pairs optimal (unknown until the round is done).
    optimal: bool | None = None
