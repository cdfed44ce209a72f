"""Sign-up, log-in, who am I (and erase me), and coordinators creating coordinators."""

from __future__ import annotations

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.types import ControllerRouterHandler

from mentoring.domain.accounts.deps import AccountEraser, provide_accounts
from mentoring.domain.accounts.guards import requires_coordinator
from mentoring.domain.accounts.schemas import (
    AccessToken,
    AccountRead,
    CoordinatorCreate,
    ErasureConfirmation,
    LogIn,
    SignUp,
)
from mentoring.domain.accounts.services import AccountService
from mentoring.lib.deps import CurrentUser
from mentoring.lib.errors import error_responses


class AuthController(Controller):
    """Public routes that hand out tokens."""

    path = "/api/auth"
    tags = ["accounts"]
    dependencies = {"accounts": provide_accounts}

    @post(
        "/signup",
        operation_id="signUp",
        summary="Create a mentee or mentor account",
        responses=error_responses(400, 409, 413, 429),
        exclude_from_auth=True,
    )
    async def sign_up(self, accounts: NamedDependency[AccountService], data: JSONBody[SignUp]) -> AccessToken:
        """Create an account and return a token for it."""
        return await accounts.register(data)

    @post(
        "/login",
        operation_id="logIn",
        summary="Exchange e-mail and password for a bearer token",
        status_code=200,
        responses=error_responses(400, 401, 413, 429),
        exclude_from_auth=True,
    )
    async def log_in(self, accounts: NamedDependency[AccountService], data: JSONBody[LogIn]) -> AccessToken:
        """Check the credentials (rate-limited; unknown e-mail and wrong password answer alike)."""
        return await accounts.log_in(data)


class MeController(Controller):
    """The caller's own account: the one owner of the path ``/api/me``."""

    path = "/api/me"
    dependencies = {"accounts": provide_accounts}

    @get("/", operation_id="getMe", summary="Who am I", tags=["accounts"], responses=error_responses(401))
    async def get_me(
        self, accounts: NamedDependency[AccountService], current_user: CurrentUser
    ) -> AccountRead:
        """The caller's account and roles."""
        return await accounts.describe(current_user)

    @delete(
        "/",
        operation_id="eraseMyAccount",
        summary="Erase my account and personal data",
        tags=["privacy"],
        responses=error_responses(400, 401, 403, 409, 413),
    )
    async def erase_me(
        self,
        account_eraser: NamedDependency[AccountEraser],
        current_user: CurrentUser,
        data: JSONBody[ErasureConfirmation],
    ) -> None:
        """Erase the caller's personal data at once (aggregates stay); needs the current password.

        The last coordinator of a programme is refused (409) until someone else coordinates it.
        """
        await account_eraser.erase(current_user, data.password)


class CoordinatorController(Controller):
    """Coordinators create coordinators."""

    path = "/api/coordinators"
    tags = ["accounts"]
    guards = [requires_coordinator]
    dependencies = {"accounts": provide_accounts}

    @post(
        "/",
        operation_id="createCoordinator",
        summary="Create another coordinator",
        responses=error_responses(400, 401, 403, 404, 409, 413),
    )
    async def create_coordinator(
        self,
        accounts: NamedDependency[AccountService],
        current_user: CurrentUser,
        data: JSONBody[CoordinatorCreate],
    ) -> AccountRead:
        """Create a coordinator for programmes the caller coordinates."""
        return await accounts.add_coordinator(current_user, data)


ROUTES: list[ControllerRouterHandler] = [AuthController, MeController, CoordinatorController]
