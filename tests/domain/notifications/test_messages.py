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
from mentoring.domain.notifications.messages import CATALOGUE, LANGUAGES, email_text, render
from mentoring.domain.notifications.services import notify, notify_later
from mentoring.domain.pairings.planning.plan import PairingFacts, plan
from mentoring.lib.clock import utcnow
from tests.conftest import People

GENERIC = {language: render("no.such_kind", language) for language in ("en", "fr")}


@pytest.mark.parametrize("kind", list(NotificationKind), ids=str)
def test_every_kind_has_its_own_english_and_french_subject_and_body(kind: NotificationKind) -> None:
    """Regression: the workflow's kinds (proposal.offered, pairing.started…) fell back to a generic text."""
    assert set(CATALOGUE[kind]) == {"en", "fr"}
    texts = {language: render(kind, language) for language in ("en", "fr")}
    for language, message in texts.items():
        assert message.subject.strip(), (kind, language)
        assert message.body.strip(), (kind, language)
        assert message != GENERIC[language], (kind, language)
        assert "{" not in message.subject + message.body, (kind, language)  # nothing left to fill in
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
    assert list(inspect.signature(email_text).parameters) == ["kind", "language", "public_url"]


def test_the_email_text_is_the_message_and_a_link_in_the_readers_language() -> None:
    text = email_text(NotificationKind.PROPOSAL_REMINDER, "fr", "https://mentoring.example")
    message = render(NotificationKind.PROPOSAL_REMINDER, "fr")
    assert text.subject == message.subject
    assert text.body.startswith(message.body)
    assert "Ouvrir Mentoring : https://mentoring.example" in text.body


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
