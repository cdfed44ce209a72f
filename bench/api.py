"""API throughput and latency on PostgreSQL, side by side with a bare Litestar app.

    uv run python bench/api.py [--users 64] [--workers 2] [--connections 64] [--seconds 10]

Starts ``mentoring serve`` on a fresh PostgreSQL database (migrated, N mentees signed up over
HTTP with a mentee profile each) and, with the same uvicorn settings and number of workers, a
bare Litestar app serving one JSON endpoint. A second process on this machine (``wrk`` with a
Lua script rotating the users' tokens, or an asyncio/httpx client when wrk is absent) drives
each scenario over loopback, bounded in time and requests, and the table compares each
scenario's requests/second and p50/p99 latency with the bare endpoint's.

The issue's goal: authenticated reads reach at least 50% of the bare endpoint's throughput,
with a p99 under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from litestar import Litestar, get

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("MENTORING_BENCH_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
GOAL_RATIO, GOAL_P99_MS = 0.5, 50.0


@get("/bare", sync_to_thread=False)
def bare() -> dict[str, str]:
    """The reference: one JSON endpoint, no database, no authentication."""
    return {"status": "ok"}


bare_app = Litestar([bare])


@dataclass(frozen=True)
class Scenario:
    """One kind of request, sent with the users' tokens in turn."""

    name: str
    method: str
    path: str
    body: str | None = None
    bare: bool = False


SLOTS = json.dumps({"availability": [{"weekday": 1, "start": "18:00", "end": "20:00"}]})
SCENARIOS = [
    Scenario("bare JSON endpoint", "GET", "/bare", bare=True),
    Scenario("GET /api/me", "GET", "/api/me"),
    Scenario("GET /api/me/mentee-profile", "GET", "/api/me/mentee-profile"),
    Scenario("PATCH mentee-profile availability", "PATCH", "/api/me/mentee-profile", SLOTS),
]

