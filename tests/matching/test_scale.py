"""The scalable ``propose`` path equals the score-everything reference (``matching.reference``)."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

import matching
from matching import MenteeProfile, MentorChallenge, MentorProfile, Policy, TimeSlot, flow, reference
from matching.diagnostics import unmatched
from matching.encode import Encoded, forbidden_mask
from matching.scoring import prepare, pruned_violations, top_candidates

SLUGS = [
    "grief",
    "grief/child",
    "grief/child/sudden",
    "addiction/alcohol",
    "addiction/gambling",
    "job_loss",
    "health",
]


def _slots(rng):
    out = []
    for _ in range(rng.randint(0, 3)):
        d = rng.randint(0, 6)
        s = rng.randint(0, 1300)
        out.append(TimeSlot(d, s, min(1440, s + rng.randint(10, 300))))
    return out


def random_profiles(seed, n_p=60, n_m=20):
    rng = random.Random(seed)
    langs = ["en", "fr", "de"]
    fmts = ["in_person", "video", "phone", "chat"]
    ps = [
        MenteeProfile(
            id=f"p{k:03d}", challenges=rng.sample(SLUGS, rng.randint(0, 3)),
            support_wanted=rng.sample(["emotional", "practical"], rng.randint(0, 2)),
            formats=rng.sample(fmts, rng.randint(1, 2)), region=rng.choice(["a", "b", None]),
            languages=rng.sample(langs, rng.randint(1, 2)), availability=_slots(rng),
            session_minutes=rng.choice([30, 45, 60, 90, 150]), frequency=rng.choice(["weekly", "biweekly", "monthly"]),
            engagement=rng.choice(["formal", "informal", "either"]),
            mentor_kind=rng.choice(["peer", "professional", "any", "any"]),
            priorities=rng.sample(list(matching.FACTORS), rng.randint(0, 3)),
        )
        for k in range(n_p)
    ]  # fmt: skip
    ms = [
        MentorProfile(
            id=f"m{k:03d}", kind=rng.choice(["peer", "professional"]),
            challenges=[MentorChallenge(s, rng.choice([None, 0.5, 1, 3, 7])) for s in rng.sample(SLUGS, rng.randint(0, 3))],
            support_offered=rng.sample(["emotional", "practical"], rng.randint(0, 2)),
            formats=rng.sample(fmts, rng.randint(1, 3)), region=rng.choice(["a", "b", None]),
            languages=rng.sample(langs, rng.randint(1, 2)), availability=_slots(rng),
            engagement=rng.choice(["formal", "informal", "either"]), capacity=rng.randint(0, 3),
            active_mentees=rng.randint(0, 1), paused=rng.random() < 0.1,
        )
        for k in range(n_m)
    ]  # fmt: skip
    forbidden = [(rng.choice(ps).id, rng.choice(ms).id) for _ in range(15)]
    return ps, ms, forbidden


def reference_pairs(enc):
    """Every admissible pair, its weight, and the per-mentee counts, the numpy way."""
    pi, pj = enc.admissible(np.ones(len(enc.mentees), dtype=bool))
    forb = forbidden_mask(enc, pi, pj)
    n_p = len(enc.mentees)
    n_forb = np.bincount(pi[forb], minlength=n_p)
    pi, pj = pi[~forb], pj[~forb]
    score = (enc.weights[pi] * enc.factors(pi, pj)).sum(axis=1)
    low = score < enc.policy.min_score
    n_below = np.bincount(pi[low], minlength=n_p)
    pi, pj, score = pi[~low], pj[~low], score[~low]
    return pi, pj, np.maximum(score, 1e-9), n_forb, n_below


@pytest.mark.parametrize("seed", range(8))
def test_kernel_scores_equal_reference(seed):
    ps, ms, forbidden = random_profiles(seed)
    enc = Encoded(
        ps, ms, Policy(forbidden=forbidden, min_score=0.3 if seed % 2 else 0.0, priority_boost=seed / 3)
    )
    pi, pj, w, n_forb, n_below = reference_pairs(enc)
    assert len(pi) > 50
    top = top_candidates(prepare(enc, np.ones(len(ps), dtype=bool)), None)
    assert top.ei.tolist() == pi.tolist()
    assert top.ej.tolist() == pj.tolist()
    np.testing.assert_allclose(top.w, w, rtol=0, atol=1e-12)
    assert top.compatible.tolist() == np.bincount(pi, minlength=len(ps)).tolist()
    assert top.forbidden.tolist() == n_forb.tolist()
    assert top.below.tolist() == n_below.tolist()
    assert math.isclose(top.w_max, float(w.max()), abs_tol=1e-12)


@pytest.mark.parametrize("min_score", [0.0, 0.4])
@pytest.mark.parametrize("k", [1, 2, 5])
@pytest.mark.parametrize("seed", range(4))
def test_top_k_are_the_best_and_cut_best_bounds_the_rest(seed, k, min_score):
    ps, ms, forbidden = random_profiles(seed)
    enc = Encoded(ps, ms, Policy(forbidden=forbidden, min_score=min_score))
    pi, _, w, n_forb, n_below = reference_pairs(enc)
    top = top_candidates(prepare(enc, np.ones(len(ps), dtype=bool)), k)
    # whole mentor keys are skipped on their score bound, the counts stay exact
    assert top.compatible.tolist() == np.bincount(pi, minlength=len(ps)).tolist()
    assert top.forbidden.tolist() == n_forb.tolist()
    assert top.below.tolist() == n_below.tolist()
    for i in range(len(ps)):
        mine = np.sort(w[pi == i])[::-1]
        kept = np.sort(top.w[top.ei == i])[::-1]
        assert len(kept) == min(k, len(mine))
        np.testing.assert_allclose(kept, mine[:k], atol=1e-12)
        # an upper bound of the best cut pair (whole mentor keys are cut on their score bound)
        if len(mine) > k:
            assert top.cut_best[i] >= mine[k] - 1e-12
        else:
            assert top.cut_best[i] == -1.0


@pytest.mark.parametrize("mode", ["max_weight", "max_cardinality"])
@pytest.mark.parametrize("seed", range(6))
def test_streamed_violations_equal_flow_violations(seed, mode):
    ps, ms, forbidden = random_profiles(seed)
    enc = Encoded(ps, ms, Policy(forbidden=forbidden))
    pi, pj, w, _, _ = reference_pairs(enc)
    lay = prepare(enc, np.ones(len(ps), dtype=bool))
    top = top_candidates(lay, 1 + seed % 2)
    sol = flow.solve(len(ps), top.ei, top.ej, top.w, enc.j_free, mode)
    vi, vj, _, _ = pruned_violations(lay, top, top.ei, top.ej, sol)
    # the reference: flow.violations over every admissible pair (tolerance from the largest weight)
    bad = flow.violations(pi, pj, w, sol)
    kept = set(zip(top.ei.tolist(), top.ej.tolist(), strict=True))
    want = {(a, b) for a, b in zip(pi[bad].tolist(), pj[bad].tolist(), strict=True)} - kept
    assert set(zip(vi.tolist(), vj.tolist(), strict=True)) == want


@pytest.mark.parametrize("k", [1, 2, 3])
@pytest.mark.parametrize("mode", ["max_weight", "max_cardinality"])
@pytest.mark.parametrize("seed", range(5))
def test_pruned_certified_equals_unpruned_optimum(seed, mode, k):
    ps, ms, forbidden = random_profiles(100 + seed, n_p=120, n_m=35)
    pins = [(ps[0].id, ms[seed].id)] if seed % 2 else []
    policy = Policy(mode=mode, forbidden=forbidden, pinned=pins, min_score=0.2 * (seed % 3 == 2))
    full = reference.propose_all_pairs(ps, ms, policy)
    cut = matching.propose(ps, ms, Policy(mode=mode, forbidden=forbidden, pinned=pins, max_candidates=k,
                                          min_score=policy.min_score))  # fmt: skip
    assert full.exact
    assert cut.exact
    assert cut.candidate_pairs <= full.candidate_pairs
    assert len(cut.proposals) == len(full.proposals)
    assert math.isclose(cut.total_score, full.total_score, rel_tol=1e-9)
    # every proposal's score is the reference score of that pair
    enc = Encoded(ps, ms, policy)
    for p in cut.proposals:
        i, j = enc.p_index[p.mentee_id], enc.j_index[p.mentor_id]
        x = enc.factors(np.array([i]), np.array([j]))[0]
        assert math.isclose(p.score, float(enc.weights[i] @ x), abs_tol=1e-12)
    # same pairs up to ties: the multisets of pair scores agree
    np.testing.assert_allclose(sorted(p.score for p in cut.proposals), sorted(p.score for p in full.proposals),
                               atol=1e-9)  # fmt: skip


def test_no_candidates_means_same_result_as_reference():
    ps, ms, forbidden = random_profiles(7)
    policy = Policy(forbidden=forbidden)
    full = reference.propose_all_pairs(ps, ms, policy)
    new = matching.propose(ps, ms, policy)
    assert new.candidate_pairs == full.candidate_pairs
    assert math.isclose(new.total_score, full.total_score, rel_tol=1e-12)
    assert new.exact


@pytest.mark.parametrize("seed", range(6))
def test_diagnostics_equal_reference(seed):
    ps, ms, forbidden = random_profiles(seed, n_p=80, n_m=12)
    enc = Encoded(ps, ms, Policy(forbidden=forbidden, min_score=0.35 * (seed % 2)))
    top = top_candidates(prepare(enc, np.ones(len(ps), dtype=bool)), 2)
    idx = np.arange(len(ps))
    got = unmatched(enc, idx, top.compatible, top.below, top.forbidden)
    want = [
        reference.diagnose(enc, i, int(top.compatible[i]), int(top.below[i]), int(top.forbidden[i]))
        for i in idx
    ]
    assert got == want


def test_diagnostics_no_mentors():
    (u,) = matching.propose([MenteeProfile(id="a", languages=["en"], formats=["video"])], []).unmatched
    assert u.summary == "there are no mentors in the programme"


@pytest.mark.parametrize("mode", ["max_weight", "max_cardinality"])
def test_unmatched_equal_reference_on_a_full_programme(mode):
    ps, ms, forbidden = random_profiles(3, n_p=150, n_m=15)
    policy = Policy(mode=mode, forbidden=forbidden)
    full = reference.propose_all_pairs(ps, ms, policy)
    cut = matching.propose(ps, ms, Policy(mode=mode, forbidden=forbidden, max_candidates=2))
    assert len(cut.unmatched) == len(full.unmatched)
    # mentees unmatched in both get the same diagnostics
    ref = {u.mentee_id: u for u in full.unmatched}
    common = [u for u in cut.unmatched if u.mentee_id in ref]
    assert common
    assert all(u == ref[u.mentee_id] for u in common)


@pytest.mark.parametrize("seed", range(4))
def test_key_bound_is_above_every_member_score(seed):
    from matching.scoring import _bound, pair_score

    ps, ms, _ = random_profiles(seed, n_p=40, n_m=40)
    enc = Encoded(ps, ms, Policy(priority_boost=seed))
    lay = prepare(enc, np.ones(len(ps), dtype=bool))
    sa, ba = lay.score_args, lay.bound_args
    p_ch, n_ch, p_sup, p_rs, p_rlo, p_rhi = sa[0], sa[1], sa[4], sa[6], sa[7], sa[8]
    for i in range(len(ps)):
        want = int(p_sup[i])
        for g in range(len(lay.jk_lo)):
            b = _bound(g, p_ch[i], n_ch[i], want, max(bin(want).count("1"), 1), p_rs[i], p_rs[i + 1], p_rlo, p_rhi,
                       sa[12][i], sa[13][i], sa[14][i], sa[16][i], sa[18][i], sa[20][i], *ba)  # fmt: skip
            best = max(pair_score(i, pos, *sa) for pos in range(lay.jk_lo[g], lay.jk_hi[g]))
            assert b >= best
