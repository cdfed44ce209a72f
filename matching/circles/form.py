"""Forming circles: from participants, open circles and drafts to placements, openings and explanations.

Examples
--------
>>> from matching.profiles import TimeSlot
>>> from matching.circles.model import MeetingSlot
>>> tue = [TimeSlot(weekday=1, start_minute=0, end_minute=1440)]
>>> people = [Participant(id=f"p{k}", themes=["grief"], languages=["en"], availability=tue) for k in range(4)]
>>> slot = MeetingSlot(weekday=1, start_minute=1080)
>>> drafts = [Circle(id="d1", theme="grief", slot=slot, draft=True, facilitator_id="fay"),
...           Circle(id="d2", theme="grief", slot=slot, draft=True, facilitator_id="fay")]
>>> r = form(people, drafts, [Facilitator(id="fay", availability=tue)])
>>> r.opened, r.not_opened, len(r.placements), r.certified, r.method, r.gap
(['d1'], {'d2': 'facilitator_busy'}, 4, True, 'milp', 0.0)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.circles import explain, fit, opening
from matching.circles.model import (
    Circle,
    CirclePolicy,
    Facilitator,
    FormingResult,
    Participant,
    Placement,
)

__all__ = ["build", "form"]


def _check(participants: Sequence[Participant], circles: Sequence[Circle], facilitators: Sequence[Facilitator]) -> None:  # fmt: skip
    for what, items in (("participant", participants), ("circle", circles), ("facilitator", facilitators)):
        ids = [x.id for x in items]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise ValueError(f"{what} id {dup!r} appears more than once")
    for c in circles:
        if c.min_size > c.max_size:
            raise ValueError(f"circle {c.id!r}: min_size {c.min_size} > max_size {c.max_size}")
        if c.members > c.max_size:
            raise ValueError(f"circle {c.id!r}: {c.members} members > max_size {c.max_size}")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return any(max(a[0] + s, b[0]) < min(a[1] + s, b[1]) for s in (-fit.WEEK, 0, fit.WEEK))


def build(participants: Sequence[Participant], circles: Sequence[Circle], facilitators: Sequence[Facilitator],
          policy: CirclePolicy) -> tuple[opening.Instance, fit.Candidates]:  # fmt: skip
    """The opening problem on codes, and the candidate pairs with the requirements' failures."""
    _check(participants, circles, facilitators)
    cand = fit.candidates(participants, circles, policy)
    fac_code = {f.id: k for k, f in enumerate(facilitators)}
    fac = np.full(len(circles), -1, dtype=np.int64)
    for k, c in enumerate(circles):
        f = fac_code.get(c.facilitator_id or "")
        if c.draft and f is not None:
            windows = fit._windows(facilitators[f].availability)
            if fit.overlap_minutes(windows, fit.slot_interval(c.slot, c.start_date)) >= c.slot.minutes:
                fac[k] = f
    conflicts = []
    by_fac: dict[int, list[int]] = {}
    for k in np.flatnonzero(fac >= 0).tolist():
        by_fac.setdefault(int(fac[k]), []).append(k)
    for ds in by_fac.values():
        spans = [fit.slot_interval(circles[d].slot, circles[d].start_date) for d in ds]
        conflicts += [(ds[a], ds[b]) for a in range(len(ds)) for b in range(a + 1, len(ds)) if _overlap(spans[a], spans[b])]  # fmt: skip
    inst = opening.Instance(
        n_p=len(participants),
        p=np.array(cand.p, dtype=np.int64),
        c=np.array(cand.c, dtype=np.int64),
        w=np.array(cand.w, dtype=np.int64),
        lower=np.array([c.min_size if c.draft else 0 for c in circles], dtype=np.int64),
        upper=np.array([c.max_size - c.members for c in circles], dtype=np.int64),
        draft=np.array([c.draft for c in circles], dtype=bool),
        fac=fac,
        fac_cap=np.array([f.max_circles for f in facilitators], dtype=np.int64),
        conflicts=conflicts,
    )
    return inst, cand


