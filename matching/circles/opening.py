"""Which draft circles to open: an exact MILP, a scalable method with a proven gap, and the bounds.

The problem
-----------
Circles are existing ones (always open, ``0 ≤ placed ≤ upper``) and drafts
``d`` (open or not: ``y_d ∈ {0, 1}``, and if open ``lower_d ≤ placed ≤
upper_d``).  Each draft has one facilitator ``f``, who leads at most
``cap_f`` of their drafts and never two at overlapping times.  Maximise the
total score of the placement:

    max Σ w_pc x_pc
    s.t. Σ_c x_pc ≤ 1                      (each participant once)
         lower_c y_c ≤ Σ_p x_pc ≤ upper_c y_c   (y_c = 1 for existing circles)
         x_pc ≤ y_c                         (tightens the relaxation)
         Σ_{d of f} y_d ≤ cap_f,  y_d + y_e ≤ 1 for overlapping d, e of f
         x ≥ 0, y binary.

For a fixed ``y`` the ``x`` part is the flow of :mod:`matching.circles.place`
(integral), so only ``y`` needs to be integer: :func:`milp` hands that to
HiGHS (``scipy.optimize.milp``), which proves its optimum.

The scalable method (:func:`heuristic`)
---------------------------------------
1. Open every draft whose facilitator is free at its slot, solve the
   placement without minima, and repeatedly close the drafts that fall
   short of their minimum (the emptiest first, in batches) and the drafts
   a facilitator cannot lead (keeping their best), until every open draft
   reaches its minimum; then solve exactly with the minima.
2. Local search priced by the duals ``u`` of that placement: a closed draft
   is worth ``max_{lower ≤ k ≤ upper}`` of its ``k`` best reduced scores
   ``w_pd − u_p``; the most promising are opened (in a batch, then one by
   one) and kept when the exact placement's total improves; open drafts at
   their minimum with a negative ``μ`` are tried closed.
3. A bound (:func:`lagrangian_bound`): relaxing "each participant once" with
   multipliers ``u ≥ 0`` leaves one independent problem per circle (its best
   ``k`` reduced scores) and, per facilitator, their ``cap_f`` best drafts;
   ``Σ u_p`` plus those values bounds every forming's total, for any ``u``.
   A few subgradient steps from the placement's duals tighten it.

Examples
--------
>>> import numpy as np
>>> inst = Instance(n_p=4, p=np.array([0, 1, 2, 3, 0]), c=np.array([0, 0, 0, 1, 1]),
...                 w=np.array([5, 5, 5, 9, 9]), lower=np.array([3, 2]), upper=np.array([4, 4]),
...                 draft=np.array([True, True]), fac=np.array([0, 0]), fac_cap=np.array([1]))
>>> opened, bound, proven = milp(inst)
>>> opened.tolist(), bound, proven
([False, True], 18.0, True)
>>> heuristic(inst).tolist()
[False, True]
"""

from __future__ import annotations

import math
from typing import Any

import msgspec
import numpy as np

from matching.circles.place import PlacementSolution, place

__all__ = ["Instance", "heuristic", "lagrangian_bound", "lp_bound", "milp", "solve_open"]


class Instance(msgspec.Struct, kw_only=True):
    """The opening problem on codes: pairs ``p, c, w``; per circle ``lower, upper, draft, fac``.

    ``fac[c]`` is the facilitator code of a draft (``-1``: none, or not free
    at its slot: the draft cannot open); ``fac_cap[f]`` how many drafts ``f``
    may lead; ``conflicts`` pairs of drafts of one facilitator at
    overlapping times.  Existing circles have ``draft = False``.
    """

    n_p: int
    p: np.ndarray
    c: np.ndarray
    w: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    draft: np.ndarray
    fac: np.ndarray
    fac_cap: np.ndarray
    conflicts: list[tuple[int, int]] = []

    def openable(self) -> np.ndarray:
        """Drafts that may open: a facilitator, with at least one circle to lead."""
        ok = self.draft & (self.fac >= 0)
        ok[ok] &= self.fac_cap[self.fac[ok]] > 0
        return ok


