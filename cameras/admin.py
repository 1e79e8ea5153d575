from django.contrib import admin

from accounts.admin import AuditedAdmin

from .models import CameraSite


@admin.register(CameraSite)
class CameraSiteAdmin(AuditedAdmin):
    list_display = ["name", "municipality", "started_on", "ended_on", "recording_retention_days"]
    list_filter = ["municipality"]
