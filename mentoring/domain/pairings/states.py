"""The state machines of requests, proposals, pairings and rounds: their legal transitions.

The states themselves are defined once in :mod:`mentoring.db.models.states` (the tables' CHECK
constraints list them) and re-exported here.

Each transition is named after the service method that performs it; README.md ("The pairing workflow") draws the
same tables (a test compares them).
"""

from __future__ import annotations

from typing import NamedTuple

from mentoring.db.models.states import (
    LIVE_PAIRING,
    LIVE_PROPOSAL,
    WAITING_REQUEST,
    PairingStatus,
    ProposalStatus,
    RequestStatus,
    RoundStage,
    RoundStatus,
)

__all__ = [
    "LIVE_PAIRING",
    "LIVE_PROPOSAL",
    "PAIRING_START_STATES",
    "PAIRING_TRANSITIONS",
    "PROPOSAL_TRANSITIONS",
    "REQUEST_TRANSITIONS",
    "ROUND_TRANSITIONS",
    "WAITING_REQUEST",
    "PairingStatus",
    "ProposalStatus",
    "RequestStatus",
    "RoundStage",
    "RoundStatus",
    "Transition",
]


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
