"""The exact solver's kernels, in plain Python that numba compiles unchanged.

Every function here uses only indexing, arithmetic and the allocation helpers
``_ints``/``_floats``: in CPython they run on lists (the small-instance path,
which needs neither numpy nor numba), and :func:`matching._jit.compiled` gives
each one a copy of this module's globals in which the helpers allocate numpy
arrays and the functions it calls are compiled too.  Both run the same
floating-point operations in the same order, so they return the same result
bit for bit (``tests/matching/test_kernels.py`` checks it).

The algorithm (successive shortest paths with lexicographic duals) is
described in :mod:`matching.flow`; this module is its implementation:

* :func:`pair_order` sorts the pairs by (row, column) in linear time (two
  stable counting sorts) and finds a duplicated pair;
* :func:`greedy` is the warm start (every row takes its best column while it
  has room, then the "reduction transfer" raises the price of full columns);
* :func:`ssp` inserts every remaining unit of supply by a Dijkstra search on
  the reduced costs (an indexed binary heap of the rows and columns: memory
  ``O(nodes)``, never ``O(pairs)``);
* :func:`check` is the optimality certificate, an independent pass over every
  pair given (primal feasibility, dual feasibility, complementary slackness).

Rows have a *supply* (how many columns they may take) and columns a
*capacity*; one of the two is 1 for every node (rows are the mentees, or the
columns are), which is what makes a single dual per node enough.

Examples
--------
>>> order, start, dup = pair_order([1, 0, 1], [0, 1, 1], 2, 2)
>>> order, start, dup
([1, 0, 2], [0, 1, 3], -1)
"""

from __future__ import annotations

import math

__all__ = ["check", "greedy", "pair_order", "solve", "ssp"]

# numba options of the functions compiled with other than the defaults (see matching._jit.compiled)
INLINE = ("_lt", "_profit", "_geq0", "_zero")


def _ints(n, x):  # type: ignore[no-untyped-def]
    return [x] * n


def _floats(n, x):  # type: ignore[no-untyped-def]
    return [x] * n


def _order_desc(x):  # type: ignore[no-untyped-def]
    """Indices sorted by decreasing ``x``, ties in index order (compiled: a stable numpy argsort)."""
    return sorted(range(len(x)), key=lambda i: -x[i])


def _lt(a1, a2, b1, b2):  # type: ignore[no-untyped-def]
    """``(a1, a2) < (b1, b2)`` lexicographically."""
    return a1 < b1 or (a1 == b1 and a2 < b2)


def _profit(w, e, lex):  # type: ignore[no-untyped-def]
    """The lexicographic profit of pair ``e``: ``(1, w)`` when ``lex`` (max_cardinality), else ``(w, 1)``."""
    if lex:
        return 1.0, w[e]
    return w[e], 1.0


def _sift_up(hk1, hk2, hn, hpos, c, k1, k2, node):  # type: ignore[no-untyped-def]
    """Put ``node`` with key ``(k1, k2)`` at heap position ``c`` or above (insert or decrease-key)."""
    while c > 0:
        par = (c - 1) >> 1
        if _lt(k1, k2, hk1[par], hk2[par]):
            hk1[c] = hk1[par]
            hk2[c] = hk2[par]
            m = hn[par]
            hn[c] = m
            hpos[m] = c
            c = par
        else:
            break
    hk1[c] = k1
    hk2[c] = k2
    hn[c] = node
    hpos[node] = c


def _pop(hk1, hk2, hn, hpos, size):  # type: ignore[no-untyped-def]
    """Remove the root; return the new size."""
    hpos[hn[0]] = -1
    size -= 1
    if size == 0:
        return 0
    k1 = hk1[size]
    k2 = hk2[size]
    node = hn[size]
    c = 0
    while True:
        ch = 2 * c + 1
        if ch >= size:
            break
        if ch + 1 < size and _lt(hk1[ch + 1], hk2[ch + 1], hk1[ch], hk2[ch]):
            ch += 1
        if _lt(hk1[ch], hk2[ch], k1, k2):
            hk1[c] = hk1[ch]
            hk2[c] = hk2[ch]
            m = hn[ch]
            hn[c] = m
            hpos[m] = c
            c = ch
        else:
            break
    hk1[c] = k1
    hk2[c] = k2
    hn[c] = node
    hpos[node] = c
    return size


