"""The OpenAPI document: its configuration, and which operations need no token.

Public routes (sign-up, log-in, health, the docs, the taxonomy) carry ``security: []`` instead of
inheriting the document's bearer requirement, so clients and fuzzers know they are anonymous.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import OpenAPIHeader, OpenAPIMediaType, OpenAPIResponse, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.routes import HTTPRoute

from mentoring import __version__
from mentoring.lib.errors import error_responses
from mentoring.server.auth import PUBLIC_PATHS

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.handlers import HTTPRouteHandler

_PUBLIC = re.compile("|".join(PUBLIC_PATHS))

#: Where Swagger UI's own files are served from, out of a pinned Python package (see
#: mentoring.web.routing.swagger_ui_dist, which mounts them): the docs load nothing from a CDN.
SWAGGER_ASSETS = "/api/docs/assets/swagger-ui"


def swagger_ui() -> SwaggerRenderPlugin:
    """Swagger UI at ``/api/docs`` and ``/api/docs/swagger``, with its scripts served by this server."""
    return SwaggerRenderPlugin(
        path=["/swagger"],
        js_url=f"{SWAGGER_ASSETS}/swagger-ui-bundle.js",
        css_url=f"{SWAGGER_ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{SWAGGER_ASSETS}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{SWAGGER_ASSETS}/favicon-32x32.png'>",
    )


def openapi_config() -> OpenAPIConfig:
    """The API description served at ``/api/docs`` (JSON at ``/api/docs/openapi.json``)."""
    return OpenAPIConfig(
        title="Mentoring API",
        version=__version__,
        description="Pairs people facing a hard time with mentors who lived through it.",
        path="/api/docs",
        render_plugins=[swagger_ui()],
        use_handler_docstrings=True,
    )


def _is_public(route: HTTPRoute, handler: HTTPRouteHandler) -> bool:
    return bool(handler.opt.get("exclude_from_auth")) or bool(_PUBLIC.search(route.path_format))


def mark_public_operations(app: Litestar) -> None:
    """Give every operation that needs no token ``security: []`` (on start-up, before any request)."""
    paths = app.openapi_schema.paths or {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or (path_item := paths.get(route.path_format)) is None:
            continue
        for handler in route.route_handlers:
            if not _is_public(route, handler):
                continue
            for method in handler.http_methods:
                operation = getattr(path_item, method.lower(), None)
                if operation is not None:
                    operation.security = []


#: Operations that never touch the database, hence never answer 503.
_NO_DATABASE = frozenset({"health"})


def declare_unavailable(app: Litestar) -> None:
    """Declare on every operation the 503 (with ``Retry-After``) a database outage answers.

    Any route that reads or writes the database can meet a restart of it; the exception handlers
    answer 503 in the usual error body (mentoring.server.exceptions.unavailable_response).
    """
    response = OpenAPIResponse(
        description=error_responses(503)[503].description or "",
        content={
            "application/json": OpenAPIMediaType(schema=Reference(ref="#/components/schemas/ErrorBody"))
        },
        headers={
            "Retry-After": OpenAPIHeader(
                description="Seconds to wait before retrying.", schema=Schema(type=OpenAPIType.INTEGER)
            )
        },
    )
    for path_item in (app.openapi_schema.paths or {}).values():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(path_item, method, None)
            if operation is None or operation.operation_id in _NO_DATABASE:
                continue
            operation.responses = {**(operation.responses or {}), "503": response}
