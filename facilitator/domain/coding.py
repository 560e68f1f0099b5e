"""Rules for coding schemes: keys, colours and slugs."""

import re
from collections.abc import Iterable

from facilitator.domain.errors import KeyClashError

KEY_PATTERN = re.compile(r"^[a-z0-9]$")
COLOUR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def normalise_key(key: str) -> str:
    """Return the key as stored (lower case), or raise if it cannot be a capture key."""
    normalised = key.strip().lower()
    if not KEY_PATTERN.match(normalised):
        raise KeyClashError(f"“{key}” cannot be a capture key: use one letter (a–z) or digit.")
    return normalised


def check_keys(labelled_keys: Iterable[tuple[str, str]], *, scheme_name: str) -> None:
    """Raise KeyClashError if two codes of one scheme share a key.

    `labelled_keys` holds (code label, key) pairs for every code of the scheme.
    """
    owner_of: dict[str, str] = {}
    for label, key in labelled_keys:
        normalised = normalise_key(key)
        if normalised in owner_of:
            raise KeyClashError(
                f"Key “{normalised}” is already used by “{owner_of[normalised]}” in "
                f"{scheme_name}; choose another key for “{label}”."
            )
        owner_of[normalised] = label
