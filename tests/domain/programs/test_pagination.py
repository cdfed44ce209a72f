"""Every list of the programs domain is a page: ``limit`` ≤ 200 (50 by default), ``offset``, ``total``."""

from __future__ import annotations

import pytest

from tests.conftest import People
from tests.domain.programs.conftest import Cast, create_program


def _lists(cast: Cast) -> list[tuple[str, dict[str, str] | None]]:
    return [
        ("/api/programs", cast.coordinator.headers),
        (f"/api/programs/{cast.program_id}/members", cast.coordinator.headers),
        (f"/api/programs/{cast.program_id}/coordinators", cast.coordinator.headers),
        ("/api/memberships", cast.mentee.headers),
        ("/api/taxonomy", None),
    ]


@pytest.mark.parametrize("query", [{"limit": 201}, {"limit": 0}, {"offset": -1}])
async def test_out_of_range_pages_are_a_400(client, cast: Cast, query: dict[str, int]) -> None:
    for url, headers in _lists(cast):
        response = await client.get(url, params=query, headers=headers)
        assert response.status_code == 400, (url, response.text)


async def test_pages_say_their_total_limit_and_offset(client, cast: Cast) -> None:
    for url, headers in _lists(cast):
        whole = (await client.get(url, headers=headers)).json()
        assert (whole["limit"], whole["offset"]) == (50, 0), url
        assert whole["total"] >= len(whole["items"]) >= 1, url
        last = (
            await client.get(url, params={"limit": 1, "offset": whole["total"] - 1}, headers=headers)
        ).json()
        assert (last["limit"], last["offset"], last["total"]) == (1, whole["total"] - 1, whole["total"]), url
        if whole["total"] <= 50:
            assert last["items"] == whole["items"][-1:], url
        beyond = (await client.get(url, params={"offset": whole["total"]}, headers=headers)).json()
        assert beyond["items"] == [], url
        assert beyond["total"] == whole["total"], url


async def test_the_catalogue_pages_add_up_to_every_programme(client, people: People) -> None:
    coordinator = await people.coordinator()
    made = [(await create_program(client, coordinator, name=f"Programme {i}"))["id"] for i in range(3)]
    pages = [
        (
            await client.get("/api/programs", params={"limit": 2, "offset": o}, headers=coordinator.headers)
        ).json()
        for o in (0, 2)
    ]
    assert [p["total"] for p in pages] == [3, 3]
    assert [p["id"] for page in pages for p in page["items"]] == made


async def test_the_taxonomy_tree_pages_count_roots(client) -> None:
    tree = (await client.get("/api/taxonomy", params={"view": "tree", "limit": 2})).json()
    flat = (await client.get("/api/taxonomy", params={"limit": 200})).json()
    assert tree["total"] == sum(1 for e in flat["items"] if e["parent"] is None)
    assert len(tree["items"]) == 2
    assert all(e["children"] for e in tree["items"])