def solve_open(inst: Instance, opened: np.ndarray) -> PlacementSolution | None:
    """The exact placement when the drafts ``opened`` (a mask over circles) open; ``None`` if infeasible."""
    is_open = ~inst.draft | opened
    return place(inst.n_p, inst.p, inst.c, inst.w, np.where(is_open & inst.draft, inst.lower, 0),
                 np.where(is_open, inst.upper, 0))  # fmt: skip


def _matrix(
    inst: Instance, tighten: bool
) -> tuple[np.ndarray, tuple[Any, np.ndarray, np.ndarray], np.ndarray, np.ndarray, np.ndarray]:
    """Objective, constraint matrix and bounds of the MILP (variables: the pairs, then one y per circle)."""
    from scipy.sparse import coo_matrix

    e, m = len(inst.p), len(inst.upper)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    lo: list[np.ndarray] = []
    hi: list[np.ndarray] = []
    r = 0

    def add(rr: np.ndarray, cc: np.ndarray, vv: np.ndarray, lb: np.ndarray, ub: np.ndarray) -> None:
        nonlocal r
        rows.append(rr + r)
        cols.append(cc)
        vals.append(vv.astype(np.float64))
        lo.append(lb.astype(np.float64))
        hi.append(ub.astype(np.float64))
        r += len(lb)

    ones = np.ones(e)
    add(inst.p, np.arange(e), ones, np.full(inst.n_p, -np.inf), np.ones(inst.n_p))
    ys = e + np.arange(m)
    # Σ x - upper y ≤ 0 and Σ x - lower y ≥ 0 (y fixed to 1 for existing circles through its bounds)
    add(np.concatenate([inst.c, np.arange(m)]), np.concatenate([np.arange(e), ys]),
        np.concatenate([ones, -inst.upper]), np.full(m, -np.inf), np.zeros(m))  # fmt: skip
    add(np.concatenate([inst.c, np.arange(m)]), np.concatenate([np.arange(e), ys]),
        np.concatenate([ones, -np.where(inst.draft, inst.lower, 0)]), np.zeros(m), np.full(m, np.inf))  # fmt: skip
    if tighten:
        d = np.flatnonzero(inst.draft[inst.c])
        k = np.arange(len(d))
        add(np.concatenate([k, k]), np.concatenate([d, e + inst.c[d]]),
            np.concatenate([np.ones(len(d)), -np.ones(len(d))]), np.full(len(d), -np.inf), np.zeros(len(d)))  # fmt: skip
    drafts = np.flatnonzero(inst.openable())
    if len(drafts):
        add(
            inst.fac[drafts],
            e + drafts,
            np.ones(len(drafts)),
            np.full(len(inst.fac_cap), -np.inf),
            inst.fac_cap,
        )
    if inst.conflicts:
        a = np.array(inst.conflicts, dtype=np.int64)
        k = np.arange(len(a))
        add(np.concatenate([k, k]), e + a.ravel(order="F"), np.ones(2 * len(a)), np.full(len(a), -np.inf),
            np.ones(len(a)))  # fmt: skip
    a_mat = coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r, e + m)
    ).tocsr()
    y_hi = np.where(~inst.draft | inst.openable(), 1.0, 0.0)
    y_lo = np.where(inst.draft, 0.0, 1.0)
    lb = np.concatenate([np.zeros(e), y_lo])
    ub = np.concatenate([np.ones(e), y_hi])
    cost = -np.concatenate([inst.w.astype(np.float64), np.zeros(m)])
    return (
        cost,
        (a_mat, np.concatenate(lo), np.concatenate(hi)),
        lb,
        ub,
        np.concatenate([np.zeros(e), np.ones(m)]),
    )


def milp(inst: Instance, time_limit: float = 60.0) -> tuple[np.ndarray, float, bool]:
    """Exact opening by HiGHS: (drafts opened, proven upper bound, whether the optimum was proven)."""
    from scipy.optimize import Bounds, LinearConstraint
    from scipy.optimize import milp as highs

    cost, (a_mat, lo, hi), lb, ub, integral = _matrix(inst, tighten=True)
    res = highs(cost, constraints=LinearConstraint(a_mat, lo, hi), integrality=integral, bounds=Bounds(lb, ub),
                options={"time_limit": time_limit, "mip_rel_gap": 0.0})  # fmt: skip
    if res.x is None:
        return np.zeros(len(inst.upper), dtype=bool), math.inf, False
    opened = inst.draft & (res.x[len(inst.p) :] > 0.5)
    bound = -float(getattr(res, "mip_dual_bound", res.fun))
    return opened, round(bound, 6), res.status == 0


