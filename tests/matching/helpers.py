"""Independent checkers for :func:`matching.assign` (brute force and SciPy's dense LAP)."""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.optimize import linear_sum_assignment


def check_feasible(assignment, edges, capacities):
    """The pairs use real edges, respect capacities, and the total weight adds up."""
    weight = {(a, b): w for a, b, w in edges}
    load: dict[str, int] = {}
    for mentee, mentor in assignment.pairs.items():
        assert (mentee, mentor) in weight, (mentee, mentor)
        load[mentor] = load.get(mentor, 0) + 1
    for mentor, n in load.items():
        assert n <= capacities[mentor], (mentor, n)
    assert assignment.cardinality == len(assignment.pairs)
    total = math.fsum(weight[p] for p in assignment.pairs.items())
    assert math.isclose(total, assignment.total_weight, rel_tol=1e-12, abs_tol=0.0)


def brute_force(edges, capacities):
    """Best (total weight) and best (cardinality, weight) by enumerating every assignment."""
    mentees = sorted({a for a, _, _ in edges})
    options = {m: [None] + [(b, w) for a, b, w in edges if a == m] for m in mentees}
    best_w = 0.0
    best_cw = (0, 0.0)
    for choice in itertools.product(*(options[m] for m in mentees)):
        load: dict[str, int] = {}
        ok = True
        for c in choice:
            if c is not None:
                load[c[0]] = load.get(c[0], 0) + 1
                if load[c[0]] > capacities[c[0]]:
                    ok = False
                    break
        if not ok:
            continue
        ws = [c[1] for c in choice if c is not None]
        total = math.fsum(ws)
        best_w = max(best_w, total)
        best_cw = max(best_cw, (len(ws), total))
    return best_w, best_cw


def dense_lap(edges, capacities, mode):
    """Optimum via ``scipy.optimize.linear_sum_assignment`` on the capacity-expanded matrix.

    Rows are mentees; columns are the mentors' slots then one private "unmatched"
    column per mentee.  In ``max_cardinality`` mode every real edge gets a bonus larger
    than any total weight, so cardinality dominates (fine for moderate weight ranges).
    """
    mentees = sorted({a for a, _, _ in edges})
    slots = [m for m in sorted(capacities) for _ in range(capacities[m])]
    n, s = len(mentees), len(slots)
    if n == 0:
        return 0.0, 0
    idx = {m: k for k, m in enumerate(mentees)}
    forbidden = 1e18
    cost = np.full((n, s + n), forbidden)
    bonus = 0.0 if mode == "max_weight" else 2.0 * math.fsum(w for _, _, w in edges) + 1.0
    slot_cols: dict[str, list[int]] = {}
    for k, m in enumerate(slots):
        slot_cols.setdefault(m, []).append(k)
    for a, b, w in edges:
        cost[idx[a], slot_cols.get(b, [])] = -(w + bonus)
    cost[np.arange(n), s + np.arange(n)] = 0.0
    r, c = linear_sum_assignment(cost)
    real = c < s
    weight = {(a, b): w for a, b, w in edges}
    total = math.fsum(weight[(mentees[i], slots[j])] for i, j in zip(r[real], c[real], strict=True))
    return total, int(real.sum())
