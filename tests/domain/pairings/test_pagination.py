"""Every list of the pairing workflow comes a page at a time: ``limit`` (at most 200) and ``offset``."""

from __future__ import annotations

from tests.domain.pairings.conftest import Workflow


async def test_every_list_refuses_a_page_over_200_or_empty(flow: Workflow) -> None:
    mentor = await flow.mentor(capacity=2)
    mentee = await flow.mentee()
    pairing = await flow.pair(mentee, mentor)
    lists = [
        ("/api/requests", mentee.headers),
        ("/api/proposals", mentee.headers),
        ("/api/pairings", mentee.headers),
        (f"/api/pairings/{pairing['id']}/sessions", mentee.headers),
        (f"/api/pairings/{pairing['id']}/concerns", mentee.headers),
        (f"/api/programs/{flow.program_id}/requests", flow.coord),
        (f"/api/programs/{flow.program_id}/proposals", flow.coord),
        (f"/api/programs/{flow.program_id}/concerns", flow.coord),
        (f"/api/programs/{flow.program_id}/rounds", flow.coord),
    ]
    for path, headers in lists:
        for params in ({"limit": 201}, {"limit": 0}, {"offset": -1}):
            response = await flow.client.get(path, params=params, headers=headers)
            assert response.status_code == 400, f"{path} {params}: {response.status_code} {response.text}"
        default = (await flow.client.get(path, headers=headers)).json()
        assert (default["limit"], default["offset"]) == (50, 0), path
        assert default["total"] == len(default["items"]), path
        largest = await flow.client.get(path, params={"limit": 200}, headers=headers)
        assert largest.status_code == 200, f"{path}: {largest.text}"


async def test_pages_of_the_request_queue_add_up_to_the_queue(flow: Workflow) -> None:
    for _ in range(5):
        await flow.request(await flow.mentee())
    path = f"/api/programs/{flow.program_id}/requests"
    whole = (await flow.client.get(path, headers=flow.coord)).json()
    assert whole["total"] == 5
    pages = [
        (await flow.client.get(path, params={"limit": 2, "offset": offset}, headers=flow.coord)).json()
        for offset in (0, 2, 4)
    ]
    assert [len(p["items"]) for p in pages] == [2, 2, 1]
    assert {p["total"] for p in pages} == {5}
    assert [p["offset"] for p in pages] == [0, 2, 4]
    assert [r["id"] for p in pages for r in p["items"]] == [r["id"] for r in whole["items"]]
    beyond = (await flow.client.get(path, params={"offset": 10}, headers=flow.coord)).json()
    assert (beyond["items"], beyond["total"]) == ([], 5)


async def test_pages_of_a_pairings_meetings_keep_their_order(flow: Workflow) -> None:
    mentor = await flow.mentor()
    mentee = await flow.mentee()
    pairing = await flow.pair(mentee, mentor)
    for _ in range(3):
        await flow.log_session(pairing["id"], mentee)
    path = f"/api/pairings/{pairing['id']}/sessions"
    first = (await flow.client.get(path, params={"limit": 2}, headers=mentor.headers)).json()
    second = (await flow.client.get(path, params={"limit": 2, "offset": 2}, headers=mentor.headers)).json()
    whole = (await flow.client.get(path, headers=mentor.headers)).json()
    assert (first["total"], second["total"], len(first["items"]), len(second["items"])) == (3, 3, 2, 1)
    assert [s["id"] for s in first["items"] + second["items"]] == [s["id"] for s in whole["items"]]
