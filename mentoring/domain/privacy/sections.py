"""The privacy domain's own export sections, erasers and erasure check, for the foundation's tables.

Accounts, profiles, programme memberships and coordination, access and audit events. Other domains
register theirs from their own ``privacy.py`` (see :mod:`mentoring.domain.privacy.registry`).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from mentoring.db.models import (
    AccessEvent,
    AuditEvent,
    Challenge,
    MenteeChallenge,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    Program,
    ProgramCoordinator,
    ProgramMembership,
    Qualification,
    UserAccount,
)
from mentoring.domain.privacy.registry import (
    CORE_ERASER_ORDER,
    register_eraser,
    register_erasure_check,
    register_exporter,
)
from mentoring.lib.clock import utcnow
from mentoring.lib.errors import ConflictError

ERASED_DISPLAY_NAME = "Erased user"
#: Not a hash argon2 can parse, so no password ever matches it.
UNUSABLE_PASSWORD_HASH = "!erased"
_INTERNAL_COLUMNS = frozenset({"sa_orm_sentinel", "_sentinel"})


def erased_email(user_id: UUID) -> str:
    """A unique placeholder e-mail under the reserved ``.invalid`` top-level domain (never routable)."""
    return f"erased-{user_id.hex}@erased.invalid"


def columns(row: Any, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A row's column values by attribute name, without internal or excluded columns."""
    return {
        attr.key: getattr(row, attr.key)
        for attr in inspect(row).mapper.column_attrs
        if attr.key not in exclude and attr.key not in _INTERNAL_COLUMNS
    }


async def export_account(session: AsyncSession, user_id: UUID) -> dict[str, Any] | None:
    """The account itself, without the password hash."""
    user = await session.get(UserAccount, user_id)
    return columns(user, exclude=frozenset({"password_hash"})) if user else None


async def export_profiles(session: AsyncSession, user_id: UUID) -> dict[str, Any]:
    """The mentor and mentee profiles with their challenges (as taxonomy slugs) and qualifications."""
    result: dict[str, Any] = {"mentor": None, "mentee": None}
    mentor = await session.scalar(select(MentorProfile).where(MentorProfile.user_id == user_id))
    if mentor is not None:
        rows = await session.execute(
            select(Challenge.slug, MentorChallenge.years_ago)
            .join(Challenge, Challenge.id == MentorChallenge.challenge_id)
            .where(MentorChallenge.mentor_id == mentor.id)
            .order_by(Challenge.slug)
        )
        result["mentor"] = {
            **columns(mentor),
            "challenges": [{"slug": slug, "years_ago": years} for slug, years in rows.all()],
            "qualifications": [columns(q) for q in mentor.qualifications],
        }
    mentee = await session.scalar(select(MenteeProfile).where(MenteeProfile.user_id == user_id))
    if mentee is not None:
        slugs = await session.scalars(
            select(Challenge.slug)
            .join(MenteeChallenge, MenteeChallenge.challenge_id == Challenge.id)
            .where(MenteeChallenge.mentee_id == mentee.id)
            .order_by(Challenge.slug)
        )
        result["mentee"] = {**columns(mentee), "challenges": list(slugs)}
    return result


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


async def export_access_events(session: AsyncSession, user_id: UUID) -> dict[str, Any]:
    """Who read the person's sensitive fields and when; and whose fields the person read."""
    actor = aliased(UserAccount)
    about = await session.execute(
        select(AccessEvent, actor.display_name)
        .outerjoin(actor, actor.id == AccessEvent.actor_id)
        .where(AccessEvent.subject_id == user_id)
        .order_by(AccessEvent.accessed_at)
    )
    by = await session.scalars(
        select(AccessEvent).where(AccessEvent.actor_id == user_id).order_by(AccessEvent.accessed_at)
    )
    return {
        "about_me": [
            {
                "accessed_at": e.accessed_at,
                "field": e.field,
                "program_id": e.program_id,
                "actor_id": e.actor_id,
                "actor_display_name": name,
            }
            for e, name in about.all()
        ],
        "by_me": [
            {
                "accessed_at": e.accessed_at,
                "field": e.field,
                "program_id": e.program_id,
                "subject_id": e.subject_id,
            }
            for e in by
        ],
    }


async def export_audit_events(session: AsyncSession, user_id: UUID) -> list[dict[str, Any]]:
    """The changes the person made, as recorded (ids and states only)."""
    events = await session.scalars(
        select(AuditEvent).where(AuditEvent.actor_id == user_id).order_by(AuditEvent.occurred_at)
    )
    return [
        {
            "id": e.id,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "action": e.action,
            "occurred_at": e.occurred_at,
            "data": e.data,
        }
        for e in events
    ]


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


async def erase_profiles(session: AsyncSession, user_id: UUID) -> None:
    """Delete both profiles with their challenges, qualifications and availability."""
    mentor_ids = select(MentorProfile.id).where(MentorProfile.user_id == user_id)
    mentee_ids = select(MenteeProfile.id).where(MenteeProfile.user_id == user_id)
    for statement in (
        delete(MentorChallenge).where(MentorChallenge.mentor_id.in_(mentor_ids)),
        delete(Qualification).where(Qualification.mentor_id.in_(mentor_ids)),
        delete(MenteeChallenge).where(MenteeChallenge.mentee_id.in_(mentee_ids)),
        delete(MentorProfile).where(MentorProfile.user_id == user_id),
        delete(MenteeProfile).where(MenteeProfile.user_id == user_id),
    ):
        await session.execute(statement.execution_options(synchronize_session=False))


async def erase_memberships(session: AsyncSession, user_id: UUID) -> None:
    """Leave every programme, as member and as coordinator."""
    for statement in (
        delete(ProgramMembership).where(ProgramMembership.user_id == user_id),
        delete(ProgramCoordinator).where(ProgramCoordinator.user_id == user_id),
    ):
        await session.execute(statement.execution_options(synchronize_session=False))


async def erase_account(session: AsyncSession, user_id: UUID) -> None:
    """Keep the row (ids in audit events still point at it) but nothing that identifies the person."""
    user = await session.get(UserAccount, user_id)
    if user is None:
        return
    user.email = erased_email(user_id)
    user.display_name = ERASED_DISPLAY_NAME
    user.password_hash = UNUSABLE_PASSWORD_HASH
    user.language = "en"
    user.is_coordinator = False
    user.erased_at = utcnow()
    await session.flush()


register_exporter("account", export_account)
register_exporter("profiles", export_profiles)
register_exporter("programs", export_programs)
register_exporter("access_events", export_access_events)
register_exporter("audit_events", export_audit_events)
register_erasure_check("last_coordinator", refuse_if_last_coordinator)
register_eraser("profiles", erase_profiles, order=CORE_ERASER_ORDER)
register_eraser("memberships", erase_memberships, order=CORE_ERASER_ORDER + 50)
register_eraser("account", erase_account, order=CORE_ERASER_ORDER + 100)
