"""README.md draws the same state machines as the code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args

import pytest

from mentoring.db.models import MatchingRound, MentorshipRequest, Pairing, Proposal
from mentoring.db.models.states import ConcernStatus
from mentoring.domain.pairings.schemas.activity import ConcernState
from mentoring.domain.pairings.schemas.pairings import PairingState
from mentoring.domain.pairings.schemas.proposals import ProposalState
from mentoring.domain.pairings.schemas.requests import RequestState
from mentoring.domain.pairings.schemas.rounds import RoundStage as RoundStageName
from mentoring.domain.pairings.schemas.rounds import RoundState
from mentoring.domain.pairings.states import (
    PAIRING_START_STATES,
    PAIRING_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    REQUEST_TRANSITIONS,
    ROUND_TRANSITIONS,
    PairingStatus,
    ProposalStatus,
    RequestStatus,
    RoundStage,
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


@pytest.mark.parametrize(
    ("model", "constraint", "states"),
    [
        (MentorshipRequest, "request_status_known", RequestStatus),
        (Proposal, "proposal_status_known", ProposalStatus),
        (Pairing, "pairing_status_known", PairingStatus),
        (MatchingRound, "round_status_known", RoundStatus),
        (MatchingRound, "round_stage_known", RoundStage),
    ],
)
def test_model_check_constraints_list_the_same_states(model: Any, constraint: str, states: type) -> None:
    check = next(c for c in model.__table__.constraints if str(c.name).endswith(constraint))
    assert set(re.findall(r"'(\w+)'", str(check.sqltext))) == {str(s) for s in states}


@pytest.mark.parametrize(
    ("literal", "states"),
    [
        (RequestState, RequestStatus),
        (ProposalState, ProposalStatus),
        (PairingState, PairingStatus),
        (RoundState, RoundStatus),
        (RoundStageName, RoundStage),
        (ConcernState, ConcernStatus),
    ],
)
def test_response_schemas_list_the_same_states(literal: Any, states: type) -> None:
    assert set(get_args(literal)) == {str(s) for s in states}
