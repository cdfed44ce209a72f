"""README.md draws the same state machines as the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentoring.domain.pairings.states import (
    PAIRING_START_STATES,
    PAIRING_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    REQUEST_TRANSITIONS,
    ROUND_TRANSITIONS,
    PairingStatus,
    ProposalStatus,
    RequestStatus,
    RoundStatus,
    Transition,
)

DOC = Path(__file__).parents[3] / "README.md"
ARROW = re.compile(r"^\s*(\[\*\]|\w+)\s*-->\s*(\[\*\]|\w+)(?:\s*:\s*(\w+))?")


def diagrams() -> dict[str, str]:
    text = DOC.read_text()
    sections = re.split(r"^### ", text, flags=re.M)[1:]
    found = {}
    for section in sections:
        title = section.splitlines()[0].strip()
        block = re.search(r"```mermaid\n(.*?)```", section, flags=re.S)
        if block:
            found[title] = block.group(1)
    return found


def arrows(diagram: str) -> tuple[set[tuple[str, str, str]], set[str], set[str]]:
    moves, starts, states = set(), set(), set()
    for line in diagram.splitlines():
        match = ARROW.match(line)
        if not match:
            continue
        source, target, action = match.groups()
        states |= {s for s in (source, target) if s != "[*]"}
        if source == "[*]":
            starts.add(target)
        elif target != "[*]":
            moves.add((source, target, action))
    return moves, starts, states


def expected(table: dict[str, Transition]) -> set[tuple[str, str, str]]:
    return {(str(s), str(t.target), t.action) for t in table.values() for s in t.sources}


@pytest.mark.parametrize(
    ("title", "table", "states", "starts"),
    [
        ("Requests", REQUEST_TRANSITIONS, RequestStatus, {"open"}),
        ("Proposals", PROPOSAL_TRANSITIONS, ProposalStatus, {"pending_review"}),
        ("Pairings", PAIRING_TRANSITIONS, PairingStatus, {str(s) for s in PAIRING_START_STATES}),
        ("Matching rounds", ROUND_TRANSITIONS, RoundStatus, {"pending"}),
    ],
)
def test_doc_matches_the_state_machines(
    title: str, table: dict[str, Transition], states: type, starts: set[str]
) -> None:
    moves, drawn_starts, drawn_states = arrows(diagrams()[title])
    assert moves == expected(table)
    assert drawn_starts == starts
    assert drawn_states == {str(s) for s in states}


def test_model_check_constraints_list_the_same_states() -> None:
    from mentoring.db.models.pairings import PAIRING_STATES, PROPOSAL_STATES, REQUEST_STATES, ROUND_STATES

    assert set(REQUEST_STATES) == {str(s) for s in RequestStatus}
    assert set(PROPOSAL_STATES) == {str(s) for s in ProposalStatus}
    assert set(PAIRING_STATES) == {str(s) for s in PairingStatus}
    assert set(ROUND_STATES) == {str(s) for s in RoundStatus}
