from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "situation"
    verbose_name = _("Veckans lägesbild")
