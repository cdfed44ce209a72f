"""Talk to the pages as a browser without JavaScript would: GET a form, POST it back with its token."""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import PASSWORD

_TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token of the first form of a page."""
    match = _TOKEN.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


async def submit(
    client: AsyncTestClient[Litestar], form_page: str, action: str, fields: dict[str, str], **kwargs: Any
) -> Any:
    """Open ``form_page``, then post ``fields`` (and its CSRF token) to ``action``; no redirect followed."""
    page = await client.get(form_page)
    assert page.status_code == 200, page.text[:300]
    return await client.post(
        action, data={"_csrf_token": csrf_token(page.text), **fields}, follow_redirects=False, **kwargs
    )


def new_email() -> str:
    return f"web-{uuid.uuid4().hex[:10]}@example.org"


async def sign_up(
    client: AsyncTestClient[Litestar],
    *,
    email: str | None = None,
    role: str = "mentee",
    language: str = "en",
    name: str = "Ada",
) -> str:
    """Sign up through the page; returns the e-mail (the client now holds the session cookie)."""
    email = email or new_email()
    response = await submit(
        client,
        "/signup",
        "/signup",
        {"email": email, "password": PASSWORD, "display_name": name, "role": role, "language": language},
    )
    assert response.status_code == 303, response.text[:500]
    assert response.headers["location"] == "/home"
    return email


async def log_in(client: AsyncTestClient[Litestar], email: str, password: str = PASSWORD) -> Any:
    return await submit(client, "/login", "/login", {"email": email, "password": password})
