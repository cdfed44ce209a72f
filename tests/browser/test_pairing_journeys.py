"""A mentee and a mentor from an approved proposal to a closed mentorship, through the browser only.

The programme, the accounts, their profiles and the approved proposal are set up through the
services (request → hand-picked proposal → coordinator approval), in a thread of their own (the
sync Playwright API owns this thread's event loop). Everything after happens in Chromium: both
accept, both sign the agreement, they exchange messages, the mentor logs a meeting, the mentee
answers a check-in, both continue after the trial, the mentor ends it and both give feedback.
Every new page is checked by axe at desktop and phone sizes, with screenshots in var/screenshots/.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import create_async_engine

from mentoring.db.engine import session_scope
from mentoring.db.models import (
    Challenge,
    MenteeChallenge,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    MentorshipRequest,
    Pairing,
    Program,
    ProgramMembership,
    UserAccount,
)
from mentoring.lib.clock import utcnow
from tests.browser.conftest import AXE_OPTIONS, DESKTOP, PHONE, SCREENSHOTS, Browsers, log_in
from tests.conftest import PASSWORD, empty_database
from tests.domain.pairings.conftest import FORMAL_TERMS


async def _empty_and_reseed(database_url: str) -> None:
    from mentoring.domain.programs.taxonomy import seed_default_taxonomy

    engine = create_async_engine(database_url)
    try:
        await empty_database(engine)
        async with session_scope(engine) as session:
            await seed_default_taxonomy(session)
    finally:
        await engine.dispose()


@pytest.fixture(autouse=True)
def _no_rows_left_behind(database_url: str) -> Iterator[None]:
    """These journeys write proposals and pairings straight into the run's database: empty it after
    each (as the ``engine`` fixture does), so a later test in this worker does not count them."""
    yield
    in_thread(_empty_and_reseed(database_url))


def in_thread(coroutine: Any) -> Any:
    """Run a coroutine to completion in a thread with its own event loop; its result."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # re-raised in the test's thread
            box["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


async def approved_proposal(database_url: str, *, formal: bool) -> dict[str, str]:
    """Accounts, profiles, a request and an approved proposal; e-mails and ids."""
    from mentoring.domain.accounts.services import AccountService
    from mentoring.domain.pairings.services.proposals import ProposalService, create_proposal
    from mentoring.domain.pairings.services.requests import RequestService
    from mentoring.domain.programs.taxonomy import seed_default_taxonomy

    engine = create_async_engine(database_url)
    tag = uuid.uuid4().hex[:8]
    try:
        async with session_scope(engine) as session:
            await seed_default_taxonomy(session)  # idempotent: the browser tests share one database
            program = Program(
                slug=f"journey-{tag}",
                name="Back to work",
                terms_kind="formal" if formal else "informal",
                terms=dict(FORMAL_TERMS) if formal else {"goals": [], "confidentiality_version": 1},
                contact_after_closure="You may stay in touch if you both wish.",
            )
            session.add(program)
            await session.flush()
            accounts = AccountService(session)
            mentee = await accounts.sign_up(
                email=f"mentee-{tag}@example.org",
                password=PASSWORD,
                display_name="Camille Martin",
                role="mentee",
                language="fr",
            )
            mentor = await accounts.sign_up(
                email=f"mentor-{tag}@example.org",
                password=PASSWORD,
                display_name="Louise Bernard",
                role="mentor",
                language="en",
            )
            coordinator = await accounts.create_coordinator(
                email=f"coord-{tag}@example.org",
                password=PASSWORD,
                display_name="Coordinator",
                program_ids=[program.id],
            )
            job_loss = await session.scalar(select(Challenge.id).where(Challenge.slug == "job-loss"))
            for person, role in ((mentee, "mentee"), (mentor, "mentor")):
                session.add(
                    ProgramMembership(program_id=program.id, user_id=person.id, role=role, joined_at=utcnow())
                )
            slots = [{"weekday": d, "start": "18:00", "end": "20:00"} for d in range(5)]
            await session.execute(
                update(MenteeProfile)
                .where(MenteeProfile.user_id == mentee.id)
                .values(languages=["fr"], formats=["video"], availability=slots, timezone="Europe/Paris")
            )
            await session.execute(
                update(MentorProfile)
                .where(MentorProfile.user_id == mentor.id)
                .values(
                    capacity=2,
                    languages=["fr", "en"],
                    formats=["video", "phone"],
                    availability=slots,
                    timezone="Europe/Paris",
                    bio="I lost my job in 2019 and found my way back.",
                )
            )
            mentee_profile = await session.scalar(
                select(MenteeProfile.id).where(MenteeProfile.user_id == mentee.id)
            )
            mentor_profile = await session.scalar(
                select(MentorProfile.id).where(MentorProfile.user_id == mentor.id)
            )
            session.add(MenteeChallenge(mentee_id=mentee_profile, challenge_id=job_loss))
            session.add(MentorChallenge(mentor_id=mentor_profile, challenge_id=job_loss, years_ago=5))
            await session.flush()
            request = await RequestService(session).open(mentee, program.id, "")
            row = await session.get(MentorshipRequest, request.id)
            assert row is not None
            proposal = await create_proposal(
                session,
                row,
                mentor.id,
                score=0.9,
                factors=[
                    {"factor": "challenges", "value": 1.0, "weight": 0.4, "contribution": 0.4},
                    {"factor": "availability", "value": 1.0, "weight": 0.2, "contribution": 0.2},
                ],
                reason="",
                source="manual",
                round_id=None,
                actor_id=None,
            )
            coord = await session.get(UserAccount, coordinator.id)
            assert coord is not None
            await ProposalService(session).approve(coord, proposal.id, None)
            return {"mentee": mentee.email, "mentor": mentor.email, "proposal": str(proposal.id)}
    finally:
        await engine.dispose()


async def ask_check_in(database_url: str, pairing_id: str, email: str) -> None:
    """What the follow-up job does when a check-in is due: put one to this member."""
    from mentoring.domain.pairings.services.checkins import ask

    engine = create_async_engine(database_url)
    try:
        async with session_scope(engine) as session:
            pairing = await session.get(Pairing, uuid.UUID(pairing_id))
            user_id = await session.scalar(select(UserAccount.id).where(UserAccount.email == email))
            assert pairing is not None
            assert user_id is not None
            await ask(session, pairing, user_id, "mentee", None, utcnow())
    finally:
        await engine.dispose()


def check(page: Any, name: str) -> None:
    """axe finds nothing, nothing scrolls sideways, screenshots at both sizes."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= viewport["width"], f"{name} scrolls sideways at {size} ({width}px)"
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
        assert violations == [], f"{name} at {size}: " + "; ".join(
            f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations
        )
    page.set_viewport_size(DESKTOP)


def test_mentee_and_mentor_from_proposal_to_closed_mentorship(browsers: Browsers, database_url: str) -> None:
    ids = in_thread(approved_proposal(database_url, formal=True))
    mentee = browsers.new_page(locale="fr-FR")
    mentor = browsers.new_page(locale="en-GB")
    log_in(mentee, ids["mentee"])
    log_in(mentor, ids["mentor"])

    mentee.goto(f"/proposals/{ids['proposal']}")
    assert "Louise" in mentee.content()
    assert "Une très bonne correspondance" in mentee.content()
    assert "Vous partagez l'expérience : perte d'emploi" in mentee.content()
    check(mentee, "proposal-mentee-fr")
    mentor.goto("/proposals")
    check(mentor, "proposals-mentor")
    mentor.get_by_role("link", name="Mentee proposed: Camille").click()
    assert "You share the experience of job loss" in mentor.content()
    check(mentor, "proposal-mentor")
    mentor.get_by_role("button", name="Accept").click()
    mentee.get_by_role("button", name="Accepter").click()
    mentee.wait_for_url("**/mentorships/**")
    pairing_url = mentee.url.split("?")[0]
    check(mentee, "mentorship-awaiting-agreement-fr")

    mentee.get_by_label("J'ai lu cet accord et je l'accepte").check()
    mentee.get_by_role("button", name="Signer l'accord").click()
    mentor.goto(pairing_url)
    mentor.get_by_role("button", name="Sign the agreement").click()
    assert "The error summary" not in mentor.content()
    mentor.get_by_label("I read this agreement and I accept it").check()
    mentor.get_by_role("button", name="Sign the agreement").click()
    assert "Trial" in mentor.content()

    mentor.get_by_label("Your message").fill(
        "Hello Camille! <b>Shall we meet on Monday?</b> https://example.org"
    )
    mentor.get_by_role("button", name="Send").click()
    mentee.goto(pairing_url)
    assert "<b>Shall we meet on Monday?</b>" in mentee.inner_text(".thread")
    assert mentee.locator(".thread a").count() == 0  # links are text
    mentee.get_by_label("Votre message").fill("Oui, lundi à 18 h.")
    mentee.get_by_role("button", name="Envoyer", exact=True).click()
    mentor.goto(pairing_url)
    assert "Oui, lundi à 18 h." in mentor.content()
    assert "Read" in mentor.inner_text(".thread")

    mentor.get_by_label("Length in minutes").fill("45")
    mentor.locator("#format-video").check()
    mentor.get_by_role("button", name="Log the meeting").click()
    assert "The meeting is logged." in mentor.content()
    check(mentor, "mentorship-trial")

    in_thread(ask_check_in(database_url, pairing_url.rsplit("/", 1)[1], ids["mentee"]))
    mentee.goto(pairing_url)
    mentee.locator("#met-yes").check()
    mentee.locator("#rating-4").check()
    check(mentee, "mentorship-check-in-fr")
    mentee.get_by_role("button", name="Envoyer ma réponse").click()
    assert "votre réponse au point d'étape est enregistrée" in mentee.content()

    for page, name in ((mentee, "Continuer après l'essai"), (mentor, "Continue after the trial")):
        page.goto(pairing_url)
        page.get_by_role("button", name=name).click()
    mentor.goto(pairing_url)
    assert "Under way" in mentor.content()
    mentor.locator("#end_reason-goals_reached").check()
    mentor.get_by_role("button", name="End the mentorship").click()
    assert "can be read but no longer answered" in mentor.content()
    assert "You may stay in touch if you both wish." in mentor.content()
    mentor.locator("#feedback_rating-5").check()
    mentor.locator("#recommend-yes").check()
    mentor.get_by_role("button", name="Send my feedback").click()
    assert "Thank you for your feedback." in mentor.content()
    check(mentor, "mentorship-ended")
    mentor.goto("/mentorships")
    assert "Camille Martin" in mentor.content()
    check(mentor, "my-mentees")


def test_decline_with_a_reason_and_strangers_get_404(browsers: Browsers, database_url: str) -> None:
    ids = in_thread(approved_proposal(database_url, formal=False))
    mentee = browsers.new_page(locale="fr-FR")
    log_in(mentee, ids["mentee"])
    mentee.goto(f"/proposals/{ids['proposal']}")
    mentee.get_by_role("button", name="Refuser").click()
    assert mentee.locator(".error-summary").is_visible()
    check(mentee, "proposal-decline-errors-fr")
    mentee.locator("#reason-no_time").check()
    mentee.get_by_role("button", name="Refuser").click()
    assert "Vous avez refusé cette proposition" in mentee.content()

    other = in_thread(approved_proposal(database_url, formal=False))
    stranger = browsers.new_page()
    log_in(stranger, other["mentee"])
    response = stranger.goto(f"/proposals/{ids['proposal']}")
    assert response is not None
    assert response.status == 404


def test_no_fault_exit_during_the_trial(browsers: Browsers, database_url: str) -> None:
    ids = in_thread(approved_proposal(database_url, formal=False))
    mentee, mentor = browsers.new_page(), browsers.new_page()
    log_in(mentee, ids["mentee"])
    log_in(mentor, ids["mentor"])
    mentor.goto(f"/proposals/{ids['proposal']}")
    mentor.get_by_role("button", name="Accept").click()
    mentee.goto(f"/proposals/{ids['proposal']}")
    mentee.get_by_role("button", name="Accepter").click()
    mentee.wait_for_url("**/mentorships/**")
    pairing_url = mentee.url.split("?")[0]
    stranger_ids = in_thread(approved_proposal(database_url, formal=False))
    stranger = browsers.new_page()
    log_in(stranger, stranger_ids["mentee"])
    response = stranger.goto(pairing_url)
    assert response is not None
    assert response.status == 404
    mentee.get_by_role("button", name="Arrêter pendant l'essai (sans faute)").click()
    assert "L'accompagnement a pris fin." in mentee.content()
    assert mentee.locator("form[action$='/messages']").count() == 0
