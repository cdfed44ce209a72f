"""Small types the pairing schemas share."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from mentoring.lib.schema import Output

Note = Annotated[str, Meta(max_length=2000, description="Free text, at most 2000 characters")]
Reason = Annotated[str, Meta(min_length=1, max_length=2000, pattern=r"\S", description="Why")]
DeclineReason = Literal["not_a_good_fit", "no_time", "availability", "language", "personal", "other"]
EndReason = Literal[
    "goals_reached",
    "no_longer_needed",
    "not_a_good_fit",
    "availability",
    "no_contact",
    "concern",
    "moved_on",
    "other",
]
ConcernKind = Literal["safety", "no_show", "conduct", "other"]


class Factor(Output):
    """One factor of a score: its contributions over all factors sum to the score."""

    factor: str
    contribution: float
    weight: float | None = None
    value: float | None = None
    detail: str = ""