WRK_SCRIPT = r"""
local tokens = {}
local counter, done_requests, limit = 0, 0, 0
method_, body_ = "GET", nil

function init(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  method_ = args[2]
  if args[3] ~= "" then body_ = args[3] end
  limit = tonumber(args[4])
  if #tokens > 0 then counter = math.random(#tokens) end
end

function request()
  counter = counter + 1
  local headers = {["Content-Type"] = "application/json"}
  if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[(counter % #tokens) + 1] end
  return wrk.format(method_, nil, headers, body_)
end

function response(status, headers, body)
  done_requests = done_requests + 1
  if limit > 0 and done_requests >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
"""


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def psql(sql: str) -> None:
    """Run one statement as the PostgreSQL superuser."""
    subprocess.run(["psql", ADMIN_URL, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


@contextmanager
def fresh_database() -> Any:
    """A database for this run, dropped afterwards."""
    name = f"mentoring_bench_{int(time.time())}_{os.getpid()}"
    psql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def server(command: list[str], env: dict[str, str], port: int, health: str, log: Path) -> Any:
    """Start a server in its own process group, wait until it answers, stop it afterwards."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                sys.exit(f"{command[:4]} exited:\n{log.read_text()}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}{health}", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        else:
            sys.exit(f"{command[:4]} did not answer on port {port}:\n{log.read_text()}")
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


async def make_users(base_url: str, count: int) -> list[str]:
    """Sign up ``count`` mentees over HTTP, give each a mentee profile, return their tokens."""
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:

        async def one(index: int) -> str:
            response = await client.post(
                "/api/auth/signup",
                json={
                    "email": f"bench{index}-{secrets.token_hex(3)}@example.org",
                    "password": "bench-password-0123",
                    "display_name": f"Bench {index}",
                    "role": "mentee",
                },
            )
            response.raise_for_status()
            token = str(response.json()["access_token"])
            profile = await client.put(
                "/api/me/mentee-profile",
                json={"languages": ["en"], "timezone": "Europe/Paris"},
                headers={"Authorization": f"Bearer {token}"},
            )
            profile.raise_for_status()
            return token

        tokens = []
        for start in range(0, count, 8):  # password hashing is CPU-bound: a few at a time
            tokens += await asyncio.gather(*(one(i) for i in range(start, min(start + 8, count))))
        return tokens


def run_wrk(
    url: str, scenario: Scenario, tokens_file: Path, args: argparse.Namespace, work: Path
) -> dict[str, Any]:
    """One scenario through wrk: the JSON line its ``done`` hook prints."""
    script = work / "rotate.lua"
    script.write_text(WRK_SCRIPT)
    per_thread_limit = args.max_requests // args.threads
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "10s",
        "-s", str(script), url + scenario.path, "--",
        str(tokens_file) if not scenario.bare else str(work / "no-tokens"),
        scenario.method, scenario.body or "", str(per_thread_limit),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"wrk failed: {result.stdout}{result.stderr}")
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    figures = json.loads(line)
    seconds = figures["duration_us"] / 1e6
    return {
        "rps": figures["requests"] / seconds,
        "p50": figures["p50_us"] / 1000,
        "p99": figures["p99_us"] / 1000,
        "requests": figures["requests"],
        "errors": figures["non_2xx"] + figures["socket_errors"],
    }


CLIENT = r"""
import asyncio, json, sys, time
import httpx

async def main(url, method, body, tokens, connections, seconds, limit):
    latencies, errors, sent = [], 0, 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        async def worker(offset):
            nonlocal errors, sent
            i = offset
            while time.perf_counter() < deadline and sent < limit:
                sent += 1
                headers = {"Content-Type": "application/json"}
                if tokens:
                    headers["Authorization"] = "Bearer " + tokens[i % len(tokens)]
                i += 1
                started = time.perf_counter()
                response = await client.request(method, url, content=body, headers=headers)
                latencies.append(time.perf_counter() - started)
                errors += response.status_code >= 300
        began = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(connections)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(json.dumps({"rps": len(latencies) / elapsed, "p50": pick(0.5), "p99": pick(0.99),
                      "requests": len(latencies), "errors": errors}))

url, method, body, tokens_file, connections, seconds, limit = sys.argv[1:8]
tokens = [t for t in open(tokens_file).read().split() if t] if tokens_file else []
asyncio.run(main(url, method, body or None, tokens, int(connections), float(seconds), int(limit)))
"""


def run_python_client(
    url: str, scenario: Scenario, tokens_file: Path, args: argparse.Namespace
) -> dict[str, Any]:
    """One scenario through an asyncio/httpx client in a second process (when wrk is absent)."""
    command = [
        sys.executable, "-c", CLIENT, url + scenario.path, scenario.method, scenario.body or "",
        "" if scenario.bare else str(tokens_file), str(args.connections), str(args.seconds), str(args.max_requests),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def report(results: dict[str, dict[str, Any]], tool: str, args: argparse.Namespace) -> None:
    """Print the table, each scenario beside the bare endpoint, and the verdict on the goal."""
    bare_rps = results[SCENARIOS[0].name]["rps"]
    print(
        f"\n{tool}, {args.connections} connections, {args.workers} workers each, "
        f"{args.users} users, {args.seconds}s per scenario"
    )
    print(f"{'scenario':<36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8} {'non-2xx':>8}")
    for scenario in SCENARIOS:
        r = results[scenario.name]
        ratio = r["rps"] / bare_rps if bare_rps else 0.0
        print(
            f"{scenario.name:<36} {r['rps']:>9.0f} {r['p50']:>8.1f} {r['p99']:>8.1f} {ratio:>7.0%} {r['errors']:>8}"
        )
    for scenario in SCENARIOS[1:3]:
        r = results[scenario.name]
        ok = r["rps"] >= GOAL_RATIO * bare_rps and r["p99"] < GOAL_P99_MS and r["errors"] == 0
        print(
            f"goal for {scenario.name}: ≥{GOAL_RATIO:.0%} of bare and p99 < {GOAL_P99_MS:.0f} ms: "
            f"{'met' if ok else 'NOT met'}"
        )


def main() -> None:
    """Set up both servers, run every scenario, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers of each server")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--seconds", type=int, default=10, help="duration bound per scenario")
    parser.add_argument("--max-requests", type=int, default=200_000, help="request bound per scenario")
    parser.add_argument(
        "--python-client", action="store_true", help="use the asyncio client even if wrk exists"
    )
    parser.add_argument(
        "--schema", choices=["migrations", "models"], default="migrations",
        help="models: build the schema from the models (while a migration is pending)",
    )  # fmt: skip
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    use_wrk = shutil.which("wrk") is not None and not args.python_client

    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mentoring-bench-")))
        database_url = stack.enter_context(fresh_database())
        app_port, bare_port = free_port(), free_port()
        env = {
            **os.environ,
            "MENTORING_ENV": "production",
            "MENTORING_DATABASE_URL": database_url,
            "MENTORING_SECRET_KEY": secrets.token_urlsafe(48),
            "MENTORING_REDIS_URL": os.environ.get("MENTORING_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
            "MENTORING_LOGIN_RATE_LIMIT": "1000000",
            "MENTORING_DATA_DIR": str(work / "var"),
        }
        setup = [sys.executable, str(ROOT / "ci" / "create_schema.py")]
        if args.schema == "migrations":
            setup = [sys.executable, "-m", "mentoring", "db", "upgrade"]
        subprocess.run(setup, env=env, check=True, cwd=ROOT, capture_output=True)
        uvicorn = ["--host", "127.0.0.1", "--workers", str(args.workers)]
        app_command = [sys.executable, "-m", "mentoring", "serve", "--port", str(app_port), *uvicorn]
        app_command += ["--no-migrate", "--no-demo"]
        stack.enter_context(server(app_command, env, app_port, "/api/health", work / "app.log"))
        # The same uvicorn settings as `mentoring serve` (mentoring/cli.py): log level, proxy headers.
        bare_command = [sys.executable, "-m", "uvicorn", "api:bare_app", "--port", str(bare_port), *uvicorn]
        bare_command += ["--log-level", "warning", "--proxy-headers", "--app-dir", str(ROOT / "bench")]
        stack.enter_context(server(bare_command, env, bare_port, "/bare", work / "bare.log"))

        tokens = asyncio.run(make_users(f"http://127.0.0.1:{app_port}", args.users))
        tokens_file = work / "tokens"
        tokens_file.write_text("\n".join(tokens) + "\n")
        (work / "no-tokens").write_text("")

        results: dict[str, dict[str, Any]] = {}
        for scenario in SCENARIOS:
            url = f"http://127.0.0.1:{bare_port if scenario.bare else app_port}"
            print(f"running {scenario.name}…", file=sys.stderr)
            if use_wrk:
                results[scenario.name] = run_wrk(url, scenario, tokens_file, args, work)
            else:
                results[scenario.name] = run_python_client(url, scenario, tokens_file, args)
        report(results, "wrk" if use_wrk else "asyncio/httpx client", args)


if __name__ == "__main__":
    main()
