"""Build the schema from the models and stamp it as migrated (ST_CREATE_ALL=1 in ci/schemathesis.sh).

For developers only, while a model change waits for its migration: CI itself applies the
migrations with ``mentoring db upgrade``.
"""

from __future__ import annotations

import asyncio

from alembic import command

from mentoring.bootstrap import seed_defaults
from mentoring.db.engine import create_engine
from mentoring.db.migrate import alembic_config
from mentoring.db.models import metadata
from mentoring.settings import get_settings


async def create_tables() -> None:
    """Create every table of the models."""
    engine = create_engine(get_settings())
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    await engine.dispose()


def main() -> None:
    """Create every table, stamp head (Alembic runs its own event loop), insert the default data."""
    asyncio.run(create_tables())
    command.stamp(alembic_config(get_settings()), "head")
    asyncio.run(seed_defaults(get_settings()))


if __name__ == "__main__":
    main()
