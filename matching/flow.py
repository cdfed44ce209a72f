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
search.  Every other row is inserted by Dijkstra (binary heap, lazy
deletion) on the reduced costs ``u_i + v_j - profit_ij`` of the residual
graph, starting at the new row and stopping as soon as the cheapest way out
is settled: a column with free capacity, or a row that gives up its column
(its arc to ``T``).  The path is augmented and only the settled nodes'
potentials move (``u += d - D``, ``v -= d - D``).  Each augmentation along a
shortest path keeps the flow of minimum cost for its value (the classical
successive-shortest-path theorem), so after the last row the assignment is
optimal, and the final duals satisfy the invariants for *every* pair, which
:func:`certificate` re-checks independently.

Orientation: the problem is symmetric (a mentor of capacity ``c`` is ``c``
interchangeable places).  When there are fewer places than mentees, rows are
the places and columns the mentees: searches then end quickly at one of the
many free mentees (on the benchmark, 20x fewer nodes settled than searching
from the mentees).  Otherwise rows are the mentees and columns the mentors
with their capacities (no expansion).  Capacities are clipped to ``degree +
1``: never binding, and the spare place keeps ``v = 0`` for a mentor that is
not really full, so the duals stay valid when pairs are added
(:func:`violations`).  Connected components need no special treatment: a
search never leaves the component of its source.

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
from numba import njit

__all__ = ["FlowSolution", "certificate", "profits", "solve", "violations"]


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


@njit(cache=True, inline="always")
def _lt(a1: float, a2: float, b1: float, b2: float) -> bool:
    return a1 < b1 or (a1 == b1 and a2 < b2)


@njit(cache=True)
def _push(hk1, hk2, hn, size, k1, k2, node):  # type: ignore[no-untyped-def]
    pos = size
    while pos > 0:
        parent = (pos - 1) >> 1
        if _lt(k1, k2, hk1[parent], hk2[parent]):
            hk1[pos], hk2[pos], hn[pos] = hk1[parent], hk2[parent], hn[parent]
            pos = parent
        else:
            break
    hk1[pos], hk2[pos], hn[pos] = k1, k2, node
    return size + 1


@njit(cache=True)
def _pop(hk1, hk2, hn, size):  # type: ignore[no-untyped-def]
    size -= 1
    k1, k2, node = hk1[size], hk2[size], hn[size]
    pos = 0
    while True:
        child = 2 * pos + 1
        if child >= size:
            break
        if child + 1 < size and _lt(hk1[child + 1], hk2[child + 1], hk1[child], hk2[child]):
            child += 1
        if _lt(hk1[child], hk2[child], k1, k2):
            hk1[pos], hk2[pos], hn[pos] = hk1[child], hk2[child], hn[child]
            pos = child
        else:
            break
    if size > 0:
        hk1[pos], hk2[pos], hn[pos] = k1, k2, node
    return size


