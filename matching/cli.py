"""Command line: ``python -m matching assign`` and ``python -m matching propose``.

``assign`` reads on standard input::

    {"mentees": ["a", ...],             # optional: mentees that may have no edge
     "capacities": {"m": 2, ...},
     "edges": [["a", "m", 0.8], ...],
     "mode": "max_weight" | "max_cardinality"}   # optional, default max_weight

and writes ``{"pairs": [[mentee, mentor], ...], "total_weight": w,
"cardinality": k}``.

``propose [FILE] [--json]`` reads ``{"mentees": [MenteeProfile...], "mentors":
[MentorProfile...], "policy": {...}}`` from FILE (or standard input) and prints
the proposals and the unmatched with their reasons: a table, or JSON.

Bad input: a one-line error on standard error, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Literal

import msgspec

from matching.profiles import MenteeProfile, MentorProfile, Policy, ProposalResult

__all__ = ["main"]


class AssignInput(msgspec.Struct, forbid_unknown_fields=True):
    """The JSON instance read by ``assign``."""

    capacities: dict[str, int]
    edges: list[tuple[str, str, float]]
    mentees: list[str] = []
    mode: Literal["max_weight", "max_cardinality"] = "max_weight"


class ProposeInput(msgspec.Struct, forbid_unknown_fields=True):
    """The JSON file read by ``propose``."""

    mentees: list[MenteeProfile]
    mentors: list[MentorProfile]
    policy: Policy = msgspec.field(default_factory=Policy)


def _fail(message: str) -> int:
    print("error: " + " ".join(str(message).split()), file=sys.stderr)
    return 2


def _assign(raw: bytes) -> int:
    from matching.assign import assign  # numpy and numba only for large instances

    try:
        inst = msgspec.json.decode(raw, type=AssignInput)
        result = assign(inst.edges, inst.capacities, mode=inst.mode, mentees=inst.mentees)
    except (msgspec.ValidationError, msgspec.DecodeError, ValueError) as exc:
        return _fail(str(exc))
    out = {
        "pairs": [[a, b] for a, b in result.pairs.items()],
        "total_weight": result.total_weight,
        "cardinality": result.cardinality,
    }
    sys.stdout.write(msgspec.json.encode(out).decode() + "\n")
    return 0


def _table(result: ProposalResult) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    t = Table(title=f"Proposals ({len(result.proposals)}, total score {result.total_score:.3f})")
    for col in ("mentee", "mentor", "score", "top factors", "why"):
        t.add_column(col)
    for p in result.proposals:
        top = sorted(p.factors, key=lambda f: -f.contribution)[:3]
        t.add_row(p.mentee_id, p.mentor_id, f"{p.score:.3f}",
                  ", ".join(f"{f.factor} {f.contribution:.2f}" for f in top), p.reason)  # fmt: skip
    console.print(t)
    if result.unmatched:
        u = Table(title=f"Unmatched ({len(result.unmatched)})")
        for col in ("mentee", "why", "excluded mentors"):
            u.add_column(col)
        for x in result.unmatched:
            u.add_row(x.mentee_id, x.summary, ", ".join(f"{k}: {v}" for k, v in x.reasons.items()))
        console.print(u)


def _propose(raw: bytes, as_json: bool) -> int:
    from matching.propose import propose

    try:
        inst = msgspec.json.decode(raw, type=ProposeInput)
        result = propose(inst.mentees, inst.mentors, inst.policy)
    except (msgspec.ValidationError, msgspec.DecodeError, ValueError) as exc:
        return _fail(str(exc))
    if as_json or not sys.stdout.isatty():
        sys.stdout.write(msgspec.json.encode(result).decode() + "\n")
    else:
        _table(result)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Examples
    --------
    >>> main(["--help"])  # doctest: +SKIP
    """
    parser = argparse.ArgumentParser(prog="python -m matching", description="Mentee–mentor matching.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("assign", help="optimal assignment of a JSON instance read on stdin")
    p = sub.add_parser("propose", help="proposals from a JSON file of profiles and a policy")
    p.add_argument("file", nargs="?", help="JSON file (default: standard input)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args: Any = parser.parse_args(argv)
    if args.command == "assign":
        return _assign(sys.stdin.buffer.read())
    try:
        if args.file:
            with open(args.file, "rb") as fh:
                raw = fh.read()
        else:
            raw = sys.stdin.buffer.read()
    except OSError as exc:
        return _fail(str(exc))
    return _propose(raw, args.json)
