"""Which follow-ups a pairing calls for, from its state and terms (pure: no database).

Dated messages carry their :class:`NotificationKind` as ``params["message"]``. Recurring follow-ups
are planned one occurrence at a time: performing one plans the next. Keys name
the occurrence (``checkin:3:mentee``), so re-planning never duplicates one already performed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from mentoring.domain.notifications.kinds import NotificationKind

DAY = timedelta(days=1)
CADENCE = {"weekly": 7 * DAY, "biweekly": 14 * DAY, "monthly": 28 * DAY}
FIRST_WEEK = 7 * DAY
END_REVIEW_BEFORE = 7 * DAY
AFTER_CLOSURE = 91 * DAY  # three months
INFORMAL_FIRST_CHECKIN = 30 * DAY
INFORMAL_CHECKIN_EVERY = 60 * DAY
NUDGE_AFTER = 45 * DAY
COORDINATOR_MONTHLY = 30 * DAY
COORDINATOR_MONTHLY_UNTIL = 90 * DAY  # "monthly at first": the first three months
COORDINATOR_QUARTERLY = 90 * DAY
SESSIONS_CHECK_EVERY = 28 * DAY

LIVE = ("trial", "active")


@dataclass(frozen=True)
class PairingFacts:
    """What planning needs to know about a pairing."""

    id: UUID
    program_id: UUID
    mentee_id: UUID
    mentor_id: UUID
    status: str
    terms_kind: str
    terms: dict[str, Any]
    trial_sessions: int
    created_at: datetime
    started_at: datetime | None
    ends_on: date | None
    ended_at: datetime | None
    last_contact_at: datetime | None


@dataclass(frozen=True)
class Spec:
    """One follow-up to have pending."""

    kind: str
    due_at: datetime
    user_id: UUID | None = None
    params: dict[str, Any] = field(default_factory=dict)


def midnight(day: date) -> datetime:
    """The start of a day, in UTC."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def done_numbers(done: set[str], prefix: str, suffix: str = "") -> set[int]:
    """The occurrence numbers already performed in the series ``prefix{n}suffix``."""
    numbers = set()
    for key in done:
        if key.startswith(prefix) and key.endswith(suffix):
            middle = key[len(prefix) : len(key) - len(suffix)]
            if middle.isdigit():
                numbers.add(int(middle))
    return numbers


def next_in_series(
    due_of: Callable[[int], datetime], now: datetime, performed: set[int], *, after: datetime | None = None
) -> tuple[int, datetime]:
    """The next occurrence ``n`` of a series (occurrence ``n`` is due at ``due_of(n)``, n ≥ 1).

    It follows the last one performed; occurrences missed entirely (a pause, a stopped worker) are not
    all caught up: only the latest of them is planned, due at once. ``after`` skips early occurrences.
    """
    n = max(performed, default=0) + 1
    while after is not None and due_of(n) <= after:
        n += 1
    while due_of(n + 1) <= now:
        n += 1
    return n, due_of(n)


def coordinator_due(anchor: datetime) -> Callable[[int], datetime]:
    """Coordinator check-ins: monthly for the first three months, then quarterly."""

    def due_of(n: int) -> datetime:
        if n <= 3:
            return anchor + n * COORDINATOR_MONTHLY
        return anchor + COORDINATOR_MONTHLY_UNTIL + (n - 3) * COORDINATOR_QUARTERLY

    return due_of


def every(first: datetime, step: timedelta) -> Callable[[int], datetime]:
    """A regular series: ``first``, ``first + step``, …"""
    return lambda n: first + (n - 1) * step


def plan(p: PairingFacts, now: datetime, done: set[str]) -> dict[str, Spec]:
    """The follow-ups the pairing should have pending now, by key (performed ones excluded)."""
    specs: dict[str, Spec] = {}

    def add(key: str, spec: Spec) -> None:
        if key not in done:
            specs[key] = spec

    parties = (("mentee", p.mentee_id), ("mentor", p.mentor_id))
    formal = p.terms_kind == "formal"

    if p.status == "ended":
        if formal and p.ended_at is not None:
            for role, user_id in parties:
                add(
                    f"after_closure:{role}",
                    Spec("pairing.after_closure", p.ended_at + AFTER_CLOSURE, user_id),
                )
        return specs

    # Coordinator monitoring, whatever the live state (including paused and awaiting agreement).
    anchor = p.started_at or p.created_at
    n, due = next_in_series(coordinator_due(anchor), now, done_numbers(done, "coordinator:"))
    add(f"coordinator:{n}", Spec("pairing.coordinator_checkin", due))

    if formal and p.ends_on is not None and p.status in ("active", "paused"):
        add("complete", Spec("pairing.complete", midnight(p.ends_on)))

    if p.status not in LIVE or p.started_at is None:
        return specs

    start = p.started_at
    for role, user_id in parties:
        add(f"intro:{role}", Spec("pairing.introduction", start, user_id))

    if formal:
        cadence = CADENCE.get(str(p.terms.get("frequency")), CADENCE["weekly"])
        end = midnight(p.ends_on) if p.ends_on else None
        for role, user_id in parties:
            add(
                f"first_week:{role}",
                Spec(
                    "pairing.checkin",
                    start + FIRST_WEEK,
                    user_id,
                    {"message": NotificationKind.PAIRING_FIRST_WEEK},
                ),
            )
            performed = done_numbers(done, "checkin:", f":{role}")
            n, due = next_in_series(every(start, cadence), now, performed, after=start + FIRST_WEEK)
            if end is None or due < end:
                add(f"checkin:{n}:{role}", Spec("pairing.checkin", due, user_id))
        if p.status == "trial":
            trial_end = start + cadence * max(1, p.trial_sessions) + DAY
            for role, user_id in parties:
                add(
                    f"trial_decision:{role}",
                    Spec(
                        "pairing.notify",
                        trial_end,
                        user_id,
                        {"message": NotificationKind.PAIRING_TRIAL_DECISION},
                    ),
                )
        if end is not None:
            midpoint = start + (end - start) / 2
            for role, user_id in parties:
                add(
                    f"midpoint:{role}",
                    Spec(
                        "pairing.notify",
                        midpoint,
                        user_id,
                        {"message": NotificationKind.PAIRING_MIDPOINT_REVIEW},
                    ),
                )
                add(
                    f"end_review:{role}",
                    Spec(
                        "pairing.notify",
                        end - END_REVIEW_BEFORE,
                        user_id,
                        {"message": NotificationKind.PAIRING_END_REVIEW},
                    ),
                )
        n, due = next_in_series(
            every(start + SESSIONS_CHECK_EVERY, SESSIONS_CHECK_EVERY), now, done_numbers(done, "sessions:")
        )
        if end is None or due < end:
            add(f"sessions:{n}", Spec("pairing.sessions_check", due))
    else:
        for role, user_id in parties:
            performed = done_numbers(done, "checkin:", f":{role}")
            n, due = next_in_series(
                every(start + INFORMAL_FIRST_CHECKIN, INFORMAL_CHECKIN_EVERY), now, performed
            )
            add(f"checkin:{n}:{role}", Spec("pairing.checkin", due, user_id))
        last = max(start, p.last_contact_at or start)
        add(f"nudge:{last.date().isoformat()}", Spec("pairing.nudge", last + NUDGE_AFTER))
    return specs
