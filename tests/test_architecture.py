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
    # Listings: organisations keep their own listing; sits on accounts (roles) and the directory.
    "listings": 4,
    "triage": 4,
    "guidance": 4,
    "referrals": 4,
    "buddies": 4,
    "mediation": 4,
    # The staffed front door builds on the help finder (recommendations) and the warm handover.
    "chat": 5,
    # Topic front doors and the embeddable finder start the help finder (triage).
    "frontdoors": 5,
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


# Inside each app: entry points (pages, API, forms, commands) call services; services call
# tasks; tasks call only the small modules below them (models, selectors, retention,
# presenters, ...), never back up. A task that imported services could loop a follow-up
# into the action that queued it, and a small module that imported services would hide a write.
ENTRY, SERVICES, TASKS, BELOW = 3, 2, 1, 0


def _rank(module: str, *, importing: bool = False) -> int:
    name = module.split(".")[0]
    # WebSocket consumers and their routing, and signal receivers, are entry points too.
    entries = {"management", "views", "api", "urls", "api_urls", "admin", "consumers", "routing", "receivers"}
    if name in entries or name.endswith("_views"):
        return ENTRY
    # Forms and template tags parse input for pages: they may use services' limits, and small
    # modules may use their choices.
    if name in {"forms", "templatetags"}:
        return ENTRY if importing else BELOW
    return {"services": SERVICES, "tasks": TASKS}.get(name, BELOW)


def _own_modules(path: Path, app: str) -> set[str]:
    """The modules of the same app that this file imports (`baken.<app>.<module>` or `from baken.<app> import m`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[:2] == ["baken", app]:
                if len(parts) > 2:
                    found.add(parts[2])
                else:
                    found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[:2] == ["baken", app] and len(parts) > 2:
                    found.add(parts[2])
    return found


def test_inside_each_app_services_call_tasks_and_tasks_never_call_back() -> None:
    wrong = []
    for app in APPS:
        base = ROOT / "baken" / app
        for path in base.rglob("*.py"):
            if "migrations" in path.parts or path.name == "apps.py":
                continue
            module = ".".join(path.relative_to(base).with_suffix("").parts)
            for used in _own_modules(path, app):
                if _rank(used) > _rank(module, importing=True):
                    wrong.append(f"baken/{app}/{path.relative_to(base)} imports {app}.{used}")
    assert not wrong, "imports against the direction services → tasks → small modules:\n" + "\n".join(sorted(wrong))


def test_the_direction_check_sees_a_task_calling_a_service(tmp_path: Path) -> None:
    task = tmp_path / "tasks.py"
    task.write_text("from baken.referrals import services\nfrom baken.referrals.models import Referral\n")
    assert _own_modules(task, "referrals") == {"services", "models"}
    assert _rank("services") > _rank("tasks") > _rank("selectors")
