"""Log in over HTTP as one demo person per role and write their bearer tokens to a file.

    python ci/mint_tokens.py --base-url http://127.0.0.1:8000 --demo-output demo.txt --out tokens.env

``--demo-output`` is what ``mentoring demo`` printed (its "Demo logins" table: role, e-mail,
password). A role the demo does not provide is covered by an account made for the run (a mentee
or mentor signs up over HTTP; a coordinator is created with ``mentoring create-coordinator``), with
a warning, so the fuzzing still runs as every role. The output file holds ``role=token`` lines.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import httpx

ROLES = ("coordinator", "mentor", "mentee")
#: A line of the demo's login list: [role] e-mail, password (no spaces), then what that login shows.
LOGIN_LINE = re.compile(
    r"^\s*(?:(?P<role>coordinator|mentor|mentee)\s+)?(?P<email>\S+@\S+)\s+(?P<password>\S+)(?:\s+(?P<shows>.*))?$"
)


def _role(label: str) -> str | None:
    """The role a login's label names first ("mentor (Dev) … the mentee's answer" is a mentor)."""
    found = [(label.find(r), r) for r in ROLES if r in label]
    return min(found)[1] if found else None


def demo_logins(text: str) -> dict[str, tuple[str, str]]:
    """The first (e-mail, password) printed for each role."""
    logins: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        match = LOGIN_LINE.match(line)
        if match is None:
            continue
        role = match["role"] or _role((match["shows"] or "").lower()) or _role(match["email"].split("@")[0])
        if role is not None and role not in logins:
            logins[role] = (match["email"], match["password"])
    return logins


def log_in(client: httpx.Client, email: str, password: str) -> str:
    """A bearer token for the account, or exit with the server's answer."""
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    if response.status_code != 200:
        sys.exit(f"log-in as {email} failed: {response.status_code} {response.text}")
    return str(response.json()["access_token"])


def stand_in(client: httpx.Client, role: str) -> tuple[str, str]:
    """Make an account for a role the demo data lacks."""
    email = f"ci-{role}-{secrets.token_hex(4)}@example.org"
    password = secrets.token_urlsafe(18)
    if role == "coordinator":
        subprocess.run(  # noqa: S603 (our own CLI, fixed arguments)
            [sys.executable, "-m", "mentoring", "create-coordinator", email, "--name", "CI coordinator"],
            env={**os.environ, "MENTORING_NEW_PASSWORD": password},
            check=True,
            capture_output=True,
        )
    else:
        response = client.post(
            "/api/auth/signup",
            json={"email": email, "password": password, "display_name": f"CI {role}", "role": role},
        )
        if response.status_code != 201:
            sys.exit(f"sign-up as a {role} failed: {response.status_code} {response.text}")
    print(f"warning: the demo data has no {role} login; using a new account {email}", file=sys.stderr)
    return email, password


def main() -> None:
    """Parse the arguments, log in as each role, write the tokens."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--demo-output", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    logins = demo_logins(args.demo_output.read_text())
    lines = []
    with httpx.Client(base_url=args.base_url, timeout=30) as client:
        for role in ROLES:
            email, password = logins.get(role) or stand_in(client, role)
            lines.append(f"{role}={log_in(client, email, password)}")
            print(f"{role:<12} logged in as {email}", file=sys.stderr)
    args.out.touch(mode=0o600)
    args.out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
