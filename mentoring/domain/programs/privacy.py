"""The programs domain's part of a person's data export and account erasure.

The export lists the programmes the person belongs to and those they coordinate; the erasure leaves
them all, and is refused while the person is the last coordinator of a programme.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import Program, ProgramCoordinator, ProgramMembership, UserAccount
from mentoring.lib.errors import ConflictError
from mentoring.lib.privacy import PrivacySection

__all__ = ["PROGRAMS", "erase_memberships", "export_programs", "refuse_if_last_coordinator"]


async def export_programs(session: AsyncSession, user_id: UUID) -> dict[str, Any]:
    """The programmes the person belongs to (and as what), and those they coordinate."""
    memberships = await session.execute(
        select(ProgramMembership, Program.slug, Program.name)
        .join(Program, Program.id == ProgramMembership.program_id)
        .where(ProgramMembership.user_id == user_id)
        .order_by(ProgramMembership.joined_at)
    )
    coordinations = await session.execute(
        select(ProgramCoordinator, Program.slug, Program.name)
        .join(Program, Program.id == ProgramCoordinator.program_id)
        .where(ProgramCoordinator.user_id == user_id)
        .order_by(ProgramCoordinator.created_at)
    )
    return {
        "memberships": [
            {
                "program_id": m.program_id,
                "program_slug": slug,
                "program_name": name,
                "role": m.role,
                "joined_at": m.joined_at,
            }
            for m, slug, name in memberships.all()
        ],
        "coordinations": [
            {"program_id": c.program_id, "program_slug": slug, "program_name": name, "since": c.created_at}
            for c, slug, name in coordinations.all()
        ],
    }


async def refuse_if_last_coordinator(session: AsyncSession, user_id: UUID) -> None:
    """A programme must keep a coordinator: its last one hands over before erasing their account."""
    mine = select(ProgramCoordinator.program_id).where(ProgramCoordinator.user_id == user_id)
    # Lock the programmes' rows (PostgreSQL), as ProgramService.remove_coordinator does, so an
    # erasure and a removal (or two erasures) in one programme cannot each leave it to the other.
    await session.execute(
        select(Program.id).where(Program.id.in_(mine)).order_by(Program.id).with_for_update()
    )
    others = (
        select(func.count(ProgramCoordinator.id))
        .join(UserAccount, UserAccount.id == ProgramCoordinator.user_id)
        .where(
            ProgramCoordinator.program_id == Program.id,
            ProgramCoordinator.user_id != user_id,
            UserAccount.erased_at.is_(None),
        )
        .scalar_subquery()
    )
    orphaned = (
        await session.execute(
            select(Program.id, Program.name).where(Program.id.in_(mine), others == 0).order_by(Program.name)
        )
    ).all()
    if orphaned:
        names = ", ".join(f"'{name}'" for _, name in orphaned)
        raise ConflictError(
            f"You are the last coordinator of {names}: make someone else a coordinator of it "
            "(POST /api/coordinators) before erasing your account",
            extra={"program_ids": [str(pid) for pid, _ in orphaned]},
        )


async def erase_memberships(session: AsyncSession, user_id: UUID) -> None:
    """Leave every programme, as member and as coordinator."""
    for statement in (
        delete(ProgramMembership).where(ProgramMembership.user_id == user_id),
        delete(ProgramCoordinator).where(ProgramCoordinator.user_id == user_id),
    ):
        await session.execute(statement.execution_options(synchronize_session=False))


PROGRAMS = PrivacySection(
    "programs", export=export_programs, erase=erase_memberships, check=refuse_if_last_coordinator
)
