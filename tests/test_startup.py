"""Start-up: numba's cache follows the settings, and the API warms the matching engine up."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from mentoring.settings import Settings, apply_numba_cache_dir, load_settings


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A development environment in tmp_path, NUMBA_CACHE_DIR restored after the test."""
    monkeypatch.setenv("MENTORING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NUMBA_CACHE_DIR", os.environ.get("NUMBA_CACHE_DIR", ""))
    monkeypatch.delenv("NUMBA_CACHE_DIR")
    return monkeypatch


def test_the_numba_cache_defaults_to_the_data_directory(environment, tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.numba_cache_dir is None
    assert settings.numba_cache_path == (tmp_path / "data" / "numba-cache").absolute()

    assert apply_numba_cache_dir(settings) == settings.numba_cache_path
    assert os.environ["NUMBA_CACHE_DIR"] == str(settings.numba_cache_path)
    assert settings.numba_cache_path.is_dir()


def test_the_numba_cache_setting_is_applied_to_numba(environment, tmp_path: Path) -> None:
    environment.setenv("MENTORING_NUMBA_CACHE_DIR", str(tmp_path / "cache"))
    settings = load_settings()
    assert settings.numba_cache_path == tmp_path / "cache"
    apply_numba_cache_dir(settings)
    assert os.environ["NUMBA_CACHE_DIR"] == str(tmp_path / "cache")


def test_an_operators_numba_cache_dir_is_kept(environment, tmp_path: Path) -> None:
    environment.setenv("NUMBA_CACHE_DIR", str(tmp_path / "operator"))
    assert load_settings().numba_cache_path == tmp_path / "operator"


def test_an_unwritable_numba_cache_does_not_stop_the_start(environment, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    environment.setenv("MENTORING_NUMBA_CACHE_DIR", str(blocker / "cache"))
    assert apply_numba_cache_dir(load_settings()) == blocker / "cache"


def test_the_warm_up_is_on_except_in_tests(environment) -> None:
    assert load_settings().warm_engine is True
    environment.setenv("MENTORING_ENV", "test")
    assert load_settings().warm_engine is False
    environment.setenv("MENTORING_WARM_ENGINE", "true")
    assert load_settings().warm_engine is True


def test_create_app_points_numba_at_the_cache_before_matching_is_imported(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from mentoring.app import create_app\n"
        "assert 'numba' not in sys.modules\n"
        "create_app()\n"
        "import matching._jit as jit, numba.core.config as c\n"
        "print(c.CACHE_DIR)\n"
        "print(jit.compiled('solve')._cache._cache_path)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MENTORING_", "NUMBA_"))}
    env.update(
        MENTORING_DATA_DIR=str(tmp_path),
        MENTORING_NUMBA_CACHE_DIR=str(tmp_path / "numba"),
        MENTORING_JOBS_IN_PROCESS="false",
        MENTORING_WARM_ENGINE="false",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    cache_dir, kernel_cache = result.stdout.split()
    assert cache_dir == str(tmp_path / "numba")
    assert Path(kernel_cache).is_relative_to(tmp_path / "numba")


async def test_the_api_warms_the_matching_engine_up_in_the_background(settings: Settings) -> None:
    from mentoring.app import create_app

    app = create_app(settings.with_overrides(warm_engine=True))
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/api/health")).status_code == 200  # not held up by the warm-up
        thread = app.state["engine_warm_up"]
        assert isinstance(thread, threading.Thread)
        assert thread.daemon
        thread.join(timeout=300)
        assert not thread.is_alive()
    assert app.state["engine_warmed_in"] > 0


async def test_the_test_app_does_not_warm_the_engine_up(app) -> None:
    assert app.state["settings"].warm_engine is False
    assert "engine_warm_up" not in app.state
