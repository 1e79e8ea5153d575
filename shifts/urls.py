from django.urls import path

from . import views

app_name = "shifts"

urlpatterns = [
    path("", views.shift_list, name="list"),
    path("publicera/", views.publish, name="publish"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/anmal/", views.sign_up, name="sign_up"),
    path("<int:pk>/avanmal/", views.cancel, name="cancel"),
    path("<int:pk>/checka-in/", views.check_in, name="check_in"),
    path("<int:pk>/checka-ut/", views.check_out, name="check_out"),
    path("<int:pk>/logga/", views.log, name="log"),
]
