"""Pairings: started by the second acceptance, read by their parties and coordinators, terms and agreement."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import (
    AgreementSignature,
    Concern,
    ExitFeedback,
    MentoringSession,
    MentorshipRequest,
    Pairing,
    Proposal,
    TermsAmendment,
    UserAccount,
)
from mentoring.db.models.states import AmendmentStatus, Answer, ConcernStatus
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import notify
from mentoring.domain.pairings.planning.planners import plan_pairing_followups, plan_request_followups
from mentoring.domain.pairings.schemas.pairings import (
    AmendmentRead,
    FeedbackRead,
    PairingRead,
    SignatureRead,
)
from mentoring.domain.pairings.services.capacity import take_place
from mentoring.domain.pairings.services.common import coordinates, display_names, fetch_page, transition
from mentoring.domain.pairings.services.terms import committed_sessions, planned_end, read_terms, split_terms
from mentoring.domain.pairings.states import (
    PAIRING_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    REQUEST_TRANSITIONS,
    PairingStatus,
)
from mentoring.domain.programs.schemas import FormalTerms, FormalTermsInput, TermsInput
from mentoring.domain.programs.scope import get_program
from mentoring.domain.programs.terms import next_terms
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import BadRequestError, ConflictError, ForbiddenError, NotFoundError
from mentoring.lib.pagination import LimitOffset, OffsetPagination, paginate

PA = PairingStatus


async def lock_pairing(
    session: AsyncSession, pairing_id: UUID, states: set[PairingStatus], doing: str
) -> Pairing:
    """Take the pairing's row lock while it is in one of ``states`` (409 naming its state otherwise).

    Changes that depend on both parties (two signatures, two confirmations) lock the row first, so
    the second of two concurrent calls sees the first's write once it gets the lock.
    """
    row = (
        await session.execute(
            update(Pairing)
            .where(Pairing.id == pairing_id, Pairing.status.in_([s.value for s in states]))
            .values(updated_at=utcnow())
            .returning(Pairing)
            .execution_options(populate_existing=True, synchronize_session=False)
        )
    ).scalar_one_or_none()
    if row is None:
        current = await session.scalar(select(Pairing.status).where(Pairing.id == pairing_id))
        if current is None:
            raise NotFoundError(f"No pairing {pairing_id}")
        raise ConflictError(f"Cannot {doing} this pairing: it is {current}", extra={"state": current})
    return row


def party_role(pairing: Pairing, user_id: UUID) -> str | None:
    """``mentee``, ``mentor`` or None."""
    if user_id == pairing.mentee_id:
        return "mentee"
    if user_id == pairing.mentor_id:
        return "mentor"
    return None


def other_party(pairing: Pairing, user_id: UUID) -> UUID:
    """The pairing's other person."""
    return pairing.mentor_id if user_id == pairing.mentee_id else pairing.mentee_id


async def sessions_held(session: AsyncSession, pairing_id: UUID) -> tuple[int, int]:
    """How many meetings were logged for the pairing, and their minutes."""
    count, minutes = (
        await session.execute(
            select(
                func.count(MentoringSession.id), func.coalesce(func.sum(MentoringSession.duration_minutes), 0)
            ).where(MentoringSession.pairing_id == pairing_id)
        )
    ).one()
    return int(count), int(minutes)


def amendment_read(a: TermsAmendment) -> AmendmentRead:
    """Describe an amendment."""
    return AmendmentRead(
        id=a.id,
        pairing_id=a.pairing_id,
        proposed_by_id=a.proposed_by_id,
        extend_weeks=a.changes.get("extend_weeks"),
        frequency=a.changes.get("frequency"),
        sessions=a.changes.get("sessions"),
        status=a.status,  # type: ignore[arg-type]
        created_at=a.created_at,
        answered_at=a.answered_at,
    )


async def start_pairing(session: AsyncSession, proposal_id: UUID, *, actor_id: UUID | None) -> Pairing:
    """Start a pairing from a proposal both accepted, in the caller's transaction.

    The proposal moves to ``accepted`` with a conditional UPDATE (so one proposal starts at most one
    pairing), the mentor's place is taken with a conditional UPDATE (409 when full) and the request
    is matched: any refusal rolls all of it back.
    """
    now = utcnow()
    proposal = await transition(
        session,
        Proposal,
        proposal_id,
        PROPOSAL_TRANSITIONS["accept"],
        actor_id=actor_id,
        values={"closed_at": now},
        where=(
            Proposal.mentor_answer == Answer.ACCEPTED.value,
            Proposal.mentee_answer == Answer.ACCEPTED.value,
        ),
    )
    await take_place(session, proposal.mentor_id)
    program = await get_program(session, proposal.program_id)
    terms = read_terms(proposal.terms_kind, proposal.terms)
    formal = isinstance(terms, FormalTerms)
    pairing = Pairing(
        proposal_id=proposal.id,
        request_id=proposal.request_id,
        program_id=proposal.program_id,
        mentee_id=proposal.mentee_id,
        mentor_id=proposal.mentor_id,
        status=(PA.AWAITING_AGREEMENT if formal else PA.TRIAL).value,
        terms_kind=proposal.terms_kind,
        terms=proposal.terms,
        trial_sessions=program.trial_sessions,
        started_at=None if formal else now,
        ends_on=None if formal else planned_end(terms, now.date()),
    )
    session.add(pairing)
    await session.flush()
    await record_audit(
        session,
        actor_id=actor_id,
        entity="pairing",
        entity_id=pairing.id,
        action="start",
        to=pairing.status,
        proposal_id=proposal.id,
    )
    await transition(
        session,
        MentorshipRequest,
        proposal.request_id,
        REQUEST_TRANSITIONS["match"],
        actor_id=actor_id,
        values={"matched_at": now},
        audit={"pairing_id": pairing.id},
    )
    await plan_pairing_followups(session, pairing.id)
    await plan_request_followups(session, proposal.request_id)
    for user_id in (pairing.mentee_id, pairing.mentor_id):
        await notify(session, user_id, NotificationKind.PAIRING_STARTED, {"pairing_id": str(pairing.id)})
    return pairing


