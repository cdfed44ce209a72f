"""Forming support circles: the exact MILP against the scalable heuristic, in the same run.

    uv run python bench/circles.py                 # 200 participants x 30 drafts (both methods)
    uv run python bench/circles.py --large         # also 20,000 x 2,000 (heuristic; gap to its bound)

For each instance it prints, per method, the seconds, the total fit, the proven upper bound and the
gap (to the MILP optimum where the MILP ran, else to the bound), and the peak memory of the run.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time

# bench/matching.py would shadow the engine package: import it from the repository root instead.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]
sys.path.insert(0, os.path.dirname(_HERE))

from matching.circles import Circle, CirclePolicy, Facilitator, MeetingSlot, Participant, form  # noqa: E402
from matching.profiles import TimeSlot  # noqa: E402

THEMES = ["grief", "job-loss", "addiction", "parenting", "anxiety", "migration"]
LANGUAGES = ["en", "fr", "es"]
REGIONS = ["lyon", "paris", "lille", None]


def instance(
    participants: int, drafts: int, seed: int
) -> tuple[list[Participant], list[Circle], list[Facilitator]]:
    """Random waiting participants, draft circles and their facilitators (one per two drafts)."""
    rng = random.Random(seed)

    def evening(day: int) -> TimeSlot:
        start = rng.choice([17, 18, 19]) * 60
        return TimeSlot(weekday=day, start_minute=start, end_minute=start + 180)

    people = [
        Participant(
            id=f"p{i}",
            themes=rng.sample(THEMES, rng.choice([1, 1, 2])),
            languages=rng.sample(LANGUAGES, rng.choice([1, 1, 2])),
            formats=rng.sample(["video", "chat", "in_person"], rng.choice([1, 2, 3])),
            region=rng.choice(REGIONS),
            availability=[evening(d) for d in rng.sample(range(7), 3)],
        )
        for i in range(participants)
    ]
    facilitators = [
        Facilitator(id=f"f{j}", max_circles=1, availability=[evening(d) for d in range(7)])
        for j in range(max(1, drafts // 2))
    ]
    circles = [
        Circle(
            id=f"d{k}",
            theme=rng.choice(THEMES),
            slot=MeetingSlot(weekday=rng.randrange(7), start_minute=rng.choice([18, 19]) * 60),
            format=rng.choice(["video", "chat", "in_person"]),
            region=rng.choice(REGIONS[:3]),
            languages=[rng.choice(LANGUAGES)],
            min_size=3,
            max_size=8,
            draft=True,
            facilitator_id=f"f{k % len(facilitators)}",
        )
        for k in range(drafts)
    ]
    return people, circles, facilitators


def run(method: str, people: list[Participant], circles: list[Circle], facs: list[Facilitator]) -> tuple:
    """(seconds, result) of one forming with ``method``."""
    started = time.perf_counter()
    result = form(people, circles, facs, CirclePolicy(method=method))  # type: ignore[arg-type]
    return time.perf_counter() - started, result


def report(label: str, seconds: float, result: object, optimum: int | None) -> None:
    """One line of figures."""
    total = result.total_score  # type: ignore[attr-defined]
    bound = result.upper_bound  # type: ignore[attr-defined]
    gap = (optimum - total) / optimum if optimum else (bound - total) / bound if bound else 0.0
    against = "MILP optimum" if optimum else "its bound"
    print(
        f"  {label:<10} {seconds:8.2f} s  total {total:>8}  bound {bound:>10.1f}  "
        f"opened {len(result.opened):>5}  placed {len(result.placements):>6}  "  # type: ignore[attr-defined]
        f"gap to {against} {gap:.2%}  certified {result.certified}"  # type: ignore[attr-defined]
    )


def main() -> None:
    """Run the instances and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", action="store_true", help="also run 20,000 participants x 2,000 drafts")
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args()

    sizes = [(200, 30), *([(20_000, 2_000)] if args.large else [])]
    for participants, drafts in sizes:
        people, circles, facs = instance(participants, drafts, args.seed)
        print(f"{participants} participants x {drafts} drafts")
        optimum = None
        if participants <= 1_000:
            seconds, exact = run("milp", people, circles, facs)
            optimum = exact.total_score
            report("milp", seconds, exact, None)
        seconds, heuristic = run("heuristic", people, circles, facs)
        report("heuristic", seconds, heuristic, optimum)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
