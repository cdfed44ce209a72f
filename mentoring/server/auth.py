"""Bearer tokens: JWTs with an expiry, an issuer and an audience, checked on every request."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.security.jwt import JWTAuth, Token
from sqlalchemy import select

from mentoring.db.models import UserAccount
from mentoring.settings import Settings

PUBLIC_PATHS = ["/api/auth/signup", "/api/auth/login", "/api/docs", "/api/health", "/api/taxonomy"]


async def retrieve_user(token: Token, connection: ASGIConnection[Any, Any, Any, Any]) -> UserAccount | None:
    """Load the token's subject; an erased or unknown account is not authenticated."""
    try:
        user_id = UUID(token.sub)
    except ValueError:
        return None
    alchemy = connection.app.state["alchemy_config"]
    session = alchemy.provide_session(connection.app.state, connection.scope)
    user = await session.scalar(select(UserAccount).where(UserAccount.id == user_id))
    if user is None or user.erased_at is not None:
        return None
    return user


def build_jwt_auth(settings: Settings) -> JWTAuth[UserAccount, Token]:
    """The JWT configuration: every route needs a token except sign-up, log-in and the docs."""
    return JWTAuth[UserAccount, Token](
        token_secret=settings.secret_key,
        retrieve_user_handler=retrieve_user,
        default_token_expiration=timedelta(minutes=settings.token_ttl_minutes),
        accepted_audiences=[settings.jwt_audience],
        accepted_issuers=[settings.jwt_issuer],
        require_claims=["exp", "sub", "aud", "iss"],
        exclude=PUBLIC_PATHS,
        # Every method authenticates, OPTIONS and HEAD included: route guards read request.user,
        # which an unauthenticated OPTIONS would not have (a 500 instead of a 401).
        exclude_http_methods=[],
        description="A bearer token from POST /api/auth/login.",
    )
