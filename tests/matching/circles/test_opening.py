"""Which drafts to open: the MILP equals brute force; the scalable method is feasible and within its bounds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.circles import opening
from tests.matching.circles.helpers import brute_open, check_bounds


@st.composite
def instances(draw, max_p=6, max_c=4):
    n_p = draw(st.integers(1, max_p))
    m = draw(st.integers(1, max_c))
    pairs = sorted(draw(st.sets(st.tuples(st.integers(0, n_p - 1), st.integers(0, m - 1)), max_size=n_p * m)))
    w = draw(st.lists(st.integers(1, 30), min_size=len(pairs), max_size=len(pairs)))
    draft = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    upper = draw(st.lists(st.integers(1, 4), min_size=m, max_size=m))
    lower = [draw(st.integers(1, u)) for u in upper]
    n_f = draw(st.integers(1, 2))
    fac = [draw(st.integers(-1, n_f - 1)) if d else -1 for d in draft]
    caps = draw(st.lists(st.integers(0, 2), min_size=n_f, max_size=n_f))
    same = [(a, b) for a in range(m) for b in range(a + 1, m) if fac[a] >= 0 and fac[a] == fac[b]]
    conflicts = draw(st.lists(st.sampled_from(same), unique=True)) if same else []
    a = lambda x, t=np.int64: np.array(x, dtype=t)  # noqa: E731
    return opening.Instance(n_p=n_p, p=a([x for x, _ in pairs]), c=a([y for _, y in pairs]), w=a(w),
                            lower=a(lower), upper=a(upper), draft=a(draft, bool), fac=a(fac), fac_cap=a(caps),
                            conflicts=conflicts)  # fmt: skip


def _respects_everything(inst, opened):
    assert not (opened & ~inst.openable()).any()
    led = np.bincount(inst.fac[opened], minlength=len(inst.fac_cap)) if opened.any() else 0
    assert np.all(led <= inst.fac_cap)
    assert not any(opened[a] and opened[b] for a, b in inst.conflicts)
    sol = opening.solve_open(inst, opened)
    assert sol is not None
    assert sol.certified
    is_open = ~inst.draft | opened
    check_bounds(inst.n_p, inst.p, inst.c, np.where(is_open & inst.draft, inst.lower, 0),
                 np.where(is_open, inst.upper, 0), sol.edge_of)  # fmt: skip
    return sol.total


@settings(max_examples=200, deadline=None)
@given(instances())
def test_milp_opening_equals_brute_force(inst):
    best = brute_open(inst)
    opened, bound, proven = opening.milp(inst)
    assert proven
    assert _respects_everything(inst, opened) == best
    assert abs(bound - best) < 1e-6


@settings(max_examples=200, deadline=None)
@given(instances())
def test_heuristic_is_feasible_and_the_bounds_hold(inst):
    best = brute_open(inst)
    total = _respects_everything(inst, opening.heuristic(inst))
    assert total <= best
    sol = opening.solve_open(inst, opening.heuristic(inst))
    assert opening.lagrangian_bound(inst, sol.u, total) >= best - 1e-6
    assert opening.lp_bound(inst) >= best - 1e-6
