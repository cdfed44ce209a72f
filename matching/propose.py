"""From profiles to proposals: hard constraints, scoring, optimisation, explanations.

Hard constraints (a pair failing one is never proposed)
------------------------------------------------------
``no_common_language``  no language in common;
``no_common_format``    no format in common;
``different_region_in_person``  the only common format is ``in_person`` and
                        the regions differ (or one is unknown);
``wants_professional``  the mentee wants a professional, the mentor is a peer;
``mentor_paused`` / ``mentor_full``  the mentor is paused / has no free
                        capacity (``capacity - active_mentees - pinned``);
``forbidden``           the pair is in ``Policy.forbidden``;
``below_min_score``     its score is below ``Policy.min_score``.
A pinned mentee (``Policy.pinned``) gets its pinned mentor and no other.

Scoring (every factor is in [0, 1])
-----------------------------------
``challenges``  for each mentee challenge ``c`` the best similarity with a
    mentor challenge ``u``: ``sim(c, u) = shared leading path segments /
    max(depth(c), depth(u))`` (``addiction/alcohol`` vs ``addiction/gambling``
    = 1/2); averaged over the mentee's challenges (0 if none).
``recency``     the same average of ``sim(c, u) * r(u)``, with ``r = min(1,
    years_ago / stable_years)`` (0.5 when unknown): mentors who overcame the
    challenge long enough ago score higher.
``support``     share of the wanted kinds of support that are offered (1 if
    none wanted).
``availability`` ``min(1, usable / need)``: ``usable`` counts the shared
    weekly minutes (30-minute blocks, fully covered by both) lying in shared
    windows at least one session long; ``need = session_minutes * (1 + f)``,
    ``f`` = 1, 1/2, 1/4 sessions a week for weekly, biweekly, monthly (one
    session plus room to reschedule).  0.5 when either side gave none.
``engagement``  1 when the styles agree or either says ``either``, else 0.
``mentor_kind`` 1 when the mentee wants ``any`` or gets the kind wanted, else 0.
``region``      1 when both give the same region, else 0.

A mentee's weight for factor ``f`` is ``policy.weights[f] * (1 +
priority_boost / (k + 1))`` if ``f`` is the mentee's ``k``-th priority
(``k = 0`` first), else ``policy.weights[f]``; the weights are normalised to
sum to 1, so ``score = sum_f weight_f * value_f`` is in [0, 1] and the
:class:`FactorContribution` terms sum to the score.

Optimisation: :func:`matching.flow.solve` with weight ``max(score, 1e-9)`` on
every admissible pair, in ``policy.mode``.  With ``Policy.max_candidates =
K`` only each mentee's best ``K`` pairs are given to the solver, then *column
generation with a certificate*: every cut pair whose reduced cost ``u_i +
v_j - profit_ij`` is negative under the optimal duals is added back and the
problem re-solved, until none is left.  The final duals are then feasible for
every admissible pair, so the result is optimal for the full instance
(``ProposalResult.exact`` is the :func:`matching.flow.certificate` verdict).
In ``max_cardinality`` mode the duals are lexicographic (count, weight), so
the same check covers cardinality: an unmatched mentee (``u = 0``) and a
mentor with room (``v = 0``) always form a violated pair.

Scale (:mod:`matching.encode`, :mod:`matching.scoring`): the profiles are
encoded into arrays once and grouped by their hard-constraint key
(languages, formats, region, kind); compatibility is decided between keys,
never between people.  A compiled kernel walks, for each mentee, only the
mentors of its compatible keys, scores each pair (the formulas above, checked
against the numpy reference :meth:`matching.encode.Encoded.factors`) and keeps
the best ``K`` in a heap (mentor keys whose score bound cannot enter it are
not scored): memory is ``O(mentees * K)``, no pair array is ever built.
Each round adds back, per mentee, at most ``K`` of its violated cut pairs
(the most violated; the next round finds the others if they still matter).  The certificate pass walks again only the mentees whose cut
pairs could violate a dual constraint: with ``v >= 0`` (lexicographically),
a mentee whose best cut profit is at most ``u_i`` is skipped, and so is a
mentor key (then a mentor) whose smallest ``v`` rules out a violation.  Without
``max_candidates`` every admissible pair goes to the solver.  The reference
that scores every pair at once is :func:`matching.reference.propose_all_pairs`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import msgspec
import numpy as np

from matching import flow
from matching.diagnostics import unmatched as _unmatched
from matching.encode import Encoded
from matching.profiles import (  # noqa: F401  (MentorChallenge for doctests)
    FACTORS,
    Candidate,
    FactorContribution,
    MenteeProfile,
    MentorChallenge,
    MentorProfile,
    Policy,
    Proposal,
    ProposalResult,
    Unmatched,
)
from matching.scoring import prepare, pruned_violations, top_candidates

__all__ = ["propose", "propose_with_stats", "rank_candidates"]


def propose(
    mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile], policy: Policy | None = None
) -> ProposalResult:
    """Propose the optimal set of pairs for a programme, with explanations.

    Parameters
    ----------
    mentees, mentors : sequences of MenteeProfile / MentorProfile
        The profiles (ids unique within each side).
    policy : Policy, optional
        Weights, priorities boost, pinned/forbidden pairs, mode, threshold.

    Returns
    -------
    ProposalResult
        A proposal per matched mentee (score, factor breakdown, reason) and,
        for every unmatched mentee, why.

    Raises
    ------
    ValueError
        On duplicated ids, unknown factor names, or pins naming unknown people.

    Examples
    --------
    >>> ann = MenteeProfile(id="ann", challenges=["addiction/alcohol"], languages=["fr"],
    ...                     formats=["video"])
    >>> bob = MenteeProfile(id="bob", languages=["pt"], formats=["video"])
    >>> max_ = MentorProfile(id="max", challenges=[MentorChallenge("addiction/alcohol", 4)],
    ...                      languages=["fr", "en"], formats=["video", "phone"])
    >>> r = propose([ann, bob], [max_])
    >>> [(p.mentee_id, p.mentor_id, p.reason) for p in r.proposals]
    [('ann', 'max', 'both lived through alcohol; mentor overcame it 4 years ago; both speak French')]
    >>> r.unmatched[0].summary
    'no mentor speaks pt'
    >>> round(sum(f.contribution for f in r.proposals[0].factors), 12) == round(r.proposals[0].score, 12)
    True
    """
    return propose_with_stats(mentees, mentors, policy)[0]


def _most_violated(
    vi: np.ndarray, vj: np.ndarray, vw: np.ndarray, sol: flow.FlowSolution, limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each mentee's ``limit`` violated pairs of most negative (lexicographic) reduced cost."""
    p1, p2 = flow.profits(vw, sol.mode)
    r1 = (sol.u[vi, 0] + sol.v[vj, 0]) - p1
    r2 = (sol.u[vi, 1] + sol.v[vj, 1]) - p2
    order = np.lexsort((vj, r2, r1, vi))
    first = np.searchsorted(vi[order], vi[order], side="left")
    keep = order[np.arange(len(order)) - first < limit]
    return vi[keep], vj[keep], vw[keep]


