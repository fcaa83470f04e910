"""Open Referral HSDS 3.0 profile of the directory (`/api/hsds/v1/`). Filled in by the HSDS work."""

from django.http import HttpRequest, JsonResponse


def root(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"version": "3.0"})


def service_list(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"contents": []})


def service_detail(request: HttpRequest, service_id: str) -> JsonResponse:
    return JsonResponse({}, status=404)


def organization_list(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"contents": []})


def organization_detail(request: HttpRequest, organization_id: str) -> JsonResponse:
    return JsonResponse({}, status=404)
