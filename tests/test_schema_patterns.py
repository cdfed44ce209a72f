"""Patterns mean the same to the server (Python ``re.search``) and to the OpenAPI document (ECMAScript)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import msgspec
import pytest
import regress
from litestar import Litestar
from litestar.testing import AsyncTestClient

from mentoring.domain.profiles.schemas import EndTime, StartTime
from mentoring.domain.programs.schemas import TaxonomySlug
from mentoring.lib.schema import ChallengeSlug, Email, LanguageCode, Slug, TimeZone
from tests.conftest import People

VALID = {
    "slug": (Slug, "peer-support"),
    "challenge slug": (ChallengeSlug, "addiction/alcohol"),
    "taxonomy slug": (TaxonomySlug, "grief/sibling"),
    "language code": (LanguageCode, "fr"),
    "time zone": (TimeZone, "Europe/Paris"),
    "e-mail": (Email, "ada@example.org"),
    "start time": (StartTime, "09:00"),
    "end time": (EndTime, "24:00"),
}
PROBES = [
    "",
    "\n",
    "abc",
    "abc\n",
    "fr",
    "fr\n",
    "09:00",
    "09:00\n",
    "24:00\n",
    "a@b.co\n",
    "x y",
    "a/b\n",
    "\u0661\u0662:00",
]


@pytest.mark.parametrize("name", sorted(VALID))
def test_a_trailing_newline_is_refused(name: str) -> None:
    """Regression: ``$`` let ``"peer-support\\n"`` through msgspec, though the JSON schema refuses it."""
    kind, value = VALID[name]
    assert msgspec.convert(value, kind) == value
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(value + "\n", kind)


@pytest.mark.parametrize("kind", [StartTime, EndTime])
def test_times_take_ascii_digits_only(kind: Any) -> None:
    """Regression: ``\\d`` took Arabic-Indic digits ("١٢:٣٠") that no one can parse as a time."""
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert("\u0661\u0662:\u0663\u0660", kind)


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


async def test_every_documented_pattern_means_the_same_in_python_and_ecmascript(
    client: AsyncTestClient[Litestar],
) -> None:
    document = (await client.get("/api/docs/openapi.json")).json()
    patterns = set(_patterns(document))
    assert r"^[a-z0-9]+(?:-[a-z0-9]+)*(?!\n)$" in patterns
    for pattern in patterns:
        python, ecma = re.compile(pattern), regress.Regex(pattern)
        for probe in PROBES:
            assert bool(python.search(probe)) == (ecma.find(probe) is not None), (pattern, probe)


async def test_a_programme_slug_with_a_trailing_newline_is_a_400(
    client: AsyncTestClient[Litestar], people: People
) -> None:
    coordinator = await people.coordinator()
    body = {"name": "Grief circle", "slug": "grief-circle\n", "terms": {"kind": "informal"}}
    response = await client.post("/api/programs", json=body, headers=coordinator.headers)
    assert response.status_code == 400, response.text
    assert "slug" in response.text
