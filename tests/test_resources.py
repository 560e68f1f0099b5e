"""Shipped content is found through one function, from a source checkout or an installed wheel."""

import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import resources
from facilitator.resources import resource_path, resources_root

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_root_lookup() -> Iterator[None]:
    """Forget the cached content folder before and after a test that moves it."""
    resources_root.cache_clear()
    yield
    resources_root.cache_clear()


def test_source_checkout_uses_the_top_level_resources_folder() -> None:
    """Running from the repository finds resources/ beside the package."""
    assert resources_root() == REPO_ROOT / "resources"


@pytest.mark.parametrize("folder", ["schemes", "templates", "sample", "surveys"])
def test_content_folders_exist(folder: str) -> None:
    """The schemes, templates and sample folders are all there."""
    assert resource_path(folder).is_dir()


def test_scheme_files_are_found() -> None:
    """All eight coding-scheme files are found under schemes/."""
    names = sorted(path.name for path in resource_path("schemes").glob("*.json"))
    assert len(names) == 8
    assert "kantor_four_player.json" in names


@pytest.mark.parametrize(
    "parts",
    [
        ("templates", "building_collaborative_leadership.json"),
        ("sample", "sample_programme.json"),
        ("schemes", "conflict_surfacing.json"),
        ("surveys", "evaluation.json"),
    ],
)
def test_named_files_are_found_and_are_content_json(parts: tuple[str, ...]) -> None:
    """Each named file exists and is UTF-8 JSON in content format 1."""
    path = resource_path(*parts)
    assert path.is_file()
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 1


def test_every_shipped_json_file_is_valid_utf8_json() -> None:
    """No shipped content file is malformed."""
    files = list(resource_path().rglob("*.json"))
    assert len(files) >= 10
    for path in files:
        json.loads(path.read_text(encoding="utf-8"))


def test_installed_wheel_layout_is_preferred(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_root_lookup: None
) -> None:
    """In an installed wheel the content sits inside the package as _resources and wins."""
    package = tmp_path / "site-packages" / "facilitator"
    (package / "_resources").mkdir(parents=True)
    (tmp_path / "site-packages" / "resources").mkdir()
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    assert resources_root() == package / "_resources"
    assert resource_path("schemes", "x.json") == package / "_resources" / "schemes" / "x.json"


def test_missing_content_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_root_lookup: None
) -> None:
    """A broken install without its content says so instead of failing later."""
    monkeypatch.setattr(resources, "_PACKAGE_DIR", tmp_path / "facilitator")
    with pytest.raises(FileNotFoundError, match="resources"):
        resources_root()


def test_wheel_carries_the_resources_folder() -> None:
    """The build configuration puts resources/ into the wheel where resources_root looks."""
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"]["resources"] == "facilitator/_resources"
