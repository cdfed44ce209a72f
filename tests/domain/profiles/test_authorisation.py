"""Every profiles route against every caller who must not get through."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from mentoring.lib.clock import utcnow
from tests.domain.profiles.conftest import MENTEE_BODY, MENTOR_BODY, World, access_events, audit_events

PAUSE = {"until": (utcnow() + timedelta(days=10)).date().isoformat()}
QUALIFICATION = {"title": "Psychologist", "issuer": "Order of psychologists"}

#: operation id → (method, path template, body). ``{q}`` is a qualification of the mentor, ``{mentor}``
#: and ``{mentee}`` the user ids of programme A's mentor and mentee.
ROUTES: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "getMyMentorProfile": ("GET", "/api/me/mentor-profile", None),
    "putMyMentorProfile": ("PUT", "/api/me/mentor-profile", MENTOR_BODY),
    "updateMyMentorProfile": ("PATCH", "/api/me/mentor-profile", {"bio": "hijacked"}),
    "setMyMentorCapacity": ("PATCH", "/api/me/mentor-profile/capacity", {"capacity": 9}),
    "pauseMyMentoring": ("PUT", "/api/me/mentor-profile/pause", PAUSE),
    "resumeMyMentoring": ("DELETE", "/api/me/mentor-profile/pause", None),
    "addMyQualification": ("POST", "/api/me/mentor-profile/qualifications", QUALIFICATION),
    "updateMyQualification": ("PATCH", "/api/me/mentor-profile/qualifications/{q}", {"title": "Mine"}),
    "deleteMyQualification": ("DELETE", "/api/me/mentor-profile/qualifications/{q}", None),
    "getMyMenteeProfile": ("GET", "/api/me/mentee-profile", None),
    "putMyMenteeProfile": ("PUT", "/api/me/mentee-profile", MENTEE_BODY),
    "updateMyMenteeProfile": ("PATCH", "/api/me/mentee-profile", {"goals": "hijacked"}),
    "getMentorProfile": ("GET", "/api/mentors/{mentor}/profile", None),
    "getMenteeProfile": ("GET", "/api/mentees/{mentee}/profile", None),
    "verifyQualification": ("POST", "/api/qualifications/{q}/verification", None),
    "revokeQualificationVerification": ("DELETE", "/api/qualifications/{q}/verification", None),
    "getMenteeMatchingProfile": ("GET", "/api/mentees/{mentee}/matching-profile", None),
}

#: Routes on an object of programme A's mentor or mentee: what each intruder gets.
#: Coordinator routes answer 403 to non-coordinators (they learn nothing about the object),
#: 404 to a coordinator of another programme; the mentor's own objects are 404 to everyone else.
OBJECT_ROUTES: dict[str, dict[str, int]] = {
    "updateMyQualification": {
        "mentee": 404,
        "other_mentee": 404,
        "other_mentor": 404,
        "other_coordinator": 404,
    },
    "deleteMyQualification": {
        "mentee": 404,
        "other_mentee": 404,
        "other_mentor": 404,
        "other_coordinator": 404,
    },
    "getMentorProfile": {"mentee": 403, "other_mentee": 403, "other_mentor": 403, "other_coordinator": 404},
    "getMenteeProfile": {"mentor": 403, "other_mentee": 403, "other_mentor": 403, "other_coordinator": 404},
    "verifyQualification": {
        "mentee": 403,
        "other_mentee": 403,
        "other_mentor": 403,
        "other_coordinator": 404,
    },
    "revokeQualificationVerification": {
        "mentee": 403,
        "other_mentee": 403,
        "other_mentor": 403,
        "other_coordinator": 404,
    },
    "getMenteeMatchingProfile": {
        "mentor": 404,
        "other_mentee": 404,
        "other_mentor": 404,
        "coordinator": 404,
        "other_coordinator": 404,
    },
}


def _url(template: str, **ids: str) -> str:
    return template.format(**ids)


def test_the_matrix_covers_every_profiles_route(app) -> None:
    schema = app.openapi_schema.to_schema()
    operations = {
        op["operationId"]
        for item in schema["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "profiles" in op.get("tags", [])
    }
    assert operations == set(ROUTES)


@pytest.mark.parametrize("operation", sorted(ROUTES))
async def test_anonymous_gets_401_everywhere(client, operation: str) -> None:
    method, template, body = ROUTES[operation]
    random = str(uuid.uuid4())
    url = _url(template, q=random, mentor=random, mentee=random)
    response = await client.request(method, url, json=body)
    assert response.status_code == 401, response.text


async def test_intruders_get_404_or_403_and_change_nothing(client, world: World, db) -> None:
    await client.put("/api/me/mentor-profile", json=MENTOR_BODY, headers=world.mentor.headers)
    await client.put("/api/me/mentee-profile", json=MENTEE_BODY, headers=world.mentee.headers)
    added = await client.post(
        "/api/me/mentor-profile/qualifications", json=QUALIFICATION, headers=world.mentor.headers
    )
    ids = {"q": added.json()["id"], "mentor": world.mentor.id, "mentee": world.mentee.id}
    mentor_before = (await client.get("/api/me/mentor-profile", headers=world.mentor.headers)).json()
    mentee_before = (await client.get("/api/me/mentee-profile", headers=world.mentee.headers)).json()

    for operation, expected in OBJECT_ROUTES.items():
        method, template, body = ROUTES[operation]
        for who, status in expected.items():
            person = getattr(world, who)
            response = await client.request(method, _url(template, **ids), json=body, headers=person.headers)
            assert response.status_code == status, (operation, who, response.text)

    # The /api/me routes act on the caller's own profiles only: intruders change their own.
    for operation, (method, template, body) in ROUTES.items():
        if operation in OBJECT_ROUTES:
            continue
        for person in (world.other_mentee, world.other_mentor, world.other_coordinator):
            response = await client.request(method, _url(template, **ids), json=body, headers=person.headers)
            assert response.status_code < 500, (operation, response.text)

    assert (await client.get("/api/me/mentor-profile", headers=world.mentor.headers)).json() == mentor_before
    assert (await client.get("/api/me/mentee-profile", headers=world.mentee.headers)).json() == mentee_before
    assert await access_events(db, world.mentor) == []
    assert await access_events(db, world.mentee) == []
    assert await audit_events(db, "qualification") == []
