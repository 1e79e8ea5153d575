from django.urls import path

from . import views

app_name = "presence"

urlpatterns = [
    path("<slug:municipality>/", views.gaps, name="gaps"),
    path("<slug:municipality>/anta/", views.accept, name="accept"),
]
