"""Independent check that a placement is optimal: LP duality in exact integer arithmetic.

A placement ``x`` and duals ``(u, μ)`` prove each other optimal when both are
feasible and complementary slackness holds (see :mod:`matching.circles.place`
for the LP).  This module knows nothing of the solver: it reads the pairs,
the bounds, the chosen pairs and the duals, and checks

* primal: every participant in at most one circle, along a given pair, and
  every circle between its bounds;
* dual: ``u ≥ 0`` and ``u_p + μ_c ≥ w_pc`` on every pair;
* slackness: equality on the chosen pairs, ``u_p = 0`` when ``p`` is left
  out, ``μ_c > 0`` only if ``c`` is full, ``μ_c < 0`` only if ``c`` is at
  its minimum;

and that the primal and dual objectives are equal (implied, checked anyway).

Examples
--------
>>> import numpy as np
>>> p, c, w = np.array([0, 1]), np.array([0, 0]), np.array([3, 2])
>>> check(2, p, c, w, np.array([0]), np.array([1]), np.array([0, -1]), np.array([1, 0]), np.array([2]))
True
>>> check(2, p, c, w, np.array([0]), np.array([1]), np.array([-1, 1]), np.array([0, 0]), np.array([2]))
False
"""

from __future__ import annotations

import numpy as np

__all__ = ["check"]


def check(n_p: int, p: np.ndarray, c: np.ndarray, w: np.ndarray, lower: np.ndarray, upper: np.ndarray,
          edge_of: np.ndarray, u: np.ndarray, mu: np.ndarray) -> bool:  # fmt: skip
    """Whether ``edge_of`` (each participant's pair index, ``-1``) is optimal, proved by the duals ``u``, ``mu``."""
    p, c, w, edge_of = (np.asarray(x, dtype=np.int64) for x in (p, c, w, edge_of))
    u, mu = np.asarray(u, dtype=np.int64), np.asarray(mu, dtype=np.int64)
    if len(edge_of) != n_p or len(u) != n_p or len(mu) != len(upper):
        return False
    placed = edge_of >= 0
    e = edge_of[placed]
    if len(e) and (e.max() >= len(p) or (p[e] != np.flatnonzero(placed)).any()):
        return False  # a chosen pair that is not the participant's own
    counts = np.bincount(c[e], minlength=len(upper))
    if (counts < lower).any() or (counts > upper).any():
        return False
    if (u < 0).any() or (u[p] + mu[c] < w).any():
        return False
    if (u[p[e]] + mu[c[e]] != w[e]).any() or (u[~placed] != 0).any():
        return False
    if ((mu > 0) & (counts != upper)).any() or ((mu < 0) & (counts != lower)).any():
        return False
    dual = int(u.sum()) + int((upper * np.maximum(mu, 0)).sum()) - int((lower * np.maximum(-mu, 0)).sum())
    return dual == int(w[e].sum())
