"""Dependency injection shared by every domain: the database session, the caller, the page, services.

The composition root (:mod:`mentoring.app`) registers :data:`APP_DEPENDENCIES` on the app; a domain's
controller declares its own services with :func:`provide_service` in its ``dependencies``. Handlers
then read only what they use::

    class RequestController(Controller):
        dependencies = {"requests": provide_service(RequestService)}

        @post("/")
        async def create(self, requests: NamedDependency[RequestService], current_user: CurrentUser,
                         data: JSONBody[RequestCreate]) -> RequestRead:
            return await requests.open(current_user, data.program_id, data.note)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

from litestar import Request
from litestar.di import NamedDependency, Provide
from sqlalchemy.ext.asyncio import AsyncSession

from mentoring.db.models import UserAccount
from mentoring.lib.pagination import LimitOffset, provide_page

__all__ = [
    "APP_DEPENDENCIES",
    "CurrentUser",
    "DbSession",
    "Page",
    "provide_current_user",
    "provide_service",
]

S = TypeVar("S")

#: The request's database session, provided by the SQLAlchemy plugin and committed at the edge.
DbSession: TypeAlias = NamedDependency[AsyncSession]
#: The authenticated caller (routes excluded from authentication must not ask for it).
CurrentUser: TypeAlias = NamedDependency[UserAccount]
#: The page a list endpoint was asked for (``limit``/``offset`` query parameters).
Page: TypeAlias = NamedDependency[LimitOffset]


async def provide_current_user(request: Request[UserAccount, Any, Any]) -> UserAccount:
    """The account the bearer token (or the page session) authenticated."""
    return request.user


def provide_service(factory: Callable[[AsyncSession], S]) -> Provide:
    """A provider building ``factory(db_session)`` once per request (services never commit)."""

    async def provider(db_session: DbSession) -> Any:
        return factory(db_session)

    return Provide(provider)


APP_DEPENDENCIES: dict[str, Provide] = {
    "current_user": Provide(provide_current_user),
    "page": Provide(provide_page, sync_to_thread=False),
}
