"""The ``people`` fixture makes exactly the person that sign-up, log-in and who-am-I make over HTTP.

It calls the services behind those routes instead of the routes (three requests per person cost
more than most tests); these tests keep the routes themselves on the path a newcomer takes.
"""

from __future__ import annotations

import jwt
import pytest

from tests.conftest import PASSWORD, People


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


@pytest.mark.parametrize("role", ["mentee", "mentor"])
async def test_signing_up_and_logging_in_over_http_gives_what_people_give(
    client, people: People, role: str
) -> None:
    email = f"http-{role}@example.org"
    body = {"email": email, "password": PASSWORD, "display_name": "Over HTTP", "role": role}
    signed_up = await client.post("/api/auth/signup", json=body)
    assert signed_up.status_code == 201, signed_up.text
    logged_in = await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert logged_in.status_code == 200, logged_in.text
    token = logged_in.json()["access_token"]
    for bearer in (signed_up.json()["access_token"], token):
        me = await client.get("/api/me", headers={"Authorization": f"Bearer {bearer}"})
        assert me.status_code == 200, me.text
        assert me.json()["roles"] == [role]

    person = await people.signup(role)
    own = await client.get("/api/me", headers=person.headers)
    assert own.status_code == 200, own.text
    assert own.json()["id"] == person.id
    assert own.json()["email"] == person.email
    assert person.roles == own.json()["roles"] == [role]
    # Same claims as a logged-in person's token, the subject and the times aside.
    http_claims, people_claims = _claims(token), _claims(person.token)
    assert set(http_claims) == set(people_claims)
    assert http_claims["aud"] == people_claims["aud"]
    assert http_claims["iss"] == people_claims["iss"]
    assert people_claims["sub"] == person.id
    assert abs((http_claims["exp"] - http_claims["iat"]) - (people_claims["exp"] - people_claims["iat"])) <= 1
    # And the password people set is the one log-in checks.
    again = await client.post("/api/auth/login", json={"email": person.email, "password": PASSWORD})
    assert again.status_code == 200, again.text


async def test_a_coordinator_from_people_is_one_for_the_api(client, people: People) -> None:
    coordinator = await people.coordinator()
    me = await client.get("/api/me", headers=coordinator.headers)
    assert me.status_code == 200, me.text
    assert coordinator.roles == me.json()["roles"] == ["coordinator"]
