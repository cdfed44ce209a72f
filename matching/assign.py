"""Exactly optimal capacitated mentee–mentor assignment: the public API.

Formulation
-----------
The instance is a bipartite graph: mentees on one side, mentors on the other,
an edge ``(mentee, mentor, weight)`` for every admissible pair (``weight > 0``).
A feasible assignment gives every mentee at most one mentor and mentor ``j``
at most ``capacity[j]`` mentees: a *b-matching*, i.e. an integral flow in the
network source → mentee → mentor → sink, with an extra mentee → sink arc
meaning "stays unmatched".

``mode="max_weight"`` maximises the total weight.  ``mode="max_cardinality"``
maximises the number of matched mentees, then the total weight among those
assignments; the two criteria are compared lexicographically (a pair is worth
``(1, w)``), never folded into one number with a "big M", so weights from
1e-6 to 1e6 are compared exactly.

Both are solved by :mod:`matching.flow`, a compiled successive-shortest-path
(sparse Hungarian) min-cost-flow solver that works on the mentors' capacities
directly and returns the optimal duals.  Optimality is the LP-duality
argument given there (the b-matching polytope is integral), and the duals are
re-checked by :func:`matching.flow.certificate` in the tests.

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

from matching import flow

__all__ = ["Assignment", "Mode", "assign", "assign_graph"]

Mode = Literal["max_weight", "max_cardinality"]
_MODES = ("max_weight", "max_cardinality")


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


def solve_codes(
    n_p: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, cap: np.ndarray, mode: str
) -> np.ndarray:
    """Core solver on integer codes: mentee ``i`` → mentor index, or -1.

    ``ei``/``ej``/``w`` are the edges (no duplicates, ``w > 0``), sorted by
    ``(ei, ej)`` for determinism; ``cap`` the mentors' capacities.
    """
    return flow.solve(n_p, ei, ej, w, cap, mode).mentor_of


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
    if not (set(map(type, edges)) <= {tuple, list} and set(map(len, edges)) <= {3}):  # fast path first
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
    if not set(map(type, weights)) <= {float, int} and not all(map(_is_number, weights)):
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
    pairs = {
        p_names[i]: j_names[j] for i, j in zip(matched.tolist(), mentor_of[matched].tolist(), strict=True)
    }
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
