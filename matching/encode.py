"""Profiles encoded as arrays, and the reference (numpy) scoring formulas.

:class:`Encoded` turns the profiles into arrays once: bitmasks for formats and
support, integer codes for regions, languages sets, kinds and engagement,
challenge similarities as a ``mentor x slug`` table, availability as 30-minute
bins, and each mentee's normalised factor weights.  Its :meth:`Encoded.factors`
is the *reference* implementation of the scoring formulas documented in
:mod:`matching.propose`; the compiled kernels of :mod:`matching.scoring` compute
the same numbers pair by pair (``tests/matching/test_scale.py`` checks they agree
to 1e-12 on random profiles).

Examples
--------
>>> from matching.profiles import MenteeProfile, MentorProfile
>>> enc = Encoded([MenteeProfile(id="a", languages=["fr"], formats=["video"])],
...               [MentorProfile(id="m", languages=["fr"], formats=["video"])], Policy())
>>> round(float(enc.weights[0].sum()), 12)
1.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.profiles import FACTORS, FactorContribution, MenteeProfile, MentorProfile, Policy

__all__ = ["Encoded", "forbidden_mask"]

_FORMATS = {"in_person": 1, "video": 2, "phone": 4, "chat": 8}
_SUPPORT = {"emotional": 1, "practical": 2}
_ENGAGE = {"formal": 0, "informal": 1, "either": 2}
_FREQ = {"weekly": 1.0, "biweekly": 0.5, "monthly": 0.25}
_BIN = 30
_NBINS = 7 * 24 * 60 // _BIN
_CHUNK = 100_000
_LANG_NAMES = {
    "en": "English", "fr": "French", "es": "Spanish", "de": "German", "pt": "Portuguese", "it": "Italian",
    "nl": "Dutch", "ar": "Arabic", "pl": "Polish", "ro": "Romanian", "tr": "Turkish", "uk": "Ukrainian",
    "ru": "Russian", "zh": "Chinese",
}  # fmt: skip


def _availability(profiles: Sequence[MenteeProfile | MentorProfile]) -> np.ndarray:
    out = np.zeros((len(profiles), _NBINS), dtype=bool)
    for k, p in enumerate(profiles):
        for s in p.availability:
            a = s.weekday * 1440 + -(-s.start_minute // _BIN) * _BIN
            b = s.weekday * 1440 + (s.end_minute // _BIN) * _BIN
            if b > a:
                out[k, a // _BIN : b // _BIN] = True
    return out


def _sim(a: str, b: str) -> float:
    pa, pb = a.split("/"), b.split("/")
    common = 0
    for x, y in zip(pa, pb, strict=False):
        if x != y:
            break
        common += 1
    return common / max(len(pa), len(pb))


class Encoded:
    """Mentees and mentors encoded as arrays."""

    def __init__(self, mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile], policy: Policy):
        self.mentees, self.mentors, self.policy = mentees, mentors, policy
        self.p_index = {p.id: k for k, p in enumerate(mentees)}
        self.j_index = {m.id: k for k, m in enumerate(mentors)}
        if len(self.p_index) != len(mentees):
            raise ValueError("duplicated mentee id")
        if len(self.j_index) != len(mentors):
            raise ValueError("duplicated mentor id")
        regions = sorted({p.region for p in mentees if p.region} | {m.region for m in mentors if m.region})
        r_idx = {r: k for k, r in enumerate(regions)}
        self.p_region = np.array(
            [r_idx.get(p.region, -1) if p.region else -1 for p in mentees], dtype=np.int64
        )
        self.j_region = np.array(
            [r_idx.get(m.region, -1) if m.region else -1 for m in mentors], dtype=np.int64
        )
        self.p_fmt = np.array([sum(_FORMATS[f] for f in set(p.formats)) for p in mentees], dtype=np.int64)
        self.j_fmt = np.array([sum(_FORMATS[f] for f in set(m.formats)) for m in mentors], dtype=np.int64)
        self.p_sup = np.array(
            [sum(_SUPPORT[s] for s in set(p.support_wanted)) for p in mentees], dtype=np.int64
        )
        self.j_sup = np.array(
            [sum(_SUPPORT[s] for s in set(m.support_offered)) for m in mentors], dtype=np.int64
        )
        self.p_eng = np.array([_ENGAGE[p.engagement] for p in mentees], dtype=np.int64)
        self.j_eng = np.array([_ENGAGE[m.engagement] for m in mentors], dtype=np.int64)
        self.p_kind = np.array([{"peer": 0, "professional": 1, "any": 2}[p.mentor_kind] for p in mentees])
        self.j_kind = np.array([{"peer": 0, "professional": 1}[m.kind] for m in mentors], dtype=np.int64)
        lang_sets = sorted(
            {tuple(sorted(set(p.languages))) for p in mentees}
            | {tuple(sorted(set(m.languages))) for m in mentors}
        )
        l_idx = {s: k for k, s in enumerate(lang_sets)}
        self.p_lang = np.array([l_idx[tuple(sorted(set(p.languages)))] for p in mentees], dtype=np.int64)
        self.j_lang = np.array([l_idx[tuple(sorted(set(m.languages)))] for m in mentors], dtype=np.int64)
        sets = [set(s) for s in lang_sets]
        self.lang_ok = np.array([[bool(a & b) for b in sets] for a in sets], dtype=bool).reshape(
            len(sets), len(sets)
        )
        self.j_paused = np.array([m.paused for m in mentors], dtype=bool)
        free = np.array([m.capacity - m.active_mentees for m in mentors], dtype=np.int64)
        for a, b in policy.pinned:
            if a not in self.p_index or b not in self.j_index:
                raise ValueError(f"pinned pair {a!r}–{b!r} names an unknown mentee or mentor")
        pinned_mentors = [self.j_index[b] for _, b in policy.pinned]
        if len({a for a, _ in policy.pinned}) != len(policy.pinned):
            raise ValueError("a mentee is pinned more than once")
        free -= np.bincount(np.array(pinned_mentors, dtype=np.int64), minlength=len(mentors))
        self.j_free = np.maximum(free, 0)
        # challenges
        slugs = sorted(
            {c for p in mentees for c in p.challenges} | {c.slug for m in mentors for c in m.challenges}
        )
        s_idx = {s: k for k, s in enumerate(slugs)}
        n_s = max(len(slugs), 1)
        sim = np.zeros((n_s, n_s))
        for ka, sa in enumerate(slugs):
            for kb, sb in enumerate(slugs):
                sim[ka, kb] = _sim(sa, sb)
        self.best_sim = np.zeros((len(mentors), n_s))
        self.best_rec = np.zeros((len(mentors), n_s))
        rows = [(k, s_idx[c.slug], c.years_ago) for k, m in enumerate(mentors) for c in m.challenges]
        if rows:
            jj = np.array([r[0] for r in rows], dtype=np.int64)
            uu = np.array([r[1] for r in rows], dtype=np.int64)
            yrs = np.array([0.5 * policy.stable_years if r[2] is None else r[2] for r in rows])
            rec = np.minimum(1.0, yrs / policy.stable_years)
            np.maximum.at(self.best_sim, jj, sim[:, uu].T)
            np.maximum.at(self.best_rec, jj, sim[:, uu].T * rec[:, None])
        width = max([len(set(p.challenges)) for p in mentees] + [1])
        self.p_ch = np.full((len(mentees), width), -1, dtype=np.int64)
        for k, p in enumerate(mentees):
            cs = sorted({s_idx[c] for c in p.challenges})
            self.p_ch[k, : len(cs)] = cs
        self.slugs = slugs
        self.p_av = _availability(mentees)
        self.j_av = _availability(mentors)
        self.p_len = np.array([-(-p.session_minutes // _BIN) for p in mentees], dtype=np.int64)
        self.p_need = np.array([p.session_minutes * (1 + _FREQ[p.frequency]) for p in mentees])
        # per-mentee normalised factor weights
        base = np.array([policy.weights.get(f, 0.0) for f in FACTORS], dtype=np.float64)
        unknown = set(policy.weights) - set(FACTORS)
        if unknown:
            raise ValueError(f"unknown factor {sorted(unknown)[0]!r} in policy weights")
        wmat = np.tile(base, (len(mentees), 1))
        f_idx = {f: k for k, f in enumerate(FACTORS)}
        for k, p in enumerate(mentees):
            for rank, f in enumerate(dict.fromkeys(p.priorities)):
                if f not in f_idx:
                    raise ValueError(f"mentee {p.id!r} has unknown priority {f!r}")
                wmat[k, f_idx[f]] *= 1.0 + policy.priority_boost / (rank + 1)
        tot = wmat.sum(axis=1, keepdims=True)
        self.weights = np.divide(wmat, tot, out=np.zeros_like(wmat), where=tot > 0)

    # ---- hard constraints -------------------------------------------------
    def failures(self, pi: np.ndarray, pj: np.ndarray) -> dict[str, np.ndarray]:
        """Boolean arrays: which profile constraint each pair fails."""
        common = self.p_fmt[pi] & self.j_fmt[pj]
        same_region = (self.p_region[pi] == self.j_region[pj]) & (self.p_region[pi] >= 0)
        return {
            "no_common_language": ~self.lang_ok[self.p_lang[pi], self.j_lang[pj]],
            "no_common_format": common == 0,
            "different_region_in_person": (common == _FORMATS["in_person"]) & ~same_region,
            "wants_professional": (self.p_kind[pi] == 1) & (self.j_kind[pj] == 0),
        }

    def keys(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Hard-constraint key of every mentee and mentor, and one representative per key."""
        pk = np.stack([self.p_lang, self.p_fmt, self.p_region, self.p_kind], axis=1)
        jk = np.stack([self.j_lang, self.j_fmt, self.j_region, self.j_kind], axis=1)
        p_rep, p_key = np.unique(pk, axis=0, return_index=True, return_inverse=True)[1:]
        j_rep, j_key = np.unique(jk, axis=0, return_index=True, return_inverse=True)[1:]
        return p_key.ravel(), j_key.ravel(), p_rep, j_rep

    # ---- factors ----------------------------------------------------------
    def factors(self, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """``len(pi) x len(FACTORS)`` factor values."""
        out = np.empty((len(pi), len(FACTORS)))
        for lo in range(0, len(pi), _CHUNK):
            a, b = pi[lo : lo + _CHUNK], pj[lo : lo + _CHUNK]
            x = out[lo : lo + _CHUNK]
            ch = self.p_ch[a]
            valid = ch >= 0
            n_ch = valid.sum(axis=1)
            chc = np.where(valid, ch, 0)
            bs = np.where(valid, self.best_sim[b[:, None], chc], 0.0).sum(axis=1)
            br = np.where(valid, self.best_rec[b[:, None], chc], 0.0).sum(axis=1)
            x[:, 0] = np.divide(bs, n_ch, out=np.zeros(len(a)), where=n_ch > 0)
            x[:, 6] = np.divide(br, n_ch, out=np.zeros(len(a)), where=n_ch > 0)
            want = self.p_sup[a]
            got = want & self.j_sup[b]
            pop = np.array([0, 1, 1, 2])
            x[:, 1] = np.where(want > 0, pop[got] / np.maximum(pop[want], 1), 1.0)
            x[:, 2] = self._availability(a, b)
            ea, eb = self.p_eng[a], self.j_eng[b]
            x[:, 3] = ((ea == eb) | (ea == 2) | (eb == 2)).astype(float)
            x[:, 4] = ((self.p_kind[a] == 2) | (self.p_kind[a] == self.j_kind[b])).astype(float)
            x[:, 5] = ((self.p_region[a] == self.j_region[b]) & (self.p_region[a] >= 0)).astype(float)
        return out

    def _availability(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        both = self.p_av[a] & self.j_av[b]
        usable = np.zeros(len(a))
        for length in np.unique(self.p_len[a]):
            sel = self.p_len[a] == length
            ov = both[sel]
            length = int(length)
            if length > _NBINS:
                continue
            fits = ov[:, : _NBINS - length + 1].copy()  # a session can start here
            for s in range(1, length):
                fits &= ov[:, s : _NBINS - length + 1 + s]
            cover = np.zeros_like(ov)
            for s in range(length):
                cover[:, s : _NBINS - length + 1 + s] |= fits
            usable[sel] = cover.sum(axis=1) * _BIN
        val = np.minimum(1.0, usable / self.p_need[a])
        unknown = ~self.p_av[a].any(axis=1) | ~self.j_av[b].any(axis=1)
        return np.where(unknown, 0.5, val)

    def contributions(self, i: int, x: np.ndarray) -> list[FactorContribution]:
        w = self.weights[i]
        return [
            FactorContribution(
                factor=f, value=float(x[k]), weight=float(w[k]), contribution=float(w[k] * x[k])
            )
            for k, f in enumerate(FACTORS)
        ]

    def reason(self, i: int, j: int, x: np.ndarray) -> str:
        p, m = self.mentees[i], self.mentors[j]
        parts: list[str] = []
        mine = {c.slug: c for c in m.challenges}
        shared = [c for c in p.challenges if c in mine]
        if shared:
            parts.append(
                "both lived through " + ", ".join(c.split("/")[-1].replace("_", " ") for c in shared)
            )
        elif x[0] > 0:
            near = {c.split("/")[0] for c in p.challenges} & {c.split("/")[0] for c in mine}
            if near:
                parts.append("related experience of " + ", ".join(sorted(near)).replace("_", " "))
        years = [mine[c].years_ago for c in shared if mine[c].years_ago is not None]
        if years:
            parts.append(f"mentor overcame it {min(y for y in years if y is not None):g} years ago")
        langs = [la for la in p.languages if la in set(m.languages)]
        if langs:
            parts.append("both speak " + " and ".join(_LANG_NAMES.get(la, la) for la in langs))
        if (x[2] > 0 and x[2] != 0.5) or (x[2] == 0.5 and p.availability and m.availability):
            hours = self._shared_hours(i, j)
            if hours:
                parts.append(f"{hours:g} hours of shared availability a week")
        sup = sorted(set(p.support_wanted) & set(m.support_offered))
        if sup:
            parts.append("offers the " + " and ".join(sup) + " support wanted")
        if p.region and p.region == m.region:
            parts.append(f"same region ({p.region})")
        if p.engagement != "either" and m.engagement in (p.engagement, "either"):
            parts.append(f"suits {'an' if p.engagement == 'informal' else 'a'} {p.engagement} relationship")
        return "; ".join(parts) if parts else "compatible on every requirement"

    def _shared_hours(self, i: int, j: int) -> float:
        return float((self.p_av[i] & self.j_av[j]).sum() * _BIN / 60)

    # ---- admissible pairs -------------------------------------------------
    def admissible(self, mentee_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All (mentee, mentor) pairs passing the profile constraints, mentor active with room."""
        p_key, j_key, p_rep, j_rep = self.keys()
        avail = ~self.j_paused & (self.j_free > 0)
        grid_p, grid_j = np.meshgrid(np.arange(len(p_rep)), np.arange(len(j_rep)), indexing="ij")
        kp, kj = grid_p.ravel(), grid_j.ravel()
        fail = self.failures(p_rep[kp], j_rep[kj])
        ok = ~np.logical_or.reduce(list(fail.values())) if len(kp) else np.zeros(0, dtype=bool)
        kp, kj = kp[ok], kj[ok]
        p_members = np.flatnonzero(mentee_mask)
        p_members = p_members[np.argsort(p_key[p_members], kind="stable")]
        p_cnt = np.bincount(p_key[p_members], minlength=len(p_rep))
        p_start = np.concatenate([[0], np.cumsum(p_cnt)])
        j_members = np.flatnonzero(avail)
        j_members = j_members[np.argsort(j_key[j_members], kind="stable")]
        j_cnt = np.bincount(j_key[j_members], minlength=len(j_rep))
        j_start = np.concatenate([[0], np.cumsum(j_cnt)])
        size = p_cnt[kp] * j_cnt[kj]
        keep = size > 0
        kp, kj, size = kp[keep], kj[keep], size[keep]
        total = int(size.sum())
        blk = np.repeat(np.arange(len(kp)), size)
        t = np.arange(total) - np.repeat(np.cumsum(size) - size, size)
        width = j_cnt[kj][blk]
        pi = p_members[p_start[kp][blk] + t // width]
        pj = j_members[j_start[kj][blk] + t % width]
        order = np.lexsort((pj, pi))
        return pi[order], pj[order]


def forbidden_mask(data: Encoded, pi: np.ndarray, pj: np.ndarray) -> np.ndarray:
    """Mask of the pairs ``(pi, pj)`` that ``Policy.forbidden`` names."""
    n_j = max(len(data.mentors), 1)
    codes = [
        data.p_index[a] * n_j + data.j_index[b]
        for a, b in data.policy.forbidden
        if a in data.p_index and b in data.j_index
    ]
    return np.isin(pi * n_j + pj, np.array(codes, dtype=np.int64))
