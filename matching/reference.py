"""Reference implementation of :func:`matching.propose`: score every admissible pair at once.

Kept as the yardstick for the scalable path (tests compare it with
:func:`matching.propose`, the benchmark times both): it materialises every
admissible pair as numpy arrays, so its memory grows with their number (about
3.4M pairs for 10,000 mentees on the benchmark; 100,000 x 25,000 does not fit).
Diagnostics of unmatched mentees are computed per mentee against every mentor.

Examples
--------
>>> from matching.profiles import MenteeProfile, MentorProfile
>>> r = propose_all_pairs([MenteeProfile(id="a", languages=["fr"], formats=["video"])],
...                       [MentorProfile(id="m", languages=["fr"], formats=["video"])])
>>> [(p.mentee_id, p.mentor_id) for p in r.proposals]
[('a', 'm')]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from matching import flow
from matching.encode import Encoded, forbidden_mask
from matching.profiles import MenteeProfile, MentorProfile, Policy, Proposal, ProposalResult, Unmatched

__all__ = ["diagnose", "propose_all_pairs"]


def diagnose(data: Encoded, i: int, compatible: int, below: int, forbidden: int) -> Unmatched:
    """Why mentee ``i`` got no mentor, checked against every mentor (the reference diagnostics)."""
    p = data.mentees[i]
    n_m = len(data.mentors)
    pj = np.arange(n_m)
    pi = np.full(n_m, i)
    fail = data.failures(pi, pj)
    profile_ok = ~np.logical_or.reduce(list(fail.values())) if n_m else np.zeros(0, dtype=bool)
    reasons = {k: int(v.sum()) for k, v in fail.items()}
    reasons["mentor_paused"] = int((profile_ok & data.j_paused).sum())
    reasons["mentor_full"] = int((profile_ok & ~data.j_paused & (data.j_free <= 0)).sum())
    reasons["forbidden"] = forbidden
    reasons["below_min_score"] = below
    reasons = {k: v for k, v in reasons.items() if v}
    if n_m == 0:
        summary = "there are no mentors in the programme"
    elif compatible > 0:
        summary = (
            f"all {compatible} compatible mentors were given to others"
            if compatible > 1
            else "the only compatible mentor was given to another mentee"
        )
    elif profile_ok.any():
        parts = {"full": reasons.get("mentor_full", 0), "paused": reasons.get("mentor_paused", 0),
                 "forbidden": forbidden, "below the minimum score": below}  # fmt: skip
        parts = {k: v for k, v in parts.items() if v}
        n_ok = int(profile_ok.sum())
        words = " or ".join(parts) if len(parts) == 1 else ", ".join(f"{k} ({v})" for k, v in parts.items())
        summary = f"all {n_ok} compatible mentor{'s' if n_ok > 1 else ''} were {words}"
    else:
        needs = []
        if fail["no_common_language"].all():
            needs.append("no mentor speaks " + "/".join(p.languages or ["any of its languages"]))
        if fail["no_common_format"].all():
            needs.append("no mentor offers " + "/".join(p.formats or ["any format"]))
        if fail["different_region_in_person"][~fail["no_common_format"]].all() and not needs:
            needs.append(f"no in-person mentor in region {p.region or '(unknown)'}")
        if fail["wants_professional"].all():
            needs.append("no professional mentor")
        if not needs:
            needs.append(
                "no mentor meets every requirement ("
                + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in reasons.items())
                + ")"
            )
        summary = "; ".join(needs)
    return Unmatched(mentee_id=p.id, reasons=reasons, compatible=compatible, summary=summary)


def propose_all_pairs(
    mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile], policy: Policy | None = None
) -> ProposalResult:
    """:func:`matching.propose`, scoring every admissible pair at once (see the module docstring)."""
    policy = policy or Policy()
    data = Encoded(mentees, mentors, policy)
    n_p, n_j = len(mentees), len(mentors)
    pinned = {data.p_index[a]: data.j_index[b] for a, b in policy.pinned}
    free_mentee = np.ones(n_p, dtype=bool)
    free_mentee[list(pinned)] = False
    pi, pj = data.admissible(free_mentee)
    forb = forbidden_mask(data, pi, pj)
    forbidden_count = np.bincount(pi[forb], minlength=n_p)
    pi, pj = pi[~forb], pj[~forb]
    x = data.factors(pi, pj)
    score = (data.weights[pi] * x).sum(axis=1)
    low = score < policy.min_score
    below_count = np.bincount(pi[low], minlength=n_p)
    pi, pj, x, score = pi[~low], pj[~low], x[~low], score[~low]
    compat_count = np.bincount(pi, minlength=n_p)
    weight = np.maximum(score, 1e-9)
    keep = np.ones(len(pi), dtype=bool)
    if policy.max_candidates is not None and len(pi):
        # each mentee's best max_candidates pairs (pairs sorted by mentee, then score)
        order = np.lexsort((pj, -score, pi))
        start = np.searchsorted(pi[order], pi[order], side="left")
        keep[:] = False
        keep[order[np.arange(len(order)) - start < policy.max_candidates]] = True
    while True:
        # column generation: add back every cut pair the duals say could help, re-solve
        sol = flow.solve(n_p, pi[keep], pj[keep], weight[keep], data.j_free, policy.mode)
        bad = ~keep & flow.violations(pi, pj, weight, sol)
        if not bad.any():
            break
        keep |= bad
    mentor_of = sol.mentor_of
    exact = flow.certificate(pi, pj, weight, data.j_free, sol)
    proposals: list[Proposal] = []
    matched = np.flatnonzero(mentor_of >= 0)
    pos = np.searchsorted(pi * max(n_j, 1) + pj, matched * max(n_j, 1) + mentor_of[matched])
    for i, k in zip(matched.tolist(), pos.tolist(), strict=True):
        j = int(pj[k])
        proposals.append(
            Proposal(mentee_id=mentees[i].id, mentor_id=mentors[j].id, score=float(score[k]),
                     factors=data.contributions(i, x[k]), reason=data.reason(i, j, x[k]))
        )  # fmt: skip
    for i, j in pinned.items():
        xi = data.factors(np.array([i]), np.array([j]))[0]
        proposals.append(
            Proposal(mentee_id=mentees[i].id, mentor_id=mentors[j].id, score=float(data.weights[i] @ xi),
                     factors=data.contributions(i, xi), reason="pinned by a coordinator; " + data.reason(i, j, xi),
                     pinned=True)
        )  # fmt: skip
    proposals.sort(key=lambda p: p.mentee_id)
    unmatched = [
        diagnose(data, i, int(compat_count[i]), int(below_count[i]), int(forbidden_count[i]))
        for i in np.flatnonzero((mentor_of < 0) & free_mentee).tolist()
    ]
    unmatched.sort(key=lambda u: u.mentee_id)
    return ProposalResult(
        proposals=proposals,
        unmatched=unmatched,
        total_score=math.fsum(p.score for p in proposals),
        mode=policy.mode,
        candidate_pairs=int(keep.sum()),
        exact=exact,
    )
