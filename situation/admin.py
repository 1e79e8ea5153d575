from django.contrib import admin

from .models import SituationReport


@admin.register(SituationReport)
class SituationReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "built_at", "approved_at"]
    list_filter = ["municipality", "status"]
    readonly_fields = ["figures"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_frozen
