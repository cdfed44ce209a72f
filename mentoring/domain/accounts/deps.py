"""Providers of the accounts domain, and the account eraser it needs from a higher layer.

Erasing an account touches every domain's rows, which is the privacy domain's job (it sits above
accounts). Accounts owns the route (``DELETE /api/me``) and declares what it needs,
:class:`AccountEraser`; the composition root (:mod:`mentoring.app`) provides the implementation
under the dependency name :data:`ACCOUNT_ERASER`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from litestar.datastructures import State
from litestar.di import Provide

from mentoring.db.models import UserAccount
from mentoring.domain.accounts.services import AccountService, TokenIssuer
from mentoring.lib.deps import DbSession

__all__ = ["ACCOUNT_ERASER", "AccountEraser", "provide_accounts"]

#: The dependency name under which the composition root provides an :class:`AccountEraser`.
ACCOUNT_ERASER = "account_eraser"


@runtime_checkable  # Litestar checks the injected value against the annotation
class AccountEraser(Protocol):
    """Erases a person's account and personal data, all or nothing, after checking their password."""

    async def erase(self, user: UserAccount, password: str) -> None:
        """Erase ``user``; raises ForbiddenError for a wrong password, ConflictError when refused."""
        ...


async def _accounts(db_session: DbSession, state: State) -> AccountService:
    return AccountService(db_session, TokenIssuer(state["jwt_auth"], state["settings"]))


#: ``accounts``: an :class:`AccountService` able to hand out tokens.
provide_accounts = Provide(_accounts)
