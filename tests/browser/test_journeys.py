"""People's journeys through a real browser, in English and in French."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PHONE, Browsers, log_in, sign_up
from tests.conftest import PASSWORD

pytestmark = pytest.mark.xdist_group("browser")

TEXTS = {
    "en": {
        "switch": "Français",
        "hello": "Hello, {name}",
        "log_out": "Log out",
        "logged_out": "You have logged out.",
        "log_in": "Log in",
        "wrong": "The e-mail address or the password is not right",
        "problem": "There is a problem",
        "expired": "This form has expired",
        "everywhere": "Log out everywhere",
        "ended": "You have logged out on every device.",
    },
    "fr": {
        "switch": "English",
        "hello": "Bonjour, {name}",
        "log_out": "Se déconnecter",
        "logged_out": "Vous êtes déconnecté·e.",
        "log_in": "Se connecter",
        "wrong": "L’adresse e-mail ou le mot de passe est incorrect",
        "problem": "Il y a un problème",
        "expired": "Ce formulaire a expiré",
        "everywhere": "Se déconnecter partout",
        "ended": "Vous êtes déconnecté·e sur tous vos appareils.",
    },
}
OTHER = {"en": "fr", "fr": "en"}


def heading(page: Any) -> str:
    return str(page.locator("h1").inner_text()).strip()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sign_up_lands_on_home_and_log_out_ends_it(browsers: Browsers, lang: str) -> None:
    t = TEXTS[lang]
    page = browsers.new_page(locale="en-GB")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    if lang == "fr":  # an anonymous visitor picks French with the switch on the page
        page.get_by_role("button", name="Français").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("link", name="S’inscrire" if lang == "fr" else "Sign up").first.click()
    page.wait_for_url("**/signup")
    sign_up(page, name="Camille", language=lang)
    assert heading(page) == t["hello"].format(name="Camille")
    assert page.locator("html").get_attribute("lang") == lang

    page.get_by_role("button", name=t["log_out"]).click()
    page.wait_for_url("**/?signed_out=true")
    assert page.get_by_role("status").inner_text().strip() == t["logged_out"]
    page.goto("/home")
    page.wait_for_url("**/login?next=%2Fhome")
    assert page.locator("html").get_attribute("lang") == lang, "logged out, the pages keep the language"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_log_in_then_switch_language(browsers: Browsers, lang: str) -> None:
    t = TEXTS[lang]
    page = browsers.new_page()
    email = sign_up(page, name="Noor", language=lang)
    page.get_by_role("button", name=t["log_out"]).click()
    page.wait_for_url("**/?signed_out=true")
    log_in(page, email)
    page.wait_for_url("**/home")
    assert heading(page) == t["hello"].format(name="Noor")
    page.get_by_role("button", name=t["switch"]).click()
    page.wait_for_url("**/home")
    assert page.locator("html").get_attribute("lang") == OTHER[lang]
    assert heading(page) == TEXTS[OTHER[lang]]["hello"].format(name="Noor")
    page.reload()  # the choice is the account's, not just this page's
    assert page.locator("html").get_attribute("lang") == OTHER[lang]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_wrong_password_gives_one_message_linked_to_the_field(browsers: Browsers, lang: str) -> None:
    t = TEXTS[lang]
    page = browsers.new_page(locale="fr-FR" if lang == "fr" else "en-GB")
    page.goto("/")
    email = sign_up(page, name="Sam", language=lang)
    page.get_by_role("button", name=t["log_out"]).click()
    page.wait_for_url("**/?signed_out=true")
    log_in(page, email, "this is not the password")
    summary = page.get_by_role("alert")
    assert t["problem"] in summary.inner_text()
    link = summary.get_by_role("link", name=t["wrong"])
    link.click()
    assert page.evaluate("document.activeElement.id") == "email"
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert page.locator("#email").input_value() == email  # kept; the password is not
    assert page.locator("#password").input_value() == ""


def test_a_form_posted_without_its_csrf_token_is_refused(browsers: Browsers) -> None:
    page = browsers.new_page()
    sign_up(page, name="Lee")
    page.evaluate("document.querySelectorAll('input[name=_csrf_token]').forEach(e => e.remove())")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert heading(page) == TEXTS["en"]["expired"]
    page.goto("/home")
    assert heading(page) == "Hello, Lee", "the refused log-out did not log out"


def test_a_logged_out_session_cookie_no_longer_works(browsers: Browsers) -> None:
    page = browsers.new_page()
    sign_up(page, name="Robin")
    cookies = page.context.cookies()
    session = next(c for c in cookies if c["name"] == "mentoring_session")
    assert session["httpOnly"] is True
    assert session["sameSite"] == "Lax"
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/?signed_out=true")

    replay = browsers.new_page()
    replay.context.add_cookies([session])
    replay.goto("/home")
    replay.wait_for_url("**/login?next=%2Fhome")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_log_out_everywhere_ends_the_other_browser_session(browsers: Browsers, lang: str) -> None:
    t = TEXTS[lang]
    laptop = browsers.new_page()
    email = sign_up(laptop, name="Alex", language=lang)
    phone = browsers.new_page(size=PHONE)
    log_in(phone, email)
    phone.wait_for_url("**/home")

    laptop.goto("/account/sessions")
    assert laptop.locator(".session-list > li").count() == 2
    laptop.get_by_role("button", name=t["everywhere"]).click()
    laptop.wait_for_url("**/?ended=true")
    assert laptop.get_by_role("status").inner_text().strip() == t["ended"]

    phone.goto("/home")
    phone.wait_for_url("**/login?next=%2Fhome")
    laptop.goto("/account/sessions")
    laptop.wait_for_url("**/login?next=%2Faccount%2Fsessions")


def test_keyboard_only_log_in(browsers: Browsers) -> None:
    """Tab and Enter only: the skip link comes first and shows, every stop is visibly focused."""
    setup = browsers.new_page()
    email = sign_up(setup, name="Kim")
    setup.get_by_role("button", name="Log out").click()

    page = browsers.new_page()
    page.goto("/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")

    stops = []
    for _ in range(10):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                return {id: e.id, tag: e.tagName, outline: s.outlineStyle + ' ' + s.outlineWidth,
                        shadow: s.boxShadow, background: s.backgroundColor}; }"""
        )
        stops.append(focused)
        visible = focused["outline"].split()[0] != "none" or focused["shadow"] != "none"
        assert visible, f"no visible focus on {focused}"
        if focused["id"] == "email":
            break
    assert stops[-1]["id"] == "email", stops
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/home")
    assert heading(page) == "Hello, Kim"
