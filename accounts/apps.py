from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self) -> None:
        from trygg.form_labels import drop_label_colons

        from .models import User
        from .sessions import end_sessions_when_deactivated, record_login
        from .sso import forget_provider_mfa, remember_provider_mfa

        drop_label_colons()
        user_logged_in.connect(remember_provider_mfa, dispatch_uid="accounts.remember_provider_mfa")
        user_logged_in.connect(record_login, dispatch_uid="accounts.record_login")
        user_login_failed.connect(forget_provider_mfa, dispatch_uid="accounts.forget_provider_mfa")
        post_save.connect(end_sessions_when_deactivated, sender=User, dispatch_uid="accounts.end_sessions")
