"""Asked to stop from outside (the session logging out, Ctrl+C), the app closes its window
as the user would: exit code 0, the closing backup made, the database sound."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.domain.backups import ON_CLOSE
from facilitator.storage.location import BACKUPS_DIR_NAME
from facilitator.ui.single_instance import ALREADY_OPEN

UP_WITHIN = 60.0  # seconds for the window to open: a guard against hanging, not a measure


def app_environment(tmp_path: Path) -> dict[str, str]:
    """An offscreen session whose home, settings and temporary folders are the test's own."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "TMPDIR"):
        env[name] = str(tmp_path / name.lower())
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    env.pop("FACILITATOR_DATA_DIR", None)
    return env


def facilitator(*args: str) -> list[str]:
    return [sys.executable, "-m", "facilitator", *args]


def wait_until_listening(app: subprocess.Popen, socket_folder: Path) -> None:
    """Wait until the window answers later launches: its local socket appears."""
    deadline = time.monotonic() + UP_WITHIN
    while not any(socket_folder.glob("facilitator-*")):
        if app.poll() is not None:
            out, err = app.communicate()
            pytest.fail(f"the app stopped by itself ({app.returncode}):\n{out}\n{err}")
        if time.monotonic() > deadline:
            app.kill()
            pytest.fail(f"the window was not up within {UP_WITHIN:g} s")
        time.sleep(0.05)


def second_launch_says_already_open(data_dir: Path, env: dict[str, str]) -> bool:
    """Launch again on the folder: it says the data is already open, then its message box
    (there is no one to press OK offscreen) closes on SIGTERM with exit code 0."""
    second = subprocess.Popen(
        facilitator("--data-dir", str(data_dir)),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert second.stdout is not None
        line = second.stdout.readline().strip()
        second.send_signal(signal.SIGTERM)
        second.communicate(timeout=UP_WITHIN)
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
    return line == ALREADY_OPEN and second.returncode == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_closes_the_window_gracefully(tmp_path: Path, signal_number: int) -> None:
    """The window opens, a second launch finds it, and the signal closes it cleanly."""
    env = app_environment(tmp_path)
    data_dir = tmp_path / "data"
    app = subprocess.Popen(
        facilitator("--data-dir", str(data_dir)),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_listening(app, Path(env["TMPDIR"]))
        assert second_launch_says_already_open(data_dir, env)
        app.send_signal(signal_number)
        _, err = app.communicate(timeout=UP_WITHIN)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, err
    backups = [path.name for path in (data_dir / BACKUPS_DIR_NAME).iterdir()]
    assert any(ON_CLOSE in name for name in backups), backups
    check = subprocess.run(
        facilitator("--data-dir", str(data_dir), "check"), env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
