from django.urls import path

from baken.directory import hsds

urlpatterns = [
    path("", hsds.root, name="hsds_root"),
    path("services", hsds.service_list, name="hsds_services"),
    path("services/<str:service_id>", hsds.service_detail, name="hsds_service"),
    path("organizations", hsds.organization_list, name="hsds_organizations"),
    path("organizations/<str:organization_id>", hsds.organization_detail, name="hsds_organization"),
]
