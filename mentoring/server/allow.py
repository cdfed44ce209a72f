"""``Allow`` on ``OPTIONS`` answers lists every method of the path (Litestar 2 lists only some).

Litestar 2 gives each path an automatic ``OPTIONS`` handler when the path's first handler is
registered; handlers registered after it on the same path (a controller's ``GET`` then ``PATCH``)
are routed but left out of that handler's ``Allow`` (litestar-org/litestar#4169, fixed in 3.0). This
``before_send`` hook (public API) rewrites the header from the app's merged routes. Delete it, and
its test keeps passing, once the app runs on Litestar 3.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope

__all__ = ["complete_allow_header"]

_STATE_KEY = "_mentoring_allow_by_path"


def _allow_by_path(app: Litestar) -> dict[str, bytes]:
    allow: dict[str, bytes] | None = app.state.get(_STATE_KEY)
    if allow is None:
        allow = {
            route.path_format: ", ".join(sorted(route.methods)).encode()
            for route in app.routes
            if isinstance(route, HTTPRoute)
        }
        app.state[_STATE_KEY] = allow
    return allow


async def complete_allow_header(message: Message, scope: Scope) -> None:
    """On a successful ``OPTIONS`` answer, set ``Allow`` to every method of the matched path."""
    if (
        message["type"] != "http.response.start"
        or scope.get("method") != "OPTIONS"
        or message["status"] >= 300
    ):
        return
    allow = _allow_by_path(Litestar.from_scope(scope)).get(scope.get("path_template", ""))
    if allow is not None:
        headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
        message["headers"] = [*headers, (b"allow", allow)]
