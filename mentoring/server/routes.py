"""Every domain's controllers, in one list the app factory mounts."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler


def route_handlers() -> list[ControllerRouterHandler]:
    """All route handlers of all domains."""
    from mentoring.domain.accounts.controllers import ROUTES as accounts

    return [*accounts]
