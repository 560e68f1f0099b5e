"""The wheel carries everything the app needs: built, installed offline into a clean virtual
environment, it opens a first data folder with the sample programme from its own resources."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TITLE = "Building collaborative leadership: Wealdmoor cohort 2"
# One file from each kind of shipped content.
SHIPPED = (
    "facilitator/_resources/fonts/",
    "facilitator/_resources/schemes/",
    "facilitator/_resources/schemas/bundle-1.schema.json",
    "facilitator/_resources/sample/",
    "facilitator/_resources/templates/",
    "facilitator/_resources/surveys/",
    "facilitator/_resources/methods/",
    "facilitator/_resources/icons/facilitator.svg",
    "facilitator/storage/migrations/env.py",
)
UV = os.environ.get("UV") or shutil.which("uv")


def uv(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    assert UV is not None
    done = subprocess.run([UV, *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"uv {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    uv("build", "--wheel", "--offline", "--quiet", "--out-dir", str(out))
    (built,) = out.glob("facilitator-*.whl")
    return built


@pytest.mark.skipif(UV is None, reason="uv builds the wheel")
def test_the_wheel_carries_every_kind_of_resource(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    for shipped in SHIPPED:
        assert any(name.startswith(shipped) for name in names), f"{shipped} is missing"
    assert any(name.endswith(".ttf") for name in names)
    version = (ROOT / "pyproject.toml").read_text(encoding="utf-8").split('version = "')[1]
    assert wheel.name.startswith(f"facilitator-{version.split('"')[0]}-")


@pytest.mark.skipif(UV is None, reason="uv builds the wheel")
@pytest.mark.skipif(sys.platform == "win32", reason="paths of a POSIX virtual environment")
def test_the_installed_wheel_opens_the_sample_offline(wheel: Path, tmp_path: Path) -> None:
    """Installed with no network into a fresh environment, away from the source folder."""
    venv = tmp_path / "venv"
    uv("venv", "--quiet", "--python", sys.executable, str(venv))
    python = venv / "bin" / "python"
    # The lock pins every dependency, so nothing has to be resolved against an index: each
    # comes from uv's cache, filled by `uv sync`.
    pinned = tmp_path / "requirements.txt"
    exported = uv("export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "-q")
    pinned.write_text(exported.stdout, encoding="utf-8")
    uv(
        "pip",
        "install",
        "--offline",
        "--no-deps",
        "--quiet",
        "--python",
        str(python),
        "-r",
        str(pinned),
        str(wheel),
    )
    uv("pip", "check", "--quiet", "--python", str(python))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"))
    env.pop("PYTHONPATH", None)
    data_dir = tmp_path / "data"
    run = {"env": env, "cwd": tmp_path, "capture_output": True, "text": True}
    first_open = (
        "import sys; from pathlib import Path; import facilitator.resources as r; "
        "assert '_resources' in str(r.resources_root()), r.resources_root(); "
        "from facilitator.services.store import open_store; open_store(Path(sys.argv[1])).close()"
    )
    opened = subprocess.run([str(python), "-c", first_open, str(data_dir)], **run)
    assert opened.returncode == 0, opened.stderr
    listed = subprocess.run(
        [str(venv / "bin" / "facilitator"), "--data-dir", str(data_dir), "list"], **run
    )
    assert listed.returncode == 0, listed.stderr
    assert SAMPLE_TITLE in listed.stdout
    version = subprocess.run([str(venv / "bin" / "facilitator"), "--version"], **run)
    import facilitator

    assert version.stdout.strip() == f"Facilitator {facilitator.__version__}"
