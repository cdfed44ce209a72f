"""The demo data: idempotent seeding, working logins with the right roles, and the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from mentoring.db.engine import session_scope
from mentoring.db.models import MenteeProfile, MentorProfile, Program, ProgramMembership, UserAccount
from mentoring.demo import seed_demo

ROOT = Path(__file__).resolve().parent.parent


async def _counts(engine) -> tuple[int, ...]:
    async with session_scope(engine) as session:
        models = (UserAccount, Program, ProgramMembership, MentorProfile, MenteeProfile)
        return tuple([int(await session.scalar(select(func.count()).select_from(m)) or 0) for m in models])


async def test_seeding_twice_creates_nothing_the_second_time(settings, engine) -> None:
    first = await seed_demo(settings)
    after_first = await _counts(engine)

    second = await seed_demo(settings)

    assert second == first
    assert await _counts(engine) == after_first
    accounts, programs, memberships, mentors, mentees = after_first
    assert programs == 2
    assert mentors >= 8
    assert mentees >= 12
    assert accounts == len(first)
    # Everyone but the coordinator belongs to at least one programme.
    assert memberships >= mentors + mentees


async def test_every_printed_login_works_with_its_role(client, settings, engine) -> None:
    logins = await seed_demo(settings)
    assert [role for role, _, _ in logins].count("coordinator") == 1

    for role, email, password in logins:
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
