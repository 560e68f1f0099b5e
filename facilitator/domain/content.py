"""Shipped content as plain data: coding schemes and programme templates, with their rules."""

import re
import uuid
from dataclasses import dataclass
from typing import Any

from facilitator.domain.coding import COLOUR_PATTERN, KEY_PATTERN, SLUG_PATTERN, check_keys
from facilitator.domain.enums import CodeKind
from facilitator.domain.errors import ContentError, KeyClashError

CONTENT_FORMAT = 1
# Built-in records get UUIDs derived from their slugs, the same on every laptop.
BUILTIN_NAMESPACE = uuid.UUID("6f1d2c1e-7a51-4c0e-9a0b-2f5f0b1f4d10")


def builtin_uuid(*parts: str) -> str:
    """Return the stable UUID of a built-in record named by `parts`."""
    return str(uuid.uuid5(BUILTIN_NAMESPACE, "/".join(parts)))


@dataclass(frozen=True, slots=True)
class CodeSpec:
    slug: str
    label: str
    description: str
    colour: str
    key: str
    kind: CodeKind
    qualifier_name: str | None
    qualifier_choices: tuple[str, ...]
    exclusive_group: str | None


@dataclass(frozen=True, slots=True)
class SchemeSpec:
    slug: str
    name: str
    description: str
    source: str
    codes: tuple[CodeSpec, ...]

    def code(self, slug: str) -> CodeSpec:
        for code in self.codes:
            if code.slug == slug:
                return code
        raise ContentError(f"{self.name} has no code “{slug}”.")


@dataclass(frozen=True, slots=True)
class ModuleSpec:
    title: str
    days: int | None
    themes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    slug: str
    title: str
    description: str
    duration_months: int | None
    cohort_cap: int
    modules: tuple[ModuleSpec, ...]


def _text(data: dict[str, Any], field: str, where: str, *, required: bool = True) -> str:
    value = data.get(field, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentError(f"{where}: “{field}” must be non-empty text.")
    return value.strip()


def _check_format(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ContentError(f"{where}: expected an object at the top level.")
    if data.get("format") != CONTENT_FORMAT:
        raise ContentError(f"{where}: unknown format {data.get('format')!r}.")
    return data


def _slug(data: dict[str, Any], where: str) -> str:
    slug = _text(data, "slug", where)
    if not SLUG_PATTERN.match(slug):
        raise ContentError(f"{where}: slug “{slug}” must be lower-case letters, digits, hyphens.")
    return slug


def parse_code(data: Any, where: str) -> CodeSpec:
    if not isinstance(data, dict):
        raise ContentError(f"{where}: each code must be an object.")
    slug = _slug(data, where)
    where = f"{where}, code {slug}"
    colour = _text(data, "colour", where)
    if not COLOUR_PATTERN.match(colour):
        raise ContentError(f"{where}: colour “{colour}” must look like #RRGGBB.")
    key = _text(data, "key", where)
    if not KEY_PATTERN.match(key):
        raise ContentError(f"{where}: key “{key}” must be one character a–z or 0–9.")
    try:
        kind = CodeKind(data.get("kind"))
    except ValueError:
        raise ContentError(f"{where}: kind must be “point” or “state”.") from None
    qualifier = data.get("qualifier")
    qualifier_name, choices = None, ()
    if qualifier is not None:
        if not isinstance(qualifier, dict) or not isinstance(qualifier.get("choices"), list):
            raise ContentError(f"{where}: qualifier must have a name and a list of choices.")
        qualifier_name = _text(qualifier, "name", where)
        choices = tuple(str(choice).strip() for choice in qualifier["choices"])
        if len(choices) < 2 or len(set(choices)) != len(choices) or not all(choices):
            raise ContentError(f"{where}: a qualifier needs two or more different choices.")
    group = data.get("exclusive_group")
    if group is not None:
        if not isinstance(group, str) or not group.strip():
            raise ContentError(f"{where}: exclusive_group must be text or null.")
        if kind is not CodeKind.STATE:
            raise ContentError(f"{where}: only state codes can be in an exclusive group.")
    return CodeSpec(
        slug=slug,
        label=_text(data, "label", where),
        description=_text(data, "description", where),
        colour=colour.upper(),
        key=key,
        kind=kind,
        qualifier_name=qualifier_name,
        qualifier_choices=choices,
        exclusive_group=group.strip() if group else None,
    )


def parse_scheme(data: Any, where: str) -> SchemeSpec:
    """Check a coding scheme against the rules of its file format and return it."""
    data = _check_format(data, where)
    slug = _slug(data, where)
    name = _text(data, "name", where)
    raw_codes = data.get("codes")
    if not isinstance(raw_codes, list) or not raw_codes:
        raise ContentError(f"{where}: a scheme needs a list of codes.")
    codes = tuple(parse_code(code, where) for code in raw_codes)
    slugs = [code.slug for code in codes]
    if len(set(slugs)) != len(slugs):
        raise ContentError(f"{where}: two codes share a slug.")
    try:
        check_keys(((code.label, code.key) for code in codes), scheme_name=name)
    except KeyClashError as clash:
        raise ContentError(f"{where}: {clash}") from None
    return SchemeSpec(
        slug=slug,
        name=name,
        description=_text(data, "description", where),
        source=_text(data, "source", where, required=False),
        codes=codes,
    )


def parse_template(data: Any, where: str) -> TemplateSpec:
    """Check a programme template against the rules of its file format and return it."""
    data = _check_format(data, where)
    raw_modules = data.get("modules")
    if not isinstance(raw_modules, list) or not raw_modules:
        raise ContentError(f"{where}: a template needs a list of modules.")
    modules = []
    for number, module in enumerate(raw_modules, start=1):
        if not isinstance(module, dict):
            raise ContentError(f"{where}: module {number} must be an object.")
        themes = module.get("themes", [])
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise ContentError(f"{where}: module {number} themes must be a list of text.")
        days = module.get("days")
        if days is not None and (not isinstance(days, int) or days < 1):
            raise ContentError(f"{where}: module {number} days must be a whole number.")
        modules.append(
            ModuleSpec(
                title=_text(module, "title", f"{where}, module {number}"),
                days=days,
                themes=tuple(theme.strip() for theme in themes if theme.strip()),
            )
        )
    return TemplateSpec(
        slug=_slug(data, where),
        title=_text(data, "title", where),
        description=_text(data, "description", where, required=False),
        duration_months=data.get("duration_months"),
        cohort_cap=int(data.get("cohort_cap", 16)),
        modules=tuple(modules),
    )


_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d):([0-5]\d)$")


def parse_clock_offset(text: Any, where: str) -> float:
    """Return the seconds in an `HH:MM:SS` offset."""
    match = _CLOCK.match(text) if isinstance(text, str) else None
    if not match:
        raise ContentError(f"{where}: “{text}” is not a time offset like 01:05:30.")
    hours, minutes, seconds = (int(part) for part in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)
