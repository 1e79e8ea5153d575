from django.urls import path

from . import open311

app_name = "open311"

urlpatterns = [
    path("discovery.<str:fmt>", open311.discovery, name="discovery"),
    path("v2/services.<str:fmt>", open311.services, name="services"),
    path("v2/services/<slug:code>.<str:fmt>", open311.service_definition, name="service_definition"),
    path("v2/requests.<str:fmt>", open311.requests, name="requests"),
    path("v2/requests/<str:request_id>.<str:fmt>", open311.request_detail, name="request_detail"),
]
