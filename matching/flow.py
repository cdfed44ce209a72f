"""Compiled exact solver for the capacitated assignment (min-cost flow, numba).

Formulation
-----------
Mentees ``i`` (supply 1), mentors ``j`` (capacity ``cap[j]``), an arc ``i → j``
per admissible pair with profit ``w_ij > 0``, and for every mentee an arc
``i → T`` ("stays unmatched") of profit 0.  Capacities are *not* expanded into
slots: a mentor is one node whose arc to ``T`` has capacity ``cap[j]``.

Both objectives are one lexicographic profit per pair, a pair of numbers
compared first on the first component: ``(1, w)`` for ``max_cardinality``
(count the matched mentees, then add the weights) and ``(w, 1)`` for
``max_weight`` (ties in weight go to more matched mentees).  Pairs of numbers
form an ordered group, so shortest paths, potentials and linear-programming
duality work unchanged (duality holds over any ordered field, here ``ℝ(ε)``
with ``ε`` infinitesimal): no "big M" constant, so weights from 1e-6 to 1e6
are never mixed with counts.  Counts are small integers, exact in floating
point.

Algorithm: successive shortest augmenting paths
-----------------------------------------------
Dual variables ``u_i`` (mentees) and ``v_j`` (mentors), both pairs.  The
invariants, for every mentee already processed:

* dual feasibility: ``u_i + v_j ≥ profit_ij`` on every pair, ``u_i ≥ 0``,
  ``v_j ≥ 0``;
* complementary slackness: equality on the chosen pair, ``u_i = 0`` when
  ``i`` is unmatched, ``v_j = 0`` when ``j`` has free capacity.

A warm start sets ``v = 0``, ``u_i = max_j profit_ij`` and gives each row,
best first, its best column while that column has room; a "reduction
transfer" then raises the price of every full column as far as its rows'
second choices allow.  The invariants hold, and many rows never need a
search.  Every other unit of supply is inserted by Dijkstra (an indexed
binary heap of the rows and columns with decrease-key: memory ``O(nodes)``)
on the reduced costs ``u_i + v_j - profit_ij`` of the residual graph,
starting at its row and stopping as soon as the cheapest way out is settled:
a column with free capacity, a row that gives up a unit (its arc to ``T``),
or the row keeping its unit.  The path is augmented and only the settled
nodes' potentials move (``u += d - D``, ``v -= d - D``).  Each augmentation
along a shortest path keeps the flow of minimum cost for its value (the
classical successive-shortest-path theorem), so after the last unit the
assignment is optimal, and the final duals satisfy the invariants for
*every* pair, which :func:`certificate` (numpy) and :func:`check` (compiled,
one pass) re-check independently of the solver.

Orientation: the problem is symmetric.  When there are fewer places than
mentees, rows are the mentors, each with a *supply* of its places, and
columns the mentees (capacity 1): searches then end quickly at one of the
many free mentees (on the benchmark, 20x fewer nodes settled than searching
from the mentees).  Otherwise rows are the mentees (supply 1) and columns the
mentors with their capacities.  Capacities are never expanded into places:
a node of supply or capacity ``c`` holds up to ``c`` pairs, and since one
side always has 1, one dual per node suffices (a row holding several columns
keeps all its pairs tight: a search relaxes its held pairs at reduced cost 0,
and they lead to full columns only).  Capacities are clipped to ``degree +
1``: never binding, and the spare place keeps ``v = 0`` for a mentor that is
not really full, so the duals stay valid when pairs are added
(:func:`violations`).  Connected components need no special treatment: a
search never leaves the component of its source.

The kernels are in :mod:`matching._kernels`, plain Python that numba
compiles unchanged; :func:`matching.assign` runs them uncompiled on small
instances (same operations, same result).

The kernel only adds and compares floats; rounding can only make a reduced
cost slightly negative, which is clamped to zero.  :func:`certificate`
checks the conditions with a tolerance of ``1e-11`` times the largest weight
on the weight part (counts are checked exactly); when it holds, no
assignment is better by more than that tolerance times the number of
mentees and mentors (weak duality).

Examples
--------
>>> import numpy as np
>>> sol = solve(2, np.array([0, 1]), np.array([0, 0]), np.array([3.0, 2.0]), np.array([1]))
>>> sol.mentor_of.tolist(), sol.u[:, 0].tolist(), sol.v[:, 0].tolist()
([0, -1], [1.0, 0.0], [2.0])
>>> certificate(np.array([0, 1]), np.array([0, 0]), np.array([3.0, 2.0]), np.array([1]), sol)
True
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from matching._jit import compiled

__all__ = ["FlowSolution", "certificate", "check", "profits", "solve", "solve_sorted", "violations"]


class FlowSolution(NamedTuple):
    """Optimal assignment and its duals.

    Attributes
    ----------
    mentor_of : ndarray of int64
        Mentor of each mentee, ``-1`` if unmatched.
    edge_of : ndarray of int64
        Index (in the edge arrays given to :func:`solve`) of each mentee's
        chosen pair, ``-1`` if unmatched.
    u, v : ndarray of float64, shape (n, 2)
        Lexicographic duals ``(count part, weight part)`` of the mentees and
        the mentors.
    mode : str
        The objective; ``u[:, 0]``/``v[:, 0]`` are the duals of its primary
        criterion (see :func:`profits`).
    stats : ndarray of int64
        Searches run, nodes settled (for benchmarks).
    """

    mentor_of: np.ndarray
    edge_of: np.ndarray
    u: np.ndarray
    v: np.ndarray
    mode: str
    stats: np.ndarray


def solve(
    n_p: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, cap: np.ndarray, mode: str = "max_weight"
) -> FlowSolution:
    """Optimal capacitated assignment on integer codes, with its duals.

    Parameters
    ----------
    n_p : int
        Number of mentees (codes ``0 .. n_p - 1``).
    ei, ej, w : ndarray
        The pairs: mentee code, mentor code, weight ``> 0``, in any order
        (the result is deterministic for a given input order), no pair twice.
    cap : ndarray of int
        Capacity of each mentor (``>= 0``).
    mode : {"max_weight", "max_cardinality"}
        The objective (see the module docstring).

    Returns
    -------
    FlowSolution

    Examples
    --------
    >>> ei, ej, w = np.array([0, 0, 1]), np.array([0, 1, 0]), np.array([10.0, 1.0, 1.0])
    >>> solve(2, ei, ej, w, np.array([1, 1])).mentor_of.tolist()
    [0, -1]
    >>> solve(2, ei, ej, w, np.array([1, 1]), "max_cardinality").mentor_of.tolist()
    [1, 0]
    """
    ei = np.ascontiguousarray(ei, dtype=np.int64)
    ej = np.ascontiguousarray(ej, dtype=np.int64)
    w = np.ascontiguousarray(w, dtype=np.float64)
    cap = np.ascontiguousarray(cap, dtype=np.int64)
    order, start, _ = compiled("pair_order")(ei, ej, n_p, len(cap))
    return solve_sorted(n_p, ei, ej, w, cap, mode, order, start)


def solve_sorted(
    n_p: int,
    ei: np.ndarray,
    ej: np.ndarray,
    w: np.ndarray,
    cap: np.ndarray,
    mode: str,
    order: np.ndarray,
    start: np.ndarray,
) -> FlowSolution:
    """:func:`solve` with the pairs' (mentee, mentor) order already computed (:func:`matching._kernels.pair_order`)."""
    mentor_of, edge_of, u1, u2, v1, v2, searches, settled = compiled("solve")(
        n_p, ei, ej, w, cap, mode == "max_cardinality", order, start
    )
    return FlowSolution(
        mentor_of, edge_of, np.stack([u1, u2], 1), np.stack([v1, v2], 1), mode, np.array([searches, settled])
    )


