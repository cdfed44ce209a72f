"""Telling "the database is away" from any other error, and waiting for it to come back.

A restart of PostgreSQL closes every connection; while it is down, new ones are refused or told
"the database system is starting up". Those errors say nothing about the work that hit them: the
API answers 503 with ``Retry-After`` (mentoring.server.exceptions) and the follow-up workers wait
for the database behind one :class:`DatabaseGate` per process, logging the outage once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["DatabaseGate", "DatabaseUnavailable", "describe", "is_unavailable", "lost_connection"]

log = logging.getLogger("mentoring.db")

#: SQLSTATEs of a server going away or not there yet: class 08 (connection exceptions),
#: admin/crash shutdown, cannot connect now, too many connections.
_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})
#: asyncpg's own errors for a connection that is gone (raised unwrapped on connect).
_ASYNCPG_NAMES = frozenset(
    {
        "ConnectionDoesNotExistError",
        "ConnectionFailureError",
        "CannotConnectNowError",
        "AdminShutdownError",
        "CrashShutdownError",
        "TooManyConnectionsError",
        "ClientCannotConnectError",
        "PostgresConnectionError",
    }
)
_CLOSED = ("connection is closed", "connection was closed", "underlying connection is closed")


class DatabaseUnavailable(Exception):
    """The database could not be reached; the work that hit it did not fail in its own right."""


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        todo.extend([current.__cause__, orig if isinstance(orig, BaseException) else None])


def lost_connection(exc: BaseException) -> bool:
    """Whether a database call failed because its connection died (not because of the statement).

    Stricter than :func:`is_unavailable`: a bare ``OSError`` (an SMTP server refusing, say) is not
    the database's; only errors SQLAlchemy raised about its connection are.
    """
    for error in _chain(exc):
        if isinstance(error, DatabaseUnavailable | DisconnectionError | PoolTimeoutError):
            return True
        if isinstance(error, DBAPIError) and (
            error.connection_invalidated or is_unavailable(error.orig or error)
        ):
            return True
    return False


def is_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) means the database is unreachable, not that the work failed.

    Connections refused or reset, timeouts, a connection SQLAlchemy found dead, the server shutting
    down or starting up, no connection left in the pool or on the server.
    """
    for error in _chain(exc):
        if isinstance(error, DatabaseUnavailable | DisconnectionError | PoolTimeoutError):
            return True
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
        if isinstance(error, OSError | TimeoutError | asyncio.TimeoutError):
            return True  # refused, reset, unreachable, timed out (asyncpg raises these unwrapped)
        if type(error).__name__ in _ASYNCPG_NAMES:
            return True
        sqlstate = str(getattr(error, "sqlstate", "") or "")
        if sqlstate.startswith("08") or sqlstate in _SQLSTATES:
            return True
        if any(words in str(error).lower() for words in _CLOSED):
            return True
    return False


def describe(exc: BaseException) -> str:
    """One line naming the error, for a log line without a traceback."""
    orig = getattr(exc, "orig", None)
    shown = orig if isinstance(orig, BaseException) else exc
    text_ = str(shown).strip().splitlines()[0] if str(shown).strip() else ""
    return f"{type(shown).__name__}: {text_}"[:200]


class DatabaseGate:
    """One per process: shut when an outage is noticed, open again when a probe connects.

    :meth:`mark_down` logs the outage once and starts a probe that connects with back-off
    (``first_delay`` doubling up to ``max_delay``); :meth:`wait` lets work wait for the database,
    for a bounded time. Many tasks may wait on one gate: only the probe touches the database.
    """

    def __init__(
        self, engine: AsyncEngine, *, name: str = "database", first_delay: float = 0.2, max_delay: float = 2.0
    ) -> None:
        self.engine = engine
        self.name = name
        self.first_delay = first_delay
        self.max_delay = max_delay
        self._up = asyncio.Event()
        self._up.set()
        self._probe: asyncio.Task[None] | None = None
        self._down_since = 0.0
        self.outages = 0
        self.last_outage_seconds = 0.0

    @property
    def is_up(self) -> bool:
        """Whether the database is believed to be reachable."""
        return self._up.is_set()

    def mark_down(self, exc: BaseException) -> None:
        """Note an outage (logged once per outage) and start probing for the database's return."""
        if self._up.is_set():
            self._up.clear()
            self._down_since = time.monotonic()
            self.outages += 1
            log.warning(
                "%s unavailable (%s): work waits and retries every ≤ %.0fs until it is back",
                self.name,
                describe(exc),
                self.max_delay,
            )
        if self._probe is None or self._probe.done():
            self._probe = asyncio.create_task(self._wait_for_return(), name=f"{self.name}-probe")

    async def _wait_for_return(self) -> None:
        delay = self.first_delay
        probes = 0
        while True:
            probes += 1
            try:
                async with self.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
            except Exception as exc:  # still away (or refusing us): try again later
                log.debug("%s probe %d failed: %s", self.name, probes, describe(exc))
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_delay)
                continue
            break
        self.last_outage_seconds = time.monotonic() - self._down_since
        log.warning(
            "%s is back after %.1fs (%d probe%s)",
            self.name,
            self.last_outage_seconds,
            probes,
            "" if probes == 1 else "s",
        )
        self._up.set()

    async def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the database; whether it is (believed) up."""
        if self._up.is_set():
            return True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._up.wait(), seconds)
        return self._up.is_set()

    async def close(self) -> None:
        """Stop probing (on shutdown)."""
        if self._probe is not None and not self._probe.done():
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._probe
