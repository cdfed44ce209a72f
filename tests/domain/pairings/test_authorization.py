"""Who may call each pairing route: every wrong role, every other owner, and anonymous callers."""

from __future__ import annotations

from typing import Any

from tests.domain.pairings.conftest import FORMAL_TERMS, Workflow

TERMS = {k: v for k, v in FORMAL_TERMS.items() if k != "confidentiality_version"} | {"kind": "formal"}


async def test_every_route_refuses_the_wrong_people(flow: Workflow) -> None:
    client = flow.client
    mentee, mentor = await flow.mentee(), await flow.mentor(capacity=3)
    pairing = await flow.pair(mentee, mentor)
    pid = pairing["id"]
    concern = (
        await client.post(
            f"/api/pairings/{pid}/concerns",
            json={"kind": "other", "description": "x"},
            headers=mentee.headers,
        )
    ).json()
    await flow.log_session(pid, mentee)
    waiting_mentee = await flow.mentee()
    waiting = await flow.request(waiting_mentee)
    in_review = await flow.propose(waiting["id"], mentor)
    offered_mentee = await flow.mentee()
    offered_request = await flow.request(offered_mentee)
    offered = await flow.propose(offered_request["id"], mentor)
    await flow.approve(offered)
    round_id = (
        await client.post(
            f"/api/programs/{flow.program_id}/rounds", json={"dry_run": True}, headers=flow.coord
        )
    ).json()["id"]
    coordinator = flow.coordinator
    assert coordinator is not None

    other = Workflow(client, flow.people, flow.engine)
    await other.create_program()
    other_coordinator = other.coordinator
    assert other_coordinator is not None
    stranger_mentee, stranger_mentor = await other.mentee(), await other.mentor()

    anonymous: dict[str, str] = {}
    cases: list[tuple[str, str, Any, list[tuple[str, dict[str, str], int]]]] = []

    def case(method: str, path: str, body: Any, *refusals: tuple[str, dict[str, str], int]) -> None:
        cases.append((method, path, body, [("anonymous", anonymous, 401), *refusals]))

    outsider_m = ("other mentee", stranger_mentee.headers, 404)
    outsider_t = ("other mentor", stranger_mentor.headers, 404)
    other_coord_404 = ("other programme's coordinator", other_coordinator.headers, 404)
    other_coord_403 = ("other programme's coordinator", other_coordinator.headers, 403)

    req = waiting["id"]
    case("GET", f"/api/requests/{req}", None, outsider_m, ("mentor", mentor.headers, 404), other_coord_404)
    case(
        "POST",
        f"/api/requests/{req}/withdraw",
        None,
        outsider_m,
        ("its coordinator", coordinator.headers, 403),
        other_coord_404,
    )
    case(
        "GET",
        f"/api/requests/{req}/suggestions",
        None,
        ("its mentee", waiting_mentee.headers, 403),
        ("mentor", mentor.headers, 403),
        other_coord_403,
    )
    case(
        "POST",
        f"/api/requests/{req}/proposals",
        {"mentor_id": mentor.id},
        ("its mentee", waiting_mentee.headers, 403),
        other_coord_403,
    )
    case(
        "POST",
        "/api/requests",
        {"program_id": flow.program_id},
        ("mentor", mentor.headers, 403),
        ("a mentee outside the programme", stranger_mentee.headers, 403),
    )
    # A proposal in review is invisible to the people it names.
    case(
        "GET",
        f"/api/proposals/{in_review}",
        None,
        ("its mentee", waiting_mentee.headers, 404),
        ("its mentor", mentor.headers, 404),
        other_coord_404,
    )
    for action, body in (
        ("approve", {}),
        ("reject", {"reason": "no"}),
        ("cancel", {"reason": "no"}),
    ):
        case(
            "POST",
            f"/api/proposals/{in_review}/{action}",
            body,
            ("its mentee", waiting_mentee.headers, 403),
            ("its mentor", mentor.headers, 403),
            other_coord_404,
        )
    case(
        "PUT",
        f"/api/proposals/{in_review}/terms",
        {"terms": TERMS},
        ("its mentor", mentor.headers, 403),
        other_coord_404,
    )
    for action, body in (("accept", None), ("decline", {"reason": "other"})):
        case(
            "POST",
            f"/api/proposals/{offered}/{action}",
            body,
            outsider_m,
            ("another mentee of the programme", mentee.headers, 404),
            ("its coordinator", coordinator.headers, 403),
            other_coord_404,
        )
    case(
        "GET",
        f"/api/pairings/{pid}",
        None,
        outsider_m,
        outsider_t,
        ("a waiting mentee", waiting_mentee.headers, 404),
        other_coord_404,
    )
    for method, suffix, body in (
        ("PUT", "terms", {"terms": TERMS}),
        ("POST", "pause", None),
        ("POST", "resume", None),
    ):
        case(
            method,
            f"/api/pairings/{pid}/{suffix}",
            body,
            ("its mentee", mentee.headers, 403),
            ("its mentor", mentor.headers, 403),
            other_coord_404,
        )
    for suffix, body in (
        ("agreement", {"text_version": 1}),
        ("trial/confirm", None),
        ("trial/leave", None),
        ("feedback", {"rating": 5, "would_recommend": True}),
        ("amendments", {"extend_weeks": 2}),
        ("sessions", {"held_on": "2020-01-01", "duration_minutes": 60, "format": "video"}),
        ("concerns", {"kind": "other", "description": "x"}),
    ):
        case(
            "POST",
            f"/api/pairings/{pid}/{suffix}",
            body,
            outsider_m,
            outsider_t,
            ("its coordinator", coordinator.headers, 403),
            other_coord_404,
        )
    case("POST", f"/api/pairings/{pid}/end", {"reason": "other"}, outsider_m, outsider_t, other_coord_404)
    for suffix in ("sessions", "concerns"):
        case("GET", f"/api/pairings/{pid}/{suffix}", None, outsider_m, outsider_t, other_coord_404)
    case(
        "POST",
        f"/api/concerns/{concern['id']}/resolve",
        {"action": "none"},
        ("its author", mentee.headers, 403),
        ("the mentor", mentor.headers, 403),
        other_coord_404,
    )
    for suffix in ("requests", "proposals", "concerns", "rounds", "dashboard"):
        case(
            "GET",
            f"/api/programs/{flow.program_id}/{suffix}",
            None,
            ("a mentee", mentee.headers, 403),
            ("a mentor", mentor.headers, 403),
            other_coord_403,
        )
    case(
        "POST",
        f"/api/programs/{flow.program_id}/rounds",
        {"dry_run": True},
        ("a mentee", mentee.headers, 403),
        other_coord_403,
    )
    case("GET", f"/api/rounds/{round_id}", None, ("a mentor", mentor.headers, 403), other_coord_403)
    for path in ("/api/requests", "/api/proposals", "/api/pairings"):
        case("GET", path, None)

    wrong = []
    for method, path, body, refusals in cases:
        for who, headers, expected in refusals:
            response = await client.request(method, path, json=body, headers=headers)
            if response.status_code != expected:
                wrong.append(
                    f"{method} {path} as {who}: {response.status_code} (expected {expected}) {response.text}"
                )
    assert wrong == []

    # Nothing changed for the people the refusals were about.
    assert (await client.get(f"/api/pairings/{pid}", headers=mentee.headers)).json()["status"] == "trial"
    assert (await client.get(f"/api/proposals/{offered}", headers=flow.coord)).json()["status"] == "offered"
    assert (await client.get(f"/api/requests/{req}", headers=waiting_mentee.headers)).json()[
        "status"
    ] == "proposed"
    # Lists only show one's own.
    for person in (stranger_mentee, stranger_mentor):
        for path in ("/api/requests", "/api/proposals", "/api/pairings"):
            assert (await client.get(path, headers=person.headers)).json()["items"] == []
    assert [
        p["id"] for p in (await client.get("/api/proposals", headers=offered_mentee.headers)).json()["items"]
    ] == [offered]
