"""The composition root: the one place that knows every domain.

It mounts each domain's controllers, registers the app-wide dependencies, fills the outbox registry
(:func:`build_outbox_registry`: each domain's ``jobs`` module registers its follow-up kinds) and
installs the clock the settings ask for. Nothing imports this module
but the process entry points (the ASGI module, the CLI, the worker) and the tests.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar, Request, get
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.stores.registry import StoreRegistry
from litestar.types import ControllerRouterHandler

from mentoring.db.engine import alchemy_config
from mentoring.domain.accounts.deps import ACCOUNT_ERASER
from mentoring.domain.privacy.deps import provide_privacy
from mentoring.lib import clock
from mentoring.lib.deps import APP_DEPENDENCIES
from mentoring.lib.privacy import PrivacySection
from mentoring.outbox.registry import OutboxRegistry
from mentoring.outbox.runner import outbox_lifespan
from mentoring.server.allow import complete_allow_header
from mentoring.server.auth import build_jwt_auth
from mentoring.server.exceptions import exception_handlers
from mentoring.server.openapi import declare_unavailable, mark_public_operations, openapi_config
from mentoring.server.schema_plugin import StrictStructSchemaPlugin
from mentoring.server.strict_body import decode_body_strictly
from mentoring.settings import Settings, apply_numba_cache_dir, get_settings
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
    from mentoring.domain.messaging.controllers import ROUTES as messaging
    from mentoring.domain.notifications.controllers import ROUTES as notifications
    from mentoring.domain.pairings.controllers import ROUTES as pairings
    from mentoring.domain.privacy.controllers import ROUTES as privacy
    from mentoring.domain.profiles.controllers import ROUTES as profiles
    from mentoring.domain.programs.controllers import ROUTES as programs

    return [*accounts, *programs, *profiles, *privacy, *pairings, *messaging, *notifications]


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


def privacy_sections() -> list[PrivacySection]:
    """Every domain's part of a person's data, in the order of the export and of the erasure.

    Checks (the last coordinator of a programme) run before any eraser; erasers run top to bottom:
    the pairing workflow first (ending a pairing notifies and plans follow-ups), then check-ins
    and notifications (so those just made for the person go too), the profiles and memberships, and
    the account itself last. Access and audit events are exported, never erased (ids only).
    """
    from mentoring.domain.accounts.privacy import ACCOUNT
    from mentoring.domain.messaging.privacy import MESSAGES
    from mentoring.domain.notifications.privacy import erase_notifications, export_notifications
    from mentoring.domain.pairings.privacy import erase_pairings, export_pairings
    from mentoring.domain.pairings.services.checkins import erase_check_in_concerns, export_check_ins
    from mentoring.domain.privacy.sections import ACCESS_EVENTS, AUDIT_EVENTS
    from mentoring.domain.profiles.privacy import PROFILES
    from mentoring.domain.programs.privacy import PROGRAMS

    return [
        PrivacySection("pairings", export=export_pairings, erase=erase_pairings),
        MESSAGES,
        PrivacySection("check_ins", export=export_check_ins, erase=erase_check_in_concerns),
        PrivacySection("notifications", export=export_notifications, erase=erase_notifications),
        PROFILES,
        PROGRAMS,
        ACCESS_EVENTS,
        AUDIT_EVENTS,
        ACCOUNT,
    ]


def app_dependencies() -> dict[str, Provide]:
    """The app-wide providers: session-scoped basics, and what lower domains need from higher ones."""
    sections = privacy_sections()
    return {
        **APP_DEPENDENCIES,
        "privacy": provide_privacy(sections),
        # accounts owns DELETE /api/me; the privacy service is its AccountEraser (inverted dependency).
        ACCOUNT_ERASER: provide_privacy(sections),
    }


def _throttled(request: Request[Any, Any, Any]) -> bool:
    return request.url.path in RATE_LIMITED_PATHS or _page_throttled(request)


def _store_factory(redis_url: str | None) -> Callable[[str], Store]:
    """Rate-limit counters live in Redis when there is one, so several API processes share them."""
    if redis_url is None:
        return lambda _name: MemoryStore()
    return lambda name: RedisStore.with_client(url=redis_url, namespace=f"mentoring:{name}")


log = logging.getLogger("mentoring.app")


def warm_matching_engine() -> float:
    """Run a tiny matching round so numba compiles (or loads) its kernels; the seconds it took."""
    import matching

    started = time.perf_counter()
    mentee = matching.MenteeProfile(id="warm-up", challenges=["warm-up"], formats=["video"])
    mentor = matching.MentorProfile(
        id="warm-up", challenges=[matching.MentorChallenge("warm-up", 1)], formats=["video"]
    )
    matching.propose([mentee], [mentor])
    return time.perf_counter() - started


def _warm_in_background(state: State) -> None:
    try:
        seconds = warm_matching_engine()
    except Exception:  # the first round compiles instead: slower, not broken
        log.exception("Matching engine warm-up failed")
        return
    state["engine_warmed_in"] = seconds
    log.info("Matching engine warmed up in %.1fs", seconds)


@contextlib.asynccontextmanager
async def engine_warm_up(app: Litestar) -> AsyncIterator[None]:
    """App lifespan: compile the matching engine in a background thread (``warm_engine`` setting).

    numba compiles the kernels on the first matching round (~15 s without a cache); doing it at
    start-up means the first coordinator to start a round does not wait. The thread is
    ``app.state.engine_warm_up`` (a daemon: it never holds up a shutdown); once done,
    ``app.state.engine_warmed_in`` holds the seconds it took.
    """
    settings: Settings = app.state["settings"]
    if settings.warm_engine:
        thread = threading.Thread(
            target=_warm_in_background, args=(app.state,), name="mentoring-engine-warm-up", daemon=True
        )
        thread.start()
        app.state["engine_warm_up"] = thread
        log.info("Matching engine warm-up started in the background")
    yield


# --- Web pages (issue 9): every domain's page controllers, mounted on the pages router at "/" -----


def page_handlers() -> list[ControllerRouterHandler]:
    """Every domain's page controllers (HTML), mounted once on the pages router."""
    from mentoring.domain.accounts.pages import PAGES as accounts
    from mentoring.domain.pairings.pages import PAGES as pairings

    return [*accounts, *pairings]


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
    settings = settings or get_settings()
    apply_numba_cache_dir(settings)  # before route_handlers() imports the matching engine
    clock.configure(settings)
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
        dependencies=app_dependencies(),
        plugins=[SQLAlchemyPlugin(config=alchemy), StrictStructSchemaPlugin()],
        on_app_init=[jwt_auth.on_app_init],
        lifespan=[outbox_lifespan(build_outbox_registry()), engine_warm_up],  # in-process when no Redis
        middleware=[rate_limit.middleware],
        stores=stores,
        exception_handlers=with_html_errors(exception_handlers),  # HTML pages outside /api
        template_config=template_config(),
        request_max_body_size=settings.max_body_bytes,
        compression_config=CompressionConfig(backend="gzip", minimum_size=2048),
        openapi_config=openapi_config(),
        on_startup=[mark_public_operations, declare_unavailable],
        before_request=decode_body_strictly,
        before_send=[complete_allow_header],
        state=State({"settings": settings, "jwt_auth": jwt_auth, "alchemy_config": alchemy}),
        debug=False,
    )
