"""Domain errors and the one error body every 4xx and 5xx answers with.

Services raise these; the exception handlers in :mod:`mentoring.server.exceptions` turn them into
``{"status_code": ..., "detail": ...}`` responses. Controllers declare the codes they may return
with :func:`error_responses`, so every 4xx is in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.openapi.datastructures import ResponseSpec


class ErrorBody(msgspec.Struct):
    """What every error response carries: the status and a message that says what is wrong."""

    status_code: int
    detail: str
    extra: dict[str, Any] | list[Any] | None = None


class DomainError(Exception):
    """Base of the errors a service raises on purpose; ``status_code`` is the HTTP answer."""

    status_code = 400

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class BadRequestError(DomainError):
    """The request is well-formed but says something the platform cannot accept."""

    status_code = 400


class NotAuthenticatedError(DomainError):
    """No valid credentials."""

    status_code = 401


class ForbiddenError(DomainError):
    """The caller is known but may not do this."""

    status_code = 403


class NotFoundError(DomainError):
    """No such object, or the caller may not know it exists."""

    status_code = 404


class ConflictError(DomainError):
    """The object's current state does not allow the change (a full mentor, a duplicate e-mail…)."""

    status_code = 409


_DESCRIPTIONS = {
    400: "The request is invalid: the message says which field and why.",
    401: "Missing, expired or invalid bearer token.",
    403: "Authenticated, but not allowed to do this.",
    404: "No such object (or not visible to the caller).",
    409: "The object's current state does not allow this change.",
    413: "The request body is too large.",
    429: "Too many attempts: wait and try again.",
    503: "The database is briefly unavailable (a restart): retry after the `Retry-After` seconds.",
}


def error_responses(*codes: int) -> dict[int, ResponseSpec]:
    """OpenAPI responses for the given error codes, each with the :class:`ErrorBody` schema.

    400 and 401 are part of nearly every route; pass them explicitly anyway so a route's
    declaration reads as the list of what it can answer.
    """
    return {
        code: ResponseSpec(data_container=ErrorBody, description=_DESCRIPTIONS[code], generate_examples=False)
        for code in codes
    }
