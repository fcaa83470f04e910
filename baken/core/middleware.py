"""Security headers every response carries.

People using Baken may be watched: nothing may be loaded from another origin, pages are not
framed, and pages of the help flow are never cached (the back button or a shared computer must
not reveal answers).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

# Public pages that hold or show answers: never cached anywhere.
NO_STORE_PREFIXES = ("/", "/en/")
CACHEABLE_PREFIXES = ("/static/", "/api/v1/openapi", "/api/hsds/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(CACHEABLE_PREFIXES):
            response.headers["Cache-Control"] = "no-store"
        return response
