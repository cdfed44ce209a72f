"""Every kind of notification the platform sends: one enum, so a kind nobody worded cannot be emitted.

:func:`~mentoring.domain.notifications.services.notify` takes a :class:`NotificationKind`, and the
catalogue (:mod:`~mentoring.domain.notifications.messages`) is keyed by it: adding a member without
its English and French wording fails the catalogue's test.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["NotificationKind"]


class NotificationKind(StrEnum):
    """What a notification is about (stored as its value, e.g. ``"proposal.offered"``)."""

    PAIRING_INTRODUCTION = "pairing.introduction"
    PAIRING_FIRST_WEEK = "pairing.first_week"
    CHECKIN_DUE = "checkin.due"
    PAIRING_TRIAL_DECISION = "pairing.trial_decision"
    PAIRING_MIDPOINT_REVIEW = "pairing.midpoint_review"
    PAIRING_END_REVIEW = "pairing.end_review"
    PAIRING_COMPLETED = "pairing.completed"
    PAIRING_AFTER_CLOSURE = "pairing.after_closure"
    PAIRING_NUDGE = "pairing.nudge"
    COORDINATOR_CHECKIN = "coordinator.checkin"
    ALERT_CHECKIN_LOW = "alert.checkin_low"
    ALERT_CHECKINS_UNANSWERED = "alert.checkins_unanswered"
    ALERT_SESSIONS_BEHIND = "alert.sessions_behind"
    PROPOSAL_REMINDER = "proposal.reminder"
    PROPOSAL_EXPIRED = "proposal.expired"
    REQUEST_WAITING = "request.waiting"
    MENTOR_PAUSE_ENDED = "mentor.pause_ended"
    ROUND_FINISHED = "round.finished"
    ROUND_FAILED = "round.failed"
    PROPOSAL_OFFERED = "proposal.offered"
    PROPOSAL_ANSWERED = "proposal.answered"
    PROPOSAL_DECLINED = "proposal.declined"
    PROPOSAL_CANCELLED = "proposal.cancelled"
    PAIRING_STARTED = "pairing.started"
    PAIRING_AGREEMENT_SIGNED = "pairing.agreement_signed"
    PAIRING_TRIAL_STARTED = "pairing.trial_started"
    PAIRING_TRIAL_CONFIRMED = "pairing.trial_confirmed"
    PAIRING_ACTIVE = "pairing.active"
    PAIRING_PAUSED = "pairing.paused"
    PAIRING_RESUMED = "pairing.resumed"
    PAIRING_TERMS_CHANGED = "pairing.terms_changed"
    PAIRING_ENDED = "pairing.ended"
    PAIRING_EXIT_FEEDBACK = "pairing.exit_feedback"
    AMENDMENT_PROPOSED = "amendment.proposed"
    AMENDMENT_ACCEPTED = "amendment.accepted"
    AMENDMENT_DECLINED = "amendment.declined"
    CONCERN_RAISED = "concern.raised"
    CONCERN_RESOLVED = "concern.resolved"
    MESSAGE_RECEIVED = "message.received"
