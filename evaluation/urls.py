from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("indikatorer/<int:indicator_pk>/koppling/", views.indicator_binding, name="indicator_binding"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/andra/", views.evaluation_edit, name="edit"),
    path("<int:pk>/publicera/", views.evaluation_publish, name="publish"),
    path("<slug:municipality>/", views.evaluation_list, name="list"),
    path("<slug:municipality>/ny/", views.evaluation_create, name="create"),
]
