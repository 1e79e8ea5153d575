from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are created with `manage.py api_token create` (the key is shown once) and revoked here."""

    list_display = ["name", "prefix", "user", "municipality", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["municipality"]
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Återkalla valda API-nycklar"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.revoke_token(revoked_by=request.user, token=token)
        messages.success(request, _("Nycklarna är återkallade."))
