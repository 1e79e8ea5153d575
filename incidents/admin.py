from django.contrib import admin

from accounts.admin import AuditedAdmin

from .models import Incident, IncidentCategory, PoliceEvent


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