def counting_order(key, n_keys, perm):  # type: ignore[no-untyped-def]
    """``perm`` stably reordered by ``key[perm]`` (keys in ``0 .. n_keys - 1``), and the bucket starts."""
    start = _ints(n_keys + 1, 0)
    for k in range(len(perm)):
        start[key[perm[k]] + 1] += 1
    for q in range(n_keys):
        start[q + 1] += start[q]
    nxt = _ints(n_keys, 0)
    for q in range(n_keys):
        nxt[q] = start[q]
    out = _ints(len(perm), 0)
    for k in range(len(perm)):
        e = perm[k]
        q = key[e]
        out[nxt[q]] = e
        nxt[q] += 1
    return out, start


def pair_order(ei, ej, n_i, n_j):  # type: ignore[no-untyped-def]
    """Pairs sorted by ``(ei, ej)``: the permutation, the row starts, the index of a duplicated pair (or -1)."""
    m = len(ei)
    ident = _ints(m, 0)
    for k in range(m):
        ident[k] = k
    ordered = True  # already sorted, without duplicates (a common case): no sort needed
    for k in range(1, m):
        if ei[k - 1] > ei[k] or (ei[k - 1] == ei[k] and ej[k - 1] >= ej[k]):
            ordered = False
            break
    if ordered:
        start = _ints(n_i + 1, 0)
        for k in range(m):
            start[ei[k] + 1] += 1
        for q in range(n_i):
            start[q + 1] += start[q]
        return ident, start, -1
    by_j, _ = counting_order(ej, n_j, ident)
    order, start = counting_order(ei, n_i, by_j)
    dup = -1
    for k in range(1, len(order)):
        a = order[k - 1]
        b = order[k]
        if ei[a] == ei[b] and ej[a] == ej[b]:
            dup = b  # the later occurrence in the input (the sort is stable)
            break
    return order, start, dup


def greedy(  # type: ignore[no-untyped-def]
    start, adj, w, lex, supply, cap, order, u1, u2, v1, v2, slot_start, slot_row, slot_edge, load_c, load_r
):
    """Warm start: every row, best first, takes its best column while it has room; then raise full columns.

    Duals: ``v = 0``, ``u_i`` = the row's best profit (tight on the pair it takes, feasible on the
    others); the reduction transfer then raises the price of every full column as far as its rows'
    second choices (or staying unmatched) allow.  Returns the units left to insert, row by row.
    """
    n_c = len(cap)
    n_pending = 0
    for k in range(len(order)):
        n_pending += supply[order[k]]
    pending = _ints(n_pending, 0)
    n_pending = 0
    for k in range(len(order)):
        i = order[k]
        s_i = supply[i]
        if s_i == 0 or start[i] == start[i + 1]:
            continue
        best = start[i]
        b1, b2 = _profit(w, best, lex)
        for e in range(start[i] + 1, start[i + 1]):
            q1, q2 = _profit(w, e, lex)
            if _lt(b1, b2, q1, q2):
                best, b1, b2 = e, q1, q2
        b = adj[best]
        if load_c[b] < cap[b]:
            u1[i] = b1
            u2[i] = b2
            s = slot_start[b] + load_c[b]
            slot_row[s] = i
            slot_edge[s] = best
            load_c[b] += 1
            load_r[i] = 1
            s_i -= 1
        for _ in range(s_i):
            pending[n_pending] = i
            n_pending += 1
    # reduction transfer: rows that took a column hold exactly one, so their duals can move together
    for b in range(n_c):
        if load_c[b] < cap[b] or load_c[b] == 0:
            continue  # a column with room keeps v = 0
        g1, g2 = math.inf, math.inf
        for s in range(slot_start[b], slot_start[b] + load_c[b]):
            a = slot_row[s]
            alt1, alt2 = 0.0, 0.0  # staying unmatched
            for e in range(start[a], start[a + 1]):
                c = adj[e]
                if c != b:
                    q1, q2 = _profit(w, e, lex)
                    if _lt(alt1, alt2, q1 - v1[c], q2 - v2[c]):
                        alt1, alt2 = q1 - v1[c], q2 - v2[c]
            if _lt(u1[a] - alt1, u2[a] - alt2, g1, g2):
                g1, g2 = u1[a] - alt1, u2[a] - alt2
        if _lt(0.0, 0.0, g1, g2):
            v1[b] += g1
            v2[b] += g2
            for s in range(slot_start[b], slot_start[b] + load_c[b]):
                u1[slot_row[s]] -= g1
                u2[slot_row[s]] -= g2
    return pending, n_pending


