"""Friendly HTML error pages for page routes; the JSON API keeps its JSON errors.

Page routes get :data:`PAGE_EXCEPTION_HANDLERS` (their router's handlers). Errors raised before any
route matched (an unknown path, a wrong method) reach the app's handlers: :func:`with_html_errors`
wraps those so that paths outside ``/api`` answer with the same pages.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, PermissionDeniedException
from litestar.exceptions import ValidationException as LitestarValidationException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import Empty
from litestar.utils.scope.state import ScopeState
from sqlalchemy.exc import DBAPIError, IntegrityError

from mentoring.lib.errors import DomainError
from mentoring.web.context import (
    SECURITY_HEADERS,
    LoginRequired,
    fallback_language,
    web_context_of,
)
from mentoring.web.csrf import CSRF_COOKIE
from mentoring.web.i18n import LANGUAGES, N_

__all__ = ["PAGE_EXCEPTION_HANDLERS", "error_page", "with_html_errors"]

logger = logging.getLogger("mentoring.web")

CSRF_FAILED = "CSRF token verification failed"

#: Title and explanation of each status, written for the person reading the page.
MESSAGES: dict[int, tuple[str, str]] = {
    400: (N_("This request could not be understood"), N_("Go back, check the form and try again.")),
    403: (N_("You cannot do this"), N_("Your account is not allowed to see or change this.")),
    404: (
        N_("Page not found"),
        N_("There is no page at this address. Check the address, or start again from the home page."),
    ),
    405: (N_("This page cannot be used this way"), N_("Start again from the home page.")),
    409: (
        N_("This changed in the meantime"),
        N_("Someone or something changed this while you were working. Reload the page and try again."),
    ),
    413: (N_("What you sent is too large"), N_("Shorten it and try again.")),
    429: (
        N_("Too many attempts"),
        N_("For your safety, wait a minute before you try again."),
    ),
    500: (
        N_("Something went wrong on our side"),
        N_("The problem has been logged. Try again in a moment; what you did before this is safe."),
    ),
}
CSRF_MESSAGE = (
    N_("This form has expired"),
    N_(
        "The form was not sent from a page of this site, or it was open too long. "
        "Go back, reload the page, and send it again."
    ),
)


def error_page(request: Request[Any, Any, Any], status_code: int, *, csrf: bool = False) -> Template:
    """The error page for ``status_code`` in the reader's language."""
    title, explanation = CSRF_MESSAGE if csrf else MESSAGES.get(status_code, MESSAGES[400])
    state = ScopeState.from_scope(request.scope)
    if state.csrf_token is Empty and (cookie := request.cookies.get(CSRF_COOKIE)):
        # A refused form still leaves the page's own forms (the language switch) usable.
        state.csrf_token = cookie
    context = web_context_of(request.scope)
    if context is not None:
        data = context.template_context(error_title=title, error_text=explanation, status_code=status_code)
        cookies = context.cookies
    else:
        data = {
            "lang": fallback_language(request),
            "languages": LANGUAGES,
            "user": None,
            "current_path": "/",
            "page_title": None,
            "status": None,
            "error_title": title,
            "error_text": explanation,
            "status_code": status_code,
        }
        cookies = []
    return Template(
        template_name="error.html",
        context=data,
        status_code=status_code,
        headers={**SECURITY_HEADERS, "content-language": str(data["lang"])},
        cookies=cookies,
    )


def _login_redirect(request: Request[Any, Any, Any], _: LoginRequired) -> Response[Any]:
    from urllib.parse import urlencode

    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    context = web_context_of(request.scope)  # its cookies delete a session that just ended
    # Back to the page after logging in; a form's target (a POST) is no page to go back to.
    query = f"?{urlencode({'next': target})}" if request.method == "GET" else ""
    return Redirect(
        path=f"/login{query}",
        status_code=303,
        cookies=context.cookies if context else [],
        headers=SECURITY_HEADERS,
    )


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    csrf = isinstance(exc, PermissionDeniedException) and exc.detail == CSRF_FAILED
    response = error_page(request, exc.status_code, csrf=csrf)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def _domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    return error_page(request, exc.status_code if exc.status_code in MESSAGES else 400)


def _validation_error(request: Request[Any, Any, Any], _: LitestarValidationException) -> Response[Any]:
    return error_page(request, 400)


def _internal_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    logger.exception("unhandled error on page %s %s", request.method, request.url.path, exc_info=exc)
    return error_page(request, HTTP_500_INTERNAL_SERVER_ERROR)


def _conflict(request: Request[Any, Any, Any], exc: IntegrityError) -> Response[Any]:
    logger.info("integrity error on page %s %s: %s", request.method, request.url.path, exc.orig)
    return error_page(request, 409)


PAGE_EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    LoginRequired: _login_redirect,
    IntegrityError: _conflict,
    DBAPIError: _internal_error,
    LitestarValidationException: _validation_error,
    HTTPException: _http_error,
    DomainError: _domain_error,
    Exception: _internal_error,
}


def _is_api(request: Request[Any, Any, Any]) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def with_html_errors(handlers: dict[type[Exception] | int, Any]) -> dict[type[Exception] | int, Any]:
    """The app's exception handlers, answering with an HTML page outside ``/api``."""
    api_http = handlers[HTTPException]
    api_internal = handlers[Exception]

    def http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
        if _is_api(request) or _wants_json(request):
            return api_http(request, exc)
        return _http_error(request, exc)

    def internal_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
        if _is_api(request) or _wants_json(request):
            return api_internal(request, exc)
        return _internal_error(request, exc)

    return {**handlers, HTTPException: http_error, Exception: internal_error}


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    accept = request.headers.get("accept", "")
    return MediaType.JSON in accept and MediaType.HTML not in accept
