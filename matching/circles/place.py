"""Exact placement into a fixed set of open circles: a flow with lower bounds, and its duals.

Formulation
-----------
Participants ``p`` (at most one circle each), circles ``c`` taking between
``lower[c]`` and ``upper[c]`` participants, integer scores ``w_pc > 0`` on the
candidate pairs.  Maximise ``Σ w_pc x_pc`` subject to ``Σ_c x_pc ≤ 1`` and
``lower[c] ≤ Σ_p x_pc ≤ upper[c]``: a transportation problem with lower
bounds, whose constraint matrix is totally unimodular, so the LP optimum is
integral and LP duality proves it.  The LP dual:

    min Σ_p u_p + Σ_c (upper_c μ⁺_c − lower_c μ⁻_c)
    s.t. u_p + μ_c ≥ w_pc on every pair, u_p ≥ 0, μ_c free,

with complementary slackness: equality on the chosen pairs, ``u_p = 0`` for
a participant left out, ``μ_c > 0`` only for a full circle and ``μ_c < 0``
only for a circle at its minimum (:func:`matching.circles.certificate.check`).

Solver
------
The lower bounds become a priority: each circle is split into a *required*
part (capacity ``lower[c]``) and an *optional* part (``upper[c] − lower[c]``),
and a pair into the required part earns ``w + M`` with ``M`` larger than any
total score.  The capacitated assignment of :func:`matching.assign_arrays`
(exact, compiled, with its own certificate) then fills as many required
seats as possible first: all of them exactly when the lower bounds are
feasible, and among those placements it maximises the score.  Scores are
integers below 2**20 and ``M · n`` stays below 2**53, so every sum is exact in
floating point.  The duals of the split problem give the duals above:
``μ_c = min(v_required − M, v_optional)`` (an empty part's dual is ``+∞``).

Examples
--------
>>> import numpy as np
>>> sol = place(3, np.array([0, 1, 2, 2]), np.array([0, 0, 0, 1]), np.array([5, 4, 3, 9]),
...             lower=np.array([3, 0]), upper=np.array([3, 2]))
>>> sol.circle_of.tolist(), sol.total, sol.certified
([0, 0, 0], 12, True)
>>> place(2, np.array([0, 1]), np.array([0, 0]), np.array([5, 4]), np.array([3]), np.array([4])) is None
True
"""

from __future__ import annotations

import msgspec
import numpy as np

from matching.circles import certificate

__all__ = ["PlacementSolution", "place"]


class PlacementSolution(msgspec.Struct, frozen=True, kw_only=True):
    """The optimal placement: each participant's circle (``-1``) and pair index, the total, the duals."""

    circle_of: np.ndarray
    edge_of: np.ndarray
    total: int
    u: np.ndarray
    mu: np.ndarray
    certified: bool


def place(n_p: int, p: np.ndarray, c: np.ndarray, w: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> PlacementSolution | None:  # fmt: skip
    """Optimal placement with every circle between ``lower`` and ``upper``, or ``None`` if none is feasible.

    Parameters
    ----------
    n_p : int
        Number of participants (codes ``0 .. n_p - 1``).
    p, c, w : ndarray of int
        The candidate pairs: participant code, circle code, score ``> 0``.
        A pair may appear once.
    lower, upper : ndarray of int
        Each circle's minimum and maximum number of new participants
        (``0 ≤ lower ≤ upper``); a circle with ``upper == 0`` is closed.

    Returns
    -------
    PlacementSolution or None
        ``None`` when no placement reaches every minimum.
    """
    from matching import assign_arrays

    p, c, w = (np.asarray(x, dtype=np.int64) for x in (p, c, w))
    lower, upper = np.asarray(lower, dtype=np.int64), np.asarray(upper, dtype=np.int64)
    m = len(upper)
    if len(w) and (w.min() <= 0 or w.max() >= 2**20):
        raise ValueError("scores must be integers in 1 .. 2**20 - 1")
    if (lower < 0).any() or (lower > upper).any():
        raise ValueError("every circle needs 0 <= lower <= upper")
    best = np.zeros(n_p, dtype=np.int64)
    np.maximum.at(best, p, w)
    big = int(best.sum()) + 1  # more than any total score
    if big * (n_p + 1) >= 2**53:
        raise ValueError("instance too large for exact arithmetic")
    keep = upper[c] > 0
    p, c, w = p[keep], c[keep], w[keep]
    req = lower[c] > 0
    opt = (upper - lower)[c] > 0
    ei = np.concatenate([p[req], p[opt]])
    ej = np.concatenate([c[req], m + c[opt]])
    ew = np.concatenate([w[req] + big, w[opt]]).astype(np.float64)
    idx = np.concatenate([np.flatnonzero(req), np.flatnonzero(opt)])
    sol = assign_arrays(ei, ej, ew, np.concatenate([lower, upper - lower]), n_mentees=n_p)
    counts = np.bincount(c[idx[sol.edge_of[sol.edge_of >= 0]]], minlength=m)
    if (counts < lower).any() or not sol.certified:
        if not sol.certified:
            raise ArithmeticError(
                "the assignment kernel's certificate failed (rounding beyond its tolerance)"
            )
        return None
    edge_of = _take(idx, sol.edge_of)
    circle_of = _take(c, edge_of)
    inf = np.iinfo(np.int64).max // 4
    v = np.rint(np.nan_to_num(sol.v[:, 0], nan=inf, posinf=inf)).astype(np.int64)  # unused parts: +inf
    v_req = np.where(lower > 0, v[:m] - big, inf)
    v_opt = np.where(upper > lower, v[m:], inf)
    mu = np.where(upper > 0, np.minimum(v_req, v_opt), 0)
    u = np.rint(sol.u[:, 0]).astype(np.int64)
    total = int(w[edge_of[edge_of >= 0]].sum())
    ok = certificate.check(n_p, p, c, w, lower, upper, edge_of, u, mu)
    back = np.flatnonzero(keep)  # edge_of indexes the pairs given, before closed circles were dropped
    edge_of = _take(back, edge_of)
    return PlacementSolution(circle_of=circle_of, edge_of=edge_of, total=total, u=u, mu=mu, certified=ok)


def _take(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``values[index]`` where ``index >= 0``, else ``-1``."""
    out = np.full(len(index), -1, dtype=np.int64)
    hit = index >= 0
    out[hit] = values[index[hit]]
    return out
