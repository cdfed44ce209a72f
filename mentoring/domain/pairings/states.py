"""The state machines of requests, proposals, pairings and rounds: states and legal transitions.

Each transition is named after the service method that performs it; README.md ("The pairing workflow") draws the
same tables (a test compares them).
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


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


class Transition(NamedTuple):
    """A named change of state: legal only from ``sources``."""

    action: str
    sources: frozenset[str]
    target: str


def _t(action: str, sources: set[str], target: str) -> Transition:
    return Transition(action, frozenset(sources), target)


R, P, PA = RequestStatus, ProposalStatus, PairingStatus

REQUEST_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("propose", {R.OPEN}, R.PROPOSED),
        _t("reopen", {R.PROPOSED}, R.OPEN),
        _t("match", {R.PROPOSED}, R.MATCHED),
        _t("withdraw", {R.OPEN, R.PROPOSED}, R.WITHDRAWN),
        _t("requeue", {R.MATCHED}, R.OPEN),
    )
}

PROPOSAL_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("approve", {P.PENDING_REVIEW}, P.OFFERED),
        _t("reject", {P.PENDING_REVIEW}, P.REJECTED),
        _t("accept", {P.OFFERED}, P.ACCEPTED),
        _t("decline", {P.OFFERED}, P.DECLINED),
        _t("expire", {P.OFFERED}, P.EXPIRED),
        _t("cancel", {P.PENDING_REVIEW, P.OFFERED}, P.CANCELLED),
    )
}

#: States in which a pairing holds a place in the mentor's capacity and may change.
LIVE_PAIRING = frozenset({PA.AWAITING_AGREEMENT, PA.TRIAL, PA.ACTIVE, PA.PAUSED})

PAIRING_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("sign_agreement", {PA.AWAITING_AGREEMENT}, PA.TRIAL),
        _t("confirm_trial", {PA.TRIAL}, PA.ACTIVE),
        _t("leave_trial", {PA.TRIAL}, PA.ENDED),
        _t("pause", {PA.AWAITING_AGREEMENT, PA.TRIAL, PA.ACTIVE}, PA.PAUSED),
        # Resuming returns to the state the pairing was paused from (recorded in paused_from).
        _t("resume_awaiting_agreement", {PA.PAUSED}, PA.AWAITING_AGREEMENT),
        _t("resume_trial", {PA.PAUSED}, PA.TRIAL),
        _t("resume_active", {PA.PAUSED}, PA.ACTIVE),
        _t("end_early", set(LIVE_PAIRING), PA.ENDED),
        _t("complete", {PA.ACTIVE, PA.PAUSED}, PA.ENDED),
    )
}

#: How a pairing is born: formal terms wait for the confidentiality agreement, informal start the trial.
PAIRING_START_STATES = frozenset({PA.AWAITING_AGREEMENT, PA.TRIAL})

ROUND_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("start", {RoundStatus.PENDING}, RoundStatus.RUNNING),
        _t("finish", {RoundStatus.RUNNING}, RoundStatus.DONE),
        _t("fail", {RoundStatus.PENDING, RoundStatus.RUNNING}, RoundStatus.FAILED),
    )
}

DECLINE_REASONS = ("not_a_good_fit", "no_time", "availability", "language", "personal", "other")
END_REASONS = (
    "goals_reached",
    "no_longer_needed",
    "not_a_good_fit",
    "availability",
    "no_contact",
    "concern",
    "moved_on",
    "other",
)
CONCERN_KINDS = ("safety", "no_show", "conduct", "other")
