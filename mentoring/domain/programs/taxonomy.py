"""The default challenge taxonomy (placeholder: filled by the programmes domain)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


async def seed_default_taxonomy(session: AsyncSession) -> None:
    """Insert the default taxonomy entries that are missing."""
