"""Every page, at desktop and phone sizes, in English and French: axe-core finds no WCAG 2.2 A/AA
(or best-practice) violation, nothing scrolls sideways on a 390px phone, and a screenshot of each is
saved under ``var/screenshots/`` (CI keeps them as artifacts)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import AXE_OPTIONS, SCREENSHOTS, SIZES, Browsers, log_in, sign_up

pytestmark = pytest.mark.xdist_group("browser")


def _signed_in(path: str, language: str = "en") -> Callable[[Any], None]:
    def visit(page: Any) -> None:
        sign_up(page, name="Dominique Marie-Claire de la Fontaine", language=language)
        page.goto(path)

    return visit


def _wrong_password(page: Any) -> None:
    log_in(page, "nobody@example.org", "not the right password")
    page.wait_for_selector(".error-summary")


def _empty_sign_up(page: Any) -> None:
    page.goto("/signup")
    page.locator("form[action='/signup'] button[type=submit]").click()
    page.wait_for_selector(".error-summary")


def _csrf_refused(page: Any) -> None:
    page.goto("/login")
    page.evaluate("document.querySelectorAll('input[name=_csrf_token]').forEach(e => e.remove())")
    page.locator("#email").fill("someone@example.org")
    page.locator("#password").fill("a password that is long")
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_selector("h1")


#: name -> (browser language, how to get there)
PAGES: dict[str, tuple[str, Callable[[Any], None]]] = {
    "landing": ("en-GB", lambda page: page.goto("/")),
    "landing-logged-out": ("en-GB", lambda page: page.goto("/?signed_out=true")),
    "login": ("en-GB", lambda page: page.goto("/login")),
    "login-error": ("en-GB", _wrong_password),
    "signup": ("en-GB", lambda page: page.goto("/signup")),
    "signup-errors": ("en-GB", _empty_sign_up),
    "home": ("en-GB", _signed_in("/home")),
    "sessions": ("en-GB", _signed_in("/account/sessions")),
    "not-found": ("en-GB", lambda page: page.goto("/no-such-page")),
    "csrf-refused": ("en-GB", _csrf_refused),
    "landing-fr": ("fr-FR", lambda page: page.goto("/")),
    "login-error-fr": ("fr-FR", _wrong_password),
    "signup-errors-fr": ("fr-FR", _empty_sign_up),
    "home-fr": ("fr-FR", _signed_in("/home", "fr")),
    "sessions-fr": ("fr-FR", _signed_in("/account/sessions", "fr")),
    "not-found-fr": ("fr-FR", lambda page: page.goto("/no-such-page")),
}


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_and_fits_the_screen(browsers: Browsers, name: str, size: str) -> None:
    locale, visit = PAGES[name]
    viewport = SIZES[size]
    page = browsers.new_page(size=viewport, locale=locale)
    visit(page)
    page.wait_for_load_state("load")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)

    assert page.locator("html").get_attribute("lang") == locale[:2]
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= viewport["width"], f"{name} scrolls sideways at {viewport['width']}px ({width}px wide)"
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert violations == [], f"{name} at {size}:\n{_describe(violations)}"


@pytest.mark.parametrize("size", list(SIZES))
def test_api_docs_load_only_from_this_server(browsers: Browsers, size: str) -> None:
    """Swagger UI's scripts and styles come from the pinned package, served here (no CDN)."""
    page = browsers.new_page(size=SIZES[size])
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .information-container", timeout=15_000)
    assert page.locator(".swagger-ui .title").first.inner_text().startswith("Mentoring API")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"api-docs-{size}.png"))
