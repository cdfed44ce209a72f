"""Engine and session configuration for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from advanced_alchemy.extensions.litestar import (
    AlembicAsyncConfig,
    AsyncSessionConfig,
    SQLAlchemyAsyncConfig,
)
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from mentoring.db.budget import Role, pool_limits
from mentoring.settings import Settings

MIGRATIONS_PATH = str(Path(__file__).parent / "migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _discard_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """On checkout, refuse a pooled connection the server has closed (the pool opens a new one).

    A PostgreSQL restart closes every connection; asyncpg notices the closed socket by itself, so
    this check costs no round trip (bench/preping.py compares it with a full pre-ping).
    """
    raw = getattr(dbapi_connection, "_connection", None)
    if raw is not None and raw.is_closed():
        raise DisconnectionError("The server closed this pooled connection")


def create_engine(settings: Settings, role: Role = "api") -> AsyncEngine:
    """Build the async engine of a process playing ``role`` (its pool size: mentoring.db.budget).

    SQLite gets foreign keys, WAL and a busy timeout. PostgreSQL gets bounded waits (for a pooled
    connection, a new connection, a statement), an ``application_name`` naming the process in
    ``pg_stat_activity``, and connections the server closed discarded on checkout.
    """
    kwargs: dict[str, Any] = {"echo": settings.echo_sql}
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        kwargs["poolclass"] = NullPool
    else:
        # A full pre-ping (BEGIN; ; ROLLBACK per checkout) is optional: the closed-socket check
        # below catches a restart for free. A small overflow: connections beyond pool_size are
        # closed on return, and under load that churn costs more than waiting for one.
        pool_size, max_overflow = pool_limits(settings, role)
        kwargs.update(
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_recycle=1800,
            pool_timeout=settings.db.pool_timeout,
            pool_pre_ping=settings.db.pre_ping,
            connect_args={
                "timeout": settings.db.connect_timeout,
                "command_timeout": settings.db.command_timeout,
                "server_settings": {"application_name": f"mentoring-{role}:{os.getpid()}"},
            },
        )
    engine = create_async_engine(settings.database_url, **kwargs)
    if settings.is_sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    elif engine.dialect.driver == "asyncpg":
        event.listen(engine.sync_engine.pool, "checkout", _discard_closed)
    return engine


def alchemy_config(settings: Settings, engine: AsyncEngine | None = None) -> SQLAlchemyAsyncConfig:
    """The advanced-alchemy plugin configuration: one session per request, committed at the edge."""
    return SQLAlchemyAsyncConfig(
        engine_instance=engine or create_engine(settings),
        session_config=AsyncSessionConfig(expire_on_commit=False),
        # Commit on 2xx and on redirects: a page form answers its POST with a 303 (POST-redirect-GET).
        before_send_handler="autocommit_include_redirects",
        create_all=False,
        alembic_config=AlembicAsyncConfig(script_location=MIGRATIONS_PATH),
    )


@asynccontextmanager
async def session_scope(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """One transaction for a CLI command or a job: committed on success, rolled back on error."""
    maker = async_sessionmaker(engine, expire_on_commit=False)
    async with maker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
