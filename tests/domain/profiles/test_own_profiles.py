"""Each person reads and edits their own mentor and mentee profiles."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from tests.conftest import People
from tests.domain.profiles.conftest import MENTEE_BODY, MENTOR_BODY


async def test_signup_profile_is_empty_and_readable(client, people: People) -> None:
    mentor = await people.mentor()
    response = await client.get("/api/me/mentor-profile", headers=mentor.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user_id"] == mentor.id
    assert body["challenges"] == []
    assert body["capacity"] == 1
    assert body["active_mentees"] == 0
    assert body["qualifications"] == []
    missing = await client.get("/api/me/mentee-profile", headers=mentor.headers)
    assert missing.status_code == 404
    assert "PUT /api/me/mentee-profile" in missing.json()["detail"]


async def test_mentor_put_replaces_the_whole_profile(client, people: People) -> None:
    mentor = await people.mentor()
    response = await client.put("/api/me/mentor-profile", json=MENTOR_BODY, headers=mentor.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["challenges"] == [
        {"slug": "addiction/alcohol", "years_ago": 6.0},
        {"slug": "grief/parent", "years_ago": None},
    ]
    for key in ("support_offered", "formats", "region", "languages", "timezone", "engagement", "bio"):
        assert body[key] == MENTOR_BODY[key], key
    assert body["availability"] == MENTOR_BODY["availability"]
    again = await client.get("/api/me/mentor-profile", headers=mentor.headers)
    assert again.json() == body

    smaller = await client.put(
        "/api/me/mentor-profile",
        json={"kind": "professional", "challenges": [{"slug": "grief/parent", "years_ago": 2}]},
        headers=mentor.headers,
    )
    assert smaller.status_code == 200, smaller.text
    assert smaller.json()["challenges"] == [{"slug": "grief/parent", "years_ago": 2.0}]
    assert smaller.json()["formats"] == []
    assert smaller.json()["timezone"] == "UTC"


async def test_mentor_patch_changes_only_what_is_sent(client, people: People) -> None:
    mentor = await people.mentor()
    await client.put("/api/me/mentor-profile", json=MENTOR_BODY, headers=mentor.headers)
    response = await client.patch(
        "/api/me/mentor-profile", json={"bio": "Changed", "region": None}, headers=mentor.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["bio"] == "Changed"
    assert body["region"] is None
    assert [c["slug"] for c in body["challenges"]] == ["addiction/alcohol", "grief/parent"]
    assert body["languages"] == ["fr", "en"]


async def test_mentee_can_add_a_mentor_profile_and_hold_both(client, people: People) -> None:
    mentee = await people.mentee()
    assert (await client.get("/api/me/mentor-profile", headers=mentee.headers)).status_code == 404
    created = await client.put("/api/me/mentor-profile", json=MENTOR_BODY, headers=mentee.headers)
    assert created.status_code == 200, created.text
    me = await client.get("/api/me", headers=mentee.headers)
    assert sorted(me.json()["roles"]) == ["mentee", "mentor"]


async def test_mentee_put_patch_and_get(client, people: People) -> None:
    mentor = await people.mentor()
    created = await client.put("/api/me/mentee-profile", json=MENTEE_BODY, headers=mentor.headers)
    assert created.status_code == 200, created.text
    body = created.json()
    for key, value in MENTEE_BODY.items():
        assert body[key] == value, key
    patched = await client.patch(
        "/api/me/mentee-profile",
        json={"priorities": ["in_person", "recency"], "challenges": ["grief", "addiction/alcohol"]},
        headers=mentor.headers,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["priorities"] == ["in_person", "recency"]
    assert patched.json()["challenges"] == ["addiction/alcohol", "grief"]
    assert patched.json()["goals"] == MENTEE_BODY["goals"]
    read = await client.get("/api/me/mentee-profile", headers=mentor.headers)
    assert read.json() == patched.json()


def _with(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    changed[path] = value
    return changed


BAD_MENTOR = [
    ("challenges", [{"slug": "addiction/unicorns"}], "addiction/unicorns"),
    ("challenges", [{"slug": "grief", "years_ago": -1}], "years_ago"),
    ("timezone", "Mars/Olympus_Mons", "time zone"),
    ("availability", [{"weekday": 1, "start": "10:00", "end": "09:00"}], "start before it ends"),
    ("availability", [{"weekday": 1, "start": "10:00", "end": "10:00"}], "start before it ends"),
    (
        "availability",
        [{"weekday": 1, "start": "09:00", "end": "11:00"}, {"weekday": 1, "start": "10:30", "end": "12:00"}],
        "overlap",
    ),
    ("availability", [{"weekday": 7, "start": "09:00", "end": "10:00"}], "weekday"),
    ("availability", [{"weekday": 1, "start": "9am", "end": "10:00"}], "start"),
    ("availability", [{"weekday": 1, "start": "24:00", "end": "24:00"}], "start"),
    (
        "availability",
        [
            {"weekday": d % 7, "start": f"{h:02d}:00", "end": f"{h:02d}:30"}
            for d in range(7)
            for h in range(7)
        ],
        "availability",
    ),
    ("formats", ["telepathy"], "formats"),
    ("languages", ["English"], "languages"),
    ("kind", "guru", "kind"),
    ("support_offered", ["financial"], "support_offered"),
    ("bio", "x" * 4001, "bio"),
    ("bio", "nul\x00byte", "NUL|bio"),
    ("region", "\x00", "NUL|region"),
    ("region", "   ", "region"),
    ("active_mentees", 0, "active_mentees"),
    ("capacity", 5, "capacity"),
    ("paused_until", "2030-01-01", "paused_until"),
    ("qualifications", [], "qualifications"),
]


@pytest.mark.parametrize("method", ["put", "patch"])
async def test_bad_mentor_bodies_are_400_naming_the_problem(client, people: People, method: str) -> None:
    mentor = await people.mentor()
    before = (await client.get("/api/me/mentor-profile", headers=mentor.headers)).json()
    for field, value, message in BAD_MENTOR:
        response = await client.request(
            method.upper(),
            "/api/me/mentor-profile",
            json=_with(MENTOR_BODY, field, value),
            headers=mentor.headers,
        )
        assert response.status_code == 400, (field, response.text)
        assert re.search(message, response.json()["detail"]), (field, response.text)
    assert (await client.get("/api/me/mentor-profile", headers=mentor.headers)).json() == before


BAD_MENTEE = [
    ("challenges", ["nope"], "nope"),
    ("priorities", ["money"], "priorities"),
    ("session_minutes", 20, "session_minutes"),
    ("session_minutes", 121, "session_minutes"),
    ("frequency", "daily", "frequency"),
    ("mentor_kind", "guru", "mentor_kind"),
    ("goals", "x" * 2001, "goals"),
    ("goals", "nul\x00byte", "NUL|goals"),
    ("timezone", "Europe/Atlantis", "time zone"),
    ("availability", [{"weekday": 3, "start": "12:00", "end": "11:59"}], "start before it ends"),
    ("verified_at", None, "verified_at"),
    ("user_id", "00000000-0000-0000-0000-000000000000", "user_id"),
]


@pytest.mark.parametrize("method", ["put", "patch"])
async def test_bad_mentee_bodies_are_400_naming_the_problem(client, people: People, method: str) -> None:
    mentee = await people.mentee()
    before = (await client.get("/api/me/mentee-profile", headers=mentee.headers)).json()
    for field, value, message in BAD_MENTEE:
        response = await client.request(
            method.upper(),
            "/api/me/mentee-profile",
            json=_with(MENTEE_BODY, field, value),
            headers=mentee.headers,
        )
        assert response.status_code == 400, (field, response.text)
        assert re.search(message, response.json()["detail"]), (field, response.text)
    assert (await client.get("/api/me/mentee-profile", headers=mentee.headers)).json() == before


async def test_touching_slots_and_midnight_end_are_fine(client, people: People) -> None:
    mentee = await people.mentee()
    slots = [
        {"weekday": 6, "start": "22:00", "end": "24:00"},
        {"weekday": 6, "start": "20:00", "end": "22:00"},
    ]
    response = await client.patch(
        "/api/me/mentee-profile", json={"availability": slots}, headers=mentee.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["availability"] == [slots[1], slots[0]]


async def test_patch_without_a_profile_is_404(client, people: People) -> None:
    mentee = await people.mentee()
    response = await client.patch("/api/me/mentor-profile", json={"bio": "x"}, headers=mentee.headers)
    assert response.status_code == 404


async def test_repeated_list_values_are_dropped_keeping_the_first(client, people: People) -> None:
    person = await people.mentor()
    mentor = await client.patch(
        "/api/me/mentor-profile",
        json={
            "challenges": [{"slug": "grief", "years_ago": 1}, {"slug": "grief", "years_ago": 9}],
            "formats": ["video", "chat", "video"],
        },
        headers=person.headers,
    )
    assert mentor.status_code == 200, mentor.text
    assert mentor.json()["challenges"] == [{"slug": "grief", "years_ago": 1.0}]
    assert mentor.json()["formats"] == ["video", "chat"]
    mentee = await client.put(
        "/api/me/mentee-profile",
        json={"challenges": ["grief", "grief"], "priorities": ["region", "support", "region"]},
        headers=person.headers,
    )
    assert mentee.status_code == 200, mentee.text
    assert mentee.json()["challenges"] == ["grief"]
    assert mentee.json()["priorities"] == ["region", "support"]
