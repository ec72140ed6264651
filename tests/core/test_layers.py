"""The layer order of docs/architecture.md, checked over every import of every module.

An app imports only the apps below it; no cross-app import hides inside a function; an app does not query
another app's models itself (``OtherModel.objects…``), it calls that app's selectors; a model class may still be
imported for a type or an ``isinstance`` check, and choices, constants and exceptions from another app's
``models`` freely. A failure names the file and the line.
"""

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path

from django.db import models

import kooperacja

PACKAGE = Path(kooperacja.__file__).parent

# Bottom to top; apps on one line are on the same floor and do not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core", "matching"),
    ("law",),
    ("territory",),
    ("accounts",),
    ("audit",),
    ("notifications",),
    ("registry",),
    ("selection",),
    ("catalogue",),
    ("staffing",),
    ("training",),
    ("placement", "reintegration", "benefits", "admission"),
    ("reporting",),
    ("agreements", "readiness"),
    ("commissioning", "cooperatives"),
    ("delivery", "launches"),
    ("founding",),
    ("demo",),
)
# The project's own top-level modules assemble the apps: they stand above all of them.
ASSEMBLY = "(top)"
FLOOR = {app: floor for floor, apps in enumerate(LAYERS) for app in apps} | {ASSEMBLY: len(LAYERS)}
# The demo builds a whole region and looks up what it built before; it may read any app's models.
MAY_READ_MODELS_OF_OTHERS = frozenset({"demo", ASSEMBLY})


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def app_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else ASSEMBLY


def _imports(tree: ast.AST):
    """(node, imported module, imported names, at module level?) for every import of a kooperacja module."""
    top_level = {id(node) for node in getattr(tree, "body", [])}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kooperacja"):
            names = [alias.name for alias in node.names]
            if node.module == "kooperacja":  # from kooperacja import registry
                for name in names:
                    yield node, f"kooperacja.{name}", [], id(node) in top_level
            else:
                yield node, node.module, names, id(node) in top_level
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kooperacja."):
                    yield node, alias.name, [], id(node) in top_level


def _is_model(module: str, name: str) -> bool:
    value = getattr(importlib.import_module(module), name, None)
    return isinstance(value, type) and issubclass(value, models.Model)


def _queried(tree: ast.AST) -> set[str]:
    """Names used as ``Name.objects`` (or another manager) in the module: models it queries itself."""
    return {
        node.value.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in {"objects", "_default_manager", "_base_manager"}
        and isinstance(node.value, ast.Name)
    }


def check_source(path: Path, source: str, app: str) -> list[Violation]:
    """Every import of ``source`` (a module of ``app``) that breaks the layer rules."""
    tree = ast.parse(source)
    queried = _queried(tree)
    found = []
    shown = str(path.relative_to(PACKAGE.parent.parent)) if path.is_absolute() else str(path)
    for node, module, names, module_level in _imports(tree):
        target = module.split(".")[1] if "." in module else ASSEMBLY
        if target not in FLOOR:
            target = ASSEMBLY  # kooperacja.settings, kooperacja.api, …
        if target == app:
            continue
        if FLOOR[target] >= FLOOR[app] and not (app == ASSEMBLY and target == ASSEMBLY):
            found.append(Violation(shown, node.lineno, f"{app} imports {module}, which is not below it"))
        elif not module_level and path.name != "apps.py":
            # AppConfig.ready() imports after the app registry is ready, as Django requires; nothing else may.
            found.append(Violation(shown, node.lineno, f"{app} imports {module} inside a function"))
        if (
            module.endswith(".models")
            and app not in MAY_READ_MODELS_OF_OTHERS
            and path.name != "models.py"
            and FLOOR[target] < FLOOR[app]
        ):
            read = [name for name in names if name in queried and _is_model(module, name)]
            if read:
                found.append(
                    Violation(
                        shown,
                        node.lineno,
                        f"{app} reads {', '.join(read)} of {target} directly: ask {target}'s selectors",
                    )
                )
    return found


def violations() -> list[Violation]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        found.extend(check_source(path, path.read_text(encoding="utf-8"), app_of(path)))
    return found


def test_it_keeps_every_import_in_the_layer_order():
    assert [str(v) for v in violations()] == []


def test_it_names_the_file_and_line_of_an_import_against_the_order():
    """The check itself: a back import, a hidden one and a direct read of another app's models all fail."""
    source = (
        "from kooperacja.core.fsm import StateMachine\n"
        "from kooperacja.placement.selectors import run_list\n"
        "from kooperacja.catalogue.models import ServiceType, DeliveryForm\n"
        "\n"
        "def f():\n"
        "    from kooperacja.registry import selectors\n"
        "    return ServiceType.objects.all(), DeliveryForm.HOME\n"
    )
    path = PACKAGE / "staffing" / "example.py"
    messages = [str(v) for v in check_source(path, source, "staffing")]
    assert messages == [
        "src/kooperacja/staffing/example.py:2: staffing imports kooperacja.placement.selectors, which is not below it",
        "src/kooperacja/staffing/example.py:3: staffing reads ServiceType of catalogue directly: ask catalogue's"
        " selectors",
        "src/kooperacja/staffing/example.py:6: staffing imports kooperacja.registry inside a function",
    ]
    assert check_source(PACKAGE / "core" / "x.py", "from kooperacja.accounts.roles import Role\n", "core")
    # An import for annotations only is still a dependency on the app above.
    only_for_types = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kooperacja.training.models import Person\n"
    )
    assert [str(v) for v in check_source(PACKAGE / "registry" / "x.py", only_for_types, "registry")] == [
        "src/kooperacja/registry/x.py:3: registry imports kooperacja.training.models, which is not below it"
    ]


def test_it_states_the_same_order_as_the_architecture_document():
    text = (PACKAGE.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    stated = " → ".join(" / ".join(f"`{app}`" for app in apps) for apps in LAYERS)
    assert stated in text, f"docs/architecture.md must state the layer order as: {stated}"
