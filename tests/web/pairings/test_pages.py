"""The proposal and mentorship pages over HTTP, as a browser without JavaScript uses them."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import Person
from tests.domain.pairings.conftest import Workflow
from tests.web.helpers import csrf_token, log_in


class Visitor:
    """One person's browser on the shared test client: their own cookies, swapped in for each request
    (one client per test: on PostgreSQL a pooled connection belongs to the client's event loop)."""

    def __init__(self, client: AsyncTestClient[Litestar]) -> None:
        self.client = client
        self.jar = httpx.Cookies()

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        self.client.cookies = self.jar
        try:
            return await self.client.request(method, path, **kwargs)
        finally:
            self.jar = httpx.Cookies(self.client.cookies)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, **kwargs)


@asynccontextmanager
async def browser(client: AsyncTestClient[Litestar], person: Person) -> AsyncIterator[Visitor]:
    """A visitor signed in on the pages as ``person``."""
    visitor = Visitor(client)
    response = await log_in(visitor, person.email)  # type: ignore[arg-type]
    assert response.status_code == 303, response.text[:300]
    yield visitor


async def post_form(client: Visitor, page: str, action: str, fields: dict[str, str | list[str]]):  # type: ignore[no-untyped-def]
    html = (await client.get(page)).text
    return await client.post(action, data={"_csrf_token": csrf_token(html), **fields}, follow_redirects=False)


async def offered(flow: Workflow, *, formal: bool = False) -> tuple[Person, Person, str]:
    """A mentee and a mentor who share job loss and French, and a proposal offered to both."""
    if formal:
        await flow.create_program(formal=True)
    mentee = await flow.mentee(language="fr", name="Camille Martin")
    mentor = await flow.mentor(name="Louise Bernard")
    await flow.profile(
        mentee,
        ("job-loss",),
        languages=["fr"],
        formats=["video"],
        availability=[{"weekday": 0, "start": "18:00", "end": "20:00"}],
        timezone="Europe/Paris",
    )
    await flow.profile(
        mentor,
        ("job-loss",),
        languages=["fr", "en"],
        formats=["video", "phone"],
        bio="I lost my job in 2019 and found my way back.",
        availability=[{"weekday": 0, "start": "17:00", "end": "21:00"}],
        timezone="Europe/Paris",
    )
    request = await flow.request(mentee)
    proposal_id = await flow.propose(request["id"], mentor, score=0.9)
    await flow.approve(proposal_id)
    return mentee, mentor, proposal_id


async def test_mentee_sees_the_proposed_mentor_and_why_in_french(flow: Workflow) -> None:
    mentee, _mentor, proposal_id = await offered(flow)
    async with browser(flow.client, mentee) as client:
        page = await client.get(f"/proposals/{proposal_id}")
    assert page.status_code == 200, page.text[:500]
    html = page.text
    assert "Louise" in html
    assert "Bernard" not in html
    assert "I lost my job in 2019" in html
    assert "Une très bonne correspondance" in html
    assert "0.9" not in html
    assert "job-loss" not in html
    assert "Vous parlez tous les deux français" in html


async def test_mentor_sees_the_mentees_matching_view(flow: Workflow) -> None:
    _mentee, mentor, proposal_id = await offered(flow)
    async with browser(flow.client, mentor) as client:
        html = (await client.get(f"/proposals/{proposal_id}")).text
    assert "A mentee is proposed to you" in html
    assert "Camille" in html
    assert "You share the experience of job loss" in html


async def test_decline_needs_a_reason(flow: Workflow) -> None:
    mentee, _, proposal_id = await offered(flow)
    async with browser(flow.client, mentee) as client:
        page = f"/proposals/{proposal_id}"
        missing = await post_form(client, page, f"{page}/decline", {"reason": ""})
        assert missing.status_code == 400
        assert 'href="#reason"' in missing.text
        done = await post_form(client, page, f"{page}/decline", {"reason": "no_time", "note": "Sorry"})
        assert done.status_code == 303
        assert "Refusée" in (await client.get(done.headers["location"])).text


