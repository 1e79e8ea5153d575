from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.promise_set_list, name="promise_set_list"),
    path("medborgarloften/ny/<slug:municipality>/", views.promise_set_create, name="promise_set_create"),
    path("medborgarloften/<int:pk>/", views.promise_set_detail, name="promise_set_detail"),
    path("medborgarloften/<int:pk>/andra/", views.promise_set_edit, name="promise_set_edit"),
    path("medborgarloften/<int:pk>/publicering/", views.promise_set_publish, name="promise_set_publish"),
    path("medborgarloften/<int:set_pk>/<slug:kind>/ny/", views.object_create, name="object_create"),
    path("indikatorer/<int:pk>/varden/", views.indicator_values, name="indicator_values"),
    path("indikatorvarden/<int:pk>/ta-bort/", views.indicator_value_delete, name="indicator_value_delete"),
    path("<slug:kind>/<int:pk>/andra/", views.object_update, name="object_update"),
    path("<slug:kind>/<int:pk>/ta-bort/", views.object_delete, name="object_delete"),
    path("andringslogg/", views.audit_log, name="audit_log"),
    path("medborgarloften/<int:pk>/uppfoljningar/", views.follow_up_list, name="follow_up_list"),
    path("uppfoljningar/<int:pk>/", views.follow_up_edit, name="follow_up_edit"),
    path("uppfoljning/<int:pk>/", views.follow_up, name="follow_up"),
]
