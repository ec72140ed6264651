"""Review comments turned into checks over the source tree."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "kooperacja"


def _python_files(folder: Path):
    return [path for path in folder.rglob("*.py") if "migrations" not in path.parts]


def test_the_matching_engine_has_no_django_imports():
    offenders = []
    for path in _python_files(SRC / "matching"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] in {"django", "kooperacja"}]
    assert offenders == []


def test_no_naive_clock_reads():
    """Times come from django.utils.timezone (aware, in Europe/Warsaw), never from the naive clock."""
    offenders = []
    for path in _python_files(SRC):
        text = path.read_text()
        for needle in ("datetime.now(", "datetime.utcnow(", "date.today("):
            if needle in text:
                offenders.append(f"{path.relative_to(SRC)}: {needle}")
    assert offenders == []


def test_workflow_states_are_assigned_only_by_services_and_the_state_machine():
    """`.status = ...` outside services.py / fsm.py would bypass the transition rules and the event log."""
    offenders = []
    for path in _python_files(SRC):
        if path.name in {"services.py", "fsm.py", "imports.py"} or path.parent.name == "management":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "status":
                        offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


# Modules a reader can hold: none over this many lines, outside data files and the matching engine.
MAX_MODULE_LINES = 600
LONG_BY_NATURE = ("catalogue/data/", "matching/", "migrations/")


def test_no_module_is_longer_than_a_reader_can_hold():
    too_long = []
    for path in _python_files(SRC):
        relative = path.relative_to(SRC).as_posix()
        if any(part in relative for part in LONG_BY_NATURE):
            continue
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{relative}: {lines} lines")
    assert too_long == [], "split these modules by topic (see training/services/)"
