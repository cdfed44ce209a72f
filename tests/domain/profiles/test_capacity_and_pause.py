"""Mentors set their capacity (never below their active mentees) and pause or resume."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import MentorProfile
from mentoring.lib.clock import utcnow
from tests.conftest import People, Person
from tests.domain.profiles.conftest import audit_events


async def _load(db: AsyncSession, mentor: Person, *, capacity: int, active: int) -> None:
    await db.execute(
        update(MentorProfile)
        .where(MentorProfile.user_id == uuid.UUID(mentor.id))
        .values(capacity=capacity, active_mentees=active)
    )
    await db.commit()


async def test_capacity_can_go_up_and_down_to_the_active_count(client, people: People, db) -> None:
    mentor = await people.mentor()
    await _load(db, mentor, capacity=3, active=2)
    for capacity in (5, 2):
        response = await client.patch(
            "/api/me/mentor-profile/capacity", json={"capacity": capacity}, headers=mentor.headers
        )
        assert response.status_code == 200, response.text
        assert response.json()["capacity"] == capacity
        assert response.json()["active_mentees"] == 2
    events = await audit_events(db, "mentor_profile", "capacity_changed")
    assert [e.data["capacity"] for e in events] == [5, 2]
    assert all(e.actor_id == uuid.UUID(mentor.id) for e in events)


async def test_lowering_capacity_below_active_mentees_is_409_with_the_count(
    client, people: People, db
) -> None:
    mentor = await people.mentor()
    await _load(db, mentor, capacity=4, active=3)
    response = await client.patch(
        "/api/me/mentor-profile/capacity", json={"capacity": 2}, headers=mentor.headers
    )
    assert response.status_code == 409
    assert "3 active mentee" in response.json()["detail"]
    assert response.json()["extra"] == {"active_mentees": 3}
    profile = await client.get("/api/me/mentor-profile", headers=mentor.headers)
    assert profile.json()["capacity"] == 4
    assert await audit_events(db, "mentor_profile", "capacity_changed") == []


@pytest.mark.parametrize("capacity", [-1, 51, "three", None, 2.5])
async def test_capacity_out_of_range_is_400(client, people: People, capacity: object) -> None:
    mentor = await people.mentor()
    response = await client.patch(
        "/api/me/mentor-profile/capacity", json={"capacity": capacity}, headers=mentor.headers
    )
    assert response.status_code == 400
    assert "capacity" in response.json()["detail"]


async def test_capacity_body_cannot_set_active_mentees(client, people: People) -> None:
    mentor = await people.mentor()
    response = await client.patch(
        "/api/me/mentor-profile/capacity", json={"capacity": 3, "active_mentees": 0}, headers=mentor.headers
    )
    assert response.status_code == 400
    assert "active_mentees" in response.json()["detail"]


async def test_capacity_without_a_mentor_profile_is_404(client, people: People) -> None:
    mentee = await people.mentee()
    response = await client.patch(
        "/api/me/mentor-profile/capacity", json={"capacity": 3}, headers=mentee.headers
    )
    assert response.status_code == 404


async def test_the_database_refuses_more_active_mentees_than_capacity(people: People, db) -> None:
    """The CHECK the pairing workflow relies on is still there."""
    mentor = await people.mentor()
    with pytest.raises(IntegrityError):
        await _load(db, mentor, capacity=1, active=2)
    await db.rollback()


async def test_pause_then_resume(client, people: People, db) -> None:
    mentor = await people.mentor()
    until = (utcnow() + timedelta(days=30)).date().isoformat()
    paused = await client.put("/api/me/mentor-profile/pause", json={"until": until}, headers=mentor.headers)
    assert paused.status_code == 200, paused.text
    assert paused.json()["paused_until"] == until
    resumed = await client.delete("/api/me/mentor-profile/pause", headers=mentor.headers)
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["paused_until"] is None
    again = await client.delete("/api/me/mentor-profile/pause", headers=mentor.headers)
    assert again.status_code == 409
    assert "not paused" in again.json()["detail"]
    actions = [e.action for e in await audit_events(db, "mentor_profile")]
    assert actions == ["paused", "resumed"]


@pytest.mark.parametrize("days", [0, -3, 731])
async def test_pause_dates_must_be_after_today_and_within_two_years(
    client, people: People, days: int
) -> None:
    mentor = await people.mentor()
    until = (utcnow() + timedelta(days=days)).date().isoformat()
    response = await client.put("/api/me/mentor-profile/pause", json={"until": until}, headers=mentor.headers)
    assert response.status_code == 400
    assert "until" in response.json()["detail"]


async def test_put_profile_keeps_capacity_and_pause(client, people: People, db) -> None:
    mentor = await people.mentor()
    await _load(db, mentor, capacity=4, active=1)
    until = (utcnow() + timedelta(days=3)).date().isoformat()
    await client.put("/api/me/mentor-profile/pause", json={"until": until}, headers=mentor.headers)
    replaced = await client.put("/api/me/mentor-profile", json={"bio": "new"}, headers=mentor.headers)
    assert replaced.status_code == 200
    assert (replaced.json()["capacity"], replaced.json()["active_mentees"]) == (4, 1)
    assert replaced.json()["paused_until"] == until
