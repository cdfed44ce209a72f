"""Demo data for `make run` (placeholder)."""

from __future__ import annotations

from mentoring.settings import Settings


async def seed_demo(settings: Settings) -> list[tuple[str, str, str]]:
    """Seed the demo programme and people once; return (role, e-mail, password) of the demo logins."""
    return []
