"""Alembic environment: runs the migrations on the async engine of the configured database."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from mentoring.db.engine import create_engine
from mentoring.db.migrate import compare_type
from mentoring.db.models import metadata
from mentoring.settings import get_settings, normalise_database_url

config = context.config


def _settings():  # type: ignore[no-untyped-def]
    settings = get_settings()
    url = config.get_main_option("sqlalchemy.url")
    return settings.with_overrides(database_url=normalise_database_url(url)) if url else settings


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=compare_type,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(_settings(), "cli")
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_settings().database_url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
