"""How pairings stop and restart: the trial's outcome, pauses, early endings, completion, exit feedback."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import ExitFeedback, MentorshipRequest, Pairing, UserAccount
from mentoring.db.models.states import EndKind
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import notify
from mentoring.domain.pairings.planning.planners import plan_pairing_followups, plan_request_followups
from mentoring.domain.pairings.schemas.pairings import FeedbackCreate, PairingRead
from mentoring.domain.pairings.services.capacity import free_place
from mentoring.domain.pairings.services.common import transition
from mentoring.domain.pairings.services.pairings import (
    PairingService,
    lock_pairing,
    other_party,
    sessions_held,
)
from mentoring.domain.pairings.states import PAIRING_TRANSITIONS, REQUEST_TRANSITIONS, PairingStatus
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError

PA = PairingStatus


async def _after_end(session: AsyncSession, pairing: Pairing) -> None:
    """Free the mentor's place (same transaction), replan follow-ups, ask both for exit feedback."""
    await free_place(session, pairing.mentor_id)
    await plan_pairing_followups(session, pairing.id)
    for user_id in (pairing.mentee_id, pairing.mentor_id):
        await notify(
            session,
            user_id,
            NotificationKind.PAIRING_ENDED,
            {"pairing_id": str(pairing.id), "end_kind": pairing.end_kind},
        )
        await notify(
            session, user_id, NotificationKind.PAIRING_EXIT_FEEDBACK, {"pairing_id": str(pairing.id)}
        )


async def complete_pairing(session: AsyncSession, pairing_id: UUID) -> bool:
    """End a pairing at the end of its terms and free the mentor's place; idempotent.

    Returns:
        Whether this call ended it (False if it is not active or paused, or its terms have not ended).
    """
    now = utcnow()
    due = await session.scalar(
        select(Pairing.id).where(
            Pairing.id == pairing_id,
            Pairing.status.in_([PA.ACTIVE.value, PA.PAUSED.value]),
            Pairing.ends_on.is_not(None),
            Pairing.ends_on <= now.date(),
        )
    )
    if due is None:
        return False
    try:
        pairing = await transition(
            session,
            Pairing,
            pairing_id,
            PAIRING_TRANSITIONS["complete"],
            actor_id=None,
            values={"ended_at": now, "end_kind": EndKind.COMPLETED.value, "paused_from": None},
            where=(Pairing.ends_on <= now.date(),),
        )
    except ConflictError:
        return False
    await _after_end(session, pairing)
    return True


