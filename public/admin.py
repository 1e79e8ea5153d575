from django.contrib import admin

from .models import Open311ApiKey


@admin.register(Open311ApiKey)
class Open311ApiKeyAdmin(admin.ModelAdmin):
    """Keys are issued with `manage.py issue_open311_key`; here they can be seen and deactivated."""

    list_display = ["name", "municipality", "active", "created_at"]
    fields = ["name", "municipality", "active"]

    def has_add_permission(self, request):
        return False