def form(participants: Sequence[Participant], circles: Sequence[Circle], facilitators: Sequence[Facilitator] = (),
         policy: CirclePolicy | None = None) -> FormingResult:  # fmt: skip
    """Place participants into circles, choosing which drafts to open, with explanations.

    Parameters
    ----------
    participants : sequence of Participant
        The people waiting.
    circles : sequence of Circle
        Existing circles with open seats (``draft=False``) and drafts.
    facilitators : sequence of Facilitator
        Who may lead the drafts (a draft whose facilitator is missing or not
        free at its slot cannot open).
    policy : CirclePolicy, optional
        Points per factor, requirements and the opening method.

    Returns
    -------
    FormingResult
        The placements (exactly optimal for the drafts opened, certified),
        the drafts opened and why the others were not, why each person left
        out was, the drafts that would place the most waiting people, and
        the proven upper bound and gap of the opening decision.

    Raises
    ------
    ValueError
        On duplicated ids, ``min_size > max_size`` or more members than seats.
    """
    policy = policy or CirclePolicy()
    inst, cand = build(participants, circles, facilitators, policy)
    method: str = policy.method
    if method == "auto":
        method = "milp" if len(inst.p) <= policy.milp_max_pairs else "heuristic"
    proven = False
    bound = float("inf")
    if method == "milp":
        opened, bound, proven = opening.milp(inst, policy.milp_time_limit)
        if not proven:
            method = "milp+heuristic"
            alt = opening.heuristic(inst)
            a, b = opening.solve_open(inst, opened), opening.solve_open(inst, alt)
            if a is None or (b is not None and b.total > a.total):
                opened = alt
    else:
        opened = opening.heuristic(inst)
    sol = opening.solve_open(inst, opened)
    if sol is None:  # a MILP stopped early without a feasible opening: open no draft
        opened = np.zeros(len(circles), dtype=bool)
        sol = opening.solve_open(inst, opened)
        assert sol is not None
    if not proven:
        bound = min(bound, opening.lagrangian_bound(inst, sol.u, sol.total))
    else:
        bound = float(sol.total) if abs(bound - sol.total) < 1e-6 else bound
    return _result(participants, circles, inst, cand, opened, sol, bound, method, policy)


def _result(participants: Sequence[Participant], circles: Sequence[Circle], inst: opening.Instance,
            cand: fit.Candidates, opened: np.ndarray, sol: opening.PlacementSolution, bound: float,
            method: str, policy: CirclePolicy) -> FormingResult:  # fmt: skip
    placements = []
    for i in np.flatnonzero(sol.circle_of >= 0).tolist():
        p, c = participants[i], circles[int(sol.circle_of[i])]
        _, factors = fit.fit(p, c, policy)
        placements.append(Placement(participant_id=p.id, circle_id=c.id, score=int(inst.w[sol.edge_of[i]]),
                                    factors=factors, reason=explain.placement_reason(c.theme, factors)))  # fmt: skip
    is_open = ~inst.draft | opened
    count = np.bincount(sol.circle_of[sol.circle_of >= 0], minlength=len(circles))
    fits = np.bincount(inst.c, minlength=len(circles))
    led = (
        np.bincount(inst.fac[opened], minlength=len(inst.fac_cap))
        if opened.any()
        else np.zeros(len(inst.fac_cap), dtype=np.int64)
    )
    clash = {a for a, b in inst.conflicts if opened[b]} | {b for a, b in inst.conflicts if opened[a]}
    not_opened = {}
    for k in np.flatnonzero(inst.draft & ~opened).tolist():
        busy = inst.fac[k] >= 0 and (led[inst.fac[k]] >= inst.fac_cap[inst.fac[k]] or k in clash)
        not_opened[circles[k].id] = explain.draft_reason(
            int(fits[k]), circles[k], bool(inst.fac[k] >= 0), bool(busy)
        )
    waiting = sol.circle_of < 0
    unplaced_list = []
    waiting_fit = np.bincount(inst.c[waiting[inst.p]], minlength=len(circles))
    by_p: dict[int, list[int]] = {}
    for i, c in zip(inst.p[waiting[inst.p]].tolist(), inst.c[waiting[inst.p]].tolist()):
        by_p.setdefault(i, []).append(c)
    for i in np.flatnonzero(waiting).tolist():
        ks = by_p.get(i, [])
        full = [circles[k].id for k in ks if is_open[k] and count[k] >= inst.upper[k]]
        closed = [(circles[k].id, not_opened[circles[k].id], int(fits[k]), circles[k].min_size) for k in ks if not is_open[k]]  # fmt: skip
        unplaced_list.append(explain.unplaced(participants[i].id, cand.failed[i], full, closed))
    closed_drafts = [k for k in np.flatnonzero(inst.draft & ~opened).tolist()]
    sugg = explain.suggestions([circles[k] for k in closed_drafts], [int(waiting_fit[k]) for k in closed_drafts],
                               [not_opened[circles[k].id] for k in closed_drafts])  # fmt: skip
    gap = 0.0 if bound <= sol.total else (bound - sol.total) / bound
    return FormingResult(
        placements=placements,
        unplaced=unplaced_list,
        opened=[circles[k].id for k in np.flatnonzero(opened).tolist()],
        not_opened=not_opened,
        suggestions=sugg,
        total_score=sol.total,
        upper_bound=bound,
        gap=round(gap, 6),
        method=method,
        certified=sol.certified,
        candidate_pairs=len(inst.p),
    )
