from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartConfig(AppConfig):
    name = "start"
    verbose_name = _("Startsida")
