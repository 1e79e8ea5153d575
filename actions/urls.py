from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("ny/<slug:municipality>/", views.edit, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/status/", views.update_status, name="status"),
]
