"""Compiled pair scoring, blocked by the hard constraints (numba).

:func:`prepare` lays the encoded profiles (:class:`matching.encode.Encoded`)
out for the kernels: mentors with room, sorted by their hard-constraint key
(language set, formats, region, kind), so that the mentors of one key are a
contiguous range; for every mentee key, the list of mentor keys it is
compatible with (decided once per pair of keys, never per pair of people);
availability as merged runs of 30-minute bins; challenge similarities as a
``slug x mentor`` table.

:func:`pair_score` computes one pair's score with the formulas of
:meth:`matching.encode.Encoded.factors` (the reference; a test checks they
agree to 1e-12).  Two kernels walk, for each mentee, only the mentors of its
compatible keys:

* :func:`top_candidates` keeps each mentee's best ``K`` pairs in a small heap
  (ties to the smaller mentor index), counts the compatible, forbidden and
  below-threshold mentors, and records an upper bound of the scores it cut.
  Mentor keys are visited by decreasing *score bound* (each factor bounded by
  the maximum, or union, over the key's mentors; weights are non-negative and
  floating-point rounding is monotone, so the bound is never below a member's
  score); once the heap is full, a key whose bound cannot beat its worst pair
  is counted without scoring any pair, and a pair whose score with
  availability 1 cannot beat it skips the availability computation.  The
  mentees are processed in parallel chunks (numba ``prange``);
* :func:`pruned_violations` re-walks the mentees whose cut pairs could violate
  the dual constraints and returns those that do (the test of
  :func:`matching.flow.violations`, pair by pair), skipping the keys, then the
  mentors, whose duals ``v`` rule a violation out given the score bounds.

Memory is ``O(mentees * K + mentors * slugs)``: pairs are never materialised.

Examples
--------
>>> from matching.encode import Encoded
>>> from matching.profiles import MenteeProfile, MentorProfile, Policy
>>> enc = Encoded([MenteeProfile(id="a", languages=["fr"], formats=["video"])],
...               [MentorProfile(id=k, languages=["fr"], formats=["video"]) for k in "mn"], Policy())
>>> lay = prepare(enc, np.ones(1, dtype=bool))
>>> top = top_candidates(lay, 1)
>>> top.ej.tolist(), top.compatible.tolist()
([0], [2])
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numba
import numpy as np
from numba import prange

from matching._jit import njit
from matching.encode import _NBINS, Encoded
from matching.flow import FlowSolution

__all__ = ["Layout", "TopCandidates", "pair_score", "prepare", "pruned_violations", "top_candidates"]

_KEY_CHUNK = 2_000_000  # key pairs tested at once when blocking


class Layout(NamedTuple):
    """Arrays the kernels read (see the module docstring); mentor arrays are in *position* order."""

    n_p: int
    n_j: int
    mentees: np.ndarray  # free mentees, grouped by key
    p_key: np.ndarray
    kstart: np.ndarray  # CSR: mentee key -> compatible mentor keys
    kcomp: np.ndarray
    jk_lo: np.ndarray  # mentor key -> range of positions
    jk_hi: np.ndarray
    m_j: np.ndarray  # position -> mentor index
    j_pos: np.ndarray  # mentor index -> position (-1: paused or full)
    forb_start: np.ndarray  # CSR: mentee -> forbidden positions
    forb_pos: np.ndarray
    min_score: float
    score_args: tuple
    bound_args: tuple  # per mentor key: maxima / unions of its mentors' values (upper bounds of scores)


class TopCandidates(NamedTuple):
    """Each mentee's best pairs (sorted by mentee, then mentor) and per-mentee counts."""

    ei: np.ndarray
    ej: np.ndarray
    w: np.ndarray  # max(score, 1e-9)
    compatible: np.ndarray  # admissible pairs (every constraint, min score) per mentee
    forbidden: np.ndarray
    below: np.ndarray
    cut_best: np.ndarray  # upper bound of the weights of the pairs not kept (-1: none cut)
    w_max: float  # largest weight over every admissible pair
    scored: int  # pairs scored (the others were cut by their key's bound)