def ssp(  # type: ignore[no-untyped-def]
    start,
    adj,
    w,
    lex,
    cap,
    u1,
    u2,
    v1,
    v2,
    slot_start,
    slot_row,
    slot_edge,
    load_c,
    load_r,
    pending,
    n_pending,
):
    """Insert the units ``pending[:n_pending]`` one by one along shortest augmenting paths.

    Nodes are the rows ``0 .. n_r - 1`` and the columns ``n_r .. n_r + n_c - 1``.  A search from row
    ``i0`` stops as soon as the cheapest way out is settled: a column with room (cost ``d``), a row
    giving up a unit (cost ``d + u``), or ``i0`` keeping its unit (cost ``u_i0``, 0 for a row that holds
    nothing yet).  Returns ``(searches, nodes settled)``.
    """
    n_r = len(load_r)
    n_c = len(cap)
    n = n_r + n_c
    d1 = _floats(n, 0.0)
    d2 = _floats(n, 0.0)
    stamp = _ints(n, -1)
    done = _ints(n, -1)
    pred_row = _ints(n_c, -1)
    pred_edge = _ints(n_c, -1)
    pred_col = _ints(n_r, -1)
    pred_slot = _ints(n_r, -1)
    settled = _ints(n, 0)
    hk1 = _floats(n, 0.0)
    hk2 = _floats(n, 0.0)
    hn = _ints(n, 0)
    hpos = _ints(n, -1)
    n_settled = 0
    for it in range(n_pending):
        i0 = pending[it]
        if load_r[i0] == 0:  # a row holding nothing: its dual is free, start it at 0
            u1[i0] = 0.0
            u2[i0] = 0.0
        t1, t2, t_from = u1[i0], u2[i0], i0  # i0 keeps its unit
        n_set = 0
        d1[i0] = 0.0
        d2[i0] = 0.0
        stamp[i0] = it
        _sift_up(hk1, hk2, hn, hpos, 0, 0.0, 0.0, i0)
        size = 1
        while size > 0:
            k1 = hk1[0]
            k2 = hk2[0]
            x = hn[0]
            if x != i0 and not _lt(k1, k2, t1, t2):
                break
            size = _pop(hk1, hk2, hn, hpos, size)
            done[x] = it
            settled[n_set] = x
            n_set += 1
            if x < n_r:
                a = x
                if a != i0 and _lt(k1 + u1[a], k2 + u2[a], t1, t2):
                    t1, t2, t_from = k1 + u1[a], k2 + u2[a], a
                for e in range(start[a], start[a + 1]):
                    b = adj[e]
                    node = n_r + b
                    if done[node] == it:
                        continue
                    q1, q2 = _profit(w, e, lex)
                    r1 = u1[a] + v1[b] - q1
                    r2 = u2[a] + v2[b] - q2
                    if a != i0:  # rounding: reduced costs are >= 0
                        if r1 < 0.0:
                            r1 = 0.0
                        if r1 == 0.0 and r2 < 0.0:
                            r2 = 0.0
                    n1 = k1 + r1
                    n2 = k2 + r2
                    if stamp[node] != it or _lt(n1, n2, d1[node], d2[node]):
                        stamp[node] = it
                        d1[node] = n1
                        d2[node] = n2
                        pred_row[b] = a
                        pred_edge[b] = e
                        if hpos[node] >= 0:
                            _sift_up(hk1, hk2, hn, hpos, hpos[node], n1, n2, node)
                        else:
                            _sift_up(hk1, hk2, hn, hpos, size, n1, n2, node)
                            size += 1
            else:
                b = x - n_r
                if load_c[b] < cap[b] and _lt(k1, k2, t1, t2):
                    t1, t2, t_from = k1, k2, x
                for s in range(slot_start[b], slot_start[b] + load_c[b]):
                    a = slot_row[s]
                    if done[a] == it:
                        continue
                    # a held pair is tight: its reverse arc has reduced cost 0
                    if stamp[a] != it or _lt(k1, k2, d1[a], d2[a]):
                        stamp[a] = it
                        d1[a] = k1
                        d2[a] = k2
                        pred_col[a] = b
                        pred_slot[a] = s
                        if hpos[a] >= 0:
                            _sift_up(hk1, hk2, hn, hpos, hpos[a], k1, k2, a)
                        else:
                            _sift_up(hk1, hk2, hn, hpos, size, k1, k2, a)
                            size += 1
        for k in range(size):
            hpos[hn[k]] = -1
        # augment along the path ending at t_from
        if t_from != i0:
            if t_from < n_r:  # that row gives up the unit it held in pred_col's slot
                load_r[t_from] -= 1
                b = pred_col[t_from]
                free_slot = pred_slot[t_from]
            else:  # a column with room: a new slot
                b = t_from - n_r
                free_slot = slot_start[b] + load_c[b]
                load_c[b] += 1
            while True:
                a = pred_row[b]
                slot_row[free_slot] = a
                slot_edge[free_slot] = pred_edge[b]
                if a == i0:
                    load_r[i0] += 1
                    break
                b = pred_col[a]
                free_slot = pred_slot[a]
        n_settled += n_set
        # potentials of the settled nodes
        for k in range(n_set):
            x = settled[k]
            if x < n_r:
                u1[x] += d1[x] - t1
                u2[x] += d2[x] - t2
            else:
                v1[x - n_r] += t1 - d1[x]
                v2[x - n_r] += t2 - d2[x]
    return n_pending, n_settled


