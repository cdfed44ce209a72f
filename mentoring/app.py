"""The composition root: the one place that knows every domain.

It mounts each domain's controllers, registers the app-wide dependencies, and (as the domains grow
into it) fills the follow-up registry and lists the privacy sections. Nothing imports this module
but the process entry points (the ASGI module, the CLI, the worker) and the tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar, Request, get
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.stores.registry import StoreRegistry
from litestar.types import ControllerRouterHandler

from mentoring.db.engine import alchemy_config
from mentoring.lib.deps import APP_DEPENDENCIES
from mentoring.server.auth import build_jwt_auth
from mentoring.server.exceptions import exception_handlers
from mentoring.server.middleware import AllowHeaderMiddleware
from mentoring.server.openapi import mark_public_operations, openapi_config
from mentoring.server.schema_plugin import StrictStructSchemaPlugin
from mentoring.server.strict_body import decode_body_strictly
from mentoring.settings import Settings, get_settings
from mentoring.web.errors import with_html_errors
from mentoring.web.routing import web_stores
from mentoring.web.templates import template_config

RATE_LIMITED_PATHS = frozenset({"/api/auth/login", "/api/auth/signup"})


@get("/api/health", operation_id="health", summary="Liveness", exclude_from_auth=True, tags=["ops"])
async def health() -> dict[str, str]:
    """Answers while the process is up."""
    return {"status": "ok"}


def route_handlers() -> list[ControllerRouterHandler]:
    """Every domain's controllers, mounted once."""
    from mentoring.domain.accounts.controllers import ROUTES as accounts
    from mentoring.domain.followups.controllers import ROUTES as followups
    from mentoring.domain.pairings.controllers import ROUTES as pairings
    from mentoring.domain.privacy.controllers import ROUTES as privacy
    from mentoring.domain.profiles.controllers import ROUTES as profiles
    from mentoring.domain.programs.controllers import ROUTES as programs

    return [*accounts, *programs, *profiles, *privacy, *pairings, *followups]


def _throttled(request: Request[Any, Any, Any]) -> bool:
    return request.url.path in RATE_LIMITED_PATHS or _page_throttled(request)


def _store_factory(redis_url: str | None) -> Callable[[str], Store]:
    """Rate-limit counters live in Redis when there is one, so several API processes share them."""
    if redis_url is None:
        return lambda _name: MemoryStore()
    return lambda name: RedisStore.with_client(url=redis_url, namespace=f"mentoring:{name}")


# --- Web pages (issue 9): every domain's page controllers, mounted on the pages router at "/" -----


def page_handlers() -> list[ControllerRouterHandler]:
    """Every domain's page controllers (HTML), mounted once on the pages router."""
    from mentoring.domain.accounts.pages import PAGES as accounts

    return [*accounts]


def web_routes(settings: Settings) -> list[ControllerRouterHandler]:
    """The pages router and the static files (the pages' CSS, Swagger UI's files for /api/docs)."""
    from mentoring.web.routing import pages_router, static_routers

    return [pages_router(settings, page_handlers()), *static_routers()]


def _page_throttled(request: Request[Any, Any, Any]) -> bool:
    """Page forms that try credentials or create accounts count like the API's (GETs do not)."""
    from mentoring.web.routing import PAGE_RATE_LIMITED_PATHS

    return request.method == "POST" and request.url.path in PAGE_RATE_LIMITED_PATHS


# --- The application ---------------------------------------------------------------------------


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the API for the given settings (by default, those of the environment)."""
    from jobs.embedded import embedded_jobs  # follow-ups in-process when no Redis is configured

    settings = settings or get_settings()
    logging.basicConfig(level=logging.DEBUG if settings.debug else logging.INFO)
    alchemy = alchemy_config(settings)
    jwt_auth = build_jwt_auth(settings)
    stores = StoreRegistry(
        stores=web_stores(settings, alchemy),  # page sessions: Redis if configured, else the database
        default_factory=_store_factory(settings.redis_url),
    )
    rate_limit = RateLimitConfig(
        rate_limit=("minute", settings.login_rate_limit_per_minute),
        check_throttle_handler=_throttled,
        store="rate_limit",
    )
    return Litestar(
        route_handlers=[health, *route_handlers(), *web_routes(settings)],
        dependencies=APP_DEPENDENCIES,
        plugins=[SQLAlchemyPlugin(config=alchemy), StrictStructSchemaPlugin()],
        on_app_init=[jwt_auth.on_app_init],
        lifespan=[embedded_jobs],
        middleware=[rate_limit.middleware, AllowHeaderMiddleware()],
        stores=stores,
        exception_handlers=with_html_errors(exception_handlers),  # HTML pages outside /api
        template_config=template_config(),
        request_max_body_size=settings.max_body_bytes,
        compression_config=CompressionConfig(backend="gzip", minimum_size=2048),
        openapi_config=openapi_config(),
        on_startup=[mark_public_operations],
        before_request=decode_body_strictly,
        state=State({"settings": settings, "jwt_auth": jwt_auth, "alchemy_config": alchemy}),
        debug=False,
    )
