"""Security headers every response carries.

People using Baken may be watched: nothing may be loaded from another origin, pages are not
framed, and pages of the help flow are never cached (the back button or a shared computer must
not reveal answers).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

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


class ApiErrorMiddleware:
    """Under `/api/`, Django's own 404 and 405 pages (HTML, or a CSRF page) become the API's
    JSON error, so a client always gets the same error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code not in (403, 404, 405):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 403:  # only a CSRF failure answers 403 in HTML here
            message = "Cross-site requests are refused."
        elif response.status_code == 404:
            message = f"No API endpoint at '{request.path}'."
        else:
            message = f"'{request.method}' is not allowed here."
        body: dict[str, object] = {"status": response.status_code, "message": message}
        if response.status_code == 405:
            body["valid_values"] = sorted(m.strip() for m in response.get("Allow", "").split(",") if m.strip())
        json_response = JsonResponse({"error": body}, status=response.status_code)
        if response.has_header("Allow"):
            json_response.headers["Allow"] = response["Allow"]
        return json_response


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