def check(
    ei: np.ndarray, ej: np.ndarray, w: np.ndarray, cap: np.ndarray, sol: FlowSolution, rtol: float = 1e-11
) -> bool:
    """:func:`certificate`, compiled: one pass over the pairs, no temporary arrays.

    Same conditions and tolerances as :func:`certificate` (the tests check
    they agree), except that the chosen pair of each mentee is the one
    ``sol.edge_of`` names (it must join that mentee and its mentor).

    Examples
    --------
    >>> ei, ej, w = np.array([0, 1]), np.array([0, 0]), np.array([1.0, 2.0])
    >>> check(ei, ej, w, np.array([1]), solve(2, ei, ej, w, np.array([1])))
    True
    """
    ei = np.ascontiguousarray(ei, dtype=np.int64)
    ej = np.ascontiguousarray(ej, dtype=np.int64)
    w = np.ascontiguousarray(w, dtype=np.float64)
    tol = rtol * (float(w.max()) if len(w) else 1.0)
    return bool(
        compiled("check")(
            ei, ej, w, np.ascontiguousarray(cap, dtype=np.int64), sol.mentor_of, sol.edge_of,
            np.ascontiguousarray(sol.u[:, 0]), np.ascontiguousarray(sol.u[:, 1]),
            np.ascontiguousarray(sol.v[:, 0]), np.ascontiguousarray(sol.v[:, 1]),
            sol.mode == "max_cardinality", tol,
        )
    )  # fmt: skip


