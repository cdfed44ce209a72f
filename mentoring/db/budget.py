"""How many PostgreSQL connections each process may open, and whether the deployment fits the server.

Every process sizes its pool from the settings (:func:`pool_limits`): an API process
``db.pool_size + db.max_overflow``; a worker ``jobs.concurrency`` (one per concurrent drain) plus
one for its outage probe; the in-process runner 2; a CLI command or the migrator 2. The deployment
is described by ``MENTORING_API_PROCESSES`` and ``MENTORING_WORKER_PROCESSES``; :func:`check_budget`
adds everything up at start-up and says so, loudly, when the total plus ``db.headroom`` (psql
sessions, monitoring, a migration) does not fit below the server's ``max_connections`` minus its
superuser-reserved slots.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from mentoring.settings import Settings

__all__ = ["Budget", "Role", "budget", "check_budget", "pool_limits", "server_limit"]

log = logging.getLogger("mentoring.db")

Role = Literal["api", "worker", "runner", "cli"]

#: What PostgreSQL keeps for superusers out of ``max_connections`` by default.
SUPERUSER_RESERVED = 3


def pool_limits(settings: Settings, role: Role) -> tuple[int, int]:
    """``(pool_size, max_overflow)`` of a process playing ``role``."""
    if role == "api":
        return settings.db.pool_size, settings.db.max_overflow
    if role == "worker":
        return settings.jobs.concurrency, 1
    return 1, 1


def _most(settings: Settings, role: Role) -> int:
    size, overflow = pool_limits(settings, role)
    return size + overflow


@dataclass(frozen=True)
class Budget:
    """The connections a deployment may open, process by process, against what the server allows."""

    api_processes: int
    per_api_process: int
    worker_processes: int
    per_worker: int
    one_shot: int
    headroom: int
    available: int
    source: str

    @property
    def total(self) -> int:
        """Every connection the deployment may hold at once (pools full, overflow included)."""
        return (
            self.api_processes * self.per_api_process
            + self.worker_processes * self.per_worker
            + self.one_shot
        )

    @property
    def fits(self) -> bool:
        """Whether the total leaves the headroom free below what the server allows."""
        return self.total + self.headroom <= self.available

    def describe(self) -> str:
        """One line: the sum, the server's limit and what is left."""
        return (
            f"{self.api_processes} API process(es) × {self.per_api_process} + "
            f"{self.worker_processes} worker(s) × {self.per_worker} + {self.one_shot} (migrator/CLI) "
            f"= {self.total} connections; the server allows {self.available} ({self.source}), "
            f"{self.available - self.total} left for a headroom of {self.headroom}"
        )


def budget(settings: Settings, *, api_processes: int | None = None, available: int | None = None) -> Budget:
    """The deployment's budget from the settings (``available`` from the server when known)."""
    per_api = _most(settings, "api")
    if settings.embedded_jobs and settings.jobs.in_process:
        per_api += _most(settings, "runner")  # the follow-ups run in each API process
    workers = 0 if settings.embedded_jobs else settings.db.worker_processes
    source = "server" if available is not None else "MENTORING_DB_MAX_CONNECTIONS"
    return Budget(
        api_processes=api_processes or settings.db.api_processes,
        per_api_process=per_api,
        worker_processes=workers,
        per_worker=_most(settings, "worker"),
        one_shot=_most(settings, "cli"),
        headroom=settings.db.headroom,
        available=available if available is not None else settings.db.max_connections - SUPERUSER_RESERVED,
        source=source,
    )


async def server_limit(settings: Settings) -> int | None:
    """``max_connections`` minus the reserved slots, asked of the server (None if it cannot be asked)."""
    engine = create_async_engine(
        settings.database_url, connect_args={"timeout": settings.db.connect_timeout}, pool_size=1
    )
    try:
        async with engine.connect() as connection:
            total = int(await connection.scalar(text("SHOW max_connections")) or 0)
            reserved = int(await connection.scalar(text("SHOW superuser_reserved_connections")) or 0)
            try:  # PostgreSQL 16: slots for pg_use_reserved_connections
                reserved += int(await connection.scalar(text("SHOW reserved_connections")) or 0)
            except Exception:  # older servers have no such setting
                await connection.rollback()
            return total - reserved
    except Exception as exc:
        log.info(
            "Could not ask the database for max_connections (%s): using the settings", type(exc).__name__
        )
        return None
    finally:
        await engine.dispose()


async def check_budget(settings: Settings, *, api_processes: int | None = None) -> Budget | None:
    """Log the budget at start-up; an error when it does not fit. None on SQLite (no server)."""
    if settings.is_sqlite:
        return None
    result = budget(settings, api_processes=api_processes, available=await server_limit(settings))
    if result.fits:
        log.info("Connection budget: %s", result.describe())
    else:
        log.error(
            "Connection budget does NOT fit: %s. Lower MENTORING_DB_POOL_SIZE/_MAX_OVERFLOW or "
            "MENTORING_JOBS_CONCURRENCY, run fewer processes, or raise the server's max_connections",
            result.describe(),
        )
    return result