def _runs(bins: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Maximal runs of True bins per row: CSR start, run begin, run end (exclusive)."""
    n = len(bins)
    pad = np.zeros((n, bins.shape[1] + 2), dtype=np.int8)
    pad[:, 1:-1] = bins
    d = np.diff(pad, axis=1)
    r_up, c_up = np.nonzero(d == 1)
    _, c_dn = np.nonzero(d == -1)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(r_up, minlength=n), out=start[1:])
    return start, c_up.astype(np.int64), c_dn.astype(np.int64)


def _compatible_keys(enc: Encoded, p_rep: np.ndarray, j_rep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSR over mentee keys of the mentor keys passing every profile constraint."""
    n_pk, n_jk = len(p_rep), len(j_rep)
    rows = max(1, _KEY_CHUNK // max(n_jk, 1))
    counts = np.zeros(n_pk, dtype=np.int64)
    parts = []
    for lo in range(0, n_pk, rows):
        kp = np.repeat(np.arange(lo, min(lo + rows, n_pk)), n_jk)
        kj = np.tile(np.arange(n_jk), min(lo + rows, n_pk) - lo)
        fail = enc.failures(p_rep[kp], j_rep[kj])
        ok = ~np.logical_or.reduce(list(fail.values()))
        counts[lo : lo + rows] = np.bincount(kp[ok] - lo, minlength=min(rows, n_pk - lo))
        parts.append(kj[ok])
    kstart = np.zeros(n_pk + 1, dtype=np.int64)
    np.cumsum(counts, out=kstart[1:])
    return kstart, (np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)).astype(np.int64)


def prepare(enc: Encoded, free_mentee: np.ndarray) -> Layout:
    """Lay out the encoded profiles for the kernels; ``free_mentee`` masks the mentees to match."""
    n_p, n_j = len(enc.mentees), len(enc.mentors)
    p_key, j_key, p_rep, j_rep = enc.keys()
    p_key = np.asarray(p_key, dtype=np.int64)
    avail = ~enc.j_paused & (enc.j_free > 0)
    # mentor keys with at least one mentor with room, renumbered
    jk_used = np.unique(j_key[avail])
    jk_new = np.full(len(j_rep), -1, dtype=np.int64)
    jk_new[jk_used] = np.arange(len(jk_used))
    m_j = np.flatnonzero(avail)
    m_j = m_j[np.argsort(jk_new[j_key[m_j]], kind="stable")].astype(np.int64)
    cnt = np.bincount(jk_new[j_key[m_j]], minlength=len(jk_used))
    jk_hi = np.cumsum(cnt).astype(np.int64)
    jk_lo = jk_hi - cnt
    j_pos = np.full(n_j, -1, dtype=np.int64)
    j_pos[m_j] = np.arange(len(m_j))
    kstart, kcomp = _compatible_keys(enc, np.asarray(p_rep), np.asarray(j_rep)[jk_used])
    mentees = np.flatnonzero(free_mentee)
    mentees = mentees[np.argsort(p_key[mentees], kind="stable")].astype(np.int64)
    # forbidden pairs, as mentor positions per mentee
    fi, fp = [], []
    for a, b in dict.fromkeys(enc.policy.forbidden):
        if a in enc.p_index and b in enc.j_index and j_pos[enc.j_index[b]] >= 0:
            fi.append(enc.p_index[a])
            fp.append(int(j_pos[enc.j_index[b]]))
    fi_a, fp_a = np.array(fi, dtype=np.int64), np.array(fp, dtype=np.int64)
    o = np.argsort(fi_a, kind="stable")
    forb_start = np.zeros(n_p + 1, dtype=np.int64)
    np.cumsum(np.bincount(fi_a, minlength=n_p), out=forb_start[1:])
    # scoring arrays
    p_rs, p_rlo, p_rhi = _runs(enc.p_av)
    m_rs, m_rlo, m_rhi = _runs(enc.j_av[m_j])
    n_ch = (enc.p_ch >= 0).sum(axis=1).astype(np.int64)
    score_args = (
        np.ascontiguousarray(enc.p_ch, dtype=np.int64), n_ch,
        np.ascontiguousarray(enc.best_sim[m_j].T), np.ascontiguousarray(enc.best_rec[m_j].T),
        enc.p_sup.astype(np.int64), enc.j_sup[m_j].astype(np.int64),
        p_rs, p_rlo, p_rhi, m_rs, m_rlo, m_rhi,
        enc.p_len.astype(np.int64), enc.p_need.astype(np.float64),
        enc.p_eng.astype(np.int64), enc.j_eng[m_j].astype(np.int64),
        enc.p_kind.astype(np.int64), enc.j_kind[m_j].astype(np.int64),
        enc.p_region.astype(np.int64), enc.j_region[m_j].astype(np.int64),
        np.ascontiguousarray(enc.weights, dtype=np.float64),
    )  # fmt: skip
    # per mentor key (non-empty, contiguous ranges of positions): what bounds its mentors' scores
    if len(m_j):
        lo = jk_lo
        g_bs = np.ascontiguousarray(np.maximum.reduceat(score_args[2], lo, axis=1))
        g_br = np.ascontiguousarray(np.maximum.reduceat(score_args[3], lo, axis=1))
        g_sup = np.bitwise_or.reduceat(score_args[5], lo)
        g_eng = np.bitwise_or.reduceat(np.left_shift(1, score_args[15]), lo)
        av = enc.j_av[m_j]
        g_noav = np.logical_or.reduceat(~av.any(axis=1), lo)
        g_rs, g_rlo, g_rhi = _runs(np.logical_or.reduceat(av, lo, axis=0))
        g_kind, g_region = score_args[17][lo], score_args[19][lo]
    else:
        e = np.zeros(0, dtype=np.int64)
        g_bs = g_br = np.zeros((score_args[2].shape[0], 0))
        g_sup, g_eng, g_noav, g_kind, g_region = e, e, np.zeros(0, dtype=bool), e, e
        g_rs, g_rlo, g_rhi = np.zeros(1, dtype=np.int64), e, e
    bound_args = (g_bs, g_br, g_sup, g_eng, g_noav.astype(np.bool_), g_rs, g_rlo, g_rhi, g_kind, g_region)
    return Layout(n_p, n_j, mentees, p_key, kstart, kcomp, jk_lo, jk_hi, m_j, j_pos, forb_start, fp_a[o],
                  float(enc.policy.min_score), score_args, bound_args)  # fmt: skip


@njit(inline="always")
def _pair(  # type: ignore[no-untyped-def]
    pos,
    ch,
    n,
    want,
    pw,
    a0,
    a1,
    p_rlo,
    p_rhi,
    length,
    need,
    ea,
    pk,
    pr,
    wi,
    bs_t,
    br_t,
    m_sup,
    m_rs,
    m_rlo,
    m_rhi,
    m_eng,
    m_kind,
    m_region,
    cutoff,
):
    """The score with the mentee's values already read (``i`` fixed in the inner loops).

    When the score with availability 1 (an upper bound: same sum, same order, rounding is monotone)
    is below ``cutoff`` (``max(bound, 1e-9) < cutoff``), that bound is returned without computing the
    availability (the costly part): the caller only needs to know the pair cannot be kept.
    """
    x0 = 0.0
    x6 = 0.0
    if n > 0:
        bs = 0.0
        br = 0.0
        for k in range(n):
            bs += bs_t[ch[k], pos]
            br += br_t[ch[k], pos]
        x0 = bs / n
        x6 = br / n
    x1 = 1.0
    if want > 0:
        got = want & m_sup[pos]
        x1 = ((got & 1) + ((got >> 1) & 1)) / pw
    eb = m_eng[pos]
    x3 = 1.0 if (ea == eb or ea == 2 or eb == 2) else 0.0
    x4 = 1.0 if (pk == 2 or pk == m_kind[pos]) else 0.0
    x5 = 1.0 if (pr == m_region[pos] and pr >= 0) else 0.0
    b0, b1 = m_rs[pos], m_rs[pos + 1]
    if a0 == a1 or b0 == b1:
        x2 = 0.5
    else:
        ub = wi[0] * x0 + wi[1] * x1 + wi[2] * 1.0 + wi[3] * x3 + wi[4] * x4 + wi[5] * x5 + wi[6] * x6
        if max(ub, 1e-9) < cutoff:
            return ub
        usable = 0
        if length <= _NBINS:
            while a0 < a1 and b0 < b1:
                lo = max(p_rlo[a0], m_rlo[b0])
                hi = min(p_rhi[a0], m_rhi[b0])
                if hi - lo >= length:
                    usable += hi - lo
                if p_rhi[a0] < m_rhi[b0]:
                    a0 += 1
                else:
                    b0 += 1
        x2 = min(1.0, (usable * 30) / need)
    return wi[0] * x0 + wi[1] * x1 + wi[2] * x2 + wi[3] * x3 + wi[4] * x4 + wi[5] * x5 + wi[6] * x6


@njit(inline="always")
def _bound(  # type: ignore[no-untyped-def]
    g,
    ch,
    n,
    want,
    pw,
    a0,
    a1,
    p_rlo,
    p_rhi,
    length,
    need,
    ea,
    pk,
    pr,
    wi,
    g_bs,
    g_br,
    g_sup,
    g_eng,
    g_noav,
    g_rs,
    g_rlo,
    g_rhi,
    g_kind,
    g_region,
):
    """An upper bound of the scores of the mentors of key ``g`` (every factor bounded, weights >= 0)."""
    x0 = 0.0
    x6 = 0.0
    if n > 0:
        bs = 0.0
        br = 0.0
        for k in range(n):
            bs += g_bs[ch[k], g]
            br += g_br[ch[k], g]
        x0 = bs / n
        x6 = br / n
    x1 = 1.0
    if want > 0:
        got = want & g_sup[g]
        x1 = ((got & 1) + ((got >> 1) & 1)) / pw
    b0, b1 = g_rs[g], g_rs[g + 1]
    if a0 == a1 or b0 == b1:
        x2 = 0.5
    else:  # shared runs with the union of the mentors' availability contain each mentor's
        usable = 0
        if length <= _NBINS:
            while a0 < a1 and b0 < b1:
                lo = max(p_rlo[a0], g_rlo[b0])
                hi = min(p_rhi[a0], g_rhi[b0])
                if hi - lo >= length:
                    usable += hi - lo
                if p_rhi[a0] < g_rhi[b0]:
                    a0 += 1
                else:
                    b0 += 1
        x2 = min(1.0, (usable * 30) / need)
        if g_noav[g] and x2 < 0.5:
            x2 = 0.5
    ge = g_eng[g]
    x3 = 1.0 if (ea == 2 or (ge & 4) != 0 or (ge & (1 << ea)) != 0) else 0.0
    x4 = 1.0 if (pk == 2 or pk == g_kind[g]) else 0.0
    x5 = 1.0 if (pr == g_region[g] and pr >= 0) else 0.0
    return wi[0] * x0 + wi[1] * x1 + wi[2] * x2 + wi[3] * x3 + wi[4] * x4 + wi[5] * x5 + wi[6] * x6


@njit
def pair_score(  # type: ignore[no-untyped-def]
    i, pos, p_ch, n_ch, bs_t, br_t, p_sup, m_sup, p_rs, p_rlo, p_rhi, m_rs, m_rlo, m_rhi, p_len, p_need,
    p_eng, m_eng, p_kind, m_kind, p_region, m_region, w
):  # fmt: skip
    """Score of mentee ``i`` with the mentor at position ``pos`` (formulas of ``Encoded.factors``)."""
    want = p_sup[i]
    return _pair(pos, p_ch[i], n_ch[i], want, max((want & 1) + ((want >> 1) & 1), 1), p_rs[i], p_rs[i + 1],
                 p_rlo, p_rhi, p_len[i], p_need[i], p_eng[i], p_kind[i], p_region[i], w[i], bs_t, br_t, m_sup,
                 m_rs, m_rlo, m_rhi, m_eng, m_kind, m_region, -np.inf)  # fmt: skip


@njit(inline="always")
def _worse(wa: float, ja: int, wb: float, jb: int) -> bool:
    """Pair a ranks below pair b: lower weight, or equal weight and larger mentor index."""
    return wa < wb or (wa == wb and ja > jb)


@njit(parallel=True)
def _top_k(  # type: ignore[no-untyped-def]
    mentees, p_key, kstart, kcomp, jk_lo, jk_hi, m_j, forb_start, forb_pos, min_score, k_of, out_start,
    out_j, out_w, score_args, bound_args
):  # fmt: skip
    """The mentees in chunks, in parallel (each mentee's outputs are its own; chunks balance the load)."""
    n_p = len(p_key)
    compatible = np.zeros(n_p, dtype=np.int64)
    forbidden = np.zeros(n_p, dtype=np.int64)
    below = np.zeros(n_p, dtype=np.int64)
    kept = np.zeros(n_p, dtype=np.int64)
    cut_best = np.full(n_p, -1.0)
    n = len(mentees)
    n_chunks = min(n, 256)
    w_max = np.zeros(max(n_chunks, 1))
    n_scored = np.zeros(max(n_chunks, 1), dtype=np.int64)
    for c in prange(n_chunks):
        w_max[c], n_scored[c] = _top_k_chunk(
            mentees[c * n // n_chunks : (c + 1) * n // n_chunks], p_key, kstart, kcomp, jk_lo, jk_hi, m_j,
            forb_start, forb_pos, min_score, k_of, out_start, out_j, out_w, score_args, bound_args, compatible,
            forbidden, below, kept, cut_best,
        )  # fmt: skip
    return compatible, forbidden, below, kept, cut_best, w_max.max(), n_scored.sum()


@njit
def _top_k_chunk(  # type: ignore[no-untyped-def]
    mentees, p_key, kstart, kcomp, jk_lo, jk_hi, m_j, forb_start, forb_pos, min_score, k_of, out_start,
    out_j, out_w, score_args, bound_args, compatible, forbidden, below, kept, cut_best
):  # fmt: skip
    g_bs, g_br, g_sup, g_eng, g_noav, g_rs, g_rlo, g_rhi, g_kind, g_region = bound_args
    gb = np.empty(len(jk_lo))
    (p_ch, n_ch, bs_t, br_t, p_sup, m_sup, p_rs, p_rlo, p_rhi, m_rs, m_rlo, m_rhi,
     p_len, p_need, p_eng, m_eng, p_kind, m_kind, p_region, m_region, wts) = score_args  # fmt: skip
    mark = np.full(len(m_j), -1, dtype=np.int64)
    w_max = 0.0
    n_scored = 0
    for i in mentees:
        for f in range(forb_start[i], forb_start[i + 1]):
            mark[forb_pos[f]] = i
        kp = p_key[i]
        pwant = p_sup[i]
        pch, pn, ppw, ra, rb = (
            p_ch[i],
            n_ch[i],
            max((pwant & 1) + ((pwant >> 1) & 1), 1),
            p_rs[i],
            p_rs[i + 1],
        )
        plen, pneed, pea, ppk, ppr, pwi = p_len[i], p_need[i], p_eng[i], p_kind[i], p_region[i], wts[i]
        base = out_start[i]
        cap = k_of[i]
        size = 0
        # the keys by decreasing upper bound: the heap fills with good pairs early, then whole keys are cut
        t0, t1 = kstart[kp], kstart[kp + 1]
        for t in range(t0, t1):
            gb[t - t0] = _bound(kcomp[t], pch, pn, pwant, ppw, ra, rb, p_rlo, p_rhi, plen, pneed, pea, ppk, ppr,
                                pwi, g_bs, g_br, g_sup, g_eng, g_noav, g_rs, g_rlo, g_rhi, g_kind, g_region)  # fmt: skip
        order = np.argsort(-gb[: t1 - t0])
        for q in order:
            jk = kcomp[t0 + q]
            bnd = gb[q]
            skip = bnd < min_score or (
                min_score <= 0 and (cap == 0 or (size == cap and max(bnd, 1e-9) < out_w[base]))
            )
            if skip:  # no pair of this key can be kept: count them without scoring
                n_ok = 0
                for pos in range(jk_lo[jk], jk_hi[jk]):
                    if mark[pos] != i:
                        n_ok += 1
                forbidden[i] += jk_hi[jk] - jk_lo[jk] - n_ok
                if bnd < min_score:
                    below[i] += n_ok
                else:
                    compatible[i] += n_ok
                    if n_ok > 0 and max(bnd, 1e-9) > cut_best[i]:
                        cut_best[i] = max(bnd, 1e-9)  # an upper bound of the cut weights
                continue
            for pos in range(jk_lo[jk], jk_hi[jk]):
                if mark[pos] == i:
                    forbidden[i] += 1
                    continue
                # a full heap: a pair whose bound cannot beat its worst is not fully scored (min_score <= 0
                # makes every pair admissible, so the counts do not need the exact score)
                cutoff = out_w[base] if (min_score <= 0 and cap > 0 and size == cap) else -np.inf
                s = _pair(pos, pch, pn, pwant, ppw, ra, rb, p_rlo, p_rhi, plen, pneed, pea, ppk, ppr, pwi, bs_t, br_t,
                          m_sup, m_rs, m_rlo, m_rhi, m_eng, m_kind, m_region, cutoff)  # fmt: skip
                n_scored += 1
                if s < min_score:
                    below[i] += 1
                    continue
                compatible[i] += 1
                wt = max(s, 1e-9)
                if wt > w_max:
                    w_max = wt
                j = m_j[pos]
                if size < cap:  # heap not full: sift up (root = worst kept pair)
                    c = size
                    size += 1
                    while c > 0:
                        par = (c - 1) >> 1
                        if _worse(wt, j, out_w[base + par], out_j[base + par]):
                            out_w[base + c], out_j[base + c] = out_w[base + par], out_j[base + par]
                            c = par
                        else:
                            break
                    out_w[base + c], out_j[base + c] = wt, j
                elif cap > 0 and _worse(out_w[base], out_j[base], wt, j):
                    if out_w[base] > cut_best[i]:
                        cut_best[i] = out_w[base]
                    c = 0  # replace the root, sift down
                    while True:
                        ch = 2 * c + 1
                        if ch >= size:
                            break
                        if ch + 1 < size and _worse(out_w[base + ch + 1], out_j[base + ch + 1],
                                                    out_w[base + ch], out_j[base + ch]):  # fmt: skip
                            ch += 1
                        if _worse(out_w[base + ch], out_j[base + ch], wt, j):
                            out_w[base + c], out_j[base + c] = out_w[base + ch], out_j[base + ch]
                            c = ch
                        else:
                            break
                    out_w[base + c], out_j[base + c] = wt, j
                elif wt > cut_best[i]:
                    cut_best[i] = wt
        kept[i] = size
    return w_max, n_scored


def top_candidates(lay: Layout, k: int | None) -> TopCandidates:
    """Each free mentee's best ``k`` admissible pairs (all of them if ``k`` is None), and the counts."""
    n_p = lay.n_p
    args = (lay.mentees, lay.p_key, lay.kstart, lay.kcomp, lay.jk_lo, lay.jk_hi, lay.m_j, lay.forb_start,
            lay.forb_pos, lay.min_score)  # fmt: skip
    if k is None:  # a counting pass, then room for every pair
        zero = np.zeros(n_p, dtype=np.int64)
        k_of = _top_k(*args, zero, zero, np.zeros(0, np.int64), np.zeros(0), lay.score_args, lay.bound_args)[
            0
        ]
    else:
        k_of = np.full(n_p, k, dtype=np.int64)
    out_start = np.zeros(n_p + 1, dtype=np.int64)
    np.cumsum(k_of, out=out_start[1:])
    out_j = np.empty(int(out_start[-1]), dtype=np.int64)
    out_w = np.empty(int(out_start[-1]))
    compatible, forbidden, below, kept, cut_best, w_max, n_scored = _top_k(*args, k_of, out_start, out_j, out_w,
                                                                 lay.score_args, lay.bound_args)  # fmt: skip
    sel = np.arange(len(out_j)) - np.repeat(out_start[:-1], k_of) < np.repeat(kept, k_of)
    ei = np.repeat(np.arange(n_p), k_of)[sel]
    ej, w = out_j[sel], out_w[sel]
    order = np.lexsort((ej, ei))
    return TopCandidates(ei[order], ej[order], w[order], compatible, forbidden, below, cut_best, float(w_max),
                         int(n_scored))  # fmt: skip


@njit(inline="always")
def _ruled_out(s1: float, s2: float, wb: float, lex: bool, tol: float) -> bool:
    """``u_i + v_j = (s1, s2)`` covers every profit ``(1, w)`` or ``(w, 1)`` with ``w <= wb`` (no violation).

    The reduced cost is computed as in :func:`matching.flow.violations`, ``(u + v) - profit``, with the
    largest profit: floating-point rounding is monotone, so no smaller one can be violated.
    """
    if lex:
        r1 = s1 - 1.0
        return r1 > 0 or (r1 == 0 and s2 - wb >= -tol)
    return s1 - wb >= -tol


@njit(nogil=True)
def _violations(  # type: ignore[no-untyped-def]
    mentees, p_key, kstart, kcomp, jk_lo, jk_hi, m_j, forb_start, forb_pos, min_score, kept_start,
    kept_pos, cut_best, u1, u2, v1, v2, gv1, gv2, lex, tol, full, dstart, dpos, score_args, bound_args
):  # fmt: skip
    """The violated cut pairs of ``mentees`` (a chunk; the caller runs chunks on threads, numba releases the GIL).

    A mentee with ``full[i]`` is checked against every mentor of its compatible keys, the others only
    against the *dirty* positions of each key (``dpos[dstart[k]:dstart[k + 1]]``: mentors whose dual
    decreased since the last pass; with no dual decreased, a pair that was not violated still is not).
    """
    (p_ch, n_ch, bs_t, br_t, p_sup, m_sup, p_rs, p_rlo, p_rhi, m_rs, m_rlo, m_rhi,
     p_len, p_need, p_eng, m_eng, p_kind, m_kind, p_region, m_region, wts) = score_args  # fmt: skip
    g_bs, g_br, g_sup, g_eng, g_noav, g_rs, g_rlo, g_rhi, g_kind, g_region = bound_args
    cap = 1024
    vi = np.empty(cap, dtype=np.int64)
    vj = np.empty(cap, dtype=np.int64)
    vw = np.empty(cap)
    n = 0
    scored = 0
    mark = np.full(len(m_j), -1, dtype=np.int64)
    for i in mentees:
        every = full[i]
        for f in range(forb_start[i], forb_start[i + 1]):
            mark[forb_pos[f]] = i
        for f in range(kept_start[i], kept_start[i + 1]):
            mark[kept_pos[f]] = i
        kp = p_key[i]
        pwant = p_sup[i]
        pch, pn, ppw, ra, rb = (
            p_ch[i],
            n_ch[i],
            max((pwant & 1) + ((pwant >> 1) & 1), 1),
            p_rs[i],
            p_rs[i + 1],
        )
        plen, pneed, pea, ppk, ppr, pwi = p_len[i], p_need[i], p_eng[i], p_kind[i], p_region[i], wts[i]
        for t in range(kstart[kp], kstart[kp + 1]):
            jk = kcomp[t]
            if every:
                lo, hi = jk_lo[jk], jk_hi[jk]
            else:
                lo, hi = dstart[jk], dstart[jk + 1]
            if lo == hi:
                continue
            # a bound over the key's mentors: cut pairs weigh at most cut_best[i], v >= the key's minimum
            wb = cut_best[i]
            if _ruled_out(u1[i] + gv1[jk], u2[i] + gv2[jk], wb, lex, tol):
                continue
            bnd = _bound(jk, pch, pn, pwant, ppw, ra, rb, p_rlo, p_rhi, plen, pneed, pea, ppk, ppr, pwi,
                         g_bs, g_br, g_sup, g_eng, g_noav, g_rs, g_rlo, g_rhi, g_kind, g_region)  # fmt: skip
            if bnd < min_score:
                continue  # every pair of the key is below the threshold: not admissible
            wb = min(wb, max(bnd, 1e-9))
            if _ruled_out(u1[i] + gv1[jk], u2[i] + gv2[jk], wb, lex, tol):
                continue
            for q in range(lo, hi):
                pos = q if every else dpos[q]
                if mark[pos] == i:
                    continue
                j = m_j[pos]
                # the same bound for this mentor alone: no need to score the pair
                s1 = u1[i] + v1[j]
                s2 = u2[i] + v2[j]
                if _ruled_out(s1, s2, wb, lex, tol):
                    continue
                # a weight <= u_i + v_j cannot be violated: past that cutoff _pair skips the availability
                cutoff = (s2 if s1 - 1.0 == 0 else -np.inf) if lex else s1
                s = _pair(pos, pch, pn, pwant, ppw, ra, rb, p_rlo, p_rhi, plen, pneed, pea, ppk, ppr, pwi, bs_t, br_t,
                          m_sup, m_rs, m_rlo, m_rhi, m_eng, m_kind, m_region, cutoff)  # fmt: skip
                scored += 1
                if s < min_score:
                    continue
                wt = max(s, 1e-9)
                # flow.violations, pair by pair: profit (1, w) or (w, 1)
                if lex:
                    r1 = s1 - 1.0
                    r2 = s2 - wt
                    bad = r1 < 0 or (r1 == 0 and r2 < -tol)
                else:
                    bad = s1 - wt < -tol
                if bad:
                    if n == cap:
                        cap *= 2
                        vi2, vj2, vw2 = (
                            np.empty(cap, dtype=np.int64),
                            np.empty(cap, dtype=np.int64),
                            np.empty(cap),
                        )
                        vi2[:n], vj2[:n], vw2[:n] = vi[:n], vj[:n], vw[:n]
                        vi, vj, vw = vi2, vj2, vw2
                    vi[n], vj[n], vw[n] = i, j, wt
                    n += 1
    return vi[:n], vj[:n], vw[:n], scored


def pruned_violations(
    lay: Layout,
    top: TopCandidates,
    ei: np.ndarray,
    ej: np.ndarray,
    sol: FlowSolution,
    rtol: float = 1e-11,
    full: np.ndarray | None = None,
    dirty: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Admissible pairs outside ``(ei, ej)`` (sorted by mentee) that :func:`matching.flow.violations` flags.

    Tolerance ``rtol * top.w_max``, as :func:`matching.flow.certificate` over every admissible pair.  A
    mentee is walked only if one of its cut pairs could be violated: with ``v >= min v`` and cut weights
    ``<= top.cut_best``, ``u_i + min v - (best cut profit) >= 0`` (up to the tolerance) proves none is.

    Incremental passes: when ``dirty`` (a mask over the mentors) is given, a mentee outside ``full`` (a
    mask over the mentees) is checked only against the dirty mentors.  That is exact when every pair
    the previous pass left cut and unflagged is unflagged under the previous duals, and the duals of
    the mentees outside ``full`` and of the mentors outside ``dirty`` did not decrease (in either
    component) since: ``fl(u + v) - p`` is monotone in ``u`` and ``v``, so such a pair stays unflagged.
    The mentees with a flagged pair that was not added belong in ``full``.

    Returns the violated pairs ``(i, j, weight)`` and the number of pairs scored.
    """
    lex = sol.mode == "max_cardinality"
    tol = rtol * (top.w_max if top.w_max > 0 else 1.0)
    u, v = sol.u, sol.v
    n_jk = len(lay.jk_lo)
    # lexicographic minimum of v over each mentor key (positions of a key are contiguous)
    vp = v[lay.m_j]
    gv1 = np.full(n_jk, np.inf)
    gv2 = np.full(n_jk, np.inf)
    if len(vp):
        key_of = np.repeat(np.arange(n_jk), lay.jk_hi - lay.jk_lo)
        first = np.lexsort((vp[:, 1], vp[:, 0], key_of))
        head = np.searchsorted(key_of[first], np.arange(n_jk))
        ok = head < len(first)
        gv1[ok], gv2[ok] = vp[first[head[ok]], 0], vp[first[head[ok]], 1]
    m = lay.mentees[top.cut_best[lay.mentees] >= 0]
    if len(vp) and len(m):
        g1 = float(gv1.min())
        g2 = float(gv2[gv1 == g1].min())
        if lex:
            b1 = (u[m, 0] + g1) - 1.0
            b2 = (u[m, 1] + g2) - top.cut_best[m]
            m = m[~((b1 > 0) | ((b1 == 0) & (b2 >= -tol)))]
        else:
            m = m[(u[m, 0] + g1) - top.cut_best[m] < -tol]
    if dirty is None or full is None:
        full = np.ones(lay.n_p, dtype=np.bool_)
        dpos = np.zeros(0, dtype=np.int64)
        dstart = np.zeros(n_jk + 1, dtype=np.int64)
    else:
        # the dirty positions, per mentor key (positions of a key are contiguous, so sorted = grouped)
        dpos = np.flatnonzero(dirty[lay.m_j]).astype(np.int64)
        dstart = np.searchsorted(dpos, np.append(lay.jk_lo, len(lay.m_j))).astype(np.int64)
        full = np.ascontiguousarray(full, dtype=np.bool_)
        if not len(dpos):
            m = m[full[m]]
    kept_start = np.zeros(lay.n_p + 1, dtype=np.int64)
    np.cumsum(np.bincount(ei, minlength=lay.n_p), out=kept_start[1:])
    kept_pos = lay.j_pos[ej]
    args = (lay.p_key, lay.kstart, lay.kcomp, lay.jk_lo, lay.jk_hi, lay.m_j, lay.forb_start, lay.forb_pos,
            lay.min_score, kept_start, kept_pos, top.cut_best,
            np.ascontiguousarray(u[:, 0]), np.ascontiguousarray(u[:, 1]),
            np.ascontiguousarray(v[:, 0]), np.ascontiguousarray(v[:, 1]), gv1, gv2, lex, tol, full, dstart, dpos,
            lay.score_args, lay.bound_args)  # fmt: skip
    # chunks of mentees on threads (the kernel releases the GIL); results in mentee order
    n_chunks = min(len(m), 8 * _threads()) if len(m) > 2_000 else 1
    chunks = [m[c * len(m) // n_chunks : (c + 1) * len(m) // n_chunks] for c in range(n_chunks)]
    if n_chunks == 1:
        parts = [_violations(m, *args)]
    else:
        with ThreadPoolExecutor(_threads()) as pool:
            parts = list(pool.map(lambda ch: _violations(ch, *args), chunks))
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
        int(sum(p[3] for p in parts)),
    )


def _threads() -> int:
    """The threads numba's parallel kernels use (``NUMBA_NUM_THREADS``, else the CPUs)."""
    return max(1, int(numba.get_num_threads()))
