from django.urls import include, path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("oppna-data/", views.open_data, name="open_data"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("metoder/", views.methods, name="methods"),
    path("personuppgifter/", views.privacy_notice, name="privacy"),
    path("open311/", include("public.open311_urls")),
    path("<slug:municipality>/medborgarloften/<slug:slug>/", views.promise_set, name="promise_set"),
    path("<slug:municipality>/medborgarloften/<slug:slug>/uppfoljning/", views.follow_up_list, name="follow_up_list"),
    path(
        "<slug:municipality>/medborgarloften/<slug:slug>/uppfoljning/<int:version>/", views.follow_up, name="follow_up"
    ),
    path("<slug:municipality>/trygghetskarta/", views.safety_map, name="safety_map"),
    path("<slug:municipality>/utvarderingar/<int:pk>/", views.evaluation, name="evaluation"),
    path("<slug:municipality>/trygghetsvandringar/", views.safety_walks, name="safety_walks"),
    path("<slug:municipality>/logotyp.png", views.logo, name="logo"),
    path("<slug:municipality>/rapportera/", views.citizen_report, name="citizen_report"),
    path("<slug:municipality>/rapportera/tack/", views.citizen_report_thanks, name="citizen_report_thanks"),
    path("<slug:municipality>/rapport/<str:ref>/", views.report_status, name="report_status"),
    path("<slug:municipality>/rapport/<str:ref>/avsluta/<str:signature>/", views.report_opt_out, name="report_opt_out"),
    path("<slug:municipality>/oppna-data/<slug:name>.<str:fmt>", views.dataset, name="dataset"),
]
