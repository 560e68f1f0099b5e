"""Facilitator: plan, run and write up system-leadership workshops, fully offline."""

from functools import cache

APP_NAME = "Facilitator"
# The one source of the version is pyproject.toml; the installed package metadata carries it
# (a frozen app too: the build copies the metadata in).
DISTRIBUTION = "facilitator"


@cache
def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a bare source folder that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    # Read on first use only: the metadata machinery costs start-up time the window needs.
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
