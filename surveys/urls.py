from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/indikatorvarde/", views.use_as_indicator_value, name="indicator_value"),
    path("<slug:municipality>/", views.survey_list, name="list"),
]
