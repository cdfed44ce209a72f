"""Turn every error into a short JSON body: a clear message for 4xx, nothing internal for 5xx."""

from __future__ import annotations

import logging
from typing import Any

from advanced_alchemy import exceptions as repository
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from mentoring.db.availability import describe, is_unavailable
from mentoring.lib.errors import DomainError

logger = logging.getLogger("mentoring")

#: Seconds a client is told to wait when the database is away (a restart takes a few).
RETRY_AFTER_SECONDS = 5
UNAVAILABLE_DETAIL = "The service is temporarily unavailable: try again in a few seconds"


def _body(status_code: int, detail: str, extra: Any = None) -> Response[dict[str, Any]]:
    content: dict[str, Any] = {"status_code": status_code, "detail": detail}
    if extra:
        content["extra"] = extra
    return Response(content=content, status_code=status_code, media_type=MediaType.JSON)


def domain_error_handler(_: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    """A service's deliberate refusal."""
    return _body(exc.status_code, exc.detail, exc.extra)


def _explain_missing(problem: Any) -> Any:
    """Litestar reports a missing value (an empty body) as the bare ``KeyError`` text ``'data'``."""
    if isinstance(problem, dict) and problem.get("key") and problem.get("message") == repr(problem["key"]):
        what = "a JSON body" if problem.get("source") == "body" else "a value"
        return {**problem, "message": f"missing: the request needs {what} here"}
    return problem


def _describe(problem: Any) -> str:
    """``field: message`` for one validation problem (just the message when it names no field)."""
    if not isinstance(problem, dict):
        return str(problem)
    message = str(problem.get("message", problem))
    return f"{problem['key']}: {message}" if problem.get("key") else message


def validation_error_handler(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[dict[str, Any]]:
    """Litestar/msgspec validation: name the offending field in the message itself."""
    problems = exc.extra if isinstance(exc.extra, list) else []
    problems = [_explain_missing(p) for p in problems]
    detail = "; ".join(_describe(p) for p in problems)
    return _body(400, detail or exc.detail or "Invalid request", problems or None)


def http_error_handler(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    """Litestar's own HTTP errors (404 route, 405, 401 from the auth middleware, 429…)."""
    response = _body(exc.status_code, exc.detail, exc.extra if isinstance(exc.extra, dict | list) else None)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def not_found_handler(_: Request[Any, Any, Any], exc: repository.NotFoundError) -> Response[dict[str, Any]]:
    """A repository found no row (its ``error_messages`` say which, as a service's NotFoundError would)."""
    return _body(404, exc.detail or "Not found")


def integrity_error_handler(
    request: Request[Any, Any, Any], exc: IntegrityError | repository.IntegrityError
) -> Response[dict[str, Any]]:
    """A constraint refused the write: the state changed under us, or a duplicate."""
    cause = exc.orig if isinstance(exc, IntegrityError) else exc.__cause__
    logger.info("integrity error on %s %s: %s", request.method, request.url.path, cause)
    return _body(409, "The change conflicts with the current state (a duplicate or a limit reached)")


def _sqlstate(exc: DBAPIError) -> str:
    orig = exc.orig
    cause = orig.__cause__ if orig is not None else None
    return str(getattr(orig, "sqlstate", None) or getattr(cause, "sqlstate", None) or "")


def unavailable_response(request: Request[Any, Any, Any], exc: BaseException) -> Response[dict[str, Any]]:
    """The database is away (restarting, refusing, timing out): 503 and when to try again."""
    logger.warning("database unavailable on %s %s: %s", request.method, request.url.path, describe(exc))
    response = _body(503, UNAVAILABLE_DETAIL, {"retry_after": RETRY_AFTER_SECONDS})
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def data_error_handler(request: Request[Any, Any, Any], exc: DBAPIError) -> Response[dict[str, Any]]:
    """PostgreSQL refused a value the request carried (SQLSTATE class 22: a NUL character, a number
    out of range…): the client's data is at fault, not the server."""
    if is_unavailable(exc):
        return unavailable_response(request, exc)
    sqlstate = _sqlstate(exc)
    if not sqlstate.startswith("22"):
        return internal_error_handler(request, exc)
    logger.info("data error on %s %s: %s", request.method, request.url.path, exc.orig)
    if sqlstate in {"22021", "22P05"}:  # character_not_in_repertoire, untranslatable_character
        return _body(400, "Text must not contain NUL (\\u0000) or characters the database cannot store")
    return _body(400, "A value is out of the range the platform can store")


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    """Anything unexpected: log it here, tell the client nothing internal."""
    if is_unavailable(exc):
        return unavailable_response(request, exc)
    if isinstance(exc, OperationalError) and "locked" in str(exc).lower():
        return _body(409, "The platform is busy with a conflicting change: try again")
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _body(HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")


exception_handlers: dict[type[Exception] | int, Any] = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    IntegrityError: integrity_error_handler,
    repository.NotFoundError: not_found_handler,
    repository.IntegrityError: integrity_error_handler,
    DBAPIError: data_error_handler,
    Exception: internal_error_handler,
}
