"""Imports point inwards: app -> ui -> services -> reports/storage -> domain.

Every module under facilitator/ is parsed (not imported), so these rules also hold for code
that only runs in the GUI, and for lazy imports inside functions. Modules that do not exist
yet are simply not checked.
"""

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import facilitator

PACKAGE_DIR = Path(facilitator.__file__).resolve().parent
STDLIB = frozenset(sys.stdlib_module_names)
# Services build queries and hold a Session, nothing more: no engines, dialects or migrations.
SERVICES_MAY_USE = ("sqlalchemy", "sqlalchemy.orm", "sqlalchemy.exc")


@dataclass(frozen=True)
class Import:
    """One import statement's target, as seen from the module that has it."""

    importer: str
    target: str
    line: int
    type_checking_only: bool

    def __str__(self) -> str:
        return f"{self.importer} (line {self.line}) imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _absolute(module: str | None, level: int, importer: str, is_package: bool) -> str:
    if level == 0:
        return module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def imports_in(source: str, importer: str, *, is_package: bool = False) -> list[Import]:
    """Return every import in `source`, noting those that only run for type checkers."""
    found: list[Import] = []

    def visit(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, type_only)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(importer, alias.name, node.lineno, type_only))
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(node.module, node.level, importer, is_package)
            found.append(Import(importer, target, node.lineno, type_only))
            if target == "facilitator" or target.startswith("facilitator."):
                # `from facilitator import ui` imports the module facilitator.ui
                for alias in node.names:
                    found.append(Import(importer, f"{target}.{alias.name}", node.lineno, type_only))
        for child in ast.iter_child_nodes(node):
            visit(child, type_only)

    visit(ast.parse(source), False)
    return found


def all_imports() -> list[Import]:
    found: list[Import] = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        found.extend(
            imports_in(
                path.read_text(encoding="utf-8"),
                module_name(path),
                is_package=path.name == "__init__.py",
            )
        )
    return found


def within(name: str, *packages: str) -> bool:
    return any(name == package or name.startswith(f"{package}.") for package in packages)


def top(name: str) -> str:
    return name.split(".")[0]


IMPORTS = all_imports()


def breaking(rule: str) -> list[str]:
    return [str(imp) for imp in IMPORTS if not RULES[rule](imp)]


def domain_rule(imp: Import) -> bool:
    """Domain code imports only the standard library and other domain modules."""
    if not within(imp.importer, "facilitator.domain"):
        return True
    return top(imp.target) in STDLIB or within(imp.target, "facilitator.domain")


def database_libraries_rule(imp: Import) -> bool:
    """SQLAlchemy and Alembic live in storage; services may only build queries with them."""
    if top(imp.target) not in ("sqlalchemy", "alembic"):
        return True
    if within(imp.importer, "facilitator.storage"):
        return True
    if within(imp.importer, "facilitator.services"):
        return imp.target in SERVICES_MAY_USE
    # The UI may name storage types for the type checker, never use them.
    return within(imp.importer, "facilitator.ui") and imp.type_checking_only


def ui_rule(imp: Import) -> bool:
    """The UI holds the database as an opaque handle: storage types only for type checkers."""
    if not within(imp.importer, "facilitator.ui"):
        return True
    if within(imp.target, "facilitator.storage", "sqlalchemy", "alembic"):
        return imp.type_checking_only
    return True


def qt_rule(imp: Import) -> bool:
    """Qt and its icon library are used by the UI and the composition root only."""
    if top(imp.target) not in ("PySide6", "shiboken6", "qtawesome"):
        return True
    return within(imp.importer, "facilitator.ui", "facilitator.app")


def reportlab_rule(imp: Import) -> bool:
    """ReportLab is loaded only when a report is made."""
    return top(imp.target) != "reportlab" or within(imp.importer, "facilitator.reports")


def reports_rule(imp: Import) -> bool:
    """Reports take domain data and never see a database session."""
    if not within(imp.importer, "facilitator.reports"):
        return True
    return not within(
        imp.target, "facilitator.storage", "facilitator.services", "sqlalchemy", "alembic"
    )


def ui_importers_rule(imp: Import) -> bool:
    """Only the composition root (and the UI itself) imports the UI."""
    if not within(imp.target, "facilitator.ui"):
        return True
    return within(imp.importer, "facilitator.ui", "facilitator.app")


def inwards_rule(imp: Import) -> bool:
    """Storage, services and reports never import the layers that call them."""
    outer = {
        "facilitator.storage": ("facilitator.services", "facilitator.reports"),
        "facilitator.services": (),
        "facilitator.reports": (),
    }
    for layer, also_forbidden in outer.items():
        if within(imp.importer, layer):
            forbidden = ("facilitator.ui", "facilitator.app", "facilitator.cli", *also_forbidden)
            return not within(imp.target, *forbidden)
    return True


