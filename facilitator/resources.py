"""Find the content shipped with the app (schemes, templates, the sample programme)."""

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resources_root() -> Path:
    """Return the folder of shipped content, wherever the app was installed from.

    An installed wheel carries it inside the package as `_resources`; a source checkout keeps
    it at the top level as `resources/`; the built app (PyInstaller) keeps it as `resources/`
    in its bundle folder.
    """
    candidates = [_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("The app's content folder (resources) is missing from this install.")


def resource_path(*parts: str) -> Path:
    """Return the path of one shipped file or folder, e.g. `resource_path("schemes")`."""
    return resources_root().joinpath(*parts)
