"""What every pairing service shares: guarded state transitions with their audit event, and lookups."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ColumnElement

from mentoring.db.models import MentorshipRequest, Pairing, Proposal, UserAccount
from mentoring.domain.pairings.states import Transition
from mentoring.domain.programs.scope import coordinated_program_ids
from mentoring.lib.audit import record_audit
from mentoring.lib.errors import ConflictError, NotFoundError
from mentoring.lib.pagination import LimitOffset

Row = TypeVar("Row", MentorshipRequest, Proposal, Pairing)
T = TypeVar("T")

_LABELS = {MentorshipRequest: "request", Proposal: "proposal", Pairing: "pairing"}


async def transition(
    session: AsyncSession,
    model: type[Row],
    obj_id: UUID,
    step: Transition,
    *,
    actor_id: UUID | None,
    values: dict[str, Any] | None = None,
    where: tuple[ColumnElement[bool], ...] = (),
    audit: dict[str, Any] | None = None,
) -> Row:
    """Move one row along a legal transition with a conditional UPDATE, and audit it.

    The UPDATE only matches while the row is in one of the transition's source states (and the
    extra ``where`` conditions hold), so two concurrent requests cannot both make the same change:
    the second matches no row and gets a 409 naming the state it found.
    """
    stmt = (
        update(model)
        .where(model.id == obj_id, model.status.in_(sorted(str(s) for s in step.sources)), *where)
        .values(status=str(step.target), **(values or {}))
        .returning(model)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    row = (await session.execute(stmt)).scalar_one_or_none()
    label = _LABELS[model]
    if row is None:
        current = await session.scalar(select(model.status).where(model.id == obj_id))
        if current is None:
            raise NotFoundError(f"No {label} {obj_id}")
        raise ConflictError(
            f"Cannot {step.action.replace('_', ' ')} this {label}: it is {current}",
            extra={"state": current, "action": step.action},
        )
    await record_audit(
        session,
        actor_id=actor_id,
        entity=label,
        entity_id=obj_id,
        action=step.action,
        to=str(step.target),
        **(audit or {}),
    )
    return row


async def display_names(session: AsyncSession, ids: set[UUID]) -> dict[UUID, str]:
    """The display names of these accounts (erased accounts read as ``(erased)``)."""
    if not ids:
        return {}
    rows = await session.execute(
        select(UserAccount.id, UserAccount.display_name, UserAccount.erased_at).where(UserAccount.id.in_(ids))
    )
    return {uid: ("(erased)" if erased else name) for uid, name, erased in rows.all()}


async def coordinates(session: AsyncSession, user: UserAccount, program_id: UUID) -> bool:
    """Whether the caller is a coordinator of this programme."""
    return user.is_coordinator and program_id in await coordinated_program_ids(session, user.id)


async def fetch_page(
    session: AsyncSession, query: Select[tuple[T]], page: LimitOffset
) -> tuple[list[T], int]:
    """One page of a query's rows, limited and offset in SQL, and how many rows the query has in all.

    The query must order its rows completely (end its ORDER BY with a unique column) so that pages
    neither repeat nor skip a row.
    """
    total = await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = await session.scalars(query.limit(page.limit).offset(page.offset))
    return list(rows), int(total or 0)
