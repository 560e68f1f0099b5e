"""Load the shipped coding schemes and templates from `resources/`."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from facilitator.domain.content import SchemeSpec, TemplateSpec, parse_scheme, parse_template
from facilitator.domain.errors import ContentError
from facilitator.domain.methods import MethodSpec, parse_methods
from facilitator.resources import resource_path


def read_json(path: Path) -> Any:
    """Read one shipped JSON file, or raise ContentError saying which file is broken."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ContentError(f"The shipped file {path.name} cannot be read: {error}") from None


@cache
def builtin_schemes() -> tuple[SchemeSpec, ...]:
    """Return every shipped coding scheme, checked, in a stable order."""
    files = sorted(resource_path("schemes").glob("*.json"))
    schemes = tuple(parse_scheme(read_json(path), path.name) for path in files)
    slugs = [scheme.slug for scheme in schemes]
    if len(set(slugs)) != len(slugs):
        raise ContentError("Two shipped coding schemes share a slug.")
    return schemes


@cache
def builtin_templates() -> dict[str, TemplateSpec]:
    """Return the shipped programme templates by slug."""
    files = sorted(resource_path("templates").glob("*.json"))
    templates = (parse_template(read_json(path), path.name) for path in files)
    return {template.slug: template for template in templates}


@cache
def builtin_methods() -> tuple[MethodSpec, ...]:
    """Return every shipped agenda activity, checked, in a stable order."""
    files = sorted(resource_path("methods").glob("*.json"))
    methods = tuple(
        method for path in files for method in parse_methods(read_json(path), path.name)
    )
    slugs = [method.slug for method in methods]
    repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if repeated:
        raise ContentError(f"Two shipped method files share the slug “{repeated[0]}”.")
    return methods
