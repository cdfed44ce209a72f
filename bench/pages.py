"""Render time of the mentee's mentorship page beside the bare API reference, in the same run.

Run: ``uv run python bench/pages.py [--requests 300]``.

Builds the app on a throwaway SQLite database, pairs a mentee and a mentor through the services
(request → proposal → approval → both accept), writes 40 messages, signs the mentee in on the
pages, then times, in-process (Litestar's test client, no network), ``GET /mentorships/{id}`` with
the session cookie and ``GET /api/health`` taking turns. Prints p50/p99 in milliseconds and the ratio
of the page to the reference, so the figure does not depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != str(ROOT / "bench")]
sys.path.insert(0, str(ROOT))

from litestar.testing import AsyncTestClient  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from mentoring.db.engine import session_scope  # noqa: E402
from mentoring.db.models import Program, ProgramMembership, metadata  # noqa: E402
from mentoring.lib.clock import utcnow  # noqa: E402
from mentoring.lib.security import configure_password_hashing  # noqa: E402
from mentoring.settings import Settings  # noqa: E402

PASSWORD = "correct horse battery staple"


async def arrange(engine) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A started pairing with a thread; returns (mentee e-mail, pairing id)."""
    from mentoring.domain.accounts.services import AccountService
    from mentoring.domain.messaging.services import MessagingService
    from mentoring.domain.pairings.services.proposals import ProposalService, create_proposal
    from mentoring.domain.pairings.services.requests import RequestService
    from mentoring.domain.programs.taxonomy import seed_default_taxonomy

    async with session_scope(engine) as session:
        await seed_default_taxonomy(session)
        program = Program(
            slug=f"bench-{uuid.uuid4().hex[:6]}",
            name="Bench",
            terms_kind="informal",
            terms={"goals": [], "confidentiality_version": 1},
        )
        session.add(program)
        await session.flush()
        accounts = AccountService(session)
        mentee = await accounts.sign_up(
            email="mentee@example.org",
            password=PASSWORD,
            display_name="Camille",
            role="mentee",
            language="en",
        )
        mentor = await accounts.sign_up(
            email="mentor@example.org", password=PASSWORD, display_name="Louise", role="mentor", language="en"
        )
        coordinator = await accounts.create_coordinator(
            email="coord@example.org", password=PASSWORD, display_name="Coordinator", program_ids=[program.id]
        )
        for person, role in ((mentee, "mentee"), (mentor, "mentor")):
            session.add(
                ProgramMembership(program_id=program.id, user_id=person.id, role=role, joined_at=utcnow())
            )
        await session.flush()
        request = await RequestService(session).open(mentee, program.id, "")
        from sqlalchemy import update

        from mentoring.db.models import MentorProfile, MentorshipRequest

        await session.execute(
            update(MentorProfile).where(MentorProfile.user_id == mentor.id).values(capacity=2)
        )
        row = await session.get(MentorshipRequest, request.id)
        assert row is not None
        proposal = await create_proposal(
            session,
            row,
            mentor.id,
            score=0.9,
            factors=[],
            reason="",
            source="manual",
            round_id=None,
            actor_id=None,
        )
        proposals = ProposalService(session)
        assert coordinator is not None
        await proposals.approve(coordinator, proposal.id, None)
        await proposals.accept(mentor, proposal.id)
        read = await proposals.accept(mentee, proposal.id)
        assert read.pairing_id is not None
        pairing_id = read.pairing_id
    for n in range(40):  # a thread of some length, within the rate limit
        async with session_scope(engine) as session:
            sender = mentee if n % 2 else mentor
            await MessagingService(session).send(
                sender, pairing_id, f"Message {n}: how are you doing this week?"
            )
        if n % 9 == 8:
            from sqlalchemy import text

            async with (
                engine.begin() as conn
            ):  # age the messages so the per-minute limit stays out of the way
                await conn.execute(
                    text("UPDATE pairing_message SET sent_at = datetime(sent_at, '-2 minutes')")
                )
    return "mentee@example.org", str(pairing_id)


def quantiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


async def main(requests: int) -> None:
    configure_password_hashing("CHEAPEST")
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        settings = Settings(
            database_url=url,
            secret_key=secrets.token_hex(32),
            env="test",
            data_dir=Path(tmp),
            warm_engine=False,
            login_rate_limit_per_minute=10_000,
        )
        from mentoring.app import create_app

        app = create_app(settings)
        email, pairing_id = await arrange(engine)
        await engine.dispose()
        async with AsyncTestClient(app=app) as client:
            import re

            form = (await client.get("/login")).text
            token = re.search(r'name="_csrf_token" value="([^"]+)"', form)
            assert token
            login = await client.post(
                "/login",
                data={"_csrf_token": token.group(1), "email": email, "password": PASSWORD},
                follow_redirects=False,
            )
            assert login.status_code == 303, login.text[:300]
            page_url, api_url = f"/mentorships/{pairing_id}", "/api/health"
            for _ in range(20):  # warm up both
                assert (await client.get(page_url)).status_code == 200
                await client.get(api_url)
            page, api = [], []
            for _ in range(requests):
                started = time.perf_counter()
                response = await client.get(page_url)
                page.append(time.perf_counter() - started)
                assert response.status_code == 200
                started = time.perf_counter()
                await client.get(api_url)
                api.append(time.perf_counter() - started)
    p50, p99 = quantiles(page)
    r50, r99 = quantiles(api)
    print(f"{requests} requests each, in-process, SQLite, a thread of 40 messages")
    print(f"GET /mentorships/{{id}} (mentee, session cookie): p50 {p50:.2f} ms  p99 {p99:.2f} ms")
    print(f"GET /api/health (bare reference):              p50 {r50:.2f} ms  p99 {r99:.2f} ms")
    print(f"ratio page / reference:                        p50 ×{p50 / r50:.1f}  p99 ×{p99 / r99:.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    asyncio.run(main(parser.parse_args().requests))
