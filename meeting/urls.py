from django.urls import path

from . import views

app_name = "meeting"

# Under /lagesbild/ after the incident pages: the week patterns would otherwise catch their paths.
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:municipality>/", views.overview, name="overview"),
    path("rapporter/<int:pk>/analys/", views.save_analysis, name="save_analysis"),
    path("rapporter/<int:pk>/beslut/", views.add_decision, name="add_decision"),
    path("rapporter/<int:pk>/godkann/", views.approve, name="approve"),
    path("rapporter/<int:pk>/rakna-om/", views.recalculate, name="recalculate"),
    path("rapporter/<int:pk>/omrakning/", views.recalculation_status, name="recalculation_status"),
    path("<slug:municipality>/berakna/", views.build_report, name="build_report"),
    path("<slug:municipality>/<str:week>/", views.situation_report, name="report_week"),
    path("<slug:municipality>/<str:week>/version/<int:version>/", views.situation_report, name="report_version"),
]
