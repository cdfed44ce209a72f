"""The accounts domain's part of a person's data export and account erasure: the account row itself.

Erasure keeps the row (ids in audit events still point at it) but nothing that identifies the person;
it comes last, after every other domain erased the rows that stand on the account.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import UserAccount
from mentoring.lib.clock import utcnow
from mentoring.lib.privacy import PrivacySection

__all__ = [
    "ACCOUNT",
    "ERASED_DISPLAY_NAME",
    "UNUSABLE_PASSWORD_HASH",
    "columns",
    "erase_account",
    "erased_email",
    "export_account",
]

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


ACCOUNT = PrivacySection("account", export=export_account, erase=erase_account)
