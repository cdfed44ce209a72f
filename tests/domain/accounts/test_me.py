"""/api/me: one controller owns the path (GET who am I, DELETE erase me), so OPTIONS lists both."""

from __future__ import annotations

from uuid import UUID, uuid4

from litestar import Litestar
from litestar.di import Provide
from litestar.testing import AsyncTestClient

from mentoring.db.models import UserAccount
from mentoring.domain.accounts.controllers import MeController
from mentoring.domain.accounts.deps import ACCOUNT_ERASER
from tests.conftest import PASSWORD, People


async def test_options_on_me_allows_get_and_delete(client, people: People) -> None:
    mentee = await people.mentee()

    response = await client.options("/api/me", headers=mentee.headers)

    assert response.status_code == 204, response.text
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"DELETE", "GET", "OPTIONS"}


async def test_me_describes_the_caller(client, people: People) -> None:
    mentor = await people.mentor(name="Robin")

    body = (await client.get("/api/me", headers=mentor.headers)).json()

    assert body["id"] == mentor.id
    assert body["display_name"] == "Robin"
    assert body["roles"] == ["mentor"]


async def test_delete_me_hands_the_caller_to_the_injected_account_eraser() -> None:
    """Accounts owns the route and knows only the AccountEraser protocol; the root injects one."""
    erased: list[tuple[UUID, str]] = []
    caller = UserAccount(id=uuid4(), email="a@example.org", display_name="A", password_hash="x")

    class RecordingEraser:
        async def erase(self, user: UserAccount, password: str) -> None:
            erased.append((user.id, password))

    app = Litestar(
        route_handlers=[MeController],
        dependencies={
            "current_user": Provide(lambda: caller, sync_to_thread=False),
            "db_session": Provide(lambda: None, sync_to_thread=False),  # unused by this route
            ACCOUNT_ERASER: Provide(lambda: RecordingEraser(), sync_to_thread=False),
        },
    )
    async with AsyncTestClient(app=app) as client:
        response = await client.request("DELETE", "/api/me", json={"password": PASSWORD})

    assert response.status_code == 204, response.text
    assert erased == [(caller.id, PASSWORD)]
