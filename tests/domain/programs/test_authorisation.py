"""Every route against every wrong caller: anonymous, mentee, mentor, another programme's coordinator.

Each case also checks the refusal changed nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.domain.programs.conftest import Cast, program_body

ANON, MENTEE, MENTOR, OTHER, OWNER = "anonymous", "mentee", "mentor", "other coordinator", "coordinator"


def _caller_headers(cast: Cast, caller: str) -> dict[str, str]:
    person = {
        MENTEE: cast.mentee,
        MENTOR: cast.mentor,
        OTHER: cast.other_coordinator,
        OWNER: cast.coordinator,
    }.get(caller)
    return person.headers if person else {}


# (method, path, body, expected status per caller). {program}, {owner}, {membership}, {challenge}
# are filled from the cast. Callers absent from a row are covered by the behaviour tests.
MATRIX: list[tuple[str, str, Any, dict[str, int]]] = [
    ("GET", "/api/programs", None, {ANON: 401, MENTEE: 200, MENTOR: 200, OTHER: 200, OWNER: 200}),
    ("POST", "/api/programs", "new-program", {ANON: 401, MENTEE: 403, MENTOR: 403}),
    ("GET", "/api/programs/{program}", None, {ANON: 401, MENTEE: 200, MENTOR: 200, OTHER: 200, OWNER: 200}),
    (
        "PATCH",
        "/api/programs/{program}",
        {"name": "Taken over"},
        {ANON: 401, MENTEE: 403, MENTOR: 403, OTHER: 403},
    ),
    (
        "GET",
        "/api/programs/{program}/members",
        None,
        {ANON: 401, MENTEE: 403, MENTOR: 403, OTHER: 403, OWNER: 200},
    ),
    ("POST", "/api/programs/{program}/memberships", {"role": "mentee"}, {ANON: 401, OTHER: 403, OWNER: 403}),
    (
        "GET",
        "/api/programs/{program}/coordinators",
        None,
        {ANON: 401, MENTEE: 403, MENTOR: 403, OTHER: 403, OWNER: 200},
    ),
    (
        "POST",
        "/api/programs/{program}/coordinators",
        {"user_id": "{other}"},
        {ANON: 401, MENTEE: 403, MENTOR: 403, OTHER: 403},
    ),
    (
        "DELETE",
        "/api/programs/{program}/coordinators/{owner}",
        None,
        {ANON: 401, MENTEE: 403, MENTOR: 403, OTHER: 403, OWNER: 409},
    ),
    ("GET", "/api/memberships", None, {ANON: 401}),
    ("DELETE", "/api/memberships/{membership}", None, {ANON: 401, MENTOR: 404, OTHER: 404, OWNER: 404}),
    ("GET", "/api/taxonomy", None, {ANON: 200, MENTEE: 200, MENTOR: 200, OTHER: 200, OWNER: 200}),
    (
        "POST",
        "/api/challenges",
        {"slug": "loneliness", "label_en": "Loneliness", "label_fr": "Solitude"},
        {ANON: 401, MENTEE: 403, MENTOR: 403},
    ),
    ("PATCH", "/api/challenges/{challenge}", {"label_en": "Hijacked"}, {ANON: 401, MENTEE: 403, MENTOR: 403}),
]


async def _snapshot(client, cast: Cast) -> tuple[Any, ...]:
    owner = cast.coordinator.headers
    return (
        (await client.get("/api/programs", headers=owner)).json(),
        (await client.get(f"/api/programs/{cast.program_id}/members", headers=owner)).json(),
        (await client.get(f"/api/programs/{cast.program_id}/coordinators", headers=owner)).json(),
        (await client.get("/api/taxonomy")).json(),
        (await client.get("/api/memberships", headers=cast.mentee.headers)).json(),
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, *_ in MATRIX]
)
async def test_route_answers_each_caller_as_it_should(
    client, cast: Cast, method, path, body, expected
) -> None:
    taxonomy = (await client.get("/api/taxonomy", params={"limit": 200})).json()["items"]
    values = {
        "program": cast.program_id,
        "owner": cast.coordinator.id,
        "other": cast.other_coordinator.id,
        "membership": cast.mentee_membership,
        "challenge": next(e["id"] for e in taxonomy if e["slug"] == "grief"),
    }
    url = path.format(**values)
    if body == "new-program":
        body = program_body()
    elif isinstance(body, dict):
        body = {k: v.format(**values) if isinstance(v, str) else v for k, v in body.items()}
    before = await _snapshot(client, cast)
    for caller, status in expected.items():
        response = await client.request(method, url, json=body, headers=_caller_headers(cast, caller))
        assert response.status_code == status, (caller, response.text)
        if status >= 400:
            assert response.json()["status_code"] == status
    if all(status >= 400 or method == "GET" for status in expected.values()):
        assert await _snapshot(client, cast) == before