@njit(cache=True)
def _kernel(n_p, n_j, start, adj, p1, p2, cap, order):  # type: ignore[no-untyped-def]
    n = n_p + n_j
    mentor_of = np.full(n_p, -1, dtype=np.int64)
    edge_of = np.full(n_p, -1, dtype=np.int64)
    u1 = np.zeros(n_p)
    u2 = np.zeros(n_p)
    v1 = np.zeros(n_j)
    v2 = np.zeros(n_j)
    load = np.zeros(n_j, dtype=np.int64)
    slot_start = np.zeros(n_j + 1, dtype=np.int64)
    for j in range(n_j):
        slot_start[j + 1] = slot_start[j] + cap[j]
    slots = np.full(slot_start[n_j], -1, dtype=np.int64)
    slot_of = np.full(n_p, -1, dtype=np.int64)
    # warm start: every mentee takes its best mentor while it has room
    pending = np.empty(n_p, dtype=np.int64)
    n_pending = 0
    for i in order:
        if start[i] == start[i + 1]:
            continue
        best = start[i]
        for e in range(start[i] + 1, start[i + 1]):
            if _lt(p1[best], p2[best], p1[e], p2[e]):
                best = e
        b = adj[best]
        if load[b] < cap[b]:
            u1[i] = p1[best]
            u2[i] = p2[best]
            s = slot_start[b] + load[b]
            slots[s] = i
            slot_of[i] = s
            load[b] += 1
            mentor_of[i] = b
            edge_of[i] = best
        else:
            pending[n_pending] = i
            n_pending += 1
    # reduction transfer: raise the price of every full mentor as far as its mentees allow
    for b in range(n_j):
        if load[b] < cap[b] or load[b] == 0:
            continue  # a mentor with room keeps v = 0
        g1, g2 = np.inf, np.inf
        for s in range(slot_start[b], slot_start[b] + load[b]):
            a = slots[s]
            alt1, alt2 = 0.0, 0.0  # staying unmatched
            for e in range(start[a], start[a + 1]):
                c = adj[e]
                if c != b and _lt(alt1, alt2, p1[e] - v1[c], p2[e] - v2[c]):
                    alt1, alt2 = p1[e] - v1[c], p2[e] - v2[c]
            if _lt(u1[a] - alt1, u2[a] - alt2, g1, g2):
                g1, g2 = u1[a] - alt1, u2[a] - alt2
        if _lt(0.0, 0.0, g1, g2):
            v1[b] += g1
            v2[b] += g2
            for s in range(slot_start[b], slot_start[b] + load[b]):
                u1[slots[s]] -= g1
                u2[slots[s]] -= g2
    # Dijkstra from each remaining mentee
    d1 = np.zeros(n)
    d2 = np.zeros(n)
    stamp = np.full(n, -1, dtype=np.int64)
    done = np.full(n, -1, dtype=np.int64)
    pred = np.full(n_j, -1, dtype=np.int64)
    pred_e = np.full(n_j, -1, dtype=np.int64)
    settled = np.empty(n, dtype=np.int64)
    hsize_max = len(adj) + n + 1
    hk1 = np.empty(hsize_max)
    hk2 = np.empty(hsize_max)
    hn = np.empty(hsize_max, dtype=np.int64)
    stats = np.zeros(3, dtype=np.int64)
    stats[0] = n_pending
    for it in range(n_pending):
        i0 = pending[it]
        u1[i0] = 0.0
        u2[i0] = 0.0
        t1, t2, t_from = 0.0, 0.0, i0  # the direct arc i0 -> T
        n_set = 0
        size = 0
        d1[i0], d2[i0] = 0.0, 0.0
        stamp[i0] = it
        size = _push(hk1, hk2, hn, size, 0.0, 0.0, i0)
        while size > 0:
            k1, k2, x = hk1[0], hk2[0], hn[0]
            if x != i0 and not _lt(k1, k2, t1, t2):
                break
            size = _pop(hk1, hk2, hn, size)
            if done[x] == it or _lt(d1[x], d2[x], k1, k2):
                continue
            done[x] = it
            settled[n_set] = x
            n_set += 1
            if x < n_p:
                a = x
                if a != i0 and _lt(k1 + u1[a], k2 + u2[a], t1, t2):
                    t1, t2, t_from = k1 + u1[a], k2 + u2[a], a
                for e in range(start[a], start[a + 1]):
                    b = adj[e]
                    if b == mentor_of[a]:
                        continue
                    node = n_p + b
                    if done[node] == it:
                        continue
                    r1 = u1[a] + v1[b] - p1[e]
                    r2 = u2[a] + v2[b] - p2[e]
                    if a != i0:  # rounding: reduced costs are >= 0
                        if r1 < 0.0:
                            r1 = 0.0
                        if r1 == 0.0 and r2 < 0.0:
                            r2 = 0.0
                    n1, n2 = k1 + r1, k2 + r2
                    if stamp[node] != it or _lt(n1, n2, d1[node], d2[node]):
                        stamp[node] = it
                        d1[node], d2[node] = n1, n2
                        pred[b], pred_e[b] = a, e
                        size = _push(hk1, hk2, hn, size, n1, n2, node)
            else:
                b = x - n_p
                if load[b] < cap[b] and _lt(k1, k2, t1, t2):
                    t1, t2, t_from = k1, k2, x
                for s in range(slot_start[b], slot_start[b] + load[b]):
                    a = slots[s]
                    if done[a] == it:
                        continue
                    # matched pairs are tight: the reverse arc has reduced cost 0
                    if stamp[a] != it or _lt(k1, k2, d1[a], d2[a]):
                        stamp[a] = it
                        d1[a], d2[a] = k1, k2
                        size = _push(hk1, hk2, hn, size, k1, k2, a)
        # augment along the path ending at t_from
        b = -1
        if t_from == i0:
            pass  # i0 stays unmatched
        elif t_from < n_p:
            free_slot = slot_of[t_from]
            b = mentor_of[t_from]
            mentor_of[t_from] = -1
            edge_of[t_from] = -1
            slot_of[t_from] = -1
        else:
            b = t_from - n_p
            free_slot = slot_start[b] + load[b]
            load[b] += 1
        while b >= 0:
            a = pred[b]
            old_slot, old_b = slot_of[a], mentor_of[a]
            slots[free_slot] = a
            slot_of[a] = free_slot
            mentor_of[a] = b
            edge_of[a] = pred_e[b]
            if a == i0:
                break
            free_slot, b = old_slot, old_b
        stats[1] += n_set
        # potentials of the settled nodes
        for k in range(n_set):
            x = settled[k]
            if x < n_p:
                u1[x] += d1[x] - t1
                u2[x] += d2[x] - t2
            else:
                v1[x - n_p] += t1 - d1[x]
                v2[x - n_p] += t2 - d2[x]
    return mentor_of, edge_of, u1, u2, v1, v2, stats


