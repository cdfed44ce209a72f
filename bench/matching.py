"""Benchmark ``matching.assign`` against OR-tools' min-cost flow, and ``matching.propose`` end to end.

Run: ``uv run --group bench python bench/matching.py [--sizes 1000 10000 100000] [--million]``.

Instances (as in the issue): N mentees, N/4 mentors of capacity 1–4, 20 random
candidates per mentee, weights uniform in (0.001, 1.001].  Each size runs in
its own subprocess: :func:`matching.assign_arrays` on the numpy arrays,
OR-tools' C++ min-cost flow on the same arrays, then :func:`matching.assign`
on the same pairs as ``(mentee id, mentor id, weight)`` tuples; each phase's
peak memory is its own (Linux ``clear_refs``), instance included.  The CLI row
times ``python -m matching assign`` on a 300-mentee instance beside a bare
``python -c pass``.

Propose rows: synthetic profiles (N mentees, N/4 mentors), ``Policy(max_candidates=--cut)``,
timed end to end with the phases of :func:`matching.propose.propose_with_stats`
(``scored``: pairs whose score was computed, first pass and certificate passes;
``kept``: pairs first given to the solver; ``final``: after column generation).
At the ``--brute-sizes`` the score-everything reference
(:func:`matching.reference.propose_all_pairs`, no cut) runs in the same session:
its time, the ratio to ``propose`` and whether totals and counts agree.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

# this file is bench/matching.py: keep it from shadowing the `matching` package
_HERE = __import__("os").path.dirname(__import__("os").path.abspath(__file__))
sys.path[:] = [p for p in sys.path if __import__("os").path.abspath(p or ".") != _HERE]
sys.path.insert(0, __import__("os").path.dirname(_HERE))


def instance(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    m = max(n // 4, 1)
    cap = rng.integers(1, 5, m)
    mi = np.repeat(np.arange(n), 20)
    mj = rng.integers(0, m, n * 20)
    key = np.unique(mi.astype(np.int64) * m + mj)
    mi, mj = key // m, key % m
    w = rng.random(len(mi)) + 1e-3
    return mi, mj, w, cap


def ortools_total(n, mi, mj, w, cap, scale=1e6):
    from ortools.graph.python import min_cost_flow

    m = len(cap)
    s, t = n + m, n + m + 1
    f = min_cost_flow.SimpleMinCostFlow()
    ones = np.ones(n, dtype=np.int64)
    f.add_arcs_with_capacity_and_unit_cost(np.full(n, s), np.arange(n), ones, np.zeros(n, dtype=np.int64))
    f.add_arcs_with_capacity_and_unit_cost(mi, n + mj, np.ones(len(mi), dtype=np.int64),
                                           -np.round(w * scale).astype(np.int64))  # fmt: skip
    f.add_arcs_with_capacity_and_unit_cost(n + np.arange(m), np.full(m, t), cap.astype(np.int64),
                                           np.zeros(m, dtype=np.int64))  # fmt: skip
    f.add_arc_with_capacity_and_unit_cost(s, t, n, 0)
    f.set_node_supply(s, n)
    f.set_node_supply(t, -n)
    assert f.solve() == f.OPTIMAL
    flows = f.flows(np.arange(n, n + len(mi)))
    return float(np.sum(w[flows > 0])), int(flows.sum())


def _peak_reset() -> None:
    """Reset the peak RSS of this process (Linux), so that each phase's peak is its own."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _peak_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_assign(n: int, mode: str) -> dict:
    """One size and mode: the array entry point, OR-tools and the tuple entry point, in this order.

    The peak memory of each phase is its own (reset between phases) and includes the instance it
    holds: numpy arrays for ``assign_arrays`` and OR-tools, Python tuples for ``assign``.
    """
    import gc

    import matching

    t0 = time.perf_counter()  # numba: load (or compile, first run) the kernels
    matching.assign_arrays(np.array([0, 1]), np.array([0, 0]), np.array([1.0, 2.0]), np.array([1]), mode=mode)
    t_compile = time.perf_counter() - t0
    mi, mj, w, cap = instance(n)
    _peak_reset()
    t0 = time.perf_counter()
    a = matching.assign_arrays(mi, mj, w, cap, mode=mode, n_mentees=n)
    t_arrays = time.perf_counter() - t0
    peak_arrays = _peak_mb()
    arrays_total, arrays_card, certified = a.total_weight, a.cardinality, a.certified
    del a
    gc.collect()
    _peak_reset()
    t0 = time.perf_counter()
    ref_total, ref_card = ortools_total(n, mi, mj, w, cap)
    t_ortools = time.perf_counter() - t0
    peak_ortools = _peak_mb()
    gc.collect()
    names_p = [f"p{i}" for i in range(n)]
    names_j = [f"m{j}" for j in range(len(cap))]
    edges = list(zip([names_p[i] for i in mi], [names_j[j] for j in mj], w.tolist(), strict=True))
    caps = {names_j[j]: int(c) for j, c in enumerate(cap)}
    del mi, mj, names_p
    gc.collect()
    _peak_reset()
    t0 = time.perf_counter()
    b = matching.assign(edges, caps, mode=mode)
    t_tuples = time.perf_counter() - t0
    peak_tuples = _peak_mb()
    # OR-tools optimises integer-rounded weights: its optimum is within n * 0.5e-6 of the float one
    ok = all(
        x >= ref_total - n * 1e-6 and (mode == "max_weight" or c >= ref_card)
        for x, c in ((arrays_total, arrays_card), (b.total_weight, b.cardinality))
    )
    return {"n": n, "mode": mode, "edges": len(w), "arrays_s": t_arrays, "tuples_s": t_tuples,
            "compile_s": t_compile, "ortools_s": t_ortools, "ratio_arrays": t_arrays / t_ortools,
            "ratio_tuples": t_tuples / t_ortools, "total": b.total_weight, "ortools_total": ref_total,
            "gap": (ref_total - b.total_weight) / ref_total, "same": arrays_total == b.total_weight,
            "optimal": bool(ok), "certified": bool(certified and b.certified), "peak_arrays_mb": peak_arrays,
            "peak_tuples_mb": peak_tuples, "peak_ortools_mb": peak_ortools}  # fmt: skip


