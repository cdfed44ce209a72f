"""What the proposal and mentorship pages show, gathered from the services (which check who asks).

Each function starts with the service call that authorises the reader (404 for anyone who is not
a party), then adds the words: the other person as the reader may see them and why they were proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Challenge, Proposal, UserAccount
from mentoring.domain.pairings.pages.present import (
    LocalSlot,
    Phrase,
    fit_words,
    language_names,
    overlap_minutes,
    overlap_slots,
    reasons,
)
from mentoring.domain.pairings.schemas.proposals import ProposalRead
from mentoring.domain.pairings.services.proposals import ProposalService
from mentoring.domain.profiles.matching_view import load_mentee_views, load_mentor_views
from mentoring.domain.profiles.proposed import ProposedMentor, proposed_mentor
from mentoring.domain.profiles.schemas import MenteeMatchingRead
from mentoring.domain.profiles.viewing import ProfileViewService

__all__ = ["Match", "match_for", "proposal_view"]


@dataclass
class Match:
    """The other person as the reader may see them, and why the two were proposed."""

    fit: str
    reasons: list[Phrase]
    overlap: list[LocalSlot]
    languages: list[str]
    mentor: ProposedMentor | None = None
    mentee: MenteeMatchingRead | None = None
    mentee_challenges: list[str] = field(default_factory=list)


async def _labels(session: AsyncSession, slugs: list[str], reader: str) -> dict[str, str]:
    if not slugs:
        return {}
    rows = await session.execute(
        select(Challenge.slug, Challenge.label_en, Challenge.label_fr).where(Challenge.slug.in_(slugs))
    )
    return {slug: (fr if reader == "fr" else en) for slug, en, fr in rows.all()}


async def match_for(
    session: AsyncSession,
    user: UserAccount,
    *,
    mentee_id: UUID,
    mentor_id: UUID,
    score: float,
    factors: list[dict[str, Any]],
    reader: str,
) -> Match:
    """The other party and the reasons, for the mentee or the mentor of a proposal or pairing."""
    mentee_views = await load_mentee_views(session, [mentee_id])
    mentor_views = await load_mentor_views(session, [mentor_id])
    mentee_view = mentee_views[0] if mentee_views else None
    mentor_view = mentor_views[0] if mentor_views else None
    mentee_slugs = list(mentee_view.challenges) if mentee_view else []
    mentor_slugs = [c.slug for c in mentor_view.challenges] if mentor_view else []
    labels = await _labels(session, sorted(set(mentee_slugs) | set(mentor_slugs)), reader)
    shared = [labels.get(s, s) for s in mentee_slugs if s in set(mentor_slugs)]
    mentee_langs = list(mentee_view.languages) if mentee_view else []
    mentor_langs = set(mentor_view.languages) if mentor_view else set()
    common = language_names([la for la in mentee_langs if la in mentor_langs], reader)
    a = mentee_view.availability_utc if mentee_view else []
    b = mentor_view.availability_utc if mentor_view else []
    viewer_zone = (
        (mentee_view.timezone if user.id == mentee_id else mentor_view.timezone)
        if (mentee_view and mentor_view)
        else "UTC"
    )
    match = Match(
        fit=fit_words(score),
        reasons=reasons(
            factors,
            shared_experience=shared,
            shared_languages=common,
            overlap_hours=round(overlap_minutes(a, b) / 60, 1),
        ),
        overlap=overlap_slots(a, b, viewer_zone, reader),
        languages=[],
    )
    if user.id == mentee_id:
        match.mentor = await proposed_mentor(session, mentee_id, mentor_id)
        match.languages = language_names(match.mentor.languages, reader)
    else:
        match.mentee = await ProfileViewService(session).mentee_for_mentor(mentor_id, mentee_id)
        match.languages = language_names(match.mentee.languages, reader)
        match.mentee_challenges = [labels.get(s, s) for s in match.mentee.challenges]
    return match


async def proposal_view(
    session: AsyncSession, user: UserAccount, proposal_id: UUID, reader: str
) -> tuple[ProposalRead, Match | None]:
    """A proposal offered to the reader (404 otherwise), with the other person and the reasons.

    The other person is shown while the proposal waits for answers; afterwards the page shows
    the outcome only (the mentor's access to the mentee's matching view ends with it).
    """
    read = await ProposalService(session).get(user, proposal_id)
    if read.status != "offered" or user.id not in (read.mentee_id, read.mentor_id):
        return read, None
    row = await session.get(Proposal, proposal_id)
    assert row is not None
    match = await match_for(
        session,
        user,
        mentee_id=read.mentee_id,
        mentor_id=read.mentor_id,
        score=read.score,
        factors=list(row.factors or []),
        reader=reader,
    )
    return read, match