RULES = {
    "domain-is-standard-library-only": domain_rule,
    "sqlalchemy-and-alembic-stay-in-storage": database_libraries_rule,
    "ui-never-touches-storage": ui_rule,
    "qt-only-in-ui-and-app": qt_rule,
    "reportlab-only-in-reports": reportlab_rule,
    "reports-never-see-storage-or-services": reports_rule,
    "only-app-imports-ui": ui_importers_rule,
    "storage-and-services-never-reach-out": inwards_rule,
}


def test_the_whole_package_is_parsed() -> None:
    """The checker sees the core modules, including imports made inside functions."""
    importers = {imp.importer for imp in IMPORTS}
    for name in (
        "facilitator.domain.content",
        "facilitator.domain.timezones",
        "facilitator.storage.database",
        "facilitator.storage.failures",
        "facilitator.services.programmes",
        "facilitator.cli",
    ):
        assert name in importers
    lazy = [imp for imp in IMPORTS if imp.importer == "facilitator.cli"]
    assert "facilitator.services.store" in {imp.target for imp in lazy}


@pytest.mark.parametrize("rule", list(RULES))
def test_imports_point_inwards(rule: str) -> None:
    """No module of the package breaks this layering rule."""
    assert breaking(rule) == []


def test_services_query_with_sqlalchemy_but_never_migrate() -> None:
    """The rule for services matches the code: they use select and the ORM, not alembic."""
    targets = {imp.target for imp in IMPORTS if within(imp.importer, "facilitator.services")}
    assert {"sqlalchemy", "sqlalchemy.orm"} <= targets
    assert not any(within(target, "alembic", "sqlalchemy.engine") for target in targets)


# (rule, importing module, source, whether the rule accepts it)
SNIPPETS = [
    ("ui-never-touches-storage", "facilitator.ui.page", "import sqlalchemy", False),
    (
        "ui-never-touches-storage",
        "facilitator.ui.page",
        "def f():\n    from facilitator.storage import tables",
        False,
    ),
    (
        "ui-never-touches-storage",
        "facilitator.ui.page",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from facilitator.storage.database import Database",
        True,
    ),
    (
        "ui-never-touches-storage",
        "facilitator.ui.page",
        "import typing\nif typing.TYPE_CHECKING:\n    pass\nelse:\n"
        "    from facilitator.storage.database import Database",
        False,
    ),
    ("domain-is-standard-library-only", "facilitator.domain.x", "import sqlalchemy", False),
    ("domain-is-standard-library-only", "facilitator.domain.x", "import platformdirs", False),
    ("domain-is-standard-library-only", "facilitator.domain.x", "from . import enums", True),
    ("domain-is-standard-library-only", "facilitator.domain.x", "import json", True),
    (
        "domain-is-standard-library-only",
        "facilitator.domain.timezones",
        "from zoneinfo import ZoneInfo",
        True,
    ),
    # tzdata is a dependency for Windows' sake, read by zoneinfo itself; never imported.
    ("domain-is-standard-library-only", "facilitator.domain.timezones", "import tzdata", False),
    ("domain-is-standard-library-only", "facilitator.domain.x", "from ..storage import t", False),
    (
        "sqlalchemy-and-alembic-stay-in-storage",
        "facilitator.services.x",
        "from alembic import command",
        False,
    ),
    (
        "sqlalchemy-and-alembic-stay-in-storage",
        "facilitator.services.x",
        "from sqlalchemy.orm import Session",
        True,
    ),
    ("sqlalchemy-and-alembic-stay-in-storage", "facilitator.cli", "import sqlalchemy", False),
    ("qt-only-in-ui-and-app", "facilitator.services.x", "import qtawesome", False),
    ("qt-only-in-ui-and-app", "facilitator.app", "from PySide6 import QtWidgets", True),
    ("reportlab-only-in-reports", "facilitator.services.x", "import reportlab", False),
    (
        "reports-never-see-storage-or-services",
        "facilitator.reports.pdf",
        "from facilitator.services import programmes",
        False,
    ),
    ("only-app-imports-ui", "facilitator.cli", "from facilitator import ui", False),
    ("only-app-imports-ui", "facilitator.app", "from facilitator.ui import main_window", True),
    (
        "storage-and-services-never-reach-out",
        "facilitator.storage.x",
        "from facilitator.services import store",
        False,
    ),
]


@pytest.mark.parametrize(
    ("rule", "importer", "source", "allowed"),
    SNIPPETS,
    ids=[f"{rule}-{number}" for number, (rule, *_) in enumerate(SNIPPETS)],
)
def test_checker_catches_what_it_should(
    rule: str, importer: str, source: str, allowed: bool
) -> None:
    """The rules are not blind: known-bad snippets are caught and known-good ones pass."""
    found = imports_in(source, importer)
    assert found
    assert all(RULES[rule](imp) for imp in found) is allowed