def solve(
    n_p: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, cap: np.ndarray, mode: str = "max_weight"
) -> FlowSolution:
    """Optimal capacitated assignment on integer codes, with its duals.

    Parameters
    ----------
    n_p : int
        Number of mentees (codes ``0 .. n_p - 1``).
    ei, ej, w : ndarray
        The pairs: mentee code, mentor code, weight ``> 0``; sorted by ``ei``
        (ties in any fixed order: the result is deterministic for a given
        input order).
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
    ei = np.asarray(ei, dtype=np.int64)
    ej = np.asarray(ej, dtype=np.int64)
    w = np.asarray(w, dtype=np.float64)
    n_j = len(cap)
    closed = np.asarray(cap) == 0  # their pairs do not exist: any dual is feasible, take +inf
    # a mentor never needs more room than it has candidates; one spare place keeps v = 0
    # for mentors that are not really full (so the duals stay valid if pairs are added)
    cap = np.minimum(np.asarray(cap, dtype=np.int64), np.bincount(ej, minlength=n_j) + 1)
    p1, p2 = profits(w, mode)
    if int(cap.sum()) >= n_p:
        mentor_of, edge_of, u1, u2, v1, v2, stats = _run(n_p, ei, ej, p1, p2, cap)
        v = np.stack([v1, v2], 1)
        v[closed] = np.inf
        return FlowSolution(mentor_of, edge_of, np.stack([u1, u2], 1), v, mode, stats)
    # fewer places than mentees: search from the places (one row per unit of capacity)
    slot_start = np.zeros(n_j + 1, dtype=np.int64)
    np.cumsum(cap, out=slot_start[1:])
    by_mentor = np.lexsort((ei, ej))
    rep = cap[ej[by_mentor]]
    eidx = np.repeat(by_mentor, rep)  # original edge of every expanded edge
    offset = np.arange(len(eidx)) - np.repeat(np.cumsum(rep) - rep, rep)
    row = slot_start[ej[eidx]] + offset
    by_row = np.argsort(row, kind="stable")  # by (place, mentee)
    row, eidx = row[by_row], eidx[by_row]
    n_s = int(slot_start[-1])
    col_of, e_of, q1, q2, p_1, p_2, stats = _run(
        n_s, row, ei[eidx], p1[eidx], p2[eidx], np.ones(n_p, np.int64)
    )
    owner = np.repeat(np.arange(n_j), cap)
    mentor_of = np.full(n_p, -1, dtype=np.int64)
    edge_of = np.full(n_p, -1, dtype=np.int64)
    got = np.flatnonzero(col_of >= 0)
    mentor_of[col_of[got]] = owner[got]
    edge_of[col_of[got]] = eidx[e_of[got]]
    # a mentor's dual is the smallest of its places' (they are interchangeable)
    first = np.lexsort((q2, q1, owner))
    v = np.zeros((n_j, 2))
    has = cap > 0
    v[has] = np.stack([q1, q2], 1)[first[slot_start[:-1][has]]]
    v[closed] = np.inf
    return FlowSolution(mentor_of, edge_of, np.stack([p_1, p_2], 1), v, mode, stats)


def _run(n_r: int, er: np.ndarray, ec: np.ndarray, p1: np.ndarray, p2: np.ndarray, cap: np.ndarray) -> tuple:
    """Call the kernel: rows ``er`` (sorted) of supply 1, columns ``ec`` of capacity ``cap``."""
    start = np.zeros(n_r + 1, dtype=np.int64)
    np.cumsum(np.bincount(er, minlength=n_r), out=start[1:])
    best = np.zeros(n_r)
    has = start[1:] > start[:-1]
    if len(er):
        best[has] = np.maximum.reduceat(p1 + p2, start[:-1][has])
    order = np.argsort(-best, kind="stable").astype(np.int64)
    return _kernel(n_r, len(cap), start, ec, p1, p2, cap, order)


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
