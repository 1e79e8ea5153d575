from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.sso import SsoCallback, SsoStart

from .language import switch_language

admin.site.site_header = _("Trygg – administration")
admin.site.site_title = _("Trygg")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("accounts.urls")),
    path("start/", include("start.urls")),
    path("samordning/", include("programme.urls")),
    path("falt/", include("fieldwork.urls")),
    path("falt/", include("cameras.urls")),
    path("pass/", include("shifts.urls")),
    path("atgarder/", include("actions.urls")),
    path("narvaro/", include("presence.urls")),
    path("oidc/authenticate/", SsoStart.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", SsoCallback.as_view(), name="oidc_authentication_callback"),
    path("lagesbild/", include("incidents.urls")),
    path("lagesbild/", include("meeting.urls")),
    path("utvardering/", include("evaluation.urls")),
    path("strategi/", include("strategy.urls")),
    path("dialog/", include("dialogue.urls")),
    path("dialog/", include("safetywalks.urls")),
    path("undersokningar/", include("surveys.urls")),
    path("api/", include("api.urls")),
    path("sprak/<str:code>/", switch_language, name="switch_language"),
    path("", include("public.urls")),
]
