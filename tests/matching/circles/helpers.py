"""Independent checkers for the circle engine: brute force over every placement and every opening."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np


def brute_place(n_p, p, c, w, lower, upper):
    """Best total of a placement with every circle in [lower, upper] (``None``: infeasible)."""
    options = [[None] + [k for k in range(len(p)) if p[k] == i and upper[c[k]] > 0] for i in range(n_p)]
    best = None
    for choice in itertools.product(*options):
        load = [0] * len(upper)
        for k in choice:
            if k is not None:
                load[c[k]] += 1
        if all(lower[j] <= load[j] <= upper[j] for j in range(len(upper))):
            total = sum(int(w[k]) for k in choice if k is not None)
            best = total if best is None else max(best, total)
    return best


def brute_open(inst):
    """Best total over every admissible set of drafts (facilitator caps and overlaps respected)."""
    drafts = np.flatnonzero(inst.openable()).tolist()
    bad = {frozenset(x) for x in inst.conflicts}
    best = 0
    for r in range(len(drafts) + 1):
        for subset in itertools.combinations(drafts, r):
            led = np.bincount(inst.fac[list(subset)], minlength=len(inst.fac_cap)) if subset else 0
            if np.any(led > inst.fac_cap) or any(
                frozenset(x) in bad for x in itertools.combinations(subset, 2)
            ):
                continue
            is_open = ~inst.draft.copy()
            is_open[list(subset)] = True
            lower = np.where(is_open & inst.draft, inst.lower, 0)
            upper = np.where(is_open, inst.upper, 0)
            total = brute_place(inst.n_p, inst.p, inst.c, inst.w, lower, upper)
            if total is not None:
                best = max(best, total)
    return best


def networkx_place(n_p, p, c, w, lower, upper):
    """The optimum by networkx's network simplex, lower bounds turned into node demands (``None``: infeasible)."""
    g = nx.DiGraph()
    m = len(upper)
    g.add_node("t", demand=n_p - int(sum(lower)))
    for i in range(n_p):
        g.add_node(("p", i), demand=-1)
        g.add_edge(("p", i), "t", weight=0, capacity=1)
    for j in range(m):
        g.add_node(("c", j), demand=int(lower[j]))  # lower[j] units already sent on c → t
        g.add_edge(("c", j), "t", weight=0, capacity=int(upper[j] - lower[j]))
    for a, b, x in zip(p, c, w):
        if upper[b] > 0:
            g.add_edge(("p", int(a)), ("c", int(b)), weight=-int(x), capacity=1)
    try:
        cost, _ = nx.network_simplex(g)
    except nx.NetworkXUnfeasible:
        return None
    return -cost


def check_bounds(n_p, p, c, lower, upper, edge_of):
    """Every participant once along one of their pairs, every circle within its bounds."""
    placed = edge_of >= 0
    assert (p[edge_of[placed]] == np.flatnonzero(placed)).all()
    load = np.bincount(c[edge_of[placed]], minlength=len(upper))
    assert (load >= lower).all(), (load, lower)
    assert (load <= upper).all(), (load, upper)
