"""Engine and session configuration for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

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
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from mentoring.settings import Settings

MIGRATIONS_PATH = str(Path(__file__).parent / "migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine(settings: Settings) -> AsyncEngine:
    """Build the async engine: SQLite gets foreign keys, WAL and a busy timeout."""
    kwargs: dict[str, Any] = {"echo": settings.echo_sql}
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        kwargs["poolclass"] = NullPool
    else:
        # No pre-ping: it costs a round trip per checkout; recycling connections and the
        # driver's own error on a dead connection (one failed request, then a fresh one) suffice.
        # A small overflow: connections beyond pool_size are closed on return, and under load
        # that churn (a TCP and TLS handshake per request) costs more than waiting for one.
        kwargs.update(
            pool_size=settings.db_pool_size,
            max_overflow=max(2, settings.db_pool_size // 4),
            pool_recycle=1800,
            pool_timeout=30,
        )
    engine = create_async_engine(settings.database_url, **kwargs)
    if settings.is_sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
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
