from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("problem/<int:pk>/", views.problem_detail, name="problem"),
    path("problem/<int:pk>/andra/", views.problem_edit, name="problem_edit"),
    path("problem/ny/<slug:municipality>/", views.problem_edit, name="problem_create"),
    path("atgardsplan/<int:pk>/", views.plan_detail, name="plan"),
    path("atgardsplan/<int:pk>/andra/", views.plan_edit, name="plan_edit"),
    path("atgardsplan/ny/<slug:municipality>/", views.plan_edit, name="plan_create"),
    path("atgardsplan/<int:plan_pk>/atgard/ny/", views.measure_edit, name="measure_create"),
    path("atgard/<int:pk>/", views.measure_detail, name="measure"),
    path("atgard/<int:pk>/andra/", views.measure_edit, name="measure_edit"),
    path("lofte/<int:pk>/", views.promise_chain, name="promise_chain"),
    path("lagesbild/ny/<slug:municipality>/", views.assessment_create, name="assessment_create"),
    path("lagesbild/<int:pk>/", views.assessment_detail, name="assessment"),
    path("lagesbild/<int:pk>/andra/", views.assessment_edit, name="assessment_edit"),
    path("lagesbild/<int:pk>/berakna/", views.assessment_rebuild, name="assessment_rebuild"),
    path("lagesbild/<int:pk>/godkann/", views.assessment_approve, name="assessment_approve"),
    path("lagesbild/<int:pk>/ny-version/", views.assessment_new_version, name="assessment_new_version"),
    path("lagesbild/<int:pk>/lagesbild.<str:fmt>", views.assessment_export, name="assessment_export"),
    path("<slug:municipality>/", views.overview, name="overview"),
]
