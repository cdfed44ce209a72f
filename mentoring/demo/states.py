"""The demo's workflow in every state, built through the domain services as people would build it.

Each scenario acts as its people would (the mentee opens a request, the coordinator proposes and
approves, each party answers, signs, logs a meeting…). Scenarios in the past run under a clock set
back (:func:`_days_ago`), so waiting times, pairings and their follow-ups have real dates.

What each login shows is in :data:`SHOWS`; ``make run`` prints it beside the logins.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import FollowUp, MentorshipRequest, Pairing, Program, UserAccount
from mentoring.demo.people import ADDICTION, JOB_LOSS
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import EMAIL_KIND, notify
from mentoring.domain.pairings.schemas.activity import ConcernCreate, SessionCreate
from mentoring.domain.pairings.schemas.pairings import FeedbackCreate
from mentoring.domain.pairings.services.checkins import ask
from mentoring.domain.pairings.services.closure import ClosureService
from mentoring.domain.pairings.services.concerns import ConcernService
from mentoring.domain.pairings.services.proposals import ProposalService
from mentoring.domain.pairings.services.requests import RequestService
from mentoring.domain.pairings.services.rounds import RoundService
from mentoring.domain.pairings.services.sessions import SessionService
from mentoring.domain.profiles.qualifications import QualificationService
from mentoring.domain.profiles.schemas import QualificationInput
from mentoring.lib import clock
from mentoring.lib.clock import OffsetClock, utcnow
from mentoring.settings import Settings

__all__ = ["SHOWS", "seed_active_pairing_messages", "seed_states"]

#: e-mail's local part -> what that person's pages show once the demo is seeded.
SHOWS: dict[str, str] = {
    "coordinator": "coordinator of both programmes: a proposal to review, qualifications to verify, "
    "a safety concern and an ordinary one, a failed follow-up, mentees waiting and unmatched",
    "mentor1": "mentor (Amira) in a formal pairing awaiting both signatures",
    "mentor2": "mentor (Ben) in a pairing in trial, with a safety concern raised on it",
    "mentor3": "professional mentor (Chloé) with a qualification awaiting verification",
    "mentor4": "mentor (Dev) who accepted a proposal: waiting for the mentee's answer",
    "mentor5": "professional mentor (Élise) proposed to a mentee: awaiting the coordinator's review",
    "mentor6": "mentor (Farid) of a closed pairing with exit feedback",
    "mentor7": "mentor (Grace) of an active pairing (full: no free place), a no-show concern raised",
    "mentor8": "mentor (Hugo) with a proposal to answer",
    "mentee1": "mentee (Inès, French) in a formal pairing: the agreement to sign",
    "mentee2": "mentee (Jack) in a pairing in trial",
    "mentee3": "mentee (Karim, French) whose pairing ended, with exit feedback given",
    "mentee4": "mentee (Lena) whose proposal is with the coordinator",
    "mentee5": "mentee (Marc) with a proposal to answer (the mentor already accepted)",
    "mentee6": "mentee (Nadia) in an active pairing with a check-in due",
    "mentee7": "mentee (Olivier, French) waiting for 3 days",
    "mentee8": "mentee (Priya) who accepted a proposal: waiting for the mentor's answer",
    "mentee9": "mentee (Quentin, French) waiting for 5 days",
    "mentee10": "mentee (Rosa) waiting for 18 days, past the programme's target",
    "mentee11": "mentee (Sami) waiting for 25 days",
    "mentee12": "mentee (Tess) waiting for 2 days",
    "mentee13": "mentee (Ugo) unmatched: no mentor speaks Italian",
    "mentee14": "mentee (Vera, French) unmatched: in person only, no mentor in Marseille",
    "mentee15": "mentee (Wen) unmatched: the only fitting mentor has no free place",
}

#: Open requests: mentee number -> (programme, days waiting).
WAITING = {7: (ADDICTION, 3), 9: (JOB_LOSS, 5), 10: (JOB_LOSS, 18), 11: (ADDICTION, 25), 12: (JOB_LOSS, 2)}
WAITING |= {13: (JOB_LOSS, 12), 14: (JOB_LOSS, 9), 15: (ADDICTION, 6)}

#: Qualifications the coordinator has yet to verify: mentor number -> qualification.
PENDING_QUALIFICATIONS = {
    3: QualificationInput(title="Harm reduction training", issuer="Santé publique Québec"),
    5: QualificationInput(title="Burnout prevention certificate", issuer="Université libre de Bruxelles"),
}


@contextmanager
def _days_ago(days: float) -> Iterator[None]:
    """Act as if it were ``days`` ago (time still passes), then put the clock back."""
    previous = clock.current()
    offset = previous.now() - datetime.now(UTC) - timedelta(days=days)
    clock.install(OffsetClock(offset))
    try:
        yield
    finally:
        clock.install(previous)


async def seed_active_pairing_messages(
    session: AsyncSession, pairing: Pairing, mentee: UserAccount, mentor: UserAccount
) -> None:
    """Seed a short conversation in the demo's active pairing (Nadia and Grace), the last message unread.

    Called once, when the pairing has just been made; the messaging domain writes the thread.
    """
    from mentoring.domain.messaging.demo import seed_demo_messages

    await seed_demo_messages(session, pairing.id, read=False)


class _States:
    """Moves the demo's people through the workflow, in the caller's transaction."""

    def __init__(
        self,
        session: AsyncSession,
        settings: Settings,
        coordinator: UserAccount,
        programs: dict[str, Program],
        mentors: dict[int, UserAccount],
        mentees: dict[int, UserAccount],
    ) -> None:
        self.session = session
        self.settings = settings
        self.coordinator = coordinator
        self.programs = programs
        self.mentors = mentors
        self.mentees = mentees

    async def request(self, mentee: int, program: str) -> UUID:
        read = await RequestService(self.session).open(
            self.mentees[mentee],
            self.programs[program].id,
            "I would like to talk to someone who has been there.",
        )
        return read.id

    async def proposal(self, mentee: int, program: str, mentor: int, *, approve: bool = True) -> UUID:
        """The mentee asks, the coordinator proposes ``mentor`` by hand and (``approve``) offers it."""
        request_id = await self.request(mentee, program)
        proposal = await RoundService(self.session).propose_by_hand(
            self.coordinator, request_id, self.mentors[mentor].id
        )
        if approve:
            await ProposalService(self.session).approve(self.coordinator, proposal.id, None)
        return proposal.id

    async def pairing(self, mentee: int, program: str, mentor: int) -> Pairing:
        """A proposal both accepted: the pairing it started."""
        proposal_id = await self.proposal(mentee, program, mentor)
        proposals = ProposalService(self.session)
        await proposals.accept(self.mentees[mentee], proposal_id)
        await proposals.accept(self.mentors[mentor], proposal_id)
        pairing = await self.session.scalar(select(Pairing).where(Pairing.proposal_id == proposal_id))
        assert pairing is not None
        return pairing

    async def meet(self, pairing: Pairing, mentee: int, days_ago: int) -> None:
        held = (utcnow() - timedelta(days=days_ago)).date()
        await SessionService(self.session).log(
            self.mentees[mentee], pairing.id, SessionCreate(held_on=held, duration_minutes=60, format="video")
        )

    async def run(self) -> None:
        """Every state of the workflow, once."""
        for mentee, (program, days) in WAITING.items():
            with _days_ago(days):
                await self.request(mentee, program)
        with _days_ago(4):
            await self.proposal(4, JOB_LOSS, 5, approve=False)  # Lena: the coordinator's review
        with _days_ago(2):
            marc = await self.proposal(5, JOB_LOSS, 4)  # Marc: the mentor accepted, the mentee to answer
            await ProposalService(self.session).accept(self.mentors[4], marc)
            priya = await self.proposal(8, JOB_LOSS, 8)  # Priya: accepted, the mentor to answer
            await ProposalService(self.session).accept(self.mentees[8], priya)
        with _days_ago(3):
            await self.pairing(1, JOB_LOSS, 1)  # Inès and Amira: a formal agreement to sign
        with _days_ago(6):
            jack = await self.pairing(2, ADDICTION, 2)  # Jack and Ben: in trial
        await ConcernService(self.session).raise_concern(
            self.mentees[2],
            jack.id,
            ConcernCreate(kind="safety", description="I did not feel safe at our last meeting."),
        )
        await self.active_pairing()
        await self.closed_pairing()
        qualifications = QualificationService(self.session)
        for mentor, qualification in PENDING_QUALIFICATIONS.items():
            await qualifications.add(self.mentors[mentor].id, qualification)
        await self.failed_followup()

    async def active_pairing(self) -> None:
        """Nadia and Grace: past the trial, active, a check-in due and a no-show concern."""
        with _days_ago(30):
            nadia = await self.pairing(6, ADDICTION, 7)
        with _days_ago(16):
            await self.meet(nadia, 6, days_ago=7)
            await self.meet(nadia, 6, days_ago=1)
            closure = ClosureService(self.session)
            await closure.confirm_trial(self.mentees[6], nadia.id)
            await closure.confirm_trial(self.mentors[7], nadia.id)
        await self.session.refresh(nadia)
        await ask(self.session, nadia, self.mentees[6].id, "mentee", None, utcnow())
        await ConcernService(self.session).raise_concern(
            self.mentors[7],
            nadia.id,
            ConcernCreate(kind="no_show", description="We missed the last meeting we had planned."),
        )
        await seed_active_pairing_messages(self.session, nadia, self.mentees[6], self.mentors[7])

    async def closed_pairing(self) -> None:
        """Karim and Farid: met, ended by Karim, feedback from both."""
        with _days_ago(60):
            karim = await self.pairing(3, ADDICTION, 6)
        with _days_ago(40):
            await self.meet(karim, 3, days_ago=10)
            await self.meet(karim, 3, days_ago=3)
        with _days_ago(10):
            closure = ClosureService(self.session)
            await closure.end_early(self.mentees[3], karim.id, "goals_reached")
            await closure.give_feedback(
                self.mentees[3],
                karim.id,
                FeedbackCreate(rating=5, would_recommend=True, went_well="Farid helped me make a plan."),
            )
            await closure.give_feedback(
                self.mentors[6], karim.id, FeedbackCreate(rating=4, would_recommend=True)
            )

    async def failed_followup(self) -> None:
        """An e-mail to the coordinator whose every attempt failed (the console offers a retry)."""
        program = self.programs[JOB_LOSS]
        notification_id = await notify(
            self.session,
            self.coordinator.id,
            NotificationKind.REQUEST_WAITING,
            {"program_id": str(program.id)},
        )
        row = await self.session.scalar(
            select(FollowUp).where(FollowUp.kind == EMAIL_KIND, FollowUp.subject_id == notification_id)
        )
        assert row is not None
        row.state = "failed"
        row.attempts = self.settings.jobs.max_attempts
        row.last_error = "SMTP 550: mailbox unavailable (demo)"
        row.finished_at = utcnow()
        await self.session.flush()


async def already_seeded(session: AsyncSession, mentees: dict[int, UserAccount]) -> bool:
    """Whether the workflow was seeded before (the first mentee has a request)."""
    first = mentees.get(1)
    if first is None:
        return False
    found = await session.scalar(select(MentorshipRequest.id).where(MentorshipRequest.mentee_id == first.id))
    return found is not None


async def seed_states(
    session: AsyncSession,
    settings: Settings,
    coordinator: UserAccount,
    programs: dict[str, Program],
    mentors: dict[int, UserAccount],
    mentees: dict[int, UserAccount],
) -> None:
    """Put the demo's people in every state of the workflow, unless that was done before."""
    if await already_seeded(session, mentees):
        return
    await _States(session, settings, coordinator, programs, mentors, mentees).run()