def _prefix(x):  # type: ignore[no-untyped-def]
    out = _ints(len(x) + 1, 0)
    for k in range(len(x)):
        out[k + 1] = out[k] + x[k]
    return out


def solve(n_p, ei, ej, w, cap, lex, order, pstart):  # type: ignore[no-untyped-def]
    """The optimal assignment of the pairs ``(ei, ej, w)`` (``order``/``pstart``: :func:`pair_order`).

    Returns ``mentor_of, edge_of`` (per mentee, -1 if unmatched), the duals ``u1, u2`` (mentees) and
    ``v1, v2`` (mentors; ``inf`` for a mentor of capacity 0), and ``(searches, nodes settled)``.

    Capacities are clipped to ``degree + 1`` (never binding; the spare place keeps ``v = 0`` for a
    mentor that is not really full).  Orientation: with at least as many places as mentees, rows are
    the mentees (supply 1) and columns the mentors; otherwise rows are the mentors (supply: their
    places) and columns the mentees (capacity 1), so that searches end quickly at a free mentee.
    """
    n_j = len(cap)
    m = len(ei)
    deg = _ints(n_j, 0)
    for e in range(m):
        deg[ej[e]] += 1
    capc = _ints(n_j, 0)
    places = 0
    for j in range(n_j):
        capc[j] = min(cap[j], deg[j] + 1)
        places += capc[j]
    mentor_of = _ints(n_p, -1)
    edge_of = _ints(n_p, -1)
    adj = _ints(m, 0)
    ww = _floats(m, 0.0)
    if places >= n_p:  # rows: the mentees, in (mentee, mentor) order
        perm = order
        n_r, n_c = n_p, n_j
        rstart = pstart
        for k in range(m):
            adj[k] = ej[perm[k]]
            ww[k] = w[perm[k]]
        supply = _ints(n_r, 1)
        ccap = capc
    else:  # rows: the mentors, in (mentor, mentee) order
        perm, rstart = counting_order(ej, n_j, order)
        n_r, n_c = n_j, n_p
        for k in range(m):
            adj[k] = ei[perm[k]]
            ww[k] = w[perm[k]]
        supply = capc
        ccap = _ints(n_p, 1)
    best = _floats(n_r, 0.0)
    for r in range(n_r):
        for k in range(rstart[r], rstart[r + 1]):
            if ww[k] > best[r]:
                best[r] = ww[k]
    rows = _order_desc(best)
    u1 = _floats(n_r, 0.0)
    u2 = _floats(n_r, 0.0)
    v1 = _floats(n_c, 0.0)
    v2 = _floats(n_c, 0.0)
    slot_start = _prefix(ccap)
    slot_row = _ints(slot_start[n_c], -1)
    slot_edge = _ints(slot_start[n_c], -1)
    load_c = _ints(n_c, 0)
    load_r = _ints(n_r, 0)
    pending, n_pending = greedy(rstart, adj, ww, lex, supply, ccap, rows, u1, u2, v1, v2, slot_start, slot_row,
                                slot_edge, load_c, load_r)  # fmt: skip
    searches, settled = ssp(rstart, adj, ww, lex, ccap, u1, u2, v1, v2, slot_start, slot_row, slot_edge, load_c,
                            load_r, pending, n_pending)  # fmt: skip
    for c in range(n_c):
        for s in range(slot_start[c], slot_start[c] + load_c[c]):
            r = slot_row[s]
            if places >= n_p:
                mentor_of[r] = c
                edge_of[r] = perm[slot_edge[s]]
            else:
                mentor_of[c] = r
                edge_of[c] = perm[slot_edge[s]]
    if places >= n_p:
        mu1, mu2, mv1, mv2 = u1, u2, v1, v2
    else:
        mu1, mu2, mv1, mv2 = v1, v2, u1, u2
    for j in range(n_j):
        if cap[j] == 0:  # its pairs cannot be chosen: any dual is feasible
            mv1[j] = math.inf
            mv2[j] = math.inf
    return mentor_of, edge_of, mu1, mu2, mv1, mv2, searches, settled


