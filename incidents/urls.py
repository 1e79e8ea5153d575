from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "incidents"

urlpatterns = [
    path("kategorier/", views.categories, name="categories"),
    # Binding an outcome indicator to incidents is evaluation's page now; old links still arrive.
    path("indikatorer/<int:indicator_pk>/koppling/", RedirectView.as_view(pattern_name="evaluation:indicator_binding")),
    path("granska/<int:pk>/", views.review, name="review"),
    path("rapporter/<int:pk>/foto.jpg", views.photo, name="photo"),
    path("rapporter/<int:pk>/foto/ta-bort/", views.remove_photo, name="remove_photo"),
    path("<slug:municipality>/rapportera/", views.report_incident, name="report"),
    path("<slug:municipality>/granska/", views.review_queue, name="review_queue"),
    path("<slug:municipality>/granska/flera/", views.review_bulk, name="review_bulk"),
    path("<slug:municipality>/importera/", views.import_incidents, name="import"),
    path("<slug:municipality>/importera/<int:pk>/", views.import_progress, name="import_progress"),
    path("<slug:municipality>/importera/<int:pk>/status/", views.import_status, name="import_status"),
    path("<slug:municipality>/polisen/", views.police_events, name="police_events"),
    path("<slug:municipality>/karta/", views.incident_map, name="incident_map"),
]
