"""The challenge taxonomy: public reads in English and French, coordinator-only writes."""

from __future__ import annotations

from uuid import UUID

import pytest

from mentoring.domain.programs.taxonomy import DEFAULT_TAXONOMY
from tests.conftest import People
from tests.domain.programs.conftest import audit_actions


async def test_taxonomy_is_public_with_both_labels(client) -> None:
    response = await client.get("/api/taxonomy", params={"limit": 200})
    assert response.status_code == 200
    entries = {e["slug"]: e for e in response.json()["items"]}
    assert set(entries) == {slug for slug, _, _ in DEFAULT_TAXONOMY}
    alcohol = entries["addiction/alcohol"]
    assert alcohol["parent"] == "addiction"
    assert alcohol["labels"] == {"en": "Alcohol", "fr": "Alcool"}
    assert alcohol["label"] == "Alcohol"
    assert "children" not in alcohol
    assert entries["grief"]["parent"] is None
    slugs = [e["slug"] for e in response.json()["items"]]
    assert slugs == sorted(slugs)


async def test_lang_picks_one_label(client) -> None:
    french = await client.get("/api/taxonomy", params={"lang": "fr", "limit": 200})
    entry = next(e for e in french.json()["items"] if e["slug"] == "mental-health/burnout")
    assert entry["label"] == "Épuisement professionnel"
    assert "labels" not in entry
    english = await client.get("/api/taxonomy", params={"lang": "en", "limit": 200})
    assert next(e for e in english.json()["items"] if e["slug"] == "grief")["label"] == "Grief"
    unknown = await client.get("/api/taxonomy", params={"lang": "de"})
    assert unknown.status_code == 400


async def test_tree_view_nests_children_under_roots(client) -> None:
    response = await client.get("/api/taxonomy", params={"view": "tree", "lang": "fr"})
    roots = {e["slug"]: e for e in response.json()["items"]}
    assert all(e["parent"] is None for e in roots.values())
    assert [c["slug"] for c in roots["grief"]["children"]] == [
        "grief/child",
        "grief/parent",
        "grief/partner",
        "grief/suicide",
    ]
    assert roots["grief"]["children"][0]["children"] == []
    assert roots["grief"]["label"] == "Deuil"
    assert (await client.get("/api/taxonomy", params={"view": "graph"})).status_code == 400


async def test_an_invalid_token_does_not_hide_the_public_taxonomy(client) -> None:
    response = await client.get("/api/taxonomy", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 200


async def test_coordinator_adds_a_root_then_a_child(client, people: People) -> None:
    coordinator = await people.coordinator()
    root = await client.post(
        "/api/challenges",
        json={"slug": "loneliness", "label_en": "Loneliness", "label_fr": "Solitude"},
        headers=coordinator.headers,
    )
    assert root.status_code == 201, root.text
    assert root.json()["parent"] is None
    child = await client.post(
        "/api/challenges",
        json={"slug": "loneliness/elderly", "label_en": "Older age", "label_fr": "Grand âge"},
        headers=coordinator.headers,
    )
    assert child.status_code == 201, child.text
    assert child.json()["parent"] == "loneliness"
    tree = await client.get("/api/taxonomy", params={"view": "tree"})
    loneliness = next(e for e in tree.json()["items"] if e["slug"] == "loneliness")
    assert [c["slug"] for c in loneliness["children"]] == ["loneliness/elderly"]
    assert await audit_actions(people.engine, child.json()["id"]) == [("challenge.created", {})]
    # The new entry is a theme programmes can use.
    program = await client.post(
        "/api/programs",
        json={"name": "Company", "slug": "company", "themes": ["loneliness/elderly"]},
        headers=coordinator.headers,
    )
    assert program.status_code == 201


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"slug": "grief", "label_en": "Grief", "label_fr": "Deuil"}, 409, "already"),
        ({"slug": "grief/partner", "label_en": "X", "label_fr": "X"}, 409, "already"),
        # Regression: a missing parent was a 409 (a state conflict) instead of a declared 404.
        ({"slug": "nowhere/child", "label_en": "X", "label_fr": "X"}, 404, "No parent challenge 'nowhere'"),
        ({"slug": "grief/partner/young", "label_en": "X", "label_fr": "X"}, 400, "slug"),
        ({"slug": "Grief Again", "label_en": "X", "label_fr": "X"}, 400, "slug"),
        ({"slug": "solitude", "label_en": "Solitude"}, 400, "label_fr"),
        ({"slug": "solitude", "label_en": " ", "label_fr": "Solitude"}, 400, "label_en"),
        ({"slug": "solitude", "label_en": "A", "label_fr": "B", "parent_id": None}, 400, "parent_id"),
    ],
)
async def test_bad_entries_are_refused(client, people: People, body, status: int, words: str) -> None:
    coordinator = await people.coordinator()
    response = await client.post("/api/challenges", json=body, headers=coordinator.headers)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]


async def test_coordinator_relabels_an_entry(client, people: People) -> None:
    coordinator = await people.coordinator()
    entries = (await client.get("/api/taxonomy", params={"limit": 200})).json()["items"]
    smoking = next(e for e in entries if e["slug"] == "addiction/smoking")
    response = await client.patch(
        f"/api/challenges/{smoking['id']}", json={"label_fr": "Tabagisme"}, headers=coordinator.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["labels"] == {"en": "Smoking", "fr": "Tabagisme"}
    assert response.json()["slug"] == "addiction/smoking"
    sneaky = await client.patch(
        f"/api/challenges/{smoking['id']}", json={"slug": "addiction/tobacco"}, headers=coordinator.headers
    )
    assert sneaky.status_code == 400
    missing = await client.patch(
        f"/api/challenges/{UUID(int=3)}", json={"label_fr": "X"}, headers=coordinator.headers
    )
    assert missing.status_code == 404
    assert await audit_actions(people.engine, smoking["id"]) == [
        ("challenge.relabelled", {"fields": ["label_fr"]})
    ]
