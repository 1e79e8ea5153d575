from django.urls import path

from . import views

app_name = "dialogue"

urlpatterns = [
    path("dialog/ny/<slug:municipality>/", views.dialogue_edit, name="dialogue_create"),
    path("dialog/<int:pk>/andra/", views.dialogue_edit, name="dialogue_edit"),
]