def propose_with_stats(
    mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile], policy: Policy | None = None
) -> tuple[ProposalResult, dict[str, float]]:
    """:func:`propose`, with counts and timings of its phases (for benchmarks).

    ``pairs_scored`` counts the pairs the kernels scored (first pass and
    certificate passes), ``admissible`` the pairs passing every constraint,
    ``kept`` the pairs first given to the solver, ``candidates`` the final
    ones, ``rounds`` the re-solves the certificate asked for.

    Examples
    --------
    >>> ann = MenteeProfile(id="ann", languages=["fr"], formats=["video"])
    >>> ms = [MentorProfile(id=k, languages=["fr"], formats=["video"]) for k in "ab"]
    >>> r, st = propose_with_stats([ann], ms, Policy(max_candidates=1))
    >>> st["admissible"], st["kept"], st["rounds"], r.exact
    (2, 1, 1, True)
    """
    policy = policy or Policy()
    t0 = time.perf_counter()
    data = Encoded(mentees, mentors, policy)
    n_p = len(mentees)
    pinned = {data.p_index[a]: data.j_index[b] for a, b in policy.pinned}
    free_mentee = np.ones(n_p, dtype=bool)
    free_mentee[list(pinned)] = False
    lay = prepare(data, free_mentee)
    t1 = time.perf_counter()
    top = top_candidates(lay, policy.max_candidates)
    t2 = time.perf_counter()
    ei, ej, w = top.ei, top.ej, top.w
    rounds, rescored, t_solve, t_cert = 0, 0, 0.0, 0.0
    prev: flow.FlowSolution | None = None
    left_out = np.zeros(n_p, dtype=bool)  # mentees with a violated pair that was not added back
    while True:
        # column generation: add back every cut pair the duals say could help, re-solve
        ta = time.perf_counter()
        sol = flow.solve(n_p, ei, ej, w, data.j_free, policy.mode)
        tb = time.perf_counter()
        if prev is None:
            vi, vj, vw, n_scored = pruned_violations(lay, top, ei, ej, sol)
        else:  # incremental: only the pairs whose mentee's or mentor's dual decreased can have become violated
            full = np.asarray((sol.u < prev.u).any(axis=1)) | left_out
            vi, vj, vw, n_scored = pruned_violations(
                lay, top, ei, ej, sol, full=full, dirty=np.asarray((sol.v < prev.v).any(axis=1))
            )
        t_solve, t_cert = t_solve + tb - ta, t_cert + time.perf_counter() - tb
        rescored += n_scored
        if not len(vi):
            break
        rounds += 1
        prev = sol
        left_out[:] = False
        if policy.max_candidates is not None:  # the most violated ones, as many per mentee as it had
            n_all = np.bincount(vi, minlength=n_p)
            vi, vj, vw = _most_violated(vi, vj, vw, sol, policy.max_candidates)
            left_out = n_all > np.bincount(vi, minlength=n_p)
        ei, ej, w = np.concatenate([ei, vi]), np.concatenate([ej, vj]), np.concatenate([w, vw])
        order = np.lexsort((ej, ei))
        ei, ej, w = ei[order], ej[order], w[order]
    # no cut pair is violated: the duals are feasible for every admissible pair
    exact = flow.certificate(ei, ej, w, data.j_free, sol)
    t3 = time.perf_counter()
    mentor_of = sol.mentor_of
    matched = np.flatnonzero(mentor_of >= 0)
    pin_i = np.array(list(pinned), dtype=np.int64)
    pin_j = np.array(list(pinned.values()), dtype=np.int64)
    all_i = np.concatenate([matched, pin_i])
    all_j = np.concatenate([mentor_of[matched], pin_j])
    x = data.factors(all_i, all_j)
    score = (data.weights[all_i] * x).sum(axis=1)
    proposals: list[Proposal] = []
    for k, (i, j) in enumerate(zip(all_i.tolist(), all_j.tolist(), strict=True)):
        is_pin = k >= len(matched)
        reason = data.reason(i, j, x[k])
        proposals.append(
            Proposal(mentee_id=mentees[i].id, mentor_id=mentors[j].id, score=float(score[k]),
                     factors=data.contributions(i, x[k]),
                     reason=("pinned by a coordinator; " + reason) if is_pin else reason, pinned=is_pin)
        )  # fmt: skip
    proposals.sort(key=lambda p: p.mentee_id)
    left = np.flatnonzero((mentor_of < 0) & free_mentee)
    unmatched = _unmatched(data, left, top.compatible, top.below, top.forbidden)
    unmatched.sort(key=lambda u: u.mentee_id)
    result = ProposalResult(
        proposals=proposals,
        unmatched=unmatched,
        total_score=math.fsum(p.score for p in proposals),
        mode=policy.mode,
        candidate_pairs=len(ei),
        exact=exact,
    )
    stats = {
        "pairs_scored": top.scored + rescored,
        "admissible": int(top.compatible.sum()),
        "kept": len(top.ei),
        "candidates": len(ei),
        "rounds": rounds,
        "rescored": rescored,
        "encode_s": t1 - t0,
        "score_s": t2 - t1,
        "solve_s": t_solve,
        "certify_s": t_cert + t3 - (t2 + t_solve + t_cert),
        "explain_s": time.perf_counter() - t3,
    }
    return result, stats


