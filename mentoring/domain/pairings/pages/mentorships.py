"""The mentorship pages: the reader's mentorships (a mentor's "My mentees"), and one mentorship.

One page for both members, adapted to the reader: its timeline, the agreement to sign, the thread
and shared contact details, meetings, the check-in due, an amendment to answer, raising a concern,
ending it, and exit feedback. Every form posts to its own URL and redirects back (POST-redirect-GET);
a refusal shows the page again with the problem. Only the two members open it (404 for anyone else,
coordinators included: they have their console and see only what a member attaches to a concern).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy import select

from mentoring.db.models import Proposal
from mentoring.domain.messaging.schemas import ContactCreate
from mentoring.domain.messaging.services import MessagingService
from mentoring.domain.pairings.pages.present import CONCERN_KINDS, END_REASONS, FORMATS, FREQUENCIES, STATES
from mentoring.domain.pairings.pages.views import match_for
from mentoring.domain.pairings.schemas.activity import ConcernCreate, SessionCreate
from mentoring.domain.pairings.schemas.checkins import CheckInAnswer
from mentoring.domain.pairings.schemas.pairings import FeedbackCreate
from mentoring.domain.pairings.services.amendments import AmendmentService
from mentoring.domain.pairings.services.checkins import CheckInService
from mentoring.domain.pairings.services.concerns import ConcernService
from mentoring.domain.pairings.services.pairings import PairingService
from mentoring.domain.pairings.services.sessions import SessionService
from mentoring.domain.programs.schemas import FormalTerms
from mentoring.lib.deps import DbSession
from mentoring.lib.errors import DomainError
from mentoring.lib.pagination import LimitOffset
from mentoring.web.context import Web
from mentoring.web.forms import FormData, FormErrors, field_text
from mentoring.web.i18n import N_

__all__ = ["MentorshipPages"]

LABELS: dict[str, Any] = {
    "formats": FORMATS,
    "frequencies": FREQUENCIES,
    "states": STATES,
    "end_reasons": END_REASONS,
    "concern_kinds": CONCERN_KINDS,
}
DONE = {
    "started": N_("Your mentorship has started."),
    "signed": N_("You signed the agreement."),
    "sent": N_("Your message was sent."),
    "shared": N_("Your contact detail is now shown to the other member."),
    "revoked": N_("Your contact detail is no longer shown."),
    "logged": N_("The meeting is logged."),
    "answered": N_("Thank you: your check-in answer is recorded."),
    "amended": N_("Your answer to the change of terms is recorded."),
    "concern": N_("Your concern reached the programme's coordinators."),
    "continued": N_("You confirmed you want to continue after the trial."),
    "ended": N_("The mentorship has ended."),
    "feedback": N_("Thank you for your feedback."),
}
THREAD_SHOWN = 50


def _done(web: Web) -> str | None:
    for key, message in DONE.items():
        if web.request.query_params.get(key):
            return message
    return None


class MentorshipPages(Controller):
    """A member's mentorships."""

    path = "/mentorships"

    @get("/", name="mentorships")
    async def index(self, web: Web, db_session: DbSession) -> Template:
        """The reader's mentorships, newest first: for a mentor, their mentees."""
        assert web.user is not None
        page = await PairingService(db_session).mine(web.user, LimitOffset(limit=100, offset=0))
        return web.render("pairings/mentorships.html", pairings=page.items, **LABELS)

    async def _page(
        self,
        web: Web,
        db: DbSession,
        pairing_id: UUID,
        errors: FormErrors,
        status_code: int = 200,
        form: dict[str, str] | None = None,
    ) -> Template:
        assert web.user is not None
        messaging = MessagingService(db)
        await messaging.member_of(web.user, pairing_id)  # 404 for anyone but the two members
        pairing = await PairingService(db).get(web.user, pairing_id)
        role = "mentee" if web.user.id == pairing.mentee_id else "mentor"
        if status_code == 200:
            await messaging.mark_read(web.user, pairing_id)
        thread = await messaging.latest(web.user, pairing_id, THREAD_SHOWN)
        proposal = await db.scalar(select(Proposal).where(Proposal.id == pairing.proposal_id))
        match = None
        if proposal is not None and pairing.status != "ended":
            match = await match_for(
                db,
                web.user,
                mentee_id=pairing.mentee_id,
                mentor_id=pairing.mentor_id,
                score=proposal.score,
                factors=list(proposal.factors or []),
                reader=web.language,
            )
        meetings = await SessionService(db).for_pairing(
            web.user, pairing_id, LimitOffset(limit=100, offset=0)
        )
        due = await CheckInService(db).mine(web.user, LimitOffset(limit=20, offset=0), open_only=True)
        terms = pairing.terms
        signed = any(
            s.user_id == web.user.id and s.text_version == terms.confidentiality_version
            for s in pairing.signatures
        )
        return web.render(
            "pairings/mentorship.html",
            status_code=status_code,
            status=_done(web) if status_code == 200 else None,
            pairing=pairing,
            role=role,
            formal=isinstance(terms, FormalTerms),
            other_name=pairing.mentor_name if role == "mentee" else pairing.mentee_name,
            match=match,
            thread=thread,
            contacts=await messaging.contacts(web.user, pairing_id),
            meetings=meetings.items,
            check_ins=[c for c in due.items if c.pairing_id == pairing_id],
            signed=signed,
            my_feedback=bool(pairing.feedback),
            today=date.today().isoformat(),
            errors=errors,
            form=form or {},
            **LABELS,
        )

    @get("/{pairing_id:uuid}", name="mentorship")
    async def show(self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID]) -> Template:
        """The mentorship page (opening it marks the other member's messages read)."""
        return await self._page(web, db_session, pairing_id, FormErrors())

    async def _act(
        self,
        web: Web,
        db: DbSession,
        pairing_id: UUID,
        errors: FormErrors,
        field: str,
        action: Callable[[], Awaitable[Any]],
        done: str,
        form: dict[str, str],
    ) -> Template | Redirect:
        """Run the service call unless the form has errors; redirect on success, else show why."""
        if not errors:
            try:
                await action()
            except DomainError as exc:
                errors.add(field, _refusal(exc))
                return await self._page(web, db, pairing_id, errors, exc.status_code, form)
            return web.redirect(f"/mentorships/{pairing_id}?{done}=true#{field}")
        return await self._page(web, db, pairing_id, errors, 400, form)

    @post("/{pairing_id:uuid}/agreement", name="mentorship_sign")
    async def sign(
        self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID], data: FormData
    ) -> Template | Redirect:
        """Sign the confidentiality agreement of the version shown."""
        assert web.user is not None
        user = web.user
        errors = FormErrors()
        version = field_text(data, "text_version")
        if field_text(data, "agree") != "yes":
            errors.add("agree", N_("Tick the box to say you read and accept the agreement"))
        if not version.isdigit():
            errors.add("agree", N_("Reload the page and read the agreement again"))
        return await self._act(
            web,
            db_session,
            pairing_id,
            errors,
            "agree",
            lambda: PairingService(db_session).sign_agreement(user, pairing_id, int(version)),
            "signed",
            {},
        )

    @post("/{pairing_id:uuid}/messages", name="mentorship_message")
    async def send(
        self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID], data: FormData
    ) -> Template | Redirect:
        """Send a message to the other member."""
        assert web.user is not None
        user = web.user
        body = field_text(data, "body")
        errors = FormErrors()
        if not body.strip():
            errors.add("body", N_("Write your message"))
        elif len(body) > 4000:
            errors.add("body", N_("Your message must be 4,000 characters or fewer"))
        return await self._act(
            web,
            db_session,
            pairing_id,
            errors,
            "body",
            lambda: MessagingService(db_session).send(user, pairing_id, body),
            "sent",
            {"body": body},
        )

    @post("/{pairing_id:uuid}/contact", name="mentorship_contact")
    async def share(
        self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID], data: FormData
    ) -> Template | Redirect:
        """Show the other member an e-mail address or a phone number."""
        assert web.user is not None
        user = web.user
        kind, value = field_text(data, "kind"), field_text(data, "contact_value").strip()
        errors = FormErrors()
        if kind not in ("email", "phone"):
            errors.add("kind", N_("Choose an e-mail address or a phone number"))
        if len(value) < 3 or len(value) > 320:
            errors.add("contact_value", N_("Enter the e-mail address or the phone number to share"))
        return await self._act(
            web,
            db_session,
            pairing_id,
            errors,
            "contact_value",
            lambda: MessagingService(db_session).share_contact(
                user, pairing_id, msgspec.convert({"kind": kind, "value": value}, ContactCreate)
            ),
            "shared",
            {"kind": kind, "contact_value": value},
        )

    @post("/{pairing_id:uuid}/contact/revoke", name="mentorship_contact_revoke")
    async def revoke(
        self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID]
    ) -> Template | Redirect:
        """Stop showing the contact detail."""
        assert web.user is not None
        user = web.user
        return await self._act(
            web,
            db_session,
            pairing_id,
            FormErrors(),
            "contact_value",
            lambda: MessagingService(db_session).revoke_contact(user, pairing_id),
            "revoked",
            {},
        )

    @post("/{pairing_id:uuid}/meetings", name="mentorship_meeting")
    async def log_meeting(
        self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID], data: FormData
    ) -> Template | Redirect:
        """Log a meeting that took place."""
        assert web.user is not None
        user = web.user
        form = {
            k: field_text(data, k).strip() for k in ("held_on", "duration_minutes", "format", "private_note")
        }
        errors = FormErrors()
        try:
            held_on = date.fromisoformat(form["held_on"])
        except ValueError:
            errors.add("held_on", N_("Enter the date of the meeting, like 2026-03-31"))
        if not form["duration_minutes"].isdigit() or not 5 <= int(form["duration_minutes"]) <= 480:
            errors.add("duration_minutes", N_("Enter how long it lasted in minutes, from 5 to 480"))
        if form["format"] not in FORMATS:
            errors.add("format", N_("Choose how you met"))
        if len(form["private_note"]) > 5000:
            errors.add("private_note", N_("Your note must be 5,000 characters or fewer"))

        async def log() -> None:
            await SessionService(db_session).log(
                user,
                pairing_id,
                msgspec.convert(
                    {
                        "held_on": held_on,
                        "duration_minutes": int(form["duration_minutes"]),
                        "format": form["format"],
                        "private_note": form["private_note"],
                    },
                    SessionCreate,
                ),
            )

        return await self._act(web, db_session, pairing_id, errors, "held_on", log, "logged", form)

    @post("/{pairing_id:uuid}/check-ins/{check_in_id:uuid}", name="mentorship_check_in")
    async def answer_check_in(
        self,
        web: Web,
        db_session: DbSession,
        pairing_id: FromPath[UUID],
        check_in_id: FromPath[UUID],
        data: FormData,
    ) -> Template | Redirect:
        """Answer the check-in that is due."""
        assert web.user is not None
        user = web.user
        met, rating, concern = (
            field_text(data, "met"),
            field_text(data, "rating"),
            field_text(data, "worry").strip(),
        )
        errors = FormErrors()
        if met not in ("yes", "no"):
            errors.add("met", N_("Say whether you met"))
        if rating not in ("1", "2", "3", "4", "5"):
            errors.add("rating", N_("Choose how it is going, from 1 to 5"))
        if len(concern) > 2000:
            errors.add("worry", N_("Your answer must be 2,000 characters or fewer"))
        return await self._act(
            web,
            db_session,
            pairing_id,
            errors,
            "met",
            lambda: CheckInService(db_session).answer(
                user,
                check_in_id,
                CheckInAnswer(
                    met=met == "yes",
                    rating=int(rating),
                    worried=bool(concern),
                    concern=concern or None,
                ),
            ),
            "answered",
            {"met": met, "rating": rating, "worry": concern},
        )

    @post("/{pairing_id:uuid}/amendments/{amendment_id:uuid}/{answer:str}", name="mentorship_amendment")
    async def answer_amendment(
        self,
        web: Web,
        db_session: DbSession,
        pairing_id: FromPath[UUID],
        amendment_id: FromPath[UUID],
        answer: FromPath[str],
    ) -> Template | Redirect:
        """Accept or decline the change of terms the other member proposed."""
        assert web.user is not None
        user = web.user
        service = AmendmentService(db_session)
        errors = FormErrors()
        if answer not in ("accept", "decline"):
            errors.add("amendment", N_("Choose to accept or to decline the change"))
        call = service.accept_amendment if answer == "accept" else service.decline_amendment
        return await self._act(
            web,
            db_session,
            pairing_id,
            errors,
            "amendment",
            lambda: call(user, pairing_id, amendment_id),
            "amended",
            {},
        )

    @post("/{pairing_id:uuid}/concern", name="mentorship_concern")
    async def raise_concern(
        self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID], data: FormData
    ) -> Template | Redirect:
        """Raise a concern; the messages ticked are attached (the only part of the thread coordinators read)."""
        assert web.user is not None
        user = web.user
        kind, description = field_text(data, "concern_kind"), field_text(data, "description").strip()
        raw = data.get("attach", [])
        attach = [raw] if isinstance(raw, str) else list(raw)
        errors = FormErrors()
        if kind not in CONCERN_KINDS:
            errors.add("concern_kind", N_("Choose what the concern is about"))
        if not description:
            errors.add("description", N_("Describe what worries you"))
        elif len(description) > 5000:
            errors.add("description", N_("Your description must be 5,000 characters or fewer"))
        try:
            message_ids = [UUID(m) for m in attach][:50]
        except ValueError:
            message_ids = []
            errors.add("description", N_("Reload the page and choose the messages again"))

        async def raise_it() -> None:
            concern = await ConcernService(db_session).raise_concern(
                user,
                pairing_id,
                ConcernCreate(kind=kind, description=description),  # type: ignore[arg-type]
            )
            if message_ids:
                await MessagingService(db_session).attach_to_concern(user, concern.id, message_ids)

        return await self._act(
            web,
            db_session,
            pairing_id,
            errors,
            "concern_kind",
            raise_it,
            "concern",
            {"concern_kind": kind, "description": description},
        )

    @post("/{pairing_id:uuid}/continue", name="mentorship_continue")
    async def confirm_trial(
        self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID]
    ) -> Template | Redirect:
        """Say you want to go on after the trial."""
        assert web.user is not None
        user = web.user
        return await self._act(
            web,
            db_session,
            pairing_id,
            FormErrors(),
            "trial",
            lambda: ConcernService(db_session).confirm_trial(user, pairing_id),
            "continued",
            {},
        )

    @post("/{pairing_id:uuid}/leave-trial", name="mentorship_leave_trial")
    async def leave_trial(
        self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID]
    ) -> Template | Redirect:
        """End during the trial, without giving a reason (no fault: the request goes back to the queue)."""
        assert web.user is not None
        user = web.user
        return await self._act(
            web,
            db_session,
            pairing_id,
            FormErrors(),
            "trial",
            lambda: ConcernService(db_session).leave_trial(user, pairing_id),
            "ended",
            {},
        )

    @post("/{pairing_id:uuid}/end", name="mentorship_end")
    async def end(
        self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID], data: FormData
    ) -> Template | Redirect:
        """End the mentorship before its terms end, with a reason."""
        assert web.user is not None
        user = web.user
        reason = field_text(data, "end_reason")
        errors = FormErrors()
        if reason not in END_REASONS:
            errors.add("end_reason", N_("Choose why the mentorship ends"))
        return await self._act(
            web,
            db_session,
            pairing_id,
            errors,
            "end_reason",
            lambda: ConcernService(db_session).end_early(user, pairing_id, reason),
            "ended",
            {"end_reason": reason},
        )

    @post("/{pairing_id:uuid}/feedback", name="mentorship_feedback")
    async def feedback(
        self, web: Web, db_session: DbSession, pairing_id: FromPath[UUID], data: FormData
    ) -> Template | Redirect:
        """Exit feedback once the mentorship ended."""
        assert web.user is not None
        user = web.user
        rating, recommend = field_text(data, "feedback_rating"), field_text(data, "recommend")
        went_well = field_text(data, "went_well").strip()
        errors = FormErrors()
        if rating not in ("1", "2", "3", "4", "5"):
            errors.add("feedback_rating", N_("Choose a rating from 1 to 5"))
        if recommend not in ("yes", "no"):
            errors.add("recommend", N_("Say whether you would recommend the programme"))
        if len(went_well) > 5000:
            errors.add("went_well", N_("Your answer must be 5,000 characters or fewer"))
        return await self._act(
            web,
            db_session,
            pairing_id,
            errors,
            "feedback_rating",
            lambda: ConcernService(db_session).give_feedback(
                user,
                pairing_id,
                FeedbackCreate(
                    rating=int(rating),
                    would_recommend=recommend == "yes",
                    went_well=went_well,
                ),
            ),
            "feedback",
            {"feedback_rating": rating, "recommend": recommend, "went_well": went_well},
        )


def _refusal(exc: DomainError) -> str:
    """A refusal in words for people (the service's message is written for API clients)."""
    if exc.status_code == 429:
        return N_("You sent many messages in a minute: wait a moment before the next one")
    if exc.status_code == 409:
        return N_(
            "This cannot be done now: the mentorship is not in a state that allows it (reload the page)"
        )
    if exc.status_code == 404:
        return N_("This is no longer there: reload the page")
    return N_("This was not accepted: check what you entered")
