"""Performers of a pairing's follow-ups (planned by :func:`.planners.plan_pairing_followups`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MentoringSession, Pairing
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import create_notification
from mentoring.domain.pairings.planning.plan import LIVE, NUDGE_AFTER
from mentoring.domain.pairings.planning.planners import plan_pairing_followups
from mentoring.domain.pairings.services.checkins import alert_coordinators, ask
from mentoring.domain.pairings.services.closure import complete_pairing
from mentoring.outbox.registry import Due, Performer, RunContext

__all__ = ["PERFORMERS"]


async def _pairing(session: AsyncSession, due: Due) -> Pairing | None:
    return await session.get(Pairing, due.subject_id, populate_existing=True)


async def introduce(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Introduce the pairing to one party."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status not in LIVE or due.user_id is None:
        return "skipped: not live"
    await create_notification(
        session, due.user_id, NotificationKind.PAIRING_INTRODUCTION, {"pairing_id": pairing.id}
    )
    return "notified"


async def remind(session: AsyncSession, due: Due, context: RunContext) -> str:
    """A dated message to one party (trial decision, midpoint review, end-of-term review)."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status not in LIVE or due.user_id is None:
        return "skipped: not live"
    kind = NotificationKind(str(due.params["message"]))
    await create_notification(session, due.user_id, kind, {"pairing_id": pairing.id})
    return "notified"


async def check_in(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Ask one party how it goes, then plan the next check-in."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status not in LIVE or due.user_id is None:
        return "skipped: not live"
    role = "mentee" if due.user_id == pairing.mentee_id else "mentor"
    message = NotificationKind(str(due.params.get("message") or NotificationKind.CHECKIN_DUE))
    await ask(session, pairing, due.user_id, role, due.id, context.now, message=message)
    await plan_pairing_followups(session, pairing.id, context.now)
    return "asked"


async def nudge(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Nudge both parties when no meeting was logged for 45 days (re-planned if one was)."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status not in LIVE:
        return "skipped: not live"
    # Logging a meeting moves last_contact_at (the workflow does it), so this is the last sign of life.
    recent = max(filter(None, [pairing.started_at, pairing.last_contact_at]), default=context.now)
    if context.now - recent < NUDGE_AFTER:
        await plan_pairing_followups(session, pairing.id, context.now)
        return "skipped: met meanwhile"
    for user_id in (pairing.mentee_id, pairing.mentor_id):
        await create_notification(
            session, user_id, NotificationKind.PAIRING_NUDGE, {"pairing_id": pairing.id}
        )
    await plan_pairing_followups(session, pairing.id, context.now)
    return "nudged"


async def coordinator_checkin(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Ask the programme's coordinators to check on the pairing; plan the next time."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status == "ended":
        return "skipped: ended"
    await alert_coordinators(
        session, pairing.program_id, NotificationKind.COORDINATOR_CHECKIN, pairing_id=pairing.id
    )
    await plan_pairing_followups(session, pairing.id, context.now)
    return "notified"


async def sessions_check(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Alert coordinators when a formal pairing has logged fewer sessions than its pace calls for."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status not in LIVE or pairing.started_at is None or pairing.ends_on is None:
        return "skipped: not live"
    held = int(
        await session.scalar(
            select(func.count())
            .select_from(MentoringSession)
            .where(MentoringSession.pairing_id == pairing.id)
        )
        or 0
    )
    planned = int((pairing.terms or {}).get("sessions") or 0)
    end = datetime.combine(pairing.ends_on, datetime.min.time(), tzinfo=context.now.tzinfo)
    span = (end - pairing.started_at).total_seconds()
    elapsed = (
        min(1.0, max(0.0, (context.now - pairing.started_at).total_seconds() / span)) if span > 0 else 1.0
    )
    expected = planned * elapsed
    await plan_pairing_followups(session, pairing.id, context.now)
    if held < int(expected) - 1:  # a session of slack before calling it behind
        await alert_coordinators(
            session,
            pairing.program_id,
            NotificationKind.ALERT_SESSIONS_BEHIND,
            pairing_id=pairing.id,
            held=held,
            expected=round(expected),
        )
        return "behind"
    return "on track"


async def complete(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Complete the pairing at the end of its terms (the workflow's idempotent transition)."""
    done = await complete_pairing(session, due.subject_id)
    if not done:
        await plan_pairing_followups(session, due.subject_id, context.now)
    return "completed" if done else "skipped: not due"


async def after_closure(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Three months after closure, ask how they are doing."""
    if due.user_id is None:
        return "skipped"
    await create_notification(
        session, due.user_id, NotificationKind.PAIRING_AFTER_CLOSURE, {"pairing_id": due.subject_id}
    )
    return "notified"


#: Follow-up kind -> performer, for every kind :func:`.plan.plan` produces.
PERFORMERS: dict[str, Performer] = {
    "pairing.introduction": introduce,
    "pairing.notify": remind,
    "pairing.checkin": check_in,
    "pairing.nudge": nudge,
    "pairing.coordinator_checkin": coordinator_checkin,
    "pairing.sessions_check": sessions_check,
    "pairing.complete": complete,
    "pairing.after_closure": after_closure,
}
