"""The composition root: the one place that knows every domain.

It mounts each domain's controllers, registers the app-wide dependencies, fills the outbox registry
(:func:`build_outbox_registry`: each domain's ``jobs`` module registers its follow-up kinds) and
installs the clock the settings ask for. Nothing imports this module
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
from mentoring.lib import clock
from mentoring.lib.deps import APP_DEPENDENCIES
from mentoring.outbox.registry import OutboxRegistry
from mentoring.outbox.runner import outbox_lifespan
from mentoring.server.auth import build_jwt_auth
from mentoring.server.exceptions import exception_handlers
from mentoring.server.middleware import AllowHeaderMiddleware
from mentoring.server.openapi import declare_unavailable, mark_public_operations, openapi_config
from mentoring.server.schema_plugin import StrictStructSchemaPlugin
from mentoring.server.strict_body import decode_body_strictly
from mentoring.settings import Settings, get_settings

RATE_LIMITED_PATHS = frozenset({"/api/auth/login", "/api/auth/signup"})


@get("/api/health", operation_id="health", summary="Liveness", exclude_from_auth=True, tags=["ops"])
async def health() -> dict[str, str]:
    """Answers while the process is up."""
    return {"status": "ok"}


def route_handlers() -> list[ControllerRouterHandler]:
    """Every domain's controllers, mounted once."""
    from mentoring.domain.accounts.controllers import ROUTES as accounts
    from mentoring.domain.notifications.controllers import ROUTES as notifications
    from mentoring.domain.pairings.controllers import ROUTES as pairings
    from mentoring.domain.privacy.controllers import ROUTES as privacy
    from mentoring.domain.profiles.controllers import ROUTES as profiles
    from mentoring.domain.programs.controllers import ROUTES as programs

    return [*accounts, *programs, *profiles, *privacy, *pairings, *notifications]


def build_outbox_registry() -> OutboxRegistry:
    """Every domain's follow-up kinds, in one registry (the worker, the runner and tests use it)."""
    from mentoring.domain.notifications import jobs as notifications
    from mentoring.domain.pairings.jobs import registration as pairings
    from mentoring.domain.profiles import jobs as profiles

    registry = OutboxRegistry()
    notifications.register(registry)
    profiles.register(registry)
    pairings.register(registry)
    return registry


def _throttled(request: Request[Any, Any, Any]) -> bool:
    return request.url.path in RATE_LIMITED_PATHS


def _store_factory(redis_url: str | None) -> Callable[[str], Store]:
    """Rate-limit counters live in Redis when there is one, so several API processes share them."""
    if redis_url is None:
        return lambda _name: MemoryStore()
    return lambda name: RedisStore.with_client(url=redis_url, namespace=f"mentoring:{name}")


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the API for the given settings (by default, those of the environment)."""
    settings = settings or get_settings()
    clock.configure(settings)
    logging.basicConfig(level=logging.DEBUG if settings.debug else logging.INFO)
    alchemy = alchemy_config(settings)
    jwt_auth = build_jwt_auth(settings)
    stores = StoreRegistry(default_factory=_store_factory(settings.redis_url))
    rate_limit = RateLimitConfig(
        rate_limit=("minute", settings.login_rate_limit_per_minute),
        check_throttle_handler=_throttled,
        store="rate_limit",
    )
    return Litestar(
        route_handlers=[health, *route_handlers()],
        dependencies=APP_DEPENDENCIES,
        plugins=[SQLAlchemyPlugin(config=alchemy), StrictStructSchemaPlugin()],
        on_app_init=[jwt_auth.on_app_init],
        lifespan=[outbox_lifespan(build_outbox_registry())],  # in-process when no Redis
        middleware=[rate_limit.middleware, AllowHeaderMiddleware()],
        stores=stores,
        exception_handlers=exception_handlers,
        request_max_body_size=settings.max_body_bytes,
        compression_config=CompressionConfig(backend="gzip", minimum_size=2048),
        openapi_config=openapi_config(),
        on_startup=[mark_public_operations, declare_unavailable],
        before_request=decode_body_strictly,
        state=State({"settings": settings, "jwt_auth": jwt_auth, "alchemy_config": alchemy}),
        debug=False,
    )
