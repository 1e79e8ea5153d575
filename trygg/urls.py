from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Trygg – administration")
admin.site.site_title = _("Trygg")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("accounts.urls")),
    path("samordning/", include("programme.urls")),
    path("falt/", include("fieldwork.urls")),
    path("lagesbild/", include("incidents.urls")),
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("public.urls")),
]
