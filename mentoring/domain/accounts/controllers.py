"""Sign-up, log-in, who am I, and coordinators creating coordinators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import Body
from litestar.security.jwt import JWTAuth

from mentoring.db.models import UserAccount
from mentoring.domain.accounts.guards import requires_coordinator
from mentoring.domain.accounts.schemas import AccessToken, AccountRead, CoordinatorCreate, LogIn, SignUp
from mentoring.domain.accounts.services import AccountService
from mentoring.lib.deps import DbSession
from mentoring.lib.errors import ForbiddenError, error_responses
from mentoring.settings import Settings


def _token_for(user: UserAccount, request: Request[Any, Any, Any]) -> AccessToken:
    settings: Settings = request.app.state["settings"]
    auth: JWTAuth[Any, Any] = request.app.state["jwt_auth"]
    ttl = timedelta(minutes=settings.token_ttl_minutes)
    token = auth.create_token(
        identifier=str(user.id),
        token_expiration=ttl,
        token_issuer=settings.jwt_issuer,
        token_audience=settings.jwt_audience,
    )
    return AccessToken(access_token=token, expires_at=datetime.now(UTC) + ttl)


async def account_read(service: AccountService, user: UserAccount) -> AccountRead:
    """Describe an account with its roles."""
    roles, program_ids = await service.roles(user)
    return AccountRead(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        language=user.language,
        roles=roles,  # type: ignore[arg-type]
        coordinated_program_ids=program_ids,
        created_at=user.created_at,
    )


class AuthController(Controller):
    """Public routes that hand out tokens."""

    path = "/api/auth"
    tags = ["accounts"]

    @post(
        "/signup",
        operation_id="signUp",
        summary="Create a mentee or mentor account",
        responses=error_responses(400, 409, 413, 429),
        exclude_from_auth=True,
    )
    async def sign_up(
        self, request: Request[Any, Any, Any], db_session: DbSession, data: Annotated[SignUp, Body()]
    ) -> AccessToken:
        """Create an account and return a token for it."""
        user = await AccountService(db_session).sign_up(
            email=data.email,
            password=data.password,
            display_name=data.display_name,
            role=data.role,
            language=data.language,
        )
        return _token_for(user, request)

    @post(
        "/login",
        operation_id="logIn",
        summary="Exchange e-mail and password for a bearer token",
        status_code=200,
        responses=error_responses(400, 401, 413, 429),
        exclude_from_auth=True,
    )
    async def log_in(
        self, request: Request[Any, Any, Any], db_session: DbSession, data: Annotated[LogIn, Body()]
    ) -> AccessToken:
        """Check the credentials (rate-limited; unknown e-mail and wrong password answer alike)."""
        user = await AccountService(db_session).authenticate(data.email, data.password)
        return _token_for(user, request)


class MeController(Controller):
    """The caller's own account."""

    path = "/api/me"
    tags = ["accounts"]

    @get("/", operation_id="getMe", summary="Who am I", responses=error_responses(401))
    async def get_me(self, request: Request[UserAccount, Any, Any], db_session: DbSession) -> AccountRead:
        """The caller's account and roles."""
        return await account_read(AccountService(db_session), request.user)


class CoordinatorController(Controller):
    """Coordinators create coordinators."""

    path = "/api/coordinators"
    tags = ["accounts"]
    guards = [requires_coordinator]

    @post(
        "/",
        operation_id="createCoordinator",
        summary="Create another coordinator",
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def create_coordinator(
        self,
        request: Request[UserAccount, Any, Any],
        db_session: DbSession,
        data: Annotated[CoordinatorCreate, Body()],
    ) -> AccountRead:
        """Create a coordinator for programmes the caller coordinates."""
        service = AccountService(db_session)
        _, mine = await service.roles(request.user)
        foreign = [str(p) for p in data.program_ids if p not in mine]
        if foreign:
            raise ForbiddenError(f"You do not coordinate programme(s) {', '.join(foreign)}")
        user = await service.create_coordinator(
            email=data.email,
            password=data.password,
            display_name=data.display_name,
            language=data.language,
            program_ids=data.program_ids,
        )
        return await account_read(service, user)


ROUTES = [AuthController, MeController, CoordinatorController]
