"""What a domain contributes to a person's data export and account erasure: a :class:`PrivacySection`.

Each domain exposes its sections from its own ``privacy.py`` (``mentoring/domain/<name>/privacy.py``);
the composition root (:func:`mentoring.app.privacy_sections`) lists them, in order, and hands the
list to :class:`~mentoring.domain.privacy.services.PrivacyService`. Nothing registers itself::

    # mentoring/domain/profiles/privacy.py
    async def export_profiles(session: AsyncSession, user_id: UUID) -> dict[str, Any]: ...
    async def erase_profiles(session: AsyncSession, user_id: UUID) -> None: ...

    PROFILES = PrivacySection("profiles", export=export_profiles, erase=erase_profiles)

Exporters return anything msgspec can encode (dicts, lists, Structs, UUIDs, datetimes). Erasers and
erasure checks run in the erasure's one transaction: they ``flush()``, never commit; a check refuses
the erasure by raising a :class:`~mentoring.lib.errors.DomainError` (usually ``ConflictError``), and
any exception rolls the whole erasure back.

The order of the list is the order of the export's sections and of the erasure: every section's
check first, then every eraser in list order (so a section whose rows others stand on, such as the
account itself, comes last).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["Eraser", "ErasureCheck", "Exporter", "PrivacySection", "check_unique_names"]

Exporter = Callable[[AsyncSession, UUID], Awaitable[Any]]
Eraser = Callable[[AsyncSession, UUID], Awaitable[None]]
ErasureCheck = Callable[[AsyncSession, UUID], Awaitable[None]]


@dataclass(frozen=True)
class PrivacySection:
    """One domain's part of a person's data.

    Attributes:
        name: The export's section name, and what the erasure's audit event lists (no personal data).
        export: ``await export(session, user_id)`` gives the section's content; ``None``: not exported.
        erase: ``await erase(session, user_id)`` removes or anonymises the person's rows in the domain.
        check: ``await check(session, user_id)`` may refuse the erasure (raises a DomainError); checks
            run before any eraser.
    """

    name: str
    export: Exporter | None = None
    erase: Eraser | None = None
    check: ErasureCheck | None = None


def check_unique_names(sections: Sequence[PrivacySection]) -> tuple[PrivacySection, ...]:
    """The sections as a tuple, refusing two sections with one name (an export would lose one)."""
    names = [s.name for s in sections]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"privacy sections listed twice: {', '.join(repeated)}")
    return tuple(sections)
