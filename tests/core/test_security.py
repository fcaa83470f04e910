"""Security headers, the quick exit, and no page loading anything from another origin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.usefixtures("directory")


def _public_routes(patterns: list, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _public_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<" not in route:
            yield route


def public_pages() -> list[str]:
    """Every parameter-free page of the translated URLconf, in Dutch and English."""
    pages = {"/organisaties/veilig-thuis/", "/organisaties/centrum-seksueel-geweld/"}
    for route in _public_routes(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/", "exit/", "healthz")) or route.startswith("en/"):
            continue
        pages.add("/" + route.lstrip("^"))
    return sorted(pages | {"/en" + p for p in pages})


PAGES = public_pages()


def test_the_page_list_covers_the_directory_and_home() -> None:
    assert {"/", "/organisaties/", "/en/", "/en/organisaties/"} <= set(PAGES)


@pytest.mark.parametrize("url", ["/", "/en/", "/organisaties/", "/organisaties/veilig-thuis/", "/en/organisaties/"])
def test_pages_carry_csp_and_no_store(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    # "same-origin": no Referer to other sites; "no-referrer" makes browsers send `Origin: null`
    # on form POSTs, which CSRF protection refuses (docs/adr/0034).
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_api_errors_also_carry_no_store(client: Client) -> None:
    response = client.get("/api/v1/organisations?violence=x")
    assert response.status_code == 400 and response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("method", ["get", "post"])
def test_quick_exit_clears_the_site_and_redirects(client: Client, method: str) -> None:
    response = getattr(client, method)("/exit/")
    assert response.status_code == 302
    assert response["Location"] == settings.BAKEN_EXIT_URL == "/healthz"
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response["Cache-Control"] == "no-store"


def test_quick_exit_needs_no_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/exit/").status_code == 302


def test_every_page_has_the_quick_exit(client: Client) -> None:
    for url in ("/", "/organisaties/", "/organisaties/veilig-thuis/"):
        page = client.get(url).content.decode()
        assert 'href="/exit/"' in page and "data-quick-exit" in page
        assert 'data-exit-url="/healthz"' in page


@pytest.mark.parametrize("url", PAGES)
def test_no_page_loads_from_another_origin_or_inline(client: Client, url: str) -> None:
    response = client.get(url, follow=True)
    if response.status_code in (404, 405) or "html" not in response.get("Content-Type", ""):
        pytest.skip(f"{url} is not a page to GET ({response.status_code})")
    assert response.status_code == 200, url
    page = response.content.decode()
    own = {"", "testserver"}
    loaded = re.findall(r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=\"([^\"]*)\"", page)
    loaded += [
        href
        for tag in re.findall(r"<link\b[^>]*>", page)
        if re.search(r'rel="(?:stylesheet|icon|preload|modulepreload|manifest)"', tag)
        for href in re.findall(r'href="([^"]*)"', tag)
    ]
    loaded += re.findall(r"@import\s+(?:url\()?['\"]?([^'\")]+)", page)
    foreign = [u for u in loaded if not u.startswith("data:") and urlsplit(u).netloc not in own]
    assert not foreign, f"{url} loads from another origin: {foreign}"
    inline_scripts = [s for s in re.findall(r"<script\b([^>]*)>", page) if "src=" not in s]
    assert not inline_scripts, f"{url} has an inline script (CSP forbids it)"
    assert not re.search(r"\sstyle=\"", page), f"{url} has an inline style attribute (CSP forbids it)"
    assert not re.search(r"<style\b", page), f"{url} has a <style> block (CSP forbids it)"
