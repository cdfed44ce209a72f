"""Pagination of every list endpoint: ``limit`` (bounded) and ``offset`` in, a page with its total out.

Handlers declare ``page: NamedDependency[LimitOffset]`` (the ``page`` dependency is provided
app-wide by :func:`provide_page`) and return :class:`OffsetPagination` of their item Struct, which
serialises as ``{"items": [...], "limit": 50, "offset": 0, "total": 123}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, TypeVar

from advanced_alchemy.filters import LimitOffset
from advanced_alchemy.service import OffsetPagination
from litestar.params import QueryParameter

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "LimitOffset",
    "OffsetPagination",
    "paginate",
    "provide_page",
]

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_OFFSET = 1_000_000


def provide_page(
    limit: Annotated[
        int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description=f"Page size (1–{MAX_PAGE_SIZE})")
    ] = DEFAULT_PAGE_SIZE,
    offset: Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET, description="Items to skip")] = 0,
) -> LimitOffset:
    """The page a list request asks for (``limit`` ≤ 200, 50 by default)."""
    return LimitOffset(limit=limit, offset=offset)


def paginate(items: Sequence[T], total: int, page: LimitOffset) -> OffsetPagination[T]:
    """A page of ``items`` (already limited and offset by the query) out of ``total``."""
    return OffsetPagination(items=list(items), limit=page.limit, offset=page.offset, total=total)
