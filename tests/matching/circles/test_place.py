"""The exact placement with minima and maxima: brute force, networkx, and the certificate."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.circles import certificate
from matching.circles.place import place
from tests.matching.circles.helpers import brute_place, check_bounds, networkx_place


@st.composite
def placements(draw, max_p=6, max_c=3):
    n_p = draw(st.integers(0, max_p))
    m = draw(st.integers(1, max_c))
    pairs = draw(st.sets(st.tuples(st.integers(0, max(n_p - 1, 0)), st.integers(0, m - 1)), max_size=n_p * m))
    pairs = sorted(pairs) if n_p else []
    w = draw(st.lists(st.integers(1, 30), min_size=len(pairs), max_size=len(pairs)))
    upper = draw(st.lists(st.integers(0, 4), min_size=m, max_size=m))
    lower = [draw(st.integers(0, u)) for u in upper]
    arr = lambda x: np.array(x, dtype=np.int64)  # noqa: E731
    return n_p, arr([a for a, _ in pairs]), arr([b for _, b in pairs]), arr(w), arr(lower), arr(upper)


@settings(max_examples=300, deadline=None)
@given(placements())
def test_placement_equals_brute_force_and_is_certified(inst):
    n_p, p, c, w, lower, upper = inst
    sol = place(n_p, p, c, w, lower, upper)
    best = brute_place(n_p, p, c, w, lower, upper)
    if best is None:
        assert sol is None
        return
    assert sol is not None
    assert sol.total == best
    check_bounds(n_p, p, c, lower, upper, sol.edge_of)
    open_pairs = upper[c] > 0  # the LP knows only the pairs of open circles
    kept = np.flatnonzero(open_pairs)
    remap = np.full(len(p), -1)
    remap[kept] = np.arange(len(kept))
    edge_of = np.array([remap[e] if e >= 0 else -1 for e in sol.edge_of.tolist()], dtype=np.int64)
    assert certificate.check(n_p, p[kept], c[kept], w[kept], lower, upper, edge_of, sol.u, sol.mu)
    assert sol.certified


@settings(max_examples=100, deadline=None)
@given(placements())
def test_the_certificate_rejects_a_worse_placement(inst):
    n_p, p, c, w, lower, upper = inst
    upper = np.maximum(upper, 1)
    lower = np.zeros_like(lower)
    sol = place(n_p, p, c, w, lower, upper)
    assert sol is not None
    placed = np.flatnonzero(sol.edge_of >= 0)
    if len(placed) == 0:
        return
    worse = sol.edge_of.copy()
    worse[placed[0]] = -1  # drop one positive pair: feasible, strictly worse
    assert not certificate.check(n_p, p, c, w, lower, upper, worse, sol.u, sol.mu)
    lowered = sol.u.copy()
    lowered[placed[0]] -= 1  # duals that no longer cover that pair
    assert not certificate.check(n_p, p, c, w, lower, upper, sol.edge_of, lowered, sol.mu)


def test_placement_equals_networkx_network_simplex_on_larger_instances():
    rng = np.random.default_rng(7)
    for _ in range(20):
        n_p, m = 80, 10
        mask = rng.random((n_p, m)) < 0.25
        p, c = np.nonzero(mask)
        w = rng.integers(1, 100, size=len(p))
        upper = rng.integers(0, 12, size=m)
        lower = np.minimum(rng.integers(0, 6, size=m), upper)
        sol = place(n_p, p, c, w, lower, upper)
        expected = networkx_place(n_p, p, c, w, lower, upper)
        assert (sol is None) == (expected is None)
        if sol is not None:
            assert sol.total == expected
            assert sol.certified
            check_bounds(n_p, p, c, lower, upper, sol.edge_of)


def test_a_minimum_that_cannot_be_reached_is_infeasible_not_an_error():
    assert (
        place(2, np.array([0, 1]), np.array([0, 0]), np.array([5, 4]), np.array([3]), np.array([8])) is None
    )


def test_a_minimum_pulls_people_from_a_better_circle():
    # two people prefer circle 1, but circle 0 needs both to open: the minimum wins
    p, c, w = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), np.array([1, 9, 1, 9])
    sol = place(2, p, c, w, np.array([2, 0]), np.array([2, 2]))
    assert sol is not None
    assert sol.circle_of.tolist() == [0, 0]
    assert sol.total == 2
    assert sol.certified
    assert sol.mu[0] < 0  # the minimum binds: its dual says what it costs
