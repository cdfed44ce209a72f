"""Start-up chores shared by the CLI and the tests: schema, default data, first coordinator."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import anyio.to_thread
from sqlalchemy import select

from mentoring.db.engine import create_engine, session_scope
from mentoring.db.migrate import upgrade
from mentoring.settings import Settings


async def seed_defaults(settings: Settings) -> None:
    """Insert the default data every database needs (the challenge taxonomy); idempotent."""
    from mentoring.domain.programs.taxonomy import seed_default_taxonomy

    engine = create_engine(settings, "cli")
    try:
        async with session_scope(engine) as session:
            await seed_default_taxonomy(session)
    finally:
        await engine.dispose()


async def prepare_database(settings: Settings, revision: str = "head") -> None:
    """Apply the migrations, then the default data."""
    await anyio.to_thread.run_sync(upgrade, settings, revision)
    await seed_defaults(settings)


async def create_coordinator_account(
    settings: Settings, email: str, password: str, name: str | None, program_slugs: Sequence[str] = ()
) -> UUID:
    """Create a coordinator from the command line, for the programmes named by slug."""
    from mentoring.db.models import Program
    from mentoring.domain.accounts.services import AccountService
    from mentoring.lib.errors import NotFoundError

    engine = create_engine(settings, "cli")
    try:
        async with session_scope(engine) as session:
            program_ids = []
            for slug in program_slugs:
                program_id = await session.scalar(select(Program.id).where(Program.slug == slug))
                if program_id is None:
                    raise NotFoundError(f"No programme with slug {slug!r}")
                program_ids.append(program_id)
            user = await AccountService(session).create_coordinator(
                email=email,
                password=password,
                display_name=name or email.split("@")[0],
                program_ids=program_ids,
            )
            return user.id
    finally:
        await engine.dispose()
