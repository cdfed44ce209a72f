"""CSRF protection of every page form: Litestar's signed double-submit cookie, on the pages router only.

The token is in a hidden ``_csrf_token`` field of each form (``{{ csrf_input|safe }}``) and in an
HttpOnly, SameSite=Lax cookie; a POST whose field does not match its cookie gets the 403 page "This
form has expired". The ``/api`` routes authenticate with bearer tokens and never see this middleware.
"""

from __future__ import annotations

from litestar.config.csrf import CSRFConfig

from mentoring.settings import Settings

__all__ = ["CSRF_COOKIE", "csrf_config"]

CSRF_COOKIE = "mentoring_csrf"


def csrf_config(settings: Settings) -> CSRFConfig:
    """The pages' CSRF configuration (``Secure`` cookie outside development)."""
    return CSRFConfig(
        secret=settings.secret_key,
        cookie_name=CSRF_COOKIE,
        cookie_secure=settings.secure_cookies,
        cookie_httponly=True,
        cookie_samesite="lax",
        header_name="x-csrftoken",
    )
