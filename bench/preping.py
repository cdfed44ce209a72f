"""What checking a pooled connection costs on checkout: nothing, our closed-socket check, a pre-ping.

Run: ``uv run python bench/preping.py [--rounds 5000] [--queries 1]``.

Each mode checks a connection out of a pool of one (so every round is a checkout), runs
``--queries`` trivial statements (``SELECT 1``) in a transaction, and returns it; the figures are
microseconds per round (the best of many short runs, the modes taking turns) and the ratio to no check at all:

* **none**: no check; a connection the server closed fails its first statement.
* **closed-check** (our default, mentoring.db.engine): asyncpg's ``is_closed()`` on checkout; no
  round trip — it notices what the server closed (a restart) by itself.
* **pre-ping**: SQLAlchemy's ``pool_pre_ping`` (asyncpg: ``BEGIN; ; ROLLBACK``), every checkout.

Needs PostgreSQL (``MENTORING_TEST_POSTGRES_URL``, default the local server; read-only).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != str(ROOT / "bench")]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from mentoring.db.engine import _discard_closed  # noqa: E402

URL = os.environ.get("MENTORING_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")


MODES = ("none", "closed-check", "pre-ping")


async def measure(rounds: int, queries: int, repeats: int) -> dict[str, float]:
    """Microseconds per checkout + ``queries`` statements + checkin, for each mode.

    The modes take turns in ``repeats`` short runs (a busy machine slows them alike) and each keeps
    its best run.
    """
    engines = {
        mode: create_async_engine(URL, pool_size=1, max_overflow=0, pool_pre_ping=mode == "pre-ping")
        for mode in MODES
    }
    event.listen(engines["closed-check"].sync_engine.pool, "checkout", _discard_closed)
    best = dict.fromkeys(MODES, float("inf"))
    try:
        for _ in range(repeats):
            for mode, engine in engines.items():
                started = time.perf_counter()
                for _ in range(rounds):
                    async with engine.begin() as connection:
                        for _ in range(queries):
                            await connection.execute(text("SELECT 1"))
                best[mode] = min(best[mode], (time.perf_counter() - started) / rounds * 1e6)
    finally:
        for engine in engines.values():
            await engine.dispose()
    return best


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="rounds per run")
    parser.add_argument("--repeats", type=int, default=25, help="runs per mode, taking turns")
    parser.add_argument("--queries", type=int, nargs="+", default=[1, 5])
    args = parser.parse_args()
    print(f"PostgreSQL at {URL.split('@')[-1]}; best of {args.repeats} runs of {args.rounds} rounds")
    for queries in args.queries:
        figures = await measure(args.rounds, queries, args.repeats)
        base = figures["none"]
        print(f"checkout + {queries} × SELECT 1 in a transaction:")
        for mode, micros in figures.items():
            print(f"  {mode:<13} {micros:8.1f} µs/round   ×{micros / base:.2f}   ({micros - base:+7.1f} µs)")


if __name__ == "__main__":
    asyncio.run(main())
