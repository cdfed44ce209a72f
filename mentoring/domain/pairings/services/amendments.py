"""Amendments of formal terms: one party proposes (extend, change frequency or sessions), the other answers."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import select, update

from mentoring.db.models import TermsAmendment, UserAccount
from mentoring.db.models.states import AmendmentStatus
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.services import notify
from mentoring.domain.pairings.planning.planners import plan_pairing_followups
from mentoring.domain.pairings.schemas.pairings import AmendmentChanges, AmendmentRead
from mentoring.domain.pairings.services.pairings import (
    PairingService,
    amendment_read,
    lock_pairing,
    other_party,
)
from mentoring.domain.pairings.services.terms import planned_end, read_terms, split_terms
from mentoring.domain.pairings.states import PairingStatus
from mentoring.domain.programs.schemas import FormalTerms, FormalTermsInput
from mentoring.domain.programs.terms import check_terms
from mentoring.lib.audit import record_audit
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import BadRequestError, ConflictError, ForbiddenError, NotFoundError

PA = PairingStatus
AMENDABLE = {PA.TRIAL, PA.ACTIVE, PA.PAUSED}


def amended(terms: FormalTerms, changes: dict[str, Any]) -> FormalTerms:
    """The terms with the amendment's changes applied (400 if the sessions no longer fit the duration)."""
    new = msgspec.structs.replace(
        terms,
        frequency=changes.get("frequency") or terms.frequency,
        sessions=changes.get("sessions") or terms.sessions,
        duration_weeks=terms.duration_weeks + (changes.get("extend_weeks") or 0),
    )
    fields = msgspec.structs.asdict(new)
    fields.pop("confidentiality_version")
    check_terms(FormalTermsInput(**fields))
    return new


#: What the author of an amendment is told, by answer.
ANSWERED = {"accepted": NotificationKind.AMENDMENT_ACCEPTED, "declined": NotificationKind.AMENDMENT_DECLINED}


class AmendmentService(PairingService):
    """Propose and answer amendments."""

    async def propose_amendment(
        self, user: UserAccount, pairing_id: UUID, changes: AmendmentChanges
    ) -> AmendmentRead:
        """A party proposes a change of formal terms; it applies once the other accepts."""
        pairing, role = await self.as_party(user, pairing_id)
        data = {k: v for k, v in msgspec.structs.asdict(changes).items() if v is not None}
        if not data:
            raise BadRequestError("An amendment changes at least one of extend_weeks, frequency, sessions")
        pairing = await lock_pairing(self.session, pairing_id, AMENDABLE, "amend the terms of")
        terms = read_terms(pairing.terms_kind, pairing.terms)
        if not isinstance(terms, FormalTerms):
            raise ConflictError("Informal terms have no frequency, duration or sessions to amend")
        amended(terms, data)  # refuse now what could never apply
        if await self.session.scalar(
            select(TermsAmendment.id).where(
                TermsAmendment.pairing_id == pairing_id,
                TermsAmendment.status == AmendmentStatus.PENDING.value,
            )
        ):
            raise ConflictError("An amendment is already waiting for an answer on this pairing")
        amendment = TermsAmendment(
            pairing_id=pairing_id, proposed_by_id=user.id, changes=data, status=AmendmentStatus.PENDING.value
        )
        self.session.add(amendment)
        await self.session.flush()
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="pairing",
            entity_id=pairing_id,
            action="amendment.proposed",
            amendment_id=amendment.id,
            role=role,
            **data,
        )
        await notify(
            self.session,
            other_party(pairing, user.id),
            NotificationKind.AMENDMENT_PROPOSED,
            {"pairing_id": str(pairing_id)},
        )
        return amendment_read(amendment)

    async def _answer(
        self, user: UserAccount, pairing_id: UUID, amendment_id: UUID, answer: str
    ) -> TermsAmendment:
        await self.as_party(user, pairing_id)
        amendment = await self.session.get(TermsAmendment, amendment_id)
        if amendment is None or amendment.pairing_id != pairing_id:
            raise NotFoundError(f"No amendment {amendment_id}")
        if amendment.proposed_by_id == user.id:
            raise ForbiddenError("The other party answers an amendment, not its author")
        row = (
            await self.session.execute(
                update(TermsAmendment)
                .where(
                    TermsAmendment.id == amendment_id, TermsAmendment.status == AmendmentStatus.PENDING.value
                )
                .values(status=answer, answered_by_id=user.id, answered_at=utcnow())
                .returning(TermsAmendment)
                .execution_options(populate_existing=True, synchronize_session=False)
            )
        ).scalar_one_or_none()
        if row is None:
            raise ConflictError(
                f"Cannot answer this amendment: it is {amendment.status}", extra={"state": amendment.status}
            )
        await record_audit(
            self.session,
            actor_id=user.id,
            entity="pairing",
            entity_id=pairing_id,
            action=f"amendment_{answer}",
            amendment_id=amendment_id,
        )
        if amendment.proposed_by_id is not None:
            await notify(
                self.session, amendment.proposed_by_id, ANSWERED[answer], {"pairing_id": str(pairing_id)}
            )
        return row

    async def accept_amendment(
        self, user: UserAccount, pairing_id: UUID, amendment_id: UUID
    ) -> AmendmentRead:
        """The other party accepts: the terms change now (and the planned end moves)."""
        amendment = await self._answer(user, pairing_id, amendment_id, AmendmentStatus.ACCEPTED.value)
        pairing = await lock_pairing(self.session, pairing_id, AMENDABLE, "amend the terms of")
        terms = read_terms(pairing.terms_kind, pairing.terms)
        if not isinstance(terms, FormalTerms):  # pragma: no cover - refused when proposed
            raise ConflictError("Informal terms have no frequency, duration or sessions to amend")
        new = amended(terms, amendment.changes)
        pairing.terms_kind, pairing.terms = split_terms(new)
        pairing.terms_version += 1
        if pairing.started_at is not None:
            pairing.ends_on = planned_end(new, pairing.started_at.date())
        await self.session.flush()
        await plan_pairing_followups(self.session, pairing_id)
        return amendment_read(amendment)

    async def decline_amendment(
        self, user: UserAccount, pairing_id: UUID, amendment_id: UUID
    ) -> AmendmentRead:
        """The other party declines: the terms stay as they are."""
        return amendment_read(
            await self._answer(user, pairing_id, amendment_id, AmendmentStatus.DECLINED.value)
        )
