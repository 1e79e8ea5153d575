from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "fieldwork"

urlpatterns = [
    path("", views.home, name="home"),
    path("logga/", views.log_create, name="log_create"),
    path("loggar/", views.log_list, name="log_list"),
    path("loggar/<int:pk>/andra/", views.log_edit, name="log_edit"),
    path("loggar/<int:pk>/ta-bort/", views.log_delete, name="log_delete"),
    path("platser/", views.place_list, name="place_list"),
    path("platser/ny/<slug:municipality>/", views.place_create, name="place_create"),
    path("platser/<int:pk>/andra/", views.place_update, name="place_update"),
    path("planer/", views.plan_list, name="plan_list"),
    path("planer/ny/", views.plan_edit, name="plan_create"),
    path("planer/<int:pk>/andra/", views.plan_edit, name="plan_update"),
    path("vecka/", views.week, name="week_current"),
    path("vecka/<str:week>/", views.week, name="week"),
    path("avhopparverksamhet/", views.defector_counts, name="defector_counts"),
    path("arendesamverkan/", views.case_collaboration, name="case_collaboration"),
    path("indikatorer/<int:indicator_pk>/koppling/", views.binding_edit, name="binding_edit"),
    # The live follow-up moved to programme; old links and bookmarks still arrive.
    path("uppfoljning/<int:pk>/", RedirectView.as_view(pattern_name="programme:follow_up", query_string=True)),
]
