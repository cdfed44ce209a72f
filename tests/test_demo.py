"""The demo data: idempotent seeding, working logins with the right roles, and the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from mentoring.db.engine import session_scope
from mentoring.db.models import (
    CheckIn,
    Concern,
    ExitFeedback,
    FollowUp,
    MenteeProfile,
    MentorProfile,
    MentorshipRequest,
    Pairing,
    Program,
    ProgramMembership,
    Proposal,
    Qualification,
    UserAccount,
)
from mentoring.demo import seed_demo
from mentoring.lib.clock import utcnow

ROOT = Path(__file__).resolve().parent.parent


async def _counts(engine) -> tuple[int, ...]:
    async with session_scope(engine) as session:
        models = (UserAccount, Program, ProgramMembership, MentorProfile, MenteeProfile)
        workflow = (
            MentorshipRequest,
            Proposal,
            Pairing,
            CheckIn,
            Concern,
            ExitFeedback,
            Qualification,
            FollowUp,
        )
        return tuple(
            [int(await session.scalar(select(func.count()).select_from(m)) or 0) for m in models + workflow]
        )


async def test_seeding_twice_creates_nothing_the_second_time(settings, engine) -> None:
    first = await seed_demo(settings)
    after_first = await _counts(engine)

    second = await seed_demo(settings)

    assert second == first
    assert await _counts(engine) == after_first
    accounts, programs, memberships, mentors, mentees = after_first[:5]
    assert programs == 2
    assert mentors >= 8
    assert mentees >= 12
    assert accounts == len(first)
    # Everyone but the coordinator belongs to at least one programme.
    assert memberships >= mentors + mentees


async def test_every_printed_login_works_with_its_role(client, settings, engine) -> None:
    logins = await seed_demo(settings)
    assert [login.role for login in logins].count("coordinator") == 1
    assert all(login.shows for login in logins)  # each says what that person's pages show

    for role, email, password, _shows in logins:
        response = await client.post("/api/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, (email, response.text)
        headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
        me = (await client.get("/api/me", headers=headers)).json()
        assert role in me["roles"], (email, me["roles"])
        if role == "coordinator":
            assert len(me["coordinated_program_ids"]) == 2
        else:
            memberships = await client.get("/api/memberships", headers=headers)
            assert memberships.status_code == 200
            assert {m["role"] for m in memberships.json()["items"]} == {role}


async def test_demo_profiles_are_varied(settings, engine) -> None:
    await seed_demo(settings)
    async with session_scope(engine) as session:
        mentors = list(await session.scalars(select(MentorProfile)))
        mentees = list(await session.scalars(select(MenteeProfile)))
        terms = set(await session.scalars(select(Program.terms_kind)))
    assert {m.kind for m in mentors} == {"peer", "professional"}
    assert {m.capacity for m in mentors} == {1, 2, 3}
    assert {lang for m in mentors for lang in m.languages} >= {"en", "fr"}
    assert all(m.availability and m.challenges for m in mentors)
    assert len({m.region for m in mentors}) >= 4
    assert all(m.challenges and m.priorities for m in mentees)
    assert len({tuple(m.priorities) for m in mentees}) >= 6
    assert terms == {"formal", "informal"}


def test_the_cli_seeds_and_prints_the_logins(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MENTORING_")},
        "MENTORING_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
        "MENTORING_DATA_DIR": str(tmp_path),
    }
    for _ in range(2):  # the second run finds everything there and still prints the logins
        result = subprocess.run(
            # The interpreter running the tests, not `uv` (which may not be on PATH: `make` can
            # install it with pip as a module).
            [sys.executable, "-m", "mentoring", "demo"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "coordinator@demo.mentoring" in output
        assert "mentor1@demo.mentoring" in output
        assert "mentee12@demo.mentoring" in output
        assert "Traceback" not in output


async def test_the_workflow_is_seeded_in_every_state(settings, engine) -> None:
    await seed_demo(settings)
    async with session_scope(engine) as session:
        requests = list(await session.scalars(select(MentorshipRequest)))
        proposals = list(await session.scalars(select(Proposal)))
        pairings = list(await session.scalars(select(Pairing)))
        check_ins = list(await session.scalars(select(CheckIn)))
        concerns = list(await session.scalars(select(Concern)))
        feedback = list(await session.scalars(select(ExitFeedback)))
        qualifications = list(await session.scalars(select(Qualification)))
        failed = list(await session.scalars(select(FollowUp).where(FollowUp.state == "failed")))
        mentors = {m.user_id: m for m in await session.scalars(select(MentorProfile))}
    now = utcnow()
    waiting = [r for r in requests if r.status == "open"]
    assert len(waiting) >= 8
    assert max(now - r.requested_at for r in waiting) >= timedelta(days=20)  # some wait long
    offered = [p for p in proposals if p.status == "offered"]
    assert any(p.status == "pending_review" for p in proposals)
    assert any(
        p.mentor_answer == "accepted" and p.mentee_answer is None for p in offered
    )  # the mentee's turn
    assert any(
        p.mentee_answer == "accepted" and p.mentor_answer is None for p in offered
    )  # the mentor's turn
    by_status = {p.status for p in pairings}
    assert by_status == {"awaiting_agreement", "trial", "active", "ended"}
    formal = next(p for p in pairings if p.status == "awaiting_agreement")
    assert formal.terms_kind == "formal"
    active = next(p for p in pairings if p.status == "active")
    assert any(c.pairing_id == active.id and c.answered_at is None for c in check_ins)  # a check-in due
    ended = next(p for p in pairings if p.status == "ended")
    assert {f.role for f in feedback if f.pairing_id == ended.id} == {"mentee", "mentor"}
    assert {c.kind for c in concerns if c.status == "open"} >= {"safety", "no_show"}
    assert any(q.verified_at is None for q in qualifications)
    assert failed
    assert all(f.attempts >= settings.jobs.max_attempts for f in failed)
    assert all(f.program_id is not None for f in failed)  # a coordinator's console shows it
    # The mentor of the active pairing has no free place left: a mentee only they fit stays unmatched.
    grace = mentors[active.mentor_id]
    assert grace.active_mentees == grace.capacity
