"""Every domain's controllers, in one list the app factory mounts."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler


def route_handlers() -> list[ControllerRouterHandler]:
    """All route handlers of all domains."""
    from mentoring.domain.accounts.controllers import ROUTES as accounts
    from mentoring.domain.followups.controllers import ROUTES as followups
    from mentoring.domain.pairings.controllers import ROUTES as pairings
    from mentoring.domain.privacy.controllers import ROUTES as privacy
    from mentoring.domain.profiles.controllers import ROUTES as profiles
    from mentoring.domain.programs.controllers import ROUTES as programs

    return [*accounts, *programs, *profiles, *privacy, *pairings, *followups]
