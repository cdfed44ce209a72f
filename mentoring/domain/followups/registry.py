"""The kinds of follow-up and the function that performs each.

A performer runs inside the transaction that marks the follow-up done: whatever it writes commits
with that state change, or not at all. It returns a short outcome (``"sent"``, ``"skipped"``…).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.settings import Settings


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


Performer = Callable[[AsyncSession, Due, RunContext], Awaitable[str | None]]
FailureHook = Callable[[AsyncSession, Due, str, datetime], Awaitable[None]]

_PERFORMERS: dict[str, Performer] = {}
_FAILURE_HOOKS: dict[str, FailureHook] = {}


def performs(kind: str) -> Callable[[Performer], Performer]:
    """Register the function that performs follow-ups of ``kind``."""

    def register(function: Performer) -> Performer:
        _PERFORMERS[kind] = function
        return function

    return register


def on_final_failure(kind: str) -> Callable[[FailureHook], FailureHook]:
    """Register what to do, in the failure's transaction, when ``kind`` fails for the last time."""

    def register(function: FailureHook) -> FailureHook:
        _FAILURE_HOOKS[kind] = function
        return function

    return register


def failure_hook_for(kind: str) -> FailureHook | None:
    """The final-failure hook of ``kind``, if it has one."""
    from mentoring.domain.followups import performers  # noqa: F401  (registers the kinds)

    return _FAILURE_HOOKS.get(kind)


def performer_for(kind: str) -> Performer:
    """The performer of ``kind`` (every module declaring performers is imported first)."""
    from mentoring.domain.followups import performers  # noqa: F401  (registers the kinds)

    try:
        return _PERFORMERS[kind]
    except KeyError:
        raise LookupError(f"No performer for follow-up kind {kind!r}") from None
