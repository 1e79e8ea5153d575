from django.contrib import admin

from accounts.admin import AuditedAdmin

from .models import FocusDecision, Incident, IncidentCategory, PoliceEvent, SituationReport


@admin.register(IncidentCategory)
class IncidentCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "order", "active", "harm_weight"]
    list_filter = ["parent", "active"]
    list_editable = ["order", "active", "harm_weight"]


@admin.register(Incident)
class IncidentAdmin(AuditedAdmin):
    list_display = ["__str__", "municipality", "status", "source", "place"]
    list_filter = ["municipality", "status", "source", "category"]
    date_hierarchy = "occurred_at"


@admin.register(PoliceEvent)
class PoliceEventAdmin(admin.ModelAdmin):
    list_display = ["name", "event_type", "location_name", "occurred_at", "published_at"]
    list_filter = ["is_county_level", "is_summary", "event_type"]
    search_fields = ["name", "location_name"]

    def has_change_permission(self, request, obj=None):
        return False  # the feed is the source of truth; re-import to update


@admin.register(SituationReport)
class SituationReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "built_at", "approved_at"]
    list_filter = ["municipality", "status"]
    readonly_fields = ["figures"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_frozen


@admin.register(FocusDecision)
class FocusDecisionAdmin(AuditedAdmin):
    list_display = ["action", "place", "owner", "due_date", "report"]
