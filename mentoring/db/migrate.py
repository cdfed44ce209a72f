"""Apply and generate Alembic migrations from Python (the CLI and the tests call these)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from advanced_alchemy.types import GUID, DateTimeUTC
from alembic import command
from alembic.config import Config

from mentoring.db.engine import MIGRATIONS_PATH
from mentoring.settings import Settings


def alembic_config(settings: Settings) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS_PATH)
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Bring the database schema up to ``revision``. Blocking: call it off the event loop."""
    command.upgrade(alembic_config(settings), revision)


def downgrade(settings: Settings, revision: str) -> None:
    """Take the database schema back to ``revision``."""
    command.downgrade(alembic_config(settings), revision)


def compare_type(
    context: Any, inspected_column: Any, metadata_column: Any, inspected_type: Any, metadata_type: Any
) -> bool | None:
    """Type comparison for autogenerate: SQLite reflects our portable types (UUIDs, UTC datetimes,
    JSON) as their storage affinity, which is not a difference; elsewhere Alembic decides."""
    if context.dialect.name == "sqlite" and isinstance(metadata_type, (GUID, DateTimeUTC, sa.JSON)):
        return False
    return None