class ClosureService(PairingService):
    """The trial's outcome, pauses and endings, and exit feedback."""

    async def confirm_trial(self, user: UserAccount, pairing_id: UUID) -> PairingRead:
        """Confirm to continue after the trial sessions; once both confirmed the pairing is active."""
        _, role = await self.as_party(user, pairing_id)
        pairing = await lock_pairing(self.session, pairing_id, {PA.TRIAL}, "confirm the trial of")
        held, _ = await sessions_held(self.session, pairing_id)
        if held < pairing.trial_sessions:
            raise ConflictError(
                f"The trial has {pairing.trial_sessions} session(s) and {held} was logged so far: "
                "log the trial meeting first"
            )
        if getattr(pairing, f"{role}_confirmed_at") is not None:
            raise ConflictError("You already confirmed the trial")
        now = utcnow()
        setattr(pairing, f"{role}_confirmed_at", now)
        await self.session.flush()
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="pairing",
            entity_id=pairing_id,
            action="trial_confirmed",
            role=role,
        )
        if pairing.mentee_confirmed_at is not None and pairing.mentor_confirmed_at is not None:
            pairing = await transition(
                self.session,
                Pairing,
                pairing_id,
                PAIRING_TRANSITIONS["confirm_trial"],
                actor_id=user.id,
                values={"active_since": now},
            )
            await plan_pairing_followups(self.session, pairing_id)
            for party in (pairing.mentee_id, pairing.mentor_id):
                await notify(
                    self.session, party, NotificationKind.PAIRING_ACTIVE, {"pairing_id": str(pairing_id)}
                )
        else:
            await notify(
                self.session,
                other_party(pairing, user.id),
                NotificationKind.PAIRING_TRIAL_CONFIRMED,
                {"pairing_id": str(pairing_id)},
            )
        return await self.read(pairing, user)

    async def leave_trial(self, user: UserAccount, pairing_id: UUID) -> PairingRead:
        """Leave during the trial without fault: the mentee's request returns to the queue ahead of newer ones."""
        await self.as_party(user, pairing_id)
        now = utcnow()
        pairing = await transition(
            self.session,
            Pairing,
            pairing_id,
            PAIRING_TRANSITIONS["leave_trial"],
            actor_id=user.id,
            values={"ended_at": now, "end_kind": EndKind.TRIAL_EXIT.value, "ended_by_id": user.id},
        )
        await transition(
            self.session,
            MentorshipRequest,
            pairing.request_id,
            REQUEST_TRANSITIONS["requeue"],
            actor_id=user.id,
            values={"priority": True, "matched_at": None},
        )
        await plan_request_followups(self.session, pairing.request_id)
        await _after_end(self.session, pairing)
        return await self.read(pairing, user)

    async def pause(self, user: UserAccount, pairing_id: UUID) -> PairingRead:
        """A coordinator pauses a pairing (it keeps the mentor's place)."""
        await self.as_coordinator(user, pairing_id)
        pairing = await transition(
            self.session,
            Pairing,
            pairing_id,
            PAIRING_TRANSITIONS["pause"],
            actor_id=user.id,
            values={"paused_from": Pairing.status},
        )
        await plan_pairing_followups(self.session, pairing_id)
        for party in (pairing.mentee_id, pairing.mentor_id):
            await notify(
                self.session, party, NotificationKind.PAIRING_PAUSED, {"pairing_id": str(pairing_id)}
            )
        return await self.read(pairing, user)

    async def resume(self, user: UserAccount, pairing_id: UUID) -> PairingRead:
        """A coordinator resumes a paused pairing in the state it was paused from."""
        pairing = await self.as_coordinator(user, pairing_id)
        if pairing.status != PA.PAUSED or pairing.paused_from is None:
            raise ConflictError(
                f"Cannot resume this pairing: it is {pairing.status}", extra={"state": pairing.status}
            )
        pairing = await transition(
            self.session,
            Pairing,
            pairing_id,
            PAIRING_TRANSITIONS[f"resume_{pairing.paused_from}"],
            actor_id=user.id,
            values={"paused_from": None},
            where=(Pairing.paused_from == pairing.paused_from,),
        )
        await plan_pairing_followups(self.session, pairing_id)
        for party in (pairing.mentee_id, pairing.mentor_id):
            await notify(
                self.session, party, NotificationKind.PAIRING_RESUMED, {"pairing_id": str(pairing_id)}
            )
        return await self.read(pairing, user)

    async def end_early(self, user: UserAccount, pairing_id: UUID, reason: str) -> PairingRead:
        """Either party or a coordinator ends the pairing before its terms end; the place is freed at once."""
        await self.load(user, pairing_id)
        return await self.read(
            await end_pairing_early(self.session, pairing_id, reason, actor_id=user.id), user
        )

    async def give_feedback(self, user: UserAccount, pairing_id: UUID, data: FeedbackCreate) -> PairingRead:
        """Exit feedback from a party, once the pairing ended (once each)."""
        pairing, role = await self.as_party(user, pairing_id)
        if pairing.status != PA.ENDED:
            raise ConflictError(f"Feedback comes once the pairing ended: it is {pairing.status}")
        exists = await self.session.scalar(
            select(ExitFeedback.id).where(
                ExitFeedback.pairing_id == pairing_id, ExitFeedback.user_id == user.id
            )
        )
        if exists is not None:
            raise ConflictError("You already gave your feedback on this pairing")
        self.session.add(
            ExitFeedback(
                pairing_id=pairing_id,
                user_id=user.id,
                role=role,
                rating=data.rating,
                went_well=data.went_well.strip(),
                would_recommend=data.would_recommend,
                submitted_at=utcnow(),
            )
        )
        await self.session.flush()
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="pairing",
            entity_id=pairing_id,
            action="feedback_given",
            role=role,
        )
        return await self.read(pairing, user)


async def end_pairing_early(
    session: AsyncSession, pairing_id: UUID, reason: str, *, actor_id: UUID | None
) -> Pairing:
    """End a live pairing now with a reason from the list, freeing the mentor's place in the same transaction."""
    pairing = await transition(
        session,
        Pairing,
        pairing_id,
        PAIRING_TRANSITIONS["end_early"],
        actor_id=actor_id,
        values={
            "ended_at": utcnow(),
            "end_kind": EndKind.EARLY.value,
            "end_reason": reason,
            "ended_by_id": actor_id,
            "paused_from": None,
        },
        audit={"reason": reason},
    )
    await _after_end(session, pairing)
    return pairing
