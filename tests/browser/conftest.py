"""A real server (uvicorn, on a free 127.0.0.1 port, on the run's database) and a real Chromium.

Without Chromium the browser tests skip with how to install it; under ``CI=true`` they fail instead.
Every page a test opens is watched: a request to any other host than the test server is blocked
and fails the test, and so does a console error (a Content-Security-Policy violation, a script
error), so "nothing loads from outside the server" is checked on every journey.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import uvicorn

from mentoring.app import create_app
from tests.conftest import PASSWORD, make_settings
from tests.services import in_ci

CHROMIUM = os.environ.get("MENTORING_TEST_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
#: axe-core rule sets checked on every page: WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    }
}

pytestmark = pytest.mark.xdist_group("browser")


def require_chromium() -> None:
    """Skip (or, in CI, fail) when there is no Chromium to drive."""
    if Path(CHROMIUM).exists():
        return
    message = (
        f"Chromium is not installed at {CHROMIUM}: install it with `apt-get install chromium` (or point "
        "MENTORING_TEST_CHROMIUM at a Chromium binary); the browser tests are skipped until then."
    )
    if in_ci():
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The whole app served by uvicorn in a thread; yields its base URL (``http://127.0.0.1:<port>``)."""
    require_chromium()
    settings = make_settings(database_url, tmp_path_factory.mktemp("browser"))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="browser-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the test server did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(live_server: str) -> Iterator[Any]:
    """A headless Chromium (Debian's, not a downloaded build) for one test module.

    Module-scoped, not session-scoped: while Playwright's sync API is started, its event loop counts
    as running in this thread, and the async tests that the same worker runs later could not start.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@dataclass
class Watched:
    """What the pages of one browser context did that they must not."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


class Browsers:
    """Opens watched browser contexts (each one is a separate browser with its own cookies)."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.contexts: list[tuple[Any, Watched]] = []

    def new_page(self, *, size: dict[str, int] = DESKTOP, locale: str = "en-GB") -> Any:
        context = self.browser.new_context(viewport=size, locale=locale, base_url=self.base_url)
        watched = Watched(origin=urlparse(self.base_url).netloc)

        def guard(route: Any) -> None:
            url = urlparse(route.request.url)
            if url.scheme in {"http", "https", "ws", "wss"} and url.netloc != watched.origin:
                watched.foreign.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", guard)
        page = context.new_page()

        def on_console(message: Any) -> None:
            # An error page's own status shows as "Failed to load resource": that one is expected.
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                watched.console_errors.append(message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda error: watched.console_errors.append(str(error)))
        self.contexts.append((context, watched))
        return page

    def close(self) -> None:
        problems: list[str] = []
        for context, watched in self.contexts:
            context.close()
            problems += [f"request to another host: {url}" for url in watched.foreign]
            problems += [f"console error: {text}" for text in watched.console_errors]
        assert not problems, "\n".join(problems)


@pytest.fixture
def browsers(browser: Any, live_server: str) -> Iterator[Browsers]:
    """Watched browser contexts on the live server; a foreign request or console error fails the test."""
    opened = Browsers(browser, live_server)
    yield opened
    opened.close()


def unique_email(prefix: str = "person") -> str:
    import uuid

    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.org"


def sign_up(page: Any, *, name: str = "Ada", role: str = "mentee", language: str = "en") -> str:
    """Fill and send the sign-up form as a person would (clicking labels); returns the e-mail."""
    email = unique_email(role)
    page.goto("/signup")
    page.locator(f"#role-{role}").check()
    page.locator("#display_name").fill(name)
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator(f"#language-{language}").check()
    page.locator("form[action='/signup'] button[type=submit]").click()
    page.wait_for_url("**/home")
    return email


def log_in(page: Any, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form[action='/login'] button[type=submit]").click()
