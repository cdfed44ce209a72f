"""The bridge between the pairing workflow and the :mod:`matching` library.

Loads the people as the profiles domain presents them to matching (bulk loaders, availability in
UTC minutes of the week), turns them into :class:`matching.MenteeProfile` /
:class:`matching.MentorProfile` (ids are account ids as strings), and maps the results back.
A mentor's capacity given to the engine is the number of places they can still be *proposed*
for: capacity − active mentees − proposals under way.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

import matching
from mentoring.db.models import Program
from mentoring.domain.profiles.matching_view import (
    MenteeView,
    MentorView,
    load_mentee_views,
    load_mentor_views,
)
from mentoring.lib.errors import BadRequestError, ConflictError

MINUTES_PER_DAY = 1440
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
MODES = ("max_cardinality", "max_weight")


@dataclass(frozen=True)
class Scored:
    """A mentee and a mentor with the engine's score, factor breakdown and plain-language reason."""

    mentee_id: UUID
    mentor_id: UUID
    score: float
    reason: str
    factors: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """What a round found: the pairs, and each unmatched mentee with the engine's diagnostics."""

    pairs: list[Scored]
    unmatched: list[tuple[UUID, list[str]]]
    #: The engine's dual certificate proved the pairs optimal over every admissible pair.
    optimal: bool = True


def check_policy(weights: Mapping[str, float], mode: str | None) -> None:
    """Refuse (400) weights or a mode the engine does not know."""
    unknown = sorted(set(weights) - set(matching.FACTORS))
    if unknown:
        raise BadRequestError(
            f"weights: unknown factor {unknown[0]!r} (known: {', '.join(matching.FACTORS)})"
        )
    if mode is not None and mode not in MODES:
        raise BadRequestError(f"mode: must be one of {', '.join(MODES)}")


CANDIDATES_PER_MENTEE = 20


def policy_for(
    weights: Mapping[str, float] | None = None,
    mode: str | None = None,
    *,
    pinned: AbstractSet[tuple[UUID, UUID]] = frozenset(),
    forbidden: AbstractSet[tuple[UUID, UUID]] = frozenset(),
) -> matching.Policy:
    """The engine's policy: default weights overridden by those given, pins and forbidden pairs.

    Each mentee's best ``CANDIDATES_PER_MENTEE`` mentors go to the solver first; the engine adds
    back any other pair its dual certificate says could matter, so the round stays exactly optimal
    while a national programme fits in memory.
    """
    base = matching.Policy()
    return msgspec.structs.replace(
        base,
        max_candidates=CANDIDATES_PER_MENTEE,
        weights={**base.weights, **(weights or {})},
        mode=mode or base.mode,
        pinned=sorted((str(a), str(b)) for a, b in pinned),
        forbidden=sorted((str(a), str(b)) for a, b in forbidden),
    )


def time_slots(intervals: list[tuple[int, int]]) -> list[matching.TimeSlot]:
    """UTC minute-of-week intervals cut into the engine's per-day slots."""
    slots = []
    for start, end in intervals:
        start, end = start % MINUTES_PER_WEEK, start % MINUTES_PER_WEEK + (end - start)
        while start < end:
            day = start // MINUTES_PER_DAY
            stop = min(end, (day + 1) * MINUTES_PER_DAY)
            slots.append(
                matching.TimeSlot(
                    weekday=day % 7,
                    start_minute=start - day * MINUTES_PER_DAY,
                    end_minute=stop - day * MINUTES_PER_DAY,
                )
            )
            start = stop
    return slots


def mentee_profile(view: MenteeView, requested_at: datetime | None = None) -> matching.MenteeProfile:
    """A mentee as the engine sees them."""
    return matching.MenteeProfile(
        id=str(view.user_id),
        challenges=list(view.challenges),
        support_wanted=list(view.support_wanted),  # type: ignore[arg-type]
        formats=list(view.formats),  # type: ignore[arg-type]
        region=view.region,
        languages=list(view.languages),
        availability=time_slots(view.availability_utc),
        session_minutes=view.session_minutes,
        frequency=view.frequency,  # type: ignore[arg-type]
        engagement=view.engagement,  # type: ignore[arg-type]
        mentor_kind=view.mentor_kind,  # type: ignore[arg-type]
        priorities=[p for p in view.priorities if p in matching.FACTORS],
        requested_at=requested_at.isoformat() if requested_at else None,
    )


