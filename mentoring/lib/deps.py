"""Typed dependency aliases for handler signatures."""

from __future__ import annotations

from typing import TypeAlias

from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

#: The request's database session, provided by the SQLAlchemy plugin and committed at the edge.
DbSession: TypeAlias = NamedDependency[AsyncSession]