def run_cli(repeat: int = 7) -> dict:
    """``python -m matching assign`` on a 300-mentee instance, and a bare ``python -c pass`` beside it."""
    import os
    import tempfile

    rng = np.random.default_rng(3)
    n, m = 300, 75
    caps = {f"m{j}": int(rng.integers(1, 5)) for j in range(m)}
    edges = [
        [f"p{i}", f"m{j}", float(rng.random() + 1e-3)]
        for i in range(n)
        for j in rng.choice(m, 20, replace=False)
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump({"capacities": caps, "edges": edges}, fh)
    root = os.path.dirname(_HERE)
    cli, bare = [], []
    try:
        for _ in range(repeat):
            for cmd, out in (
                ([sys.executable, "-m", "matching", "assign"], cli),
                ([sys.executable, "-c", "pass"], bare),
            ):
                with open(fh.name, "rb") as stdin:
                    t0 = time.perf_counter()
                    subprocess.run(cmd, stdin=stdin, capture_output=True, check=True, cwd=root)
                    out.append(time.perf_counter() - t0)
    finally:
        os.unlink(fh.name)
    return {"edges": len(edges), "cli_s": float(np.median(cli)), "python_s": float(np.median(bare))}


def profiles(n: int, seed: int = 1):
    """A synthetic programme: n mentees, n/4 mentors."""
    import matching as mt

    rng = np.random.default_rng(seed)
    slugs = [f"{a}/{b}" for a in ("addiction", "grief", "job_loss", "health", "migration") for b in "abcd"]
    langs = ["en", "fr", "es", "pt", "de", "ar"]
    lang_p = [0.55, 0.2, 0.1, 0.07, 0.05, 0.03]
    regions = [f"r{k}" for k in range(20)]
    fmts = ["in_person", "video", "phone", "chat"]

    def slots():
        out = []
        for _ in range(int(rng.integers(1, 4))):
            d, s = int(rng.integers(0, 7)), int(rng.integers(8, 20)) * 60
            out.append(mt.TimeSlot(d, s, s + int(rng.integers(1, 4)) * 60))
        return out

    def pick(options, k, p=None):
        return sorted(set(rng.choice(options, size=k, p=p).tolist()))

    mentees = [
        mt.MenteeProfile(
            id=f"p{i}", challenges=pick(slugs, int(rng.integers(1, 3))),
            support_wanted=pick(["emotional", "practical"], 1),
            formats=(["in_person"] if rng.random() < 0.3 else pick(fmts, int(rng.integers(1, 3)))),
            region=str(rng.choice(regions)), languages=pick(langs, 1, lang_p), availability=slots(),
            frequency=str(rng.choice(["weekly", "biweekly", "monthly"])),
            engagement=str(rng.choice(["formal", "informal", "either"])),
            mentor_kind=str(rng.choice(["peer", "professional", "any"], p=[0.3, 0.1, 0.6])),
            priorities=pick(list(mt.FACTORS), 2),
        )
        for i in range(n)
    ]  # fmt: skip
    mentors = [
        mt.MentorProfile(
            id=f"m{j}", kind=str(rng.choice(["peer", "professional"], p=[0.8, 0.2])),
            challenges=[mt.MentorChallenge(s, float(rng.integers(0, 10))) for s in pick(slugs, 2)],
            support_offered=pick(["emotional", "practical"], 2), formats=pick(fmts, int(rng.integers(1, 4))),
            region=str(rng.choice(regions)), languages=sorted({"en"} | set(pick(langs, 1, lang_p))),
            availability=slots(), engagement=str(rng.choice(["formal", "informal", "either"])),
            capacity=int(rng.integers(1, 5)), active_mentees=int(rng.integers(0, 2)), paused=bool(rng.random() < 0.05),
        )
        for j in range(max(n // 4, 1))
    ]  # fmt: skip
    return mentees, mentors


def run_propose(n: int, max_candidates: int | None) -> dict:
    from matching.propose import propose_with_stats

    mentees, mentors = profiles(n)
    propose_with_stats(
        mentees[:50], mentors[:20], __import__("matching").Policy(max_candidates=2)
    )  # load the jit
    t0 = time.perf_counter()
    r, st = propose_with_stats(mentees, mentors, __import__("matching").Policy(max_candidates=max_candidates))
    dt = time.perf_counter() - t0
    return {"n": n, "mentors": len(mentors), "propose_s": dt, "proposals": len(r.proposals),
            "unmatched": len(r.unmatched), "exact": r.exact, "total": r.total_score, "max_candidates": max_candidates,
            **st, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # fmt: skip


def run_brute(n: int) -> dict:
    """The reference: score every admissible pair at once, solve on all of them."""
    import matching
    from matching import reference

    mentees, mentors = profiles(n)
    reference.propose_all_pairs(mentees[:50], mentors[:20], matching.Policy())  # load the jit
    t0 = time.perf_counter()
    r = reference.propose_all_pairs(mentees, mentors, matching.Policy())
    dt = time.perf_counter() - t0
    return {"n": n, "propose_s": dt, "total": r.total_score, "proposals": len(r.proposals), "exact": r.exact,
            "candidates": r.candidate_pairs, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    ap.add_argument("--million", action="store_true", help="also try assign at N = 1,000,000")
    ap.add_argument("--modes", nargs="*", default=["max_weight", "max_cardinality"])
    # 100,000 mentees x 25,000 mentors: ~343M admissible pairs, scored block by block, never stored
    ap.add_argument("--propose-sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    ap.add_argument("--brute-sizes", type=int, nargs="*", default=[10000], help="score-everything reference")
    ap.add_argument("--cut", type=int, default=20, help="Policy.max_candidates for propose")
    ap.add_argument("--cli", action=argparse.BooleanOptionalAction, default=True, help="time the CLI start")
    ap.add_argument("--child", nargs=3)
    args = ap.parse_args()
    if args.child:
        kind, n, extra = args.child
        if kind == "assign":
            print(json.dumps(run_assign(int(n), extra)))
        elif kind == "brute":
            print(json.dumps(run_brute(int(n))))
        else:
            print(json.dumps(run_propose(int(n), None if extra == "none" else int(extra))))
        return

    def child(*a: str) -> dict | None:
        out = subprocess.run([sys.executable, __file__, "--child", *a], capture_output=True, text=True)
        if out.returncode:
            print(f"  failed: {out.stderr.strip().splitlines()[-1:]}")
            return None
        return json.loads(out.stdout)

    sizes = args.sizes + ([1_000_000] if args.million else [])
    print("assign: the array entry point (assign_arrays), the tuple entry point (assign) and OR-tools'")
    print("C++ min-cost flow in the same process; ratio = ours / OR-tools; peak = each phase's own peak RSS")
    print(f"{'mode':16} {'N':>9} {'edges':>10} {'arrays s':>8} {'tuples s':>8} {'OR-tools s':>10} "
          f"{'arr/OR':>6} {'tup/OR':>6} {'peak arr':>8} {'peak tup':>8} {'peak OR':>8} {'jit s':>6} "
          f"optimal certified")  # fmt: skip
    for mode in args.modes:
        for n in sizes:
            r = child("assign", str(n), mode)
            if r:
                print(
                    f"{mode:16} {n:>9,} {r['edges']:>10,} {r['arrays_s']:>8.2f} {r['tuples_s']:>8.2f} "
                    f"{r['ortools_s']:>10.2f} {r['ratio_arrays']:>6.2f} {r['ratio_tuples']:>6.2f} "
                    f"{r['peak_arrays_mb']:>8.0f} {r['peak_tuples_mb']:>8.0f} {r['peak_ortools_mb']:>8.0f} "
                    f"{r['compile_s']:>6.2f} {r['optimal'] and r['same']!s:7} {r['certified']}",
                    flush=True,
                )
    if args.cli:
        c = run_cli()
        print(f"\nCLI: python -m matching assign, 300 mentees ({c['edges']:,} pairs): {c['cli_s']:.3f} s "
              f"(median of 7; a bare `python -c pass` in the same run: {c['python_s']:.3f} s)", flush=True)  # fmt: skip
    print()
    print(f"{'propose N':>10} {'mentors':>8} {'admissible':>12} {'scored':>12} {'kept':>9} {'final':>9} "
          f"{'rounds':>6} {'seconds':>8} {'score s':>7} {'solve s':>7} {'cert s':>7} {'peak MB':>8} exact  "
          f"brute s  ratio  same total")  # fmt: skip
    for n in args.propose_sizes:
        # each mentee's best --cut pairs, then column generation until the dual certificate holds
        r = child("propose", str(n), str(args.cut))
        if not r:
            continue
        line = (f"{n:>10,} {r['mentors']:>8,} {r['admissible']:>12,} {r['pairs_scored']:>12,} {r['kept']:>9,} "
                f"{r['candidates']:>9,} {r['rounds']:>6} {r['propose_s']:>8.2f} {r['score_s']:>7.2f} "
                f"{r['solve_s']:>7.2f} {r['certify_s']:>7.2f} {r['peak_mb']:>8.0f} {r['exact']!s:5}")  # fmt: skip
        if n in args.brute_sizes:
            b = child("brute", str(n), "none")
            if b:
                same = (
                    abs(b["total"] - r["total"]) <= 1e-9 * max(1.0, abs(b["total"]))
                    and b["proposals"] == r["proposals"]
                )
                line += f"  {b['propose_s']:>7.2f} {b['propose_s'] / r['propose_s']:>6.2f} {same} (brute peak {b['peak_mb']:.0f} MB)"
        print(line, flush=True)


if __name__ == "__main__":
    main()
