"""Every notification kind has its own English and French wording, and nothing else can be emitted.

Replaces a source-scanning test: kinds are a :class:`NotificationKind` now, so the type says which
kinds exist, and these tests check the catalogue covers exactly them.
"""

from __future__ import annotations

import inspect
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from mentoring.db.engine import session_scope
from mentoring.domain.notifications.kinds import NotificationKind
from mentoring.domain.notifications.links import INBOX_PATH, page_path
from mentoring.domain.notifications.messages import CATALOGUE, LANGUAGES, Message, email_text, render
from mentoring.domain.notifications.services import notify, notify_later
from mentoring.domain.pairings.planning.plan import PairingFacts, plan
from mentoring.lib.clock import utcnow
from mentoring.web.i18n import translations
from tests.conftest import People

GENERIC = {language: render("no.such_kind", language) for language in ("en", "fr")}


@pytest.mark.parametrize("kind", list(NotificationKind), ids=str)
def test_every_kind_has_its_own_english_and_french_subject_and_body(kind: NotificationKind) -> None:
    """Regression: the workflow's kinds (proposal.offered, pairing.started…) fell back to a generic text."""
    assert kind in CATALOGUE
    texts = {language: render(kind, language) for language in ("en", "fr")}
    for language, message in texts.items():
        assert message.subject.strip(), (kind, language)
        assert message.body.strip(), (kind, language)
        assert message != GENERIC[language], (kind, language)
        text = message.subject + message.body
        assert "{" not in text, (kind, language)  # nothing left to fill in
        assert "%(" not in text, (kind, language)
    assert texts["en"].subject != texts["fr"].subject, kind
    assert texts["en"].body != texts["fr"].body, kind


def test_the_catalogue_words_exactly_the_kinds_of_the_enum() -> None:
    assert set(CATALOGUE) == set(NotificationKind)
    assert LANGUAGES == ("en", "fr")


def test_a_kind_nobody_knows_gets_the_generic_text_in_the_readers_language() -> None:
    """Rows written by another version must still show; an unknown language reads English."""
    assert render("no.such_kind", "fr") == GENERIC["fr"] != GENERIC["en"]
    assert render(NotificationKind.CHECKIN_DUE, "de") == render(NotificationKind.CHECKIN_DUE, "en")


def test_texts_take_no_parameters() -> None:
    """What a notification is about (its ids, let alone notes) cannot reach its text: there is no way in."""
    assert list(inspect.signature(render).parameters) == ["kind", "language"]
    # The e-mail adds only where it links to: the page's path, never words about the object.
    assert list(inspect.signature(email_text).parameters) == ["kind", "language", "public_url", "path"]
    for subject, body in CATALOGUE.values():
        assert "%(" not in subject + body
        assert "{" not in subject + body


def test_the_texts_are_the_gettext_catalogues() -> None:
    """The French wording is the site's French catalogue's, extracted from the English msgids."""
    french = translations("fr")
    for kind, (subject, body) in CATALOGUE.items():
        assert render(kind, "fr") == Message(french.gettext(subject), french.gettext(body))
        assert render(kind, "en") == Message(subject, body)


def test_the_email_text_is_the_message_and_a_link_in_the_readers_language() -> None:
    path = page_path({"proposal_id": "5b0a8f0e-7d8f-4f4e-9a57-2f1f1f1f1f1f"})
    text = email_text(NotificationKind.PROPOSAL_REMINDER, "fr", "https://mentoring.example/", path)
    message = render(NotificationKind.PROPOSAL_REMINDER, "fr")
    assert text.subject == message.subject
    assert text.body.startswith(message.body)
    link = "https://mentoring.example/proposals/5b0a8f0e-7d8f-4f4e-9a57-2f1f1f1f1f1f"
    assert f"Ouvrir Mentoring : {link}" in text.body
    assert "participez à un programme" in text.body
    english = email_text(NotificationKind.PROPOSAL_REMINDER, "en", "https://mentoring.example", path)
    assert f"Open Mentoring: {link}" in english.body


def test_each_notification_links_to_the_page_it_is_about() -> None:
    pairing = "0d5a1c52-21a3-4f59-9a57-7f3e0c3b9c11"
    assert page_path({"pairing_id": pairing}) == f"/mentorships/{pairing}"
    assert page_path({"proposal_id": pairing, "program_id": "x"}) == f"/proposals/{pairing}"
    assert page_path({"pairing_id": "../../admin"}) == INBOX_PATH  # only an id makes a path
    assert page_path(None) == page_path({}) == INBOX_PATH


async def test_a_kind_outside_the_enum_cannot_be_emitted(engine: AsyncEngine, people: People) -> None:
    mentee = await people.mentee()
    async with session_scope(engine) as session:
        with pytest.raises(ValueError, match=r"no\.such_kind"):
            await notify(session, uuid.UUID(mentee.id), "no.such_kind")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match=r"no\.such_kind"):
            await notify_later(
                session,
                uuid.UUID(mentee.id),
                "no.such_kind",
                utcnow(),
                key="later",  # type: ignore[arg-type]
            )


def test_every_dated_message_a_pairing_plans_is_a_notification_kind() -> None:
    """The messages planned for later travel as ``params["message"]``: each must be a member."""
    start = datetime(2025, 1, 6, tzinfo=UTC)
    pairing = PairingFacts(
        id=uuid.uuid4(),
        program_id=uuid.uuid4(),
        mentee_id=uuid.uuid4(),
        mentor_id=uuid.uuid4(),
        status="trial",
        terms_kind="formal",
        terms={"frequency": "weekly", "sessions": 12},
        trial_sessions=2,
        created_at=start,
        started_at=start,
        ends_on=date(2025, 6, 30),
        ended_at=None,
        last_contact_at=None,
    )
    messages = {
        spec.params["message"]
        for spec in plan(pairing, start + timedelta(days=1), set()).values()
        if spec.params
    }
    assert messages == {
        NotificationKind.PAIRING_FIRST_WEEK,
        NotificationKind.PAIRING_TRIAL_DECISION,
        NotificationKind.PAIRING_MIDPOINT_REVIEW,
        NotificationKind.PAIRING_END_REVIEW,
    }
    assert all(isinstance(message, NotificationKind) for message in messages)