def rank_candidates(
    mentee: MenteeProfile, mentors: Sequence[MentorProfile], policy: Policy | None = None, limit: int = 10
) -> list[Candidate]:
    """The best admissible mentors for one mentee, best first (ties by mentor id).

    Paused, full and forbidden mentors and those failing a hard constraint are
    left out.

    Examples
    --------
    >>> ann = MenteeProfile(id="ann", languages=["fr"], formats=["video"], region="idf")
    >>> ms = [MentorProfile(id=k, languages=["fr"], formats=["video"], region=r)
    ...       for k, r in [("a", "bzh"), ("b", "idf"), ("c", None)]]
    >>> [c.mentor_id for c in rank_candidates(ann, ms, limit=2)]
    ['b', 'a']
    """
    policy = policy or Policy()
    data = Encoded([mentee], mentors, msgspec.structs.replace(policy, pinned=[]))
    # the admissible mentors, as propose finds them (blocked, compiled scoring), then their factors
    pj = top_candidates(prepare(data, np.ones(1, dtype=bool)), None).ej
    x = data.factors(np.zeros(len(pj), dtype=np.int64), pj)
    score = (data.weights[np.zeros(len(pj), dtype=np.int64)] * x).sum(axis=1)
    order = sorted(range(len(pj)), key=lambda k: (-score[k], mentors[int(pj[k])].id))[:limit]
    return [
        Candidate(mentor_id=mentors[int(pj[k])].id, score=float(score[k]), factors=data.contributions(0, x[k]),
                  reason=data.reason(0, int(pj[k]), x[k]), free_capacity=int(data.j_free[pj[k]]))
        for k in order
    ]  # fmt: skip
