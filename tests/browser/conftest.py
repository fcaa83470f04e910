"""Browser tests: Playwright for Python driving Debian's Chromium against the live test
server. Every page visited can be checked with axe-core; any request to another origin
fails the test (Baken makes no third-party requests)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in test bodies are
# still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("BAKEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _data_migrations_after_flush(transactional_db: None) -> None:
    """Browser tests run against a live server, so their database is flushed after each test,
    which removes what data migrations created (roles and their permissions). Run those data
    migrations' forward steps again (they are idempotent), in migration order."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    done: set[tuple[str, str]] = set()
    for key in loader.graph.leaf_nodes():
        for node in loader.graph.forwards_plan(key):
            migration = loader.get_migration(*node)
            if node in done or not migration.__module__.startswith("baken."):
                continue
            done.add(node)
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ForeignRequests(list[str]):
    """Requests the page tried to make to any origin but the test server's."""


def _guarded_page(browser: Any, live_server: Any, *, javascript: bool) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", java_script_enabled=javascript)
    foreign = ForeignRequests()
    own = urlsplit(live_server.url).netloc

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith("data:") or urlsplit(url).netloc == own:
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.foreign_requests = foreign
    yield page
    context.close()
    assert not foreign, f"requests to other origins: {foreign}"


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context whose every request to another origin is blocked and recorded."""
    yield from _guarded_page(browser, live_server, javascript=True)


@pytest.fixture
def nojs_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """The same, with JavaScript switched off."""
    yield from _guarded_page(browser, live_server, javascript=False)


def assert_accessible(page: Any) -> None:
    """axe-core (bundled with axe-playwright-python, injected locally) finds no serious or
    critical violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    assert not bad, "axe-core: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad
    )


@pytest.fixture
def axe() -> Any:
    return assert_accessible


@pytest.fixture
def axe_without_js(browser: Any, live_server: Any) -> Iterator[Any]:
    """axe-core cannot run where JavaScript is switched off (it waits forever), so the HTML the
    no-JavaScript browser received is checked in a second, JavaScript-enabled context at the
    same origin, where the same styles (and so the same colour contrast) apply."""
    pages = _guarded_page(browser, live_server, javascript=True)
    checker = next(pages)
    checker.goto("/healthz")

    def check(page: Any) -> None:
        checker.set_content(page.content())
        assert_accessible(checker)

    yield check
    next(pages, None)  # closes the context and asserts no request left the site