async def test_whole_mentorship_through_the_pages(flow: Workflow) -> None:
    mentee, mentor, proposal_id = await offered(flow, formal=True)
    async with browser(flow.client, mentee) as mentee_client, browser(flow.client, mentor) as mentor_client:
        page = f"/proposals/{proposal_id}"
        assert (await post_form(mentor_client, page, f"{page}/accept", {})).status_code == 303
        started = await post_form(mentee_client, page, f"{page}/accept", {})
        assert started.status_code == 303
        mentorship = started.headers["location"].split("?")[0]
        pid = mentorship.rsplit("/", 1)[1]
        for client in (mentee_client, mentor_client):
            unsigned = await post_form(client, mentorship, f"{mentorship}/agreement", {"text_version": "1"})
            assert unsigned.status_code == 400
            signed = await post_form(
                client, mentorship, f"{mentorship}/agreement", {"text_version": "1", "agree": "yes"}
            )
            assert signed.status_code == 303, signed.text[:400]
        sent = await post_form(
            mentee_client,
            mentorship,
            f"{mentorship}/messages",
            {"body": "<script>alert(1)</script> https://evil.example"},
        )
        assert sent.status_code == 303
        html = (await mentor_client.get(mentorship)).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert" not in html
        assert 'href="https://evil.example' not in html
        assert (
            "Read" in (await mentee_client.get(mentorship)).text
            or "Lu" in (await mentee_client.get(mentorship)).text
        )
        logged = await post_form(
            mentor_client,
            mentorship,
            f"{mentorship}/meetings",
            {"held_on": "2000-01-01", "duration_minutes": "60", "format": "video"},
        )
        assert (
            logged.status_code == 400
        )  # dated before the pairing started: refused with a message, not a 500
        from mentoring.lib.clock import utcnow

        today = utcnow().date().isoformat()
        logged = await post_form(
            mentor_client,
            mentorship,
            f"{mentorship}/meetings",
            {"held_on": today, "duration_minutes": "60", "format": "video"},
        )
        assert logged.status_code == 303, logged.text[:500]
        shared = await post_form(
            mentee_client,
            mentorship,
            f"{mentorship}/contact",
            {"kind": "phone", "contact_value": "+33 6 12 34 56 78"},
        )
        assert shared.status_code == 303
        assert "+33 6 12 34 56 78" in (await mentor_client.get(mentorship)).text
        left = await post_form(mentee_client, mentorship, f"{mentorship}/leave-trial", {})
        assert left.status_code == 303
        closed = (await mentor_client.get(mentorship)).text
        assert "can be read but no longer answered" in closed
        assert 'action="/mentorships/' + pid + '/messages"' not in closed
        assert "You may stay in touch if you both wish." in closed
        feedback = await post_form(
            mentor_client,
            mentorship,
            f"{mentorship}/feedback",
            {"feedback_rating": "4", "recommend": "yes", "went_well": "Good talks"},
        )
        assert feedback.status_code == 303
        mentees = (await mentor_client.get("/mentorships")).text
        assert "My mentees" in mentees
        assert "Camille Martin" in mentees


async def test_other_people_get_404(flow: Workflow) -> None:
    mentee, mentor, proposal_id = await offered(flow)
    await flow.accept(proposal_id, mentor)
    proposal = await flow.accept(proposal_id, mentee)
    pid = proposal["pairing_id"]
    stranger = await flow.mentee()
    async with browser(flow.client, stranger) as client:
        for path in (f"/proposals/{proposal_id}", f"/mentorships/{pid}"):
            assert (await client.get(path)).status_code == 404
        html = (await client.get("/proposals")).text
        refused = await client.post(
            f"/mentorships/{pid}/messages", data={"_csrf_token": csrf_token(html), "body": "hi"}
        )
        assert refused.status_code == 404


async def test_forms_without_csrf_are_refused(flow: Workflow) -> None:
    mentee, _mentor, proposal_id = await offered(flow)
    async with browser(flow.client, mentee) as client:
        response = await client.post(f"/proposals/{proposal_id}/accept", data={}, follow_redirects=False)
    assert response.status_code == 403
    assert re.search(r"<html", response.text)
