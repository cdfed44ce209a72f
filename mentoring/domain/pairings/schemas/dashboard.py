"""A programme's workflow at a glance, for its coordinators."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from mentoring.domain.pairings.schemas.proposals import ProposalRead
from mentoring.lib.schema import Output


class WaitingRequest(Output):
    """A request in the queue and how long it has waited."""

    request_id: UUID
    mentee_id: UUID
    mentee_name: str
    status: str
    requested_at: datetime
    waiting_days: float
    priority: bool
    over_target: bool


class MentorLoad(Output):
    """A mentor's load against their capacity."""

    mentor_id: UUID
    mentor_name: str
    capacity: int
    active_mentees: int
    proposals_under_way: int
    paused_until: date | None


class PairingHealth(Output):
    """How a live pairing is going."""

    pairing_id: UUID
    mentee_id: UUID
    mentee_name: str
    mentor_id: UUID
    mentor_name: str
    status: str
    sessions_held: int
    sessions_committed: int | None
    sessions_expected_by_now: int | None
    behind_schedule: bool
    last_contact_at: datetime | None
    days_since_contact: int | None
    next_checkin_due_at: datetime | None
    checkin_overdue: bool
    open_concerns: int
    ends_on: date | None


class PeriodFigures(Output):
    """What happened in one month."""

    period: str
    requests_opened: int
    proposals_made: int
    pairings_started: int
    pairings_ended: int


class Figures(Output):
    """The programme's figures now."""

    waiting_requests: int
    average_wait_days: float | None
    longest_wait_days: float | None
    waiting_target_days: int
    proposals_in_review: int
    proposals_offered: int
    pairings_by_status: dict[str, int]
    acceptance_rate: float | None
    average_rating: float | None
    open_concerns: int
    rounds_run: int


class DashboardRead(Output):
    """Open requests, the proposal queue, mentors' loads, pairings' health, and figures over time."""

    program_id: UUID
    generated_at: datetime
    waiting_requests: list[WaitingRequest]
    proposal_queue: list[ProposalRead]
    mentor_loads: list[MentorLoad]
    pairings: list[PairingHealth]
    figures: Figures
    months: list[PeriodFigures]
