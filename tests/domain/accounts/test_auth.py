"""Sign-up, log-in, tokens and who-am-I, through HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.conftest import PASSWORD, People, make_settings


async def test_signup_then_me(client, people: People) -> None:
    mentee = await people.mentee()
    response = await client.get("/api/me", headers=mentee.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == mentee.email
    assert body["roles"] == ["mentee"]
    assert "password_hash" not in body


async def test_signup_rejects_unknown_fields_and_duplicates(client, people: People) -> None:
    payload = {
        "email": "dup@example.org",
        "password": PASSWORD,
        "display_name": "Dup",
        "role": "mentor",
    }
    sneaky = await client.post("/api/auth/signup", json={**payload, "is_coordinator": True})
    assert sneaky.status_code == 400
    assert "is_coordinator" in sneaky.json()["detail"]
    assert (await client.post("/api/auth/signup", json=payload)).status_code == 201
    again = await client.post("/api/auth/signup", json={**payload, "email": "DUP@example.org"})
    assert again.status_code == 409
    assert "already exists" in again.json()["detail"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not-an-email"), ("password", "short"), ("role", "coordinator"), ("display_name", "")],
)
async def test_signup_bad_input_is_a_clear_400(client, field: str, value: str) -> None:
    payload = {"email": "x@example.org", "password": PASSWORD, "display_name": "X", "role": "mentee"}
    response = await client.post("/api/auth/signup", json={**payload, field: value})
    assert response.status_code == 400
    assert field in response.json()["detail"]


async def test_wrong_password_and_unknown_email_answer_alike(client, people: People) -> None:
    mentor = await people.mentor()
    wrong = await client.post("/api/auth/login", json={"email": mentor.email, "password": "wrong password!!"})
    unknown = await client.post("/api/auth/login", json={"email": "nobody@example.org", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_login_is_rate_limited(engine, tmp_path, database_url) -> None:
    from litestar.testing import AsyncTestClient

    from mentoring.app import create_app

    app = create_app(make_settings(database_url, tmp_path, login_rate_limit_per_minute=3))
    async with AsyncTestClient(app=app) as client:
        codes = [
            (
                await client.post("/api/auth/login", json={"email": "a@example.org", "password": PASSWORD})
            ).status_code
            for _ in range(5)
        ]
    assert codes[:3] == [401, 401, 401]
    assert codes[3:] == [429, 429]


async def test_tokens_need_our_audience_and_expire(client, app, people: People) -> None:
    mentee = await people.mentee()
    settings = app.state["settings"]
    now = datetime.now(UTC)

    def forge(secret: str = settings.secret_key, **overrides) -> str:
        claims = {
            "sub": mentee.id,
            "iat": int(now.timestamp()),
            "exp": int((now + timedelta(minutes=5)).timestamp()),
            "iss": settings.jwt_issuer,
            "aud": settings.jwt_audience,
        } | overrides
        return jwt.encode(claims, secret, algorithm="HS256")

    ok = await client.get("/api/me", headers={"Authorization": f"Bearer {forge()}"})
    assert ok.status_code == 200, ok.text
    for bad in (
        forge(aud="someone-else"),
        forge(iss="someone-else"),
        forge(exp=int((now - timedelta(seconds=5)).timestamp())),
        forge(secret="another-secret-key-that-is-long-enough-xyz"),
        "garbage",
    ):
        response = await client.get("/api/me", headers={"Authorization": f"Bearer {bad}"})
        assert response.status_code == 401, bad
    assert (await client.get("/api/me")).status_code == 401


async def test_coordinator_creates_coordinator_only_for_own_programmes(client, people: People) -> None:
    boss = await people.coordinator()
    mentee = await people.mentee()
    payload = {"email": "new-coord@example.org", "password": PASSWORD, "display_name": "New"}
    assert (await client.post("/api/coordinators", json=payload, headers=mentee.headers)).status_code == 403
    created = await client.post("/api/coordinators", json=payload, headers=boss.headers)
    assert created.status_code == 201, created.text
    assert created.json()["roles"] == ["coordinator"]
    foreign = await client.post(
        "/api/coordinators",
        json={
            **payload,
            "email": "other@example.org",
            "program_ids": ["00000000-0000-0000-0000-000000000001"],
        },
        headers=boss.headers,
    )
    assert foreign.status_code == 403


async def test_unknown_route_and_errors_never_leak_internals(client) -> None:
    response = await client.get("/api/nope")
    assert response.status_code == 404
    assert set(response.json()) <= {"status_code", "detail", "extra"}
