"""Reusable activities for agendas: the method library's records and their file format."""

from dataclasses import dataclass
from typing import Any

from facilitator.domain.content import _check_format, _slug, _text
from facilitator.domain.errors import ContentError

MIN_MINUTES = 5
MAX_MINUTES = 480
MAX_TITLE_LENGTH = 200


@dataclass(frozen=True, slots=True)
class MethodSpec:
    """A built-in activity as shipped in `resources/methods/`."""

    slug: str
    title: str
    description: str
    purpose: str
    typical_minutes: int
    materials: str


def _present_text(data: dict[str, Any], field: str, where: str) -> str:
    # Empty text is allowed but the field must be there, so a misspelt key is caught.
    if field not in data:
        raise ContentError(f'{where}: “{field}” is missing; write "" if there is none.')
    value = data[field]
    if not isinstance(value, str):
        raise ContentError(f"{where}: “{field}” must be text (it may be empty).")
    return value.strip()


def _parse_method(data: Any, where: str) -> MethodSpec:
    if not isinstance(data, dict):
        raise ContentError(f"{where}: each method must be an object.")
    where = f"{where} ({data['slug']})" if isinstance(data.get("slug"), str) else where
    slug = _slug(data, where)
    title = _text(data, "title", where)
    if len(title) > MAX_TITLE_LENGTH:
        raise ContentError(f"{where}: the title is longer than {MAX_TITLE_LENGTH} characters.")
    minutes = data.get("typical_minutes")
    # bool is a subclass of int, and `true` is never a length of time.
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not MIN_MINUTES <= minutes <= MAX_MINUTES
    ):
        raise ContentError(
            f"{where}: “typical_minutes” must be a whole number from {MIN_MINUTES} to "
            f"{MAX_MINUTES}, not {minutes!r}."
        )
    return MethodSpec(
        slug=slug,
        title=title,
        description=_text(data, "description", where),
        purpose=_present_text(data, "purpose", where),
        typical_minutes=minutes,
        materials=_present_text(data, "materials", where),
    )


def parse_methods(data: Any, where: str) -> tuple[MethodSpec, ...]:
    """Check a method library file against the rules of its format and return its methods."""
    data = _check_format(data, where)
    raw_methods = data.get("methods")
    if not isinstance(raw_methods, list) or not raw_methods:
        raise ContentError(f"{where}: a method file needs a list of methods.")
    methods: list[MethodSpec] = []
    # Who already has each slug and each case-folded title, to name them in a clash.
    slugs: dict[str, str] = {}
    titles: dict[str, str] = {}
    for number, raw in enumerate(raw_methods, start=1):
        method = _parse_method(raw, f"{where}, method {number}")
        named = f"method {number} ({method.slug})"
        if method.slug in slugs:
            raise ContentError(f"{where}, {named}: {slugs[method.slug]} already has this slug.")
        title_key = method.title.casefold()
        if title_key in titles:
            raise ContentError(
                f"{where}, {named}: the title “{method.title}” is already used by "
                f"{titles[title_key]}."
            )
        slugs[method.slug] = f"method {number}"
        titles[title_key] = named
        methods.append(method)
    return tuple(methods)
