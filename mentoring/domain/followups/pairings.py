"""A pairing's follow-ups: planning them from its state, and performing each kind."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import FollowUp, MentoringSession, Pairing
from mentoring.domain.followups.checkins import alert_coordinators, ask
from mentoring.domain.followups.notifications import create_notification
from mentoring.domain.followups.pairing_plan import LIVE, NUDGE_AFTER, PairingFacts, plan
from mentoring.domain.followups.registry import Due, RunContext, performs
from mentoring.domain.followups.schedule import cancel, schedule
from mentoring.lib.clock import utcnow


def facts(pairing: Pairing) -> PairingFacts:
    """What the planner needs from the row."""
    return PairingFacts(
        id=pairing.id,
        program_id=pairing.program_id,
        mentee_id=pairing.mentee_id,
        mentor_id=pairing.mentor_id,
        status=pairing.status,
        terms_kind=pairing.terms_kind,
        terms=pairing.terms or {},
        trial_sessions=pairing.trial_sessions,
        created_at=pairing.created_at,
        started_at=pairing.started_at,
        ends_on=pairing.ends_on,
        ended_at=pairing.ended_at,
        last_contact_at=pairing.last_contact_at,
    )


async def performed_keys(session: AsyncSession, subject_id: UUID) -> set[str]:
    """Keys of the subject's follow-ups already performed (or given up on)."""
    rows = await session.scalars(
        select(FollowUp.key).where(FollowUp.subject_id == subject_id, FollowUp.state.in_(("done", "failed")))
    )
    return set(rows)


async def replan_pairing(session: AsyncSession, pairing_id: UUID, now: datetime | None = None) -> None:
    """Make the pairing's pending follow-ups exactly those its state and terms call for."""
    pairing = await session.get(Pairing, pairing_id, populate_existing=True)
    if pairing is None:
        await cancel(session, pairing_id, reason="pairing gone")
        return
    specs = plan(facts(pairing), now or utcnow(), await performed_keys(session, pairing_id))
    await cancel(session, pairing_id, keep=specs.keys(), reason=f"pairing {pairing.status}")
    for key, spec in specs.items():
        await schedule(
            session,
            kind=spec.kind,
            subject="pairing",
            subject_id=pairing_id,
            key=key,
            due_at=spec.due_at,
            user_id=spec.user_id,
            program_id=pairing.program_id,
            params=spec.params,
        )
    if pairing.status in LIVE:
        pending = await session.scalar(
            select(FollowUp.due_at)
            .where(
                FollowUp.subject_id == pairing_id,
                FollowUp.state == "pending",
                FollowUp.kind == "pairing.checkin",
            )
            .order_by(FollowUp.due_at)
            .limit(1)
        )
        pairing.next_checkin_due_at = pending
    else:
        pairing.next_checkin_due_at = None


async def _pairing(session: AsyncSession, due: Due) -> Pairing | None:
    return await session.get(Pairing, due.subject_id, populate_existing=True)


@performs("pairing.introduction")
async def introduce(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Introduce the pairing to one party."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status not in LIVE or due.user_id is None:
        return "skipped: not live"
    await create_notification(session, due.user_id, "pairing.introduction", {"pairing_id": pairing.id})
    return "notified"


@performs("pairing.notify")
async def remind(session: AsyncSession, due: Due, context: RunContext) -> str:
    """A dated message to one party (trial decision, midpoint review, end-of-term review)."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status not in LIVE or due.user_id is None:
        return "skipped: not live"
    await create_notification(session, due.user_id, str(due.params["message"]), {"pairing_id": pairing.id})
    return "notified"


@performs("pairing.checkin")
async def check_in(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Ask one party how it goes, then plan the next check-in."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status not in LIVE or due.user_id is None:
        return "skipped: not live"
    role = "mentee" if due.user_id == pairing.mentee_id else "mentor"
    message = str(due.params.get("message") or "checkin.due")
    await ask(session, pairing, due.user_id, role, due.id, context.now, message=message)
    await replan_pairing(session, pairing.id, context.now)
    return "asked"


@performs("pairing.nudge")
async def nudge(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Nudge both parties when no meeting was logged for 45 days (re-planned if one was)."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status not in LIVE:
        return "skipped: not live"
    # Logging a meeting moves last_contact_at (the workflow does it), so this is the last sign of life.
    recent = max(filter(None, [pairing.started_at, pairing.last_contact_at]), default=context.now)
    if context.now - recent < NUDGE_AFTER:
        await replan_pairing(session, pairing.id, context.now)
        return "skipped: met meanwhile"
    for user_id in (pairing.mentee_id, pairing.mentor_id):
        await create_notification(session, user_id, "pairing.nudge", {"pairing_id": pairing.id})
    await replan_pairing(session, pairing.id, context.now)
    return "nudged"


@performs("pairing.coordinator_checkin")
async def coordinator_checkin(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Ask the programme's coordinators to check on the pairing; plan the next time."""
    pairing = await _pairing(session, due)
    if pairing is None or pairing.status == "ended":
        return "skipped: ended"
    await alert_coordinators(session, pairing.program_id, "coordinator.checkin", pairing_id=pairing.id)
    await replan_pairing(session, pairing.id, context.now)
    return "notified"


@performs("pairing.sessions_check")
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
    await replan_pairing(session, pairing.id, context.now)
    if held < int(expected) - 1:  # a session of slack before calling it behind
        await alert_coordinators(
            session,
            pairing.program_id,
            "alert.sessions_behind",
            pairing_id=pairing.id,
            held=held,
            expected=round(expected),
        )
        return "behind"
    return "on track"


@performs("pairing.complete")
async def complete(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Complete the pairing at the end of its terms (the workflow's idempotent transition)."""
    from mentoring.domain.pairings.services import complete_pairing

    done = await complete_pairing(session, due.subject_id)
    if not done:
        await replan_pairing(session, due.subject_id, context.now)
    return "completed" if done else "skipped: not due"


@performs("pairing.after_closure")
async def after_closure(session: AsyncSession, due: Due, context: RunContext) -> str:
    """Three months after closure, ask how they are doing."""
    if due.user_id is None:
        return "skipped"
    await create_notification(session, due.user_id, "pairing.after_closure", {"pairing_id": due.subject_id})
    return "notified"
