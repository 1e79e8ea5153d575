from django.contrib.auth import views as auth_views
from django.urls import path

from .enrolment import enrol
from .sso import LoginView
from .two_factor import two_factor

app_name = "accounts"

urlpatterns = [
    path("logga-in/", LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("tvafaktor/", two_factor, name="two_factor"),
    path("tvafaktor/aktivera/<str:token>/", enrol, name="enrol"),
]
