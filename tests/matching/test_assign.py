"""``matching.assign``: optimality against brute force and an independent LAP, and every edge shape."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matching
from tests.matching.helpers import brute_force, check_feasible, dense_lap

MODES = ["max_weight", "max_cardinality"]


@st.composite
def small_instances(draw, max_mentees=5, max_mentors=3):
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(1, max_mentors))
    mentees = [f"p{i}" for i in range(n)]
    mentors = [f"m{j}" for j in range(m)]
    caps = {j: draw(st.integers(0, 3)) for j in mentors}
    weight = st.one_of(
        st.sampled_from([1.0, 2.0, 3.0]),  # ties everywhere
        st.floats(1e-6, 1e6, allow_nan=False, allow_infinity=False),
    )
    edges = []
    for a in mentees:
        for b in mentors:
            if draw(st.booleans()):
                edges.append((a, b, draw(weight)))
    return edges, caps


@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=small_instances())
def test_matches_brute_force(inst, mode):
    edges, caps = inst
    result = matching.assign(edges, caps, mode=mode)
    check_feasible(result, edges, caps)
    best_w, (best_c, best_cw) = brute_force(edges, caps)
    if mode == "max_weight":
        assert math.isclose(result.total_weight, best_w, rel_tol=1e-9, abs_tol=1e-12)
    else:
        assert result.cardinality == best_c
        assert math.isclose(result.total_weight, best_cw, rel_tol=1e-9, abs_tol=1e-12)


def random_instance(rng: random.Random, n: int, m: int, degree: int, ties: bool):
    caps = {f"m{j}": rng.randint(0, 4) for j in range(m)}
    edges = []
    for i in range(n):
        for j in rng.sample(range(m), min(degree, m)):
            w = float(rng.randint(1, 3)) if ties else rng.uniform(1e-3, 1e3)
            edges.append((f"p{i}", f"m{j}", w))
    return edges, caps


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("seed", range(12))
def test_matches_scipy_lap_mid_size(seed, mode):
    rng = random.Random(seed)
    n = rng.randint(20, 70)
    edges, caps = random_instance(rng, n, rng.randint(3, n // 2), rng.randint(1, 6), ties=seed % 3 == 0)
    result = matching.assign(edges, caps, mode=mode)
    check_feasible(result, edges, caps)
    total, card = dense_lap(edges, caps, mode)
    assert math.isclose(result.total_weight, total, rel_tol=1e-9)
    if mode == "max_cardinality":
        assert result.cardinality == card


@pytest.mark.parametrize("mode", MODES)
def test_deterministic(mode):
    edges, caps = random_instance(random.Random(7), 200, 50, 5, ties=True)
    first = matching.assign(edges, caps, mode=mode)
    again = matching.assign(list(reversed(edges)), dict(reversed(caps.items())), mode=mode)
    assert first == again


class TestShapes:
    @pytest.mark.parametrize("mode", MODES)
    def test_no_edges(self, mode):
        a = matching.assign([], {}, mode=mode)
        assert (a.pairs, a.total_weight, a.cardinality) == ({}, 0.0, 0)

    def test_no_edges_with_known_mentees(self):
        a = matching.assign([], {"m": 2}, mentees=["b", "a"])
        assert a.unmatched == ["a", "b"]

    @pytest.mark.parametrize("mode", MODES)
    def test_capacity_zero(self, mode):
        a = matching.assign([("a", "m", 5.0), ("a", "n", 1.0)], {"m": 0, "n": 1}, mode=mode)
        assert a.pairs == {"a": "n"}

    def test_all_capacity_zero(self):
        a = matching.assign([("a", "m", 5.0)], {"m": 0})
        assert a.pairs == {}
        assert a.unmatched == ["a"]

    def test_mentee_without_candidate(self):
        a = matching.assign([("a", "m", 1.0)], {"m": 1, "lonely": 3}, mentees=["z"])
        assert a.pairs == {"a": "m"}
        assert a.unmatched == ["z"]

    @pytest.mark.parametrize("mode", MODES)
    def test_disconnected_groups(self, mode):
        edges = [("a", "m", 1.0), ("b", "m", 2.0), ("c", "n", 3.0), ("d", "o", 4.0), ("e", "o", 4.5)]
        a = matching.assign(edges, {"m": 1, "n": 1, "o": 2}, mode=mode)
        assert a.pairs == {"b": "m", "c": "n", "d": "o", "e": "o"}
        assert a.total_weight == 13.5

    def test_max_weight_vs_max_cardinality(self):
        edges = [("a", "x", 10.0), ("a", "y", 1.0), ("b", "x", 1.0)]
        caps = {"x": 1, "y": 1}
        assert matching.assign(edges, caps).pairs == {"a": "x"}
        assert matching.assign(edges, caps, mode="max_cardinality").pairs == {"a": "y", "b": "x"}

    def test_extreme_weight_range_max_cardinality(self):
        # a "big M" formulation would lose the 1e-6 differences next to 1e6
        edges = [("a", "x", 1e6), ("a", "y", 2e-6), ("b", "x", 1e-6), ("b", "y", 1e-6), ("c", "y", 3e-6)]
        a = matching.assign(edges, {"x": 1, "y": 1}, mode="max_cardinality")
        assert a.pairs == {"a": "x", "c": "y"}
        a = matching.assign(
            [("a", "x", 1e6), ("a", "y", 1e-6), ("b", "x", 2e-6)], {"x": 1, "y": 1}, mode="max_cardinality"
        )
        assert a.pairs == {"a": "y", "b": "x"}

    def test_ties_everywhere_full(self):
        edges = [(f"p{i}", f"m{j}", 1.0) for i in range(30) for j in range(10)]
        a = matching.assign(edges, {f"m{j}": 2 for j in range(10)})
        assert a.cardinality == 20
        assert a.total_weight == 20.0

    def test_large_capacity(self):
        a = matching.assign([("a", "m", 1.0), ("b", "m", 2.0)], {"m": 10**9})
        assert a.cardinality == 2

    def test_generator_input(self):
        a = matching.assign(((f"p{i}", "m", float(i + 1)) for i in range(3)), {"m": 1})
        assert a.pairs == {"p2": "m"}


class TestBadInput:
    @pytest.mark.parametrize(
        ("edges", "caps", "needle"),
        [
            ([("a", "m", 0.0)], {"m": 1}, "'a'–'m'"),
            ([("a", "m", -1.0)], {"m": 1}, "> 0"),
            ([("a", "m", float("nan"))], {"m": 1}, "finite"),
            ([("a", "m", float("inf"))], {"m": 1}, "finite"),
            ([("a", "m", "1")], {"m": 1}, "not a number"),
            ([("a", "m", True)], {"m": 1}, "not a number"),
            ([("a", "m", 1.0)], {"m": -1}, "capacity -1 of mentor 'm'"),
            ([("a", "m", 1.0)], {"m": 1.5}, "capacity 1.5"),
            ([("a", "m", 1.0)], {}, "mentor 'm' has edges but no capacity"),
            ([("a", "m", 1.0), ("a", "m", 2.0)], {"m": 1}, "pair 'a'–'m' appears more than once"),
            ([(1, "m", 1.0)], {"m": 1}, "mentee id 1"),
            ([("a", "m")], {"m": 1}, "edge #0"),
        ],
    )
    def test_raises(self, edges, caps, needle):
        with pytest.raises(ValueError, match=r".") as info:
            matching.assign(edges, caps)
        assert needle in str(info.value)

    def test_bad_mode(self):
        with pytest.raises(ValueError, match="unknown mode"):
            matching.assign([], {}, mode="greedy")  # type: ignore[arg-type]


def test_assign_graph_networkx():
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(["m", "n"], capacity=1)
    g.add_weighted_edges_from([("a", "m", 2.0), ("b", "m", 3.0), ("b", "n", 1.0)])
    g.add_node("z")
    a = matching.assign_graph(g, top_nodes=["a", "b", "z"])
    assert a.pairs == {"a": "m", "b": "n"}
    assert a.unmatched == ["z"]


@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inst=small_instances(max_mentees=7, max_mentors=4))
def test_dual_certificate(inst, mode):
    """The solver's duals prove its optimality; dropping the best pair breaks the proof."""
    import numpy as np

    from matching import flow

    edges, caps = inst
    names = sorted(caps)
    mentees = sorted({a for a, _, _ in edges})
    edges = sorted(edges, key=lambda e: (mentees.index(e[0]), names.index(e[1])))
    ei = np.array([mentees.index(a) for a, _, _ in edges], dtype=np.int64)
    ej = np.array([names.index(b) for _, b, _ in edges], dtype=np.int64)
    w = np.array([x for _, _, x in edges])
    cap = np.array([caps[j] for j in names])
    sol = flow.solve(len(mentees), ei, ej, w, cap, mode)
    assert flow.certificate(ei, ej, w, cap, sol)
    assert not flow.violations(ei, ej, w, sol).any()
    best_w, (best_c, best_cw) = brute_force(edges, caps)
    got = w[sol.edge_of[sol.edge_of >= 0]]
    if mode == "max_weight":
        assert math.isclose(math.fsum(got), best_w, rel_tol=1e-9, abs_tol=1e-12)
    else:
        assert (len(got), math.isclose(math.fsum(got), best_cw, rel_tol=1e-9, abs_tol=1e-12)) == (
            best_c,
            True,
        )
    # solved without a pair that every optimum needs, the duals must flag it
    if len(w) and got.size:
        drop = int(sol.edge_of[sol.edge_of >= 0][np.argmax(got)])
        keep = np.arange(len(w)) != drop
        sub = flow.solve(len(mentees), ei[keep], ej[keep], w[keep], cap, mode)
        sub_w = w[keep][sub.edge_of[sub.edge_of >= 0]]
        # worse beyond the certificate's tolerance (weights 1e-6 and 1e-6 + 2e-22 are equal to it)
        worse = (
            len(sub_w) < len(got) or math.fsum(sub_w) < math.fsum(got) - 1e-9 * w.max()
            if mode == "max_cardinality"
            else math.fsum(sub_w) < math.fsum(got) - 1e-9 * w.max()
        )
        if worse:
            assert not flow.certificate(ei, ej, w, cap, sub)
            assert flow.violations(ei, ej, w, sub)[drop]


def test_certificate_rejects_a_suboptimal_assignment():
    import numpy as np

    from matching import flow

    ei, ej, w, cap = np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([10.0, 1.0, 1.0]), np.array([1, 1])
    sol = flow.solve(2, ei, ej, w, cap, "max_cardinality")
    assert flow.certificate(ei, ej, w, cap, sol)
    wrong = sol._replace(mentor_of=np.array([0, -1]), edge_of=np.array([0, -1]))
    assert not flow.certificate(ei, ej, w, cap, wrong)
    assert flow.certificate(ei, ej, w, cap, flow.solve(2, ei, ej, w, cap, "max_weight"))
