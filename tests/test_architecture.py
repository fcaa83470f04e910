"""ARCHITECTURE.md stays true: it names exactly the apps that exist, and imports follow the
dependency direction it draws."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = sorted(p.parent.name for p in (ROOT / "baken").glob("*/apps.py"))

LAYER = {
    "core": 0,
    "audit": 1,
    "directory": 2,
    # Staff accounts belong to an organisation, so account management sits above the directory.
    "accounts": 3,
    "triage": 4,
    "guidance": 4,
    "referrals": 4,
    "buddies": 4,
    "mediation": 4,
    # The staffed front door builds on the help finder (recommendations) and the warm handover.
    "chat": 5,
    "insights": 6,
}
# Within the middle layer, these uses are part of the design (ARCHITECTURE.md names them).
ALLOWED_SIDEWAYS = {
    ("referrals", "triage"),
    ("buddies", "triage"),
    ("mediation", "triage"),
    ("triage", "guidance"),
}


def test_architecture_names_exactly_the_apps_that_exist() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = sorted(set(re.findall(r"^\| `baken/([a-z_]+)` \|", text, flags=re.MULTILINE)))
    assert named == APPS
    installed = sorted(a.split(".")[1] for a in settings.INSTALLED_APPS if a.startswith("baken."))
    assert installed == APPS
    assert set(LAYER) == set(APPS), "give every app a layer in this test and in ARCHITECTURE.md"


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "baken" and parts[1] in LAYER:
                found.add(parts[1])
    return found


def test_imports_follow_the_dependency_direction() -> None:
    wrong = []
    for app in APPS:
        for path in (ROOT / "baken" / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for used in _imported_apps(path) - {app}:
                downward = LAYER[used] < LAYER[app]
                if not downward and (app, used) not in ALLOWED_SIDEWAYS:
                    wrong.append(f"{path.relative_to(ROOT)} imports baken.{used}")
    assert not wrong, "imports against the dependency direction:\n" + "\n".join(sorted(wrong))
