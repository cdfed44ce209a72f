"""Which function performs each kind of follow-up: an :class:`OutboxRegistry`, filled explicitly.

A performer runs inside the transaction that marks the follow-up done: whatever it writes commits
with that state change, or not at all. It returns a short outcome (``"sent"``, ``"skipped"``…).

The registry is an object, not a module-level table: the composition root builds one with
:func:`mentoring.app.build_outbox_registry` (each domain's ``jobs`` module registers its kinds) and
hands it to the engine, so nothing depends on which modules happen to have been imported.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from mentoring.settings import Settings

__all__ = ["Due", "FailureHook", "OutboxRegistry", "Performer", "RunContext", "StartupTask"]


@dataclass(frozen=True)
class Due:
    """A claimed follow-up, as the performer sees it."""

    id: UUID
    kind: str
    subject: str
    subject_id: UUID
    key: str
    user_id: UUID | None
    program_id: UUID | None
    due_at: datetime
    attempts: int
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunContext:
    """What a performer may use besides its session: the settings and the time of the run."""

    settings: Settings
    now: datetime
    worker: str


#: ``await performer(session, due, context)`` performs one follow-up and returns its outcome.
Performer = Callable[[AsyncSession, Due, RunContext], Awaitable[str | None]]
#: ``await hook(session, due, reason, now)`` runs in the failure's transaction after the last attempt.
FailureHook = Callable[[AsyncSession, Due, str, datetime], Awaitable[None]]
#: ``await task(engine)`` runs when a worker or the in-process runner starts (e.g. plan a sweep).
StartupTask = Callable[[AsyncEngine], Awaitable[None]]


@dataclass(frozen=True)
class _Entry:
    performer: Performer
    on_final_failure: FailureHook | None


class OutboxRegistry:
    """Kind -> performer (and optional final-failure hook), plus the tasks to run at start-up."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._startup: list[StartupTask] = []

    def register(
        self,
        kind: str,
        performer: Performer,
        on_final_failure: FailureHook | None = None,
        *,
        replace: bool = False,
    ) -> None:
        """Say which function performs follow-ups of ``kind`` (and what to do when one fails for good).

        Registering a kind twice is a mistake (two domains claiming it) unless ``replace`` says so.
        """
        if kind in self._entries and not replace:
            raise ValueError(f"Follow-up kind {kind!r} is registered twice")
        self._entries[kind] = _Entry(performer, on_final_failure)

    def on_startup(self, task: StartupTask) -> None:
        """Run ``task(engine)`` whenever a worker or the in-process runner starts."""
        self._startup.append(task)

    async def startup(self, engine: AsyncEngine) -> None:
        """Run the start-up tasks, in registration order."""
        for task in self._startup:
            await task(engine)

    def performer_for(self, kind: str) -> Performer:
        """The performer of ``kind``; LookupError if no domain registered it."""
        try:
            return self._entries[kind].performer
        except KeyError:
            raise LookupError(f"No performer for follow-up kind {kind!r}") from None

    def failure_hook_for(self, kind: str) -> FailureHook | None:
        """The final-failure hook of ``kind``, if it has one."""
        entry = self._entries.get(kind)
        return entry.on_final_failure if entry else None

    def kinds(self) -> list[str]:
        """Every registered kind, sorted."""
        return sorted(self._entries)

    def __contains__(self, kind: object) -> bool:
        return kind in self._entries
