"""Why mentees got no mentor, computed per hard-constraint key instead of per mentee.

Every mentee of one key (language set, formats, region, kind) fails the
profile constraints against exactly the same mentors, so the counts by reason
are computed once per pair of keys, weighted by how many mentors each mentor
key holds (and how many of them are paused or full).  The per-mentee counts
that depend on the pair itself (forbidden, below the minimum score,
compatible) come from the scoring pass (:func:`matching.scoring.top_candidates`).
The result equals :func:`matching.reference.diagnose` mentee by mentee.

Examples
--------
>>> from matching.encode import Encoded
>>> from matching.profiles import MenteeProfile, MentorProfile, Policy
>>> enc = Encoded([MenteeProfile(id="a", languages=["pt"], formats=["video"])],
...               [MentorProfile(id="m", languages=["fr"], formats=["video"])], Policy())
>>> zero = np.zeros(1, dtype=np.int64)
>>> [u.summary for u in unmatched(enc, np.array([0]), zero, zero, zero)]
['no mentor speaks pt']
"""

from __future__ import annotations

import numpy as np

from matching.encode import Encoded
from matching.profiles import Unmatched

__all__ = ["unmatched"]

_CODES = ("no_common_language", "no_common_format", "different_region_in_person", "wants_professional")
_CHUNK = 2_000_000


def unmatched(
    enc: Encoded, idx: np.ndarray, compatible: np.ndarray, below: np.ndarray, forbidden: np.ndarray
) -> list[Unmatched]:
    """Diagnostics of the mentees ``idx``; ``compatible``/``below``/``forbidden`` are per-mentee counts."""
    n_m = len(enc.mentors)
    if len(idx) == 0:
        return []
    p_key, j_key, p_rep, j_rep = enc.keys()
    j_cnt = np.bincount(j_key, minlength=len(j_rep)).astype(np.int64)
    j_paused = np.bincount(j_key, weights=enc.j_paused, minlength=len(j_rep)).astype(np.int64)
    j_full = np.bincount(j_key, weights=~enc.j_paused & (enc.j_free <= 0), minlength=len(j_rep)).astype(
        np.int64
    )
    keys, inv = np.unique(p_key[idx], return_inverse=True)
    n_k, n_jk = len(keys), len(j_rep)
    counts = {c: np.zeros(n_k, dtype=np.int64) for c in (*_CODES, "ok", "paused", "full")}
    rows = max(1, _CHUNK // max(n_jk, 1))
    for lo in range(0, n_k, rows):
        hi = min(lo + rows, n_k)
        kp = np.repeat(np.arange(lo, hi), n_jk)
        kj = np.tile(np.arange(n_jk), hi - lo)
        fail = enc.failures(p_rep[keys[kp]], j_rep[kj])
        ok = ~np.logical_or.reduce(list(fail.values())) if n_jk else np.zeros(0, dtype=bool)
        for c in _CODES:
            counts[c][lo:hi] = (fail[c].reshape(hi - lo, n_jk) * j_cnt).sum(axis=1)
        ok = ok.reshape(hi - lo, n_jk)
        counts["ok"][lo:hi] = (ok * j_cnt).sum(axis=1)
        counts["paused"][lo:hi] = (ok * j_paused).sum(axis=1)
        counts["full"][lo:hi] = (ok * j_full).sum(axis=1)
    out = []
    for i, k in zip(idx.tolist(), inv.ravel().tolist(), strict=True):
        p = enc.mentees[i]
        reasons = {c: int(counts[c][k]) for c in _CODES}
        reasons["mentor_paused"] = int(counts["paused"][k])
        reasons["mentor_full"] = int(counts["full"][k])
        reasons["forbidden"] = int(forbidden[i])
        reasons["below_min_score"] = int(below[i])
        reasons = {c: v for c, v in reasons.items() if v}
        comp = int(compatible[i])
        if n_m == 0:
            summary = "there are no mentors in the programme"
        elif comp > 0:
            summary = (f"all {comp} compatible mentors were given to others" if comp > 1
                       else "the only compatible mentor was given to another mentee")  # fmt: skip
        elif counts["ok"][k] > 0:
            parts = {"full": reasons.get("mentor_full", 0), "paused": reasons.get("mentor_paused", 0),
                     "forbidden": int(forbidden[i]), "below the minimum score": int(below[i])}  # fmt: skip
            parts = {c: v for c, v in parts.items() if v}
            n_ok = int(counts["ok"][k])
            words = (
                " or ".join(parts) if len(parts) == 1 else ", ".join(f"{c} ({v})" for c, v in parts.items())
            )
            summary = f"all {n_ok} compatible mentor{'s' if n_ok > 1 else ''} were {words}"
        else:
            needs = []
            if counts["no_common_language"][k] == n_m:
                needs.append("no mentor speaks " + "/".join(p.languages or ["any of its languages"]))
            if counts["no_common_format"][k] == n_m:
                needs.append("no mentor offers " + "/".join(p.formats or ["any format"]))
            # "different region in person" implies a common format: all of those with one
            if counts["different_region_in_person"][k] == n_m - counts["no_common_format"][k] and not needs:
                needs.append(f"no in-person mentor in region {p.region or '(unknown)'}")
            if counts["wants_professional"][k] == n_m:
                needs.append("no professional mentor")
            if not needs:
                needs.append(
                    "no mentor meets every requirement ("
                    + ", ".join(f"{v} {c.replace('_', ' ')}" for c, v in reasons.items())
                    + ")"
                )
            summary = "; ".join(needs)
        out.append(Unmatched(mentee_id=p.id, reasons=reasons, compatible=comp, summary=summary))
    return out
