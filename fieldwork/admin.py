from django.contrib import admin

from accounts.admin import AuditedAdmin

from .models import ActivityLog, DefectorMonthlyCount, IndicatorBinding, PresencePlan


@admin.register(PresencePlan)
class PresencePlanAdmin(AuditedAdmin):
    list_display = ["title", "log_type", "weekday_names", "start_time", "end_time", "valid_from", "valid_to"]
    list_filter = ["municipality", "log_type"]
    filter_horizontal = ["places"]


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "municipality", "staff_count", "youth_contacts", "citizen_contacts"]
    list_filter = ["municipality", "log_type", "organisation"]
    date_hierarchy = "started_at"
    filter_horizontal = ["places"]


@admin.register(DefectorMonthlyCount)
class DefectorMonthlyCountAdmin(AuditedAdmin):
    list_display = ["month", "municipality", "people_supported", "new_contacts"]
    list_filter = ["municipality"]


@admin.register(IndicatorBinding)
class IndicatorBindingAdmin(AuditedAdmin):
    list_display = ["indicator", "measure"]