def lp_bound(inst: Instance, tighten: bool = True) -> float:
    """The LP relaxation's optimum (HiGHS): an upper bound on every forming's total."""
    from scipy.optimize import linprog

    cost, (a_mat, lo, hi), lb, ub, _ = _matrix(inst, tighten)
    a_ub = _stack(a_mat, lo, hi)
    res = linprog(cost, A_ub=a_ub[0], b_ub=a_ub[1], bounds=np.column_stack([lb, ub]), method="highs")
    return -float(res.fun)


def _stack(a_mat: object, lo: np.ndarray, hi: np.ndarray) -> tuple[object, np.ndarray]:
    from scipy.sparse import vstack

    up, down = np.isfinite(hi), np.isfinite(lo)
    return vstack([a_mat[up], -a_mat[down]]).tocsr(), np.concatenate([hi[up], -lo[down]])  # type: ignore[index]


def _circle_values(inst: Instance, u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per circle the best value of ``k`` best reduced scores, ``lower ≤ k ≤ upper`` (``-inf``: none), that ``k``, and the sorted order."""
    m = len(inst.upper)
    r = inst.w - u[inst.p]
    order = np.lexsort((-r, inst.c))
    cs, rs = inst.c[order], r[order]
    deg = np.bincount(cs, minlength=m)
    start = np.concatenate([[0], np.cumsum(deg)[:-1]])
    rank = np.arange(len(cs)) - start[cs] + 1
    prefix = np.cumsum(rs) - np.concatenate([[0], np.cumsum(rs)])[start[cs]]
    lo = np.where(inst.draft, np.maximum(inst.lower, 1), 1)
    ok = (rank >= lo[cs]) & (rank <= inst.upper[cs])
    best = np.full(m, -np.inf)
    np.maximum.at(best, cs[ok], prefix[ok].astype(np.float64))
    # k: the largest rank reaching the best value (ties: more people)
    hit = ok & (prefix == best[cs])
    k = np.zeros(m, dtype=np.int64)
    np.maximum.at(k, cs[hit], rank[hit])
    return best, k, order


def lagrangian_bound(inst: Instance, u0: np.ndarray, best_known: float, steps: int = 30) -> float:
    """The best of ``steps`` subgradient steps on the Lagrangian bound from multipliers ``u0``.

    ``best_known`` (a forming's total) sets the Polyak step length.  Every
    value computed is a valid upper bound, so the minimum is returned.
    """
    u = np.maximum(np.asarray(u0, dtype=np.float64), 0.0)
    bound, theta = math.inf, 1.0
    openable = inst.openable()
    for _ in range(steps):
        best, k, order = _circle_values(inst, u)
        value = np.maximum(best, 0.0)  # a draft may stay closed, an existing circle empty
        take = ~inst.draft & (best > 0)
        d = np.flatnonzero(openable & (value > 0))
        if len(d):  # each facilitator: their cap_f best drafts
            f = inst.fac[d]
            o = np.lexsort((-value[d], f))
            d, f = d[o], f[o]
            first = np.concatenate([[0], np.flatnonzero(np.diff(f)) + 1])
            rank = np.arange(len(d)) - np.repeat(first, np.diff(np.concatenate([first, [len(d)]])))
            take[d[rank < inst.fac_cap[f]]] = True
        total = float(u.sum()) + float(value[take].sum())
        bound = min(bound, total)
        cs = inst.c[order]
        deg = np.bincount(cs, minlength=len(inst.upper))
        start = np.concatenate([[0], np.cumsum(deg)[:-1]])
        rank_e = np.arange(len(cs)) - start[cs] + 1
        chosen = order[take[cs] & (rank_e <= k[cs])]
        g = 1.0 - np.bincount(inst.p[chosen], minlength=inst.n_p)
        norm = float((g * g).sum())
        if norm == 0 or total - best_known <= 1e-9:
            break
        u = np.maximum(u - theta * (total - best_known) / norm * g, 0.0)
        theta *= 0.9
    return bound


def _facilitator_repair(inst: Instance, opened: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Keep, per facilitator, their most valuable open drafts within cap and without overlaps."""
    conflict: dict[int, set[int]] = {}
    for a, b in inst.conflicts:
        conflict.setdefault(a, set()).add(b)
        conflict.setdefault(b, set()).add(a)
    keep = np.zeros_like(opened)
    led = np.zeros(len(inst.fac_cap), dtype=np.int64)
    for d in sorted(np.flatnonzero(opened).tolist(), key=lambda d: (-value[d], d)):
        f = inst.fac[d]
        if led[f] < inst.fac_cap[f] and not any(keep[x] for x in conflict.get(d, ())):
            keep[d] = True
            led[f] += 1
    return keep


def _loads(inst: Instance, sol: PlacementSolution) -> tuple[np.ndarray, np.ndarray]:
    m = len(inst.upper)
    e = sol.edge_of[sol.edge_of >= 0]
    return np.bincount(inst.c[e], minlength=m), np.bincount(inst.c[e], weights=inst.w[e], minlength=m)


def heuristic(inst: Instance, rounds: int = 40) -> np.ndarray:
    """Drafts to open (mask over circles), by close-the-short, repair, then dual-priced local search."""
    m = len(inst.upper)
    opened = inst.openable().copy()
    free = np.zeros(m, dtype=np.int64)  # no minima while choosing
    for _ in range(rounds):
        sol = place(inst.n_p, inst.p, inst.c, inst.w, free, np.where(~inst.draft | opened, inst.upper, 0))
        assert sol is not None  # no minima: always feasible
        count, value = _loads(inst, sol)
        repaired = _facilitator_repair(inst, opened, value)
        short = opened & repaired & (count < inst.lower)
        if not short.any() and (repaired == opened).all():
            break
        opened = repaired
        if short.any():
            ratio = count / np.maximum(inst.lower, 1)
            worst = np.flatnonzero(short)
            cut = ratio[worst] < 0.5
            if cut.any():
                opened[worst[cut]] = False
            else:  # the emptiest quarter
                worst = worst[np.argsort(ratio[worst], kind="stable")]
                opened[worst[: max(1, len(worst) // 4)]] = False
    else:
        sol = place(inst.n_p, inst.p, inst.c, inst.w, free, np.where(~inst.draft | opened, inst.upper, 0))
        assert sol is not None
        opened &= _loads(inst, sol)[0] >= inst.lower
    best = solve_open(inst, opened)
    if best is None:  # cannot happen: every open draft reached its minimum without minima
        return np.zeros(m, dtype=bool)
    return _local_search(inst, opened, best)


def _local_search(inst: Instance, opened: np.ndarray, best: PlacementSolution, tries: int = 12) -> np.ndarray:
    conflict: dict[int, set[int]] = {}
    for a, b in inst.conflicts:
        conflict.setdefault(a, set()).add(b)
        conflict.setdefault(b, set()).add(a)
    for _ in range(tries):
        gain, _k, _o = _circle_values(inst, best.u.astype(np.float64))
        led = (
            np.bincount(inst.fac[opened], minlength=len(inst.fac_cap))
            if opened.any()
            else np.zeros(len(inst.fac_cap), dtype=np.int64)
        )
        cand = [d for d in np.flatnonzero(inst.openable() & ~opened & (gain > 0)).tolist()
                if led[inst.fac[d]] < inst.fac_cap[inst.fac[d]] and not any(opened[x] for x in conflict.get(d, ()))]  # fmt: skip
        cand.sort(key=lambda d: -gain[d])
        closing = [d for d in np.flatnonzero(opened & (best.mu < 0)).tolist()]
        moves = ([cand] if len(cand) > 1 else []) + [[d] for d in cand[:3]] + [[d] for d in closing[:3]]
        improved = False
        for move in moves:
            trial = opened.copy()
            trial[move] = ~trial[move]
            trial = _facilitator_repair(inst, trial, gain)
            sol = solve_open(inst, trial)
            if sol is not None and sol.total > best.total:
                opened, best, improved = trial, sol, True
                break
        if not improved:
            break
    return opened
