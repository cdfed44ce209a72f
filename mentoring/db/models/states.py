"""Every state a row of the pairing workflow can be in, defined once.

The tables' CHECK constraints list these values (:mod:`mentoring.db.models.pairings`), the domain's
state machines move rows between them (:mod:`mentoring.domain.pairings.states`, which keeps the
legal transitions), and the services compare against them. Members are listed in the order the
CHECK constraints name them: reordering one changes the constraint's text, hence the schema.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "LIVE_PAIRING",
    "LIVE_PROPOSAL",
    "WAITING_REQUEST",
    "AmendmentStatus",
    "Answer",
    "ConcernAction",
    "ConcernKind",
    "ConcernStatus",
    "EndKind",
    "PairingStatus",
    "ProposalSource",
    "ProposalStatus",
    "RequestStatus",
    "RoundStage",
    "RoundStatus",
    "SessionFormat",
    "TermsKind",
]


class RequestStatus(StrEnum):
    """Where a mentee's request for a mentor stands."""

    OPEN = "open"
    PROPOSED = "proposed"
    MATCHED = "matched"
    WITHDRAWN = "withdrawn"


class ProposalStatus(StrEnum):
    """Where a suggested pair stands."""

    PENDING_REVIEW = "pending_review"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class PairingStatus(StrEnum):
    """Where a mentorship stands."""

    AWAITING_AGREEMENT = "awaiting_agreement"
    TRIAL = "trial"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class RoundStatus(StrEnum):
    """Where a matching round stands."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class RoundStage(StrEnum):
    """How far a round has got, in order: only ever moves forward, except a restart back to ``loading``."""

    QUEUED = "queued"
    LOADING = "loading"
    MATCHING = "matching"
    WRITING = "writing"
    FINISHED = "finished"


class Answer(StrEnum):
    """A party's answer to an offered proposal."""

    ACCEPTED = "accepted"
    DECLINED = "declined"


class ProposalSource(StrEnum):
    """Who suggested the pair: a matching round or a coordinator by hand."""

    ROUND = "round"
    MANUAL = "manual"


class TermsKind(StrEnum):
    """Formal terms (agreement, frequency, sessions) or informal ones."""

    FORMAL = "formal"
    INFORMAL = "informal"


class EndKind(StrEnum):
    """How a pairing ended."""

    COMPLETED = "completed"
    EARLY = "early"
    TRIAL_EXIT = "trial_exit"


class AmendmentStatus(StrEnum):
    """Where a proposed change of terms stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class SessionFormat(StrEnum):
    """How a meeting was held."""

    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    CHAT = "chat"


class ConcernKind(StrEnum):
    """What a concern is about."""

    SAFETY = "safety"
    NO_SHOW = "no_show"
    CONDUCT = "conduct"
    OTHER = "other"


class ConcernStatus(StrEnum):
    """Whether a concern was handled."""

    OPEN = "open"
    RESOLVED = "resolved"


class ConcernAction(StrEnum):
    """What the coordinator did about a concern."""

    NONE = "none"
    PAUSED = "paused"
    ENDED = "ended"


#: A request waiting in the queue (at most one per mentee and programme).
WAITING_REQUEST = (RequestStatus.OPEN, RequestStatus.PROPOSED)
#: A proposal under way (at most one per request); it holds a place in the mentor's capacity.
LIVE_PROPOSAL = (ProposalStatus.PENDING_REVIEW, ProposalStatus.OFFERED)
#: A pairing that holds a place in the mentor's capacity and may change (one per mentee and programme).
LIVE_PAIRING = (
    PairingStatus.AWAITING_AGREEMENT,
    PairingStatus.TRIAL,
    PairingStatus.ACTIVE,
    PairingStatus.PAUSED,
)
