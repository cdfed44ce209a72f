"""The pages over HTTP, as a browser without JavaScript uses them: forms, redirects, cookies, errors."""

from __future__ import annotations

import re

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from mentoring.app import create_app
from mentoring.db.models import UserAccount
from mentoring.web.context import SESSION_COOKIE
from mentoring.web.csrf import CSRF_COOKIE
from tests.conftest import PASSWORD, make_settings
from tests.web.helpers import csrf_token, log_in, new_email, sign_up, submit


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, html[:500]
    return match.group(1).strip()


async def test_landing_page_is_html_with_the_way_in(client) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="en">' in response.text
    assert 'href="/login"' in response.text
    assert 'href="/signup"' in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


async def test_the_api_keeps_json_errors_and_pages_get_html_ones(client) -> None:
    api = await client.get("/api/nope")
    assert api.status_code == 404
    assert api.json()["detail"]
    page = await client.get("/nope", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in page.text
    assert h1(page.text) == "Page introuvable"
    wrong_method = await client.get("/logout")
    assert wrong_method.status_code == 405
    assert wrong_method.headers["content-type"].startswith("text/html")


async def test_signed_in_pages_send_anonymous_people_to_log_in(client) -> None:
    response = await client.get("/account/sessions?x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Faccount%2Fsessions%3Fx%3D1"


async def test_a_bearer_token_does_not_open_the_pages(client, people) -> None:
    person = await people.mentee()
    response = await client.get("/home", headers=person.headers, follow_redirects=False)
    assert response.status_code == 303


async def test_sign_up_signs_in_with_a_safe_session_cookie(client) -> None:
    email = new_email()
    page = await client.get("/signup")
    assert CSRF_COOKIE in page.cookies
    response = await client.post(
        "/signup",
        data={
            "_csrf_token": csrf_token(page.text),
            "email": email,
            "password": PASSWORD,
            "display_name": "Grace",
            "role": "mentor",
            "language": "en",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "="))
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP in development and tests
    home = await client.get("/home")
    assert h1(home.text) == "Hello, Grace"
    assert 'href="/api/docs"' in home.text
    # The same account the API knows: log in there with the same password.
    api = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert api.status_code == 200
    me = await client.get("/api/me", headers={"Authorization": f"Bearer {api.json()['access_token']}"})
    assert me.json()["roles"] == ["mentor"]


async def test_cookies_are_secure_in_production(database_url, tmp_path, engine) -> None:
    app = create_app(make_settings(database_url, tmp_path, env="production"))
    async with AsyncTestClient(app=app, base_url="https://testserver.local") as client:
        page = await client.get("/login")
        assert all("Secure" in c for c in page.headers.get_list("set-cookie"))
        email = await sign_up(client)
        await client.post("/logout", data={"_csrf_token": csrf_token((await client.get("/home")).text)})
        response = await log_in(client, email)
        cookie = next(
            c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE + "=")
        )
        assert "Secure" in cookie
        assert "HttpOnly" in cookie


async def test_sign_up_errors_are_listed_and_linked_to_their_fields(client) -> None:
    response = await submit(client, "/signup", "/signup", {"email": "not-an-address", "password": "short"})
    assert response.status_code == 400
    summary = re.search(r'<div class="error-summary".*?</div>', response.text, re.S)
    assert summary, response.text
    links = re.findall(r'<a href="#([a-z_]+)">([^<]+)</a>', summary.group(0))
    assert [field for field, _ in links] == ["role", "display_name", "email", "password", "language"]
    assert dict(links)["password"] == "Your password must be at least 10 characters long"
    # Each field says it is invalid and points at its own message.
    assert 'aria-describedby="password-hint password-error"' in response.text
    assert 'id="password-error"' in response.text
    assert 'value="not-an-address"' in response.text  # what was typed is kept (not the password)


async def test_validation_messages_speak_french(client) -> None:
    response = await submit(client, "/signup", "/signup", {"email": ""}, headers={"Accept-Language": "fr"})
    assert response.status_code == 400
    assert "Saisissez votre adresse e-mail" in response.text
    assert "Il y a un problème" in response.text


async def test_duplicate_e_mail_is_a_field_error(client) -> None:
    email = await sign_up(client)
    await client.post("/logout", data={"_csrf_token": csrf_token((await client.get("/home")).text)})
    response = await submit(
        client,
        "/signup",
        "/signup",
        {"email": email, "password": PASSWORD, "display_name": "Bis", "role": "mentee", "language": "en"},
    )
    assert response.status_code == 400
    assert "An account with this e-mail address already exists" in response.text


async def test_wrong_password_and_unknown_e_mail_read_alike(client) -> None:
    email = await sign_up(client)
    await client.post("/logout", data={"_csrf_token": csrf_token((await client.get("/home")).text)})
    wrong = await log_in(client, email, "not the password at all")
    unknown = await log_in(client, new_email())
    assert wrong.status_code == unknown.status_code == 400
    message = "The e-mail address or the password is not right"
    assert message in wrong.text
    assert message in unknown.text
    assert SESSION_COOKIE not in wrong.cookies


async def test_log_in_goes_back_where_the_person_was_going_and_nowhere_else(client) -> None:
    email = await sign_up(client)
    await client.post("/logout", data={"_csrf_token": csrf_token((await client.get("/home")).text)})
    page = await client.get("/login?next=/account/sessions")
    assert 'name="next" value="/account/sessions"' in page.text
    back = await client.post(
        "/login",
        data={
            "_csrf_token": csrf_token(page.text),
            "email": email,
            "password": PASSWORD,
            "next": "/account/sessions",
        },
        follow_redirects=False,
    )
    assert back.headers["location"] == "/account/sessions"
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        await client.post("/logout", data={"_csrf_token": csrf_token((await client.get("/home")).text)})
        page = await client.get("/login")
        away = await client.post(
            "/login",
            data={"_csrf_token": csrf_token(page.text), "email": email, "password": PASSWORD, "next": target},
            follow_redirects=False,
        )
        assert away.headers["location"] == "/home", target


async def test_log_in_starts_a_new_session_id(client) -> None:
    """No session fixation: the id a visitor had before logging in is not the one after."""
    await submit(client, "/", "/language", {"language": "fr", "next": "/"})
    before = client.cookies[SESSION_COOKIE]
    email = await sign_up(client)
    after = client.cookies[SESSION_COOKIE]
    assert after != before
    await client.post("/logout", data={"_csrf_token": csrf_token((await client.get("/home")).text)})
    await log_in(client, email)
    assert client.cookies[SESSION_COOKIE] not in {before, after}


async def test_posts_without_a_csrf_token_are_refused_with_a_clear_page(client) -> None:
    await sign_up(client)
    for action in ("/logout", "/account/sessions/end-all", "/language"):
        response = await client.post(action, data={"language": "fr"}, follow_redirects=False)
        assert response.status_code == 403, action
        assert h1(response.text) == "This form has expired"
    forged = await client.post("/logout", data={"_csrf_token": "0" * 128}, follow_redirects=False)
    assert forged.status_code == 403
    # The refusal page's own forms still work (its language switch carries a valid token).
    switched = await client.post(
        "/language", data={"_csrf_token": csrf_token(forged.text), "language": "fr"}, follow_redirects=False
    )
    assert switched.status_code == 303
    assert (await client.get("/home")).status_code == 200  # still signed in


async def test_the_api_needs_no_csrf_token(client) -> None:
    await client.get("/login")  # the browser now holds a CSRF cookie: the API must not care
    response = await client.post(
        "/api/auth/signup",
        json={"email": new_email(), "password": PASSWORD, "display_name": "Api", "role": "mentee"},
    )
    assert response.status_code == 201


async def test_log_out_ends_the_session_on_the_server(client, settings) -> None:
    await sign_up(client)
    old = client.cookies[SESSION_COOKIE]
    response = await client.post(
        "/logout", data={"_csrf_token": csrf_token((await client.get("/home")).text)}, follow_redirects=False
    )
    assert response.headers["location"] == "/?signed_out=true"
    landing = await client.get("/?signed_out=true")
    assert 'role="status"' in landing.text
    assert "You have logged out." in landing.text
    # Replaying the old cookie from another browser opens nothing (on another server process too:
    # each test client runs its app on its own event loop, which a pooled connection cannot cross).
    async with AsyncTestClient(app=create_app(settings)) as thief:
        thief.cookies.set(SESSION_COOKIE, old)
        replay = await thief.get("/home", follow_redirects=False)
        assert replay.status_code == 303
        assert replay.headers["location"].startswith("/login")


async def test_log_out_everywhere_ends_the_other_browsers_sessions(client, settings) -> None:
    email = await sign_up(client)
    async with AsyncTestClient(app=create_app(settings)) as phone:  # another server process
        assert (await log_in(phone, email)).status_code == 303
        assert (await phone.get("/home")).status_code == 200
        sessions = await client.get("/account/sessions")
        assert "You are logged in on 2 devices or browsers." in sessions.text
        assert sessions.text.count("This browser") == 1
        ended = await client.post(
            "/account/sessions/end-all",
            data={"_csrf_token": csrf_token(sessions.text)},
            follow_redirects=False,
        )
        assert ended.headers["location"] == "/?ended=true"
        assert (await phone.get("/home", follow_redirects=False)).status_code == 303
        assert (await client.get("/home", follow_redirects=False)).status_code == 303


async def test_an_erased_account_loses_its_sessions(client, db) -> None:
    email = await sign_up(client)
    user = await db.scalar(select(UserAccount).where(UserAccount.email == email))
    from mentoring.lib.clock import utcnow

    user.erased_at = utcnow()
    await db.commit()
    response = await client.get("/home", follow_redirects=False)
    assert response.status_code == 303
    assert SESSION_COOKIE + '=""' in response.headers.get(
        "set-cookie", ""
    ) or "Max-Age=0" in response.headers.get("set-cookie", "")


async def test_language_comes_from_the_account_then_the_switch_then_the_browser(client) -> None:
    french_browser = {"Accept-Language": "fr-CA,fr;q=0.8"}
    assert '<html lang="fr">' in (await client.get("/", headers=french_browser)).text
    assert '<html lang="en">' in (await client.get("/", headers={"Accept-Language": "de, en;q=0.5"})).text
    # An anonymous visitor's switch beats the browser's preference.
    switched = await submit(
        client, "/", "/language", {"language": "en", "next": "/login"}, headers=french_browser
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/login"
    assert '<html lang="en">' in (await client.get("/login", headers=french_browser)).text
    # Signed in, the account's language rules; the switch changes the account.
    await sign_up(client, language="fr")
    home = await client.get("/home")
    assert '<html lang="fr">' in home.text
    assert h1(home.text) == "Bonjour, Ada"
    await submit(client, "/home", "/language", {"language": "en", "next": "/home"})
    assert h1((await client.get("/home", headers=french_browser)).text) == "Hello, Ada"


async def test_language_switch_ignores_unknown_languages_and_foreign_targets(client) -> None:
    response = await submit(client, "/", "/language", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_page_log_in_is_rate_limited(database_url, tmp_path, engine) -> None:
    app = create_app(make_settings(database_url, tmp_path, login_rate_limit_per_minute=3))
    async with AsyncTestClient(app=app) as client:
        codes = [(await log_in(client, "nobody@example.org")).status_code for _ in range(4)]
        assert codes[:3] == [400, 400, 400]
        assert codes[3] == 429
        refused = await client.post("/login", data={}, follow_redirects=False)
        assert refused.headers["content-type"].startswith("text/html")
        assert h1(refused.text) == "Too many attempts"
        assert (await client.get("/login")).status_code == 200  # reading the form is not limited


@pytest.mark.parametrize("path", ["/api/docs", "/api/docs/swagger"])
async def test_api_docs_load_nothing_from_elsewhere(client, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    urls = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", response.text)
    assert urls, response.text[:500]
    assert all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    for url in urls:
        assert (await client.get(url)).status_code == 200, url


@pytest.mark.redis
async def test_with_redis_configured_page_sessions_live_in_redis(database_url, tmp_path, engine, db) -> None:
    from sqlalchemy import func

    from mentoring.db.models import WebSessionRecord
    from tests.services import REDIS_URL, require_redis

    require_redis()
    app = create_app(make_settings(database_url, tmp_path, redis_url=REDIS_URL))
    async with AsyncTestClient(app=app) as client:
        await sign_up(client)
        assert (await client.get("/home")).status_code == 200
        sessions = await client.get("/account/sessions")
        assert "You are logged in on 1 device or browser." in sessions.text
        assert await db.scalar(select(func.count()).select_from(WebSessionRecord)) == 0
        await client.post(
            "/account/sessions/end-all",
            data={"_csrf_token": csrf_token(sessions.text)},
            follow_redirects=False,
        )
        assert (await client.get("/home", follow_redirects=False)).status_code == 303
