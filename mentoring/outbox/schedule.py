"""Write, move and cancel follow-up rows in the caller's transaction.

A follow-up exists if and only if the change that called for it commits: domains call these
functions inside their own transaction, and the worker finds the rows later. At most one row per
``(subject_id, key)`` is pending, so re-planning never duplicates a follow-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import FollowUp
from mentoring.lib.clock import utcnow

__all__ = [
    "already_done",
    "cancel",
    "cancel_for_user",
    "detach_user",
    "next_due",
    "performed_keys",
    "plain_params",
    "schedule",
]


def plain_params(params: dict[str, Any] | None) -> dict[str, Any]:
    """JSON-ready params: UUIDs and datetimes as strings (ids and small values only)."""
    plain: dict[str, Any] = {}
    for name, value in (params or {}).items():
        if isinstance(value, UUID):
            plain[name] = str(value)
        elif isinstance(value, datetime):
            plain[name] = value.isoformat()
        elif value is None or isinstance(value, str | int | float | bool):
            plain[name] = value
        else:
            raise TypeError(f"Follow-up parameter {name!r} must be an id or a plain value")
    return plain


async def schedule(
    session: AsyncSession,
    *,
    kind: str,
    subject: str,
    subject_id: UUID,
    key: str,
    due_at: datetime,
    user_id: UUID | None = None,
    program_id: UUID | None = None,
    params: dict[str, Any] | None = None,
    fresh: bool = False,
) -> FollowUp:
    """Plan a follow-up, or move the pending one with the same subject and key.

    Returns the pending row. Re-planning is idempotent: at most one pending row per (subject, key).
    ``fresh`` says the subject was just created, so there is nothing to look up.
    """
    row = (
        None
        if fresh
        else await session.scalar(
            select(FollowUp).where(
                FollowUp.subject_id == subject_id, FollowUp.key == key, FollowUp.state == "pending"
            )
        )
    )
    if row is None:
        row = FollowUp(
            kind=kind,
            subject=subject,
            subject_id=subject_id,
            key=key,
            due_at=due_at,
            user_id=user_id,
            program_id=program_id,
            params=plain_params(params),
            state="pending",
            attempts=0,
        )
        session.add(row)
    else:
        row.kind, row.due_at, row.user_id, row.program_id = kind, due_at, user_id, program_id
        row.params = plain_params(params)
    await session.flush()
    return row


async def already_done(session: AsyncSession, subject_id: UUID, key: str) -> bool:
    """Whether the follow-up with this subject and key was already performed (or given up on)."""
    found = await session.scalar(
        select(FollowUp.id)
        .where(
            FollowUp.subject_id == subject_id,
            FollowUp.key == key,
            FollowUp.state.in_(("done", "failed")),
        )
        .limit(1)
    )
    return found is not None


async def performed_keys(session: AsyncSession, subject_id: UUID) -> set[str]:
    """Keys of the subject's follow-ups already performed (or given up on)."""
    rows = await session.scalars(
        select(FollowUp.key).where(FollowUp.subject_id == subject_id, FollowUp.state.in_(("done", "failed")))
    )
    return set(rows)


async def next_due(session: AsyncSession, subject_id: UUID, kind: str) -> datetime | None:
    """When the subject's next pending follow-up of ``kind`` is due (None when there is none)."""
    return await session.scalar(
        select(FollowUp.due_at)
        .where(FollowUp.subject_id == subject_id, FollowUp.state == "pending", FollowUp.kind == kind)
        .order_by(FollowUp.due_at)
        .limit(1)
    )


async def cancel(
    session: AsyncSession,
    subject_id: UUID,
    *,
    keep: Iterable[str] = (),
    kinds: Iterable[str] | None = None,
    reason: str = "no longer applies",
) -> int:
    """Cancel the subject's pending follow-ups except those whose key is in ``keep``.

    Returns how many were cancelled.
    """
    statement = (
        update(FollowUp)
        .where(FollowUp.subject_id == subject_id, FollowUp.state == "pending")
        .values(state="cancelled", outcome=reason[:60], finished_at=utcnow(), locked_until=None)
        .execution_options(synchronize_session=False)
    )
    keep = list(keep)
    if keep:
        statement = statement.where(FollowUp.key.not_in(keep))
    if kinds is not None:
        statement = statement.where(FollowUp.kind.in_(list(kinds)))
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


async def cancel_for_user(session: AsyncSession, user_id: UUID, *, reason: str) -> None:
    """Cancel every pending follow-up addressed to a person, blanking its parameters (erasure)."""
    await session.execute(
        update(FollowUp)
        .where(FollowUp.user_id == user_id, FollowUp.state == "pending")
        .values(state="cancelled", outcome=reason[:60], finished_at=utcnow(), params={})
        .execution_options(synchronize_session=False)
    )


async def detach_user(session: AsyncSession, user_id: UUID, *, subject: str) -> None:
    """Forget the person on the follow-ups about ``subject`` rows (kept as a trace, without their id)."""
    await session.execute(
        update(FollowUp)
        .where(FollowUp.subject == subject, FollowUp.user_id == user_id)
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )
