from django.apps import AppConfig

# The apps whose records the public side shows; a change to any of them makes cached pages stale.
SHOWN_IN_PUBLIC = {"incidents", "programme", "dialogue", "evaluation", "surveys", "public", "fieldwork"}


class PublicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "public"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from accounts.models import Municipality
        from trygg.page_cache import invalidate

        senders = [m for m in apps.get_models() if m._meta.app_label in SHOWN_IN_PUBLIC] + [Municipality]
        for model in senders:
            post_save.connect(invalidate, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
            post_delete.connect(invalidate, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
        m2m_changed.connect(invalidate, dispatch_uid="page-cache-m2m")
