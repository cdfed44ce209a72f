"""HTTP routes of the profiles domain."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

ROUTES: list[ControllerRouterHandler] = []
