from django.urls import path

from . import views

app_name = "safetywalks"

urlpatterns = [
    path("vandring/ny/<slug:municipality>/", views.walk_edit, name="walk_create"),
    path("vandring/<int:pk>/", views.walk_detail, name="walk"),
    path("vandring/<int:pk>/andra/", views.walk_edit, name="walk_edit"),
    path("vandring/<int:walk_pk>/fynd/ny/", views.finding_edit, name="finding_create"),
    path("fynd/<int:pk>/andra/", views.finding_edit, name="finding_edit"),
    path("fynd/<int:pk>/till-problem/", views.finding_to_problem, name="finding_to_problem"),
    path("<slug:municipality>/", views.overview, name="overview"),
]