def mentor_profile(view: MentorView, places: int) -> matching.MentorProfile:
    """A mentor as the engine sees them, with ``places`` left to propose."""
    return matching.MentorProfile(
        id=str(view.user_id),
        kind=view.kind,  # type: ignore[arg-type]
        challenges=[matching.MentorChallenge(c.slug, c.years_ago) for c in view.challenges],
        support_offered=list(view.support_offered),  # type: ignore[arg-type]
        formats=list(view.formats),  # type: ignore[arg-type]
        region=view.region,
        languages=list(view.languages),
        availability=time_slots(view.availability_utc),
        engagement=view.engagement,  # type: ignore[arg-type]
        capacity=places,
        active_mentees=0,
    )


def _factors(contributions: list[matching.FactorContribution]) -> list[dict[str, Any]]:
    return [
        {"factor": f.factor, "value": f.value, "weight": f.weight, "contribution": f.contribution}
        for f in contributions
    ]


async def _mentors(
    session: AsyncSession, program: Program, places: Mapping[UUID, int]
) -> list[matching.MentorProfile]:
    views = await load_mentor_views(session, list(places))
    if program.mentors_must_be_professional:
        views = [v for v in views if v.kind == "professional" and v.verified_qualifications > 0]
    return [mentor_profile(v, places[v.user_id]) for v in views if places.get(v.user_id, 0) > 0]


async def propose_round(
    session: AsyncSession,
    program: Program,
    mentees: list[tuple[UUID, datetime]],
    places: Mapping[UUID, int],
    *,
    forbidden: set[tuple[UUID, UUID]],
    pinned: set[tuple[UUID, UUID]],
    weights: Mapping[str, float],
    mode: str | None,
) -> Outcome:
    """Match the mentees (``(id, requested_at)`` in queue order) with the mentors' free places.

    Pins naming someone who is not in this round (no open request, no free place) are left out.
    """
    views = {v.user_id: v for v in await load_mentee_views(session, [m for m, _ in mentees])}
    mentee_profiles = [mentee_profile(views[m], at) for m, at in mentees if m in views]
    mentor_profiles = await _mentors(session, program, places)
    mentor_ids = {UUID(m.id) for m in mentor_profiles}
    pins = {(a, b) for a, b in pinned if a in views and b in mentor_ids}
    policy = policy_for(weights, mode, pinned=pins, forbidden=forbidden)
    result = matching.propose(mentee_profiles, mentor_profiles, policy)
    pairs = [
        Scored(UUID(p.mentee_id), UUID(p.mentor_id), p.score, p.reason, _factors(p.factors))
        for p in result.proposals
    ]
    unmatched = [
        (
            UUID(u.mentee_id),
            [u.summary, *(f"{code}: {n} mentor(s)" for code, n in sorted(u.reasons.items()) if n)],
        )
        for u in result.unmatched
    ]
    missing = [(m, ["no mentee profile to match"]) for m, _ in mentees if m not in views]
    return Outcome(pairs=pairs, unmatched=unmatched + missing, optimal=result.exact)


async def rank_mentors(
    session: AsyncSession,
    program: Program,
    mentee_id: UUID,
    places: Mapping[UUID, int],
    forbidden: set[tuple[UUID, UUID]],
    limit: int,
) -> list[Scored]:
    """The mentors with a place, best first, for one mentee (forbidden pairs left out)."""
    views = await load_mentee_views(session, [mentee_id])
    if not views:
        raise ConflictError("This mentee has no profile to match")
    mentors = await _mentors(session, program, places)
    candidates = matching.rank_candidates(
        mentee_profile(views[0]), mentors, policy_for(forbidden=forbidden), limit=limit
    )
    return [Scored(mentee_id, UUID(c.mentor_id), c.score, c.reason, _factors(c.factors)) for c in candidates]


async def score_pair(session: AsyncSession, program: Program, mentee_id: UUID, mentor_id: UUID) -> Scored:
    """The engine's score and reasons for one pair a coordinator chose (409 if the engine rules it out)."""
    ranked = await rank_mentors(session, program, mentee_id, {mentor_id: 1}, set(), 1)
    if not ranked:
        raise ConflictError(
            "The matching engine rules this pair out (no common language or format, region, or mentor kind)"
        )
    return ranked[0]
