"""How the pages are mounted: one router for every domain's page controllers, static files, stores.

The page router is anonymous to the API's JWT middleware (``exclude_from_auth``) and instead runs
:class:`~mentoring.web.context.PageContextMiddleware` (session, person, language) then Litestar's
CSRF middleware (a signed double-submit cookie; the ``/api`` routes never see it). Its guard sends
anyone not signed in to ``/login?next=…`` unless a handler is marked ``opt={"anonymous": True}``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from advanced_alchemy.extensions.litestar.store import SQLAlchemyStore
from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.types import ControllerRouterHandler
from sqlalchemy import delete

from mentoring.db.models import WebSessionRecord
from mentoring.server.openapi import SWAGGER_ASSETS
from mentoring.settings import Settings
from mentoring.web.context import PageContextMiddleware, provide_web, requires_person
from mentoring.web.csrf import CSRF_COOKIE, csrf_config
from mentoring.web.errors import PAGE_EXCEPTION_HANDLERS

__all__ = [
    "CSRF_COOKIE",
    "PAGE_RATE_LIMITED_PATHS",
    "STATIC_DIR",
    "pages_router",
    "static_routers",
    "web_stores",
]

STATIC_DIR = Path(__file__).parent / "static"
#: Page forms that try credentials or create accounts: limited like the API's log-in and sign-up.
PAGE_RATE_LIMITED_PATHS = frozenset({"/login", "/signup"})


def pages_router(settings: Settings, handlers: Sequence[ControllerRouterHandler]) -> Router:
    """The router every page controller is mounted on (at ``/``)."""
    return Router(
        path="/",
        route_handlers=list(handlers),
        middleware=[PageContextMiddleware(), DefineMiddleware(CSRFMiddleware, config=csrf_config(settings))],
        guards=[requires_person],
        dependencies={"web": Provide(provide_web)},
        exception_handlers=PAGE_EXCEPTION_HANDLERS,
        include_in_schema=False,
        opt={"exclude_from_auth": True},
    )


def swagger_ui_dist() -> Path:
    """Swagger UI 5's built files, from the pinned ``flask-swagger-ui`` wheel (never imported).

    PyPI's ``swagger-ui-bundle`` stops at Swagger UI 4.15, which cannot read the OpenAPI 3.1 document
    Litestar writes ("Unable to render this definition"); this wheel ships Swagger UI's own ``dist``
    folder. Its Flask dependency is installed with it but nothing here imports Flask or the package.
    """
    spec = importlib.util.find_spec("flask_swagger_ui")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a declared dependency
        raise RuntimeError("flask-swagger-ui is not installed: run `uv sync`")
    return Path(next(iter(spec.submodule_search_locations))) / "dist"


def static_routers() -> list[Router]:
    """The pages' own CSS, and Swagger UI's files from an installed package (nothing from a CDN)."""
    return [
        create_static_files_router(
            path="/static",
            directories=[STATIC_DIR],
            name="static",
            cache_control=CacheControlHeader(max_age=3600, public=True),
            opt={"exclude_from_auth": True},
            include_in_schema=False,
        ),
        create_static_files_router(
            path=SWAGGER_ASSETS,
            directories=[swagger_ui_dist()],
            name="swagger_assets",
            cache_control=CacheControlHeader(max_age=86400, public=True),
            opt={"exclude_from_auth": True},
            include_in_schema=False,
        ),
    ]


class WebSessionStore(SQLAlchemyStore[SQLAlchemyAsyncConfig]):
    """advanced-alchemy's store on the ``web_session`` table, able to forget what has expired
    (Redis expires keys by itself; a table keeps its rows until someone deletes them)."""

    async def delete_expired(self) -> None:
        """Delete the rows of this namespace whose time is up."""
        async with self._get_async_session() as session, session.begin():
            await session.execute(
                delete(WebSessionRecord).where(
                    WebSessionRecord.namespace == self.namespace,
                    WebSessionRecord.expires_at <= datetime.now(UTC),
                )
            )


def web_stores(settings: Settings, alchemy: SQLAlchemyAsyncConfig) -> dict[str, Store]:
    """The page-session store: the ``web_session`` table, unless Redis is configured (then Redis)."""
    if settings.redis_url is not None:
        return {}  # the app's default store factory gives a namespaced RedisStore
    return {"sessions": WebSessionStore(config=alchemy, model=WebSessionRecord, namespace="sessions")}