class PairingService:
    """Read pairings; adjust terms before the start; sign the confidentiality agreement."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, user: UserAccount, pairing_id: UUID) -> tuple[Pairing, str | None]:
        """The pairing and the caller's role in it (None for a coordinator); 404 for anyone else."""
        pairing = await self.session.get(Pairing, pairing_id)
        if pairing is None:
            raise NotFoundError(f"No pairing {pairing_id}")
        role = party_role(pairing, user.id)
        if role is None and not await coordinates(self.session, user, pairing.program_id):
            raise NotFoundError(f"No pairing {pairing_id}")
        return pairing, role

    async def as_party(self, user: UserAccount, pairing_id: UUID) -> tuple[Pairing, str]:
        """The pairing if the caller is its mentee or mentor (403 for its coordinators, 404 for others)."""
        pairing, role = await self.load(user, pairing_id)
        if role is None:
            raise ForbiddenError("Only the mentee and the mentor may do this")
        return pairing, role

    async def as_coordinator(self, user: UserAccount, pairing_id: UUID) -> Pairing:
        """The pairing if the caller coordinates its programme (403 for its parties, 404 for others)."""
        pairing, role = await self.load(user, pairing_id)
        if role is not None and not await coordinates(self.session, user, pairing.program_id):
            raise ForbiddenError("Only the programme's coordinators may do this")
        return pairing

    async def read(self, pairing: Pairing, viewer: UserAccount) -> PairingRead:
        """Describe a pairing for this viewer (feedback and concerns figures for coordinators only)."""
        role = party_role(pairing, viewer.id)
        names = await display_names(self.session, {pairing.mentee_id, pairing.mentor_id})
        program = await get_program(self.session, pairing.program_id)
        terms = read_terms(pairing.terms_kind, pairing.terms)
        held, minutes = await sessions_held(self.session, pairing.id)
        signatures = await self.session.scalars(
            select(AgreementSignature)
            .where(AgreementSignature.pairing_id == pairing.id)
            .order_by(AgreementSignature.signed_at)
        )
        pending = await self.session.scalar(
            select(TermsAmendment).where(
                TermsAmendment.pairing_id == pairing.id,
                TermsAmendment.status == AmendmentStatus.PENDING.value,
            )
        )
        feedback_query = select(ExitFeedback).where(ExitFeedback.pairing_id == pairing.id)
        if role is not None:
            feedback_query = feedback_query.where(ExitFeedback.user_id == viewer.id)
        feedback = await self.session.scalars(feedback_query.order_by(ExitFeedback.submitted_at))
        open_concerns = None
        if role is None:
            open_concerns = int(
                await self.session.scalar(
                    select(func.count(Concern.id)).where(
                        Concern.pairing_id == pairing.id, Concern.status == ConcernStatus.OPEN.value
                    )
                )
                or 0
            )
        return PairingRead(
            id=pairing.id,
            proposal_id=pairing.proposal_id,
            request_id=pairing.request_id,
            program_id=pairing.program_id,
            mentee_id=pairing.mentee_id,
            mentee_name=names.get(pairing.mentee_id, ""),
            mentor_id=pairing.mentor_id,
            mentor_name=names.get(pairing.mentor_id, ""),
            status=pairing.status,  # type: ignore[arg-type]
            paused_from=pairing.paused_from,  # type: ignore[arg-type]
            terms=terms,
            terms_version=pairing.terms_version,
            trial_sessions=pairing.trial_sessions,
            sessions_held=held,
            minutes_held=minutes,
            sessions_committed=committed_sessions(terms),
            signatures=[
                SignatureRead(
                    user_id=s.user_id,
                    role=s.role,  # type: ignore[arg-type]
                    text_version=s.text_version,
                    signed_at=s.signed_at,
                )
                for s in signatures
            ],
            mentee_confirmed_at=pairing.mentee_confirmed_at,
            mentor_confirmed_at=pairing.mentor_confirmed_at,
            created_at=pairing.created_at,
            started_at=pairing.started_at,
            active_since=pairing.active_since,
            ends_on=pairing.ends_on,
            last_contact_at=pairing.last_contact_at,
            next_checkin_due_at=pairing.next_checkin_due_at,
            ended_at=pairing.ended_at,
            end_kind=pairing.end_kind,  # type: ignore[arg-type]
            end_reason=pairing.end_reason,  # type: ignore[arg-type]
            contact_after_closure=program.contact_after_closure,
            pending_amendment=amendment_read(pending) if pending else None,
            feedback=[
                FeedbackRead(
                    role=f.role,  # type: ignore[arg-type]
                    rating=f.rating,
                    went_well=f.went_well,
                    would_recommend=f.would_recommend,
                    submitted_at=f.submitted_at,
                )
                for f in feedback
            ],
            open_concerns=open_concerns,
        )

    async def get(self, user: UserAccount, pairing_id: UUID) -> PairingRead:
        """One pairing."""
        pairing, _ = await self.load(user, pairing_id)
        return await self.read(pairing, user)

    async def mine(self, user: UserAccount, page: LimitOffset) -> OffsetPagination[PairingRead]:
        """The caller's pairings as mentee or mentor, newest first."""
        rows, total = await fetch_page(
            self.session,
            select(Pairing)
            .where(or_(Pairing.mentee_id == user.id, Pairing.mentor_id == user.id))
            .order_by(Pairing.created_at.desc(), Pairing.id),
            page,
        )
        return paginate([await self.read(p, user) for p in rows], total, page)

    async def update_terms(self, user: UserAccount, pairing_id: UUID, terms: TermsInput) -> PairingRead:
        """Adjust formal terms before the start (while the agreement is being signed): signatures start over
        if the agreement's text changed."""
        await self.as_coordinator(user, pairing_id)
        if not isinstance(terms, FormalTermsInput):
            raise BadRequestError("terms.kind: a pairing awaiting its agreement keeps formal terms")
        pairing = await lock_pairing(self.session, pairing_id, {PA.AWAITING_AGREEMENT}, "change the terms of")
        kind, data = split_terms(next_terms(terms, read_terms(pairing.terms_kind, pairing.terms)))
        pairing.terms_kind, pairing.terms = kind, data
        pairing.terms_version += 1
        await self.session.flush()
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="pairing",
            entity_id=pairing.id,
            action="update_terms",
            terms_version=pairing.terms_version,
        )
        for party in (pairing.mentee_id, pairing.mentor_id):
            await notify(
                self.session, party, NotificationKind.PAIRING_TERMS_CHANGED, {"pairing_id": str(pairing.id)}
            )
        return await self.read(pairing, user)

    async def sign_agreement(self, user: UserAccount, pairing_id: UUID, text_version: int) -> PairingRead:
        """Accept the confidentiality agreement; once both accepted the current version, the trial starts."""
        _, role = await self.as_party(user, pairing_id)
        pairing = await lock_pairing(
            self.session, pairing_id, {PA.AWAITING_AGREEMENT}, "sign the agreement of"
        )
        terms = read_terms(pairing.terms_kind, pairing.terms)
        if text_version != terms.confidentiality_version:
            raise ConflictError(
                f"The agreement is at version {terms.confidentiality_version}: read that version and sign it"
            )
        already = await self.session.scalar(
            select(AgreementSignature.id).where(
                AgreementSignature.pairing_id == pairing_id,
                AgreementSignature.user_id == user.id,
                AgreementSignature.text_version == text_version,
            )
        )
        if already is not None:
            raise ConflictError("You already accepted this version of the agreement")
        now = utcnow()
        self.session.add(
            AgreementSignature(
                pairing_id=pairing_id, user_id=user.id, role=role, text_version=text_version, signed_at=now
            )
        )
        await self.session.flush()
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="pairing",
            entity_id=pairing_id,
            action="agreement_signed",
            role=role,
            text_version=text_version,
        )
        roles = set(
            await self.session.scalars(
                select(AgreementSignature.role).where(
                    AgreementSignature.pairing_id == pairing_id,
                    AgreementSignature.text_version == text_version,
                )
            )
        )
        if roles >= {"mentee", "mentor"}:
            pairing = await transition(
                self.session,
                Pairing,
                pairing_id,
                PAIRING_TRANSITIONS["sign_agreement"],
                actor_id=user.id,
                values={"started_at": now, "ends_on": planned_end(terms, now.date())},
            )
            await plan_pairing_followups(self.session, pairing_id)
            for party in (pairing.mentee_id, pairing.mentor_id):
                await notify(
                    self.session,
                    party,
                    NotificationKind.PAIRING_TRIAL_STARTED,
                    {"pairing_id": str(pairing_id)},
                )
        else:
            await notify(
                self.session,
                other_party(pairing, user.id),
                NotificationKind.PAIRING_AGREEMENT_SIGNED,
                {"pairing_id": str(pairing_id)},
            )
        return await self.read(pairing, user)
