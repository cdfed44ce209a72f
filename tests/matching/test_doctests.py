"""The examples in the engine's docstrings run, module by module (numpydoc ``Examples`` sections)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import matching

MODULES = sorted(
    [
        "matching",
        *(
            m.name
            for m in pkgutil.walk_packages(matching.__path__, prefix="matching.")
            if not m.name.endswith("__main__")
        ),
    ]
)


def test_every_module_is_listed():
    assert {"matching.assign", "matching.flow", "matching._kernels", "matching.propose"} <= set(MODULES)
    assert {"matching.circles", "matching.circles.opening", "matching.circles.place"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
    public = [getattr(module, n) for n in getattr(module, "__all__", [])]
    if name not in ("matching", "matching.cli") and any(callable(f) for f in public):
        assert result.attempted > 0, f"{name} has public functions but no example"