def _geq0(x1, x2, tol1, tol2):  # type: ignore[no-untyped-def]
    return x1 > tol1 or (x1 >= -tol1 and x2 >= -tol2)


def _zero(x1, x2, tol1, tol2):  # type: ignore[no-untyped-def]
    return abs(x1) <= tol1 and abs(x2) <= tol2


def check(ei, ej, w, cap, mentor_of, edge_of, u1, u2, v1, v2, lex, tol):  # type: ignore[no-untyped-def]
    """The LP-duality certificate of :func:`matching.flow.certificate`, in one pass over the pairs.

    Primal feasibility (each chosen pair is one of the pairs given, for that mentee and mentor;
    capacities hold), dual feasibility (``u_i + v_j >= profit_ij`` on every pair, ``u, v >= 0``) and
    complementary slackness (chosen pairs tight, unmatched mentees ``u = 0``, mentors with room
    ``v = 0``), lexicographically, with tolerance ``tol`` on the weight part.
    """
    if lex:
        tol1, tol2 = 0.0, tol
    else:
        tol1, tol2 = tol, math.inf
    n_j = len(cap)
    load = _ints(n_j, 0)
    for i in range(len(mentor_of)):
        e = edge_of[i]
        j = mentor_of[i]
        if not _geq0(u1[i], u2[i], tol1, tol2):
            return False
        if e < 0:
            if j >= 0 or not _zero(u1[i], u2[i], tol1, tol2):
                return False
            continue
        if e >= len(ei) or ei[e] != i or ej[e] != j or j < 0 or j >= n_j:
            return False
        load[j] += 1
        q1, q2 = _profit(w, e, lex)
        if not _zero(u1[i] + v1[j] - q1, u2[i] + v2[j] - q2, tol1, tol2):
            return False
    for j in range(n_j):
        if load[j] > cap[j] or not _geq0(v1[j], v2[j], tol1, tol2):
            return False
        if load[j] < cap[j] and not _zero(v1[j], v2[j], tol1, tol2):
            return False
    for e in range(len(ei)):
        q1, q2 = _profit(w, e, lex)
        r1 = u1[ei[e]] + v1[ej[e]] - q1
        r2 = u2[ei[e]] + v2[ej[e]] - q2
        if lex:
            if r1 < 0 or (r1 == 0 and r2 < -tol):
                return False
        elif r1 < -tol:
            return False
    return True
