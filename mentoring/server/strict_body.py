"""Request bodies are decoded strictly, as the OpenAPI schema describes them.

Litestar converts a handler's ``data`` with msgspec's lax rules (``0`` becomes ``False``, ``"7"``
becomes ``7``), which the schema does not admit. This hook converts the JSON body strictly to the
same type first, and refuses text with NUL characters, which PostgreSQL cannot store: both answer
400 before the handler runs. As in JSON Schema, a number with a zero fraction (``30.0``) is an
integer.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.params import BodyKwarg

# A JSON escape \u0000 (an odd number of backslashes before "u0000").
_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_AT = re.compile(r" - at `\$\.?(?P<key>[^`]*)`$")
_UNKNOWN = object()
_CACHE_KEY = "_mentoring_strict_data_type"


def _number(literal: str) -> int | float:
    value = float(literal)
    return int(value) if value.is_integer() else value


_decoder = msgspec.json.Decoder(float_hook=_number)


def _json_data_type(handler: HTTPRouteHandler) -> Any:
    """The type of the handler's JSON ``data`` parameter, or ``None``; cached per handler."""
    # Cached on the handler itself: a dict keyed by id() would hand a new app's handler the type
    # of a freed handler that had the same id (it did, in tests that build many apps).
    found = handler.opt.get(_CACHE_KEY, _UNKNOWN)
    if found is _UNKNOWN:
        field = handler.parsed_data_field  # public: the handler's ``data`` parameter, resolved
        body = field.kwarg_definition if field is not None else None
        is_json = not isinstance(body, BodyKwarg) or body.media_type == RequestEncodingType.JSON
        found = field.annotation if field is not None and is_json else None
        handler.opt[_CACHE_KEY] = found
    return found


def _problem(message: str) -> dict[str, str]:
    match = _AT.search(message)
    if match is None:
        return {"message": message, "key": "data", "source": "body"}
    return {"message": message[: match.start()], "key": match["key"] or "data", "source": "body"}


async def decode_body_strictly(request: Request[Any, Any, Any]) -> None:
    """Refuse (400) a JSON body the schema does not admit, before Litestar's lax conversion."""
    if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
        return
    data_type = _json_data_type(request.route_handler)
    if data_type is None:
        return
    body = await request.body()
    if not body:
        return  # Litestar decides whether the body was optional
    if _NUL.search(body):
        raise ValidationException(
            "Text must not contain NUL (\\u0000) characters",
            extra=[{"message": "NUL (\\u0000) characters are not allowed", "key": "data", "source": "body"}],
        )
    try:
        msgspec.convert(_decoder.decode(body), data_type, strict=True)
    except msgspec.ValidationError as exc:
        raise ValidationException(str(exc), extra=[_problem(str(exc))]) from exc
    except msgspec.DecodeError as exc:
        raise ValidationException(f"Malformed JSON: {exc}", extra=[_problem(str(exc))]) from exc
    except TypeError:
        request.route_handler.opt[_CACHE_KEY] = None  # a type msgspec cannot decode alone: skip
