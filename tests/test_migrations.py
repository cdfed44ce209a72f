"""The migrations build exactly the schema the models describe, on the run's database backend."""

from __future__ import annotations

import uuid

import anyio.to_thread
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from mentoring.db.migrate import compare_type, downgrade, upgrade
from mentoring.db.models import metadata
from tests.conftest import BACKEND, _admin, make_settings
from tests.services import POSTGRES_URL, require_postgres


async def test_migrations_match_the_models(tmp_path) -> None:
    if BACKEND == "postgres":
        require_postgres()
        name = f"mentoring_migrations_{uuid.uuid4().hex[:10]}"
        await _admin(f'CREATE DATABASE "{name}"')
        url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'migrations.db'}"
    settings = make_settings(url, tmp_path)
    try:
        await anyio.to_thread.run_sync(upgrade, settings)
        engine = create_async_engine(url)
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": compare_type}), metadata
                )
            )
        await engine.dispose()
        assert diff == [], f"models and migrations disagree (run `make migration`): {diff}"
        # And they can be undone, back to an empty database.
        await anyio.to_thread.run_sync(downgrade, settings, "base")
    finally:
        if BACKEND == "postgres":
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
