"""numba, imported lazily, with a cache only where one can be written.

``numba.njit(cache=True)`` raises ``RuntimeError: cannot cache function …: no
locator available`` when neither ``NUMBA_CACHE_DIR``, the package's
``__pycache__`` nor the user's cache directory is writable (a read-only
install run by a user with a read-only home).  :func:`njit` asks for a cache
and, when numba finds nowhere to keep it, compiles without one: the engine
imports and runs either way, it only compiles again in every process.
Deployments point ``NUMBA_CACHE_DIR`` at a writable directory to keep the
compiled kernels between processes.

:func:`compiled` compiles the pure-Python kernels of :mod:`matching._kernels`
(written so that the same source runs in CPython on lists and, compiled, on
numpy arrays): each function gets a copy of the module's globals in which the
helpers it calls are their compiled versions.

Examples
--------
>>> import numpy as np
>>> order, start, dup = compiled("pair_order")(np.array([1, 0]), np.array([0, 0]), 2, 1)
>>> order.tolist(), start.tolist(), dup
([1, 0], [0, 1, 2], -1)
>>> cache_available() in (True, False)
True
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

__all__ = ["cache_available", "compiled", "njit"]

_CACHE: list[bool] = []  # [whether numba found a cache location], decided once
_COMPILED: dict[str, Any] = {}


def cache_available() -> bool:
    """Whether numba can keep compiled kernels on disk in this process (decided on first use)."""
    if not _CACHE:
        import numba

        def probe() -> int:  # pragma: no cover - never called
            return 0

        try:
            numba.njit(cache=True)(probe)
            _CACHE.append(True)
        except RuntimeError:  # "cannot cache function …: no locator available"
            _CACHE.append(False)
    return _CACHE[0]


def njit(*args: Any, **kwargs: Any) -> Any:
    """``numba.njit``, with ``cache=True`` when a cache location is writable (see the module docstring).

    Used bare (``@njit``) or with options (``@njit(inline="always")``).
    """
    import numba

    def wrap(fn: Callable[..., Any]) -> Any:
        if not cache_available():
            return numba.njit(**kwargs)(fn)
        try:
            return numba.njit(cache=True, **kwargs)(fn)
        except RuntimeError:  # this file's own locator failed: compile without a cache
            return numba.njit(**kwargs)(fn)

    if len(args) == 1 and callable(args[0]) and not kwargs:
        return wrap(args[0])
    return wrap


def compiled(name: str) -> Any:
    """The compiled version of the kernel ``name`` of :mod:`matching._kernels` (compiled once per process)."""
    if not _COMPILED:
        import numba
        import numpy as np

        from matching import _kernels

        def ints(n: int, x: int) -> Any:
            return np.full(n, x, dtype=np.int64)

        def floats(n: int, x: float) -> Any:
            return np.full(n, x, dtype=np.float64)

        def order_desc(x: Any) -> Any:
            return np.argsort(-x, kind="mergesort")

        glob = dict(vars(_kernels))
        # the allocation helpers: lists in CPython, arrays here (inlined, so cached with their callers)
        replaced = {"_ints": ints, "_floats": floats, "_order_desc": order_desc}
        for fname, fn in replaced.items():
            glob[fname] = numba.njit(inline="always")(fn)
        for fname, fn in vars(_kernels).items():
            if (
                not isinstance(fn, types.FunctionType)
                or fn.__module__ != _kernels.__name__
                or fname in replaced
            ):
                continue
            clone = types.FunctionType(fn.__code__, glob, fn.__name__, fn.__defaults__, fn.__closure__)
            clone.__qualname__ = fn.__qualname__
            clone.__module__ = fn.__module__
            opts = {"inline": "always"} if fname in _kernels.INLINE else {}
            glob[fname] = _COMPILED[fname] = njit(**opts)(clone)
    return _COMPILED[name]


def loaded() -> bool:
    """Whether the compiled kernels are already loaded in this process."""
    return bool(_COMPILED)
