"""The command line, run as a subprocess, and the package's import hygiene."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(args, stdin: str):
    # a safety net, not a timing: the first propose in a fresh checkout compiles the scoring kernels
    return subprocess.run([sys.executable, "-m", "matching", *args], input=stdin, capture_output=True,
                          text=True, timeout=900)  # fmt: skip


def test_assign_ok():
    inst = {
        "mentees": ["z"],
        "capacities": {"m": 1, "n": 1},
        "edges": [["a", "m", 2], ["b", "m", 1], ["b", "n", 0.5]],
        "mode": "max_weight",
    }
    out = run(["assign"], json.dumps(inst))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "pairs": [["a", "m"], ["b", "n"]],
        "total_weight": 2.5,
        "cardinality": 2,
    }


def test_assign_max_cardinality():
    inst = {
        "capacities": {"x": 1, "y": 1},
        "edges": [["a", "x", 10], ["a", "y", 1], ["b", "x", 1]],
        "mode": "max_cardinality",
    }
    out = run(["assign"], json.dumps(inst))
    assert json.loads(out.stdout)["cardinality"] == 2


@pytest.mark.parametrize(
    "stdin",
    [
        "{not json",
        '{"capacities": {"m": 1}, "edges": [["a", "m", -1]]}',
        '{"capacities": {"m": -1}, "edges": [["a", "m", 1]]}',
        '{"capacities": {}, "edges": [["a", "m", 1]]}',
        '{"capacities": {"m": 1}, "edges": [["a", "m", 1], ["a", "m", 2]]}',
        '{"capacities": {"m": "2"}, "edges": []}',
        '{"capacities": {"m": 1}, "edges": [[1, "m", 1]]}',
        '{"capacities": {"m": 1}, "edges": [], "mode": "greedy"}',
    ],
)
def test_assign_bad_input(stdin):
    out = run(["assign"], stdin)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.startswith("error: ")
    assert out.stderr.count("\n") == 1


def test_propose_json(tmp_path):
    doc = {
        "mentees": [
            {"id": "ann", "challenges": ["job_loss"], "languages": ["fr"], "formats": ["video"]},
            {"id": "bob", "languages": ["pt"], "formats": ["video"]},
        ],
        "mentors": [
            {
                "id": "max",
                "challenges": [{"slug": "job_loss", "years_ago": 3}],
                "languages": ["fr"],
                "formats": ["video"],
                "capacity": 2,
            }
        ],
        "policy": {"mode": "max_weight"},
    }
    f = tmp_path / "programme.json"
    f.write_text(json.dumps(doc))
    out = run(["propose", str(f), "--json"], "")
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert [(p["mentee_id"], p["mentor_id"]) for p in res["proposals"]] == [("ann", "max")]
    assert res["unmatched"][0]["summary"] == "no mentor speaks pt"
    bad = run(["propose", "--json"], '{"mentees": [], "mentors": [], "policy": {"status": "x"}}')
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1


def test_propose_table(capsys):
    import matching
    from matching.cli import _table

    r = matching.propose(
        [matching.MenteeProfile(id="a", languages=["en"], formats=["chat"])],
        [matching.MentorProfile(id="m", languages=["en"], formats=["chat"])],
    )
    _table(r)
    assert "Proposals" in capsys.readouterr().out


def test_no_web_or_orm_import():
    code = (
        "import sys, matching; bad = [m for m in sys.modules if m.split('.')[0] in ('litestar', 'sqlalchemy', "
        "'advanced_alchemy', 'mentoring')]; print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout
