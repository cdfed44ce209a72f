"""Exactly optimal capacitated mentee–mentor assignment.

Formulation
-----------
The instance is a bipartite graph: mentees on one side, mentors on the other,
an edge ``(mentee, mentor, weight)`` for every admissible pair (``weight > 0``).
A feasible assignment gives every mentee at most one mentor and mentor ``j``
at most ``capacity[j]`` mentees: a *b-matching*.

Capacities are modelled by *slots*: mentor ``j`` becomes ``min(capacity[j],
degree[j])`` identical slot vertices, each joined to every candidate of ``j``
(a mentor never needs more slots than it has candidates, so the clipping is
free).  A b-matching is then an ordinary matching between mentees and slots.

``mode="max_weight"``
    Each slot ``s`` gets a private *dummy* partner ``d_s`` that stands for
    "this slot stays empty".  We ask for a **full** matching of the slots
    (every slot takes either a mentee or its dummy) of minimum cost, with
    cost ``K_j - w`` on a real edge of mentor ``j`` and ``K_j`` on the dummy
    edge (``K_j = 2 * max weight of j``; adding the same constant to every
    edge of a slot does not change which full matching is optimal, and it
    keeps every cost strictly positive, which the sparse solver requires).
    Mentees are matched at most once because they are single columns, so
    "unmatched" for a mentee is simply "no slot chose it".  Minimising the
    cost is exactly maximising the total weight.
``mode="max_cardinality"``
    We first compute a maximum matching (Hopcroft–Karp) and its
    Dulmage–Mendelsohn decomposition: the mentees reachable by alternating
    paths from an unmatched mentee (``P_D``) and their slots (``Q_A``), the
    slots reachable from an empty slot (``Q_D``) and their mentees (``P_A``),
    and the perfectly matchable rest.  Every maximum matching saturates
    ``Q_A`` inside ``P_D``, ``P_A`` inside ``Q_D`` and the rest perfectly, and
    uses no edge between the parts, so a maximum-weight maximum matching is
    the union of three minimum-cost *full* matchings (cost ``-w``), one per
    part.  No "big M" constant is added to the weights, so weights from 1e-6
    to 1e6 are compared exactly.

Each full-matching problem is cut into its connected components (small ones
are batched together) and solved by SciPy's LAPJVsp
(:func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`), an exact
shortest-augmenting-path algorithm.  Optimality therefore follows from the
exactness of LAPJVsp and of the reductions above (linear-programming duality:
the bipartite b-matching polytope is integral).  In ``max_weight`` mode the
only rounding is the one of ``K_j - w``; the total weight found is within a
relative ``2.3e-16 * cardinality`` of the optimum.

Determinism: ids are sorted, edges ordered by (mentee, mentor), and the solver
is deterministic, so the same input gives the same pairs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any, Literal

import msgspec
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import (
    breadth_first_order,
    connected_components,
    maximum_bipartite_matching,
    min_weight_full_bipartite_matching,
)

__all__ = ["Assignment", "Mode", "assign", "assign_graph"]

Mode = Literal["max_weight", "max_cardinality"]
_MODES = ("max_weight", "max_cardinality")
_BATCH_ROWS = 4096


class Assignment(msgspec.Struct, frozen=True, kw_only=True):
    """The result of :func:`assign`.

    Attributes
    ----------
    pairs : dict[str, str]
        Mentee id → mentor id, sorted by mentee id.
    total_weight : float
        Sum of the weights of the chosen pairs.
    cardinality : int
        Number of matched mentees (``len(pairs)``).
    unmatched : list[str]
        Known mentees (from the edges or the ``mentees`` argument) left
        without a mentor, sorted.
    mode : str
        The objective that was optimised.
    """

    pairs: dict[str, str]
    total_weight: float
    cardinality: int
    unmatched: list[str] = msgspec.field(default_factory=list)
    mode: str = "max_weight"


def _is_number(x: Any) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool)


def _encode(ids: tuple[Any, ...], what: str, extra: Iterable[str] = ()) -> tuple[list[str], np.ndarray]:
    bad = [x for x in set(ids) if not isinstance(x, str)]
    if bad:
        raise ValueError(f"{what} id {bad[0]!r} is not a string")
    names = sorted(set(ids).union(extra))
    index = {name: k for k, name in enumerate(names)}
    codes = np.fromiter(map(index.__getitem__, ids), dtype=np.int64, count=len(ids))
    return names, codes


def _lap_full(n_rows: int, n_cols: int, r: np.ndarray, c: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Minimum-cost matching saturating every row; return the column of each row.

    Every connected component must have a matching saturating its rows, with
    at least as many columns as rows.  Components are solved separately
    (small ones batched), since LAPJVsp's work grows faster than linearly.
    """
    out = np.full(n_rows, -1, dtype=np.int64)
    if n_rows == 0:
        return out
    graph = sp.coo_array(
        (np.ones(len(r), dtype=np.int8), (r, n_rows + c)), shape=(n_rows + n_cols, n_rows + n_cols)
    ).tocsr()
    n_comp, label = connected_components(graph, directed=False)
    row_label = label[:n_rows]
    edge_label = row_label[r]
    # group components into batches of about _BATCH_ROWS rows, in label order
    rows_per = np.bincount(row_label, minlength=n_comp)
    batch_of_comp = np.zeros(n_comp, dtype=np.int64)
    acc, b = 0, 0
    for k in np.argsort(-rows_per, kind="stable"):
        if rows_per[k] == 0:
            continue
        if acc and acc + rows_per[k] > _BATCH_ROWS:
            b, acc = b + 1, 0
        batch_of_comp[k] = b
        acc += int(rows_per[k])
    edge_batch = batch_of_comp[edge_label]
    order = np.argsort(edge_batch, kind="stable")
    bounds = np.searchsorted(edge_batch[order], np.arange(b + 2))
    for k in range(b + 1):
        sel = order[bounds[k] : bounds[k + 1]]
        if len(sel) == 0:
            continue
        rows_k, r_loc = np.unique(r[sel], return_inverse=True)
        cols_k, c_loc = np.unique(c[sel], return_inverse=True)
        mat = sp.csr_array((cost[sel], (r_loc, c_loc)), shape=(len(rows_k), len(cols_k)))
        ri, ci = min_weight_full_bipartite_matching(mat)
        out[rows_k[ri]] = cols_k[ci]
    return out


def _expand(
    ei: np.ndarray, ej: np.ndarray, cap: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Slot expansion: return (edge index, slot) per expanded edge, slot owners, slot starts."""
    slot_start = np.concatenate([[0], np.cumsum(cap)])
    owner = np.repeat(np.arange(len(cap)), cap)
    rep = cap[ej]
    edge_idx = np.repeat(np.arange(len(ei)), rep)
    offset = np.arange(len(edge_idx)) - np.repeat(np.cumsum(rep) - rep, rep)
    slot = slot_start[ej][edge_idx] + offset
    return edge_idx, slot, owner, slot_start


def _reach(n: int, tails: np.ndarray, heads: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Boolean mask of the nodes reachable from ``sources`` in a directed graph."""
    seen = np.zeros(n, dtype=bool)
    if len(sources) == 0:
        return seen
    src = n  # a super source
    t = np.concatenate([tails, np.full(len(sources), src)])
    h = np.concatenate([heads, sources])
    g = sp.csr_array((np.ones(len(t), dtype=np.int8), (t, h)), shape=(n + 1, n + 1))
    order = breadth_first_order(g, src, directed=True, return_predecessors=False)
    seen[order[order < n]] = True
    return seen


def _solve_max_weight(
    n_p: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, cap: np.ndarray
) -> np.ndarray:
    edge_idx, slot, owner, _ = _expand(ei, ej, cap)
    n_s = len(owner)
    k = np.full(len(cap), 2.0 * float(w.max()))
    # rows = slots, cols = mentees [0, n_p) then one dummy per slot
    r = np.concatenate([slot, np.arange(n_s)])
    c = np.concatenate([ei[edge_idx], n_p + np.arange(n_s)])
    cost = np.concatenate([k[ej[edge_idx]] - w[edge_idx], k[owner]])
    col = _lap_full(n_s, n_p + n_s, r, c, cost)
    real = col < n_p
    mentee_of_mentor = np.full(n_p, -1, dtype=np.int64)
    mentee_of_mentor[col[real]] = owner[real]
    return mentee_of_mentor


def _solve_max_cardinality(
    n_p: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, cap: np.ndarray
) -> np.ndarray:
    edge_idx, slot, owner, _ = _expand(ei, ej, cap)
    n_s = len(owner)
    p = ei[edge_idx]
    cost = -w[edge_idx]
    result = np.full(n_p, -1, dtype=np.int64)
    if len(p) == 0:
        return result
    bi = sp.csr_array((np.ones(len(p), dtype=np.int8), (p, slot)), shape=(n_p, n_s))
    match_p = np.asarray(maximum_bipartite_matching(bi, perm_type="column"), dtype=np.int64)
    match_q = np.full(n_s, -1, dtype=np.int64)
    has = match_p >= 0
    match_q[match_p[has]] = np.flatnonzero(has)
    in_matching = match_p[p] == slot
    n = n_p + n_s  # nodes: mentees then slots
    # alternating reachability from unmatched mentees: P->Q any edge, Q->P matching edge
    mq = np.flatnonzero(match_q >= 0)
    fwd = _reach(
        n,
        np.concatenate([p, n_p + mq]),
        np.concatenate([n_p + slot, match_q[mq]]),
        np.flatnonzero((match_p < 0) & (np.bincount(p, minlength=n_p) > 0)),
    )
    # from empty slots: Q->P any edge, P->Q matching edge
    mp = np.flatnonzero(has)
    bwd = _reach(
        n,
        np.concatenate([n_p + slot, mp]),
        np.concatenate([p, n_p + match_p[mp]]),
        n_p + np.flatnonzero(match_q < 0),
    )
    p_d, q_a = fwd[:n_p], fwd[n_p:]
    q_d, p_a = bwd[n_p:], bwd[:n_p]
    del in_matching
    parts = [
        # (row mask on edges, rows, cols) -- rows are the side every maximum matching saturates
        (q_a[slot] & p_d[p], slot, p, n_s, n_p, True),
        (p_a[p] & q_d[slot], p, slot, n_p, n_s, False),
        (~(p_d | p_a)[p] & ~(q_a | q_d)[slot], p, slot, n_p, n_s, False),
    ]
    for mask, rows, cols, n_rows, n_cols, rows_are_slots in parts:
        if not mask.any():
            continue
        col = _lap_full(n_rows, n_cols, rows[mask], cols[mask], cost[mask])
        got = np.flatnonzero(col >= 0)
        if rows_are_slots:
            result[col[got]] = owner[got]
        else:
            result[got] = owner[col[got]]
    return result


def solve_codes(
    n_p: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, cap: np.ndarray, mode: str
) -> np.ndarray:
    """Core solver on integer codes: mentee ``i`` → mentor index, or -1.

    ``ei``/``ej``/``w`` are the edges (no duplicates, ``w > 0``), sorted by
    ``(ei, ej)`` for determinism; ``cap`` the mentors' capacities.
    """
    n_j = len(cap)
    # a mentor never needs more slots than candidates; drop capacity-0 mentors' edges
    cap = np.minimum(np.asarray(cap, dtype=np.int64), np.bincount(ej, minlength=n_j))
    live = cap[ej] > 0
    ei, ej, w = ei[live], ej[live], w[live]
    if len(ei) == 0:
        return np.full(n_p, -1, dtype=np.int64)
    solve = _solve_max_weight if mode == "max_weight" else _solve_max_cardinality
    return solve(n_p, ei, ej, w, cap)


def assign(
    edges: Iterable[tuple[str, str, float]],
    capacities: Mapping[str, int],
    *,
    mode: Mode = "max_weight",
    mentees: Iterable[str] = (),
) -> Assignment:
    """Optimal capacitated assignment of mentees to mentors.

    Parameters
    ----------
    edges : iterable of (str, str, float)
        ``(mentee_id, mentor_id, weight)`` for every admissible pair;
        ``weight`` must be finite and ``> 0``; a pair may appear only once.
    capacities : mapping of str to int
        Mentor id → how many mentees it may take (``>= 0``).  Every mentor
        named in ``edges`` must be present.
    mode : {"max_weight", "max_cardinality"}
        ``"max_weight"`` maximises the total weight.  ``"max_cardinality"``
        matches as many mentees as possible, then maximises the total weight
        among those matchings.
    mentees : iterable of str, optional
        Extra mentee ids (e.g. with no edge) to report in ``unmatched``.

    Returns
    -------
    Assignment
        The pairs, their total weight and their number.  Exactly optimal for
        ``mode`` (see the module docstring for the formulation).

    Raises
    ------
    ValueError
        On a weight that is not a finite number ``> 0``, a negative or
        non-integer capacity, a mentor missing from ``capacities``, a
        duplicated pair, a non-string id, or an unknown ``mode``.

    Examples
    --------
    >>> a = assign([("ann", "max", 3.0), ("bob", "max", 2.0), ("bob", "eve", 1.0)],
    ...            {"max": 1, "eve": 1})
    >>> a.pairs, a.total_weight, a.cardinality
    ({'ann': 'max', 'bob': 'eve'}, 4.0, 2)
    >>> assign([("ann", "max", 3.0), ("bob", "max", 2.0)], {"max": 1}).pairs
    {'ann': 'max'}
    >>> assign([("ann", "max", 3.0), ("ann", "eve", 1.0), ("bob", "max", 1.0)],
    ...        {"max": 1, "eve": 1}, mode="max_cardinality").pairs
    {'ann': 'eve', 'bob': 'max'}
    """
    if mode not in _MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {_MODES}")
    edges = edges if isinstance(edges, list | tuple) else list(edges)
    for k, e in enumerate(edges):
        if not isinstance(e, list | tuple) or len(e) != 3:
            raise ValueError(f"edge #{k} {e!r} is not a (mentee, mentor, weight) triple")
    mentee_ids: tuple[Any, ...]
    mentor_ids: tuple[Any, ...]
    weights: tuple[Any, ...]
    if edges:
        mentee_ids, mentor_ids, weights = zip(*edges, strict=True)
    else:
        mentee_ids = mentor_ids = weights = ()
    if not all(map(_is_number, weights)):
        k = next(k for k, x in enumerate(weights) if not _is_number(x))
        raise ValueError(f"weight {weights[k]!r} of pair {edges[k][0]!r}–{edges[k][1]!r} is not a number")
    w = np.asarray(weights, dtype=np.float64) if weights else np.zeros(0)
    bad_w = ~(np.isfinite(w) & (w > 0))
    if bad_w.any():
        k = int(np.flatnonzero(bad_w)[0])
        raise ValueError(
            f"weight {weights[k]!r} of pair {edges[k][0]!r}–{edges[k][1]!r} must be finite and > 0"
        )
    for mentor, c in capacities.items():
        if not isinstance(mentor, str):
            raise ValueError(f"mentor id {mentor!r} is not a string")
        if not isinstance(c, int) or isinstance(c, bool) or c < 0:
            raise ValueError(f"capacity {c!r} of mentor {mentor!r} must be an integer >= 0")
    extra = list(mentees)
    bad_extra = [x for x in extra if not isinstance(x, str)]
    if bad_extra:
        raise ValueError(f"mentee id {bad_extra[0]!r} is not a string")
    p_names, ei = _encode(mentee_ids, "mentee", extra)
    j_names, ej = _encode(mentor_ids, "mentor")
    missing = [j for j in j_names if j not in capacities]
    if missing:
        raise ValueError(f"mentor {missing[0]!r} has edges but no capacity")
    n_p, n_j = len(p_names), len(j_names)
    key = ei * max(n_j, 1) + ej
    order = np.argsort(key, kind="stable")
    skey = key[order]
    dup = np.flatnonzero(skey[1:] == skey[:-1])
    if len(dup):
        k = int(order[dup[0]])
        raise ValueError(f"pair {edges[k][0]!r}–{edges[k][1]!r} appears more than once")
    ei, ej, w = ei[order], ej[order], w[order]
    cap = np.array([capacities[j] for j in j_names], dtype=np.int64)
    mentor_of = solve_codes(n_p, ei, ej, w, cap, mode)
    matched = np.flatnonzero(mentor_of >= 0)
    pair_key = matched * max(n_j, 1) + mentor_of[matched]
    pos = np.searchsorted(ei * max(n_j, 1) + ej, pair_key)
    total = math.fsum(w[pos].tolist())
    pairs = {p_names[i]: j_names[j] for i, j in zip(matched.tolist(), mentor_of[matched].tolist(), strict=True)}
    unmatched = [p_names[i] for i in np.flatnonzero(mentor_of < 0).tolist()]
    return Assignment(pairs=pairs, total_weight=total, cardinality=len(pairs), unmatched=unmatched, mode=mode)


def assign_graph(
    graph: Any,
    top_nodes: Iterable[str],
    *,
    capacity: str = "capacity",
    weight: str = "weight",
    mode: Mode = "max_weight",
) -> Assignment:
    """:func:`assign` on a networkx bipartite graph.

    Parameters
    ----------
    graph : networkx.Graph
        Bipartite graph; mentor nodes carry a ``capacity`` attribute and edges
        a ``weight`` attribute.
    top_nodes : iterable of str
        The mentee nodes (explicit, since a disconnected bipartite graph has
        no unique bipartition).
    capacity, weight : str
        Attribute names.
    mode : {"max_weight", "max_cardinality"}
        See :func:`assign`.

    Returns
    -------
    Assignment

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("max", capacity=1)
    >>> g.add_edge("ann", "max", weight=2.0)
    >>> g.add_node("zoe")
    >>> a = assign_graph(g, top_nodes=["ann", "zoe"])
    >>> a.pairs, a.unmatched
    ({'ann': 'max'}, ['zoe'])
    """
    import networkx as nx

    top = set(top_nodes)
    mentee_set, mentor_set = nx.bipartite.sets(graph, top_nodes=top)
    edges = []
    for u, v, data in graph.edges(data=True):
        a, b = (u, v) if u in top else (v, u)
        if a not in top or b in top:
            raise ValueError(f"edge {u!r}–{v!r} does not join a mentee to a mentor")
        edges.append((a, b, data.get(weight)))
    caps = {j: graph.nodes[j].get(capacity) for j in mentor_set}
    missing = [j for j, c in caps.items() if c is None]
    if missing:
        raise ValueError(f"mentor {missing[0]!r} has no {capacity!r} attribute")
    return assign(edges, caps, mode=mode, mentees=sorted(mentee_set))
