"""ASGI middleware of our own."""

from __future__ import annotations

from litestar import Litestar
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Message, Receive, Scope, Send


class AllowHeaderMiddleware(ASGIMiddleware):
    """Answer ``OPTIONS`` with every method of the path in ``Allow``.

    When two controllers share a path (``GET /api/me`` and ``DELETE /api/me``), Litestar merges
    their routes but keeps the first route's automatic ``OPTIONS`` handler, whose ``Allow`` lists
    only that first route's methods. The merged route knows them all: use it.
    """

    scopes = (ScopeType.HTTP,)

    def __init__(self) -> None:
        self._allow: dict[str, bytes] | None = None

    def _allow_by_path(self, app: Litestar) -> dict[str, bytes]:
        if self._allow is None:
            self._allow = {
                route.path_format: ", ".join(sorted(route.methods)).encode()
                for route in app.routes
                if isinstance(route, HTTPRoute)
            }
        return self._allow

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        """Rewrite ``Allow`` on successful ``OPTIONS`` answers; pass everything else through."""
        if scope.get("method") != "OPTIONS":
            await next_app(scope, receive, send)
            return
        allow = self._allow_by_path(Litestar.from_scope(scope)).get(scope.get("path_template", ""))

        async def send_with_allow(message: Message) -> None:
            if allow is not None and message["type"] == "http.response.start" and message["status"] < 300:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", allow)]}
            await send(message)

        await next_app(scope, receive, send_with_allow)
