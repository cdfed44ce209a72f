"""HTTP routes of the followups domain."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

ROUTES: list[ControllerRouterHandler] = []
