"""The engine from a read-only install, run by an unprivileged user (the production image).

The code tree and the home directory are read-only for the user running the
API: numba's ``cache=True`` finds no writable place (``RuntimeError: cannot
cache function … no locator available``) unless ``NUMBA_CACHE_DIR`` names one.
Here ``matching/`` is copied to a read-only directory and imported by a
subprocess running as ``nobody`` (uid 65534) with a read-only ``HOME``: once
with ``NUMBA_CACHE_DIR`` writable (compiled kernels are cached there), once
with nowhere writable (they are compiled in memory, and everything runs).

Tests run as root (here and in CI) so that they can switch user.  The venv's
interpreter may live under a directory ``nobody`` cannot enter (``/root`` is
``drwx------``); then the subprocess gets the ``CAP_DAC_READ_SEARCH``
capability as an ambient capability: it may read and traverse any directory,
never write one, which is exactly what this test is about (the subprocess
checks that it cannot write the package, its home or the default cache).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import matching

NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"]
READ_ANYWHERE = ["--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"]

SCRIPT = r"""
import json, os, sys, tempfile
sys.path.insert(0, sys.argv[1])
# the situation under test: nothing of ours is writable
assert os.getuid() == 65534, os.getuid()
for place in (os.path.join(sys.argv[1], "matching"), os.environ["HOME"]):
    try:
        tempfile.TemporaryFile(dir=place).close()
    except OSError:
        pass
    else:
        raise SystemExit(f"{place} is writable")
import numpy as np
import matching
from matching import _jit
assert matching.__file__.startswith(sys.argv[1]), matching.__file__
a = matching.assign_arrays(np.array([0, 1, 1, 2]), np.array([0, 0, 1, 1]), np.array([3.0, 2.0, 1.0, 5.0]),
                           np.array([1, 1]), mode="max_cardinality")
ann = matching.MenteeProfile(id="ann", challenges=["grief"], languages=["fr"], formats=["video"])
bob = matching.MenteeProfile(id="bob", languages=["fr"], formats=["video"])
ms = [matching.MentorProfile(id="max", challenges=[matching.MentorChallenge("grief", 3)], languages=["fr"],
                             formats=["video"]),
      matching.MentorProfile(id="eve", languages=["fr"], formats=["video"])]
r = matching.propose([ann, bob], ms, matching.Policy(max_candidates=1))
print(json.dumps({"cache": _jit.cache_available(), "pairs": a.mentor_of.tolist(), "certified": a.certified,
                  "proposals": sorted((p.mentee_id, p.mentor_id) for p in r.proposals), "exact": r.exact}))
"""


def _as_nobody(extra: list[str]) -> list[str]:
    return ["setpriv", *NOBODY, *extra, "--"]


def _runner(env: dict[str, str]) -> list[str] | None:
    """A command prefix that runs the venv's python as nobody, or None if there is none."""
    for extra in ([], READ_ANYWHERE):
        probe = subprocess.run([*_as_nobody(extra), sys.executable, "-c", "import numpy, numba, msgspec"],
                               capture_output=True, env=env, timeout=120)  # fmt: skip
        if probe.returncode == 0:
            return _as_nobody(extra)
    return None


@pytest.fixture(scope="module")
def install():
    """``matching/`` copied into a read-only tree; a read-only home; a writable cache directory."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run this test as root with setpriv (util-linux) installed")
        pytest.skip("needs root and setpriv to run the engine as an unprivileged user")
    base = Path(tempfile.mkdtemp(prefix="matching-readonly-"))  # not under pytest's root-only tmp dir
    try:
        base.chmod(0o755)
        code = base / "site"
        shutil.copytree(Path(matching.__file__).parent, code / "matching",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
        home = base / "home"
        home.mkdir()
        cache = base / "cache"
        cache.mkdir()
        os.chown(cache, 65534, 65534)
        for path in [code, *code.rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            path.chmod(0o555 if path.is_dir() else mode & 0o444)
        home.chmod(0o555)
        yield code, home, cache
    finally:
        for path in [base, *base.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def _run(code: Path, home: Path, cache: Path | None) -> dict:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8"}
    if cache is not None:
        env["NUMBA_CACHE_DIR"] = str(cache)
    prefix = _runner(env)
    if prefix is None:
        message = f"{sys.executable} cannot be run as nobody, even with CAP_DAC_READ_SEARCH"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    out = subprocess.run([*prefix, sys.executable, "-c", SCRIPT, str(code)], capture_output=True, text=True,
                         env=env, cwd=str(home), timeout=900)  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _expected(result: dict) -> None:
    assert result["pairs"] == [0, -1, 1]
    assert result["certified"] is True
    assert result["proposals"] == [["ann", "max"], ["bob", "eve"]]
    assert result["exact"] is True


def test_runs_with_a_writable_numba_cache_dir(install):
    code, home, cache = install
    result = _run(code, home, cache)
    _expected(result)
    assert result["cache"] is True
    written = [p.name for p in cache.rglob("*") if p.suffix in (".nbi", ".nbc")]
    assert any(name.startswith("_kernels.ssp") for name in written), written
    assert any(name.startswith("scoring.") for name in written), written


def test_runs_with_nothing_writable(install):
    code, home, _ = install
    result = _run(code, home, None)
    _expected(result)
    assert result["cache"] is False
    assert not any(code.rglob("*.nbi"))
