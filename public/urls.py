from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:municipality>/medborgarloften/<slug:slug>/", views.promise_set, name="promise_set"),
]
