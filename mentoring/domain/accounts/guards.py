"""Route guards on the caller's roles."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from mentoring.lib.errors import ForbiddenError


def requires_coordinator(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Only coordinators pass (which programmes they may act in is checked by the service)."""
    if not getattr(connection.user, "is_coordinator", False):
        raise ForbiddenError("Only coordinators may do this")
