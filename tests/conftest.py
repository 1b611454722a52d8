"""Shared fixtures: a CLI runner, generated workbooks, the Sheets API stand-in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_bot(*args: str, cwd: Path, env: dict[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` in a folder, as a user would, and capture what it prints."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def bot_cli():
    """The run_bot function, for tests that drive the command line."""
    return run_bot


from tests.bot_api import bot_api  # noqa: E402,F401  (the Telegram Bot API stand-in)
from tests.sheets_api import sheets_api  # noqa: E402,F401  (the Google Sheets API stand-in)
