"""Build the app for this platform with PyInstaller, then smoke-test the result offscreen.

Run from the project root: `uv run --group packaging python packaging/build.py`
(`--skip-build` tests the folder already in dist/). Each check runs on a fresh temporary
data folder, with a temporary home, settings and temporary folder, so nothing touches your
own. The exit status is non-zero if the build or any check fails.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "facilitator.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
NAME = "Facilitator"
SAMPLE_TITLE = "Building collaborative leadership: Wealdmoor cohort 2"
ALREADY_OPEN = "Facilitator already has this data open"
UP_WITHIN = 120.0  # seconds: a guard against a hang on a slow machine, not a target


class SmokeFailedError(Exception):
    """One check of the built app failed."""


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def build() -> None:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", str(SPEC)]
    command += ["--distpath", str(DIST), "--workpath", str(WORK)]
    print("Building:", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


def app_folder() -> Path:
    """The built one-folder app (inside the .app bundle on macOS)."""
    if sys.platform == "darwin":
        return DIST / f"{NAME}.app"
    return DIST / NAME


def executable() -> Path:
    if sys.platform == "darwin":
        return DIST / f"{NAME}.app" / "Contents" / "MacOS" / NAME
    return DIST / NAME / (f"{NAME}.exe" if sys.platform == "win32" else NAME)


def folder_size_mb(folder: Path) -> float:
    """Size on disk, as `du` counts it (each hard-linked file once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in folder.rglob("*"):
        info = path.lstat()
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        total += getattr(info, "st_blocks", 0) * 512 or info.st_size
    return total / 1_000_000


class Smoke:
    """The checks, each against the built executable in a private temporary world."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "TMPDIR"):
            self.env[name] = str(scratch / name.lower())
            Path(self.env[name]).mkdir(parents=True, exist_ok=True)
        for name in ("FACILITATOR_DATA_DIR", "FACILITATOR_LOG_DIR", "PYTHONPATH"):
            self.env.pop(name, None)
        self.timings: dict[str, float] = {}

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(executable()), *args],
            env=self.env,
            cwd=self.scratch,
            capture_output=True,
            text=True,
            timeout=UP_WITHIN,
        )

    def timed(self, label: str, *args: str) -> subprocess.CompletedProcess[str]:
        start = time.perf_counter()
        done = self.run(*args)
        self.timings[label] = time.perf_counter() - start
        if done.returncode != 0:
            raise SmokeFailedError(f"exit code {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    def version(self) -> str:
        out = self.timed("--version", "--version").stdout.strip()
        if out != f"{NAME} {project_version()}":
            raise SmokeFailedError(f"printed {out!r}, expected {NAME} {project_version()}")
        return out

    def window(self) -> str:
        """Open the app on a fresh folder (which makes the database, with the sample), wait
        until it answers a second launch, then close it with SIGTERM."""
        data = self.scratch / "data"
        start = time.perf_counter()
        app = subprocess.Popen(
            [str(executable()), "--data-dir", str(data)],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            sockets = Path(self.env["TMPDIR"])
            while not any(sockets.glob("facilitator-*")):
                if app.poll() is not None:
                    raise SmokeFailedError(f"the app stopped ({app.returncode})")
                if time.perf_counter() - start > UP_WITHIN:
                    raise SmokeFailedError(f"the window was not up within {UP_WITHIN:g} s")
                time.sleep(0.02)
            self.timings["launch to window up"] = time.perf_counter() - start
            said = self.second_launch(data)
            app.send_signal(signal.SIGTERM)
            _, err = app.communicate(timeout=UP_WITHIN)
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
        if app.returncode != 0:
            raise SmokeFailedError(f"exit code {app.returncode} after SIGTERM\n{err}")
        if not any((data / "backups").glob("facilitator-on-close-*")):
            raise SmokeFailedError("no closing backup was made")
        self.timed("check", "--data-dir", str(data), "check")
        return f"second launch said {said!r}; closed on SIGTERM with 0; check passed"

    def second_launch(self, data: Path) -> str:
        """A second launch says the data is already open; its message box closes on
        SIGTERM (offscreen, no one can press OK) with exit code 0."""
        second = subprocess.Popen(
            [str(executable()), "--data-dir", str(data)],
            env=self.env,
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
        if not line.startswith(ALREADY_OPEN) or second.returncode != 0:
            raise SmokeFailedError(f"second launch: {line!r}, exit code {second.returncode}")
        return line

    def listing(self) -> str:
        out = self.timed("list", "--data-dir", str(self.scratch / "data"), "list").stdout
        if SAMPLE_TITLE not in out:
            raise SmokeFailedError(f"no sample programme in:\n{out}")
        return out.splitlines()[0]

    def report(self) -> str:
        pdf = self.scratch / "day-one.pdf"
        self.timed(
            "report", "--data-dir", str(self.scratch / "data"), "report", "1", "--out", str(pdf)
        )
        data = pdf.read_bytes() if pdf.exists() else b""
        if not data.startswith(b"%PDF") or len(data) < 2_000:
            raise SmokeFailedError(f"{pdf.name} is not a PDF ({len(data)} bytes)")
        pages = ""
        try:
            from pypdf import PdfReader

            pages = f", {len(PdfReader(pdf).pages)} pages"
        except ImportError:
            pass
        return f"{pdf.name}: {len(data) / 1000:.0f} kB{pages}"


def smoke() -> bool:
    """Run every check; print each outcome, the size and the timings; True if all passed."""
    with tempfile.TemporaryDirectory(prefix="fac-smoke-") as scratch:
        checks = Smoke(Path(scratch))
        steps: list[tuple[str, Callable[[], str]]] = [
            ("--version", checks.version),
            ("open and close the window", checks.window),
            ("list shows the sample", checks.listing),
            ("report 1 writes a PDF", checks.report),
        ]
        passed = True
        for label, step in steps:
            try:
                print(f"PASS  {label}: {step()}", flush=True)
            except (SmokeFailedError, subprocess.SubprocessError, OSError) as error:
                print(f"FAIL  {label}: {error}", flush=True)
                passed = False
        print(f"\nBundle size: {folder_size_mb(app_folder()):.0f} MB ({app_folder()})")
        for label, seconds in checks.timings.items():
            print(f"  {label:<22} {seconds:6.2f} s")
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="test the app in dist/")
    args = parser.parse_args()
    if not args.skip_build:
        try:
            build()
        except subprocess.CalledProcessError as error:
            print(f"The build failed ({error.returncode}).", file=sys.stderr)
            return 1
    if not executable().exists():
        print(f"No built app at {executable()}.", file=sys.stderr)
        return 1
    if sys.platform == "win32":
        print("The smoke test uses POSIX signals; on Windows, open the app by hand.")
        return 0
    return 0 if smoke() else 1


if __name__ == "__main__":
    sys.exit(main())
