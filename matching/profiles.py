"""Profiles, policy and results exchanged with :func:`matching.propose`.

Vocabulary (the web app maps its database rows onto these Structs):

* ids are strings;
* challenges are taxonomy slugs; the hierarchy is the ``/`` prefix
  (``"addiction/alcohol"`` is a child of ``"addiction"``);
* support: ``"emotional"``, ``"practical"``;
* formats: ``"in_person"``, ``"video"``, ``"phone"``, ``"chat"``;
* languages: ISO 639-1 codes (``"en"``, ``"fr"`` …);
* availability: weekly slots in one common reference timezone (UTC),
  ``weekday`` 0 (Monday) … 6, minutes of that day ``[start_minute,
  end_minute)``;
* factor names (for :attr:`Policy.weights` and mentee ``priorities``):
  ``challenges``, ``support``, ``availability``, ``engagement``,
  ``mentor_kind``, ``region``, ``recency``.

Examples
--------
>>> MenteeProfile(id="ann", languages=["fr"], formats=["video"]).session_minutes
60
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

__all__ = [
    "FACTORS",
    "REASON_CODES",
    "Candidate",
    "FactorContribution",
    "MenteeProfile",
    "MentorChallenge",
    "MentorProfile",
    "Policy",
    "Proposal",
    "ProposalResult",
    "TimeSlot",
    "Unmatched",
]

FACTORS = ("challenges", "support", "availability", "engagement", "mentor_kind", "region", "recency")
REASON_CODES = (
    "no_common_language",
    "no_common_format",
    "different_region_in_person",
    "wants_professional",
    "mentor_paused",
    "mentor_full",
    "forbidden",
    "below_min_score",
)

Format = Literal["in_person", "video", "phone", "chat"]
Support = Literal["emotional", "practical"]
Engagement = Literal["formal", "informal", "either"]
Minute = Annotated[int, Meta(ge=0, le=1440)]
NonNegInt = Annotated[int, Meta(ge=0)]


class TimeSlot(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A weekly availability window, UTC: ``weekday`` 0–6, minutes ``[start_minute, end_minute)``."""

    weekday: Annotated[int, Meta(ge=0, le=6)]
    start_minute: Minute
    end_minute: Minute


class MentorChallenge(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A challenge the mentor lived through; ``years_ago`` since it was overcome (``None``: unknown)."""

    slug: str
    years_ago: Annotated[float, Meta(ge=0)] | None = None


class MenteeProfile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a mentee needs.  ``priorities``: factor names, most important first."""

    id: str
    challenges: list[str] = []
    support_wanted: list[Support] = []
    formats: list[Format] = []
    region: str | None = None
    languages: list[str] = []
    availability: list[TimeSlot] = []
    session_minutes: Annotated[int, Meta(gt=0, le=1440)] = 60
    frequency: Literal["weekly", "biweekly", "monthly"] = "weekly"
    engagement: Engagement = "either"
    mentor_kind: Literal["peer", "professional", "any"] = "any"
    priorities: list[str] = []
    requested_at: str | None = None


class MentorProfile(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a mentor offers.  Free capacity is ``capacity - active_mentees``."""

    id: str
    kind: Literal["peer", "professional"] = "peer"
    challenges: list[MentorChallenge] = []
    support_offered: list[Support] = []
    formats: list[Format] = []
    region: str | None = None
    languages: list[str] = []
    availability: list[TimeSlot] = []
    engagement: Engagement = "either"
    capacity: NonNegInt = 1
    active_mentees: NonNegInt = 0
    paused: bool = False


def _default_weights() -> dict[str, float]:
    return {
        "challenges": 3.0,
        "support": 1.5,
        "availability": 2.0,
        "engagement": 1.0,
        "mentor_kind": 1.0,
        "region": 0.5,
        "recency": 1.0,
    }


class Policy(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A programme's matching policy.

    Attributes
    ----------
    weights : dict[str, float]
        Factor → weight ``>= 0`` (missing factors weigh 0).
    priority_boost : float
        A mentee's ``k``-th priority (``k = 0`` first) multiplies its factor's
        weight by ``1 + priority_boost / (k + 1)``.
    pinned : list[tuple[str, str]]
        ``(mentee, mentor)`` pairs forced into the result.
    forbidden : list[tuple[str, str]]
        ``(mentee, mentor)`` pairs never proposed.
    mode : {"max_cardinality", "max_weight"}
        ``max_cardinality`` (default) matches as many mentees as possible, then
        maximises the total score.
    min_score : float
        Pairs scoring below it are not proposed.
    stable_years : float
        Years since overcoming a challenge after which ``recency`` is 1.
    max_candidates : int or None
        Keep only each mentee's best ``max_candidates`` pairs before
        optimising (``None``: keep all; the result's ``exact`` says whether
        the cut provably could not change the optimum).
    """

    weights: dict[str, Annotated[float, Meta(ge=0)]] = msgspec.field(default_factory=_default_weights)
    priority_boost: Annotated[float, Meta(ge=0)] = 1.0
    pinned: list[tuple[str, str]] = []
    forbidden: list[tuple[str, str]] = []
    mode: Literal["max_cardinality", "max_weight"] = "max_cardinality"
    min_score: Annotated[float, Meta(ge=0, le=1)] = 0.0
    stable_years: Annotated[float, Meta(gt=0)] = 2.0
    max_candidates: Annotated[int, Meta(gt=0)] | None = None


class FactorContribution(msgspec.Struct, frozen=True):
    """``contribution = weight * value``; ``weight`` is the mentee's normalised weight (they sum to 1)."""

    factor: str
    value: float
    weight: float
    contribution: float


class Candidate(msgspec.Struct, frozen=True):
    """A scored mentor for one mentee (see :func:`matching.rank_candidates`)."""

    mentor_id: str
    score: float
    factors: list[FactorContribution]
    reason: str
    free_capacity: int


class Proposal(msgspec.Struct, frozen=True):
    """A proposed pair, its score, the factor breakdown (summing to ``score``) and a plain reason."""

    mentee_id: str
    mentor_id: str
    score: float
    factors: list[FactorContribution]
    reason: str
    pinned: bool = False


class Unmatched(msgspec.Struct, frozen=True):
    """Why a mentee got no proposal.

    ``reasons`` counts, for each reason code, the mentors it excluded (a mentor
    can fail several constraints); ``compatible`` is the number of mentors that
    passed every constraint and had room; ``summary`` says it in words.
    """

    mentee_id: str
    reasons: dict[str, int]
    compatible: int
    summary: str


class ProposalResult(msgspec.Struct, frozen=True):
    """Everything :func:`matching.propose` decided."""

    proposals: list[Proposal]
    unmatched: list[Unmatched]
    total_score: float
    mode: str
    candidate_pairs: int
    exact: bool
