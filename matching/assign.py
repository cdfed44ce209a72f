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
from collections.abc import Callable, Iterable, Iterator, Mapping
from numbers import Real
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from matching import _jit, _kernels

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ArrayAssignment", "Assignment", "Mode", "assign", "assign_arrays", "assign_graph"]

Mode = Literal["max_weight", "max_cardinality"]
_MODES = ("max_weight", "max_cardinality")
# pairs up to which assign() solves in CPython (same kernels, on lists) unless the compiled ones are
# already loaded: loading numba and the compiled kernels costs about a second, this path much less
_SMALL = 20_000


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
    certified : bool
        Whether the optimality certificate held: the solver's duals were
        checked against every pair given, independently of the solver
        (:func:`matching.flow.check`).  Always true unless rounding beyond
        the tolerance occurred (weights spanning more than ~1e10).
    """

    pairs: dict[str, str]
    total_weight: float
    cardinality: int
    unmatched: list[str] = msgspec.field(default_factory=list)
    mode: str = "max_weight"
    certified: bool = True


class ArrayAssignment(msgspec.Struct, frozen=True, kw_only=True):
    """The result of :func:`assign_arrays` (arrays indexed by mentee or mentor code).

    Attributes
    ----------
    mentor_of : ndarray of int64
        Mentor code of each mentee, ``-1`` if unmatched.
    edge_of : ndarray of int64
        Index, in the input arrays, of each mentee's chosen pair (``-1``).
    total_weight : float
        Sum of the weights of the chosen pairs (``math.fsum``).
    cardinality : int
        Number of matched mentees.
    mode : str
        The objective that was optimised.
    certified : bool
        Whether the optimality certificate held (see :class:`Assignment`).
    u, v : ndarray of float64, shape (n, 2)
        The duals of the mentees and the mentors, ``(primary, secondary)``
        parts of the lexicographic objective (see :mod:`matching.flow`).
    """

    mentor_of: np.ndarray
    edge_of: np.ndarray
    total_weight: float
    cardinality: int
    mode: str
    certified: bool
    u: np.ndarray
    v: np.ndarray


def _is_number(x: Any) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool)


def _encode(
    ids: Callable[[], Iterator[Any]], n: int, what: str, small: bool, extra: Iterable[str] = ()
) -> tuple[list[str], Any]:
    """Sorted distinct ids and the code of each of ``ids()`` (a list when ``small``, else an int64 array).

    ``ids`` gives a fresh iterator over the column: no copy of it is kept (2M edges, 160 MB a column).
    """
    distinct = set(ids())
    bad = [x for x in distinct if not isinstance(x, str)]
    if bad:
        raise ValueError(f"{what} id {bad[0]!r} is not a string")
    names = sorted(distinct.union(extra))
    index = {name: k for k, name in enumerate(names)}
    if small:
        return names, list(map(index.__getitem__, ids()))
    import numpy as np

    return names, np.fromiter(map(index.__getitem__, ids()), dtype=np.int64, count=n)


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
        ``mode`` (see the module docstring for the formulation), with the
        verdict of the optimality certificate.

    Raises
    ------
    ValueError
        On a weight that is not a finite number ``> 0``, a negative or
        non-integer capacity, a mentor missing from ``capacities``, a
        duplicated pair, a non-string id, or an unknown ``mode``.

    See Also
    --------
    assign_arrays : the same on integer codes in numpy arrays (no ids to map).

    Examples
    --------
    >>> a = assign([("ann", "max", 3.0), ("bob", "max", 2.0), ("bob", "eve", 1.0)],
    ...            {"max": 1, "eve": 1})
    >>> a.pairs, a.total_weight, a.cardinality, a.certified
    ({'ann': 'max', 'bob': 'eve'}, 4.0, 2, True)
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

    def column(k: int) -> Callable[[], Iterator[Any]]:  # iterated, never copied (zip(*edges) is slow too)
        return lambda: map(itemgetter(k), edges)

    weights = column(2)
    if not set(map(type, weights())) <= {float, int} and not all(map(_is_number, weights())):
        k = next(k for k, x in enumerate(weights()) if not _is_number(x))
        raise ValueError(f"weight {edges[k][2]!r} of pair {edges[k][0]!r}–{edges[k][1]!r} is not a number")
    small = len(edges) <= _SMALL and not _jit.loaded()
    w: Any
    if small:
        w = [float(x) for x in weights()]
        bad = next((k for k, x in enumerate(w) if not 0.0 < x < math.inf), -1)
    else:
        import numpy as np

        w = np.fromiter(weights(), dtype=np.float64, count=len(edges))
        bad_w = ~(np.isfinite(w) & (w > 0))
        bad = int(np.flatnonzero(bad_w)[0]) if bad_w.any() else -1
    if bad >= 0:
        raise ValueError(
            f"weight {edges[bad][2]!r} of pair {edges[bad][0]!r}–{edges[bad][1]!r} must be finite and > 0"
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
    p_names, ei = _encode(column(0), len(edges), "mentee", small, extra)
    j_names, ej = _encode(column(1), len(edges), "mentor", small)
    missing = [j for j in j_names if j not in capacities]
    if missing:
        raise ValueError(f"mentor {missing[0]!r} has edges but no capacity")
    n_p, n_j = len(p_names), len(j_names)
    caps = [capacities[j] for j in j_names]
    lex = mode == "max_cardinality"
    if small:
        order, start, dup = _kernels.pair_order(ei, ej, n_p, n_j)
        if dup < 0:
            mentor_of, edge_of, u1, u2, v1, v2, _, _ = _kernels.solve(n_p, ei, ej, w, caps, lex, order, start)
            tol = 1e-11 * max(w, default=1.0)
            certified = _kernels.check(ei, ej, w, caps, mentor_of, edge_of, u1, u2, v1, v2, lex, tol)
    else:
        import numpy as np

        from matching import flow

        cap = np.array(caps, dtype=np.int64)
        order, start, dup = _jit.compiled("pair_order")(ei, ej, n_p, n_j)
        if dup < 0:
            sol = flow.solve_sorted(n_p, ei, ej, w, cap, mode, order, start)
            certified = flow.check(ei, ej, w, cap, sol)
            mentor_of, edge_of = sol.mentor_of.tolist(), sol.edge_of.tolist()
            w = w.tolist()
    if dup >= 0:
        raise ValueError(f"pair {edges[dup][0]!r}–{edges[dup][1]!r} appears more than once")
    pairs = {p_names[i]: j_names[j] for i, j in enumerate(mentor_of) if j >= 0}
    total = math.fsum([w[e] for e in edge_of if e >= 0])
    unmatched = [p_names[i] for i, j in enumerate(mentor_of) if j < 0]
    return Assignment(pairs=pairs, total_weight=total, cardinality=len(pairs), unmatched=unmatched, mode=mode,
                      certified=certified)  # fmt: skip


def assign_arrays(
    mentees: Any,
    mentors: Any,
    weights: Any,
    capacities: Any,
    *,
    mode: Mode = "max_weight",
    n_mentees: int | None = None,
) -> ArrayAssignment:
    """Optimal capacitated assignment on integer codes: :func:`assign` for numpy arrays.

    The fast entry point for large instances: ids are mapped to codes once by
    the caller, no Python object is created per pair, and the pairs may come
    in any order (the result depends only on the set of pairs and their
    order, deterministically).

    Parameters
    ----------
    mentees, mentors : array_like of int
        Mentee code (``0 .. n_mentees - 1``) and mentor code
        (``0 .. len(capacities) - 1``) of every admissible pair.
    weights : array_like of float
        Weight of every pair, finite and ``> 0``.
    capacities : array_like of int
        Capacity of every mentor (``>= 0``).
    mode : {"max_weight", "max_cardinality"}
        See :func:`assign`.
    n_mentees : int, optional
        Number of mentees (default: the largest code + 1).

    Returns
    -------
    ArrayAssignment
        The mentor of every mentee, the chosen pairs, their total weight,
        the duals and the verdict of the optimality certificate.

    Raises
    ------
    ValueError
        On arrays of different lengths or not of integers, a code out of
        range, a weight that is not finite and ``> 0``, a negative capacity,
        a duplicated pair or an unknown ``mode``.

    Examples
    --------
    >>> import numpy as np
    >>> a = assign_arrays(np.array([0, 1, 1]), np.array([0, 0, 1]), np.array([3.0, 2.0, 1.0]),
    ...                   np.array([1, 1]))
    >>> a.mentor_of.tolist(), a.total_weight, a.cardinality, a.certified
    ([0, 1], 4.0, 2, True)
    """
    import numpy as np

    from matching import flow

    if mode not in _MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {_MODES}")
    arrays = {}
    for name, x in (("mentees", mentees), ("mentors", mentors), ("capacities", capacities)):
        a = np.asarray(x)
        if a.ndim != 1 or not (np.issubdtype(a.dtype, np.integer) or a.size == 0):
            raise ValueError(f"{name} must be a one-dimensional array of integers")
        arrays[name] = np.ascontiguousarray(a, dtype=np.int64)
    ei, ej, cap = arrays["mentees"], arrays["mentors"], arrays["capacities"]
    w = np.ascontiguousarray(weights, dtype=np.float64)
    if w.ndim != 1 or not len(ei) == len(ej) == len(w):
        raise ValueError("mentees, mentors and weights must be one-dimensional arrays of the same length")
    n_p = int(ei.max()) + 1 if n_mentees is None and len(ei) else int(n_mentees or 0)
    if len(ei) and (ei.min() < 0 or ei.max() >= n_p):
        raise ValueError(f"mentee codes must be in 0 .. {n_p - 1}")
    if len(ej) and (ej.min() < 0 or ej.max() >= len(cap)):
        raise ValueError(f"mentor codes must be in 0 .. {len(cap) - 1} (one capacity per mentor)")
    if len(cap) and cap.min() < 0:
        raise ValueError("capacities must be >= 0")
    if len(w) and not (w.min() > 0 and math.isfinite(w.max())):
        k = int(np.flatnonzero(~(np.isfinite(w) & (w > 0)))[0])
        raise ValueError(f"weight {float(w[k])!r} of pair #{k} must be finite and > 0")
    order, start, dup = _jit.compiled("pair_order")(ei, ej, n_p, len(cap))
    if dup >= 0:
        raise ValueError(f"pair #{dup} (mentee {int(ei[dup])}, mentor {int(ej[dup])}) appears more than once")
    sol = flow.solve_sorted(n_p, ei, ej, w, cap, mode, order, start)
    certified = flow.check(ei, ej, w, cap, sol)
    chosen = sol.edge_of[sol.edge_of >= 0]
    return ArrayAssignment(mentor_of=sol.mentor_of, edge_of=sol.edge_of, total_weight=math.fsum(w[chosen].tolist()),
                           cardinality=len(chosen), mode=mode, certified=certified, u=sol.u, v=sol.v)  # fmt: skip


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
