"""The arq worker (placeholder until the jobs issue)."""

from __future__ import annotations

from mentoring.settings import Settings


def run_worker(settings: Settings, *, burst: bool = False) -> None:
    """Run the arq worker."""
    raise SystemExit("The background worker is not built yet")