def profits(w: np.ndarray, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """The lexicographic profit ``(primary, secondary)`` of pairs of weights ``w`` in ``mode``.

    ``max_cardinality``: ``(1, w)``; ``max_weight``: ``(w, 1)`` (ties in
    weight are broken towards more matched mentees).

    Examples
    --------
    >>> [x.tolist() for x in profits(np.array([0.5]), "max_cardinality")]
    [[1.0], [0.5]]
    """
    one = np.ones(len(w))
    return (one, w) if mode == "max_cardinality" else (w, one)


def certificate(
    ei: np.ndarray, ej: np.ndarray, w: np.ndarray, cap: np.ndarray, sol: FlowSolution, rtol: float = 1e-11
) -> bool:
    """Check that ``sol`` is optimal for the pairs ``(ei, ej, w)``: an LP duality certificate.

    Checks, lexicographically and with an absolute tolerance ``rtol * max(w)``
    on the weight part: primal feasibility (the chosen pairs exist, capacities
    hold), dual feasibility (``u_i + v_j ≥ profit_ij`` on every pair given,
    ``u ≥ 0``, ``v ≥ 0``) and complementary slackness (chosen pairs tight,
    unmatched mentees ``u = 0``, mentors with free capacity ``v = 0``).  The
    pairs may be a superset of those the solver saw: this is how
    :func:`matching.propose` proves that pruned pairs cannot matter.

    Examples
    --------
    >>> ei, ej, w = np.array([0, 1]), np.array([0, 0]), np.array([1.0, 2.0])
    >>> sol = solve(2, ei[:1], ej[:1], w[:1], np.array([1]))
    >>> certificate(ei[:1], ej[:1], w[:1], np.array([1]), sol), certificate(ei, ej, w, np.array([1]), sol)
    (True, False)
    """
    ei = np.asarray(ei, dtype=np.int64)
    ej = np.asarray(ej, dtype=np.int64)
    w = np.asarray(w, dtype=np.float64)
    cap = np.asarray(cap, dtype=np.int64)
    tol = rtol * (float(w.max()) if len(w) else 1.0)
    u, v = sol.u, sol.v
    p1, p2 = profits(w, sol.mode)
    lex = sol.mode == "max_cardinality"  # else only the weight (primary) part is certified
    tol1, tol2 = (0.0, tol) if lex else (tol, np.inf)

    def geq0(x1: np.ndarray, x2: np.ndarray) -> bool:
        return bool(np.all((x1 > tol1) | ((x1 >= -tol1) & (x2 >= -tol2))))

    def zero(x1: np.ndarray, x2: np.ndarray) -> bool:
        return bool(np.all((np.abs(x1) <= tol1) & (np.abs(x2) <= tol2)))

    matched = np.flatnonzero(sol.mentor_of >= 0)
    mj = sol.mentor_of[matched]
    load = np.bincount(mj, minlength=len(cap))
    if np.any(load > cap):
        return False
    # every chosen pair must be one of the given pairs: look it up by key
    n_j = max(len(cap), 1)
    keys = ei * n_j + ej
    order = np.argsort(keys, kind="stable")
    pos = np.searchsorted(keys[order], matched * n_j + mj)
    if np.any(pos >= len(keys)) or np.any(keys[order][np.minimum(pos, len(keys) - 1)] != matched * n_j + mj):
        return False
    e = order[pos]
    r1, r2 = u[ei, 0] + v[ej, 0] - p1, u[ei, 1] + v[ej, 1] - p2
    if np.any(violations(ei, ej, w, sol, rtol)):
        return False
    free = load < cap
    unmatched = sol.mentor_of < 0
    return (
        geq0(u[:, 0], u[:, 1])
        and geq0(v[:, 0], v[:, 1])
        and zero(r1[e], r2[e])
        and zero(u[unmatched, 0], u[unmatched, 1])
        and zero(v[free, 0], v[free, 1])
    )


def violations(
    ei: np.ndarray, ej: np.ndarray, w: np.ndarray, sol: FlowSolution, rtol: float = 1e-11
) -> np.ndarray:
    """Mask of the pairs whose reduced cost ``u_i + v_j - profit`` is negative (beyond the tolerance).

    A pair that is not violated cannot improve the solution: adding it to the
    instance leaves ``sol`` optimal (its duals stay feasible).  ``rtol`` is
    relative to the largest weight, as in :func:`certificate`.

    Examples
    --------
    >>> sol = solve(1, np.array([0]), np.array([0]), np.array([1.0]), np.array([1, 1]))
    >>> violations(np.array([0, 0]), np.array([0, 1]), np.array([1.0, 5.0]), sol).tolist()
    [False, True]
    """
    ei = np.asarray(ei, dtype=np.int64)
    ej = np.asarray(ej, dtype=np.int64)
    w = np.asarray(w, dtype=np.float64)
    tol = rtol * (float(w.max()) if len(w) else 1.0)
    p1, p2 = profits(w, sol.mode)
    r1 = sol.u[ei, 0] + sol.v[ej, 0] - p1
    r2 = sol.u[ei, 1] + sol.v[ej, 1] - p2
    if sol.mode == "max_cardinality":
        return np.asarray((r1 < 0) | ((r1 == 0) & (r2 < -tol)))
    return np.asarray(r1 < -tol)
