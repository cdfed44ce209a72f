"""Where each domain plugs its part of a person's data export and account erasure.

A domain contributes without the privacy domain knowing it: it writes a ``privacy.py`` module in its
own package (``mentoring/domain/<name>/privacy.py``) that calls the ``register_*`` functions at import
time. :func:`discover` imports every such module once, before the first export or erasure::

    # mentoring/domain/pairings/privacy.py
    from mentoring.domain.privacy.registry import register_eraser, register_exporter

    async def export_pairings(session: AsyncSession, user_id: UUID) -> list[dict[str, Any]]: ...
    async def anonymise_pairings(session: AsyncSession, user_id: UUID) -> None: ...

    register_exporter("pairings", export_pairings)
    register_eraser("pairings", anonymise_pairings)

Exporters return anything msgspec can encode (dicts, lists, Structs, UUIDs, datetimes). Erasers and
erasure checks run in the erasure's one transaction: they ``flush()``, never commit; a check refuses
the erasure by raising a :class:`~mentoring.lib.errors.DomainError` (usually ``ConflictError``), and
any exception rolls the whole erasure back.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

__all__ = [
    "CORE_ERASER_ORDER",
    "DEFAULT_ERASER_ORDER",
    "Eraser",
    "ErasureCheck",
    "Exporter",
    "discover",
    "erasers",
    "erasure_checks",
    "exporters",
    "register_eraser",
    "register_erasure_check",
    "register_exporter",
    "unregister",
]

Exporter = Callable[[AsyncSession, UUID], Awaitable[Any]]
Eraser = Callable[[AsyncSession, UUID], Awaitable[None]]
ErasureCheck = Callable[[AsyncSession, UUID], Awaitable[None]]

#: Domain erasers run first by default, while the profiles and the account still exist…
DEFAULT_ERASER_ORDER = 100
#: …and the privacy domain's own erasers (profiles, memberships, then the account) run last.
CORE_ERASER_ORDER = 800


@dataclass(frozen=True)
class _Eraser:
    name: str
    fn: Eraser
    order: int


_exporters: dict[str, Exporter] = {}
_erasers: dict[str, _Eraser] = {}
_checks: dict[str, ErasureCheck] = {}
_discovered = False


def register_exporter(name: str, fn: Exporter) -> Exporter:
    """Add (or replace) the export section ``name``: ``await fn(session, user_id)`` gives its content."""
    _exporters[name] = fn
    return fn


def register_eraser(name: str, fn: Eraser, *, order: int = DEFAULT_ERASER_ORDER) -> Eraser:
    """Add (or replace) an eraser; erasers run by ascending ``order``, then by name.

    Args:
        name: What it erases (it appears, without any personal data, in the erasure's audit event).
        fn: ``await fn(session, user_id)`` removes or anonymises the person's rows in one domain.
        order: Keep the default (before the privacy domain's own erasers, which start at
            ``CORE_ERASER_ORDER`` and end with the account) unless the rows must go after the profiles.
    """
    _erasers[name] = _Eraser(name, fn, order)
    return fn


def register_erasure_check(name: str, fn: ErasureCheck) -> ErasureCheck:
    """Add (or replace) a check run before any eraser; it refuses the erasure by raising a DomainError."""
    _checks[name] = fn
    return fn


def unregister(name: str) -> None:
    """Remove the exporter, eraser and check registered under ``name`` (tests use it)."""
    _exporters.pop(name, None)
    _erasers.pop(name, None)
    _checks.pop(name, None)


def exporters() -> dict[str, Exporter]:
    """The export sections, by name, in registration order."""
    discover()
    return dict(_exporters)


def erasers() -> list[tuple[str, Eraser]]:
    """The erasers in the order they run."""
    discover()
    return [(e.name, e.fn) for e in sorted(_erasers.values(), key=lambda e: (e.order, e.name))]


def erasure_checks() -> list[tuple[str, ErasureCheck]]:
    """The checks that may refuse an erasure."""
    discover()
    return list(_checks.items())


def discover() -> None:
    """Import the privacy domain's own sections and every ``mentoring.domain.<name>.privacy`` module."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    import mentoring.domain

    importlib.import_module("mentoring.domain.privacy.sections")
    for module in pkgutil.iter_modules(mentoring.domain.__path__):
        if not module.ispkg or module.name == "privacy":
            continue
        name = f"mentoring.domain.{module.name}.privacy"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
