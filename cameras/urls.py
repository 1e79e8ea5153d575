from django.urls import path

from . import views

app_name = "cameras"

urlpatterns = [
    path("kameror/", views.camera_list, name="list"),
    path("kameror/ny/<slug:municipality>/", views.camera_edit, name="create"),
    path("kameror/<int:pk>/andra/", views.camera_edit, name="update"),
]
