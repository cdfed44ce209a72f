"""``matching.assign_arrays``: the same optimum as ``assign``; the kernels in CPython and compiled agree."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matching
from matching import _jit, _kernels, flow
from tests.matching.helpers import brute_force, check_feasible
from tests.matching.test_assign import small_instances

MODES = ["max_weight", "max_cardinality"]
assign_module = importlib.import_module("matching.assign")  # `matching.assign` is the function


def to_arrays(edges, caps):
    """Codes as ``assign`` numbers them: ids sorted."""
    mentees = sorted({a for a, _, _ in edges})
    mentors = sorted(caps)
    pi = {a: k for k, a in enumerate(mentees)}
    pj = {b: k for k, b in enumerate(mentors)}
    ei = np.array([pi[a] for a, _, _ in edges], dtype=np.int64)
    ej = np.array([pj[b] for _, b, _ in edges], dtype=np.int64)
    w = np.array([x for _, _, x in edges], dtype=np.float64)
    cap = np.array([caps[b] for b in mentors], dtype=np.int64)
    return mentees, mentors, ei, ej, w, cap


@st.composite
def shuffled_instances(draw):
    edges, caps = draw(small_instances(max_mentees=7, max_mentors=4))
    return draw(st.permutations(edges)), caps


@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=shuffled_instances())
def test_array_and_tuple_entry_points_give_the_same_optimum(inst, mode):
    edges, caps = inst
    mentees, mentors, ei, ej, w, cap = to_arrays(edges, caps)
    a = matching.assign_arrays(ei, ej, w, cap, mode=mode, n_mentees=len(mentees))
    t = matching.assign(edges, caps, mode=mode)
    assert a.certified
    assert t.certified
    check_feasible(t, edges, caps)
    pairs = {mentees[i]: mentors[j] for i, j in enumerate(a.mentor_of.tolist()) if j >= 0}
    check_feasible(matching.Assignment(pairs=pairs, total_weight=a.total_weight, cardinality=a.cardinality),
                   edges, caps)  # fmt: skip
    assert a.cardinality == len(pairs)
    assert (ej[a.edge_of[a.edge_of >= 0]] == a.mentor_of[a.mentor_of >= 0]).all()
    best_w, (best_c, best_cw) = brute_force(edges, caps)
    for r in (a, t):
        if mode == "max_weight":
            assert math.isclose(r.total_weight, best_w, rel_tol=1e-9, abs_tol=1e-12)
        else:
            assert r.cardinality == best_c
            assert math.isclose(r.total_weight, best_cw, rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(a.total_weight, t.total_weight, rel_tol=1e-12, abs_tol=1e-12)
    assert a.cardinality == t.cardinality


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("seed", range(6))
def test_small_path_and_compiled_path_give_the_same_assignment(seed, mode, monkeypatch):
    """``assign`` solves small instances in CPython: the same kernels, so the very same pairs."""
    rng = np.random.default_rng(seed)
    n, m = 120, 30 + 40 * (seed % 2)  # both orientations: fewer places than mentees, and more
    caps = {f"m{j}": int(rng.integers(0, 4)) for j in range(m)}
    edges = [(f"p{i}", f"m{j}", float(rng.choice([1.0, 2.0]) if seed % 3 == 0 else rng.random() + 1e-3))
             for i in range(n) for j in rng.choice(m, 6, replace=False)]  # fmt: skip
    monkeypatch.setattr(assign_module, "_SMALL", 10**9)
    monkeypatch.setattr(_jit, "loaded", lambda: False)
    small = matching.assign(edges, caps, mode=mode)
    monkeypatch.setattr(assign_module, "_SMALL", 0)
    big = matching.assign(edges, caps, mode=mode)
    assert small == big
    assert small.certified


def random_codes(rng, n_p, n_j, degree, ties):
    ei = np.repeat(np.arange(n_p), degree)
    ej = np.concatenate([rng.choice(n_j, degree, replace=False) for _ in range(n_p)])
    w = rng.integers(1, 4, len(ei)).astype(float) if ties else rng.random(len(ei)) * 10 + 1e-3
    order = rng.permutation(len(ei))
    return ei[order], ej[order], w[order]


@pytest.mark.parametrize("lex", [False, True])
@pytest.mark.parametrize("seed", range(8))
def test_kernels_in_cpython_and_compiled_are_identical(seed, lex):
    rng = np.random.default_rng(seed)
    n_p, n_j = 80, 25
    ei, ej, w = random_codes(rng, n_p, n_j, 5, ties=seed % 2 == 0)
    cap = rng.integers(0, 3 if seed < 4 else 8, n_j)
    py = _kernels.pair_order(ei.tolist(), ej.tolist(), n_p, n_j)
    jit = _jit.compiled("pair_order")(ei, ej, n_p, n_j)
    assert py[0] == jit[0].tolist()
    assert py[1] == jit[1].tolist()
    assert py[2] == jit[2] == -1
    out_py = _kernels.solve(n_p, ei.tolist(), ej.tolist(), w.tolist(), cap.tolist(), lex, py[0], py[1])
    out_jit = _jit.compiled("solve")(n_p, ei, ej, w, cap, lex, jit[0], jit[1])
    for x, y in zip(out_py, out_jit, strict=True):
        assert (x if isinstance(x, int) else list(x)) == (y if isinstance(y, int) else y.tolist())


def test_pair_order_finds_a_duplicate():
    order, start, dup = _kernels.pair_order([2, 0, 2, 1], [1, 0, 1, 0], 3, 2)
    assert dup == 2
    assert _jit.compiled("pair_order")(np.array([2, 0, 2, 1]), np.array([1, 0, 1, 0]), 3, 2)[2] == 2
    assert order == [1, 3, 0, 2]
    assert start == [0, 1, 2, 4]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("seed", range(10))
def test_compiled_check_agrees_with_the_numpy_certificate(seed, mode):
    rng = np.random.default_rng(100 + seed)
    n_p, n_j = 60, 20
    ei, ej, w = random_codes(rng, n_p, n_j, 4, ties=seed % 3 == 0)
    cap = rng.integers(0, 4, n_j)
    sol = flow.solve(n_p, ei, ej, w, cap, mode)
    assert flow.check(ei, ej, w, cap, sol) is True
    assert flow.certificate(ei, ej, w, cap, sol) is True
    # drop each mentee's assignment, move duals, swap pairs: the two verdicts stay equal
    tampered = []
    matched = np.flatnonzero(sol.mentor_of >= 0)
    if len(matched):
        i = int(matched[seed % len(matched)])
        mo, eo = sol.mentor_of.copy(), sol.edge_of.copy()
        mo[i], eo[i] = -1, -1
        tampered.append(sol._replace(mentor_of=mo, edge_of=eo))
        u = sol.u.copy()
        u[i, 1] += 0.5
        tampered.append(sol._replace(u=u))
    v = sol.v.copy()
    v[np.isfinite(v[:, 0])] *= 0.5
    tampered.append(sol._replace(v=v))
    unmatched = np.flatnonzero(sol.mentor_of < 0)
    if len(unmatched) and len(matched):
        mo, eo = sol.mentor_of.copy(), sol.edge_of.copy()
        a, b = int(unmatched[0]), int(matched[0])
        mo[a], eo[a], mo[b], eo[b] = mo[b], eo[b], -1, -1  # a pair given to the wrong mentee
        tampered.append(sol._replace(mentor_of=mo, edge_of=eo))
    for bad in tampered:
        assert flow.check(ei, ej, w, cap, bad) == flow.certificate(ei, ej, w, cap, bad)
    assert not all(flow.check(ei, ej, w, cap, bad) for bad in tampered)


class TestArrayInput:
    def test_any_pair_order_gives_the_same_result(self):
        rng = np.random.default_rng(5)
        ei, ej, w = random_codes(rng, 300, 70, 6, ties=True)
        cap = rng.integers(0, 4, 70)
        a = matching.assign_arrays(ei, ej, w, cap)
        order = np.lexsort((ej, ei))
        b = matching.assign_arrays(ei[order], ej[order], w[order], cap)
        assert a.total_weight == b.total_weight
        assert a.mentor_of.tolist() == b.mentor_of.tolist()
        assert (order[b.edge_of[b.edge_of >= 0]] == a.edge_of[a.edge_of >= 0]).all()

    def test_empty(self):
        a = matching.assign_arrays([], [], [], [], n_mentees=3)
        assert a.mentor_of.tolist() == [-1, -1, -1]
        assert (a.total_weight, a.cardinality, a.certified) == (0.0, 0, True)

    def test_lists_are_accepted(self):
        a = matching.assign_arrays([0, 1], [0, 0], [1.0, 2.0], [1], mode="max_cardinality")
        assert a.mentor_of.tolist() == [-1, 0]

    @pytest.mark.parametrize(
        ("args", "needle"),
        [
            (([0, 0], [0, 0], [1.0, 2.0], [1]), "pair #1 (mentee 0, mentor 0) appears more than once"),
            (([0], [1], [1.0], [1]), "mentor codes must be in 0 .. 0"),
            (([-1], [0], [1.0], [1]), "mentee codes must be in"),
            (([0], [0], [0.0], [1]), "weight 0.0 of pair #0 must be finite and > 0"),
            (([0], [0], [np.nan], [1]), "finite"),
            (([0], [0], [np.inf], [1]), "finite"),
            (([0], [0], [1.0], [-1]), "capacities must be >= 0"),
            (([0.0], [0], [1.0], [1]), "mentees must be a one-dimensional array of integers"),
            (([0, 1], [0], [1.0], [1]), "same length"),
        ],
    )
    def test_raises(self, args, needle):
        with pytest.raises(ValueError, match=r".") as info:
            matching.assign_arrays(*args)
        assert needle in str(info.value)

    def test_n_mentees_too_small(self):
        with pytest.raises(ValueError, match=r"mentee codes must be in 0 \.\. 0"):
            matching.assign_arrays([1], [0], [1.0], [1], n_mentees=1)

    def test_bad_mode(self):
        with pytest.raises(ValueError, match="unknown mode"):
            matching.assign_arrays([], [], [], [], mode="greedy")  # type: ignore[arg-type]
